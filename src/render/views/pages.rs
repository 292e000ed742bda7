//! What each page template receives besides `site` and `page`.

use super::{
    ArticleView, BiasView, Card, CountryView, CoverageView, SideView, SourceRef, StoryCard,
    TopicRef,
};
use crate::coverage::largest_remainder;
use crate::model::Bucket;
use crate::render::urls::Urls;
use crate::site::local::{LocalEntry, RegionEntry};
use crate::site::{Part, Site, TopicEntry, permalink};
use serde::Serialize;

/// An automatic key point, quoted from one article.
#[derive(Debug, Serialize)]
pub struct KeyPointView<'a> {
    pub text: &'a str,
    pub source: SourceRef<'a>,
    /// The quoted article on the outlet's site.
    pub url: &'a str,
}

/// How many articles each perspective tab shows.
#[derive(Debug, Serialize)]
pub struct Perspectives {
    pub all: usize,
    pub left: usize,
    pub center: usize,
    pub right: usize,
    pub unrated: usize,
}

/// `story`: the story page.
#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    #[serde(flatten)]
    pub card: StoryCard<'a>,
    /// The editor's Markdown body, rendered and sanitised HTML (use `| safe`).
    pub body_html: &'a str,
    /// The editor's key points.
    pub insights: &'a [String],
    /// Automatic key points, only when the editor gave none.
    pub key_points: Vec<KeyPointView<'a>>,
    /// Articles, earliest first.
    pub articles: Vec<ArticleView<'a>>,
    pub perspectives: Perspectives,
    pub coverage: CoverageView<'a>,
    pub related: Vec<Card<'a>>,
    pub similar_topics: Vec<TopicRef<'a>>,
    /// For a story grouped automatically from the archive: the terms its articles share, most
    /// defining first ("Why these articles?"); `None` for an editor's story.
    pub automatic: Option<Vec<&'a str>>,
    /// When some outlets only republished another's article (wire copy): how many of the covering
    /// sources have an article of their own, of how many. `None` when every source is original.
    pub original: Option<Original>,
}

/// "8 of 11 sources are original reporting".
#[derive(Debug, Serialize)]
pub struct Original {
    pub original: usize,
    pub total: usize,
}

impl<'a> StoryView<'a> {
    pub fn new(index: usize, site: &'a Site, urls: &'a Urls) -> Self {
        let story = &site.stories[index];
        let copies: std::collections::HashSet<usize> = story
            .syndication
            .iter()
            .flat_map(|set| set.iter().skip(1).copied())
            .collect();
        let articles: Vec<ArticleView> = story
            .articles
            .iter()
            .enumerate()
            .filter(|(i, _)| !copies.contains(i))
            .filter_map(|(i, a)| {
                let mut view = ArticleView::new(a, site, urls)?;
                view.also = republished_by(story, i, site, urls);
                Some(view)
            })
            .collect();
        let count = |side: &str| articles.iter().filter(|a| a.side == side).count();
        let perspectives = Perspectives {
            all: articles.len(),
            left: count("left"),
            center: count("center"),
            right: count("right"),
            unrated: count("unrated"),
        };
        let key_points = site.key_points[index]
            .iter()
            .filter_map(|k| {
                let article = &story.articles[k.article];
                let source = site.sources.get(&article.source)?;
                Some(KeyPointView {
                    text: &k.text,
                    source: SourceRef::new(source, &site.config, urls),
                    url: &article.url,
                })
            })
            .collect();
        StoryView {
            card: StoryCard::new(index, site, urls),
            body_html: &story.body_html,
            insights: &story.insights,
            key_points,
            articles,
            perspectives,
            coverage: CoverageView::new(index, site, urls),
            related: StoryCard::list(&site.related[index], site, urls),
            similar_topics: site.similar_topics[index]
                .iter()
                .map(|&t| TopicRef::new(&site.topics[t].topic, urls))
                .collect(),
            automatic: match &story.origin {
                crate::model::Origin::Auto { terms, .. } => {
                    Some(terms.iter().map(String::as_str).collect())
                }
                crate::model::Origin::Editor => None,
            },
            original: original(story, &copies),
        }
    }
}

