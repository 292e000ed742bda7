//! Helpers shared by the integration tests: fixture copies, running the binary, reading output.
#![allow(dead_code)]

pub mod feeds;
pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture sites under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A copy of a fixture site in a temporary folder, so a test may change it.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs the parallax binary with `args`.
pub fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .output()
        .expect("run parallax")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds the site at `root` with extra arguments; panics with stderr if it fails.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = parallax(&args);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    out
}

/// Every file under `dir` with its bytes, by `/`-separated relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The values of `attr="..."` in an HTML text.
pub fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"').unwrap() + start;
            html[start..end].to_string()
        })
        .collect()
}

/// A generated site of `stories` stories, `per_page` to a list page, for the tests of lists and
/// search at scale: twelve sources (four Left, four Center, four Right; US outlets in Ohio, so that
/// there is a region page), three topics, and every fourth story a blindspot for the Right (covered
/// by four Left and two Center sources), every fourth a blindspot for the Left, the others covered
/// by one source of each side. Story `i` is newest-last (dated `i` hours after the first), its
/// title has the made-up word `word(i)`, and story 5's title says "Zürich".
pub fn generated_site(stories: usize, per_page: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    let dir = root.join("content/stories");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        root.join("parallax.yaml"),
        format!("title: Generated\nbase_url: https://gen.example/\npagination: {per_page}\n"),
    )
    .unwrap();
    let mut sources = String::from("sources:\n");
    for (side, bias) in [("l", "left"), ("c", "center"), ("r", "right")] {
        for (k, (country, location)) in [
            ("US", "Columbus, Ohio"),
            ("GB", "London"),
            ("DE", "Berlin"),
            ("US", "Dayton, Ohio"),
        ]
        .iter()
        .enumerate()
        {
            sources.push_str(&format!(
                "  - id: {side}{k}\n    name: Outlet {side}{k}\n    homepage: https://{side}{k}.example/\n    \
                 bias: {bias}\n    factuality: high\n    country: {country}\n    location: {location}\n"
            ));
        }
    }
    std::fs::write(root.join("content/sources.yaml"), sources).unwrap();
    for i in 0..stories {
        let covering: Vec<String> = match i % 4 {
            0 => ["l0", "l1", "l2", "l3", "c0", "c1"]
                .map(String::from)
                .to_vec(),
            1 => ["r0", "r1", "r2", "r3", "c0", "c1"]
                .map(String::from)
                .to_vec(),
            _ => ["l0", "c0", "r0"].map(String::from).to_vec(),
        };
        let place = if i == 5 { " in Zürich" } else { "" };
        let mut text = format!(
            "---\ntitle: \"Story {i}: harbour talks {}{place}\"\ndate: 2025-01-01T00:00:00Z\n\
             updated: {}\ntopics: [Topic {}]\ncountry: US\nregion: Ohio\narticles:\n",
            word(i),
            hours_after_2025(i),
            i % 3
        );
        for (k, source) in covering.iter().enumerate() {
            text.push_str(&format!(
                "  - source: {source}\n    url: https://{source}.example/{i}\n    \
                 title: \"Article {k} of story {i}\"\n    published: {}\n",
                hours_after_2025(i)
            ));
        }
        text.push_str("---\nA body.\n");
        std::fs::write(dir.join(format!("story-{i:04}.md")), text).unwrap();
    }
    (tmp, root)
}

/// The made-up word in the title of generated story `i`: `q` and two letters, unique per story.
pub fn word(i: usize) -> String {
    let letter = |n: usize| (b'a' + (n % 26) as u8) as char;
    format!("q{}{}", letter(i / 26), letter(i))
}

/// `2025-01-01T00:00:00Z` plus `i` hours, RFC 3339.
fn hours_after_2025(i: usize) -> String {
    let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
    (start + chrono::Duration::hours(i as i64)).to_rfc3339()
}
