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
use super::groups::{Group, merge};
use super::tokenise::Tongue;
use super::vectorise::Vector;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Linked groups remembered per group between two full rescans.
const SHORTLIST: usize = 16;

/// A group's best merge, in the heap.
struct Candidate {
    score: f32,
    owner: u32,
    partner: u32,
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
        let key = |c: &Candidate| (c.owner.min(c.partner), c.owner.max(c.partner), c.owner);
        self.score.total_cmp(&other.score).then_with(|| key(other).cmp(&key(self)))
    }
}

/// The starting point: groups of article indices, and whether each is settled.
pub struct Start {
    pub groups: Vec<Vec<u32>>,
    pub settled: Vec<bool>,
}

/// The two passes: strict average linkage first, then large groups grow by centroid.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Tight,
    Grow,
}

/// The state both passes work on.
struct Work<'c> {
    groups: Vec<Group>,
    links: Vec<Vec<u32>>,
    /// Where a merged-away group went (itself while alive).
    into: Vec<u32>,
    config: &'c ClusterConfig,
}

/// Merges the `start` groups along `edges` (between articles), best pair first, in two passes.
/// Returns the final groups (members ascending, by first member).
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
        groups.push(Group::new(members, settled, vectors, tongues));
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
    let into = (0..groups.len() as u32).collect();
    let mut work = Work { groups, links, into, config };
    for phase in [Phase::Tight, Phase::Grow] {
        work.run(phase);
    }
    let mut out: Vec<Vec<u32>> = work
        .groups
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

impl Work<'_> {
    fn run(&mut self, phase: Phase) {
        let mut heap = BinaryHeap::new();
        for a in 0..self.groups.len() {
            self.groups[a].scanned_at = 0;
            if self.groups[a].alive {
                heap.extend(self.best(a, phase, &[]));
            }
        }
        while let Some(c) = heap.pop() {
            let (a, b) = (c.owner as usize, c.partner as usize);
            if !self.groups[a].alive {
                continue;
            }
            if !self.groups[b].alive || c.versions != (self.groups[a].version, self.groups[b].version) {
                heap.extend(self.best(a, phase, &[]));
                continue;
            }
            let (keep, fresh) = merge(&mut self.groups, &mut self.links, a, b);
            self.into[a.max(b)] = keep as u32;
            heap.extend(self.best(keep, phase, &fresh));
        }
    }

    /// Group `a`'s best merge in `phase`, if any reaches its threshold: all its links are scored
    /// when it has grown by a quarter since the last full scan, else its shortlist and `fresh`.
    fn best(&mut self, a: usize, phase: Phase, fresh: &[u32]) -> Option<Candidate> {
        let full = self.groups[a].members.len() >= self.groups[a].scanned_at * 2;
        let mut pool: Vec<u32> = if full {
            self.links[a].clone()
        } else {
            let listed = std::mem::take(&mut self.groups[a].shortlist);
            let mut pool: Vec<u32> = listed.into_iter().map(|n| self.current(n)).collect();
            pool.extend(fresh);
            pool.retain(|&n| n as usize != a);
            pool.sort_unstable();
            pool.dedup();
            pool
        };
        let mut scored: Vec<(f32, u32)> = pool
            .drain(..)
            .filter_map(|n| Some((self.score(a, n as usize, phase)?, n)))
            .collect();
        scored.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.truncate(SHORTLIST);
        let g = &mut self.groups[a];
        if full {
            g.scanned_at = g.members.len();
        }
        g.shortlist = scored.iter().map(|s| s.1).collect();
        let &(score, b) = scored.first()?;
        let versions = (self.groups[a].version, self.groups[b as usize].version);
        (score >= 0.0).then_some(Candidate { score, owner: a as u32, partner: b, versions })
    }

    /// How far the pair is above its threshold (`None`: they may not merge in this phase).
    fn score(&self, a: usize, b: usize, phase: Phase) -> Option<f32> {
        let (ga, gb) = (&self.groups[a], &self.groups[b]);
        if !gb.alive || !ga.may_join(gb) {
            return None;
        }
        match phase {
            Phase::Tight => Some(ga.mean_similarity(gb) - self.config.threshold as f32),
            Phase::Grow if ga.len().max(gb.len()) >= self.config.grow_size as f32 => {
                Some(ga.centroid_similarity(gb) - self.config.grow_threshold as f32)
            }
            Phase::Grow => None,
        }
    }

    /// The live group a group id now belongs to.
    fn current(&mut self, mut g: u32) -> u32 {
        while self.into[g as usize] != g {
            let next = self.into[g as usize];
            self.into[g as usize] = self.into[next as usize];
            g = next;
        }
        g
    }
}
