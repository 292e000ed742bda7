//! Why a feed document could not be read, in one line a user understands.
//!
//! feed-rs reports failures in its own terms ("no root element", "Parser error: ..."); a user looking
//! at a build report needs to know whether the URL serves an HTML page, nothing at all, or a feed with
//! a syntax error. The document itself is sniffed to tell those apart.

use super::sniff::{self, Root};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use std::fmt::Display;

/// Why one feed document gave no items. `Display` is a single line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Nothing but whitespace (or a byte-order mark).
    #[error("empty body")]
    Empty,
    /// Something else than a feed: an HTML page, plain JSON, compressed bytes, another XML format.
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// A feed format or version the parser does not read.
    #[error("unsupported feed: {0}")]
    Unsupported(String),
    #[error("malformed XML: {0}")]
    MalformedXml(String),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// Well-formed XML or JSON whose feed structure is broken (a required part missing...).
    #[error("malformed feed: {0}")]
    MalformedFeed(String),
    /// A compressed body that inflates past the size cap; the message says so in full.
    #[error("{0}")]
    TooLarge(String),
    /// The parser panicked on this input; the message is the panic's.
    #[error("the parser crashed: {0}")]
    Crashed(String),
}

/// Rejects what need not reach the parser: empty bodies and compressed bytes.
pub(super) fn precheck(bytes: &[u8]) -> Result<(), FeedError> {
    let body = sniff::skip_blank(bytes);
    if body.is_empty() {
        return Err(FeedError::Empty);
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        return Err(FeedError::NotAFeed(
            "gzip-compressed bytes (decompress them first)".into(),
        ));
    }
    Ok(())
}

/// Turns feed-rs's error into ours, looking at the document for a clearer reason.
pub(super) fn classify(error: ParseFeedError, bytes: &[u8]) -> FeedError {
    let root = sniff::root(bytes);
    if root == Some(Root::Html) {
        return FeedError::NotAFeed("an HTML page".into());
    }
    match error {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => no_feed_root(root, bytes),
        ParseFeedError::ParseError(kind) => FeedError::MalformedFeed(structure(kind, bytes)),
        ParseFeedError::JsonSerde(e) => classify_json(e, bytes),
        ParseFeedError::JsonUnsupportedVersion(version) => {
            FeedError::Unsupported(format!("JSON Feed version `{}`", one_line(version)))
        }
        ParseFeedError::XmlReader(e) => {
            let message = e.to_string();
            let message = message.strip_prefix("Parser error: ").unwrap_or(&message);
            FeedError::MalformedXml(one_line(message))
        }
        ParseFeedError::IoError(e) => FeedError::MalformedXml(one_line(e)),
    }
}

/// A feed that parsed to no items although it holds `<item>` or `<entry>` elements (prefixed or
/// not): feed-rs ignores elements outside the namespaces it knows (Atom 0.3's, Userland's RSS 2...).
pub(super) fn unread_items(bytes: &[u8]) -> Option<FeedError> {
    let (tag, count) = ["item", "entry"]
        .into_iter()
        .map(|tag| (tag, sniff::count_local_elements(bytes, tag)))
        .find(|(_, count)| *count > 0)?;
    let namespace = match sniff::root(bytes) {
        Some(Root::Element { namespace, .. }) => namespace,
        _ => None,
    };
    Some(FeedError::Unsupported(match namespace.as_deref() {
        Some("http://purl.org/atom/ns#") => "Atom 0.3 (only Atom 1.0 is read)".to_string(),
        Some(namespace) => format!(
            "{count} <{tag}> elements in namespace `{}`, which is not read",
            one_line(namespace)
        ),
        None => format!("{count} <{tag}> elements, none of them readable"),
    }))
}

