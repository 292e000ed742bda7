//! Newsletter editions end to end: the example site's edition pages, archive and email files; a
//! fixture site's written editions, prev/next and paginated archive; `parallax email`; importing a
//! Substack export and a feed (twice: nothing changes); and bad input, which stops with one
//! message naming the file and line, exit code 1, and nothing written.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example site, built once for this file's tests.
fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("editions-example");
        build(root, &["--output", out.to_str().unwrap()]);
        tree(&out)
    })
}

fn text<'a>(site: &'a BTreeMap<String, Vec<u8>>, file: &str) -> &'a str {
    std::str::from_utf8(site.get(file).unwrap_or_else(|| panic!("no {file}"))).unwrap()
}

fn files_named<'a>(site: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Vec<(&'a String, &'a str)> {
    site.iter()
        .filter(|(f, _)| f.starts_with("editions/") && f.ends_with(name))
        .map(|(f, b)| (f, std::str::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn the_example_has_written_generated_and_imported_editions_in_its_archive() {
    let site = example();
    let pages = files_named(site, "/index.html");
    let editions: Vec<&&String> = pages
        .iter()
        .map(|(f, _)| f)
        .filter(|f| f.matches('/').count() == 4)
        .collect();
    assert!(editions.len() >= 8, "{editions:?}");
    let archive = text(site, "editions/index.html");
    for needle in [
        "<h2 id=\"y2026\">2026</h2>",
        "March 2026",
        "February 2026",
        "January 2026",
        "generated",
        "No.&nbsp;4",
    ] {
        assert!(archive.contains(needle), "the archive lacks {needle}");
    }
    // Newest first: March before February before January.
    let at = |s: &str| archive.find(s).unwrap();
    assert!(at("March 2026") < at("February 2026") && at("February 2026") < at("January 2026"));
    assert!(
        text(site, "editions/2026/03/13/index.html").contains("First published at"),
        "the imported edition"
    );
    let home = text(site, "index.html");
    assert!(
        home.contains(">Editions</a>"),
        "the navigation links to the editions"
    );
    let sitemap = text(site, "sitemap.xml");
    assert!(
        sitemap.contains("/editions/2026/02/13/</loc>") && sitemap.contains("/editions/</loc>")
    );
    assert!(!sitemap.contains("email.html"));
    let docs: String = site
        .iter()
        .filter(|(f, _)| f.starts_with("search/docs/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        docs.contains("/parallax/editions/2026/02/13/"),
        "editions are in the search index"
    );
}

#[test]
fn an_edition_page_shows_its_stories_with_bias_bars_and_links_to_its_neighbours() {
    let site = example();
    let page = text(site, "editions/2026/02/13/index.html");
    assert!(page.contains("<h1 dir=\"auto\">Improper payments and an ice storm</h1>"));
    assert!(page.contains("/parallax/stories/rental-aid-improper-payments-audit/"));
    assert!(
        page.contains("class=\"bar\"") && page.contains("of the sources lean"),
        "bias bar and sentence"
    );
    assert!(
        page.contains("<a rel=\"prev\" href=\"/parallax/editions/2026/02/06/\">"),
        "{page}"
    );
    assert!(page.contains("<a rel=\"next\" href=\"/parallax/editions/2026/02/20/\">"));
    assert!(page.contains("href=\"/parallax/editions/2026/02/13/email.html\""));
    let generated = text(site, "editions/2026/02/06/index.html");
    assert!(generated.contains("Week of January 31 – February 6, 2026"));
    assert!(generated.contains("Top stories"));
}

#[test]
fn every_email_html_is_small_self_contained_absolute_and_says_its_bias_figures_in_text() {
    let site = example();
    let emails = files_named(site, "/email.html");
    assert!(emails.len() >= 8);
    for (file, html) in emails {
        assert!(
            html.len() < 102 * 1024,
            "{file}: {} bytes, Gmail clips at 102 KB",
            html.len()
        );
        let lower = html.to_ascii_lowercase();
        for banned in ["<script", "<link", "<style", "stylesheet"] {
            assert!(!lower.contains(banned), "{file} has {banned}");
        }
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attribute) {
                let value = &html[at + attribute.len()..];
                assert!(
                    value.starts_with("https://"),
                    "{file}: a relative URL: {}",
                    &value[..value.len().min(60)]
                );
            }
        }
        assert!(html.contains("View this edition online"), "{file}");
        assert!(
            html.contains("role=\"presentation\"") && html.contains("style=\""),
            "{file}: table layout, inlined CSS"
        );
        let plain = text_of(html);
        let has_stories = html.contains("class=\"story\"");
        let figures = plain.contains("% · C ") && plain.contains("% · R ");
        assert!(!has_stories || figures, "{file}: the bias figures as text");
    }
    let one = text_of(text(site, "editions/2026/01/16/email.html"));
    assert!(
        one.contains("L 73% · C 18% · R 9%: 73% of the sources lean Left"),
        "{one}"
    );
}

#[test]
fn every_email_txt_is_wrapped_and_has_the_same_stories() {
    let site = example();
    for (file, txt) in files_named(site, "/email.txt") {
        for line in txt.lines() {
            assert!(
                line.chars().count() <= 78,
                "{file}: {} columns: {line}",
                line.chars().count()
            );
        }
        let html = text(site, &file.replace(".txt", ".html"));
        for (at, _) in html.match_indices("/parallax/stories/") {
            let slug = html[at + 18..].split('/').next().unwrap();
            let joined: String = txt.split_whitespace().collect();
            assert!(joined.contains(slug), "{file} lacks {slug}");
        }
    }
    assert!(text(site, "editions/2026/01/16/email.txt").contains("L 73% · C 18% · R 9%"));
}

/// The text of HTML: tags out, no-break spaces as spaces.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    for (i, part) in html.split('<').enumerate() {
        out.push_str(if i == 0 {
            part
        } else {
            part.split_once('>').map_or("", |(_, t)| t)
        });
    }
    out.replace("&nbsp;", " ").replace('\u{a0}', " ")
}

