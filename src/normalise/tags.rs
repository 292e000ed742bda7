//! Removing tags from text that may only look like markup. Feed text is often HTML that was
//! escaped once more than it should be, and titles are often plain text with a literal `<`
//! (`Fans of <blink>`, `x < y`): an HTML parser would swallow the words after such a `<`. Here
//! only well-formed tags of known elements go, and a paired element only with its partner; every
//! other `<...>` stays as it is (the templates escape it on output).

use std::ops::Range;

/// Elements whose content is never readable text.
pub(super) const HIDDEN_ELEMENTS: [&str; 9] = [
    "script", "style", "iframe", "noscript", "template", "object", "noembed", "noframes", "svg",
];

/// Elements that separate words: a space stands in for them so `<p>a</p><p>b</p>` reads `a b`.
#[rustfmt::skip]
pub(super) const BREAKING_ELEMENTS: [&str; 26] = [
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "p", "pre",
    "section", "td", "tr",
];

/// Elements that have no end tag.
const VOID_ELEMENTS: [&str; 11] = [
    "br", "hr", "img", "wbr", "source", "track", "embed", "area", "col", "meta", "link",
];

/// Elements whose end tag HTML lets writers leave out.
const OPTIONAL_END: [&str; 10] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "option",
];

/// Inline formatting.
#[rustfmt::skip]
const INLINE_ELEMENTS: [&str; 28] = [
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u",
];

/// Other elements seen in feed HTML that come in pairs.
#[rustfmt::skip]
const BLOCK_ELEMENTS: [&str; 30] = [
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dl", "div",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "html",
    "main", "nav", "ol", "picture", "pre", "section", "table", "title", "ul",
];

/// How a known element's tags are removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Element {
    /// A tag that stands alone (`<br>`, `<p>` without its `</p>`, a comment): it goes.
    Single,
    /// Goes only with its partner: `<b>x</b>` is bold, a lone `<b>` is text.
    Paired,
    /// Goes with its content and its partner (`<script>..</script>`); a lone one is text.
    Hidden,
}

/// Any HTML element a feed's escaped markup holds.
pub(super) fn html_element(name: &str) -> Option<Element> {
    if HIDDEN_ELEMENTS.contains(&name) {
        Some(Element::Hidden)
    } else if VOID_ELEMENTS.contains(&name) || OPTIONAL_END.contains(&name) || name.starts_with('!')
    {
        Some(Element::Single)
    } else if INLINE_ELEMENTS.contains(&name) || BLOCK_ELEMENTS.contains(&name) {
        Some(Element::Paired)
    } else {
        None
    }
}

/// What a title may carry: the same elements, but `<p>` or `<li>` only with their partner (a
/// title is one line: a lone `<p>` there is more likely text than markup).
pub(super) fn title_element(name: &str) -> Option<Element> {
    match html_element(name)? {
        Element::Single if OPTIONAL_END.contains(&name) => Some(Element::Paired),
        element => Some(element),
    }
}

/// One tag as written: `<b>`, `</b>`, `<a href="/x">`, `<br/>`, `<!-- x -->`.
#[derive(Debug)]
struct Tag {
    span: Range<usize>,
    /// Lowercase; `!--` for a comment, `!doctype` for a document type.
    name: String,
    closing: bool,
}

/// Removes the well-formed tags of the elements `known` names, as described in the module docs;
/// a [breaking element](BREAKING_ELEMENTS)'s tag leaves a space.
pub(super) fn strip_known_tags(text: &str, known: fn(&str) -> Option<Element>) -> String {
    let tags: Vec<(Tag, Element)> = text
        .match_indices('<')
        .filter_map(|(at, _)| tag_at(text, at))
        .filter_map(|tag| known(&tag.name).map(|element| (tag, element)))
        .collect();
    let mut remove: Vec<Range<usize>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, (tag, element)) in tags.iter().enumerate() {
        match (element, tag.closing) {
            (Element::Single, _) => remove.push(tag.span.clone()),
            (_, false) => open.push(i),
            (_, true) => {
                let Some(pos) = open.iter().rposition(|&o| tags[o].0.name == tag.name) else {
                    continue;
                };
                let start = &tags[open.remove(pos)].0;
                if *element == Element::Hidden {
                    remove.push(start.span.start..tag.span.end);
                } else {
                    remove.push(start.span.clone());
                    remove.push(tag.span.clone());
                }
            }
        }
    }
    splice_out(text, remove)
}

