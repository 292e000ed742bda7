//! Pages to bytes: tera templates fed with the views of `views.rs`, plus the files GitHub Pages
//! wants beside them (sitemap, robots.txt, `.nojekyll`, `CNAME`). Pure: nothing here touches the disk.

pub mod card;
mod cards_once;
pub mod charts;
mod context;
pub mod dates;
pub mod email;
pub mod email_text;
pub mod feeds;
pub mod memory;
pub mod opml;
pub mod order;
pub mod search;
pub mod sitemap;
pub mod urls;
mod view_hash;
pub mod views;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::theme::ThemeFiles;
use crate::site::{Page, PageKind, Site};
use context::Make;
pub use context::PageContext;
use std::collections::HashMap;
use tera::{Context, Tera};
use urls::Urls;
use views::*;

/// The templates every theme provides (the built-in theme has them all).
pub const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "story.html",
    "sources.html",
    "source.html",
    "topics.html",
    "topic.html",
    "blindspot.html",
    "local-index.html",
    "local.html",
    "search.html",
    "feeds.html",
    "editions.html",
    "edition.html",
    "email.html",
    "404.html",
    "redirect.html",
];

/// The buffer a page is rendered into starts this large.
const PAGE_CAPACITY: usize = 32 * 1024;

/// The longest `<meta name="description">`.
const DESCRIPTION_CHARS: usize = 160;

/// Renders pages with the layered templates.
pub struct Renderer {
    tera: Tera,
    urls: Urls,
    /// The hash of every template's text and the base URL: what a page's bytes depend on besides
    /// its context. `None` when a template calls `now()` or `get_random()`.
    templates: Option<String>,
    /// The file each template came from, for error messages.
    origins: HashMap<String, std::path::PathBuf>,
}

impl Renderer {
    /// Compiles every template; a template that does not parse, or extends one that does not
    /// exist, is an error naming the template, its file and the line.
    pub fn new(config: &Config, files: &ThemeFiles) -> Result<Renderer> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut origins = HashMap::new();
        let mut all = Vec::new();
        for (name, file) in &files.theme {
            all.push((format!("theme/{name}"), file.text.clone()));
            origins.insert(format!("theme/{name}"), file.origin.clone());
            if !files.site.contains_key(name) {
                all.push((name.clone(), file.text.clone()));
                origins.insert(name.clone(), file.origin.clone());
            }
        }
        for (name, file) in &files.site {
            all.push((name.clone(), file.text.clone()));
            origins.insert(name.clone(), file.origin.clone());
        }
        all.extend(cards_once::templates());
        let templates = templates_hash(&all, config);
        tera.templates = parse_templates(&all, &origins)?;
        tera.build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
            .map_err(|e| template_error("", None, &e))?;
        for name in PAGE_TEMPLATES {
            if tera.get_template(name).is_err() {
                return Err(Error::Template {
                    name: (*name).to_string(),
                    message: "not found in templates/, the theme or the built-in theme".into(),
                });
            }
        }
        let urls = Urls::new(&config.base_url);
        tera.register_function("url", url_function(urls.clone(), false));
        tera.register_function("absolute_url", url_function(urls.clone(), true));
        let cards = cards_once::function(tera.clone(), Default::default());
        tera.register_function("card", cards);
        Ok(Renderer {
            tera,
            urls,
            templates,
            origins,
        })
    }

    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// Renders one page to HTML.
    pub fn page(&self, site: &Site, page: &Page) -> Result<Vec<u8>> {
        self.render_context(self.context(site, page))
    }

    /// Renders a page's context with its template.
    pub fn render_context(&self, context: PageContext) -> Result<Vec<u8>> {
        let template = context.template;
        self.render(template, &context.into_tera())
    }

    /// The hash of what `context` renders to with these templates: two pages with one hash are
    /// the same bytes (`None` when a template reads the clock or a random number, so it never
    /// matches, or when `context` was made without its hash).
    pub fn fingerprint(&self, context: &PageContext) -> Option<String> {
        context.fingerprint(self.templates.as_ref()?)
    }

    /// The values `page` is rendered with.
    pub fn context(&self, site: &Site, page: &Page) -> PageContext {
        self.make(site, page, PageContext::new(true, false))
    }

    /// [`Renderer::context`], with the hash of its views for [`Renderer::fingerprint`].
    pub fn hashed_context(&self, site: &Site, page: &Page) -> PageContext {
        self.make(site, page, PageContext::new(true, self.templates.is_some()))
    }

    /// The fingerprint of `page` (see [`Renderer::fingerprint`]), made from its views without
    /// their JSON: what a rebuild compares to tell whether the page changed.
    pub fn page_fingerprint(&self, site: &Site, page: &Page) -> Option<String> {
        self.templates.as_ref()?;
        self.fingerprint(&self.make(site, page, PageContext::new(false, true)))
    }

    fn make(&self, site: &Site, page: &Page, mut context: PageContext) -> PageContext {
        let make = Make {
            site,
            page,
            urls: &self.urls,
            config: &site.config,
            root: self.urls.root_from(page),
        };
        context.insert("site", &SiteView::new(site, &self.urls));
        context.template = context::fill(&make, &mut context);
        context
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &Context) -> Result<Vec<u8>> {
        // Most pages are a few tens of KiB: start there rather than grow from tera's 2 KB.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|e| template_error(template, self.origins.get(template), &e))?;
        Ok(html)
    }
}

