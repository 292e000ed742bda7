//! Swapping a finished staging folder in as the output folder, so that `output/` is always there
//! and always one whole build, even when the build is killed in the middle of the swap.
//!
//! On Linux and macOS the two folders trade places in one atomic call (`renameat2` with
//! `RENAME_EXCHANGE`, `renameatx_np` with `RENAME_SWAP`). Elsewhere, or on a file system that
//! refuses it, the output is renamed aside to `.<output>.parallax-previous-<pid>` and the staging
//! folder renamed in; a build killed between the two leaves no output, and the next build puts
//! the previous one back before anything else (`restore`). Every folder on its way out is first
//! renamed to a `.<output>.parallax-staging-<pid>` name and removed from there, so a `previous`
//! folder is only ever a whole build. Folders of either kind left by killed builds are removed by
//! the next build (`remove_left_behind`). All of this runs under the output lock.

use crate::error::{Error, Result};
use crate::lock::{left_behind, parent_and_name, sibling};
use std::io;
use std::path::{Path, PathBuf};

/// The staging folder of process `pid` for the output folder `target`.
pub fn staging_dir(target: &Path, pid: u32) -> PathBuf {
    sibling(target, &format!("parallax-staging-{pid}"))
}

/// Where the fallback swap puts the previous output of process `pid` for a moment.
pub fn previous_dir(target: &Path, pid: u32) -> PathBuf {
    sibling(target, &format!("parallax-previous-{pid}"))
}

/// Puts `staging` in place of `target`; returns the folder now holding the old output (under a
/// staging name) for the caller to remove, if there was one.
pub fn swap(staging: &Path, target: &Path) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(target).is_err() {
        std::fs::rename(staging, target).map_err(|e| Error::write(target, e))?;
        return Ok(None);
    }
    if exchange(staging, target).map_err(|e| Error::write(target, e))? {
        return Ok(Some(staging.to_path_buf()));
    }
    swap_by_renames(staging, target)
}

/// The swap where folders cannot trade places atomically: output aside, staging in, in two steps.
pub(super) fn swap_by_renames(staging: &Path, target: &Path) -> Result<Option<PathBuf>> {
    let previous = previous_dir(target, std::process::id());
    std::fs::rename(target, &previous).map_err(|e| Error::write(target, e))?;
    if let Err(e) = std::fs::rename(staging, target) {
        let _ = std::fs::rename(&previous, target);
        return Err(Error::write(target, e));
    }
    // `staging` is free again: the old output leaves under that name, never as a part-removed
    // `previous` folder that `restore` could mistake for a whole build.
    std::fs::rename(&previous, staging).map_err(|e| Error::write(&previous, e))?;
    Ok(Some(staging.to_path_buf()))
}

/// Swaps two folders in one atomic step; `Ok(false)` where the system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // File systems and kernels without it say so in one of these (the last two are one on Linux).
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&e) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// When `target` is missing because a build was killed half way through the fallback swap, puts
/// that build's previous output back. Returns whether it did.
pub fn restore(target: &Path) -> Result<bool> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Ok(false);
    }
    let previous = left(target)?
        .into_iter()
        .find(|(kind, _)| *kind == Kind::Previous);
    let Some((_, previous)) = previous else {
        return Ok(false);
    };
    std::fs::rename(&previous, target).map_err(|e| Error::write(target, e))?;
    Ok(true)
}

/// Removes the staging and previous folders of `target` that runs which no longer exist left
/// behind. Returns how many it removed.
pub fn remove_left_behind(target: &Path) -> Result<usize> {
    let found = left(target)?;
    for (_, dir) in &found {
        std::fs::remove_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    }
    Ok(found.len())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Staging,
    Previous,
}

/// The staging and previous folders of `target` left behind by runs that are gone.
fn left(target: &Path) -> Result<Vec<(Kind, PathBuf)>> {
    let (parent, name) = parent_and_name(target);
    let staging = format!(".{name}.parallax-staging-");
    let previous = format!(".{name}.parallax-previous-");
    let entries = match std::fs::read_dir(&parent) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::read(&parent, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::read(&parent, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind_pid = match (name.strip_prefix(&staging), name.strip_prefix(&previous)) {
            (Some(pid), _) => Some((Kind::Staging, pid.to_string())),
            (_, Some(pid)) => Some((Kind::Previous, pid.to_string())),
            _ => None,
        };
        if let Some((kind, pid)) = kind_pid
            && left_behind(&pid, &entry.path())
        {
            found.push((kind, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}
