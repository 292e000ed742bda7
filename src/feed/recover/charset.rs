//! Finds the encoding a document is really in and transcodes it to UTF-8, so that every later
//! repair works on text, and so the parser reads the document right.
//!
//! The order is the one browsers and lenient feed readers use: a byte-order mark, then the HTTP
//! `charset`, then the XML declaration, then the bytes themselves. Labels lie: a document declared
//! ISO-8859-1 (which means windows-1252 on the web) that is valid UTF-8 with non-ASCII characters
//! is UTF-8, and a UTF-8 document with a few stray legacy bytes keeps its UTF-8. Without any
//! trustworthy label, chardetng guesses from the bytes. After transcoding, the declaration is made to
//! say UTF-8, or the parser would decode the text a second time.

use super::repair::{EncodingSource, Repair};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// A document as UTF-8 text, and what it took to get there.
#[derive(Debug)]
pub(super) struct Decoded {
    pub text: String,
    pub repairs: Vec<Repair>,
}

/// Decodes `bytes`; `content_type` is the HTTP `Content-Type`, if any, and `feed_url` where the
/// document came from (its top-level domain helps the statistical guess: `.jp`, `.ru`).
pub(super) fn decode(bytes: &[u8], content_type: Option<&str>, feed_url: Option<&str>) -> Decoded {
    let (text, repair) = match wide(bytes) {
        Some((name, skip, source)) => (
            decode_wide(name, &bytes[skip..]),
            Some(Repair::Transcoded { from: name, source }),
        ),
        None => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            decode_narrow(bytes, content_type, top_level_domain(feed_url))
        }
    };
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Decoded {
        text: declare_utf8(text),
        repairs: repair.into_iter().collect(),
    }
}

/// UTF-16 and UTF-32, by their byte-order mark or by the zeros around the first characters:
/// the encoding, the bytes to skip, and how it was found.
fn wide(bytes: &[u8]) -> Option<(&'static str, usize, EncodingSource)> {
    let bom = EncodingSource::ByteOrderMark;
    let shape = EncodingSource::Detected;
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => Some(("UTF-32BE", 4, bom)),
        [0xFF, 0xFE, 0x00, 0x00, ..] => Some(("UTF-32LE", 4, bom)),
        [0xFE, 0xFF, ..] => Some(("UTF-16BE", 2, bom)),
        [0xFF, 0xFE, ..] => Some(("UTF-16LE", 2, bom)),
        [a, 0, 0, 0, ..] if a.is_ascii() && *a != 0 => Some(("UTF-32LE", 0, shape)),
        [0, 0, 0, a, ..] if a.is_ascii() && *a != 0 => Some(("UTF-32BE", 0, shape)),
        [a, 0, b, 0, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => {
            Some(("UTF-16LE", 0, shape))
        }
        [0, a, 0, b, ..] if a.is_ascii() && b.is_ascii() && *a != 0 && *b != 0 => {
            Some(("UTF-16BE", 0, shape))
        }
        _ => None,
    }
}

