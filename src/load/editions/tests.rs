//! Edition files: fields read, problems reported with their lines.

use super::*;
use crate::model::Source;

fn sources() -> Sources {
    Sources::new(vec![Source::for_test("herald", None)])
}

fn parse_text(text: &str) -> Result<Edition> {
    parse(
        Path::new("content/editions/e.md"),
        text,
        &sources(),
        chrono_tz::America::New_York,
    )
}

#[test]
fn an_edition_file_gives_its_day_number_intro_stories_and_links() {
    let edition = parse_text(
        "---\ntitle: \"No. 4: the week\"\nnumber: 4\ndate: 2026-02-06\nstories: [a-story, /stories/b-story/]\nlinks:\n  - url: https://herald.example/x?utm_source=n\n    title: A piece\n    source: herald\n    note: Worth it.\n---\nHello *there*.\n",
    )
    .unwrap();
    assert_eq!(edition.number, Some(4));
    assert_eq!(
        edition.day.to_string(),
        "2026-02-06",
        "a plain date is read in the editions' zone"
    );
    assert_eq!(edition.date.to_rfc3339(), "2026-02-06T05:00:00+00:00");
    assert_eq!(edition.summary, "Hello there.");
    assert!(edition.body_html.contains("<em>there</em>"));
    let slugs: Vec<&str> = edition.stories.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, ["a-story", "b-story"]);
    assert_eq!(edition.stories[0].location.line, Some(5));
    assert_eq!(
        edition.links[0].url, "https://herald.example/x",
        "tracking parameters dropped"
    );
    assert_eq!(edition.links[0].source.as_deref(), Some("herald"));
}

#[test]
fn every_problem_of_an_edition_file_is_reported_with_its_line() {
    let err = parse_text(
        "---\ntitle: \" \"\ndate: someday\nlinks:\n  - url: /relative\n    title: T\n    source: heral\n---\n",
    )
    .unwrap_err()
    .to_string();
    for expected in [
        "content/editions/e.md:2:8: field `title`: the title is empty",
        "content/editions/e.md:3:7: field `date`: invalid date `someday`",
        "content/editions/e.md:5:10: field `links[0].url`: `/relative` is not an absolute http(s) URL",
        "content/editions/e.md:7:13: field `links[0].source`: unknown source `heral`",
        "did you mean `herald`?",
    ] {
        assert!(err.contains(expected), "{expected}\n in: {err}");
    }
    let err = parse_text("---\ntitle: T\ndate: 2026-01-01\nnumbr: 3\n---\n")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("content/editions/e.md:4:"), "{err}");
    assert!(err.contains("unknown field `numbr`"), "{err}");
}
