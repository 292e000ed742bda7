//! `parallax check`: every internal link and asset reference in a built site resolves to a file.
//!
//! Reads the output folder (a built site), so it checks what a visitor would get, templates
//! included. External links (other hosts) are not fetched. `ratings` reports how the raters'
//! files matched the registry.

pub mod ratings;

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// An internal link that points at no file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BrokenLink {
    /// The page holding the link, relative to the output folder.
    pub page: String,
    pub link: String,
}

/// What `links` found.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    pub pages: usize,
    pub links: usize,
    pub broken: Vec<BrokenLink>,
}

/// Checks every `href`/`src` in the HTML files under `output`. Internal links are root-relative
/// links under `base_path` (`/repo/...`), same-site absolute URLs under `base_url`, and relative links.
pub fn links(output: &Path, base_url: &url::Url) -> Result<LinkReport> {
    let mut report = LinkReport::default();
    let mut files = BTreeSet::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::walk(output, e))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(output).expect("under output");
            files.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let base_path = base_url.path();
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let path = output.join(file);
        let html = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
        report.pages += 1;
        for link in attribute_values(&html, &["href", "src"]) {
            let Some(target) = internal_target(&link, file, base_url, base_path) else {
                continue;
            };
            report.links += 1;
            let exists = files.contains(&target)
                || files.contains(&format!(
                    "{}index.html",
                    if target.is_empty() || target.ends_with('/') {
                        target.clone()
                    } else {
                        format!("{target}/")
                    }
                ));
            if !exists {
                report.broken.push(BrokenLink {
                    page: file.clone(),
                    link: link.clone(),
                });
            }
        }
    }
    Ok(report)
}

/// The output-relative file a link points to, or `None` for external links, anchors and mailto.
fn internal_target(link: &str, page: &str, base_url: &url::Url, base_path: &str) -> Option<String> {
    let link = decode_entities(link);
    let link = link
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .to_string();
    if link.is_empty() {
        return None;
    }
    let path = if let Some(rest) = link.strip_prefix(base_url.as_str()) {
        rest.to_string()
    } else if link.contains("://") || link.starts_with("//") || link.contains(':') {
        return None;
    } else if let Some(rest) = link.strip_prefix(base_path) {
        rest.to_string()
    } else if link.starts_with('/') {
        // Root-relative but outside the base path: broken once published under a subpath.
        return Some(format!("../{}", link.trim_start_matches('/')));
    } else {
        let dir = page
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        normalise(&format!("{dir}{link}"))?
    };
    Some(percent_decode(&path))
}

fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn decode_entities(text: &str) -> String {
    text.replace("&#x2F;", "/")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Values of the given attributes in an HTML text (double- or single-quoted).
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    for name in names {
        let needle = format!(" {name}=");
        let mut from = 0;
        while let Some(i) = html[from..].find(&needle) {
            let start = from + i + needle.len();
            from = start;
            let Some(&quote) = bytes.get(start) else {
                break;
            };
            if quote != b'"' && quote != b'\'' {
                continue;
            }
            if let Some(end) = html[start + 1..].find(quote as char) {
                out.push(html[start + 1..start + 1 + end].to_string());
                from = start + 1 + end;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_resolved_against_the_base_path_and_the_page() {
        let base = url::Url::parse("https://e.github.io/repo/").unwrap();
        let t = |link: &str, page: &str| internal_target(link, page, &base, "/repo/");
        assert_eq!(
            t("/repo/stories/a/", "index.html").as_deref(),
            Some("stories/a/")
        );
        assert_eq!(
            t("https://e.github.io/repo/x.xml", "index.html").as_deref(),
            Some("x.xml")
        );
        assert_eq!(
            t("../b/", "stories/a/index.html").as_deref(),
            Some("stories/b/")
        );
        assert_eq!(t("/other/", "index.html").as_deref(), Some("../other/"));
        assert_eq!(t("https://elsewhere.example/", "index.html"), None);
        assert_eq!(t("#top", "index.html"), None);
        assert_eq!(t("mailto:a@b.example", "index.html"), None);
    }

    #[test]
    fn attribute_values_are_found_in_either_quote() {
        let v = attribute_values(
            "<a href=\"/a/\">x</a><img src='/b.png'><p>href=x</p>",
            &["href", "src"],
        );
        assert_eq!(v, vec!["/a/", "/b.png"]);
    }
}
