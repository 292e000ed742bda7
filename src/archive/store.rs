//! Reading and writing the archive's files. Every write goes through `write::write_atomic` (a
//! synced temporary file renamed over the old one): a run killed at any moment leaves each day
//! file either as it was or as it is meant to be, never half-written.

use super::{Archive, Record};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A line that could not be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

/// Reads every `*.jsonl` under `dir` (none if it does not exist). Lines that do not parse are
/// reported and kept aside, to be written back untouched.
pub fn load(dir: &Path) -> Result<(Archive, Vec<BadLine>)> {
    let mut records = Vec::new();
    let mut unreadable: HashMap<String, Vec<String>> = HashMap::new();
    let mut bad = Vec::new();
    if !dir.is_dir() {
        return Ok((Archive::default(), bad));
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::walk(dir, e))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let day = relative(dir, path);
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(record) => records.push(record),
                Err(e) => {
                    bad.push(BadLine {
                        file: path.to_path_buf(),
                        line: n + 1,
                        message: e.to_string(),
                    });
                    unreadable
                        .entry(day.clone())
                        .or_default()
                        .push(line.to_string());
                }
            }
        }
    }
    Ok((Archive::from_records(records, unreadable), bad))
}

/// Writes the day files that merges changed, each in canonical form (sorted records, then any
/// unreadable lines). Returns how many files were written.
pub fn save(archive: &Archive, dir: &Path) -> Result<usize> {
    let days = archive.dirty_days();
    for (day, records, unreadable) in &days {
        let mut text = String::new();
        for record in records {
            text.push_str(&serde_json::to_string(record).expect("records serialise"));
            text.push('\n');
        }
        for line in *unreadable {
            text.push_str(line);
            text.push('\n');
        }
        crate::write::write_atomic(&dir.join(day), text.as_bytes())?;
    }
    Ok(days.len())
}

/// Removes temporary files a killed run left behind (`.<name>.tmp-<pid>`), so they are never
/// committed with the archive. Only `fetch` calls it, under the site lock: a build never changes
/// the archive. A temporary file of a process that still runs is kept (it may be writing it),
/// unless it is over an hour old (see `lock::left_behind`).
pub fn remove_stale_temps(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && crate::write::left_temporary(&name, entry.path()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Total size of the archive's files in bytes.
pub fn size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "jsonl"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn only_temporary_files_of_processes_that_are_gone_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let day = tmp.path().join("2026/01");
        std::fs::create_dir_all(&day).unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let mut running = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let killed = day.join(format!(".02.jsonl.tmp-{dead}"));
        let writing = day.join(format!(".02.jsonl.tmp-{}", running.id()));
        let records = day.join("02.jsonl");
        for file in [&killed, &writing, &records] {
            std::fs::write(file, "{}\n").unwrap();
        }
        super::remove_stale_temps(tmp.path());
        assert!(!killed.exists(), "a killed run's temporary file goes");
        assert!(writing.exists(), "a running process's temporary file stays");
        assert!(records.exists(), "day files stay");
        running.kill().unwrap();
        running.wait().unwrap();
    }
}
