//! One rater's table read row by row: the key and field columns found, each row matched to a
//! source, each cell read through the rater's vocabulary. Problems are collected per file:
//! a configured column the file lacks, a value without a label (once per value, with the first
//! line and the number of rows), a row that matches two sources.

use super::config::{Field, KeyKind, Rater};
use super::matching::{Found, Keys, Matcher};
use super::table::{Row, Table};
use super::vocab::{self, Unread, Value};
use super::{Owners, RaterReport, RowRating};
use crate::error::{Diagnostic, Location, Result};
use crate::model::{OwnershipKind, Sources};
use std::collections::{BTreeMap, HashMap};

/// What a rater's file gave: the rating of each source it has a row for, and the report.
pub struct Read {
    pub ratings: Vec<(usize, RowRating)>,
    pub report: RaterReport,
}

/// Reads every row of `table`, the file of `rater`.
pub fn rater(
    rater: &Rater,
    table: &Table,
    matcher: &Matcher,
    sources: &Sources,
    problems: &mut Vec<Diagnostic>,
) -> Read {
    let mut report = RaterReport {
        name: rater.name.clone(),
        file: table.path.clone(),
        rows: table.rows.len(),
        ..RaterReport::default()
    };
    let mut ratings = Vec::new();
    let (Some(keys), Some(fields)) = (
        indices(rater, table, &rater.key, KeyKind::key, problems),
        indices(rater, table, &rater.columns, Field::key, problems),
    ) else {
        return Read { ratings, report };
    };
    check_aliases(rater, sources, problems);
    let mut unread: BTreeMap<(Field, String), (usize, usize)> = BTreeMap::new();
    let mut first_row: HashMap<usize, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |kind| {
            keys.iter()
                .find(|(k, _)| *k == kind)
                .map_or("", |&(_, i)| Table::cell(row, i))
        };
        let row_keys = Keys {
            id: cell(KeyKind::Id),
            domain: cell(KeyKind::Domain),
            name: cell(KeyKind::Name),
        };
        let rating = read_row(rater, row, &fields, &mut unread);
        match matcher.find(rater, &row_keys) {
            Found::One(i, rule) => match first_row.get(&i) {
                Some(&first) => {
                    let id = sources.all()[i].id.clone();
                    report.duplicates.push((row.line, id, first));
                }
                None => {
                    first_row.insert(i, row.line);
                    *report.matched.entry(rule).or_default() += 1;
                    ratings.push((i, rating));
                }
            },
            Found::Several(list, rule) => problems.push(several(table, row, &list, rule, sources)),
            Found::Nothing => report.unmatched.push(super::Unmatched {
                line: row.line,
                keys: describe(&row_keys),
                name: row_keys.name.trim().to_string(),
            }),
        }
    }
    for ((field, value), (line, count)) in unread {
        problems.push(unmapped(rater, table, field, &value, line, count));
    }
    Read { ratings, report }
}

/// The column index of every role, or `None` after reporting the columns the file lacks.
fn indices<T: Copy>(
    rater: &Rater,
    table: &Table,
    columns: &[(T, super::config::Column)],
    key: fn(T) -> &'static str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<(T, usize)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (role, column) in columns {
        match table.column(&column.name) {
            Some(i) => out.push((*role, i)),
            None => {
                ok = false;
                problems.push(
                    Diagnostic::new(
                        column.at.clone(),
                        format!(
                            "rater `{}`: `{}` ({}) is not a column of `{}`",
                            rater.name,
                            column.name,
                            key(*role),
                            crate::error::display_path(&table.path)
                        ),
                    )
                    .help(format!("its columns are: {}", table.columns.join(", "))),
                );
            }
        }
    }
    ok.then_some(out)
}

/// Every alias must name a source of the registry.
fn check_aliases(rater: &Rater, sources: &Sources, problems: &mut Vec<Diagnostic>) {
    let mut aliases: Vec<_> = rater.aliases.values().collect();
    aliases.sort_by_key(|(_, at)| at.line);
    for (id, at) in aliases {
        if sources.get(id).is_none() {
            let help = match crate::load::sources::suggest_id(sources, id) {
                Some(near) => format!(
                    "did you mean `{near}`? Aliases map a rater's outlet name to a source id"
                ),
                None => "aliases map a rater's outlet name to a source id of content/sources.yaml"
                    .into(),
            };
            problems.push(
                Diagnostic::new(
                    at.clone(),
                    format!("rater `{}`: unknown source id `{id}`", rater.name),
                )
                .help(help),
            );
        }
    }
}

