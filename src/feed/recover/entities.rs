//! Character-level repairs: feeds written by HTML templates use HTML's named entities (`&hellip;`,
//! `&nbsp;`), which XML does not define; bare `&` and `<` in titles (`AT&T`, `a < b`); control
//! characters pasted from word processors. Each is an error for an XML parser.
//!
//! They touch text and attribute values only: CDATA sections and comments are left as they are
//! (an `&` there is already text). Entities become numeric references, which mean the same in
//! text and in attributes, from html5ever's complete HTML5 table.

use super::repair::Repair;
use super::scan::{Token, pieces};
use markup5ever::data::NAMED_ENTITIES;

/// The five entities XML defines.
const XML_ENTITIES: [&str; 5] = ["amp", "lt", "gt", "quot", "apos"];

/// Replaces HTML named entities XML lacks (`&eacute;` -> `&#233;`).
pub(super) fn html_entities(text: &str) -> Option<(String, Repair)> {
    let (out, count) = rewrite_text(text, |segment, out| {
        let mut count = 0;
        let mut rest = segment;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            match entity_name(after).and_then(|name| Some((name, html_entity(name)?))) {
                Some((name, (first, second))) => {
                    out.push_str(&format!("&#{first};"));
                    if second != 0 {
                        out.push_str(&format!("&#{second};"));
                    }
                    count += 1;
                    rest = &after[name.len() + 1..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        count
    });
    (count > 0).then_some((out, Repair::ReplacedHtmlEntities { count }))
}

/// Escapes every `&` that does not start a reference XML understands.
pub(super) fn stray_ampersands(text: &str) -> Option<(String, Repair)> {
    let (out, count) = rewrite_text(text, |segment, out| {
        let mut count = 0;
        let mut rest = segment;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let valid = match entity_name(after) {
                Some(name) => XML_ENTITIES.contains(&name),
                None => numeric_reference(after),
            };
            out.push_str(if valid { "&" } else { "&amp;" });
            count += usize::from(!valid);
            rest = after;
        }
        out.push_str(rest);
        count
    });
    (count > 0).then_some((out, Repair::EscapedAmpersands { count }))
}

/// Escapes each `<` that starts no markup.
pub(super) fn stray_less_than(text: &str) -> Option<(String, Repair)> {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    for piece in pieces(text) {
        if piece.token == Token::StrayLt {
            out.push_str("&lt;");
            count += 1;
        } else {
            out.push_str(&text[piece.span]);
        }
    }
    (count > 0).then_some((out, Repair::EscapedLessThan { count }))
}

/// Removes the characters XML 1.0 forbids everywhere (C0 controls but tab and newlines, U+FFFE,
/// U+FFFF).
pub(super) fn control_characters(text: &str) -> Option<(String, Repair)> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    let count = text.chars().filter(|&c| forbidden(c)).count();
    (count > 0).then(|| {
        let out = text.chars().filter(|&c| !forbidden(c)).collect();
        (out, Repair::RemovedControlCharacters { count })
    })
}

/// Rewrites text and start tags (for attribute values) with `f`, copying all other markup; the
/// sum of what `f` counted.
fn rewrite_text(text: &str, mut f: impl FnMut(&str, &mut String) -> usize) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut count = 0;
    for piece in pieces(text) {
        let segment = &text[piece.span];
        match piece.token {
            Token::Text | Token::Start { .. } => count += f(segment, &mut out),
            _ => out.push_str(segment),
        }
    }
    (out, count)
}

/// The name of `name;` at the start of `after` (the text after an `&`).
fn entity_name(after: &str) -> Option<&str> {
    let end = semicolon(after, 40)?;
    let name = &after[..end];
    let mut chars = name.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric())).then_some(name)
}

/// Where the `;` that ends a reference is, looking at most `max` bytes ahead (a document of
/// ampersands without semicolons must not make every `&` search to the end).
fn semicolon(after: &str, max: usize) -> Option<usize> {
    after.bytes().take(max + 1).position(|b| b == b';')
}

