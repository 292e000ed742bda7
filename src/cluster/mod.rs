//! Clustering: feed articles in, stories out (issue 10, "Feeds become stories").
//!
//! Pure: no IO, no clock. The stage sits between the archive and `site`; persistence, stable
//! slugs and editor controls are built on top of these three calls:
//!
//! - [`cluster`] groups every article: `Vec<Vec<usize>>` of indices into the docs, every doc in
//!   exactly one group (singletons included), groups sorted by their smallest index, members
//!   ascending. Same docs and config, same groups, at any thread count.
//! - [`extend`] adds new docs (`docs[known..]`) to an earlier result over `docs[..known]`:
//!   each joins a group active within the window or starts one, and groups the new docs show to
//!   be one story merge. Existing groups are never split. It only reads the groups active in the
//!   window and the new docs, so its cost does not grow with the archive.
//! - [`describe`] / [`describe_all`] give what a story page needs: the representative article
//!   (a news headline rather than opinion when one exists), the defining terms (readable words,
//!   most informative first) and the syndicated copies.
//!
//! How (one file per job): `tokenise` (Unicode words, language from stop words, at least two,
//! Snowball stems) -> `vectorise` (sublinear tf, smoothed idf from the docs themselves; headline
//! terms, names and numbers weigh more) -> `candidates` (an inverted index within the time window: never all pairs) ->
//! `agglomerate` over `groups` (three passes: tight average linkage, attaching lone articles by a
//! ratio test, growth of large groups by relative closeness; see that file for why) ;
//! `describe` and `syndication` read a finished group; `language` offers the tokeniser's language
//! guess to the rest of the build (key points prefer the readers' language).
//!
//! `extend` reads the docs of the groups active in the window and the new docs only, and its
//! term weights come from those, so its result can differ from a full `cluster` of the same docs
//! (never by splitting a group). Incompatible languages are never grouped: texts are tagged by
//! script and, for Latin script, by their stop words; a text with no telling stop word goes with
//! any Latin-script language.
//!
//! Measured with the default [`ClusterConfig`] (`cargo run --release --example eval_clusters`,
//! B-cubed F1): AllSides roundups 0.866 text only, 0.929 with dates; Google News clusters 0.855.
//! `cargo run --release --example bench_cluster -- 100000`: about 3-4 s on 2 shared cores.

mod agglomerate;
mod candidates;
mod config;
mod describe;
mod groups;
mod language;
mod stopwords;
mod syndication;
mod tokenise;
mod vectorise;

#[cfg(test)]
mod tests;

pub use config::ClusterConfig;
pub use describe::{describe_all, is_opinion};
pub use language::{language_of, may_be_in};

use crate::model::Timestamp;
use agglomerate::{Start, agglomerate};
use candidates::{Items, edges};
use vectorise::vectorise;

/// One article as a feed carries it.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The source id (one per outlet).
    pub source: &'a str,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    /// Used to tell opinion pieces (`/opinion/`, `/commentary/`...) from news.
    pub url: Option<&'a str>,
    /// The feed's categories for the item (e.g. "Opinion").
    pub categories: &'a [String],
    pub published: Timestamp,
}

/// What a story page needs about one group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupInfo {
    /// The article whose headline stands for the story: the one whose headline terms are carried
    /// by most of the group, among news articles when the group has any (opinion only when
    /// nothing else covers it).
    pub representative: usize,
    /// The terms that define the group, most informative first, as written ("Gox", "bankruptcy"):
    /// for topics and for "Why these articles?". Terms at least two articles share, when the
    /// group has two or more.
    pub terms: Vec<SharedTerm>,
    /// Wire copies: near-identical title + summary across different sources. Each set is in
    /// publication order, so its first article is the original.
    pub syndicated: Vec<Vec<usize>>,
}

/// A defining term of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedTerm {
    pub word: String,
    /// How many of the group's articles carry it.
    pub articles: usize,
}

/// Describes one group. Term weights come from all of `docs` (cost grows with `docs`): to
/// describe many groups, call [`describe_all`] once instead.
pub fn describe(docs: &[Doc], group: &[usize], config: &ClusterConfig) -> GroupInfo {
    let mut all = describe_all(docs, &[group.to_vec()], config);
    all.pop().unwrap_or(GroupInfo {
        representative: 0,
        terms: Vec::new(),
        syndicated: Vec::new(),
    })
}

/// Groups all `docs` into stories. See the module docs for the shape of the result.
pub fn cluster(docs: &[Doc], config: &ClusterConfig) -> Vec<Vec<usize>> {
    let all: Vec<&Doc> = docs.iter().collect();
    let queries: Vec<u32> = (0..docs.len() as u32).collect();
    let start = Start {
        groups: queries.iter().map(|&i| vec![i]).collect(),
        settled: vec![false; docs.len()],
    };
    run(&all, &queries, start, config)
        .into_iter()
        .map(|g| g.into_iter().map(|i| i as usize).collect())
        .collect()
}

/// Vectorises `docs`, links the `queries` to their neighbours and merges from `start`.
fn run(docs: &[&Doc], queries: &[u32], start: Start, config: &ClusterConfig) -> Vec<Vec<u32>> {
    let (vectors, tongues, _) = vectorise(docs, config);
    link_and_merge(docs, queries, start, &vectors, &tongues, config)
}

/// Links the `queries` to their neighbours and merges from `start`, over vectors already made.
fn link_and_merge(
    docs: &[&Doc],
    queries: &[u32],
    start: Start,
    vectors: &[vectorise::Vector],
    tongues: &[tokenise::Tongue],
    config: &ClusterConfig,
) -> Vec<Vec<u32>> {
    let times: Vec<i64> = docs.iter().map(|d| d.published.timestamp()).collect();
    let items = Items {
        vectors,
        times: &times,
        tongues,
        queries,
    };
    let links = edges(&items, config);
    agglomerate(start, &links, vectors, tongues, config)
}

