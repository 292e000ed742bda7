//! Every item the shared corpus of real feeds yields reaches the archive: each file is a local feed
//! of one site, `parallax::fetch` archives them all, and the test counts per file what was parsed,
//! archived and skipped. The corpus lives outside the repository (`../shared/data/feeds/`); without
//! it the test says so and passes.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn every_item_of_the_corpus_reaches_the_archive() {
    let Some(files) = common::feeds::corpus_files() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let feeds: Vec<String> = files
        .iter()
        .map(|p| format!("{:?}", p.to_str().unwrap()))
        .collect();
    common::feeds::write_site(
        &root,
        &format!(
            "sources:\n  - id: corpus\n    name: Corpus\n    bias: center\n    feeds: [{}]\n",
            feeds.join(", ")
        ),
    );
    let options = parallax::FetchOptions {
        root: root.clone(),
        jobs: 2,
        ..Default::default()
    };
    let report = parallax::fetch(&options, &|_| {}).unwrap();

    let archived = archived_per_feed(&root);
    let (mut with_items, mut items_total, mut new_total, mut skipped_total) = (0, 0, 0, 0);
    for (file, feed) in files.iter().zip(&report.feeds) {
        let name = file.file_name().unwrap().to_string_lossy();
        let items = parallax::parse_recovering(&std::fs::read(file).unwrap(), None, None)
            .map_or(Vec::new(), |r| r.feed.items);
        let empty = items
            .iter()
            .filter(|i| {
                i.guid.is_none() && i.url.is_none() && i.title.is_empty() && i.summary.is_none()
            })
            .count();
        let stats = match &feed.result {
            parallax::FeedResult::Fetched { stats, .. } => *stats,
            _ => Default::default(),
        };
        let in_archive = archived.get(&feed.feed).copied().unwrap_or(0);
        println!(
            "{name}: {} items, {in_archive} archived, {} recognised as already archived, {} skipped",
            items.len(),
            stats.updated + stats.unchanged,
            stats.skipped
        );
        assert_eq!(
            stats.new + stats.updated + stats.unchanged + stats.skipped,
            items.len(),
            "{name}: every item is archived, recognised or skipped"
        );
        assert_eq!(
            in_archive, stats.new,
            "{name}: new items are the file's records"
        );
        assert_eq!(
            stats.skipped, empty,
            "{name}: only items with no guid, link, title or text are skipped"
        );
        with_items += usize::from(!items.is_empty());
        items_total += items.len();
        new_total += stats.new;
        skipped_total += stats.skipped;
    }
    println!(
        "corpus: {} files, {with_items} with items; {items_total} items, {new_total} archived, {} recognised as the same article, {skipped_total} skipped for having nothing to recognise them by",
        files.len(),
        items_total - new_total - skipped_total
    );
    assert_eq!(report.archive_articles, new_total);
}

/// Archived records per feed (the feed entry as the registry lists it).
fn archived_per_feed(root: &Path) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (file, bytes) in common::tree(&root.join("content/archive")) {
        if !file.ends_with(".jsonl") {
            continue;
        }
        for line in String::from_utf8(bytes).unwrap().lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            *counts
                .entry(record["feed"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    counts
}
