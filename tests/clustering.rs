//! Automatic stories end to end, through the `parallax` binary: feeds served on 127.0.0.1 are
//! fetched day by day (fetch clusters the new articles), the site is built, editors take stories
//! over, `parallax cluster` re-clusters everything, and through merges and splits every story URL
//! ever published keeps resolving.

mod common;

use common::server::{Response, Server};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// (day, source, path, title, summary, hour) of every article the outlets publish, all fictional.
const ARTICLES: &[(usize, &str, &str, &str, &str, u32)] = &[
    (
        0,
        "alpha",
        "dam-1",
        "Kestrel Bay dam spillway fails after record rainfall",
        "The spillway of the Kestrel Bay dam failed on Monday after record rainfall, forcing 3,400 residents of Lower Marrick to leave.",
        6,
    ),
    (
        0,
        "bravo",
        "dam-2",
        "Lower Marrick evacuated as Kestrel Bay dam spillway gives way",
        "Emergency crews evacuated Lower Marrick after the Kestrel Bay dam spillway gave way under record rainfall.",
        7,
    ),
    (
        0,
        "charlie",
        "dam-3",
        "Record rain breaks Kestrel Bay spillway, 3,400 flee Lower Marrick",
        "About 3,400 people fled Lower Marrick when record rain broke the Kestrel Bay dam spillway.",
        8,
    ),
    (
        0,
        "delta",
        "dam-4",
        "Kestrel Bay dam: engineers warned of spillway cracks in 2024",
        "Engineers had warned in 2024 of cracks in the Kestrel Bay dam spillway that failed in record rainfall.",
        9,
    ),
    (
        0,
        "alpha",
        "mayor-1",
        "Varnholt mayor Ilse Brandauer resigns over tram contract",
        "Ilse Brandauer resigned as mayor of Varnholt after an audit of the city's tram contract with Ostrail.",
        10,
    ),
    (
        0,
        "bravo",
        "mayor-2",
        "Brandauer quits as Varnholt mayor after Ostrail tram audit",
        "Varnholt mayor Ilse Brandauer quit after auditors questioned the Ostrail tram contract.",
        11,
    ),
    (
        0,
        "charlie",
        "mayor-3",
        "Ostrail tram contract audit topples Varnholt mayor Brandauer",
        "The audit of the Ostrail tram contract led Varnholt mayor Ilse Brandauer to resign.",
        12,
    ),
    (
        1,
        "echo",
        "dam-5",
        "Kestrel Bay dam: Lower Marrick residents wait to return",
        "Residents of Lower Marrick waited to return home as engineers inspected the failed Kestrel Bay dam spillway.",
        6,
    ),
    (
        1,
        "foxtrot",
        "dam-6",
        "Kestrel Bay spillway failure: inquiry into 2024 crack warnings",
        "An inquiry will examine why 2024 warnings of cracks in the Kestrel Bay dam spillway went unheeded.",
        7,
    ),
    (
        1,
        "delta",
        "fire-1",
        "Orvieto glassworks fire injures 12 workers",
        "A fire at the Santoro glassworks outside Orvieto injured 12 workers on Tuesday night, the regional fire service said.",
        8,
    ),
    (
        1,
        "echo",
        "fire-2",
        "Orvieto glassworks fire injures 12 workers",
        "A fire at the Santoro glassworks outside Orvieto injured 12 workers on Tuesday night, the regional fire service said.",
        9,
    ),
    (
        1,
        "foxtrot",
        "fire-3",
        "Orvieto glassworks fire injures 12 workers",
        "A fire at the Santoro glassworks outside Orvieto injured 12 workers on Tuesday night, the regional fire service said.",
        10,
    ),
    (
        1,
        "alpha",
        "chess-1",
        "Teenager Mirela Voskuijlen wins Halvard chess open",
        "Mirela Voskuijlen, 15, won the Halvard chess open with a final-round win over the top seed.",
        11,
    ),
    (
        1,
        "bravo",
        "chess-2",
        "Mirela Voskuijlen, 15, takes Halvard chess open title",
        "The 15-year-old Mirela Voskuijlen took the Halvard chess open title in the final round.",
        12,
    ),
];

const SOURCES: [&str; 6] = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];

/// Outlet `source`'s feed on `day`: everything it published up to that day, newest first.
fn feed(source: &str, day: usize) -> String {
    let mut items = String::new();
    for (d, s, path, title, summary, hour) in ARTICLES.iter().rev() {
        if *s == source && *d <= day {
            items.push_str(&format!(
                "<item><title>{title}</title><link>https://{source}.example/{path}</link><guid>https://{source}.example/{path}</guid><pubDate>{}, {:02} Feb 2026 {hour:02}:00:00 GMT</pubDate><description>{summary}</description></item>",
                ["Mon", "Tue"][*d],
                2 + d
            ));
        }
    }
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{source}</title><link>https://{source}.example/</link>{items}</channel></rss>"
    )
}

struct Site {
    _server: Server,
    day: Arc<AtomicUsize>,
    _tmp: tempfile::TempDir,
    root: std::path::PathBuf,
}

