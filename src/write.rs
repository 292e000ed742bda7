//! The one place output bytes reach the disk (and, with `write_atomic`, the archive's and the
//! registry's files).
//!
//! A build writes into a fresh staging folder beside the output folder and swaps it in only when
//! every page is written, so a build that fails leaves the previous `output/` exactly as it was.
//! The build holds the output folder's lock from the staging folder's creation to the end of the
//! swap (`crate::lock`); the swap itself is atomic where the system allows it (`swap`).

mod cards;
pub mod manifest;
mod spare;
mod swap;

use crate::error::{Error, Result};
use crate::lock::{Lock, LockWait};
use manifest::Manifest;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A staging folder that becomes the output folder on `commit`, and is removed if dropped before.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// What the folder holds when it was made from the previous output's spare (`spare`);
    /// `None` when it started empty.
    held: Option<spare::Files>,
    /// The staging folder, for a stop on a signal to remove.
    _temporary: crate::stop::Temporary,
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
        remove_left_temporaries(target);
        let dir = swap::staging_dir(target, std::process::id());
        let temporary = crate::stop::Temporary::new(&dir);
        let held = spare::take(target, &dir)?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            held,
            _temporary: temporary,
            _lock: lock,
        })
    }

    /// Writes one file at a `/`-separated path inside the output, whose content hash is `hash`,
    /// unless the staging folder already holds these bytes there (made from the spare), or
    /// `previous` says the output does: then that file is hard-linked into the staging folder (no
    /// bytes written, its time stamps kept). Returns whether bytes were written.
    pub fn put(
        &self,
        relative: &str,
        (bytes, hash): (&[u8], &str),
        previous: Option<&Manifest>,
    ) -> Result<bool> {
        let rel = safe_path(relative)?;
        let size = bytes.len() as u64;
        if self.holds(relative, size, hash) {
            return Ok(false);
        }
        if previous.is_some_and(|m| m.unchanged(relative, size, hash)) && self.keep(rel) {
            return Ok(false);
        }
        self.write(relative, bytes)?;
        Ok(true)
    }

    /// Whether the staging folder, made from the spare, holds these bytes at `relative` already.
    fn holds(&self, relative: &str, size: u64, hash: &str) -> bool {
        self.held
            .as_ref()
            .is_some_and(|held| manifest::lists(held, relative, size, hash))
    }

    /// Makes room at `path` in a staging folder made from the spare: what is there may be a link
    /// to a file of the live output, so it is replaced, never written through.
    fn clear(&self, path: &Path) {
        if self.held.is_some() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Removes from a staging folder made from the spare what this build does not make (the
    /// build's every path is in `made`).
    pub fn prune(&self, made: &std::collections::HashSet<&str>) -> Result<()> {
        match &self.held {
            Some(held) => spare::prune(&self.dir, held, made),
            None => Ok(()),
        }
    }

    /// What the previous build recorded for its `relative` page (its view, size and content hash),
    /// when that build was made by this same parallax and the file is still there at that size:
    /// what a rebuild compares the page's fingerprint to.
    pub fn recorded<'m>(
        &self,
        relative: &str,
        previous: Option<&'m Manifest>,
    ) -> Option<(&'m str, u64, &'m str)> {
        let previous = previous?;
        let view = previous.views.get(relative)?;
        let (size, hash) = previous.files.get(relative)?;
        let intact = std::fs::metadata(self.target.join(relative)).is_ok_and(|m| m.len() == *size);
        intact.then_some((view.as_str(), *size, hash.as_str()))
    }

    /// Keeps the current output's `relative` file, of `size` and `hash` (see
    /// [`Staging::recorded`]): already there when the staging folder holds it from the spare,
    /// else linked; false when it cannot.
    pub fn reuse(&self, relative: &str, size: u64, hash: &str) -> bool {
        self.holds(relative, size, hash) || safe_path(relative).is_ok_and(|rel| self.keep(rel))
    }

    /// Links the current output's copy of `rel` into the staging folder; false when it cannot.
    fn keep(&self, rel: &Path) -> bool {
        let (from, to) = (self.target.join(rel), self.dir.join(rel));
        self.clear(&to);
        !crate::stop::stopping()
            && to
                .parent()
                .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
            && std::fs::hard_link(&from, &to).is_ok()
    }

    /// Writes one file at a `/`-separated path inside the output; paths that would leave it are refused.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        if crate::stop::stopping() {
            return Err(stopped());
        }
        let rel = safe_path(relative)?;
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        self.clear(&path);
        std::fs::write(&path, bytes).map_err(|e| Error::write(&self.target.join(rel), e))
    }

    /// Swaps the staging folder in as the output folder; the previous output becomes the spare
    /// (`spare`) when its manifest says what it holds, else it is removed, while `meanwhile` runs
    /// (what the build does once the new output is in place).
    pub fn commit(mut self, meanwhile: impl FnOnce() + Send) -> Result<()> {
        let critical = crate::stop::critical();
        if crate::stop::stopping() {
            return Err(stopped());
        }
        // The output's manifest goes with it: to the spare, or away (the output is replaced).
        let listed = spare::before_swap(&self.target);
        let old = swap::swap(&self.dir, &self.target)?;
        self.committed = true;
        drop(critical);
        let (kept, ()) = rayon::join(
            || old.map_or(Ok(()), |old| spare::after_swap(&self.target, &old, listed)),
            meanwhile,
        );
        kept
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// What [`site`] needs besides the site: who builds it and from what (for the manifest), the
/// build's warnings, and what to do when another build holds the output folder.
pub struct Build<'a> {
    pub generator: &'a str,
    pub inputs: &'a str,
    /// When the next story left out for its date is due (then the build is no longer up to date).
    pub next_due: Option<crate::model::Timestamp>,
    /// The time the build publishes at.
    pub now: crate::model::Timestamp,
    pub warnings: Vec<String>,
    pub wait: LockWait,
    /// Share cards to rasterise, by output path, as SVG (`render::card::all`).
    pub cards: Vec<(String, String)>,
}