/// Every template parsed, each text once (the default theme's files are there twice, as `x` and
/// `theme/x`). One by one, so that an error names the template that does not parse, and checked
/// that every template it extends, includes or imports exists, with the line that names it.
fn parse_templates(
    all: &[(String, String)],
    origins: &HashMap<String, std::path::PathBuf>,
) -> Result<HashMap<String, tera::Template>> {
    let known: std::collections::HashSet<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let mut parsed: HashMap<&str, tera::Template> = HashMap::new();
    let mut templates = HashMap::with_capacity(all.len());
    for (name, text) in all {
        let mut template = match parsed.get(text.as_str()) {
            Some(same) => same.clone(),
            None => tera::Template::new(name, None, text)
                .map_err(|e| template_error(name, origins.get(name), &e))?,
        };
        template.name = name.clone();
        if let Some((kind, missing)) = missing_reference(&template.ast, &known) {
            let line = text
                .lines()
                .position(|l| l.contains(&format!("\"{missing}\"")))
                .map_or(1, |i| i + 1);
            let origin = origins
                .get(name)
                .map(|o| format!(" (in `{}`)", crate::error::display_path(o)))
                .unwrap_or_default();
            return Err(Error::Template {
                name: name.clone(),
                message: format!(
                    "line {line}: {kind} `{missing}`, which is not in templates/, the theme or the built-in theme{origin}"
                ),
            });
        }
        parsed.entry(text).or_insert_with(|| template.clone());
        templates.insert(name.clone(), template);
    }
    Ok(templates)
}

/// The hash of the templates (names and texts, in order) and the base URL; `None` when one calls
/// a function whose result changes from build to build.
fn templates_hash(all: &[(String, String)], config: &Config) -> Option<String> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(config.base_url.as_str().as_bytes());
    for (name, text) in all {
        if text.contains("now(") || text.contains("get_random(") {
            return None;
        }
        crate::digest::feed(&mut hasher, name.as_bytes());
        crate::digest::feed(&mut hasher, text.as_bytes());
    }
    Some(format!("{:032x}", hasher.digest128()))
}

/// The absolute URL of the image a page is shared with: a story's own card, else the site's card
/// (none when `share_cards` is `false`).
fn share_image(site: &Site, page: &Page, urls: &Urls) -> Option<String> {
    if !site.config.share_cards.enabled() {
        return None;
    }
    let own = match page.kind {
        PageKind::Story(i) => site.share_card(i),
        PageKind::Edition(i) => site.edition_card(i),
        _ => None,
    };
    Some(urls.absolute(&own.unwrap_or_else(crate::site::permalink::site_card)))
}

