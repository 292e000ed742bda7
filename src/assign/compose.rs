//! The build's side of clustering, pure: the stored assignment, the archive and the editors'
//! stories in; the site's stories and the redirects of story URLs out.
//!
//! - An editor's story absorbs the automatic stories that share its pinned articles (each goes to
//!   the editor's story sharing the most), and those its `merge:` names: one page, with the
//!   editor's title, body and insights, and the automatic stories' other articles added, except
//!   those its `exclude:` names. `cluster: false` turns the sharing rule off.
//! - Any other automatic story gets a page when at least `min_sources` distinct sources covered it.
//! - Every stored story URL that is not a page of its own (merged into another story, absorbed by
//!   an editor's) becomes a redirect to the page that now holds its articles, so no published URL
//!   breaks. A story URL that leads to no page (a story that never reached `min_sources`) gets none.

use super::StoredStory;
use crate::archive::{Archived, Record};
use crate::cluster::ClusterConfig;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::stories::from_location;
use crate::model::{Article, Origin, Sources, Story, Topic};
use crate::normalise::{article_kind, canonical_url, dateline, slugify};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// Topics an automatic story takes from its defining terms.
const AUTO_TOPICS: usize = 3;

/// The stories of a build and the redirects of story URLs.
#[derive(Debug)]
pub struct Composed {
    /// The editors' stories (with what they absorbed), then the automatic stories with a page.
    pub stories: Vec<Story>,
    /// `(from slug, to slug)`: story URLs that lead to another story's page, sorted.
    pub redirects: Vec<(String, String)>,
}

/// The inputs of [`compose`].
pub struct Input<'a> {
    pub editor: Vec<Story>,
    pub stored: &'a [StoredStory],
    /// The assignment file each stored story is in, for messages and `Story::file`.
    pub files: &'a [PathBuf],
    pub archived: &'a Archived,
    pub sources: &'a Sources,
    /// The `cluster:` settings: `min_sources`, and what counts as a wire copy.
    pub config: &'a ClusterConfig,
}

/// Composes the stories of a build; see the module docs.
pub fn compose(mut input: Input) -> Result<Composed> {
    let index = Index::new(input.stored);
    let absorbed = absorb(&input, &index)?;
    // The live stories each editor's story absorbs, grouped once (not searched per story).
    let mut lives_of: Vec<Vec<usize>> = vec![Vec::new(); input.editor.len()];
    for (&live, &e) in &absorbed {
        lives_of[e].push(live);
    }
    let mut stories = std::mem::take(&mut input.editor);
    let editors = stories.len();
    for (story, lives) in stories.iter_mut().zip(&mut lives_of) {
        lives.sort_unstable();
        let members: Vec<usize> = lives
            .iter()
            .flat_map(|&live| input.stored[live].members.iter())
            .filter_map(|id| input.archived.index_of(id))
            .collect();
        add_articles(story, &members, input.archived);
    }
    let mut pages: HashMap<usize, String> = absorbed
        .iter()
        .map(|(&live, &e)| (live, stories[e].slug.clone()))
        .collect();
    for (i, stored) in input.stored.iter().enumerate() {
        if stored.merged_into.is_some() || absorbed.contains_key(&i) {
            continue;
        }
        let records = records(stored, input.archived);
        if distinct_sources(&records) >= input.config.min_sources.max(1) {
            stories.push(auto_story(
                stored,
                &records,
                input.files[i].clone(),
                input.sources,
            ));
            pages.insert(i, stored.slug.clone());
        }
    }
    let redirects = redirects(&input, &stories[..editors], &index, &pages, &absorbed)?;
    // The editors' stories came with their wire copies (`load`); those that absorbed articles
    // here, and the automatic stories, are looked at now.
    let config = input.config;
    stories
        .par_iter_mut()
        .enumerate()
        .filter(|(i, _)| lives_of.get(*i).is_none_or(|lives| !lives.is_empty()))
        .for_each(|(_, story)| {
            story.syndication = crate::cluster::wire_copies(&story.articles, config)
        });
    Ok(Composed { stories, redirects })
}

/// Lookups over the stored stories.
struct Index {
    by_id: HashMap<String, usize>,
    by_slug: HashMap<String, usize>,
    /// The live story each archived record belongs to.
    story_of: HashMap<String, usize>,
}

impl Index {
    fn new(stored: &[StoredStory]) -> Index {
        let mut index = Index {
            by_id: HashMap::new(),
            by_slug: HashMap::new(),
            story_of: HashMap::new(),
        };
        for (i, s) in stored.iter().enumerate() {
            index.by_id.insert(s.id.clone(), i);
            index.by_slug.insert(s.slug.clone(), i);
            for member in &s.members {
                index.story_of.insert(member.clone(), i);
            }
        }
        index
    }

