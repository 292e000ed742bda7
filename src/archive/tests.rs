//! The merge policy: nothing lost, nothing doubled, edits in place.

use super::*;
use chrono::{TimeZone, Utc};

fn item(guid: &str, title: &str, day: u32) -> FeedItem {
    FeedItem {
        guid: Some(guid.to_string()),
        url: Some(format!("https://news.example/{guid}")),
        title: title.to_string(),
        summary: Some(format!("Summary of {title}")),
        content: None,
        published: Some(Utc.with_ymd_and_hms(2026, 1, day, 9, 0, 0).unwrap()),
        updated: None,
        date_text: None,
        authors: vec![],
        categories: vec![],
    }
}

fn now(day: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap()
}

fn source(_: &FeedItem) -> String {
    "herald".to_string()
}

#[test]
fn new_items_are_added_once_and_a_refetch_adds_nothing() {
    let mut archive = Archive::default();
    let items = vec![item("a", "A", 1), item("b", "B", 2)];
    let stats = archive.merge("feed", &items, source, now(2));
    assert_eq!((stats.new, stats.updated, stats.unchanged), (2, 0, 0));
    let stats = archive.merge("feed", &items, source, now(3));
    assert_eq!((stats.new, stats.updated, stats.unchanged), (0, 0, 2));
    assert_eq!(archive.len(), 2);
}

#[test]
fn items_dropped_by_the_feed_stay_in_the_archive() {
    let mut archive = Archive::default();
    archive.merge(
        "feed",
        &[item("a", "A", 1), item("b", "B", 1)],
        source,
        now(1),
    );
    archive.merge("feed", &[item("c", "C", 2)], source, now(2));
    assert_eq!(archive.len(), 3);
}

#[test]
fn an_edited_item_is_updated_in_place_and_keeps_its_first_seen_time() {
    let mut archive = Archive::default();
    archive.merge("feed", &[item("a", "Old title", 1)], source, now(1));
    let stats = archive.merge("feed", &[item("a", "New title", 1)], source, now(5));
    assert_eq!((stats.new, stats.updated), (0, 1));
    let record = &archive.records()[0];
    assert_eq!(record.title, "New title");
    assert_eq!(record.first_seen, now(1));
    assert_eq!(archive.len(), 1);
}

#[test]
fn the_same_article_is_recognised_by_url_when_it_gains_a_guid() {
    let mut archive = Archive::default();
    let mut first = item("a", "A", 1);
    first.guid = None;
    archive.merge("feed", &[first], source, now(1));
    let stats = archive.merge("feed", &[item("a", "A", 1)], source, now(2));
    assert_eq!((stats.new, stats.updated), (0, 1));
    assert_eq!(archive.len(), 1);
    assert_eq!(archive.records()[0].guid.as_deref(), Some("a"));
}

#[test]
fn items_with_different_guids_stay_apart_even_at_one_url() {
    let mut archive = Archive::default();
    let first = item("update-1", "Live updates", 1);
    let mut second = item("update-2", "Live updates", 1);
    second.url = first.url.clone();
    archive.merge("feed", &[first], source, now(1));
    let stats = archive.merge("feed", &[second], source, now(1));
    assert_eq!(stats.new, 1);
    assert_eq!(archive.len(), 2);
}

#[test]
fn wordpress_guids_of_two_hosts_are_two_articles_each_with_its_source() {
    let post = |host: &str| FeedItem {
        guid: Some(format!("https://{host}/?p=101")),
        url: Some(format!("https://{host}/?p=101")),
        title: format!("{host} post"),
        ..item("x", "x", 1)
    };
    let mut archive = Archive::default();
    let by_host = |i: &FeedItem| i.url.as_deref().unwrap()[8..13].to_string();
    archive.merge(
        "https://alpha.example/feed",
        &[post("alpha.example")],
        by_host,
        now(1),
    );
    let stats = archive.merge(
        "https://beta.example/feed",
        &[post("beta.example")],
        by_host,
        now(1),
    );
    assert_eq!(stats.new, 1);
    let records = archive.records();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[0].source.as_str(), records[0].title.as_str()),
        ("alpha", "alpha.example post")
    );
    assert_eq!(
        (records[1].source.as_str(), records[1].title.as_str()),
        ("beta.", "beta.example post")
    );
}

#[test]
fn undated_items_with_one_title_and_different_guids_stay_apart() {
    let mut archive = Archive::default();
    let undated = |guid: &str| FeedItem {
        url: None,
        published: None,
        ..item(guid, "Live updates", 1)
    };
    archive.merge("feed", &[undated("g-1"), undated("g-2")], source, now(1));
    assert_eq!(archive.len(), 2);
    let stats = archive.merge("feed", &[undated("g-1"), undated("g-2")], source, now(2));
    assert_eq!((stats.new, stats.unchanged), (0, 2));
}

