use super::{Memo, key};
use std::path::Path;

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-memo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("output")
}

fn entry(text: &str) -> (u128, Option<Vec<u8>>) {
    (key(text), Memo::encode(&text.to_uppercase()))
}

/// What a build does with its front matter: each one added to the memo's writer, in order.
fn save(output: &Path, generator: &str, parsed: &[(u128, Option<Vec<u8>>)]) {
    let memo = Memo::read(output, generator);
    let mut writer = memo.writer();
    for (key, value) in parsed {
        writer.add(*key, value.as_deref());
    }
    writer.finish();
}

fn file(output: &Path) -> std::path::PathBuf {
    crate::lock::sibling(output, "parallax-parsed")
}

#[test]
fn what_one_build_keeps_the_next_reads_and_only_from_the_same_parallax() {
    let output = temp("roundtrip");
    save(&output, "v1", &[entry("a: 1"), entry("b: 2")]);
    let memo = Memo::read(&output, "v1");
    assert_eq!(memo.get::<String>(key("a: 1")).as_deref(), Some("A: 1"));
    assert_eq!(memo.get::<String>(key("b: 2")).as_deref(), Some("B: 2"));
    assert_eq!(memo.get::<String>(key("c: 3")), None);
    assert_eq!(Memo::read(&output, "v2").get::<String>(key("a: 1")), None);
}

#[test]
fn new_entries_are_appended_and_stale_ones_dropped_once_they_are_half() {
    let output = temp("append");
    save(&output, "v1", &[entry("a: 1"), entry("b: 2")]);
    let two = std::fs::metadata(file(&output)).unwrap().len();
    // Both still used, one new: appended, nothing rewritten.
    save(
        &output,
        "v1",
        &[(key("a: 1"), None), (key("b: 2"), None), entry("c: 3")],
    );
    let three = std::fs::read(file(&output)).unwrap();
    assert!(three.len() as u64 > two);
    // Nothing new, nothing stale: the file is left alone.
    save(
        &output,
        "v1",
        &[
            (key("a: 1"), None),
            (key("b: 2"), None),
            (key("c: 3"), None),
        ],
    );
    assert_eq!(std::fs::read(file(&output)).unwrap(), three);
    // Only one of three still used: rewritten with that one alone.
    save(&output, "v1", &[(key("b: 2"), None)]);
    let memo = Memo::read(&output, "v1");
    assert_eq!(memo.get::<String>(key("b: 2")).as_deref(), Some("B: 2"));
    assert_eq!(memo.get::<String>(key("a: 1")), None);
    assert!(std::fs::metadata(file(&output)).unwrap().len() < two);
}

#[test]
fn an_entry_cut_short_or_damaged_is_not_trusted() {
    let output = temp("damaged");
    save(&output, "v1", &[entry("a: 1"), entry("b: 2")]);
    let whole = std::fs::read(file(&output)).unwrap();
    // Cut in the middle of the last entry (a build killed while appending).
    std::fs::write(file(&output), &whole[..whole.len() - 2]).unwrap();
    let memo = Memo::read(&output, "v1");
    assert_eq!(memo.get::<String>(key("a: 1")).as_deref(), Some("A: 1"));
    assert_eq!(memo.get::<String>(key("b: 2")), None);
    // One byte of the first value changed: its checksum fails, and nothing after it is read.
    let mut damaged = whole.clone();
    let at = whole.windows(4).position(|w| w == b"A: 1").unwrap();
    damaged[at] = b'X';
    std::fs::write(file(&output), &damaged).unwrap();
    let memo = Memo::read(&output, "v1");
    assert_eq!(memo.get::<String>(key("a: 1")), None);
    assert_eq!(memo.get::<String>(key("b: 2")), None);
}

