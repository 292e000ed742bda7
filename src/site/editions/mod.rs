//! Newsletter editions as the site shows them: the written ones with their stories found, and one
//! generated edition per period (daily or weekly, from the `editions:` config) that has stories and
//! no written edition, newest first.

mod config;
pub mod period;

pub use config::{EditionRules, RawEditions};

use crate::coverage::Coverage;
use crate::error::{Diagnostic, Error, Result};
use crate::model::{Cadence, Edition, Story, StoryRef};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// An edition with its place in the site.
#[derive(Debug, Clone)]
pub struct EditionEntry {
    pub edition: Edition,
    /// Its page, `editions/<yyyy>/<mm>/<dd>/` (see `permalink::edition`).
    pub path: String,
    /// The stories it shows, in its order (indices into `Site::stories`).
    pub stories: Vec<usize>,
    /// For a generated edition, the period's blindspots that are not among `stories`.
    pub blindspots: Vec<usize>,
    /// For a generated edition, the first day of its period.
    pub period_start: Option<NaiveDate>,
}

impl EditionEntry {
    /// Whether parallax made it from the `editions:` config (no file).
    pub fn generated(&self) -> bool {
        self.edition.file.is_none()
    }
}

/// Checks that every story the written editions list is a story of the site, following the URLs
/// of merged stories (`redirects`: from slug, to slug). A story that is a draft (in `drafts`, not
/// built) is left out of the edition; any other unknown slug is an error naming the file and line.
pub fn resolve(
    editions: Vec<Edition>,
    stories: &[Story],
    redirects: &[(String, String)],
    drafts: &HashSet<String>,
) -> Result<Vec<Edition>> {
    let known: HashSet<&str> = stories.iter().map(|s| s.slug.as_str()).collect();
    let moved: HashMap<&str, &str> = redirects
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let mut problems = Vec::new();
    let resolved = editions
        .into_iter()
        .map(|mut edition| {
            let refs = std::mem::take(&mut edition.stories);
            edition.stories = refs
                .into_iter()
                .filter_map(|r| follow(r, &known, &moved, drafts, &mut problems))
                .collect();
            edition
        })
        .collect();
    match problems.is_empty() {
        true => Ok(resolved),
        false => Err(Error::Input(problems)),
    }
}

/// One listed story, by its current slug; `None` for a draft or an unknown slug (then a problem).
fn follow(
    r: StoryRef,
    known: &HashSet<&str>,
    moved: &HashMap<&str, &str>,
    drafts: &HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<StoryRef> {
    if known.contains(r.slug.as_str()) {
        return Some(r);
    }
    if let Some(to) = moved.get(r.slug.as_str()) {
        return Some(StoryRef {
            slug: to.to_string(),
            ..r
        });
    }
    if drafts.contains(&r.slug) {
        return None;
    }
    let help = match closest(&r.slug, known) {
        Some(near) => format!("did you mean `{near}`? List the slug of a story in content/stories/ or of an automatic story"),
        None => "list the slug of a story in content/stories/ (its `slug:` or file name) or of an automatic story".into(),
    };
    problems.push(
        Diagnostic::new(r.location, format!("no story has the slug `{}`", r.slug))
            .field("stories")
            .help(help),
    );
    None
}

/// The known slug nearest to `slug`, if one is near enough to be a typo of it (the smallest in
/// string order among equals, so that the message does not depend on hashing).
fn closest<'a>(slug: &str, known: &HashSet<&'a str>) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(k, slug), *k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// Every edition of the site, newest first: the written ones, and the generated ones of the
/// periods without a written edition.
pub fn lay_out(
    rules: &EditionRules,
    written: Vec<Edition>,
    stories: &[Story],
    coverage: &[Coverage],
) -> Vec<EditionEntry> {
    let by_slug: HashMap<&str, usize> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), i))
        .collect();
    let mut entries: Vec<EditionEntry> = Vec::with_capacity(written.len());
    let mut taken = HashSet::new();
    for edition in written {
        if let Some(cadence) = rules.cadence {
            taken.insert(period::edition_day(edition.date, cadence, rules.timezone));
        }
        let listed = edition
            .stories
            .iter()
            .filter_map(|r| by_slug.get(r.slug.as_str()).copied());
        let mut seen = HashSet::new();
        let listed: Vec<usize> = listed.filter(|i| seen.insert(*i)).collect();
        entries.push(EditionEntry {
            path: crate::site::permalink::edition(edition.day),
            edition,
            stories: listed,
            blindspots: Vec::new(),
            period_start: None,
        });
    }
    if let Some(cadence) = rules.cadence {
        entries.extend(generated(rules, cadence, stories, coverage, &taken));
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.edition.day));
    entries
}

