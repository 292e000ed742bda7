//! A feed inside something else: an HTML or XHTML page that shows a feed in its body, a PHP warning
//! or a stray line printed before the XML. A parser reads the document's root, which is then not
//! the feed; lenient readers look for the feed's element wherever it is. The feed is taken out, with
//! the namespace prefixes declared on the elements around it (an XHTML page may declare `dc:` on
//! `<html>`), and what surrounds it is dropped.

use super::dialect::short;
use super::repair::Repair;
use super::scan::{self, Piece, Scanner, Token, pieces};
use std::collections::{BTreeMap, BTreeSet};

/// The local names of the elements a feed starts with.
const FEED_ROOTS: [&str; 3] = ["rss", "feed", "rdf"];

/// What comes before the feed's element.
#[derive(Default)]
struct Before<'a> {
    /// The first element, and whether it is still open where the feed starts.
    first: Option<(&'a str, bool)>,
    /// Text (or stray markup) before the feed.
    text: bool,
    /// `xmlns:prefix` declarations, the last of each prefix.
    prefixes: BTreeMap<&'a str, &'a str>,
}

/// Takes the first feed element out of a document whose root is something else.
pub(super) fn embedded_feed(text: &str) -> Option<(String, Repair)> {
    let mut scanner = pieces(text);
    let mut before = Before::default();
    let (start, name, self_closing) = loop {
        let piece = scanner.next()?;
        match piece.token {
            Token::Start { name, self_closing } if is_feed_root(&text[name.clone()]) => {
                break (piece.span, name, self_closing);
            }
            Token::Start { name, self_closing } => {
                let qualified = &text[name];
                before.first.get_or_insert((qualified, !self_closing));
                declarations(&text[piece.span], &mut before.prefixes);
            }
            Token::End { name } => {
                if let Some((first, open)) = &mut before.first {
                    *open &= *first != &text[name];
                }
                before.text = true;
            }
            Token::Text if is_blank(&text[piece.span]) => {}
            Token::Comment | Token::Pi | Token::Declaration => {}
            _ => before.text = true,
        }
    };
    if before.first.is_none() && !before.text {
        // The feed is the root.
        return None;
    }
    let qualified = &text[name.clone()];
    let end = if self_closing {
        start.end
    } else {
        end_of(scanner, text, qualified)
    };
    let tag = &text[start.clone()];
    let mut out = String::with_capacity(end - start.start + 128);
    out.push_str(&text[start.start..name.end]);
    let declared: BTreeSet<&str> = scan::attributes(tag).iter().map(|a| a.name).collect();
    for (prefix, value) in &before.prefixes {
        if !declared.contains(prefix) {
            out.push_str(&format!(" {prefix}=\"{}\"", value.replace('"', "&quot;")));
        }
    }
    out.push_str(&text[name.end..end]);
    let page = before
        .first
        .filter(|(_, open)| *open)
        .map(|(first, _)| short(first));
    let root = short(qualified);
    Some((out, Repair::ExtractedFeed { root, page }))
}

fn is_feed_root(qualified: &str) -> bool {
    FEED_ROOTS.contains(&scan::local(qualified).to_ascii_lowercase().as_str())
}

/// Whitespace, or a byte-order mark.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}')
}

/// Adds the `xmlns:prefix` declarations of a start tag.
fn declarations<'a>(tag: &'a str, prefixes: &mut BTreeMap<&'a str, &'a str>) {
    for attribute in scan::attributes(tag) {
        if attribute.name.starts_with("xmlns:") {
            prefixes.insert(attribute.name, &tag[attribute.value]);
        }
    }
}

/// Where the element `qualified` that the scanner is inside of ends: after its end tag, or at the
/// end of the text when it is never closed.
fn end_of(scanner: Scanner<'_>, text: &str, qualified: &str) -> usize {
    let mut depth = 1usize;
    for Piece { token, span } in scanner {
        match token {
            Token::Start {
                name,
                self_closing: false,
            } if &text[name.clone()] == qualified => depth += 1,
            Token::End { name } if &text[name.clone()] == qualified => {
                depth -= 1;
                if depth == 0 {
                    return span.end;
                }
            }
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::recover::apply;

    #[test]
    fn a_feed_in_an_xhtml_page_is_taken_out_with_its_prefixes() {
        let page = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" \
                    xmlns:dc='urn:dc'><body><p>Hi</p><feed xmlns=\"urn:atom\" xmlns:x=\"urn:x\">\
                    <entry><dc:creator>A</dc:creator></entry><feed/></feed><p>Bye</p></body></html>";
        let (out, repair) = apply(embedded_feed, page);
        assert_eq!(
            out,
            "<feed xmlns:dc=\"urn:dc\" xmlns=\"urn:atom\" xmlns:x=\"urn:x\">\
             <entry><dc:creator>A</dc:creator></entry><feed/></feed>"
        );
        assert_eq!(repair, "read the <feed> inside <html>");
    }

    #[test]
    fn a_feed_after_a_warning_is_taken_out_even_unclosed() {
        let text = "<br />\n<b>Warning</b>: headers sent<br />\n<?xml version=\"1.0\"?>\n\
                    <rss version=\"2.0\"><channel><item>";
        let (out, repair) = apply(embedded_feed, text);
        assert_eq!(out, "<rss version=\"2.0\"><channel><item>");
        assert_eq!(repair, "read the <rss> after other content");
        let (out, _) = apply(embedded_feed, "Notice: x\n<rdf:RDF/><p/>");
        assert_eq!(out, "<rdf:RDF/>");
    }

    #[test]
    fn a_feed_that_is_the_root_or_no_feed_at_all_is_left_alone() {
        for text in [
            "<?xml version=\"1.0\"?><!-- c --><!DOCTYPE rss><rss><channel/></rss>",
            "\u{FEFF}<feed><entry/></feed>",
            "<html><body><p>No feed here</p></body></html>",
            "plain text",
        ] {
            assert_eq!(embedded_feed(text), None, "{text}");
        }
    }
}
