//! `parallax import-ratings FILE --rater NAME`: a rater's CSV (an AllSides or Media Bias/Fact
//! Check export, a spreadsheet of one's own) is copied to `content/ratings/NAME.csv`, and its
//! `raters:` entry is added to `parallax.yaml` (or printed, when the file's layout does not let
//! it be appended safely, or with `--print`), with the columns and words it could guess and the
//! values still needing a label listed as comments.
//!
//! Stateful like `import-opml`: it writes `content/` and the config, under the site lock, each
//! file replaced atomically and the config checked as a whole before it is written. It never
//! rewrites `sources.yaml`; with `--add-sources` it appends the outlets no source matches.

use super::guess::{self, Columns};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ratings::config::{Column, Field, KeyKind, Rater};
use crate::ratings::matching::{Found, Keys, Matcher, host_and_path};
use crate::ratings::table::{Table, parse_csv};
use crate::ratings::vocab::{Vocabulary, norm_label};
use std::path::PathBuf;

/// What `import-ratings` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportRatings {
    pub root: PathBuf,
    pub file: PathBuf,
    pub rater: String,
    /// `ROLE=COLUMN` (`domain=source`) or a bare column whose role is guessed.
    pub key: Vec<String>,
    /// `FIELD=COLUMN` (`bias=rating`).
    pub columns: Vec<String>,
    /// `FROM=TO` (`left-center=lean-left`, `unknown=~`).
    pub map: Vec<String>,
    /// Append the rows that match no source to `sources.yaml`.
    pub add_sources: bool,
    /// Print the `raters:` entry instead of adding it to `parallax.yaml`.
    pub print: bool,
    pub wait: crate::lock::LockWait,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct RatingsImport {
    /// Where the file was copied.
    pub copied_to: PathBuf,
    pub rows: usize,
    /// Rows that match a source (after `--add-sources`).
    pub matched: usize,
    pub added_sources: usize,
    /// The `raters:` entry.
    pub block: String,
    /// Whether the entry was added to `parallax.yaml` (else it is to be pasted by hand).
    pub config_written: bool,
    /// Why the entry was not written, when it was not.
    pub note: Option<String>,
    /// Values of a field column that still need a label: field, value, rows.
    pub unmapped: Vec<(Field, String, usize)>,
}

/// Runs the import.
pub fn import_ratings(options: &ImportRatings) -> Result<RatingsImport> {
    let root = &options.root;
    let config = crate::load::config(root, &Default::default())?;
    if !crate::normalise::is_slug(&options.rater) {
        return Err(Error::Command(format!(
            "`{}` is not a rater name: use lowercase letters, digits and dashes, e.g. `mbfc`",
            options.rater
        )));
    }
    let _lock = crate::lock::Lock::site(root, "import-ratings", options.wait)?;
    let text = crate::load::read_text(&options.file)?;
    let table = parse_csv(&options.file, &text)?;
    let existing = config
        .ratings
        .raters
        .iter()
        .find(|r| r.name == options.rater);
    let given = given_columns(options, &table)?;
    let columns = match existing {
        Some(rater) if given == Columns::default() => existing_columns(rater),
        _ => guess::columns(&table, &given),
    };
    if columns.key.is_empty() {
        return Err(Error::Command(format!(
            "no column of `{}` looks like a key (a domain, an address or an outlet's name): name one with --key domain=COLUMN or --key name=COLUMN; its columns are: {}",
            crate::error::display_path(&options.file),
            table.columns.join(", ")
        )));
    }
    let mut map = given_map(options)?;
    for (from, to) in guess::known_words(&table, &columns) {
        if !map.iter().any(|(f, _)| norm_label(f) == norm_label(&from)) {
            map.push((from, Some(to)));
        }
    }
    let mut vocabulary = existing.map(|r| r.vocabulary.clone()).unwrap_or_default();
    for (from, to) in &map {
        vocabulary.insert(
            norm_label(from),
            to.clone(),
            crate::error::Location::file("--map"),
        );
    }
    let unmapped = guess::unmapped(&table, &columns, &vocabulary);
    let file_name = existing.and_then(|r| r.file.file_name()).map_or_else(
        || format!("{}.csv", options.rater),
        |f| f.to_string_lossy().into_owned(),
    );
    let copied_to = config
        .paths
        .root
        .join(crate::ratings::config::DIR)
        .join(&file_name);
    std::fs::create_dir_all(copied_to.parent().expect("has a parent"))
        .map_err(|e| Error::write(&copied_to, e))?;
    crate::write::write_atomic(&copied_to, text.as_bytes())?;

    let block = guess::block(&options.rater, &file_name, &columns, &map, &unmapped);
    let mut report = RatingsImport {
        copied_to,
        rows: table.rows.len(),
        block,
        unmapped,
        ..RatingsImport::default()
    };
    if options.add_sources {
        report.added_sources = super::append_sources(
            &config,
            &new_sources(&config, &table, &columns, &vocabulary)?,
            &options.file,
        )?;
    }
    report.matched = matched(&config, &table, &columns, &vocabulary)?;
    match (existing, options.print) {
        (Some(_), _) => {
            report.note = Some(format!(
                "rater `{}` is already declared in parallax.yaml: its entry was left as it is",
                options.rater
            ))
        }
        (None, true) => {}
        (None, false) => match append_rater(&config, &report.block) {
            Ok(()) => report.config_written = true,
            Err(note) => report.note = Some(note),
        },
    }
    Ok(report)
}