/// The code points of an HTML named entity that XML does not define.
fn html_entity(name: &str) -> Option<(u32, u32)> {
    if XML_ENTITIES.contains(&name) {
        return None;
    }
    let key = format!("{name};");
    // The table also holds prefixes of names, with no code point, for html5ever's tokenizer.
    NAMED_ENTITIES
        .get(key.as_str())
        .copied()
        .filter(|&(first, _)| first != 0)
}

/// Whether `after` starts with `#123;` or `#x1F;` naming a character XML allows.
fn numeric_reference(after: &str) -> bool {
    let Some(digits) = after.strip_prefix('#') else {
        return false;
    };
    let Some(end) = semicolon(digits, 10).filter(|&end| end > 0) else {
        return false;
    };
    let value = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(&hex[..end - 1], 16),
        None => digits[..end].parse::<u32>(),
    };
    value.ok().and_then(char::from_u32).is_some_and(|c| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(f: fn(&str) -> Option<(String, Repair)>, text: &str) -> Option<(String, String)> {
        f(text).map(|(out, repair)| (out, repair.to_string()))
    }

    #[test]
    fn html_entities_become_numeric_references() {
        let (out, repair) = apply(
            html_entities,
            "<title a=\"&copy;\">Caf&eacute; &hellip; &mdash;&nbsp;&amp; &NotEqualTilde;</title>",
        )
        .unwrap();
        assert_eq!(
            out,
            "<title a=\"&#169;\">Caf&#233; &#8230; &#8212;&#160;&amp; &#8770;&#824;</title>"
        );
        assert_eq!(repair, "replaced 6 HTML entities");
    }

    #[test]
    fn xml_entities_unknown_names_and_cdata_are_not_entities_to_replace() {
        for text in [
            "<t>&amp; &lt; &gt; &quot; &apos; &#233; &#x2026;</t>",
            "<t>&bogus; &eacute</t>",
            "<t><![CDATA[&eacute;]]><!-- &hellip; --></t>",
        ] {
            assert_eq!(html_entities(text), None, "{text}");
        }
    }

    #[test]
    fn stray_ampersands_are_escaped() {
        let (out, repair) = apply(
            stray_ampersands,
            "<link>?a=1&b=2</link><t x='AT&T'>R&D &amp; &#38; &#0; &unknown; & </t>",
        )
        .unwrap();
        assert_eq!(
            out,
            "<link>?a=1&amp;b=2</link><t x='AT&amp;T'>R&amp;D &amp; &#38; &amp;#0; &amp;unknown; &amp; </t>"
        );
        assert_eq!(repair, "escaped 6 stray ampersands");
    }

    #[test]
    fn valid_references_and_cdata_keep_their_ampersands() {
        let text = "<t>&amp;&#x1F600;&#10;<![CDATA[a & b]]></t><!-- & -->";
        assert_eq!(stray_ampersands(text), None);
    }

    #[test]
    fn stray_less_than_is_escaped_and_tags_are_not() {
        let (out, repair) = apply(stray_less_than, "<t>1 < 2 and 3 <4</t><b/>").unwrap();
        assert_eq!(out, "<t>1 &lt; 2 and 3 &lt;4</t><b/>");
        assert_eq!(repair, "escaped 2 stray `<`");
        assert_eq!(stray_less_than("<t>a &lt; b<![CDATA[<]]></t>"), None);
    }

    #[test]
    fn control_characters_are_removed_and_whitespace_kept() {
        let (out, repair) =
            apply(control_characters, "<t>a\u{1}b\u{8}\tc\r\n\u{FFFF}</t>").unwrap();
        assert_eq!(out, "<t>ab\tc\r\n</t>");
        assert_eq!(repair, "removed 3 control characters");
        assert_eq!(control_characters("<t>é\t\n</t>"), None);
    }
}
