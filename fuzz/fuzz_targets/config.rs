//! Fuzzes parallax.yaml.
//!
//! ```sh
//! cd fuzz && cargo +nightly fuzz run config -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::config(&String::from_utf8_lossy(data));
});
