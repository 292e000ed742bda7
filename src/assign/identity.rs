//! Stable story identity: a new clustering (groups of archived articles) is reconciled with the
//! stories stored before, so that no story is ever renumbered or renamed.
//!
//! Each stored story goes where most of its articles went (its *destination* group; ties go to the
//! group listed first). A group that is the destination of one stored story continues it, whatever
//! articles joined or left; of several stored stories that now share a destination, the oldest
//! survives and the others are kept as redirects to it (`merged_into`), so their URLs still resolve;
//! of a story whose articles split over several groups, the group holding most of them keeps the
//! story, and the others become new stories. A group that continues no story becomes a new story
//! when it has two articles or more, with an id taken from its articles and a slug made once from
//! its headline. Nothing stored is ever dropped.

use super::StoredStory;
use crate::model::Timestamp;
use crate::normalise::slugify;
use std::collections::{HashMap, HashSet};

/// A slug is cut to this many characters (at a `-`) before any `-2` suffix.
const SLUG_CHARS: usize = 60;

/// Reconciles `groups` (archive record ids; every group a new clustering made) with the `stored`
/// stories. `headline` gives a new group's representative headline (called once per new story);
/// `taken` holds slugs in use elsewhere (editors' stories); `now` dates new stories. Returns every
/// story, stored ones first in their order, then new ones in group order.
pub fn reconcile(
    stored: &[StoredStory],
    groups: &[Vec<String>],
    mut headline: impl FnMut(&[String]) -> String,
    taken: &HashSet<String>,
    now: Timestamp,
) -> Vec<StoredStory> {
    let group_of: HashMap<&str, usize> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, members)| members.iter().map(move |m| (m.as_str(), g)))
        .collect();
    let destinations: Vec<Option<usize>> =
        stored.iter().map(|s| destination(s, &group_of)).collect();
    // For each group, the oldest stored story whose articles mostly went there.
    let mut heir: HashMap<usize, usize> = HashMap::new();
    for (i, dest) in destinations.iter().enumerate() {
        if let Some(g) = *dest {
            let entry = heir.entry(g).or_insert(i);
            if (stored[i].created, &stored[i].id) < (stored[*entry].created, &stored[*entry].id) {
                *entry = i;
            }
        }
    }
    let mut out: Vec<StoredStory> = stored.to_vec();
    for (i, dest) in destinations.iter().enumerate() {
        let Some(g) = *dest else { continue };
        let survivor = heir[&g];
        if survivor == i {
            out[i].members = sorted(&groups[g]);
        } else {
            out[i].members.clear();
            out[i].lead = None;
            out[i].terms.clear();
            out[i].merged_into = Some(stored[survivor].id.clone());
        }
    }
    let mut ids: HashSet<String> = stored.iter().map(|s| s.id.clone()).collect();
    let mut slugs: HashSet<String> = stored.iter().map(|s| s.slug.clone()).collect();
    slugs.extend(taken.iter().cloned());
    for (g, members) in groups.iter().enumerate() {
        if heir.contains_key(&g) || members.len() < 2 {
            continue;
        }
        let members = sorted(members);
        let id = new_id(&members, &ids);
        let slug = unique_slug(&headline(&members), &id, &slugs);
        ids.insert(id.clone());
        slugs.insert(slug.clone());
        out.push(StoredStory {
            id,
            slug,
            created: now,
            members,
            lead: None,
            terms: Vec::new(),
            merged_into: None,
        });
    }
    out
}

/// The group holding most of a live story's articles; `None` for a redirect, or when none of its
/// articles is in any group (kept as it is).
fn destination(story: &StoredStory, group_of: &HashMap<&str, usize>) -> Option<usize> {
    if story.merged_into.is_some() {
        return None;
    }
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for member in &story.members {
        if let Some(&g) = group_of.get(member.as_str()) {
            *counts.entry(g).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|(ga, na), (gb, nb)| na.cmp(nb).then(gb.cmp(ga)))
        .map(|(g, _)| g)
}

fn sorted(members: &[String]) -> Vec<String> {
    let mut members = members.to_vec();
    members.sort();
    members.dedup();
    members
}

/// A new story's id: its first article's record id not already a story's id (an article split off
/// a story may have given that story its id), else a hash of all its articles.
fn new_id(members: &[String], ids: &HashSet<String>) -> String {
    members
        .iter()
        .find(|m| !ids.contains(*m))
        .cloned()
        .unwrap_or_else(|| crate::archive::short_hash(&members.join(" ")))
}

/// A URL-safe slug from a headline, cut at a word, not in `taken`: `-2`, `-3`... when it is. A
/// headline with nothing to slugify (all punctuation, or a script deunicode cannot spell) gives
/// `story-<id>`.
fn unique_slug(headline: &str, id: &str, taken: &HashSet<String>) -> String {
    let mut base = slugify(headline);
    if base.len() > SLUG_CHARS {
        let cut = base[..SLUG_CHARS].rfind('-').unwrap_or(SLUG_CHARS);
        base.truncate(cut);
    }
    if base.is_empty() {
        base = format!("story-{}", &id[..id.len().min(8)]);
    }
    if !taken.contains(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken.contains(s))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests;
