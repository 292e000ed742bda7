//! The lock: one holder at a time, a clear message for the second, waiting with a limit, and
//! telling files of dead processes from files of live ones.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

fn site() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_second_run_fails_at_once_naming_the_holder_and_the_fix() {
    let tmp = site();
    let held = Lock::site(tmp.path(), "fetch", LockWait::default()).unwrap();
    let started = Instant::now();
    let err = Lock::site(tmp.path(), "fetch", LockWait::default()).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "no waiting");
    let message = err.to_string();
    let pid = std::process::id();
    assert!(
        message.starts_with(&format!("another parallax fetch (pid {pid}, started 20")),
        "{message}"
    );
    assert!(message.contains(".parallax.lock"), "{message}");
    assert!(message.contains("pass --wait to wait for it"), "{message}");
    drop(held);
    Lock::site(tmp.path(), "fetch", LockWait::default()).expect("free again once dropped");
}

static TOLD: AtomicUsize = AtomicUsize::new(0);

#[test]
fn a_waiting_run_says_so_once_and_goes_on_when_the_holder_is_done() {
    let tmp = site();
    let held = Lock::site(tmp.path(), "import-opml", LockWait::default()).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        drop(held);
    });
    let wait = LockWait {
        timeout: Some(Duration::from_secs(20)),
        notify: Some(|line| {
            assert!(line.contains("another parallax import-opml"), "{line}");
            assert!(line.contains("waiting for it (up to 20 s)"), "{line}");
            TOLD.fetch_add(1, Ordering::SeqCst);
        }),
    };
    let started = Instant::now();
    Lock::site(tmp.path(), "fetch", wait).expect("the lock, once released");
    assert!(started.elapsed() >= Duration::from_millis(300), "it waited");
    assert_eq!(TOLD.load(Ordering::SeqCst), 1, "told once");
    release.join().unwrap();
}

#[test]
fn waiting_stops_at_its_limit_with_a_message() {
    let tmp = site();
    let target = tmp.path().join("output");
    let _held = Lock::output(&target, LockWait::default()).unwrap();
    let wait = LockWait {
        timeout: Some(Duration::from_millis(300)),
        notify: None,
    };
    let err = Lock::output(&target, wait).unwrap_err().to_string();
    assert!(err.contains("another parallax build"), "{err}");
    assert!(err.contains("the output folder"), "{err}");
    assert!(err.contains(".output.parallax-lock"), "{err}");
    assert!(err.contains("still working on"), "{err}");
}

#[test]
fn the_site_and_the_output_locks_are_independent() {
    let tmp = site();
    let _fetch = Lock::site(tmp.path(), "fetch", LockWait::default()).unwrap();
    let _build = Lock::output(&tmp.path().join("output"), LockWait::default()).unwrap();
    let _other = Lock::output(&tmp.path().join("public"), LockWait::default()).unwrap();
}

#[test]
fn a_lock_that_cannot_be_created_names_its_file() {
    let tmp = site();
    let missing = tmp.path().join("no-such-site");
    let err = Lock::site(&missing, "fetch", LockWait::default()).unwrap_err();
    assert!(
        err.to_string().contains("no-such-site/.parallax.lock"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn files_of_dead_processes_are_left_behind_and_files_of_live_ones_are_not() {
    let tmp = site();
    let file = tmp.path().join(".x.tmp-1");
    std::fs::write(&file, "x").unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    assert!(left_behind(&dead.to_string(), &file), "a finished process");
    assert!(
        left_behind(&std::process::id().to_string(), &file),
        "this one"
    );
    let mut alive = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    assert!(
        !left_behind(&alive.id().to_string(), &file),
        "a live process"
    );
    alive.kill().unwrap();
    alive.wait().unwrap();
    assert!(!left_behind("not-a-pid", &file), "unknown and new: kept");
}
