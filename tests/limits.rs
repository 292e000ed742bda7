//! Huge and deep inputs: a feed of 1 GB, of 100,000 items, nested 100,000 deep, a story file over
//! the limit. Each is refused or cut with a message that names the limit (`limits:` in
//! parallax.yaml), the rest of the site builds, and nothing is read whole into memory.

mod common;

use common::{build, copy_fixture, parallax, read, stderr};
use std::path::Path;

/// Gives the fixture's Local Voice source a local feed file and returns its path.
fn with_local_feed(root: &Path) -> std::path::PathBuf {
    let sources = root.join("content/sources.yaml");
    let text = read(&sources).replace(
        "    location: Leipzig\n",
        "    location: Leipzig\n    feeds: [content/feeds/local.xml]\n",
    );
    std::fs::write(&sources, text).unwrap();
    std::fs::create_dir_all(root.join("content/feeds")).unwrap();
    root.join("content/feeds/local.xml")
}

fn set_limits(root: &Path, limits: &str) {
    let config = root.join("parallax.yaml");
    let kept: String = read(&config)
        .lines()
        .filter(|l| !l.starts_with("limits:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let text = format!("{kept}limits: {limits}\n");
    std::fs::write(config, text).unwrap();
}

/// An RSS document with `n` dated items, item `i` published `i` minutes after the first.
fn rss(n: usize) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local</title>");
    for i in 0..n {
        let minute = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap()
            + chrono::Duration::minutes(i as i64);
        xml.push_str(&format!(
            "<item><title>Item number {i}</title><link>https://localvoice.example/a/{i}</link><pubDate>{}</pubDate></item>",
            minute.to_rfc2822()
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

/// Builds and returns stderr; the build must succeed (one bad feed never fails a build).
fn build_warnings(root: &Path) -> String {
    stderr(&build(root, &[]))
}

#[test]
fn a_feed_file_over_the_size_limit_is_refused_unread_and_the_site_builds() {
    let (_tmp, root) = copy_fixture("basic");
    let feed = with_local_feed(&root);
    // 1 GB, sparse: the build must look at the size, not read it.
    let file = std::fs::File::create(&feed).unwrap();
    file.set_len(1024 * 1024 * 1024).unwrap();
    let err = build_warnings(&root);
    assert!(
        err.contains(
            "is 1024 MB, larger than a feed may be (8 MB, `limits.feed_mb` in parallax.yaml)"
        ),
        "{err}"
    );
    assert!(root.join("output/index.html").is_file());
    // A raised limit is honoured: the file is then read (and fails as XML, not for its size).
    file.set_len(9 * 1024 * 1024).unwrap();
    set_limits(&root, "{feed_mb: 10}");
    let err = build_warnings(&root);
    assert!(err.contains("local.xml"), "{err}");
    assert!(!err.contains("larger than a feed may be"), "{err}");
}

#[test]
fn a_feed_of_100k_items_keeps_the_newest_up_to_the_limit() {
    let (_tmp, root) = copy_fixture("basic");
    let feed = with_local_feed(&root);
    std::fs::write(&feed, rss(100_000)).unwrap();
    set_limits(&root, "{feed_mb: 32}");
    let err = build_warnings(&root);
    assert!(
        err.contains(
            "100000 items, more than a feed may give (`limits.feed_items` in parallax.yaml): kept the 5000 newest, 95000 left out"
        ),
        "{err}"
    );

    // fetch reads local feeds too: with a lower limit, exactly the newest items are archived.
    set_limits(&root, "{feed_mb: 32, feed_items: 40}");
    let out = parallax(&["fetch", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kept the 40 newest, 99960 left out"),
        "{}",
        stderr(&out)
    );
    let archived: String = walkdir::WalkDir::new(root.join("content/archive"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .map(|e| read(e.path()))
        .collect();
    let urls: Vec<&str> = archived
        .lines()
        .filter_map(|l| l.split("\"url\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(urls.len(), 40, "{archived}");
    assert!(urls.contains(&"https://localvoice.example/a/99999"));
    assert!(urls.contains(&"https://localvoice.example/a/99960"));
    assert!(!urls.contains(&"https://localvoice.example/a/99959"));
}

#[test]
fn xml_nested_100k_deep_is_a_feed_error_not_a_crash() {
    let (_tmp, root) = copy_fixture("basic");
    let feed = with_local_feed(&root);
    let depth = 100_000;
    let xml = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deep</title><item><title>Deep</title>{}{}</item></channel></rss>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    std::fs::write(&feed, xml).unwrap();
    let err = build_warnings(&root);
    assert!(
        err.contains("feed `content/feeds/local.xml` of `local-voice`"),
        "{err}"
    );
    assert!(err.contains("deeper than the supported limit"), "{err}");
    let out = parallax(&["fetch", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_story_file_limit_is_a_setting() {
    let (_tmp, root) = copy_fixture("basic");
    set_limits(&root, "{story_kb: 2}");
    let body = "A story just over two kilobytes long. ".repeat(60);
    let story = format!("---\ntitle: Longish\ndate: 2026-02-01\n---\n{body}\n");
    std::fs::write(root.join("content/stories/longish.md"), story).unwrap();
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/stories/longish.md: 3 KB, more than a story or edition file may hold (2 KB, `limits.story_kb` in parallax.yaml)"
        ),
        "{err}"
    );

    set_limits(&root, "{story_kb: 0}");
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    assert!(stderr(&out).contains("limits.story_kb"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("must be at least 1"),
        "{}",
        stderr(&out)
    );
}
