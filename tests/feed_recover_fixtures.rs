//! Broken feeds of the kinds lenient readers (Python's feedparser) read and feed-rs does not, each
//! a small document written for these tests (under `tests/fixtures/feeds/`, or inline): a feed
//! inside an HTML page or after a PHP warning, elements left open around the items (an
//! `<itunes:category>`, Atom links written the HTML way), a document cut inside its last end tag or
//! its last CDATA, a bare `<rdf>` or `<channel>` root, RSS 1.0 in a namespace variant, inside its
//! `<channel>` or without links. The strict parse gives no items from any of them;
//! `parse_recovering` must give every item, and say how.

use parallax::{parse_feed, parse_recovering};
use std::path::Path;

const URL: Option<&str> = Some("https://feeds.example/feed");

/// The strict parse's items (none, or an error), and what the recovering parse gives: the
/// items' titles and the repairs.
fn read(bytes: &[u8]) -> (usize, Vec<String>, String) {
    let strict = parse_feed(bytes, URL).map_or(0, |feed| feed.items.len());
    let recovered = parse_recovering(bytes, None, URL).unwrap_or_else(|e| panic!("{e}"));
    let titles = recovered
        .feed
        .items
        .iter()
        .map(|i| i.title.clone())
        .collect();
    (strict, titles, recovered.summary())
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_reads(name: &str, titles: [&str; 2], repairs: &str) {
    let (strict, read_titles, summary) = read(&fixture(name));
    assert_eq!(strict, 0, "{name}: the strict parse already reads it");
    assert_eq!(read_titles, titles, "{name}");
    assert_eq!(summary, repairs, "{name}");
}

#[test]
fn an_atom_feed_inside_an_xhtml_page_is_read() {
    assert_reads(
        "atom-in-xhtml-page.xhtml",
        [
            "Ferry timetable changes for spring",
            "Lighthouse reopens to visitors",
        ],
        "read the <feed> inside <html>",
    );
}

#[test]
fn an_rss_feed_inside_an_html_page_or_after_a_php_warning_is_read() {
    assert_reads(
        "rss-in-html-page.html",
        [
            "Snow closes the upper road",
            "Library extends opening hours",
        ],
        "read the <rss> inside <html>",
    );
    // The `dc:` prefix of the item's date is declared on the page's <html>, not on the feed.
    let page = parse_recovering(&fixture("rss-in-html-page.html"), None, URL).unwrap();
    let published = page.feed.items[0].published.map(|d| d.to_rfc3339());
    assert_eq!(published.as_deref(), Some("2024-02-20T07:15:00+00:00"));
    assert_reads(
        "rss-after-php-warning.xml",
        [
            "Flood barrier test on Sunday",
            "Rowing club wins regional cup",
        ],
        "read the <rss> after other content",
    );
}

#[test]
fn an_itunes_category_never_closed_keeps_the_items_out_of_it() {
    assert_reads(
        "rss-unclosed-itunes-category.xml",
        ["Episode 12: the new bridge", "Episode 11: school board"],
        "closed 1 element left open",
    );
}

#[test]
fn a_document_cut_inside_its_last_end_tag_is_read() {
    assert_reads(
        "rdf-cut-final-end-tag.rdf",
        ["Market day moves to Saturday", "Canal path resurfaced"],
        "closed a truncated document (1 element left open)",
    );
    let rss = "<rss version=\"2.0\"><channel><title>T</title>\
               <item><title>One</title></item><item><title>Two</title></item>";
    for cut in [
        "</channel></rss",
        "</channel></",
        "</channel",
        "</chan",
        "</",
        "<",
        "",
    ] {
        let (_, titles, _) = read(format!("{rss}\n{cut}").as_bytes());
        assert_eq!(titles, ["One", "Two"], "{cut}");
    }
}

#[test]
fn a_document_cut_inside_the_html_of_its_last_cdata_is_read() {
    let rss = "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title>\
               <description><![CDATA[<p>First</p> and <b>second</b> paragraph, cut <i";
    let (strict, titles, repairs) = read(rss.as_bytes());
    assert_eq!((strict, titles), (0, vec!["One".to_string()]));
    assert_eq!(
        repairs,
        "closed a truncated document (4 elements left open)"
    );
    let feed = parse_recovering(rss.as_bytes(), None, URL).unwrap().feed;
    assert_eq!(
        feed.items[0].summary.as_deref(),
        Some("First and second paragraph, cut")
    );
}

#[test]
fn a_bare_rdf_root_is_read_as_rss_1() {
    assert_reads(
        "rdf-bare-root.rdf",
        ["Apple harvest starts early", "Cider fair announced"],
        "renamed the root <rdf> to <RDF>",
    );
}

#[test]
fn rss_1_items_in_a_namespace_variant_are_read() {
    assert_reads(
        "rdf-namespace-variants.rdf",
        ["Blasting schedule for May", "New footpath around the rim"],
        "read namespace `http://purl.org/rss/1.0` as RSS 1.0",
    );
    assert_reads(
        "rdf-prefixed-items-variant.rdf",
        [
            "New sand fences along the north beach",
            "Kite festival dates set",
        ],
        "read namespace `http://purl.org/rss/1.0` as RSS 1.0",
    );
}

#[test]
fn rss_1_items_inside_the_channel_are_read() {
    assert_reads(
        "rdf-items-in-channel.rdf",
        [
            "Herons return to the reed beds",
            "Boardwalk repairs finished",
        ],
        "closed 1 element left open, removed 1 stray end tag",
    );
}

#[test]
fn atom_links_written_the_html_way_keep_what_follows_them() {
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>\
                <link href=\"https://a.example/\"><entry><title>One</title>\
                <link href=\"https://a.example/1\"><id>urn:one</id></entry>\
                <entry><title>Two</title><link href=\"https://a.example/2\"><id>urn:two</id></entry></feed>";
    let (strict, titles, repairs) = read(atom.as_bytes());
    assert_eq!((strict, titles), (0, vec!["One".into(), "Two".into()]));
    assert_eq!(repairs, "closed 3 elements left open");
    let feed = parse_recovering(atom.as_bytes(), None, URL).unwrap().feed;
    let ids: Vec<_> = feed.items.iter().map(|i| i.guid.as_deref()).collect();
    assert_eq!(ids, [Some("urn:one"), Some("urn:two")]);
    assert_eq!(feed.items[1].url.as_deref(), Some("https://a.example/2"));
}

#[test]
fn an_enclosure_or_image_never_closed_keeps_the_rest_of_its_item() {
    let rss = "<rss version=\"2.0\"><channel><title>T</title><image><url>https://a.example/i.png</url>\
               <item><title>One</title><enclosure url=\"https://a.example/1.mp3\" type=\"audio/mpeg\">\
               <description>Said here</description></item></channel></rss>";
    let (strict, titles, repairs) = read(rss.as_bytes());
    assert_eq!((strict, titles), (0, vec!["One".to_string()]));
    assert_eq!(repairs, "closed 2 elements left open");
    let feed = parse_recovering(rss.as_bytes(), None, URL).unwrap().feed;
    assert_eq!(feed.items[0].summary.as_deref(), Some("Said here"));
}

#[test]
fn a_channel_without_its_rss_is_read() {
    let channel = "<?xml version=\"1.0\"?>\n<channel><title>T</title>\
                   <item><title>One</title></item><item><title>Two</title></item></channel>\n";
    let (strict, titles, repairs) = read(channel.as_bytes());
    assert_eq!((strict, titles), (0, vec!["One".into(), "Two".into()]));
    assert_eq!(repairs, "added the missing <rss> around the <channel>");
}

#[test]
fn rss_1_items_without_a_link_take_their_rdf_about() {
    let rdf = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
               xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"https://a.example/\">\
               <title>T</title><link>https://a.example/</link></channel>\
               <item rdf:about=\"https://a.example/1\"><title>One</title></item>\
               <item rdf:about=\"https://a.example/2\"><title>Two</title></item></rdf:RDF>";
    let (strict, titles, repairs) = read(rdf.as_bytes());
    assert_eq!((strict, titles), (0, vec!["One".into(), "Two".into()]));
    assert_eq!(repairs, "took the link of 2 RSS 1.0 items from rdf:about");
    let feed = parse_recovering(rdf.as_bytes(), None, URL).unwrap().feed;
    assert_eq!(feed.items[1].url.as_deref(), Some("https://a.example/2"));
}
