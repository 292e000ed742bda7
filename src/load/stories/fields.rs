//! A story file's own fields: place, slug, dates, topics and the clustering controls. Each reader
//! pushes what is wrong to `problems` (with the field's line) and returns what it could read, so one
//! run reports every problem of a file.

use super::Context;
use crate::error::Diagnostic;
use crate::model::{ClusterControls, Country, Sources, Timestamp, Topic};
use crate::normalise::{DATE_FORMS, canonical_url, is_slug, parse_date, slugify};
use std::collections::HashSet;

/// Where a story happened.
pub struct Place {
    pub location: Option<String>,
    pub country: Option<Country>,
    pub region: Option<String>,
}

/// The place from `location`, `country` and `region`. Without explicit fields they are read from
/// `location`: "Halls Gap, Victoria, Australia", or "Marysville, Ohio" (a region the registry's
/// sources name, so its country is known; it wins over a country of the same name, Georgia).
pub fn place(
    cx: &Context,
    location: Option<String>,
    country: Option<String>,
    region: Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> Place {
    let location = location
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let country = country.and_then(|code| {
        Country::parse(&code).or_else(|| {
            problems.push(
                cx.doc.error("country", format!("`{code}` is not an ISO 3166-1 alpha-2 country code"))
                    .help("use two letters, e.g. US, GB, IN, KR; or leave it out to read it from `location`"),
            );
            None
        })
    });
    let (country, region) = match country {
        Some(c) => (Some(c), region),
        None => from_location(cx.sources, location.as_deref(), region),
    };
    Place {
        location,
        country,
        region: region
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
    }
}

/// Country and region read from the end of a location.
pub fn from_location(
    sources: &Sources,
    location: Option<&str>,
    region: Option<String>,
) -> (Option<Country>, Option<String>) {
    let parts: Vec<&str> = location
        .map(|l| l.split(',').map(str::trim).collect())
        .unwrap_or_default();
    match parts.as_slice() {
        [_, .., last] if sources.country_of_region(last).is_some() => (
            sources.country_of_region(last),
            region.or_else(|| Some(last.to_string())),
        ),
        [.., middle, last] if Country::from_name(last).is_some() => (
            Country::from_name(last),
            region.or_else(|| (parts.len() > 2).then(|| middle.to_string())),
        ),
        [last] => (Country::from_name(last), region),
        _ => (None, region),
    }
}

/// The slug: given (and checked), or made from the file name.
pub fn slug(cx: &Context, slug: Option<String>, problems: &mut Vec<Diagnostic>) -> String {
    match slug {
        Some(slug) if is_slug(&slug) => slug,
        Some(slug) => {
            problems.push(
                cx.doc
                    .error("slug", format!("`{slug}` is not a valid slug"))
                    .help(format!(
                        "use {}, e.g. `{}`",
                        crate::normalise::SLUG_RULES,
                        slugify(&slug)
                    )),
            );
            String::new()
        }
        None => {
            let stem = cx
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let slug = slugify(stem);
            if slug.is_empty() {
                problems.push(
                    Diagnostic::new(
                        crate::error::Location::file(cx.path),
                        "cannot make a slug from the file name",
                    )
                    .help("add a `slug:` field"),
                );
            }
            slug
        }
    }
}

/// A date field, read in the site's time zone when it has no offset.
pub fn date(
    cx: &Context,
    field: &str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Timestamp> {
    let parsed = parse_date(text, cx.tz);
    if parsed.is_none() {
        problems.push(
            cx.doc
                .error(field, format!("invalid date `{text}`"))
                .help(format!("use {DATE_FORMS}")),
        );
    }
    parsed
}

/// Topics with their slugs, each once (by slug), in file order.
pub fn topics(cx: &Context, names: &[String], problems: &mut Vec<Diagnostic>) -> Vec<Topic> {
    let mut seen = HashSet::new();
    let mut topics = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let slug = slugify(name);
        if slug.is_empty() {
            problems.push(
                cx.doc
                    .error(
                        &format!("topics[{i}]"),
                        format!("topic `{name}` has no letters or digits"),
                    )
                    .help("name topics with words, e.g. `Defence`"),
            );
        } else if seen.insert(slug.clone()) {
            topics.push(Topic {
                slug,
                name: name.trim().to_string(),
            });
        }
    }
    topics
}

/// `cluster:`, `exclude:` and `merge:`: URLs made canonical (so they match archived articles),
/// slugs checked.
pub fn controls(
    cx: &Context,
    absorb: bool,
    exclude: Vec<String>,
    merge: Vec<String>,
    problems: &mut Vec<Diagnostic>,
) -> ClusterControls {
    let exclude = exclude
        .iter()
        .enumerate()
        .filter_map(|(i, url)| {
            canonical_url(url, None).or_else(|| {
                problems.push(
                    cx.doc
                        .error(
                            &format!("exclude[{i}]"),
                            format!("`{url}` is not an http(s) URL"),
                        )
                        .help("give the full address of the article to leave out"),
                );
                None
            })
        })
        .collect();
    for (i, slug) in merge.iter().enumerate() {
        if !is_slug(slug) {
            problems.push(
                cx.doc
                    .error(
                        &format!("merge[{i}]"),
                        format!("`{slug}` is not a story slug"),
                    )
                    .help("give the slug of an automatic story, as in its URL `stories/<slug>/`"),
            );
        }
    }
    ClusterControls {
        absorb,
        exclude,
        merge,
    }
}
