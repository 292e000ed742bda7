//! `parallax fetch` end to end against feeds served on 127.0.0.1 by the test itself: rolling feeds
//! over 30 simulated days, conditional requests, broken feeds, a run killed half way, and a build
//! that uses the archive.

mod common;

use common::feeds::{options, site_with_feeds};
use common::server::{Response, Server};
use common::*;
use parallax::FeedResult;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const NEW_PER_DAY: usize = 3;
const WINDOW: usize = 20;

/// Item `n` of feed `f` as published: 3 new items a day; every 7th has no date; every 5th is
/// edited two days after it appears.
fn rolling_item(f: &str, n: usize, day: usize) -> (String, String, Option<String>) {
    let guid = format!("{f}-{n}");
    let first_day = n / NEW_PER_DAY;
    let mut title = format!("{f} story number {n}");
    if n.is_multiple_of(5) && day >= first_day + 2 {
        title.push_str(" (updated)");
    }
    let date = (!n.is_multiple_of(7)).then(|| {
        let d = chrono::DateTime::parse_from_rfc3339("2026-01-01T06:00:00Z").unwrap()
            + chrono::Duration::days(first_day as i64)
            + chrono::Duration::minutes((n % NEW_PER_DAY) as i64 * 30);
        d.to_rfc2822()
    });
    (guid, title, date)
}

/// The newest `WINDOW` items of feed `f` on `day`, as RSS, Atom or JSON Feed.
fn rolling_feed(f: &str, format: &str, day: usize) -> String {
    let newest = (day + 1) * NEW_PER_DAY;
    let items: Vec<_> = (newest.saturating_sub(WINDOW)..newest)
        .rev()
        .map(|n| rolling_item(f, n, day))
        .collect();
    match format {
        "rss" => {
            let mut x = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{f}</title><link>https://{f}.example/</link>"
            );
            for (guid, title, date) in items {
                x.push_str(&format!("<item><title>{title}</title><link>https://{f}.example/{guid}</link><guid isPermaLink=\"false\">{guid}</guid>"));
                if let Some(d) = date {
                    x.push_str(&format!("<pubDate>{d}</pubDate>"));
                }
                x.push_str("<description>Summary &amp; more.</description></item>");
            }
            x + "</channel></rss>"
        }
        "atom" => {
            let mut x = format!(
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{f}</title><id>urn:{f}</id><updated>2026-01-01T00:00:00Z</updated>"
            );
            for (guid, title, date) in items {
                x.push_str(&format!("<entry><title>{title}</title><id>urn:{guid}</id><link href=\"https://{f}.example/{guid}\"/>"));
                if let Some(d) = date {
                    let d = chrono::DateTime::parse_from_rfc2822(&d)
                        .unwrap()
                        .to_rfc3339();
                    x.push_str(&format!("<published>{d}</published><updated>{d}</updated>"));
                }
                x.push_str("</entry>");
            }
            x + "</feed>"
        }
        _ => {
            let items: Vec<_> = items
                .into_iter()
                .map(|(guid, title, date)| {
                    let mut item = serde_json::json!({"id": guid, "url": format!("https://{f}.example/{guid}"), "title": title});
                    if let Some(d) = date {
                        item["date_published"] = chrono::DateTime::parse_from_rfc2822(&d).unwrap().to_rfc3339().into();
                    }
                    item
                })
                .collect();
            serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": f, "items": items}).to_string()
        }
    }
}

/// A server of rolling feeds at `/<name>.<format>`, on the day `day` holds, with ETags.
fn rolling_server(day: Arc<AtomicUsize>) -> Server {
    Server::new(move |req| {
        let path = req.path.trim_start_matches('/');
        let Some((name, format)) = path.split_once('.') else {
            return Response::status(404);
        };
        let body = rolling_feed(name, format, day.load(Ordering::SeqCst));
        let etag = format!("\"{}-{}\"", body.len(), day.load(Ordering::SeqCst));
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Response::status(304).header("ETag", &etag);
        }
        Response::ok(body)
            .header("ETag", &etag)
            .header("Content-Type", "application/xml")
    })
}

