//! Story files, `content/stories/**/*.md`: YAML front matter between `---` lines, then Markdown.
//!
//! Parsing is pure (path and text in, `Story` out); `load::site` does the reading. Every problem of a
//! file is reported with its line (all of them at once), and the articles' sources are checked
//! against the registry. `fields` reads the story's own fields, `articles` its article list.

mod articles;
mod fields;

pub use fields::from_location;

use crate::archive::Archived;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::memo::Memo;
use crate::load::yaml::YamlDoc;
use crate::model::{Origin, Sources, Story};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The front matter as written (kept between builds by `load::memo`).
#[derive(Debug, Serialize, Deserialize)]
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
    /// `false`: the story stays hand-made and absorbs no automatic story. Default `true`.
    #[serde(default = "yes")]
    cluster: bool,
    /// URLs of articles never added to this story from an automatic story.
    #[serde(default)]
    exclude: Vec<String>,
    /// Slugs of automatic stories this story absorbs (their URLs then lead here).
    #[serde(default)]
    merge: Vec<String>,
}

fn yes() -> bool {
    true
}

/// An article as listed. Only `url` is required when the article is in the archive: the rest is
/// filled from there (what the editor gives wins).
#[derive(Debug, Serialize, Deserialize)]
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
    /// `news`, `opinion` or `analysis`; default: as the outlet marks it (URL section, headline
    /// label, the archived item's feed categories).
    #[serde(default)]
    kind: Option<String>,
}

/// Front matter text, the number of file lines before it, and the Markdown body.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize, &str)> {
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

/// A parsed story and the file it was read from (as given to `parse`), for the duplicate-slug
/// check across files (see [`slug_location`]).
#[derive(Debug)]
pub struct Parsed {
    pub story: Story,
    pub path: std::path::PathBuf,
}

/// What parsing a file needs besides its text.
struct Context<'a> {
    path: &'a Path,
    doc: YamlDoc<'a>,
    sources: &'a Sources,
    archived: &'a Archived,
    tz: Tz,
}

/// Parses one story file. `path` is relative to the site root, for messages and for the default slug.
pub fn parse(
    path: &Path,
    text: &str,
    sources: &Sources,
    archived: &Archived,
    tz: Tz,
) -> Result<Parsed> {
    parse_with(path, text, (sources, archived, tz), &Memo::default()).map(|(parsed, _)| parsed)
}

/// The front matter's memo key, and its value encoded when it was parsed rather than read
/// from the memo (what `memo::Writer::add` takes).
pub type MemoEntry = (u128, Option<Vec<u8>>);

/// [`parse`], reading the front matter from `memo` when an earlier build parsed the same text.
pub fn parse_with(
    path: &Path,
    text: &str,
    (sources, archived, tz): (&Sources, &Archived, Tz),
    memo: &Memo,
) -> Result<(Parsed, MemoEntry)> {
    let (front, line_offset, body) = split_front_matter(text).ok_or_else(|| {
        Error::input(
            Diagnostic::new(Location::at(path, 1, 1), "no front matter").help(
                "start the file with a `---` line, the YAML fields, and a closing `---` line",
            ),
        )
    })?;
    let key = crate::load::memo::key(front);
    let (raw, doc, entry) = match memo.get::<RawStory>(key) {
        Some(raw) => (
            raw,
            YamlDoc::unparsed(path, front, line_offset),
            (key, None),
        ),
        None => {
            let (raw, doc) = YamlDoc::parse::<RawStory>(path, front, line_offset)?;
            let encoded = Memo::encode(&raw);
            (raw, doc, (key, encoded))
        }
    };
    let cx = Context {
        path,
        doc,
        sources,
        archived,
        tz,
    };
    let mut problems = Vec::new();
    let story = story(&cx, raw, body, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    let parsed = Parsed {
        story: story.expect("a story without problems"),
        path: path.to_path_buf(),
    };
    Ok((parsed, entry))
}

/// Where the story file `text`, read from `path`, gives its slug: its `slug:` line, else the
/// start of the file (the slug then comes from the file name). For the duplicate-slug check,
/// which only runs into this when two stories collide.
pub fn slug_location(path: &Path, text: &str) -> Location {
    match split_front_matter(text) {
        Some((front, line_offset, _)) => {
            let doc = YamlDoc::unparsed(path, front, line_offset);
            match doc.has("slug") {
                true => doc.locate("slug"),
                false => Location::at(path, 1, 1),
            }
        }
        None => Location::at(path, 1, 1),
    }
}

/// The story of a deserialised file; `None` when a required field is unusable (then `problems`
/// says why).
fn story(cx: &Context, raw: RawStory, body: &str, problems: &mut Vec<Diagnostic>) -> Option<Story> {
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
        cluster,
        exclude,
        merge,
    } = raw;
    let place = fields::place(cx, location, country, region, problems);
    if title.trim().is_empty() {
        problems.push(
            cx.doc
                .error("title", "the title is empty")
                .help("give the story a headline"),
        );
    }
    let slug = fields::slug(cx, slug, problems);
    let date = fields::date(cx, "date", &date, problems);
    let updated = updated.and_then(|u| fields::date(cx, "updated", &u, problems));
    let topics = fields::topics(cx, &topics, problems);
    let controls = fields::controls(cx, cluster, exclude, merge, problems);
    let articles = articles::list(cx, articles, problems);
    let summary = match summary {
        Some(s) => crate::normalise::collapse_whitespace(&s),
        None => crate::normalise::truncate(&crate::markdown::first_paragraph_text(body), 280),
    };
    Some(Story {
        slug,
        title: title.trim().to_string(),
        date: date?,
        updated,
        topics,
        location: place.location,
        country: place.country,
        region: place.region,
        insights: insights
            .into_iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect(),
        draft,
        body_html: crate::markdown::to_html(body),
        summary,
        articles,
        syndication: Vec::new(),
        file: cx.path.to_path_buf(),
        origin: Origin::Editor,
        controls,
    })
}

#[cfg(test)]
mod tests;
