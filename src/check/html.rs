//! The checks over the HTML a visitor gets: every internal link, asset reference and `#fragment`
//! resolves, and every image has alt text. Each problem names the page and its line; outbound
//! links are collected for `external`.

use super::{Files, Problem, ProblemKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the pages hold.
#[derive(Debug, Default)]
pub struct Found {
    pub pages: usize,
    pub links: usize,
    pub problems: Vec<Problem>,
    /// Each outbound link with the first place it appears at.
    pub external: BTreeMap<String, String>,
}

/// Where a link leads.
#[derive(Debug, PartialEq)]
enum Target {
    /// A file of the site (a folder path ends in `/`), and the fragment asked for (may be empty).
    Internal {
        path: String,
        fragment: String,
    },
    External(String),
    /// mailto:, javascript:, data:, an empty link: nothing to check.
    Skip,
}

/// Checks every HTML file in `files`.
pub fn check(files: &Files, base_url: &url::Url) -> Found {
    let pages: Vec<(&String, String)> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(path, html)| (path.as_str(), anchors(html)))
        .collect();
    let mut found = Found {
        pages: pages.len(),
        ..Found::default()
    };
    for (page, html) in &pages {
        let lines = Lines::new(html);
        for (offset, attribute, link) in attributes(html, &["href", "src"]) {
            let place = format!("{page}:{}", lines.at(offset));
            match resolve(&link, page, base_url) {
                Target::Internal { path, fragment } => {
                    found.links += 1;
                    let checked = Checked {
                        files,
                        ids: &ids,
                        place,
                        link: &link,
                    };
                    found
                        .problems
                        .extend(checked.internal(&path, &fragment, attribute));
                }
                Target::External(url) => {
                    found.external.entry(url).or_insert(place);
                }
                Target::Skip => {}
            }
        }
        found
            .problems
            .extend(images_without_alt(html, page, &lines));
    }
    found
}

/// One internal link being checked.
struct Checked<'a> {
    files: &'a Files,
    ids: &'a HashMap<&'a str, HashSet<String>>,
    place: String,
    link: &'a str,
}

impl Checked<'_> {
    fn internal(self, path: &str, fragment: &str, attribute: &str) -> Option<Problem> {
        let Some(file) = self.file(path) else {
            let asset = attribute == "src"
                || !(path.is_empty() || path.ends_with('/') || path.ends_with(".html"));
            let (kind, what) = match asset {
                true => (ProblemKind::MissingAsset, "asset"),
                false => (ProblemKind::BrokenLink, "link"),
            };
            return Some(Problem::new(
                kind,
                self.place,
                format!(
                    "{what} `{}` leads to no file of the site (`{path}`)",
                    self.link
                ),
            ));
        };
        let known = self.ids.get(file.as_str());
        if fragment.is_empty() || known.is_none_or(|ids| ids.contains(fragment)) {
            return None;
        }
        Some(Problem::new(
            ProblemKind::BrokenAnchor,
            self.place,
            format!(
                "`{}`: `{file}` has no element with id `{fragment}`",
                self.link
            ),
        ))
    }

    /// The file a path names: itself, or the `index.html` of the folder it names.
    fn file(&self, path: &str) -> Option<String> {
        let index = match path.is_empty() || path.ends_with('/') {
            true => format!("{path}index.html"),
            false => format!("{path}/index.html"),
        };
        [path.to_string(), index]
            .into_iter()
            .find(|f| !f.ends_with('/') && self.files.contains_key(f))
    }
}

