use super::*;
use chrono::TimeZone;

const NASTY: &str = r#"Tariffs <rise> & "fall" at O'Hare's <script>x</script>"#;

fn channel() -> Channel {
    let date = |d| chrono::Utc.with_ymd_and_hms(2026, 1, d, 9, 30, 0).unwrap();
    let entry = |slug: &str, title: &str, d| Entry {
        id: format!("https://u.example/repo/stories/{slug}/"),
        title: title.to_string(),
        url: format!("https://u.example/repo/stories/{slug}/"),
        published: date(d),
        updated: date(d + 1),
        summary: format!("About {title}"),
        content_html: "<p>57% of the sources lean Right · 7 sources</p>".into(),
        categories: vec!["Trade & Tariffs".into(), "Economy".into()],
        image: Some(format!("https://u.example/repo/stories/{slug}/card.png")),
    };
    Channel {
        title: "Economy · A <b>&</b> site".into(),
        description: "Stories about the \"economy\"".into(),
        page: "topics/economy/".into(),
        dir: "topics/economy/".into(),
        updated: date(11),
        entries: vec![
            Written::new(&entry("a", NASTY, 10)),
            Written::new(&entry("b", "Plain", 9)),
        ],
    }
}

fn files() -> Vec<(String, Vec<u8>)> {
    files_of(&channel())
}

fn files_of(channel: &Channel) -> Vec<(String, Vec<u8>)> {
    let urls = Urls::new(&url::Url::parse("https://u.example/repo/").unwrap());
    let site = SiteMeta {
        title: "A site",
        language: "en",
        urls: &urls,
    };
    channel_files(channel, site)
}

#[test]
fn content_and_summaries_round_trip_through_every_format_even_with_cdata_ends() {
    // `]]>` would end RSS's CDATA section early; `<`, `&` and quotes are text in Atom and JSON.
    let html = r#"<p>a ]]> b &amp; <a href="x?a=1&amp;b=2">"q"</a></p>]]>"#;
    let summary = "Plain <summary> & ]]> end";
    let mut channel = channel();
    let entry = Entry {
        id: "https://u.example/repo/stories/c/".into(),
        title: "C".into(),
        url: "https://u.example/repo/stories/c/".into(),
        published: channel.updated,
        updated: channel.updated,
        summary: summary.into(),
        content_html: html.into(),
        categories: Vec::new(),
        image: None,
    };
    channel.entries = vec![Written::new(&entry)];
    for (path, bytes) in files_of(&channel) {
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        assert_eq!(feed.entries.len(), 1, "{path}");
        let entry = &feed.entries[0];
        let content = entry.content.as_ref().and_then(|c| c.body.as_deref());
        let text = content.or(entry.summary.as_ref().map(|s| s.content.as_str()));
        assert_eq!(text, Some(html), "{path}");
        if !path.ends_with("rss.xml") {
            assert_eq!(
                entry.summary.as_ref().map(|s| s.content.as_str()),
                Some(summary),
                "{path}"
            );
        }
    }
}

#[test]
fn a_channel_has_three_files_in_its_folder() {
    let paths: Vec<String> = files().into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        paths,
        [
            "topics/economy/atom.xml",
            "topics/economy/rss.xml",
            "topics/economy/feed.json"
        ]
    );
}

#[test]
fn titles_with_markup_characters_round_trip_through_every_format() {
    for (path, bytes) in files() {
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        let title = feed.entries[0].title.as_ref().unwrap();
        assert_eq!(title.content, NASTY, "{path}");
        assert_eq!(feed.entries.len(), 2, "{path}");
        assert_eq!(
            feed.entries[0].id, "https://u.example/repo/stories/a/",
            "{path}"
        );
        let categories: Vec<&str> = feed.entries[0]
            .categories
            .iter()
            .map(|c| c.term.as_str())
            .collect();
        assert_eq!(categories, ["Trade & Tariffs", "Economy"], "{path}");
    }
}

#[test]
fn dates_are_rfc3339_in_atom_and_json_and_rfc822_in_rss() {
    let files = files();
    let text = |i: usize| String::from_utf8(files[i].1.clone()).unwrap();
    assert!(text(0).contains("<published>2026-01-10T09:30:00+00:00</published>"));
    assert!(text(0).contains("<updated>2026-01-11T09:30:00+00:00</updated>"));
    assert!(text(1).contains("<pubDate>Sat, 10 Jan 2026 09:30:00 +0000</pubDate>"));
    assert!(text(2).contains(r#""date_published":"2026-01-10T09:30:00Z""#));
    assert!(text(2).contains(r#""date_modified":"2026-01-11T09:30:00Z""#));
}

#[test]
fn the_json_feed_is_version_1_1_with_absolute_urls() {
    let files = files();
    let json: serde_json::Value = serde_json::from_slice(&files[2].1).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        json["home_page_url"],
        "https://u.example/repo/topics/economy/"
    );
    assert_eq!(
        json["feed_url"],
        "https://u.example/repo/topics/economy/feed.json"
    );
    assert_eq!(json["items"][0]["title"], NASTY);
    assert_eq!(
        json["items"][0]["image"],
        "https://u.example/repo/stories/a/card.png"
    );
}
