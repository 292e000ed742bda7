//! Coverage figures on the built pages, checked against the content files: by hand for the
//! fixture and the seed-modelled story, and for every story of the example site by an
//! independent re-reading of `content/` (not through parallax's own code).

mod common;

use common::*;
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Text of the first element starting with `start`, up to `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in page"));
    let rest = &html[i + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn panel_count(html: &str, label: &str) -> usize {
    between(html, &format!("<dt>{label}</dt><dd>"), "</dd>")
        .parse()
        .unwrap()
}

#[test]
fn the_fixture_story_figures_match_a_count_by_hand() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let html = read(&root.join("output/stories/alpha/index.html"));
    // alpha: left-daily (left), centre-wire (center), right-post (right + lean-right = 2.5 -> lean-right, half toward Center).
    assert_eq!(panel_count(&html, "Total sources"), 3);
    assert_eq!(panel_count(&html, "Leaning Left"), 1);
    assert_eq!(panel_count(&html, "Center"), 1);
    assert_eq!(panel_count(&html, "Leaning Right"), 1);
    assert_eq!(panel_count(&html, "Not rated for bias"), 0);
    assert!(html.contains(
        r#"<p class="sentence">The sources are evenly split between Left, Center and Right</p>"#
    ));
    // 1/1/1 of 3: largest remainder gives the extra point to the first side.
    assert!(
        html.contains(">L 34%<") && html.contains(">C 33%<") && html.contains(">R 33%<"),
        "{html}"
    );
    // Earliest: Left Daily at 10:00+01:00 (09:00 UTC), before Centre Wire at 09:30 UTC; no dateline, so its location.
    assert!(
        html.contains(">Left Daily</a> broke the news in New York on Sunday, February 1, 2026."),
        "{html}"
    );
    assert!(html.contains("Sources are mostly out of United States"));
    // Factuality: high, very-high, mixed -> 33/33/34 by scale order: Very High 34, High 33, Mixed 33.
    assert!(html.contains("Very High <b>34%</b> (1)"), "{html}");

    let beta = read(&root.join("output/stories/beta-floods/index.html"));
    assert_eq!(
        panel_count(&beta, "Not rated for bias"),
        1,
        "local-voice is unrated"
    );
    assert!(beta.contains(r#"<p class="sentence">100% of the sources are Center</p>"#));
    // The fixture has no story with six rated sources: no blindspot anywhere.
    let blindspot = read(&root.join("output/blindspot/index.html"));
    assert!(
        blindspot.contains("No blindspot for the Left.")
            && blindspot.contains("No blindspot for the Right.")
    );
}

#[test]
fn the_seed_story_shows_its_distribution_origin_and_countries() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(root, &["--output", out.to_str().unwrap()]);
    let html = read(&out.join("stories/japan-south-korea-defence-cooperation/index.html"));
    assert_eq!(panel_count(&html, "Total sources"), 11);
    assert_eq!(
        [
            panel_count(&html, "Leaning Left"),
            panel_count(&html, "Center"),
            panel_count(&html, "Leaning Right")
        ],
        [1, 2, 4]
    );
    assert_eq!(panel_count(&html, "Not rated for bias"), 4);
    assert!(html.contains(r#"<p class="sentence">57% of the sources lean Right</p>"#));
    assert!(html.contains(">L 14%<") && html.contains(">C 29%<") && html.contains(">R 57%<"));
    assert!(
        html.contains(
            ">DevPulse</a> broke the news in New Delhi, India on Friday, January 30, 2026."
        ),
        "{html}"
    );
    assert!(html.contains("Sources are mostly out of South Korea"));
    // 1 Left of 7 rated (14%) against 4 Right (57%): a blindspot for the Left by BRIEF.md's rule.
    assert!(html.contains("Blindspot for the Left</a>: Only 14% Left"));
    // The opinion section's article and the "Editorial:" one carry a visible label, on a card or
    // on a line of the compact list after the first cards.
    let labels: Vec<&str> = html
        .split("<li class=\"art ")
        .skip(1)
        .filter(|item| item.contains("<span class=\"tag kind-opinion\">Opinion</span>"))
        .map(|item| match item.contains(" row\">") {
            true => between(item, "<small>", ","),
            false => between(between(item, "<p class=\"src\"><a href=", "</a>"), ">", "<"),
        })
        .collect();
    assert_eq!(
        labels,
        ["Seoul Daily Herald", "The Yamato Shimbun"],
        "{html}"
    );
}

#[test]
fn outlets_sharing_the_earliest_date_are_named_together_or_counted() {
    let (_tmp, root) = copy_fixture("basic");
    let story = root.join("content/stories/alpha.md");
    let original = read(&story);
    // Dates without a time: every article dated that day is published at the same (midnight) time.
    let dated = original
        .replace("2026-02-01T10:00:00+01:00", "2026-02-01")
        .replace("2026-02-01T09:30:00Z", "2026-02-01");
    let fourth = "  - source: local-voice\n    url: https://localvoice.example/alpha\n    title: \"Budget passes\"\n    published: 2026-02-01\n---";
    let cases = [
        (
            dated.clone(),
            r#"First reported by <a href="/sources/centre-wire/">Centre Wire</a> and <a href="/sources/left-daily/">Left Daily</a> on Sunday, February 1, 2026."#,
        ),
        (
            dated.replace("2026-02-02T08:00:00Z", "2026-02-01"),
            r#"First reported by <a href="/sources/centre-wire/">Centre Wire</a>, <a href="/sources/left-daily/">Left Daily</a> and <a href="/sources/right-post/">Right Post</a> on Sunday, February 1, 2026."#,
        ),
        (
            dated
                .replace("2026-02-02T08:00:00Z", "2026-02-01")
                .replacen("\n---", &format!("\n{fourth}"), 1),
            "First reported by 4 outlets on Sunday, February 1, 2026.",
        ),
    ];
    for (text, sentence) in cases {
        std::fs::write(&story, text).unwrap();
        build(&root, &[]);
        let html = read(&root.join("output/stories/alpha/index.html"));
        let origin = between(&html, "<p class=\"origin\">", "</p>");
        assert_eq!(origin, sentence);
    }
}

/// A story as re-read from its file, with the figures BRIEF.md's rules give.
struct Expected {
    slug: String,
    total: usize,
    split: [usize; 3],
    unrated: usize,
    blindspot: Option<&'static str>,
    /// Names of the outlets with an article at the earliest time, each once.
    first_sources: Vec<String>,
}

fn bias_score(label: &str) -> i32 {
    [
        "far-left",
        "left",
        "lean-left",
        "center",
        "lean-right",
        "right",
        "far-right",
    ]
    .iter()
    .position(|l| *l == label)
    .unwrap() as i32
        - 3
}

/// The example's two raters' bias labels by source id, read with the vocabularies and keys its
/// `parallax.yaml` declares: panel-a's CSV by domain (a parent domain counts) or name (with or
/// without "The", one alias), panel-b's YAML by id or name.
fn raters_labels(root: &Path, registry: &Value) -> BTreeMap<String, Vec<String>> {
    let sources = registry["sources"].as_sequence().unwrap();
    let field = |s: &Value, k: &str| s[k].as_str().unwrap_or("").to_string();
    let by_name = |name: &str| {
        sources
            .iter()
            .find(|s| {
                field(s, "name").trim_start_matches("The ") == name.trim_start_matches("The ")
            })
            .map(|s| field(s, "id"))
    };
    let by_host = |site: &str| {
        let site = site
            .trim_start_matches("https://")
            .trim_start_matches("www.");
        let site = site.trim_end_matches('/');
        sources.iter().find_map(|s| {
            let domains = s["domains"].as_sequence()?;
            domains
                .iter()
                .filter_map(|d| d.as_str())
                .any(|d| site == d.trim_end_matches('/') || site.ends_with(&format!(".{d}")))
                .then(|| field(s, "id"))
        })
    };
    let words_a = [
        ("Extreme Left", "far-left"),
        ("Left", "left"),
        ("Left-Center", "lean-left"),
        ("Least Biased", "center"),
        ("Right-Center", "lean-right"),
        ("Right", "right"),
        ("Extreme Right", "far-right"),
    ];
    let words_b = [
        ("far left", "far-left"),
        ("progressive", "left"),
        ("centre-left", "lean-left"),
        ("centre", "center"),
        ("centre-right", "lean-right"),
        ("conservative", "right"),
        ("far right", "far-right"),
    ];
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in read(&root.join("content/ratings/panel-a.csv"))
        .lines()
        .skip(1)
    {
        let cells: Vec<&str> = line.split(',').collect();
        let id = match (cells[0], cells[1]) {
            ("Capitol Ledger Online", _) => Some("capitol-ledger".to_string()),
            (name, "") => by_name(name),
            (_, site) => by_host(site),
        };
        let label = words_a
            .iter()
            .find(|(w, _)| *w == cells[2])
            .map(|(_, l)| l.to_string());
        if let (Some(id), Some(label)) = (id, label) {
            out.entry(id).or_default().push(label);
        }
    }
    let panel_b: Value =
        serde_yaml::from_str(&read(&root.join("content/ratings/panel-b.yaml"))).unwrap();
    for row in panel_b.as_sequence().unwrap() {
        let id = row["source"]
            .as_str()
            .map(str::to_string)
            .or_else(|| by_name(row["name"].as_str()?));
        let label = words_b
            .iter()
            .find(|(w, _)| Some(*w) == row["lean"].as_str())
            .map(|(_, l)| l.to_string());
        if let (Some(id), Some(label)) = (id, label) {
            out.entry(id).or_default().push(label);
        }
    }
    out
}

/// Re-reads `content/` with serde_yaml alone and applies the rules as BRIEF.md states them.
fn expected_figures(root: &Path) -> Vec<Expected> {
    let registry: Value = serde_yaml::from_str(&read(&root.join("content/sources.yaml"))).unwrap();
    let rated = raters_labels(root, &registry);
    let mut sides: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for s in registry["sources"].as_sequence().unwrap() {
        let id = s["id"].as_str().unwrap().to_string();
        names.insert(id.clone(), s["name"].as_str().unwrap().to_string());
        let mut scores: Vec<i32> = match &s["bias"] {
            Value::String(l) => vec![bias_score(l)],
            Value::Mapping(m) => m
                .values()
                .map(|v| bias_score(v.as_str().unwrap()))
                .collect(),
            _ => vec![],
        };
        if !matches!(s["bias"], Value::String(_)) {
            scores.extend(rated.get(&id).into_iter().flatten().map(|l| bias_score(l)));
        }
        let side = (!scores.is_empty()).then(|| {
            let mean = scores.iter().sum::<i32>() as f64 / scores.len() as f64;
            // Half toward Center: -0.5 and 0.5 are Center, -1.5 is lean-left.
            let rounded = if mean.fract().abs() == 0.5 {
                mean.trunc() as i32
            } else {
                mean.round() as i32
            };
            (rounded.signum() + 1) as usize // -1 -> Left (0), 0 -> Center (1), 1 -> Right (2)
        });
        sides.insert(id, side);
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("content/stories")).unwrap() {
        let path = entry.unwrap().path();
        let text = read(&path);
        let front = text
            .split("\n---")
            .next()
            .unwrap()
            .trim_start_matches("---");
        let story: Value = serde_yaml::from_str(front).unwrap();
        if story["draft"].as_bool() == Some(true) {
            continue;
        }
        let slug = story["slug"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| path.file_stem().unwrap().to_string_lossy().into());
        let listed = story["articles"].as_sequence().unwrap();
        let mut articles: Vec<(String, String)> = listed
            .iter()
            .map(|a| {
                let source = a["source"].as_str().unwrap().to_string();
                (a["published"].as_str().unwrap().to_string(), source)
            })
            .collect();
        articles.extend(absorbed(root, &story));
        let ids: BTreeSet<&str> = articles.iter().map(|(_, s)| s.as_str()).collect();
        let mut split = [0; 3];
        let mut unrated = 0;
        for id in &ids {
            match sides[*id] {
                Some(side) => split[side] += 1,
                None => unrated += 1,
            }
        }
        let rated: usize = split.iter().sum();
        let blindspot = if rated < 6 {
            None
        } else if split[0] * 100 <= 20 * rated
            && split[2] >= split[0]
            && (split[2] - split[0]) * 100 >= 20 * rated
        {
            Some("Left")
        } else if split[2] * 100 <= 20 * rated
            && split[0] >= split[2]
            && (split[0] - split[2]) * 100 >= 20 * rated
        {
            Some("Right")
        } else {
            None
        };
        let time = |published: &str| chrono::DateTime::parse_from_rfc3339(published).unwrap();
        let earliest = articles.iter().map(|(p, _)| time(p)).min().unwrap();
        let first_sources: BTreeSet<String> = articles
            .iter()
            .filter(|(p, _)| time(p) == earliest)
            .map(|(_, source)| names[source].clone())
            .collect();
        out.push(Expected {
            slug,
            total: ids.len(),
            split,
            unrated,
            blindspot,
            first_sources: first_sources.into_iter().collect(),
        });
    }
    out
}

/// (published, source) of the archived articles an editor's story absorbs: those of every automatic
/// story in content/clusters/ that holds one of the story's listed URLs, less the ones it lists or
/// excludes.
fn absorbed(root: &Path, story: &Value) -> Vec<(String, String)> {
    let mut by_id: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for (file, bytes) in tree(&root.join("content/archive")) {
        if !file.ends_with(".jsonl") {
            continue;
        }
        for line in String::from_utf8(bytes).unwrap().lines() {
            let r: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            by_id.insert(
                field("id"),
                (field("url"), field("published"), field("source")),
            );
        }
    }
    let urls_of = |key: &str| -> BTreeSet<String> {
        story[key]
            .as_sequence()
            .map(|list| {
                list.iter()
                    .map(|a| a.get("url").unwrap_or(a).as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (listed, excluded) = (urls_of("articles"), urls_of("exclude"));
    let mut out = Vec::new();
    for (_, bytes) in tree(&root.join("content/clusters")) {
        for line in String::from_utf8(bytes).unwrap().lines() {
            let stored: serde_json::Value = serde_json::from_str(line).unwrap();
            let members: Vec<&(String, String, String)> = stored["members"]
                .as_array()
                .map(|m| {
                    m.iter()
                        .filter_map(|id| by_id.get(id.as_str().unwrap()))
                        .collect()
                })
                .unwrap_or_default();
            if members.iter().any(|(url, _, _)| listed.contains(url)) {
                out.extend(
                    members
                        .into_iter()
                        .filter(|(url, _, _)| !listed.contains(url) && !excluded.contains(url))
                        .map(|(_, published, source)| (published.clone(), source.clone())),
                );
            }
        }
    }
    out
}

fn largest_remainder(split: [usize; 3]) -> [usize; 3] {
    let total: usize = split.iter().sum();
    let mut p = split.map(|c| c * 100 / total);
    let mut order = [0, 1, 2];
    order.sort_by(|&a, &b| {
        (split[b] * 100 % total)
            .cmp(&(split[a] * 100 % total))
            .then(split[b].cmp(&split[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(100 - p.iter().sum::<usize>()) {
        p[i] += 1;
    }
    p
}

#[test]
fn every_example_story_page_shows_the_figures_its_content_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(root, &["--output", out.to_str().unwrap()]);
    let blindspot_page = read(&out.join("blindspot/index.html"));
    let (for_left, for_right) = blindspot_page.split_once("id=\"fr\"").unwrap();
    let expected = expected_figures(root);
    assert!(expected.len() >= 15);
    let (mut left_blindspots, mut right_blindspots, mut with_unrated, mut ties) = (0, 0, 0, 0);
    for e in &expected {
        let html = read(&out.join(format!("stories/{}/index.html", e.slug)));
        let slug = &e.slug;
        assert_eq!(panel_count(&html, "Total sources"), e.total, "{slug}");
        assert_eq!(panel_count(&html, "Leaning Left"), e.split[0], "{slug}");
        assert_eq!(panel_count(&html, "Center"), e.split[1], "{slug}");
        assert_eq!(panel_count(&html, "Leaning Right"), e.split[2], "{slug}");
        assert_eq!(
            panel_count(&html, "Not rated for bias"),
            e.unrated,
            "{slug}"
        );
        if e.split.iter().sum::<usize>() > 0 {
            let p = largest_remainder(e.split);
            for (letter, (count, percent)) in ["L", "C", "R"].iter().zip(e.split.iter().zip(p)) {
                if *count > 0 {
                    assert!(
                        html.contains(&format!(">{letter} {percent}%<")),
                        "{slug}: {letter} {percent}%"
                    );
                }
            }
        }
        // One outlet first "broke the news"; a tie of 2-3 names them all; a larger one counts them.
        let origin = between(&html, "<p class=\"origin\">", "</p>");
        let names: Vec<String> = e
            .first_sources
            .iter()
            .map(|n| format!(">{}</a>", n.replace('&', "&amp;")))
            .collect();
        match names.as_slice() {
            [one] => assert!(
                origin.contains(&format!("{one} broke the news")),
                "{slug}: origin {one}: {origin}"
            ),
            tied if tied.len() <= 3 => assert!(
                origin.starts_with("First reported by ")
                    && tied.iter().all(|n| origin.contains(n.as_str()))
                    && !origin.contains("broke the news"),
                "{slug}: a tie between {tied:?}: {origin}"
            ),
            many => assert!(
                origin.starts_with(&format!("First reported by {} outlets on ", many.len())),
                "{slug}: a tie of {} outlets: {origin}",
                many.len()
            ),
        }
        if names.len() > 1 {
            ties += 1;
        }
        let link = format!("/stories/{slug}/\"");
        match e.blindspot {
            Some(side) => {
                assert!(
                    html.contains(&format!("Blindspot for the {side}</a>")),
                    "{slug}: blindspot for the {side}"
                );
                let column = if side == "Left" { for_left } else { for_right };
                assert!(column.contains(&link), "{slug} listed under For the {side}");
                if side == "Left" {
                    left_blindspots += 1
                } else {
                    right_blindspots += 1
                }
            }
            None => {
                assert!(!html.contains("Blindspot for the"), "{slug}: no blindspot");
                assert!(
                    !blindspot_page.contains(&link),
                    "{slug} not on the blindspot page"
                );
            }
        }
        if e.unrated > 0 {
            with_unrated += 1;
        }
    }
    assert!(
        left_blindspots >= 1 && right_blindspots >= 1,
        "the example has a blindspot for each side"
    );
    assert!(
        with_unrated >= 1,
        "the example has stories with unrated sources"
    );
    eprintln!(
        "{ties} of {} example stories have a tie for the origin",
        expected.len()
    );
    let local = read(&out.join("local/index.html"));
    assert!(
        local.matches("<li><a href=\"/parallax/local/").count() >= 8,
        "local pages for at least 8 countries"
    );
}

#[test]
fn the_home_page_shows_each_story_with_its_bias_bar() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let home = read(&root.join("output/index.html"));
    // The fixture's three stories are all top stories, each card shown once (page 1's list
    // leaves out the top stories), each with its bias bar and the key of its figures.
    assert_eq!(home.matches("<article class=\"card\">").count(), 3);
    assert_eq!(
        home.matches("<div class=\"bar").count(),
        3,
        "each card has its bias bar"
    );
    assert_eq!(home.matches("<p class=\"key\">").count(), 3);
}

#[test]
fn the_search_index_lists_every_story_topic_and_source_under_the_base_path() {
    let (_tmp, root) = copy_fixture("basic");
    let out = build(&root, &["--base-url", "https://example.github.io/repo/"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("search index:"),
        "the build reports the index size: {summary}"
    );
    // The manifest: every topic and source, the story URL pattern; the stories' details in a
    // chunk, found through the shards of their words (tests/search.rs follows a query through).
    let script = |file: &str| {
        let text = read(&root.join("output/search").join(file));
        let json = &text[text.find(['{', '[']).unwrap()..=text.rfind(['}', ']']).unwrap()];
        serde_json::from_str::<serde_json::Value>(json).unwrap()
    };
    let index = script("index.js");
    assert_eq!(index["stories"], 3);
    assert_eq!(index["story_url"], "/repo/stories/{slug}/");
    let stories = script("docs/0.js");
    assert_eq!(stories.as_array().unwrap().len(), 3);
    assert!(
        stories
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s[0] == "Gamma: rail strike ends")
    );
    let shard = script("terms/ga.js");
    assert!(shard["gamma"].is_array(), "{shard}");
    assert_eq!(index["sources"].as_array().unwrap().len(), 4);
    assert!(
        index["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s[1].as_str().unwrap().starts_with("/repo/sources/"))
    );
    assert!(
        index["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t[0] == "Économie")
    );
    let page = read(&root.join("output/search/index.html"));
    assert!(
        page.contains("src=\"../search/index.js\"")
            && page.contains("src=\"../assets/search.js\"")
            && page.contains("data-base=\"/repo/\""),
        "relative scripts, so that the page also works opened from disk"
    );
    assert!(
        !page.contains("https://") || !page.contains("<script src=\"https://"),
        "no third-party script"
    );
}
