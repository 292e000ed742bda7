//! Words for comparing texts: lowercase, stemmed (Snowball English), without stop words; and
//! sparse term vectors with cosine similarity. Small and deterministic (vectors are sorted).

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeMap;

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

impl Terms {
    /// The stemmed, non-stop-word terms of `text`, in order.
    pub fn of(&self, text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
            .map(|w| {
                w.strip_suffix("'s")
                    .or_else(|| w.strip_suffix("’s"))
                    .map(str::to_string)
                    .unwrap_or(w)
            })
            .filter(|w| {
                w.chars().count() > 1
                    && !STOP_WORDS.contains(&w.as_str())
                    && !w.chars().all(|c| c.is_numeric())
            })
            .map(|w| self.stemmer.stem(&w).into_owned())
            .collect()
    }
}

/// A sparse vector: sorted (term, weight), L2-normalised by `normalise`.
pub type Vector = Vec<(String, f64)>;

/// Term frequencies weighted by `idf`, L2-normalised.
pub fn tf_idf(terms: &[String], idf: impl Fn(&str) -> f64) -> Vector {
    let mut counts: BTreeMap<&str, f64> = BTreeMap::new();
    for t in terms {
        *counts.entry(t).or_default() += 1.0;
    }
    let vector: Vector = counts
        .into_iter()
        .map(|(t, n)| (t.to_string(), n * idf(t)))
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
        let v = |s: &str| tf_idf(&t.of(s), |_| 1.0);
        let a = v("defence ministers agree joint drills");
        let b = v("ministers agree on joint defence drills");
        let c = v("flood waters rise in the old town");
        assert!(cosine(&a, &b) > 0.9);
        assert_eq!(cosine(&a, &c), 0.0);
    }
}
