//! The labelled sets: reading them (only what a feed carries reaches the clusterer) and scoring
//! a grouping against their gold stories. Shared by `eval_clusters` and `tests/cluster_eval.rs`.

use chrono::{DateTime, Utc};
use parallax::{ClusterConfig, Doc, cluster};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Which set a file holds, told by its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// AllSides roundups (`snippet`): scored text only and with dates.
    AllSides,
    /// Google News clusters (`hostname`): scored text only.
    GoogleNews,
    Unknown,
}

/// One labelled article.
pub struct Row {
    pub id: String,
    pub story: String,
    pub source: String,
    pub title: String,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub date: Option<DateTime<Utc>>,
}

/// Precision, recall, F1.
pub type Prf = (f64, f64, f64);

/// The scores of one protocol.
pub struct Scores {
    pub articles: usize,
    pub stories: usize,
    pub clusters: usize,
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub groups: Vec<Vec<usize>>,
}

/// Rows of a JSON Lines file, without `url_in_multiple_stories` rows, in a fixed shuffled
/// order (the files list each story's articles together).
pub fn parse(text: &str) -> Result<(Kind, Vec<Row>), String> {
    let mut kind = Kind::Unknown;
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("bad line: {e}"))?;
        if v["url_in_multiple_stories"].as_bool() == Some(true) {
            continue;
        }
        if v.get("snippet").is_some() {
            kind = Kind::AllSides;
        } else if v.get("hostname").is_some() {
            kind = Kind::GoogleNews;
        }
        let s = |k: &str| v[k].as_str().map(str::to_string);
        let date = s("story_date").and_then(|d| DateTime::parse_from_rfc3339(&d).ok());
        rows.push(Row {
            id: s("article_id").unwrap_or_default(),
            story: v["story_id"].to_string(),
            source: s("source").unwrap_or_default(),
            title: s("title").unwrap_or_default(),
            summary: s("snippet"),
            url: s("url"),
            date: date.map(|d| d.with_timezone(&Utc)),
        });
    }
    rows.sort_by_key(|r| fnv(&r.id));
    Ok((kind, rows))
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a feed carries of each row; one timestamp for all unless `dated`.
pub fn docs(rows: &[Row], dated: bool) -> Vec<Doc<'_>> {
    let epoch = DateTime::<Utc>::from_timestamp(1_600_000_000, 0).unwrap_or_default();
    rows.iter()
        .map(|r| Doc {
            source: &r.source,
            title: &r.title,
            summary: r.summary.as_deref(),
            url: r.url.as_deref(),
            categories: &[],
            published: if dated {
                r.date.unwrap_or(epoch)
            } else {
                epoch
            },
        })
        .collect()
}

/// Clusters the rows and scores the result.
pub fn score(rows: &[Row], dated: bool, config: &ClusterConfig) -> Scores {
    let groups = cluster(&docs(rows, dated), config);
    let gold: Vec<&str> = rows.iter().map(|r| r.story.as_str()).collect();
    let (bcubed, pairwise) = metrics(&groups, &gold);
    Scores {
        articles: rows.len(),
        stories: gold.iter().collect::<BTreeSet<_>>().len(),
        clusters: groups.len(),
        bcubed,
        pairwise,
        groups,
    }
}

/// B-cubed and pairwise precision, recall and F1 of `groups` against `gold` labels.
fn metrics(groups: &[Vec<usize>], gold: &[&str]) -> (Prf, Prf) {
    let mut gold_size: HashMap<&str, f64> = HashMap::new();
    for g in gold {
        *gold_size.entry(g).or_default() += 1.0;
    }
    let (mut bp, mut br, mut tp, mut predicted) = (0.0, 0.0, 0.0, 0.0);
    for group in groups {
        let mut overlap: HashMap<&str, f64> = HashMap::new();
        for &i in group {
            *overlap.entry(gold[i]).or_default() += 1.0;
        }
        let size = group.len() as f64;
        predicted += size * (size - 1.0) / 2.0;
        for (label, n) in overlap {
            bp += n * n / size;
            br += n * n / gold_size[label];
            tp += n * (n - 1.0) / 2.0;
        }
    }
    let n = gold.len().max(1) as f64;
    let actual: f64 = gold_size.values().map(|s| s * (s - 1.0) / 2.0).sum();
    let f1 = |p: f64, r: f64| {
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    };
    let (p1, r1) = (bp / n, br / n);
    let (p2, r2) = (tp / predicted.max(1.0), tp / actual.max(1.0));
    ((p1, r1, f1(p1, r1)), (p2, r2, f1(p2, r2)))
}
