//! Runs the third-party feed parser so that its panics cannot take a build down.
//!
//! feed-rs and quick-xml panic on some hostile inputs (UTF-16BE documents, for one). A panic in one
//! feed must become that feed's error, like any other malformed input, so the parser runs inside
//! `catch_unwind`. Rust's default panic hook would still print every such panic to stderr; a hook
//! that stays quiet while the current thread is inside the parser keeps the output readable. The flag
//! is thread-local, so feeds parsed on rayon threads do not silence one another's real panics.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

// Catching the parser's panics is how a hostile feed becomes a reported error: with `panic = "abort"`
// one bad feed would kill the whole build.
#[cfg(panic = "abort")]
compile_error!(
    "parallax must be built with `panic = \"unwind\"`: feed parsing catches parser panics"
);

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL_HOOK: Once = Once::new();

/// Runs `f`, turning a panic into its one-line message.
pub(super) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.set(was_quiet);
    result.map_err(|payload| panic_message(payload.as_ref()))
}

/// The first line of a panic's message, at most 200 characters.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message");
    let line = message.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None if line.is_empty() => "a panic without a message".to_string(),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        let caught = catch_panic(|| -> u8 { panic!("index out of bounds\nsecond line") });
        assert_eq!(caught, Err("index out of bounds".to_string()));
        let caught = catch_panic(|| -> u8 { panic!("{} items", 3) });
        assert_eq!(caught, Err("3 items".to_string()));
    }

    #[test]
    fn no_panic_passes_the_value_through_and_restores_the_flag() {
        assert_eq!(catch_panic(|| 7), Ok(7));
        assert!(!QUIET.get());
        let _ = catch_panic(|| -> u8 { panic!("boom") });
        assert!(!QUIET.get());
    }
}
