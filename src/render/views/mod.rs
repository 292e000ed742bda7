//! What templates receive: borrowed, serialisable views of the site. This is the contract with theme
//! authors, documented in the README ("Template context"); add fields, do not rename them.
//!
//! `mod.rs` has the shapes shared by every page; `coverage.rs` the analytics of a story;
//! `pages.rs` what each page template gets on top.

mod coverage;
mod editions;
mod pages;

pub use coverage::*;
pub use editions::*;
pub use pages::*;

use crate::config::Config;
use crate::model::{
    Article, ArticleKind, Bias, Country, Factuality, OwnershipKind, Source, Timestamp, Topic,
};
use crate::normalise::truncate;
use crate::render::dates;
use crate::render::urls::Urls;
use crate::site::{Part, Site, permalink};
use serde::Serialize;

/// What a page may load: scripts and styles only from the site (no inline script anywhere; inline
/// style attributes draw the bias bars), images also from the web (story bodies), nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' https: http:; object-src 'none'; \
    base-uri 'none'; form-action 'self'";

/// `site`: the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// Absolute URL of the home page, ending in `/`.
    pub base_url: &'a str,
    /// Path of the home page, `/` or `/repo/`.
    pub base_path: &'a str,
    pub story_count: usize,
    pub source_count: usize,
    /// Newsletter editions (the navigation links to the archive when there are any).
    pub edition_count: usize,
    pub generator: &'static str,
    /// The Content-Security-Policy every page carries (`<meta http-equiv>` in `<head>`).
    pub csp: &'static str,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, urls: &'a Urls) -> Self {
        let config = &site.config;
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: config.base_url.as_str(),
            base_path: urls.base_path(),
            story_count: site.stories.len(),
            source_count: site.sources.len(),
            edition_count: site.editions.len(),
            generator: concat!("parallax ", env!("CARGO_PKG_VERSION")),
            csp: CONTENT_SECURITY_POLICY,
        }
    }
}

/// `page`: what every page says about itself.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// `home`, `story`, `sources`, `source`, `topics`, `topic`, `blindspot`, `local-index`,
    /// `local`, `search`, `feeds`, `editions`, `edition`, `404`, `redirect`.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Root-relative link to this page.
    pub url: String,
    /// Absolute URL of this page (canonical link).
    pub permalink: String,
    /// The relative path from this page to the site root (`../../` on `stories/x/`, empty on the
    /// home page; the base path on the 404 page, which is served at any depth): `{{ page.root
    /// }}assets/style.css` also works when the page is opened from disk.
    pub root: String,
    /// The feeds of the list the page shows (`{title, atom, rss, json}`, root-relative URLs): one
    /// on the home, topic and source pages, two on the blindspot page, none elsewhere.
    pub feeds: Vec<crate::render::feeds::FeedLinks>,
    /// The absolute URL of the page's share image (1200x630 PNG): a story's own card, else the
    /// site's; absent when `share_cards` is `false`.
    pub image: Option<String>,
}

/// A label on one of the rating scales: `{key: "lean-left", name: "Lean Left"}`.
#[derive(Debug, Serialize, Clone, Copy)]
pub struct LabelView {
    pub key: &'static str,
    pub name: &'static str,
}

impl From<Bias> for LabelView {
    fn from(b: Bias) -> Self {
        LabelView {
            key: b.key(),
            name: b.display(),
        }
    }
}
impl From<ArticleKind> for LabelView {
    fn from(k: ArticleKind) -> Self {
        LabelView {
            key: k.key(),
            name: k.display(),
        }
    }
}
impl From<Factuality> for LabelView {
    fn from(f: Factuality) -> Self {
        LabelView {
            key: f.key(),
            name: f.display(),
        }
    }
}
impl From<OwnershipKind> for LabelView {
    fn from(o: OwnershipKind) -> Self {
        LabelView {
            key: o.key(),
            name: o.display(),
        }
    }
}

/// A date in the site's time zone. Templates get an object with five strings:
///
/// - `iso`: RFC 3339 in UTC, for `<time datetime>`;
/// - `long`: `Friday, January 30, 2026`;
/// - `short`: `Jan 30, 2026`;
/// - `time`: `09:12 KST`;
/// - `day_time`: `Jan 30, 09:12 KST`, for times within a dated context.
///
/// They are formatted while the view is serialised, so a view costs no string until it is used.
#[derive(Debug, Clone, Copy)]
pub struct DateView {
    utc: Timestamp,
    local: chrono::DateTime<chrono_tz::Tz>,
}

impl DateView {
    pub fn new(date: Timestamp, config: &Config) -> Self {
        DateView {
            utc: date,
            local: date.with_timezone(&config.timezone),
        }
    }

    /// `Friday, January 30, 2026`.
    pub fn long(&self) -> String {
        dates::format(&self.local, dates::Format::Long)
    }
}

