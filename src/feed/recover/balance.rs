//! Unbalanced markup inside the feed: HTML pasted into a `<description>` without escaping
//! (`a<br>b`, `<p>` never closed, a stray `</p>`), or an element the feed's template forgot to
//! close (`<item><title>x</item>`). An XML parser stops at the first end tag that does not match.
//!
//! Each end tag is matched against the elements open at that point. When it closes an element
//! further out than the innermost, the element's content is HTML an XML parser cannot read, and is
//! wrapped in CDATA (feed text is HTML anyway, so it means the same); when that element is part of
//! the feed's structure (`<item>`, `<channel>`...), the elements left open inside it are closed
//! instead. A stray end tag makes the content of the element it is in wrapped the same way.
//!
//! An item never sits inside anything but its parent, so an `<item>` or `<entry>` start tag closes
//! whatever was left open above its parent (an `<itunes:category>` never closed): items taken into
//! another element would parse, and be lost. An element left open that holds its data in an
//! attribute (`<link href="...">`, the HTML way) is closed right after its start tag.

use super::repair::Repair;
use super::scan::{self, Token, pieces};
use std::ops::Range;

/// Elements whose content is feed structure, never wrapped.
const STRUCTURAL: [&str; 8] = [
    "rss",
    "channel",
    "feed",
    "item",
    "entry",
    "rdf",
    "image",
    "textinput",
];

/// Attributes that hold an element's data (`text` is iTunes' category's): an element with one may
/// have no content.
const DATA_ATTRIBUTES: [&str; 4] = ["href", "url", "src", "text"];

/// How many open elements an end tag is matched against, innermost first.
const MAX_SEARCH: usize = 64;

/// One element open at some point of the scan.
struct Open<'a> {
    name: &'a str,
    /// Where its content starts (after its start tag).
    content: usize,
    /// A stray end tag was found inside it.
    stray: bool,
    /// It carries its data in an attribute (`<link href="...">`, `<enclosure url="...">`).
    attribute_data: bool,
}

/// An edit of the document: content wrapped in CDATA, end tags inserted, or a stray end tag
/// removed.
enum Edit {
    Wrap(Range<usize>),
    Close { at: usize, names: Vec<String> },
    Remove(Range<usize>),
}

/// Wraps unbalanced content in CDATA and closes elements left open inside structural ones.
pub(super) fn unbalanced(text: &str) -> Option<(String, Repair)> {
    let mut stack: Vec<Open> = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    for piece in pieces(text) {
        match piece.token {
            Token::Start { name, self_closing } => {
                let name = &text[name];
                if let Some(left_open) = close_around_item(&mut stack, name) {
                    edits.extend(close(text, &left_open, piece.span.start));
                }
                if !self_closing {
                    let attributes = scan::attributes(&text[piece.span.clone()]);
                    stack.push(Open {
                        name,
                        content: piece.span.end,
                        stray: false,
                        attribute_data: attributes
                            .iter()
                            .any(|a| DATA_ATTRIBUTES.contains(&a.name)),
                    });
                }
            }
            Token::End { name } => {
                let name = &text[name];
                // Only the innermost elements are searched: hostile nesting stays linear.
                let searched = stack.len().saturating_sub(MAX_SEARCH);
                let found = stack[searched..].iter().rposition(|open| open.name == name);
                let Some(depth) = found.map(|i| searched + i) else {
                    match stack.last_mut() {
                        Some(top) if !is_structural(top.name) => top.stray = true,
                        Some(_) => edits.push(Edit::Remove(piece.span)),
                        // After the root: not this repair's business.
                        None => {}
                    }
                    continue;
                };
                let open = &stack[depth];
                let inner = depth + 1 < stack.len();
                if (inner || open.stray) && !is_structural(open.name) {
                    edits.push(Edit::Wrap(open.content..piece.span.start));
                } else if inner {
                    edits.extend(close(text, &stack[depth + 1..], piece.span.start));
                }
                stack.truncate(depth);
            }
            _ => {}
        }
    }
    apply(text, edits)
}

