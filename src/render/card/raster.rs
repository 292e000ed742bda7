//! SVG to PNG: resvg with the bundled fonts only (no system font, so every machine renders the
//! same bytes), then a palette of at most 256 colours (a card is flat colours and the anti-aliased
//! edges between them), written as an 8-bit indexed PNG: about a quarter of the RGBA file.

use super::layout::{BOLD, HEIGHT, REGULAR, WIDTH};
use crate::error::{Error, Result};
use resvg::{tiny_skia, usvg};
use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock};

/// The fonts a card may use: the bundled Inter, nothing from the system.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(BOLD.to_vec());
            db.load_font_data(REGULAR.to_vec());
            Arc::new(db)
        })
        .clone()
}

/// The card `svg` as a 1200x630 PNG; `path` names the card in errors.
pub fn png(svg: &str, path: &str) -> Result<Vec<u8>> {
    let fail =
        |why: String| Error::Command(format!("cannot render the share card `{path}`: {why}"));
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "Inter".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| fail(e.to_string()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| fail("no pixmap".into()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode(pixmap.data()).map_err(|e| fail(e.to_string()))
}

/// Opaque RGBA pixels to an indexed PNG.
fn encode(rgba: &[u8]) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let (palette, indices) = quantise(rgba);
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    // Balanced (zlib level 6): 4% larger than High for 40% of its time (deflate was 60% of a
    // card's cost).
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&indices)?;
    writer.finish()?;
    Ok(out)
}

/// At most 256 colours: the most common ones (ties by colour, so the result is deterministic);
/// any other pixel takes the nearest of them. Returns the palette (RGB) and a palette index per pixel.
fn quantise(rgba: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let rgb = |px: &[u8]| [px[0], px[1], px[2]];
    // A card is mostly runs of one colour: count runs, not pixels, through the map.
    let mut counts: FxHashMap<[u8; 3], u32> = FxHashMap::default();
    let mut run: Option<([u8; 3], u32)> = None;
    for px in rgba.chunks_exact(4).map(rgb) {
        match &mut run {
            Some((colour, n)) if *colour == px => *n += 1,
            _ => {
                if let Some((colour, n)) = run.replace((px, 1)) {
                    *counts.entry(colour).or_default() += n;
                }
            }
        }
    }
    if let Some((colour, n)) = run {
        *counts.entry(colour).or_default() += n;
    }
    let mut colours: Vec<([u8; 3], u32)> = counts.into_iter().collect();
    colours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<[u8; 3]> = colours.iter().take(256).map(|(c, _)| *c).collect();
    let index: FxHashMap<[u8; 3], u8> = colours
        .iter()
        .map(|(c, _)| (*c, nearest(*c, &kept)))
        .collect();
    let palette = kept.iter().flatten().copied().collect();
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    let mut last = None;
    for px in rgba.chunks_exact(4).map(rgb) {
        let i = match last {
            Some((colour, i)) if colour == px => i,
            _ => index.get(&px).copied().unwrap_or(0),
        };
        last = Some((px, i));
        indices.push(i);
    }
    (palette, indices)
}

fn nearest(colour: [u8; 3], palette: &[[u8; 3]]) -> u8 {
    let distance = |p: &[u8; 3]| -> i32 {
        (0..3)
            .map(|i| (i32::from(colour[i]) - i32::from(p[i])).pow(2))
            .sum()
    };
    // The palette has at most 256 entries: the index fits.
    palette
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| distance(p))
        .map_or(0, |(i, _)| i as u8)
}
