//! What each page is rendered with: its template and the views it shows, as JSON values for
//! tera and, for a rebuild, as the hash of the views ([`super::Renderer::fingerprint`]).

use super::views::*;
use super::{DESCRIPTION_CHARS, feeds, share_image};
use crate::config::Config;
use crate::render::urls::Urls;
use crate::site::{Page, PageKind, Site};
use tera::Context;

/// What every page's context is made from.
pub(super) struct Make<'a> {
    pub site: &'a Site,
    pub page: &'a Page,
    pub urls: &'a Urls,
    pub config: &'a Config,
    /// The relative path from the page to the site root.
    pub root: String,
}

impl Make<'_> {
    /// The page's own view. A later page of a list says which page it is in its title; search
    /// engines show about 160 characters of a description, and a story's summary is longer.
    fn page_view(&self, kind: &'static str, title: String, description: String) -> PageView {
        let (site, page, urls) = (self.site, self.page, self.urls);
        PageView {
            kind,
            title: match page.part.number {
                1 => title,
                n => format!("{title} — page {n}"),
            },
            description: crate::normalise::truncate(&description, DESCRIPTION_CHARS),
            url: urls.href(&page.path),
            permalink: urls.absolute(&page.path),
            root: self.root.clone(),
            feeds: feeds::stories::links(&page.kind, site, urls),
            image: share_image(site, page, urls),
        }
    }

    fn pagination(&self) -> Pagination {
        Pagination::new(self.page.part, self.page.list_path(), self.urls)
    }
}

fn home(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site,
        page,
        urls,
        config,
        ..
    } = *make;
    let range = site.home_stories(page.part);
    context.page(make.page_view("home", config.title.clone(), config.description.clone()));
    let top: &[usize] = if page.part.number == 1 {
        &site.top_stories
    } else {
        &[]
    };
    // Page 1 shows the top stories above the list: the list leaves them out.
    let rest: Vec<usize> = range.filter(|i| !top.contains(i)).collect();
    context.insert("top_stories", &StoryCard::list(top, site, urls));
    context.insert("stories", &StoryCard::list(&rest, site, urls));
    context.insert("pagination", &make.pagination());
    "index.html"
}

fn story(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make { site, urls, .. } = *make;
    let story = &site.stories[i];
    context.page(make.page_view("story", story.title.clone(), story.summary.clone()));
    context.insert("story", &StoryView::new(i, site, urls));
    "story.html"
}

fn sources(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site, urls, config, ..
    } = *make;
    let list: Vec<_> = site
        .sources
        .all()
        .iter()
        .enumerate()
        .map(|(i, s)| Counted {
            item: SourceRef::new(s, config, urls),
            story_count: site.source_stories[i].len(),
        })
        .collect();
    let description = format!(
        "The {} news sources of {}, with their ratings and ownership.",
        list.len(),
        config.title
    );
    context.page(make.page_view("sources", "Sources".into(), description));
    context.insert("sources", &list);
    "sources.html"
}

fn source(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make {
        site, page, urls, ..
    } = *make;
    let source = &site.sources.all()[i];
    let description = format!(
        "Stories covered by {}, its ratings and ownership.",
        source.name
    );
    context.page(make.page_view("source", source.name.clone(), description));
    context.insert("source", &SourceView::new(i, page.part, site, urls));
    context.insert("pagination", &make.pagination());
    "source.html"
}

fn topics(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site, urls, config, ..
    } = *make;
    let list: Vec<_> = site
        .topics
        .iter()
        .map(|t| Counted {
            item: TopicRef::new(&t.topic, urls),
            story_count: t.stories.len(),
        })
        .collect();
    context.page(make.page_view(
        "topics",
        "Topics".into(),
        format!("Every topic on {}.", config.title),
    ));
    context.insert("topics", &list);
    "topics.html"
}

