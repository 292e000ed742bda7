use super::*;
use chrono::{TimeZone, Utc};

const FEED_URL: Option<&str> = Some("https://news.example/feeds/world.xml");

fn one_item(document: &str) -> FeedItem {
    let feed = parse(document.as_bytes(), FEED_URL).expect("parses");
    assert_eq!(feed.items.len(), 1, "{feed:?}");
    feed.items.into_iter().next().unwrap()
}

#[test]
fn an_rss_item_comes_out_clean_and_absolute() {
    let rss = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>World &amp; more</title><link>https://News.Example/world/</link>
  <item>
    <title>  Talks resume &amp;#8220;soon&amp;#8221; </title>
    <link>/2026/01/30/talks.html?utm_source=rss&amp;id=4#comments</link>
    <guid isPermaLink="false"> 12345 </guid>
    <description>&lt;p&gt;Envoys met in &lt;b&gt;Geneva&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description>
    <pubDate>Fri, 30 Jan 2026 09:00:00 +0900</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
    <category>World</category><category>World</category><category>Diplomacy</category>
  </item>
</channel></rss>"#;
    let feed = parse(rss.as_bytes(), FEED_URL).unwrap();
    assert_eq!(feed.format, FeedFormat::Rss2);
    assert_eq!(feed.title.as_deref(), Some("World & more"));
    assert_eq!(feed.link.as_deref(), Some("https://news.example/world/"));
    let item = &feed.items[0];
    assert_eq!(item.guid.as_deref(), Some("12345"));
    assert_eq!(item.title, "Talks resume “soon”");
    assert_eq!(
        item.url.as_deref(),
        Some("https://news.example/2026/01/30/talks.html?id=4")
    );
    assert_eq!(item.summary.as_deref(), Some("Envoys met in Geneva."));
    let expected = Utc.with_ymd_and_hms(2026, 1, 30, 0, 0, 0).unwrap();
    assert_eq!(item.published, Some(expected));
    assert_eq!(item.authors, ["Ana Ruiz"]);
    assert_eq!(item.categories, ["World", "Diplomacy"]);
}

#[test]
fn an_atom_entry_resolves_xml_base_and_prefers_published() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title type="html">Notes &lt;em&gt;daily&lt;/em&gt;</title>
  <link rel="self" href="https://blog.example/atom.xml"/>
  <link rel="alternate" type="text/html" href="/"/>
  <author><name>Desk</name></author>
  <entry xml:base="posts/">
    <id>tag:blog.example,2026:1</id>
    <title type="text">A &lt; B, &amp; more</title>
    <link rel="alternate" href="first.html"/>
    <link rel="enclosure" type="audio/mpeg" href="first.mp3"/>
    <published>2026-01-02T03:04:05-05:00</published>
    <updated>2026-01-03T00:00:00Z</updated>
    <content type="html">&lt;p&gt;Body   text&lt;/p&gt;</content>
  </entry>
</feed>"#;
    let feed = parse(atom.as_bytes(), FEED_URL).unwrap();
    assert_eq!(feed.format, FeedFormat::Atom);
    assert_eq!(feed.title.as_deref(), Some("Notes daily"));
    assert_eq!(feed.link.as_deref(), Some("https://blog.example/"));
    let item = &feed.items[0];
    assert_eq!(item.guid.as_deref(), Some("tag:blog.example,2026:1"));
    assert_eq!(
        item.url.as_deref(),
        Some("https://blog.example/posts/first.html")
    );
    assert_eq!(item.title, "A < B, & more");
    assert_eq!(item.summary.as_deref(), Some("Body text"));
    assert_eq!(
        item.published,
        Some(Utc.with_ymd_and_hms(2026, 1, 2, 8, 4, 5).unwrap())
    );
    assert_eq!(
        item.updated,
        Some(Utc.with_ymd_and_hms(2026, 1, 3, 0, 0, 0).unwrap())
    );
    assert_eq!(item.authors, ["Desk"], "inherited from the feed");
}

#[test]
fn a_json_feed_item_resolves_against_the_feed_url() {
    let json = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Briefing",
  "home_page_url": "https://news.example/",
  "items": [{
    "id": "https://news.example/a/1",
    "url": "/a/1?fbclid=xyz",
    "title": "Rates & rents",
    "content_html": "<p>Long</p><p>body</p>",
    "date_modified": "2026-02-01T10:00:00+01:00",
    "authors": [{"name": "Li Wei"}],
    "tags": ["economy"]
  }]
}"#;
    let feed = parse(json.as_bytes(), FEED_URL).unwrap();
    assert_eq!(feed.format, FeedFormat::JsonFeed);
    let item = &feed.items[0];
    assert_eq!(item.url.as_deref(), Some("https://news.example/a/1"));
    assert_eq!(item.title, "Rates & rents");
    assert_eq!(item.summary.as_deref(), Some("Long body"));
    let modified = Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap();
    assert_eq!(item.published, Some(modified), "falls back to updated");
    assert_eq!(item.authors, ["Li Wei"]);
    assert_eq!(item.categories, ["economy"]);
}

#[test]
fn missing_fields_stay_missing() {
    let item = one_item(
        "<rss version=\"2.0\"><channel><item><description>x</description></item></channel></rss>",
    );
    assert_eq!(item.guid, None, "no made-up guid");
    assert_eq!(item.url, None);
    assert_eq!(item.title, "");
    assert_eq!(item.published, None);
    assert_eq!(item.updated, None);
}

#[test]
fn a_guid_url_stands_in_for_a_missing_link() {
    let item = one_item(
        "<rss version=\"2.0\"><channel><item><guid>https://news.example/p/9</guid></item></channel></rss>",
    );
    assert_eq!(item.url.as_deref(), Some("https://news.example/p/9"));
}

#[test]
fn summaries_are_cut_at_a_word() {
    let long = "word ".repeat(400);
    let item = one_item(&format!(
        "<rss version=\"2.0\"><channel><item><description>{long}</description></item></channel></rss>"
    ));
    let summary = item.summary.unwrap();
    assert!(
        summary.chars().count() <= SUMMARY_CHARS + 1,
        "{}",
        summary.len()
    );
    assert!(summary.ends_with("word…"));
}

#[test]
fn a_local_path_as_feed_url_is_ignored() {
    let rss = "<rss version=\"2.0\"><channel><item><link>https://a.example/x</link></item></channel></rss>";
    let feed = parse(rss.as_bytes(), Some("content/feeds/a.xml")).unwrap();
    assert_eq!(feed.items[0].url.as_deref(), Some("https://a.example/x"));
}

#[test]
fn failures_say_what_the_body_was() {
    let reason = |body: &str| parse(body.as_bytes(), FEED_URL).unwrap_err().to_string();
    assert_eq!(reason(" \n "), "empty body");
    assert_eq!(
        reason("<!DOCTYPE html><html><body><p>Moved</body></html>"),
        "not a feed: an HTML page"
    );
    assert_eq!(
        reason(r#"{"items": []}"#),
        "not a feed: JSON without a JSON Feed version"
    );
    assert_eq!(
        reason(r#"{"version": "https://example.org/v9", "title": "t", "items": []}"#),
        "unsupported feed: JSON Feed version `https://example.org/v9`"
    );
    assert_eq!(
        reason("<opml version=\"2.0\"><body/></opml>"),
        "not a feed: an XML document whose root element is <opml>"
    );
    assert!(reason("{not json").starts_with("malformed JSON: "));
    assert!(
        reason("<rss version=\"2.0\"><channel><item></channel></rss>")
            .starts_with("malformed XML: ")
    );
}
