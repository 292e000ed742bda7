//! The clustering settings (`cluster:` in `parallax.yaml`). `Default` is the configuration that
//! ships, the one the evaluation figures in the module docs were measured with.

use serde::Deserialize;

/// How feed articles are grouped into stories.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterConfig {
    /// Articles further apart in time than this (in days) are never compared directly; a story
    /// still grows as long as each new article is within the window of one already in it.
    pub window_days: f64,
    /// First pass: two groups merge when the mean similarity (cosine) of their articles, pair by
    /// pair, reaches this. Strict: it makes the small, sure stories.
    pub threshold: f64,
    /// Second pass: a group of at least this many articles has a reliable centroid, and grows by
    /// centroid similarity instead.
    pub grow_size: usize,
    /// Second pass: a large group takes another group when the cosine of their centroids reaches
    /// this.
    pub grow_threshold: f64,
    /// A title term counts this many times a summary term.
    pub title_weight: f64,
    /// Extra weight of names (words written capitalised mid-sentence across the corpus) and numbers.
    pub name_boost: f64,
    /// Neighbours kept per article when building the candidate graph.
    pub neighbours: usize,
    /// Terms found in more than this many articles of a time window are too common to find
    /// candidates through (they still count in similarities).
    pub max_postings: usize,
    /// Two articles from different sources are copies of one wire story when the Jaccard
    /// similarity of their title + summary words reaches this.
    pub syndication: f64,
    /// Defining terms reported per group.
    pub terms: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            window_days: 3.0,
            threshold: 0.35,
            grow_size: 10,
            grow_threshold: 0.15,
            title_weight: 2.0,
            name_boost: 1.5,
            neighbours: 10,
            max_postings: 2000,
            syndication: 0.8,
            terms: 8,
        }
    }
}

impl ClusterConfig {
    /// The window in seconds (never negative).
    pub(crate) fn window_seconds(&self) -> i64 {
        (self.window_days.max(0.0) * 86_400.0).min(1e15) as i64
    }
}
