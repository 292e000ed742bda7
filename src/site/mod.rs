//! The site: every page with its permalink, and every list a page shows, computed once.
//!
//! Built from the loaded input in one pass and read-only afterwards, so rendering can go over the
//! pages in parallel and no page ever walks all stories.

pub mod editions;
pub mod local;
pub mod paging;

use crate::assign::compose::Composed;
use crate::config::Config;
use crate::coverage::{self, Coverage, Split, insights::KeyPoint};
use crate::load::archive::FeedInput;
use crate::model::{Bucket, Sources, Story, Topic};
use local::LocalEntry;
pub use paging::Part;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A page of the home page's list of stories.
    Home,
    Story(usize),
    Sources,
    Source(usize),
    Topics,
    Topic(usize),
    Blindspot,
    LocalIndex,
    /// A country's local page, by index into `Site::local`.
    Local(usize),
    /// A region's page: country index, region index.
    Region(usize, usize),
    Search,
    /// The feed-status page.
    Feeds,
    /// A page of the editions archive (newest first, grouped by year and month).
    Editions,
    /// An edition, by index into `Site::editions`.
    Edition(usize),
    NotFound,
    /// An old story URL leading to the story that now holds its articles, by index into
    /// `Site::redirects`.
    Redirect(usize),
}

/// A page and its place in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// The page's path under the base URL: `""`, `stories/x/`, `404.html`, `topics/x/page/2/`.
    pub path: String,
    /// Which page of its list it is: lists (home, topic, source, local, blindspot) are cut into
    /// pages of `pagination` stories; every other page is page 1 of 1.
    pub part: Part,
}

impl Page {
    fn new(kind: PageKind, path: String) -> Self {
        Page {
            kind,
            path,
            part: Part::ONE,
        }
    }

    /// The pages of a list of `len` items whose first page is at `path`: page 1 keeps `path`,
    /// the others are `path` + `page/<n>/`.
    fn list(kind: PageKind, path: &str, len: usize, per_page: usize) -> impl Iterator<Item = Page> {
        Part::all(len, per_page).map(move |part| Page {
            kind: kind.clone(),
            path: permalink::paged(path, part.number),
            part,
        })
    }

    /// The path of page 1 of this page's list (its own path for a page that is not a list).
    pub fn list_path(&self) -> &str {
        let suffix = format!("page/{}/", self.part.number);
        match self.path.strip_suffix(&suffix) {
            Some(first) if self.part.number > 1 => first,
            _ => &self.path,
        }
    }

    /// The file to write, relative to the output folder: pretty URLs become `<dir>/index.html`.
    pub fn output_file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
}

/// Permalinks: the one place that decides where each kind of page lives.
pub mod permalink {
    /// Page `number` of the list whose first page is at `first`: `first` itself for page 1,
    /// else `<first>page/<number>/`.
    pub fn paged(first: &str, number: usize) -> String {
        if number <= 1 {
            first.to_string()
        } else {
            format!("{first}page/{number}/")
        }
    }
    pub fn story(slug: &str) -> String {
        ["stories/", slug, "/"].concat()
    }
    pub fn sources() -> String {
        "sources/".into()
    }
    pub fn source(id: &str) -> String {
        ["sources/", id, "/"].concat()
    }
    pub fn topics() -> String {
        "topics/".into()
    }
    pub fn topic(slug: &str) -> String {
        ["topics/", slug, "/"].concat()
    }
    pub fn blindspot() -> String {
        "blindspot/".into()
    }
    /// The folder of the feeds of one side's blindspots (`left`, `right`).
    pub fn blindspot_feeds(side: &str) -> String {
        ["blindspot/", side, "/"].concat()
    }
    /// A story's share image.
    pub fn share_card(slug: &str) -> String {
        ["stories/", slug, "/card.png"].concat()
    }
    /// The site's own share image, for pages without one of their own.
    pub fn site_card() -> String {
        "card.png".into()
    }
    pub fn local_index() -> String {
        "local/".into()
    }
    pub fn local(country_slug: &str) -> String {
        format!("local/{country_slug}/")
    }
    pub fn region(country_slug: &str, region_slug: &str) -> String {
        format!("local/{country_slug}/{region_slug}/")
    }
    pub fn search() -> String {
        "search/".into()
    }
    pub fn feeds() -> String {
        "feeds/".into()
    }
    /// The OPML list of every source's feeds.
    pub fn opml() -> String {
        "sources.opml".into()
    }
    pub fn editions() -> String {
        "editions/".into()
    }
    /// An edition's page, by its day: `editions/2026/02/06/`. It never changes.
    pub fn edition(day: chrono::NaiveDate) -> String {
        day.format("editions/%Y/%m/%d/").to_string()
    }
    /// The email-ready files beside an edition's page (`path`): `email.html` and `email.txt`.
    pub fn edition_email(path: &str, extension: &str) -> String {
        format!("{path}email.{extension}")
    }
    /// The prebuilt search index, a script so that it loads from `file://` too.
    pub fn search_index() -> String {
        "search/index.js".into()
    }
}

