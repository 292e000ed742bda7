//! The `raters:` and `owners:` keys of `parallax.yaml`: which ratings files a site reads, which of
//! their columns hold the key and each field, and how a rater's words map to parallax's labels.

use super::vocab::{Vocabulary, norm_label, norm_name};
use crate::error::{Diagnostic, Location};
use crate::load::sources::scalar;
use crate::load::yaml::YamlDoc;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The folder of the raters' files, under the site root.
pub const DIR: &str = "content/ratings";

/// One rater as `parallax.yaml` declares it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRater {
    /// The rater's name, shown beside its labels (`mbfc`); a rater named in `sources.yaml`'s
    /// `bias: {mbfc: ...}` is the same rater.
    name: String,
    /// The ratings file, a CSV or YAML file under `content/ratings/`.
    file: String,
    /// Which columns hold each row's key: `{id: ..., domain: ..., name: ...}`, at least one; rows
    /// are matched to sources by id, then domain, then name.
    key: RawColumns,
    /// Which columns hold each field: `bias`, `factuality`, `country`, `ownership` (the type), `owner`.
    #[serde(default)]
    columns: RawColumns,
    /// The rater's words to parallax's labels: `{left-center: lean-left, USA: US}`; `~` leaves a
    /// value unrated. Labels parallax knows (and country names) need no entry.
    #[serde(default)]
    map: Mapping,
    /// The rater's outlet names to source ids, for names that differ from the registry's.
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

/// A map from a role (a key or a field) to a column name.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct RawColumns(BTreeMap<String, String>);

/// What a rater's row is matched by, in the order the rules are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    Id,
    Domain,
    Name,
}

/// What a column of a rater's file gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Bias,
    Factuality,
    Country,
    /// The ownership type.
    Ownership,
    /// The owner's name.
    Owner,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Bias,
        Field::Factuality,
        Field::Country,
        Field::Ownership,
        Field::Owner,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Bias => "bias",
            Field::Factuality => "factuality",
            Field::Country => "country",
            Field::Ownership => "ownership",
            Field::Owner => "owner",
        }
    }
}

impl KeyKind {
    pub const ALL: [KeyKind; 3] = [KeyKind::Id, KeyKind::Domain, KeyKind::Name];

    pub fn key(self) -> &'static str {
        match self {
            KeyKind::Id => "id",
            KeyKind::Domain => "domain",
            KeyKind::Name => "name",
        }
    }
}

/// A column named in the config, with where it is named (for "no such column" errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub at: Location,
}

/// A validated rater.
#[derive(Debug, Clone)]
pub struct Rater {
    pub name: String,
    /// The file, under the site root.
    pub file: PathBuf,
    pub key: Vec<(KeyKind, Column)>,
    pub columns: Vec<(Field, Column)>,
    pub vocabulary: Vocabulary,
    /// Normalised outlet name to source id, with where the alias is written.
    pub aliases: HashMap<String, (String, Location)>,
}

/// Every rater, in the order given (the first rater that gives a factuality, country or
/// ownership wins), and the owners file.
#[derive(Debug, Clone, Default)]
pub struct RatingsConfig {
    pub raters: Vec<Rater>,
    /// A CSV of owner names and ownership types (`owner,type`), under the site root.
    pub owners: Option<PathBuf>,
}

