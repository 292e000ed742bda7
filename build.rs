//! Gives `parallax --version` the commit it was built from: `GITHUB_SHA` in CI, else `git`, else the
//! `.cargo_vcs_info.json` that `cargo package` writes into a published crate, else "unknown commit".

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=GITHUB_SHA");
    // The files that say which commit is checked out, wherever git keeps them (in a worktree,
    // `.git` is a file and they live in the main repository's folder). A path that does not exist
    // would make every build run this script again.
    for path in git_paths() {
        println!("cargo:rerun-if-changed={path}");
    }
    let commit = std::env::var("GITHUB_SHA")
        .ok()
        .filter(|sha| sha.len() >= 12)
        .or_else(from_git)
        .or_else(from_vcs_info)
        .map(|sha| sha.chars().take(12).collect::<String>())
        .unwrap_or_else(|| "unknown commit".to_string());
    println!("cargo:rustc-env=PARALLAX_COMMIT={commit}");
}

fn git_paths() -> Vec<String> {
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    let head = git(&["rev-parse", "--git-path", "HEAD"]);
    let common = git(&["rev-parse", "--git-common-dir"]);
    let refs = common
        .iter()
        .flat_map(|dir| [format!("{dir}/refs/heads"), format!("{dir}/packed-refs")]);
    head.into_iter()
        .chain(refs)
        .filter(|path| std::path::Path::new(path).exists())
        .collect()
}

fn from_git() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    let sha = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && sha.len() >= 12).then_some(sha)
}

/// `{"git": {"sha1": "..."}, ...}` in the root of a packaged crate.
fn from_vcs_info() -> Option<String> {
    let text = std::fs::read_to_string(".cargo_vcs_info.json").ok()?;
    let info: serde_json::Value = serde_json::from_str(&text).ok()?;
    info["git"]["sha1"].as_str().map(str::to_string)
}
