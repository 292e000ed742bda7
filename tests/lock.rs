//! Runs that overlap: a second `fetch` (or `import-opml`) on a site a fetch is working on fails at
//! once with a message naming the first, or waits for it with `--wait` and then loses nothing;
//! a fetch killed with SIGKILL leaves no lock behind. The feeds are served on 127.0.0.1.

#![cfg(unix)]

mod common;

use common::server::{Response, Server};
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A site with one source whose feed is `feed`.
fn site(feed: &str) -> (tempfile::TempDir, PathBuf) {
    common::feeds::site_with_feeds(&[("alpha", feed.to_string())])
}

/// An RSS feed of items `1..=n`, all published the same day (so they share one day file).
fn feed(n: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Alpha</title><link>https://alpha.example/</link>",
    );
    for i in 1..=n {
        xml.push_str(&format!(
            "<item><title>Story {i}</title><link>https://alpha.example/lock-item-{i}</link><guid>lock-item-{i}</guid><pubDate>Thu, 01 Jan 2026 0{i}:00:00 GMT</pubDate></item>"
        ));
    }
    xml + "</channel></rss>"
}

fn spawn_fetch(root: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["fetch", "--root", root.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until process `pid` has written itself into the site lock, i.e. holds it.
fn wait_for_holder(root: &Path, pid: u32) {
    let started = Instant::now();
    let lock = root.join(".parallax.lock");
    while !std::fs::read_to_string(&lock).is_ok_and(|t| t.starts_with(&format!("{pid} fetch "))) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "pid {pid} never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Everything in the archive's files, as one text.
fn archive_text(root: &Path) -> String {
    tree(&root.join("content/archive"))
        .into_values()
        .map(|bytes| String::from_utf8(bytes).unwrap())
        .collect()
}

#[test]
fn a_second_fetch_fails_at_once_while_one_runs_and_with_wait_runs_after_it_losing_nothing() {
    // The first request is answered slowly with two items; later ones at once with a third.
    let server = Server::new(|req| {
        if req.index == 0 {
            Response::ok(feed(2)).delay_before_body(Duration::from_millis(1500))
        } else {
            Response::ok(feed(3))
        }
    });
    let (_tmp, root) = site(&server.url("/alpha.rss"));
    let root_arg = root.to_str().unwrap();
    let mut first = spawn_fetch(&root);
    wait_for_holder(&root, first.id());

    let second = parallax(&["fetch", "--root", root_arg]);
    assert_eq!(second.status.code(), Some(1));
    let err = stderr(&second);
    let holder = format!("another parallax fetch (pid {}, started ", first.id());
    assert!(err.contains(&holder), "{err}");
    assert!(err.contains("pass --wait to wait for it"), "{err}");
    let import = parallax(&["import-opml", "feeds.opml", "--root", root_arg]);
    assert_eq!(import.status.code(), Some(1));
    assert!(stderr(&import).contains(&holder), "{}", stderr(&import));
    assert_eq!(server.requests().len(), 1, "refused before any request");

    let waited = parallax(&["fetch", "--root", root_arg, "--wait", "30"]);
    assert!(waited.status.success(), "{}", stderr(&waited));
    assert!(
        stderr(&waited).contains("waiting for it (up to 30 s)"),
        "{}",
        stderr(&waited)
    );
    assert!(first.wait().unwrap().success());
    let archive = archive_text(&root);
    for i in 1..=3 {
        assert!(archive.contains(&format!("lock-item-{i}")), "item {i} lost");
    }
    let state = read(&root.join("content/archive/feeds.json"));
    let state: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert!(state.to_string().contains("alpha.rss"), "{state}");
}

#[test]
fn a_fetch_killed_while_it_holds_the_lock_does_not_leave_the_site_locked() {
    let server = Server::new(|req| {
        let response = Response::ok(feed(2));
        if req.index == 0 {
            response.delay_before_body(Duration::from_secs(5))
        } else {
            response
        }
    });
    let (_tmp, root) = site(&server.url("/alpha.rss"));
    let mut killed = spawn_fetch(&root);
    wait_for_holder(&root, killed.id());
    killed.kill().unwrap(); // SIGKILL: the lock is released by the system, not by parallax
    killed.wait().unwrap();

    // Without --wait a locked site fails at once: success means the lock went with the process.
    let next = parallax(&["fetch", "--root", root.to_str().unwrap()]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert!(archive_text(&root).contains("lock-item-2"));
}
