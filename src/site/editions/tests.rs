//! Generated editions per period, written ones winning theirs, and the stories editions list.

use super::*;
use crate::config::Analysis;
use crate::error::Location;
use crate::model::{Article, ArticleKind, Bias, Source, Sources};
use chrono::{TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// Twelve sources: six Right, four Center, two Left.
fn sources() -> Sources {
    let bias = |i: usize| match i {
        0..6 => Bias::Right,
        6..10 => Bias::Center,
        _ => Bias::Left,
    };
    Sources::new(
        (0..12)
            .map(|i| Source::for_test(&format!("s{i}"), Some(bias(i))))
            .collect(),
    )
}

/// A story published at `at` (RFC 3339) and covered by the sources `from`.
fn story(slug: &str, at: &str, from: std::ops::Range<usize>) -> Story {
    let date = chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc();
    let mut story = Story::for_test(slug, &slug.to_uppercase());
    story.date = date;
    story.articles = from
        .map(|i| Article {
            source: format!("s{i}"),
            url: format!("https://s{i}.example/{slug}"),
            title: slug.into(),
            published: date,
            excerpt: None,
            dateline: None,
            kind: ArticleKind::News,
        })
        .collect();
    story
}

fn coverage(stories: &[Story]) -> Vec<Coverage> {
    let sources = sources();
    stories
        .iter()
        .map(|s| {
            crate::coverage::of_story(s, &sources, &Analysis::default(), |c| c.name().to_string())
        })
        .collect()
}

fn weekly(tz: Tz, stories: usize) -> EditionRules {
    EditionRules {
        cadence: Some(Cadence::Weekly(Weekday::Fri)),
        timezone: tz,
        stories,
        since: None,
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn slugs(stories: &[Story], list: &[usize]) -> Vec<String> {
    list.iter().map(|&i| stories[i].slug.clone()).collect()
}

fn written(date: &str, slugs: &[&str]) -> Edition {
    let mut edition = generated_edition(
        day(date),
        day(date),
        Cadence::Daily,
        &weekly(chrono_tz::UTC, 5),
        0,
        0,
    );
    edition.title = "Written".into();
    edition.file = Some("content/editions/w.md".into());
    edition.date = chrono::DateTime::parse_from_rfc3339(&format!("{date}T08:00:00Z"))
        .unwrap()
        .to_utc();
    edition.stories = slugs
        .iter()
        .map(|s| StoryRef {
            slug: s.to_string(),
            location: Location::at("content/editions/w.md", 4, 5),
        })
        .collect();
    edition
}

#[test]
fn a_generated_edition_has_the_most_covered_stories_of_its_week_and_its_blindspots() {
    let stories = vec![
        story("small", "2026-02-02T10:00:00Z", 0..2),
        story("wide", "2026-02-03T10:00:00Z", 0..12),
        // Ten sources, six of them Right and no Left: a blindspot for the Left.
        story("right-only", "2026-02-04T10:00:00Z", 0..10),
        story("middle", "2026-02-05T10:00:00Z", 0..5),
        story("next-week", "2026-02-07T10:00:00Z", 0..3),
    ];
    let coverage = coverage(&stories);
    assert!(coverage[2].blindspot.is_some());
    let entries = lay_out(&weekly(chrono_tz::UTC, 2), vec![], &stories, &coverage);
    let days: Vec<NaiveDate> = entries.iter().map(|e| e.edition.day).collect();
    assert_eq!(
        days,
        [day("2026-02-13"), day("2026-02-06")],
        "newest first, one per week with stories"
    );
    let week = &entries[1];
    assert_eq!(slugs(&stories, &week.stories), ["wide", "right-only"]);
    assert!(
        week.blindspots.is_empty(),
        "the blindspot is already among the top stories"
    );
    assert_eq!(week.period_start, Some(day("2026-01-31")));
    assert_eq!(week.path, "editions/2026/02/06/");
    assert_eq!(week.edition.title, "Week of January 31 – February 6, 2026");
    // "wide" (two Left sources of twelve) is a blindspot for the Left too.
    assert!(
        week.edition.summary.contains("and its 2 blindspots"),
        "{}",
        week.edition.summary
    );
    assert!(week.generated());

    let one = lay_out(&weekly(chrono_tz::UTC, 1), vec![], &stories, &coverage);
    assert_eq!(slugs(&stories, &one[1].stories), ["wide"]);
    assert_eq!(
        slugs(&stories, &one[1].blindspots),
        ["right-only"],
        "called out apart"
    );
    assert!(
        one[1]
            .edition
            .summary
            .starts_with("The most-covered story of the week")
    );
}

#[test]
fn a_written_edition_wins_over_the_generated_one_of_its_week() {
    let stories = vec![
        story("a", "2026-02-03T10:00:00Z", 0..3),
        story("b", "2026-02-10T10:00:00Z", 0..3),
    ];
    let coverage = coverage(&stories);
    let entries = lay_out(
        &weekly(chrono_tz::UTC, 5),
        vec![written("2026-02-04", &["b"])],
        &stories,
        &coverage,
    );
    let shown: Vec<(NaiveDate, bool)> = entries
        .iter()
        .map(|e| (e.edition.day, e.generated()))
        .collect();
    assert_eq!(
        shown,
        [(day("2026-02-13"), true), (day("2026-02-04"), false)]
    );
    assert_eq!(
        slugs(&stories, &entries[1].stories),
        ["b"],
        "the editor's choice, not the week's"
    );
}

#[test]
fn the_week_ends_at_midnight_in_the_editions_time_zone() {
    // Friday 22:00 in New York is Saturday 03:00 UTC.
    let stories = vec![story("late-friday", "2026-02-07T03:00:00Z", 0..3)];
    let coverage = coverage(&stories);
    let utc = lay_out(&weekly(chrono_tz::UTC, 5), vec![], &stories, &coverage);
    assert_eq!(utc[0].edition.day, day("2026-02-13"));
    let new_york = lay_out(
        &weekly(chrono_tz::America::New_York, 5),
        vec![],
        &stories,
        &coverage,
    );
    assert_eq!(new_york[0].edition.day, day("2026-02-06"));
    assert_eq!(
        new_york[0].edition.date,
        Utc.with_ymd_and_hms(2026, 2, 7, 4, 59, 59).unwrap()
    );
    let daily = EditionRules {
        cadence: Some(Cadence::Daily),
        ..weekly(chrono_tz::Asia::Tokyo, 5)
    };
    let tokyo = lay_out(&daily, vec![], &stories, &coverage);
    assert_eq!(tokyo[0].edition.day, day("2026-02-07"));
    assert_eq!(tokyo[0].edition.title, "Saturday, February 7, 2026");
}

#[test]
fn since_leaves_out_earlier_periods() {
    let stories = vec![
        story("old", "2026-01-05T10:00:00Z", 0..3),
        story("new", "2026-02-05T10:00:00Z", 0..3),
    ];
    let coverage = coverage(&stories);
    let rules = EditionRules {
        since: Some(day("2026-02-01")),
        ..weekly(chrono_tz::UTC, 5)
    };
    let entries = lay_out(&rules, vec![], &stories, &coverage);
    assert_eq!(entries.len(), 1);
    assert!(
        lay_out(
            &EditionRules::written_only(chrono_tz::UTC),
            vec![],
            &stories,
            &coverage
        )
        .is_empty()
    );
}

#[test]
fn listed_stories_follow_merges_drop_drafts_and_unknown_slugs_are_errors() {
    let stories = vec![Story::for_test("kept", "K")];
    let redirects = vec![("merged-away".to_string(), "kept".to_string())];
    let drafts: HashSet<String> = ["unfinished".to_string()].into();
    let ok = resolve(
        vec![written(
            "2026-02-04",
            &["merged-away", "unfinished", "kept"],
        )],
        &stories,
        &redirects,
        &drafts,
    )
    .unwrap();
    let listed: Vec<&str> = ok[0].stories.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(listed, ["kept", "kept"], "lay_out shows a story once");
    let err = resolve(
        vec![written("2026-02-04", &["kepd"])],
        &stories,
        &redirects,
        &drafts,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("content/editions/w.md:4:5: field `stories`: no story has the slug `kepd`"),
        "{err}"
    );
    assert!(err.contains("did you mean `kept`?"), "{err}");
}
