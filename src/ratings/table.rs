//! A rater's file as a table: named columns, and rows with the line each starts on. A CSV file
//! has a header row; a YAML file is a list of maps (`- {domain: x.example, bias: left}`), whose
//! keys are the columns.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::yaml::YamlDoc;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// A file's rows, each cell under its column (a missing cell is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub path: PathBuf,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row, its cells in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The 1-based line the row starts on.
    pub line: usize,
    pub cells: Vec<String>,
}

impl Table {
    /// Reads a CSV or YAML file's text by its extension.
    pub fn parse(path: &Path, text: &str) -> Result<Table> {
        let yaml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        if yaml {
            parse_yaml(path, text)
        } else {
            parse_csv(path, text)
        }
    }

    /// The index of a column: its exact name, else the one name equal to it ignoring case and spaces.
    pub fn column(&self, name: &str) -> Option<usize> {
        let loose = |s: &str| s.trim().to_lowercase();
        self.columns
            .iter()
            .position(|c| c == name)
            .or_else(|| self.columns.iter().position(|c| loose(c) == loose(name)))
    }

    /// The cell of `row` in column `index` (empty when the row is short).
    pub fn cell(row: &Row, index: usize) -> &str {
        row.cells.get(index).map_or("", |c| c.as_str())
    }
}

/// A CSV file with a header row; rows may be shorter or longer than the header.
pub fn parse_csv(path: &Path, text: &str) -> Result<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line() as usize);
        Error::input(
            Diagnostic::new(Location::at(path, line, 1), format!("not valid CSV: {e}"))
                .help("save the sheet as CSV (comma-separated, UTF-8) again"),
        )
    };
    let columns: Vec<String> = reader
        .headers()
        .map_err(error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(error)?;
        let line = lines.line_at(text, record.position().map_or(0, |p| p.byte() as usize));
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            line,
            cells: record.iter().map(|c| c.trim().to_string()).collect(),
        });
    }
    Ok(Table {
        path: path.to_path_buf(),
        columns,
        rows,
    })
}

/// Lines of a text by byte offset, counted forward (records come in order).
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    /// The 1-based line of the first character at or after `byte` that is not a line break (the
    /// CSV reader places a record after blank lines at the first of them).
    fn line_at(&mut self, text: &str, byte: usize) -> usize {
        let bytes = text.as_bytes();
        let mut start = byte.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        if start < self.byte {
            self.byte = 0;
            self.line = 0;
        }
        self.line += bytes[self.byte..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.byte = start;
        self.line + 1
    }
}

/// A YAML list of maps; a key is a column wherever it first appears.
pub fn parse_yaml(path: &Path, text: &str) -> Result<Table> {
    let (items, doc) = YamlDoc::parse::<Vec<serde_yaml::Mapping>>(path, text, 0)?;
    let mut table = Table {
        path: path.to_path_buf(),
        ..Table::default()
    };
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut cells = vec![String::new(); table.columns.len()];
        for (key, value) in item {
            let (Some(key), Some(value)) = (scalar(key), cell(value)) else {
                problems.push(
                    doc.error(
                        &format!("[{i}]"),
                        "a row's keys and values must be single values",
                    )
                    .help("write each row as `- {domain: example.com, bias: left}`"),
                );
                continue;
            };
            let index = match table.columns.iter().position(|c| *c == key) {
                Some(index) => index,
                None => {
                    table.columns.push(key);
                    cells.push(String::new());
                    table.columns.len() - 1
                }
            };
            cells[index] = value;
        }
        let line = doc.locate(&format!("[{i}]")).line.unwrap_or(1);
        table.rows.push(Row { line, cells });
    }
    match problems.is_empty() {
        true => Ok(table),
        false => Err(Error::Input(problems)),
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A cell: a scalar, or nothing for `~`.
fn cell(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        v => scalar(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_lines_and_quoted_cells() {
        let text = "\u{feff}name,bias,url\nA,left,a.example\n\n\"B, Inc\",\"right\ncenter\",\nC,lean-left\n";
        let t = parse_csv(Path::new("r.csv"), text).unwrap();
        assert_eq!(t.columns, ["name", "bias", "url"]);
        let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(t.rows[1].cells[0], "B, Inc");
        assert_eq!(Table::cell(&t.rows[2], 2), "", "a short row");
        assert_eq!(t.column("BIAS"), Some(1));
    }

    #[test]
    fn yaml_rows_are_maps_with_lines() {
        let text = "# a rater\n- {domain: a.example, bias: left}\n- domain: b.example\n  rating: 3\n  bias: ~\n";
        let t = parse_yaml(Path::new("r.yaml"), text).unwrap();
        assert_eq!(t.columns, ["domain", "bias", "rating"]);
        assert_eq!(t.rows[1].line, 3);
        assert_eq!(t.rows[1].cells, ["b.example", "", "3"]);
        let err = parse_yaml(Path::new("r.yaml"), "- {a: [1, 2]}\n").unwrap_err();
        assert!(err.to_string().starts_with("r.yaml:1:"), "{err}");
    }
}
