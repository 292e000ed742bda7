//! Reading a newsletter's past issues from where they live: its RSS or Atom feed (a URL or a file,
//! parsed by the same recovering parser `fetch` uses) or a Substack export (the .zip or its
//! unpacked folder: `posts.csv` and one HTML file per post under `posts/`).

use super::Issue;
use crate::error::{Diagnostic, Error, Location, Result};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The largest file read from an export or a feed (a newsletter post is far smaller).
const MAX_FILE: u64 = 16 * 1024 * 1024;

/// Every issue of `source`, in its order; drafts included (marked).
pub fn issues(source: &str) -> Result<Vec<Issue>> {
    if source.starts_with("http://") || source.starts_with("https://") {
        return feed(&download(source)?, source, Some(source));
    }
    let path = Path::new(source);
    if path.is_dir() {
        return substack(&Export::folder(path)?, path);
    }
    let bytes = read_capped(path)?;
    if bytes.starts_with(b"PK\x03\x04") {
        return substack(&Export::zip(path, &bytes)?, path);
    }
    feed(&bytes, source, None)
}

fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::read(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::read(path, e))?;
    Ok(bytes)
}

fn download(url: &str) -> Result<Vec<u8>> {
    let client = crate::fetch::http::Client::new(crate::fetch::http::HttpOptions::default());
    match client.get(url, &Default::default()) {
        crate::fetch::http::Outcome::Fetched { body, .. } => Ok(body),
        crate::fetch::http::Outcome::Failed { reason, .. } => {
            Err(Error::Command(format!("cannot fetch `{url}`: {reason}")))
        }
        _ => Err(Error::Command(format!(
            "cannot fetch `{url}`: it answered without a feed"
        ))),
    }
}

/// The items of a feed document as issues.
fn feed(bytes: &[u8], shown: &str, url: Option<&str>) -> Result<Vec<Issue>> {
    let parsed = crate::feed::parse_recovering(bytes, None, url).map_err(|e| {
        Error::input(
            Diagnostic::new(feed_location(shown, bytes, &e.to_string()), format!("not a newsletter feed: {e}"))
                .help("give the RSS or Atom feed of the newsletter (Substack: <site>/feed, Buttondown: <site>/rss), or a Substack export .zip"),
        )
    })?;
    Ok(parsed
        .feed
        .items
        .into_iter()
        .enumerate()
        .map(|(i, item)| Issue {
            number: super::number_in(&item.title),
            title: item.title,
            date: item.published,
            html: item.content.or(item.summary).unwrap_or_default(),
            url: item.url,
            draft: false,
            origin: format!("{shown}: item {}", i + 1),
        })
        .collect())
}

/// The file and the line of its root element (what the parser saw instead of a feed).
fn feed_location(shown: &str, bytes: &[u8], _message: &str) -> Location {
    let text = String::from_utf8_lossy(bytes);
    let root = text.lines().position(|l| {
        let l = l.trim_start();
        l.starts_with('<') && !l.starts_with("<?") && !l.starts_with("<!")
    });
    Location::at(shown, root.map_or(1, |i| i + 1), 1)
}

/// The files of a Substack export, by their path inside it (`posts.csv`, `posts/<id>.html`).
pub struct Export {
    files: HashMap<String, Vec<u8>>,
}

impl Export {
    fn folder(dir: &Path) -> Result<Export> {
        let mut files = HashMap::new();
        for entry in walkdir::WalkDir::new(dir).max_depth(3).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::walk(dir, e))?;
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.file_type().is_file() && (name.ends_with(".csv") || name.ends_with(".html")) {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                files.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    read_capped(entry.path())?,
                );
            }
        }
        Export::checked(files, dir)
    }

    fn zip(path: &Path, bytes: &[u8]) -> Result<Export> {
        let broken = |e: zip::result::ZipError| {
            Error::input(
                Diagnostic::new(
                    Location::file(path),
                    format!("not a readable zip file: {e}"),
                )
                .help("download the export again from Substack (Settings, Exports)"),
            )
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(broken)?;
        let mut files = HashMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).map_err(broken)?;
            let name = file.name().map_err(broken)?.replace('\\', "/");
            if file.is_file() && (name.ends_with(".csv") || name.ends_with(".html")) {
                let mut data = Vec::new();
                (&mut file)
                    .take(MAX_FILE)
                    .read_to_end(&mut data)
                    .map_err(|e| Error::read(path, e))?;
                files.insert(name, data);
            }
        }
        Export::checked(files, path)
    }

    /// An export must have `posts.csv` (at its top, or in its one folder): file paths are made
    /// relative to where it is.
    fn checked(files: HashMap<String, Vec<u8>>, shown: &Path) -> Result<Export> {
        let Some(csv) = files
            .keys()
            .filter(|k| k.ends_with("posts.csv") && k.matches('/').count() <= 1)
            .min()
            .cloned()
        else {
            return Err(Error::input(
                Diagnostic::new(Location::file(shown), "no `posts.csv` in this export: it is not a Substack export")
                    .help("give the .zip Substack's Settings > Exports makes (posts.csv and a posts/ folder), or the newsletter's RSS feed"),
            ));
        };
        let prefix = csv.trim_end_matches("posts.csv").to_string();
        let files = files
            .into_iter()
            .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v)))
            .collect();
        Ok(Export { files })
    }
}

/// The posts of a Substack export: `posts.csv` gives each post's id, date, title and whether it
/// was published; `posts/<id>.html` its body.
fn substack(export: &Export, shown: &Path) -> Result<Vec<Issue>> {
    let csv_path = shown.join("posts.csv");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(export.files["posts.csv"].as_slice());
    let bad = |line: u64, message: String| {
        Error::input(
            Diagnostic::new(Location::at(&csv_path, line as usize, 1), message)
                .help("posts.csv must be the one Substack exports, with its header line"),
        )
    };
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("unreadable header: {e}")))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(id), Some(title)) = (column("post_id"), column("title")) else {
        return Err(bad(1, "the header lacks `post_id` or `title`".into()));
    };
    let (date, published, subtitle) = (
        column("post_date"),
        column("is_published"),
        column("subtitle"),
    );
    let mut issues = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            bad(
                e.position().map_or(1, |p| p.line()),
                format!("unreadable line: {e}"),
            )
        })?;
        let line = record.position().map_or(1, |p| p.line());
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let post_id = field(Some(id));
        let html_name = format!("posts/{post_id}.html");
        let body = export
            .files
            .get(&html_name)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let title = field(Some(title));
        let subtitle = field(subtitle);
        let intro = match subtitle.is_empty() {
            true => String::new(),
            false => format!("<p><em>{}</em></p>", crate::render::escape_html(&subtitle)),
        };
        issues.push(Issue {
            number: super::number_in(&title),
            title,
            date: crate::normalise::parse_date(&field(date), chrono_tz::UTC),
            html: body.map(|b| format!("{intro}{b}")).unwrap_or_default(),
            url: None,
            draft: field(published) != "true",
            origin: format!(
                "{}:{line} (post {post_id})",
                crate::error::display_path(&csv_path)
            ),
        });
    }
    Ok(issues)
}
