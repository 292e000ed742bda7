//! The permanent archive of outlets' feed items.
//!
//! Feeds show only their newest ~20 items; a scheduled `parallax fetch` turns them into an archive
//! that grows for years without losing or doubling an article. On disk it is text with small,
//! deterministic diffs (a workflow commits it): one JSON Lines file per day of publication,
//! `content/archive/<yyyy>/<mm>/<dd>.jsonl`, each line one item, sorted by time then id.
//!
//! `Archive::merge` is the whole policy, pure: an item is recognised again by any of its dedupe
//! keys (`keys`: guid, guid path, canonical URL, title + date, scoped so that two articles never
//! share one), unless the two name different guids; a known item whose text changed is updated in
//! place and keeps its first-seen time; nothing is ever removed. `store` reads and writes the files.

pub mod keys;
pub mod state;
pub mod store;

use crate::feed::FeedItem;
use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One archived item. Field order is the order on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Stable id: a hash of the first key the item was seen with.
    pub id: String,
    /// The source it is attributed to: the registry source owning the link's domain, else the feed's.
    pub source: String,
    /// The feed it was read from (URL or local path as in the registry).
    pub feed: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When it was published; the first-seen time when the feed gives no date (`date_missing`).
    pub published: Timestamp,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_missing: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Timestamp>,
    /// When `fetch` first saw it; never changes.
    pub first_seen: Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Every dedupe key it has been seen with.
    pub keys: Vec<String>,
}

impl Record {
    /// The archive file (relative to the archive folder) that holds this record: its UTC day.
    pub fn day_file(&self) -> String {
        self.published.format("%Y/%m/%d.jsonl").to_string()
    }

    /// Order within a day file: time, then id.
    fn order_key(&self) -> (Timestamp, &str) {
        (self.published, &self.id)
    }
}

/// What merging one feed's items did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Items with nothing to recognise them by ([`keys::NO_KEY`]).
    pub skipped: usize,
    /// Items whose date could not be read: kept as text (`date_text`), dated when first seen.
    pub unreadable_dates: usize,
    /// The feed had archived items before, yet none of the items it shows now was known: it has
    /// probably moved past items the archive never saw (days without a fetch, a busy feed).
    pub gap: bool,
}

impl MergeStats {
    /// The gap warning, when there is one: "possible gap: 20 new items, none previously seen".
    pub fn gap_warning(&self) -> Option<String> {
        self.gap
            .then(|| format!("possible gap: {} new items, none previously seen", self.new))
    }
}

/// "3 new, 1 updated, 16 unchanged", then what was skipped and why, and the gap warning.
impl std::fmt::Display for MergeStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} updated, {} unchanged",
            self.new, self.updated, self.unchanged
        )?;
        if self.skipped > 0 {
            write!(f, ", {} skipped ({})", self.skipped, keys::NO_KEY)?;
        }
        if self.unreadable_dates > 0 {
            write!(
                f,
                ", {} with an unreadable date (kept as text, dated when first seen)",
                self.unreadable_dates
            )?;
        }
        if let Some(gap) = self.gap_warning() {
            write!(f, "; {gap}")?;
        }
        Ok(())
    }
}

/// The archive in memory: every record, an index from dedupe key to record, and the day files
/// that changed since loading.
#[derive(Debug, Default)]
pub struct Archive {
    records: Vec<Record>,
    by_key: HashMap<String, usize>,
    /// Feeds that have archived records.
    feeds: HashSet<String>,
    dirty: BTreeSet<String>,
    /// Lines that did not parse, by day file; written back untouched so nothing is ever lost.
    unreadable: HashMap<String, Vec<String>>,
}

impl Archive {
    /// An archive of the given records (as read from disk).
    pub fn from_records(records: Vec<Record>, unreadable: HashMap<String, Vec<String>>) -> Archive {
        let mut archive = Archive {
            records: Vec::with_capacity(records.len()),
            unreadable,
            ..Archive::default()
        };
        for mut record in records {
            // Keys of older versions are rewritten in memory; the file follows when its day is next saved.
            keys::upgrade(&mut record);
            archive.feeds.insert(record.feed.clone());
            // Two lines for one item (a hand edit, a merge conflict) stay two records; the first wins lookups.
            let index = archive.records.len();
            for key in &record.keys {
                archive.by_key.entry(key.clone()).or_insert(index);
            }
            archive.records.push(record);
        }
        archive
    }