/// The edits that close elements left open, innermost last, at `at`; except that an element that
/// carries its data in an attribute and has no text of its own (an Atom `<link href="...">` the
/// way HTML writes it) is closed right after its start tag, so that what follows is not taken
/// into it.
fn close(text: &str, left_open: &[Open], at: usize) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut names = Vec::new();
    for open in left_open.iter().rev() {
        let next = text.get(open.content..).unwrap_or_default().trim_start();
        if open.attribute_data && next.starts_with('<') && !next.starts_with("<![CDATA[") {
            edits.push(Edit::Close {
                at: open.content,
                names: vec![open.name.to_string()],
            });
        } else {
            names.push(open.name.to_string());
        }
    }
    if !names.is_empty() {
        edits.push(Edit::Close { at, names });
    }
    edits
}

/// When an item (or entry) starts inside elements left open (`<itunes:category text="News">`
/// never closed, an item never closed, an RSS 1.0 `<channel>` around the items), they are to be
/// closed there: items belong in the `<channel>` (RSS 2), the root (RSS 1.0) or the `<feed>`
/// (Atom), and a parser reads no item anywhere else. The stack is cut to the items' parent; the
/// elements cut off are returned.
fn close_around_item<'a>(stack: &mut Vec<Open<'a>>, name: &str) -> Option<Vec<Open<'a>>> {
    let local = scan::local(name).to_ascii_lowercase();
    if local != "item" && local != "entry" {
        return None;
    }
    let rss1 = stack
        .first()
        .is_some_and(|root| scan::local(root.name).eq_ignore_ascii_case("rdf"));
    let parents: &[&str] = if rss1 {
        &["rdf"]
    } else {
        &["channel", "rss", "feed"]
    };
    // Only the innermost elements are searched: hostile nesting stays linear.
    let searched = stack.len().saturating_sub(MAX_SEARCH);
    let parent = stack[searched..].iter().rposition(|open| {
        parents.contains(&scan::local(open.name).to_ascii_lowercase().as_str())
    })?;
    let parent = searched + parent;
    if parent + 1 == stack.len() {
        return None;
    }
    Some(stack.split_off(parent + 1))
}

fn is_structural(name: &str) -> bool {
    STRUCTURAL.contains(&scan::local(name).to_ascii_lowercase().as_str())
}

/// Applies the outermost edits, in document order.
fn apply(text: &str, mut edits: Vec<Edit>) -> Option<(String, Repair)> {
    let start = |edit: &Edit| match edit {
        Edit::Wrap(range) | Edit::Remove(range) => range.start,
        Edit::Close { at, .. } => *at,
    };
    edits.sort_by_key(start);
    let mut out = String::with_capacity(text.len() + 64);
    let (mut wrapped, mut closed, mut removed, mut at) = (0, 0, 0, 0);
    for edit in edits {
        if start(&edit) < at {
            // Inside a range already wrapped.
            continue;
        }
        match edit {
            Edit::Wrap(range) => {
                out.push_str(&text[at..range.start]);
                out.push_str("<![CDATA[");
                out.push_str(&cdata_content(&text[range.clone()]));
                out.push_str("]]>");
                wrapped += 1;
                at = range.end;
            }
            Edit::Close { at: insert, names } => {
                out.push_str(&text[at..insert]);
                for name in &names {
                    out.push_str(&format!("</{name}>"));
                }
                closed += names.len();
                at = insert;
            }
            Edit::Remove(range) => {
                out.push_str(&text[at..range.start]);
                removed += 1;
                at = range.end;
            }
        }
    }
    out.push_str(&text[at..]);
    let repair = Repair::BalancedMarkup {
        wrapped,
        closed,
        removed,
    };
    (wrapped + closed + removed > 0).then_some((out, repair))
}

