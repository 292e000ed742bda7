//! Old and odd dialects, read as the formats feed-rs knows: `<rss>` without a version (or with one
//! it does not know), `<rss>` with a default namespace (Userland's or Harvard's RSS 2 namespace,
//! which hides every element from a namespace-aware parser), RSS 0.90's namespace, and Atom 0.3,
//! whose elements were renamed in Atom 1.0.

use super::repair::Repair;
use super::scan::{self, Token, pieces};
use std::ops::Range;

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_1: &str = "http://www.w3.org/2005/Atom";
const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_1: &str = "http://purl.org/rss/1.0/";

/// The RSS versions feed-rs reads.
const KNOWN_RSS_VERSIONS: [&str; 4] = ["2.0", "0.91", "0.92", ""];

/// Atom 0.3 element names and their Atom 1.0 names.
const ATOM_03_RENAMES: [(&str, &str); 5] = [
    ("issued", "published"),
    ("created", "published"),
    ("modified", "updated"),
    ("tagline", "subtitle"),
    ("copyright", "rights"),
];

/// Atom 0.3 `type` values of text constructs and their Atom 1.0 names.
const ATOM_03_TYPES: [(&str, &str); 3] = [
    ("text/plain", "text"),
    ("text/html", "html"),
    ("application/xhtml+xml", "xhtml"),
];

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

/// Reads RSS 0.90 (`<rdf:RDF>` in Netscape's namespace) as RSS 1.0, its successor.
pub(super) fn rss_090(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    if name != "rdf" {
        return None;
    }
    let (namespace, range) = scan::attribute(&text[span.clone()], "xmlns")?;
    if namespace != RSS_090 {
        return None;
    }
    let (from, to) = (span.start + range.start, span.start + range.end);
    let out = format!("{}{RSS_1}{}", &text[..from], &text[to..]);
    Some((out, Repair::ReadRss090AsRss1))
}

/// Reads Atom 0.3 as Atom 1.0: the namespace, the renamed elements, the `type` values of text
/// constructs, and no `mode` (escaped content is what Atom 1.0's `html` type means).
pub(super) fn atom_03(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root(text)?;
    let (namespace, _) = scan::attribute(&text[span], "xmlns")?;
    if name != "feed" || !namespace.starts_with(ATOM_03) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        let segment = &text[piece.span.clone()];
        match piece.token {
            Token::Start { name, .. } => {
                let local_name = &text[name.clone()];
                let offset = piece.span.start;
                out.push_str(&atom_03_start(
                    segment,
                    name.start - offset..name.end - offset,
                    local_name,
                ));
            }
            Token::End { name } => match renamed(&text[name.clone()]) {
                Some(new) => out.push_str(&format!("</{new}>")),
                None => out.push_str(segment),
            },
            _ => out.push_str(segment),
        }
    }
    Some((out, Repair::ReadAtom03AsAtom1))
}

/// One Atom 0.3 start tag, in Atom 1.0.
fn atom_03_start(tag: &str, name: Range<usize>, qualified: &str) -> String {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    if let Some(new) = renamed(qualified) {
        edits.push((name, new.to_string()));
    }
    for attribute in scan::attributes(tag) {
        let value = &tag[attribute.value.clone()];
        match attribute.name {
            "xmlns" if value.starts_with(ATOM_03) => {
                edits.push((attribute.value, ATOM_1.to_string()));
            }
            "type" => {
                if let Some((_, new)) = ATOM_03_TYPES.iter().find(|(old, _)| *old == value) {
                    edits.push((attribute.value, (*new).to_string()));
                }
            }
            "mode" => {
                let start = tag[..attribute.whole.start].trim_end().len();
                edits.push((start..attribute.whole.end, String::new()));
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(tag.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&tag[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&tag[at..]);
    out
}

/// The Atom 1.0 name of an unprefixed Atom 0.3 element that was renamed.
fn renamed(name: &str) -> Option<&'static str> {
    ATOM_03_RENAMES
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}

/// The root element's start tag span and its lowercase local name.
fn root(text: &str) -> Option<(Range<usize>, String)> {
    let piece = pieces(text).find(|p| {
        matches!(
            p.token,
            Token::Start { .. } | Token::Text | Token::StrayLt | Token::Unterminated
        ) && !(p.token == Token::Text && text[p.span.clone()].trim().is_empty())
    })?;
    let Token::Start { name, .. } = piece.token else {
        return None;
    };
    Some((piece.span, scan::local(&text[name]).to_ascii_lowercase()))
}

/// A value from the document, fit for a one-line message.
fn short(value: &str) -> String {
    let value = crate::normalise::collapse_whitespace(value);
    match value.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(f: fn(&str) -> Option<(String, Repair)>, text: &str) -> (String, String) {
        let (out, repair) = f(text).expect("applies");
        (out, repair.to_string())
    }

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
    fn rss_090_is_read_as_rss_1() {
        let text = "<rdf:RDF xmlns:rdf=\"r\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">";
        let (out, repair) = apply(rss_090, text);
        assert_eq!(
            out,
            "<rdf:RDF xmlns:rdf=\"r\" xmlns=\"http://purl.org/rss/1.0/\">"
        );
        assert_eq!(repair, "read RSS 0.90 as RSS 1.0");
        assert_eq!(
            rss_090("<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\">"),
            None
        );
    }

    #[test]
    fn atom_03_is_read_as_atom_1() {
        let text = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><tagline>T</tagline>\
            <entry><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified>\
            <title type=\"text/html\" mode=\"escaped\">&lt;b&gt;x&lt;/b&gt;</title>\
            <dc:issued>k</dc:issued></entry></feed>";
        let (out, repair) = apply(atom_03, text);
        assert_eq!(
            out,
            "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"><subtitle>T</subtitle>\
            <entry><published>2004-01-01T00:00:00Z</published><updated>2004-01-02T00:00:00Z</updated>\
            <title type=\"html\">&lt;b&gt;x&lt;/b&gt;</title>\
            <dc:issued>k</dc:issued></entry></feed>"
        );
        assert_eq!(repair, "read Atom 0.3 as Atom 1.0");
        assert_eq!(
            atom_03("<feed xmlns=\"http://www.w3.org/2005/Atom\"><issued/></feed>"),
            None
        );
    }
}
