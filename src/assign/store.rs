//! The story assignment on disk: `content/clusters/<yyyy>/<mm>.jsonl`, one line per automatic story,
//! filed by the month it was created in and sorted by creation time then id, so the daily commit of
//! a scheduled job touches the few recent files whose stories grew. A line is small JSON:
//!
//! ```json
//! {"id":"3f2a…","slug":"port-strike-spreads","created":"2026-01-30T05:17:00Z","members":["0a1b…","9c8d…"]}
//! {"id":"77e0…","slug":"dockers-walk-out","created":"2026-01-30T05:17:00Z","merged_into":"3f2a…"}
//! ```
//!
//! Reading is strict: a line that does not parse, a repeated id or slug, or a slug that is not
//! URL-safe is an error that names the file and line, because a silently dropped line would break
//! a published URL.

use super::StoredStory;
use crate::error::{Diagnostic, Error, Location, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The assignment folder, relative to the site root.
pub const DIR: &str = "content/clusters";

/// Reads every stored story under `dir` (none when it does not exist), in file order.
pub fn load(dir: &Path) -> Result<Vec<StoredStory>> {
    let mut stories = Vec::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Ok(stories);
    }
    let mut seen_ids: HashMap<String, Location> = HashMap::new();
    let mut seen_slugs: HashMap<String, Location> = HashMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::walk(dir, e))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let text = crate::load::read_text(path)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = Location::at(path, n + 1, 1);
            match parse_line(line, &at) {
                Ok(story) => {
                    let dup = |seen: &mut HashMap<String, Location>, key: &str, what: &str| {
                        seen.insert(key.to_string(), at.clone()).map(|first| {
                            Error::input(
                                Diagnostic::new(at.clone(), format!("{what} `{key}` is also at {first}"))
                                    .field(what)
                                    .help("each story is stored once: remove one of the two lines (or run `parallax cluster`)"),
                            )
                        })
                    };
                    errors.extend(dup(&mut seen_ids, &story.id, "id"));
                    errors.extend(dup(&mut seen_slugs, &story.slug, "slug"));
                    stories.push(story);
                }
                Err(e) => errors.push(e),
            }
        }
    }
    match Error::merge(errors) {
        Some(e) => Err(e),
        None => Ok(stories),
    }
}

fn parse_line(line: &str, at: &Location) -> Result<StoredStory> {
    let story: StoredStory = serde_json::from_str(line).map_err(|e| {
        Error::input(
            Diagnostic::new(at.clone(), format!("not a stored story: {e}")).help(
                "each line is one JSON object with id, slug, created and members (or merged_into); \
                 restore the line from git",
            ),
        )
    })?;
    // A slug stored before device names were kept out of slugs stays valid: it is a permalink.
    let slug = &story.slug;
    let old_device_name = crate::normalise::is_reserved_name(slug)
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !crate::normalise::is_slug(slug) && !old_device_name {
        return Err(Error::input(
            Diagnostic::new(at.clone(), format!("`{}` is not a URL-safe slug", story.slug))
                .field("slug")
                .help("a slug is lowercase letters, digits and single `-`; it is the story's permanent URL, so restore it from git"),
        ));
    }
    Ok(story)
}

/// The file a story is filed in, relative to the assignment folder: its creation month.
pub fn month_file(story: &StoredStory) -> String {
    story.created.format("%Y/%m.jsonl").to_string()
}

/// The files of an assignment, each with its text: stories grouped by creation month, sorted by
/// creation time then id, one JSON line each.
pub fn files(stories: &[StoredStory]) -> BTreeMap<String, String> {
    let mut by_file: BTreeMap<String, Vec<&StoredStory>> = BTreeMap::new();
    for story in stories {
        by_file.entry(month_file(story)).or_default().push(story);
    }
    by_file
        .into_iter()
        .map(|(file, mut list)| {
            list.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
            let mut text = String::new();
            for story in list {
                text.push_str(&serde_json::to_string(story).expect("stories serialise"));
                text.push('\n');
            }
            (file, text)
        })
        .collect()
}

/// Writes the assignment under `dir`: only files whose text changed are rewritten (atomically).
/// Stories are never removed, so no file is. Returns how many files were written.
pub fn save(stories: &[StoredStory], dir: &Path) -> Result<usize> {
    let mut written = 0;
    for (file, text) in files(stories) {
        let path = dir.join(file);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            continue;
        }
        crate::write::write_atomic(&path, text.as_bytes())?;
        written += 1;
    }
    Ok(written)
}
