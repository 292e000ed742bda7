//! Articles as weighted term vectors.
//!
//! A term's weight is what makes it worth matching on: rare in the corpus (smoothed idf), in the
//! headline rather than the summary (`title_weight`), and a name or a number (`name_boost`).
//! Names are found across the corpus: a term is a name when it is mostly written capitalised where
//! a capital is not required (mid-sentence, outside Title Case headlines), so "Gox" in one Title
//! Case headline is known as a name from another outlet's sentence-case one. Vectors are sparse,
//! sorted by term, L2-normalised; term ids are a fixed 64-bit hash of the stem, so they are the
//! same on every run and every thread.

use super::Doc;
use super::config::ClusterConfig;
use super::tokenise::{Tokeniser, Tongue};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A term id: FNV-1a of the stem.
pub type Term = u64;
/// Sorted by term, L2-normalised.
pub type Vector = Vec<(Term, f32)>;

/// Maps keyed by term ids, which are hashes already.
pub type TermMap<V> = HashMap<Term, V, BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub fn term_id(stem: &str) -> Term {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in stem.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One article's terms before corpus weighting.
struct Counted {
    tongue: Tongue,
    /// (term, weighted count, numeric, informative capitalisations, capitalised ones), by term.
    terms: Vec<(Term, f32, bool, u32, u32)>,
}

/// What the corpus says about a term.
#[derive(Default, Clone, Copy)]
pub struct TermStats {
    pub df: u32,
    informative: u32,
    capital: u32,
}

impl TermStats {
    pub fn is_name(&self) -> bool {
        self.informative > 0 && self.capital * 2 > self.informative
    }
}

/// Corpus statistics: document frequencies and name evidence.
pub struct Corpus {
    pub docs: usize,
    pub stats: TermMap<TermStats>,
}

impl Corpus {
    pub fn idf(&self, term: Term) -> f32 {
        let df = self.stats.get(&term).map_or(0, |s| s.df);
        ((self.docs as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
    }
}

/// The vectors of `docs` (and their tongues), weighted by statistics over the same docs.
pub fn vectorise(docs: &[&Doc], config: &ClusterConfig) -> (Vec<Vector>, Vec<Tongue>, Corpus) {
    let counted: Vec<Counted> = docs
        .par_iter()
        .map_init(Tokeniser::default, |tokeniser, d| {
            count(d, tokeniser, config)
        })
        .collect();
    let corpus = corpus(&counted);
    let vectors = counted
        .par_iter()
        .map(|c| weigh(c, &corpus, config))
        .collect();
    let tongues = counted.iter().map(|c| c.tongue).collect();
    (vectors, tongues, corpus)
}

fn count(doc: &Doc, tokeniser: &mut Tokeniser, config: &ClusterConfig) -> Counted {
    let summary = doc.summary.unwrap_or("");
    let mut terms: Vec<(Term, f32, bool, u32, u32)> = Vec::new();
    let tongue = tokeniser.each(doc.title, summary, |t| {
        let weight = if t.in_title {
            config.title_weight.max(0.0) as f32
        } else {
            1.0
        };
        let (informative, capital) = match t.capital {
            Some(c) => (1, u32::from(c)),
            None => (0, 0),
        };
        terms.push((term_id(t.stem), weight, t.numeric, informative, capital));
    });
    terms.sort_unstable_by_key(|t| t.0);
    terms.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
            kept.3 += next.3;
            kept.4 += next.4;
        }
        same
    });
    Counted { tongue, terms }
}

fn corpus(counted: &[Counted]) -> Corpus {
    let stats = counted
        .par_iter()
        .fold(TermMap::default, |mut map: TermMap<TermStats>, c| {
            for &(term, _, _, informative, capital) in &c.terms {
                let s = map.entry(term).or_default();
                s.df += 1;
                s.informative += informative;
                s.capital += capital;
            }
            map
        })
        .reduce(TermMap::default, |a, b| {
            let (mut big, small) = if a.len() < b.len() { (b, a) } else { (a, b) };
            for (term, s) in small {
                let t = big.entry(term).or_default();
                t.df += s.df;
                t.informative += s.informative;
                t.capital += s.capital;
            }
            big
        });
    Corpus {
        docs: counted.len(),
        stats,
    }
}

fn weigh(counted: &Counted, corpus: &Corpus, config: &ClusterConfig) -> Vector {
    let boost = config.name_boost.max(0.0) as f32;
    let mut vector: Vector = counted
        .terms
        .iter()
        .map(|&(term, count, numeric, _, _)| {
            let name = corpus.stats.get(&term).is_some_and(TermStats::is_name);
            let b = if numeric || name { boost } else { 1.0 };
            (term, tf(count) * corpus.idf(term) * b)
        })
        .collect();
    normalise(&mut vector);
    vector
}

/// Sublinear term frequency, 1 + ln(count): a term seen once (in the summary) weighs 1, a title
/// term (`title_weight` 2) 1.69; below one count (a title weight under 1) it is the count itself.
fn tf(count: f32) -> f32 {
    if count >= 1.0 {
        1.0 + count.ln()
    } else {
        count.max(0.0)
    }
}

pub fn normalise(vector: &mut [(Term, f32)]) {
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// Dot product of two sorted sparse vectors. A short vector against a long one (an article
/// against a large group) looks its terms up rather than walking both.
pub fn dot(a: &[(Term, f32)], b: &[(Term, f32)]) -> f32 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() * 8 < long.len() {
        let mut rest = long;
        let mut sum = 0.0;
        for &(t, w) in short {
            match rest.binary_search_by_key(&t, |e| e.0) {
                Ok(k) => {
                    sum += w * rest[k].1;
                    rest = &rest[k + 1..];
                }
                Err(k) => rest = &rest[k..],
            }
        }
        return sum;
    }
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}
