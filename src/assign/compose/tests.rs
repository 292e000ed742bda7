//! Composing editors' stories with the stored automatic stories.

use super::*;
use crate::model::{ArticleKind, ClusterControls, Source, Timestamp};
use chrono::{TimeZone, Utc};

fn at(hour: u32) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 1, 30, hour, 0, 0).unwrap()
}

/// Record `id` from `source`, at https://<source>.example/<id>.
fn record(id: &str, source: &str, hour: u32) -> Record {
    Record {
        id: id.into(),
        source: source.into(),
        feed: format!("https://{source}.example/feed"),
        url: Some(format!("https://{source}.example/{id}")),
        guid: None,
        title: format!("Headline {id}"),
        summary: Some(format!("KYIV, Ukraine (Wire) - Summary {id}.")),
        published: at(hour),
        date_missing: false,
        date_text: None,
        updated: None,
        first_seen: at(hour),
        authors: vec![],
        categories: vec![],
        keys: vec![],
    }
}

fn stored(id: &str, slug: &str, members: &[&str]) -> StoredStory {
    StoredStory {
        id: id.into(),
        slug: slug.into(),
        created: at(1),
        members: members.iter().map(|m| m.to_string()).collect(),
        lead: members.get(1).map(|m| m.to_string()),
        terms: vec![
            "Kyiv".into(),
            "drones".into(),
            "2.25".into(),
            "Tuesday".into(),
            "Oleksiy".into(),
        ],
        merged_into: None,
    }
}

fn merged(id: &str, slug: &str, into: &str) -> StoredStory {
    StoredStory {
        merged_into: Some(into.into()),
        ..stored(id, slug, &[])
    }
}

fn sources() -> Sources {
    Sources::new(
        ["a", "b", "c", "d"]
            .iter()
            .map(|id| Source::for_test(id, None))
            .collect(),
    )
}

/// Records a1, b1, c1 (one story) and a2, b2 (another), d1 alone.
fn archive() -> Archived {
    Archived::new(vec![
        record("a1", "a", 1),
        record("b1", "b", 2),
        record("c1", "c", 3),
        record("a2", "a", 4),
        record("b2", "b", 5),
        record("d1", "d", 6),
    ])
}

fn editor(slug: &str, pinned: &[&str]) -> Story {
    let mut story = Story::for_test(slug, "Editor's headline");
    story.articles = pinned
        .iter()
        .map(|id| {
            let source = &id[..1];
            Article {
                source: source.into(),
                url: format!("https://{source}.example/{id}"),
                title: format!("Pinned {id}"),
                published: at(1),
                excerpt: None,
                dateline: None,
                kind: ArticleKind::News,
            }
        })
        .collect();
    story
}

fn run(editor: Vec<Story>, stored: &[StoredStory]) -> Result<Composed> {
    let archived = archive();
    let files: Vec<PathBuf> = stored
        .iter()
        .map(|_| "content/clusters/2026/01.jsonl".into())
        .collect();
    compose(Input {
        editor,
        stored,
        files: &files,
        archived: &archived,
        sources: &sources(),
        config: &ClusterConfig::default(),
    })
}

fn slugs(composed: &Composed) -> Vec<&str> {
    composed.stories.iter().map(|s| s.slug.as_str()).collect()
}

#[test]
fn an_automatic_story_with_enough_sources_gets_a_page_like_an_editors() {
    let out = run(
        vec![],
        &[stored("a1", "drones-hit-kyiv", &["a1", "b1", "c1"])],
    )
    .unwrap();
    let story = &out.stories[0];
    assert_eq!(story.slug, "drones-hit-kyiv");
    assert_eq!(story.title, "Headline b1", "the lead's headline");
    assert_eq!(story.summary, "KYIV, Ukraine (Wire) - Summary b1.");
    assert_eq!(story.articles.len(), 3);
    assert_eq!(story.location.as_deref(), Some("Kyiv, Ukraine"));
    assert_eq!(
        story.country.map(|c| c.code().to_string()).as_deref(),
        Some("UA")
    );
    assert_eq!(
        story
            .topics
            .iter()
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>(),
        ["kyiv", "oleksiy"],
        "names only: no common words, numbers or weekdays"
    );
    assert!(matches!(&story.origin, Origin::Auto { id, .. } if id == "a1"));
    assert_eq!(story.date, at(1));
}

#[test]
fn min_sources_keeps_small_groups_off_the_site() {
    let out = run(vec![], &[stored("a2", "small", &["a2", "b2"])]).unwrap();
    assert!(out.stories.is_empty());
    assert!(out.redirects.is_empty());
}

