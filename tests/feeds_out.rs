//! Feeds out and share cards, on built sites: every feed parses back (feed-rs; JSON Feeds with
//! serde too) with the right items, permanent ids, absolute URLs and text that survives the round
//! trip; pages link to their feeds; share cards are valid PNGs, cached and configurable.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const EXAMPLE_BASE: &str = "https://parallax-news.github.io/parallax/";

fn parse(path: &str, bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

fn is_feed(path: &str) -> bool {
    path.ends_with("atom.xml") || path.ends_with("rss.xml") || path.ends_with("feed.json")
}

/// The story slugs of a story URL under `base`.
fn slug<'a>(url: &'a str, base: &str) -> &'a str {
    let rest = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not absolute under {base}"));
    rest.strip_prefix("stories/")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{url} is not a story URL"))
}

fn build_example(output: &Path) -> BTreeMap<String, Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    build(root, &["--output", output.to_str().unwrap()]);
    tree(output)
}

#[test]
fn every_feed_of_the_example_site_parses_back_with_its_stories() {
    let tmp = tempfile::tempdir().unwrap();
    let files = build_example(&tmp.path().join("out"));
    let text = |p: &str| String::from_utf8_lossy(&files[p]).into_owned();
    let stories = text("sitemap.xml").matches("/stories/").count();
    let blindspots = |side: &str| {
        files
            .iter()
            .filter(|(p, bytes)| {
                p.starts_with("stories/")
                    && p.ends_with("index.html")
                    && String::from_utf8_lossy(bytes).contains(&format!("class=\"bs bs-{side}\""))
            })
            .count()
    };
    let editions: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("editions/2") && p.ends_with("/index.html"))
        .collect();
    assert!(!editions.is_empty(), "the example has editions");
    let mut feeds = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| is_feed(p)) {
        feeds += 1;
        let feed = parse(path, bytes);
        if path.starts_with("editions/") {
            // The editions' feed: every edition (fewer than 50), each with its page and card.
            assert_eq!(feed.entries.len(), editions.len(), "{path}");
            for entry in &feed.entries {
                let page = entry.id.strip_prefix(EXAMPLE_BASE).expect("absolute id");
                assert!(
                    files.contains_key(&format!("{page}index.html")),
                    "{path}: {page}"
                );
                assert!(
                    files.contains_key(&format!("{page}card.png")),
                    "{path}: {page}"
                );
                assert_eq!(entry.links[0].href, entry.id, "{path}");
            }
            continue;
        }
        let expected = match path.rsplit_once('/').map_or("", |(dir, _)| dir) {
            "" => Some(stories.min(50)),
            "blindspot/left" => Some(blindspots("left")),
            "blindspot/right" => Some(blindspots("right")),
            _ => None,
        };
        if let Some(n) = expected {
            assert_eq!(feed.entries.len(), n, "{path}");
        }
        assert!(feed.entries.len() <= 50, "{path}");
        for entry in &feed.entries {
            let slug = slug(&entry.id, EXAMPLE_BASE);
            assert!(
                files.contains_key(&format!("stories/{slug}/index.html")),
                "{path}: {slug}"
            );
            assert_eq!(entry.links[0].href, entry.id, "{path}");
            assert!(entry.title.is_some() && entry.published.is_some(), "{path}");
        }
        if path.ends_with(".json") {
            let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
            assert_eq!(json["feed_url"], format!("{EXAMPLE_BASE}{path}"));
            let items = json["items"].as_array().unwrap();
            assert_eq!(items.len(), feed.entries.len(), "{path}");
            for item in items {
                assert!(item["date_published"].as_str().unwrap().ends_with('Z'));
                assert!(item["url"].as_str().unwrap().starts_with(EXAMPLE_BASE));
                let content = item["content_html"].as_str().unwrap();
                assert!(content.contains(" source"), "{content}");
            }
        }
    }
    let topics = files
        .keys()
        .filter(|p| p.starts_with("topics/") && p.ends_with("/atom.xml"));
    let sources = files
        .keys()
        .filter(|p| p.starts_with("sources/") && p.ends_with("/atom.xml"));
    assert!(topics.count() > 10 && sources.count() > 30);
    assert!(text("editions/index.html").contains("editions/atom.xml"));
    for page in &editions {
        let card = format!(
            "{EXAMPLE_BASE}{}card.png",
            page.trim_end_matches("index.html")
        );
        assert!(
            text(page).contains(&card),
            "{page} is shared with its own card"
        );
    }
    assert!(feeds > 3 * 40, "{feeds} feeds");
    let home = text("atom.xml");
    assert!(
        home.contains("% of the sources"),
        "the bias sentence is in the content"
    );
}

