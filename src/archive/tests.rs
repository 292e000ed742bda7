//! The merge policy: nothing lost, nothing doubled, edits in place.

use super::*;
use chrono::{TimeZone, Utc};

fn item(guid: &str, title: &str, day: u32) -> FeedItem {
    FeedItem {
        guid: Some(guid.to_string()),
        url: Some(format!("https://news.example/{guid}")),
        title: title.to_string(),
        summary: Some(format!("Summary of {title}")),
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
fn the_same_article_is_recognised_by_url_when_the_guid_changes() {
    let mut archive = Archive::default();
    archive.merge("feed", &[item("a", "A", 1)], source, now(1));
    let mut moved = item("a", "A", 1);
    moved.guid = Some("urn:new-guid-scheme:a".into());
    let stats = archive.merge("feed", &[moved], source, now(2));
    assert_eq!(stats.new, 0);
    assert_eq!(archive.len(), 1);
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
fn items_without_anything_to_recognise_them_by_are_skipped() {
    let mut archive = Archive::default();
    let mut blank = item("a", "", 1);
    blank.guid = None;
    blank.url = None;
    let stats = archive.merge("feed", &[blank], source, now(1));
    assert_eq!((stats.new, stats.skipped), (0, 1));
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