/// What [`site`] did.
pub struct Written {
    pub summary: manifest::Summary,
    /// Files whose bytes were written (the others were linked from the previous output).
    pub files_written: usize,
    /// Share cards rendered (the others came from the card cache).
    pub cards_rendered: usize,
    /// Pages rendered (the others were kept: same templates, same context).
    pub pages_rendered: usize,
}

/// The summary of the last build into `target` when that build read exactly these `inputs` with
/// this `generator`, its output is still in place and no story it left out for its date is due
/// at `now`: nothing to do but remove what killed builds left beside it.
pub fn up_to_date(
    target: &Path,
    generator: &str,
    inputs: &str,
    now: crate::model::Timestamp,
    wait: LockWait,
) -> Result<Option<manifest::Summary>> {
    let Some(previous) = Manifest::read(target) else {
        return Ok(None);
    };
    // A build swapping its output in right now would make the check meaningless.
    let _lock = Lock::output(target, wait)?;
    if !previous.up_to_date(generator, inputs, now, target) {
        return Ok(None);
    }
    // Nothing to build, but what killed builds left beside the output goes all the same (a build
    // killed mid-way leaves the output it did not replace up to date).
    swap::remove_left_behind(target)?;
    remove_left_temporaries(target);
    Ok(Some(previous.summary))
}

/// Keeps the key points this build chose beside `output`, for the next build (a memo: when it
/// cannot be written, the next build chooses them again).
pub fn known_points(output: &Path, chosen: &crate::coverage::known::Known) {
    let path = crate::coverage::known::path(output);
    let _ = write_atomic(&path, chosen.to_text().as_bytes());
}

