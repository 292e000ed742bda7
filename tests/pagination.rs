//! Lists cut into pages for a static host: every list (home, topic, source, country, region,
//! blindspot) has ceil(n / pagination) pages at `<list>/page/<n>/`, none empty, the last with the
//! remainder; each page has its own title, canonical link and rel prev/next; its pager names a
//! bounded window of pages; the sitemap lists them all; and no page outgrows its budget at scale.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Stories of the generated site, and its `pagination`.
const STORIES: usize = 45;
const PER_PAGE: usize = 2;

/// The generated site's HTML files, built once for the tests of this file.
fn site() -> &'static BTreeMap<String, String> {
    static SITE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let (_tmp, root) = generated_site(STORIES, PER_PAGE);
        build(&root, &[]);
        tree(&root.join("output"))
            .into_iter()
            .filter(|(f, _)| f.ends_with(".html") || f.ends_with(".xml"))
            .map(|(f, bytes)| (f, String::from_utf8(bytes).unwrap()))
            .collect()
    })
}

/// The pages of the list whose first page is `first` (`""`, `topics/topic-0/`...), in order.
fn pages_of<'a>(site: &'a BTreeMap<String, String>, first: &str) -> Vec<&'a str> {
    let mut pages = vec![page(site, &format!("{first}index.html"))];
    for n in 2.. {
        match site.get(&format!("{first}page/{n}/index.html")) {
            Some(html) => pages.push(html),
            None => break,
        }
    }
    pages
}

fn page<'a>(site: &'a BTreeMap<String, String>, file: &str) -> &'a str {
    site.get(file).unwrap_or_else(|| panic!("no {file}"))
}

/// The stories a list page lists: its cards' and its lines' links, in order.
fn listed(html: &str) -> Vec<&str> {
    let cards = html
        .split("<article class=\"card\">")
        .skip(1)
        .filter_map(|card| card.split("<a href=\"").nth(1)?.split('"').next());
    let rows = html
        .split("<ul class=\"rows\">")
        .skip(1)
        .flat_map(|list| list.split("</ul>").next().unwrap().split("<li><a href=\""))
        .skip(1)
        .filter_map(|row| row.split('"').next());
    cards.chain(rows).collect()
}

/// The page numbers a page's pager names (the current one included).
fn pager_numbers(html: &str) -> Vec<usize> {
    let Some(nav) = html.split("<nav class=\"pager\"").nth(1) else {
        return vec![];
    };
    let nav = nav.split("</nav>").next().unwrap();
    nav.split('>')
        .filter_map(|part| part.split('<').next()?.trim().parse().ok())
        .collect()
}

