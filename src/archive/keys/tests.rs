//! Keys recognise an item again, and never two different articles as one.

use super::*;
use chrono::{TimeZone, Utc};

const FEED: &str = "https://feeds.news.example/rss";

fn item(guid: Option<&str>, url: Option<&str>, title: &str) -> FeedItem {
    FeedItem {
        guid: guid.map(String::from),
        url: url.map(String::from),
        title: title.into(),
        summary: None,
        content: None,
        published: Some(Utc.with_ymd_and_hms(2026, 1, 30, 9, 0, 0).unwrap()),
        updated: None,
        date_text: None,
        authors: vec![],
        categories: vec![],
    }
}

#[test]
fn keys_come_strongest_first_and_prefixed() {
    let keys = of(
        &item(
            Some("http://www.news.example/a/1?p=2"),
            Some("https://news.example/a/1"),
            "Title",
        ),
        FEED,
    );
    assert_eq!(keys[0], "guid:http://www.news.example/a/1?p=2");
    assert_eq!(keys[1], "guidpath:news.example/a/1?p=2");
    assert_eq!(keys[2], "url:https://news.example/a/1");
    assert!(keys[3].starts_with("title:") && keys[3].len() == 6 + 64);
    assert_eq!(keys.len(), 4);
}

#[test]
fn guid_paths_of_different_hosts_differ() {
    let alpha = of(&item(Some("https://alpha.example/?p=101"), None, ""), FEED);
    let beta = of(&item(Some("https://beta.example/?p=101"), None, ""), FEED);
    assert!(
        alpha.iter().all(|k| !beta.contains(k)),
        "{alpha:?} {beta:?}"
    );
}

#[test]
fn guids_that_are_not_urls_are_scoped_to_the_feed_host() {
    let here = of(&item(Some("12345"), None, ""), FEED);
    assert_eq!(here, ["feedguid:feeds.news.example 12345"]);
    let there = of(&item(Some("12345"), None, ""), "https://other.example/feed");
    assert_ne!(here, there);
    let local = of(&item(Some("12345"), None, ""), "content/feeds/wire.xml");
    assert_eq!(local, ["feedguid:content/feeds/wire.xml 12345"]);
}

#[test]
fn keys_skip_what_the_item_lacks() {
    assert_eq!(
        of(&item(Some("https://news.example/"), None, ""), FEED),
        ["guid:https://news.example/"],
        "a bare home page is no path to match on"
    );
    assert!(of(&item(None, None, ""), FEED).is_empty());
}

#[test]
fn a_title_needs_a_real_date_to_be_a_key() {
    let mut undated = item(None, None, "Live updates");
    undated.published = None;
    let keys = of(&undated, FEED);
    assert!(!keys.iter().any(|k| k.starts_with("title:")), "{keys:?}");
    assert!(
        keys[0].starts_with("content:"),
        "scoped to the feed instead"
    );
}

#[test]
fn the_title_key_ignores_case_and_spacing_and_is_stable() {
    let a = of(&item(None, None, "Talks  Resume in Geneva"), FEED);
    let b = of(&item(None, None, "talks resume in geneva"), FEED);
    assert_eq!(a, b);
    // sha256("feeds.news.example\ntalks resume in geneva\n2026-01-30T09:00:00Z"): fixed forever.
    assert_eq!(
        a[0],
        "title:45c104a8e47bff5f8b56a52b8c6f4fcb11cf663242814ab70e62609158107c3c"
    );
    assert_eq!(
        sha256_hex(&["a", "b"]),
        // sha256("a\nb")
        "7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78"
    );
}

#[test]
fn the_same_title_and_time_at_two_outlets_are_two_keys() {
    let a = of(
        &item(None, Some("https://alpha.example/wire/1"), "Wire story"),
        FEED,
    );
    let b = of(
        &item(None, Some("https://beta.example/wire/9"), "Wire story"),
        FEED,
    );
    assert_ne!(a.last(), b.last());
}

#[test]
fn an_item_without_guid_or_link_is_also_keyed_by_its_content_in_the_feed() {
    let keys = of(&item(None, None, "Title only"), FEED);
    assert!(keys[0].starts_with("title:") && keys[1].starts_with("content:"));
    assert_eq!(keys.len(), 2);
    let linked = of(&item(None, Some("https://n.example/1"), "Title only"), FEED);
    assert!(!linked.iter().any(|k| k.starts_with("content:")));
}

#[test]
fn a_description_only_item_is_keyed_by_its_text_and_feed() {
    let mut only_text = item(None, None, "");
    only_text.summary = Some("The council met on Tuesday.".into());
    let keys = of(&only_text, FEED);
    assert_eq!(keys.len(), 1);
    assert!(keys[0].starts_with("content:"));
    let elsewhere = of(&only_text, "https://other.example/feed");
    assert_ne!(keys, elsewhere);
}

#[test]
fn different_guids_conflict_and_shared_ones_do_not() {
    let a = of(
        &item(Some("a-1"), Some("https://n.example/live"), "Live"),
        FEED,
    );
    let b = of(
        &item(Some("a-2"), Some("https://n.example/live"), "Live"),
        FEED,
    );
    let no_guid = of(&item(None, Some("https://n.example/live"), "Live"), FEED);
    assert!(conflicting_guids(&a, &b));
    assert!(!conflicting_guids(&a, &a));
    assert!(!conflicting_guids(&a, &no_guid));
    assert!(!conflicting_guids(&no_guid, &b));
    let http = of(&item(Some("http://n.example/?p=1"), None, ""), FEED);
    let https = of(&item(Some("https://n.example/?p=1"), None, ""), FEED);
    assert!(
        !conflicting_guids(&http, &https),
        "a move to https is the same guid"
    );
}

#[test]
fn old_keys_are_upgraded_to_scoped_ones() {
    let mut record = Record {
        id: "0".into(),
        source: "alpha".into(),
        feed: "https://alpha.example/feed".into(),
        url: Some("https://alpha.example/?p=101".into()),
        guid: Some("https://alpha.example/?p=101".into()),
        title: "Hello".into(),
        summary: None,
        published: Utc.with_ymd_and_hms(2026, 1, 30, 9, 0, 0).unwrap(),
        date_missing: false,
        date_text: None,
        updated: None,
        first_seen: Utc.with_ymd_and_hms(2026, 1, 30, 9, 0, 0).unwrap(),
        authors: vec![],
        categories: vec![],
        keys: vec![
            "guid:https://alpha.example/?p=101".into(),
            "guidpath:/?p=101".into(),
            "url:https://alpha.example/?p=101".into(),
            "hash:00".into(),
            "guid:777".into(),
        ],
    };
    assert!(upgrade(&mut record));
    let fresh = of(
        &item(
            Some("https://alpha.example/?p=101"),
            Some("https://alpha.example/?p=101"),
            "Hello",
        ),
        &record.feed,
    );
    for key in &fresh {
        assert!(
            record.keys.contains(key),
            "{key} missing from {:?}",
            record.keys
        );
    }
    assert!(
        record
            .keys
            .contains(&"feedguid:alpha.example 777".to_string())
    );
    assert!(
        !record
            .keys
            .iter()
            .any(|k| k.starts_with("hash:") || k == "guidpath:/?p=101")
    );
    assert!(!upgrade(&mut record), "current keys are left alone");
}
