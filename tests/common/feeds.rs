//! Sites for the fetch tests: a registry of sources whose feeds a test server serves.

use parallax::{FetchOptions, HttpOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes a site at `root`: a minimal `parallax.yaml` and `content/sources.yaml` with `sources`.
pub fn write_site(root: &Path, sources: &str) {
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("parallax.yaml"),
        "title: Fetch test\nbase_url: https://fetch.example/\n",
    )
    .unwrap();
    std::fs::write(root.join("content/sources.yaml"), sources).unwrap();
}

/// The documents of the shared feed corpus beside the repository, sorted; `None` (and a printed
/// reason) when it is not there.
pub fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/feeds");
    if !dir.is_dir() {
        println!("skipped: no feed corpus at {}", dir.display());
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("__"))
        })
        .collect();
    files.sort();
    Some(files)
}

/// A site whose registry lists `feeds` (source id, feed URL) with `<id>.example` domains.
pub fn site_with_feeds(feeds: &[(&str, String)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let mut yaml = String::from("sources:\n");
    let mut ids = BTreeSet::new();
    for (id, _) in feeds {
        if ids.insert(*id) {
            let urls: Vec<String> = feeds
                .iter()
                .filter(|(i, _)| i == id)
                .map(|(_, u)| format!("\"{u}\""))
                .collect();
            yaml.push_str(&format!(
                "  - id: {id}\n    name: {id} news\n    domains: [{id}.example]\n    bias: center\n    feeds: [{}]\n",
                urls.join(", ")
            ));
        }
    }
    write_site(&root, &yaml);
    (tmp, root)
}

pub fn quick_http() -> HttpOptions {
    HttpOptions {
        timeout: Duration::from_millis(1500),
        backoff: Duration::from_millis(10),
        retries: 1,
        max_bytes: 512 * 1024,
        ..HttpOptions::default()
    }
}

pub fn options(root: &Path, day: usize) -> FetchOptions {
    FetchOptions {
        root: root.to_path_buf(),
        jobs: 4,
        http: quick_http(),
        // A child process another test of this binary forks holds a copy of the site lock's
        // descriptor until it execs: a fetch right after the previous one waits that out.
        wait: parallax::LockWait {
            timeout: Some(Duration::from_secs(10)),
            notify: None,
        },
        now: Some(
            chrono::DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z")
                .unwrap()
                .to_utc()
                + chrono::Duration::days(day as i64),
        ),
    }
}