fn expected_pages(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// Stories of the generated site covered by `l0` (all but every fourth, starting at 1), by `r1`
/// (every fourth from 1), and filed under Topic 0 (every third).
fn count(filter: impl Fn(usize) -> bool) -> usize {
    (0..STORIES).filter(|&i| filter(i)).count()
}

#[test]
fn every_list_has_ceil_n_over_pagination_pages_at_page_n_urls() {
    let site = site();
    // (list, items, most stories a page lists): the home page's first page also shows the top
    // stories (up to 5), and the blindspot page has two columns.
    let lists = [
        ("", STORIES, PER_PAGE + 5),
        ("sources/l0/", count(|i| i % 4 != 1), PER_PAGE),
        ("sources/r1/", count(|i| i % 4 == 1), PER_PAGE),
        ("local/us/", STORIES, PER_PAGE),
        ("local/us/ohio/", STORIES, PER_PAGE),
        // Its two columns share a page, half of `pagination` each: the longer decides.
        (
            "blindspot/",
            2 * count(|i| i % 4 == 0).max(count(|i| i % 4 == 1)),
            PER_PAGE,
        ),
    ];
    for (first, items, most) in lists {
        let pages = pages_of(site, first);
        assert_eq!(pages.len(), expected_pages(items), "{first}: {items} items");
        for (k, html) in pages.iter().enumerate() {
            let shown = listed(html).len();
            assert!(shown > 0, "{first} page {}: no page is empty", k + 1);
            assert!(shown <= most, "{first} page {}: {shown}", k + 1);
        }
    }
    // A source's lines: every story it covered once, the last page with the remainder.
    for (source, items) in [("l0", count(|i| i % 4 != 1)), ("r1", count(|i| i % 4 == 1))] {
        let pages = pages_of(site, &format!("sources/{source}/"));
        let all: Vec<&str> = pages.iter().flat_map(|html| listed(html)).collect();
        let unique: BTreeSet<&str> = all.iter().copied().collect();
        assert_eq!(all.len(), items, "{source}");
        assert_eq!(unique.len(), items, "{source}: each story once");
        let rest = items % PER_PAGE;
        let last = listed(pages.last().unwrap()).len();
        assert_eq!(last, if rest == 0 { PER_PAGE } else { rest }, "{source}");
    }
    // A topic: its newest blindspots above the list on page 1, the other stories in the list,
    // each once over all its pages.
    let topic = pages_of(site, "topics/topic-0/");
    let all: Vec<&str> = topic.iter().flat_map(|html| listed(html)).collect();
    let unique: BTreeSet<&str> = all.iter().copied().collect();
    let items = count(|i| i % 3 == 0);
    assert_eq!((all.len(), unique.len()), (items, items));
    assert!(topic[0].contains("id=\"tb\""), "page 1 shows blindspots");
    assert!(topic[1..].iter().all(|html| !html.contains("id=\"tb\"")));
    assert!(!site.contains_key(&format!("page/{}/index.html", expected_pages(STORIES) + 1)));
}

#[test]
fn a_pager_names_the_first_the_last_and_a_few_pages_around_the_current_one() {
    let site = site();
    let mut checked = 0;
    for (file, html) in site.iter().filter(|(f, _)| f.ends_with(".html")) {
        let numbers = pager_numbers(html);
        if numbers.is_empty() {
            continue;
        }
        checked += 1;
        let current: usize = html
            .split("<span aria-current=\"page\">")
            .nth(1)
            .and_then(|s| s.split('<').next()?.parse().ok())
            .unwrap_or_else(|| panic!("{file}: the current page is named"));
        let last = *numbers.iter().max().unwrap();
        assert!(numbers.len() <= 7, "{file}: {numbers:?}");
        assert_eq!(numbers.first(), Some(&1), "{file}: the first page");
        assert_eq!(numbers.last(), Some(&last), "{file}: the last page, last");
        assert!(
            numbers.windows(2).all(|w| w[0] < w[1]),
            "{file}: {numbers:?}"
        );
        assert!(numbers.contains(&current));
        let gaps = numbers.windows(2).filter(|w| w[1] > w[0] + 1).count();
        assert_eq!(
            html.matches("<span class=\"gap\">…</span>").count(),
            gaps,
            "{file}"
        );
        assert_eq!(html.contains("rel=\"prev\""), current > 1, "{file}");
        assert_eq!(html.contains("rel=\"next\""), current < last, "{file}");
    }
    assert!(checked > 50, "the site has many paginated pages: {checked}");
    // Page 12 of the home page's 23: 1 … 10 11 12 13 14 … 23.
    assert_eq!(
        pager_numbers(page(site, "page/12/index.html")),
        [1, 10, 11, 12, 13, 14, 23]
    );
}

#[test]
fn later_pages_have_their_own_title_canonical_link_and_neighbours() {
    let site = site();
    let third = page(site, "topics/topic-0/page/3/index.html");
    assert!(
        third.contains("<title>Topic 0 — page 3 · Generated</title>"),
        "{third}"
    );
    assert!(third.contains("<h1 dir=\"auto\">Topic 0 <small>— page 3 of "));
    assert!(
        third.contains(
            "<link rel=\"canonical\" href=\"https://gen.example/topics/topic-0/page/3/\">"
        )
    );
    assert!(third.contains("<link rel=\"prev\" href=\"/topics/topic-0/page/2/\">"));
    assert!(third.contains("<link rel=\"next\" href=\"/topics/topic-0/page/4/\">"));
    let second = page(site, "topics/topic-0/page/2/index.html");
    assert!(second.contains("<link rel=\"prev\" href=\"/topics/topic-0/\">"));
    // No two pages share a title.
    let mut titles = BTreeMap::new();
    for (file, html) in site.iter().filter(|(f, _)| f.ends_with(".html")) {
        if let Some(title) = html.split("<title>").nth(1) {
            let title = title.split("</title>").next().unwrap();
            if let Some(other) = titles.insert(title, file) {
                panic!("{file} and {other} are both titled {title}");
            }
        }
    }
}

#[test]
fn the_sitemap_lists_every_page_of_every_list() {
    let site = site();
    let sitemap = page(site, "sitemap.xml");
    for file in site.keys().filter(|f| f.contains("page/")) {
        let url = format!(
            "https://gen.example/{}",
            file.trim_end_matches("index.html")
        );
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
}

#[test]
fn no_page_outgrows_its_budget_at_scale() {
    // 400 stories at the default 20 a page: the lists are long, their pages are not.
    let (_tmp, root) = generated_site(400, 20);
    build(&root, &[]);
    let out = root.join("output");
    let mut largest = BTreeMap::new();
    for (file, bytes) in tree(&out).into_iter().filter(|(f, _)| f.ends_with(".html")) {
        let kind = if file.starts_with("stories/") {
            "story"
        } else {
            "list"
        };
        let max = largest.entry(kind).or_insert((0, String::new()));
        if bytes.len() > max.0 {
            *max = (bytes.len(), file);
        }
    }
    // Every page of a list: 20 cards, or the first page of a topic with its blindspots above them.
    let budget = [("story", 10_000), ("list", 16_000)];
    for (kind, bytes) in budget {
        let (size, file) = &largest[kind];
        assert!(
            size <= &bytes,
            "{file}: {size} bytes, over the {kind} budget of {bytes}"
        );
    }
    let home_pages = std::fs::read_dir(out.join("page")).unwrap().count() + 1;
    assert_eq!(home_pages, 20);
}
