//! `parallax import-newsletter SOURCE`: a newsletter's past issues become edition files in
//! `content/editions/imported/`, one per issue, named by day and title.
//!
//! A stateful step, like `fetch`: it writes `content/` (under the site lock) and the build then
//! reads the files as any written edition. Every issue is planned before anything is written, so a
//! source that cannot be read changes nothing. Importing again is idempotent: a file whose text
//! would be the same is left alone, and one the editor changed since is never overwritten.

mod convert;
mod source;

use crate::error::Result;
use crate::model::{Edition, Timestamp};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where imported editions go, under the site's editions folder.
pub const DIR: &str = "imported";

/// One issue as the source gives it.
#[derive(Debug, Clone)]
pub struct Issue {
    pub title: String,
    pub date: Option<Timestamp>,
    pub number: Option<u32>,
    /// Its body, HTML as published (not sanitised yet).
    pub html: String,
    /// Where it was published.
    pub url: Option<String>,
    /// Not published (a Substack draft).
    pub draft: bool,
    /// Where it was found, for the report: `posts.csv:4 (post 123.slug)`, `feed.xml: item 2`.
    pub origin: String,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct NewsletterReport {
    /// The folder it wrote to.
    pub dir: PathBuf,
    pub imported: usize,
    /// Already imported, with the same text.
    pub unchanged: usize,
    /// Drafts, skipped.
    pub drafts: usize,
    /// Issues skipped for another reason (each has a line saying why).
    pub skipped: usize,
    /// One line per issue: what happened and why.
    pub lines: Vec<String>,
}

impl NewsletterReport {
    /// `imported 2 issues into content/editions/imported (1 unchanged, 1 draft skipped, 0 skipped)`.
    pub fn summary(&self) -> String {
        format!(
            "imported {} issue{} into {} ({} already imported and unchanged, {} draft{} skipped, {} skipped for another reason)",
            self.imported,
            if self.imported == 1 { "" } else { "s" },
            crate::error::display_path(&self.dir),
            self.unchanged,
            self.drafts,
            if self.drafts == 1 { "" } else { "s" },
            self.skipped
        )
    }
}

/// An issue number in a title: `#12`, `No. 12`, `Issue 12`, `Edition 12`.
pub fn number_in(title: &str) -> Option<u32> {
    let lower = title.to_lowercase();
    for marker in ["#", "no. ", "no.", "issue ", "edition ", "number "] {
        for (at, _) in lower.match_indices(marker) {
            let digits: String = lower[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse::<u32>() {
                return Some(n);
            }
        }
    }
    None
}

/// Imports the issues of `source` into the site at `root`.
pub fn import_newsletter(
    root: &Path,
    source: &str,
    wait: crate::lock::LockWait,
) -> Result<NewsletterReport> {
    let config = crate::load::config(root, &Default::default())?;
    let _lock = crate::lock::Lock::site(root, "import-newsletter", wait)?;
    let sources = crate::load::sources_of(&config)?;
    let issues = source::issues(source)?;
    let existing = crate::load::editions::load(&config, &sources)?;
    let dir = config.paths.editions.join(DIR);
    let mut plan = Plan::new(&existing, &config.paths.root, &dir);
    let mut report = NewsletterReport {
        dir: dir.clone(),
        ..Default::default()
    };
    let mut writes = Vec::new();
    for issue in issues {
        match plan.issue(&issue, &sources, config.editions.timezone) {
            Outcome::Write(path, text, note) => {
                report.imported += 1;
                report.lines.push(format!(
                    "imported   {}  {}{note}",
                    shown(&path, root),
                    issue.title
                ));
                writes.push((path, text));
            }
            Outcome::Unchanged(path) => {
                report.unchanged += 1;
                report.lines.push(format!(
                    "unchanged  {}  (already imported)",
                    shown(&path, root)
                ));
            }
            Outcome::Draft => {
                report.drafts += 1;
                report.lines.push(format!(
                    "draft      {}: \"{}\" is not published",
                    issue.origin, issue.title
                ));
            }
            Outcome::Skip(why) => {
                report.skipped += 1;
                report
                    .lines
                    .push(format!("skipped    {}: {why}", issue.origin));
            }
        }
    }
    for (path, text) in writes {
        crate::write::write_atomic(&path, text.as_bytes())?;
    }
    Ok(report)
}

fn shown(path: &Path, root: &Path) -> String {
    crate::error::display_path(path.strip_prefix(root).unwrap_or(path))
}

/// What becomes of one issue.
enum Outcome {
    /// The file, its text, and a note for the report (empty, or why the number was left out).
    Write(PathBuf, String, String),
    Unchanged(PathBuf),
    Draft,
    Skip(String),
}

/// The editions already there (by day and number) and those this import adds.
struct Plan<'a> {
    root: &'a Path,
    dir: &'a Path,
    /// Day -> the file of the edition on that day.
    days: HashMap<chrono::NaiveDate, PathBuf>,
    numbers: HashMap<u32, PathBuf>,
    planned: HashSet<PathBuf>,
}

impl<'a> Plan<'a> {
    fn new(existing: &[Edition], root: &'a Path, dir: &'a Path) -> Self {
        let file = |e: &Edition| e.file.clone().unwrap_or_default();
        Plan {
            root,
            dir,
            days: existing.iter().map(|e| (e.day, file(e))).collect(),
            numbers: existing
                .iter()
                .filter_map(|e| Some((e.number?, file(e))))
                .collect(),
            planned: HashSet::new(),
        }
    }

