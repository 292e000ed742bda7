//! `email.txt`: the plain-text version of an edition, with the same stories and links as its
//! `email.html`, wrapped at 72 columns. A URL longer than a line is written inside `<...>` and
//! broken across lines there (RFC 3986, appendix C: readers join what is inside the brackets), so
//! that no line is longer than 78 columns.

use crate::coverage::Coverage;
use crate::model::Bucket;
use crate::render::urls::Urls;
use crate::site::{Site, permalink};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Lines are wrapped at this many columns.
pub const WIDTH: usize = 72;

/// The plain-text email of edition `index`; `urls` makes absolute links.
pub fn edition(site: &Site, index: usize, urls: &Urls) -> String {
    let entry = &site.editions[index];
    let edition = &entry.edition;
    let mut out = Text::default();
    out.line(&site.config.title);
    let number = edition
        .number
        .map(|n| format!("No. {n} · "))
        .unwrap_or_default();
    out.line(&format!("{number}{}", edition.day.format("%A, %B %-d, %Y")));
    out.blank();
    out.heading(&edition.title, '=');
    match edition.body_markdown.is_empty() {
        true => out.para(&edition.summary, "", ""),
        false => markdown(
            &edition.body_markdown,
            &urls.absolute(&entry.path),
            &mut out,
        ),
    }
    out.blank();
    out.para("View this edition online:", "", "");
    out.url(&urls.absolute(&entry.path), "");
    stories(site, &entry.stories, "Stories", urls, &mut out);
    stories(site, &entry.blindspots, "Blindspots", urls, &mut out);
    if !edition.links.is_empty() {
        out.blank();
        out.heading("Links", '-');
        for link in &edition.links {
            let from = link
                .source
                .as_deref()
                .and_then(|id| site.sources.get(id))
                .map(|s| {
                    let lean = s
                        .bias
                        .map_or("unrated".to_string(), |b| b.display().to_string());
                    format!(" ({}, {lean})", s.name)
                });
            out.para(
                &format!("{}{}", link.title, from.unwrap_or_default()),
                "- ",
                "  ",
            );
            if let Some(note) = &link.note {
                out.para(note, "  ", "  ");
            }
            out.url(&link.url, "  ");
        }
    }
    out.blank();
    out.line("--");
    out.para(&format!("{}: every edition at", site.config.title), "", "");
    out.url(&urls.absolute(&permalink::editions()), "");
    out.finish()
}

/// A numbered list of stories, each with its bias figures as text.
fn stories(site: &Site, list: &[usize], heading: &str, urls: &Urls, out: &mut Text) {
    if list.is_empty() {
        return;
    }
    out.blank();
    out.heading(heading, '-');
    for (n, &i) in list.iter().enumerate() {
        let story = &site.stories[i];
        let coverage = &site.coverage[i];
        let first = format!("{}. ", n + 1);
        let rest = " ".repeat(first.len());
        out.para(&story.title, &first, &rest);
        out.para(&bias_line(coverage), &rest, &rest);
        let mut meta = format!(
            "{} source{}",
            coverage.total(),
            if coverage.total() == 1 { "" } else { "s" }
        );
        if let Some(b) = coverage.blindspot {
            meta.push_str(&format!(
                " · Blindspot for the {}: only {}%",
                b.side.display(),
                b.share
            ));
        }
        out.para(&meta, &rest, &rest);
        if !story.summary.is_empty() {
            out.para(
                &crate::normalise::truncate(&story.summary, 280),
                &rest,
                &rest,
            );
        }
        out.url(&urls.absolute(&permalink::story(&story.slug)), &rest);
    }
}

/// `L 20% · C 23% · R 57%: 57% of the sources lean Right`, or the sentence alone when no source
/// is rated.
pub fn bias_line(coverage: &Coverage) -> String {
    let sentence = coverage.lean.sentence();
    match coverage.percent {
        Some(p) => {
            let shares: Vec<String> = Bucket::ALL
                .iter()
                .map(|b| format!("{} {}%", &b.display()[..1], p[b.index()]))
                .collect();
            format!("{}: {sentence}", shares.join(" · "))
        }
        None => sentence,
    }
}