#[test]
fn an_editors_story_absorbs_the_cluster_sharing_its_pinned_articles() {
    let out = run(
        vec![editor("editors-take", &["a1"])],
        &[stored("a1", "drones-hit-kyiv", &["a1", "b1", "c1"])],
    )
    .unwrap();
    assert_eq!(slugs(&out), ["editors-take"]);
    let story = &out.stories[0];
    assert_eq!(story.title, "Editor's headline");
    assert_eq!(story.articles.len(), 3, "pinned a1 once, plus b1 and c1");
    assert_eq!(
        story
            .articles
            .iter()
            .filter(|a| a.url.ends_with("/a1"))
            .count(),
        1
    );
    assert_eq!(
        out.redirects,
        [("drones-hit-kyiv".to_string(), "editors-take".to_string())]
    );
}

#[test]
fn excluded_articles_stay_out_and_cluster_false_absorbs_nothing() {
    let mut story = editor("editors-take", &["a1"]);
    story.controls.exclude = vec!["https://c.example/c1".into()];
    let out = run(vec![story], &[stored("a1", "auto", &["a1", "b1", "c1"])]).unwrap();
    let urls: Vec<&str> = out.stories[0]
        .articles
        .iter()
        .map(|a| a.url.as_str())
        .collect();
    assert_eq!(urls, ["https://a.example/a1", "https://b.example/b1"]);

    let mut hand_made = editor("editors-take", &["a1"]);
    hand_made.controls = ClusterControls {
        absorb: false,
        ..ClusterControls::default()
    };
    let out = run(
        vec![hand_made],
        &[stored("a1", "auto", &["a1", "b1", "c1"])],
    )
    .unwrap();
    assert_eq!(slugs(&out), ["editors-take", "auto"]);
    assert_eq!(out.stories[0].articles.len(), 1);
}

#[test]
fn merge_takes_in_a_story_by_slug_and_an_unknown_slug_is_an_error() {
    let mut story = editor("roundup", &[]);
    story.controls.merge = vec!["small".into()];
    let out = run(vec![story.clone()], &[stored("a2", "small", &["a2", "b2"])]).unwrap();
    assert_eq!(out.stories[0].articles.len(), 2);
    assert_eq!(
        out.redirects,
        [("small".to_string(), "roundup".to_string())]
    );

    story.controls.merge = vec!["no-such-story".into()];
    let err = run(vec![story], &[]).unwrap_err().to_string();
    assert!(err.contains("field `merge[0]`"), "{err}");
    assert!(
        err.contains("`no-such-story` is not the slug of an automatic story"),
        "{err}"
    );
}

#[test]
fn merged_stories_redirect_to_the_page_that_holds_their_articles() {
    let out = run(
        vec![],
        &[
            stored("a1", "survivor", &["a1", "b1", "c1", "a2", "b2"]),
            merged("a2", "merged-away", "a1"),
            merged("zz", "merged-twice", "a2"),
        ],
    )
    .unwrap();
    assert_eq!(slugs(&out), ["survivor"]);
    assert_eq!(
        out.redirects,
        [
            ("merged-away".to_string(), "survivor".to_string()),
            ("merged-twice".to_string(), "survivor".to_string())
        ]
    );
}

#[test]
fn an_editor_slug_that_an_automatic_story_holds_is_an_error_unless_it_absorbed_it() {
    let err = run(
        vec![editor("drones-hit-kyiv", &[])],
        &[stored("a1", "drones-hit-kyiv", &["a1", "b1", "c1"])],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("already the permanent URL of an automatic story"),
        "{err}"
    );

    let taken_over = run(
        vec![editor("drones-hit-kyiv", &["a1"])],
        &[stored("a1", "drones-hit-kyiv", &["a1", "b1", "c1"])],
    )
    .unwrap();
    assert_eq!(slugs(&taken_over), ["drones-hit-kyiv"]);
    assert!(taken_over.redirects.is_empty());
}

#[test]
fn archived_articles_are_news_unless_their_outlet_marks_them_opinion_or_analysis() {
    let mut opinion = record("a1", "a", 1);
    opinion.categories = vec!["Opinion".into()];
    let mut analysis = record("b1", "b", 2);
    analysis.title = "Analysis: what the strikes mean".into();
    let records = [opinion, analysis, record("c1", "c", 3)];
    let kinds: Vec<ArticleKind> = records.iter().map(|r| article(r).unwrap().kind).collect();
    assert_eq!(
        kinds,
        [
            ArticleKind::Opinion,
            ArticleKind::Analysis,
            ArticleKind::News
        ]
    );
}