    /// The live story a stored story ends in, following `merged_into` (`None` for a broken or
    /// circular chain).
    fn live(&self, stored: &[StoredStory], mut i: usize) -> Option<usize> {
        let mut seen = HashSet::new();
        while let Some(next) = &stored[i].merged_into {
            if !seen.insert(i) {
                return None;
            }
            i = *self.by_id.get(next)?;
        }
        Some(i)
    }
}

/// Which editor's story absorbs each live automatic story: named by `merge:` first, else the one
/// sharing the most pinned articles (ties: the smaller slug).
fn absorb(input: &Input, index: &Index) -> Result<HashMap<usize, usize>> {
    let mut absorbed: HashMap<usize, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (e, story) in input.editor.iter().enumerate() {
        for (k, slug) in story.controls.merge.iter().enumerate() {
            match index
                .by_slug
                .get(slug)
                .and_then(|&i| index.live(input.stored, i))
            {
                Some(live) => {
                    absorbed.entry(live).or_insert(e);
                }
                None => errors.push(merge_error(story, k, slug)),
            }
        }
    }
    // Each pinned article's live story (its URL made canonical to be found: the costly part, on
    // every core); none to find when nothing is stored.
    let pinned: Vec<(usize, usize)> = if index.story_of.is_empty() {
        Vec::new()
    } else {
        input
            .editor
            .par_iter()
            .enumerate()
            .filter(|(_, story)| story.controls.absorb)
            .flat_map_iter(|(e, story)| {
                story.articles.iter().filter_map(move |article| {
                    let record = input.archived.find(&article.url)?;
                    Some((*index.story_of.get(&record.id)?, e))
                })
            })
            .collect()
    };
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for pair in pinned {
        *shared.entry(pair).or_default() += 1;
    }
    let mut best: HashMap<usize, (usize, usize)> = HashMap::new();
    for (&(live, e), &n) in &shared {
        let better = |&(m, other): &(usize, usize)| {
            n > m || (n == m && input.editor[e].slug < input.editor[other].slug)
        };
        if best.get(&live).is_none_or(better) {
            best.insert(live, (n, e));
        }
    }
    for (live, (_, e)) in best {
        absorbed.entry(live).or_insert(e);
    }
    match Error::merge(errors) {
        Some(e) => Err(e),
        None => Ok(absorbed),
    }
}

fn merge_error(story: &Story, k: usize, slug: &str) -> Error {
    Error::input(
        Diagnostic::new(
            Location::file(&story.file),
            format!("`{slug}` is not the slug of an automatic story"),
        )
        .field(format!("merge[{k}]"))
        .help("`merge:` takes slugs from content/clusters/ (the automatic stories' URLs)"),
    )
}

/// Adds the records at `members` to an editor's story: not twice, not those it excludes.
fn add_articles(story: &mut Story, members: &[usize], archived: &Archived) {
    let mut have: HashSet<String> = story
        .articles
        .iter()
        .filter_map(|a| canonical_url(&a.url, None))
        .collect();
    have.extend(story.controls.exclude.iter().cloned());
    let mut added = false;
    for &m in members {
        let record = &archived.records[m];
        if let Some(article) = article(record)
            && have.insert(record.url.clone().unwrap_or_default())
        {
            story.articles.push(article);
            added = true;
        }
    }
    if added {
        story.articles.sort_by(|a, b| {
            (a.published, &a.source, &a.url).cmp(&(b.published, &b.source, &b.url))
        });
    }
}

/// The archived records of a stored story's members (ids the archive lacks are passed over).
fn records<'a>(stored: &StoredStory, archived: &'a Archived) -> Vec<&'a Record> {
    stored
        .members
        .iter()
        .filter_map(|id| archived.index_of(id))
        .map(|i| &archived.records[i])
        .collect()
}

