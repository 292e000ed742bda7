//! YAML with line numbers.
//!
//! serde_yaml reports where a *syntax* or *type* error is, but once a file has deserialised, the
//! positions are gone, and the checks that come after (an unknown source id, a duplicate slug) still
//! need to say "line 14". `YamlDoc` then walks the same text with yaml-rust2's event parser and
//! records the position of every node under its field path (`articles[2].source`), so a validation
//! error can point at the exact line. That walk happens on the first position asked for, so a
//! valid file (the common case: every story of every build) is parsed once.

use crate::error::{Diagnostic, Error, Location, Result};
use serde::de::DeserializeOwned;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;
use yaml_rust2::parser::{Event, Parser};

/// A YAML document: its file, where it starts in that file, its text and, once a position is
/// asked for, the position of every node.
#[derive(Debug, Clone)]
pub struct YamlDoc<'a> {
    path: &'a Path,
    /// Lines before the document in its file (front matter starts after `---`).
    line_offset: usize,
    text: &'a str,
    positions: OnceCell<HashMap<String, (usize, usize)>>,
}

impl<'a> YamlDoc<'a> {
    /// Parses `text` into `T`; `line_offset` is the number of file lines before `text`. Node
    /// positions are indexed only when `has`, `locate` or `error` first needs them.
    pub fn parse<T: DeserializeOwned>(
        path: &'a Path,
        text: &'a str,
        line_offset: usize,
    ) -> Result<(T, YamlDoc<'a>)> {
        let value = serde_yaml::from_str::<T>(text)
            .map_err(|e| Error::input(from_serde(path, line_offset, &e)))?;
        Ok((value, YamlDoc::unparsed(path, text, line_offset)))
    }

    /// A document whose positions can be asked for without deserialising it.
    pub fn unparsed(path: &'a Path, text: &'a str, line_offset: usize) -> YamlDoc<'a> {
        YamlDoc {
            path,
            line_offset,
            text,
            positions: OnceCell::new(),
        }
    }

    fn positions(&self) -> &HashMap<String, (usize, usize)> {
        self.positions.get_or_init(|| index_positions(self.text))
    }

    /// Whether the document gives `field`.
    pub fn has(&self, field: &str) -> bool {
        self.positions().contains_key(field)
    }

    /// The location of the node at `field` (or of its nearest indexed parent).
    pub fn locate(&self, field: &str) -> Location {
        let mut key = field;
        loop {
            if let Some(&(line, column)) = self.positions().get(key) {
                return Location::at(self.path, line + self.line_offset, column);
            }
            match key.rfind(['.', '[']) {
                Some(i) => key = &key[..i],
                None => return Location::at(self.path, 1 + self.line_offset, 1),
            }
        }
    }

    /// A diagnostic pointing at `field`.
    pub fn error(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.locate(field), message).field(field)
    }
}

/// Turns a serde_yaml error into a diagnostic with the file's line numbers.
pub fn from_serde(path: &Path, line_offset: usize, error: &serde_yaml::Error) -> Diagnostic {
    // serde_yaml writes positions relative to the YAML text (" at line L column C"), sometimes
    // twice; we show the file's position in front instead.
    let message = strip_positions(&error.to_string());
    let location = match error.location() {
        Some(loc) => Location::at(path, loc.line() + line_offset, loc.column()),
        None => Location::file(path),
    };
    // serde_yaml prefixes the field path ("sources[2]: unknown field `x`"); keep it as the field.
    let (field, message) = match message.split_once(": ") {
        Some((field, rest)) if !field.contains(' ') && !field.is_empty() => {
            (Some(field.to_string()), rest.to_string())
        }
        _ => (None, message),
    };
    let help = if message.starts_with("unknown field") {
        Some("remove the key or fix its spelling; the README lists every key")
    } else if message.starts_with("missing field") {
        Some("add the field; the README lists the required keys")
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        Some(type_help(&message))
    } else {
        None
    };
    let mut diagnostic = Diagnostic::new(location, message);
    diagnostic.field = field;
    diagnostic.help = help.map(str::to_string);
    diagnostic
}

/// What to write instead of a value of the wrong type, from what serde expected.
fn type_help(message: &str) -> &'static str {
    match message.rsplit("expected ").next().unwrap_or_default() {
        "u8" => "give a whole number from 0 to 255, without quotes",
        "u16" => "give a whole number from 0 to 65535, without quotes",
        "u32" => "give a whole number from 0 to 4294967295, without quotes",
        "u64" | "usize" => "give a whole number from 0, without quotes",
        "i32" | "i64" => "give a whole number, without quotes",
        "f32" | "f64" => "give a number, without quotes",
        "a boolean" => "write true or false, without quotes",
        e if e.starts_with("a sequence") => "give a list: `[a, b]` or one `- item` per line",
        _ => {
            "check the value's form: quote text that contains `: ` or starts with a special character"
        }
    }
}

