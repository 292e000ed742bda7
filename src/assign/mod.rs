//! `parallax cluster` and the clustering part of `parallax fetch`: the stateful step that groups the
//! archive's articles into automatic stories and records which story each article belongs to in
//! `content/clusters/` ([`store`]), where the scheduled workflow commits it beside the archive.
//! `parallax build` only reads that record, so builds stay pure and byte-identical.
//!
//! Identity is the point of the record: a story's id and slug are chosen once, when it first
//! appears, and [`identity::reconcile`] carries them through every later clustering (articles join,
//! stories merge into the oldest, a split leaves the slug with the larger part), so a published
//! story URL never breaks.

pub mod compose;
pub mod identity;
pub mod store;

use crate::model::Timestamp;
use serde::{Deserialize, Serialize};

/// One automatic story as stored. Field order is the order on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredStory {
    /// Stable id: the archive record id of an article it had when it was created.
    pub id: String,
    /// Its URL segment, `stories/<slug>/`, chosen once.
    pub slug: String,
    /// When it was first recorded.
    pub created: Timestamp,
    /// Its articles' archive record ids, sorted; empty for a merged story.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// The member whose headline and summary stand for the story (a news article, not opinion,
    /// when it has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The terms its articles share, most defining first: its topics and its "Why these articles?".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// The id of the story it was merged into: its URL redirects there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}
