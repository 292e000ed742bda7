//! The checks over the site's data rather than its HTML: stories without a rated source or without
//! articles, articles dated in the future, sources nothing uses, feeds that stopped succeeding, and
//! two files at one URL. Each names the input file and, where it can find it, the line.

use super::{Problem, ProblemKind};
use crate::error::display_path;
use crate::model::Timestamp;
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// Every data check over `site`, with `now` for dates.
pub fn check(site: &Site, now: Timestamp) -> Vec<Problem> {
    let mut out = stories(site, now);
    out.extend(sources(site));
    out.extend(feeds(site, now));
    out
}

fn stories(site: &Site, now: Timestamp) -> Vec<Problem> {
    let root = &site.config.paths.root;
    let mut out = Vec::new();
    for story in &site.stories {
        let file = display_path(&story.file);
        if story.articles.is_empty() {
            out.push(Problem::new(
                ProblemKind::NoArticles,
                file.clone(),
                "no article of this story resolved: it shows no coverage; list its articles under `articles:`",
            ));
            continue;
        }
        let rated = story.articles.iter().any(|a| {
            site.sources
                .get(&a.source)
                .is_some_and(|s| s.bias.is_some())
        });
        if !rated {
            out.push(Problem::new(
                ProblemKind::UnratedStory,
                file.clone(),
                "none of its sources has a bias rating, so it has no bias distribution: rate them in content/sources.yaml (`bias:`)",
            ));
        }
        for article in story.articles.iter().filter(|a| a.published > now) {
            out.push(Problem::new(
                ProblemKind::FutureArticle,
                place(root, &story.file, &article.url),
                format!(
                    "article `{}` is dated {}, in the future: check its `published:` date and time zone",
                    article.url,
                    article.published.format("%Y-%m-%d %H:%M UTC")
                ),
            ));
        }
    }
    out
}

/// Sources with no feed that no story cites.
fn sources(site: &Site) -> Vec<Problem> {
    let registry = &site.config.paths.sources;
    site.sources
        .all()
        .iter()
        .enumerate()
        .filter(|(i, s)| s.feeds.is_empty() && site.source_stories.get(*i).is_none_or(Vec::is_empty))
        .map(|(_, source)| {
            Problem::new(
                ProblemKind::UnusedSource,
                place(&site.config.paths.root, registry, &format!("id: {}", source.id)),
                format!(
                    "source `{}` has no feed and no story cites it: give it `feeds:`, cite it in a story, or remove it",
                    source.id
                ),
            )
        })
        .collect()
}

/// Remote feeds fetched before whose last success is older than `check.stale_feed_days` (or
/// that never succeeded, or were given up as gone).
fn feeds(site: &Site, now: Timestamp) -> Vec<Problem> {
    let days = i64::from(site.config.check.stale_feed_days);
    let registry = &site.config.paths.sources;
    let mut out = Vec::new();
    for source in site.sources.all() {
        for feed in source.feeds.iter().filter(|f| crate::fetch::is_remote(f)) {
            let Some(state) = site.feeds.states.get(feed) else {
                continue;
            };
            let why = match state.last_success {
                _ if state.dead => "it is marked dead (gone)".to_string(),
                None => "it has never been fetched successfully".to_string(),
                Some(when) if (now - when).num_days() >= days => {
                    format!(
                        "its last successful fetch was on {}",
                        when.format("%Y-%m-%d")
                    )
                }
                Some(_) => continue,
            };
            let last_error = state
                .last_error
                .as_ref()
                .map(|e| format!(" (last error: {e})"))
                .unwrap_or_default();
            out.push(Problem::new(
                ProblemKind::StaleFeed,
                place(&site.config.paths.root, registry, feed),
                format!(
                    "feed `{feed}` of `{}`: {why}{last_error}; fix or remove its URL (`check.stale_feed_days`: {days})",
                    source.id
                ),
            ));
        }
    }
    out
}

/// Output paths made more than once, each with what makes it.
pub fn duplicates(made: &[(String, &'static str)]) -> Vec<Problem> {
    let mut by_path: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (path, what) in made {
        by_path.entry(path).or_default().push(what);
    }
    by_path
        .into_iter()
        .filter(|(_, makers)| makers.len() > 1)
        .map(|(path, makers)| {
            Problem::new(
                ProblemKind::DuplicateUrl,
                path,
                format!(
                    "{} files are made at this URL ({}); only one is published: rename or remove the others",
                    makers.len(),
                    makers.join(", ")
                ),
            )
        })
        .collect()
}

/// `file:line` of the first line of `file` (under `root`) holding `needle`, else the file alone.
fn place(root: &Path, file: &Path, needle: &str) -> String {
    let path = match file.starts_with(root) {
        true => file.to_path_buf(),
        false => root.join(file),
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let shown = display_path(file.strip_prefix(root).unwrap_or(file));
    match text.lines().position(|line| line.contains(needle)) {
        Some(i) => format!("{shown}:{}", i + 1),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_made_twice_is_reported_once_with_its_makers() {
        let made = [
            ("a/index.html".to_string(), "page"),
            ("b.css".to_string(), "static file"),
            ("a/index.html".to_string(), "static file"),
        ];
        let found = duplicates(&made);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place, "a/index.html");
        assert!(found[0].message.contains("page, static file"));
    }
}
