//! Old and odd RSS, read as the RSS feed-rs knows: `<rss>` without a version (or with one it does
//! not know), a `<channel>` without its `<rss>`, `<rss>` with a default namespace (Userland's or Harvard's RSS 2 namespace, which hides
//! every element from a namespace-aware parser). Also the helpers the dialect repairs share:
//! finding the root element, replacing its namespace.

use super::repair::Repair;
use super::scan::{self, Token, pieces};
use std::ops::Range;

/// The RSS versions feed-rs reads.
const KNOWN_RSS_VERSIONS: [&str; 4] = ["2.0", "0.91", "0.92", ""];

/// Gives `<rss>` the version 2.0 when it has none, or one the parser does not know.
pub(super) fn rss_version(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    if name != "rss" {
        return None;
    }
    let tag = &text[span.clone()];
    match scan::attribute(tag, "version") {
        None => {
            let at = span.start + 1 + name.len();
            let out = format!("{} version=\"2.0\"{}", &text[..at], &text[at..]);
            Some((out, Repair::AddedRssVersion))
        }
        Some((version, _)) if KNOWN_RSS_VERSIONS.contains(&version.as_str()) => None,
        Some((version, range)) => {
            let range = span.start + range.start..span.start + range.end;
            let out = format!("{}2.0{}", &text[..range.start], &text[range.end..]);
            let version = short(&version);
            Some((out, Repair::ReadRssVersion { version }))
        }
    }
}

/// Removes a default namespace from `<rss>`: RSS 2.0 has none.
pub(super) fn rss_namespace(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    if name != "rss" {
        return None;
    }
    let tag = &text[span.clone()];
    let xmlns = scan::attributes(tag)
        .into_iter()
        .find(|a| a.name == "xmlns")?;
    let namespace = short(&tag[xmlns.value.clone()]);
    // The attribute and the whitespace before it.
    let start = tag[..xmlns.whole.start].trim_end().len();
    let (from, to) = (span.start + start, span.start + xmlns.whole.end);
    let out = format!("{}{}", &text[..from], &text[to..]);
    Some((out, Repair::RemovedRssNamespace { namespace }))
}

/// Wraps the content of an `<rss>` without a `<channel>` in one (an `<rss>` with nothing in it is
/// an empty feed, as lenient readers take it).
pub(super) fn rss_channel(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    if name != "rss" {
        return None;
    }
    let mut close = None;
    for piece in pieces(text) {
        match &piece.token {
            Token::Start { name, .. } if scan::local(&text[name.clone()]) == "channel" => {
                return None;
            }
            Token::End { name } if scan::local(&text[name.clone()]) == "rss" => {
                close = Some(piece.span.start);
            }
            _ => {}
        }
    }
    if text[span.clone()].ends_with("/>") {
        return None;
    }
    let close = close.unwrap_or(text.len());
    if close < span.end {
        return None;
    }
    let out = format!(
        "{}<channel>{}</channel>{}",
        &text[..span.end],
        &text[span.end..close],
        &text[close..]
    );
    Some((out, Repair::AddedRssChannel))
}

/// Puts a root `<channel>` (RSS without its `<rss>`) in an `<rss version="2.0">`.
pub(super) fn rss_root(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    if name != "channel" {
        return None;
    }
    let (before, channel) = text.split_at(span.start);
    let out = format!("{before}<rss version=\"2.0\">{}</rss>", channel.trim_end());
    Some((out, Repair::AddedRssRoot))
}

/// The text with the root `name`'s default namespace replaced by `namespace`, and the old one;
/// `None` when the root is another element, has no default namespace, or has that one.
pub(super) fn replace_root_namespace(
    text: &str,
    name: &str,
    namespace: &str,
) -> Option<(String, String)> {
    let (span, root_name) = root(text)?;
    if root_name != name {
        return None;
    }
    let (old, range) = scan::attribute(&text[span.clone()], "xmlns")?;
    if old == namespace {
        return None;
    }
    let (from, to) = (span.start + range.start, span.start + range.end);
    Some((format!("{}{namespace}{}", &text[..from], &text[to..]), old))
}

/// The root element's start tag span and its lowercase local name.
pub(super) fn root(text: &str) -> Option<(Range<usize>, String)> {
    let (span, name) = root_tag(text)?;
    Some((span, scan::local(&text[name]).to_ascii_lowercase()))
}

/// The root element's start tag span and the range of its qualified name: the first element,
/// when no text comes before it.
pub(super) fn root_tag(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let piece = pieces(text).find(|p| {
        matches!(
            p.token,
            Token::Start { .. } | Token::Text | Token::StrayLt | Token::Unterminated
        ) && !(p.token == Token::Text && text[p.span.clone()].trim().is_empty())
    })?;
    let Token::Start { name, .. } = piece.token else {
        return None;
    };
    Some((piece.span, name))
}

/// A value from the document, fit for a one-line message.
pub(super) fn short(value: &str) -> String {
    let value = crate::normalise::collapse_whitespace(value);
    match value.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::recover::apply;

    #[test]
    fn rss_without_a_version_gets_2_0() {
        let (out, repair) = apply(
            rss_version,
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss>\n</rss>",
        );
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">\n</rss>"
        );
        assert_eq!(repair, "added the missing RSS version");
        let (out, repair) = apply(rss_version, "<rss version='2.01' a='b'/>");
        assert_eq!(out, "<rss version='2.0' a='b'/>");
        assert_eq!(repair, "read RSS version `2.01` as 2.0");
    }

    #[test]
    fn known_rss_versions_and_other_roots_are_left_alone() {
        for text in [
            "<rss version=\"2.0\"/>",
            "<rss version=\"0.91\"/>",
            "<feed><rss/></feed>",
            "<rdf:RDF/>",
        ] {
            assert_eq!(rss_version(text), None, "{text}");
        }
    }

    #[test]
    fn a_default_namespace_on_rss_is_removed() {
        let text =
            "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\" xmlns:y=\"urn:y\">";
        let (out, repair) = apply(rss_namespace, text);
        assert_eq!(out, "<rss version=\"2.0\" xmlns:y=\"urn:y\">");
        assert_eq!(
            repair,
            "removed a default namespace from <rss> (http://backend.userland.com/rss2)"
        );
        assert_eq!(
            rss_namespace("<rss version=\"2.0\" xmlns:atom=\"x\">"),
            None
        );
        assert_eq!(rss_namespace("<feed xmlns=\"x\">"), None);
    }

    #[test]
    fn a_channel_without_rss_gets_it() {
        let (out, repair) = apply(
            rss_root,
            "<?xml version=\"1.0\"?>\n<channel><item/></channel>\n",
        );
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item/></channel></rss>"
        );
        assert_eq!(repair, "added the missing <rss> around the <channel>");
        assert_eq!(rss_root("<rss><channel/></rss>"), None);
    }

    #[test]
    fn rss_without_a_channel_gets_one() {
        let (out, repair) = apply(
            rss_channel,
            "<rss version=\"2.0\"><title>T</title><item/></rss>",
        );
        assert_eq!(
            out,
            "<rss version=\"2.0\"><channel><title>T</title><item/></channel></rss>"
        );
        assert_eq!(repair, "added the missing <channel>");
        for text in [
            "<rss version=\"2.0\"><channel><item/></channel></rss>",
            "<rss version=\"2.0\"/>",
            "<feed><item/></feed>",
        ] {
            assert_eq!(rss_channel(text), None, "{text}");
        }
    }
}