/// Every archive line, parsed: (file, guid).
fn archived_guids(root: &Path) -> Vec<(String, String)> {
    let dir = root.join("content/archive");
    let mut out = Vec::new();
    for (file, bytes) in tree(&dir) {
        if !file.ends_with(".jsonl") {
            continue;
        }
        for line in String::from_utf8(bytes).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{file}: unreadable line {line}: {e}"));
            let guid = v["guid"]
                .as_str()
                .unwrap_or_default()
                .trim_start_matches("urn:")
                .to_string();
            out.push((file.clone(), guid));
        }
    }
    out
}

#[test]
fn thirty_daily_runs_of_rolling_feeds_lose_nothing_and_duplicate_nothing() {
    let day = Arc::new(AtomicUsize::new(0));
    let server = rolling_server(day.clone());
    let feeds = [
        ("alpha", server.url("/alpha.rss")),
        ("beta", server.url("/beta.atom")),
        ("gamma", server.url("/gamma.json")),
    ];
    let (_tmp, root) = site_with_feeds(&feeds);
    for d in 0..30 {
        day.store(d, Ordering::SeqCst);
        let report = parallax::fetch(&options(&root, d), &|_| {}).unwrap();
        assert_eq!(report.failures(), 0, "day {d}: {:?}", report.feeds);
    }
    let published: BTreeSet<String> = ["alpha", "beta", "gamma"]
        .iter()
        .flat_map(|f| (0..30 * NEW_PER_DAY).map(move |n| format!("{f}-{n}")))
        .collect();
    let archived = archived_guids(&root);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, guid) in &archived {
        *counts.entry(guid.as_str()).or_default() += 1;
    }
    let lost: Vec<_> = published
        .iter()
        .filter(|g| !counts.contains_key(g.as_str()))
        .collect();
    let duplicated: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).collect();
    let bytes: usize = tree(&root.join("content/archive"))
        .iter()
        .filter(|(f, _)| f.ends_with(".jsonl"))
        .map(|(_, b)| b.len())
        .sum();
    println!(
        "30 daily runs, 3 rolling feeds (window {WINDOW}, {NEW_PER_DAY} new a day): {} items published, {} archived, {} lost, {} duplicated; archive {} bytes per article",
        published.len(),
        archived.len(),
        lost.len(),
        duplicated.len(),
        bytes / archived.len().max(1)
    );
    assert!(lost.is_empty(), "lost: {lost:?}");
    assert!(duplicated.is_empty(), "duplicated: {duplicated:?}");
    assert_eq!(archived.len(), published.len());

    // Edited items were updated in place; undated ones kept their first-seen date.
    let text: String = tree(&root.join("content/archive"))
        .into_iter()
        .filter(|(f, _)| f.ends_with(".jsonl"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(text.contains("\"title\":\"alpha story number 5 (updated)\""));
    assert!(!text.contains("\"title\":\"alpha story number 5\""));
    let undated: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["guid"] == "alpha-7")
        .unwrap();
    assert_eq!(undated["date_missing"], true);
    assert_eq!(
        undated["first_seen"], "2026-01-03T12:00:00Z",
        "item 7 first appears on day 2"
    );
    assert_eq!(undated["published"], undated["first_seen"]);
}

#[test]
fn a_second_fetch_of_unchanged_feeds_sends_conditional_requests_and_writes_nothing() {
    let day = Arc::new(AtomicUsize::new(4));
    let server = rolling_server(day);
    let feeds = [
        ("alpha", server.url("/alpha.rss")),
        ("beta", server.url("/beta.atom")),
    ];
    let (_tmp, root) = site_with_feeds(&feeds);
    let first = parallax::fetch(&options(&root, 4), &|_| {}).unwrap();
    assert!(first.files_written > 0);
    let before = tree(&root.join("content/archive"));
    let second = parallax::fetch(&options(&root, 5), &|_| {}).unwrap();
    assert!(
        second
            .feeds
            .iter()
            .all(|f| f.result == FeedResult::NotModified),
        "{:?}",
        second.feeds
    );
    assert_eq!(second.files_written, 0);
    assert!(
        before == tree(&root.join("content/archive")),
        "nothing on disk changed"
    );
    let conditional = server
        .requests()
        .iter()
        .skip(2)
        .filter(|r| r.header("if-none-match").is_some())
        .count();
    assert_eq!(conditional, 2, "both second requests were conditional");
}

