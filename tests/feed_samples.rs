//! Values checked by eye on a few documents of the developer feed corpus (`shared/data/feeds/`),
//! pinned so they stay right: relative links, escaped markup, dates, and the reasons for what
//! feed-rs cannot read. Each test is skipped, with a line saying so, when the corpus is absent.

use chrono::{TimeZone, Utc};
use parallax::{FeedError, FeedFormat, ParsedFeed, parse_feed};
use std::path::Path;

fn parse(name: &str) -> Option<Result<ParsedFeed, FeedError>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/feeds")
        .join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: no corpus file {}", path.display());
        return None;
    };
    Some(parse_feed(
        &bytes,
        Some(&format!("https://feeds.example/{name}")),
    ))
}

#[test]
fn relative_links_resolve_against_xml_base_or_the_feed_url() {
    let Some(feed) = parse("nodefp__rss-with-relative-urls.xml") else {
        return;
    };
    let feed = feed.unwrap();
    assert_eq!(
        feed.link.as_deref(),
        Some("https://feeds.example/en/games/neverwinter/news")
    );
    assert_eq!(
        feed.items[0].url.as_deref(),
        Some(
            "https://feeds.example/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21"
        )
    );
    assert_eq!(
        feed.items[0].title,
        "Neverwinter & Jingle Jam Humble Bundle!"
    );

    let Some(feed) = parse("speedparser__0375.dat") else {
        return;
    };
    assert_eq!(
        feed.unwrap().items[0].url.as_deref(),
        Some("https://feeds.example/export-pdf-from-redmines-wiki.html"),
        "`.././export-pdf-from-redmines-wiki.html`"
    );
}

#[test]
fn rss_items_keep_their_links_authors_and_dates() {
    let Some(feed) = parse("feedrs__rss_2.0_relurl_1.xml") else {
        return;
    };
    let item = &feed.unwrap().items[1];
    assert_eq!(
        item.url.as_deref(),
        Some("https://insanity.industries/post/pacman-tracking-leftover-packages/")
    );
    assert_eq!(item.authors, ["Jonas Große Sundrup"]);
    assert_eq!(
        item.published,
        Some(Utc.with_ymd_and_hms(2021, 2, 13, 0, 0, 0).unwrap())
    );
}

#[test]
fn escaped_markup_in_descriptions_becomes_plain_text() {
    let Some(feed) = parse("fp__wellformed__rss__item_description_escaped_markup.xml") else {
        return;
    };
    let item = &feed.unwrap().items[0];
    assert_eq!(item.summary.as_deref(), Some("Example description"));
    assert_eq!((item.title.as_str(), item.published), ("", None));

    // `&#226;&#128;&#166;` is `…` in UTF-8 read as Latin-1: no markup is left, the mojibake is
    // left for the recovery layer.
    let Some(feed) = parse("fp__encoding__double-encoded-html.xml") else {
        return;
    };
    let summary = feed.unwrap().items[0].summary.clone().unwrap();
    assert!(
        !summary.contains('&') && !summary.contains('<'),
        "{summary}"
    );
}

#[test]
fn dates_become_utc_and_missing_dates_stay_missing() {
    if let Some(feed) = parse("rssparser__guardian.rss") {
        let feed = feed.unwrap();
        assert_eq!(feed.items.len(), 55);
        assert_eq!(
            feed.items[0].published,
            Some(Utc.with_ymd_and_hms(2018, 1, 31, 7, 26, 5).unwrap())
        );
    }
    if let Some(feed) = parse("armin__Rss20JapanTimes.xml") {
        let feed = feed.unwrap();
        assert_eq!(feed.items.len(), 118);
        assert!(feed.items.iter().all(|item| item.published.is_none()));
    }
}

#[test]
fn json_feed_links_resolve_against_the_feed_url() {
    let Some(feed) = parse("extractor__json-feed-miss-base-url.json") else {
        return;
    };
    let feed = feed.unwrap();
    assert_eq!(feed.format, FeedFormat::JsonFeed);
    assert_eq!(
        feed.items[0].url.as_deref(),
        Some("https://feeds.example/2020/08/07/json-feed-version.html")
    );
}

#[test]
fn what_feed_rs_cannot_read_is_named() {
    let cases = [
        (
            "fp__wellformed__sanitize__entry_title_crazy.xml",
            "unsupported feed: Atom 0.3 (only Atom 1.0 is read)",
        ),
        (
            "fp__wellformed__base__relative_xml_base.xml",
            "unsupported feed: Atom 0.3 (only Atom 1.0 is read)",
        ),
        (
            "fp__encoding__utf-16le-bom.xml",
            "unsupported feed: <rss> without a version (UTF-16LE)",
        ),
        ("nodefp__notafeed.html", "not a feed: an HTML page"),
        (
            "nodefp__compressed.xml",
            "not a feed: gzip-compressed bytes (decompress them first)",
        ),
        (
            "gofeed__json__invalid__invalid.json",
            "malformed JSON: EOF while parsing an object at line 3 column 0",
        ),
    ];
    for (name, reason) in cases {
        if let Some(result) = parse(name) {
            assert_eq!(result.unwrap_err().to_string(), reason, "{name}");
        }
    }
}
