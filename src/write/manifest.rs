//! What the last build made, kept beside the output folder (`.<output>.parallax-manifest`, never
//! published): a hash of every input the build read, and a hash and size of every file it wrote.
//!
//! With it a rebuild does only what changed. When no input changed and the output is still what the
//! manifest says, the build stops before loading anything and writes no file. Otherwise pages are
//! rendered as usual, and a file whose bytes are the same as before is hard-linked from the current
//! output into the staging folder instead of written again, so the swap stays all-or-nothing while
//! unchanged files keep their inode and modification time.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// The manifest of one output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The parallax that built it (version and commit): another one renders differently.
    pub generator: String,
    /// The hash of every input file and build option.
    pub inputs: String,
    /// When the first story the build left out for its date is due: from then on the same inputs
    /// make another site.
    #[serde(default)]
    pub next_due: Option<crate::model::Timestamp>,
    /// The time the build published at: a build at an earlier time (`--now`) may publish less.
    #[serde(default)]
    pub built_at: Option<crate::model::Timestamp>,
    /// Every file written, by `/`-separated path: its size and content hash.
    pub files: BTreeMap<String, (u64, String)>,
    /// Every page, by path: the hash of its template set and context (`Renderer::fingerprint`),
    /// so that the next build can keep a page whose view did not change without rendering it.
    #[serde(default)]
    pub views: BTreeMap<String, String>,
    /// What the build reported, to report again when nothing changed.
    pub summary: Summary,
}

/// The figures and warnings of a build, as `parallax build` prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub stories: usize,
    pub sources: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub story_page_bytes: u64,
    pub search_index_bytes: u64,
    /// Share cards (PNG) and their bytes together.
    #[serde(default)]
    pub share_cards: usize,
    #[serde(default)]
    pub share_card_bytes: u64,
    pub warnings: Vec<String>,
}

impl Manifest {
    /// The manifest kept for `target`, if it reads.
    pub fn read(target: &Path) -> Option<Manifest> {
        Manifest::read_at(&path(target))
    }

    /// The manifest in the file `file`, if it reads.
    pub fn read_at(file: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(file).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Saves it beside `target` (atomically); a failure only costs the next build its shortcut.
    pub fn save(&self, target: &Path) {
        let text = serde_json::to_string(self).expect("manifests serialise");
        let _ = crate::write::write_atomic(&path(target), text.as_bytes());
    }

    /// Whether `target` still holds every file the manifest lists, at its size (a cheap check
    /// that nobody deleted or truncated the output by hand).
    pub fn output_intact(&self, target: &Path) -> bool {
        self.files.iter().all(|(file, (size, _))| {
            std::fs::metadata(target.join(file)).is_ok_and(|m| m.is_file() && m.len() == *size)
        })
    }

    /// Whether this manifest describes a build of exactly these inputs by this parallax, with no
    /// scheduled story due at `now`, whose output is still in place: then there is nothing to do.
    pub fn up_to_date(
        &self,
        generator: &str,
        inputs: &str,
        now: crate::model::Timestamp,
        target: &Path,
    ) -> bool {
        !inputs.is_empty()
            && self.generator == generator
            && self.inputs == inputs
            && self.next_due.is_none_or(|due| now < due)
            && self.built_at.is_none_or(|at| at <= now)
            && self.output_intact(target)
    }

    /// Whether the previous build wrote the bytes of this `size` and content `hash` at `file`.
    pub fn unchanged(&self, file: &str, size: u64, hash: &str) -> bool {
        lists(&self.files, file, size, hash)
    }
}

/// Whether `files` (size and content hash by path) lists `file` with this `size` and `hash`.
pub fn lists(files: &BTreeMap<String, (u64, String)>, file: &str, size: u64, hash: &str) -> bool {
    files
        .get(file)
        .is_some_and(|(s, h)| *s == size && h == hash)
}

/// Where the manifest of `target` is kept.
pub fn path(target: &Path) -> std::path::PathBuf {
    crate::lock::sibling(target, "parallax-manifest")
}

/// A file's content hash: 128-bit XXH3 in hex, fast enough for a 1 GB output.
pub fn hash_bytes(bytes: &[u8]) -> String {
    format!("{:032x}", xxh3_128(bytes))
}

/// The hash of everything a build of the site reads: the config, `content/` (stories, sources,
/// archive, clusters, local feeds), the site's templates and static files, its theme folder, the
/// local feed files its sources list outside `content/`, and `options` (the generator and the
/// build options). The output folder is left out when it is inside the site.
pub fn site_inputs(config: &crate::config::Config, options: &str) -> String {
    let root = &config.paths.root;
    let theme = format!("themes/{}", config.theme);
    let mut roots: Vec<String> = [
        "parallax.yaml",
        "content",
        "templates",
        "static",
        theme.as_str(),
    ]
    .iter()
    .map(|r| r.to_string())
    .collect();
    if let Ok(sources) = crate::load::sources_of(config) {
        for source in sources.all() {
            roots.extend(
                source
                    .feeds
                    .iter()
                    .filter(|f| !crate::fetch::is_remote(f) && !f.starts_with("content/"))
                    .cloned(),
            );
        }
    }
    let roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    let options = format!(
        "{options}|{}|{}",
        config.base_url,
        config.paths.output.display()
    );
    hash_inputs(root, &roots, &[&config.paths.output], &options)
}

/// The hash of a build's inputs: `options` (base URL, drafts, ...), then every file under the
/// `roots` (paths relative to `site`, in sorted order, with their content). Folders that do not
/// exist count as empty; `skip` names folders inside them to leave out (the output folder, when
/// it is inside the site).
pub fn hash_inputs(site: &Path, roots: &[&str], skip: &[&Path], options: &str) -> String {
    let mut files = Vec::new();
    for root in roots {
        let walker = walkdir::WalkDir::new(site.join(root))
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !skip.iter().any(|s| e.path().starts_with(s)));
        for entry in walker {
            // A folder that does not exist is empty; any other entry that cannot be walked (a
            // dangling link, a folder without permission) never matches: the build reports it.
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) if e.depth() == 0 && !site.join(root).exists() => break,
                Err(_) => return String::new(),
            };
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    // Each file's length and hash on every core (10,000 story files are ~90 MB), then all of
    // them in order. An unreadable input never matches: the build reads it and reports why.
    let hashes: Option<Vec<(u64, u128)>> =
        files.par_iter().map(|path| hash_file(path).ok()).collect();
    let Some(hashes) = hashes else {
        return String::new();
    };
    let mut hasher = Xxh3::new();
    hasher.update(options.as_bytes());
    for (path, (len, hash)) in files.iter().zip(hashes) {
        let rel = path.strip_prefix(site).unwrap_or(path);
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update(&[0]);
        hasher.update(&len.to_le_bytes());
        hasher.update(&hash.to_le_bytes());
    }
    format!("{:032x}", hasher.digest128())
}

