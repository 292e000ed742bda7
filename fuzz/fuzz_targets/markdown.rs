//! Fuzzes a story body through Markdown and the HTML sanitiser: no script, handler or script URL may survive.
//!
//! ```sh
//! cd fuzz && cargo +nightly fuzz run markdown -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::markdown(&String::from_utf8_lossy(data));
});