/// The site's files but the lock file a locking command leaves (empty, never content).
fn files_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = tree(root);
    files.remove(".parallax.lock");
    files
}

/// The basic fixture with three written editions (pagination 2: the archive has two pages).
fn fixture_with_editions() -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = copy_fixture("basic");
    let dir = root.join("content/editions");
    std::fs::create_dir_all(&dir).unwrap();
    for (n, date, story) in [
        (1, "2026-01-30", "alpha"),
        (2, "2026-02-04", "beta-floods"),
        (3, "2026-02-06", "gamma"),
    ] {
        std::fs::write(
            dir.join(format!("{n}.md")),
            format!("---\ntitle: \"Edition {n}\"\nnumber: {n}\ndate: {date}\nstories: [{story}]\n---\nIntro {n}.\n"),
        )
        .unwrap();
    }
    (tmp, root)
}

#[test]
fn written_editions_get_pages_with_previous_and_next_and_a_paginated_archive() {
    let (_tmp, root) = fixture_with_editions();
    build(&root, &[]);
    let out = root.join("output");
    let middle = read(&out.join("editions/2026/02/04/index.html"));
    assert!(
        middle.contains("<a rel=\"prev\" href=\"/editions/2026/01/30/\">"),
        "{middle}"
    );
    assert!(middle.contains("<a rel=\"next\" href=\"/editions/2026/02/06/\">"));
    assert!(middle.contains("href=\"/stories/beta-floods/\""));
    let newest = read(&out.join("editions/2026/02/06/index.html"));
    assert!(!newest.contains("rel=\"next\""));
    let first = read(&out.join("editions/index.html"));
    assert!(first.find("Edition 3").unwrap() < first.find("Edition 2").unwrap());
    assert!(!first.contains("Edition 1"), "two to a page");
    assert!(read(&out.join("editions/page/2/index.html")).contains("Edition 1"));
    let email = read(&out.join("editions/2026/02/04/email.txt"));
    assert!(
        email.contains("No. 2 · Wednesday, February 4, 2026"),
        "{email}"
    );

    let paths = parallax(&["email", "2", "--root", root.to_str().unwrap()]);
    assert!(paths.status.success(), "{}", stderr(&paths));
    let printed = String::from_utf8(paths.stdout).unwrap();
    assert!(
        printed.contains("editions/2026/02/04/email.html\n")
            && printed.contains("editions/2026/02/04/email.txt\n"),
        "{printed}"
    );
    let html = parallax(&[
        "email",
        "2026-02-04",
        "--stdout",
        "html",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(
        html.stdout,
        std::fs::read(out.join("editions/2026/02/04/email.html")).unwrap()
    );
}

/// Builds the fixture with editions, applies `break_it`, builds again: exit code 1, the previous
/// output kept, and the message (paths relative to the site).
fn failing_build(break_it: impl FnOnce(&Path)) -> String {
    let (_tmp, root) = fixture_with_editions();
    build(&root, &[]);
    let before = tree(&root.join("output"));
    break_it(&root);
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        before == tree(&root.join("output")),
        "the previous output changed"
    );
    stderr(&out).replace(&format!("{}/", root.display()), "")
}

#[test]
fn an_edition_listing_an_unknown_story_is_an_error_with_its_line() {
    let err = failing_build(|root| {
        let file = root.join("content/editions/2.md");
        let text = std::fs::read_to_string(&file)
            .unwrap()
            .replace("[beta-floods]", "[beta-flods]");
        std::fs::write(file, text).unwrap();
    });
    assert!(
        err.contains(
            "content/editions/2.md:5:11: field `stories`: no story has the slug `beta-flods`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `beta-floods`?"), "{err}");
}

#[test]
fn two_editions_with_one_number_are_an_error_with_its_line() {
    let err = failing_build(|root| {
        let file = root.join("content/editions/3.md");
        let text = std::fs::read_to_string(&file)
            .unwrap()
            .replace("number: 3", "number: 2");
        std::fs::write(file, text).unwrap();
    });
    assert!(err.contains("content/editions/3.md:3:9: field `number`: edition number 2 is already used by `content/editions/2.md`"), "{err}");
}

fn newsletter(name: &str) -> String {
    fixture("newsletter")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn import(root: &Path, source: &str) -> std::process::Output {
    parallax(&[
        "import-newsletter",
        source,
        "--root",
        root.to_str().unwrap(),
    ])
}

#[test]
fn a_substack_export_is_imported_once_drafts_skipped_and_a_second_import_changes_nothing() {
    let (_tmp, root) = copy_fixture("basic");
    let out = import(&root, &newsletter("substack-export.zip"));
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("imported 2 issues"), "{report}");
    assert!(
        report.contains("1 draft skipped")
            && report.contains("\"Draft: what we will cover in February\" is not published"),
        "{report}"
    );
    assert!(
        report.contains(
            "posts.csv:5 (post 140004.thread-reader-questions): its body is empty or missing"
        ),
        "{report}"
    );
    let dir = root.join("content/editions/imported");
    let first = read(&dir.join("2026-01-09-issue-1-ports-pay-and-a-very-hot-year.md"));
    assert!(
        first.contains("number: 1\n") && first.contains("## ")
            || first.contains("### 1\\. The year that was hot"),
        "{first}"
    );
    assert!(
        !first.contains("script") && !first.contains("onclick") && !first.contains("<img"),
        "{first}"
    );
    let table = read(&dir.join("2026-01-23-issue-2-the-strike-in-numbers.md"));
    assert!(
        table.contains("<table>") && table.contains("Kept as sanitised HTML"),
        "{table}"
    );

    let before = tree(&root.join("content"));
    let again = import(&root, &newsletter("substack-export"));
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .contains("imported 0 issues into")
    );
    assert!(
        before == tree(&root.join("content")),
        "a second import (of the unpacked folder) changes nothing"
    );
    build(&root, &[]);
    assert!(root.join("output/editions/2026/01/09/email.html").is_file());
}

