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
use super::vectorise::{TermMap, Vector, dot};
use rayon::prelude::*;

/// An undirected candidate link: (i, j, cosine) with i < j.
pub type Edge = (u32, u32, f32);

/// Links below this cosine are noise whatever the threshold.
const MIN_LINK: f32 = 0.05;

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
                let scope = Scope { postings: &postings, sorted_times: &sorted_times, span };
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
    for &(term, w) in &items.vectors[i as usize] {
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
        if j != i && score >= MIN_LINK && compatible {
            found.push((score, j));
        }
    }
    found.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.truncate(config.neighbours);
    found
        .into_iter()
        .map(|(_, j)| {
            let sim = dot(&items.vectors[i as usize], &items.vectors[j as usize]);
            (i.min(j), i.max(j), sim)
        })
        .collect()
}
