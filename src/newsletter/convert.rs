//! An issue's HTML as an edition's body: sanitised (ammonia), then converted to Markdown (htmd),
//! except when the HTML has a table, whose structure Markdown would lose (cells with paragraphs,
//! spans): then the sanitised HTML is kept as it is (Markdown allows it, and the build sanitises it
//! again). Images are left out, their captions kept: the site makes no request to another host,
//! and a newsletter's images (and tracking pixels) live on its provider's. Links to articles of
//! registered sources become the edition's `links:`.

use crate::model::{EditionLink, Sources};
use crate::normalise::canonical_url;

/// The body of an edition, and whether it stayed HTML.
pub struct Body {
    pub text: String,
    pub html: bool,
}

/// Tags whose structure Markdown cannot hold.
const KEEP_HTML: [&str; 1] = ["<table"];

/// Sanitised HTML: formatting, links and images stay; scripts, styles, forms, trackers' attributes
/// go. Relative links resolve against `base` when there is one.
pub fn sanitise(html: &str, base: Option<&str>) -> String {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(None).rm_tags(["img"]);
    if let Some(base) = base.and_then(|b| url::Url::parse(b).ok()) {
        builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base));
    }
    builder.clean(html).to_string()
}

/// The Markdown of sanitised HTML, or the HTML itself where Markdown would lose its structure.
pub fn body(clean: &str) -> Body {
    if KEEP_HTML.iter().any(|tag| clean.contains(tag)) {
        return Body {
            text: clean.trim().to_string(),
            html: true,
        };
    }
    match htmd::convert(clean) {
        Ok(markdown) => Body {
            text: tidy(&markdown),
            html: false,
        },
        Err(_) => Body {
            text: clean.trim().to_string(),
            html: true,
        },
    }
}

/// Trailing spaces off, at most one blank line in a row, one final newline.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = 0;
    for line in markdown.lines() {
        let line = drop_empty_links(line);
        let line = line.trim_end();
        blank = if line.is_empty() { blank + 1 } else { 0 };
        if blank < 2 {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

/// A line without links that show nothing (`[](url)`: an image link whose image is left out).
fn drop_empty_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("[](") {
        out.push_str(&rest[..at]);
        match rest[at..].find(')') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The links of sanitised HTML that lead to an article of a registered source (not to its home
/// page), each once, in order, titled by their text.
pub fn source_links(clean: &str, sources: &Sources) -> Vec<EditionLink> {
    let mut links: Vec<EditionLink> = Vec::new();
    let mut rest = clean;
    while let Some(start) = rest.find("<a ") {
        rest = &rest[start + 3..];
        let Some(end) = rest.find("</a>") else { break };
        let (anchor, after) = rest.split_at(end);
        rest = after;
        let Some(link) = link(anchor, sources) else {
            continue;
        };
        if !links.iter().any(|l| l.url == link.url) {
            links.push(link);
        }
    }
    links
}

/// One anchor (`href="..." ...>text`) as a link, when it leads to a registered source's article.
fn link(anchor: &str, sources: &Sources) -> Option<EditionLink> {
    let href = anchor.split("href=\"").nth(1)?.split('"').next()?;
    let href = href.replace("&amp;", "&");
    let url = canonical_url(&href, None)?;
    let parsed = url::Url::parse(&url).ok()?;
    let source = sources.by_host(parsed.host_str()?)?;
    if parsed.path().trim_matches('/').is_empty() {
        return None;
    }
    let text = crate::normalise::html_to_text(anchor.split_once('>').map_or("", |(_, t)| t));
    let title = match text.trim() {
        t if t.chars().count() >= 12 => t.to_string(),
        _ => url.clone(),
    };
    Some(EditionLink {
        url,
        title,
        source: Some(source.id.clone()),
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn sources() -> Sources {
        let mut herald = Source::for_test("herald", None);
        herald.domains = vec!["herald.example".into()];
        Sources::new(vec![herald])
    }

    #[test]
    fn html_is_sanitised_and_becomes_markdown() {
        let clean = sanitise(
            "<h2>Hi</h2><p onclick=\"x()\">A <b>bold</b> <a href=\"/p/1\">move</a>.</p><script>alert(1)</script>",
            Some("https://news.example/"),
        );
        assert!(
            !clean.contains("script") && !clean.contains("onclick"),
            "{clean}"
        );
        let body = body(&clean);
        assert!(!body.html);
        assert_eq!(
            body.text,
            "## Hi\n\nA **bold** [move](https://news.example/p/1)."
        );
    }

    #[test]
    fn tables_stay_sanitised_html_and_images_go() {
        let body = body(&sanitise(
            "<table><tr><td>1</td></tr></table><p>x</p>",
            None,
        ));
        assert!(body.html);
        assert!(body.text.starts_with("<table>"), "{}", body.text);
        let clean = sanitise(
            "<figure><img src=\"https://cdn.example/a.jpg\" alt=\"A\"><figcaption>The port.</figcaption></figure>",
            None,
        );
        assert!(!clean.contains("<img"), "{clean}");
        assert_eq!(super::body(&clean).text, "The port.");
    }

    #[test]
    fn links_to_registered_sources_articles_become_edition_links() {
        let clean = sanitise(
            "<p><a href=\"https://www.herald.example/2026/01/09/port-strike?utm_source=nl\">Dockworkers walk out at the port</a>, \
             <a href=\"https://herald.example/\">the Herald</a>, <a href=\"https://other.example/a\">elsewhere</a>, \
             <a href=\"https://www.herald.example/2026/01/09/port-strike#comments\">again</a></p>",
            None,
        );
        let links = source_links(&clean, &sources());
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(
            links[0].url,
            "https://www.herald.example/2026/01/09/port-strike"
        );
        assert_eq!(links[0].title, "Dockworkers walk out at the port");
        assert_eq!(links[0].source.as_deref(), Some("herald"));
    }
}
