//! A card as SVG: text is measured with the bundled font's advances so the headline wraps within
//! the space above the bar (smaller type for long headlines, an ellipsis past that). Every piece of text is
//! escaped; nothing in a headline can become markup.

use super::{side_colour, side_ink};
use crate::model::Bucket;
use crate::render::escape_html;
use std::fmt::Write;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Inter Bold and Regular, Latin subsets (see `fonts/README.md`; SIL Open Font License 1.1).
pub const BOLD: &[u8] = include_bytes!("fonts/Inter-Bold.subset.otf");
pub const REGULAR: &[u8] = include_bytes!("fonts/Inter-Regular.subset.otf");

const MARGIN: f32 = 72.0;
const TEXT: &str = "#1d1d1f";
const MUTED: &str = "#5b5b66";
const BACKGROUND: &str = "#fbfaf7";

/// What a card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub headline: String,
    /// Left, Center and Right in percent; `None` draws no bar.
    pub percent: Option<[u32; 3]>,
    /// "57% of the sources lean Right", or the site's description on the site's card.
    pub sentence: String,
    pub sources: Option<usize>,
    /// The side that barely covers the story: "Blindspot for the Right".
    pub blindspot: Option<Bucket>,
    pub site: String,
}

impl Card {
    /// The card as an SVG document, 1200x630.
    pub fn svg(&self) -> String {
        let mut svg = String::with_capacity(4096);
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Inter"><rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/><rect width="{WIDTH}" height="12" fill="{TEXT}"/>"#
        );
        if self.sources.is_none() {
            self.site_card(&mut svg);
            return svg;
        }
        text(
            &mut svg, MARGIN, 92.0, 30.0, 400, MUTED, "start", &self.site,
        );
        if let Some(side) = self.blindspot {
            let label = format!("Blindspot for the {}", side.display());
            let x = WIDTH as f32 - MARGIN;
            text(&mut svg, x, 92.0, 30.0, 700, side_ink(side), "end", &label);
        }
        self.headline(&mut svg);
        if let Some(percent) = self.percent {
            bar(&mut svg, percent, true);
        }
        let figures = match self.sources {
            Some(n) => format!(
                "{n} source{} · {}",
                if n == 1 { "" } else { "s" },
                self.sentence
            ),
            None => self.sentence.clone(),
        };
        let figures = fit(&figures, 28.0, REGULAR, WIDTH as f32 - 2.0 * MARGIN);
        text(&mut svg, MARGIN, 592.0, 28.0, 400, MUTED, "start", &figures);
        svg.push_str("</svg>");
        svg
    }

    /// The site's own card: its name, its description and the three sides' colours.
    fn site_card(&self, svg: &mut String) {
        let width = WIDTH as f32 - 2.0 * MARGIN;
        // A name on one line; a longer title (an edition's) on two, smaller.
        let mut heading = wrap(&self.headline, 80.0, width, BOLD);
        let (size, mut y) = match heading.len() {
            0 | 1 => (80.0, 250.0),
            _ => {
                heading = wrap(&self.headline, 64.0, width, BOLD);
                if heading.len() > 2 {
                    heading.truncate(2);
                    let last = heading.pop().unwrap_or_default();
                    heading.push(fit(&format!("{last} …"), 64.0, BOLD, width));
                }
                (64.0, 200.0)
            }
        };
        for line in &heading {
            let line = fit(line, size, BOLD, width);
            text(svg, MARGIN, y, size, 700, TEXT, "start", &line);
            y += size * 1.18;
        }
        let mut lines = wrap(&self.sentence, 36.0, width, REGULAR);
        lines.truncate(3);
        for (i, line) in lines.iter().enumerate() {
            let y = y - size * 1.18 + 70.0 + i as f32 * 46.0;
            text(svg, MARGIN, y, 36.0, 400, MUTED, "start", line);
        }
        bar(svg, [33, 34, 33], false);
        svg.push_str("</svg>");
    }

    /// The headline in the largest size at which it fits above the bar (or the figures).
    fn headline(&self, svg: &mut String) {
        let width = WIDTH as f32 - 2.0 * MARGIN;
        let (top, bottom) = (168.0, if self.percent.is_some() { 440.0 } else { 540.0 });
        let mut chosen = (Vec::new(), 0.0);
        for size in [64.0, 56.0, 48.0, 42.0] {
            let lines = wrap(&self.headline, size, width, BOLD);
            let fits = lines.len() as f32 * size * 1.18 <= bottom - top + size * 0.2;
            chosen = (lines, size);
            if fits {
                break;
            }
        }
        let (mut lines, size) = chosen;
        let most = ((bottom - top + size * 0.2) / (size * 1.18))
            .floor()
            .max(1.0) as usize;
        if lines.len() > most {
            lines.truncate(most);
            let last = lines.pop().unwrap_or_default();
            lines.push(fit(&format!("{last} …"), size, BOLD, width));
        }
        for (i, line) in lines.iter().enumerate() {
            let y = top + size * 0.9 + i as f32 * size * 1.18;
            text(svg, MARGIN, y, size, 700, TEXT, "start", line);
        }
    }
}

/// The bias bar, its three shares drawn in proportion, and each side's name and share under it.
fn bar(svg: &mut String, percent: [u32; 3], labels: bool) {
    let (x0, width, y) = (MARGIN, WIDTH as f32 - 2.0 * MARGIN, 468.0);
    let _ = write!(
        svg,
        r##"<clipPath id="b"><rect x="{x0}" y="{y}" width="{width}" height="34" rx="8"/></clipPath><g clip-path="url(#b)"><rect x="{x0}" y="{y}" width="{width}" height="34" fill="#dedbd2"/>"##
    );
    let mut x = x0;
    for &side in Bucket::ALL {
        let w = width * percent[side.index()] as f32 / 100.0;
        if w > 0.0 {
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="34" fill="{}"/>"#,
                side_colour(side)
            );
        }
        x += w;
    }
    svg.push_str("</g>");
    if !labels {
        return;
    }
    let anchors = [
        (x0, "start"),
        (x0 + width / 2.0, "middle"),
        (x0 + width, "end"),
    ];
    for (side, (x, anchor)) in Bucket::ALL.iter().zip(anchors) {
        let label = format!("{} {}%", side.display(), percent[side.index()]);
        text(svg, x, y + 76.0, 32.0, 700, side_ink(*side), anchor, &label);
    }
}

#[allow(clippy::too_many_arguments)]
fn text(
    svg: &mut String,
    x: f32,
    y: f32,
    size: f32,
    weight: u16,
    fill: &str,
    anchor: &str,
    s: &str,
) {
    let _ = write!(
        svg,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{}</text>"#,
        escape_html(s)
    );
}

/// The width of `text` at `size` px in the font `data`, from its glyphs' advances.
pub fn measure(text: &str, size: f32, data: &[u8]) -> f32 {
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return 0.0;
    };
    let scale = size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(size * 0.6, f32::from)
        })
        .sum::<f32>()
        * scale
}

/// The words of `headline` in lines no wider than `width` at `size` px in `font` (a word longer than a line is
/// cut where it overflows).
fn wrap(headline: &str, size: f32, width: f32, font: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in headline.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || measure(&candidate, size, font) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
        if measure(&line, size, font) > width {
            lines.push(fit(&line, size, font, width));
            line.clear();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut with an ellipsis so that it is no wider than `width`.
fn fit(text: &str, size: f32, font: &[u8], width: f32) -> String {
    if measure(text, size, font) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if measure(&cut, size, font) <= width {
            return cut;
        }
    }
    "…".into()
}