fn decode_wide(name: &str, bytes: &[u8]) -> String {
    match name {
        "UTF-16LE" => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
        "UTF-16BE" => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
        // encoding_rs has no UTF-32 (the web does not use it); it is one code point per 4 bytes.
        _ => bytes
            .chunks_exact(4)
            .map(|c| {
                let unit = match name {
                    "UTF-32LE" => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    }
}

/// An ASCII-compatible document: labels first, the bytes when the labels are missing or lie.
fn decode_narrow(
    bytes: &[u8],
    content_type: Option<&str>,
    tld: Option<&[u8]>,
) -> (String, Option<Repair>) {
    let declared = content_type
        .and_then(http_charset)
        .and_then(usable)
        .map(|e| (e, EncodingSource::Http))
        .or_else(|| {
            xml_encoding(bytes)
                .and_then(|label| usable(&label))
                .map(|e| (e, EncodingSource::Declared))
        });
    if let Ok(text) = std::str::from_utf8(bytes) {
        return match declared {
            // ISO-2022-JP is 7-bit: ASCII bytes that still need decoding.
            Some((encoding, source)) if !encoding.is_ascii_compatible() => {
                let text = encoding.decode_without_bom_handling(bytes).0.into_owned();
                (text, Some(transcoded(encoding, source)))
            }
            Some((encoding, _)) if encoding != UTF_8 && !text.is_ascii() => (
                text.to_string(),
                Some(Repair::Mislabelled {
                    declared: encoding.name(),
                }),
            ),
            // ASCII reads the same in every ASCII-compatible encoding.
            _ => (text.to_string(), None),
        };
    }
    match declared {
        Some((encoding, source)) if encoding != UTF_8 => {
            let (text, malformed) = encoding.decode_without_bom_handling(bytes);
            if !malformed {
                return (text.into_owned(), Some(transcoded(encoding, source)));
            }
            let guess = detect(bytes, tld);
            match guess.decode_without_bom_handling(bytes) {
                (better, false) if guess != encoding => (
                    better.into_owned(),
                    Some(transcoded(guess, EncodingSource::Detected)),
                ),
                _ => (text.into_owned(), Some(transcoded(encoding, source))),
            }
        }
        // Declared UTF-8, or nothing: mostly UTF-8 stays UTF-8, the rest is guessed.
        _ => match mostly_utf8(bytes) {
            Some((text, count)) => (text, Some(Repair::InvalidUtf8 { count })),
            None => {
                let guess = detect(bytes, tld);
                let text = guess.decode_without_bom_handling(bytes).0.into_owned();
                (text, Some(transcoded(guess, EncodingSource::Detected)))
            }
        },
    }
}

fn transcoded(encoding: &'static Encoding, source: EncodingSource) -> Repair {
    Repair::Transcoded {
        from: encoding.name(),
        source,
    }
}

/// An encoding a label can be trusted to name for an ASCII-compatible document: not UTF-16 (the
/// bytes are not), nor the "replacement" and "x-user-defined" encodings the WHATWG keeps.
fn usable(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    let odd = [
        UTF_16LE,
        UTF_16BE,
        encoding_rs::REPLACEMENT,
        encoding_rs::X_USER_DEFINED,
    ];
    (!odd.contains(&encoding)).then_some(encoding)
}

/// The statistical guess for a document without trustworthy labels.
fn detect(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(tld, Utf8Detection::Deny)
}

/// The last label of the URL's host, in the form chardetng accepts (it panics on anything else:
/// upper case, digits aside, a period, non-ASCII).
fn top_level_domain(feed_url: Option<&str>) -> Option<&[u8]> {
    let url = feed_url?;
    let after_scheme = url.split_once("://")?.1;
    let host = after_scheme.split(['/', '?', '#', ':']).next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_lowercase())).then_some(tld.as_bytes())
}

/// A UTF-8 document with a few stray bytes (one item pasted from a latin-1 source): the stray
/// bytes are read as windows-1252 and counted. `None` when too few characters are valid UTF-8 for
/// the document to be UTF-8.
fn mostly_utf8(bytes: &[u8]) -> Option<(String, usize)> {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    if valid < 4 * invalid {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.push_str(&WINDOWS_1252.decode_without_bom_handling(chunk.invalid()).0);
    }
    Some((text, invalid))
}

/// The `charset` parameter of a `Content-Type` value.
fn http_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The `encoding` of the XML declaration at the start of the bytes.
fn xml_encoding(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes.get(start..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = rest.iter().take(512).position(|&b| b == b'>')?;
    let declaration = String::from_utf8_lossy(&rest[..end]);
    super::scan::attribute(&declaration, "encoding").map(|(value, _)| value)
}

/// The text with its XML declaration's `encoding` set to UTF-8, now that it is.
fn declare_utf8(text: String) -> String {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    if !rest.starts_with("<?xml") {
        return text;
    }
    let Some(end) = rest.find("?>") else {
        return text;
    };
    let declaration = &rest[..end];
    match super::scan::attribute(declaration, "encoding") {
        Some((value, range)) if !value.eq_ignore_ascii_case("utf-8") => {
            let (from, to) = (start + range.start, start + range.end);
            format!("{}UTF-8{}", &text[..from], &text[to..])
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(decoded: &Decoded) -> String {
        decoded
            .repairs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn utf8_stays_as_it_is_with_no_repair() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>Café 日本</rss>";
        let decoded = decode(xml.as_bytes(), Some("text/xml; charset=utf-8"), None);
        assert_eq!(decoded.text, xml);
        assert!(decoded.repairs.is_empty());
        let decoded = decode(format!("\u{FEFF}{xml}").as_bytes(), None, None);
        assert_eq!(decoded.text, xml);
        assert!(decoded.repairs.is_empty());
    }

    #[test]
    fn a_declared_legacy_encoding_is_transcoded_and_the_declaration_rewritten() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss>Новости</rss>");
        let decoded = decode(&bytes, None, None);
        assert_eq!(
            decoded.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss>Новости</rss>"
        );
        assert_eq!(repair(&decoded), "transcoded from windows-1251 (declared)");
    }

    #[test]
    fn the_http_charset_wins_over_the_declaration() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>caf\xE9</rss>";
        let decoded = decode(
            bytes,
            Some("application/rss+xml; charset=\"ISO-8859-1\""),
            None,
        );
        assert!(decoded.text.ends_with("<rss>café</rss>"));
        assert_eq!(
            repair(&decoded),
            "transcoded from windows-1252 (HTTP charset)"
        );
    }

    #[test]
    fn valid_utf8_declared_latin1_is_read_as_utf8() {
        let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>Actualités</rss>";
        let decoded = decode(xml.as_bytes(), None, None);
        assert_eq!(decoded.text, xml.replace("ISO-8859-1", "UTF-8"));
        assert_eq!(repair(&decoded), "read as UTF-8 (declared windows-1252)");
        // ASCII needs no repair whatever it declares.
        let ascii = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>";
        assert!(decode(ascii.as_bytes(), None, None).repairs.is_empty());
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<rss><title>東京の天気は晴れ、明日は雨が降るでしょう。</title><description>日本語のニュースです。今日の記事。</description></rss>");
        let decoded = decode(&bytes, None, None);
        assert!(decoded.text.contains("東京の天気"), "{}", decoded.text);
        assert_eq!(repair(&decoded), "transcoded from Shift_JIS (detected)");
        let decoded = decode(
            b"<rss><title>Not\xEDcias de S\xE3o Paulo</title></rss>",
            None,
            None,
        );
        assert!(decoded.text.contains("Notícias de São Paulo"));
        assert_eq!(repair(&decoded), "transcoded from windows-1252 (detected)");
    }

    #[test]
    fn mostly_utf8_keeps_its_utf8_and_reads_stray_bytes_as_windows_1252() {
        let mut bytes = "<rss>Ça va, très bien, déjà vu, naïve</rss>"
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"<x>caf\xE9</x>");
        let decoded = decode(&bytes, None, None);
        assert!(decoded.text.contains("Ça va, très bien") && decoded.text.ends_with("café</x>"));
        assert_eq!(
            repair(&decoded),
            "replaced 1 byte sequence not valid in UTF-8"
        );
    }

    #[test]
    fn utf16_and_utf32_with_or_without_bom_are_transcoded() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\">ü</rss>";
        let le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = xml.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let expected = xml.replace("utf-16", "UTF-8");
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let decoded = decode(&bytes, None, None);
            assert_eq!(decoded.text, expected);
            assert_eq!(
                repair(&decoded),
                format!("transcoded from {name} (detected)")
            );
            let with_bom = [&[0xFF, 0xFE][..], &bytes].concat();
            if name == "UTF-16LE" {
                assert_eq!(
                    repair(&decode(&with_bom, None, None)),
                    "transcoded from UTF-16LE (byte-order mark)"
                );
            }
        }
        let utf32: Vec<u8> = "\u{FEFF}<rss>€</rss>"
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        let decoded = decode(&utf32, None, None);
        assert_eq!(decoded.text, "<rss>€</rss>");
        assert_eq!(
            repair(&decoded),
            "transcoded from UTF-32BE (byte-order mark)"
        );
        let utf32: Vec<u8> = "<rss>€</rss>"
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        assert_eq!(decode(&utf32, None, None).text, "<rss>€</rss>");
    }

    #[test]
    fn unknown_labels_are_ignored() {
        let decoded = decode(
            b"<?xml version=\"1.0\" encoding=\"bogus\"?><rss/>",
            None,
            None,
        );
        assert!(decoded.repairs.is_empty());
        assert_eq!(
            decoded.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss/>"
        );
        assert_eq!(http_charset("text/xml;charset=KOI8-R"), Some("KOI8-R"));
        assert_eq!(http_charset("text/xml"), None);
        assert_eq!(
            top_level_domain(Some("https://news.example.jp/rss")),
            Some(&b"jp"[..])
        );
        assert_eq!(top_level_domain(Some("https://NEWS.RU:8080/")), None);
        assert_eq!(top_level_domain(Some("feeds/local.xml")), None);
    }
}
