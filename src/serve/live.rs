//! The site as `serve` holds it: the last good build ([`Built`]), the error of the last failed
//! one (shown as an overlay), and a version that changes whenever either does, which the open
//! pages wait on to reload.

use super::built::Built;
use crate::error::Result;
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
    built: Option<Arc<Built>>,
    /// The overlay of the last build when it failed (HTML, escaped), else `None`.
    overlay: Option<Arc<str>>,
    version: u64,
}

impl Live {
    fn state(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left whole values behind: keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn built(&self) -> Option<Arc<Built>> {
        self.state().built.clone()
    }

    /// The file at `path` of the last good build (a page is rendered on first request).
    pub fn file(&self, path: &str) -> Option<Result<Arc<[u8]>>> {
        self.built()?.get(path)
    }

    /// Whether the last good build has a file at `path`.
    pub fn has(&self, path: &str) -> bool {
        self.built().is_some_and(|b| b.has(path))
    }

    /// The overlay to show on every page while the last build is broken.
    pub fn overlay(&self) -> Option<Arc<str>> {
        self.state().overlay.clone()
    }

    pub fn version(&self) -> u64 {
        self.state().version
    }

    /// Serves a good build from now on, clears the overlay; returns the build it replaces.
    pub fn serve(&self, built: Arc<Built>) -> Option<Arc<Built>> {
        let mut state = self.state();
        let previous = state.built.replace(built);
        if let Some(previous) = &previous {
            previous.replace();
        }
        state.overlay = None;
        self.bump(&mut state);
        previous
    }

    /// Stops the background rendering of the served build: a change is being rebuilt, which would
    /// make that work moot and compete with it for the processors.
    pub fn supersede(&self) {
        if let Some(built) = &self.state().built {
            built.replace();
        }
    }

    /// Records a failed build: the last good build stays, every page shows `overlay`.
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