/// `--key` and `--column` as columns of the table.
fn given_columns(options: &ImportRatings, table: &Table) -> Result<Columns> {
    let mut out = Columns::default();
    for (flag, list) in [("--key", &options.key), ("--column", &options.columns)] {
        for item in list {
            let (role, column) = match item.split_once('=') {
                Some((r, c)) => (Some(r.trim()), c.trim()),
                None => (None, item.trim()),
            };
            let Some(i) = table.column(column) else {
                return Err(Error::Command(format!(
                    "{flag} {item}: `{column}` is not a column of `{}`; its columns are: {}",
                    crate::error::display_path(&table.path),
                    table.columns.join(", ")
                )));
            };
            let column = table.columns[i].clone();
            let unknown = |choices: &str| {
                Error::Command(format!(
                    "{flag} {item}: unknown role `{}`; use one of {choices}",
                    role.unwrap_or("")
                ))
            };
            if flag == "--key" {
                let kind = match role {
                    Some(r) => KeyKind::ALL
                        .into_iter()
                        .find(|k| k.key() == r)
                        .ok_or_else(|| unknown("id, domain, name"))?,
                    None if table
                        .rows
                        .iter()
                        .any(|r| host_and_path(Table::cell(r, i)).is_some()) =>
                    {
                        KeyKind::Domain
                    }
                    None => KeyKind::Name,
                };
                out.key.push((kind, column));
            } else {
                let field = Field::ALL
                    .into_iter()
                    .find(|f| Some(f.key()) == role)
                    .ok_or_else(|| unknown("bias, factuality, country, ownership, owner"))?;
                out.fields.push((field, column));
            }
        }
    }
    Ok(out)
}

fn existing_columns(rater: &Rater) -> Columns {
    Columns {
        key: rater
            .key
            .iter()
            .map(|(k, c)| (*k, c.name.clone()))
            .collect(),
        fields: rater
            .columns
            .iter()
            .map(|(f, c)| (*f, c.name.clone()))
            .collect(),
    }
}

/// `--map FROM=TO` pairs; `TO` may be `~` (unrated).
fn given_map(options: &ImportRatings) -> Result<Vec<(String, Option<String>)>> {
    options
        .map
        .iter()
        .map(|item| {
            let (from, to) = item.split_once('=').ok_or_else(|| {
                Error::Command(format!(
                    "--map {item}: write FROM=TO, e.g. --map left-center=lean-left"
                ))
            })?;
            let to = to.trim();
            if to != "~" && !crate::ratings::vocab::is_any_label(to) {
                return Err(Error::Command(format!(
                    "--map {item}: `{to}` is no parallax label; labels: {}",
                    crate::ratings::vocab::all_labels()
                )));
            }
            Ok((from.trim().to_string(), (to != "~").then(|| to.to_string())))
        })
        .collect()
}