/// Where `link` on `page` leads. Internal links are links under the base URL's path, same-site
/// absolute URLs and relative links; a root-relative link outside the base path is broken once
/// the site is published under a subpath, and resolves to a path outside the site (`../`).
fn resolve(link: &str, page: &str, base_url: &url::Url) -> Target {
    let link = decode_entities(link);
    let (link, fragment) = link.split_once('#').unwrap_or((&link, ""));
    let fragment = percent_decode(fragment);
    let link = link.split('?').next().unwrap_or_default();
    let base_path = base_url.path();
    let path = if link.is_empty() {
        if fragment.is_empty() {
            return Target::Skip;
        }
        page.to_string()
    } else if let Some(rest) = link.strip_prefix(base_url.as_str()) {
        rest.to_string()
    } else if link.starts_with("http://") || link.starts_with("https://") {
        return Target::External(link.to_string());
    } else if link.starts_with("//") || link.contains(':') {
        return Target::Skip;
    } else if let Some(rest) = link.strip_prefix(base_path) {
        rest.to_string()
    } else if link.starts_with('/') {
        format!("../{}", link.trim_start_matches('/'))
    } else {
        let dir = page
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        normalise(&format!("{dir}{link}")).unwrap_or_else(|| format!("../{link}"))
    };
    Target::Internal {
        path: percent_decode(&path),
        fragment,
    }
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

/// The `id` (and `name`) values of a page: what its `#fragment` links may name.
fn anchors(html: &str) -> HashSet<String> {
    attributes(html, &["id", "name"])
        .into_iter()
        .map(|(_, _, v)| decode_entities(&v))
        .collect()
}

/// `<img>` tags with no alt text, or an empty one, unless marked as decoration.
fn images_without_alt(html: &str, page: &str, lines: &Lines) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find("<img") {
        let start = from + i;
        let end = html[start..]
            .find('>')
            .map_or(html.len(), |e| start + e + 1);
        let tag = &html[start..end];
        from = end;
        let values = attributes(tag, &["alt", "role", "aria-hidden", "src"]);
        let value = |name: &str| {
            values
                .iter()
                .find(|(_, a, _)| *a == name)
                .map(|(_, _, v)| v.trim())
        };
        let decorative =
            value("role") == Some("presentation") || value("aria-hidden") == Some("true");
        if value("alt").is_none_or(str::is_empty) && !decorative {
            out.push(Problem::new(
                ProblemKind::MissingAlt,
                format!("{page}:{}", lines.at(start)),
                format!(
                    "image `{}` has no alt text: describe it in `![the description](...)` or the template's `alt=\"...\"`",
                    value("src").unwrap_or_default()
                ),
            ));
        }
    }
    out
}

/// The values of the given attributes, double- or single-quoted, each with its byte offset and name.
fn attributes<'n>(html: &str, names: &[&'n str]) -> Vec<(usize, &'n str, String)> {
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
                out.push((start, *name, html[start + 1..start + 1 + end].to_string()));
                from = start + 1 + end;
            }
        }
    }
    out.sort_by_key(|(offset, ..)| *offset);
    out
}

/// Line numbers of byte offsets in one text.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// The 1-based line of `offset`.
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: &str) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.into(),
        }
    }

    #[test]
    fn links_are_resolved_against_the_base_path_and_the_page() {
        let base = url::Url::parse("https://e.github.io/repo/").unwrap();
        let t = |link: &str, page: &str| resolve(link, page, &base);
        assert_eq!(
            t("/repo/stories/a/", "index.html"),
            internal("stories/a/", "")
        );
        assert_eq!(
            t("https://e.github.io/repo/x.xml", "index.html"),
            internal("x.xml", "")
        );
        assert_eq!(
            t("../b/#top", "stories/a/index.html"),
            internal("stories/b/", "top")
        );
        assert_eq!(
            t("#x", "stories/a/index.html"),
            internal("stories/a/index.html", "x")
        );
        assert_eq!(t("/other/", "index.html"), internal("../other/", ""));
        assert_eq!(
            t("https://elsewhere.example/a", "index.html"),
            Target::External("https://elsewhere.example/a".into())
        );
        assert_eq!(t("mailto:a@b.example", "index.html"), Target::Skip);
        assert_eq!(t("#", "index.html"), Target::Skip);
    }

    #[test]
    fn broken_links_anchors_assets_and_alt_text_are_found_with_their_line() {
        let mut files = Files::new();
        let page = "<p id=\"top\">\n<a href=\"b/\">b</a>\n<a href=\"a/#nope\">x</a> <a href=\"#top\">t</a>\n<img src=\"x.png\" alt=\"\">\n<img src=\"y.png\" alt=\"Y\">";
        files.insert("index.html".into(), page.as_bytes().to_vec());
        files.insert("a/index.html".into(), b"<h1 id=\"yes\">".to_vec());
        files.insert("y.png".into(), vec![]);
        let found = check(&files, &url::Url::parse("https://e.example/").unwrap());
        let got: Vec<(ProblemKind, &str)> = found
            .problems
            .iter()
            .map(|p| (p.kind, p.place.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ProblemKind::BrokenLink, "index.html:2"),
                (ProblemKind::BrokenAnchor, "index.html:3"),
                (ProblemKind::MissingAsset, "index.html:4"),
                (ProblemKind::MissingAlt, "index.html:4"),
            ]
        );
        assert_eq!(found.links, 5);
    }
}