#[test]
fn broken_feeds_are_reported_by_name_and_the_rest_is_archived() {
    let bomb = {
        use flate2::{Compression, write::GzEncoder};
        use std::io::Write;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![b'<'; 20 * 1024 * 1024]).unwrap();
        gz.finish().unwrap()
    };
    let server = Server::new(move |req| match req.path.as_str() {
        "/good.rss" => Response::ok(rolling_feed("good", "rss", 1)),
        "/error.rss" => Response::status(500),
        "/gone.rss" => Response::status(410),
        "/missing.rss" => Response::status(404),
        "/page.rss" => Response::ok(
            "<!doctype html><html><head><title>Hi</title></head><body>Not a feed</body></html>",
        ),
        "/slow.rss" => {
            Response::ok(rolling_feed("slow", "rss", 1)).slow(10, Duration::from_millis(200))
        }
        "/huge.rss" => Response::ok(vec![b'x'; 1024]).repeat(1024),
        "/bomb.rss" => Response::ok(bomb.clone()).header("Content-Encoding", "gzip"),
        "/cut.rss" => Response::ok(rolling_feed("cut", "rss", 1)).truncate_at(300),
        "/junk.rss" => Response::ok(
            "<rss version=\"2.0\"><channel><item><title>x</title><guid>junk-1</guid></item",
        ),
        _ => Response::status(404),
    });
    let names = [
        "good", "error", "gone", "missing", "page", "slow", "huge", "bomb", "cut", "junk",
    ];
    let feeds: Vec<(&str, String)> = names
        .iter()
        .map(|n| (*n, server.url(&format!("/{n}.rss"))))
        .collect();
    let (_tmp, root) = site_with_feeds(&feeds);
    let report = parallax::fetch(&options(&root, 1), &|_| {}).unwrap();
    let result = |name: &str| {
        report
            .feeds
            .iter()
            .find(|f| f.source == name)
            .unwrap()
            .result
            .clone()
    };
    match result("good") {
        FeedResult::Fetched { stats, .. } => assert_eq!(stats.new, 6),
        other => panic!("good feed: {other:?}"),
    }
    assert_eq!(result("gone"), FeedResult::Gone);
    let reason = |name: &str| match result(name) {
        FeedResult::Failed(reason) => reason,
        other => panic!("{name} should fail: {other:?}"),
    };
    assert!(
        reason("error").starts_with("HTTP 500"),
        "{}",
        reason("error")
    );
    assert!(
        reason("missing").starts_with("HTTP 404"),
        "{}",
        reason("missing")
    );
    assert!(
        reason("page").contains("not a feed: an HTML page"),
        "{}",
        reason("page")
    );
    assert!(reason("slow").contains("timed out"), "{}", reason("slow"));
    assert!(reason("huge").contains("larger than"), "{}", reason("huge"));
    assert!(reason("bomb").contains("larger than"), "{}", reason("bomb"));
    assert!(reason("cut").contains("ended early"), "{}", reason("cut"));
    match result("junk") {
        FeedResult::Fetched { parse, stats, .. } => {
            assert!(
                parse.contains("truncated"),
                "a cut-off document is repaired and says so: {parse}"
            );
            assert_eq!(stats.new, 1);
        }
        other => panic!("junk: {other:?}"),
    }
    for name in names {
        if let FeedResult::Failed(reason) = result(name) {
            assert!(!reason.contains('\n'), "{name}: one line: {reason}");
        }
    }
    assert_eq!(
        archived_guids(&root).len(),
        7,
        "the good and the repaired feeds' items are archived"
    );

    // The state remembers errors and the dead feed; the next run skips the dead one.
    let state = read(&root.join("content/archive/feeds.json"));
    assert!(
        state.contains("\"dead\": true") && state.contains("HTTP 500"),
        "{state}"
    );
    let gone_hits = server.hits("/gone.rss");
    let again = parallax::fetch(&options(&root, 2), &|_| {}).unwrap();
    assert_eq!(
        again
            .feeds
            .iter()
            .find(|f| f.source == "gone")
            .unwrap()
            .result,
        FeedResult::Dead
    );
    assert_eq!(
        server.hits("/gone.rss"),
        gone_hits,
        "a dead feed is not requested again"
    );
    assert_eq!(archived_guids(&root).len(), 7, "failures lose nothing");

    // The site shows each feed's status.
    build(&root, &[]);
    let status = read(&root.join("output/feeds/index.html"));
    assert!(
        status.contains("\"Status\">dead</td>")
            && status.contains("\"Status\">failing</td>")
            && status.contains("\"Status\">ok</td>")
    );
    assert!(status.contains("not a feed: an HTML page"));
    assert!(
        status.contains("closed a truncated document"),
        "the page says which repairs a feed needed"
    );
}

