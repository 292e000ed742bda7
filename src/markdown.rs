//! Editors' Markdown to safe HTML, and to plain text for summaries.
//!
//! Story bodies are written by editors, but a site may take contributions, so raw HTML in them is
//! sanitised (ammonia): formatting stays, scripts and event handlers go.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to sanitised HTML.
pub fn to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .link_rel(Some("noopener"))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .clean(&out)
        .to_string()
}

/// Sanitised HTML again, with every relative link made absolute against `base` (for emails,
/// which are read away from the site).
pub fn absolute_links(html: &str, base: &url::Url) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener"))
        .url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()))
        .clean(html)
        .to_string()
}

/// The plain text of the first paragraph, for summaries.
pub fn first_paragraph_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_scripts_are_removed() {
        let html = to_html(
            "Hello **world** <script>alert(1)</script> <a href=\"x\" onclick=\"y()\">l</a>",
        );
        assert!(html.contains("<strong>world</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("onclick"));
    }

    #[test]
    fn the_first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph_text("# Head\n\nOne *two*\nthree.\n\nFour."),
            "One two three."
        );
    }
}
