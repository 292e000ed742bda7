//! A rater's words to parallax's labels. A cell is read through the rater's `map:` first, then as
//! a parallax label (case, spaces and dashes forgiven), and for countries as a code or a name. Text
//! after a parenthesis or a number is ignored when the whole cell is not known
//! (`USA (44/180 Press Freedom)` is `USA`); blank cells and `NA` give nothing.

use super::config::Field;
use crate::error::Location;
use crate::model::{Bias, Country, Factuality, OwnershipKind};
use std::collections::HashMap;

/// A rater's `map:`: normalised word to a label (`None`: leave unrated), with where it is written.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary(HashMap<String, (Option<String>, Location)>);

impl Vocabulary {
    pub fn insert(&mut self, from: String, to: Option<String>, at: Location) {
        self.0.insert(from, (to, at));
    }

    fn get(&self, word: &str) -> Option<&(Option<String>, Location)> {
        self.0.get(&norm_label(word))
    }

    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }
}

/// One value read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Bias(Bias),
    Factuality(Factuality),
    Country(Country),
    Ownership(OwnershipKind),
    Owner(String),
}

/// Why a cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// No map entry and not a label of the field.
    Unmapped,
    /// The map sends it to a label of another field (`USA: lean-left` used in a country column).
    WrongTarget { target: String, at: Location },
}

/// Reads one cell of a `field` column.
pub fn read(field: Field, cell: &str, vocabulary: &Vocabulary) -> Result<Option<Value>, Unread> {
    if is_blank(cell) {
        return Ok(None);
    }
    if field == Field::Owner {
        return Ok(Some(Value::Owner(collapse(cell))));
    }
    let cell = cell.trim();
    let short = head(cell);
    for candidate in [Some(cell), short].into_iter().flatten() {
        if let Some((target, at)) = vocabulary.get(candidate) {
            let Some(target) = target else {
                return Ok(None);
            };
            return parse(field, target)
                .map(Some)
                .ok_or_else(|| Unread::WrongTarget {
                    target: target.clone(),
                    at: at.clone(),
                });
        }
    }
    [Some(cell), short]
        .into_iter()
        .flatten()
        .find_map(|c| parse(field, c))
        .map(Some)
        .ok_or(Unread::Unmapped)
}

/// A parallax label (or for countries a code or name) of `field`.
fn parse(field: Field, text: &str) -> Option<Value> {
    match field {
        Field::Bias => Bias::parse(text).map(Value::Bias),
        Field::Factuality => Factuality::parse(text).map(Value::Factuality),
        Field::Ownership => OwnershipKind::parse(text).map(Value::Ownership),
        Field::Country => Country::parse(text)
            .filter(|_| text.trim().len() == 2)
            .or_else(|| Country::from_name(text))
            .map(Value::Country),
        Field::Owner => Some(Value::Owner(collapse(text))),
    }
}

/// The cell before a parenthesis or a digit (`usa (44/180 press freedom)` -> `usa`), when that
/// is shorter and not empty.
fn head(cell: &str) -> Option<&str> {
    let end = cell.find(|c: char| c == '(' || c.is_ascii_digit())?;
    let head = cell[..end].trim();
    (!head.is_empty()).then_some(head)
}

/// Whether a cell says nothing: empty, or `NA`, `N/A`, `null`, `-` as spreadsheets export gaps.
pub fn is_blank(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty()
        || ["na", "n/a", "null", "none", "-", "—"]
            .iter()
            .any(|b| cell.eq_ignore_ascii_case(b))
}

/// Whether `text` is a label of any field (a map target).
pub fn is_any_label(text: &str) -> bool {
    [
        Field::Bias,
        Field::Factuality,
        Field::Ownership,
        Field::Country,
    ]
    .iter()
    .any(|&f| parse(f, text).is_some())
}