fn distinct_sources(records: &[&Record]) -> usize {
    records
        .iter()
        .filter(|r| r.url.is_some() && !r.title.is_empty())
        .map(|r| r.source.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

/// An archived record as a story's article; `None` without a link or a title.
fn article(record: &Record) -> Option<Article> {
    let url = record.url.clone()?;
    if record.title.is_empty() {
        return None;
    }
    let kind = article_kind(Some(&url), &record.title, &record.categories);
    Some(Article {
        source: record.source.clone(),
        url,
        title: record.title.clone(),
        published: record.published,
        excerpt: record.summary.clone(),
        dateline: record.summary.as_deref().and_then(dateline),
        kind,
    })
}

/// The page of an automatic story: its lead's headline and summary, its articles, its place from
/// the datelines, its topics from its terms.
fn auto_story(
    stored: &StoredStory,
    records: &[&Record],
    file: PathBuf,
    sources: &Sources,
) -> Story {
    let mut articles: Vec<Article> = records.iter().filter_map(|r| article(r)).collect();
    articles
        .sort_by(|a, b| (a.published, &a.source, &a.url).cmp(&(b.published, &b.source, &b.url)));
    let lead = records
        .iter()
        .find(|r| Some(&r.id) == stored.lead.as_ref() && r.url.is_some())
        .or_else(|| records.iter().find(|r| r.url.is_some()))
        .copied();
    let location = lead
        .and_then(|r| r.summary.as_deref().and_then(dateline))
        .or_else(|| most_common(articles.iter().filter_map(|a| a.dateline.clone())));
    let (country, region) = from_location(sources, location.as_deref(), None);
    let mut story = Story {
        slug: stored.slug.clone(),
        title: lead.map(|r| r.title.clone()).unwrap_or_default(),
        date: articles.first().map_or(stored.created, |a| a.published),
        updated: None,
        topics: topics(&stored.terms),
        location,
        country,
        region,
        insights: Vec::new(),
        draft: false,
        body_html: String::new(),
        summary: lead.and_then(|r| r.summary.clone()).unwrap_or_default(),
        articles,
        syndication: Vec::new(),
        file,
        origin: Origin::Auto {
            id: stored.id.clone(),
            terms: stored.terms.clone(),
        },
        controls: Default::default(),
    };
    story.controls.absorb = false;
    story
}

/// Topics from an automatic story's terms: names (capitalised words of three letters or more),
/// not numbers, common words, or the days and months its articles were dated with.
fn topics(terms: &[String]) -> Vec<Topic> {
    let mut seen = HashSet::new();
    terms
        .iter()
        .filter(|term| is_name(term))
        .filter_map(|term| {
            let slug = slugify(term);
            (!slug.is_empty() && seen.insert(slug.clone())).then(|| Topic {
                slug,
                name: term.clone(),
            })
        })
        .take(AUTO_TOPICS)
        .collect()
}

/// Days and months, which articles share without being about the same thing.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_name(term: &str) -> bool {
    let mut chars = term.chars();
    chars.next().is_some_and(char::is_uppercase)
        && term.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && term
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !CALENDAR.contains(&term.to_lowercase().as_str())
}

/// The most frequent item (ties: the smallest).
fn most_common(items: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, na), (b, nb)| na.cmp(nb).then(b.cmp(a)))
        .map(|(item, _)| item)
}

/// Every stored story URL that leads to another page. An editor's slug that is also a stored
/// story's is an error, unless that story is the one the editor's story absorbed (the editor's
/// page then takes its URL over).
fn redirects(
    input: &Input,
    editor: &[Story],
    index: &Index,
    pages: &HashMap<usize, String>,
    absorbed: &HashMap<usize, usize>,
) -> Result<Vec<(String, String)>> {
    let editor_slugs: HashMap<&str, usize> = editor
        .iter()
        .enumerate()
        .map(|(e, s)| (s.slug.as_str(), e))
        .collect();
    let mut redirects = BTreeSet::new();
    let mut errors = Vec::new();
    for (i, stored) in input.stored.iter().enumerate() {
        let live = index.live(input.stored, i);
        let page = live.and_then(|live| pages.get(&live));
        if let Some(&e) = editor_slugs.get(stored.slug.as_str()) {
            if live.and_then(|live| absorbed.get(&live)) != Some(&e) {
                errors.push(slug_taken_error(&editor[e], &input.files[i]));
            }
            continue;
        }
        if let Some(page) = page.filter(|p| **p != stored.slug) {
            redirects.insert((stored.slug.clone(), page.clone()));
        }
    }
    match Error::merge(errors) {
        Some(e) => Err(e),
        None => Ok(redirects.into_iter().collect()),
    }
}

fn slug_taken_error(editor: &Story, file: &std::path::Path) -> Error {
    Error::input(
        Diagnostic::new(
            Location::file(&editor.file),
            format!(
                "slug `{}` is already the permanent URL of an automatic story (in `{}`)",
                editor.slug,
                file.display()
            ),
        )
        .field("slug")
        .help(format!(
            "give this story another `slug:`, or add `merge: [{}]` to make that story part of this one",
            editor.slug
        )),
    )
}

#[cfg(test)]
mod tests;
