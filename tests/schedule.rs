//! Scheduled publishing: a story dated in the future waits for its date (`--future` includes it),
//! everywhere at once (page, lists, sitemap, search index, feeds), and the first build after its
//! date publishes it although no input changed. "Now" is fixed with the hidden `--now`.

mod common;

use common::*;
use std::path::Path;

const BEFORE: &str = "2026-02-15T00:00:00Z";
const AFTER: &str = "2026-03-01T08:00:01Z";

/// The basic fixture with a story dated 2026-03-01 08:00 UTC.
fn site_with_a_scheduled_story() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("basic");
    let alpha = read(&root.join("content/stories/alpha.md"));
    let scheduled = alpha
        .replace(
            "Alpha: parliament passes the budget",
            "Epsilon: the scheduled story",
        )
        .replace("date: 2026-02-01", "date: 2026-03-01T08:00:00Z")
        .replace("/alpha", "/epsilon");
    std::fs::write(root.join("content/stories/epsilon.md"), scheduled).unwrap();
    (tmp, root)
}

/// Whether the built site shows the story with this slug anywhere a reader or a robot looks.
fn published(output: &Path, slug: &str) -> [bool; 5] {
    let has = |file: &str| read(&output.join(file)).contains(&format!("stories/{slug}/"));
    let search = tree(&output.join("search"))
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(slug));
    [
        output.join(format!("stories/{slug}/index.html")).is_file(),
        has("index.html"),
        has("sitemap.xml"),
        search,
        has("atom.xml") && has("rss.xml") && has("feed.json"),
    ]
}

#[test]
fn a_story_dated_in_the_future_waits_for_its_date_everywhere() {
    let (_tmp, root) = site_with_a_scheduled_story();
    let output = root.join("output");
    build(&root, &["--now", BEFORE]);
    assert_eq!(published(&output, "epsilon"), [false; 5]);
    assert_eq!(published(&output, "alpha"), [true; 5]);

    build(&root, &["--now", BEFORE, "--future"]);
    assert_eq!(
        published(&output, "epsilon"),
        [true; 5],
        "--future includes it"
    );

    build(&root, &["--now", AFTER]);
    assert_eq!(published(&output, "epsilon"), [true; 5], "due: published");
}

#[test]
fn the_first_build_after_the_date_publishes_it_although_no_input_changed() {
    let (_tmp, root) = site_with_a_scheduled_story();
    let output = root.join("output");
    build(&root, &["--now", BEFORE]);
    let again = String::from_utf8_lossy(&build(&root, &["--now", "2026-03-01T07:59:59Z"]).stdout)
        .into_owned();
    assert!(again.contains("up to date"), "not due yet: {again}");
    assert!(!published(&output, "epsilon")[0]);

    let due = String::from_utf8_lossy(&build(&root, &["--now", AFTER]).stdout).into_owned();
    assert!(!due.contains("up to date"), "{due}");
    assert_eq!(published(&output, "epsilon"), [true; 5]);
    let later = String::from_utf8_lossy(&build(&root, &["--now", AFTER]).stdout).into_owned();
    assert!(
        later.contains("up to date"),
        "nothing left to wait for: {later}"
    );
}

#[test]
fn a_draft_stays_out_when_its_date_comes_and_is_built_with_drafts() {
    let (_tmp, root) = copy_fixture("basic");
    let output = root.join("output");
    build(&root, &["--now", AFTER]);
    assert!(!output.join("stories/delta-draft/index.html").exists());
    build(&root, &["--now", AFTER, "--drafts"]);
    assert!(output.join("stories/delta-draft/index.html").is_file());
    // A draft dated in the future needs both flags.
    build(&root, &["--now", "2026-02-05T00:00:00Z", "--drafts"]);
    assert!(!output.join("stories/delta-draft/index.html").exists());
    build(
        &root,
        &["--now", "2026-02-05T00:00:00Z", "--drafts", "--future"],
    );
    assert!(output.join("stories/delta-draft/index.html").is_file());
}
