//! The output folder: replaced only by a whole build, never lost, and no clutter left by builds
//! that were killed.

use super::*;
use crate::error::Error;

/// A site folder with an output folder path inside it.
fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir(&root).unwrap();
    let out = root.join("output");
    (tmp, root, out)
}

fn build(out: &Path, root: &Path, page: &str) {
    let staging = Staging::new(out, root, LockWait::default()).unwrap();
    staging.write(".nojekyll", b"").unwrap();
    staging.write("index.html", page.as_bytes()).unwrap();
    staging.commit(|| ()).unwrap();
}

/// The names in `dir` other than the output folder and the lock file.
fn clutter(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "output" && n != ".output.parallax-lock")
        .collect();
    names.sort();
    names
}

/// The PID of a process that has finished.
#[cfg(unix)]
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_committed_staging_replaces_the_output_and_a_dropped_one_leaves_it() {
    let (_tmp, root, out) = site();
    build(&out, &root, "one");
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
    build(&out, &root, "two");
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");

    let staging = Staging::new(&out, &root, LockWait::default()).unwrap();
    staging.write("index.html", b"three").unwrap();
    drop(staging);
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        b"two",
        "an unfinished build changes nothing"
    );
    assert_eq!(clutter(&root), Vec::<String>::new(), "no staging left");
}

#[test]
fn the_swap_by_two_renames_leaves_the_new_output_and_nothing_else() {
    let (_tmp, root, out) = site();
    build(&out, &root, "old");
    let staging = swap::staging_dir(&out, std::process::id());
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("index.html"), "new").unwrap();
    let old = swap::swap_by_renames(&staging, &out).unwrap().unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"new");
    assert_eq!(old, staging, "the old output leaves under the staging name");
    assert_eq!(std::fs::read(old.join("index.html")).unwrap(), b"old");
}

#[test]
fn a_second_build_into_the_same_output_waits_or_fails_and_another_output_does_not() {
    let (_tmp, root, out) = site();
    let first = Staging::new(&out, &root, LockWait::default()).unwrap();
    let err = Staging::new(&out, &root, LockWait::default()).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    assert!(err.to_string().contains("another parallax build"), "{err}");
    let other = Staging::new(&root.join("public"), &root, LockWait::default());
    assert!(other.is_ok(), "another output folder has its own lock");
    drop(first);
    // A child process another test forks at this moment holds a copy of the lock's descriptor
    // until it execs: wait for that, never for a lock that is still held.
    let soon = LockWait {
        timeout: Some(std::time::Duration::from_secs(10)),
        notify: None,
    };
    Staging::new(&out, &root, soon).expect("free once the first is done");
}

#[cfg(unix)]
#[test]
fn an_output_a_killed_build_left_renamed_aside_is_put_back_first() {
    let (_tmp, root, out) = site();
    build(&out, &root, "kept");
    let dead = dead_pid();
    // Killed between the two renames of the fallback swap: no output, the previous one aside,
    // and its staging folder (a whole new build) beside it.
    std::fs::rename(&out, swap::previous_dir(&out, dead)).unwrap();
    std::fs::create_dir(swap::staging_dir(&out, dead)).unwrap();

    let staging = Staging::new(&out, &root, LockWait::default()).unwrap();
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"kept");
    let mine = format!(".output.parallax-staging-{}", std::process::id());
    assert_eq!(
        clutter(&root),
        vec![mine],
        "the dead build's folders are gone"
    );
    drop(staging);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"kept");
}

#[cfg(unix)]
#[test]
fn folders_of_killed_builds_are_removed_and_those_of_running_processes_kept() {
    let (_tmp, root, out) = site();
    build(&out, &root, "one");
    let dead = dead_pid();
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    for dir in [
        swap::staging_dir(&out, dead),
        swap::previous_dir(&out, dead),
        swap::staging_dir(&out, running.id()),
    ] {
        std::fs::create_dir_all(dir.join("stories")).unwrap();
        std::fs::write(dir.join("stories/index.html"), "x").unwrap();
    }
    std::fs::create_dir(root.join(".public.parallax-staging-1")).unwrap();

    build(&out, &root, "two");
    let live = format!(".output.parallax-staging-{}", running.id());
    let other_output = ".public.parallax-staging-1".to_string();
    assert_eq!(clutter(&root), vec![live, other_output]);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");
    running.kill().unwrap();
    running.wait().unwrap();
}

#[test]
fn paths_outside_the_output_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let staging = Staging::new(
        &tmp.path().join("out"),
        &tmp.path().join("site"),
        LockWait::default(),
    )
    .unwrap();
    for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
        assert!(staging.write(bad, b"x").is_err(), "{bad}");
    }
}

#[test]
fn folders_that_are_not_parallax_output_are_not_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("precious.txt"), "x").unwrap();
    let err = Staging::new(tmp.path(), elsewhere.path(), LockWait::default()).unwrap_err();
    assert!(err.to_string().contains("did not make"), "{err}");
    let err = Staging::new(tmp.path(), &tmp.path().join("site"), LockWait::default()).unwrap_err();
    assert!(
        err.to_string().contains("the site itself is inside it"),
        "{err}"
    );
}

#[test]
fn a_site_too_big_for_a_pages_upload_is_warned_of_and_the_cards_are_named_when_they_are_why() {
    const GB: u64 = 1_000_000_000;
    // The benchmark's 100,000 stories: 2.3 GB of pages without cards upload as about 0.46 GB.
    assert_eq!(pages_upload_warning(2_300_000_000, 0), None);
    // The same pages with a 20 KB card each: 2 GB of PNG.
    let warning = pages_upload_warning(2_300_000_000 + 2 * GB, 2 * GB).unwrap();
    assert!(warning.contains("the output is 4300 MB"), "{warning}");
    assert!(warning.contains("about 2460 MB"), "{warning}");
    assert!(warning.contains("2000 MB of it share cards"), "{warning}");
    assert!(warning.contains("`share_cards:`"), "{warning}");
    // Pages alone past the limit: the warning does not blame the cards.
    let warning = pages_upload_warning(6 * GB, 0).unwrap();
    assert!(warning.contains("about 1200 MB"), "{warning}");
    assert!(!warning.contains("share cards"), "{warning}");
    // At the limit and just past it.
    assert_eq!(pages_upload_warning(5 << 30, 0), None);
    assert!(pages_upload_warning((5 << 30) + 5, 0).is_some());
}