#[test]
fn the_command_exits_zero_on_feed_failures_unless_strict() {
    let server = Server::new(|req| match req.path.as_str() {
        "/good.rss" => Response::ok(rolling_feed("good", "rss", 0)),
        _ => Response::status(404),
    });
    let feeds = [
        ("good", server.url("/good.rss")),
        ("bad", server.url("/bad.rss")),
    ];
    let (_tmp, root) = site_with_feeds(&feeds);
    let root_arg = root.to_str().unwrap();
    let out = parallax(&["fetch", "--root", root_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout.contains("FAILED   HTTP 404 Not Found  [bad]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ok       3 new, 0 updated, 0 unchanged (RSS 2.0, clean)  [good]"),
        "{stdout}"
    );
    assert!(stdout.contains("bytes per article"), "{stdout}");
    let strict = parallax(&["fetch", "--root", root_arg, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("1 feeds failed (--strict)"));
}

#[cfg(unix)]
#[test]
fn a_fetch_killed_at_a_random_moment_leaves_a_readable_archive_with_everything_from_before() {
    let day = Arc::new(AtomicUsize::new(0));
    let slow = Arc::new(AtomicUsize::new(0));
    let server = {
        let (day, slow) = (day.clone(), slow.clone());
        Server::new(move |req| {
            let path = req.path.trim_start_matches('/');
            let (name, format) = path.split_once('.').unwrap_or((path, "rss"));
            let response = Response::ok(rolling_feed(name, format, day.load(Ordering::SeqCst)));
            match slow.load(Ordering::SeqCst) {
                0 => response,
                ms => response.slow(400, Duration::from_millis(ms as u64)),
            }
        })
    };
    let feeds: Vec<(&str, String)> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .map(|n| {
            (
                *n,
                server.url(&format!(
                    "/{n}.{}",
                    if n < &"c" {
                        "rss"
                    } else if n < &"e" {
                        "atom"
                    } else {
                        "json"
                    }
                )),
            )
        })
        .collect();
    let (_tmp, root) = site_with_feeds(&feeds);
    // Pseudo-random but repeatable kill times, from 0 to 1.4 s into a run of about 1.5 s.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 1..=8 {
        day.store(round * 2, Ordering::SeqCst);
        slow.store(0, Ordering::SeqCst);
        parallax::fetch(&options(&root, round * 2), &|_| {}).unwrap();
        let before: BTreeSet<String> = archived_guids(&root).into_iter().map(|(_, g)| g).collect();
        day.store(round * 2 + 1, Ordering::SeqCst);
        slow.store(60, Ordering::SeqCst);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(seed % 1400);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(["fetch", "--root", root.to_str().unwrap(), "--jobs", "6"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        let after: BTreeSet<String> = archived_guids(&root).into_iter().map(|(_, g)| g).collect();
        let missing: Vec<_> = before.difference(&after).collect();
        assert!(
            missing.is_empty(),
            "round {round}, killed after {wait:?}: lost {missing:?}"
        );
        let state = std::fs::read_to_string(root.join("content/archive/feeds.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&state).expect("the state file stays readable");
    }
}

#[test]
fn a_build_shows_archived_articles_on_source_pages_and_in_stories_that_pin_them() {
    let server = Server::new(|_| Response::ok(rolling_feed("alpha", "rss", 2)));
    let feeds = [("alpha", server.url("/alpha.rss"))];
    let (_tmp, root) = site_with_feeds(&feeds);
    parallax::fetch(&options(&root, 2), &|_| {}).unwrap();
    std::fs::create_dir_all(root.join("content/stories")).unwrap();
    std::fs::write(
        root.join("content/stories/pinned.md"),
        "---\ntitle: Pinned\ndate: 2026-01-03\narticles:\n  - url: https://alpha.example/alpha-8?utm_source=newsletter\n---\nBody.\n",
    )
    .unwrap();
    build(&root, &[]);
    let story = read(&root.join("output/stories/pinned/index.html"));
    assert!(
        story.contains("alpha story number 8"),
        "title from the archive"
    );
    assert!(
        story.contains("href=\"/sources/alpha/\""),
        "source from the archive"
    );
    let source = read(&root.join("output/sources/alpha/index.html"));
    assert!(source.contains("Latest articles") && source.contains("alpha story number 6"));
    assert!(
        read(&root.join("output/sources.opml"))
            .contains(&format!("xmlUrl=\"{}\"", server.url("/alpha.rss")))
    );

    // A pinned URL that is not archived and says nothing else is an error naming the fix.
    std::fs::write(
        root.join("content/stories/pinned.md"),
        "---\ntitle: Pinned\ndate: 2026-01-03\narticles:\n  - url: https://alpha.example/never-seen\n---\n",
    )
    .unwrap();
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("pinned.md:5:"), "{err}");
    assert!(
        err.contains(
            // The source is known from the URL's domain; the title is not.
            "field `articles[0].title`: `title` is missing and the article is not in the archive"
        ),
        "{err}"
    );
    assert!(err.contains("run `parallax fetch`"), "{err}");
}

#[test]
fn import_opml_adds_new_sources_and_skips_known_feeds() {
    let (_tmp, root) = site_with_feeds(&[("alpha", "https://alpha.example/feed.xml".to_string())]);
    let opml = root.join("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
<outline text="News">
  <outline type="rss" text="Alpha" xmlUrl="https://alpha.example/feed.xml" htmlUrl="https://alpha.example/"/>
  <outline type="rss" text="Alpha sport" xmlUrl="https://alpha.example/sport.xml" htmlUrl="https://alpha.example/"/>
  <outline type="rss" text="Le Monde &amp; Co" xmlUrl="https://lemonde.example/rss" htmlUrl="https://www.lemonde.example/"/>
  <outline type="rss" text="Le Monde International" xmlUrl="https://lemonde.example/int.rss" htmlUrl="https://www.lemonde.example/int"/>
</outline></body></opml>"#,
    )
    .unwrap();
    let root_arg = root.to_str().unwrap();
    let out = parallax(&["import-opml", opml.to_str().unwrap(), "--root", root_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout.contains("added 1 sources with 2 feeds"), "{stdout}");
    assert!(
        stdout.contains("https://alpha.example/feed.xml: already in the registry"),
        "{stdout}"
    );
    assert!(stdout.contains("belongs to source `alpha`"), "{stdout}");
    let yaml = read(&root.join("content/sources.yaml"));
    assert!(
        yaml.contains("id: le-monde-co") && yaml.contains("https://lemonde.example/int.rss"),
        "{yaml}"
    );
    build(&root, &[]);
    assert!(root.join("output/sources/le-monde-co/index.html").is_file());
    let again = parallax(&["import-opml", opml.to_str().unwrap(), "--root", root_arg]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("added 0 sources"));
}

#[test]
fn items_of_an_aggregator_feed_belong_to_the_source_of_their_link() {
    let server = Server::new(|_| {
        Response::ok(
            "<rss version=\"2.0\"><channel><title>Aggregator</title>\
             <item><title>From alpha</title><link>https://www.alpha.example/a1</link><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>\
             <item><title>From nobody we know</title><link>https://unknown.example/x</link><pubDate>Mon, 05 Jan 2026 11:00:00 GMT</pubDate></item>\
             </channel></rss>",
        )
    });
    let (_tmp, root) = site_with_feeds(&[
        ("agg", server.url("/agg.rss")),
        ("alpha", "content/feeds/alpha.xml".into()),
    ]);
    parallax::fetch(&options(&root, 4), &|_| {}).unwrap();
    let text = read(&root.join("content/archive/2026/01/05.jsonl"));
    let sources: Vec<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sources, ["alpha", "agg"]);
}
