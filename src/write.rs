//! The one place output bytes reach the disk (and, with `write_atomic`, the archive's and the
//! registry's files).
//!
//! A build writes into a fresh staging folder beside the output folder and swaps it in only when
//! every page is written, so a build that fails leaves the previous `output/` exactly as it was.
//! The build holds the output folder's lock from the staging folder's creation to the end of the
//! swap (`crate::lock`); the swap itself is atomic where the system allows it (`swap`).

mod swap;

use crate::error::{Error, Result};
use crate::lock::{Lock, LockWait};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A staging folder that becomes the output folder on `commit`, and is removed if dropped before.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Declared last, so it is released after `Drop` has removed an unfinished staging folder.
    _lock: Lock,
}

impl Staging {
    /// Creates the staging folder beside `target`, after checking that replacing `target` cannot
    /// destroy anything parallax did not make. `site_root` must not be inside `target`. Takes
    /// the output lock (`wait` says what to do if another build holds it), puts back an output
    /// that a killed build left renamed aside, and removes what killed builds left behind.
    pub fn new(target: &Path, site_root: &Path, wait: LockWait) -> Result<Staging> {
        check_target(target, site_root)?;
        let (parent, _) = crate::lock::parent_and_name(target);
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        let lock = Lock::output(target, wait)?;
        swap::restore(target)?;
        swap::remove_left_behind(target)?;
        let dir = swap::staging_dir(target, std::process::id());
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file at a `/`-separated path inside the output; paths that would leave it are refused.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let rel = Path::new(relative);
        let safe =
            !relative.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::Command(format!(
                "refusing to write `{relative}`: it is not a plain path inside the output folder"
            )));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::write(&self.target.join(rel), e))
    }

    /// Swaps the staging folder in as the output folder; the previous output is removed after.
    pub fn commit(mut self) -> Result<()> {
        let old = swap::swap(&self.dir, &self.target)?;
        self.committed = true;
        if let Some(old) = old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::write(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses output folders whose replacement would delete the site or someone's files.
fn check_target(target: &Path, site_root: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (target_abs, root_abs) = (absolute(target), absolute(site_root));
    let refuse = |why: &str| {
        Err(Error::Command(format!(
            "refusing to use `{}` as the output folder: {why}; pick another --output",
            crate::error::display_path(target)
        )))
    };
    if root_abs.starts_with(&target_abs) {
        return refuse("the site itself is inside it");
    }
    if target.is_file() {
        return refuse("it is a file");
    }
    if target.is_dir() {
        let mut entries = std::fs::read_dir(target).map_err(|e| Error::read(target, e))?;
        let empty = entries.next().is_none();
        if !empty && !target.join(".nojekyll").exists() {
            return refuse("it holds files that parallax did not make (no `.nojekyll`)");
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(dir) = std::fs::File::open(parent) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e: std::io::Error| {
        let _ = std::fs::remove_file(&temp);
        Error::write(path, e)
    })
}

#[cfg(test)]
mod tests;