#[test]
fn a_description_only_item_is_archived_once() {
    let mut archive = Archive::default();
    let text_only = FeedItem {
        guid: None,
        url: None,
        title: String::new(),
        ..item("x", "x", 1)
    };
    let stats = archive.merge("feed", std::slice::from_ref(&text_only), source, now(1));
    assert_eq!((stats.new, stats.skipped), (1, 0));
    let stats = archive.merge("feed", &[text_only], source, now(2));
    assert_eq!((stats.new, stats.unchanged), (0, 1));
    assert!(archive.records()[0].keys[0].starts_with("content:"));
}

#[test]
fn a_fetch_that_knows_none_of_a_feeds_items_reports_a_possible_gap() {
    let mut archive = Archive::default();
    let first = archive.merge(
        "feed",
        &[item("a", "A", 1), item("b", "B", 1)],
        source,
        now(1),
    );
    assert!(!first.gap, "a first fetch has nothing to miss");
    let overlap = archive.merge(
        "feed",
        &[item("b", "B", 1), item("c", "C", 2)],
        source,
        now(2),
    );
    assert!(!overlap.gap);
    let moved_on = archive.merge(
        "feed",
        &[item("d", "D", 5), item("e", "E", 5)],
        source,
        now(5),
    );
    assert!(moved_on.gap);
    assert_eq!(
        moved_on.to_string(),
        "2 new, 0 updated, 0 unchanged; possible gap: 2 new items, none previously seen"
    );
    let other = archive.merge("other", &[item("f", "F", 5)], source, now(5));
    assert!(!other.gap, "another feed's first fetch is not a gap");
}

#[test]
fn records_with_keys_of_older_versions_still_recognise_their_items() {
    let mut archive = Archive::default();
    archive.merge(
        "https://news.example/feed",
        &[item("12345", "A", 1)],
        source,
        now(1),
    );
    let mut old = archive.into_records();
    old[0].keys = vec![
        "guid:12345".into(),
        "url:https://news.example/12345".into(),
        "hash:0123".into(),
    ];
    let mut archive = Archive::from_records(old, Default::default());
    let mut seen_again = item("12345", "A", 1);
    seen_again.url = None;
    let stats = archive.merge("https://news.example/feed", &[seen_again], source, now(2));
    assert_eq!((stats.new, stats.unchanged), (0, 1));
}

#[test]
fn an_item_without_a_date_is_dated_when_first_seen_and_flagged() {
    let mut archive = Archive::default();
    let mut undated = item("a", "A", 1);
    undated.published = None;
    archive.merge("feed", &[undated.clone()], source, now(7));
    let record = &archive.records()[0];
    assert!(record.date_missing);
    assert_eq!(record.published, now(7));
    // Seen again later without a date: same record, same first-seen date.
    archive.merge("feed", &[undated], source, now(9));
    assert_eq!(archive.len(), 1);
    assert_eq!(archive.records()[0].published, now(7));
}

#[test]
fn items_without_anything_to_recognise_them_by_are_skipped_and_said_why() {
    let mut archive = Archive::default();
    let blank = FeedItem {
        guid: None,
        url: None,
        title: String::new(),
        summary: None,
        ..item("a", "", 1)
    };
    let stats = archive.merge("feed", &[blank], source, now(1));
    assert_eq!((stats.new, stats.skipped), (0, 1));
    assert_eq!(
        stats.to_string(),
        "0 new, 0 updated, 0 unchanged, 1 skipped (no guid, link, title or text)"
    );
}

#[test]
fn only_changed_days_are_dirty_and_records_sort_by_time() {
    let mut archive = Archive::default();
    archive.merge(
        "feed",
        &[item("b", "B", 3), item("a", "A", 3)],
        source,
        now(3),
    );
    let days = archive.dirty_days();
    assert_eq!(
        days.iter().map(|d| d.0).collect::<Vec<_>>(),
        vec!["2026/01/03.jsonl"]
    );
    let records = &days[0].1;
    assert_eq!(records.len(), 2);
    assert!(records[0].order_key() <= records[1].order_key());
}

#[test]
fn records_round_trip_through_json_lines() {
    let mut archive = Archive::default();
    archive.merge(
        "feed",
        &[item("a", "A \"quoted\" ünïcode", 1)],
        source,
        now(1),
    );
    let line = serde_json::to_string(&archive.records()[0]).unwrap();
    assert!(!line.contains('\n'));
    let back: Record = serde_json::from_str(&line).unwrap();
    assert_eq!(&back, &archive.records()[0]);
}
