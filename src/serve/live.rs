//! The site as `serve` holds it: every file of the last good build in memory, the error of the
//! last failed one (shown as an overlay), and a version that changes whenever either does, which
//! the open pages wait on to reload.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The served site, shared by the HTTP threads and the rebuilding thread.
#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Every file of the last good build, by `/`-separated output path.
    files: HashMap<String, Arc<[u8]>>,
    /// The overlay of the last build when it failed (HTML, escaped), else `None`.
    overlay: Option<Arc<str>>,
    version: u64,
}

impl Live {
    fn state(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left whole values behind: keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file at `path` of the last good build.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        self.state().files.get(path).cloned()
    }

    /// Whether the last good build has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.state().files.contains_key(path)
    }

    /// The overlay to show on every page while the last build is broken.
    pub fn overlay(&self) -> Option<Arc<str>> {
        self.state().overlay.clone()
    }

    pub fn version(&self) -> u64 {
        self.state().version
    }

    /// Takes a good build's files: replaces those whose bytes changed, drops those it no longer
    /// has, clears the overlay. Returns how many files changed (new, changed or gone).
    pub fn update(&self, files: Vec<(String, Vec<u8>)>, complete: bool) -> usize {
        let mut state = self.state();
        let mut changed = 0;
        let mut seen = std::collections::HashSet::with_capacity(files.len());
        for (path, bytes) in files {
            let same = state.files.get(&path).is_some_and(|old| **old == *bytes);
            if !same {
                changed += 1;
                state.files.insert(path.clone(), bytes.into());
            }
            if complete {
                seen.insert(path);
            }
        }
        if complete {
            let before = state.files.len();
            state.files.retain(|path, _| seen.contains(path));
            changed += before - state.files.len();
        }
        if changed > 0 || state.overlay.is_some() {
            state.overlay = None;
            self.bump(&mut state);
        }
        changed
    }

    /// Records a failed build: the last good files stay, every page shows `overlay`.
    pub fn fail(&self, overlay: String) {
        let mut state = self.state();
        state.overlay = Some(overlay.into());
        self.bump(&mut state);
    }

    fn bump(&self, state: &mut State) {
        state.version += 1;
        self.changed.notify_all();
    }

    /// Waits until the version is no longer `seen`, at most `limit`; returns the version then.
    pub fn wait_change(&self, seen: u64, limit: Duration) -> u64 {
        let state = self.state();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, limit, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        state.version
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(p, b)| (p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn only_changed_files_count_and_bump_the_version() {
        let live = Live::default();
        assert_eq!(live.update(files(&[("a", "1"), ("b", "2")]), true), 2);
        let version = live.version();
        assert_eq!(live.update(files(&[("a", "1"), ("b", "2")]), true), 0);
        assert_eq!(live.version(), version, "nothing changed");
        assert_eq!(live.update(files(&[("a", "1"), ("c", "3")]), true), 2);
        assert!(!live.has("b"), "gone with a complete build");
        assert_eq!(live.update(files(&[("c", "4")]), false), 1);
        assert!(live.has("a"), "kept by a partial update");
    }

    #[test]
    fn a_failure_keeps_the_files_and_a_good_build_clears_it() {
        let live = Live::default();
        live.update(files(&[("a", "1")]), true);
        live.fail("broken".into());
        assert_eq!(live.file("a").as_deref(), Some(&b"1"[..]));
        assert_eq!(live.overlay().as_deref(), Some("broken"));
        let version = live.version();
        live.update(files(&[("a", "1")]), true);
        assert!(live.overlay().is_none());
        assert!(
            live.version() > version,
            "clearing the overlay reloads the pages"
        );
    }
}