/// A topic with the stories filed under it, newest first.
#[derive(Debug, Clone)]
pub struct TopicEntry {
    pub topic: Topic,
    pub stories: Vec<usize>,
    /// Rated sources per side, summed over the topic's stories (a source counts once per story).
    pub split: Split,
    /// The topic's stories that are a blindspot for either side, newest first.
    pub blindspots: Vec<usize>,
    /// The newest of its blindspots (at most `FEATURED_BLINDSPOTS`), shown above the list on the
    /// topic's first page.
    pub featured: Vec<usize>,
    /// Its stories without the featured blindspots, newest first: the paginated list.
    pub listed: Vec<usize>,
}

/// Blindspots a topic's first page shows above its list of stories.
pub const FEATURED_BLINDSPOTS: usize = 5;

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub sources: Sources,
    /// Published stories, newest first (by last update, then slug).
    pub stories: Vec<Story>,
    /// Each story's coverage, by story index.
    pub coverage: Vec<Coverage>,
    /// Automatic key points for stories whose editor wrote none, by story index.
    pub key_points: Vec<Vec<KeyPoint>>,
    /// The automatic key points of this build, for the next one (see [`KnownPoints`]).
    pub chosen: coverage::known::Known,
    /// Related stories, best first, by story index.
    pub related: Vec<Vec<usize>>,
    /// Similar topics (indices into `topics`), by story index.
    pub similar_topics: Vec<Vec<usize>>,
    /// Topics by slug order, each with its stories.
    pub topics: Vec<TopicEntry>,
    /// For each source (registry order), the stories it covered, newest first.
    pub source_stories: Vec<Vec<usize>>,
    /// Blindspots for the Left (the Left barely covers them) and for the Right, newest first.
    pub blindspots: [Vec<usize>; 2],
    /// Local sections by country code.
    pub local: Vec<LocalEntry>,
    /// Stories for the "Top stories" block of the home page.
    pub top_stories: Vec<usize>,
    /// The archive and local feeds' articles, the feed state, and the build's feed warnings.
    pub feeds: FeedInput,
    /// For each source, its latest archived articles (indices into `feeds.archived.records`).
    pub source_articles: Vec<Vec<usize>>,
    /// Old story URLs: (slug, index of the story in `stories` that holds its articles now).
    pub redirects: Vec<(String, usize)>,
    /// Newsletter editions, newest first (by day; one edition a day), written and generated.
    pub editions: Vec<editions::EditionEntry>,
    /// When the next edition left out for its date (the current period's) is due.
    pub next_edition: Option<crate::model::Timestamp>,
    pub pages: Vec<Page>,
}

/// Key points chosen by an earlier build (`coverage::known`), and the parallax that reads them
/// (part of their key: another parallax chooses again).
#[derive(Debug, Default)]
pub struct KnownPoints {
    pub known: coverage::known::Known,
    pub generator: String,
}

