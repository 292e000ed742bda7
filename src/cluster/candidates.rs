//! Which articles are worth comparing: never all pairs.
//!
//! An inverted index maps each term to the articles carrying it, in time order, so an article
//! only meets the articles of its time window that share a term with it. Terms carried by more
//! than `max_postings` articles of a window (the "says" and "new" of the day) are not followed:
//! they cost the most and tell the least. Each article keeps its `neighbours` most similar
//! articles (exact cosine), and the union of those lists is the candidate graph the clustering
//! walks; articles of incompatible languages are not linked.

use super::config::ClusterConfig;
use super::tokenise::Tongue;
use super::vectorise::{Term, TermMap, Vector, dot};
use rayon::prelude::*;

/// An undirected candidate link: (i, j, cosine) with i < j.
pub type Edge = (u32, u32, f32);

/// Links below this cosine are noise whatever the threshold.
const MIN_LINK: f32 = 0.05;
/// An article looks for neighbours through its heaviest terms only: its names, numbers and rare
/// words find its story; the common words it also carries would only add cost.
const QUERY_TERMS: usize = 10;

/// What the index needs to know about the articles.
pub struct Items<'a> {
    pub vectors: &'a [Vector],
    pub times: &'a [i64],
    pub tongues: &'a [Tongue],
    /// Articles that look for neighbours; the others are only found (incremental runs).
    pub queries: &'a [u32],
}

/// The candidate graph: sorted, deduplicated edges.
pub fn edges(items: &Items, config: &ClusterConfig) -> Vec<Edge> {
    let n = items.vectors.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&i| (items.times[i as usize], i));
    let sorted_times: Vec<i64> = order.iter().map(|&i| items.times[i as usize]).collect();
    let postings = index(items.vectors, &order);
    let window = config.window_seconds();
    let mut edges: Vec<Edge> = items
        .queries
        .par_iter()
        .map_init(
            || (vec![0f32; n], Vec::<u32>::new()),
            |(acc, touched), &i| {
                let span = (
                    items.times[i as usize].saturating_sub(window),
                    items.times[i as usize].saturating_add(window),
                );
                let scope = Scope {
                    postings: &postings,
                    sorted_times: &sorted_times,
                    span,
                };
                neighbours(i, items, &scope, &order, acc, touched, config)
            },
        )
        .flatten_iter()
        .collect();
    edges.par_sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    edges.dedup_by_key(|e| (e.0, e.1));
    edges
}

/// term -> (position in time order, weight), by position.
fn index(vectors: &[Vector], order: &[u32]) -> TermMap<Vec<(u32, f32)>> {
    let mut postings: TermMap<Vec<(u32, f32)>> = TermMap::default();
    for (pos, &i) in order.iter().enumerate() {
        for &(term, w) in &vectors[i as usize] {
            postings.entry(term).or_default().push((pos as u32, w));
        }
    }
    postings
}

struct Scope<'a> {
    postings: &'a TermMap<Vec<(u32, f32)>>,
    sorted_times: &'a [i64],
    span: (i64, i64),
}

fn neighbours(
    i: u32,
    items: &Items,
    scope: &Scope,
    order: &[u32],
    acc: &mut [f32],
    touched: &mut Vec<u32>,
    config: &ClusterConfig,
) -> Vec<Edge> {
    let (from, to) = (
        scope.sorted_times.partition_point(|&t| t < scope.span.0) as u32,
        scope.sorted_times.partition_point(|&t| t <= scope.span.1) as u32,
    );
    for (term, w) in top_terms(&items.vectors[i as usize], QUERY_TERMS) {
        let Some(list) = scope.postings.get(&term) else {
            continue;
        };
        let lo = list.partition_point(|p| p.0 < from);
        let hi = list.partition_point(|p| p.0 < to);
        if hi - lo > config.max_postings {
            continue;
        }
        for &(pos, wj) in &list[lo..hi] {
            if acc[pos as usize] == 0.0 {
                touched.push(pos);
            }
            acc[pos as usize] += w * wj;
        }
    }
    let mut found: Vec<(f32, u32)> = Vec::with_capacity(touched.len());
    for pos in touched.drain(..) {
        let score = std::mem::take(&mut acc[pos as usize]);
        let j = order[pos as usize];
        let compatible = items.tongues[i as usize].compatible(items.tongues[j as usize]);
        if j != i && compatible {
            found.push((score, j));
        }
    }
    let by_score = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    keep_best(&mut found, config.neighbours * 2, by_score);
    for (score, j) in &mut found {
        *score = dot(&items.vectors[i as usize], &items.vectors[*j as usize]);
    }
    keep_best(&mut found, config.neighbours, by_score);
    found
        .into_iter()
        .filter(|&(sim, _)| sim >= MIN_LINK)
        .map(|(sim, j)| (i.min(j), i.max(j), sim))
        .collect()
}

/// Keeps the `k` first items of `items` in `order`, in that order, without sorting them all.
fn keep_best<T>(items: &mut Vec<T>, k: usize, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if items.len() > k && k > 0 {
        items.select_nth_unstable_by(k - 1, &order);
    }
    items.truncate(k);
    items.sort_unstable_by(order);
}

/// The `k` heaviest terms of a vector (ties by term id).
fn top_terms(vector: &[(Term, f32)], k: usize) -> Vec<(Term, f32)> {
    let mut top = vector.to_vec();
    keep_best(&mut top, k, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    top
}
