//! Automatic key points for stories whose editor wrote none: up to N sentences taken from the
//! articles' summaries (extractive, never generated), each attributed to its source. Sentences are
//! whole: segmented in the summary's language, never cut at an abbreviation (`sentences.rs`).
//!
//! A sentence is *central* when it shares words with the other outlets' articles (what many
//! outlets report), so the first pick is the fact most of them agree on. Later picks trade
//! centrality against redundancy with what is already picked (maximal marginal relevance), prefer
//! a side of the bias spectrum not yet quoted, and take at most one sentence per source. Ties
//! resolve by article and sentence order, so the result is deterministic. Only news articles are
//! quoted: opinion and analysis pieces are read (they are part of the coverage) but never quoted.

use super::sentences::{ends_at_abbreviation, sentences};
use super::text::{Interner, Terms, Vector, cosine, tf_idf};
use crate::model::{ArticleKind, Bucket, Sources, Story};

/// One automatic key point.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPoint {
    pub text: String,
    /// Index of the quoted article in `story.articles`.
    pub article: usize,
}

/// Sentences shorter or longer than this are not key points.
const MIN_CHARS: usize = 40;
const MAX_CHARS: usize = 320;
/// How much redundancy with an already-picked point costs.
const REDUNDANCY: f64 = 0.7;
/// A bonus for quoting a side of the spectrum not quoted yet.
const NEW_SIDE: f64 = 0.05;
/// A point must be at least this central, relative to the most central sentence.
const MIN_RELATIVE_CENTRALITY: f64 = 0.3;

/// A sentence that may be quoted, with its terms (ids), before it is weighed.
struct Quotable<'s> {
    text: &'s str,
    /// Index into the articles worked with (`chosen`).
    k: usize,
    /// Index into `story.articles`.
    article: usize,
    terms: Vec<u32>,
}

struct Candidate<'s> {
    text: &'s str,
    article: usize,
    vector: Vector,
    centrality: f64,
    side: Option<Bucket>,
}

/// Picks up to `max` key points from the articles' excerpts. Sentences in the site's `language`
/// (ISO 639-1, e.g. `en`) are preferred: others are used only when there are none.
pub fn extract(story: &Story, sources: &Sources, max: usize, language: &str) -> Vec<KeyPoint> {
    if max == 0 {
        return Vec::new();
    }
    // Work in the readers' language when any article is written in it: sentences are compared
    // with articles they can share words with.
    let texts: Vec<String> = story
        .articles
        .iter()
        .map(|a| format!("{} {}", a.title, a.excerpt.as_deref().unwrap_or_default()))
        .collect();
    let in_language: Vec<bool> = texts
        .iter()
        .map(|text| crate::cluster::may_be_in(text, language))
        .collect();
    let use_all = !in_language.iter().any(|&l| l);
    let chosen: Vec<usize> = (0..story.articles.len())
        .filter(|&i| use_all || in_language[i])
        .collect();

    // Terms as ids, numbered in the terms' string order once all are known, so that weights are
    // summed in the same order as over the terms themselves.
    let terms = Terms::default();
    let mut interner = Interner::default();
    let mut article_terms: Vec<Vec<u32>> = chosen
        .iter()
        .map(|&i| interner.terms(&terms, &texts[i]))
        .collect();

    let mut quotable: Vec<Quotable> = Vec::new();
    for (k, &i) in chosen.iter().enumerate() {
        let article = &story.articles[i];
        // Opinion and analysis pieces count in what the outlets report, but are never quoted.
        if article.kind != ArticleKind::News {
            continue;
        }
        let Some(excerpt) = &article.excerpt else {
            continue;
        };
        let tongue = if in_language[i] {
            language
        } else {
            crate::cluster::language_of(excerpt).unwrap_or(language)
        };
        for sentence in sentences(excerpt, tongue) {
            let length = sentence.chars().count();
            if !(MIN_CHARS..=MAX_CHARS).contains(&length)
                || sentence.ends_with('?')
                || ends_at_abbreviation(sentence)
            {
                continue;
            }
            quotable.push(Quotable {
                text: sentence,
                k,
                article: i,
                terms: interner.terms(&terms, sentence),
            });
        }
    }
    let rank = interner.ranks();
    let renumber = |ids: &mut Vec<u32>| ids.iter_mut().for_each(|t| *t = rank[*t as usize]);
    article_terms.iter_mut().for_each(renumber);
    quotable.iter_mut().for_each(|q| renumber(&mut q.terms));
    let idf = inverse_document_frequency(&article_terms, rank.len());
    let idf = |t: u32| idf[t as usize];
    let article_vectors: Vec<Vector> = article_terms.iter().map(|t| tf_idf(t, idf)).collect();

    // The articles' vectors spread out, one row of the story's terms each: a sentence's cosine
    // with an article is then a lookup per term of the sentence (the same products, summed in
    // the same order, as `cosine`).
    let width = rank.len();
    let mut rows = vec![0.0; article_vectors.len() * width];
    for (j, v) in article_vectors.iter().enumerate() {
        for &(t, w) in v {
            rows[j * width + t as usize] = w;
        }
    }
    let mut candidates = Vec::with_capacity(quotable.len());
    for q in quotable {
        let vector = tf_idf(&q.terms, idf);
        let others: Vec<f64> = (0..article_vectors.len())
            .filter(|&j| j != q.k)
            .map(|j| {
                let row = &rows[j * width..(j + 1) * width];
                vector
                    .iter()
                    .filter(|&&(t, _)| row[t as usize] != 0.0)
                    .fold(0.0, |sum, &(t, w)| sum + w * row[t as usize])
            })
            .collect();
        let centrality = if others.is_empty() {
            1.0
        } else {
            others.iter().sum::<f64>() / others.len() as f64
        };
        let side = sources
            .get(&story.articles[q.article].source)
            .and_then(|s| s.bias)
            .map(|b| b.bucket());
        candidates.push(Candidate {
            text: q.text,
            article: q.article,
            vector,
            centrality,
            side,
        });
    }

    let top = candidates.iter().map(|c| c.centrality).fold(0.0, f64::max);
    candidates.retain(|c| c.centrality >= top * MIN_RELATIVE_CENTRALITY);

    let mut picked: Vec<&Candidate> = Vec::new();
    while picked.len() < max {
        let best = candidates
            .iter()
            .filter(|c| c.centrality > 0.0)
            .filter(|c| {
                picked
                    .iter()
                    .all(|p| story.articles[p.article].source != story.articles[c.article].source)
            })
            .map(|c| {
                let redundancy = picked
                    .iter()
                    .map(|p| cosine(&c.vector, &p.vector))
                    .fold(0.0, f64::max);
                let new_side = c.side.is_some() && picked.iter().all(|p| p.side != c.side);
                let score =
                    c.centrality - REDUNDANCY * redundancy + if new_side { NEW_SIDE } else { 0.0 };
                (c, score, redundancy)
            })
            .filter(|(_, _, redundancy)| *redundancy < 0.5)
            // Highest score; on equal scores the earlier candidate (max_by keeps the last maximum).
            .rev()
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((c, _, _)) => picked.push(c),
            None => break,
        }
    }
    picked
        .into_iter()
        .map(|c| KeyPoint {
            text: c.text.to_string(),
            article: c.article,
        })
        .collect()
}

