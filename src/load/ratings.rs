//! Reads the raters' files and the owners file that `parallax.yaml` declares, and merges them into
//! the registry (`crate::ratings` does the matching and merging; this only reads).

use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::Sources;
use crate::ratings::{Owners, RatingsReport, Table};

/// The registry with the raters' data merged in, and how the raters' rows matched.
pub fn apply(config: &Config, sources: Sources) -> Result<(Sources, RatingsReport)> {
    let ratings = &config.ratings;
    if ratings.raters.is_empty() && ratings.owners.is_none() {
        return Ok((sources, RatingsReport::default()));
    }
    let mut errors = Vec::new();
    let mut tables = Vec::with_capacity(ratings.raters.len());
    for rater in &ratings.raters {
        match table(&rater.file) {
            Ok(t) => tables.push(t),
            Err(e) => errors.push(e),
        }
    }
    let owners = match &ratings.owners {
        Some(path) => table(path).and_then(|t| crate::ratings::owners(&t)),
        None => Ok(Owners::default()),
    };
    let owners = owners.map_err(|e| errors.push(e)).unwrap_or_default();
    if let Some(e) = Error::merge(errors) {
        return Err(e);
    }
    crate::ratings::apply(sources, ratings, &tables, &owners)
}

fn table(path: &std::path::Path) -> Result<Table> {
    Table::parse(path, &super::read_text(path)?)
}