fn topic(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make {
        site, page, urls, ..
    } = *make;
    let entry = &site.topics[i];
    let description = format!("Stories about {} and who covered them.", entry.topic.name);
    context.page(make.page_view("topic", entry.topic.name.clone(), description));
    context.insert("topic", &TopicView::new(entry, page.part, site, urls));
    context.insert("pagination", &make.pagination());
    "topic.html"
}

fn blindspot(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site,
        page,
        urls,
        config,
        ..
    } = *make;
    let description = "Stories one side of the political spectrum barely covers.".to_string();
    context.page(make.page_view("blindspot", "Blindspot".into(), description));
    let [left, right] = &site.blindspots;
    let [on_left, on_right] = site.blindspot_page(page.part);
    context.insert("for_left", &StoryCard::list(on_left, site, urls));
    context.insert("for_right", &StoryCard::list(on_right, site, urls));
    context.insert("left_count", &left.len());
    context.insert("right_count", &right.len());
    context.insert("rules", &config.analysis);
    context.insert("pagination", &make.pagination());
    "blindspot.html"
}

fn local_index(make: &Make, context: &mut PageContext) -> &'static str {
    let Make { site, urls, .. } = *make;
    let list: Vec<_> = site
        .local
        .iter()
        .map(|l| LocalRef::new(l, site, urls))
        .collect();
    let description = format!("Stories and outlets of {} countries.", list.len());
    context.page(make.page_view("local-index", "Local".into(), description));
    context.insert("countries", &list);
    "local-index.html"
}

fn local(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make {
        site,
        page,
        urls,
        config,
        ..
    } = *make;
    let entry = &site.local[i];
    let name = config.country_name(entry.country);
    let description = format!("Stories from and about {name}, and its news outlets.");
    context.page(make.page_view("local", name, description));
    context.insert("local", &LocalView::new(entry, None, page.part, site, urls));
    context.insert("pagination", &make.pagination());
    "local.html"
}

fn region(make: &Make, context: &mut PageContext, i: usize, j: usize) -> &'static str {
    let Make {
        site,
        page,
        urls,
        config,
        ..
    } = *make;
    let entry = &site.local[i];
    let region = &entry.regions[j];
    let title = format!("{}, {}", region.name, config.country_name(entry.country));
    let description = format!("Stories from {title} and its news outlets.");
    context.insert("page", &make.page_view("local", title, description));
    context.insert(
        "local",
        &LocalView::new(entry, Some(region), page.part, site, urls),
    );
    context.insert("pagination", &make.pagination());
    "local.html"
}

fn search(make: &Make, context: &mut PageContext) -> &'static str {
    let Make { config, .. } = *make;
    let description = format!(
        "Search the stories, topics and sources of {}.",
        config.title
    );
    context.page(make.page_view("search", "Search".into(), description));
    // Relative, so that the search page also works opened from disk (file://).
    context.insert(
        "search_index_url",
        &format!("{}{}", make.root, crate::site::permalink::search_index()),
    );
    "search.html"
}

fn feeds(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site, urls, config, ..
    } = *make;
    let list = FeedStatusView::list(site, urls);
    let description = format!(
        "The {} feeds parallax archives for {}, and how they are doing.",
        list.len(),
        config.title
    );
    context.page(make.page_view("feeds", "Feed status".into(), description));
    context.insert("feeds", &list);
    context.insert("archive_articles", &site.feeds.archived.records.len());
    "feeds.html"
}

fn editions(make: &Make, context: &mut PageContext) -> &'static str {
    let Make {
        site,
        page,
        urls,
        config,
        ..
    } = *make;
    let description = format!(
        "Every edition of the {} newsletter, newest first.",
        config.title
    );
    context.page(make.page_view("editions", "Editions".into(), description));
    context.insert("archive", &ArchiveView::new(page.part, site, urls));
    context.insert("pagination", &make.pagination());
    "editions.html"
}

fn edition(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make { site, urls, .. } = *make;
    let edition = &site.editions[i].edition;
    context.page(make.page_view("edition", edition.title.clone(), edition.summary.clone()));
    context.insert("edition", &EditionView::new(i, site, urls));
    "edition.html"
}

