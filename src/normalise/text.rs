//! Plain text from what feeds write: HTML fragments with their entities, often escaped twice.
//! A module of its own because feed text is where hostile and broken input meets the pages.

use super::collapse_whitespace;

/// Plain text from a fragment of HTML as feeds send it: tags removed (the contents of `script`,
/// `style` and other non-text elements dropped entirely), entities decoded, whitespace collapsed.
/// Feeds often escape their HTML twice (`&amp;lt;b&amp;gt;`), so while the text still looks like
/// markup it is stripped again, a few rounds at most.
pub fn html_to_text(html: &str) -> String {
    let mut text = strip_tags(html);
    for _ in 0..3 {
        if !looks_like_markup(&text) {
            break;
        }
        let again = strip_tags(&text);
        if again == text {
            break;
        }
        text = again;
    }
    let text: String = text.chars().filter_map(readable).collect();
    collapse_whitespace(&text)
}

/// A character as a reader should see it. C1 controls are Windows-1252 punctuation that went
/// through a Latin-1 decoder (`&#146;` for `’`): they map back as HTML5 does for character
/// references. Other control characters (never text, and invalid in XML output) become spaces.
fn readable(c: char) -> Option<char> {
    const WINDOWS_1252: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
    match c {
        '\u{80}'..='\u{9f}' => WINDOWS_1252
            .chars()
            .nth(c as usize - 0x80)
            .filter(|m| !m.is_control()),
        c if c.is_control() && !c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// Elements whose content is never readable text.
const HIDDEN_ELEMENTS: [&str; 9] = [
    "script", "style", "iframe", "noscript", "template", "object", "noembed", "noframes", "svg",
];

/// Elements that separate words: a space stands in for them so `<p>a</p><p>b</p>` reads `a b`.
const BREAKING_ELEMENTS: [&str; 26] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "p",
    "pre",
    "section",
    "td",
    "tr",
];

thread_local! {
    static STRIPPER: ammonia::Builder<'static> = {
        let mut builder = ammonia::Builder::empty();
        builder.clean_content_tags(HIDDEN_ELEMENTS.into_iter().collect());
        builder
    };
}

/// One round of tag stripping and entity decoding, whitespace untouched.
fn strip_tags(html: &str) -> String {
    let spaced = space_breaking_elements(html);
    let escaped = STRIPPER.with(|stripper| stripper.clean(&spaced).to_string());
    // html5ever decoded every entity while parsing; its serialiser escapes only these again.
    escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Puts a space before every tag of a [breaking element](BREAKING_ELEMENTS).
fn space_breaking_elements(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = rest[i + 1..].trim_start_matches('/');
        let name_len = tag.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = tag[..name_len].to_ascii_lowercase();
        if BREAKING_ELEMENTS.contains(&name.as_str()) {
            out.push(' ');
        }
        out.push('<');
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether text still holds a tag (`<b`, `</`, `<!`) or an entity (`&amp;`, `&#8217;`).
fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        match b {
            b'<' => next.is_ascii_alphabetic() || next == b'/' || next == b'!',
            b'&' => {
                let name = bytes[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                    .count();
                name > 0 && bytes.get(i + 1 + name) == Some(&b';')
            }
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text_with_entities_decoded() {
        assert_eq!(
            html_to_text("<p>Rock &amp; roll&#8217;s <b>back</b></p><p>Caf&eacute;&nbsp;open</p>"),
            "Rock & roll’s back Café open"
        );
        assert_eq!(html_to_text("  a\n\n  b\t c "), "a b c");
        assert_eq!(html_to_text("AT&T and 5 < 6 > 4"), "AT&T and 5 < 6 > 4");
        assert_eq!(html_to_text("line<br>break"), "line break");
    }

    #[test]
    fn scripts_and_styles_are_dropped_not_shown() {
        assert_eq!(
            html_to_text("Hi<script>alert('x')</script><style>p{color:red}</style> there"),
            "Hi there"
        );
    }

    #[test]
    fn double_escaped_html_shows_no_tags() {
        assert_eq!(html_to_text("&lt;b&gt;Bold&lt;/b&gt; move"), "Bold move");
        assert_eq!(
            html_to_text("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;News"),
            "News"
        );
        assert_eq!(html_to_text("Fish &amp;amp; chips"), "Fish & chips");
    }

    #[test]
    fn hostile_markup_leaves_only_its_readable_text() {
        let crazy = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\">\n<html><head>\
            <title>Odd page -- parse me</title></head>\n<body onload=\"run();\"foo=\"bar\"\n>\
            <!-- <script> --><!--\n<script>\n--></script>\n<script\n\n>\nfunction run() {\n\
            /* <script> inside < /script> */ alert(\"ran\");\n}\n</script\n\n>\
            <h1>Did it run?</h1><div onmouseover=\"\nrun();\n\">Hover here</div></body></html>";
        assert_eq!(
            html_to_text(crazy),
            "Odd page -- parse me Did it run? Hover here"
        );
    }

    #[test]
    fn control_characters_never_reach_the_text() {
        assert_eq!(
            html_to_text("don\u{92}t \u{93}quote\u{94}"),
            "don’t “quote”"
        );
        assert_eq!(html_to_text("a\u{1}b\u{8d}c"), "a bc");
    }
}
