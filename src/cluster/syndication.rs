//! Wire copy: the same text reposted by several outlets.
//!
//! Two articles of a group are copies when the Jaccard similarity of their word sets (title and
//! summary, lowercase, unstemmed, stop words kept: a copy is the same text, not the same topic)
//! reaches the threshold and they come from different sources. Candidates come from prefix
//! filtering (the classic exact set-similarity join): two sets can only reach Jaccard `t` if they
//! share one of their `|x| - ceil(t |x|) + 1` rarest words, so a group of thousands of articles is
//! not compared pair by pair.

use super::Doc;
use super::vectorise::{Term, TermMap, term_id};
use std::collections::BTreeMap;
use unicode_segmentation::UnicodeSegmentation;

/// Texts shorter than this many distinct words are too short to call copies ("Both ways").
const MIN_WORDS: usize = 4;

/// The sets of copies among `group` (indices into `docs`): each set has articles from at least
/// two sources, the earliest published first (ties by index), then the others in the same order.
pub fn copies(docs: &[Doc], group: &[usize], threshold: f64) -> Vec<Vec<usize>> {
    let threshold = threshold.clamp(0.01, 1.0);
    let sets: Vec<Vec<Term>> = group.iter().map(|&i| words(&docs[i])).collect();
    let mut frequency: TermMap<usize> = TermMap::default();
    for set in &sets {
        for &w in set {
            *frequency.entry(w).or_default() += 1;
        }
    }
    let mut prefixes: BTreeMap<(usize, Term), Vec<usize>> = BTreeMap::new();
    for (k, set) in sets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.len() >= MIN_WORDS)
    {
        let mut rare: Vec<(usize, Term)> = set.iter().map(|&w| (frequency[&w], w)).collect();
        rare.sort_unstable();
        let prefix = set.len() - (threshold * set.len() as f64).ceil() as usize + 1;
        for &key in rare.iter().take(prefix) {
            prefixes.entry(key).or_default().push(k);
        }
    }
    let mut parent: Vec<usize> = (0..group.len()).collect();
    for members in prefixes.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let (da, db) = (&docs[group[a]], &docs[group[b]]);
                if da.source != db.source && jaccard(&sets[a], &sets[b]) >= threshold {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    sets_of(docs, group, &mut parent)
}

/// The distinct lowercase words of an article's title and summary, sorted.
fn words(doc: &Doc) -> Vec<Term> {
    let text = [doc.title, doc.summary.unwrap_or("")];
    let mut set: Vec<Term> = text
        .iter()
        .flat_map(|t| t.unicode_words())
        .take(2_000)
        .map(lowercase_id)
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// `term_id` of the word in lowercase, without making the lowercase string for ASCII words.
fn lowercase_id(word: &str) -> Term {
    if word.is_ascii() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in word.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    } else {
        term_id(&word.to_lowercase())
    }
}

fn jaccard(a: &[Term], b: &[Term]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let either = a.len() + b.len() - both;
    if either == 0 {
        0.0
    } else {
        both as f64 / either as f64
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The union-find's sets of two or more, each ordered by (published, index), by first member.
fn sets_of(docs: &[Doc], group: &[usize], parent: &mut [usize]) -> Vec<Vec<usize>> {
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &i) in group.iter().enumerate() {
        let root = find(parent, k);
        sets.entry(root).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = sets
        .into_values()
        .filter(|s| s.len() > 1)
        .map(|mut s| {
            s.sort_by_key(|&i| (docs[i].published, i));
            s
        })
        .collect();
    out.sort_by_key(|s| (docs[s[0]].published, s[0]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_ids_are_those_of_the_lowercase_word() {
        for word in ["Kovar", "ACCORD", "tallinn", "Ωμέγα", "ÉTÉ", "Straße"] {
            assert_eq!(lowercase_id(word), term_id(&word.to_lowercase()), "{word}");
        }
    }
}