impl Site {
    fn new() -> Site {
        let day = Arc::new(AtomicUsize::new(0));
        let served = day.clone();
        let server = Server::new(move |req| {
            let source = req.path.trim_start_matches('/').trim_end_matches(".rss");
            Response::ok(feed(source, served.load(Ordering::SeqCst)))
        });
        let feeds: Vec<(&str, String)> = SOURCES
            .iter()
            .map(|s| (*s, server.url(&format!("/{s}.rss"))))
            .collect();
        let (tmp, root) = common::feeds::site_with_feeds(&feeds);
        Site {
            _server: server,
            day,
            _tmp: tmp,
            root,
        }
    }

    fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }

    /// `parallax fetch` on `day`; its stdout.
    fn fetch(&self, day: usize) -> String {
        self.day.store(day, Ordering::SeqCst);
        let out = parallax(&["fetch", "--root", self.root()]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn cluster(&self) -> String {
        let out = parallax(&["cluster", "--root", self.root()]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Builds, checks every link, and returns the built files.
    fn build(&self) -> BTreeMap<String, Vec<u8>> {
        build(&self.root, &[]);
        let out = parallax(&["check", "--root", self.root()]);
        assert!(
            out.status.success(),
            "links: {}{}",
            stderr(&out),
            String::from_utf8_lossy(&out.stdout)
        );
        tree(&self.root.join("output"))
    }

    /// The stored stories: (slug, line as JSON).
    fn stored(&self) -> BTreeMap<String, serde_json::Value> {
        tree(&self.root.join("content/clusters"))
            .values()
            .flat_map(|bytes| {
                String::from_utf8(bytes.clone())
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                    .collect::<Vec<_>>()
            })
            .map(|v| (v["slug"].as_str().unwrap().to_string(), v))
            .collect()
    }

    /// The stored story whose members include the article at `path` of `source`.
    fn slug_of(&self, path_part: &str) -> String {
        let records = archive_ids(&self.root);
        let id = &records[path_part];
        self.stored()
            .into_iter()
            .find(|(_, v)| {
                v["members"]
                    .as_array()
                    .is_some_and(|m| m.iter().any(|x| x == id))
            })
            .map(|(slug, _)| slug)
            .unwrap_or_else(|| panic!("no story holds {path_part}"))
    }

    fn write_stored(&self, lines: &[serde_json::Value]) {
        let dir = self.root.join("content/clusters");
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir_all(dir.join("2026")).unwrap();
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(dir.join("2026/02.jsonl"), text).unwrap();
    }
}

/// Archive record ids by the last segment of their URL (`dam-1`).
fn archive_ids(root: &Path) -> BTreeMap<String, String> {
    tree(&root.join("content/archive"))
        .iter()
        .filter(|(f, _)| f.ends_with(".jsonl"))
        .flat_map(|(_, bytes)| {
            String::from_utf8(bytes.clone())
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                .collect::<Vec<_>>()
        })
        .map(|v| {
            let url = v["url"].as_str().unwrap();
            (
                url.rsplit('/').next().unwrap().to_string(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn page(files: &BTreeMap<String, Vec<u8>>, slug: &str) -> String {
    let bytes = files
        .get(&format!("stories/{slug}/index.html"))
        .unwrap_or_else(|| panic!("no page for {slug}"));
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_redirect_to(html: &str, slug: &str) -> bool {
    html.contains("http-equiv=\"refresh\"") && html.contains(&format!("stories/{slug}/\""))
}

#[test]
fn feeds_become_stories_whose_urls_survive_growth_takeovers_merges_and_splits() {
    let site = Site::new();

    // Day 0: two events from three and four outlets.
    let out = site.fetch(0);
    assert!(
        out.contains("clustered 7 articles: 2 stories (2 new"),
        "{out}"
    );
    let dam = site.slug_of("dam-1");
    let mayor = site.slug_of("mayor-1");
    assert_ne!(dam, mayor);
    assert_eq!(site.slug_of("dam-4"), dam);
    let files = site.build();
    assert!(page(&files, &dam).contains("Why these articles?"));
    assert!(page(&files, &dam).contains("Kestrel"));
    let published_day0 = [dam.clone(), mayor.clone()];

    // Day 1: the dam story grows, a wire copy appears, a pair stays below min_sources.
    site.fetch(1);
    assert_eq!(
        site.slug_of("dam-6"),
        dam,
        "the story grew under its first slug"
    );
    let fire = site.slug_of("fire-1");
    let files = site.build();
    assert_eq!(page(&files, &dam).matches("<li class=\"art ").count(), 6);
    let fire_page = page(&files, &fire);
    assert!(
        fire_page.contains("Also published by 2 outlets"),
        "{fire_page}"
    );
    assert!(
        fire_page.contains("1 of 3 sources are original reporting"),
        "{fire_page}"
    );
    let chess = site.slug_of("chess-1");
    assert!(
        !files.contains_key(&format!("stories/{chess}/index.html")),
        "two sources are below min_sources (3)"
    );

    // An editor writes the mayor story, pinning one article and leaving one out.
    std::fs::create_dir_all(site.root.join("content/stories")).unwrap();
    std::fs::write(
        site.root.join("content/stories/varnholt-mayor.md"),
        "---\ntitle: \"Varnholt's mayor resigns\"\ndate: 2026-02-02\nexclude: [\"https://charlie.example/mayor-3\"]\narticles:\n  - url: https://alpha.example/mayor-1\n---\nThe editor's account.\n",
    )
    .unwrap();
    let files = site.build();
    let editor = page(&files, "varnholt-mayor");
    assert!(editor.contains("The editor"), "{editor}");
    assert!(
        editor.contains("https://bravo.example/mayor-2"),
        "absorbed from the cluster"
    );
    assert!(
        !editor.contains("https://charlie.example/mayor-3"),
        "excluded"
    );
    assert!(is_redirect_to(&page(&files, &mayor), "varnholt-mayor"));
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).into_owned();
    assert!(
        !sitemap.contains(&format!("stories/{mayor}/")),
        "redirects stay out of the sitemap"
    );

    // A full re-cluster renames nothing (it may split off or add stories).
    let before = site.stored();
    site.cluster();
    let after = site.stored();
    for (slug, story) in &before {
        assert_eq!(after[slug]["id"], story["id"], "{slug} kept its id");
    }

    // Merge: as if an earlier run had made the dam story two; the next run makes them one again.
    let mut halves = after.values().cloned().collect::<Vec<_>>();
    let whole = halves
        .iter()
        .position(|v| v["slug"] == dam.as_str())
        .unwrap();
    let members = halves[whole]["members"].as_array().unwrap().clone();
    let mut newer = halves[whole].clone();
    newer["id"] = members[0].clone();
    newer["slug"] = "kestrel-half".into();
    newer["created"] = "2026-02-03T00:00:00Z".into();
    newer["members"] = members[..3].to_vec().into();
    halves[whole]["members"] = members[3..].to_vec().into();
    halves[whole]["created"] = "2026-02-02T12:00:00Z".into();
    halves.push(newer);
    site.write_stored(&halves);
    let out = site.cluster();
    assert!(out.contains("1 merged"), "{out}");
    let files = site.build();
    let half = page(&files, "kestrel-half");
    assert!(is_redirect_to(&half, &dam), "{half}\n{:#?}", site.stored());
    assert_eq!(
        site.stored()[&dam]["members"].as_array().unwrap().len(),
        members.len(),
        "the older half holds both halves' articles again"
    );

    // Split: as if an earlier run had put the fire and the chess stories together.
    let mut mixed = site.stored().into_values().collect::<Vec<_>>();
    let fire_at = mixed
        .iter()
        .position(|v| v["slug"] == fire.as_str())
        .unwrap();
    let chess_at = mixed
        .iter()
        .position(|v| v["slug"] == chess.as_str())
        .unwrap();
    let chess_members = mixed[chess_at]["members"].as_array().unwrap().clone();
    let mut fire_members = mixed[fire_at]["members"].as_array().unwrap().clone();
    fire_members.extend(chess_members);
    mixed[fire_at]["members"] = fire_members.into();
    mixed.remove(chess_at);
    site.write_stored(&mixed);
    site.cluster();
    assert_eq!(
        site.slug_of("fire-2"),
        fire,
        "the larger part keeps the slug"
    );
    assert_ne!(
        site.slug_of("chess-2"),
        fire,
        "the smaller part is a story of its own"
    );

    // Every URL ever published still resolves: to its story or to a redirect.
    let files = site.build();
    for slug in published_day0
        .iter()
        .chain([&fire, &"kestrel-half".to_string()])
    {
        assert!(
            files.contains_key(&format!("stories/{slug}/index.html")),
            "{slug} broke"
        );
    }
}

/// The stored assignment's files as text.
fn stored_text(root: &Path) -> BTreeMap<String, String> {
    tree(&root.join("content/clusters"))
        .into_iter()
        .map(|(f, b)| (f, String::from_utf8(b).unwrap()))
        .collect()
}

#[test]
fn clustering_is_the_same_on_one_thread_and_many_and_builds_are_byte_identical() {
    let site = Site::new();
    site.fetch(0);
    site.fetch(1);
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&site.root, copy.path());
    let options = |root: &Path| parallax::ClusterOptions {
        root: root.to_path_buf(),
        now: Some(
            chrono::DateTime::parse_from_rfc3339("2026-02-04T00:00:00Z")
                .unwrap()
                .to_utc(),
        ),
        wait: Default::default(),
    };
    let pool = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    };
    pool(4)
        .install(|| parallax::recluster(&options(&site.root)))
        .unwrap();
    pool(1)
        .install(|| parallax::recluster(&options(copy.path())))
        .unwrap();
    assert_eq!(stored_text(&site.root), stored_text(copy.path()));
    let first = site.build();
    let second = site.build();
    assert!(first == second, "two builds differ");
}
