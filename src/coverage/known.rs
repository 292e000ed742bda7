//! Key points already chosen by an earlier build, so that a rebuild does not choose them again
//! for the stories whose articles did not change (choosing is about a sixth of a rebuild's CPU).
//!
//! A story's entry is keyed by the 128-bit hash of everything [`super::insights::extract`] reads:
//! the parallax that chose them, the site's language, how many points, and each article's source,
//! its lean, kind, title and excerpt, in order. A point is kept as the article it quotes and the
//! byte range of its excerpt, so the memo is small and a point is always the article's own text.
//! The memo is plain data here; the build reads it from beside the output (`load`) and writes the
//! new one after the output is swapped in (`write`). A memo that is missing, stale or damaged
//! only means choosing again: the chosen points are the same either way.

use super::insights::KeyPoint;
use crate::model::{Sources, Story};
use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3;

/// The memo's file beside the `output` folder: `.output.parallax-keypoints`.
pub fn path(output: &std::path::Path) -> std::path::PathBuf {
    crate::lock::sibling(output, "parallax-keypoints")
}

/// A key point kept: (article, start, end), a byte range of the article's excerpt.
type Range = (usize, usize, usize);

/// Key points by story key.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Known(HashMap<u128, Vec<Range>>);

/// The key of `story`'s key points (see the module docs).
pub fn key(story: &Story, sources: &Sources, max: usize, language: &str, generator: &str) -> u128 {
    let mut hasher = Xxh3::new();
    let mut text = |t: &str| crate::digest::feed(&mut hasher, t.as_bytes());
    text(generator);
    text(language);
    text(&max.to_string());
    for article in &story.articles {
        let lean = sources
            .get(&article.source)
            .and_then(|s| s.bias)
            .map(|b| b.bucket().key());
        text(&article.source);
        text(lean.unwrap_or("-"));
        text(article.kind.key());
        text(&article.title);
        match &article.excerpt {
            Some(excerpt) => {
                text("+");
                text(excerpt);
            }
            None => text("-"),
        }
    }
    hasher.digest128()
}

impl Known {
    /// The key points recorded for `key`, when each still quotes `story`'s text.
    pub fn get(&self, key: u128, story: &Story) -> Option<Vec<KeyPoint>> {
        self.0
            .get(&key)?
            .iter()
            .map(|&(article, start, end)| {
                let excerpt = story.articles.get(article)?.excerpt.as_deref()?;
                Some(KeyPoint {
                    text: excerpt.get(start..end)?.to_string(),
                    article,
                })
            })
            .collect()
    }

    /// Records `points`, chosen for `story` under `key`. A point that is not its article's own
    /// text is not recorded (the story is then chosen again next time).
    pub fn insert(&mut self, key: u128, story: &Story, points: &[KeyPoint]) {
        let ranges: Option<Vec<Range>> = points
            .iter()
            .map(|p| {
                let excerpt = story.articles.get(p.article)?.excerpt.as_deref()?;
                let start = excerpt.find(&p.text)?;
                Some((p.article, start, start + p.text.len()))
            })
            .collect();
        if let Some(ranges) = ranges {
            self.0.insert(key, ranges);
        }
    }

    /// The memo as text: one story a line, its key in hex and its points, sorted by key.
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = self
            .0
            .iter()
            .map(|(key, points)| {
                let points: Vec<String> = points
                    .iter()
                    .map(|(a, s, e)| format!(" {a}:{s}:{e}"))
                    .collect();
                format!("{key:032x}{}\n", points.concat())
            })
            .collect();
        lines.sort_unstable();
        lines.concat()
    }

    /// Reads [`Known::to_text`]; a line that does not parse is left out.
    pub fn from_text(text: &str) -> Known {
        let entry = |line: &str| -> Option<(u128, Vec<Range>)> {
            let mut parts = line.split(' ');
            let key = u128::from_str_radix(parts.next()?, 16).ok()?;
            let points = parts
                .map(|p| {
                    let mut n = p.split(':').map(|x| x.parse::<usize>().ok());
                    Some((n.next()??, n.next()??, n.next()??))
                })
                .collect::<Option<Vec<_>>>()?;
            Some((key, points))
        };
        Known(text.lines().filter_map(entry).collect())
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleKind, Bias, Source};

    fn story(excerpts: &[&str]) -> Story {
        let pairs: Vec<(String, &str)> = excerpts
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("s{i}"), *text))
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(s, t)| (s.as_str(), *t)).collect();
        super::super::insights::tests::story(&pairs)
    }

    fn sources() -> Sources {
        Sources::new(vec![
            Source::for_test("s0", Some(Bias::Left)),
            Source::for_test("s1", Some(Bias::Right)),
        ])
    }

    #[test]
    fn recorded_points_come_back_through_the_text_and_quote_the_articles() {
        let s = story(&["One thing happened. Then another.", "Ça a eu lieu à Paris."]);
        let points = vec![
            KeyPoint {
                text: "Then another.".into(),
                article: 0,
            },
            KeyPoint {
                text: "à Paris.".into(),
                article: 1,
            },
        ];
        let key = key(&s, &sources(), 3, "en", "g");
        let mut known = Known::default();
        known.insert(key, &s, &points);
        let read = Known::from_text(&known.to_text());
        assert_eq!(read, known);
        assert_eq!(read.get(key, &s), Some(points));
    }

    #[test]
    fn any_change_to_what_the_points_are_chosen_from_changes_the_key() {
        let s = story(&["One thing happened.", "Another thing."]);
        let base = key(&s, &sources(), 3, "en", "g");
        let mut edited = s.clone();
        edited.articles[1].excerpt = Some("Another thing!".into());
        let mut opinion = s.clone();
        opinion.articles[0].kind = ArticleKind::Opinion;
        let mut moved = s.clone();
        moved.articles.swap(0, 1);
        let mut leaner = sources();
        leaner = Sources::new(
            leaner
                .all()
                .iter()
                .map(|src| Source::for_test(&src.id, Some(Bias::Center)))
                .collect(),
        );
        let others = [
            key(&edited, &sources(), 3, "en", "g"),
            key(&opinion, &sources(), 3, "en", "g"),
            key(&moved, &sources(), 3, "en", "g"),
            key(&s, &leaner, 3, "en", "g"),
            key(&s, &sources(), 2, "en", "g"),
            key(&s, &sources(), 3, "fr", "g"),
            key(&s, &sources(), 3, "en", "h"),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(base, *other, "change {i} kept the key");
        }
        assert_eq!(base, key(&s.clone(), &sources(), 3, "en", "g"));
    }

    #[test]
    fn a_damaged_or_stale_memo_gives_nothing_rather_than_wrong_text() {
        let s = story(&["Short."]);
        let known = Known::from_text("zz 0:0:3\n00000000000000000000000000000001 0:2:99\n");
        assert_eq!(known.len(), 1);
        assert_eq!(known.get(1, &s), None);
        assert_eq!(known.get(2, &s), None);
    }
}
