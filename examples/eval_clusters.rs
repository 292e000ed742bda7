//! Scores the clusterer on labelled story sets (see `../shared/data/clustering/README.md`).
//!
//! ```text
//! cargo run --release --example eval_clusters -- [--config YAML] FILE...
//! ```
//!
//! Each FILE is JSON Lines, recognised by its fields: AllSides roundups (`snippet`) are scored
//! "text only" (one timestamp for all) and "with dates" (`story_date`); Google News clusters
//! (`hostname`) text only. The clusterer gets only what a feed carries (title, snippet as the
//! summary, url, source); the gold label never reaches it. Articles are shuffled in a fixed order
//! (the files list each story's articles together). `--config` takes the `cluster:` settings as
//! YAML, e.g. `--config '{threshold: 0.3}'`; the default is the shipped configuration.

use chrono::{DateTime, Utc};
use parallax::{ClusterConfig, Doc, cluster, describe_groups};
use serde_json::Value;
use std::collections::HashMap;

struct Row {
    id: String,
    story: String,
    source: String,
    title: String,
    summary: Option<String>,
    url: Option<String>,
    date: Option<DateTime<Utc>>,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut config = ClusterConfig::default();
    let mut files = Vec::new();
    let mut show = 0;
    while let Some(arg) = args.next() {
        if arg == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
        } else if arg == "--config" {
            let yaml = args.next().unwrap_or_default();
            config = serde_yaml::from_str(&yaml).unwrap_or_else(|e| die(&format!("--config: {e}")));
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() {
        die("usage: eval_clusters [--config YAML] [--show N] FILE...");
    }
    println!("config: {config:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| die(&format!("{file}: {e}")));
        let (kind, rows) = parse(&text);
        println!("\n{file} ({kind})");
        score("text only", &rows, false, &config, show);
        if kind == "AllSides roundups" {
            score("with dates", &rows, true, &config, 0);
        }
    }
}

fn die(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}

fn parse(text: &str) -> (&'static str, Vec<Row>) {
    let mut kind = "unknown";
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value =
            serde_json::from_str(line).unwrap_or_else(|e| die(&format!("bad line: {e}")));
        if v["url_in_multiple_stories"].as_bool() == Some(true) {
            continue;
        }
        let s = |k: &str| v[k].as_str().map(str::to_string);
        kind = if v.get("snippet").is_some() {
            "AllSides roundups"
        } else if v.get("hostname").is_some() {
            "Google News clusters"
        } else {
            kind
        };
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
    (kind, rows)
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn score(protocol: &str, rows: &[Row], dated: bool, config: &ClusterConfig, show: usize) {
    let epoch = DateTime::<Utc>::from_timestamp(1_600_000_000, 0).unwrap_or_default();
    let docs: Vec<Doc> = rows
        .iter()
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
        .collect();
    let started = std::time::Instant::now();
    let groups = cluster(&docs, config);
    let elapsed = started.elapsed();
    let gold: Vec<&str> = rows.iter().map(|r| r.story.as_str()).collect();
    let stories = gold.iter().collect::<std::collections::BTreeSet<_>>().len();
    let (b, p) = metrics(&groups, &gold);
    println!(
        "  {protocol:<10} articles {:>5}  gold stories {:>4}  clusters {:>5}  B-cubed P {:.3} R {:.3} F1 {:.3}  pairwise P {:.3} R {:.3} F1 {:.3}  ({:.0} ms)",
        rows.len(),
        stories,
        groups.len(),
        b.0,
        b.1,
        b.2,
        p.0,
        p.1,
        p.2,
        elapsed.as_secs_f64() * 1e3
    );
    if show > 0 {
        describe(&docs, &groups, config, show);
    }
}

/// Prints the `show` largest clusters as a story page would present them.
fn describe(docs: &[Doc], groups: &[Vec<usize>], config: &ClusterConfig, show: usize) {
    let mut largest: Vec<&Vec<usize>> = groups.iter().collect();
    largest.sort_by_key(|g| std::cmp::Reverse(g.len()));
    largest.truncate(show);
    let chosen: Vec<Vec<usize>> = largest.into_iter().cloned().collect();
    for (group, info) in chosen.iter().zip(describe_groups(docs, &chosen, config)) {
        let terms: Vec<String> = info
            .terms
            .iter()
            .map(|t| format!("{} ({})", t.word, t.articles))
            .collect();
        let copies: Vec<usize> = info.syndicated.iter().map(Vec::len).collect();
        println!(
            "    [{}] {}\n        terms: {}\n        wire copies: {copies:?}",
            group.len(),
            docs[info.representative].title,
            terms.join(", ")
        );
    }
}

type Prf = (f64, f64, f64);

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
    let n = gold.len() as f64;
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