impl Serialize for DateView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeStruct, SerializeTuple};
        if !serializer.is_human_readable() {
            // The page fingerprint's hasher: the instant and the time zone make every text below.
            let mut tuple = serializer.serialize_tuple(3)?;
            tuple.serialize_element(&self.utc.timestamp())?;
            tuple.serialize_element(&self.utc.timestamp_subsec_nanos())?;
            tuple.serialize_element(self.local.timezone().name())?;
            return tuple.end();
        }
        let text = |format: Option<dates::Format>| {
            let mut out = dates::Small::new();
            match format {
                Some(format) => dates::write(&mut out, &self.local, format),
                None => dates::write_iso(&mut out, &self.utc),
            }
            .map(|()| out)
            .map_err(|_| S::Error::custom("a date longer than 64 bytes"))
        };
        let mut map = serializer.serialize_struct("DateView", 5)?;
        map.serialize_field("iso", text(None)?.as_str())?;
        map.serialize_field("long", text(Some(dates::Format::Long))?.as_str())?;
        map.serialize_field("short", text(Some(dates::Format::Short))?.as_str())?;
        map.serialize_field("time", text(Some(dates::Format::Time))?.as_str())?;
        map.serialize_field("day_time", text(Some(dates::Format::DayTime))?.as_str())?;
        map.end()
    }
}

/// A country: `{code: "KR", name: "South Korea"}`.
#[derive(Debug, Serialize)]
pub struct CountryView {
    pub code: String,
    pub name: String,
}

impl CountryView {
    pub fn new(country: Country, config: &Config) -> Self {
        CountryView {
            code: country.code().to_string(),
            name: config.country_name(country),
        }
    }
}

/// `{name, slug, url}` of a topic.
#[derive(Debug, Serialize)]
pub struct TopicRef<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
}

impl<'a> TopicRef<'a> {
    pub fn new(topic: &'a Topic, urls: &Urls) -> Self {
        TopicRef {
            name: &topic.name,
            slug: &topic.slug,
            url: urls.href(&permalink::topic(&topic.slug)),
        }
    }
}

/// A source as cards and lists show it.
#[derive(Debug, Serialize)]
pub struct SourceRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Link to the source's page on this site.
    pub url: String,
    pub homepage: Option<&'a str>,
    /// The bias used in computations (one label, or the raters' average); absent when unrated.
    pub bias: Option<LabelView>,
    /// Each rater's label, when the registry gives several (empty for one label).
    pub ratings: Vec<RatingView<'a>>,
    pub factuality: Option<LabelView>,
    pub ownership: Option<LabelView>,
    pub owner: Option<&'a str>,
    pub country: Option<CountryView>,
    pub location: Option<&'a str>,
}

impl<'a> SourceRef<'a> {
    pub fn new(source: &'a Source, config: &Config, urls: &Urls) -> Self {
        SourceRef {
            id: &source.id,
            name: &source.name,
            url: urls.href(&permalink::source(&source.id)),
            homepage: source.homepage.as_deref(),
            bias: source.bias.map(LabelView::from),
            ratings: match source.ratings.as_slice() {
                [_, _, ..] => source
                    .ratings
                    .iter()
                    .map(|r| RatingView {
                        rater: &r.rater,
                        bias: r.bias.into(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
            factuality: source.factuality.map(LabelView::from),
            ownership: source
                .ownership
                .as_ref()
                .and_then(|o| o.kind.map(LabelView::from)),
            owner: source.ownership.as_ref().and_then(|o| o.owner.as_deref()),
            country: source.country.map(|c| CountryView::new(c, config)),
            location: source.location.as_deref(),
        }
    }
}

/// One rater's label for a source: `{rater: "panel-a", bias: {key, name}}`.
#[derive(Debug, Serialize)]
pub struct RatingView<'a> {
    pub rater: &'a str,
    pub bias: LabelView,
}

/// One article card.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    pub title: &'a str,
    /// The article on the outlet's site.
    pub url: &'a str,
    pub source: SourceRef<'a>,
    pub published: DateView,
    /// The article's summary, cut to about 100 characters at a word.
    pub excerpt: Option<String>,
    /// Where it was filed: the dateline, else the source's location.
    pub place: Option<&'a str>,
    /// The source's side: `left`, `center`, `right` or `unrated`.
    pub side: &'static str,
    /// `{key: "opinion", name: "Opinion"}` or `analysis` as the outlet marks the article; absent
    /// for news.
    pub kind: Option<LabelView>,
    /// Other outlets that republished this article (wire copy), when it is the original of a set.
    pub also: Vec<SourceRef<'a>>,
}

/// Longest excerpt shown on an article card.
const EXCERPT_CHARS: usize = 100;

impl<'a> ArticleView<'a> {
    pub fn new(article: &'a Article, site: &'a Site, urls: &Urls) -> Option<Self> {
        let source = site.sources.get(&article.source)?;
        Some(ArticleView {
            title: &article.title,
            url: &article.url,
            source: SourceRef::new(source, &site.config, urls),
            published: DateView::new(article.published, &site.config),
            excerpt: article
                .excerpt
                .as_deref()
                .map(|e| truncate(e, EXCERPT_CHARS)),
            place: article.dateline.as_deref().or(source.location.as_deref()),
            side: source.bias.map_or("unrated", |b| b.bucket().key()),
            kind: match article.kind {
                ArticleKind::News => None,
                kind => Some(kind.into()),
            },
            also: Vec::new(),
        })
    }
}

/// `pagination` on list pages (home, topic, source, local, blindspot): where this page is, its
/// neighbours, and a bounded window of pages to link to (the first, the last, and a few around
/// this one), never every page.
#[derive(Debug, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages the pager names, in order; `gap` says that pages are left out before this one
    /// (the pager shows an ellipsis).
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub gap: bool,
}

impl Pagination {
    /// The pager of page `part` of the list whose first page is at `first` (a site path).
    pub fn new(part: Part, first: &str, urls: &Urls) -> Self {
        let link = |n: usize| urls.href(&permalink::paged(first, n));
        let mut last = 0;
        Pagination {
            current: part.number,
            total: part.of,
            previous: (part.number > 1).then(|| link(part.number - 1)),
            next: (part.number < part.of).then(|| link(part.number + 1)),
            pages: part
                .window()
                .into_iter()
                .map(|n| {
                    let gap = n > last + 1;
                    last = n;
                    PageLink {
                        number: n,
                        url: link(n),
                        gap,
                    }
                })
                .collect(),
        }
    }
}

/// A story in a list: home, topic, source, local and blindspot pages.
#[derive(Debug, Serialize)]
pub struct StoryCard<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub date: DateView,
    pub updated: DateView,
    pub location: Option<&'a str>,
    pub topics: Vec<TopicRef<'a>>,
    pub source_count: usize,
    pub article_count: usize,
    /// The bias bar: sides with counts and percentages, and its sentence.
    pub bias: BiasView,
    pub blindspot: Option<BlindspotView>,
}

