//! Fuzzes dates as story files and feeds give them.
//!
//! ```sh
//! cd fuzz && cargo +nightly fuzz run date -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::date(&String::from_utf8_lossy(data));
});
