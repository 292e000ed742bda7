//! `parallax serve`: a real server on an ephemeral port, over loopback, while the test edits the
//! site's files.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a test waits for a rebuild to show (the debug build of a small site takes ~1 s).
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `parallax serve`, stopped when dropped.
struct Served {
    child: Child,
    /// `127.0.0.1:port`.
    address: String,
    /// The site's path on the server, such as `/`.
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parallax serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(url) = line.strip_prefix("serving http://") {
            break url.split(' ').next().unwrap().to_string();
        }
    };
    // Keep reading its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let (address, base) = url.split_once('/').unwrap();
    Served {
        child,
        address: address.to_string(),
        base: format!("/{base}"),
    }
}

impl Served {
    /// The status line's code and the body of `GET path` (under the base path).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        let request = format!(
            "GET {}{path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.base, self.address
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response[9..12].parse().unwrap();
        let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
        (status, body)
    }

    /// Fetches `path` until `ready` holds for its body, at most `PATIENCE`.
    fn wait_for(&self, path: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ready(&body) {
                return body;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "gave up waiting on {path}: {body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

const STORY: &str = "stories/alpha/";

fn story_path(root: &Path) -> std::path::PathBuf {
    root.join("content/stories/alpha.md")
}

#[test]
fn an_edited_story_is_served_and_the_open_pages_told_to_reload() {
    let (_tmp, root) = copy_fixture("basic");
    let served = serve(&root);
    let (status, page) = served.get(STORY);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Alpha: parliament passes the budget"));
    assert!(page.contains("data-parallax-reload"));
    let mut events = TcpStream::connect(&served.address).unwrap();
    write!(
        events,
        "GET {}__parallax/events HTTP/1.1\r\nHost: x\r\n\r\n",
        served.base
    )
    .unwrap();
    events.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut events = BufReader::new(events);
    let first = next_version(&mut events);
    let text = std::fs::read_to_string(story_path(&root)).unwrap();
    std::fs::write(
        story_path(&root),
        text.replace("on Sunday", "on a snowy Sunday"),
    )
    .unwrap();
    served.wait_for(STORY, |body| body.contains("on a snowy Sunday"));
    assert_ne!(
        next_version(&mut events),
        first,
        "open pages are told to reload"
    );
    let (status, missing) = served.get("no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("<html"), "the site's 404 page: {missing}");
}

/// The next `data:` line of an event stream.
fn next_version(events: &mut impl BufRead) -> String {
    loop {
        let mut line = String::new();
        assert!(
            events.read_line(&mut line).unwrap() > 0,
            "event stream closed"
        );
        if let Some(version) = line.strip_prefix("data: ") {
            return version.trim().to_string();
        }
    }
}

#[test]
fn a_broken_story_shows_its_error_over_the_last_good_page_until_fixed() {
    let (_tmp, root) = copy_fixture("basic");
    let served = serve(&root);
    assert_eq!(served.get(STORY).0, 200);
    let good = std::fs::read_to_string(story_path(&root)).unwrap();
    let broken = good.replace("source: left-daily", "source: nobody-<knows>");
    std::fs::write(story_path(&root), broken).unwrap();
    let page = served.wait_for(STORY, |body| body.contains("parallax-overlay"));
    assert!(
        page.contains("Alpha: parliament passes the budget"),
        "last good page"
    );
    assert!(
        page.contains("content/stories/alpha.md"),
        "names the file: {page}"
    );
    assert!(page.contains("nobody-&lt;knows&gt;"), "escaped: {page}");
    std::fs::write(story_path(&root), good).unwrap();
    served.wait_for(STORY, |body| !body.contains("parallax-overlay"));
}

#[test]
fn the_reload_script_never_reaches_the_output_folder() {
    let (_tmp, root) = copy_fixture("basic");
    let served = serve(&root);
    assert!(served.get("").1.contains("data-parallax-reload"));
    drop(served);
    assert!(!root.join("output").exists(), "serve writes no output");
    build(&root, &[]);
    for (file, bytes) in tree(&root.join("output")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("parallax-reload"), "{file}");
        assert!(!text.contains("__parallax"), "{file}");
    }
}