/// [`cluster`], and [`describe_all`] of every group of two or more, with the docs vectorised once
/// (describing a full clustering otherwise costs a second pass over the corpus). The second list
/// is aligned with the groups: `None` for a lone article.
pub fn cluster_described(
    docs: &[Doc],
    config: &ClusterConfig,
) -> (Vec<Vec<usize>>, Vec<Option<GroupInfo>>) {
    let all: Vec<&Doc> = docs.iter().collect();
    let queries: Vec<u32> = (0..docs.len() as u32).collect();
    let start = Start {
        groups: queries.iter().map(|&i| vec![i]).collect(),
        settled: vec![false; docs.len()],
    };
    let (vectors, tongues, corpus) = vectorise(&all, config);
    let groups: Vec<Vec<usize>> = link_and_merge(&all, &queries, start, &vectors, &tongues, config)
        .into_iter()
        .map(|g| g.into_iter().map(|i| i as usize).collect())
        .collect();
    let infos = describe::describe_with(docs, &groups, &vectors, &corpus, config);
    (groups, infos)
}

/// Adds `docs[known..]` to `groups`, an earlier result over `docs[..known]`. See the module docs.
pub fn extend(
    docs: &[Doc],
    known: usize,
    groups: Vec<Vec<usize>>,
    config: &ClusterConfig,
) -> Vec<Vec<usize>> {
    let known = known.min(docs.len());
    let groups = sanitise(groups, known);
    if known == docs.len() {
        return groups;
    }
    let since = docs[known..]
        .iter()
        .map(|d| d.published.timestamp())
        .min()
        .unwrap_or(0);
    let horizon = since.saturating_sub(config.window_seconds());
    let (active, mut out): (Vec<Vec<usize>>, Vec<Vec<usize>>) = groups
        .into_iter()
        .partition(|g| g.iter().any(|&i| docs[i].published.timestamp() >= horizon));
    let mut local: Vec<usize> = active.iter().flatten().copied().collect();
    let settled = active.len();
    let mut start = Start {
        groups: Vec::new(),
        settled: Vec::new(),
    };
    let mut next = 0u32;
    for g in &active {
        start.groups.push((next..next + g.len() as u32).collect());
        start.settled.push(true);
        next += g.len() as u32;
    }
    let queries: Vec<u32> = (next..next + (docs.len() - known) as u32).collect();
    for &q in &queries {
        start.groups.push(vec![q]);
        start.settled.push(false);
    }
    local.extend(known..docs.len());
    let subset: Vec<&Doc> = local.iter().map(|&i| &docs[i]).collect();
    debug_assert_eq!(start.groups.len(), settled + queries.len());
    for g in run(&subset, &queries, start, config) {
        let mut members: Vec<usize> = g.into_iter().map(|i| local[i as usize]).collect();
        members.sort_unstable();
        out.push(members);
    }
    out.sort_unstable_by_key(|g| g[0]);
    out
}

/// The earlier groups made whole: indices past `known` and repeats dropped, docs left out added
/// as singletons, members ascending, groups by their first member.
fn sanitise(groups: Vec<Vec<usize>>, known: usize) -> Vec<Vec<usize>> {
    let mut seen = vec![false; known];
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(groups.len());
    for g in groups {
        let mut kept: Vec<usize> = g
            .into_iter()
            .filter(|&i| i < known && !std::mem::replace(&mut seen[i], true))
            .collect();
        if !kept.is_empty() {
            kept.sort_unstable();
            out.push(kept);
        }
    }
    out.extend((0..known).filter(|&i| !seen[i]).map(|i| vec![i]));
    out.sort_unstable_by_key(|g| g[0]);
    out
}

/// Copies of one wire story among `docs`, taken as one story: sets of indices, the original (the
/// earliest) first; see [`GroupInfo::syndicated`].
pub fn syndicated(docs: &[Doc], config: &ClusterConfig) -> Vec<Vec<usize>> {
    let all: Vec<usize> = (0..docs.len()).collect();
    syndication::copies(docs, &all, config.syndication)
}

/// The wire copies among a story's articles (`Story::syndication`): [`syndicated`] over what a
/// feed says of each (source, headline, excerpt, link, date).
pub fn wire_copies(articles: &[crate::model::Article], config: &ClusterConfig) -> Vec<Vec<usize>> {
    let docs: Vec<Doc> = articles
        .iter()
        .map(|a| Doc {
            source: &a.source,
            title: &a.title,
            summary: a.excerpt.as_deref(),
            url: Some(&a.url),
            categories: &[],
            published: a.published,
        })
        .collect();
    syndicated(&docs, config)
}

/// A hash of everything [`wire_copies`] reads: two stories with one key have the same copies
/// (what lets a build take them from the memo of an earlier one).
pub fn wire_copies_key(articles: &[crate::model::Article], config: &ClusterConfig) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(b"wire copies 1");
    hasher.update(&config.syndication.to_bits().to_le_bytes());
    for a in articles {
        for part in [&a.source, &a.title, &a.url] {
            crate::digest::feed(&mut hasher, part.as_bytes());
        }
        match &a.excerpt {
            Some(excerpt) => {
                hasher.update(&[1]);
                crate::digest::feed(&mut hasher, excerpt.as_bytes());
            }
            None => hasher.update(&[0]),
        }
        hasher.update(&a.published.timestamp().to_le_bytes());
        hasher.update(&a.published.timestamp_subsec_nanos().to_le_bytes());
    }
    hasher.digest128()
}
