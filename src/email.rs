//! `parallax email EDITION`: where the email files of an edition are in the built site, or their
//! text on standard output, for a send script (`msmtp`, `sendmail`, `mutt`...) to pick up.

use crate::error::{Error, Result};
use crate::site::{Site, permalink};
use std::path::PathBuf;

/// Which file of an edition's email to write to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailFormat {
    Html,
    Text,
}

/// What `parallax email` gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailOutput {
    /// The two files in the output folder.
    Paths { html: PathBuf, text: PathBuf },
    /// The bytes of one of them, rendered now.
    Bytes(Vec<u8>),
}

/// The index in `site.editions` of the edition `wanted` names: `latest`, its number (`12`), its
/// day (`2026-02-06`), or its path or URL (`editions/2026/02/06/`).
pub fn find(site: &Site, wanted: &str) -> Result<usize> {
    let wanted = wanted.trim();
    let by_day = |day: chrono::NaiveDate| site.editions.iter().position(|e| e.edition.day == day);
    let found = if wanted == "latest" {
        (!site.editions.is_empty()).then_some(0)
    } else if let Ok(number) = wanted.parse::<u32>() {
        site.editions
            .iter()
            .position(|e| e.edition.number == Some(number))
    } else if let Ok(day) = chrono::NaiveDate::parse_from_str(wanted, "%Y-%m-%d") {
        by_day(day)
    } else {
        day_in_path(wanted).and_then(by_day)
    };
    found.ok_or_else(|| {
        let newest = site.editions.first().map_or("none yet".to_string(), |e| {
            format!("the newest is {} ({})", e.edition.day, e.path)
        });
        Error::Command(format!(
            "no edition `{wanted}` ({} editions; {newest}): name one by number (12), day (2026-02-06), path (editions/2026/02/06/) or `latest`",
            site.editions.len()
        ))
    })
}

/// The day in `editions/<yyyy>/<mm>/<dd>` anywhere in a path or URL.
fn day_in_path(text: &str) -> Option<chrono::NaiveDate> {
    let rest = &text[text.find("editions/")? + "editions/".len()..];
    let parts: Vec<&str> = rest.split('/').take(3).collect();
    chrono::NaiveDate::parse_from_str(&parts.join("-"), "%Y-%m-%d").ok()
}

/// The email files of edition `index` in the built output, which must hold them.
pub fn paths(site: &Site, index: usize) -> Result<EmailOutput> {
    let output = &site.config.paths.output;
    let path = &site.editions[index].path;
    let file = |extension: &str| output.join(permalink::edition_email(path, extension));
    let (html, text) = (file("html"), file("txt"));
    if !html.is_file() || !text.is_file() {
        return Err(Error::Command(format!(
            "`{}` is not built yet: run `parallax build` first (or pass --stdout html|text to render it now)",
            crate::error::display_path(&html)
        )));
    }
    Ok(EmailOutput::Paths { html, text })
}
