//! Hostile text in every field a site takes from people (story front matter and body, the sources
//! registry, the config, a local feed's items, an edition) is published as text: the built site
//! has no script but the theme's own files, no event-handler attribute, no `javascript:`,
//! `vbscript:` or `data:` URL in any attribute, and template syntax is never evaluated.

mod common;

use common::*;
use std::path::Path;

/// Script-injection vectors: tags, handlers, script URLs (plain, mixed case, entity-encoded),
/// SVG and MathML payloads, comment and CDATA tricks, broken tags, and template syntax.
const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "javascript:alert(4)",
    "JaVaScRiPt:alert(5)",
    "&#106;avascript:alert(6)",
    "vbscript:msgbox(7)",
    "data:text/html,<script>alert(8)</script>",
    "<a href=\"javascript:alert(9)\">x</a>",
    "<iframe src=javascript:alert(10)></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(11)>",
    "<!--<script>alert(12)</script>-->",
    "<![CDATA[<script>alert(13)</script>]]>",
    "</title><script>alert(14)</script>",
    "<scr<script>ipt>alert(15)</script>",
    "<body onload=alert(16)>",
    "{{ site.title }} {% if true %}evaluated{% endif %}",
];

/// All vectors in one line, as a YAML single-quoted scalar.
fn yaml(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn all() -> String {
    VECTORS.join(" ")
}

/// XML text: the vectors arrive in the feed as text, the way a feed escapes a title.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn plant(root: &Path) {
    let v = yaml(&all());
    let config = std::fs::read_to_string(root.join("parallax.yaml")).unwrap();
    let config = config
        .replace("title: \"Fixture Times\"", &format!("title: {v}"))
        .replace(
            "description: \"A small site for parallax's integration tests.\"",
            &format!("description: {v}"),
        );
    std::fs::write(root.join("parallax.yaml"), config).unwrap();

    let sources = std::fs::read_to_string(root.join("content/sources.yaml")).unwrap();
    let sources = sources
        .replace("name: Left Daily", &format!("name: {v}"))
        .replace("location: New York", &format!("location: {v}"))
        .replace(
            "    location: Leipzig",
            "    location: Leipzig\n    feeds: [content/feeds/voice.xml]",
        );
    std::fs::write(root.join("content/sources.yaml"), sources).unwrap();

    let story = format!(
        "---\ntitle: {v}\nsummary: {v}\ndate: 2026-02-03\ntopics: [{v}, Politics]\n\
         location: {v}\ninsights:\n  - {v}\narticles:\n  - source: left-daily\n    \
         url: https://leftdaily.example/hostile\n    title: {v}\n    \
         published: 2026-02-03T10:00:00Z\n    excerpt: {v}\n    dateline: {v}\n---\n{}\n\n\
         A [link](javascript:alert(20)) and ![img](javascript:alert(21)) and <a href=\"data:text/html,x\">d</a>.\n",
        VECTORS.join("\n\n")
    );
    std::fs::write(root.join("content/stories/hostile.md"), story).unwrap();

    let items: String = VECTORS
        .iter()
        .enumerate()
        .map(|(i, vector)| {
            format!(
                "<item><title>{t}</title><link>https://localvoice.example/{i}</link>\
                 <description>{t}</description><category>{t}</category>\
                 <author>{t}</author><pubDate>Mon, 02 Feb 2026 0{d}:00:00 GMT</pubDate></item>",
                t = xml_text(vector),
                d = i % 10
            )
        })
        .collect();
    let raw = format!(
        "<item><title>CDATA</title><link>javascript:alert(30)</link>\
         <description><![CDATA[<p onclick=\"alert(31)\">x</p><script>alert(32)</script>]]></description>\
         <content:encoded><![CDATA[{}]]></content:encoded>\
         <pubDate>Mon, 02 Feb 2026 11:00:00 GMT</pubDate></item>",
        VECTORS.join("<br>")
    );
    std::fs::create_dir_all(root.join("content/feeds")).unwrap();
    std::fs::write(
        root.join("content/feeds/voice.xml"),
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>{}</title>\
             <link>https://localvoice.example/</link>{items}{raw}</channel></rss>",
            xml_text(&all())
        ),
    )
    .unwrap();

    std::fs::create_dir_all(root.join("content/editions")).unwrap();
    std::fs::write(
        root.join("content/editions/hostile.md"),
        format!(
            "---\ntitle: {v}\ndate: 2026-02-04\nsummary: {v}\nstories: [alpha]\nlinks:\n  - url: https://leftdaily.example/x\n    title: {v}\n    note: {v}\n---\n{}\n",
            VECTORS.join("\n\n")
        ),
    )
    .unwrap();
}

