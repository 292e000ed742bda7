//! Regression tests for what items lost on their way from a feed to the archive (issue 8, "Lose
//! nothing"): title text, dates, links. Each document is written here, in the shape the real feeds
//! that lost something had, and goes through `parse_recovering`, the path `fetch` and `build` use.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use parallax::{FeedItem, parse_recovering};

const FEED_URL: &str = "https://news.example/feeds/world.xml";

fn items(document: &str, feed_url: Option<&str>) -> Vec<FeedItem> {
    parse_recovering(document.as_bytes(), None, feed_url)
        .expect("parses")
        .feed
        .items
}

fn rss(items_xml: &str) -> String {
    format!("<rss version=\"2.0\"><channel><title>t</title>{items_xml}</channel></rss>")
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap())
}

#[test]
fn rss_titles_keep_literal_angle_brackets_and_lose_only_inline_formatting() {
    let document = rss(r#"
<item><title>Fans of &lt;blink&gt; fund a revival</title></item>
<item><title><![CDATA[City council celebrate a <script> ban (no. 9)]]></title></item>
<item><title>Why x &lt; y and y &gt; z</title></item>
<item><title>&lt;b&gt;Bold&lt;/b&gt; news, &lt;i&gt;now&lt;/i&gt;</title></item>
<item><title>Rock &amp;amp; roll&amp;#8217;s back</title></item>"#);
    let titles: Vec<String> = items(&document, Some(FEED_URL))
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(
        titles,
        [
            "Fans of <blink> fund a revival",
            "City council celebrate a <script> ban (no. 9)",
            "Why x < y and y > z",
            "Bold news, now",
            "Rock & roll’s back",
        ]
    );
}

#[test]
fn atom_text_titles_are_kept_exactly_and_html_titles_give_their_text() {
    let document = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Desk &amp;amp; co</title>
<entry><id>1</id><title type="text">Fans of &lt;blink&gt; &amp;amp; &lt;b&gt;friends&lt;/b&gt;</title></entry>
<entry><id>2</id><title>No type: a &lt;script&gt; ban</title></entry>
<entry><id>3</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; brave</title></entry>
<entry><id>4</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div></title></entry>
</feed>"#;
    let feed = parse_recovering(document.as_bytes(), None, Some(FEED_URL))
        .unwrap()
        .feed;
    assert_eq!(feed.title.as_deref(), Some("Desk &amp; co"));
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Fans of <blink> &amp; <b>friends</b>",
            "No type: a <script> ban",
            "Bold & brave",
            "An xhtml title",
        ]
    );
}

#[test]
fn json_feed_titles_are_plain_text() {
    let document = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Q&amp;A <daily>",
        "items": [{"id": "1", "title": "Fans of <blink> &amp; more", "content_html": "<p>x</p>"}]}"#;
    let feed = parse_recovering(document.as_bytes(), None, Some(FEED_URL))
        .unwrap()
        .feed;
    assert_eq!(feed.title.as_deref(), Some("Q&amp;A <daily>"));
    assert_eq!(feed.items[0].title, "Fans of <blink> &amp; more");
}

#[test]
fn descriptions_escaped_twice_lose_no_words() {
    let document = rss(r#"
<item><title>a</title><description>&amp;lt;pre&amp;gt;if a &amp;amp;lt;b then c&amp;lt;/pre&amp;gt; and more words</description></item>
<item><title>b</title><description>Use the &amp;lt;script&amp;gt; tag, and more words</description></item>
<item><title>c</title><description>&lt;p&gt;if x &amp;lt;y and z&amp;gt; w&lt;/p&gt;</description></item>"#);
    let summaries: Vec<Option<String>> = items(&document, Some(FEED_URL))
        .into_iter()
        .map(|i| i.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            Some("if a <b then c and more words".to_string()),
            Some("Use the <script> tag, and more words".to_string()),
            Some("if x <y and z> w".to_string()),
        ]
    );
}

