//! What `import-ratings` guesses from a rater's CSV: which columns hold the key and each field
//! (by common headers, and for the domain by what the cells look like), which of the rater's
//! words map to which labels, and the `raters:` block for `parallax.yaml`. Pure.

use crate::ratings::config::{Field, KeyKind};
use crate::ratings::matching::{host_and_path, registrable_domain};
use crate::ratings::table::Table;
use crate::ratings::vocab::{self, Unread, Vocabulary, norm_label};
use std::collections::BTreeMap;

/// Headers of each key, best first (compared lower case, punctuation as `_`).
const KEY_HEADERS: &[(KeyKind, &[&str])] = &[
    (KeyKind::Id, &["id", "source_id", "parallax_id"]),
    (
        KeyKind::Domain,
        &[
            "domain",
            "url",
            "website",
            "site",
            "homepage",
            "source_url",
            "link",
            "source",
        ],
    ),
    (
        KeyKind::Name,
        &[
            "name",
            "news_source",
            "outlet",
            "source_name",
            "publication",
            "source",
            "media",
            "title",
        ],
    ),
];

/// Headers of each field, best first; a header containing the first word also counts.
const FIELD_HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Bias,
        &[
            "bias",
            "rating",
            "bias_rating",
            "lean",
            "political_bias",
            "allsides_rating",
        ],
    ),
    (
        Field::Factuality,
        &["factuality", "factual_reporting", "factual", "reporting"],
    ),
    (Field::Country, &["country", "country_code"]),
    (
        Field::Ownership,
        &["ownership", "ownership_type", "owner_type"],
    ),
    (
        Field::Owner,
        &["owner", "owned_by", "parent_company", "parent"],
    ),
];

/// Common words of raters that are not parallax labels, and the label each means.
pub const KNOWN_WORDS: &[(&str, &str)] = &[
    ("left center", "lean-left"),
    ("left-center", "lean-left"),
    ("center left", "lean-left"),
    ("centre left", "lean-left"),
    ("right center", "lean-right"),
    ("right-center", "lean-right"),
    ("center right", "lean-right"),
    ("centre right", "lean-right"),
    ("least biased", "center"),
    ("centre", "center"),
    ("extreme left", "far-left"),
    ("extreme right", "far-right"),
];

/// Guessed or given columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    pub key: Vec<(KeyKind, String)>,
    pub fields: Vec<(Field, String)>,
}

