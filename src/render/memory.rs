//! Pages rendered into memory rather than onto the disk: what `serve` serves and `check` inspects.
//! (`write::site` renders the same pages as it writes them.)

use super::Renderer;
use crate::error::Result;
use crate::site::Site;
use rayon::prelude::*;

/// Every page of `site` with its output path, rendered costliest first, one page per
/// job, like a build.
pub fn pages(site: &Site, renderer: &Renderer) -> Result<Vec<(String, Vec<u8>)>> {
    chosen(site, renderer, &super::order::costliest_first(site))
}

/// The pages of `site` at the indices `which` (into `site.pages`), with their output paths.
pub fn chosen(site: &Site, renderer: &Renderer, which: &[usize]) -> Result<Vec<(String, Vec<u8>)>> {
    which
        .par_iter()
        .with_max_len(1)
        .map(|&k| {
            let page = &site.pages[k];
            Ok((page.output_file(), renderer.page(site, page)?))
        })
        .collect()
}
