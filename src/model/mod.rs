//! Plain data types of parallax: sources, articles, stories. No IO, no rendering.
//!
//! Every date is a `DateTime<Utc>` (one type everywhere); the site's time zone is applied only when a
//! date is shown.

mod country;
mod edition;
mod labels;

pub use country::Country;
pub use edition::{Cadence, Edition, EditionLink, StoryRef};
pub use labels::{ArticleKind, Bias, Bucket, Factuality, OwnershipKind};

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::path::PathBuf;

/// One date type for the whole crate.
pub type Timestamp = DateTime<Utc>;

/// One rater's bias label for a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// Who rated it (`panel-a`, `readers`...); empty when the source file gives a single label.
    pub rater: String,
    pub bias: Bias,
}

/// Who owns a source: the type, the owner's name, or both (a rater may give only a name; such a
/// source counts as "type unknown" in ownership distributions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ownership {
    pub kind: Option<OwnershipKind>,
    /// The owner's name, e.g. `Meridian Media Group`.
    pub owner: Option<String>,
}

/// A news outlet from the sources registry.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Unique id: lowercase letters, digits and `-`; also its URL segment.
    pub id: String,
    pub name: String,
    pub homepage: Option<String>,
    /// Domains whose links belong to this source (lowercase, no `www.`), each optionally with a
    /// path prefix for a section of an outlet: `nytimes.com/opinion/`.
    pub domains: Vec<String>,
    /// Feed URLs or local paths (relative to the site root).
    pub feeds: Vec<String>,
    /// The raters' labels as given in the file.
    pub ratings: Vec<Rating>,
    /// The label used in every computation: the one label, or the raters' average.
    pub bias: Option<Bias>,
    pub factuality: Option<Factuality>,
    pub ownership: Option<Ownership>,
    pub country: Option<Country>,
    /// City the source is based in, shown with its articles.
    pub location: Option<String>,
    /// Region (state, province) within its country, for local pages.
    pub region: Option<String>,
}

#[cfg(test)]
impl Source {
    /// A source with only an id and a one-label bias, for tests; set other fields as needed.
    pub fn for_test(id: &str, bias: Option<Bias>) -> Source {
        Source {
            id: id.into(),
            name: id.to_uppercase(),
            homepage: None,
            domains: vec![],
            feeds: vec![],
            ratings: bias
                .map(|b| {
                    vec![Rating {
                        rater: String::new(),
                        bias: b,
                    }]
                })
                .unwrap_or_default(),
            bias,
            factuality: None,
            ownership: None,
            country: None,
            location: None,
            region: None,
        }
    }
}

/// The validated sources registry, in file order, with lookups by id and domain.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    list: Vec<Source>,
    by_id: HashMap<String, usize>,
    /// Host to its claims: (path prefix, `""` for the whole host; source index), longest prefix first.
    by_domain: HashMap<String, Vec<(String, usize)>>,
    /// Lower-case region name to its country, when all sources naming it agree.
    region_countries: HashMap<String, Option<Country>>,
}

