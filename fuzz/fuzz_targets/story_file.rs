//! Fuzzes a story file (front matter and Markdown), as the build reads content/stories/*.md.
//!
//! ```sh
//! cd fuzz && cargo +nightly fuzz run story_file -- -max_total_time=600
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parallax::fuzzing::story_file(&String::from_utf8_lossy(data));
});