impl<'a> StoryCard<'a> {
    /// The card of story `index` of the site.
    pub fn new(index: usize, site: &'a Site, urls: &Urls) -> Self {
        let story = &site.stories[index];
        let coverage = &site.coverage[index];
        StoryCard {
            title: &story.title,
            slug: &story.slug,
            url: urls.href(&permalink::story(&story.slug)),
            summary: &story.summary,
            date: DateView::new(story.date, &site.config),
            updated: DateView::new(coverage.last_updated, &site.config),
            location: story.location.as_deref(),
            topics: story
                .topics
                .iter()
                .map(|t| TopicRef::new(t, urls))
                .collect(),
            source_count: coverage.total(),
            article_count: story.articles.len(),
            bias: BiasView::new(coverage),
            blindspot: coverage.blindspot.map(BlindspotView::new),
        }
    }

    /// Cards for several stories, made when serialised (see [`Card`]).
    pub fn list(indices: &[usize], site: &'a Site, urls: &'a Urls) -> Vec<Card<'a>> {
        indices
            .iter()
            .map(|&index| Card {
                index,
                site,
                urls,
                summary: true,
            })
            .collect()
    }
}

/// A story's card in a list, made when it is serialised. Serialised for a template (JSON) it is
/// the whole [`StoryCard`]; hashed for a page's fingerprint (`view_hash`, the one serialiser that
/// is not human-readable) it is the hash of that card, made once per build: a story's card is on
/// a dozen list pages, and building and hashing it for each was a tenth of a small rebuild.
#[derive(Debug, Clone, Copy)]
pub struct Card<'a> {
    index: usize,
    site: &'a Site,
    urls: &'a Urls,
    /// Whether the card keeps the story's summary (an email too large drops them).
    summary: bool,
}

impl Card<'_> {
    /// The card without the story's summary.
    pub fn without_summary(self) -> Self {
        Card {
            summary: false,
            ..self
        }
    }
}

impl Serialize for Card<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let card = || {
            let card = StoryCard::new(self.index, self.site, self.urls);
            match self.summary {
                true => card,
                false => StoryCard {
                    summary: "",
                    ..card
                },
            }
        };
        if !serializer.is_human_readable()
            && self.summary
            && let Some(hash) = self.urls.cards.get(self.site, self.index, || {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                crate::render::view_hash::hash(&mut hasher, &card()).ok()?;
                Some(hasher.digest128())
            })
        {
            return serializer.serialize_bytes(&hash.to_le_bytes());
        }
        card().serialize(serializer)
    }
}

/// The hashes of a build's story cards, by story index; each made when first asked for.
#[derive(Debug, Default)]
pub struct CardHashes(std::sync::OnceLock<Vec<std::sync::OnceLock<Option<u128>>>>);

impl CardHashes {
    fn get(&self, site: &Site, index: usize, make: impl FnOnce() -> Option<u128>) -> Option<u128> {
        let all = self.0.get_or_init(|| {
            (0..site.stories.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        *all.get(index)?.get_or_init(make)
    }
}

/// A copy starts empty: its URLs may be other ones (`Urls::absolute_links`).
impl Clone for CardHashes {
    fn clone(&self) -> Self {
        CardHashes::default()
    }
}
