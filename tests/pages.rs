//! What a reader meets on the built pages, checked on the files: one h1 and no skipped heading
//! level, nothing listed twice, plural wording, `dir="auto"` on text from outlets and editors, the
//! coverage panel before the articles, labelled factuality, the region said once, the format of
//! local feed files, relative paths for what must load from disk. Layout, contrast and behaviour
//! in a real browser are the browser stage's (`tests/browser/`, run by `.ci/run`).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example site, built once for all the tests of this file, under the test target's folder.
fn example() -> &'static BTreeMap<String, String> {
    static SITE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pages-example");
        build(root, &["--output", out.to_str().unwrap()]);
        tree(&out)
            .into_iter()
            .filter(|(f, _)| f.ends_with(".html"))
            .map(|(f, bytes)| (f, String::from_utf8(bytes).unwrap()))
            .collect()
    })
}

fn page<'a>(site: &'a BTreeMap<String, String>, file: &str) -> &'a str {
    site.get(file).unwrap_or_else(|| panic!("no {file}"))
}

/// The heading levels of a page, in order.
fn headings(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let level = *html.as_bytes().get(i + 2)?;
            let after = *html.as_bytes().get(i + 3)?;
            ((b'1'..=b'6').contains(&level) && (after == b'>' || after == b' '))
                .then_some(level - b'0')
        })
        .collect()
}

/// The links of the story cards' headings on a page (one per card).
fn card_links(html: &str) -> Vec<&str> {
    html.split("<article class=\"card\">")
        .skip(1)
        .filter_map(|card| card.split("<a href=\"").nth(1)?.split('"').next())
        .collect()
}

#[test]
fn every_page_has_one_h1_and_never_skips_a_heading_level() {
    for (file, html) in example() {
        let levels = headings(html);
        assert_eq!(
            levels.iter().filter(|&&l| l == 1).count(),
            1,
            "{file}: one h1, got levels {levels:?}"
        );
        assert_eq!(levels.first(), Some(&1), "{file}: the h1 comes first");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{file}: h{} follows h{}: {levels:?}",
                pair[1],
                pair[0]
            );
        }
    }
}

#[test]
fn no_page_lists_a_story_twice() {
    let site = example();
    let mut topics_with_blindspots = 0;
    for (file, html) in site {
        let links = card_links(html);
        let mut seen = std::collections::BTreeSet::new();
        for link in &links {
            assert!(seen.insert(link), "{file} lists {link} twice");
        }
        if file.starts_with("topics/") && html.contains("id=\"tb\"") {
            topics_with_blindspots += 1;
        }
    }
    assert!(
        topics_with_blindspots > 0,
        "the example has topic pages with blindspots, where the repeat was"
    );
    // The home page's list leaves out the top stories above it, and still fills the page.
    let home = page(site, "index.html");
    assert!(home.contains("id=\"top\"") && home.contains("id=\"latest\""));
}

#[test]
fn counts_agree_with_their_nouns() {
    for (file, html) in example() {
        for noun in [
            "stories", "sources", "articles", "outlets", "results", "times", "feeds",
        ] {
            for one in [
                format!(">1 {noun}"),
                format!(" 1 {noun}"),
                format!(">1&nbsp;{noun}"),
                format!(" 1&nbsp;{noun}"),
            ] {
                assert!(!html.contains(&one), "{file}: \"{one}\"");
            }
        }
    }
    let search =
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets/search.js"));
    assert!(
        !search.contains("+ \" stories\"") && !search.contains("+ \" sources\""),
        "search results say \"1 story\", not \"1 stories\""
    );
}

#[test]
fn a_separator_dot_never_starts_a_line() {
    // " · " would let the dot wrap onto the next line alone; "&nbsp;· " keeps it with the text
    // before it.
    for (file, html) in example() {
        let body = html.split("<body").nth(1).unwrap_or_default();
        assert!(
            !body.contains(" ·"),
            "{file}: a breaking space before a \"·\""
        );
    }
}

