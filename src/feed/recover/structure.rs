//! Repairs of the document's structure: a DOCTYPE (its DTD may be remote, or declare entities the
//! parser refuses), CDATA sections never closed, empty elements the parser rejects (feed-rs wants
//! text in Atom text constructs and in Media RSS `<media:title>`/`<media:description>`, and the New
//! York Times sends `<media:description/>`), and documents cut short by a dropped connection.

use super::repair::Repair;
use super::scan::{self, Token, pieces};

/// Elements that carry a feed's structure: never removed, even when empty.
const STRUCTURAL: [&str; 6] = ["rss", "channel", "feed", "item", "entry", "rdf"];

/// HTML elements that are empty by nature (inside XHTML content).
const VOID: [&str; 3] = ["br", "hr", "wbr"];

/// Attributes that do not make an empty element mean anything.
const INERT_ATTRIBUTES: [&str; 4] = ["type", "mode", "xml:lang", "xml:base"];

/// Removes `<!DOCTYPE ...>` declarations, internal subsets included.
pub(super) fn doctype(text: &str) -> Option<(String, Repair)> {
    let mut out = String::with_capacity(text.len());
    let mut removed = false;
    for piece in pieces(text) {
        let segment = &text[piece.span];
        let is_doctype = piece.token == Token::Declaration
            && segment
                .get(..9)
                .is_some_and(|s| s.eq_ignore_ascii_case("<!DOCTYPE"));
        if is_doctype {
            removed = true;
        } else {
            out.push_str(segment);
        }
    }
    removed.then_some((out, Repair::RemovedDoctype))
}

/// Closes CDATA sections that have no `]]>` before the next `<![CDATA[` (or the end): the `]]>`
/// goes before the end tag of the element the section is in, or else before the first end tag
/// of its run, or at the end of its run (the end of a truncated document).
/// Comments are skipped. One pass: each marker is searched for from where the last search of it
/// ended, so hostile input stays linear.
pub(super) fn unterminated_cdata(text: &str) -> Option<(String, Repair)> {
    let mut opens = Finder::new("<![CDATA[");
    let mut closes = Finder::new("]]>");
    let mut comments = Finder::new("<!--");
    let mut comment_ends = Finder::new("-->");
    let mut out = String::with_capacity(text.len() + 16);
    let (mut count, mut copied, mut pos) = (0, 0, 0);
    while let Some(open) = opens.next(text, pos) {
        if let Some(comment) = comments.next(text, pos).filter(|&c| c < open) {
            match comment_ends.next(text, comment + 4) {
                Some(end) => pos = end + 3,
                None => break,
            }
            continue;
        }
        let inner = open + 9;
        let following = opens.next(text, inner).unwrap_or(text.len());
        match closes.next(text, inner).filter(|&close| close < following) {
            Some(close) => pos = close + 3,
            None => {
                let run = &text[inner..following];
                let name = enclosing_name(&text[..open]);
                let end_tag = name.and_then(|name| run.find(&format!("</{name}")));
                // The last section of a document cut short: its element's end tag was cut off,
                // and an end tag in it is part of its HTML.
                let cut = name.is_some() && following == text.len();
                let insert = end_tag
                    .or_else(|| run.find("</").filter(|_| !cut))
                    .map_or(following, |i| inner + i);
                out.push_str(&text[copied..insert]);
                out.push_str("]]>");
                count += 1;
                copied = insert;
                pos = following;
            }
        }
    }
    out.push_str(&text[copied..]);
    (count > 0).then_some((out, Repair::ClosedCdata { count }))
}

/// Finds a marker at or after a position that only grows, searching each stretch of text once.
struct Finder {
    marker: &'static str,
    /// The last occurrence found; `None` once there is none left.
    found: Option<usize>,
    searched: bool,
}

impl Finder {
    fn new(marker: &'static str) -> Self {
        Finder {
            marker,
            found: None,
            searched: false,
        }
    }

    fn next(&mut self, text: &str, from: usize) -> Option<usize> {
        let stale = match self.found {
            Some(found) => found < from,
            None => !self.searched,
        };
        if stale {
            self.searched = true;
            self.found = text
                .get(from..)
                .and_then(|rest| rest.find(self.marker))
                .map(|i| from + i);
        }
        self.found
    }
}

/// The name of the start tag that `before` ends with (whitespace aside).
fn enclosing_name(before: &str) -> Option<&str> {
    let before = before.trim_end();
    let open = before.rfind('<')?;
    let tag = &before[open..];
    if !tag.ends_with('>') || tag.ends_with("/>") || tag.starts_with("</") {
        return None;
    }
    let name = tag[1..]
        .split(|c: char| c.is_whitespace() || c == '>')
        .next()?;
    (!name.is_empty() && !name.starts_with(['!', '?'])).then_some(name)
}

/// Removes elements with no content and no meaningful attribute (`<media:description/>`,
/// `<title type="html"></title>`), but never the feed's structure.
pub(super) fn empty_elements(text: &str) -> Option<(String, Repair)> {
    let all: Vec<_> = pieces(text).collect();
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut i = 0;
    while let Some(piece) = all.get(i) {
        let segment = &text[piece.span.clone()];
        if let Token::Start { name, self_closing } = &piece.token
            && removable(&text[name.clone()], segment)
        {
            if *self_closing {
                count += 1;
                i += 1;
                continue;
            }
            // `<x>` then optional whitespace then `</x>`.
            let mut j = i + 1;
            if all
                .get(j)
                .is_some_and(|p| p.token == Token::Text && text[p.span.clone()].trim().is_empty())
            {
                j += 1;
            }
            if all.get(j).and_then(|p| end_name(p, text)) == Some(&text[name.clone()]) {
                count += 1;
                i = j + 1;
                continue;
            }
        }
        out.push_str(segment);
        i += 1;
    }
    (count > 0).then_some((out, Repair::RemovedEmptyElements { count }))
}