#[test]
fn atom_03_base64_content_is_decoded() {
    // `<p>Hello &amp; welcome to the <b>news</b>.</p>`, base64, wrapped as encoders wrap it.
    let document = r#"<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title>
<entry><title>x</title><id>1</id><issued>2004-01-01T00:00:00Z</issued>
<content type="text/html" mode="base64">
  PHA+SGVsbG8gJmFtcDsgd2VsY29tZSB0
  byB0aGUgPGI+bmV3czwvYj4uPC9wPg==
</content></entry></feed>"#;
    let item = &items(document, Some(FEED_URL))[0];
    assert_eq!(
        item.summary.as_deref(),
        Some("Hello & welcome to the news.")
    );
}

#[test]
fn atom_text_that_only_looks_like_base64_stays_text() {
    // Base64-shaped, but decoding to bytes that are not UTF-8 text.
    let document = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>1</id><title>x</title><summary>Headline</summary></entry></feed>"#;
    assert_eq!(
        items(document, Some(FEED_URL))[0].summary.as_deref(),
        Some("Headline")
    );
}

#[test]
fn real_world_date_shapes_are_read() {
    let document = rss(r#"
<item><title>a</title><pubDate>2011-09-26T09:00:00</pubDate></item>
<item><title>b</title><pubDate>2022-09-03 09:37:11+03:00</pubDate></item>
<item><title>c</title><pubDate>Sat Oct 06 2018 00:00:00 GMT</pubDate></item>
<item><title>d</title><pubDate>07 Nov 2015 12:00:00 EST</pubDate></item>
<item><title>e</title><pubDate>Mon, 07 Nov 2015 12:00:00 +3000</pubDate></item>
<item><title>f</title><pubDate>Sat, Dec 16 2023 02:02:33 PM</pubDate></item>
<item><title>g</title><pubDate>2020/1/10 14:33:00</pubDate></item>"#);
    let dates: Vec<_> = items(&document, Some(FEED_URL))
        .into_iter()
        .map(|i| (i.published, i.date_text))
        .collect();
    assert_eq!(
        dates,
        [
            (utc(2011, 9, 26, 9, 0, 0), None),
            (utc(2022, 9, 3, 6, 37, 11), None),
            (utc(2018, 10, 6, 0, 0, 0), None),
            (utc(2015, 11, 7, 17, 0, 0), None),
            (utc(2015, 11, 7, 12, 0, 0), None),
            (utc(2023, 12, 16, 14, 2, 33), None),
            (utc(2020, 1, 10, 14, 33, 0), None),
        ]
    );
}

#[test]
fn an_unreadable_date_is_kept_as_text() {
    let document = rss(r#"
<item><title>a</title><pubDate> the day before yesterday </pubDate></item>
<item><title>b</title><pubDate></pubDate></item>"#);
    let items = items(&document, Some(FEED_URL));
    assert_eq!(items[0].published, None);
    assert_eq!(items[0].updated, None);
    assert_eq!(
        items[0].date_text.as_deref(),
        Some("the day before yesterday")
    );
    assert_eq!(
        (items[1].published, items[1].date_text.as_deref()),
        (None, None),
        "an empty date is no date"
    );

    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>1</id><title>a</title><published>someday</published><updated>2026-01-30T09:00:00Z</updated></entry>
<entry><id>2</id><title>b</title><updated>30/01/2026</updated></entry></feed>"#;
    let items = self::items(atom, Some(FEED_URL));
    assert_eq!(items[0].published, utc(2026, 1, 30, 9, 0, 0), "falls back");
    assert_eq!(items[0].date_text, None, "a readable date was found");
    assert_eq!(items[1].date_text.as_deref(), Some("30/01/2026"));

    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t",
        "items": [{"id": "1", "title": "a", "date_published": "Q3 2026"}]}"#;
    let items = self::items(json, Some(FEED_URL));
    assert_eq!(
        (items[0].published, items[0].date_text.as_deref()),
        (None, Some("Q3 2026"))
    );
}

#[test]
fn relative_links_resolve_against_the_feed_url() {
    let document = rss(r#"
<item><title>a</title><link>/2020/01/post</link></item>
<item><title>b</title><link>post.html?utm_source=rss</link></item>"#);
    let urls: Vec<Option<String>> = items(&document, Some(FEED_URL))
        .into_iter()
        .map(|i| i.url)
        .collect();
    assert_eq!(
        urls,
        [
            Some("https://news.example/2020/01/post".to_string()),
            Some("https://news.example/feeds/post.html".to_string()),
        ]
    );
}

#[test]
fn a_guid_that_is_a_path_stands_in_for_a_missing_link() {
    let document = rss(r#"
<item><title>a</title><guid>/2020/01/post</guid></item>
<item><title>b</title><guid isPermaLink="false">2020-01-post</guid></item>"#);
    let urls: Vec<Option<String>> = items(&document, Some(FEED_URL))
        .into_iter()
        .map(|i| i.url)
        .collect();
    assert_eq!(
        urls,
        [Some("https://news.example/2020/01/post".to_string()), None]
    );
}

#[test]
fn without_a_feed_url_links_resolve_against_the_address_the_feed_states() {
    let stated = r#"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
<link>https://www.news.example/</link>
<atom:link rel="self" href="https://feeds.news.example/world/rss.xml"/>
<item><title>a</title><link>story.html</link></item></channel></rss>"#;
    assert_eq!(
        items(stated, Some("content/feeds/world.xml"))[0]
            .url
            .as_deref(),
        Some("https://feeds.news.example/world/story.html"),
        "the self link wins, and a local path is no base"
    );
    let json = r#"{"version": "https://jsonfeed.org/version/1", "title": "t",
        "home_page_url": "https://blog.example/", "feed_url": "/feed.json",
        "items": [{"id": "1", "title": "a", "url": "/2020/08/07/post.html"}]}"#;
    assert_eq!(
        items(json, None)[0].url.as_deref(),
        Some("https://blog.example/2020/08/07/post.html")
    );
    let bare = rss("<item><title>a</title><link>/2020/01/post</link></item>");
    assert_eq!(
        items(&bare, None)[0].url,
        None,
        "nothing to resolve against"
    );
}

/// A site whose one source has a homepage and a local feed file, fetched once.
fn fetch_local_feed(feed: &str) -> (parallax::FetchReport, Vec<serde_json::Value>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    common::feeds::write_site(
        root,
        "sources:\n  - id: herald\n    name: Herald\n    homepage: https://herald.example/news/\n    \
         bias: center\n    feeds: [content/feeds/herald.xml]\n",
    );
    std::fs::create_dir_all(root.join("content/feeds")).unwrap();
    std::fs::write(root.join("content/feeds/herald.xml"), feed).unwrap();
    let options = parallax::FetchOptions {
        root: root.to_path_buf(),
        now: utc(2026, 2, 1, 12, 0, 0),
        ..Default::default()
    };
    let report = parallax::fetch(&options, &|_| {}).unwrap();
    let mut records = Vec::new();
    let files = walkdir::WalkDir::new(root.join("content/archive")).sort_by_file_name();
    for entry in files {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(&path).unwrap();
            records.extend(text.lines().map(|l| serde_json::from_str(l).unwrap()));
        }
    }
    (report, records)
}

#[test]
fn a_local_feed_resolves_against_its_sources_homepage_and_keeps_unreadable_dates() {
    let (report, records) = fetch_local_feed(&rss(r#"
<item><guid>1</guid><title>a</title><link>/2026/01/story.html</link><pubDate>Fri, 30 Jan 2026 09:00:00 EST</pubDate></item>
<item><guid>2</guid><title>b</title><link>more.html</link><pubDate>the other day</pubDate></item>"#));
    assert_eq!(records.len(), 2, "{records:?}");
    let first = &records[0];
    assert_eq!(first["url"], "https://herald.example/2026/01/story.html");
    assert_eq!(first["published"], "2026-01-30T14:00:00Z");
    let second = &records[1];
    assert_eq!(second["url"], "https://herald.example/news/more.html");
    assert_eq!(second["date_missing"], true);
    assert_eq!(second["date_text"], "the other day");
    assert_eq!(second["published"], "2026-02-01T12:00:00Z", "first seen");
    let parallax::FeedResult::Fetched { stats, .. } = &report.feeds[0].result else {
        panic!("{:?}", report.feeds[0]);
    };
    assert!(
        stats
            .to_string()
            .contains("1 with an unreadable date (kept as text, dated when first seen)"),
        "reported: {stats}"
    );
}
