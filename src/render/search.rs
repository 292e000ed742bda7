//! The prebuilt search index, sharded so that a query downloads a small part of it however large
//! the site grows (the approach of Pagefind: an inverted index cut by term prefix, and the
//! results' details in small chunks). Every file is a script that hands its data to a global
//! callback, so the search page works offline, from `file://` too, and under a subpath, with no
//! request to anyone else.
//!
//! ```text
//! search/index.js          the manifest: shard keys, story count, topics and sources (small)
//! search/terms/<key>.js    the stories' terms that start with <key>, each with its postings
//! search/docs/<n>.js       the title, date, source count and summary of stories n*32 .. n*32+31
//!                          (editions are numbered after the stories; their entry ends with their URL)
//! ```
//!
//! A term is a word of a story's title, summary or topics, folded like `fold` below (search.js
//! folds the query the same way). A shard holds the terms that start with its key: the first two
//! characters of the term, or more where a two-character shard would grow past `SHARD_BYTES`.
//! Postings are story numbers (newest first), delta-encoded, in two lists: stories with the term
//! in their title, and the others.

use crate::normalise::truncate;
use crate::render::urls::Urls;
use crate::site::{Site, permalink};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Characters of a story's summary kept for its result.
const SUMMARY_CHARS: usize = 140;
/// Stories per docs chunk: a page of results loads a few small chunks.
pub const DOCS_PER_CHUNK: usize = 32;
/// A shard larger than this is cut by one more character of its terms' prefix.
const SHARD_BYTES: usize = 48 * 1024;
/// Where the shards go, under `search/`.
const TERMS_DIR: &str = "search/terms/";
const DOCS_DIR: &str = "search/docs/";

/// Lowercases and strips the accents of `text` (NFD, then drops U+0300..U+036F) as search.js does.
pub fn fold(text: &str) -> String {
    use icu_normalizer::DecomposingNormalizerBorrowed;
    let nfd = DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let stripped: String = nfd
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    stripped.to_lowercase()
}

/// Chinese and Japanese characters, each its own term (words there are not separated by spaces).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2fa1f}')
}

/// The terms of `text`: its folded runs of letters and digits; each CJK character on its own.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in fold(text).chars() {
        if c.is_alphanumeric() && !is_cjk(c) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if is_cjk(c) {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The first `n` characters of `term`.
fn prefix(term: &str, n: usize) -> &str {
    term.char_indices().nth(n).map_or(term, |(i, _)| &term[..i])
}

/// The file name of a shard: the key itself when it is plain ASCII letters and digits, else `_`
/// and the hex of its UTF-8 bytes (search.js names it the same way).
pub fn shard_file(key: &str) -> String {
    if key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        format!("{TERMS_DIR}{key}.js")
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{TERMS_DIR}_{hex}.js")
    }
}

/// A term's postings: stories with it in their title, and the others, by story number.
#[derive(Default)]
struct Postings {
    title: Vec<u32>,
    other: Vec<u32>,
}

/// Story numbers, ascending, as the differences between neighbours: `[3,5,9]` -> `[3,2,4]`.
fn deltas(ids: &[u32]) -> Vec<u32> {
    let mut last = 0;
    ids.iter()
        .map(|&id| {
            let d = id - last;
            last = id;
            d
        })
        .collect()
}

/// One shard's terms as JSON: `{term: [title deltas, other deltas], ...}` in the terms' order.
struct Shard<'a>(&'a [(&'a String, &'a Postings)]);

impl serde::Serialize for Shard<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (term, p) in self.0 {
            map.serialize_entry(term, &(deltas(&p.title), deltas(&p.other)))?;
        }
        map.end()
    }
}

/// The JSON of one shard's terms (sorted).
fn shard_json(terms: &[(&String, &Postings)]) -> String {
    // Strings and numbers always serialise.
    serde_json::to_string(&Shard(terms)).unwrap_or_default()
}

/// Terms (sorted) grouped by their first `len` characters, in key order.
type Groups<'a> = BTreeMap<&'a str, Vec<(&'a String, &'a Postings)>>;

