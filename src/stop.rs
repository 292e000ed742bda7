//! A clean stop on SIGINT, SIGTERM or SIGHUP (Ctrl-C, a scheduler's time-out): the temporary files
//! and folders the run has made are removed, and it exits with 130. The archive and `output/` stay
//! whole without help: every file there is replaced in one rename, never written in place.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// The temporary files and folders that exist now, by the guards that made them. Its lock is also
/// held while an output folder is swapped in, so a stop never removes a folder mid-swap.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Set when a signal asked the run to stop: nothing more is written or swapped in.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Whether a signal asked the run to stop.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// When a signal asked the run to stop, waits for its handler to end the process.
pub fn wait_if_stopping() {
    while stopping() {
        std::thread::park_timeout(std::time::Duration::from_secs(1));
    }
}

/// Held across a step that a stop must not cut in two (swapping the output in): a stop waits for
/// it, and a step that starts after a stop never gets it (the process exits first).
pub fn critical() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    temporary()
}

fn temporary() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Makes SIGINT, SIGTERM and SIGHUP stop the run cleanly (once per process; the binary calls it).
pub fn on_signal() {
    let _ = ctrlc::set_handler(|| {
        STOPPING.store(true, Ordering::SeqCst);
        // Writes under way end (new ones are refused) before their folder is removed.
        std::thread::sleep(std::time::Duration::from_millis(50));
        for path in temporary().drain(..) {
            let _ = match path.is_dir() {
                true => std::fs::remove_dir_all(&path),
                false => std::fs::remove_file(&path),
            };
        }
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "stopped: nothing was changed by this run's unfinished work"
        );
        std::process::exit(130);
    });
}

/// A temporary file or folder a stop removes, for as long as the guard lives.
#[derive(Debug)]
pub struct Temporary(PathBuf);

impl Temporary {
    pub fn new(path: &Path) -> Temporary {
        temporary().push(path.to_path_buf());
        Temporary(path.to_path_buf())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let mut all = temporary();
        if let Some(i) = all.iter().rposition(|p| *p == self.0) {
            all.swap_remove(i);
        }
    }
}
