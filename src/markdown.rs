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

/// Renders Markdown to sanitised HTML. A body made only of text and the formatting Markdown
/// writes itself (paragraphs, headings, emphasis, lists, quotes, code, rules: no raw HTML, link,
/// image, table or footnote) is safe as pulldown-cmark escapes it, and the sanitiser would
/// keep every tag of it (most bodies: parsing and re-serialising them was a tenth of a
/// rebuild); anything else goes through the sanitiser.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let plain = events.iter().all(formatting_only);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if plain {
        // Kept for the whole build (100,000 bodies): copied without the spare capacity (the
        // allocator shrinks a block in place, keeping its size).
        return out.as_str().to_owned();
    }
    sanitiser().clean(&out).to_string()
}

/// Whether `event` is text or formatting that the sanitiser keeps as it is, attributes and all.
fn formatting_only(event: &Event) -> bool {
    use pulldown_cmark::CodeBlockKind;
    match event {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Item
            | Tag::BlockQuote(None)
            | Tag::List(None | Some(1))
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            _ => false,
        },
        Event::End(_) => true,
        _ => false,
    }
}

/// The sanitiser of bodies, made once.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .link_rel(Some("noopener noreferrer"))
                .url_relative(ammonia::UrlRelative::PassThrough)
                .attribute_filter(|element, attribute, value| match (element, attribute) {
                    ("img", "src") if !image_source(value) => None,
                    _ => Some(value.into()),
                });
            builder
        });
    &BUILDER
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

    /// The HTML `html` would be after the sanitiser, in one spelling: void tags without their
    /// slash, quotes unescaped in text.
    fn spelled(html: &str) -> String {
        html.replace(" />", ">")
            .replace("&quot;", "\"")
            .split_whitespace()
            .collect()
    }

    #[test]
    fn formatting_alone_skips_the_sanitiser_and_is_what_the_sanitiser_would_make() {
        let mut bodies: Vec<String> = [
            "Plain words, \"quoted\" & <not a tag> 'single'.",
            "# One\n\n## Two *em* **strong** ~~gone~~ `code <b>`\n\n> quoted\n> more\n\n---\n",
            "- a\n- b\n  - nested\n\n1. one\n2. two\n\n    indented code\n\n```\nfenced <x>\n```\n",
            "Line  \nbreak -- dashes... \"smart\" quotes",
        ]
        .map(String::from)
        .to_vec();
        // And every body of the example site, whichever path it takes.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/stories");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if let Some((_, _, body)) = crate::load::stories::split_front_matter(&text) {
                bodies.push(body.to_string());
            }
        }
        assert!(bodies.len() > 10, "the example's stories were read");
        let mut fast = 0;
        for body in &bodies {
            let mut raw = String::new();
            html::push_html(&mut raw, Parser::new_ext(body, options()));
            let html = to_html(body);
            fast += usize::from(html == raw);
            let sanitised = sanitiser().clean(&raw).to_string();
            assert_eq!(spelled(&html), spelled(&sanitised), "{body}");
        }
        assert!(fast >= 4, "the plain bodies skip the sanitiser ({fast})");
        // What needs the sanitiser still gets it.
        for needs in [
            "[l](javascript:alert(1))",
            "<b onclick=x>b</b>",
            "```js\nx\n```",
            "| a |\n|---|\n| b |",
        ] {
            let mut raw = String::new();
            html::push_html(&mut raw, Parser::new_ext(needs, options()));
            assert_eq!(
                to_html(needs),
                sanitiser().clean(&raw).to_string(),
                "{needs}"
            );
        }
    }

    #[test]
    fn the_first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph_text("# Head\n\nOne *two*\nthree.\n\nFour."),
            "One two three."
        );
    }
}
