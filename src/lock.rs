//! Locks that keep two parallax runs from writing the same files at once.
//!
//! Two runs of `fetch` that overlap would each load the archive, merge their own items and save:
//! the second save drops the first one's new items and rolls `feeds.json` back. Two builds into
//! one output folder would swap over each other and remove each other's staging folders. So every
//! command that writes takes an exclusive lock first:
//!
//! - the site lock, `<root>/.parallax.lock`, for the commands that write `content/` (`fetch`,
//!   `import-opml`, and clustering when it comes);
//! - the output lock, `.<output>.parallax-lock` beside the output folder, for a build, from its
//!   staging folder to the swap (two sites, or two `--output` folders of one site, never wait for
//!   each other, and a build never waits for a fetch).
//!
//! The lock is the operating system's advisory file lock (`flock` on Unix, `LockFileEx` on
//! Windows), so a holder that is killed releases it at once: there is no stale lock to clear by
//! hand. The lock file stays in place (removing it would race with the next run opening it) and
//! holds the holder's PID, command and start time, for the message a second run shows.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The site lock's file name, in the site folder.
pub const SITE_LOCK: &str = ".parallax.lock";

/// What to do when another run holds the lock.
#[derive(Debug, Clone, Copy, Default)]
pub struct LockWait {
    /// How long to wait for it: `None` fails at once, `Some(Duration::MAX)` waits as long as it takes.
    pub timeout: Option<Duration>,
    /// Told once, with a line naming the holder, when this run starts waiting.
    pub notify: Option<fn(&str)>,
}

impl LockWait {
    /// Waits as long as it takes, saying nothing.
    pub const FOREVER: LockWait = LockWait {
        timeout: Some(Duration::MAX),
        notify: None,
    };
}

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// The site lock, for a command that writes the site's `content/`.
    pub fn site(root: &Path, command: &str, wait: LockWait) -> Result<Lock> {
        let shown = crate::error::display_path(root);
        let what = format!("the site `{}`", if shown.is_empty() { "." } else { &shown });
        acquire(&root.join(SITE_LOCK), command, &what, wait)
    }

    /// The lock on the output folder `target`, for a build.
    pub fn output(target: &Path, wait: LockWait) -> Result<Lock> {
        let what = format!("the output folder `{}`", crate::error::display_path(target));
        acquire(&sibling(target, "parallax-lock"), "build", &what, wait)
    }
}

/// `.<name>.<suffix>` beside `path`: where parallax keeps a folder's lock, staging and previous copies.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let (parent, name) = parent_and_name(path);
    parent.join(format!(".{name}.{suffix}"))
}

/// The folder holding `path` (`.` for a bare name) and `path`'s own name.
pub fn parent_and_name(path: &Path) -> (PathBuf, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (parent.to_path_buf(), name)
}

fn acquire(path: &Path, command: &str, what: &str, wait: LockWait) -> Result<Lock> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::write(path, e))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::Error(e)) => return Err(Error::write(path, e)),
            Err(TryLockError::WouldBlock) => {}
        }
        let holder = holder(&mut file);
        let Some(timeout) = wait.timeout.filter(|t| started.elapsed() < *t) else {
            return Err(Error::Locked {
                lock: path.to_path_buf(),
                holder,
                what: what.to_string(),
                waited: wait.timeout,
            });
        };
        if !told && let Some(notify) = wait.notify {
            let limit = if timeout == Duration::MAX {
                String::new()
            } else {
                format!(" (up to {} s)", timeout.as_secs())
            };
            notify(&format!(
                "{holder} is working on {what}; waiting for it{limit}..."
            ));
        }
        told = true;
        std::thread::sleep(Duration::from_millis(100));
    }
    // Ours now: say who holds it, for the message of a run that comes while we work.
    let started_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let note = format!("{} {command} {started_at}\n", std::process::id());
    let written = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(note.as_bytes()));
    written.map_err(|e| Error::write(path, e))?;
    Ok(Lock { _file: file })
}

/// "another parallax fetch (pid 1234, started 2026-05-01 07:31 UTC)", from the lock file's note.
fn holder(file: &mut File) -> String {
    let mut note = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut note));
    let mut parts = note.split_whitespace();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(pid), Some(command), Some(at)) => {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_else(|_| at.to_string());
            format!("another parallax {command} (pid {pid}, started {at})")
        }
        _ => "another parallax run".to_string(),
    }
}

/// Whether a file or folder that parallax named after process `pid` (`.x.tmp-<pid>`,
/// `.output.parallax-staging-<pid>`) was left behind by a run that no longer exists, so removing
/// it loses nothing: the process is gone, or it is this one (which has not made it), or, where
/// that cannot be known, the file is older than an hour.
pub fn left_behind(pid: &str, path: &Path) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return older_than_an_hour(path);
    };
    if pid == std::process::id() {
        return true;
    }
    match process_alive(pid) {
        Some(alive) => !alive,
        None => older_than_an_hour(path),
    }
}

fn older_than_an_hour(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > Duration::from_secs(3600))
}

/// Whether process `pid` exists; `None` where that cannot be told.
#[cfg(unix)]
fn process_alive(pid: u32) -> Option<bool> {
    use rustix::io::Errno;
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).ok()?)?;
    match rustix::process::test_kill_process(pid) {
        Ok(()) => Some(true),
        Err(Errno::PERM) => Some(true),
        Err(Errno::SRCH) => Some(false),
        Err(_) => None,
    }
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> Option<bool> {
    None
}

#[cfg(test)]
mod tests;
