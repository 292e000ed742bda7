//! Entry points for the fuzz targets under `fuzz/`: each runs one parser of untrusted text on
//! arbitrary input, the way a build or an import would, and checks what must hold whatever the
//! input (no panic; an error renders as text; sanitised HTML carries no script). Not an API.

use crate::archive::Archived;
use crate::config::{Config, Paths};
use std::path::Path;

/// The registry the story fuzzer resolves source ids against.
const SOURCES: &str = "\
sources:
  - id: alpha
    name: Alpha
    homepage: https://alpha.example/
    bias: left
    factuality: high
    country: GB
  - id: beta
    name: Beta
    homepage: https://beta.example/
    bias: right
";

/// A story file (front matter and Markdown body), as the build reads `content/stories/*.md`.
pub fn story_file(text: &str) {
    let sources = crate::load::sources::parse(Path::new("content/sources.yaml"), SOURCES)
        .expect("the fuzzer's registry parses");
    let path = Path::new("content/stories/fuzz.md");
    let parsed =
        crate::load::stories::parse(path, text, &sources, &Archived::default(), chrono_tz::UTC);
    if let Err(e) = parsed {
        let _ = e.to_string();
    }
}

/// `parallax.yaml`.
pub fn config(text: &str) {
    let paths = Paths::new(Path::new("site"));
    if let Err(e) = Config::parse(text, paths, &Default::default()) {
        let _ = e.to_string();
    }
}

/// `content/sources.yaml`.
pub fn sources(text: &str) {
    if let Err(e) = crate::load::sources::parse(Path::new("content/sources.yaml"), text) {
        let _ = e.to_string();
    }
}

/// A date as story files and feeds give them.
pub fn date(text: &str) {
    let _ = crate::normalise::parse_date(text, chrono_tz::UTC);
    let _ = crate::normalise::parse_date(text, chrono_tz::Asia::Kolkata);
    let _ = crate::feed::dates::parse_date(text);
}

/// A story body through Markdown and the sanitiser: no script, event handler or script URL
/// survives.
pub fn markdown(text: &str) {
    let html = crate::markdown::to_html(text);
    let found = unsafe_markup(&html, &[]);
    assert!(found.is_empty(), "{found:?} in {html}");
    let _ = crate::markdown::first_paragraph_text(text);
}

/// What in `html` could run script: a `<script>` whose tag names none of `own_scripts` (file
/// names), an event-handler attribute, an attribute value that is a `javascript:`, `vbscript:` or
/// `data:` URL. Assumes text is escaped (`&lt;`), as parallax escapes it and so are `<` and `>`
/// in attribute values: every `<` opens a tag. Empty when nothing could.
pub fn unsafe_markup(html: &str, own_scripts: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("script") && !own_scripts.iter().any(|own| lower.contains(own)) {
            found.push(format!("a script: <{tag}>"));
        }
        for (name, value) in attributes(&lower) {
            if name.starts_with("on") {
                found.push(format!("an event handler: <{tag}>"));
            }
            let value = value.trim_start();
            if ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| value.starts_with(s))
            {
                found.push(format!("a script URL: <{tag}>"));
            }
        }
    }
    found
}

/// The attributes of a tag's text (`a href="x" title='y z'`), quoted values unquoted.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_ascii_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return found;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = v;
            rest = next;
        }
        found.push((name, value));
    }
}

/// An OPML file given to `parallax import`.
pub fn opml(text: &str) {
    if let Err(e) = crate::import::outlines(Path::new("feeds.opml"), text) {
        let _ = e.to_string();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_story_file_is_read_against_the_fuzzers_registry() {
        super::story_file(
            "---\ntitle: T\ndate: 2026-01-05\narticles:\n  - source: alpha\n---\nBody",
        );
        super::story_file("no front matter");
    }

    #[test]
    fn unsafe_markup_finds_scripts_handlers_and_script_urls_only() {
        let found = |html: &str| super::unsafe_markup(html, &["own.js\""]).len();
        assert_eq!(found("<p onclick=x>a</p>"), 1);
        assert_eq!(found("<a href=' JavaScript:x'>a</a>"), 1);
        assert_eq!(
            found("<script>x</script><script src=\"own.js\"></script>"),
            1
        );
        assert_eq!(
            found("<meta content=\"a onclick=b javascript:c\"><p>&lt;script&gt;</p>"),
            0
        );
    }

    #[test]
    fn attributes_are_read_with_their_quotes() {
        assert_eq!(
            super::attributes(r#"a href="x y" title='a onclick=b' rel=noopener hidden"#),
            [
                ("href", "x y"),
                ("title", "a onclick=b"),
                ("rel", "noopener"),
                ("hidden", "")
            ]
        );
    }

    #[test]
    fn a_markdown_body_with_script_and_handlers_is_checked_clean() {
        super::markdown(
            "<script>x</script> <a href=\"javascript:x\" onclick=\"y\">l</a> [t](u \"a onclick=b\")",
        );
    }
}