/// A file's length and the hash of its content: read whole when small, else streamed a block at
/// a time (a local feed file may be large).
fn hash_file(path: &Path) -> std::io::Result<(u64, u128)> {
    use std::io::Read;
    const WHOLE: u64 = 1 << 20;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len <= WHOLE {
        let mut bytes = Vec::with_capacity(len as usize + 1);
        file.read_to_end(&mut bytes)?;
        return Ok((len, xxh3_128(&bytes)));
    }
    let mut hasher = Xxh3::new();
    let mut block = vec![0; 64 * 1024];
    loop {
        match file.read(&mut block)? {
            0 => return Ok((len, hasher.digest128())),
            n => hasher.update(&block[..n]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_hash_changes_with_any_file_and_with_the_options() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        std::fs::create_dir_all(site.join("content/stories")).unwrap();
        std::fs::create_dir_all(site.join("output")).unwrap();
        std::fs::write(site.join("parallax.yaml"), "title: t\n").unwrap();
        std::fs::write(site.join("content/stories/a.md"), "one").unwrap();
        std::fs::write(site.join("output/index.html"), "x").unwrap();
        let skip = [site.join("output")];
        let skip: Vec<&Path> = skip.iter().map(|p| p.as_path()).collect();
        let hash = |opts: &str| {
            hash_inputs(
                site,
                &["parallax.yaml", "content", "templates"],
                &skip,
                opts,
            )
        };
        let first = hash("");
        assert_eq!(first, hash(""), "stable");
        assert_ne!(first, hash("--drafts"));
        std::fs::write(site.join("output/index.html"), "changed output").unwrap();
        assert_eq!(first, hash(""), "the output is not an input");
        std::fs::write(site.join("content/stories/a.md"), "two").unwrap();
        assert_ne!(first, hash(""));
        std::fs::write(site.join("content/stories/a.md"), "one").unwrap();
        std::fs::write(site.join("content/stories/b.md"), "").unwrap();
        assert_ne!(first, hash(""), "a new empty file counts");
    }

    #[test]
    fn a_manifest_knows_unchanged_bytes_and_an_intact_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("a.html"), "same").unwrap();
        let mut manifest = Manifest::default();
        manifest
            .files
            .insert("a.html".into(), (4, hash_bytes(b"same")));
        let unchanged = |file: &str, bytes: &[u8]| {
            manifest.unchanged(file, bytes.len() as u64, &hash_bytes(bytes))
        };
        assert!(unchanged("a.html", b"same"));
        assert!(!unchanged("a.html", b"diff"));
        assert!(!unchanged("b.html", b"same"));
        assert!(manifest.output_intact(&out));
        std::fs::write(out.join("a.html"), "shorter? no, longer").unwrap();
        assert!(!manifest.output_intact(&out));
        manifest.save(&out);
        assert_eq!(Manifest::read(&out), Some(manifest));
    }

    #[test]
    fn a_scheduled_story_coming_due_ends_up_to_date() {
        use chrono::TimeZone;
        let tmp = tempfile::tempdir().unwrap();
        let at = |h| chrono::Utc.with_ymd_and_hms(2026, 3, 1, h, 0, 0).unwrap();
        let manifest = Manifest {
            generator: "g".into(),
            inputs: "i".into(),
            next_due: Some(at(8)),
            built_at: Some(at(6)),
            ..Manifest::default()
        };
        let fresh = |now| manifest.up_to_date("g", "i", now, tmp.path());
        assert!(fresh(at(6)) && fresh(at(7)));
        assert!(!fresh(at(8)), "the story is due");
        assert!(!fresh(at(5)), "an earlier time may publish less");
    }
}
