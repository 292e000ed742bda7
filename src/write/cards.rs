//! The share-card cache: rendered cards kept beside the output folder
//! (`.<output>.parallax-cards/<hash>.png`, never published), named by the hash of their SVG and of
//! the parallax that rendered them, so that a card whose story did not change is read, not
//! rendered again (most of a card's cost). A card's bytes depend only on its SVG, so a build is
//! byte-identical with or without the cache; entries are written through a temporary file and a
//! rename, and after a successful build the entries it did not use are removed. The scheduled
//! workflow keeps this folder between runs with `actions/cache`.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The cache of one output folder.
pub struct Cache {
    dir: PathBuf,
    generator: String,
}

impl Cache {
    pub fn new(target: &Path, generator: &str) -> Self {
        Cache {
            dir: crate::lock::sibling(target, "parallax-cards"),
            generator: generator.to_string(),
        }
    }

    /// The file name of a card's entry.
    fn key(&self, svg: &str) -> String {
        let hash = super::manifest::hash_bytes(format!("{}\0{svg}", self.generator).as_bytes());
        format!("{hash}.png")
    }

    /// The PNG of the card `svg` at output path `path`: from the cache, else rendered and kept.
    /// Returns the bytes and whether they were rendered.
    pub fn png(&self, path: &str, svg: &str) -> Result<(Vec<u8>, bool)> {
        let file = self.dir.join(self.key(svg));
        if let Ok(bytes) = std::fs::read(&file)
            && bytes.starts_with(b"\x89PNG")
        {
            return Ok((bytes, false));
        }
        let bytes = crate::render::card::png(svg, path)?;
        // A cache that cannot be written costs the next build the render, nothing else.
        let _ = crate::write::write_atomic(&file, &bytes);
        Ok((bytes, true))
    }

    /// Removes every entry but those of `svgs` (the cards of the build that just succeeded).
    pub fn keep_only<'a>(&self, svgs: impl Iterator<Item = &'a str>) -> Result<()> {
        let keep: HashSet<String> = svgs.map(|svg| self.key(svg)).collect();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(_) => return Ok(()),
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !keep.contains(&name) {
                let path = entry.path();
                std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
            }
        }
        Ok(())
    }
}