/// The vectors through the importers: an OPML file's outlines (titles, feed and site URLs) and a
/// newsletter's feed (titles, HTML bodies) become sources and editions of the site.
/// Runs `parallax <command>` on a file `name` holding `text`, written into the site and removed
/// after; the command must succeed.
fn run_import(root: &Path, command: &str, name: &str, text: &str) {
    let file = root.join(name);
    std::fs::write(&file, text).unwrap();
    let out = parallax(&[
        command,
        "--root",
        root.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{command}: {}", stderr(&out));
    std::fs::remove_file(file).unwrap();
}

fn import(root: &Path) {
    let t = xml_text(&all()).replace('"', "&quot;");
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>{t}</title></head><body>\
         <outline text=\"{t}\" title=\"{t}\" type=\"rss\" xmlUrl=\"https://hostile.example/feed.xml\" htmlUrl=\"javascript:alert(40)\"/>\
         <outline text=\"{t}\" type=\"rss\" xmlUrl=\"javascript:alert(41)\" htmlUrl=\"https://other.example/\"/>\
         </body></opml>"
    );
    run_import(root, "import-opml", "hostile.opml", &opml);
    let registry = read(&root.join("content/sources.yaml"));
    assert!(
        registry.contains("https://hostile.example/feed.xml"),
        "{registry}"
    );
    for url in ["javascript:alert(40)", "javascript:alert(41)"] {
        assert!(!registry.contains(url), "{url} was imported: {registry}");
    }

    let issues: String = [10, 11]
        .iter()
        .map(|day| {
            format!(
                "<item><title>{t}</title><link>https://letter.example/p/{day}</link>\
                 <pubDate>Sat, {day} Jan 2026 08:00:00 GMT</pubDate>\
                 <content:encoded><![CDATA[<p>Issue {day}</p>{}]]></content:encoded></item>",
                VECTORS.join("<p>")
            )
        })
        .collect();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><title>{t}</title><link>https://letter.example/</link>{issues}</channel></rss>"
    );
    run_import(root, "import-newsletter", "letter.xml", &feed);
    let imported = std::fs::read_dir(root.join("content/editions/imported")).unwrap();
    assert_eq!(imported.count(), 2, "both issues imported");
}

#[test]
fn hostile_text_in_every_field_is_published_as_text() {
    let (_tmp, root) = copy_fixture("basic");
    plant(&root);
    import(&root);
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = tree(&root.join("output"));
    let mut pages = 0;
    let mut shown = 0;
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let found =
            parallax::fuzzing::unsafe_markup(&html, &["assets/search.js\"", "search/index.js\""]);
        assert!(found.is_empty(), "{file}: {found:#?}");
        // Evaluated, `{% if true %}evaluated{% endif %}` would leave a bare `evaluated`.
        assert_eq!(
            html.matches("evaluated").count(),
            html.matches("{% if true %}evaluated{% endif %}").count(),
            "{file}: template syntax was evaluated"
        );
        if html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        {
            shown += 1;
        }
    }
    assert!(pages > 10, "{pages} pages");
    // The vectors are on the pages, as text: the test planted what it checks.
    assert!(
        shown >= 5,
        "the hostile text shows as text on only {shown} pages"
    );
    let story = String::from_utf8_lossy(&files["stories/hostile/index.html"]).into_owned();
    assert!(
        story.contains("{{ site.title }}"),
        "template syntax is shown as written"
    );
    // The browser stage (tests/browser/run.sh) builds this site again and opens every page in
    // Chromium with a canary: it asks for a copy of the planted site here.
    if let Some(dir) = std::env::var_os("PARALLAX_HOSTILE_SITE") {
        let dir = Path::new(&dir);
        let _ = std::fs::remove_dir_all(dir);
        std::fs::remove_dir_all(root.join("output")).unwrap();
        copy_dir(&root, dir);
    }
}
