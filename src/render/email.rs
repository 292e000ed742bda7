//! The email-ready files beside each edition page: `email.html`, rendered from the theme's
//! `email.html` template with absolute links and every CSS rule moved into `style` attributes
//! (css-inline), and `email.txt` (`email_text`). Gmail clips a message past 102 KB, so an edition
//! that would exceed it shows fewer summaries (see [`MAX_HTML_BYTES`]).

use super::Renderer;
use super::email_text;
use super::urls::Urls;
use super::views::{EditionView, SiteView};
use crate::error::{Error, Result};
use crate::site::{Site, permalink};
use rayon::prelude::*;
use tera::Context;

/// Gmail clips messages larger than 102 KB (its own figure: 102 × 1024 bytes of HTML).
pub const MAX_HTML_BYTES: usize = 102 * 1024;

/// Both email files of every edition, by output path.
pub fn files(site: &Site, renderer: &Renderer) -> Result<Vec<(String, Vec<u8>)>> {
    let urls = renderer.urls().absolute_links();
    let pairs = (0..site.editions.len())
        .into_par_iter()
        .map(|i| {
            let path = &site.editions[i].path;
            Ok([
                (
                    permalink::edition_email(path, "html"),
                    html(site, i, renderer, &urls)?,
                ),
                (
                    permalink::edition_email(path, "txt"),
                    email_text::edition(site, i, &urls).into_bytes(),
                ),
            ])
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(pairs.into_iter().flatten().collect())
}

/// The `email.html` of edition `index`, its CSS inlined; `urls` makes absolute links.
pub fn html(site: &Site, index: usize, renderer: &Renderer, urls: &Urls) -> Result<Vec<u8>> {
    let mut context = Context::new();
    context.insert("site", &SiteView::new(site, urls));
    let mut view = EditionView::new(index, site, urls);
    let online = urls.absolute(&site.editions[index].path);
    if let Ok(base) = url::Url::parse(&online) {
        view.body_html = crate::markdown::absolute_links(&view.body_html, &base).into();
    }
    context.insert("edition", &view);
    context.insert("online", &online);
    context.insert("archive", &urls.absolute(&permalink::editions()));
    let mut inlined = inline(&renderer.render("email.html", &context)?)?;
    // Too large for Gmail: drop the story summaries, then the period's extra blindspots.
    if inlined.len() > MAX_HTML_BYTES {
        view.stories
            .iter_mut()
            .for_each(|s| *s = s.without_summary());
        view.blindspots.clear();
        context.insert("edition", &view);
        inlined = inline(&renderer.render("email.html", &context)?)?;
    }
    Ok(inlined)
}

/// Moves the `<style>` rules of `html` into `style` attributes and drops the `<style>` element;
/// nothing is fetched.
fn inline(html: &[u8]) -> Result<Vec<u8>> {
    let text = std::str::from_utf8(html).map_err(|e| Error::Template {
        name: "email.html".into(),
        message: format!("rendered text is not UTF-8: {e}"),
    })?;
    let inliner = css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_style_tags(false)
        .keep_link_tags(false)
        .keep_at_rules(false)
        .minify_css(true)
        .build();
    inliner
        .inline(text)
        .map(String::into_bytes)
        .map_err(|e| Error::Template {
            name: "email.html".into(),
            message: format!("inlining its CSS failed: {e}"),
        })
}