#[test]
fn pages_link_their_feeds_in_the_head_and_in_a_subscribe_line() {
    let tmp = tempfile::tempdir().unwrap();
    let files = build_example(&tmp.path().join("out"));
    let topic = files
        .keys()
        .find(|p| p.starts_with("topics/") && p.ends_with("/atom.xml"))
        .unwrap()
        .trim_end_matches("atom.xml")
        .to_string();
    let pages = [
        ("index.html", vec![""]),
        (&*format!("{topic}index.html"), vec![topic.as_str()]),
        (
            "sources/harbor-herald/index.html",
            vec!["sources/harbor-herald/"],
        ),
        (
            "blindspot/index.html",
            vec!["blindspot/left/", "blindspot/right/"],
        ),
    ];
    for (page, dirs) in pages {
        let html = String::from_utf8_lossy(&files[page]).into_owned();
        for dir in dirs {
            for (file, mime) in [
                ("atom.xml", "application/atom+xml"),
                ("rss.xml", "application/rss+xml"),
                ("feed.json", "application/feed+json"),
            ] {
                let href = format!("href=\"/parallax/{dir}{file}\"");
                let link = format!("<link rel=\"alternate\" type=\"{mime}\"");
                assert!(
                    html.lines()
                        .any(|l| l.starts_with(&link) && l.contains(&href)),
                    "{page}: no {link} {href}"
                );
                assert!(files.contains_key(&format!("{dir}{file}")), "{dir}{file}");
            }
        }
        assert!(html.contains("<ul class=\"subscribe\">"), "{page}");
    }
    let story = String::from_utf8_lossy(&files["stories/central-ohio-measles-outbreak/index.html"])
        .into_owned();
    assert!(
        !story.contains("rel=\"alternate\""),
        "a story page has no feed of its own"
    );
}

/// The entries of the home page's three feeds, by format, as (id, title, updated).
fn home_entries(output: &Path) -> Vec<Vec<(String, String, String)>> {
    ["atom.xml", "rss.xml", "feed.json"]
        .iter()
        .map(|f| {
            let feed = parse(f, &std::fs::read(output.join(f)).unwrap());
            feed.entries
                .iter()
                .map(|e| {
                    let title = e.title.as_ref().unwrap().content.clone();
                    let date = e.updated.or(e.published).unwrap().to_rfc3339();
                    (e.id.clone(), title, date)
                })
                .collect()
        })
        .collect()
}

