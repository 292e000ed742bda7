//! The one place output bytes reach the disk (and, with `write_atomic`, the archive's and the
//! registry's files).
//!
//! A build writes into a fresh staging folder beside the output folder and swaps it in only when
//! every page is written, so a build that fails leaves the previous `output/` exactly as it was.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A staging folder that becomes the output folder on `commit`, and is removed if dropped before.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder beside `target`, after checking that replacing `target` cannot
    /// destroy anything parallax did not make. `site_root` must not be inside `target`.
    pub fn new(target: &Path, site_root: &Path) -> Result<Staging> {
        check_target(target, site_root)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let dir = parent.join(format!(".{name}.parallax-staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
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
        let old = self.dir.with_file_name(format!(
            ".{}.parallax-previous-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            std::fs::rename(&self.target, &old).map_err(|e| Error::write(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::write(&self.target, e));
        }
        self.committed = true;
        if had_previous {
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
mod tests {
    use super::*;

    #[test]
    fn a_committed_staging_replaces_the_output_and_a_dropped_one_leaves_it() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir(&root).unwrap();
        let out = root.join("output");

        let staging = Staging::new(&out, &root).unwrap();
        staging.write(".nojekyll", b"").unwrap();
        staging.write("a/index.html", b"one").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let staging = Staging::new(&out, &root).unwrap();
        staging.write("a/index.html", b"two").unwrap();
        drop(staging);
        assert_eq!(
            std::fs::read(out.join("a/index.html")).unwrap(),
            b"one",
            "an unfinished build changes nothing"
        );
        let leftovers = std::fs::read_dir(&root).unwrap().count();
        assert_eq!(leftovers, 1, "the staging folder is cleaned up");
    }

    #[test]
    fn paths_outside_the_output_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(&tmp.path().join("out"), &tmp.path().join("site")).unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(staging.write(bad, b"x").is_err(), "{bad}");
        }
    }

    #[test]
    fn folders_that_are_not_parallax_output_are_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("precious.txt"), "x").unwrap();
        let err = Staging::new(tmp.path(), elsewhere.path()).unwrap_err();
        assert!(err.to_string().contains("did not make"), "{err}");
        let err = Staging::new(tmp.path(), &tmp.path().join("site")).unwrap_err();
        assert!(
            err.to_string().contains("the site itself is inside it"),
            "{err}"
        );
    }
}