/// Renders every page of `site` and writes them with `files` into a staging folder that replaces
/// the output folder at the end (all or nothing); a file the previous output holds byte for byte
/// is linked, not written. Records the manifest of the new output.
pub fn site(
    site: &crate::site::Site,
    renderer: &crate::render::Renderer,
    files: Vec<(String, Vec<u8>)>,
    build: Build,
) -> Result<Written> {
    let target = &site.config.paths.output;
    // Without the output it describes, the previous manifest has nothing to keep: the build is a
    // first build.
    let previous = Manifest::read(target).filter(|_| target.is_dir());
    let staging = Staging::new(target, &site.config.paths.root, build.wait)?;
    // What a spare holds that this build does not make goes first, so that nothing stale is in
    // the way of a new file (a file where a folder is now, or the reverse).
    let page_files: Vec<String> = site.pages.iter().map(|p| p.output_file()).collect();
    let made = files
        .iter()
        .map(|(path, _)| path.as_str())
        .chain(build.cards.iter().map(|(path, _)| path.as_str()))
        .chain(page_files.iter().map(String::as_str))
        .collect();
    staging.prune(&made)?;
    let entry = |path: &str, bytes: &[u8]| -> Result<(String, u64, String, bool)> {
        let hash = manifest::hash_bytes(bytes);
        let written = staging.put(path, (bytes, &hash), previous.as_ref())?;
        Ok((path.to_string(), bytes.len() as u64, hash, written))
    };
    let mut entries = files
        .par_iter()
        .map(|(path, bytes)| entry(path, bytes))
        .collect::<Result<Vec<_>>>()?;
    let search_index_bytes = entries
        .iter()
        .filter(|(path, ..)| path.starts_with("search/"))
        .map(|(_, size, ..)| size)
        .sum();
    let cache = cards::Cache::new(target, build.generator);
    let cards = build
        .cards
        .par_iter()
        .with_max_len(1)
        .map(|(path, svg)| {
            let (bytes, rendered) = cache.png(path, svg)?;
            Ok((entry(path, &bytes)?, rendered))
        })
        .collect::<Result<Vec<_>>>()?;
    let cards_rendered = cards.iter().filter(|(_, rendered)| *rendered).count();
    let share_card_bytes = cards.iter().map(|((_, size, ..), _)| size).sum();
    let share_cards = cards.len();
    entries.extend(cards.into_iter().map(|(entry, _)| entry));
    // Costliest pages first and one page per job, so that a worker can always take the next page
    // from another: the render ends with both busy, not with one big page running alone.
    let order = crate::render::order::costliest_first(site);
    // A page whose views and templates hash as they did last time, by the same parallax, is the
    // same bytes: the previous file is kept without making its JSON or rendering it again.
    let same_generator = previous.as_ref().filter(|m| m.generator == build.generator);
    let pages = order
        .par_iter()
        .with_max_len(1)
        .map(|&k| {
            let page = &site.pages[k];
            let file = page_files[k].clone();
            if let Some((recorded, size, hash)) = staging.recorded(&file, same_generator)
                && let Some(view) = renderer.page_fingerprint(site, page)
                && view == recorded
                && staging.reuse(&file, size, hash)
            {
                return Ok(((file, size, hash.to_string(), false), Some(view), false));
            }
            // A first build hashes its pages' views too (a few percent of its time), so that the
            // next build, the edit loop's first, already keeps what did not change.
            let context = renderer.hashed_context(site, page);
            let view = renderer.fingerprint(&context);
            let bytes = renderer.render_context(context)?;
            Ok((entry(&file, &bytes)?, view, true))
        })
        .collect::<Result<Vec<_>>>()?;
    let pages_rendered = pages.iter().filter(|(_, _, rendered)| *rendered).count();
    let mut views = BTreeMap::new();
    let pages: Vec<_> = pages
        .into_iter()
        .map(|(entry, view, _)| {
            if let Some(view) = view {
                views.insert(entry.0.clone(), view);
            }
            entry
        })
        .collect();
    let story_page_bytes = order
        .iter()
        .zip(&pages)
        .filter(|(k, _)| matches!(site.pages[**k].kind, crate::site::PageKind::Story(_)))
        .map(|(_, (_, size, _, _))| size)
        .sum();
    entries.extend(pages);
    let bytes = entries.iter().map(|(_, size, _, _)| size).sum();
    let mut warnings = build.warnings;
    warnings.extend(pages_upload_warning(bytes, share_card_bytes));
    let summary = manifest::Summary {
        stories: site.stories.len(),
        sources: site.sources.len(),
        pages: site.pages.len(),
        files: entries.len(),
        bytes,
        story_page_bytes,
        search_index_bytes,
        share_cards,
        share_card_bytes,
        warnings,
    };
    let files_written = entries.iter().filter(|(.., written)| *written).count();
    let next = Manifest {
        generator: build.generator.to_string(),
        inputs: build.inputs.to_string(),
        next_due: build.next_due,
        built_at: Some(build.now),
        files: entries
            .into_iter()
            .map(|(path, size, hash, _)| (path, (size, hash)))
            .collect(),
        views,
        summary: summary.clone(),
    };
    let mut kept = Ok(());
    staging.commit(|| {
        next.save(target);
        kept = cache.keep_only(build.cards.iter().map(|(_, svg)| svg.as_str()));
    })?;
    kept?;
    Ok(Written {
        summary,
        files_written,
        cards_rendered,
        pages_rendered,
    })
}

