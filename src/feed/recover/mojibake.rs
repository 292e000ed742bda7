//! Mojibake: UTF-8 text that went through a windows-1252 (or latin-1) decoder somewhere upstream
//! and came out as `ActualitÃ©s` or `itâ€™s`. The bytes of the document are fine; the text in it is
//! not. It is detected in the parsed titles and summaries, and repaired in the document's text
//! and CDATA before parsing again (parsing collapses the no-break spaces and drops the C1 controls
//! that mojibake needs, as in `Ã\u{A0}` for `à`); what a document repair cannot reach (JSON Feed
//! strings) is repaired in the parsed fields.
//!
//! The check is a round trip: a run of characters that windows-1252 encodes to bytes that form
//! valid multi-byte UTF-8 sequences is such text, and is replaced by what those sequences decode to.
//! Correct text does not survive that test: `é` alone is byte E9, which starts no valid UTF-8
//! sequence before ASCII; Japanese, Cyrillic and other scripts are outside windows-1252 entirely.

use super::super::ParsedFeed;
use super::repair::Repair;
use super::scan::{Token, pieces};
use encoding_rs::WINDOWS_1252;
use std::sync::OnceLock;

/// How many fields of the feed hold mojibake.
pub(super) fn count(feed: &ParsedFeed) -> usize {
    fields(feed)
        .filter(|text| repair_text(text).is_some())
        .count()
}

/// Repairs mojibake in the text and CDATA sections of an XML document.
pub(super) fn in_document(text: &str) -> Option<(String, Repair)> {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for piece in pieces(text) {
        let segment = &text[piece.span];
        let fixed = match piece.token {
            Token::Text => repair_text(segment),
            Token::CData => segment
                .get(9..segment.len().saturating_sub(3))
                .and_then(repair_text)
                .map(|inner| format!("<![CDATA[{inner}]]>")),
            _ => None,
        };
        match fixed {
            Some(fixed) => {
                out.push_str(&fixed);
                count += 1;
            }
            None => out.push_str(segment),
        }
    }
    (count > 0).then_some((out, Repair::RepairedMojibake { count }))
}

/// Repairs every field with mojibake; how many were repaired.
pub(super) fn repair(feed: &mut ParsedFeed) -> usize {
    let mut repaired = 0;
    let mut fix = |text: &mut String| {
        if let Some(fixed) = repair_text(text) {
            *text = fixed;
            repaired += 1;
        }
    };
    if let Some(title) = &mut feed.title {
        fix(title);
    }
    for item in &mut feed.items {
        fix(&mut item.title);
        if let Some(summary) = &mut item.summary {
            fix(summary);
        }
        item.authors.iter_mut().for_each(&mut fix);
        item.categories.iter_mut().for_each(&mut fix);
    }
    repaired
}

fn fields(feed: &ParsedFeed) -> impl Iterator<Item = &String> {
    feed.title.iter().chain(feed.items.iter().flat_map(|item| {
        std::iter::once(&item.title)
            .chain(&item.summary)
            .chain(&item.authors)
            .chain(&item.categories)
    }))
}

/// The text with its mojibake undone (twice at most, for text encoded three times); `None` when
/// there is none.
pub(super) fn repair_text(text: &str) -> Option<String> {
    let once = undo(text)?;
    Some(undo(&once).unwrap_or(once))
}

/// One round of repair, all or nothing: every run of windows-1252 characters is re-encoded and the
/// valid UTF-8 sequences in its bytes decoded, when at least one of them is unmistakable.
fn undo(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut strong = false;
    let mut run: Vec<(char, u8)> = Vec::new();
    for c in text.chars() {
        match byte_of(c) {
            Some(byte) => run.push((c, byte)),
            None => {
                strong |= flush(&mut run, &mut out);
                out.push(c);
            }
        }
    }
    strong |= flush(&mut run, &mut out);
    (strong && out != text).then_some(out)
}