/// Validates the raters of `parallax.yaml`, adding each problem to `problems`.
pub fn validate(
    raw: Vec<RawRater>,
    owners: Option<String>,
    doc: &YamlDoc,
    root: &Path,
    problems: &mut Vec<Diagnostic>,
) -> RatingsConfig {
    let mut names = HashMap::new();
    let mut raters = Vec::new();
    for (i, raw) in raw.into_iter().enumerate() {
        let at = |field: &str| format!("raters[{i}].{field}");
        if !crate::normalise::is_slug(&raw.name) {
            problems.push(
                doc.error(&at("name"), format!("`{}` is not a rater name", raw.name))
                    .help("use lowercase letters, digits and dashes, e.g. `mbfc` or `panel-a`"),
            );
        } else if names.insert(raw.name.clone(), i).is_some() {
            problems.push(
                doc.error(
                    &at("name"),
                    format!("rater `{}` is declared twice", raw.name),
                )
                .help("give every rater its own name"),
            );
        }
        let file = ratings_file(
            &raw.file,
            doc,
            &at("file"),
            &["csv", "yaml", "yml"],
            problems,
        );
        let key = columns(
            &raw.key,
            &KeyKind::ALL,
            |k| k.key(),
            doc,
            &at("key"),
            problems,
        );
        if key.is_empty() && raw.key.0.is_empty() {
            problems.push(
                doc.error(&at("key"), "no key column given")
                    .help("name the column that identifies the outlet: `key: {domain: url}` (or `id`, `name`)"),
            );
        }
        let fields = columns(
            &raw.columns,
            &Field::ALL,
            |f| f.key(),
            doc,
            &at("columns"),
            problems,
        );
        let vocabulary = vocabulary(&raw.map, doc, &at("map"), problems);
        let aliases = raw
            .aliases
            .iter()
            .map(|(name, id)| {
                let location = doc.locate(&at(&format!("aliases.{name}")));
                (norm_name(name), (id.trim().to_string(), location))
            })
            .collect();
        raters.push(Rater {
            name: raw.name,
            file: root.join(DIR).join(file.unwrap_or_default()),
            key,
            columns: fields,
            vocabulary,
            aliases,
        });
    }
    let owners = owners
        .and_then(|o| ratings_file(&o, doc, "owners", &["csv"], problems))
        .map(|f| root.join(DIR).join(f));
    RatingsConfig { raters, owners }
}

/// A file name under `content/ratings/` with one of `extensions`.
fn ratings_file(
    file: &str,
    doc: &YamlDoc,
    field: &str,
    extensions: &[&str],
    problems: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let file = file.trim();
    let file = file.strip_prefix("content/ratings/").unwrap_or(file);
    let path = Path::new(file);
    let inside = !file.is_empty()
        && path.is_relative()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if !inside || !extensions.contains(&extension.to_ascii_lowercase().as_str()) {
        problems.push(
            doc.error(
                field,
                format!(
                    "`{file}` is not a file under {DIR}/ ending in .{}",
                    extensions.join(", .")
                ),
            )
            .help(format!(
                "put the file in {DIR}/ and give its name, e.g. `mbfc.csv`"
            )),
        );
        return None;
    }
    Some(path.to_path_buf())
}

/// The roles of a `key:` or `columns:` map, in the order of `all`; an unknown role is a problem.
fn columns<T: Copy>(
    raw: &RawColumns,
    all: &[T],
    key: impl Fn(T) -> &'static str,
    doc: &YamlDoc,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(T, Column)> {
    for role in raw.0.keys() {
        if !all.iter().any(|&t| key(t) == role) {
            let choices: Vec<&str> = all.iter().map(|&t| key(t)).collect();
            problems.push(
                doc.error(&format!("{field}.{role}"), format!("unknown role `{role}`"))
                    .help(format!("use one of {}", choices.join(", "))),
            );
        }
    }
    all.iter()
        .filter_map(|&t| {
            let name = raw.0.get(key(t))?.trim().to_string();
            let at = doc.locate(&format!("{field}.{}", key(t)));
            Some((t, Column { name, at }))
        })
        .collect()
}

/// The `map:` of a rater: each target must be a label of some field (or `~`).
fn vocabulary(
    map: &Mapping,
    doc: &YamlDoc,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for (from, to) in map {
        let Some(from) = scalar(from) else {
            problems.push(doc.error(field, "a map key must be text").help("quote it"));
            continue;
        };
        let at = format!("{field}.{from}");
        let to = match to {
            Value::Null => None,
            other => match scalar(other) {
                Some(text) if super::vocab::is_any_label(&text) => Some(text),
                _ => {
                    problems.push(
                        doc.error(&at, format!("`{from}` maps to something that is no parallax label"))
                            .help(format!("map it to a bias, factuality or ownership label, a country code, or `~` to leave it unrated; labels: {}", super::vocab::all_labels())),
                    );
                    continue;
                }
            },
        };
        vocabulary.insert(norm_label(&from), to, doc.locate(&at));
    }
    vocabulary
}
