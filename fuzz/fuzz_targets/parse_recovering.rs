//! Fuzzes the feed recovery layer, the code that runs on every fetched body however hostile.
//!
//! Panics inside the third-party parser are caught by design and become the feed's error; a panic
//! in the repairs themselves is reported as `the parser crashed: in the repair layer: ...`, which
//! this target turns back into a crash so libFuzzer sees it. The first input byte picks an HTTP
//! `Content-Type` so the charset path is fuzzed too.
//!
//! ```sh
//! cargo install cargo-fuzz
//! cd fuzz && cargo +nightly fuzz run parse_recovering corpus/parse_recovering ../../shared/data/feeds -- -dict=xml.dict -max_len=65536
//! ```

#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax::{FeedError, parse_recovering};

const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/rss+xml"),
    Some("text/xml; charset=utf-8"),
    Some("text/xml; charset=iso-8859-1"),
    Some("application/xml; charset=shift_jis"),
    Some("application/atom+xml; charset=\"utf-16\""),
];

fuzz_target!(|data: &[u8]| {
    let (content_type, body) = match data.split_first() {
        Some((first, rest)) => (
            CONTENT_TYPES[usize::from(*first) % CONTENT_TYPES.len()],
            rest,
        ),
        None => (None, data),
    };
    let result = parse_recovering(body, content_type, Some("https://feeds.example/feed.xml"));
    match result {
        Err(FeedError::Crashed(message)) if message.contains("in the repair layer") => {
            panic!("{message}")
        }
        Err(error) => assert!(!error.to_string().contains('\n'), "{error}"),
        Ok(recovered) => assert!(!recovered.summary().contains('\n')),
    }
});
