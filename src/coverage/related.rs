//! Related stories and similar topics, computed once for the whole site.
//!
//! Related stories share topics and distinctive words (tf-idf over each story's title, summary and
//! article headlines). An inverted index keeps this near-linear: a story is only compared with
//! stories that share one of its terms, and terms so common that they would link everything
//! (longer postings than `MAX_POSTING`) are skipped.

use super::text::Terms;
use crate::model::Story;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;

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
    // Each story's terms as ids: their hashes (made on every core, a chunk of stories at a time
    // so that they never exist for the whole site at once) numbered in order of first sight.
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let mut documents: Vec<Vec<u32>> = Vec::with_capacity(stories.len());
    for chunk in stories.chunks(FEATURE_CHUNK) {
        let features: Vec<Vec<u64>> = chunk.par_iter().map(|s| features(s, &terms)).collect();
        documents.extend(features.iter().map(|doc| {
            doc.iter()
                .map(|&key| {
                    *ids.entry(key).or_insert_with(|| {
                        keys.push(key);
                        keys.len() as u32 - 1
                    })
                })
                .collect::<Vec<u32>>()
        }));
    }
    drop(ids);
    let mut df = vec![0u32; keys.len()];
    let mut last_seen = vec![u32::MAX; keys.len()];
    for (d, doc) in documents.iter().enumerate() {
        for &t in doc {
            if std::mem::replace(&mut last_seen[t as usize], d as u32) != d as u32 {
                df[t as usize] += 1;
            }
        }
    }
    drop(last_seen);
    let n = stories.len() as f64;
    let idf = |t: u32| {
        let base = (n / f64::from(df[t as usize])).ln() + 1.0;
        if is_topic(keys[t as usize]) {
            base * TOPIC_WEIGHT
        } else {
            base
        }
    };
    let by_key = |a: &u32, b: &u32| keys[*a as usize].cmp(&keys[*b as usize]);
    // tf-idf in the terms' hash order (the order the weights are summed and normalised in: the
    // same whatever the thread count), then each story's heaviest terms, again in that order.
    let vectors: Vec<Vec<(u32, f64)>> = documents
        .into_par_iter()
        .map(|mut doc| {
            doc.sort_unstable_by(by_key);
            let mut v: Vec<(u32, f64)> = doc
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len() as f64 * idf(run[0])))
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| by_key(&a.0, &b.0)));
            v.truncate(TERMS_PER_STORY);
            v.sort_by(|a, b| by_key(&a.0, &b.0));
            v
        })
        .collect();

    // The inverted index: for each term, the stories carrying it, in story order; terms too
    // common to relate stories are left out, which bounds the work per story.
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); keys.len()];
    for (i, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            postings[t as usize].push((i as u32, w));
        }
    }
    for p in &mut postings {
        if p.len() > MAX_POSTING {
            *p = Vec::new();
        }
    }
    let is_topic: Vec<bool> = keys.iter().map(|&k| is_topic(k)).collect();
    drop(keys);

    (0..stories.len())
        .into_par_iter()
        .map_init(
            || Scores::new(stories.len()),
            |scores, i| {
                for &(t, w) in &vectors[i] {
                    let topic = is_topic[t as usize];
                    for &(j, wj) in &postings[t as usize] {
                        if j as usize != i {
                            scores.add(j, w * wj, topic);
                        }
                    }
                }
                let mut ranked: Vec<(usize, f64)> = scores
                    .drain()
                    .filter(|&(_, score, shared)| {
                        score
                            >= if shared {
                                MIN_SCORE
                            } else {
                                MIN_SCORE_WITHOUT_TOPIC
                            }
                    })
                    .map(|(j, score, _)| (j as usize, score))
                    .collect();
                ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                ranked.into_iter().take(max).map(|(j, _)| j).collect()
            },
        )
        .collect()
}

/// Stories whose features are read at once (bounds the memory their terms take).
const FEATURE_CHUNK: usize = 8192;

/// One story's scores against the others: dense by story index, reset after each story by
/// walking only the entries it touched.
struct Scores {
    /// (combined score, shares a topic, touched)
    score: Vec<(f64, bool, bool)>,
    touched: Vec<u32>,
}

