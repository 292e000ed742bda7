//! Atom 1.0 (RFC 4287), written with `quick-xml` (which escapes every text and attribute): dates
//! in RFC 3339, the summary as text, the content as HTML, topics as categories.

use super::{Channel, Entry, Format, SiteMeta, text};
use quick_xml::Writer;
use quick_xml::events::BytesText;
use std::io::Result;

const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The Atom document of `channel`, around its entries as [`entry`] wrote them.
pub fn write(channel: &Channel, site: SiteMeta) -> Vec<u8> {
    let urls = site.urls;
    let self_url = urls.absolute(&channel.path(Format::Atom));
    let entries: usize = channel.entries.iter().map(|e| e.atom.len()).sum();
    let mut out = b"<?xml version=\"1.0\"?>\n".to_vec();
    out.reserve(entries + 1024);
    let mut w = Writer::new(out);
    // Writing into a Vec cannot fail.
    let _ = w
        .create_element("feed")
        .with_attributes([("xmlns", NAMESPACE), ("xml:lang", site.language)])
        .write_inner_content(|w| {
            text(w, "title", &channel.title)?;
            text(w, "id", &self_url)?;
            text(w, "updated", &channel.updated.fixed_offset().to_rfc3339())?;
            w.create_element("author").write_inner_content(|w| {
                text(w, "name", site.title)?;
                text(w, "uri", &urls.absolute(""))
            })?;
            w.create_element("generator")
                .with_attribute(("version", env!("CARGO_PKG_VERSION")))
                .write_text_content(BytesText::new("parallax"))?;
            link(w, &urls.absolute(&channel.page), "alternate", "text/html")?;
            link(w, &self_url, "self", Format::Atom.mime())?;
            text(w, "subtitle", &channel.description)?;
            for entry in &channel.entries {
                w.get_mut().extend_from_slice(entry.atom.as_bytes());
            }
            Ok(())
        });
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

/// The `<entry>` element of `item`.
pub fn entry(item: &Entry) -> String {
    let mut w = Writer::new(Vec::with_capacity(1024 + 2 * item.content_html.len()));
    let _ = w.create_element("entry").write_inner_content(|w| {
        text(w, "title", &item.title)?;
        text(w, "id", &item.id)?;
        text(w, "updated", &item.updated.fixed_offset().to_rfc3339())?;
        for name in &item.categories {
            w.create_element("category")
                .with_attribute(("term", name.as_str()))
                .write_empty()?;
        }
        link(w, &item.url, "alternate", "text/html")?;
        text(w, "published", &item.published.fixed_offset().to_rfc3339())?;
        text(w, "summary", &item.summary)?;
        w.create_element("content")
            .with_attribute(("type", "html"))
            .write_text_content(BytesText::new(&item.content_html))?;
        Ok(())
    });
    super::utf8(w.into_inner())
}

fn link(w: &mut Writer<Vec<u8>>, href: &str, rel: &str, mime: &str) -> Result<()> {
    w.create_element("link")
        .with_attributes([("href", href), ("rel", rel), ("type", mime)])
        .write_empty()?;
    Ok(())
}
