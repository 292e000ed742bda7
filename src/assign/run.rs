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
    let (groups, infos) = cluster::cluster_described(&docs, state.config);
    let described = infos
        .into_iter()
        .enumerate()
        .filter_map(|(g, info)| info.map(|info| (g, described(&records, &info))))
        .collect();
    finish(state, &records, &groups, described)
}

/// Adds the articles not in any story that were first seen (or published) within the clustering
/// window before `now` to the stored stories, without re-clustering the rest: the cost follows the
/// new articles and the stories active in the window, not the archive.
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
    let position = positions(&records);
    let earlier: Vec<Vec<usize>> = state
        .stored
        .iter()
        .map(|s| members_at(&s.members, &position))
        .collect();
    let groups = cluster::extend(&docs, known.len(), earlier, state.config);
    let touched: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].iter().any(|&i| i >= known.len()))
        .collect();
    let background: Vec<usize> = (0..docs.len())
        .filter(|&i| records[i].published >= horizon)
        .collect();
    let described = describe(
        &records,
        &docs,
        &groups,
        &touched,
        &background,
        state.config,
    );
    finish(state, &records, &groups, described)
}

fn positions<'a>(records: &[&'a Record]) -> HashMap<&'a str, usize> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

fn members_at(members: &[String], position: &HashMap<&str, usize>) -> Vec<usize> {
    members
        .iter()
        .filter_map(|m| position.get(m.as_str()).copied())
        .collect()
}

/// What describing a group gave: its lead's record id, its terms, its lead's headline.
struct Described {
    lead: String,
    terms: Vec<String>,
    headline: String,
}

/// Reconciles `groups` (indices into `records`) with the stored stories. The `described` groups
/// (all of two or more, or those with new articles) give their lead and terms to the stories they
/// continue, and their headline to new stories' slugs.
fn finish(
    state: State,
    records: &[&Record],
    groups: &[Vec<usize>],
    described: HashMap<usize, Described>,
) -> Vec<StoredStory> {
    // Groups are disjoint: a group is known by its smallest member id.
    let first_id = |members: &[String]| members.iter().min().cloned().unwrap_or_default();
    let by_first: HashMap<String, usize> = described
        .keys()
        .map(|&g| (first_id(&ids_of(records, &groups[g])), g))
        .collect();
    let ids: Vec<Vec<String>> = groups.iter().map(|g| ids_of(records, g)).collect();
    let mut out = identity::reconcile(
        &state.stored,
        &ids,
        |members| {
            by_first
                .get(&first_id(members))
                .and_then(|g| described.get(g))
                .map(|d| d.headline.clone())
                .unwrap_or_default()
        },
        &state.taken,
        state.now,
    );
    for story in out.iter_mut().filter(|s| s.merged_into.is_none()) {
        let info = by_first
            .get(&first_id(&story.members))
            .and_then(|g| described.get(g));
        if let Some(info) = info {
            story.lead = Some(info.lead.clone());
            story.terms = info.terms.clone();
        }
    }
    out
}

fn ids_of(records: &[&Record], group: &[usize]) -> Vec<String> {
    group.iter().map(|&i| records[i].id.clone()).collect()
}

/// Describes the `touched` groups of two articles or more in one pass over `background` and
/// their members.
fn describe(
    records: &[&Record],
    docs: &[Doc],
    groups: &[Vec<usize>],
    touched: &[usize],
    background: &[usize],
    config: &ClusterConfig,
) -> HashMap<usize, Described> {
    let touched: Vec<usize> = touched
        .iter()
        .copied()
        .filter(|&g| groups[g].len() >= 2)
        .collect();
    let mut subset: Vec<usize> = background.to_vec();
    subset.extend(touched.iter().flat_map(|&g| groups[g].iter().copied()));
    subset.sort_unstable();
    subset.dedup();
    let local: HashMap<usize, usize> = subset.iter().enumerate().map(|(l, &i)| (i, l)).collect();
    let sub_docs: Vec<Doc> = subset.iter().map(|&i| docs[i]).collect();
    let sub_groups: Vec<Vec<usize>> = touched
        .iter()
        .map(|&g| groups[g].iter().map(|i| local[i]).collect())
        .collect();
    let infos: Vec<GroupInfo> = cluster::describe_all(&sub_docs, &sub_groups, config);
    touched
        .iter()
        .zip(infos)
        .map(|(&g, mut info)| {
            info.representative = subset[info.representative];
            (g, described(records, &info))
        })
        .collect()
}

fn described(records: &[&Record], info: &GroupInfo) -> Described {
    let lead = records[info.representative];
    Described {
        lead: lead.id.clone(),
        terms: info.terms.iter().map(|t| t.word.clone()).collect(),
        headline: lead.title.clone(),
    }
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
