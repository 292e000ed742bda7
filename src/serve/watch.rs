//! Which files `serve` watches, and the watcher itself: `parallax.yaml`, `content/`, `templates/`,
//! `static/` and the theme's folder, with their changes debounced into batches (an editor's save
//! is often several events: a temporary file, a rename, a metadata change).

use crate::error::{Error, Result};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long the watcher waits for a burst of events to end before reporting it.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// The folders watched recursively, relative to the site root (the theme's is added).
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// A running watcher over one site.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    theme: String,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (whose theme is `theme`); each batch of changes to the
    /// files a build reads arrives on the receiver as their paths.
    pub fn start(root: &Path, theme: &str) -> Result<(Watcher, Receiver<Vec<PathBuf>>)> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
        let (sender, receiver) = channel();
        let filter_root = root.clone();
        let filter_theme = theme.to_string();
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let mut paths: Vec<PathBuf> = match result {
                // A build reads the files it watches: reading is not a change.
                Ok(events) => events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect(),
                Err(_) => vec![filter_root.join(crate::config::CONFIG_FILE)],
            };
            paths.retain(|p| relevant(&filter_root, &filter_theme, p));
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = sender.send(paths);
            }
        })
        .map_err(|e| watch_error(&root, e))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.clone(),
            theme: theme.to_string(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&root, e))?;
        watcher.refresh()?;
        Ok((watcher, receiver))
    }

    /// Watches the folders that exist now but did not when last looked (a new `templates/`).
    pub fn refresh(&mut self) -> Result<()> {
        let theme = Path::new("themes").join(&self.theme);
        let folders = FOLDERS.iter().map(PathBuf::from).chain([theme]);
        for folder in folders.map(|f| self.root.join(f)) {
            if folder.is_dir() && !self.watched.contains(&folder) {
                self.debouncer
                    .watch(&folder, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&folder, e))?;
                self.watched.push(folder);
            }
        }
        Ok(())
    }
}

fn watch_error(path: &Path, error: notify_debouncer_full::notify::Error) -> Error {
    Error::Command(format!(
        "cannot watch `{}` for changes: {error}",
        crate::error::display_path(path)
    ))
}

/// Whether a change at `path` can change the site: a file a build reads, not an editor's
/// temporary or backup file.
fn relevant(root: &Path, theme: &str, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp"].iter().any(|e| name.ends_with(e));
    let theme = Path::new("themes").join(theme);
    let read = rel == Path::new(crate::config::CONFIG_FILE)
        || FOLDERS.iter().any(|f| rel.starts_with(f))
        || rel.starts_with(&theme);
    read && !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_a_build_reads_count() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, "paper", &root.join(p));
        assert!(yes("parallax.yaml"));
        assert!(yes("content/stories/a.md"));
        assert!(yes("templates/story.html"));
        assert!(yes("static/logo.png"));
        assert!(yes("themes/paper/templates/base.html"));
        assert!(!yes("themes/other/templates/base.html"));
        assert!(!yes("output/index.html"));
        assert!(!yes("content/stories/.a.md.swp"));
        assert!(!yes("content/stories/a.md~"));
        assert!(!yes("README.md"));
        assert!(!relevant(
            root,
            "paper",
            Path::new("/elsewhere/parallax.yaml")
        ));
    }
}