/// Content made fit for a CDATA section: CDATA sections inside are opened up (their text is
/// literal in the new section too), and `]]>` is split across two sections.
fn cdata_content(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    for piece in pieces(content) {
        let segment = &content[piece.span];
        match piece.token {
            Token::CData => out.push_str(segment.get(9..segment.len() - 3).unwrap_or_default()),
            _ => out.push_str(segment),
        }
    }
    out.replace("]]>", "]]]]><![CDATA[>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply_to(text: &str) -> (String, String) {
        let (out, repair) = unbalanced(text).expect("applies");
        (out, repair.to_string())
    }

    #[test]
    fn unescaped_html_in_an_element_is_wrapped_in_cdata() {
        let (out, repair) = apply_to(
            "<item><description>a<br>b <img src=\"x\"></description><title>t</title></item>",
        );
        assert_eq!(
            out,
            "<item><description><![CDATA[a<br>b <img src=\"x\">]]></description><title>t</title></item>"
        );
        assert_eq!(repair, "wrapped the unbalanced HTML of 1 element in CDATA");
    }

    #[test]
    fn a_stray_end_tag_has_its_element_wrapped_and_cdata_inside_is_opened() {
        let (out, _) = apply_to("<item><description>a</p><![CDATA[b]]>]]></description></item>");
        assert_eq!(
            out,
            "<item><description><![CDATA[a</p>b]]]]><![CDATA[>]]></description></item>"
        );
    }

    #[test]
    fn an_element_left_open_in_an_item_is_closed() {
        let (out, repair) =
            apply_to("<channel><item><title>x</item><item><title>y</title></item></channel>");
        assert_eq!(
            out,
            "<channel><item><title>x</title></item><item><title>y</title></item></channel>"
        );
        assert_eq!(repair, "closed 1 element left open");
        let (out, repair) = apply_to("<rss><channel></div><item></p></item></channel></rss>");
        assert_eq!(out, "<rss><channel><item></item></channel></rss>");
        assert_eq!(repair, "removed 2 stray end tags");
    }

    #[test]
    fn elements_left_open_around_an_item_are_closed_before_it() {
        let (out, repair) = apply_to(
            "<rss><channel><itunes:category text=\"News\"><item><title>a</title></item>\
             <item/></channel></rss>",
        );
        assert_eq!(
            out,
            "<rss><channel><itunes:category text=\"News\"></itunes:category><item><title>a</title>\
             </item><item/></channel></rss>"
        );
        assert_eq!(repair, "closed 1 element left open");
        let (out, _) = apply_to("<channel><item><title>a</title><item>b</item></channel>");
        assert_eq!(
            out,
            "<channel><item><title>a</title></item><item>b</item></channel>"
        );
        let (out, _) = apply_to("<feed><author><name>n</name><entry/></feed>");
        assert_eq!(out, "<feed><author><name>n</name></author><entry/></feed>");
    }

    #[test]
    fn an_element_with_its_data_in_an_attribute_is_closed_after_its_start_tag() {
        let (out, repair) = apply_to(
            "<feed><link href=\"/\"><entry><link href=\"/1\">\n<id>1</id></entry>\
             <entry><source url=\"s\">Name</entry><entry><c text=\"N\"><title/></entry></feed>",
        );
        assert_eq!(
            out,
            "<feed><link href=\"/\"></link><entry><link href=\"/1\"></link>\n<id>1</id></entry>\
             <entry><source url=\"s\">Name</source></entry><entry><c text=\"N\"></c><title/></entry></feed>"
        );
        assert_eq!(repair, "closed 4 elements left open");
    }

    #[test]
    fn rss_1_items_inside_the_channel_are_moved_out_of_it() {
        let (out, repair) =
            apply_to("<rdf:RDF><channel><title>t</title><item>i</item></channel></rdf:RDF>");
        assert_eq!(
            out,
            "<rdf:RDF><channel><title>t</title></channel><item>i</item></rdf:RDF>"
        );
        assert_eq!(
            repair,
            "closed 1 element left open, removed 1 stray end tag"
        );
    }

    #[test]
    fn balanced_documents_and_truncated_ones_are_left_alone() {
        for text in [
            "<rss><channel><item><description><![CDATA[<br>]]></description></item></channel></rss>",
            "<a><b/><c>x</c></a>",
            "<rss><channel><item><title>cut",
            "<rss><channel><image/><item/><item></item></channel></rss>",
            "<rdf:RDF><channel/><item/><item></item></rdf:RDF>",
        ] {
            assert_eq!(unbalanced(text), None, "{text}");
        }
    }
}
