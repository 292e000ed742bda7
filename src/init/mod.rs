//! `parallax init DIR`: a new site that builds as it is, with a GitHub Pages workflow.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The scaffold's files: path in the new site, contents.
const FILES: &[(&str, &str)] = &[
    ("parallax.yaml", include_str!("scaffold/parallax.yaml")),
    (
        "content/sources.yaml",
        include_str!("scaffold/content/sources.yaml"),
    ),
    (
        "content/stories/city-council-approves-transit-plan.md",
        include_str!("scaffold/content/stories/city-council-approves-transit-plan.md"),
    ),
    (
        "content/stories/river-cleanup-begins.md",
        include_str!("scaffold/content/stories/river-cleanup-begins.md"),
    ),
    (
        ".github/workflows/pages.yml",
        include_str!("scaffold/.github/workflows/pages.yml"),
    ),
    (".gitignore", include_str!("scaffold/gitignore")),
];

/// Where the scaffold's workflow names the parallax version it installs.
const VERSION_SLOT: &str = "__PARALLAX_VERSION__";

/// Creates a site in `dir`, which must be absent or empty. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Err(Error::Command(format!(
            "`{}` is a file; give a folder for the new site",
            dir.display()
        )));
    }
    if dir.is_dir() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Command(format!(
                "`{}` is not empty; give a new or empty folder so nothing is overwritten",
                dir.display()
            )));
        }
    }
    let mut written = Vec::with_capacity(FILES.len());
    for (relative, contents) in FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        // The workflow installs the release of the parallax that wrote it.
        let contents = contents.replace(VERSION_SLOT, env!("CARGO_PKG_VERSION"));
        std::fs::write(&path, contents).map_err(|e| Error::write(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