/// The sources that republished article `i` of a story, when it is the original of a wire copy.
fn republished_by<'a>(
    story: &crate::model::Story,
    i: usize,
    site: &'a Site,
    urls: &Urls,
) -> Vec<SourceRef<'a>> {
    story
        .syndication
        .iter()
        .find(|set| set.first() == Some(&i))
        .map(|set| {
            set[1..]
                .iter()
                .filter_map(|&c| site.sources.get(&story.articles[c].source))
                .map(|s| SourceRef::new(s, &site.config, urls))
                .collect()
        })
        .unwrap_or_default()
}

/// How many of a story's sources have an article that is not a copy of another's.
fn original(
    story: &crate::model::Story,
    copies: &std::collections::HashSet<usize>,
) -> Option<Original> {
    if copies.is_empty() {
        return None;
    }
    let all: std::collections::BTreeSet<&str> =
        story.articles.iter().map(|a| a.source.as_str()).collect();
    let original: std::collections::BTreeSet<&str> = story
        .articles
        .iter()
        .enumerate()
        .filter(|(i, _)| !copies.contains(i))
        .map(|(_, a)| a.source.as_str())
        .collect();
    Some(Original {
        original: original.len(),
        total: all.len(),
    })
}

/// The lean of the stories a source covered: stories per side by their majority, plus
/// `mixed` (ties, or no rated source).
#[derive(Debug, Serialize)]
pub struct StoryLeanView {
    pub sides: Vec<SideView>,
    /// Stories with a majority side (the sum of the sides' counts), so that the bias bar macro
    /// takes this view as it takes a story's bias.
    pub rated: usize,
    pub mixed: usize,
}

impl StoryLeanView {
    fn new(counts: [usize; 4]) -> Self {
        let percents = largest_remainder(&counts[..3]);
        StoryLeanView {
            sides: Bucket::ALL
                .iter()
                .enumerate()
                .map(|(i, b)| SideView {
                    key: b.key(),
                    name: b.display(),
                    count: counts[i],
                    percent: percents[i],
                })
                .collect(),
            rated: counts[..3].iter().sum(),
            mixed: counts[3],
        }
    }
}

/// `source`: a source page.
#[derive(Debug, Serialize)]
pub struct SourceView<'a> {
    #[serde(flatten)]
    pub source: SourceRef<'a>,
    pub domains: &'a [String],
    pub region: Option<&'a str>,
    pub story_count: usize,
    /// The lean of the stories it covered.
    pub story_lean: StoryLeanView,
    /// This page's share of the stories this source covered, newest first (`story_count` counts
    /// them all).
    pub stories: Vec<Card<'a>>,
    /// Its feeds, as in the registry.
    pub feeds: &'a [String],
    /// Its latest archived articles, newest first.
    pub latest: Vec<ArchivedView<'a>>,
}

impl<'a> SourceView<'a> {
    pub fn new(index: usize, part: Part, site: &'a Site, urls: &'a Urls) -> Self {
        let source = &site.sources.all()[index];
        SourceView {
            source: SourceRef::new(source, &site.config, urls),
            domains: &source.domains,
            region: source.region.as_deref(),
            story_count: site.source_stories[index].len(),
            story_lean: StoryLeanView::new(site.source_story_lean(index)),
            stories: StoryCard::list(site.page_of(&site.source_stories[index], part), site, urls),
            feeds: &source.feeds,
            latest: site.source_articles[index]
                .iter()
                .map(|&i| ArchivedView::new(&site.feeds.archived.records[i], site))
                .collect(),
        }
    }
}

/// An entry of an index page with its number of stories.
#[derive(Debug, Serialize)]
pub struct Counted<T> {
    #[serde(flatten)]
    pub item: T,
    pub story_count: usize,
}

/// `topic`: a topic page.
#[derive(Debug, Serialize)]
pub struct TopicView<'a> {
    #[serde(flatten)]
    pub topic: TopicRef<'a>,
    /// All its stories.
    pub story_count: usize,
    /// This page's share of its stories, newest first, without the blindspots shown above them
    /// on the first page.
    pub stories: Vec<Card<'a>>,
    /// Which side covers the topic most: the rated sources of its stories per side (a source
    /// counts once per story it covered), with the sentence "Covered most by the Right (48%)".
    pub covered_by: BiasView,
    pub covered_most: Option<String>,
    /// The topic's newest blindspots (a few; on its first page only).
    pub blindspots: Vec<Card<'a>>,
    /// How many of its stories are a blindspot for one side.
    pub blindspot_count: usize,
}

