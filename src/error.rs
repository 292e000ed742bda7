//! Errors that reach the user.
//!
//! Every error names what the user must look at: the file (and, for input files, the line, column and
//! field) and, where we know it, what to do about it. Several input errors found in one pass are
//! reported together, so a user fixes a whole file in one go instead of one typo per build.

use std::fmt;
use std::path::{Path, PathBuf};

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A place in a user's file: path, and the 1-based line and column when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// A problem in a user's input file: where, which field, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    /// The field path inside the file, such as `articles[2].source`.
    pub field: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            field: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("failed to read `{}`: {source}", display_path(path))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("failed to write `{}`: {source}", display_path(path))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// One or more problems in the user's input files.
    #[error("{}", join_diagnostics(.0))]
    Input(Vec<Diagnostic>),

    /// A template that is missing, does not parse, or fails to render.
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },

    /// A command-level problem (bad option value, refusing to overwrite, ...).
    #[error("{0}")]
    Command(String),

    /// Another parallax run holds the lock this one needs (`what`: "the site `x`").
    #[error("{}", locked_message(holder, what, lock, *waited))]
    Locked {
        lock: PathBuf,
        holder: String,
        what: String,
        /// How long this run waited, if it was asked to.
        waited: Option<std::time::Duration>,
    },
}

impl Error {
    pub fn read(path: &Path, source: std::io::Error) -> Self {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn write(path: &Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failure while walking a folder, naming the path it happened at (else `dir`).
    pub fn walk(dir: &Path, error: walkdir::Error) -> Self {
        let path = error.path().unwrap_or(dir).to_path_buf();
        let source = error
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("file system loop"));
        Error::Read { path, source }
    }

    pub fn input(diagnostic: Diagnostic) -> Self {
        Error::Input(vec![diagnostic])
    }

    /// Merges several errors into one, keeping every input diagnostic.
    pub fn merge(errors: Vec<Error>) -> Option<Error> {
        let mut diagnostics = Vec::new();
        let mut other = None;
        for error in errors {
            match error {
                Error::Input(d) => diagnostics.extend(d),
                e => {
                    other.get_or_insert(e);
                }
            }
        }
        match other {
            Some(e) => Some(e),
            None if diagnostics.is_empty() => None,
            None => Some(Error::Input(diagnostics)),
        }
    }
}

fn join_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    if diagnostics.len() > 1 {
        out.push_str(&format!("\n{} problems found", diagnostics.len()));
    }
    out
}

fn locked_message(
    holder: &str,
    what: &str,
    lock: &Path,
    waited: Option<std::time::Duration>,
) -> String {
    let lock = display_path(lock);
    match waited {
        None => format!(
            "{holder} is working on {what} (lock `{lock}`): run again when it has finished, or pass --wait to wait for it"
        ),
        Some(w) => format!(
            "{holder} is still working on {what} (lock `{lock}`) after {} s of waiting: run again later, or wait longer with --wait SECONDS",
            w.as_secs()
        ),
    }
}

/// Shows a path the way a user typed it: without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_names_file_line_field_and_help() {
        let d = Diagnostic::new(
            Location::at("./content/sources.yaml", 12, 11),
            "unknown bias label `lefty`",
        )
        .field("sources[3].bias")
        .help("use one of far-left, left");
        assert_eq!(
            d.to_string(),
            "content/sources.yaml:12:11: field `sources[3].bias`: unknown bias label `lefty`\n  help: use one of far-left, left"
        );
    }

    #[test]
    fn merge_keeps_every_diagnostic() {
        let a = Error::input(Diagnostic::new(Location::file("a"), "one"));
        let b = Error::input(Diagnostic::new(Location::file("b"), "two"));
        match Error::merge(vec![a, b]) {
            Some(Error::Input(d)) => assert_eq!(d.len(), 2),
            other => panic!("unexpected {other:?}"),
        }
        assert!(Error::merge(vec![]).is_none());
    }
}