    fn issue(
        &mut self,
        issue: &Issue,
        sources: &crate::model::Sources,
        tz: chrono_tz::Tz,
    ) -> Outcome {
        if issue.draft {
            return Outcome::Draft;
        }
        let Some(date) = issue.date else {
            return Outcome::Skip("it has no date (an edition needs one)".into());
        };
        if issue.title.trim().is_empty() {
            return Outcome::Skip("it has no title".into());
        }
        if issue.html.trim().is_empty() {
            return Outcome::Skip("its body is empty or missing from the export".into());
        }
        let day = date.with_timezone(&tz).date_naive();
        let mut slug = crate::normalise::slugify(&issue.title);
        slug.truncate(60);
        let path = self.dir.join(format!(
            "{}-{}.md",
            day.format("%Y-%m-%d"),
            slug.trim_end_matches('-')
        ));
        let relative = path.strip_prefix(self.root).unwrap_or(&path).to_path_buf();
        if let Some(other) = self.days.get(&day).filter(|f| **f != relative) {
            return Outcome::Skip(format!(
                "`{}` is already the edition of {day} (one edition a day)",
                other.display()
            ));
        }
        let taken = issue
            .number
            .and_then(|n| Some((n, self.numbers.get(&n).filter(|f| **f != relative)?)));
        let note = taken.map_or(String::new(), |(n, f)| {
            format!(" (without its number {n}: `{}` has it)", f.display())
        });
        let number = issue.number.filter(|_| taken.is_none());
        let text = file_text(issue, date, number, sources);
        match std::fs::read_to_string(&path) {
            Ok(old) if old == text => return Outcome::Unchanged(path),
            Ok(_) => {
                return Outcome::Skip(format!(
                    "`{}` was changed since it was imported: left as it is",
                    relative.display()
                ));
            }
            Err(_) if !self.planned.insert(path.clone()) => {
                return Outcome::Skip("another issue has the same day and title".into());
            }
            Err(_) => {}
        }
        self.days.insert(day, relative.clone());
        if let Some(n) = number {
            self.numbers.insert(n, relative);
        }
        Outcome::Write(path, text, note)
    }
}

/// The edition file of an issue: front matter in a fixed order, then its body.
fn file_text(
    issue: &Issue,
    date: Timestamp,
    number: Option<u32>,
    sources: &crate::model::Sources,
) -> String {
    let clean = convert::sanitise(&issue.html, issue.url.as_deref());
    let body = convert::body(&clean);
    let links = convert::source_links(&clean, sources);
    let mut front = serde_yaml::Mapping::new();
    front.insert("title".into(), issue.title.trim().into());
    front.insert(
        "date".into(),
        date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            .into(),
    );
    if let Some(n) = number {
        front.insert("number".into(), u64::from(n).into());
    }
    if let Some(url) = &issue.url {
        front.insert("original".into(), url.as_str().into());
    }
    if !links.is_empty() {
        let list = links
            .iter()
            .map(|l| {
                let mut item = serde_yaml::Mapping::new();
                item.insert("url".into(), l.url.as_str().into());
                item.insert("title".into(), l.title.as_str().into());
                if let Some(s) = &l.source {
                    item.insert("source".into(), s.as_str().into());
                }
                serde_yaml::Value::Mapping(item)
            })
            .collect();
        front.insert("links".into(), serde_yaml::Value::Sequence(list));
    }
    let yaml = serde_yaml::to_string(&serde_yaml::Value::Mapping(front)).unwrap_or_default();
    let kept = if body.html {
        "<!-- Kept as sanitised HTML: Markdown would lose its tables or figures. -->\n"
    } else {
        ""
    };
    format!(
        "---\n# Imported by parallax import-newsletter.\n{yaml}---\n{kept}{}\n",
        body.text
    )
}

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn issue_numbers_are_read_from_titles() {
        assert_eq!(number_in("Issue #12: the week"), Some(12));
        assert_eq!(number_in("The Ledger No. 7"), Some(7));
        assert_eq!(number_in("Edition 3 — ports"), Some(3));
        assert_eq!(number_in("Notes on 2026"), None);
    }
}
