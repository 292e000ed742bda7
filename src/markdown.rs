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
        .link_rel(Some("noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !image_source(value) => None,
            _ => Some(value.into()),
        })
        .clean(&out)
        .to_string()
}

/// The images a body may show: on the web (`https://...`, `http://...`) or on the site itself
/// (`/images/chart.png`, or a relative path to an image file: `../../images/chart.png`). Any
/// other source (`x`, `data:...`, `file:...`) is dropped, so a stray `<img src=x>` makes no request.
fn image_source(src: &str) -> bool {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || src.starts_with('/') {
        return true;
    }
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    let scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    const IMAGES: [&str; 7] = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"];
    !scheme && IMAGES.iter().any(|ext| path.ends_with(ext))
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
    fn images_load_only_from_the_web_or_the_site() {
        let html = to_html(
            "<img src=x alt=a> <img src=\"data:image/png;base64,AA\" alt=b> \
             <img src=\"HTTPS://img.example/c.png\" alt=c> ![d](/images/d.png) ![e](../e.png) \
             <img src=\"file:///etc/f.png\" alt=f>",
        );
        assert!(
            !html.contains("src=\"x\"") && !html.contains("data:"),
            "{html}"
        );
        assert!(!html.contains("file:"), "{html}");
        assert!(html.contains("src=\"../e.png\""), "{html}");
        assert!(html.contains("src=\"HTTPS://img.example/c.png\""), "{html}");
        assert!(html.contains("src=\"/images/d.png\""), "{html}");
        assert!(to_html("[l](https://a.example/)").contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn the_first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph_text("# Head\n\nOne *two*\nthree.\n\nFour."),
            "One two three."
        );
    }
}