#[test]
fn a_feed_archive_is_imported_with_links_to_registered_sources() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&root.join("content"), &site.join("content"));
    std::fs::copy(root.join("parallax.yaml"), site.join("parallax.yaml")).unwrap();
    std::fs::remove_dir_all(site.join("content/editions/imported")).unwrap();
    let out = import(&site, &newsletter("ledger-archive.xml"));
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("imported 1 issue into"), "{report}");
    assert!(report.contains("item 2: `content/editions/2026/01-16-the-first-look.md` is already the edition of 2026-01-16"), "{report}");
    let imported =
        read(&site.join("content/editions/imported/2026-03-13-water-wind-and-measles.md"));
    let bundled =
        read(&root.join("content/editions/imported/2026-03-13-water-wind-and-measles.md"));
    assert_eq!(
        imported, bundled,
        "the example's imported edition is this fixture's"
    );
    assert!(
        imported.contains("  source: liberty-dispatch\n")
            && imported
                .contains("original: https://ledger-letter.example/p/water-wind-and-measles")
    );
    let before = tree(&site.join("content"));
    assert!(
        import(&site, &newsletter("ledger-archive.xml"))
            .status
            .success()
    );
    assert!(
        before == tree(&site.join("content")),
        "re-import changes nothing"
    );
}

#[test]
fn bad_newsletter_sources_are_one_clear_error_and_write_nothing() {
    for (source, expected) in [
        (
            "export-without-posts-csv.zip",
            "export-without-posts-csv.zip: no `posts.csv` in this export",
        ),
        (
            "broken-feed.xml",
            "broken-feed.xml:2:1: not a newsletter feed: not a feed: an HTML page",
        ),
    ] {
        let (_tmp, root) = copy_fixture("basic");
        let before = files_of(&root);
        let out = import(&root, &newsletter(source));
        assert_eq!(out.status.code(), Some(1), "{source}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{source}: {err}");
        assert_eq!(err.matches("error:").count(), 1, "{err}");
        assert!(before == files_of(&root), "{source}: nothing written");
    }
}
