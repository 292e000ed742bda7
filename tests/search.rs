//! The sharded search index, read as search.js reads it: a query loads the manifest, the term
//! shards of its words and the result chunks of the stories it shows, and finds the right story,
//! while loading a small part of the whole index. (The browser stage runs search.js itself.)

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The JSON a search script hands to its callback: `window.parallaxSearch=<json>;` or
/// `window.parallaxSearch.terms("fl",<json>);`.
fn payload(script: &str) -> Value {
    let start = script.find(['{', '[']).unwrap();
    let end = script.rfind([']', '}']).unwrap();
    serde_json::from_str(&script[start..=end]).unwrap()
}

/// The files a query loads, as search.js picks them, and the titles of the stories it finds,
/// best first.
struct Query {
    files: BTreeSet<String>,
    titles: Vec<String>,
}

fn query(out: &Path, words: &[&str]) -> Query {
    let read = |file: &str| std::fs::read_to_string(out.join("search").join(file)).unwrap();
    let manifest = payload(&read("index.js"));
    let mut files = BTreeSet::from(["index.js".to_string()]);
    let mut total: Option<BTreeMap<u64, u64>> = None;
    for word in words {
        let mut scores = BTreeMap::new();
        for key in manifest["shards"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            if !(key.starts_with(word) || word.starts_with(key)) {
                continue;
            }
            let file = format!("terms/{key}.js");
            let shard = payload(&read(&file));
            files.insert(file);
            for (term, postings) in shard.as_object().unwrap() {
                if !term.starts_with(word) {
                    continue;
                }
                for (field, score) in [(0, 3), (1, 1)] {
                    let mut id = 0;
                    for delta in postings[field].as_array().unwrap() {
                        id += delta.as_u64().unwrap();
                        let best = scores.entry(id).or_insert(score);
                        *best = (*best).max(score);
                    }
                }
            }
        }
        total = Some(match total {
            None => scores,
            Some(before) => before
                .into_iter()
                .filter_map(|(id, s)| Some((id, s + scores.get(&id)?)))
                .collect(),
        });
    }
    let mut hits: Vec<(u64, u64)> = total.unwrap_or_default().into_iter().collect();
    hits.sort_by_key(|&(id, score)| (std::cmp::Reverse(score), id));
    let chunk = manifest["chunk"].as_u64().unwrap();
    let titles = hits
        .iter()
        .take(30)
        .map(|&(id, _)| {
            let file = format!("docs/{}.js", id / chunk);
            let docs = payload(&read(&file));
            files.insert(file);
            docs[(id % chunk) as usize][0].as_str().unwrap().to_string()
        })
        .collect();
    Query { files, titles }
}

fn bytes(out: &Path, files: &BTreeSet<String>) -> u64 {
    files
        .iter()
        .map(|f| std::fs::metadata(out.join("search").join(f)).unwrap().len())
        .sum()
}

#[test]
fn a_query_finds_its_story_through_the_shard_of_its_word() {
    let (_tmp, root) = generated_site(300, 20);
    build(&root, &[]);
    let out = root.join("output");
    let all: BTreeSet<String> = tree(&out.join("search"))
        .into_keys()
        .filter(|f| f.ends_with(".js"))
        .collect();

    // Story 123's made-up word is in its title only: one shard, one chunk of results.
    let found = query(&out, &[&word(123)]);
    assert_eq!(
        found.titles,
        [format!("Story 123: harbour talks {}", word(123))]
    );
    assert_eq!(
        found.files.len(),
        3,
        "the manifest, one shard, one chunk: {:?}",
        found.files
    );
    assert!(
        bytes(&out, &found.files) * 5 < bytes(&out, &all),
        "a query loads a small part of the index"
    );

    // A prefix finds it as it is typed, and words are folded: "zurich" finds "Zürich".
    let typed = query(&out, &[&word(123)[..2]]);
    assert!(typed.titles.contains(&found.titles[0]));
    assert_eq!(
        query(&out, &["zurich"]).titles,
        ["Story 5: harbour talks qaf in Zürich"]
    );

    // Several words: stories with all of them; a title word counts more than a topic word, and
    // the newest first among equals (story 299 is the newest).
    let both = query(&out, &["harbour", "topic"]);
    assert_eq!(both.titles.len(), 30);
    assert!(
        both.titles[0].starts_with("Story 299:"),
        "{:?}",
        both.titles
    );
    assert!(query(&out, &[&word(123), "nowhere"]).titles.is_empty());
}

#[test]
fn every_search_file_is_a_script_for_its_callback() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    for (file, bytes) in tree(&root.join("output/search")) {
        let text = String::from_utf8(bytes).unwrap();
        let call = match file.split('/').next().unwrap() {
            "index.js" => "window.parallaxSearch={",
            "terms" => "window.parallaxSearch.terms(\"",
            "docs" => "window.parallaxSearch.docs(",
            _ => continue,
        };
        assert!(text.starts_with(call), "{file}: {text}");
        assert!(text.ends_with(";\n") && !text.contains("</"), "{file}");
    }
}