fn by_prefix<'a>(terms: Vec<(&'a String, &'a Postings)>, len: usize) -> Groups<'a> {
    let mut groups = Groups::new();
    for (term, postings) in terms {
        groups
            .entry(prefix(term, len))
            .or_default()
            .push((term, postings));
    }
    groups
}

/// Cuts the terms (sorted) into shards by prefix: two characters, and one more wherever a shard
/// would be larger than `SHARD_BYTES`. Returns (key, JSON) pairs in key order.
fn shards(index: &BTreeMap<String, Postings>) -> Vec<(String, String)> {
    fn cut(
        key: &str,
        group: Vec<(&String, &Postings)>,
        len: usize,
        out: &mut Vec<(String, String)>,
    ) {
        let json = shard_json(&group);
        // Terms as short as the key stay in it; longer ones may move to longer keys.
        let longer = group
            .iter()
            .filter(|(t, _)| t.chars().count() > len)
            .count();
        if json.len() <= SHARD_BYTES || longer < 2 {
            out.push((key.to_string(), json));
            return;
        }
        let (short, long): (Vec<_>, Vec<_>) = group
            .into_iter()
            .partition(|(t, _)| t.chars().count() <= len);
        if !short.is_empty() {
            out.push((key.to_string(), shard_json(&short)));
        }
        for (key, group) in by_prefix(long, len + 1) {
            cut(key, group, len + 1, out);
        }
    }
    let groups: Vec<_> = by_prefix(index.iter().collect(), 2).into_iter().collect();
    let mut out: Vec<(String, String)> = groups
        .into_par_iter()
        .flat_map_iter(|(key, group)| {
            let mut out = Vec::new();
            cut(key, group, 2, &mut out);
            out
        })
        .collect();
    out.sort();
    out
}

/// A document's terms: those of its title, and those of its `other` texts not in the title.
fn document_terms<'a>(
    title: &str,
    other: impl IntoIterator<Item = &'a str>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let title: BTreeSet<String> = terms(title).into_iter().collect();
    let other = other
        .into_iter()
        .flat_map(terms)
        .filter(|t| !title.contains(t))
        .collect();
    (title, other)
}

/// The inverted index of the stories' and editions' terms, postings in document order.
fn index(site: &Site) -> BTreeMap<String, Postings> {
    // Each story's terms on the pool (the costly part), then the postings in story order.
    let story_terms: Vec<(BTreeSet<String>, BTreeSet<String>)> = site
        .stories
        .par_iter()
        .map(|story| {
            let topics = story.topics.iter().map(|t| t.name.as_str());
            document_terms(
                &story.title,
                std::iter::once(story.summary.as_str()).chain(topics),
            )
        })
        .collect();
    // Editions are documents too, numbered after the stories.
    let edition_terms = site.editions.iter().map(|entry| {
        let edition = &entry.edition;
        document_terms(&edition.title, [edition.summary.as_str()])
    });
    // Hashed while the postings grow (most terms are seen again and again), sorted once after.
    let mut index: rustc_hash::FxHashMap<String, Postings> = Default::default();
    for (i, (title, other)) in story_terms.into_iter().chain(edition_terms).enumerate() {
        let id = i as u32;
        for term in title {
            index.entry(term).or_default().title.push(id);
        }
        for term in other {
            index.entry(term).or_default().other.push(id);
        }
    }
    index.into_iter().collect()
}

/// Every file of the search index, by output path.
pub fn files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let index = index(site);
    let shards = shards(&index);
    drop(index);
    let keys: Vec<&str> = shards.iter().map(|(k, _)| k.as_str()).collect();
    let mut files = vec![(
        permalink::search_index(),
        script("parallaxSearch=", &manifest(site, urls, &keys)),
    )];
    files.par_extend(shards.par_iter().map(|(key, json)| {
        let call = format!("parallaxSearch.terms({},", json!(key));
        (shard_file(key), script(&call, json))
    }));
    let stories = site.stories.len();
    let documents = stories + site.editions.len();
    let doc = |i: usize| -> serde_json::Value {
        let Some(s) = site.stories.get(i) else {
            // An edition: its URL sixth, and its number of stories for the sources'.
            let e = &site.editions[i - stories];
            return json!([
                e.edition.title,
                "",
                e.edition.day.format("%b %-d, %Y").to_string(),
                e.stories.len(),
                truncate(&e.edition.summary, SUMMARY_CHARS),
                urls.href(&e.path)
            ]);
        };
        json!([
            s.title,
            s.slug,
            date(s.date, site),
            site.coverage[i].total(),
            truncate(&s.summary, SUMMARY_CHARS)
        ])
    };
    files.par_extend(
        (0..documents.div_ceil(DOCS_PER_CHUNK))
            .into_par_iter()
            .map(|n| {
                let end = ((n + 1) * DOCS_PER_CHUNK).min(documents);
                let docs: Vec<serde_json::Value> = (n * DOCS_PER_CHUNK..end).map(doc).collect();
                let call = format!("parallaxSearch.docs({n},");
                (
                    format!("{DOCS_DIR}{n}.js"),
                    script(&call, &json!(docs).to_string()),
                )
            }),
    );
    files
}

