//! Compressed bodies: servers that gzip a feed twice, or send `.xml.gz` files as they are, or
//! forget the `Content-Encoding` header. The bytes say what they are (gzip and zlib have magic
//! numbers), whatever the headers claim, so they are sniffed. Inflating is capped: a few kilobytes
//! of gzip can expand to gigabytes, and such a bomb must be one feed's error, not the end of a run.

use super::super::FeedError;
use super::repair::Repair;
use flate2::read::{MultiGzDecoder, ZlibDecoder};
use std::io::Read;

/// The most bytes a compressed body may inflate to.
pub const MAX_INFLATED: usize = 8 * 1024 * 1024;

/// Compression layers peeled off at most (a body gzipped twice is common; more is an attack).
const MAX_LAYERS: usize = 3;

/// A body with its compression layers removed.
#[derive(Debug, PartialEq)]
pub(super) struct Inflated {
    pub body: Vec<u8>,
    /// One per layer.
    pub repairs: Vec<Repair>,
}

/// The body with its compression layers removed; `None` when the body is not compressed.
pub(super) fn inflate(bytes: &[u8]) -> Result<Option<Inflated>, FeedError> {
    let mut current: Option<Vec<u8>> = None;
    let mut repairs = Vec::new();
    for _ in 0..MAX_LAYERS {
        let body = current.as_deref().unwrap_or(bytes);
        let Some(format) = compression(body) else {
            break;
        };
        let inflated = match format {
            "gzip" => read_capped(MultiGzDecoder::new(body)),
            _ => read_capped(ZlibDecoder::new(body)),
        };
        let inflated = match inflated {
            Ok(inflated) => inflated,
            // Two bytes that look like a zlib header may be text that happens to start so.
            Err(InflateError::Corrupt(_)) if format == "zlib" => break,
            Err(e) => return Err(e.into_error(format)),
        };
        repairs.push(Repair::Decompressed { format });
        current = Some(inflated);
    }
    Ok(current.map(|body| Inflated { body, repairs }))
}

/// The compression format the bytes start with.
fn compression(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x1f, 0x8b, 0x08, ..] => Some("gzip"),
        // zlib: deflate (method 8) with a window of at most 32 KiB, and a header checksum.
        [cmf, flg, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0 =>
        {
            Some("zlib")
        }
        _ => None,
    }
}

/// Why a body could not be inflated.
enum InflateError {
    TooLarge,
    Corrupt(String),
}

impl InflateError {
    fn into_error(self, format: &str) -> FeedError {
        match self {
            InflateError::TooLarge => FeedError::TooLarge(format!(
                "decompressed body larger than {} MiB",
                MAX_INFLATED / (1024 * 1024)
            )),
            InflateError::Corrupt(why) => {
                FeedError::NotAFeed(format!("corrupt {format} data ({why})"))
            }
        }
    }
}

/// Reads at most [`MAX_INFLATED`] bytes. A stream cut short keeps what it gave (a truncated
/// download still holds most of a feed); a stream that gives nothing is corrupt.
fn read_capped(reader: impl Read) -> Result<Vec<u8>, InflateError> {
    let mut out = Vec::new();
    let limit = u64::try_from(MAX_INFLATED).unwrap_or(u64::MAX) + 1;
    let result = reader.take(limit).read_to_end(&mut out);
    if out.len() > MAX_INFLATED {
        return Err(InflateError::TooLarge);
    }
    match result {
        Ok(_) => Ok(out),
        Err(_) if !out.is_empty() => Ok(out),
        Err(e) => Err(InflateError::Corrupt(
            crate::normalise::collapse_whitespace(&e.to_string()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::{GzEncoder, ZlibEncoder};
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gzip_and_zlib_bodies_are_inflated_whatever_the_headers_say() {
        let Inflated { body, repairs } = inflate(&gzip(b"<rss/>")).unwrap().unwrap();
        assert_eq!(body, b"<rss/>");
        assert_eq!(repairs, [Repair::Decompressed { format: "gzip" }]);
        let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
        zlib.write_all(b"{\"a\":1}").unwrap();
        let body = inflate(&zlib.finish().unwrap()).unwrap().unwrap().body;
        assert_eq!(body, b"{\"a\":1}");
    }

    #[test]
    fn a_body_gzipped_twice_is_inflated_twice() {
        let Inflated { body, repairs } = inflate(&gzip(&gzip(b"<feed/>"))).unwrap().unwrap();
        assert_eq!(body, b"<feed/>");
        assert_eq!(repairs.len(), 2);
    }

    #[test]
    fn plain_documents_are_not_touched() {
        assert_eq!(inflate(b"<rss version=\"2.0\"/>").unwrap(), None);
        assert_eq!(inflate(b"{\"version\": 1}").unwrap(), None);
        assert_eq!(inflate(b"x").unwrap(), None);
        assert_eq!(inflate(b"").unwrap(), None);
    }

    #[test]
    fn a_gzip_bomb_is_an_error() {
        let bomb = gzip(&vec![b' '; MAX_INFLATED + 10]);
        assert!(bomb.len() < 64 * 1024);
        let error = inflate(&bomb).unwrap_err();
        assert_eq!(error.to_string(), "decompressed body larger than 8 MiB");
    }

    #[test]
    fn a_truncated_gzip_body_keeps_what_it_gave_and_garbage_is_an_error() {
        let document = "<rss version=\"2.0\"><channel><title>t</title>".repeat(200);
        let compressed = gzip(document.as_bytes());
        let body = inflate(&compressed[..compressed.len() / 2])
            .unwrap()
            .unwrap()
            .body;
        assert!(!body.is_empty() && document.as_bytes().starts_with(&body));
        let error = inflate(b"\x1f\x8b\x08\x00garbage").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("not a feed: corrupt gzip data"),
            "{error}"
        );
        assert_eq!(inflate(b"x\x9cnot zlib at all").unwrap(), None);
    }
}
