use super::*;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;

const URL: Option<&str> = Some("https://news.example/feed.xml");

fn rss(items: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>News</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

fn recover(bytes: &[u8]) -> Result<(Vec<String>, String), String> {
    parse_recovering(bytes, None, URL)
        .map(|r| {
            let titles = r.feed.items.iter().map(|i| i.title.clone()).collect();
            (titles, r.summary())
        })
        .map_err(|e| e.to_string())
}

#[test]
fn a_valid_feed_parses_clean_with_no_repairs() {
    let doc = rss("<item><title>Café à Paris, Straße, 東京</title></item>");
    assert_eq!(
        recover(doc.as_bytes()),
        Ok((
            vec!["Café à Paris, Straße, 東京".to_string()],
            "clean".into()
        ))
    );
}

#[test]
fn the_new_york_times_empty_media_description_is_removed() {
    let doc = "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><title>NYT</title>\
         <item><title>Report</title><media:content url=\"https://x/a.jpg\" medium=\"image\"/>\
         <media:description/><media:credit/><description>Text</description></item></channel></rss>";
    assert!(crate::feed::parse(doc.as_bytes(), URL).is_err());
    assert_eq!(
        recover(doc.as_bytes()),
        Ok((vec!["Report".into()], "removed 2 empty elements".into()))
    );
}

#[test]
fn a_repair_that_was_not_needed_is_dropped_again() {
    // The DOCTYPE is harmless here, and is tried before the ampersands; only the latter are listed.
    let doc = format!(
        "<!DOCTYPE rss SYSTEM \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n{}",
        rss("<item><title>AT&T & more</title></item>")
            .replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "")
    );
    assert_eq!(
        recover(doc.as_bytes()),
        Ok((
            vec!["AT&T & more".into()],
            "escaped 2 stray ampersands".into()
        ))
    );
}

#[test]
fn several_repairs_are_applied_in_order_and_listed() {
    // feed-rs reads `&eacute;` itself: the entity repair is tried on the way, then dropped.
    let doc = "<rss xmlns=\"http://backend.userland.com/rss2\"><channel><title>T</title>\
               <item><title>Caf&eacute; &hellip;</title><description>a<br>b</description></item>";
    let (titles, summary) = recover(doc.as_bytes()).unwrap();
    assert_eq!(titles, ["Café …"]);
    assert_eq!(
        summary,
        "added the missing RSS version; removed a default namespace from <rss> \
         (http://backend.userland.com/rss2); wrapped the unbalanced HTML of 1 element in CDATA; closed a truncated document (2 elements left open)"
    );
}

#[test]
fn a_gzip_body_in_a_legacy_encoding_is_inflated_and_transcoded() {
    let doc = rss("<item><title>Notícias</title></item>").replace("utf-8", "iso-8859-1");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&doc);
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(&latin1).unwrap();
    assert_eq!(
        recover(&gzip.finish().unwrap()),
        Ok((
            vec!["Notícias".into()],
            "decompressed gzip; transcoded from windows-1252 (declared)".into()
        ))
    );
}

#[test]
fn the_http_charset_is_used_when_the_document_needs_decoding() {
    let (koi8, _, _) = encoding_rs::KOI8_R.encode(
        "<rss><channel><title>Новости</title><item><title>Статья</title></item></channel></rss>",
    );
    let recovered =
        parse_recovering(&koi8, Some("application/rss+xml; charset=koi8-r"), URL).unwrap();
    assert_eq!(recovered.feed.items[0].title, "Статья");
    assert_eq!(
        recovered.summary(),
        "transcoded from KOI8-R (HTTP charset); added the missing RSS version"
    );
}

#[test]
fn utf16_big_endian_parses_instead_of_crashing() {
    let doc = rss("<item><title>Wide</title></item>").replace("utf-8", "utf-16");
    let bytes: Vec<u8> = "\u{FEFF}"
        .chars()
        .chain(doc.chars())
        .collect::<String>()
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    assert_eq!(
        recover(&bytes),
        Ok((
            vec!["Wide".into()],
            "transcoded from UTF-16BE (byte-order mark)".into()
        ))
    );
}

#[test]
fn utf8_mislabelled_as_latin1_is_read_as_utf8() {
    let doc = rss("<item><title>Actualités</title></item>").replace("utf-8", "ISO-8859-1");
    assert_eq!(
        recover(doc.as_bytes()),
        Ok((
            vec!["Actualités".into()],
            "read as UTF-8 (declared windows-1252)".into()
        ))
    );
}

#[test]
fn mojibake_in_a_valid_feed_is_repaired_and_correct_text_is_not() {
    let doc = rss(
        "<item><title>ActualitÃ©s Ã\u{A0} la une</title></item><item><title>Noël à l’été</title></item>",
    );
    assert_eq!(
        recover(doc.as_bytes()),
        Ok((
            vec!["Actualités à la une".into(), "Noël à l’été".into()],
            "repaired mojibake in 1 text".into()
        ))
    );
}

#[test]
fn atom_03_and_json_feed_variants_are_read() {
    let atom = "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>A</title>\
                <entry><title>E</title><id>1</id><issued>2004-01-02T03:04:05Z</issued></entry></feed>";
    let recovered = parse_recovering(atom.as_bytes(), None, URL).unwrap();
    assert_eq!(recovered.summary(), "read Atom 0.3 as Atom 1.0");
    assert!(recovered.feed.items[0].published.is_some());
    let json = r#"{"version": "http://jsonfeed.org/version/1", "title": "J", "items": [{"id": 1, "title": "x"}]}"#;
    assert_eq!(
        recover(json.as_bytes()),
        Ok((
            vec!["x".into()],
            "normalised the JSON Feed (version, ids)".into()
        ))
    );
}

#[test]
fn what_is_not_a_feed_keeps_its_one_line_reason() {
    for (bytes, reason) in [
        (&b""[..], "empty body"),
        (
            b"<!DOCTYPE html><html><body>x</body></html>",
            "not a feed: an HTML page",
        ),
        (
            b"{\"verion\": \"1.0\"",
            "malformed JSON: EOF while parsing an object at line 1 column 16",
        ),
        (
            b"<?xml version=\"1.0\"?><hash><error>Rate limit</error></hash>",
            "not a feed: an XML document whose root element is <hash>",
        ),
        (
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00junk",
            "not a feed: corrupt gzip data (corrupt deflate stream)",
        ),
    ] {
        assert_eq!(recover(bytes), Err(reason.to_string()), "{bytes:?}");
    }
}

#[test]
fn a_gzip_bomb_fails_with_its_size() {
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&vec![b'<'; MAX_INFLATED + 1]).unwrap();
    assert_eq!(
        recover(&gzip.finish().unwrap()),
        Err("decompressed body larger than 8 MiB".to_string())
    );
}

#[test]
fn the_strict_parse_names_undecodable_text_and_a_missing_channel() {
    let strict = |bytes: &[u8]| crate::feed::parse(bytes, URL).unwrap_err().to_string();
    assert_eq!(
        strict(b"<rss version=\"2.0\"><channel><title>caf\xE9</title></channel></rss>"),
        "malformed XML: text that is not valid UTF-8 nor in its declared encoding"
    );
    assert_eq!(
        strict(b"<rss version=\"2.0\"></rss>"),
        "malformed feed: <rss> without a <channel>"
    );
}
