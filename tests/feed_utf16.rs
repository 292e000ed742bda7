//! UTF-16 documents: quick-xml, under feed-rs, is known to panic on UTF-16BE input. Whatever it
//! does, `parse_feed` must answer with a value, never a panic.

use parallax::parse_feed;
use std::panic::{AssertUnwindSafe, catch_unwind};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<rss version="2.0"><channel><title>Wide</title>
<item><title>Caf&#233; talks</title><link>https://news.example/a</link></item>
</channel></rss>"#;

fn utf16(big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(RSS.encode_utf16());
    units
        .flat_map(|unit| match big_endian {
            true => unit.to_be_bytes(),
            false => unit.to_le_bytes(),
        })
        .collect()
}

fn assert_answers(bytes: &[u8], case: &str) {
    let answer = catch_unwind(AssertUnwindSafe(|| {
        parse_feed(bytes, Some("https://feeds.example/wide.xml"))
    }));
    match answer {
        Ok(Ok(feed)) => println!("{case}: ok, {} items", feed.items.len()),
        Ok(Err(error)) => {
            let reason = error.to_string();
            println!("{case}: {reason}");
            assert!(!reason.is_empty() && !reason.contains('\n'), "{case}");
        }
        Err(_) => panic!("{case}: a panic escaped parse_feed"),
    }
}

#[test]
fn utf16_big_endian_never_panics() {
    assert_answers(&utf16(true, true), "UTF-16BE with BOM");
    assert_answers(&utf16(true, false), "UTF-16BE without BOM");
}

#[test]
fn utf16_little_endian_never_panics() {
    assert_answers(&utf16(false, true), "UTF-16LE with BOM");
    assert_answers(&utf16(false, false), "UTF-16LE without BOM");
}
