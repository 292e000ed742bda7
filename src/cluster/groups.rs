//! The groups being built by `agglomerate`: members, the sum of their vectors, their links.

use super::tokenise::Tongue;
use super::vectorise::{Term, Vector, dot};

/// Terms a group's sum keeps (its heaviest): a story's profile lives in its top terms, and the
/// long tail of words single articles bring would make every comparison with a large group slow.
const PROFILE_TERMS: usize = 256;

/// One group being built.
pub struct Group {
    pub members: Vec<u32>,
    /// The sum of the members' unit vectors (sorted by term).
    pub sum: Vec<(Term, f32)>,
    pub norm: f32,
    pub tongue: Tongue,
    /// Only articles that were grouped before (incremental runs): two such groups never merge.
    pub settled: bool,
    /// Bumped on every merge: heap entries made before are stale.
    pub version: u32,
    pub alive: bool,
    /// The linked groups that scored best at the last full rescoring, and the size then: a large
    /// group rescans all its links only when it has grown by a quarter, and between two rescans
    /// rescores this shortlist and the links new to it, which keeps large groups cheap.
    pub shortlist: Vec<u32>,
    pub scanned_at: usize,
    /// Mean similarity of the members' pairs when the second pass began, weighted over the groups
    /// merged since (with the number of members it stands for).
    pub seed: Option<(f32, f32)>,
}

impl Group {
    pub fn new(members: Vec<u32>, settled: bool, vectors: &[Vector], tongues: &[Tongue]) -> Group {
        let mut sum: Vec<(Term, f32)> = Vec::new();
        let mut tongue = Tongue::Unknown;
        for &m in &members {
            sum = add(&sum, &vectors[m as usize]);
            tongue = join_tongue(tongue, tongues[m as usize]);
        }
        let norm = dot(&sum, &sum).sqrt();
        Group {
            members,
            sum,
            norm,
            tongue,
            settled,
            version: 0,
            alive: true,
            shortlist: Vec::new(),
            scanned_at: 0,
            seed: None,
        }
    }

    pub fn len(&self) -> f32 {
        self.members.len() as f32
    }

    /// Mean similarity of the pairs across two groups (average linkage).
    pub fn mean_similarity(&self, other: &Group) -> f32 {
        dot(&self.sum, &other.sum) / (self.len() * other.len()).max(1.0)
    }

    /// Mean similarity of the members' pairs (none for a single member).
    pub fn cohesion(&self) -> Option<f32> {
        let n = self.len();
        (n >= 2.0).then(|| ((self.norm * self.norm - n) / (n * (n - 1.0))).max(0.0))
    }

    /// Mean similarity of the pairs the two would have together.
    pub fn merged_cohesion(&self, other: &Group) -> f32 {
        let n = self.len() + other.len();
        let cross = dot(&self.sum, &other.sum);
        let square = self.norm * self.norm + other.norm * other.norm + 2.0 * cross;
        (square - n) / (n * (n - 1.0))
    }

    /// Whether the two may merge at all.
    pub fn may_join(&self, other: &Group) -> bool {
        !(self.settled && other.settled) && self.tongue.compatible(other.tongue)
    }
}

fn join_tongue(a: Tongue, b: Tongue) -> Tongue {
    if a == Tongue::Unknown { b } else { a }
}

/// The sum of two sorted sparse vectors.
fn add(a: &[(Term, f32)], b: &[(Term, f32)]) -> Vec<(Term, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Merges groups `x` and `y` into the lower id, which it returns with the links new to it.
pub fn merge(
    groups: &mut [Group],
    links: &mut [Vec<u32>],
    x: usize,
    y: usize,
) -> (usize, Vec<u32>) {
    let (keep, gone) = (x.min(y), x.max(y));
    let members = std::mem::take(&mut groups[gone].members);
    let sum = std::mem::take(&mut groups[gone].sum);
    let shortlist = std::mem::take(&mut groups[gone].shortlist);
    groups[gone].alive = false;
    let (tongue, settled) = (groups[gone].tongue, groups[gone].settled);
    let seed = groups[gone].seed;
    let g = &mut groups[keep];
    g.members.extend(members);
    g.sum = add(&g.sum, &sum);
    if g.sum.len() > PROFILE_TERMS * 3 / 2 {
        g.sum
            .sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        g.sum.truncate(PROFILE_TERMS);
        g.sum.sort_unstable_by_key(|e| e.0);
    }
    g.norm = dot(&g.sum, &g.sum).sqrt();
    g.tongue = join_tongue(g.tongue, tongue);
    g.settled &= settled;
    g.seed = match (g.seed, seed) {
        (Some((x, n)), Some((y, m))) => Some(((x * n + y * m) / (n + m), n + m)),
        (one, other) => one.or(other),
    };
    g.version += 1;
    g.shortlist.extend(shortlist);
    g.shortlist
        .retain(|&n| n as usize != keep && n as usize != gone);
    g.shortlist.sort_unstable();
    g.shortlist.dedup();
    let gone_links = std::mem::take(&mut links[gone]);
    for &n in &gone_links {
        let list = &mut links[n as usize];
        if let Ok(k) = list.binary_search(&(gone as u32)) {
            list.remove(k);
        }
        if n as usize != keep
            && let Err(k) = list.binary_search(&(keep as u32))
        {
            list.insert(k, keep as u32);
        }
    }
    let mut joined = std::mem::take(&mut links[keep]);
    let fresh: Vec<u32> = gone_links
        .into_iter()
        .filter(|&n| n as usize != keep && joined.binary_search(&n).is_err())
        .collect();
    if let Ok(k) = joined.binary_search(&(gone as u32)) {
        joined.remove(k);
    }
    joined.extend(&fresh);
    joined.sort_unstable();
    links[keep] = joined;
    (keep, fresh)
}