fn norm_header(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Columns guessed from the headers, skipping the ones already `given`.
pub fn columns(table: &Table, given: &Columns) -> Columns {
    let mut out = given.clone();
    let mut used: Vec<String> = out
        .key
        .iter()
        .map(|(_, c)| c.clone())
        .chain(out.fields.iter().map(|(_, c)| c.clone()))
        .collect();
    for &(kind, headers) in KEY_HEADERS {
        if out.key.iter().any(|(k, _)| *k == kind) || (kind == KeyKind::Id && !out.key.is_empty()) {
            continue;
        }
        let fits = |i: usize| match kind {
            KeyKind::Domain => holds_domains(table, i),
            KeyKind::Name => !holds_domains(table, i) && !one_host(table, i),
            KeyKind::Id => true,
        };
        if let Some(column) = pick(table, headers, false, &used, fits).or_else(|| {
            (kind == KeyKind::Domain)
                .then(|| pick_any(table, &used, |i| holds_domains(table, i)))
                .flatten()
        }) {
            used.push(column.clone());
            out.key.push((kind, column));
        }
    }
    for &(field, headers) in FIELD_HEADERS {
        if out.fields.iter().any(|(f, _)| *f == field) {
            continue;
        }
        if let Some(column) = pick(table, headers, true, &used, |_| true) {
            used.push(column.clone());
            out.fields.push((field, column));
        }
    }
    out.key.sort();
    out.fields.sort();
    out
}

/// The first header of `headers` that fits: exactly, then (with `contained`) the first word
/// contained in a column's header (`Factual Reporting Rating`).
fn pick(
    table: &Table,
    headers: &[&str],
    contained: bool,
    used: &[String],
    fits: impl Fn(usize) -> bool,
) -> Option<String> {
    let free = |i: usize| !used.contains(&table.columns[i]) && fits(i);
    for wanted in headers {
        if let Some(i) =
            (0..table.columns.len()).find(|&i| norm_header(&table.columns[i]) == *wanted && free(i))
        {
            return Some(table.columns[i].clone());
        }
    }
    let first = headers.first().filter(|_| contained)?;
    (0..table.columns.len())
        .find(|&i| norm_header(&table.columns[i]).contains(first) && free(i))
        .map(|i| table.columns[i].clone())
}

fn pick_any(table: &Table, used: &[String], fits: impl Fn(usize) -> bool) -> Option<String> {
    (0..table.columns.len())
        .find(|&i| !used.contains(&table.columns[i]) && fits(i))
        .map(|i| table.columns[i].clone())
}

fn cells(table: &Table, i: usize) -> impl Iterator<Item = &str> {
    table
        .rows
        .iter()
        .map(move |r| Table::cell(r, i))
        .filter(|c| !vocab::is_blank(c))
}

/// Whether most of a column's cells are host names or addresses of several sites (a column of
/// the rater's own pages, all on one site, is not a key).
fn holds_domains(table: &Table, i: usize) -> bool {
    let total = cells(table, i).count();
    let hosts = cells(table, i).filter_map(host_and_path).count();
    total * 2 >= table.rows.len() && total > 0 && hosts * 10 >= total * 8 && !one_host(table, i)
}

/// Whether every address in a column is on one site (`allsides.com/news-source/...`).
fn one_host(table: &Table, i: usize) -> bool {
    let mut sites = cells(table, i)
        .filter_map(host_and_path)
        .map(|(h, _)| registrable_domain(&h));
    let Some(first) = sites.next() else {
        return false;
    };
    let mut count = 1;
    for site in sites {
        if site != first {
            return false;
        }
        count += 1;
    }
    count > 1
}

/// The distinct values of each field column that no label, map entry or known word covers,
/// with how many rows hold each, in column then value order.
pub fn unmapped(
    table: &Table,
    columns: &Columns,
    vocabulary: &Vocabulary,
) -> Vec<(Field, String, usize)> {
    let mut found: BTreeMap<(Field, String), usize> = BTreeMap::new();
    for (field, column) in &columns.fields {
        let Some(i) = table.column(column) else {
            continue;
        };
        for cell in cells(table, i) {
            if let Err(Unread::Unmapped) = vocab::read(*field, cell, vocabulary) {
                *found.entry((*field, cell.trim().to_string())).or_default() += 1;
            }
        }
    }
    found.into_iter().map(|((f, v), n)| (f, v, n)).collect()
}

/// Known words found in the field columns that are not labels already: (value as written, label).
pub fn known_words(table: &Table, columns: &Columns) -> Vec<(String, String)> {
    let mut out: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (_, column) in columns.fields.iter().filter(|(f, _)| *f != Field::Owner) {
        let Some(i) = table.column(column) else {
            continue;
        };
        for cell in cells(table, i) {
            let key = norm_label(cell);
            if let Some((_, label)) = KNOWN_WORDS.iter().find(|(w, _)| norm_label(w) == key) {
                out.entry(key)
                    .or_insert_with(|| (cell.trim().to_string(), label.to_string()));
            }
        }
    }
    out.into_values().collect()
}

/// The `raters:` entry for `parallax.yaml`, indented as an item of the list; values still
/// needing a label are written as comments.
pub fn block(
    name: &str,
    file: &str,
    columns: &Columns,
    map: &[(String, Option<String>)],
    unmapped: &[(Field, String, usize)],
) -> String {
    let pairs = |list: Vec<(&str, &str)>| {
        list.iter()
            .map(|(k, v)| format!("{k}: {}", quote(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("  - name: {name}\n    file: {}\n", quote(file));
    out.push_str(&format!(
        "    key: {{{}}}\n",
        pairs(
            columns
                .key
                .iter()
                .map(|(k, c)| (k.key(), c.as_str()))
                .collect()
        )
    ));
    if !columns.fields.is_empty() {
        out.push_str(&format!(
            "    columns: {{{}}}\n",
            pairs(
                columns
                    .fields
                    .iter()
                    .map(|(f, c)| (f.key(), c.as_str()))
                    .collect()
            )
        ));
    }
    if map.is_empty() && unmapped.is_empty() {
        return out;
    }
    out.push_str("    map:\n");
    for (from, to) in map {
        out.push_str(&format!(
            "      {}: {}\n",
            quote(from),
            to.as_deref().map_or("~".to_string(), quote)
        ));
    }
    for (field, value, count) in unmapped {
        out.push_str(&format!(
            "      # {}: ~   # {} of {}: give a {} label, or ~ to leave unrated\n",
            quote(value),
            rows(*count),
            field.key(),
            field.key()
        ));
    }
    out
}

/// `1 row`, `3 rows`.
pub fn rows(count: usize) -> String {
    if count == 1 {
        "1 row".into()
    } else {
        format!("{count} rows")
    }
}

/// A YAML scalar, quoted when plain style could misread it.
fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_./".contains(c))
        && !text.starts_with(['-', ' ', '.'])
        && !text.ends_with(' ')
        && ![
            "yes", "no", "true", "false", "null", "on", "off", "y", "n", "~",
        ]
        .contains(&text.to_ascii_lowercase().as_str())
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}
