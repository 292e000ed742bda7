//! Story files, `content/stories/**/*.md`: YAML front matter between `---` lines, then Markdown.
//!
//! Parsing is pure (path and text in, `Story` out); `load::site` does the reading. Every problem of a
//! file is reported with its line, and the articles' sources are checked against the registry.

use crate::archive::Archived;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::sources::suggest_id;
use crate::load::yaml::YamlDoc;
use crate::model::{Article, Country, Sources, Story, Timestamp, Topic};
use crate::normalise::{DATE_FORMS, is_slug, parse_date, slugify, truncate};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

/// The front matter as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStory {
    title: String,
    #[serde(default)]
    slug: Option<String>,
    date: String,
    #[serde(default)]
    updated: Option<String>,
    /// A one- or two-sentence summary for cards and feeds; else the body's first paragraph.
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    location: Option<String>,
    /// ISO code of the country it happened in; default: read from the end of `location`.
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    insights: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    articles: Vec<RawArticle>,
}

/// An article as listed. Only `url` is required when the article is in the archive: the rest is
/// filled from there (what the editor gives wins).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    #[serde(default)]
    source: Option<String>,
    url: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    excerpt: Option<String>,
    #[serde(default)]
    dateline: Option<String>,
}

/// Front matter text, the number of file lines before it, and the Markdown body.
fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, 1, body));
        }
        offset += line.len();
    }
    None
}

/// A parsed story and where its slug came from, for the duplicate-slug check across files.
#[derive(Debug)]
pub struct Parsed {
    pub story: Story,
    pub slug_location: Location,
}

