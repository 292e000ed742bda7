//! Reconciling a new clustering with the stored stories keeps every id and slug.

use super::*;
use chrono::{TimeZone, Utc};

fn at(day: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 1, day, 5, 0, 0).unwrap()
}

fn group(members: &[&str]) -> Vec<String> {
    members.iter().map(|m| m.to_string()).collect()
}

fn story(id: &str, slug: &str, day: u32, members: &[&str]) -> StoredStory {
    StoredStory {
        id: id.into(),
        slug: slug.into(),
        created: at(day),
        members: group(members),
        lead: None,
        terms: vec![],
        merged_into: None,
    }
}

fn headline(members: &[String]) -> String {
    format!("Story of {}", members.join(" and "))
}

fn run(stored: &[StoredStory], groups: &[Vec<String>]) -> Vec<StoredStory> {
    reconcile(stored, groups, headline, &HashSet::new(), at(9))
}

#[test]
fn new_groups_of_two_or_more_become_stories_with_a_slug_from_their_headline() {
    let out = run(&[], &[group(&["b", "a"]), group(&["c"])]);
    assert_eq!(out.len(), 1, "a lone article is no story");
    assert_eq!(out[0].id, "a");
    assert_eq!(out[0].members, ["a", "b"]);
    assert_eq!(out[0].slug, "story-of-a-and-b");
    assert_eq!(out[0].created, at(9));
}

#[test]
fn a_story_that_grows_keeps_its_id_slug_and_date() {
    let stored = [story("a", "first-slug", 1, &["a", "b"])];
    let out = run(&stored, &[group(&["a", "b", "c", "d"])]);
    assert_eq!(out.len(), 1);
    assert_eq!(
        (out[0].id.as_str(), out[0].slug.as_str(), out[0].created),
        ("a", "first-slug", at(1))
    );
    assert_eq!(out[0].members, ["a", "b", "c", "d"]);
}

#[test]
fn merged_stories_keep_the_oldest_slug_and_the_other_redirects() {
    let stored = [
        story("x", "newer", 3, &["x", "y", "z"]),
        story("a", "older", 1, &["a", "b"]),
    ];
    let out = run(&stored, &[group(&["a", "b", "x", "y", "z"])]);
    let older = out.iter().find(|s| s.id == "a").unwrap();
    let newer = out.iter().find(|s| s.id == "x").unwrap();
    assert_eq!(older.slug, "older");
    assert_eq!(older.members.len(), 5);
    assert_eq!(newer.merged_into.as_deref(), Some("a"));
    assert!(newer.members.is_empty());
    assert_eq!(newer.slug, "newer", "its URL stays, as a redirect");
    assert_eq!(out.len(), 2);
}

#[test]
fn a_split_leaves_the_slug_with_the_larger_part() {
    let stored = [story("a", "big-story", 1, &["a", "b", "c", "d", "e"])];
    let out = run(&stored, &[group(&["a", "b"]), group(&["c", "d", "e"])]);
    let kept = out.iter().find(|s| s.slug == "big-story").unwrap();
    assert_eq!(kept.members, ["c", "d", "e"]);
    assert_eq!(kept.id, "a", "the id stays with the slug");
    let split = out.iter().find(|s| s.slug != "big-story").unwrap();
    assert_eq!(split.members, ["a", "b"]);
    assert_eq!(split.id, "b", "`a` already names a story");
}

#[test]
fn redirects_and_stories_without_grouped_articles_are_kept_as_they_are() {
    let mut merged = story("m", "merged-away", 1, &[]);
    merged.merged_into = Some("a".into());
    let orphan = story("o", "orphan", 1, &["gone-1", "gone-2"]);
    let stored = [
        merged.clone(),
        orphan.clone(),
        story("a", "alive", 1, &["a", "b"]),
    ];
    let out = run(&stored, &[group(&["a", "b"])]);
    assert_eq!(out[0], merged);
    assert_eq!(out[1], orphan);
    assert_eq!(out.len(), 3);
}

#[test]
fn slugs_never_collide_with_stored_or_editor_slugs() {
    let stored = [story("a", "story-of-c-and-d", 1, &["a", "b"])];
    let taken: HashSet<String> = ["story-of-c-and-d-2".to_string()].into();
    let out = reconcile(
        &stored,
        &[group(&["a", "b"]), group(&["c", "d"])],
        headline,
        &taken,
        at(9),
    );
    assert_eq!(out[1].slug, "story-of-c-and-d-3");
}

#[test]
fn slugs_are_cut_at_a_word_and_never_empty() {
    let long = "word ".repeat(40);
    assert!(unique_slug(&long, "id", &HashSet::new()).len() <= SLUG_CHARS);
    assert!(!unique_slug(&long, "id", &HashSet::new()).ends_with('-'));
    assert_eq!(
        unique_slug("!!!", "0123456789abcdef", &HashSet::new()),
        "story-01234567"
    );
}

#[test]
fn reconciling_twice_changes_nothing() {
    let stored = [
        story("a", "one", 1, &["a", "b"]),
        story("c", "two", 2, &["c", "d"]),
    ];
    let groups = [
        group(&["a", "b", "e"]),
        group(&["c", "d"]),
        group(&["f", "g"]),
    ];
    let once = run(&stored, &groups);
    let twice = run(&once, &groups);
    assert_eq!(once, twice);
}