/// The fields of one row; cells without a label are counted in `unread`.
fn read_row(
    rater: &Rater,
    row: &Row,
    fields: &[(Field, usize)],
    unread: &mut BTreeMap<(Field, String), (usize, usize)>,
) -> RowRating {
    let mut rating = RowRating::default();
    for &(field, index) in fields {
        let cell = Table::cell(row, index);
        match vocab::read(field, cell, &rater.vocabulary) {
            Ok(Some(Value::Bias(b))) => rating.bias = Some(b),
            Ok(Some(Value::Factuality(f))) => rating.factuality = Some(f),
            Ok(Some(Value::Country(c))) => rating.country = Some(c),
            Ok(Some(Value::Ownership(o))) => rating.ownership = Some(o),
            Ok(Some(Value::Owner(o))) => rating.owner = Some(o),
            Ok(None) => {}
            Err(_) => {
                let entry = unread
                    .entry((field, cell.trim().to_string()))
                    .or_insert((row.line, 0));
                entry.1 += 1;
            }
        }
    }
    rating
}

/// A value of `field` the rater's vocabulary does not turn into a label.
fn unmapped(
    rater: &Rater,
    table: &Table,
    field: Field,
    value: &str,
    line: usize,
    count: usize,
) -> Diagnostic {
    let location = Location {
        path: table.path.clone(),
        line: Some(line),
        column: None,
    };
    let column = rater
        .columns
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(field.key(), |(_, c)| c.name.as_str());
    let rows = if count == 1 {
        "1 row".to_string()
    } else {
        format!("{count} rows")
    };
    let message = match vocab::read(field, value, &rater.vocabulary) {
        Err(Unread::WrongTarget { target, at }) => format!(
            "`{value}` ({rows}): rater `{}`'s map sends it to `{target}` (parallax.yaml line {}), which is not a {} label",
            rater.name,
            at.line.unwrap_or(0),
            field.key()
        ),
        _ => format!(
            "`{value}` ({rows}) is not a {} label, and rater `{}` has no `map:` entry for it",
            field.key(),
            rater.name
        ),
    };
    Diagnostic::new(location, message).field(column).help(format!(
        "add `{value}: <label>` to the `map:` of rater `{}` in parallax.yaml, or `{value}: ~` to leave such rows unrated; {} labels: {}",
        rater.name,
        field.key(),
        vocab::choices(field)
    ))
}

/// A row that one rule matches to several sources.
fn several(
    table: &Table,
    row: &Row,
    list: &[usize],
    rule: super::Rule,
    sources: &Sources,
) -> Diagnostic {
    let ids: Vec<String> = list
        .iter()
        .map(|&i| format!("`{}`", sources.all()[i].id))
        .collect();
    Diagnostic::new(
        Location {
            path: table.path.clone(),
            line: Some(row.line),
            column: None,
        },
        format!("this row matches {} sources by {}: {}", ids.len(), rule.describe(), ids.join(", ")),
    )
    .help("a row rates one source: give the rater an `id` key column or an alias for the row's name, or give the sources distinct names or domains")
}

/// The key cells of a row, for the report: `domain x.example, name X`.
fn describe(keys: &Keys) -> String {
    [
        ("id", keys.id),
        ("domain", keys.domain),
        ("name", keys.name),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k} `{}`", v.trim()))
    .collect::<Vec<_>>()
    .join(", ")
}

/// The owners file: each row's `owner` and its ownership `type`.
pub fn owners(table: &Table) -> Result<Owners> {
    let mut problems = Vec::new();
    let (Some(owner), Some(kind)) = (table.column("owner"), table.column("type")) else {
        return Err(crate::error::Error::input(
            Diagnostic::new(
                Location::file(&table.path),
                "the owners file needs the columns `owner` and `type`",
            )
            .help(format!(
                "its columns are: {}; write a header row `owner,type`",
                table.columns.join(", ")
            )),
        ));
    };
    let mut map = HashMap::new();
    for row in &table.rows {
        let at = Location {
            path: table.path.clone(),
            line: Some(row.line),
            column: None,
        };
        let name = vocab::norm_name(Table::cell(row, owner));
        let text = Table::cell(row, kind);
        if name.is_empty() {
            continue;
        }
        let Some(k) = OwnershipKind::parse(text) else {
            problems.push(
                Diagnostic::new(at, format!("`{text}` is not an ownership type"))
                    .field("type")
                    .help(format!("use one of {}", OwnershipKind::choices())),
            );
            continue;
        };
        if map.insert(name, k).is_some_and(|before| before != k) {
            problems.push(
                Diagnostic::new(
                    at,
                    format!(
                        "owner `{}` is listed again with another type",
                        Table::cell(row, owner)
                    ),
                )
                .help("list each owner once"),
            );
        }
    }
    match crate::error::Error::merge(vec![crate::error::Error::Input(problems)]) {
        Some(e) => Err(e),
        None => Ok(Owners(map)),
    }
}