#[test]
fn a_story_read_through_the_memo_is_the_story_parsed_and_its_errors_keep_their_lines() {
    use crate::load::stories::{parse, parse_with};
    let output = temp("story");
    let text = "---\ntitle: \"A <b>bridge</b>\"\ndate: 2026-03-01T10:00:00Z\ntopics: [Transport]\n\
                location: Leeds, United Kingdom\narticles:\n  - source: herald\n    url: https://a.example/1\n    \
                title: One\n    published: 2026-03-01T11:00:00Z\n    kind: opinion\nexclude: [https://b.example/2]\n\
                cluster: false\n---\nBody *text*.\n";
    let registry = |yaml: &str| crate::load::sources::parse(Path::new("s.yaml"), yaml).unwrap();
    let sources = registry("sources:\n  - id: herald\n    name: Herald\n");
    let archived = crate::archive::Archived::default();
    let path = Path::new("content/stories/bridge.md");
    let with = (&sources, &archived, chrono_tz::UTC);
    let (first, entry) = parse_with(path, text, with, &Memo::read(&output, "v1")).unwrap();
    assert!(entry.1.is_some(), "parsed, so encoded for the memo");
    save(&output, "v1", &[entry]);
    let memo = Memo::read(&output, "v1");
    let (second, entry) = parse_with(path, text, with, &memo).unwrap();
    assert!(entry.1.is_none(), "read from the memo");
    let plain = parse(path, text, &sources, &archived, chrono_tz::UTC).unwrap();
    assert_eq!(format!("{:?}", first.story), format!("{:?}", plain.story));
    assert_eq!(format!("{:?}", second.story), format!("{:?}", plain.story));
    // The registry loses the source: the same front matter, read from the memo, is now an error
    // at the article's `source` line (7), as when parsed.
    let other = registry("sources:\n  - id: wire\n    name: Wire\n");
    let with = (&other, &archived, chrono_tz::UTC);
    let errors = |memo: &Memo| match parse_with(path, text, with, memo) {
        Err(crate::error::Error::Input(d)) => d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        other => panic!("expected an input error, got {other:?}"),
    };
    let through_memo = errors(&memo);
    assert_eq!(through_memo, errors(&Memo::default()));
    assert!(through_memo[0].contains("bridge.md:7"), "{through_memo:?}");
}

#[test]
fn a_memo_not_finished_leaves_nothing_behind() {
    let output = temp("unfinished");
    let memo = Memo::read(&output, "v1");
    let mut writer = memo.writer();
    writer.add(key("a: 1"), Memo::encode(&"A").as_deref());
    drop(writer);
    let parent = output.parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(parent).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_new_memo_a_killed_build_left_half_written_is_removed_by_the_next() {
    let output = temp("killed");
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let left = crate::write::temporary_path(&file(&output), dead);
    std::fs::write(&left, "parallax-parsed half").unwrap();
    let _ = Memo::read(&output, "v1");
    assert!(!left.exists(), "{}", left.display());
    save(&output, "v1", &[entry("a: 1")]);
    let names: Vec<String> = std::fs::read_dir(output.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![".output.parallax-parsed".to_string()]);
}

#[test]
fn a_storys_wire_copies_come_from_the_memo_only_for_the_same_articles_and_threshold() {
    use crate::cluster::ClusterConfig;
    use crate::load::wire_copies;
    let output = temp("wire");
    let text =
        "Flood waters rise in the valley as the river breaks its banks near the old mill town";
    let article = |source: &str, title: &str, hour| crate::model::Article {
        source: source.into(),
        url: format!("https://{source}.example/{hour}"),
        title: title.into(),
        published: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 1, hour, 0, 0)
            .unwrap(),
        excerpt: Some(text.into()),
        dateline: None,
        kind: crate::model::ArticleKind::News,
    };
    let story = || {
        let mut story = crate::model::Story::for_test("flood", "Flood");
        story.articles = vec![
            article("wire", "River breaks its banks", 9),
            article("herald", "River breaks its banks", 10),
            article("gazette", "A mill town counts the cost", 11),
        ];
        story.articles[2].excerpt = Some("Shopkeepers tally the damage a week later".into());
        story
    };
    let config = ClusterConfig::default();
    let mut fresh = story();
    let entry = wire_copies(&mut fresh, &config, &Memo::default());
    assert!(entry.1.is_some(), "found, so encoded for the memo");
    assert_eq!(
        fresh.syndication,
        crate::cluster::wire_copies(&fresh.articles, &config)
    );
    assert!(
        fresh.syndication.iter().any(|set| set.len() == 2),
        "{:?}",
        fresh.syndication
    );
    // The memo holds, for these articles, sets no detection would make: they are what is used.
    let planted = vec![vec![2, 0]];
    save(&output, "v1", &[(entry.0, Memo::encode(&planted))]);
    let memo = Memo::read(&output, "v1");
    let mut again = story();
    let entry = wire_copies(&mut again, &config, &memo);
    assert!(entry.1.is_none(), "read from the memo");
    assert_eq!(again.syndication, planted);
    // Other articles, or another threshold: found again.
    let mut edited = story();
    edited.articles[2].title = "River breaks its banks".into();
    assert!(wire_copies(&mut edited, &config, &memo).1.is_some());
    let stricter = ClusterConfig {
        syndication: 0.95,
        ..ClusterConfig::default()
    };
    let mut strict = story();
    assert!(wire_copies(&mut strict, &stricter, &memo).1.is_some());
    // Sets naming articles the story does not have are not trusted.
    std::fs::remove_file(file(&output)).unwrap();
    save(&output, "v1", &[(entry.0, Memo::encode(&vec![vec![0, 7]]))]);
    let mut checked = story();
    assert!(
        wire_copies(&mut checked, &config, &Memo::read(&output, "v1"))
            .1
            .is_some()
    );
    assert_eq!(checked.syndication, fresh.syndication);
}