/// Parses one story file. `path` is relative to the site root, for messages and for the default slug.
pub fn parse(
    path: &Path,
    text: &str,
    sources: &Sources,
    archived: &Archived,
    tz: Tz,
) -> Result<Parsed> {
    let (front, line_offset, body) = split_front_matter(text).ok_or_else(|| {
        Error::input(
            Diagnostic::new(Location::at(path, 1, 1), "no front matter").help(
                "start the file with a `---` line, the YAML fields, and a closing `---` line",
            ),
        )
    })?;
    let (raw, doc) = YamlDoc::parse::<RawStory>(path, front, line_offset)?;
    let RawStory {
        title,
        slug,
        date,
        updated,
        summary,
        topics,
        location,
        country,
        region,
        insights,
        draft,
        articles,
    } = raw;
    let mut problems = Vec::new();
    let location = location
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let country = match country {
        Some(code) => Country::parse(&code).or_else(|| {
            problems.push(
                doc.error("country", format!("`{code}` is not an ISO 3166-1 alpha-2 country code"))
                    .help("use two letters, e.g. US, GB, IN, KR; or leave it out to read it from `location`"),
            );
            None
        }),
        None => None,
    };
    // Without explicit fields, read them from `location`: "Halls Gap, Victoria, Australia", or
    // "Marysville, Ohio" (a region the registry's sources name, so its country is known).
    let parts: Vec<&str> = location
        .as_deref()
        .map(|l| l.split(',').map(str::trim).collect())
        .unwrap_or_default();
    let (country, region) = match (country, region, parts.as_slice()) {
        (Some(c), r, _) => (Some(c), r),
        // A region the registry's sources name wins over a country of the same name (Georgia).
        (None, r, [_, .., last]) if sources.country_of_region(last).is_some() => (
            sources.country_of_region(last),
            r.or_else(|| Some(last.to_string())),
        ),
        (None, r, [.., region, last]) if Country::from_name(last).is_some() => (
            Country::from_name(last),
            r.or_else(|| (parts.len() > 2).then(|| region.to_string())),
        ),
        (None, r, [last]) => (Country::from_name(last), r),
        (None, r, _) => (None, r),
    };

    if title.trim().is_empty() {
        problems.push(
            doc.error("title", "the title is empty")
                .help("give the story a headline"),
        );
    }
    let slug_location = if slug.is_some() {
        doc.locate("slug")
    } else {
        Location::at(path, 1, 1)
    };
    let slug = match slug {
        Some(slug) if is_slug(&slug) => slug,
        Some(slug) => {
            problems.push(
                doc.error("slug", format!("`{slug}` is not a valid slug"))
                    .help(format!(
                        "use lowercase letters, digits and dashes, e.g. `{}`",
                        slugify(&slug)
                    )),
            );
            String::new()
        }
        None => {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            let slug = slugify(stem);
            if slug.is_empty() {
                problems.push(
                    Diagnostic::new(
                        Location::file(path),
                        "cannot make a slug from the file name",
                    )
                    .help("add a `slug:` field"),
                );
            }
            slug
        }
    };
    let mut date_field = |field: &str, text: &str| -> Option<Timestamp> {
        let parsed = parse_date(text, tz);
        if parsed.is_none() {
            problems.push(
                doc.error(field, format!("invalid date `{text}`"))
                    .help(format!("use {DATE_FORMS}")),
            );
        }
        parsed
    };
    let date = date_field("date", &date);
    let updated = updated.and_then(|u| date_field("updated", &u));

    let mut seen_topics = HashSet::new();
    let mut story_topics = Vec::new();
    for (i, name) in topics.iter().enumerate() {
        let topic_slug = slugify(name);
        if topic_slug.is_empty() {
            problems.push(
                doc.error(
                    &format!("topics[{i}]"),
                    format!("topic `{name}` has no letters or digits"),
                )
                .help("name topics with words, e.g. `Defence`"),
            );
        } else if seen_topics.insert(topic_slug.clone()) {
            story_topics.push(Topic {
                slug: topic_slug,
                name: name.trim().to_string(),
            });
        }
    }

    let mut urls = HashSet::new();
    let mut story_articles = Vec::with_capacity(articles.len());
    for (i, raw) in articles.into_iter().enumerate() {
        let at = |field: &str| format!("articles[{i}].{field}");
        let RawArticle {
            source,
            url,
            title,
            published,
            excerpt,
            dateline,
        } = raw;
        let pinned = archived.find(&url);
        let missing = |field: &str| {
            doc.error(
                &at(field),
                format!("`{field}` is missing and the article is not in the archive"),
            )
            .help(format!(
                "give `{field}:`, or run `parallax fetch` if the outlet's feed lists `{url}`"
            ))
        };
        let source = match source.or_else(|| pinned.map(|r| r.source.clone())) {
            Some(source) => source,
            None => {
                problems.push(missing("source"));
                continue;
            }
        };
        if sources.get(&source).is_none() {
            let mut d = doc.error(&at("source"), format!("unknown source id `{source}`"));
            d = match suggest_id(sources, &source) {
                Some(id) => d.help(format!(
                    "did you mean `{id}`? Source ids are listed in content/sources.yaml"
                )),
                None => d.help("add the source to content/sources.yaml or fix the id"),
            };
            problems.push(d);
        }
        if !url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
            problems.push(
                doc.error(&at("url"), format!("`{url}` is not an http(s) URL"))
                    .help("give the article's full address"),
            );
        } else if !urls.insert(url.clone()) {
            problems.push(
                doc.error(&at("url"), format!("the article `{url}` is listed twice"))
                    .help("remove one of them"),
            );
        }
        let title = match title.or_else(|| pinned.map(|r| r.title.clone())) {
            Some(title) if title.trim().is_empty() => {
                problems.push(
                    doc.error(&at("title"), "the title is empty")
                        .help("give the article's headline"),
                );
                continue;
            }
            Some(title) => title,
            None => {
                problems.push(missing("title"));
                continue;
            }
        };
        let published = match published {
            Some(text) => parse_date(&text, tz).or_else(|| {
                problems.push(
                    doc.error(&at("published"), format!("invalid date `{text}`"))
                        .help(format!("use {DATE_FORMS}")),
                );
                None
            }),
            None => match pinned {
                Some(record) => Some(record.published),
                None => {
                    problems.push(missing("published"));
                    None
                }
            },
        };
        let excerpt = excerpt.or_else(|| pinned.and_then(|r| r.summary.clone()));
        if let Some(published) = published {
            story_articles.push(Article {
                source,
                url,
                title: title.trim().to_string(),
                published,
                excerpt: excerpt
                    .map(|e| crate::normalise::collapse_whitespace(&e))
                    .filter(|e| !e.is_empty()),
                dateline: dateline.filter(|d| !d.trim().is_empty()),
            });
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    story_articles.sort_by(|a, b| {
        a.published
            .cmp(&b.published)
            .then_with(|| a.source.cmp(&b.source))
    });

    let body_html = crate::markdown::to_html(body);
    let summary = match summary {
        Some(s) => crate::normalise::collapse_whitespace(&s),
        None => truncate(&crate::markdown::first_paragraph_text(body), 280),
    };
    let story = Story {
        slug,
        title: title.trim().to_string(),
        date: date.expect("checked"),
        updated,
        topics: story_topics,
        location,
        country,
        region: region
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        insights: insights
            .into_iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect(),
        draft,
        body_html,
        summary,
        articles: story_articles,
        file: path.to_path_buf(),
    };
    Ok(Parsed {
        story,
        slug_location,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::sources;

    fn registry() -> Sources {
        sources::parse(
            Path::new("s.yaml"),
            "sources:\n  - id: herald\n    name: Herald\n  - id: wire\n    name: Wire\n",
        )
        .unwrap()
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(
            Path::new("content/stories/a.md"),
            text,
            &registry(),
            &Archived::default(),
            chrono_tz::UTC,
        )
        .map(|p| p.story)
        {
            Ok(_) => vec![],
            Err(Error::Input(d)) => d.iter().map(|d| d.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    const GOOD: &str = "---\ntitle: Talks\ndate: 2026-01-30\ntopics: [Defence, defence, Asia]\narticles:\n  - source: wire\n    url: https://w.example/2\n    title: Second\n    published: 2026-01-31T10:00:00Z\n  - source: herald\n    url: https://h.example/1\n    title: First\n    published: 2026-01-30T10:00:00+09:00\n---\nThe ministers met.\n\nMore.\n";

    #[test]
    fn a_story_file_becomes_a_story() {
        let story = parse(
            Path::new("content/stories/japan-talks.md"),
            GOOD,
            &registry(),
            &Archived::default(),
            chrono_tz::UTC,
        )
        .unwrap()
        .story;
        assert_eq!(story.slug, "japan-talks");
        assert_eq!(
            story
                .topics
                .iter()
                .map(|t| t.slug.as_str())
                .collect::<Vec<_>>(),
            ["defence", "asia"]
        );
        assert_eq!(
            story.articles[0].source, "herald",
            "articles are sorted earliest first"
        );
        assert_eq!(story.summary, "The ministers met.");
        assert!(story.body_html.contains("<p>The ministers met.</p>"));
    }

    #[test]
    fn an_unknown_source_is_named_with_its_line_and_a_suggestion() {
        let p = problems(&GOOD.replace("source: wire", "source: wyre"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with(
                "content/stories/a.md:6:13: field `articles[0].source`: unknown source id `wyre`"
            ),
            "{}",
            p[0]
        );
        assert!(p[0].contains("did you mean `wire`?"), "{}", p[0]);
    }

    #[test]
    fn invalid_dates_are_errors_with_the_accepted_forms() {
        let p = problems(&GOOD.replace("date: 2026-01-30", "date: 2026-02-30"));
        assert!(
            p[0].starts_with("content/stories/a.md:3:7: field `date`: invalid date `2026-02-30`"),
            "{p:?}"
        );
        assert!(p[0].contains("RFC 3339"));
    }

    #[test]
    fn malformed_front_matter_is_an_error_with_a_line() {
        let p = problems("---\ntitle: [broken\ndate: 2026-01-30\n---\n");
        assert!(p[0].starts_with("content/stories/a.md:"), "{p:?}");
        let p = problems("no front matter here");
        assert!(
            p[0].starts_with("content/stories/a.md:1:1: no front matter"),
            "{p:?}"
        );
        let p = problems("---\ntitle: x\ndate: 2026-01-01\n");
        assert!(
            p[0].contains("no front matter"),
            "unterminated front matter: {p:?}"
        );
    }

    #[test]
    fn unknown_front_matter_keys_are_errors() {
        let p = problems(&GOOD.replace("title: Talks", "title: Talks\ntags: [x]"));
        assert!(
            p[0].starts_with("content/stories/a.md:3:1: unknown field `tags`"),
            "{p:?}"
        );
    }
}