/// The generated editions: one per period with stories, except the `taken` ones.
fn generated(
    rules: &EditionRules,
    cadence: Cadence,
    stories: &[Story],
    coverage: &[Coverage],
    taken: &HashSet<NaiveDate>,
) -> Vec<EditionEntry> {
    let mut periods: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for (i, story) in stories.iter().enumerate() {
        let day = period::edition_day(story.date, cadence, rules.timezone);
        if rules.since.is_none_or(|since| day >= since) && !taken.contains(&day) {
            periods.entry(day).or_default().push(i);
        }
    }
    periods
        .into_iter()
        .map(|(day, mut members)| {
            // The most distinct sources first; among equals, the site's order (newest first).
            members.sort_by_key(|&i| (std::cmp::Reverse(coverage[i].total()), i));
            let top: Vec<usize> = members.iter().copied().take(rules.stories).collect();
            let blindspots: Vec<usize> = members
                .iter()
                .copied()
                .filter(|i| !top.contains(i) && coverage[*i].blindspot.is_some())
                .take(rules.stories)
                .collect();
            let first = period::first_day(day, cadence);
            let spotted = blindspots.len()
                + top
                    .iter()
                    .filter(|&&i| coverage[i].blindspot.is_some())
                    .count();
            EditionEntry {
                edition: generated_edition(day, first, cadence, rules, top.len(), spotted),
                path: crate::site::permalink::edition(day),
                stories: top,
                blindspots,
                period_start: Some(first),
            }
        })
        .collect()
}

/// The edition parallax writes for the period `first ..= day`.
fn generated_edition(
    day: NaiveDate,
    first: NaiveDate,
    cadence: Cadence,
    rules: &EditionRules,
    shown: usize,
    blindspots: usize,
) -> Edition {
    let (title, span) = match cadence {
        Cadence::Daily => (day.format("%A, %B %-d, %Y").to_string(), "day".to_string()),
        Cadence::Weekly(_) => {
            let label = days_label(first, day);
            (format!("Week of {label}"), format!("week of {label}"))
        }
    };
    let stories = match shown {
        1 => "The most-covered story".to_string(),
        n => format!("The {n} most-covered stories"),
    };
    let spots = match blindspots {
        0 => String::new(),
        1 => ", and the one blindspot".into(),
        n => format!(", and its {n} blindspots"),
    };
    Edition {
        day,
        date: period::end_of(day, rules.timezone),
        number: None,
        title,
        summary: format!(
            "{stories} of the {span}{spots}: who covered each, and which side did not."
        ),
        body_html: String::new(),
        body_markdown: String::new(),
        stories: Vec::new(),
        links: Vec::new(),
        draft: false,
        original: None,
        file: None,
    }
}

/// `February 1 – 7, 2026`, `January 31 – February 6, 2026`, `December 27, 2025 – January 2, 2026`.
pub fn days_label(first: NaiveDate, last: NaiveDate) -> String {
    if first.year() != last.year() {
        format!(
            "{} – {}",
            first.format("%B %-d, %Y"),
            last.format("%B %-d, %Y")
        )
    } else if first.month() != last.month() {
        format!("{} – {}", first.format("%B %-d"), last.format("%B %-d, %Y"))
    } else {
        format!("{} – {}", first.format("%B %-d"), last.format("%-d, %Y"))
    }
}

#[cfg(test)]
mod tests;