fn not_found(make: &Make, context: &mut PageContext) -> &'static str {
    context.page(make.page_view("404", "Page not found".into(), String::new()));
    "404.html"
}

fn redirect(make: &Make, context: &mut PageContext, i: usize) -> &'static str {
    let Make { site, urls, .. } = *make;
    let (_, to) = &site.redirects[i];
    let story = &site.stories[*to];
    context.page(make.page_view("redirect", story.title.clone(), story.summary.clone()));
    context.insert("story", &StoryCard::new(*to, site, urls));
    context.insert(
        "target",
        &urls.absolute(&crate::site::permalink::story(&story.slug)),
    );
    "redirect.html"
}

/// Inserts the views of `make.page` into `context`; returns its template.
pub(super) fn fill(make: &Make, context: &mut PageContext) -> &'static str {
    match &make.page.kind {
        PageKind::Home => home(make, context),
        PageKind::Story(i) => story(make, context, *i),
        PageKind::Sources => sources(make, context),
        PageKind::Source(i) => source(make, context, *i),
        PageKind::Topics => topics(make, context),
        PageKind::Topic(i) => topic(make, context, *i),
        PageKind::Blindspot => blindspot(make, context),
        PageKind::LocalIndex => local_index(make, context),
        PageKind::Local(i) => local(make, context, *i),
        PageKind::Region(i, j) => region(make, context, *i, *j),
        PageKind::Search => search(make, context),
        PageKind::Feeds => feeds(make, context),
        PageKind::Editions => editions(make, context),
        PageKind::Edition(i) => edition(make, context, *i),
        PageKind::NotFound => not_found(make, context),
        PageKind::Redirect(i) => redirect(make, context, *i),
    }
}

/// A page's template and the values it is rendered with, as JSON for tera, and, when asked for,
/// the hash of its views ([`super::view_hash`]): a page whose views and templates did not change
/// since the last build need not be rendered again, and telling so needs no JSON at all.
#[derive(Default)]
pub struct PageContext {
    pub template: &'static str,
    /// `None` when only the hash is wanted.
    values: Option<serde_json::Map<String, serde_json::Value>>,
    /// `None` when no hash is wanted, or a view could not be hashed.
    hasher: Option<xxhash_rust::xxh3::Xxh3>,
}

impl PageContext {
    /// A context that keeps the `values` (to render) and/or the `hash` of the views.
    pub(super) fn new(values: bool, hash: bool) -> Self {
        PageContext {
            template: "",
            values: values.then(serde_json::Map::new),
            hasher: hash.then(xxhash_rust::xxh3::Xxh3::new),
        }
    }

    pub(super) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if let Some(hasher) = &mut self.hasher {
            crate::digest::feed(hasher, key.as_bytes());
            if super::view_hash::hash(hasher, value).is_err() {
                self.hasher = None;
            }
        }
        if let Some(values) = &mut self.values {
            // Views are plain data: serialising them cannot fail.
            let value = serde_json::to_value(value).expect("views serialise");
            values.insert(key.to_string(), value);
        }
    }

    /// The page's own view, as `page`.
    fn page(&mut self, view: PageView) {
        self.insert("page", &view);
    }

    /// The hash of the template, the views and `templates` (the hash of the template set); `None`
    /// when the context was made without hashing.
    pub(super) fn fingerprint(&self, templates: &str) -> Option<String> {
        let mut hasher = self.hasher.clone()?;
        crate::digest::feed(&mut hasher, templates.as_bytes());
        crate::digest::feed(&mut hasher, self.template.as_bytes());
        Some(format!("{:032x}", hasher.digest128()))
    }

    /// The tera context, without copying the values.
    pub fn into_tera(self) -> Context {
        let values = self.values.unwrap_or_default();
        Context::from_value(serde_json::Value::Object(values)).expect("an object")
    }
}
