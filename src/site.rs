//! The site: every page with its permalink, and every list a page shows, computed once.
//!
//! Built from the loaded input in one pass and read-only afterwards, so rendering can go over the
//! pages in parallel and no page ever walks all stories.

use crate::config::Config;
use crate::model::{Sources, Story, Topic};
use std::collections::BTreeMap;

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// The home page; `number` is 1-based.
    Home {
        number: usize,
        of: usize,
    },
    Story(usize),
    Sources,
    Source(usize),
    Topics,
    Topic(usize),
    NotFound,
}

/// A page and its place in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub kind: PageKind,
    /// The page's path under the base URL: `""`, `stories/x/`, `404.html`.
    pub path: String,
}

impl Page {
    fn new(kind: PageKind, path: String) -> Self {
        Page { kind, path }
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
    pub fn home(number: usize) -> String {
        if number <= 1 {
            String::new()
        } else {
            format!("page/{number}/")
        }
    }
    pub fn story(slug: &str) -> String {
        format!("stories/{slug}/")
    }
    pub fn sources() -> String {
        "sources/".into()
    }
    pub fn source(id: &str) -> String {
        format!("sources/{id}/")
    }
    pub fn topics() -> String {
        "topics/".into()
    }
    pub fn topic(slug: &str) -> String {
        format!("topics/{slug}/")
    }
}

/// A topic with the stories filed under it, newest first.
#[derive(Debug, Clone)]
pub struct TopicEntry {
    pub topic: Topic,
    pub stories: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub sources: Sources,
    /// Published stories, newest first (by last update, then slug).
    pub stories: Vec<Story>,
    /// Topics by slug order, each with its stories.
    pub topics: Vec<TopicEntry>,
    /// For each source (registry order), the stories it covered, newest first.
    pub source_stories: Vec<Vec<usize>>,
    /// Stories for the "Top stories" block of the home page.
    pub top_stories: Vec<usize>,
    pub pages: Vec<Page>,
}

/// How many stories the home page's top block shows, and from how many days back.
const TOP_STORIES: usize = 5;
const TOP_WINDOW_DAYS: i64 = 7;

impl Site {
    /// Lays out the site. Drafts are left out unless `drafts` is set.
    pub fn new(config: Config, sources: Sources, stories: Vec<Story>, drafts: bool) -> Site {
        let mut stories: Vec<Story> = stories.into_iter().filter(|s| drafts || !s.draft).collect();
        stories.sort_by(|a, b| {
            b.last_updated()
                .cmp(&a.last_updated())
                .then_with(|| a.slug.cmp(&b.slug))
        });

        let mut topics: BTreeMap<String, TopicEntry> = BTreeMap::new();
        let mut source_stories = vec![Vec::new(); sources.len()];
        for (i, story) in stories.iter().enumerate() {
            for topic in &story.topics {
                topics
                    .entry(topic.slug.clone())
                    .or_insert_with(|| TopicEntry {
                        topic: topic.clone(),
                        stories: vec![],
                    })
                    .stories
                    .push(i);
            }
            let mut covered: Vec<usize> = story
                .articles
                .iter()
                .filter_map(|a| sources.index_of(&a.source))
                .collect();
            covered.sort_unstable();
            covered.dedup();
            for s in covered {
                source_stories[s].push(i);
            }
        }
        let topics: Vec<TopicEntry> = topics.into_values().collect();
        let top_stories = top_stories(&stories);

        let per_page = config.pagination.max(1);
        let home_pages = stories.len().div_ceil(per_page).max(1);
        let mut pages =
            Vec::with_capacity(home_pages + stories.len() + sources.len() + topics.len() + 3);
        pages.extend((1..=home_pages).map(|n| {
            Page::new(
                PageKind::Home {
                    number: n,
                    of: home_pages,
                },
                permalink::home(n),
            )
        }));
        pages.extend(
            stories
                .iter()
                .enumerate()
                .map(|(i, s)| Page::new(PageKind::Story(i), permalink::story(&s.slug))),
        );
        pages.push(Page::new(PageKind::Sources, permalink::sources()));
        pages.extend(
            sources
                .all()
                .iter()
                .enumerate()
                .map(|(i, s)| Page::new(PageKind::Source(i), permalink::source(&s.id))),
        );
        pages.push(Page::new(PageKind::Topics, permalink::topics()));
        pages.extend(
            topics
                .iter()
                .enumerate()
                .map(|(i, t)| Page::new(PageKind::Topic(i), permalink::topic(&t.topic.slug))),
        );
        pages.push(Page::new(PageKind::NotFound, "404.html".into()));

        Site {
            config,
            sources,
            stories,
            topics,
            source_stories,
            top_stories,
            pages,
        }
    }

    /// The stories listed on home page `number` (1-based).
    pub fn home_stories(&self, number: usize) -> std::ops::Range<usize> {
        let per_page = self.config.pagination.max(1);
        let start = ((number - 1) * per_page).min(self.stories.len());
        start..(start + per_page).min(self.stories.len())
    }

    /// Number of distinct sources covering a story.
    pub fn source_count(story: &Story) -> usize {
        let mut ids: Vec<&str> = story.articles.iter().map(|a| a.source.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }
}

/// The most-covered stories among those updated within a week of the newest one.
fn top_stories(stories: &[Story]) -> Vec<usize> {
    let Some(newest) = stories.first().map(|s| s.last_updated()) else {
        return Vec::new();
    };
    let since = newest - chrono::Duration::days(TOP_WINDOW_DAYS);
    let mut recent: Vec<usize> = (0..stories.len())
        .filter(|&i| stories[i].last_updated() >= since)
        .collect();
    recent.sort_by_key(|&i| (std::cmp::Reverse(Site::source_count(&stories[i])), i));
    recent.truncate(TOP_STORIES);
    recent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_urls_become_index_files() {
        assert_eq!(
            Page::new(PageKind::Home { number: 1, of: 1 }, permalink::home(1)).output_file(),
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
        assert_eq!(permalink::home(3), "page/3/");
    }
}
