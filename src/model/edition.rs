//! Newsletter editions: dated digests of the site's stories, written by an editor
//! (`content/editions/**/*.md`, or imported by `parallax import-newsletter`) or generated per period
//! from the `editions:` config.

use super::Timestamp;
use crate::error::Location;
use chrono::NaiveDate;
use std::path::PathBuf;

/// One edition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edition {
    /// The day it is dated, in the editions' time zone: its URL is `/editions/<yyyy>/<mm>/<dd>/`.
    pub day: NaiveDate,
    /// When it was published: the date as written; for a generated edition, the end of its period.
    pub date: Timestamp,
    /// The issue number, when the editor gives one (generated editions have none).
    pub number: Option<u32>,
    pub title: String,
    /// One or two plain-text sentences for lists, feeds and the meta description.
    pub summary: String,
    /// The intro, rendered and sanitised HTML (empty for none).
    pub body_html: String,
    /// The intro as Markdown, for the plain-text email.
    pub body_markdown: String,
    /// The stories it features, in the editor's order (slugs; checked against the site's stories
    /// when the site is laid out).
    pub stories: Vec<StoryRef>,
    /// Items that are not stories of the site.
    pub links: Vec<EditionLink>,
    pub draft: bool,
    /// Where the issue was first published, for an imported one.
    pub original: Option<String>,
    /// The file it was read from, relative to the site root; `None` for a generated edition.
    pub file: Option<PathBuf>,
}

/// A story an edition lists, with where the editor wrote it (for the unknown-slug error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRef {
    pub slug: String,
    pub location: Location,
}

/// An item of an edition that is not a story of the site: an article, a report, a podcast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionLink {
    /// Absolute http(s) URL.
    pub url: String,
    pub title: String,
    /// The id of a registered source, when the link is to one of its articles.
    pub source: Option<String>,
    /// The editor's note on it, plain text.
    pub note: Option<String>,
}

/// How often editions are generated, from the `editions:` config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// One edition a day, covering that day.
    Daily,
    /// One edition a week, dated on this weekday and covering the seven days that end with it.
    Weekly(chrono::Weekday),
}