/// Writes a run of windows-1252 characters, decoding the plausible UTF-8 sequences in its bytes;
/// whether one of them was unmistakable.
fn flush(run: &mut Vec<(char, u8)>, out: &mut String) -> bool {
    let mut strong = false;
    let mut i = 0;
    while let Some(&(c, byte)) = run.get(i) {
        let len = match byte {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        let bytes: Option<Vec<u8>> = run
            .get(i..i + len)
            .filter(|_| len > 1)
            .map(|chars| chars.iter().map(|&(_, b)| b).collect());
        let decoded = bytes.as_deref().and_then(|bytes| {
            let fixed = std::str::from_utf8(bytes).ok()?.chars().next()?;
            plausible(fixed).then_some((fixed, bytes))
        });
        match decoded {
            Some((fixed, bytes)) => {
                out.push(fixed);
                strong |= bytes.len() > 2 || matches!(bytes.get(1), Some(0xA0..=0xBF));
                i += len;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    run.clear();
    strong
}

/// Whether a character decoded from two bytes is one that text is made of: Latin, Greek, Cyrillic,
/// Hebrew, Arabic. `ß“` is valid UTF-8 for a N'Ko letter, and German, not mojibake.
fn plausible(c: char) -> bool {
    c.len_utf8() > 2
        || matches!(c, '\u{A0}'..='\u{24F}' | '\u{370}'..='\u{52F}' | '\u{590}'..='\u{6FF}')
}

/// The byte windows-1252 encodes a non-ASCII character to (C1 controls included: WHATWG's
/// decoder maps the five unassigned bytes to them, and mojibake keeps them).
fn byte_of(c: char) -> Option<u8> {
    if c.is_ascii() {
        return None;
    }
    static TABLE: OnceLock<[char; 128]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = ['\0'; 128];
        for (i, slot) in table.iter_mut().enumerate() {
            let byte = [0x80 + i as u8];
            *slot = WINDOWS_1252
                .decode_without_bom_handling(&byte)
                .0
                .chars()
                .next()
                .unwrap_or('\0');
        }
        table
    });
    let index = table.iter().position(|&t| t == c)?;
    u8::try_from(0x80 + index).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_read_as_windows_1252_is_repaired() {
        assert_eq!(repair_text("Ãœber GrÃ¶ÃŸe").as_deref(), Some("Über Größe"));
        assert_eq!(
            repair_text("Ð\u{9d}Ð¾Ð²Ð¾Ñ\u{81}Ñ‚Ð¸").as_deref(),
            Some("Новости")
        );
        assert_eq!(repair_text("ActualitÃ©s").as_deref(), Some("Actualités"));
        assert_eq!(
            repair_text("itâ€™s â€œfineâ€\u{9d}").as_deref(),
            Some("it’s “fine”")
        );
        assert_eq!(
            repair_text("MÃ¼nchen Ã¼ber").as_deref(),
            Some("München über")
        );
        assert_eq!(repair_text("æ—¥æœ¬").as_deref(), Some("日本"));
        // Encoded three times.
        assert_eq!(repair_text("CafÃƒÂ©").as_deref(), Some("Café"));
    }

    #[test]
    fn correct_text_in_any_language_is_left_alone() {
        for text in [
            "Actualités, été, Noël, français, « guillemets »",
            "München, Straße, Größe, Äpfel, Öl, Übermut",
            "São Paulo, NÃO, AÇÃO, coração, Ñandú, nº 5",
            "東京の天気は晴れ、明日は雨",
            "Новости Оренбурга",
            "Price: 5 € — “quoted” ‘single’ … •",
            "„Gruß“, Fuß…, Maß’",
            "“L’ÉTÉ”",
            "IRMÃ— MAÇÃ“",
            "Â",
            "plain ASCII",
        ] {
            assert_eq!(repair_text(text), None, "{text}");
        }
    }

    #[test]
    fn mojibake_is_repaired_in_document_text_and_cdata_only() {
        let text = "<rss><title>ActualitÃ©s Ã\u{A0} Paris</title><d><![CDATA[itâ€™s]]></d><a href=\"Ã©\"/><t>été</t></rss>";
        let (out, repair) = in_document(text).unwrap();
        assert_eq!(
            out,
            "<rss><title>Actualités à Paris</title><d><![CDATA[it’s]]></d><a href=\"Ã©\"/><t>été</t></rss>"
        );
        assert_eq!(repair.to_string(), "repaired mojibake in 2 texts");
        assert_eq!(in_document("<t>Actualités « été »</t>"), None);
    }

    #[test]
    fn a_mixed_text_has_only_its_mojibake_repaired() {
        assert_eq!(
            repair_text("Noël: l’été, ActualitÃ©s").as_deref(),
            Some("Noël: l’été, Actualités")
        );
    }
}
