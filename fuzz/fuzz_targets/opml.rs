//! Fuzzes an OPML file given to parallax import.
//!
//! ```sh
//! cd fuzz && cargo +nightly fuzz run opml -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::opml(&String::from_utf8_lossy(data));
});