/// A rater as the build would read it, for matching.
fn rater(table: &Table, columns: &Columns, vocabulary: &Vocabulary) -> Rater {
    let at = crate::error::Location::file(&table.path);
    Rater {
        name: String::new(),
        file: table.path.clone(),
        key: columns
            .key
            .iter()
            .map(|(k, c)| {
                (
                    *k,
                    Column {
                        name: c.clone(),
                        at: at.clone(),
                    },
                )
            })
            .collect(),
        columns: Vec::new(),
        vocabulary: vocabulary.clone(),
        aliases: Default::default(),
    }
}

/// The key cells of each row.
fn keys<'t>(table: &'t Table, row: &'t crate::ratings::table::Row, columns: &Columns) -> Keys<'t> {
    let cell = |kind| {
        columns
            .key
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, c)| table.column(c))
            .map_or("", |i| Table::cell(row, i))
    };
    Keys {
        id: cell(KeyKind::Id),
        domain: cell(KeyKind::Domain),
        name: cell(KeyKind::Name),
    }
}

/// How many rows match a source of the registry as it is now.
fn matched(
    config: &Config,
    table: &Table,
    columns: &Columns,
    vocabulary: &Vocabulary,
) -> Result<usize> {
    let sources = crate::load::sources_of(config)?;
    let matcher = Matcher::new(&sources);
    let rater = rater(table, columns, vocabulary);
    Ok(table
        .rows
        .iter()
        .filter(|row| {
            matches!(
                matcher.find(&rater, &keys(table, row, columns)),
                Found::One(..)
            )
        })
        .count())
}

/// The rows that match no source, as new sources: (name, domain).
fn new_sources(
    config: &Config,
    table: &Table,
    columns: &Columns,
    vocabulary: &Vocabulary,
) -> Result<Vec<(String, Option<String>)>> {
    let sources = crate::load::sources_of(config)?;
    let matcher = Matcher::new(&sources);
    let rater = rater(table, columns, vocabulary);
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for row in &table.rows {
        let keys = keys(table, row, columns);
        if matcher.find(&rater, &keys) != Found::Nothing {
            continue;
        }
        let domain = host_and_path(keys.domain).map(|(h, p)| {
            let host = h.strip_prefix("www.").unwrap_or(&h).to_string();
            if p.len() > 1 {
                format!("{host}{p}")
            } else {
                host
            }
        });
        let name = if keys.name.trim().is_empty() {
            domain.clone().unwrap_or_default()
        } else {
            keys.name.trim().to_string()
        };
        let seen = out
            .iter()
            .any(|(n, d)| (domain.is_some() && *d == domain) || (domain.is_none() && *n == name));
        if !name.is_empty() && !seen {
            out.push((name, domain));
        }
    }
    Ok(out)
}

/// Appends the entry to the `raters:` list of `parallax.yaml` (adding the key when it has none),
/// if the result is a valid config with exactly this rater more; else says why not.
fn append_rater(config: &Config, block: &str) -> std::result::Result<(), String> {
    let path = &config.paths.config;
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read parallax.yaml: {e}"))?;
    let has_raters = text.lines().any(|l| l.starts_with("raters:"));
    let mut combined = text.clone();
    if !combined.ends_with('\n') {
        combined.push('\n');
    }
    if !has_raters {
        combined.push_str(
            "\n# Raters' files under content/ratings/ (README: \"Using real ratings\").\nraters:\n",
        );
    }
    combined.push_str(block);
    let paths = crate::config::Paths::new(&config.paths.root);
    let ok = Config::parse(&combined, paths, &Default::default())
        .is_ok_and(|c| c.ratings.raters.len() == config.ratings.raters.len() + 1);
    if !ok {
        return Err("`raters:` is not the last key of parallax.yaml, so the entry cannot be appended safely: add it by hand".into());
    }
    crate::write::write_atomic(path, combined.as_bytes()).map_err(|e| e.to_string())
}
