//! `parallax check`: what would be wrong with the site if it were published now, found without
//! writing anything. It builds the site in memory (or reads a built output folder) and reports,
//! with the file and line where one applies:
//!
//! - errors: a build that fails, internal links and `#fragment` anchors that resolve to nothing,
//!   missing assets, two files at one URL, and (with `--external`) outbound links that fail;
//! - warnings: stories none of whose sources is bias-rated, sources nothing uses, feeds without a
//!   successful fetch for `check.stale_feed_days`, articles dated in the future, story files with
//!   no article, and images without alt text.

pub mod external;
mod html;
mod model;
pub mod ratings;

use crate::error::Diagnostic;
use std::fmt;

/// How bad a problem is: errors fail `check`, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// The site does not build (a bad file, a template error).
    Build,
    BrokenLink,
    BrokenAnchor,
    MissingAsset,
    DuplicateUrl,
    BrokenExternal,
    UnratedStory,
    UnusedSource,
    StaleFeed,
    FutureArticle,
    NoArticles,
    MissingAlt,
}

impl ProblemKind {
    pub fn severity(self) -> Severity {
        use ProblemKind::*;
        match self {
            Build | BrokenLink | BrokenAnchor | MissingAsset | DuplicateUrl | BrokenExternal => {
                Severity::Error
            }
            UnratedStory | UnusedSource | StaleFeed | FutureArticle | NoArticles | MissingAlt => {
                Severity::Warning
            }
        }
    }

    /// Its name in reports: `broken-link`.
    pub fn name(self) -> &'static str {
        use ProblemKind::*;
        match self {
            Build => "build",
            BrokenLink => "broken-link",
            BrokenAnchor => "broken-anchor",
            MissingAsset => "missing-asset",
            DuplicateUrl => "duplicate-url",
            BrokenExternal => "broken-external-link",
            UnratedStory => "unrated-story",
            UnusedSource => "unused-source",
            StaleFeed => "stale-feed",
            FutureArticle => "future-article",
            NoArticles => "no-articles",
            MissingAlt => "missing-alt",
        }
    }
}

/// One problem: its kind, where (`file` or `file:line`), and what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub kind: ProblemKind,
    pub place: String,
    pub message: String,
}

impl Problem {
    fn new(kind: ProblemKind, place: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            kind,
            place: place.into(),
            message: message.into(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity}[{}] {}: {}",
            self.kind.name(),
            self.place,
            self.message
        )
    }
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// HTML pages read.
    pub pages: usize,
    /// Internal links and asset references followed.
    pub links: usize,
    /// Outbound links checked over the network (0 without `--external`; cached ones not counted).
    pub external_checked: usize,
    /// Outbound links skipped because they were checked fine recently.
    pub external_cached: usize,
    /// Every problem, errors first, then by kind and place.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// A site that does not build: each input problem with its place.
    pub fn build_failed(diagnostics: &[Diagnostic]) -> Self {
        let problems = diagnostics
            .iter()
            .map(|d| {
                let field = d
                    .field
                    .as_ref()
                    .map(|f| format!("field `{f}`: "))
                    .unwrap_or_default();
                let help = d
                    .help
                    .as_ref()
                    .map(|h| format!(" (help: {h})"))
                    .unwrap_or_default();
                Problem::new(
                    ProblemKind::Build,
                    d.location.to_string(),
                    format!("{field}{}{help}", d.message),
                )
            })
            .collect();
        CheckReport {
            problems,
            ..Default::default()
        }
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity() == severity)
            .count()
    }

    fn sort(&mut self) {
        self.problems
            .sort_by(|a, b| (a.severity(), a).cmp(&(b.severity(), b)));
        self.problems.dedup();
    }
}

/// The files of a built site by output path, as the pages link to them.
pub type Files = std::collections::BTreeMap<String, Vec<u8>>;

/// What to check besides the site itself.
pub struct Run<'a> {
    pub site: &'a crate::site::Site,
    pub files: &'a Files,
    /// Every output path the build makes, with what makes it (`page`, `static file`...), repeats kept.
    pub made: &'a [(String, &'static str)],
    pub now: crate::model::Timestamp,
    /// Check outbound links too, with these settings.
    pub external: Option<external::Settings>,
}

/// Every check over a site in memory and its files.
pub fn run(run: Run) -> CheckReport {
    let mut report = CheckReport::default();
    let found = html::check(run.files, &run.site.config.base_url);
    report.pages = found.pages;
    report.links = found.links;
    report.problems = found.problems;
    report.problems.extend(model::check(run.site, run.now));
    report.problems.extend(model::duplicates(run.made));
    if let Some(settings) = run.external {
        let checked = external::check(&found.external, &settings);
        report.external_checked = checked.checked;
        report.external_cached = checked.cached;
        report
            .problems
            .extend(checked.broken.into_iter().map(|(url, place, why)| {
                Problem::new(
                    ProblemKind::BrokenExternal,
                    place,
                    format!("`{url}`: {why}"),
                )
            }));
    }
    report.sort();
    report
}

/// Reads every file of a built output folder.
pub fn read_output(output: &std::path::Path) -> crate::error::Result<Files> {
    use crate::error::Error;
    let mut files = Files::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::walk(output, e))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::read(entry.path(), e))?;
            files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
    Ok(files)
}