/// Each story's automatic key points (none when its editor wrote insights), taken from `known`
/// when its articles are as they were, and the memo of them for the next build.
fn key_points(
    stories: &[Story],
    sources: &Sources,
    config: &Config,
    known: &KnownPoints,
) -> (Vec<Vec<KeyPoint>>, coverage::known::Known) {
    let max = config.analysis.insights;
    let language = &config.language;
    let picked: Vec<(Vec<KeyPoint>, Option<u128>)> = stories
        .par_iter()
        .map(|s| {
            if !s.insights.is_empty() {
                return (Vec::new(), None);
            }
            let key = coverage::known::key(s, sources, max, language, &known.generator);
            let points = known
                .known
                .get(key, s)
                .unwrap_or_else(|| coverage::insights::extract(s, sources, max, language));
            (points, Some(key))
        })
        .collect();
    let mut chosen = coverage::known::Known::default();
    for (story, (points, key)) in stories.iter().zip(&picked) {
        if let Some(key) = key {
            chosen.insert(*key, story, points);
        }
    }
    (
        picked.into_iter().map(|(points, _)| points).collect(),
        chosen,
    )
}

/// Archived articles listed on a source page.
const SOURCE_ARTICLES: usize = 20;

/// How many stories the home page's top block shows, and from how many days back.
const TOP_STORIES: usize = 5;
const TOP_WINDOW_DAYS: i64 = 7;