/// Removes every " at line L column C" from a message.
fn strip_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let tail = &after[digits..];
        match tail.strip_prefix(" column ") {
            Some(col) if digits > 0 => {
                let col_digits = col.bytes().take_while(u8::is_ascii_digit).count();
                rest = &col[col_digits..];
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Maps every node's field path to its 1-based (line, column).
fn index_positions(text: &str) -> HashMap<String, (usize, usize)> {
    enum Frame {
        Map { path: String, key: Option<String> },
        Seq { path: String, next: usize },
    }
    fn child(frames: &mut [Frame]) -> Option<String> {
        match frames.last_mut()? {
            Frame::Map { path, key } => key.take().map(|k| join(path, &k)),
            Frame::Seq { path, next } => {
                *next += 1;
                Some(format!("{path}[{}]", *next - 1))
            }
        }
    }
    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }
    // A map expects a key when it holds none; the scalar then is that key.
    fn expects_key(frames: &[Frame]) -> bool {
        matches!(frames.last(), Some(Frame::Map { key: None, .. }))
    }

    let mut positions = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, marker)) = parser.next_token() {
        let pos = (marker.line(), marker.col() + 1);
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, ..) => {
                if expects_key(&frames) {
                    if let Some(Frame::Map { path, key }) = frames.last_mut() {
                        positions.entry(join(path, &value)).or_insert(pos);
                        *key = Some(value);
                    }
                } else if let Some(path) = child(&mut frames) {
                    positions.insert(path, pos);
                }
            }
            Event::Alias(_) => {
                child(&mut frames);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = if frames.is_empty() {
                    Some(String::new())
                } else if expects_key(&frames) {
                    None // a complex key: not addressable by path
                } else {
                    child(&mut frames)
                };
                let path = path.unwrap_or_else(|| "?".to_string());
                positions.entry(path.clone()).or_insert(pos);
                frames.push(match event {
                    Event::MappingStart(..) => Frame::Map { path, key: None },
                    _ => Frame::Seq { path, next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
            }
            _ => {}
        }
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        articles: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        source: String,
    }

    const TEXT: &str =
        "title: Hello\narticles:\n  - source: a\n  - source: b\n    # comment\n  - {source: c}\n";

    #[test]
    fn fields_are_located_by_path_with_the_file_offset() {
        let path = Path::new("story.md");
        let (_, doc) = YamlDoc::parse::<Doc>(path, TEXT, 1).unwrap();
        assert_eq!(doc.locate("title"), Location::at(path, 2, 8));
        assert_eq!(doc.locate("articles[1].source"), Location::at(path, 5, 13));
        assert_eq!(doc.locate("articles[2].source").line, Some(7));
        // An unknown path falls back to its nearest parent.
        assert_eq!(doc.locate("articles[1].missing").line, Some(5));
    }

    #[test]
    fn positions_are_indexed_only_when_asked_for() {
        let path = Path::new("story.md");
        let (_, doc) = YamlDoc::parse::<Doc>(path, TEXT, 1).unwrap();
        assert!(doc.positions.get().is_none(), "a valid file is parsed once");
        assert!(doc.has("articles[2].source"));
        assert!(doc.positions.get().is_some());
    }

    #[test]
    fn serde_errors_carry_line_field_and_help() {
        let path = Path::new("story.md");
        let text = "title: Hello\narticles:\n  - source: a\n    sorce: b\n";
        let Error::Input(d) = YamlDoc::parse::<Doc>(path, text, 1).unwrap_err() else {
            panic!()
        };
        let d = &d[0];
        assert_eq!(d.location.line, Some(5), "{d}");
        assert_eq!(d.field.as_deref(), Some("articles[0]"));
        assert!(d.message.starts_with("unknown field `sorce`"), "{d}");
        assert!(d.help.is_some());
    }

    #[test]
    fn yaml_relative_positions_are_removed_from_messages() {
        assert_eq!(
            strip_positions(
                "did not find ']' at line 4 column 9, while parsing a flow sequence at line 3 column 8"
            ),
            "did not find ']', while parsing a flow sequence"
        );
        assert_eq!(
            strip_positions("seen at line of sight"),
            "seen at line of sight"
        );
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let path = Path::new("story.md");
        let Error::Input(d) = YamlDoc::parse::<Doc>(path, "title: [unclosed\n", 1).unwrap_err()
        else {
            panic!()
        };
        assert!(d[0].location.line.is_some(), "{}", d[0]);
    }

    #[test]
    fn a_value_of_the_wrong_type_gets_help_for_the_type_expected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Typed {
            number: u32,
            draft: bool,
            stories: Vec<String>,
        }
        let help = |text: &str| {
            let err = YamlDoc::parse::<Typed>(Path::new("e.md"), text, 0).unwrap_err();
            let Error::Input(d) = err else {
                panic!("{err}")
            };
            d[0].help.clone().unwrap_or_default()
        };
        let ok = "number: 3\ndraft: false\nstories: [a]\n";
        assert!(
            help(&ok.replace("3", "\"../../x\""))
                .starts_with("give a whole number from 0 to 4294967295")
        );
        assert!(help(&ok.replace("3", "99999999999999999999")).starts_with("give a whole number"));
        assert!(help(&ok.replace("false", "maybe")).starts_with("write true or false"));
        assert!(help(&ok.replace("[a]", "a")).starts_with("give a list"));
    }
}
