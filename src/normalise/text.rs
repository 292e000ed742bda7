//! Plain text from what feeds write: HTML fragments with their entities, often escaped twice.
//! A module of its own because feed text is where hostile and broken input meets the pages.

use super::collapse_whitespace;
use super::tags::{self, BREAKING_ELEMENTS, HIDDEN_ELEMENTS};

/// Plain text from a fragment of HTML as feeds send it: tags removed (the contents of `script`,
/// `style` and other non-text elements dropped entirely), entities decoded, whitespace collapsed.
///
/// Feeds often escape their HTML once or twice more (`&lt;p&gt;`, `&amp;#8217;`), so while the
/// text still holds entities it is decoded again, a few rounds at most. Tags that come out of such
/// a round are removed only where they are [well-formed known elements](tags::strip_known_tags),
/// and only until some tags were read: after that, a `<` is the text's own (`x &lt;y`, `the
/// &lt;script&gt; tag`), and an HTML parser would swallow the words after it.
pub fn html_to_text(html: &str) -> String {
    let mut tags_read = looks_like_tag(html);
    let mut text = strip_tags(html);
    for _ in 0..3 {
        if !looks_like_markup(&text) {
            break;
        }
        let stripped = if tags_read {
            text.clone()
        } else {
            tags::strip_known_tags(&text, tags::html_element)
        };
        tags_read |= stripped != text;
        let decoded = decode_entities(&stripped);
        if decoded == text {
            break;
        }
        text = decoded;
    }
    readable_text(&text)
}

/// Text that is plain text by its format's spec (Atom `type="text"`, JSON Feed titles), kept as
/// it is: only whitespace collapsed and [control characters](readable) mapped.
pub fn plain_text(text: &str) -> String {
    readable_text(text)
}

/// A title whose format does not say whether it is text or HTML (RSS): entities decoded once,
/// well-formed markup of known elements removed (`<b>Bold</b> news`, `<br>`, `<div>..</div>`
/// around the whole title), and every other `<...>` kept as text (`Fans of <blink> fund`,
/// `a <script> ban`, `x < y and y > z`).
pub fn title_text(text: &str) -> String {
    let decoded = decode_entities(text);
    readable_text(&tags::strip_known_tags(&decoded, tags::title_element))
}

/// Characters [as a reader should see them](readable), whitespace collapsed.
fn readable_text(text: &str) -> String {
    let text: String = text.chars().filter_map(readable).collect();
    collapse_whitespace(&text)
}

/// Entities decoded once (by html5ever, so every HTML5 name is known); `<` and `>` stay text.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    strip_tags(&text.replace('<', "&lt;").replace('>', "&gt;"))
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

/// Whether text holds what an HTML parser reads as a tag: `<b`, `</`, `<!`.
fn looks_like_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|pair| {
        pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || pair[1] == b'/' || pair[1] == b'!')
    })
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

    #[test]
    fn escaped_markup_loses_no_words() {
        // `<pre>` escaped once more than HTML needs: the code reads, and so does what follows.
        assert_eq!(
            html_to_text("&lt;pre&gt;code here&lt;/pre&gt; and more words"),
            "code here and more words"
        );
        // A `<` of the text itself, after decoding, is no tag.
        assert_eq!(
            html_to_text("&lt;pre&gt;if a &amp;lt;b then c&lt;/pre&gt; more words"),
            "if a <b then c more words"
        );
        assert_eq!(
            html_to_text("<p>if x &lt;y and z&gt; w</p>"),
            "if x <y and z> w"
        );
        assert_eq!(
            html_to_text("<p>Use the &lt;pre&gt; tag for code</p>"),
            "Use the <pre> tag for code"
        );
        assert_eq!(
            html_to_text("Use the &lt;script&gt; tag for code and more words"),
            "Use the <script> tag for code and more words"
        );
    }

    #[test]
    fn entities_escaped_twice_inside_real_markup_are_decoded() {
        assert_eq!(html_to_text("<p>Don&amp;#8217;t panic</p>"), "Don’t panic");
    }

    #[test]
    fn plain_text_is_kept_as_it_is() {
        assert_eq!(
            plain_text("  Fans of <blink> &amp; <b>x</b>\n "),
            "Fans of <blink> &amp; <b>x</b>"
        );
    }

    #[test]
    fn titles_lose_only_well_formed_inline_formatting() {
        assert_eq!(title_text("Fans of <blink> fund"), "Fans of <blink> fund");
        assert_eq!(
            title_text("City council celebrate a <script> ban (no. 9)"),
            "City council celebrate a <script> ban (no. 9)"
        );
        assert_eq!(title_text("Why x < y and y > z"), "Why x < y and y > z");
        assert_eq!(title_text("<b>Bold</b> news"), "Bold news");
        assert_eq!(
            title_text("Talks &amp; more &#8220;soon&#8221; &lt;i&gt;now&lt;/i&gt;"),
            "Talks & more “soon” now"
        );
        assert_eq!(
            title_text("Fish &amp;amp; chips"),
            "Fish &amp; chips",
            "once"
        );
    }
}
