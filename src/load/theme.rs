//! Template and static files in their three layers: built-in (the default theme, compiled into the
//! binary) < the configured theme (`themes/<name>/`) < the site (`templates/`, `static/`).
//!
//! A later layer's file replaces an earlier one's of the same name. The theme's version of each
//! template stays reachable as `theme/<name>`, so a site template can extend it.

use crate::config::Config;
use crate::error::{Error, Result};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default theme, built in so that a new site builds without copying it.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub text: String,
    /// The file it was read from, for error messages (`<built-in>/story.html` for built-ins).
    pub origin: PathBuf,
}

/// Every template and static file of a build.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// The theme's templates (built-in, then the theme's own over them), by name.
    pub theme: BTreeMap<String, TemplateFile>,
    /// The site's own templates, by name.
    pub site: BTreeMap<String, TemplateFile>,
    /// Static files by output path, later layers replacing earlier ones.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// Reads the built-in theme, the configured theme and the site's templates and static files.
pub fn load(config: &Config) -> Result<ThemeFiles> {
    let root = &config.paths.root;
    let mut files = ThemeFiles::default();
    builtin(&mut files);
    let theme_dir = config.paths.themes.join(&config.theme);
    if theme_dir.is_dir() {
        read_templates(&theme_dir.join("templates"), root, &mut files.theme)?;
        read_statics(&theme_dir.join("static"), root, &mut files.statics)?;
    } else if config.theme != "default" {
        return Err(Error::Template {
            name: config.theme.clone(),
            message: format!(
                "theme not found: no folder `{}`; set `theme: default` in parallax.yaml or add the theme",
                crate::error::display_path(&theme_dir)
            ),
        });
    }
    read_templates(&config.paths.templates, root, &mut files.site)?;
    read_statics(&config.paths.static_files, root, &mut files.statics)?;
    Ok(files)
}

fn builtin(files: &mut ThemeFiles) {
    fn walk(dir: &Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(dir.files());
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut all = Vec::new();
    walk(&BUILTIN, &mut all);
    for file in all {
        let path = file.path();
        let rel = |prefix: &str| path.strip_prefix(prefix).ok().map(slash_path);
        if let Some(name) = rel("templates") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            let origin = Path::new("<built-in>").join(path);
            files.theme.insert(name, TemplateFile { text, origin });
        } else if let Some(name) = rel("static") {
            files.statics.insert(name, file.contents().to_vec());
        }
    }
}

fn read_templates(
    dir: &Path,
    root: &Path,
    into: &mut BTreeMap<String, TemplateFile>,
) -> Result<()> {
    for (name, path) in files_under(dir, root)? {
        let text = crate::load::read_text(&path)?;
        into.insert(name, TemplateFile { text, origin: path });
    }
    Ok(())
}

fn read_statics(dir: &Path, root: &Path, into: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for (name, path) in files_under(dir, root)? {
        let bytes = std::fs::read(&path).map_err(|e| Error::read(&path, e))?;
        into.insert(name, bytes);
    }
    Ok(())
}

/// Files below `dir` (none if it does not exist), by `/`-separated relative name; hidden files
/// skipped; links followed when they stay inside the site folder `root`, refused otherwise.
fn files_under(dir: &Path, root: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Error::walk(dir, e))?;
        if entry.path_is_symlink() {
            super::inside_site(root, entry.path())?;
        }
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir stays under its root");
            out.push((slash_path(rel), entry.into_path()));
        }
    }
    Ok(out)
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