impl Site {
    /// Lays out the site. Drafts are left out unless `drafts` is set.
    pub fn new(
        config: Config,
        sources: Sources,
        composed: Composed,
        feeds: FeedInput,
        drafts: bool,
        known: &KnownPoints,
    ) -> Site {
        let mut stories: Vec<Story> = composed
            .stories
            .into_iter()
            .filter(|s| drafts || !s.draft)
            .collect();
        // Newest first by last update (each story's read once, not per comparison), then slug.
        stories.sort_by_cached_key(|s| (std::cmp::Reverse(s.last_updated()), s.slug.clone()));

        let rules = &config.analysis;
        let coverage: Vec<Coverage> = stories
            .par_iter()
            .map(|s| coverage::of_story(s, &sources, rules, |c| config.country_name(c)))
            .collect();
        // Side by side: both have stretches on one thread (related stories' vocabulary and index).
        let ((key_points, chosen), related) = rayon::join(
            || key_points(&stories, &sources, &config, known),
            || coverage::related::related_stories(&stories, rules.related_stories),
        );

        let mut topic_map: BTreeMap<String, TopicEntry> = BTreeMap::new();
        let mut source_stories = vec![Vec::new(); sources.len()];
        let mut blindspots = [Vec::new(), Vec::new()];
        for (i, story) in stories.iter().enumerate() {
            let cov = &coverage[i];
            for topic in &story.topics {
                let entry = topic_map
                    .entry(topic.slug.clone())
                    .or_insert_with(|| TopicEntry {
                        topic: topic.clone(),
                        stories: vec![],
                        split: [0; 3],
                        blindspots: vec![],
                        featured: vec![],
                        listed: vec![],
                    });
                entry.stories.push(i);
                for side in 0..3 {
                    entry.split[side] += cov.split[side];
                }
                if cov.blindspot.is_some() {
                    entry.blindspots.push(i);
                }
            }
            for &s in &cov.sources {
                source_stories[s].push(i);
            }
            if let Some(b) = cov.blindspot {
                blindspots[if b.side == Bucket::Left { 0 } else { 1 }].push(i);
            }
        }
        let mut topics: Vec<TopicEntry> = topic_map.into_values().collect();
        for entry in &mut topics {
            entry.featured =
                entry.blindspots[..entry.blindspots.len().min(FEATURED_BLINDSPOTS)].to_vec();
            entry.listed = entry
                .stories
                .iter()
                .copied()
                .filter(|i| !entry.featured.contains(i))
                .collect();
        }
        let topic_index: HashMap<&str, usize> = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.topic.slug.as_str(), i))
            .collect();
        let similar_topics = coverage::related::similar_topics(&stories, rules.similar_topics)
            .into_iter()
            .map(|slugs| {
                slugs
                    .iter()
                    .filter_map(|s| topic_index.get(s.as_str()).copied())
                    .collect()
            })
            .collect();
        let local = local::sections(&stories, &coverage, &sources);
        let top_stories = top_stories(&stories, &coverage);
        let source_articles = latest_articles(&feeds, &sources);

        let per_page = config.pagination.max(1);
        let mut pages = Vec::with_capacity(
            stories.len() * 2 / per_page + stories.len() + sources.len() + topics.len() + 16,
        );
        pages.extend(Page::list(PageKind::Home, "", stories.len(), per_page));
        pages.extend(
            stories
                .iter()
                .enumerate()
                .map(|(i, s)| Page::new(PageKind::Story(i), permalink::story(&s.slug))),
        );
        pages.push(Page::new(PageKind::Sources, permalink::sources()));
        for (i, source) in sources.all().iter().enumerate() {
            let path = permalink::source(&source.id);
            let len = source_stories[i].len();
            pages.extend(Page::list(PageKind::Source(i), &path, len, per_page));
        }
        pages.push(Page::new(PageKind::Topics, permalink::topics()));
        for (i, entry) in topics.iter().enumerate() {
            let path = permalink::topic(&entry.topic.slug);
            let len = entry.listed.len();
            pages.extend(Page::list(PageKind::Topic(i), &path, len, per_page));
        }
        // The blindspot page's two columns share a page: half of `pagination` each.
        let len = blindspots[0].len().max(blindspots[1].len());
        let path = permalink::blindspot();
        let column = per_page.div_ceil(2);
        pages.extend(Page::list(PageKind::Blindspot, &path, len, column));
        pages.push(Page::new(PageKind::LocalIndex, permalink::local_index()));
        for (i, entry) in local.iter().enumerate() {
            let country = entry.country.slug();
            let path = permalink::local(&country);
            let len = entry.stories.len();
            pages.extend(Page::list(PageKind::Local(i), &path, len, per_page));
            for (j, region) in entry.regions.iter().enumerate() {
                let path = permalink::region(&country, &region.slug);
                let len = region.stories.len();
                pages.extend(Page::list(PageKind::Region(i, j), &path, len, per_page));
            }
        }
        pages.push(Page::new(PageKind::Search, permalink::search()));
        pages.push(Page::new(PageKind::Feeds, permalink::feeds()));
        pages.push(Page::new(PageKind::NotFound, "404.html".into()));
        let by_slug: HashMap<&str, usize> = stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.slug.as_str(), i))
            .collect();
        let redirects: Vec<(String, usize)> = composed
            .redirects
            .into_iter()
            .filter_map(|(from, to)| by_slug.get(to.as_str()).map(|&i| (from, i)))
            .collect();
        pages.extend(
            redirects
                .iter()
                .enumerate()
                .map(|(i, (from, _))| Page::new(PageKind::Redirect(i), permalink::story(from))),
        );

        Site {
            config,
            sources,
            stories,
            coverage,
            key_points,
            chosen,
            related,
            similar_topics,
            topics,
            source_stories,
            blindspots,
            local,
            top_stories,
            feeds,
            source_articles,
            redirects,
            editions: Vec::new(),
            next_edition: None,
            pages,
        }
    }

    /// Adds the newsletter editions: the `written` ones (drafts already left out, their stories
    /// checked by [`editions::resolve`]) and those the `editions:` config generates, with their pages (each
    /// edition's, and the archive's, paginated) before the 404 page.
    /// Lays out the editions, leaving out those dated after `until` (the current period's
    /// generated edition until its period ends; none with `--future`, `until` None).
    pub fn with_editions(
        mut self,
        written: Vec<crate::model::Edition>,
        until: Option<crate::model::Timestamp>,
    ) -> Site {
        let laid = editions::lay_out(
            &self.config.editions,
            written,
            &self.stories,
            &self.coverage,
        );
        let (due, later): (Vec<_>, Vec<_>) = laid
            .into_iter()
            .partition(|e| until.is_none_or(|t| e.edition.date <= t));
        self.next_edition = later.iter().map(|e| e.edition.date).min();
        self.editions = due;
        if self.editions.is_empty() {
            return self;
        }
        let per_page = self.config.pagination.max(1);
        let mut pages: Vec<Page> = Page::list(
            PageKind::Editions,
            &permalink::editions(),
            self.editions.len(),
            per_page,
        )
        .collect();
        pages.extend(
            self.editions
                .iter()
                .enumerate()
                .map(|(i, e)| Page::new(PageKind::Edition(i), e.path.clone())),
        );
        let at = self
            .pages
            .iter()
            .position(|p| p.kind == PageKind::NotFound)
            .unwrap_or(self.pages.len());
        self.pages.splice(at..at, pages);
        self
    }

    /// The editions that page `part` of the archive shows.
    pub fn editions_page(&self, part: Part) -> std::ops::Range<usize> {
        part.range(self.editions.len(), self.config.pagination)
    }

    /// The path of edition `index`'s share image (every edition has one when cards are on).
    pub fn edition_card(&self, index: usize) -> Option<String> {
        self.config
            .share_cards
            .enabled()
            .then(|| format!("{}card.png", self.editions[index].path))
    }

    /// The path of story `index`'s share image, when it has one.
    pub fn share_card(&self, index: usize) -> Option<String> {
        (index < self.config.share_cards.count(self.stories.len()))
            .then(|| permalink::share_card(&self.stories[index].slug))
    }

    /// The stories listed on home page `part`.
    pub fn home_stories(&self, part: Part) -> std::ops::Range<usize> {
        part.range(self.stories.len(), self.config.pagination)
    }

    /// The items of `list` that page `part` of it shows.
    pub fn page_of<'a>(&self, list: &'a [usize], part: Part) -> &'a [usize] {
        part.slice(list, self.config.pagination)
    }

    /// The blindspots for the Left and for the Right that page `part` of the blindspot page
    /// shows: half of `pagination` of each.
    pub fn blindspot_page(&self, part: Part) -> [&[usize]; 2] {
        let column = self.config.pagination.div_ceil(2);
        self.blindspots
            .each_ref()
            .map(|list| part.slice(list, column))
    }

    /// For a source, how many of the stories it covered lean Left, Center or Right (by the
    /// majority of their rated sources), and how many lean no single way (ties, none rated).
    pub fn source_story_lean(&self, source: usize) -> [usize; 4] {
        let mut counts = [0; 4];
        for &story in &self.source_stories[source] {
            match self.coverage[story].lean {
                coverage::Lean::Majority { side, .. } => counts[side.index()] += 1,
                _ => counts[3] += 1,
            }
        }
        counts
    }
}