#[test]
fn ids_stay_when_a_story_grows_and_titles_with_markup_round_trip() {
    let (_tmp, root) = copy_fixture("basic");
    let output = root.join("output");
    let nasty = r#"Alpha <b>budget</b> & "quotes" 'too' <script>x</script>"#;
    let story = root.join("content/stories/alpha.md");
    let text = read(&story).replace(
        "title: \"Alpha: parliament passes the budget\"",
        &format!("title: '{}'", nasty.replace('\'', "''")),
    );
    std::fs::write(&story, &text).unwrap();
    build(&root, &[]);
    let first = home_entries(&output);
    build(&root, &["--base-url", "https://fixture.example/"]);
    assert_eq!(home_entries(&output), first, "stable across builds");
    for entries in &first {
        let alpha = entries
            .iter()
            .find(|e| e.0.ends_with("/stories/alpha/"))
            .unwrap();
        assert_eq!(alpha.1, nasty);
        assert_eq!(alpha.0, "https://fixture.example/stories/alpha/");
    }

    let grown = text.replacen(
        "articles:\n",
        "articles:\n  - source: right-post\n    url: https://rightpost.example/alpha-2\n    title: \"More on the budget\"\n    published: 2026-02-09T08:00:00Z\n",
        1,
    );
    std::fs::write(&story, grown).unwrap();
    build(&root, &[]);
    let after = home_entries(&output);
    for (format, (before, after)) in first.iter().zip(&after).enumerate() {
        let ids = |list: &[(String, String, String)]| {
            let mut ids: Vec<String> = list.iter().map(|e| e.0.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(before), ids(after), "the same ids");
        let alpha = after.iter().find(|e| e.0.ends_with("/alpha/")).unwrap();
        // RSS items have no update date; Atom and JSON Feed say the story grew.
        if format != 1 {
            assert!(
                alpha.2.starts_with("2026-02-09T08:00:00"),
                "updated: {alpha:?}"
            );
        }
    }
}

#[test]
fn the_item_limit_and_share_cards_are_configurable() {
    let (_tmp, root) = copy_fixture("basic");
    let config = root.join("parallax.yaml");
    let base = read(&config);
    std::fs::write(
        &config,
        format!("{base}feeds:\n  items: 1\nshare_cards: 1\n"),
    )
    .unwrap();
    build(&root, &[]);
    let output = root.join("output");
    let files = tree(&output);
    for (path, bytes) in files.iter().filter(|(p, _)| is_feed(p)) {
        assert!(parse(path, bytes).entries.len() <= 1, "{path}");
    }
    let cards: Vec<&String> = files.keys().filter(|p| p.ends_with("card.png")).collect();
    assert_eq!(
        cards.len(),
        2,
        "the site's card and the newest story's: {cards:?}"
    );
    let newest = &home_entries(&output)[0][0].0;
    let slug = slug(newest, "https://fixture.example/");
    let card = &files[&format!("stories/{slug}/card.png")];
    let decoder = png::Decoder::new(std::io::Cursor::new(card.as_slice()));
    let info = decoder.read_info().unwrap().info().clone();
    assert_eq!((info.width, info.height), (1200, 630));
    assert!(card.len() < 40_000, "{} bytes", card.len());
    let alpha = String::from_utf8_lossy(&files["stories/alpha/index.html"]).into_owned();
    assert!(
        alpha.contains("<meta property=\"og:image\" content=\"https://fixture.example/card.png\">")
    );

    std::fs::write(&config, format!("{base}share_cards: false\n")).unwrap();
    build(&root, &[]);
    let files = tree(&output);
    assert!(!files.keys().any(|p| p.ends_with(".png")));
    let alpha = String::from_utf8_lossy(&files["stories/alpha/index.html"]).into_owned();
    assert!(!alpha.contains("og:image") && alpha.contains("og:title"));
}

#[test]
fn an_unchanged_card_is_not_rendered_again() {
    let (_tmp, root) = copy_fixture("basic");
    let first = String::from_utf8_lossy(&build(&root, &[]).stdout).into_owned();
    assert!(
        first.contains("share cards: 4, ") && first.contains("(4 rendered, 0 from the cache)"),
        "{first}"
    );
    let before = tree(&root.join("output"));
    let story = root.join("content/stories/alpha.md");
    std::fs::write(
        &story,
        read(&story).replace("Alpha: parliament", "Alpha: the parliament"),
    )
    .unwrap();
    let second = String::from_utf8_lossy(&build(&root, &[]).stdout).into_owned();
    assert!(
        second.contains("(1 rendered, 3 from the cache)"),
        "{second}"
    );
    let after = tree(&root.join("output"));
    assert_eq!(
        before["stories/gamma/card.png"],
        after["stories/gamma/card.png"]
    );
    assert_ne!(
        before["stories/alpha/card.png"],
        after["stories/alpha/card.png"]
    );
    let cache = std::fs::read_dir(root.join(".output.parallax-cards"))
        .unwrap()
        .count();
    assert_eq!(cache, 4, "the old card of alpha is pruned");
}
