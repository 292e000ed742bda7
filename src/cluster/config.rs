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
    /// Tight pass: two groups merge when the mean similarity (cosine) of their articles, pair by
    /// pair, reaches this. Strict: it makes the small, sure stories.
    pub threshold: f64,
    /// Attach pass: an article still alone joins the group it resembles best when their mean
    /// similarity reaches this...
    pub attach_min: f64,
    /// ...and is this many times the similarity to the next best group (an ambiguous article
    /// stays alone).
    pub attach_ratio: f64,
    /// Grow pass: groups of at least this many articles know what their story looks like and
    /// may grow by relative closeness.
    pub grow_size: usize,
    /// Grow pass: a large group takes another group when the mean similarity across the two is
    /// at least this share of the mean similarity within them.
    pub grow_threshold: f64,
    /// Grow pass: a merge is refused when the merged group's mean inner similarity would fall
    /// below this share of what its parts had when the pass began (no snowballing).
    pub grow_cohesion: f64,
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
    /// An automatic story gets a page when at least this many distinct sources covered it (an
    /// editor's story always gets one); smaller groups stay in the archive and on source pages.
    pub min_sources: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            window_days: 3.0,
            threshold: 0.35,
            attach_min: 0.1,
            attach_ratio: 1.3,
            grow_size: 10,
            grow_threshold: 0.3,
            grow_cohesion: 0.2,
            title_weight: 2.0,
            name_boost: 1.5,
            neighbours: 10,
            max_postings: 1000,
            syndication: 0.8,
            terms: 8,
            min_sources: 3,
        }
    }
}

impl ClusterConfig {
    /// The window in seconds (never negative).
    pub(crate) fn window_seconds(&self) -> i64 {
        (self.window_days.max(0.0) * 86_400.0).min(1e15) as i64
    }
}