impl Sources {
    /// Builds the registry; ids and domains must already be unique (the loader checks).
    pub fn new(list: Vec<Source>) -> Self {
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut by_domain: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, source) in list.iter().enumerate() {
            for domain in &source.domains {
                let (host, prefix) = split_claim(domain);
                by_domain
                    .entry(host.to_string())
                    .or_default()
                    .push((prefix.to_string(), i));
            }
        }
        for claims in by_domain.values_mut() {
            claims.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        }
        let mut region_countries: HashMap<String, Option<Country>> = HashMap::new();
        for source in &list {
            if let (Some(region), Some(country)) = (&source.region, source.country) {
                let entry = region_countries
                    .entry(region.to_lowercase())
                    .or_insert(Some(country));
                if *entry != Some(country) {
                    *entry = None;
                }
            }
        }
        Sources {
            list,
            by_id,
            by_domain,
            region_countries,
        }
    }

    /// The country of a region named by the registry's sources (`Ohio` -> US), if unambiguous.
    pub fn country_of_region(&self, region: &str) -> Option<Country> {
        self.region_countries
            .get(&region.trim().to_lowercase())
            .copied()
            .flatten()
    }

    pub fn all(&self) -> &[Source] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Source> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    /// Index of a source in `all()`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The source that claims a whole host name (`www.` and subdomains fall back to their parent
    /// domain); sections (claims with a path prefix) are left out.
    pub fn by_host(&self, host: &str) -> Option<&Source> {
        self.claim(host, None)
    }

    /// The source an article's address belongs to: the claim of its host (or of a parent domain)
    /// with the longest path prefix the address starts with, `nytimes.com/opinion/` before
    /// `nytimes.com`.
    pub fn by_url(&self, url: &url::Url) -> Option<&Source> {
        let path = url.path().to_lowercase();
        self.claim(url.host_str()?, Some(&path))
    }

    /// Every host-level claim of `host`, and with `path`, the sections it falls in.
    fn claim(&self, host: &str, path: Option<&str>) -> Option<&Source> {
        let mut host = host.trim_end_matches('.').to_ascii_lowercase();
        loop {
            if let Some(claims) = self.by_domain.get(&host) {
                let found = claims.iter().find(|(prefix, _)| {
                    prefix.is_empty() || path.is_some_and(|p| in_section(p, prefix))
                });
                if let Some(&(_, i)) = found {
                    return Some(&self.list[i]);
                }
            }
            match host.split_once('.') {
                Some((_, parent)) if parent.contains('.') => host = parent.to_string(),
                _ => return None,
            }
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// `nytimes.com/opinion/` -> (`nytimes.com`, `/opinion/`); a bare domain has an empty prefix.
pub fn split_claim(domain: &str) -> (&str, &str) {
    match domain.find('/') {
        Some(i) => (&domain[..i], &domain[i..]),
        None => (domain, ""),
    }
}

/// Whether a lowercase URL path is in the section `prefix` (`/opinion/` holds `/opinion/x` and
/// `/opinion`, not `/opinions`).
fn in_section(path: &str, prefix: &str) -> bool {
    path.starts_with(prefix) || prefix.strip_suffix('/') == Some(path)
}

/// One outlet's article about a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Id of the source in the registry.
    pub source: String,
    pub url: String,
    pub title: String,
    pub published: Timestamp,
    /// The lead paragraph or summary, plain text.
    pub excerpt: Option<String>,
    /// Where the article was filed, e.g. `New Delhi, India`.
    pub dateline: Option<String>,
    /// News, or an opinion or analysis piece (never quoted as a key point).
    pub kind: ArticleKind,
}

/// A topic (taxonomy term) as written by editors, with its URL slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Topic {
    pub slug: String,
    pub name: String,
}

/// Where a story comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Origin {
    /// An editor's story file (which may have absorbed automatic stories).
    #[default]
    Editor,
    /// Grouped automatically from the archive (`content/clusters/`): its stored id, and the terms
    /// its articles share, most defining first.
    Auto { id: String, terms: Vec<String> },
}

/// What an editor's story file says about automatic clustering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterControls {
    /// `cluster: false` makes it `false`: the story stays hand-made and absorbs no automatic story.
    pub absorb: bool,
    /// `exclude:`: canonical URLs of articles that are never added to it from a cluster.
    pub exclude: Vec<String>,
    /// `merge:`: slugs of automatic stories it absorbs, whatever articles they share.
    pub merge: Vec<String>,
}

impl Default for ClusterControls {
    fn default() -> Self {
        ClusterControls {
            absorb: true,
            exclude: Vec::new(),
            merge: Vec::new(),
        }
    }
}