impl Scores {
    fn new(stories: usize) -> Self {
        Scores {
            score: vec![(0.0, false, false); stories],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, j: u32, amount: f64, topic: bool) {
        let entry = &mut self.score[j as usize];
        if !std::mem::replace(&mut entry.2, true) {
            self.touched.push(j);
        }
        entry.0 += amount;
        entry.1 |= topic;
    }

    /// Every touched story with its score, leaving all scores at zero.
    fn drain(&mut self) -> impl Iterator<Item = (u32, f64, bool)> + '_ {
        let score = &mut self.score;
        self.touched.drain(..).map(move |j| {
            let (s, shared, _) = std::mem::replace(&mut score[j as usize], (0.0, false, false));
            (j, s, shared)
        })
    }
}

/// Topics that appear together with a story's topics on other stories, most frequent first:
/// for each story, up to `max` topic slugs it does not carry itself.
pub fn similar_topics(stories: &[Story], max: usize) -> Vec<Vec<String>> {
    // Topics by slug order, so that an index order is the slug order.
    let slugs: Vec<&str> = {
        let all: BTreeSet<&str> = stories
            .iter()
            .flat_map(|s| s.topics.iter().map(|t| t.slug.as_str()))
            .collect();
        all.into_iter().collect()
    };
    let index: FxHashMap<&str, u32> = slugs
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let own_topics = |story: &Story| -> Vec<u32> {
        let mut own: Vec<u32> = story
            .topics
            .iter()
            .map(|t| index[t.slug.as_str()])
            .collect();
        own.sort_unstable();
        own.dedup();
        own
    };
    // For each topic, how often each other topic is found on the same story (a story that lists
    // a topic twice counts its pairs as often as before).
    let mut together: Vec<FxHashMap<u32, usize>> = vec![FxHashMap::default(); slugs.len()];
    for story in stories {
        let topics: Vec<u32> = story
            .topics
            .iter()
            .map(|t| index[t.slug.as_str()])
            .collect();
        for &a in &topics {
            for &b in &topics {
                if a != b {
                    *together[a as usize].entry(b).or_default() += 1;
                }
            }
        }
    }
    let together: Vec<Vec<(u32, usize)>> = together
        .into_iter()
        .map(|m| m.into_iter().collect())
        .collect();
    stories
        .par_iter()
        .map_init(
            || (vec![0usize; slugs.len()], Vec::<u32>::new()),
            |(counts, touched), story| {
                let own = own_topics(story);
                // A topic listed twice adds its neighbours twice, as before.
                for t in story.topics.iter().map(|t| index[t.slug.as_str()]) {
                    for &(other, n) in &together[t as usize] {
                        if own.binary_search(&other).is_err() {
                            if counts[other as usize] == 0 {
                                touched.push(other);
                            }
                            counts[other as usize] += n;
                        }
                    }
                }
                let mut ranked: Vec<(u32, usize)> = touched
                    .drain(..)
                    .map(|t| (t, std::mem::take(&mut counts[t as usize])))
                    .collect();
                let order = |a: &(u32, usize), b: &(u32, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
                if ranked.len() > max && max > 0 {
                    ranked.select_nth_unstable_by(max - 1, order);
                }
                ranked.truncate(max);
                ranked.sort_unstable_by(order);
                ranked
                    .into_iter()
                    .map(|(t, _)| slugs[t as usize].to_string())
                    .collect()
            },
        )
        .collect()
}

fn features(story: &Story, terms: &Terms) -> Vec<u64> {
    let mut out = Vec::new();
    let mut words = |text: &str| terms.each(text, |term| out.push(term_key(term, false)));
    // The title counts twice.
    words(&story.title);
    words(&story.title);
    words(&story.summary);
    for a in &story.articles {
        words(&a.title);
    }
    out.extend(story.topics.iter().map(|t| term_key(&t.slug, true)));
    out
}

/// A term as a number: its hash, whose lowest bit says whether it is a topic (a topic and a word
/// spelled alike are two terms).
fn term_key(term: &str, topic: bool) -> u64 {
    (xxhash_rust::xxh3::xxh3_64(term.as_bytes()) << 1) | u64::from(topic)
}

fn is_topic(key: u64) -> bool {
    key & 1 == 1
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
    fn a_word_too_common_relates_nothing_and_bounds_the_work() {
        // Past `MAX_POSTING` stories a shared word is left out of the index: it would make every
        // story a candidate of every other (quadratic) and says nothing about any of them.
        let mut all: Vec<Story> = (0..MAX_POSTING + 50)
            .map(|i| story(&format!("s{i}"), &format!("Ubiquitous zq{i}x"), &[]))
            .collect();
        all.extend(stories());
        let related = related_stories(&all, 3);
        assert!(related[..MAX_POSTING + 50].iter().all(Vec::is_empty));
        assert_eq!(related[MAX_POSTING + 50].first(), Some(&(MAX_POSTING + 51)));
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
