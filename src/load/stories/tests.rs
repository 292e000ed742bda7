//! Story files: what parses, and the errors of what does not.

use super::*;
use crate::load::sources;
use crate::model::ArticleKind;

fn registry() -> Sources {
    sources::parse(
        Path::new("s.yaml"),
        "sources:\n  - id: herald\n    name: Herald\n  - id: wire\n    name: Wire\n",
    )
    .unwrap()
}

/// `text` parsed as `content/stories/a.md` against [`registry`] and an empty archive.
fn parse_a(text: &str) -> Result<Story> {
    parse(
        Path::new("content/stories/a.md"),
        text,
        &registry(),
        &Archived::default(),
        chrono_tz::UTC,
    )
    .map(|p| p.story)
}

fn problems(text: &str) -> Vec<String> {
    match parse_a(text) {
        Ok(_) => vec![],
        Err(Error::Input(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

const GOOD: &str = "---\ntitle: Talks\ndate: 2026-01-30\ntopics: [Defence, defence, Asia]\narticles:\n  - source: wire\n    url: https://w.example/2\n    title: Second\n    published: 2026-01-31T10:00:00Z\n  - source: herald\n    url: https://h.example/1\n    title: First\n    published: 2026-01-30T10:00:00+09:00\n---\nThe ministers met.\n\nMore.\n";

#[test]
fn a_story_file_becomes_a_story() {
    let story = parse(
        Path::new("content/stories/japan-talks.md"),
        GOOD,
        &registry(),
        &Archived::default(),
        chrono_tz::UTC,
    )
    .unwrap()
    .story;
    assert_eq!(story.slug, "japan-talks");
    assert_eq!(
        story
            .topics
            .iter()
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>(),
        ["defence", "asia"]
    );
    assert_eq!(
        story.articles[0].source, "herald",
        "articles are sorted earliest first"
    );
    assert_eq!(story.summary, "The ministers met.");
    assert!(story.body_html.contains("<p>The ministers met.</p>"));
}

#[test]
fn an_unknown_source_is_named_with_its_line_and_a_suggestion() {
    let p = problems(&GOOD.replace("source: wire", "source: wyre"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with(
            "content/stories/a.md:6:13: field `articles[0].source`: unknown source id `wyre`"
        ),
        "{}",
        p[0]
    );
    assert!(p[0].contains("did you mean `wire`?"), "{}", p[0]);
}

#[test]
fn invalid_dates_are_errors_with_the_accepted_forms() {
    let p = problems(&GOOD.replace("date: 2026-01-30", "date: 2026-02-30"));
    assert!(
        p[0].starts_with("content/stories/a.md:3:7: field `date`: invalid date `2026-02-30`"),
        "{p:?}"
    );
    assert!(p[0].contains("RFC 3339"));
}

#[test]
fn malformed_front_matter_is_an_error_with_a_line() {
    let p = problems("---\ntitle: [broken\ndate: 2026-01-30\n---\n");
    assert!(p[0].starts_with("content/stories/a.md:"), "{p:?}");
    let p = problems("no front matter here");
    assert!(
        p[0].starts_with("content/stories/a.md:1:1: no front matter"),
        "{p:?}"
    );
    let p = problems("---\ntitle: x\ndate: 2026-01-01\n");
    assert!(
        p[0].contains("no front matter"),
        "unterminated front matter: {p:?}"
    );
}

#[test]
fn unknown_front_matter_keys_are_errors() {
    let p = problems(&GOOD.replace("title: Talks", "title: Talks\ntags: [x]"));
    assert!(
        p[0].starts_with("content/stories/a.md:3:1: unknown field `tags`"),
        "{p:?}"
    );
}

#[test]
fn clustering_controls_are_read_and_checked() {
    let text = GOOD.replace(
        "topics:",
        "cluster: false\nexclude: [\"https://x.example/a?utm_source=feed#top\"]\nmerge: [port-strike]\ntopics:",
    );
    let story = parse_a(&text).unwrap();
    assert!(!story.controls.absorb);
    assert_eq!(story.controls.exclude, ["https://x.example/a"]);
    assert_eq!(story.controls.merge, ["port-strike"]);
    assert_eq!(story.origin, Origin::Editor);

    let p = problems(&GOOD.replace(
        "topics:",
        "exclude: [not a url]\nmerge: [Port Strike]\ntopics:",
    ));
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("content/stories/a.md:4:11: field `exclude[0]`"),
        "{p:?}"
    );
    assert!(
        p[1].contains("field `merge[0]`: `Port Strike` is not a story slug"),
        "{p:?}"
    );
}

#[test]
fn an_articles_kind_is_the_editors_else_as_its_outlet_marks_it() {
    let text = GOOD
        .replace(
            "    title: Second\n",
            "    title: Second\n    kind: Analysis\n",
        )
        .replace("https://h.example/1", "https://h.example/opinion/1");
    let story = parse_a(&text).unwrap();
    let kinds: Vec<(&str, ArticleKind)> = story
        .articles
        .iter()
        .map(|a| (a.source.as_str(), a.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("herald", ArticleKind::Opinion),
            ("wire", ArticleKind::Analysis)
        ],
        "the URL's section, and the editor's `kind`"
    );
    // The editor's word wins over the outlet's marks.
    let news = text.replace("    title: First\n", "    title: First\n    kind: news\n");
    let story = parse_a(&news).unwrap();
    assert_eq!(story.articles[0].kind, ArticleKind::News);

    let p = problems(&GOOD.replace("    title: Second\n", "    title: Second\n    kind: rant\n"));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("field `articles[0].kind`: unknown kind `rant`")
            && p[0].contains("news, opinion, analysis"),
        "{p:?}"
    );
}

#[test]
fn a_pinned_articles_feed_categories_mark_it() {
    let record: crate::archive::Record = serde_json::from_value(serde_json::json!({
        "id": "r1", "source": "herald", "feed": "https://h.example/feed",
        "url": "https://h.example/columns-x", "title": "Why the talks matter",
        "published": "2026-01-30T01:00:00Z", "first_seen": "2026-01-30T01:00:00Z",
        "categories": ["Politics", "Columns"], "keys": []
    }))
    .unwrap();
    let archived = Archived::new(vec![record]);
    let text = "---\ntitle: Talks\ndate: 2026-01-30\narticles:\n  - url: https://h.example/columns-x\n---\n";
    let story = parse(
        Path::new("content/stories/a.md"),
        text,
        &registry(),
        &archived,
        chrono_tz::UTC,
    )
    .unwrap()
    .story;
    assert_eq!(story.articles[0].kind, ArticleKind::Opinion);
}
