//! The command line: help, version and exit codes.

mod common;

use common::*;

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["init", "--help"],
        vec!["check", "--help"],
        vec!["serve", "--help"],
        vec!["help", "build"],
    ] {
        let out = parallax(&args);
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Usage: parallax"), "{args:?}: {text}");
    }
    let build = String::from_utf8_lossy(&parallax(&["build", "--help"]).stdout).into_owned();
    for flag in ["--root", "--output", "--base-url", "--drafts"] {
        assert!(build.contains(flag), "build --help lacks {flag}");
    }
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = parallax(&["--version"]);
    assert!(out.status.success());
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let head = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout)[..12].to_string());
    let commit = std::env::var("GITHUB_SHA")
        .ok()
        .map(|sha| sha[..12].to_string())
        .or(head)
        .unwrap_or_else(|| "unknown commit".into());
    assert_eq!(
        printed,
        format!("parallax {} ({commit})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bad_usage_exits_with_two() {
    for args in [
        vec!["build", "--no-such-flag"],
        vec!["frobnicate"],
        vec!["init"],
        vec![],
    ] {
        let out = parallax(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

/// `parallax build | head -0`: the reader is gone before the summary is printed. The build still
/// finishes, exits 0 and says nothing about the pipe (it used to panic with exit code 101).
#[test]
fn a_closed_standard_output_ends_no_command_with_a_panic() {
    let (_tmp, root) = copy_fixture("basic");
    for args in [
        vec!["build", "--root", root.to_str().unwrap()],
        vec!["check", "--root", root.to_str().unwrap()],
        vec!["--help"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run parallax");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for parallax");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
    assert!(
        root.join("output/index.html").is_file(),
        "the build finished"
    );
}