/// The first template an AST extends, includes or imports that is not among `known`.
fn missing_reference(
    nodes: &[tera::ast::Node],
    known: &std::collections::HashSet<&str>,
) -> Option<(&'static str, String)> {
    use tera::ast::Node;
    for node in nodes {
        let found = match node {
            Node::Extends(_, parent) if !known.contains(parent.as_str()) => {
                Some(("extends", parent.clone()))
            }
            Node::ImportMacro(_, file, _) if !known.contains(file.as_str()) => {
                Some(("imports", file.clone()))
            }
            Node::Include(_, names, ignore_missing)
                if !ignore_missing && !names.iter().any(|n| known.contains(n.as_str())) =>
            {
                Some(("includes", names.join("` or `")))
            }
            Node::Block(_, block, _) => missing_reference(&block.body, known),
            Node::MacroDefinition(_, definition, _) => missing_reference(&definition.body, known),
            Node::FilterSection(_, section, _) => missing_reference(&section.body, known),
            Node::Forloop(_, forloop, _) => missing_reference(&forloop.body, known).or_else(|| {
                forloop
                    .empty_body
                    .as_deref()
                    .and_then(|b| missing_reference(b, known))
            }),
            Node::If(branches, _) => branches
                .conditions
                .iter()
                .find_map(|(_, _, body)| missing_reference(body, known))
                .or_else(|| {
                    branches
                        .otherwise
                        .as_ref()
                        .and_then(|(_, body)| missing_reference(body, known))
                }),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// `url(path="assets/style.css")` -> `/repo/assets/style.css`; `absolute_url(...)` -> `https://...`.
fn url_function(urls: Urls, absolute: bool) -> impl tera::Function {
    move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or("url() needs a `path` argument, e.g. url(path=\"assets/style.css\")")?;
        Ok(tera::Value::String(if absolute {
            urls.absolute(path)
        } else {
            urls.href(path)
        }))
    }
}

/// Flattens a tera error chain into one message with the template, its file and the line.
fn template_error(name: &str, origin: Option<&std::path::PathBuf>, error: &tera::Error) -> Error {
    let mut parts = Vec::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = current {
        parts.push(e.to_string());
        current = e.source();
    }
    let mut message = String::new();
    for part in &parts {
        // Parse errors look like " --> 3:5\n  |\n3 | {% if %}\n  |  ^---\n  |\n  = expected ...".
        if let Some(pos) = part.trim_start().strip_prefix("--> ") {
            let position = pos.lines().next().unwrap_or_default().trim();
            let (line, column) = position.split_once(':').unwrap_or((position, "?"));
            let expected: Vec<&str> = part
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("= "))
                .collect();
            message.push_str(&format!(
                "line {line}, column {column}: {}",
                expected.join("; ")
            ));
        } else if !message.contains(part.as_str()) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(part);
        }
    }
    let name = if name.is_empty() {
        parts.first().and_then(|p| quoted(p)).unwrap_or_default()
    } else {
        name.to_string()
    };
    if let Some(origin) = origin {
        message = format!("{message} (in `{}`)", crate::error::display_path(origin));
    }
    Error::Template { name, message }
}

/// Escapes the five characters that matter in HTML and XML text and attributes (pages, sitemap,
/// OPML). tera's default also escapes `/`, which bloats every URL and buys nothing in quoted
/// attributes.
pub fn escape_html(text: &str) -> String {
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(special) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 8);
    let mut done = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII: `i` is a character boundary.
        out.push_str(&text[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&text[done..]);
    out
}

fn quoted(text: &str) -> Option<String> {
    let start = text.find('\'')? + 1;
    let end = text[start..].find('\'')? + start;
    Some(text[start..end].to_string())
}

/// The files beside the pages: `.nojekyll`, `sitemap.xml`, `robots.txt`, the search index and,
/// when configured, `CNAME`.
pub fn site_files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (".nojekyll".to_string(), Vec::new()),
        (
            "sitemap.xml".to_string(),
            sitemap::sitemap(site, urls).into_bytes(),
        ),
        ("robots.txt".to_string(), sitemap::robots(urls).into_bytes()),
        (
            crate::site::permalink::opml(),
            opml::sources(site).into_bytes(),
        ),
    ];
    // The search index is made on one thread: the feeds (one job per list) take the other.
    let (search, feeds) = rayon::join(
        || search::files(site, urls),
        || feeds::stories::files(site, urls),
    );
    files.extend(search);
    files.extend(feeds);
    files.extend(feeds::editions::files(site, urls));
    if let Some(cname) = &site.config.cname {
        files.push(("CNAME".to_string(), format!("{cname}\n").into_bytes()));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn html_is_escaped_and_plain_text_is_copied() {
        assert_eq!(escape_html("plain / text é"), "plain / text é");
        assert_eq!(
            escape_html("a<b & \"c\" 'd'>é"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;é"
        );
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }
}