impl<'a> TopicView<'a> {
    pub fn new(entry: &'a TopicEntry, part: Part, site: &'a Site, urls: &'a Urls) -> Self {
        let percents = largest_remainder(&entry.split);
        let rated: usize = entry.split.iter().sum();
        let top = *entry.split.iter().max().unwrap_or(&0);
        let leaders: Vec<Bucket> = Bucket::ALL
            .iter()
            .copied()
            .filter(|b| entry.split[b.index()] == top)
            .collect();
        let covered_most = match leaders.as_slice() {
            [side] if rated > 0 => Some(format!(
                "Covered most by the {} ({}%)",
                side.display(),
                percents[side.index()]
            )),
            _ if rated > 0 => Some(format!(
                "Covered equally by {}",
                leaders
                    .iter()
                    .map(|b| b.display())
                    .collect::<Vec<_>>()
                    .join(" and ")
            )),
            _ => None,
        };
        let sides = Bucket::ALL
            .iter()
            .map(|&b| SideView {
                key: b.key(),
                name: b.display(),
                count: entry.split[b.index()],
                percent: percents[b.index()],
            })
            .collect();
        TopicView {
            topic: TopicRef::new(&entry.topic, urls),
            story_count: entry.stories.len(),
            stories: StoryCard::list(site.page_of(&entry.listed, part), site, urls),
            covered_by: BiasView {
                sides,
                rated,
                unrated: 0,
                sentence: covered_most
                    .clone()
                    .unwrap_or_else(|| "No rated source covers this topic".into()),
                lean: (leaders.len() == 1 && rated > 0).then(|| leaders[0].key()),
            },
            covered_most,
            blindspots: match part.number {
                1 => StoryCard::list(&entry.featured, site, urls),
                _ => Vec::new(),
            },
            blindspot_count: entry.blindspots.len(),
        }
    }
}

/// A country in the local index.
#[derive(Debug, Serialize)]
pub struct LocalRef {
    pub country: CountryView,
    pub url: String,
    pub story_count: usize,
    pub source_count: usize,
    pub regions: Vec<RegionRef>,
}

/// A region in a country's list.
#[derive(Debug, Serialize)]
pub struct RegionRef {
    pub name: String,
    pub url: String,
    pub story_count: usize,
    pub source_count: usize,
}

impl LocalRef {
    pub fn new(entry: &LocalEntry, site: &Site, urls: &Urls) -> Self {
        let country = entry.country.slug();
        LocalRef {
            country: CountryView::new(entry.country, &site.config),
            url: urls.href(&permalink::local(&country)),
            story_count: entry.stories.len(),
            source_count: entry.sources.len(),
            regions: entry
                .regions
                .iter()
                .map(|r| RegionRef {
                    name: r.name.clone(),
                    url: urls.href(&permalink::region(&country, &r.slug)),
                    story_count: r.stories.len(),
                    source_count: r.sources.len(),
                })
                .collect(),
        }
    }
}

/// `local`: a country's or a region's page.
#[derive(Debug, Serialize)]
pub struct LocalView<'a> {
    pub country: LocalRef,
    /// The region, on a region's page.
    pub region: Option<&'a str>,
    /// The country's (or the region's) stories.
    pub story_count: usize,
    /// This page's share of them, newest first.
    pub stories: Vec<Card<'a>>,
    pub sources: Vec<SourceRef<'a>>,
}

impl<'a> LocalView<'a> {
    pub fn new(
        entry: &'a LocalEntry,
        region: Option<&'a RegionEntry>,
        part: Part,
        site: &'a Site,
        urls: &'a Urls,
    ) -> Self {
        let (stories, sources) = match region {
            Some(r) => (&r.stories, &r.sources),
            None => (&entry.stories, &entry.sources),
        };
        LocalView {
            country: LocalRef::new(entry, site, urls),
            region: region.map(|r| r.name.as_str()),
            story_count: stories.len(),
            stories: StoryCard::list(site.page_of(stories, part), site, urls),
            sources: sources
                .iter()
                .map(|&i| SourceRef::new(&site.sources.all()[i], &site.config, urls))
                .collect(),
        }
    }
}