/// Smoothed idf of each of `terms` term ids over `documents`; 1 for a term in none of them.
fn inverse_document_frequency(documents: &[Vec<u32>], terms: usize) -> Vec<f64> {
    let mut df = vec![0usize; terms];
    let mut seen: Vec<u32> = Vec::new();
    for doc in documents {
        seen.clear();
        seen.extend_from_slice(doc);
        seen.sort_unstable();
        seen.dedup();
        for &t in &seen {
            df[t as usize] += 1;
        }
    }
    let n = documents.len() as f64;
    df.into_iter()
        .map(|d| match d {
            0 => 1.0,
            d => ((n + 1.0) / (d as f64 + 1.0)).ln() + 1.0,
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Article, Bias, Source, Sources};
    use chrono::{TimeZone, Utc};

    fn source(id: &str, bias: Option<Bias>) -> Source {
        Source::for_test(id, bias)
    }

    /// A story of news articles with these (source, excerpt) pairs, an hour apart.
    pub(in crate::coverage) fn story(excerpts: &[(&str, &str)]) -> Story {
        let mut story = Story::for_test("s", "t");
        story.articles = excerpts
            .iter()
            .enumerate()
            .map(|(i, (src, text))| Article {
                source: src.to_string(),
                url: format!("https://x.example/{i}"),
                title: String::new(),
                published: Utc.with_ymd_and_hms(2026, 1, 1, i as u32, 0, 0).unwrap(),
                excerpt: Some(text.to_string()),
                dateline: None,
                kind: ArticleKind::News,
            })
            .collect();
        story
    }

    fn sources() -> Sources {
        Sources::new(vec![
            source("l", Some(Bias::Left)),
            source("c", Some(Bias::Center)),
            source("r", Some(Bias::Right)),
            source("r2", Some(Bias::Right)),
        ])
    }

    const EXCERPTS: &[(&str, &str)] = &[
        (
            "r",
            "The defence ministers of Japan and South Korea agreed on joint search-and-rescue drills. Weather was mild in the port city that day, locals noted.",
        ),
        (
            "r2",
            "Japan and South Korea agreed on joint search-and-rescue drills after their defence ministers met. The deal covers unmanned systems and artificial intelligence.",
        ),
        (
            "l",
            "Critics said the defence ministers ignored wartime history while agreeing to joint drills. Cooperation on unmanned systems and artificial intelligence is planned.",
        ),
        (
            "c",
            "The ministers also agreed to annual reciprocal visits between Japan and South Korea to build trust.",
        ),
    ];

    #[test]
    fn the_first_point_is_what_most_outlets_report() {
        let points = extract(&story(EXCERPTS), &sources(), 3, "en");
        assert_eq!(points.len(), 3);
        assert!(
            points[0].text.contains("search-and-rescue drills"),
            "{points:?}"
        );
        assert!(
            points.iter().all(|p| !p.text.contains("Weather was mild")),
            "off-topic sentences are not picked"
        );
    }

    #[test]
    fn points_come_from_different_sources_and_are_not_redundant() {
        let points = extract(&story(EXCERPTS), &sources(), 3, "en");
        let mut articles: Vec<usize> = points.iter().map(|p| p.article).collect();
        articles.sort();
        articles.dedup();
        assert_eq!(
            articles.len(),
            points.len(),
            "one point per source: {points:?}"
        );
        let drills = points
            .iter()
            .filter(|p| p.text.contains("search-and-rescue drills"))
            .count();
        assert_eq!(drills, 1, "the same fact is not repeated: {points:?}");
    }

    #[test]
    fn extraction_is_deterministic_and_respects_the_limit() {
        let a = extract(&story(EXCERPTS), &sources(), 2, "en");
        let b = extract(&story(EXCERPTS), &sources(), 2, "en");
        assert_eq!(a, b);
        assert_eq!(a.len(), 2);
        assert!(extract(&story(EXCERPTS), &sources(), 0, "en").is_empty());
    }

    #[test]
    fn sentences_in_the_readers_language_are_preferred() {
        let mut excerpts = EXCERPTS.to_vec();
        excerpts.push((
            "c",
            "Los ministros de Defensa de Japón y Corea del Sur acordaron ejercicios conjuntos de búsqueda y rescate durante la reunión.",
        ));
        let points = extract(&story(&excerpts), &sources(), 3, "en");
        assert!(
            points.iter().all(|p| !p.text.starts_with("Los ministros")),
            "{points:?}"
        );
        let only_spanish = [
            ("c", excerpts[4].1),
            (
                "l",
                "El acuerdo de defensa entre Japón y Corea del Sur incluye ejercicios conjuntos de búsqueda y rescate.",
            ),
        ];
        assert!(
            !extract(&story(&only_spanish), &sources(), 3, "en").is_empty(),
            "other languages when there is nothing else"
        );
    }

    #[test]
    fn opinion_and_analysis_pieces_are_never_quoted() {
        let mut s = story(EXCERPTS);
        let all = extract(&s, &sources(), 3, "en");
        assert!(all.iter().any(|p| p.article == 0), "{all:?}");
        s.articles[0].kind = ArticleKind::Opinion;
        s.articles[1].kind = ArticleKind::Analysis;
        let points = extract(&s, &sources(), 3, "en");
        assert!(!points.is_empty());
        assert!(
            points.iter().all(|p| p.article >= 2),
            "only the news articles are quoted: {points:?}"
        );
        for a in &mut s.articles {
            a.kind = ArticleKind::Opinion;
        }
        assert!(
            extract(&s, &sources(), 3, "en").is_empty(),
            "no news, no points"
        );
    }

    #[test]
    fn key_points_are_whole_sentences_not_cut_at_abbreviations() {
        let excerpts = [
            (
                "r",
                "Prosecutors in Washington are investigating the Jan. 6 attack on the U.S. Capitol, Gov. Wes Moore said.",
            ),
            (
                "l",
                "Investigators said the Jan. 6 attack on the Capitol is still being investigated by prosecutors.",
            ),
            (
                "c",
                "Sen. Chris Van Hollen said prosecutors had investigated the attack on the Capitol since Jan. 7.",
            ),
        ];
        let points = extract(&story(&excerpts), &sources(), 3, "en");
        assert_eq!(points.len(), 3, "{points:?}");
        for p in &points {
            assert_eq!(
                p.text, excerpts[p.article].1,
                "the whole summary is one sentence"
            );
        }
    }

    #[test]
    fn stories_without_excerpts_get_no_points() {
        let mut s = story(EXCERPTS);
        for a in &mut s.articles {
            a.excerpt = None;
        }
        assert!(extract(&s, &sources(), 3, "en").is_empty());
    }
}
