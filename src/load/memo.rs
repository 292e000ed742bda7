//! The story files' front matter as earlier builds parsed it, kept beside the output folder
//! (`.<output>.parallax-parsed`, never published), by the hash of its YAML text.
//!
//! Parsing YAML is the costliest part of reading a story file, and between two builds almost
//! every file is the same: a rebuild after one story changed parses one front matter and reads
//! the other 9,999 from here (postcard, a compact binary form). What a front matter parses to
//! depends on its text alone, so the memo changes nothing a build makes. The wire copies found
//! among a story's articles are kept the same way, keyed by the hash of all they are found from
//! (`cluster::wire_copies_key`: the articles and the threshold). The memo is only trusted when
//! the same parallax wrote it (its first line) and an entry's checksum holds. New entries are
//! written as the files are read (appended, or into a new memo renamed into place at the end);
//! the file is written anew when stale entries pass half of it.
//!
//! An entry: the text's XXH3-128 (16 bytes), the value's length (4 bytes), its XXH3-64
//! (8 bytes), all little-endian, then the value.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
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
        // A new memo a killed build left half written (up to ~250 MB at 100k stories), and the
        // other files' temporaries beside the output.
        crate::write::remove_left_temporaries(output);
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

    /// The writer that keeps what this build parses, entry by entry as the files are read, so
    /// that a build of 100,000 stories never holds all their encoded front matter at once.
    pub fn writer(&self) -> Writer<'_> {
        Writer {
            memo: self,
            out: None,
            seen: HashSet::new(),
            live: 0,
            _temporary: None,
        }
    }
}

/// Keeps this build's front matter: appends the new entries to a memo that holds, or writes a
/// new memo (through a temporary file renamed at the end) when there was none to trust. A memo
/// that cannot be written is no error: the next build parses again.
#[derive(Debug)]
pub struct Writer<'m> {
    memo: &'m Memo,
    out: Option<(std::io::BufWriter<std::fs::File>, PathBuf)>,
    /// Keys of this build's front matter, each written or counted once.
    seen: HashSet<u128>,
    /// Bytes of the old memo's entries this build used.
    live: usize,
    _temporary: Option<crate::stop::Temporary>,
}

impl Drop for Writer<'_> {
    /// A new memo not finished (the build stopped at an error) is not left behind.
    fn drop(&mut self) {
        if let Some((_, written)) = self.out.take()
            && written != self.memo.path
        {
            let _ = std::fs::remove_file(written);
        }
    }
}

impl Writer<'_> {
    /// One front matter of this build: its key, and its value [`Memo::encode`]d when it was
    /// parsed (`None` when it came from the memo).
    pub fn add(&mut self, key: u128, value: Option<&[u8]>) {
        if !self.seen.insert(key) {
            return;
        }
        if let Some(&(start, end)) = self.memo.index.get(&key) {
            self.live += HEAD + end - start;
            return;
        }
        if let (Some(value), Some(out)) = (value, self.output()) {
            let mut entry = Vec::with_capacity(HEAD + value.len());
            push_entry(&mut entry, key, value);
            if out.write_all(&entry).is_err() {
                self.out = None;
            }
        }
    }

    /// Where new entries go, opened on the first: the memo itself (appended to) when it was
    /// trusted, else a temporary file that starts with the header.
    fn output(&mut self) -> Option<&mut std::io::BufWriter<std::fs::File>> {
        if self.out.is_none() {
            let opened = match self.memo.bytes.is_empty() {
                false => open_append(&self.memo.path).map(|f| (f, self.memo.path.clone())),
                true => {
                    let temp = crate::write::temporary_path(&self.memo.path, std::process::id());
                    self._temporary = Some(crate::stop::Temporary::new(&temp));
                    let mut file = std::fs::File::create(&temp).ok();
                    if let Some(f) = &mut file
                        && f.write_all(&self.memo.header).is_err()
                    {
                        file = None;
                    }
                    file.map(|f| (f, temp))
                }
            };
            self.out = opened.map(|(f, path)| (std::io::BufWriter::new(f), path));
        }
        self.out.as_mut().map(|(w, _)| w)
    }

    /// Finishes the memo: a new one is renamed into place; one that is now mostly entries no
    /// story file has any more is written anew with only the used ones.
    pub fn finish(mut self) {
        let path = self.memo.path.clone();
        if let Some((out, written)) = self.out.take() {
            let done = out
                .into_inner()
                .ok()
                .is_some_and(|file| file.sync_data().is_ok());
            if written != path {
                let moved = done && std::fs::rename(&written, &path).is_ok();
                if !moved {
                    let _ = std::fs::remove_file(&written);
                }
                return;
            }
        }
        let kept = self.memo.bytes.len().saturating_sub(self.memo.header.len());
        if self.live * 2 < kept {
            self.compact();
        }
    }

    /// Writes the memo anew with the entries of this build alone (read back from the file,
    /// where the new ones were appended).
    fn compact(&self) {
        let bytes = std::fs::read(&self.memo.path).unwrap_or_default();
        if !bytes.starts_with(&self.memo.header) {
            return;
        }
        let mut whole = self.memo.header.clone();
        let mut entries: Vec<(u128, (usize, usize))> = entries(&bytes, whole.len())
            .into_iter()
            .filter(|(key, _)| self.seen.contains(key))
            .collect();
        entries.sort_unstable_by_key(|(_, (start, _))| *start);
        for (key, (start, end)) in entries {
            push_entry(&mut whole, key, &bytes[start..end]);
        }
        let _ = crate::write::write_atomic(&self.memo.path, &whole);
    }
}

fn open_append(path: &Path) -> Option<std::fs::File> {
    std::fs::OpenOptions::new().append(true).open(path).ok()
}

fn push_entry(out: &mut Vec<u8>, key: u128, value: &[u8]) {
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    out.extend_from_slice(&xxh3_64(value).to_le_bytes());
    out.extend_from_slice(value);
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
