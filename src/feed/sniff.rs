//! A quick look at the start of a document, for error messages only: what is its root element, is
//! it an HTML page, how many `<item>`s does it hold. No XML parsing: the document may be broken.

use std::borrow::Cow;

/// Elements that start an HTML page or fragment (a PHP warning served instead of a feed, say).
const HTML_ROOTS: [&str; 12] = [
    "html", "head", "body", "br", "b", "p", "div", "a", "meta", "script", "table", "center",
];

/// The start of an XML or HTML document, as far as a quick look can tell.
#[derive(Debug, PartialEq)]
pub(super) enum Root {
    /// `<!DOCTYPE html>`, or a root that is an HTML element.
    Html,
    /// Declarations and comments, and no element after them.
    Missing,
    /// The root element: its local name (lowercase) and `version` and `xmlns` attributes.
    Element {
        name: String,
        version: Option<String>,
        namespace: Option<String>,
    },
}

/// Finds the root element, skipping the XML declaration, comments and processing instructions.
/// `None` when the document does not start like XML or HTML.
pub(super) fn root(bytes: &[u8]) -> Option<Root> {
    let text = ascii_compatible(bytes);
    let mut rest = skip_blank(&text);
    loop {
        if rest.is_empty() {
            return Some(Root::Missing);
        } else if rest.starts_with(b"<?") {
            rest = after(rest, b"?>")?;
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->")?;
        } else if rest.starts_with(b"<!") {
            let end = rest.iter().position(|&b| b == b'>')?;
            let doctype = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
            if doctype.split_whitespace().nth(1) == Some("html") {
                return Some(Root::Html);
            }
            rest = &rest[end + 1..];
        } else if rest[0] == b'<' && rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
            let tag = String::from_utf8_lossy(&rest[1..end]);
            let qualified = tag.split_whitespace().next().unwrap_or_default();
            let name = qualified.rsplit(':').next().unwrap_or_default();
            let name = name.trim_end_matches('/').to_ascii_lowercase();
            if HTML_ROOTS.contains(&name.as_str()) {
                return Some(Root::Html);
            }
            return Some(Root::Element {
                version: attribute(&tag, "version"),
                namespace: attribute(&tag, "xmlns"),
                name,
            });
        } else {
            return None;
        }
        rest = skip_blank(rest);
    }
}

/// How many `<name ...>` start tags (unprefixed) the document holds.
pub(super) fn count_elements(bytes: &[u8], name: &str) -> usize {
    let text = ascii_compatible(bytes);
    let open = format!("<{name}");
    text.windows(open.len() + 1)
        .filter(|w| {
            w.starts_with(open.as_bytes())
                && matches!(w[open.len()], b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
        })
        .count()
}

/// How many start tags named `name` the document holds, with any prefix or none (`<item>`,
/// `<rss:item>`).
pub(super) fn count_local_elements(bytes: &[u8], name: &str) -> usize {
    let text = ascii_compatible(bytes);
    let is_delimiter = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/');
    text.split(|&b| b == b'<')
        .skip(1)
        .filter(|tag| {
            let end = tag.iter().position(is_delimiter).unwrap_or(tag.len());
            let qualified = &tag[..end];
            let local = qualified.rsplit(|&b| b == b':').next().unwrap_or_default();
            end < tag.len() && local == name.as_bytes()
        })
        .count()
}

/// The 1-based line of a byte offset, when the offset is inside the document.
pub(super) fn line_of(bytes: &[u8], offset: u64) -> Option<usize> {
    let offset = usize::try_from(offset).ok().filter(|&o| o <= bytes.len())?;
    Some(bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1)
}

/// Whether the document is UTF-16 (by its byte-order mark or its first `<`).
pub(super) fn utf16_endianness(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] | [b'<', 0, ..] => Some("UTF-16LE"),
        [0xFE, 0xFF, ..] | [0, b'<', ..] => Some("UTF-16BE"),
        _ => None,
    }
}

/// The document as bytes an ASCII scan can read: UTF-16 is transcoded, anything else kept.
fn ascii_compatible(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Some(endianness) = utf16_endianness(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let units = bytes.chunks_exact(2).map(|pair| match endianness {
        "UTF-16LE" => u16::from_le_bytes([pair[0], pair[1]]),
        _ => u16::from_be_bytes([pair[0], pair[1]]),
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Cow::Owned(text.into_bytes())
}

/// The value of `name="..."` (or single quotes) inside a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let quoted = &tag[at..];
    let quote = quoted.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let value = &quoted[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// The bytes after the first `marker`.
fn after<'a>(bytes: &'a [u8], marker: &[u8]) -> Option<&'a [u8]> {
    let at = bytes.windows(marker.len()).position(|w| w == marker)?;
    Some(&bytes[at + marker.len()..])
}

/// Skips UTF-8 byte-order marks, whitespace and NULs.
pub(super) fn skip_blank(bytes: &[u8]) -> &[u8] {
    let mut bytes = bytes;
    loop {
        let trimmed = bytes.trim_ascii_start();
        let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
        let trimmed = trimmed.strip_prefix(b"\0").unwrap_or(trimmed);
        if trimmed.len() == bytes.len() {
            return bytes;
        }
        bytes = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_element_is_found_after_declarations_and_comments() {
        let xml = b"\xEF\xBB\xBF <?xml version=\"1.0\"?>\n<!-- hi --><?xml-stylesheet href=\"a\"?>\n<opml version='2.0'>";
        let expected = Root::Element {
            name: "opml".into(),
            version: Some("2.0".into()),
            namespace: None,
        };
        assert_eq!(root(xml), Some(expected));
        let Some(Root::Element {
            name, namespace, ..
        }) = root(b"<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\">")
        else {
            panic!("no root")
        };
        assert_eq!(name, "rdf");
        assert_eq!(namespace.as_deref(), Some("http://purl.org/rss/1.0/"));
        assert_eq!(
            root(b"<?xml version=\"1.0\"?><!-- only -->"),
            Some(Root::Missing)
        );
    }

    #[test]
    fn html_pages_and_fragments_are_recognised() {
        assert_eq!(root(b"<!DOCTYPE html>\n<html>"), Some(Root::Html));
        assert_eq!(root(b"  <HTML lang=en>"), Some(Root::Html));
        assert_eq!(
            root(b"\n<br />\n<b>Warning</b>: headers sent"),
            Some(Root::Html)
        );
        assert_eq!(root(b"{\"a\": 1}"), None);
    }

    #[test]
    fn utf16_documents_are_read_for_sniffing() {
        let wide: Vec<u8> = "\u{feff}<rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(utf16_endianness(&wide), Some("UTF-16LE"));
        assert!(matches!(root(&wide), Some(Root::Element { name, .. }) if name == "rss"));
    }

    #[test]
    fn items_are_counted_by_their_start_tags() {
        let xml = b"<channel><item>a</item><item\n/><items/><rss:item/>&lt;item&gt;</channel>";
        assert_eq!(count_elements(xml, "item"), 2);
        assert_eq!(count_local_elements(xml, "item"), 3);
        assert_eq!(count_local_elements(b"<x:item", "item"), 0);
        assert_eq!(line_of(b"a\nb\nc", 3), Some(2));
        assert_eq!(line_of(b"a", 9), None);
    }
}
