//! What the edition pages, the editions archive and the email files receive.

use super::{Card, DateView, SourceRef, StoryCard};
use crate::render::urls::Urls;
use crate::site::editions::{EditionEntry, days_label};
use crate::site::{Part, Site, permalink};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// A calendar day: `{iso: "2026-02-06", long: "Friday, February 6, 2026", short: "Feb 6, 2026"}`.
#[derive(Debug, Serialize)]
pub struct DayView {
    pub iso: String,
    pub long: String,
    pub short: String,
}

impl DayView {
    pub fn new(day: NaiveDate) -> Self {
        DayView {
            iso: day.format("%Y-%m-%d").to_string(),
            long: day.format("%A, %B %-d, %Y").to_string(),
            short: day.format("%b %-d, %Y").to_string(),
        }
    }
}

/// An edition in a list (the archive, previous and next links, feeds).
#[derive(Debug, Serialize)]
pub struct EditionRef<'a> {
    pub title: &'a str,
    /// The issue number, when it has one.
    pub number: Option<u32>,
    pub url: String,
    /// The day it is dated (in the editions' time zone; its URL has it).
    pub day: DayView,
    /// When it was published, in the site's time zone.
    pub date: DateView,
    pub summary: &'a str,
    pub story_count: usize,
    pub link_count: usize,
    /// Made by parallax from the `editions:` config rather than written.
    pub generated: bool,
}

impl<'a> EditionRef<'a> {
    pub fn new(index: usize, site: &'a Site, urls: &Urls) -> Self {
        let entry = &site.editions[index];
        let edition = &entry.edition;
        EditionRef {
            title: &edition.title,
            number: edition.number,
            url: urls.href(&entry.path),
            day: DayView::new(edition.day),
            date: DateView::new(edition.date, &site.config),
            summary: &edition.summary,
            story_count: entry.stories.len(),
            link_count: edition.links.len(),
            generated: entry.generated(),
        }
    }
}

/// A link of an edition that is not one of the site's stories.
#[derive(Debug, Serialize)]
pub struct LinkView<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub note: Option<&'a str>,
    /// The registered source it is from, with its ratings.
    pub source: Option<SourceRef<'a>>,
}

/// `edition`: an edition's page, and its email.
#[derive(Debug, Serialize)]
pub struct EditionView<'a> {
    #[serde(flatten)]
    pub edition: EditionRef<'a>,
    /// The intro, rendered and sanitised HTML (use `| safe`); empty for a generated edition.
    pub body_html: std::borrow::Cow<'a, str>,
    /// For a generated edition, the days it covers: `January 31 – February 6, 2026`.
    pub period: Option<String>,
    pub stories: Vec<Card<'a>>,
    /// For a generated edition, the period's other blindspots.
    pub blindspots: Vec<Card<'a>>,
    pub links: Vec<LinkView<'a>>,
    /// Where the issue was first published, for an imported one.
    pub original: Option<&'a str>,
    /// The edition before this one, and the one after.
    pub previous: Option<EditionRef<'a>>,
    pub next: Option<EditionRef<'a>>,
    /// The email-ready files beside the page.
    pub email_html: String,
    pub email_text: String,
}

impl<'a> EditionView<'a> {
    pub fn new(index: usize, site: &'a Site, urls: &'a Urls) -> Self {
        let entry: &EditionEntry = &site.editions[index];
        let edition = &entry.edition;
        let cards = |list: &[usize]| StoryCard::list(list, site, urls);
        EditionView {
            edition: EditionRef::new(index, site, urls),
            body_html: edition.body_html.as_str().into(),
            period: entry
                .period_start
                .filter(|s| *s != edition.day)
                .map(|s| days_label(s, edition.day)),
            stories: cards(&entry.stories),
            blindspots: cards(&entry.blindspots),
            links: edition
                .links
                .iter()
                .map(|l| LinkView {
                    url: &l.url,
                    title: &l.title,
                    note: l.note.as_deref(),
                    source: l
                        .source
                        .as_deref()
                        .and_then(|id| site.sources.get(id))
                        .map(|s| SourceRef::new(s, &site.config, urls)),
                })
                .collect(),
            original: edition.original.as_deref(),
            previous: (index + 1 < site.editions.len())
                .then(|| EditionRef::new(index + 1, site, urls)),
            next: index.checked_sub(1).map(|i| EditionRef::new(i, site, urls)),
            email_html: urls.href(&permalink::edition_email(&entry.path, "html")),
            email_text: urls.href(&permalink::edition_email(&entry.path, "txt")),
        }
    }
}

/// `archive`: a page of the editions archive, its editions grouped by year and month, newest first.
#[derive(Debug, Serialize)]
pub struct ArchiveView<'a> {
    /// Every edition of the site (this page shows some of them).
    pub edition_count: usize,
    pub years: Vec<YearGroup<'a>>,
}

#[derive(Debug, Serialize)]
pub struct YearGroup<'a> {
    pub year: i32,
    pub months: Vec<MonthGroup<'a>>,
}

#[derive(Debug, Serialize)]
pub struct MonthGroup<'a> {
    /// `February 2026`.
    pub name: String,
    /// `2026-02`, for ids.
    pub key: String,
    pub editions: Vec<EditionRef<'a>>,
}

impl<'a> ArchiveView<'a> {
    pub fn new(part: Part, site: &'a Site, urls: &Urls) -> Self {
        let mut years: Vec<YearGroup> = Vec::new();
        for i in site.editions_page(part) {
            let day = site.editions[i].edition.day;
            if years.last().is_none_or(|y| y.year != day.year()) {
                years.push(YearGroup {
                    year: day.year(),
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("pushed above");
            let key = day.format("%Y-%m").to_string();
            if year.months.last().is_none_or(|m| m.key != key) {
                year.months.push(MonthGroup {
                    name: day.format("%B %Y").to_string(),
                    key,
                    editions: Vec::new(),
                });
            }
            let month = year.months.last_mut().expect("pushed above");
            month.editions.push(EditionRef::new(i, site, urls));
        }
        ArchiveView {
            edition_count: site.editions.len(),
            years,
        }
    }
}
