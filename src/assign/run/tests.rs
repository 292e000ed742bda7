//! Clustering runs over an archive: stories form, and later runs keep their ids and slugs.

use super::*;
use chrono::{TimeZone, Utc};

fn at(day: u32, hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 1, day, hour, 0, 0).unwrap()
}

/// An article of `source` about `event` (its own names and numbers), published on `day`.
fn record(event: &str, source: &str, day: u32, hour: u32) -> Record {
    let (title, summary) = match event {
        "quake" => (
            "Magnitude 6.8 earthquake strikes Hokkaido near Kushiro",
            "A magnitude 6.8 earthquake struck eastern Hokkaido near Kushiro, damaging roads.",
        ),
        "strike" => (
            "Dockworkers at Rotterdam and Antwerp walk out over automation",
            "Dockworkers in Rotterdam and Antwerp began a strike over port automation plans.",
        ),
        "vote" => (
            "Chilean senate approves Atacama lithium royalty bill",
            "Chile's senate approved the Atacama lithium royalty bill after a long debate.",
        ),
        _ => (
            "Kushiro fishermen count losses after Hokkaido earthquake",
            "Fishermen in Kushiro, Hokkaido, counted losses after the magnitude 6.8 earthquake.",
        ),
    };
    let id = format!("{event}-{source}-{day}");
    Record {
        id: id.clone(),
        source: source.into(),
        feed: format!("https://{source}.example/feed"),
        url: Some(format!("https://{source}.example/{id}")),
        guid: None,
        title: format!("{title} ({source})"),
        summary: Some(summary.into()),
        published: at(day, hour),
        date_missing: false,
        date_text: None,
        updated: None,
        first_seen: at(day, hour),
        authors: vec![],
        categories: vec![],
        keys: vec![],
    }
}

fn day_one() -> Vec<Record> {
    let mut records = Vec::new();
    for (i, source) in ["a", "b", "c", "d"].iter().enumerate() {
        records.push(record("quake", source, 1, 1 + i as u32));
        records.push(record("strike", source, 1, 2 + i as u32));
    }
    records.push(record("vote", "a", 1, 9));
    records
}

fn state<'a>(
    records: &'a [Record],
    stored: &[StoredStory],
    config: &'a ClusterConfig,
    now: Timestamp,
) -> State<'a> {
    State {
        records,
        stored: stored.to_vec(),
        taken: HashSet::new(),
        config,
        now,
    }
}

fn live(stories: &[StoredStory]) -> Vec<&StoredStory> {
    stories.iter().filter(|s| s.merged_into.is_none()).collect()
}

#[test]
fn a_full_run_makes_one_story_per_event_with_a_lead_and_terms() {
    let config = ClusterConfig::default();
    let records = day_one();
    let stories = full(state(&records, &[], &config, at(1, 12)));
    let live = live(&stories);
    assert_eq!(live.len(), 2, "{stories:#?}");
    for story in &live {
        assert_eq!(story.members.len(), 4, "{story:?}");
        assert!(
            story
                .lead
                .as_ref()
                .is_some_and(|l| story.members.contains(l))
        );
        assert!(!story.terms.is_empty());
        assert_eq!(story.created, at(1, 12));
    }
    assert!(
        live.iter()
            .any(|s| s.slug.starts_with("magnitude-6-8-earthquake"))
    );
    let again = full(state(&records, &[], &config, at(1, 12)));
    assert_eq!(stories, again, "deterministic");
}

#[test]
fn a_day_added_incrementally_grows_stories_and_keeps_every_slug() {
    let config = ClusterConfig::default();
    let mut records = day_one();
    let first = full(state(&records, &[], &config, at(1, 12)));
    for source in ["e", "f"] {
        records.push(record("quake", source, 2, 3));
        records.push(record("losses", source, 2, 4));
    }
    records.push(record("vote", "b", 2, 5));
    records.push(record("vote", "c", 2, 6));
    let second = incremental(state(&records, &first, &config, at(2, 12)));
    for old in &first {
        let now = second
            .iter()
            .find(|s| s.id == old.id)
            .expect("no story is dropped");
        assert_eq!(now.slug, old.slug, "slugs never change");
        assert_eq!(now.created, old.created);
    }
    let quake = second
        .iter()
        .find(|s| s.slug.starts_with("magnitude-6-8-earthquake"))
        .unwrap();
    assert!(quake.members.len() >= 6, "{quake:?}");
    assert!(
        second
            .iter()
            .any(|s| s.members.iter().filter(|m| m.starts_with("vote")).count() == 3),
        "the vote gained two articles and became a story: {second:#?}"
    );
    let report = report(&first, &second, records.len());
    assert!(report.new >= 1 && report.changed >= 1, "{report:?}");
}

#[test]
fn a_full_run_after_incremental_ones_keeps_ids_and_slugs() {
    let config = ClusterConfig::default();
    let mut records = day_one();
    let first = full(state(&records, &[], &config, at(1, 12)));
    records.push(record("quake", "e", 2, 3));
    let second = incremental(state(&records, &first, &config, at(2, 12)));
    let third = full(state(&records, &second, &config, at(3, 12)));
    for old in &second {
        let now = third.iter().find(|s| s.id == old.id).unwrap();
        assert_eq!(now.slug, old.slug);
    }
    assert_eq!(
        third.len(),
        second.len(),
        "nothing new: the same stories again"
    );
}

#[test]
fn new_stories_never_take_an_editors_slug() {
    let config = ClusterConfig::default();
    let records = day_one();
    let mut with_taken = state(&records, &[], &config, at(1, 12));
    let plain = full(state(&records, &[], &config, at(1, 12)));
    with_taken.taken = plain.iter().map(|s| s.slug.clone()).collect();
    let out = full(with_taken);
    for story in &out {
        assert!(
            !plain.iter().any(|p| p.slug == story.slug),
            "{}",
            story.slug
        );
    }
}
