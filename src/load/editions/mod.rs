//! Edition files, `content/editions/**/*.md`: YAML front matter (date, number, title, the stories
//! and links it lists) and a Markdown intro. Parsing is pure; `load` reads the files and checks
//! what spans them: two editions with one number, or on one day.

use crate::config::Config;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::yaml::YamlDoc;
use crate::model::{Edition, EditionLink, Sources, StoryRef};
use crate::normalise::{DATE_FORMS, canonical_url, is_slug, parse_date};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    title: String,
    /// RFC 3339, a local time or a plain date, read in the editions' time zone.
    date: String,
    #[serde(default)]
    number: Option<u32>,
    /// One or two sentences for lists and feeds; default: the intro's first paragraph.
    #[serde(default)]
    summary: Option<String>,
    /// Slugs of the site's stories it features, in order.
    #[serde(default)]
    stories: Vec<String>,
    #[serde(default)]
    links: Vec<RawLink>,
    #[serde(default)]
    draft: bool,
    /// Where the issue was first published (`import-newsletter` sets it).
    #[serde(default)]
    original: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    url: String,
    title: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// Reads every edition file of the site, oldest first; all problems of all files at once.
pub fn load(config: &Config, sources: &Sources) -> Result<Vec<Edition>> {
    let files = super::story_files(&config.paths.editions, &config.paths.root)?;
    let tz = config.editions.timezone;
    let mut editions = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for path in &files {
        let parsed = super::read_story_text(path, config.limits.story_bytes())
            .and_then(|text| parse(path, &text, sources, tz));
        match parsed {
            Ok(mut edition) => {
                edition.file = Some(
                    path.strip_prefix(&config.paths.root)
                        .unwrap_or(path)
                        .to_path_buf(),
                );
                editions.push((path.clone(), edition));
            }
            Err(e) => errors.push(e),
        }
    }
    errors.extend(duplicates(&editions).into_iter().map(Error::input));
    if let Some(e) = Error::merge(errors) {
        return Err(e);
    }
    let mut editions: Vec<Edition> = editions.into_iter().map(|(_, e)| e).collect();
    editions.sort_by_key(|e| e.day);
    Ok(editions)
}