#[test]
fn text_from_outlets_and_editors_gets_its_own_direction() {
    let (_tmp, root) = copy_fixture("basic");
    std::fs::write(
        root.join("content/stories/2026/rtl.md"),
        "---\ntitle: \"سد النهضة: اتفاق جديد\"\ndate: 2026-02-03\narticles:\n  - source: left-daily\n    \
         url: https://leftdaily.example/rtl\n    title: \"הסכם חדש על הסכר\"\n    \
         published: 2026-02-03T07:00:00Z\n---\nنص.\n",
    )
    .unwrap();
    build(&root, &[]);
    let story = read(&root.join("output/stories/rtl/index.html"));
    assert!(
        story.contains("<h1 dir=\"auto\">سد النهضة: اتفاق جديد</h1>"),
        "{story}"
    );
    assert!(story.contains(
        "<h3 dir=\"auto\"><a href=\"https://leftdaily.example/rtl\" rel=\"nofollow ugc noopener noreferrer\">הסכם חדש על הסכר</a></h3>"
    ));
    assert!(story.contains("<div class=\"body\" dir=\"auto\">"));
    let home = read(&root.join("output/index.html"));
    assert!(
        home.contains(" dir=\"auto\"><a href=\"/stories/rtl/\">سد النهضة"),
        "{home}"
    );
}

#[test]
fn the_story_page_shows_its_coverage_before_its_articles() {
    let site = example();
    let html = page(
        site,
        "stories/japan-south-korea-defence-cooperation/index.html",
    );
    let h1 = html.find("<h1").unwrap();
    let panel = html.find("<aside class=\"panel\"").unwrap();
    let bar = html.find("<div class=\"bar\"").unwrap();
    let sentence = html.find("<p class=\"sentence\">").unwrap();
    let articles = html.find("class=\"persp").unwrap();
    assert!(
        h1 < panel && panel < bar && bar < sentence && sentence < articles,
        "headline, then the bias bar and its sentence, then the articles"
    );
    // The panel is not repeated: one bias bar, one key, one sentence on the page.
    assert_eq!(html.matches("<div class=\"bar").count(), 1);
    assert_eq!(html.matches("<p class=\"key\">").count(), 1);
    // Each factuality label on an article card says what it is; the articles after the first
    // cards are lines of a compact list (source, lean, date).
    let articles = html.matches("<li class=\"art ").count();
    let rows = html.matches(" row\"><a href=").count();
    assert!(articles > 5 && rows > 0 && rows < articles);
    assert_eq!(
        html.matches("<span class=\"fl\">Factuality <span class=\"tag")
            .count(),
        articles - rows
    );
    // Factuality and ownership keys carry one colour class per label.
    assert!(html.contains("<li class=\"fact-very-high\">Very High"));
    assert!(html.contains("<li class=\"own-corporate\">Corporate"));
}

#[test]
fn the_articles_heading_counts_the_cards_under_it() {
    let mut with_copies = 0;
    for (file, html) in example()
        .iter()
        .filter(|(f, h)| f.starts_with("stories/") && h.contains("id=\"arts\""))
    {
        let heading = html.split("<h2 id=\"arts\">").nth(1).unwrap();
        let count: usize = heading.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(count, html.matches("<li class=\"art ").count(), "{file}");
        assert!(html.contains(&format!("<label for=\"p-all\">All {count}</label>")));
        if heading
            .split("</h2>")
            .next()
            .unwrap()
            .contains("republished cop")
        {
            with_copies += 1;
        }
    }
    assert!(with_copies > 0, "the example has wire copies");
}

#[test]
fn source_pages_say_the_region_once_and_show_the_lean_of_their_stories() {
    let site = example();
    // Its location is "Boston, Massachusetts" and its region "Massachusetts".
    let herald = page(site, "sources/harbor-herald/index.html");
    assert!(herald.contains("(Boston, Massachusetts)</dd>"), "{herald}");
    assert!(!herald.contains("Massachusetts, Massachusetts"));
    let lean = herald.split("id=\"sl\"").nth(1).unwrap();
    assert!(
        lean.find("<div class=\"bar\"").unwrap() < lean.find("</section>").unwrap(),
        "the lean of its stories as a bar"
    );
}