/// A story: one event, covered by articles from many sources.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// URL segment, unique: `stories/<slug>/`.
    pub slug: String,
    pub title: String,
    pub date: Timestamp,
    pub updated: Option<Timestamp>,
    pub topics: Vec<Topic>,
    /// Where it happened, free text: `Yokosuka, Japan`.
    pub location: Option<String>,
    /// The country it happened in: given, or read from the end of `location`.
    pub country: Option<Country>,
    /// Region (state, province) within that country, for local pages.
    pub region: Option<String>,
    /// The editor's key points, as given.
    pub insights: Vec<String>,
    pub draft: bool,
    /// The editor's Markdown body, rendered and sanitised.
    pub body_html: String,
    /// A plain-text summary for cards, feeds and meta descriptions.
    pub summary: String,
    /// Articles, earliest first.
    pub articles: Vec<Article>,
    /// Copies of one wire story among the articles (indices into `articles`), the original first:
    /// the same text republished by several outlets, each of which still covers the story.
    pub syndication: Vec<Vec<usize>>,
    /// The story file, relative to the site root (for an automatic story, its assignment file).
    pub file: PathBuf,
    pub origin: Origin,
    pub controls: ClusterControls,
}

#[cfg(test)]
impl Story {
    /// A story dated 2026-01-01 with only a slug and a title, for tests; set other fields as needed.
    pub fn for_test(slug: &str, title: &str) -> Story {
        use chrono::TimeZone;
        Story {
            slug: slug.into(),
            title: title.into(),
            date: chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            updated: None,
            topics: vec![],
            location: None,
            country: None,
            region: None,
            insights: vec![],
            draft: false,
            body_html: String::new(),
            summary: String::new(),
            articles: vec![],
            syndication: vec![],
            file: format!("{slug}.md").into(),
            origin: Origin::Editor,
            controls: ClusterControls::default(),
        }
    }
}

impl Story {
    /// The last time anything about the story changed: `updated`, else the newest article, else `date`.
    pub fn last_updated(&self) -> Timestamp {
        let newest = self.articles.iter().map(|a| a.published).max();
        [Some(self.date), self.updated, newest]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, domains: &[&str]) -> Source {
        let mut source = Source::for_test(id, None);
        source.domains = domains.iter().map(|d| d.to_string()).collect();
        source
    }

    #[test]
    fn hosts_match_their_registered_domain_or_a_parent() {
        let sources = Sources::new(vec![
            source("a", &["a.example"]),
            source("b", &["news.b.example"]),
        ]);
        assert_eq!(sources.by_host("a.example").unwrap().id, "a");
        assert_eq!(sources.by_host("WWW.A.example").unwrap().id, "a");
        assert_eq!(sources.by_host("news.b.example").unwrap().id, "b");
        assert!(sources.by_host("b.example").is_none());
        assert!(sources.by_host("example").is_none());
    }

    #[test]
    fn an_address_belongs_to_the_section_with_the_longest_matching_prefix() {
        let sources = Sources::new(vec![
            source("news", &["paper.example"]),
            source("opinion", &["paper.example/opinion/"]),
            source("letters", &["paper.example/opinion/letters/"]),
        ]);
        let owner = |u: &str| {
            let url = url::Url::parse(u).unwrap();
            sources.by_url(&url).map(|s| s.id.clone())
        };
        assert_eq!(owner("https://paper.example/2026/01/x").unwrap(), "news");
        assert_eq!(
            owner("https://www.paper.example/Opinion/x").unwrap(),
            "opinion"
        );
        assert_eq!(owner("https://paper.example/opinion").unwrap(), "opinion");
        assert_eq!(owner("https://paper.example/opinions/x").unwrap(), "news");
        assert_eq!(
            owner("https://paper.example/opinion/letters/y").unwrap(),
            "letters"
        );
        assert_eq!(sources.by_host("paper.example").unwrap().id, "news");
        let only_sections = Sources::new(vec![source("opinion", &["paper.example/opinion/"])]);
        assert!(only_sections.by_host("paper.example").is_none());
    }
}