/// Two editions with one number, or on one day (one URL): each second one is a problem.
fn duplicates(editions: &[(PathBuf, Edition)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut numbers: HashMap<u32, &Path> = HashMap::new();
    let mut days: HashMap<chrono::NaiveDate, &Path> = HashMap::new();
    for (path, edition) in editions {
        let shown = edition.file.as_deref().unwrap_or(path);
        let locate = |field: &str| field_location(path, field);
        if let Some(n) = edition.number
            && let Some(first) = numbers.insert(n, shown)
        {
            problems.push(
                Diagnostic::new(
                    locate("number"),
                    format!(
                        "edition number {n} is already used by `{}`",
                        first.display()
                    ),
                )
                .field("number")
                .help("give each edition its own number"),
            );
        }
        if let Some(first) = days.insert(edition.day, shown) {
            problems.push(
                Diagnostic::new(locate("date"), format!("`{}` is already an edition of {} (one edition a day: its URL is /editions/{}/)", first.display(), edition.day, edition.day.format("%Y/%m/%d")))
                    .field("date")
                    .help("date one of the two editions on another day, or merge them"),
            );
        }
    }
    problems
}

/// Where `field` is written in the edition file at `path` (re-read: only for errors).
fn field_location(path: &Path, field: &str) -> Location {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match super::stories::split_front_matter(&text) {
        Some((front, offset, _)) => YamlDoc::unparsed(path, front, offset).locate(field),
        None => Location::file(path),
    }
}

/// Parses one edition file; `path` is for messages and story locations. Its day is its date's in `tz`.
pub fn parse(path: &Path, text: &str, sources: &Sources, tz: Tz) -> Result<Edition> {
    let (front, offset, body) = super::stories::split_front_matter(text).ok_or_else(|| {
        Error::input(
            Diagnostic::new(Location::at(path, 1, 1), "no front matter")
                .help("start the file with a `---` line, the YAML fields (title, date...), and a closing `---` line"),
        )
    })?;
    let (raw, doc) = YamlDoc::parse::<RawEdition>(path, front, offset)?;
    let mut problems = Vec::new();
    let edition = edition(&doc, raw, body, sources, tz, &mut problems);
    match edition {
        Some(e) if problems.is_empty() => Ok(e),
        _ => Err(Error::Input(problems)),
    }
}

fn edition(
    doc: &YamlDoc,
    raw: RawEdition,
    body: &str,
    sources: &Sources,
    tz: Tz,
    problems: &mut Vec<Diagnostic>,
) -> Option<Edition> {
    let RawEdition {
        title,
        date,
        number,
        summary,
        stories,
        links,
        draft,
        original,
    } = raw;
    if title.trim().is_empty() {
        problems.push(
            doc.error("title", "the title is empty")
                .help("give the edition a title"),
        );
    }
    let date = parse_date(&date, tz).or_else(|| {
        problems.push(
            doc.error("date", format!("invalid date `{date}`"))
                .help(format!("use {DATE_FORMS}")),
        );
        None
    });
    let stories = story_refs(doc, stories, problems);
    let links = links
        .into_iter()
        .enumerate()
        .filter_map(|(i, l)| link(doc, i, l, sources, problems))
        .collect();
    let original = original.and_then(|url| {
        canonical_url(&url, None).or_else(|| {
            problems.push(
                doc.error(
                    "original",
                    format!("`{url}` is not an absolute http(s) URL"),
                )
                .help("give the address where the issue was first published"),
            );
            None
        })
    });
    let summary = match summary {
        Some(s) => crate::normalise::collapse_whitespace(&s),
        None => crate::normalise::truncate(&crate::markdown::first_paragraph_text(body), 280),
    };
    let date = date?;
    Some(Edition {
        day: date.with_timezone(&tz).date_naive(),
        date,
        number,
        title: title.trim().to_string(),
        summary,
        body_html: crate::markdown::to_html(body),
        body_markdown: body.trim().to_string(),
        stories,
        links,
        draft,
        original,
        file: None,
    })
}

/// The listed story slugs with their lines; a slug that cannot be one is a problem.
fn story_refs(doc: &YamlDoc, slugs: Vec<String>, problems: &mut Vec<Diagnostic>) -> Vec<StoryRef> {
    slugs
        .into_iter()
        .enumerate()
        .filter_map(|(i, slug)| {
            let field = format!("stories[{i}]");
            let slug = slug
                .trim()
                .trim_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            if !is_slug(&slug) {
                problems.push(
                    doc.error(&field, format!("`{slug}` is not a story slug"))
                        .help("list stories by slug, e.g. `japan-south-korea-defence-cooperation`"),
                );
                return None;
            }
            Some(StoryRef {
                slug,
                location: doc.locate(&field),
            })
        })
        .collect()
}

/// One `links:` item, checked: an absolute URL, a title, a registered source.
fn link(
    doc: &YamlDoc,
    i: usize,
    raw: RawLink,
    sources: &Sources,
    problems: &mut Vec<Diagnostic>,
) -> Option<EditionLink> {
    let RawLink {
        url,
        title,
        source,
        note,
    } = raw;
    let field = |name: &str| format!("links[{i}].{name}");
    let url = canonical_url(&url, None).or_else(|| {
        problems.push(
            doc.error(
                &field("url"),
                format!("`{url}` is not an absolute http(s) URL"),
            )
            .help("give the full address, starting with https://"),
        );
        None
    });
    if title.trim().is_empty() {
        problems.push(
            doc.error(&field("title"), "the title is empty")
                .help("give the link a title"),
        );
    }
    let source = source.filter(|s| !s.trim().is_empty()).and_then(|id| {
        if sources.get(&id).is_some() {
            return Some(id);
        }
        let help = match super::sources::suggest_id(sources, &id) {
            Some(near) => format!(
                "did you mean `{near}`? Use an id from content/sources.yaml, or leave `source` out"
            ),
            None => "use an id from content/sources.yaml, or leave `source` out".into(),
        };
        problems.push(
            doc.error(&field("source"), format!("unknown source `{id}`"))
                .help(help),
        );
        None
    });
    Some(EditionLink {
        url: url?,
        title: crate::normalise::collapse_whitespace(&title),
        source,
        note: note
            .map(|n| crate::normalise::collapse_whitespace(&n))
            .filter(|n| !n.is_empty()),
    })
}

#[cfg(test)]
mod tests;
