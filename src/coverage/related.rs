//! Related stories and similar topics, computed once for the whole site.
//!
//! Related stories share topics and distinctive words (tf-idf over each story's title, summary and
//! article headlines). An inverted index keeps this near-linear: a story is only compared with
//! stories that share one of its terms, and terms so common that they would link everything
//! (longer postings than `MAX_POSTING`) are skipped.

use super::text::{Terms, Vector, tf_idf};
use crate::model::Story;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Terms kept per story, by weight.
const TERMS_PER_STORY: usize = 30;
/// Terms found in more stories than this are too common to relate stories.
const MAX_POSTING: usize = 400;
/// A shared topic counts this much more than a shared word.
const TOPIC_WEIGHT: f64 = 3.0;
/// Scores below this are not "related".
const MIN_SCORE: f64 = 0.08;
/// Stories that share no topic must share much more of their words.
const MIN_SCORE_WITHOUT_TOPIC: f64 = 0.3;

/// For each story, up to `max` related stories (indices), best first.
pub fn related_stories(stories: &[Story], max: usize) -> Vec<Vec<usize>> {
    if max == 0 || stories.len() < 2 {
        return vec![Vec::new(); stories.len()];
    }
    let terms = Terms::default();
    let documents: Vec<Vec<String>> = stories.par_iter().map(|s| features(s, &terms)).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for doc in &documents {
        let mut unique: Vec<&str> = doc.iter().map(String::as_str).collect();
        unique.sort_unstable();
        unique.dedup();
        for t in unique {
            *df.entry(t).or_default() += 1;
        }
    }
    let n = stories.len() as f64;
    let idf = |t: &str| {
        let base = (n / df.get(t).copied().unwrap_or(1) as f64).ln() + 1.0;
        if t.starts_with("topic:") {
            base * TOPIC_WEIGHT
        } else {
            base
        }
    };
    let vectors: Vec<Vector> = documents
        .par_iter()
        .map(|doc| {
            let mut v = tf_idf(doc, idf);
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(TERMS_PER_STORY);
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        })
        .collect();

    let mut postings: BTreeMap<&str, Vec<(usize, f64)>> = BTreeMap::new();
    for (i, v) in vectors.iter().enumerate() {
        for (t, w) in v {
            postings.entry(t).or_default().push((i, *w));
        }
    }
    postings.retain(|_, p| p.len() <= MAX_POSTING);

    (0..stories.len())
        .into_par_iter()
        .map(|i| {
            // (combined score, shares a topic)
            let mut scores: HashMap<usize, (f64, bool)> = HashMap::new();
            for (t, w) in &vectors[i] {
                let topic = t.starts_with("topic:");
                for &(j, wj) in postings
                    .get(t.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                {
                    if j != i {
                        let entry = scores.entry(j).or_default();
                        entry.0 += w * wj;
                        entry.1 |= topic;
                    }
                }
            }
            let mut ranked: Vec<(usize, f64)> = scores
                .into_iter()
                .filter(|(_, (score, shared))| {
                    *score
                        >= if *shared {
                            MIN_SCORE
                        } else {
                            MIN_SCORE_WITHOUT_TOPIC
                        }
                })
                .map(|(j, (score, _))| (j, score))
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            ranked.into_iter().take(max).map(|(j, _)| j).collect()
        })
        .collect()
}

/// Topics that appear together with a story's topics on other stories, most frequent first:
/// for each story, up to `max` topic slugs it does not carry itself.
pub fn similar_topics(stories: &[Story], max: usize) -> Vec<Vec<String>> {
    let mut together: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for story in stories {
        for a in &story.topics {
            for b in &story.topics {
                if a.slug != b.slug {
                    *together
                        .entry(&a.slug)
                        .or_default()
                        .entry(&b.slug)
                        .or_default() += 1;
                }
            }
        }
    }
    stories
        .iter()
        .map(|story| {
            let own: Vec<&str> = story.topics.iter().map(|t| t.slug.as_str()).collect();
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for t in &own {
                for (other, n) in together.get(t).into_iter().flatten() {
                    if !own.contains(other) {
                        *counts.entry(other).or_default() += n;
                    }
                }
            }
            let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            ranked
                .into_iter()
                .take(max)
                .map(|(t, _)| t.to_string())
                .collect()
        })
        .collect()
}

fn features(story: &Story, terms: &Terms) -> Vec<String> {
    let mut text = format!("{} {} {}", story.title, story.title, story.summary);
    for a in &story.articles {
        text.push(' ');
        text.push_str(&a.title);
    }
    let mut out = terms.of(&text);
    out.extend(story.topics.iter().map(|t| format!("topic:{}", t.slug)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

    fn story(slug: &str, title: &str, topics: &[&str]) -> Story {
        let mut story = Story::for_test(slug, title);
        story.topics = topics
            .iter()
            .map(|t| Topic {
                slug: t.to_string(),
                name: t.to_string(),
            })
            .collect();
        story
    }

    fn stories() -> Vec<Story> {
        vec![
            story(
                "a",
                "Japan and South Korea agree defence drills",
                &["defence", "asia"],
            ),
            story(
                "b",
                "South Korea defence minister visits Japan navy base",
                &["defence", "asia"],
            ),
            story(
                "c",
                "Floods hit Brazilian city after record rain",
                &["weather", "brazil"],
            ),
            story(
                "d",
                "Record rain brings floods to southern Brazil",
                &["weather", "brazil"],
            ),
            story("e", "Central bank cuts interest rates", &["economy"]),
        ]
    }

    #[test]
    fn stories_sharing_topics_and_words_are_related() {
        let related = related_stories(&stories(), 3);
        assert_eq!(related[0].first(), Some(&1));
        assert_eq!(related[2].first(), Some(&3));
        assert!(
            related[4].is_empty(),
            "a story sharing nothing has no related stories: {:?}",
            related[4]
        );
        assert!(!related[0].contains(&0), "a story is not related to itself");
    }

    #[test]
    fn similar_topics_are_those_found_together_elsewhere() {
        let mut s = stories();
        s.push(story("f", "Typhoon season", &["weather", "asia"]));
        let similar = similar_topics(&s, 5);
        // Story c carries weather and brazil; asia appears with weather on story f.
        assert_eq!(similar[2], vec!["asia".to_string()]);
        assert!(similar[4].is_empty());
    }
}
