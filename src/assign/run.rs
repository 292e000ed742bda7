//! Running the clustering over a site's archive and recording the result: in full (`parallax
//! cluster`, e.g. after a change of the `cluster:` settings) or for the articles a fetch just
//! archived. Both end in [`identity::reconcile`], so ids and slugs survive either.

use super::{StoredStory, identity, store};
use crate::archive::Record;
use crate::cluster::{self, ClusterConfig, Doc, GroupInfo};
use crate::error::Result;
use crate::model::Timestamp;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a clustering run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterReport {
    /// Archived articles that take part (those with a link and a headline).
    pub articles: usize,
    /// Stories with articles after the run (merged ones not counted).
    pub stories: usize,
    /// Stories created by this run.
    pub new: usize,
    /// Stored stories whose articles changed.
    pub changed: usize,
    /// Stories merged into another by this run (their URLs now redirect).
    pub merged: usize,
    /// Files of `content/clusters/` written.
    pub files_written: usize,
}

/// What a run starts from: the archive's articles, the stored stories, the slugs editors use.
pub struct State<'a> {
    pub records: &'a [Record],
    pub stored: Vec<StoredStory>,
    pub taken: HashSet<String>,
    pub config: &'a ClusterConfig,
    pub now: Timestamp,
}

/// The articles that take part, as docs, in publication order (then id).
fn eligible(records: &[Record]) -> Vec<&Record> {
    let mut list: Vec<&Record> = records
        .iter()
        .filter(|r| r.url.is_some() && !r.title.trim().is_empty())
        .collect();
    list.sort_by(|a, b| (a.published, &a.id).cmp(&(b.published, &b.id)));
    list.dedup_by(|a, b| a.id == b.id);
    list
}

fn doc(record: &Record) -> Doc<'_> {
    Doc {
        source: &record.source,
        title: &record.title,
        summary: record.summary.as_deref(),
        url: record.url.as_deref(),
        categories: &record.categories,
        published: record.published,
    }
}

/// Clusters every article afresh and reconciles the result with the stored stories.
pub fn full(state: State) -> Vec<StoredStory> {
    let records = eligible(state.records);
    let docs: Vec<Doc> = records.iter().map(|r| doc(r)).collect();
    let groups = cluster::cluster(&docs, state.config);
    finish(state, &records, &docs, groups)
}

/// Adds the articles not in any story that were first seen (or published) within the clustering
/// window before `now` to the stored stories, without re-clustering the rest.
pub fn incremental(state: State) -> Vec<StoredStory> {
    let all = eligible(state.records);
    let horizon = state.now - chrono::Duration::seconds(state.config.window_seconds());
    let assigned: HashSet<&str> = state
        .stored
        .iter()
        .flat_map(|s| s.members.iter().map(String::as_str))
        .collect();
    let is_new =
        |r: &&Record| !assigned.contains(r.id.as_str()) && r.first_seen.max(r.published) >= horizon;
    let (fresh, known): (Vec<&Record>, Vec<&Record>) = all.into_iter().partition(is_new);
    let records: Vec<&Record> = known.iter().chain(&fresh).copied().collect();
    let docs: Vec<Doc> = records.iter().map(|r| doc(r)).collect();
    let position: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let earlier: Vec<Vec<usize>> = state
        .stored
        .iter()
        .map(|s| {
            s.members
                .iter()
                .filter_map(|m| position.get(m.as_str()).copied())
                .collect()
        })
        .collect();
    let groups = cluster::extend(&docs, known.len(), earlier, state.config);
    finish(state, &records, &docs, groups)
}

/// Reconciles `groups` (indices into `records`) with the stored stories and describes the stories
/// whose articles changed.
fn finish(
    state: State,
    records: &[&Record],
    docs: &[Doc],
    groups: Vec<Vec<usize>>,
) -> Vec<StoredStory> {
    let ids: Vec<Vec<String>> = groups
        .iter()
        .map(|g| g.iter().map(|&i| records[i].id.clone()).collect())
        .collect();
    let before: HashMap<String, Vec<String>> = state
        .stored
        .iter()
        .map(|s| (s.id.clone(), s.members.clone()))
        .collect();
    let mut out = identity::reconcile(
        &state.stored,
        &ids,
        |members| headline(records, docs, members, state.config),
        &state.taken,
        state.now,
    );
    // Describe (lead, terms) the stories that are new or changed.
    let position: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let changed: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].merged_into.is_none() && !out[i].members.is_empty())
        .filter(|&i| before.get(&out[i].id) != Some(&out[i].members) || out[i].lead.is_none())
        .collect();
    let member_groups: Vec<Vec<usize>> = changed
        .iter()
        .map(|&i| {
            out[i]
                .members
                .iter()
                .filter_map(|m| position.get(m.as_str()).copied())
                .collect()
        })
        .collect();
    let infos = cluster::describe_all(docs, &member_groups, state.config);
    for ((&i, group), info) in changed.iter().zip(&member_groups).zip(infos) {
        if !group.is_empty() {
            apply(&mut out[i], records, &info);
        }
    }
    out
}

/// The headline a new group's slug is made from: its representative's.
fn headline(
    records: &[&Record],
    docs: &[Doc],
    members: &[String],
    config: &ClusterConfig,
) -> String {
    let wanted: HashSet<&str> = members.iter().map(String::as_str).collect();
    let group: Vec<usize> = (0..records.len())
        .filter(|&i| wanted.contains(records[i].id.as_str()))
        .collect();
    if group.is_empty() {
        return String::new();
    }
    let info = cluster::describe(docs, &group, config);
    records[info.representative].title.clone()
}

/// Sets a story's lead and terms from its description.
fn apply(story: &mut StoredStory, records: &[&Record], info: &GroupInfo) {
    story.lead = Some(records[info.representative].id.clone());
    story.terms = info.terms.iter().map(|t| t.word.clone()).collect();
}

/// Counts what changed between two assignments.
pub fn report(before: &[StoredStory], after: &[StoredStory], articles: usize) -> ClusterReport {
    let old: HashMap<&str, &StoredStory> = before.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut report = ClusterReport {
        articles,
        ..ClusterReport::default()
    };
    for story in after {
        match old.get(story.id.as_str()) {
            None => report.new += 1,
            Some(was) if was.merged_into.is_none() && story.merged_into.is_some() => {
                report.merged += 1
            }
            Some(was) if was.members != story.members => report.changed += 1,
            Some(_) => {}
        }
        if story.merged_into.is_none() && !story.members.is_empty() {
            report.stories += 1;
        }
    }
    report
}

/// Saves an assignment into the site at `root`; returns the files written.
pub fn save(root: &Path, stories: &[StoredStory]) -> Result<usize> {
    store::save(stories, &root.join(store::DIR))
}

#[cfg(test)]
mod tests;