/// Each source's newest archived articles, newest first.
fn latest_articles(feeds: &FeedInput, sources: &Sources) -> Vec<Vec<usize>> {
    let records = &feeds.archived.records;
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    for (i, record) in records.iter().enumerate() {
        if let Some(s) = sources.index_of(&record.source) {
            lists[s].push(i);
        }
    }
    for list in &mut lists {
        list.sort_by(|&a, &b| {
            let (ra, rb) = (&records[a], &records[b]);
            rb.published
                .cmp(&ra.published)
                .then_with(|| ra.id.cmp(&rb.id))
        });
        list.truncate(SOURCE_ARTICLES);
    }
    lists
}

/// The most-covered stories among those updated within a week of the newest one.
fn top_stories(stories: &[Story], coverage: &[Coverage]) -> Vec<usize> {
    let Some(newest) = stories.first().map(|s| s.last_updated()) else {
        return Vec::new();
    };
    let since = newest - chrono::Duration::days(TOP_WINDOW_DAYS);
    let mut recent: Vec<usize> = (0..stories.len())
        .filter(|&i| stories[i].last_updated() >= since)
        .collect();
    recent.sort_by_key(|&i| (std::cmp::Reverse(coverage[i].total()), i));
    recent.truncate(TOP_STORIES);
    recent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls_become_index_files() {
        assert_eq!(
            Page::new(PageKind::Home, permalink::paged("", 1)).output_file(),
            "index.html"
        );
        assert_eq!(
            Page::new(PageKind::Story(0), permalink::story("a-b")).output_file(),
            "stories/a-b/index.html"
        );
        assert_eq!(
            Page::new(PageKind::NotFound, "404.html".into()).output_file(),
            "404.html"
        );
        assert_eq!(permalink::paged("", 3), "page/3/");
        assert_eq!(permalink::paged("topics/x/", 1), "topics/x/");
        assert_eq!(permalink::paged("topics/x/", 2), "topics/x/page/2/");
        assert_eq!(permalink::region("us", "ohio"), "local/us/ohio/");
    }
}
