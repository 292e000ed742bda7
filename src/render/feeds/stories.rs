//! The site's story feeds: the home page (latest stories), each topic, each source and each side
//! of the blindspot page, `feeds.items` stories each, newest first (the lists' own order).

use super::{Channel, Entry, FeedLinks, SiteMeta, Written, channel_files};
use crate::model::Bucket;
use crate::render::escape_html;
use crate::render::urls::Urls;
use crate::site::{PageKind, Site, permalink};
use rayon::prelude::*;
use std::sync::{Arc, OnceLock};

/// Every story feed of the site, three files each, by site path.
pub fn files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let meta = SiteMeta {
        title: &site.config.title,
        language: &site.config.language,
        urls,
    };
    let lists = lists(site);
    // Each story's entry is written once, by whichever feed needs it first.
    let written: Vec<OnceLock<Arc<Written>>> =
        (0..site.stories.len()).map(|_| OnceLock::new()).collect();
    let entry = |i: usize| {
        written[i]
            .get_or_init(|| Written::new(&entry(i, site, urls)))
            .clone()
    };
    lists
        .par_iter()
        .flat_map_iter(|list| channel_files(&channel(list, site, entry), meta))
        .collect()
}

/// The feeds a page links to in its head and in its "Subscribe" line: its own list's (both sides'
/// on the blindspot page), on every page of the list.
pub fn links(kind: &PageKind, site: &Site, urls: &Urls) -> Vec<FeedLinks> {
    let of = |list: List| FeedLinks::new(list.name(site), list.title(site), &list.dir(site), urls);
    match *kind {
        PageKind::Home => vec![of(List::Home)],
        PageKind::Topic(i) => vec![of(List::Topic(i))],
        PageKind::Source(i) => vec![of(List::Source(i))],
        PageKind::Blindspot => vec![of(List::Blindspot(0)), of(List::Blindspot(1))],
        PageKind::Editions => vec![super::editions::links(site, urls)],
        _ => Vec::new(),
    }
}

/// A list of stories with a feed.
#[derive(Debug, Clone, Copy)]
enum List {
    Home,
    Topic(usize),
    Source(usize),
    /// 0: blindspots for the Left, 1: for the Right.
    Blindspot(usize),
}

fn lists(site: &Site) -> Vec<List> {
    let mut lists = vec![List::Home, List::Blindspot(0), List::Blindspot(1)];
    lists.extend((0..site.topics.len()).map(List::Topic));
    lists.extend((0..site.sources.len()).map(List::Source));
    lists
}

const SIDES: [Bucket; 2] = [Bucket::Left, Bucket::Right];

impl List {
    /// What the list is, without the site's name.
    fn name(self, site: &Site) -> String {
        match self {
            List::Home => "Latest stories".into(),
            List::Topic(i) => site.topics[i].topic.name.clone(),
            List::Source(i) => site.sources.all()[i].name.clone(),
            List::Blindspot(side) => format!("Blindspots for the {}", SIDES[side].display()),
        }
    }

    /// The feed's title: the site's name alone for the home page's.
    fn title(self, site: &Site) -> String {
        match self {
            List::Home => site.config.title.clone(),
            _ => format!("{} · {}", self.name(site), site.config.title),
        }
    }

    fn description(self, site: &Site) -> String {
        match self {
            List::Home => site.config.description.clone(),
            List::Topic(i) => format!(
                "Stories about {} and who covered them.",
                site.topics[i].topic.name
            ),
            List::Source(i) => format!("Stories covered by {}.", site.sources.all()[i].name),
            List::Blindspot(side) => {
                format!("Stories the {} barely covers.", SIDES[side].display())
            }
        }
    }

    /// The page the feed belongs to.
    fn page(self, site: &Site) -> String {
        match self {
            List::Home => String::new(),
            List::Topic(i) => permalink::topic(&site.topics[i].topic.slug),
            List::Source(i) => permalink::source(&site.sources.all()[i].id),
            List::Blindspot(_) => permalink::blindspot(),
        }
    }

    /// The folder of its files: the page's own, but one per side for the blindspot page.
    fn dir(self, site: &Site) -> String {
        match self {
            List::Blindspot(side) => permalink::blindspot_feeds(SIDES[side].key()),
            _ => self.page(site),
        }
    }

    fn stories(self, site: &Site) -> &[usize] {
        match self {
            List::Home => &[],
            List::Topic(i) => &site.topics[i].stories,
            List::Source(i) => &site.source_stories[i],
            List::Blindspot(side) => &site.blindspots[side],
        }
    }
}

/// The channel of `list`, whose entries `entry` gives by story index.
fn channel(list: &List, site: &Site, entry: impl Fn(usize) -> Arc<Written>) -> Channel {
    let limit = site.config.feeds.items;
    let stories: Vec<usize> = match list {
        // The home page lists every story, newest first.
        List::Home => (0..site.stories.len().min(limit)).collect(),
        _ => list.stories(site).iter().take(limit).copied().collect(),
    };
    let entries = stories.iter().map(|&i| entry(i)).collect();
    let newest = |list: &[usize]| list.first().map(|&i| site.coverage[i].last_updated);
    // Lists are newest first; the site's newest story dates an empty list.
    let updated = newest(&stories)
        .or_else(|| site.coverage.first().map(|c| c.last_updated))
        .unwrap_or_default();
    Channel {
        title: list.title(site),
        description: list.description(site),
        page: list.page(site),
        dir: list.dir(site),
        updated,
        entries,
    }
}

/// The feed entry of story `index`.
pub fn entry(index: usize, site: &Site, urls: &Urls) -> Entry {
    let story = &site.stories[index];
    let coverage = &site.coverage[index];
    let url = urls.absolute(&permalink::story(&story.slug));
    Entry {
        id: url.clone(),
        title: story.title.clone(),
        published: story.date,
        updated: coverage.last_updated,
        summary: story.summary.clone(),
        content_html: content(index, site, &url),
        categories: story.topics.iter().map(|t| t.name.clone()).collect(),
        image: site.share_card(index).map(|path| urls.absolute(&path)),
        url,
    }
}

/// The item's HTML: the summary, the bias sentence with its figures, the blindspot when there is
/// one, and a link to the story page. Every piece of text is escaped here.
fn content(index: usize, site: &Site, url: &str) -> String {
    let story = &site.stories[index];
    let coverage = &site.coverage[index];
    let mut html = String::with_capacity(story.summary.len() + 400);
    if !story.summary.is_empty() {
        html.push_str(&format!("<p>{}</p>", escape_html(&story.summary)));
    }
    let total = coverage.total();
    html.push_str(&format!(
        "<p>{} · {total} source{}</p>",
        escape_html(&coverage.lean.sentence()),
        if total == 1 { "" } else { "s" }
    ));
    if let Some(percent) = coverage.percent {
        let sides: Vec<String> = Bucket::ALL
            .iter()
            .map(|b| format!("{} {}%", b.display(), percent[b.index()]))
            .collect();
        let unrated = match coverage.unrated {
            0 => String::new(),
            n => format!(" · {n} not rated"),
        };
        html.push_str(&format!("<p>{}{unrated}</p>", sides.join(" · ")));
    }
    if let Some(blindspot) = coverage.blindspot {
        let name = blindspot.side.display();
        html.push_str(&format!(
            "<p><strong>Blindspot for the {name}</strong>: only {}% {name}.</p>",
            blindspot.share
        ));
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">See who covered it</a></p>",
        escape_html(url)
    ));
    html
}