    #[cfg(test)]
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The records, for read-only use after merging.
    pub fn into_records(self) -> Vec<Record> {
        self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// The day files changed by merges, each with its records in file order and the unreadable
    /// lines kept for it: everything `store::save` writes, gathered in one pass over the records.
    pub fn dirty_days(&self) -> Vec<(&str, Vec<&Record>, &[String])> {
        let mut days: BTreeMap<&str, Vec<&Record>> = self
            .dirty
            .iter()
            .map(|d| (d.as_str(), Vec::new()))
            .collect();
        for record in &self.records {
            if let Some(list) = days.get_mut(record.day_file().as_str()) {
                list.push(record);
            }
        }
        days.into_iter()
            .map(|(day, mut records)| {
                records.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
                (
                    day,
                    records,
                    self.unreadable
                        .get(day)
                        .map(Vec::as_slice)
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Merges one feed's items. `source_of` attributes an item to a source id (by its link's
    /// domain, else the feed's source); `now` is the first-seen time of new items.
    pub fn merge(
        &mut self,
        feed: &str,
        items: &[FeedItem],
        source_of: impl Fn(&FeedItem) -> String,
        now: Timestamp,
    ) -> MergeStats {
        let mut stats = MergeStats::default();
        for item in items {
            stats.unreadable_dates += usize::from(item.date_text.is_some());
            let keys = keys::of(item, feed);
            if keys.is_empty() {
                stats.skipped += 1;
                continue;
            }
            match self.find(&keys) {
                Some(index) if self.update(index, item, &keys) => stats.updated += 1,
                Some(_) => stats.unchanged += 1,
                None => {
                    self.insert(new_record(feed, item, keys, source_of(item), now));
                    stats.new += 1;
                }
            }
        }
        stats.gap =
            stats.new > 0 && stats.updated + stats.unchanged == 0 && self.feeds.contains(feed);
        self.feeds.insert(feed.to_string());
        stats
    }

    /// The record an item with these keys is, if any: the first key that names a record whose
    /// guids do not contradict the item's.
    fn find(&self, keys: &[String]) -> Option<usize> {
        keys.iter()
            .filter_map(|k| self.by_key.get(k).copied())
            .find(|&i| !keys::conflicting_guids(&self.records[i].keys, keys))
    }

    fn insert(&mut self, record: Record) {
        self.dirty.insert(record.day_file());
        let index = self.records.len();
        for key in &record.keys {
            self.by_key.entry(key.clone()).or_insert(index);
        }
        self.records.push(record);
    }

    /// Updates a known record from a new sighting; true when anything changed.
    fn update(&mut self, index: usize, item: &FeedItem, keys: &[String]) -> bool {
        let before = self.records[index].clone();
        let record = &mut self.records[index];
        if !item.title.is_empty() {
            record.title = item.title.clone();
        }
        if item.summary.is_some() {
            record.summary = item.summary.clone();
        }
        if item.url.is_some() {
            record.url = item.url.clone();
        }
        if item.guid.is_some() && record.guid.is_none() {
            record.guid = item.guid.clone();
        }
        if let Some(published) = item.published {
            // A date arriving for an item first seen without one moves it to its real day.
            if record.date_missing {
                record.published = published;
                record.date_missing = false;
            }
        }
        let updated = item.updated.filter(|u| Some(*u) != item.published);
        if updated.is_some() {
            record.updated = updated;
        }
        if !item.authors.is_empty() {
            record.authors = item.authors.clone();
        }
        if !item.categories.is_empty() {
            record.categories = item.categories.clone();
        }
        for key in keys {
            if !record.keys.contains(key) {
                record.keys.push(key.clone());
            }
        }
        let changed = *record != before;
        if changed {
            let (old_day, new_day) = (before.day_file(), record.day_file());
            for key in keys {
                self.by_key.entry(key.clone()).or_insert(index);
            }
            self.dirty.insert(old_day);
            self.dirty.insert(new_day);
        }
        changed
    }
}

/// The record of an item seen for the first time.
fn new_record(
    feed: &str,
    item: &FeedItem,
    keys: Vec<String>,
    source: String,
    now: Timestamp,
) -> Record {
    Record {
        id: short_hash(&keys[0]),
        source,
        feed: feed.to_string(),
        url: item.url.clone(),
        guid: item.guid.clone(),
        title: item.title.clone(),
        summary: item.summary.clone(),
        published: item.published.unwrap_or(now),
        date_missing: item.published.is_none(),
        date_text: item.date_text.clone(),
        updated: item.updated.filter(|u| Some(*u) != item.published),
        first_seen: now,
        authors: item.authors.clone(),
        categories: item.categories.clone(),
        keys,
    }
}

/// First 16 hex digits of the SHA-256 of `text`: short, stable everywhere.
pub(crate) fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests;

/// Archived articles, looked up by canonical URL (for stories that pin them) and by record id (for
/// the stories clustering made).
#[derive(Debug, Default)]
pub struct Archived {
    pub records: Vec<Record>,
    by_url: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

impl Archived {
    pub fn new(records: Vec<Record>) -> Archived {
        let mut by_url = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Some(url) = &r.url {
                by_url.entry(url.clone()).or_insert(i);
            }
            by_id.entry(r.id.clone()).or_insert(i);
        }
        Archived {
            records,
            by_url,
            by_id,
        }
    }

    /// The index of the record with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The archived article at `url` (any form: it is made canonical first).
    pub fn find(&self, url: &str) -> Option<&Record> {
        let canonical = crate::normalise::canonical_url(url, None)?;
        self.by_url.get(&canonical).map(|&i| &self.records[i])
    }
}
