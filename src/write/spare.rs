//! The previous output kept as a spare, so that a small rebuild touches only what changed.
//!
//! A build makes its output in a staging folder and swaps it in whole. Started empty, that folder
//! needs a folder and a hard link for every unchanged page, and the old output must then be
//! unlinked file by file: at 10,000 stories about 70,000 file-system calls, most of a one-story
//! rebuild. So the output a swap replaces is kept beside the new one (`.output.parallax-spare`,
//! with its manifest, `.output.parallax-spare-manifest`), and the next build starts its staging
//! folder from it: a file the spare already holds with the right bytes is left alone, another is
//! replaced (never written in place: the spare shares inodes with the output), and what the new
//! build does not make is removed. The swap stays whole; a build killed while using the spare
//! leaves it under a staging name, which the next build removes, as any other.
//!
//! The spare is trusted only with its manifest, which is taken away before the spare is used and
//! written back only after the spare is in place: a spare without one is removed.

use super::manifest::Manifest;
use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// What a spare holds: size and content hash by `/`-separated path.
pub type Files = BTreeMap<String, (u64, String)>;

fn dir(target: &Path) -> std::path::PathBuf {
    crate::lock::sibling(target, "parallax-spare")
}

fn manifest(target: &Path) -> std::path::PathBuf {
    crate::lock::sibling(target, "parallax-spare-manifest")
}

/// Makes `staging` from the spare of `target` when there is a whole one, and says what it holds
/// (`None`: `staging` is a new empty folder).
pub fn take(target: &Path, staging: &Path) -> Result<Option<Files>> {
    let (spare, listed) = (dir(target), manifest(target));
    let files = Manifest::read_at(&listed).map(|m| m.files);
    let _ = std::fs::remove_file(&listed);
    if let Some(files) = files
        && spare.is_dir()
        && std::fs::rename(&spare, staging).is_ok()
    {
        return Ok(Some(files));
    }
    if std::fs::symlink_metadata(&spare).is_ok() {
        std::fs::remove_dir_all(&spare).map_err(|e| Error::write(&spare, e))?;
    }
    std::fs::create_dir_all(staging).map_err(|e| Error::write(staging, e))?;
    Ok(None)
}

/// Before the swap: the manifest of `target`'s current output becomes the spare's (the output
/// becomes the spare after the swap); without one, the output will be removed instead. Either
/// way no manifest is left for `target`: a build killed between the swap and the new manifest
/// leaves an output the next build does not take for the old one.
pub fn before_swap(target: &Path) -> bool {
    let current = super::manifest::path(target);
    let moved = std::fs::rename(&current, manifest(target)).is_ok();
    if !moved {
        let _ = std::fs::remove_file(&current);
    }
    moved
}

/// After the swap: keeps the old output, now at `old`, as the spare when its manifest was kept,
/// else removes it.
pub fn after_swap(target: &Path, old: &Path, listed: bool) -> Result<()> {
    if listed && std::fs::rename(old, dir(target)).is_ok() {
        return Ok(());
    }
    let _ = std::fs::remove_file(manifest(target));
    std::fs::remove_dir_all(old).map_err(|e| Error::write(old, e))
}

/// Removes from `staging` (made from a spare holding `held`) the files the build did not make,
/// and the folders they leave empty. A path of the spare's manifest (a file anyone can edit) is
/// checked as every path written is: one that would leave the folder is not touched.
pub fn prune(staging: &Path, held: &Files, made: &HashSet<&str>) -> Result<()> {
    let mut folders = HashSet::new();
    let stale = held.keys().filter(|p| !made.contains(p.as_str()));
    for path in stale.filter_map(|p| super::safe_path(p).ok()) {
        let file = staging.join(path);
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::write(&file, e)),
        }
        let mut parent = path.parent();
        while let Some(folder) = parent.filter(|p| !p.as_os_str().is_empty()) {
            folders.insert(folder.to_path_buf());
            parent = folder.parent();
        }
    }
    // Deepest first; a folder still holding something stays.
    let mut folders: Vec<_> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let _ = std::fs::remove_dir(staging.join(folder));
    }
    Ok(())
}