/// The name of an end tag.
fn end_name<'a>(piece: &scan::Piece, text: &'a str) -> Option<&'a str> {
    match &piece.token {
        Token::End { name } => Some(&text[name.clone()]),
        _ => None,
    }
}

fn removable(name: &str, tag: &str) -> bool {
    let local = scan::local(name).to_ascii_lowercase();
    !STRUCTURAL.contains(&local.as_str())
        && !VOID.contains(&local.as_str())
        && scan::attributes(tag)
            .iter()
            .all(|a| INERT_ATTRIBUTES.contains(&a.name))
}

/// Closes the elements a truncated document leaves open, after dropping the markup it ends
/// inside of (a CDATA section it ends inside of is closed instead: its text is content). Only when
/// that is safe: every end tag before the cut matched its start tag.
pub(super) fn truncated(text: &str) -> Option<(String, Repair)> {
    let mut open: Vec<&str> = Vec::new();
    let mut cut = text.len();
    let mut cdata = false;
    for piece in pieces(text) {
        match &piece.token {
            Token::Start {
                name,
                self_closing: false,
            } => open.push(&text[name.clone()]),
            Token::End { name } => {
                if open.pop() != Some(&text[name.clone()]) {
                    return None;
                }
                if open.is_empty() {
                    // The root is closed: whatever follows is not truncation.
                    return None;
                }
            }
            Token::Unterminated if text[piece.span.clone()].starts_with("<![CDATA[") => {
                cdata = true;
            }
            Token::Unterminated => cut = piece.span.start,
            _ => {}
        }
    }
    if open.is_empty() {
        return None;
    }
    let mut out = text[..cut].to_string();
    if cdata {
        out.push_str("]]>");
    }
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    Some((out, Repair::ClosedTruncatedDocument { open: open.len() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::recover::apply;

    #[test]
    fn the_doctype_is_removed_with_its_internal_subset() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape//DTD\" \"http://x/rss.dtd\" [<!ENTITY e \"]>\">]>\n<rss/>";
        let (out, repair) = apply(doctype, text);
        assert_eq!(out, "<?xml version=\"1.0\"?>\n\n<rss/>");
        assert_eq!(repair, "removed the DOCTYPE");
        assert_eq!(doctype("<rss><![CDATA[<!DOCTYPE html>]]></rss>"), None);
    }

    #[test]
    fn an_unterminated_cdata_is_closed_before_the_end_tag_of_its_element() {
        let text = "<item><description><![CDATA[<p>Hi</p> there</description><title><![CDATA[T]]></title></item>";
        let (out, repair) = apply(unterminated_cdata, text);
        assert_eq!(
            out,
            "<item><description><![CDATA[<p>Hi</p> there]]></description><title><![CDATA[T]]></title></item>"
        );
        assert_eq!(repair, "closed an unterminated CDATA section");
        let (out, _) = apply(unterminated_cdata, "<rss><t><![CDATA[cut");
        assert_eq!(out, "<rss><t><![CDATA[cut]]>");
        let (out, _) = apply(unterminated_cdata, "<rss><t><![CDATA[<p>cut</p> in <b");
        assert_eq!(out, "<rss><t><![CDATA[<p>cut</p> in <b]]>");
        let (out, _) = apply(unterminated_cdata, "<t>x <![CDATA[<p>a</p></t>");
        assert_eq!(out, "<t>x <![CDATA[<p>a]]></p></t>");
    }

    #[test]
    fn closed_cdata_and_cdata_in_comments_are_left_alone() {
        assert_eq!(
            unterminated_cdata("<a><![CDATA[x]]></a><b><![CDATA[y]]></b>"),
            None
        );
        assert_eq!(unterminated_cdata("<a><!-- <![CDATA[ --></a>"), None);
    }

    #[test]
    fn empty_elements_without_meaning_are_removed() {
        let text = "<item><media:description/><media:credit></media:credit><title type=\"html\">\n</title><t>x</t></item>";
        let (out, repair) = apply(empty_elements, text);
        assert_eq!(out, "<item><t>x</t></item>");
        assert_eq!(repair, "removed 3 empty elements");
    }

    #[test]
    fn empty_elements_with_attributes_or_structure_stay() {
        for text in [
            "<media:content url=\"a.jpg\"/><link href=\"x\"/>",
            "<channel></channel><item/><entry></entry>",
            "<p>a<br/>b</p><a></b>",
            "<title>x</title>",
        ] {
            assert_eq!(empty_elements(text), None, "{text}");
        }
    }

    #[test]
    fn a_truncated_document_has_its_open_elements_closed() {
        let text = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title><![CD";
        let (out, repair) = apply(truncated, text);
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title></title></item></channel></rss>"
        );
        assert_eq!(repair, "closed a truncated document (4 elements left open)");
        let (out, _) = apply(truncated, "<rss><t><![CDATA[<p>cut</p> <b");
        assert_eq!(out, "<rss><t><![CDATA[<p>cut</p> <b]]></t></rss>");
    }

    #[test]
    fn a_complete_or_mismatched_document_is_not_closed() {
        assert_eq!(truncated("<rss><channel/></rss>"), None);
        assert_eq!(truncated("<rss><a></b>"), None);
        assert_eq!(truncated("<rss></rss><extra>"), None);
        assert_eq!(truncated("no markup"), None);
    }
}