/// An archived article in a source's list.
#[derive(Debug, Serialize)]
pub struct ArchivedView<'a> {
    /// The item's title; for an item without one (a description-only RSS item), the start of its text.
    pub title: std::borrow::Cow<'a, str>,
    pub url: Option<&'a str>,
    pub published: super::DateView,
    /// The feed gave no date: `published` is when parallax first saw it.
    pub date_missing: bool,
    pub summary: Option<String>,
}

impl<'a> ArchivedView<'a> {
    pub fn new(record: &'a crate::archive::Record, site: &Site) -> Self {
        let title = match (&record.title, &record.summary) {
            (t, Some(summary)) if t.is_empty() => crate::normalise::truncate(summary, 80).into(),
            (t, _) => t.as_str().into(),
        };
        ArchivedView {
            title,
            url: record.url.as_deref(),
            published: super::DateView::new(record.published, &site.config),
            date_missing: record.date_missing,
            summary: record
                .summary
                .as_deref()
                .map(|s| crate::normalise::truncate(s, 200)),
        }
    }
}

/// One feed on the feed-status page.
#[derive(Debug, Serialize)]
pub struct FeedStatusView<'a> {
    pub source: SourceRef<'a>,
    pub url: &'a str,
    /// `ok`, `failing`, `dead`, `not fetched yet` or `local file`.
    pub status: &'static str,
    pub last_success: Option<super::DateView>,
    pub last_error: Option<&'a str>,
    pub last_error_at: Option<super::DateView>,
    pub consecutive_failures: u32,
    /// The last possible gap ("possible gap: 20 new items, none previously seen") and when.
    pub gap: Option<&'a str>,
    pub gap_at: Option<super::DateView>,
    /// Articles from this feed in the archive.
    pub items: usize,
    pub format: Option<&'a str>,
    /// "clean", or the repairs the last document needed.
    pub parse: Option<&'a str>,
    pub final_url: Option<&'a str>,
}

impl<'a> FeedStatusView<'a> {
    /// Every feed of the registry, in registry order.
    pub fn list(site: &'a Site, urls: &Urls) -> Vec<Self> {
        let counts = {
            let mut counts = std::collections::HashMap::<&str, usize>::new();
            for r in &site.feeds.archived.records {
                *counts.entry(r.feed.as_str()).or_default() += 1;
            }
            counts
        };
        let config = &site.config;
        crate::fetch::feed_list(&site.sources)
            .into_iter()
            .filter_map(|(source_id, feed)| {
                let source = site.sources.get(&source_id)?;
                let feed = source.feeds.iter().find(|f| **f == feed)?.as_str();
                let state = site.feeds.states.get(feed);
                let local = site.feeds.local.get(feed);
                let status = match state {
                    _ if !crate::fetch::is_remote(feed) => "local file",
                    None => "not fetched yet",
                    Some(s) if s.dead => "dead",
                    Some(s) if s.last_error.is_some() => "failing",
                    Some(_) => "ok",
                };
                Some(FeedStatusView {
                    source: SourceRef::new(source, config, urls),
                    url: feed,
                    status,
                    last_success: state
                        .and_then(|s| s.last_success)
                        .map(|d| super::DateView::new(d, config)),
                    last_error: state.and_then(|s| s.last_error.as_deref()),
                    last_error_at: state
                        .and_then(|s| s.last_error_at)
                        .map(|d| super::DateView::new(d, config)),
                    consecutive_failures: state.map_or(0, |s| s.consecutive_failures),
                    gap: state.and_then(|s| s.gap.as_deref()),
                    gap_at: state
                        .and_then(|s| s.gap_at)
                        .map(|d| super::DateView::new(d, config)),
                    items: counts.get(feed).copied().unwrap_or(0),
                    format: state
                        .and_then(|s| s.format.as_deref())
                        .or_else(|| local.map(|(format, _)| format.as_str())),
                    parse: state
                        .and_then(|s| s.parse.as_deref())
                        .or_else(|| local.map(|(_, parse)| parse.as_str())),
                    final_url: state.and_then(|s| s.final_url.as_deref()),
                })
            })
            .collect()
    }
}
