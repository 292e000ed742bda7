//! `parallax check`: every planted problem of `tests/fixtures/check` is found at its place, the
//! example site is clean, warnings fail only with `--strict`, and `--external` checks outbound
//! links against a loopback server, skipping those it checked recently.

mod common;

use common::server::{Response, Server};
use common::*;
use std::path::Path;

fn check(root: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = parallax(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_planted_problem_is_found_at_its_place() {
    let root = fixture("check");
    let (code, report) = check(&root, &[]);
    assert_eq!(code, Some(1), "{report}");
    for expected in [
        "error[broken-link] stories/links/index.html:",
        "error[broken-anchor] stories/links/index.html:",
        "error[missing-asset] stories/links/index.html:",
        "error[duplicate-url] sources/index.html:",
        "warning[unrated-story] content/stories/unrated.md:",
        "warning[unused-source] content/sources.yaml:12:",
        "warning[stale-feed] content/sources.yaml:19:",
        "warning[future-article] content/stories/links.md:11:",
        "warning[no-articles] content/stories/empty.md:",
        "warning[missing-alt] stories/links/index.html:",
    ] {
        assert!(report.contains(expected), "{expected} not in:\n{report}");
    }
    assert!(report.contains(": 4 errors, 6 warnings"), "{report}");
    assert!(!root.join("output").exists(), "check writes nothing");
}

#[test]
fn the_example_site_is_clean_even_when_strict() {
    let (code, report) = check(Path::new(env!("CARGO_MANIFEST_DIR")), &["--strict"]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains(": 0 errors, 0 warnings"), "{report}");
}

#[test]
fn warnings_fail_only_when_strict_and_a_built_folder_can_be_checked() {
    let (_tmp, root) = copy_fixture("check");
    std::fs::remove_file(root.join("content/stories/links.md")).unwrap();
    std::fs::remove_dir_all(root.join("static/sources")).unwrap();
    let (code, report) = check(&root, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains(": 0 errors, 5 warnings"), "{report}");
    assert_eq!(check(&root, &["--strict"]).0, Some(1));
    build(&root, &[]);
    let output = root.join("output");
    std::fs::remove_file(output.join("sources/index.html")).unwrap();
    let (code, report) = check(&root, &["--output", output.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("error[broken-link]"), "{report}");
}

#[test]
fn outbound_links_are_checked_head_then_get_and_cached() {
    let server = Server::new(
        |request| match (request.method.as_str(), request.path.as_str()) {
            (_, "/gone") => Response::status(404),
            ("HEAD", "/no-head") => Response::status(405),
            _ => Response::ok("fine"),
        },
    );
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content/stories")).unwrap();
    std::fs::write(
        root.join("parallax.yaml"),
        "title: Links\nbase_url: https://links.example/\n",
    )
    .unwrap();
    let sources = format!(
        "sources:\n  - id: wire\n    name: Wire\n    homepage: {}\n    bias: center\n",
        server.url("/home")
    );
    std::fs::write(root.join("content/sources.yaml"), sources).unwrap();
    let article = |path: &str| {
        format!(
            "  - source: wire\n    url: {}\n    title: \"T {path}\"\n    published: 2026-01-01T00:00:00Z\n",
            server.url(path)
        )
    };
    let story = format!(
        "---\ntitle: Outbound\ndate: 2026-01-01\narticles:\n{}{}{}---\nBody.\n",
        article("/fine"),
        article("/no-head"),
        article("/gone")
    );
    std::fs::write(root.join("content/stories/out.md"), story).unwrap();
    let (code, report) = check(&root, &["--external"]);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("error[broken-external-link]"), "{report}");
    assert!(report.contains("/gone`: HTTP 404"), "{report}");
    assert!(
        !report.contains("/no-head`"),
        "GET after a refused HEAD: {report}"
    );
    assert_eq!(server.hits("/no-head"), 2, "HEAD, then GET");
    assert_eq!(server.hits("/fine"), 1, "a fine HEAD needs no GET");
    let (_, again) = check(&root, &["--external"]);
    assert!(again.contains("skipped: checked recently"), "{again}");
    assert_eq!(server.hits("/fine"), 1, "checked fine recently: skipped");
    assert_eq!(server.hits("/no-head"), 2);
    assert_eq!(server.hits("/gone"), 4, "a broken link is checked again");
}