/// `Jan 30, 2026` in the site's time zone.
fn date(at: crate::model::Timestamp, site: &Site) -> String {
    at.with_timezone(&site.config.timezone)
        .format("%b %-d, %Y")
        .to_string()
}

/// The manifest: what search.js needs before the first query.
///
/// `{version, stories, chunk, story_url, shards, topics, sources}`: `story_url` has `{slug}` where a
/// story's slug goes; `shards` the keys of the term shards; a topic is `[name, url, stories]` and a
/// source `[name, url, "Lean Left" or ""]` (few enough to search whole).
fn manifest(site: &Site, urls: &Urls, keys: &[&str]) -> String {
    let topics: Vec<_> = site
        .topics
        .iter()
        .map(|t| {
            json!([
                t.topic.name,
                urls.href(&permalink::topic(&t.topic.slug)),
                t.stories.len()
            ])
        })
        .collect();
    let sources: Vec<_> = site
        .sources
        .all()
        .iter()
        .map(|s| {
            json!([
                s.name,
                urls.href(&permalink::source(&s.id)),
                s.bias.map_or("", |b| b.display())
            ])
        })
        .collect();
    json!({
        "version": 2,
        "stories": site.stories.len(),
        "editions": site.editions.len(),
        "chunk": DOCS_PER_CHUNK,
        "story_url": urls.href(&permalink::story("{slug}")),
        "shards": keys,
        "topics": topics,
        "sources": sources,
    })
    .to_string()
}

/// `window.<call><json>);` for the callbacks, `window.parallaxSearch=<json>;` for the manifest.
/// `</` cannot end a script here (the files are .js, but keep them safe to inline anyway).
fn script(call: &str, json: &str) -> Vec<u8> {
    let json = json.replace("</", "<\\/");
    let close = if call.ends_with(',') { ")" } else { "" };
    format!("window.{call}{json}{close};\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_words_and_single_cjk_characters() {
        assert_eq!(
            terms("Zürich's FLOODS, 2026: São-Paulo"),
            ["zurich", "s", "floods", "2026", "sao", "paulo"]
        );
        assert_eq!(terms("東京 floods"), ["東", "京", "floods"]);
        assert_eq!(terms("Ελλάδα"), ["ελλαδα"]);
        assert!(terms(" — ").is_empty());
    }

    #[test]
    fn shard_files_are_named_by_key_or_its_hex() {
        assert_eq!(shard_file("fl"), "search/terms/fl.js");
        assert_eq!(shard_file("é"), "search/terms/_c3a9.js");
        assert_eq!(prefix("ελλαδα", 2), "ελ");
        assert_eq!(prefix("a", 2), "a");
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(deltas(&[3, 5, 9]), [3, 2, 4]);
        assert!(deltas(&[]).is_empty());
    }

    #[test]
    fn a_large_shard_is_cut_by_a_longer_prefix() {
        let mut index = BTreeMap::new();
        let many: Vec<u32> = (0..20_000).map(|i| i * 3).collect();
        for term in ["pa", "paris", "party", "pact"] {
            index.insert(
                term.to_string(),
                Postings {
                    title: many.clone(),
                    other: vec![],
                },
            );
        }
        index.insert("zoo".into(), Postings::default());
        let keys: Vec<String> = shards(&index).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["pa", "pac", "pari", "part", "zo"]);
    }
}