/// `text` without the ranges (overlapping ones merged), a space where a breaking tag was.
fn splice_out(text: &str, mut remove: Vec<Range<usize>>) -> String {
    remove.sort_by_key(|range| range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in remove {
        if range.end <= at {
            continue;
        }
        out.push_str(&text[at..range.start.max(at)]);
        if tag_at(text, range.start).is_some_and(|t| BREAKING_ELEMENTS.contains(&t.name.as_str())) {
            out.push(' ');
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The tag that starts at byte `at` (a `<`), when it is well-formed: a name, then attributes up
/// to a `>` with no other `<` in between; or a comment closed by `-->`.
fn tag_at(text: &str, at: usize) -> Option<Tag> {
    let rest = &text[at + 1..];
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment.find("-->")? + at + 1 + 3 + 3;
        return Some(Tag {
            span: at..end,
            name: "!--".into(),
            closing: false,
        });
    }
    let (closing, body) = match rest.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let bang = usize::from(body.starts_with('!') && !closing);
    let name_len = body[bang..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if name_len == 0 || !body.as_bytes()[bang].is_ascii_alphabetic() {
        return None;
    }
    let after = &body[bang + name_len..];
    let end = after.find('>')?;
    let attributes = &after[..end];
    let attributes_ok = attributes.is_empty()
        || attributes == "/"
        || attributes.starts_with(|c: char| c.is_ascii_whitespace());
    if !attributes_ok || attributes.contains('<') {
        return None;
    }
    let name_end = at + 1 + usize::from(closing) + bang + name_len;
    Some(Tag {
        span: at..name_end + end + 1,
        name: text[name_end - name_len - bang..name_end].to_ascii_lowercase(),
        closing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        strip_known_tags(text, html_element)
    }

    fn title(text: &str) -> String {
        strip_known_tags(text, title_element)
    }

    #[test]
    fn paired_tags_go_only_with_their_partner() {
        assert_eq!(title("<b>Bold</b> news"), "Bold news");
        assert_eq!(title("<B>Bold</B> <a href=\"/x\">link</a>"), "Bold link");
        assert_eq!(title("The <b> tag"), "The <b> tag");
        assert_eq!(title("a</b> b"), "a</b> b");
        assert_eq!(title("<div>Wrapped</div>"), " Wrapped ");
        assert_eq!(title("Why <p> matters"), "Why <p> matters");
        assert_eq!(title("<i>nested <b>deep</b></i>!"), "nested deep!");
    }

    #[test]
    fn unknown_or_broken_tags_stay_text() {
        assert_eq!(title("Fans of <blink> fund"), "Fans of <blink> fund");
        assert_eq!(
            title("City council celebrate a <script> ban (no. 9)"),
            "City council celebrate a <script> ban (no. 9)"
        );
        assert_eq!(title("Why x < y and y > z"), "Why x < y and y > z");
        assert_eq!(html("if x <y and z> w"), "if x <y and z> w");
        assert_eq!(html("a <b then c"), "a <b then c");
        assert_eq!(html("<b<i>x</i>"), "<bx");
    }

    #[test]
    fn hidden_elements_go_with_their_content_only_when_closed() {
        assert_eq!(html("<script>alert(1)</script>News"), "News");
        assert_eq!(html("Use the <script> tag"), "Use the <script> tag");
        assert_eq!(html("a<!-- note -->b<!-- open"), "ab<!-- open");
    }

    #[test]
    fn single_tags_go_and_breaking_ones_leave_a_space() {
        assert_eq!(html("<p>one<p>two<br/>three"), " one two three");
        assert_eq!(title("line<br>break"), "line break");
        assert_eq!(html("<pre>code</pre>more"), " code more");
        assert_eq!(html("<!DOCTYPE html>x"), "x");
    }
}
