//! The story files' front matter as earlier builds parsed it, kept beside the output folder
//! (`.<output>.parallax-parsed`, never published), by the hash of its YAML text.
//!
//! Parsing YAML is the costliest part of reading a story file, and between two builds almost
//! every file is the same: a rebuild after one story changed parses one front matter and reads
//! the other 9,999 from here (postcard, a compact binary form). What a front matter parses to
//! depends on its text alone, so the memo changes nothing a build makes; it is only trusted when
//! the same parallax wrote it (its first line) and an entry's checksum holds. New entries are
//! appended; the file is written anew when stale entries pass half of it.
//!
//! An entry: the text's XXH3-128 (16 bytes), the value's length (4 bytes), its XXH3-64
//! (8 bytes), all little-endian, then the value.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

const HEAD: usize = 16 + 4 + 8;

/// The memo of one output folder, as read at the start of a build.
#[derive(Debug, Default)]
pub struct Memo {
    path: PathBuf,
    header: Vec<u8>,
    bytes: Vec<u8>,
    /// Where each entry's value is in `bytes`.
    index: HashMap<u128, (usize, usize)>,
}

/// The key of a front matter: the hash of its text.
pub fn key(text: &str) -> u128 {
    xxh3_128(text.as_bytes())
}

impl Memo {
    /// The memo kept for `output` by the parallax `generator`; empty when there is none, or
    /// another parallax wrote it.
    pub fn read(output: &Path, generator: &str) -> Memo {
        let path = crate::lock::sibling(output, "parallax-parsed");
        let header = format!("parallax-parsed {generator}\n").into_bytes();
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut memo = Memo {
            path,
            header,
            bytes: Vec::new(),
            index: HashMap::new(),
        };
        if bytes.starts_with(&memo.header) {
            memo.index = entries(&bytes, memo.header.len());
            memo.bytes = bytes;
        }
        memo
    }

    /// The value kept for `key`, if any and whole.
    pub fn get<T: DeserializeOwned>(&self, key: u128) -> Option<T> {
        let &(start, end) = self.index.get(&key)?;
        postcard::from_bytes(&self.bytes[start..end]).ok()
    }

    /// A value as the memo keeps it.
    pub fn encode<T: Serialize>(value: &T) -> Option<Vec<u8>> {
        postcard::to_allocvec(value).ok()
    }

    /// Keeps what this build parsed: `(key, value)` of every front matter it read, the value
    /// [`Memo::encode`]d where it was parsed, `None` where it came from the memo. Appends the
    /// new entries, or writes the file anew when more than half of it would be entries no story
    /// file has any more. A memo that cannot be written is no error: the next build parses again.
    pub fn save(self, parsed: &[(u128, Option<Vec<u8>>)]) {
        let new: Vec<(u128, &[u8])> = parsed
            .iter()
            .filter(|(key, _)| !self.index.contains_key(key))
            .filter_map(|(key, value)| Some((*key, value.as_deref()?)))
            .collect();
        let mut used = std::collections::HashSet::new();
        let live: usize = parsed
            .iter()
            .filter(|(key, _)| used.insert(*key))
            .filter_map(|(key, _)| self.index.get(key))
            .map(|(start, end)| HEAD + end - start)
            .sum();
        let kept = self.bytes.len().saturating_sub(self.header.len());
        let compact = live * 2 < kept;
        if new.is_empty() && !compact {
            return;
        }
        let mut out = Vec::new();
        let mut written = std::collections::HashSet::new();
        for &(key, value) in &new {
            if written.insert(key) {
                push_entry(&mut out, key, value);
            }
        }
        if !self.bytes.is_empty() && !compact {
            let _ = append(&self.path, &out);
            return;
        }
        let mut whole = self.header.clone();
        let mut kept_keys = std::collections::HashSet::new();
        for (key, _) in parsed {
            if let Some(&(start, end)) = self.index.get(key)
                && kept_keys.insert(*key)
            {
                push_entry(&mut whole, *key, &self.bytes[start..end]);
            }
        }
        whole.extend_from_slice(&out);
        let _ = crate::write::write_atomic(&self.path, &whole);
    }
}

fn push_entry(out: &mut Vec<u8>, key: u128, value: &[u8]) {
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    out.extend_from_slice(&xxh3_64(value).to_le_bytes());
    out.extend_from_slice(value);
}

fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_data()
}

/// The whole entries of `bytes` after the header; reading stops at the first one cut short or
/// whose checksum fails (a build killed while appending).
fn entries(bytes: &[u8], mut at: usize) -> HashMap<u128, (usize, usize)> {
    let mut index = HashMap::new();
    while let Some(head) = bytes.get(at..at + HEAD) {
        let key = u128::from_le_bytes(head[..16].try_into().unwrap_or_default());
        let len = u32::from_le_bytes(head[16..20].try_into().unwrap_or_default()) as usize;
        let sum = u64::from_le_bytes(head[20..28].try_into().unwrap_or_default());
        let (start, end) = (at + HEAD, at + HEAD + len);
        match bytes.get(start..end) {
            Some(value) if xxh3_64(value) == sum => index.insert(key, (start, end)),
            _ => break,
        };
        at = end;
    }
    index
}

#[cfg(test)]
mod tests;
