//! RSS 2.0, written with `quick-xml` (which escapes every text and attribute): dates in RFC 822
//! (RFC 2822's form of it), the permalink as the guid, the content as HTML in `description`
//! (CDATA), topics as categories, an Atom `self` link.

use super::{Channel, Entry, Format, SiteMeta, text};
use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesText, Event};

/// The RSS document of `channel`, around its items as [`item`] wrote them.
pub fn write(channel: &Channel, site: SiteMeta) -> Vec<u8> {
    let urls = site.urls;
    let items: usize = channel.entries.iter().map(|e| e.rss.len()).sum();
    let mut out = br#"<?xml version="1.0" encoding="utf-8"?>"#.to_vec();
    out.reserve(items + 1024);
    let mut w = Writer::new(out);
    // Writing into a Vec cannot fail.
    let _ = w
        .create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", &channel.title)?;
                text(w, "link", &urls.absolute(&channel.page))?;
                text(w, "description", &channel.description)?;
                text(w, "language", site.language)?;
                text(w, "lastBuildDate", &channel.updated.to_rfc2822())?;
                let generator = concat!("parallax ", env!("CARGO_PKG_VERSION"));
                text(w, "generator", generator)?;
                w.create_element("atom:link")
                    .with_attributes([
                        ("href", urls.absolute(&channel.path(Format::Rss)).as_str()),
                        ("rel", "self"),
                        ("type", Format::Rss.mime()),
                    ])
                    .write_empty()?;
                for entry in &channel.entries {
                    w.get_mut().extend_from_slice(entry.rss.as_bytes());
                }
                Ok(())
            })?;
            Ok(())
        });
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

/// The `<item>` element of `entry`.
pub fn item(entry: &Entry) -> String {
    let mut w = Writer::new(Vec::with_capacity(1024 + entry.content_html.len()));
    let _ = w.create_element("item").write_inner_content(|w| {
        text(w, "title", &entry.title)?;
        text(w, "link", &entry.url)?;
        w.create_element("description").write_inner_content(|w| {
            // A `]]>` in the content splits it over two sections.
            for section in BytesCData::escaped(&entry.content_html) {
                w.write_event(Event::CData(section))?;
            }
            Ok(())
        })?;
        for name in &entry.categories {
            text(w, "category", name)?;
        }
        let guid = w.create_element("guid");
        let guid = if entry.id == entry.url {
            guid
        } else {
            guid.with_attribute(("isPermaLink", "false"))
        };
        guid.write_text_content(BytesText::new(&entry.id))?;
        text(w, "pubDate", &entry.published.to_rfc2822())
    });
    super::utf8(w.into_inner())
}
