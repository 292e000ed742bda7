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
fn version_is_printed() {
    let out = parallax(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("parallax {}", env!("CARGO_PKG_VERSION"))
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
