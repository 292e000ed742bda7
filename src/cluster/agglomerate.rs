//! Grouping along the candidate graph: best-first merging of groups by centroid similarity.
//!
//! Each group keeps the sum of its articles' unit vectors. The cosine of two such sums is the
//! mean similarity across the two groups divided by the geometric mean of their inner cohesion,
//! so one threshold serves both tight stories (long lead paragraphs, high similarities) and loose
//! ones (many short headlines, low similarities everywhere). It resists chaining: A~B and B~C
//! merge C only when C resembles the whole of A+B, not one member. Pairs are merged strictly best
//! first with ties broken by group id, so the result does not depend on thread count; groups only
//! meet along candidate links, which never cross the time window.

use super::candidates::Edge;
use super::config::ClusterConfig;
use super::tokenise::Tongue;
use super::vectorise::{Term, Vector, dot};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One group being built.
struct Group {
    members: Vec<u32>,
    sum: Vec<(Term, f32)>,
    norm: f32,
    tongue: Tongue,
    /// Only articles that were grouped before (incremental runs): two such groups never merge.
    settled: bool,
    /// Size when all its links were last rescored: links are rescored as the group grows by a
    /// quarter (and on their turn in the heap), not on every merge, which keeps large groups cheap.
    refreshed: usize,
    version: u32,
    alive: bool,
}

/// A possible merge in the heap.
struct Candidate {
    score: f32,
    a: u32,
    b: u32,
    versions: (u32, u32),
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

/// The starting point: groups of article indices, and whether each is settled.
pub struct Start {
    pub groups: Vec<Vec<u32>>,
    pub settled: Vec<bool>,
}

/// Merges the `start` groups along `edges` (between articles) while the best pair's centroid
/// cosine reaches the threshold. Returns the final groups (members ascending, by first member).
pub fn agglomerate(
    start: Start,
    edges: &[Edge],
    vectors: &[Vector],
    tongues: &[Tongue],
    config: &ClusterConfig,
) -> Vec<Vec<u32>> {
    let mut group_of = vec![u32::MAX; vectors.len()];
    let mut groups: Vec<Group> = Vec::with_capacity(start.groups.len());
    for (g, (members, settled)) in start.groups.into_iter().zip(start.settled).enumerate() {
        for &m in &members {
            group_of[m as usize] = g as u32;
        }
        groups.push(group(members, settled, vectors, tongues));
    }
    let mut links: Vec<Vec<u32>> = vec![Vec::new(); groups.len()];
    for &(i, j, _) in edges {
        let (a, b) = (group_of[i as usize], group_of[j as usize]);
        if a != b && a != u32::MAX && b != u32::MAX {
            links[a as usize].push(b);
            links[b as usize].push(a);
        }
    }
    for list in links.iter_mut() {
        list.sort_unstable();
        list.dedup();
    }
    for phase in [Phase::Tight, Phase::Grow] {
        let mut heap = BinaryHeap::new();
        for (a, list) in links.iter().enumerate() {
            if !groups[a].alive {
                continue;
            }
            for &b in list.iter().filter(|&&b| b > a as u32) {
                push(&mut heap, &groups, a as u32, b, phase, config);
            }
        }
        while let Some(c) = heap.pop() {
            let (a, b) = (c.a as usize, c.b as usize);
            if !groups[a].alive || !groups[b].alive {
                continue;
            }
            if c.versions != (groups[a].version, groups[b].version) {
                push(&mut heap, &groups, c.a, c.b, phase, config);
                continue;
            }
            let fresh = merge(&mut groups, &mut links, a, b);
            let g = &mut groups[a];
            let recheck = if g.members.len() * 4 >= g.refreshed * 5 {
                g.refreshed = g.members.len();
                links[a].clone()
            } else {
                fresh
            };
            for n in recheck {
                push(&mut heap, &groups, a as u32, n, phase, config);
            }
        }
    }
    let mut out: Vec<Vec<u32>> = groups
        .into_iter()
        .filter(|g| g.alive)
        .map(|mut g| {
            g.members.sort_unstable();
            g.members
        })
        .collect();
    out.sort_unstable_by_key(|m| m.first().copied());
    out
}

fn group(members: Vec<u32>, settled: bool, vectors: &[Vector], tongues: &[Tongue]) -> Group {
    let mut sum: Vec<(Term, f32)> = Vec::new();
    let mut tongue = Tongue::Unknown;
    for &m in &members {
        sum = add(&sum, &vectors[m as usize]);
        tongue = join_tongue(tongue, tongues[m as usize]);
    }
    let norm = dot(&sum, &sum).sqrt();
    let refreshed = members.len();
    Group {
        members,
        sum,
        norm,
        tongue,
        settled,
        refreshed,
        version: 0,
        alive: true,
    }
}

fn join_tongue(a: Tongue, b: Tongue) -> Tongue {
    if a == Tongue::Unknown { b } else { a }
}

/// The sum of two sorted sparse vectors.
fn add(a: &[(Term, f32)], b: &[(Term, f32)]) -> Vec<(Term, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (_, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Tight,
    Grow,
}

fn push(
    heap: &mut BinaryHeap<Candidate>,
    groups: &[Group],
    a: u32,
    b: u32,
    phase: Phase,
    config: &ClusterConfig,
) {
    let (a, b) = (a.min(b), a.max(b));
    let (ga, gb) = (&groups[a as usize], &groups[b as usize]);
    if (ga.settled && gb.settled) || !ga.tongue.compatible(gb.tongue) {
        return;
    }
    let (na, nb) = (ga.members.len() as f32, gb.members.len() as f32);
    let score = match phase {
        Phase::Tight => dot(&ga.sum, &gb.sum) / (na * nb) - config.threshold as f32,
        Phase::Grow if na.max(nb) >= config.grow_size as f32 => {
            similarity(ga, gb) - config.grow_threshold as f32
        }
        Phase::Grow => return,
    };
    if score >= 0.0 {
        heap.push(Candidate {
            score,
            a,
            b,
            versions: (ga.version, gb.version),
        });
    }
}

fn similarity(a: &Group, b: &Group) -> f32 {
    if a.norm <= 0.0 || b.norm <= 0.0 {
        return 0.0;
    }
    dot(&a.sum, &b.sum) / (a.norm * b.norm)
}

/// Merges group `b` into group `a` (a < b); returns the groups newly linked to `a`.
fn merge(groups: &mut [Group], links: &mut [Vec<u32>], a: usize, b: usize) -> Vec<u32> {
    let taken = std::mem::take(&mut groups[b].members);
    let b_sum = std::mem::take(&mut groups[b].sum);
    groups[b].alive = false;
    let (b_tongue, b_settled) = (groups[b].tongue, groups[b].settled);
    let g = &mut groups[a];
    g.members.extend(taken);
    g.sum = add(&g.sum, &b_sum);
    g.norm = dot(&g.sum, &g.sum).sqrt();
    g.tongue = join_tongue(g.tongue, b_tongue);
    g.settled &= b_settled;
    g.version += 1;
    let b_links = std::mem::take(&mut links[b]);
    for &n in &b_links {
        let list = &mut links[n as usize];
        list.retain(|&x| x != b as u32);
        if n as usize != a && !list.contains(&(a as u32)) {
            list.push(a as u32);
        }
    }
    let mut joined = std::mem::take(&mut links[a]);
    let fresh: Vec<u32> = b_links
        .into_iter()
        .filter(|&x| x != a as u32 && joined.binary_search(&x).is_err())
        .collect();
    joined.retain(|&x| x != b as u32);
    joined.extend(&fresh);
    joined.sort_unstable();
    links[a] = joined;
    fresh
}