/// The labels a map may point to, for error messages.
pub fn all_labels() -> String {
    format!(
        "bias: {}; factuality: {}; ownership: {}; a country code such as US",
        Bias::choices(),
        Factuality::choices(),
        OwnershipKind::choices()
    )
}

/// The choices of one field, for error messages.
pub fn choices(field: Field) -> String {
    match field {
        Field::Bias => Bias::choices(),
        Field::Factuality => Factuality::choices(),
        Field::Ownership => OwnershipKind::choices(),
        Field::Country => "an ISO 3166-1 code such as US, or a country's name".into(),
        Field::Owner => String::new(),
    }
}

/// A map word as compared: lower case, `-` and `_` as spaces, spaces collapsed
/// (`Left-Center` = `left center`).
pub fn norm_label(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An outlet name as compared: ASCII, lower case, `&` as `and`, punctuation as spaces, without a
/// leading `the` (`The New York Times (News)` = `new york times news`).
pub fn norm_name(text: &str) -> String {
    let ascii = deunicode::deunicode(text)
        .to_lowercase()
        .replace('&', " and ");
    let cleaned: String = ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let words = match words.as_slice() {
        ["the", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    words.join(" ")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(pairs: &[(&str, Option<&str>)]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for (from, to) in pairs {
            v.insert(
                norm_label(from),
                to.map(str::to_string),
                Location::at("parallax.yaml", 9, 3),
            );
        }
        v
    }

    #[test]
    fn a_raters_words_map_to_parallax_labels() {
        let v = vocabulary(&[
            ("left-center", Some("lean-left")),
            ("least biased", Some("center")),
            ("Very High", Some("very-high")),
            ("USA", Some("US")),
            ("pro-science", None),
        ]);
        let bias = |c| read(Field::Bias, c, &v);
        assert_eq!(bias("Left Center"), Ok(Some(Value::Bias(Bias::LeanLeft))));
        assert_eq!(bias("least_biased"), Ok(Some(Value::Bias(Bias::Center))));
        assert_eq!(bias("pro-science"), Ok(None), "mapped to ~: unrated");
        assert_eq!(
            bias("right"),
            Ok(Some(Value::Bias(Bias::Right))),
            "a parallax label"
        );
        assert_eq!(bias("satire"), Err(Unread::Unmapped));
        assert_eq!(
            read(Field::Factuality, "very high", &v),
            Ok(Some(Value::Factuality(Factuality::VeryHigh)))
        );
        let us = Ok(Some(Value::Country(Country::parse("US").unwrap())));
        assert_eq!(read(Field::Country, "USA", &v), us);
        assert_eq!(read(Field::Country, "USA (44/180 Press Freedom)", &v), us);
        assert_eq!(read(Field::Country, "united states", &v), us, "a name");
        assert_eq!(read(Field::Country, "usa 45/180", &v), us);
    }

    #[test]
    fn blank_cells_give_nothing_and_wrong_targets_are_named() {
        let v = vocabulary(&[("USA", Some("US"))]);
        for blank in ["", "  ", "NA", "n/a", "-"] {
            assert_eq!(read(Field::Bias, blank, &v), Ok(None), "{blank:?}");
        }
        assert!(matches!(
            read(Field::Bias, "usa", &v),
            Err(Unread::WrongTarget { ref target, .. }) if target == "US"
        ));
        assert_eq!(
            read(Field::Owner, " Gannett  Co ", &v),
            Ok(Some(Value::Owner("Gannett Co".into())))
        );
    }

    #[test]
    fn names_are_compared_without_case_punctuation_or_a_leading_the() {
        assert_eq!(
            norm_name("The New York Times (News)"),
            "new york times news"
        );
        assert_eq!(norm_name("New York Times - News"), "new york times news");
        assert_eq!(norm_name("Le Monde diplomatique"), "le monde diplomatique");
        assert_eq!(norm_name("Ars Técnica & Co."), "ars tecnica and co");
        assert_eq!(norm_name("The"), "the");
    }
}
