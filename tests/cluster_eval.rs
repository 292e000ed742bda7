//! The clustering quality floor on the real labelled development sets, when they are present
//! (`../shared/data/clustering/`, never committed: see its README). Skipped, with the reason
//! printed, where they are not.

#[path = "../examples/eval_clusters/sets.rs"]
#[allow(dead_code)]
mod sets;

use parallax::ClusterConfig;
use std::path::PathBuf;

fn data(file: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/clustering")
        .join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            println!("skipped: {} not readable ({e})", path.display());
            None
        }
    }
}

/// B-cubed F1 of the shipped configuration on one file, per protocol (text only, with dates).
fn f1(file: &str, dated: bool) -> Option<f64> {
    let (_, rows) = sets::parse(&data(file)?).expect("the labelled file parses");
    Some(
        sets::score(&rows, dated, &ClusterConfig::default())
            .bcubed
            .2,
    )
}

#[test]
fn allsides_roundups_keep_their_b_cubed_floor() {
    if let Some(text_only) = f1("allsides_roundups_dev.jsonl", false) {
        assert!(text_only >= 0.85, "text only B-cubed F1 {text_only:.3}");
    }
    if let Some(dated) = f1("allsides_roundups_dev.jsonl", true) {
        assert!(dated >= 0.91, "with dates B-cubed F1 {dated:.3}");
    }
}

#[test]
fn google_news_clusters_keep_their_b_cubed_floor() {
    if let Some(text_only) = f1("uci_aggregator_dev.jsonl", false) {
        assert!(text_only >= 0.84, "text only B-cubed F1 {text_only:.3}");
    }
}
