//! The archive keeps every distinct article apart and says when it may have missed some: feeds
//! served on 127.0.0.1 by the test, fetched with `parallax::fetch` and the `parallax` binary.

mod common;

use common::feeds::{options, site_with_feeds};
use common::server::{Response, Server};
use common::*;
use parallax::FeedResult;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://t.example/</link>{items}</channel></rss>"
    )
}

/// Every archived record, as JSON values.
fn records(root: &Path) -> Vec<serde_json::Value> {
    tree(&root.join("content/archive"))
        .into_iter()
        .filter(|(file, _)| file.ends_with(".jsonl"))
        .flat_map(|(_, bytes)| {
            String::from_utf8(bytes)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn field<'a>(record: &'a serde_json::Value, name: &str) -> &'a str {
    record[name].as_str().unwrap_or_default()
}

#[test]
fn wordpress_guids_of_two_outlets_stay_two_articles_with_their_own_sources() {
    let server = Server::new(|req| {
        let host = req.path.trim_start_matches('/').trim_end_matches(".rss");
        Response::ok(rss(&format!(
            "<item><title>{host} story</title><link>https://{host}.example/?p=101</link><guid>https://{host}.example/?p=101</guid><pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate></item>"
        )))
    });
    let feeds = [
        ("alpha", server.url("/alpha.rss")),
        ("beta", server.url("/beta.rss")),
    ];
    let (_tmp, root) = site_with_feeds(&feeds);
    for day in 0..2 {
        parallax::fetch(&options(&root, day), &|_| {}).unwrap();
    }
    let mut found: Vec<(String, String)> = records(&root)
        .iter()
        .map(|r| (field(r, "source").into(), field(r, "title").into()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("alpha".to_string(), "alpha story".to_string()),
            ("beta".to_string(), "beta story".to_string())
        ]
    );
}

#[test]
fn undated_items_sharing_a_title_stay_apart_and_text_only_items_are_archived() {
    let server = Server::new(|_| {
        Response::ok(rss(
            "<item><title>Live updates</title><guid isPermaLink=\"false\">live-1</guid></item>\
             <item><title>Live updates</title><guid isPermaLink=\"false\">live-2</guid></item>\
             <item><description>A description-only item, valid RSS 2.0.</description></item>\
             <item><enclosure url=\"https://t.example/a.mp3\" length=\"1\" type=\"audio/mpeg\"/></item>",
        ))
    });
    let (_tmp, root) = site_with_feeds(&[("alpha", server.url("/live.rss"))]);
    let report = parallax::fetch(&options(&root, 0), &|_| {}).unwrap();
    let FeedResult::Fetched { stats, .. } = &report.feeds[0].result else {
        panic!("{:?}", report.feeds[0]);
    };
    assert_eq!((stats.new, stats.skipped), (3, 1));
    assert!(
        stats
            .to_string()
            .contains("1 skipped (no guid, link, title or text)"),
        "{stats}"
    );
    let again = parallax::fetch(&options(&root, 1), &|_| {}).unwrap();
    let FeedResult::Fetched { stats, .. } = &again.feeds[0].result else {
        panic!("{:?}", again.feeds[0]);
    };
    assert_eq!((stats.new, stats.unchanged), (0, 3), "nothing doubles");
    let records = records(&root);
    assert_eq!(records.len(), 3);
    assert!(
        records
            .iter()
            .any(|r| field(r, "summary") == "A description-only item, valid RSS 2.0.")
    );
}

/// Items `from..to` of a feed, newest first.
fn numbered(from: usize, to: usize) -> String {
    rss(&(from..to)
        .rev()
        .map(|n| {
            format!(
                "<item><title>Item {n}</title><link>https://alpha.example/{n}</link><guid>https://alpha.example/{n}</guid><pubDate>Mon, 05 Jan 2026 09:{:02}:00 GMT</pubDate></item>",
                n % 60
            )
        })
        .collect::<String>())
}

#[test]
fn a_feed_that_moved_past_everything_known_is_reported_as_a_possible_gap() {
    let day = Arc::new(AtomicUsize::new(0));
    let served = day.clone();
    let server = Server::new(move |_| match served.load(Ordering::SeqCst) {
        0 => Response::ok(numbered(0, 5)),
        1 => Response::ok(numbered(3, 8)),
        _ => Response::ok(numbered(20, 25)),
    });
    let (_tmp, root) = site_with_feeds(&[("alpha", server.url("/a.rss"))]);
    let gap = |report: &parallax::FetchReport| match &report.feeds[0].result {
        FeedResult::Fetched { stats, .. } => stats.gap,
        other => panic!("{other:?}"),
    };
    assert!(!gap(&parallax::fetch(&options(&root, 0), &|_| {}).unwrap()));
    day.store(1, Ordering::SeqCst);
    assert!(!gap(&parallax::fetch(&options(&root, 1), &|_| {}).unwrap()));
    day.store(2, Ordering::SeqCst);

    // `--wait`: see `common::feeds::options` (a forked child may hold the lock for a moment).
    let output = parallax(&["fetch", "--root", root.to_str().unwrap(), "--wait", "10"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout.contains(
            "5 new, 0 updated, 0 unchanged; possible gap: 5 new items, none previously seen"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("1 with a possible gap"), "{stdout}");
    let state = read(&root.join("content/archive/feeds.json"));
    assert!(state.contains("possible gap: 5 new items"), "{state}");

    let built = build(&root, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = read(&root.join("output/feeds/index.html"));
    assert!(
        page.contains("possible gap: 5 new items, none previously seen"),
        "{page}"
    );
}

/// SIGTERM (a scheduler's time-out) while `parallax fetch` waits on slow feeds: it exits with 130
/// and leaves the archive as the last whole fetch wrote it, with no temporary file.
#[cfg(unix)]
#[test]
fn a_fetch_stopped_by_sigterm_keeps_the_archive_whole_and_leaves_no_temporary_file() {
    use std::time::Duration;
    let slow = Arc::new(AtomicUsize::new(0));
    let flag = Arc::clone(&slow);
    let server = Server::new(move |req| {
        let host = req.path.trim_start_matches('/').trim_end_matches(".rss");
        let body = rss(&format!(
            "<item><title>{host} story</title><link>https://{host}.example/1</link><pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate></item>"
        ));
        match flag.load(Ordering::SeqCst) {
            0 => Response::ok(body),
            _ => Response::ok(body).delay_before_body(Duration::from_secs(5)),
        }
    });
    let feeds: Vec<(&str, String)> = ["alpha", "beta", "gamma"]
        .iter()
        .map(|h| (*h, server.url(&format!("/{h}.rss"))))
        .collect();
    let (_tmp, root) = site_with_feeds(&feeds);
    parallax::fetch(&options(&root, 0), &|_| {}).unwrap();
    let before = tree(&root.join("content"));
    slow.store(1, Ordering::SeqCst);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["fetch", "--root", root.to_str().unwrap(), "--timeout", "30"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(child.id() as i32).unwrap(),
        rustix::process::Signal::TERM,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    let after = tree(&root.join("content"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file added or left behind"
    );
    assert!(
        before == after,
        "the archive is as the last whole fetch left it"
    );
}
