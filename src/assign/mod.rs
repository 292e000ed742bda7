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
pub mod run;
pub mod store;

use crate::archive::Record;
use crate::config::Config;
use crate::error::Result;
use crate::lock::{Lock, LockWait};
use crate::model::Timestamp;
use run::{ClusterReport, State};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

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

/// `parallax cluster`: clusters the whole archive of the site at `root` again and records the
/// result, keeping every stored story's id and slug. `now` dates new stories (the clock when `None`).
pub fn cluster_site(root: &Path, now: Option<Timestamp>, wait: LockWait) -> Result<ClusterReport> {
    let _lock = Lock::site(root, "cluster", wait)?;
    let loaded = crate::load::site(root, &Default::default())?;
    let taken = loaded.stories.iter().map(|s| s.slug.clone()).collect();
    let records = &loaded.feeds.archived.records;
    let state = State {
        records,
        stored: loaded.clusters.clone(),
        taken,
        config: &loaded.config.cluster,
        now: now.unwrap_or_else(chrono::Utc::now),
    };
    let after = run::full(state);
    finish(root, &loaded.clusters, &after, records)
}

/// The clustering step of `parallax fetch` (which holds the site lock): the articles it just
/// archived join the stored stories or form new ones.
pub(crate) fn after_fetch(
    config: &Config,
    records: &[Record],
    now: Timestamp,
) -> Result<ClusterReport> {
    let root = &config.paths.root;
    let stored = store::load(&root.join(store::DIR))?;
    let state = State {
        records,
        stored: stored.clone(),
        taken: editor_slugs(config),
        config: &config.cluster,
        now,
    };
    let after = run::incremental(state);
    finish(root, &stored, &after, records)
}

fn finish(
    root: &Path,
    before: &[StoredStory],
    after: &[StoredStory],
    records: &[Record],
) -> Result<ClusterReport> {
    let articles = records
        .iter()
        .filter(|r| r.url.is_some() && !r.title.trim().is_empty())
        .count();
    let mut report = run::report(before, after, articles);
    report.files_written = run::save(root, after)?;
    Ok(report)
}

/// The slugs editors' story files use, which new automatic stories must not take. A story file
/// that does not parse still holds its file name's slug.
fn editor_slugs(config: &Config) -> HashSet<String> {
    crate::load::story_slugs(&config.paths.stories, &config.paths.root)
}
