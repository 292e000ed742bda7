//! What a story page says about a group: its headline, its terms, its wire copies.
//!
//! The representative is the article whose headline speaks for most of the group (its distinct
//! terms, each counted by the number of the group's articles carrying it; ties: earliest, then
//! lowest index), chosen among the news articles when there is one: opinion and analysis pieces (by URL
//! section, feed category or a headline label such as "Opinion:") only when nothing else covers
//! the story. The
//! defining terms are the heaviest terms of the centroid that at least two articles share (any
//! term for a single article), shown as written most often: "Gox", "McDonald", "3.5".

use super::config::ClusterConfig;
use super::syndication::copies;
use super::tokenise::Tokeniser;
use super::vectorise::{Corpus, Term, Vector, term_id, vectorise};
use super::{Doc, GroupInfo, SharedTerm};
use crate::model::ArticleKind;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Describes every group, with corpus statistics computed once over `docs`.
/// Describes the groups of two or more over vectors already made (`None` for a lone article).
pub(super) fn describe_with(
    docs: &[Doc],
    groups: &[Vec<usize>],
    vectors: &[Vector],
    corpus: &Corpus,
    config: &ClusterConfig,
) -> Vec<Option<GroupInfo>> {
    groups
        .par_iter()
        .map(|g| (g.len() >= 2).then(|| one(docs, g, vectors, corpus, config)))
        .collect()
}

pub fn describe_all(docs: &[Doc], groups: &[Vec<usize>], config: &ClusterConfig) -> Vec<GroupInfo> {
    let all: Vec<&Doc> = docs.iter().collect();
    let (vectors, _, corpus) = vectorise(&all, config);
    groups
        .par_iter()
        .map(|g| one(docs, g, &vectors, &corpus, config))
        .collect()
}

fn one(
    docs: &[Doc],
    group: &[usize],
    vectors: &[Vector],
    corpus: &Corpus,
    config: &ClusterConfig,
) -> GroupInfo {
    let group: Vec<usize> = group.iter().copied().filter(|&i| i < docs.len()).collect();
    let mut sum: BTreeMap<Term, (f32, usize)> = BTreeMap::new();
    for &i in &group {
        for &(t, w) in &vectors[i] {
            let e = sum.entry(t).or_default();
            e.0 += w;
            e.1 += 1;
        }
    }
    GroupInfo {
        representative: representative(docs, &group, &sum),
        terms: terms(docs, &group, &sum, corpus, config.terms),
        syndicated: copies(docs, &group, config.syndication),
    }
}

/// Whether an article is an opinion or analysis piece rather than news, as its outlet marks it
/// (see `normalise::article_kind`).
pub fn is_opinion(doc: &Doc) -> bool {
    crate::normalise::article_kind(doc.url, doc.title, doc.categories) != ArticleKind::News
}

fn representative(docs: &[Doc], group: &[usize], sum: &BTreeMap<Term, (f32, usize)>) -> usize {
    let news: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| !is_opinion(&docs[i]))
        .collect();
    let pool = if news.is_empty() { group } else { &news };
    let mut tokeniser = Tokeniser::default();
    let mut best: Option<(f32, usize)> = None;
    for &i in pool {
        let score = headline_coverage(&mut tokeniser, docs[i].title, sum);
        let better = match best {
            None => true,
            Some((s, b)) => {
                score > s || (score == s && (docs[i].published, i) < (docs[b].published, b))
            }
        };
        if better {
            best = Some((score, i));
        }
    }
    best.map_or(group.first().copied().unwrap_or(0), |(_, i)| i)
}

/// How much of the group a headline speaks for: over its distinct terms, how many of the group's
/// articles carry each, divided by the square root of their number (a long headline is not
/// better for being long). A headline naming the story's people, place and event scores high, a
/// short or oblique one ("Both ways") low; one cut short by the feed ("...") counts half.
fn headline_coverage(
    tokeniser: &mut Tokeniser,
    title: &str,
    sum: &BTreeMap<Term, (f32, usize)>,
) -> f32 {
    let mut terms: Vec<Term> = Vec::new();
    tokeniser.each(title, "", |t| terms.push(term_id(t.stem)));
    terms.sort_unstable();
    terms.dedup();
    let carried: usize = terms
        .iter()
        .filter_map(|t| sum.get(t))
        .map(|&(_, n)| n)
        .sum();
    let score = carried as f32 / (terms.len().max(1) as f32).sqrt();
    let end = title.trim_end();
    if end.ends_with("...") || end.ends_with('…') {
        score / 2.0
    } else {
        score
    }
}

fn terms(
    docs: &[Doc],
    group: &[usize],
    sum: &BTreeMap<Term, (f32, usize)>,
    corpus: &Corpus,
    count: usize,
) -> Vec<SharedTerm> {
    let shared = if group.len() > 1 { 2 } else { 1 };
    let mut ranked: Vec<(Term, f32, usize)> = sum
        .iter()
        .filter(|(_, (_, n))| *n >= shared)
        .map(|(&t, &(w, n))| (t, w, n))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(count);
    let surfaces = surfaces(docs, group, &ranked);
    ranked
        .into_iter()
        .filter_map(|(t, _, n)| {
            let name = corpus.stats.get(&t).is_some_and(|s| s.is_name());
            let forms = surfaces.get(&t)?;
            let word = readable(forms, name);
            Some(SharedTerm { word, articles: n })
        })
        .collect()
}

/// How the chosen terms are written in the group: term -> (form -> count).
fn surfaces(
    docs: &[Doc],
    group: &[usize],
    ranked: &[(Term, f32, usize)],
) -> HashMap<Term, BTreeMap<String, usize>> {
    let wanted: HashMap<Term, ()> = ranked.iter().map(|r| (r.0, ())).collect();
    let mut forms: HashMap<Term, BTreeMap<String, usize>> = HashMap::new();
    let mut tokeniser = Tokeniser::default();
    for &i in group {
        let d = &docs[i];
        tokeniser.each(d.title, d.summary.unwrap_or(""), |t| {
            let id = term_id(t.stem);
            if wanted.contains_key(&id) {
                *forms
                    .entry(id)
                    .or_default()
                    .entry(t.surface.to_string())
                    .or_default() += 1;
            }
        });
    }
    forms
}

/// The most common written form, lowercase unless the term is a name (or only ever capitalised).
fn readable(forms: &BTreeMap<String, usize>, name: bool) -> String {
    let mut lower: BTreeMap<String, usize> = BTreeMap::new();
    for (form, n) in forms {
        *lower.entry(form.to_lowercase()).or_default() += n;
    }
    let best = |m: &BTreeMap<String, usize>| {
        m.iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(f, _)| f.clone())
            .unwrap_or_default()
    };
    if name {
        let capitalised: BTreeMap<String, usize> = forms
            .iter()
            .filter(|(f, _)| f.chars().next().is_some_and(char::is_uppercase))
            .map(|(f, n)| (f.clone(), *n))
            .collect();
        if !capitalised.is_empty() {
            return best(&capitalised);
        }
    }
    best(&lower)
}
