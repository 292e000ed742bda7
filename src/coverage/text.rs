//! Words for comparing texts: lowercase, stemmed (Snowball English), without stop words; and
//! sparse term vectors with cosine similarity. Small and deterministic (vectors are sorted).

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::sync::OnceLock;

/// Words too common to say anything about a story.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "may",
    "me",
    "more",
    "most",
    "mr",
    "ms",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "week",
    "day",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Turns text into comparable terms.
pub struct Terms {
    stemmer: Stemmer,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

/// Stems cached per thread before the cache is cleared (bounds memory on huge sites).
const MAX_CACHED: usize = 100_000;

thread_local! {
    /// Lowercase word -> its English stem: most words recur across a site's articles, and
    /// stemming is the costly part of `Terms::of`.
    static STEMS: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::default();
}

fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

impl Terms {
    /// The stemmed, non-stop-word terms of `text`, in order.
    #[cfg(test)]
    pub fn of(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.each(text, |term| out.push(term.to_string()));
        out
    }

    /// Calls `emit` with each stemmed, non-stop-word term of `text`, in order, without making a
    /// string of it.
    pub fn each(&self, text: &str, mut emit: impl FnMut(&str)) {
        let mut lower = String::new();
        STEMS.with_borrow_mut(|cache| {
            for word in text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’') {
                let word = word.trim_matches(|c| c == '\'' || c == '’');
                if word.is_empty() {
                    continue;
                }
                lower.clear();
                if word.is_ascii() {
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                } else {
                    lower.push_str(&word.to_lowercase());
                }
                let w = lower
                    .strip_suffix("'s")
                    .or_else(|| lower.strip_suffix("’s"))
                    .unwrap_or(&lower);
                if w.chars().nth(1).is_none() || is_stop_word(w) || w.chars().all(char::is_numeric)
                {
                    continue;
                }
                if !cache.contains_key(w) {
                    if cache.len() >= MAX_CACHED {
                        cache.clear();
                    }
                    cache.insert(w.into(), self.stemmer.stem(w).into());
                }
                emit(&cache[w]);
            }
        });
    }
}

/// Terms as dense ids, in the order they were first met (so the ids are the same on every run).
#[derive(Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    /// The terms of `text` (see [`Terms::each`]) as ids.
    pub fn terms(&mut self, terms: &Terms, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        terms.each(text, |t| out.push(self.id(t)));
        out
    }

    /// For each id, the rank of its term in string order: ids renumbered by these sort as their
    /// terms do, so vectors over them are summed in the same order as over the terms.
    pub fn ranks(&self) -> Vec<u32> {
        let mut by_name: Vec<u32> = (0..self.names.len() as u32).collect();
        by_name.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut rank = vec![0; by_name.len()];
        for (r, id) in by_name.into_iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        rank
    }
}

/// A sparse vector: (term id, weight) sorted by id, L2-normalised by `normalise`.
pub type Vector = Vec<(u32, f64)>;

/// Term frequencies weighted by `idf`, L2-normalised.
pub fn tf_idf(terms: &[u32], idf: impl Fn(u32) -> f64) -> Vector {
    let mut sorted = terms.to_vec();
    sorted.sort_unstable();
    let vector: Vector = sorted
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as f64 * idf(run[0])))
        .collect();
    normalise(vector)
}

pub fn normalise(mut vector: Vector) -> Vector {
    let norm = vector.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut vector {
            *w /= norm;
        }
    }
    vector
}

/// Cosine similarity of two normalised sorted vectors.
pub fn cosine(a: &Vector, b: &Vector) -> f64 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_stemmed_lowercase_and_without_stop_words() {
        let terms = Terms::default().of(
            "The Ministers agreed on Friday to AGREE on drills in 2026, Japan's ministers said.",
        );
        assert_eq!(
            terms,
            ["minist", "agre", "agre", "drill", "japan", "minist"]
        );
    }

    #[test]
    fn similar_texts_have_a_higher_cosine() {
        let t = Terms::default();
        let mut interner = Interner::default();
        let mut v = |s: &str| tf_idf(&interner.terms(&t, s), |_| 1.0);
        let a = v("defence ministers agree joint drills");
        let b = v("ministers agree on joint defence drills");
        let c = v("flood waters rise in the old town");
        assert!(cosine(&a, &b) > 0.9);
        assert_eq!(cosine(&a, &c), 0.0);
    }

    #[test]
    fn ranks_follow_the_terms_string_order() {
        let mut interner = Interner::default();
        let ids = interner.terms(&Terms::default(), "zebra apple mango apple");
        assert_eq!(ids, [0, 1, 2, 1]);
        assert_eq!(interner.ranks(), [2, 0, 1]);
    }
}
