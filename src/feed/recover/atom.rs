//! Old and odd Atom, read as the Atom 1.0 feed-rs knows: Atom 0.3, whose elements were renamed
//! in 1.0 and whose `type`s were MIME types; `<feed>` in a misspelt namespace; and text constructs
//! (Atom's and Media RSS's) whose `type` feed-rs rejects, which fails the whole feed.

use super::dialect::{replace_root_namespace, root, short};
use super::repair::Repair;
use super::scan::{self, Token, pieces};
use std::ops::Range;

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_1: &str = "http://www.w3.org/2005/Atom";

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

/// Reads `<feed>` in a namespace that is neither Atom 1.0's nor Atom 0.3's (`.../2005/Atom/`,
/// `https://...`) as Atom 1.0.
pub(super) fn atom_namespace(text: &str) -> Option<(String, Repair)> {
    let (_, name) = root(text)?;
    let namespace = root_namespace(text)?;
    if name != "feed" || namespace.starts_with(ATOM_03) {
        return None;
    }
    let (out, namespace) = replace_root_namespace(text, "feed", ATOM_1)?;
    let repair = Repair::ReadNamespaceAs {
        namespace: short(&namespace),
        format: "Atom 1.0",
    };
    Some((out, repair))
}

/// The root's `xmlns`.
fn root_namespace(text: &str) -> Option<String> {
    let (span, _) = root(text)?;
    scan::attribute(&text[span], "xmlns").map(|(value, _)| value)
}

/// Gives text constructs a `type` feed-rs knows: Atom's `text`, `html`, `xhtml` (from MIME types
/// such as `text/plain`), Media RSS's `plain` and `html`; a type it cannot map is removed (the
/// default, plain text, is read instead of the whole feed failing).
pub(super) fn text_types(text: &str) -> Option<(String, Repair)> {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for piece in pieces(text) {
        let segment = &text[piece.span.clone()];
        let Token::Start { name, .. } = piece.token else {
            out.push_str(segment);
            continue;
        };
        let qualified = &text[name];
        let allowed: &[&str] = match (qualified.starts_with("media:"), scan::local(qualified)) {
            (true, "title" | "description" | "text") => &["plain", "html"],
            (false, "title" | "subtitle" | "summary" | "rights") => {
                &["text", "html", "xhtml", "text/html"]
            }
            _ => &[],
        };
        let attribute = scan::attributes(segment)
            .into_iter()
            .find(|a| a.name == "type");
        let Some(attribute) = attribute.filter(|_| !allowed.is_empty()) else {
            out.push_str(segment);
            continue;
        };
        let value = segment[attribute.value.clone()].trim().to_ascii_lowercase();
        if allowed.contains(&value.as_str()) {
            out.push_str(segment);
            continue;
        }
        let media = allowed.contains(&"plain");
        let mapped = match value.split(';').next().unwrap_or_default().trim() {
            "text" | "text/plain" | "plain" if media => Some("plain"),
            "text" | "text/plain" | "plain" => Some("text"),
            "html" | "text/html" | "escaped" => Some("html"),
            "xhtml" | "application/xhtml+xml" if !media => Some("xhtml"),
            _ => None,
        };
        count += 1;
        match mapped {
            Some(mapped) => {
                out.push_str(&segment[..attribute.value.start]);
                out.push_str(mapped);
                out.push_str(&segment[attribute.value.end..]);
            }
            None => {
                let start = segment[..attribute.whole.start].trim_end().len();
                out.push_str(&segment[..start]);
                out.push_str(&segment[attribute.whole.end..]);
            }
        }
    }
    (count > 0).then_some((out, Repair::NormalisedTextTypes { count }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::recover::apply;

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

    #[test]
    fn a_feed_in_a_misspelt_atom_namespace_is_read_as_atom_1() {
        let (out, repair) = apply(
            atom_namespace,
            "<feed xmlns=\"https://www.w3.org/2005/Atom/\"><entry/>",
        );
        assert_eq!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry/>");
        assert_eq!(
            repair,
            "read namespace `https://www.w3.org/2005/Atom/` as Atom 1.0"
        );
        for text in [
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "<feed xmlns=\"http://purl.org/atom/ns#\">",
            "<feed>",
            "<rss xmlns=\"x\">",
        ] {
            assert_eq!(atom_namespace(text), None, "{text}");
        }
    }

    #[test]
    fn text_constructs_get_a_type_feed_rs_knows() {
        let text = "<title type=\"text/plain\">a</title><summary type='TEXT/HTML; charset=utf-8'>b</summary>\
            <media:title type=\"text\">c</media:title><media:description type=\"rich\">d</media:description>\
            <content type=\"text/plain\">e</content><rights type=\"html\">f</rights>";
        let (out, repair) = apply(text_types, text);
        assert_eq!(
            out,
            "<title type=\"text\">a</title><summary type='html'>b</summary>\
            <media:title type=\"plain\">c</media:title><media:description>d</media:description>\
            <content type=\"text/plain\">e</content><rights type=\"html\">f</rights>"
        );
        assert_eq!(repair, "normalised 4 text types");
        assert_eq!(
            text_types("<title type=\"html\">x</title><media:title type=\"plain\"/>"),
            None
        );
    }
}
