//! Scores the clusterer on labelled story sets (see `../shared/data/clustering/README.md`).
//!
//! ```text
//! cargo run --release --example eval_clusters -- [--config YAML] [--show N] FILE...
//! ```
//!
//! Each FILE is JSON Lines, recognised by its fields: AllSides roundups (`snippet`) are scored
//! "text only" (one timestamp for all) and "with dates" (`story_date`); Google News clusters
//! (`hostname`) text only. The clusterer gets only what a feed carries (title, snippet as the
//! summary, url, source); the gold label never reaches it. Articles are shuffled in a fixed order
//! (the files list each story's articles together). `--config` takes the `cluster:` settings as
//! YAML, e.g. `--config '{threshold: 0.3}'`; the default is the shipped configuration. `--show N`
//! prints the N largest clusters as a story page would present them.

#[path = "eval_clusters/sets.rs"]
mod sets;

use parallax::{ClusterConfig, Doc, describe_groups};
use sets::{Kind, Row};

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
        let (kind, rows) = sets::parse(&text).unwrap_or_else(|e| die(&format!("{file}: {e}")));
        println!("\n{file} ({kind:?})");
        report("text only", &rows, false, &config, show);
        if kind == Kind::AllSides {
            report("with dates", &rows, true, &config, 0);
        }
    }
}

fn die(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2)
}

fn report(protocol: &str, rows: &[Row], dated: bool, config: &ClusterConfig, show: usize) {
    let started = std::time::Instant::now();
    let s = sets::score(rows, dated, config);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    let (b, p) = (s.bcubed, s.pairwise);
    println!(
        "  {protocol:<10} articles {:>5}  gold stories {:>4}  clusters {:>5}  B-cubed P {:.3} R {:.3} F1 {:.3}  pairwise P {:.3} R {:.3} F1 {:.3}  ({ms:.0} ms)",
        s.articles, s.stories, s.clusters, b.0, b.1, b.2, p.0, p.1, p.2
    );
    if show > 0 {
        describe(&sets::docs(rows, dated), &s.groups, config, show);
    }
}

/// Prints the `show` largest clusters as a story page would present them.
fn describe(docs: &[Doc], groups: &[Vec<usize>], config: &ClusterConfig, show: usize) {
    let mut largest: Vec<Vec<usize>> = groups.to_vec();
    largest.sort_by_key(|g| std::cmp::Reverse(g.len()));
    largest.truncate(show);
    for (group, info) in largest.iter().zip(describe_groups(docs, &largest, config)) {
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
