//! Raters' data: each rater's file under `content/ratings/` (a CSV or YAML table, one row per
//! outlet) is matched to the registry's sources and merged into them, under what `sources.yaml`
//! says. Pure: `load::ratings` reads the files, this turns tables into rated sources and a report
//! of what matched (rows about no source, sources no rater covers) for the build and `check`.
//!
//! Precedence, per source: a rater's bias label in `sources.yaml` (`bias: {mbfc: center}`)
//! replaces that rater's row, and a label without a rater (`bias: lean-left`) replaces every
//! file's; the labels left are averaged as before. Factuality, country, ownership type and owner:
//! `sources.yaml`, else the first rater (in `raters:` order) that gives one; an owner without a
//! type takes its type from the owners file.

pub mod config;
pub mod matching;
mod merge;
mod read;
pub mod table;
#[cfg(test)]
mod tests;
pub mod vocab;

pub use config::RatingsConfig;
pub use matching::Rule;
pub use table::Table;

use crate::error::{Error, Result};
use crate::model::{Bias, Country, Factuality, OwnershipKind, Sources};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// What one rater's row says about a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowRating {
    pub bias: Option<Bias>,
    pub factuality: Option<Factuality>,
    pub country: Option<Country>,
    pub ownership: Option<OwnershipKind>,
    pub owner: Option<String>,
}

/// Owner names (normalised) to ownership types, from the owners file.
#[derive(Debug, Clone, Default)]
pub struct Owners(HashMap<String, OwnershipKind>);

impl Owners {
    pub fn kind_of(&self, owner: &str) -> Option<OwnershipKind> {
        self.0.get(&vocab::norm_name(owner)).copied()
    }
}

/// How the raters' files matched the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingsReport {
    pub raters: Vec<RaterReport>,
    /// Ids of the sources that no rater's file has a row for (empty when no rater is declared).
    pub uncovered: Vec<String>,
}

/// How one rater's file matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RaterReport {
    pub name: String,
    pub file: PathBuf,
    pub rows: usize,
    /// Rows matched, by the rule that matched them.
    pub matched: BTreeMap<Rule, usize>,
    /// Rows that matched no source.
    pub unmatched: Vec<Unmatched>,
    /// Rows about a source an earlier row of the file already rated (only the first counts):
    /// line, source id, line of the first row.
    pub duplicates: Vec<(usize, String, usize)>,
}

/// A row that matched no source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unmatched {
    pub line: usize,
    /// Its key cells: "domain `x.example`, name `X`".
    pub keys: String,
    /// Its name cell, if the rater has a name key.
    pub name: String,
}

impl RatingsReport {
    /// One line for the build's summary when something is left to fix, else `None`.
    pub fn summary(&self) -> Option<String> {
        let unmatched: usize = self.raters.iter().map(|r| r.unmatched.len()).sum();
        if unmatched == 0 && self.uncovered.is_empty() {
            return None;
        }
        let rows: usize = self.raters.iter().map(|r| r.rows).sum();
        Some(format!(
            "ratings: {unmatched} of {rows} rows of the raters' files match no source; {} of the sources are in no rater's file (`parallax check` lists them)",
            self.uncovered.len()
        ))
    }
}

/// The registry with the raters' files merged in, and how they matched. `tables` are the raters'
/// files in `config.raters` order; every problem of every file is reported at once.
pub fn apply(
    sources: Sources,
    config: &RatingsConfig,
    tables: &[Table],
    owners: &Owners,
) -> Result<(Sources, RatingsReport)> {
    let matcher = matching::Matcher::new(&sources);
    let mut problems = Vec::new();
    let mut per_source: Vec<Vec<(usize, RowRating)>> = vec![Vec::new(); sources.len()];
    let mut report = RatingsReport::default();
    for (r, (rater, table)) in config.raters.iter().zip(tables).enumerate() {
        let read = read::rater(rater, table, &matcher, &sources, &mut problems);
        for (i, rating) in read.ratings {
            per_source[i].push((r, rating));
        }
        report.raters.push(read.report);
    }
    if let Some(e) = Error::merge(vec![Error::Input(problems)]) {
        return Err(e);
    }
    if !config.raters.is_empty() {
        report.uncovered = sources
            .all()
            .iter()
            .zip(&per_source)
            .filter(|(_, rows)| rows.is_empty())
            .map(|(s, _)| s.id.clone())
            .collect();
    }
    let list = sources
        .all()
        .iter()
        .zip(per_source)
        .map(|(source, rows)| merge::source(source.clone(), &rows, &config.raters, owners))
        .collect();
    Ok((Sources::new(list), report))
}

/// Reads the owners file: columns `owner` and `type`.
pub fn owners(table: &Table) -> Result<Owners> {
    read::owners(table)
}