#[test]
fn the_feed_status_page_names_the_format_of_local_feed_files() {
    let feeds = page(example(), "feeds/index.html");
    let local: Vec<&str> = feeds
        .split("<tr class=\"feed-local-file\">")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap())
        .collect();
    assert!(!local.is_empty(), "the example has local feed files");
    for row in local {
        let format = row.split("data-label=\"Format\">").nth(1).unwrap();
        assert!(!format.starts_with('—'), "{row}");
        assert!(
            ["RSS", "Atom", "JSON", "RDF"]
                .iter()
                .any(|f| format.contains(f)),
            "{row}"
        );
    }
}

#[test]
fn what_must_load_from_disk_is_linked_relatively() {
    let site = example();
    assert!(
        page(
            site,
            "stories/japan-south-korea-defence-cooperation/index.html"
        )
        .contains("<link rel=\"stylesheet\" href=\"../../assets/style.css\">")
    );
    assert!(
        page(site, "index.html").contains("<link rel=\"stylesheet\" href=\"assets/style.css\">")
    );
    // The 404 page is served at any depth: its stylesheet is root-relative.
    assert!(
        page(site, "404.html")
            .contains("<link rel=\"stylesheet\" href=\"/parallax/assets/style.css\">")
    );
    let search = page(site, "search/index.html");
    assert!(search.contains("<script src=\"../search/index.js\"></script>"));
    assert!(search.contains("<script src=\"../assets/search.js\"></script>"));
}

#[test]
fn redirect_pages_are_small_complete_documents() {
    let site = example();
    let redirects: Vec<(&String, &String)> = site
        .iter()
        .filter(|(_, html)| html.contains("http-equiv=\"refresh\""))
        .collect();
    assert!(!redirects.is_empty(), "the example has merged stories");
    for (file, html) in redirects {
        assert!(html.len() < 1000, "{file}: {} bytes", html.len());
        for needle in [
            "<main>",
            "<h1>",
            "name=\"viewport\"",
            "<link rel=\"canonical\"",
        ] {
            assert!(html.contains(needle), "{file} lacks {needle}");
        }
    }
}

/// Every page forbids inline script and any origin but the site's own, and has none of its own:
/// no `<script>` without `src`, no event-handler attribute, no `javascript:` URL. (The browser
/// stage loads every page with the policy on and fails on any console error.)
#[test]
fn every_page_carries_a_content_security_policy_and_no_inline_script() {
    let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';";
    for (file, html) in example() {
        if file.ends_with("email.html") {
            continue; // a mail, not a page of the site: no script at all (tests/editions.rs)
        }
        assert!(html.contains(csp), "{file} has no Content-Security-Policy");
        for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
            let lower = tag.to_ascii_lowercase();
            if lower.starts_with("script") {
                assert!(lower.contains(" src="), "{file}: inline <{tag}>");
            }
            let handler = lower
                .split_ascii_whitespace()
                .skip(1)
                .any(|a| a.starts_with("on") && a.contains('='));
            assert!(!handler, "{file}: <{tag}>");
            assert!(!lower.contains("javascript:"), "{file}: <{tag}>");
        }
    }
}

/// Links that leave the site never pass on the page (`noopener noreferrer`), and links to the
/// outlets' articles (from feeds and story files) are marked `nofollow ugc`.
#[test]
fn outbound_links_carry_rel_noopener_noreferrer_and_article_links_nofollow_ugc() {
    let mut articles = 0;
    for (file, html) in example() {
        if file.ends_with("email.html") {
            continue; // a mail, read in a mail client
        }
        for tag in html
            .split("<a ")
            .skip(1)
            .filter_map(|t| t.split('>').next())
        {
            if !(tag.contains("href=\"http://") || tag.contains("href=\"https://")) {
                continue;
            }
            assert!(tag.contains("noopener noreferrer"), "{file}: <a {tag}>");
            if tag.contains("nofollow ugc") {
                articles += 1;
            }
        }
    }
    assert!(
        articles > 100,
        "only {articles} article links marked nofollow ugc"
    );
}