/// The size GitHub's Pages workflow checks is its upload, the output zipped: pages, feeds and the
/// search index shrink five- to sevenfold (measured: 2.3 GB of benchmark output upload as 332 MB),
/// share cards (PNG) not at all. Above 1 GB, `actions/deploy-pages` warns that the deployment may
/// fail: say so, with the cards' part and what to do, before a scheduled run finds out.
fn pages_upload_warning(bytes: u64, card_bytes: u64) -> Option<String> {
    const LIMIT: u64 = 1 << 30;
    // Five: the least the benchmark's HTML, XML and JSON compress by, so the estimate errs high.
    let upload = card_bytes + bytes.saturating_sub(card_bytes) / 5;
    if upload <= LIMIT {
        return None;
    }
    let mb = |b: u64| b / 1_000_000;
    let (cards, fix) = if card_bytes * 2 > LIMIT {
        (
            format!(
                " ({} MB of it share cards, which do not compress)",
                mb(card_bytes)
            ),
            "set `share_cards:` to a number (the N most recently updated stories keep their card; \
             2000 is about 40 MB) or `false`",
        )
    } else {
        (String::new(), "see \"Page sizes\" in parallax's README")
    };
    Some(format!(
        "the output is {} MB{cards}; zipped for GitHub Pages it will be about {} MB, above the \
         1 GB (1,024 MiB) that actions/deploy-pages accepts without warning that the deployment \
         may fail: {fix}",
        mb(bytes),
        mb(upload)
    ))
}

/// What a write refused after a stop signal says (the process exits before anyone reads it).
fn stopped() -> Error {
    Error::Command("stopped by a signal".into())
}

/// A `/`-separated path that stays inside the output folder.
fn safe_path(relative: &str) -> Result<&Path> {
    let rel = Path::new(relative);
    let safe = !relative.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(Error::Command(format!(
            "refusing to write `{relative}`: it is not a plain path inside the output folder"
        )));
    }
    Ok(rel)
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

/// Removes the temporary files killed runs left beside the output folder `target`: the
/// `.<file>.tmp-<pid>` that [`write_atomic`] (and the memo) write before renaming them over the
/// files parallax keeps next to the output (`.<output>.parallax-manifest`, `-keypoints`,
/// `-parsed`). A file of a process that still runs is kept (see `lock::left_behind`).
pub fn remove_left_temporaries(target: &Path) {
    let (parent, name) = crate::lock::parent_and_name(target);
    let ours = format!("..{name}.parallax-");
    for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&ours)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && left_temporary(&file, &entry.path())
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Where process `pid` writes `path` before renaming it into place: `.<name>.tmp-<pid>` beside it.
pub fn temporary_path(path: &Path, pid: u32) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.tmp-{pid}"))
}

/// Whether the file named `name` at `path` is a temporary file (named as [`temporary_path`]
/// names them) that a run which no longer exists left behind (see `lock::left_behind`).
pub fn left_temporary(name: &str, path: &Path) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| crate::lock::left_behind(pid, path))
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    let temp = temporary_path(path, std::process::id());
    let _temporary = crate::stop::Temporary::new(&temp);
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