/// feed-rs found no RSS, RDF, Atom or JSON Feed root: say what the document is instead.
fn no_feed_root(root: Option<Root>, bytes: &[u8]) -> FeedError {
    let encoding = sniff::utf16_endianness(bytes).map_or(String::new(), |e| format!(" ({e})"));
    match root {
        Some(Root::Element { name, version, .. }) if name == "rss" => match version {
            Some(version) if ["2.0", "0.91", "0.92", ""].contains(&version.as_str()) => {
                // feed-rs reports a document it cannot decode as having no feed root.
                if encoding.is_empty() && std::str::from_utf8(bytes).is_err() {
                    FeedError::MalformedXml(
                        "text that is not valid UTF-8 nor in its declared encoding".into(),
                    )
                } else if sniff::count_elements(bytes, "channel") == 0 {
                    FeedError::MalformedFeed(format!("<rss> without a <channel>{encoding}"))
                } else {
                    FeedError::MalformedFeed(format!(
                        "an <rss> root the parser does not recognise (names are case-sensitive){encoding}"
                    ))
                }
            }
            Some(version) => {
                FeedError::Unsupported(format!("RSS version `{}`{encoding}", one_line(version)))
            }
            None => FeedError::Unsupported(format!("<rss> without a version{encoding}")),
        },
        Some(Root::Element { name, .. }) => FeedError::NotAFeed(format!(
            "an XML document whose root element is <{}>{encoding}",
            one_line(name)
        )),
        Some(Root::Missing) => FeedError::NotAFeed("an XML document without elements".into()),
        _ if !bytes.iter().any(|b| matches!(b, b'<' | b'{')) => {
            FeedError::NotAFeed("neither XML nor JSON".into())
        }
        _ => FeedError::NotAFeed(format!(
            "no RSS, RDF, Atom or JSON Feed root element{encoding}"
        )),
    }
}

/// A structural error, with the line instead of feed-rs's byte offset.
fn structure(kind: ParseErrorKind, bytes: &[u8]) -> String {
    let (what, position) = match &kind {
        ParseErrorKind::MissingContent {
            position,
            reference,
        } => (format!("an element without {reference}"), *position),
        ParseErrorKind::UnknownMimeType { position, mime } => {
            (format!("unsupported content type `{mime}`"), *position)
        }
        ParseErrorKind::UnknownEnumVariant {
            position,
            reference,
        } => (format!("unknown value `{reference}`"), *position),
        ParseErrorKind::IllegalState {
            position,
            reference,
        } => (format!("unexpected {reference}"), *position),
        ParseErrorKind::NoFeedRoot => return one_line(kind),
    };
    match sniff::line_of(bytes, position) {
        Some(line) => one_line(format!("{what} near line {line}")),
        None => one_line(what),
    }
}

/// A JSON error: not JSON at all, JSON that is no JSON Feed, or a JSON Feed missing a part.
fn classify_json(error: serde_json::Error, bytes: &[u8]) -> FeedError {
    match serde_json::from_slice::<serde_json::Value>(sniff::skip_blank(bytes)) {
        Err(_) => FeedError::MalformedJson(one_line(error)),
        Ok(value)
            if !value
                .get("version")
                .is_some_and(serde_json::Value::is_string) =>
        {
            FeedError::NotAFeed("JSON without a JSON Feed version".into())
        }
        Ok(_) => FeedError::MalformedFeed(format!("JSON Feed: {}", one_line(error))),
    }
}

/// A message on one line, at most 160 characters.
fn one_line(message: impl Display) -> String {
    let line = crate::normalise::collapse_whitespace(&message.to_string());
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_compressed_bodies_are_rejected_before_parsing() {
        assert_eq!(precheck(b" \n\t"), Err(FeedError::Empty));
        assert_eq!(precheck(b"\xEF\xBB\xBF\n"), Err(FeedError::Empty));
        assert!(matches!(
            precheck(b"\x1f\x8b\x08\x00"),
            Err(FeedError::NotAFeed(_))
        ));
        assert_eq!(precheck(b"<rss/>"), Ok(()));
    }

    #[test]
    fn items_in_an_unread_namespace_are_reported() {
        let atom03 = b"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry/></feed>";
        assert_eq!(
            unread_items(atom03).unwrap().to_string(),
            "unsupported feed: Atom 0.3 (only Atom 1.0 is read)"
        );
        let userland = b"<rss xmlns=\"http://backend.userland.com/rss2\"><channel><item/><item/>";
        assert_eq!(
            unread_items(userland).unwrap().to_string(),
            "unsupported feed: 2 <item> elements in namespace `http://backend.userland.com/rss2`, which is not read"
        );
        assert_eq!(unread_items(b"<rss version=\"2.0\"><channel/></rss>"), None);
    }

    #[test]
    fn long_messages_are_cut_to_one_line() {
        let long = format!("first\nsecond {}", "x".repeat(300));
        let line = one_line(long);
        assert!(!line.contains('\n'));
        assert_eq!(line.chars().count(), 161);
    }
}