/// Markdown as wrapped plain text: paragraphs, headings in capitals, list items with their
/// marker, links followed by their URL in brackets.
fn markdown(text: &str, page: &str, out: &mut Text) {
    let base = url::Url::parse(page).ok();
    let (mut buffer, mut first, mut rest) = (String::new(), String::new(), String::new());
    let mut links: Vec<String> = Vec::new();
    let mut numbers: Vec<Option<u64>> = Vec::new();
    let flush = |buffer: &mut String, first: &str, rest: &str, out: &mut Text| {
        if !buffer.trim().is_empty() {
            out.para(buffer.trim(), first, rest);
        }
        buffer.clear();
    };
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) => buffer.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buffer.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                let absolute = links.pop().and_then(|u| base.as_ref()?.join(&u).ok());
                if let Some(url) = absolute.filter(|u| matches!(u.scheme(), "http" | "https")) {
                    buffer.push_str(&format!(" <{url}>"));
                }
            }
            Event::Start(Tag::List(start)) => numbers.push(start),
            Event::End(TagEnd::List(_)) => {
                numbers.pop();
                if numbers.is_empty() {
                    out.blank();
                }
            }
            Event::Start(Tag::Item) => {
                flush(&mut buffer, &first, &rest, out);
                let depth = "  ".repeat(numbers.len().saturating_sub(1));
                let marker = match numbers.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "- ".to_string(),
                };
                rest = format!("{depth}{}", " ".repeat(marker.chars().count()));
                first = format!("{depth}{marker}");
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::Paragraph) => {
                flush(&mut buffer, &first, &rest, out);
                first.clone_from(&rest);
                if numbers.is_empty() {
                    out.blank();
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let heading = buffer.trim().to_uppercase();
                buffer.clear();
                out.para(&heading, "", "");
                out.blank();
            }
            Event::Start(Tag::BlockQuote(_)) => (first, rest) = ("> ".into(), "> ".into()),
            Event::End(TagEnd::BlockQuote(_)) => (first, rest) = (String::new(), String::new()),
            _ => {}
        }
    }
    flush(&mut buffer, &first, &rest, out);
}

/// Text being laid out: paragraphs separated by one blank line.
#[derive(Default)]
struct Text {
    out: String,
}

impl Text {
    fn line(&mut self, text: &str) {
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A heading underlined with `mark`.
    fn heading(&mut self, text: &str, mark: char) {
        let lines = wrap(text, "", "", WIDTH);
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for line in lines {
            self.line(&line);
        }
        self.line(&mark.to_string().repeat(width));
        self.blank();
    }

    /// A paragraph wrapped at `WIDTH`, its first line after `first` and the others after `rest`.
    fn para(&mut self, text: &str, first: &str, rest: &str) {
        for line in wrap(text, first, rest, WIDTH) {
            self.line(&line);
        }
    }

    /// A URL in brackets after `indent`, broken inside them when it does not fit.
    fn url(&mut self, url: &str, indent: &str) {
        let room = WIDTH.saturating_sub(indent.chars().count()).max(20);
        let quoted: Vec<char> = format!("<{url}>").chars().collect();
        for chunk in quoted.chunks(room) {
            self.line(&format!("{indent}{}", chunk.iter().collect::<String>()));
        }
        self.blank();
    }

    fn finish(self) -> String {
        let mut text = self.out.trim_end().to_string();
        text.push('\n');
        text
    }
}

/// Greedy word wrap at `width` columns; a word longer than a line gets lines of its own, cut.
pub fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        let room = width.saturating_sub(rest.chars().count()).max(20);
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > room {
            if !empty {
                lines.push(std::mem::replace(&mut line, rest.to_string()));
            }
            let tail = word.split_off(room);
            line.extend(word);
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            word = tail;
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.extend(word);
        empty = false;
    }
    if !empty {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_the_width_with_hanging_indents() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = wrap(text, "1. ", "   ", 20);
        assert_eq!(lines[0], "1. one two three");
        assert!(lines[1..].iter().all(|l| l.starts_with("   ")), "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        let joined: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(joined.join(" "), format!("1. {text}"));
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let long = "x".repeat(50);
        let lines = wrap(&format!("a {long} b"), "", "", 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), format!("a{long}b"));
    }

    #[test]
    fn markdown_becomes_wrapped_text_with_links_and_list_markers() {
        let mut out = Text::default();
        markdown(
            "## This week\n\nRead [the report](https://x.example/r) *now*, [here](../x/).\n\n- one\n- two\n\n1. first\n2. second\n",
            "https://s.example/editions/2026/01/02/",
            &mut out,
        );
        let text = out.finish();
        assert!(text.starts_with("THIS WEEK\n\nRead"), "{text}");
        assert!(text.contains("Read the report <https://x.example/r> now, here\n<https://s.example/editions/2026/01/x/>."), "{text}");
        assert!(text.contains("- one\n- two\n"), "{text}");
        assert!(text.contains("1. first\n2. second\n"), "{text}");
    }
}
