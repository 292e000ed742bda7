//! RSS 2.0 with the `rss` crate: dates in RFC 822 (RFC 2822's form of it), the permalink as the
//! guid, the content as HTML in `description`, topics as categories, an Atom `self` link.

use super::{Channel, Entry, Format, SiteMeta};

/// The RSS document of `channel`.
pub fn write(channel: &Channel, site: SiteMeta) -> Vec<u8> {
    let urls = site.urls;
    let mut out = rss::Channel::default();
    out.set_title(channel.title.as_str());
    out.set_link(urls.absolute(&channel.page));
    out.set_description(channel.description.as_str());
    out.set_language(Some(site.language.to_string()));
    out.set_last_build_date(Some(channel.updated.to_rfc2822()));
    out.set_generator(Some(format!("parallax {}", env!("CARGO_PKG_VERSION"))));
    let mut self_link = atom_syndication::Link::default();
    self_link.set_href(urls.absolute(&channel.path(Format::Rss)));
    self_link.set_rel("self");
    self_link.set_mime_type(Some(Format::Rss.mime().to_string()));
    out.set_atom_ext(Some(rss::extension::atom::AtomExtension {
        links: vec![self_link],
    }));
    out.set_items(channel.entries.iter().map(item).collect::<Vec<_>>());
    // Writing into a Vec cannot fail; the crate writes the XML declaration.
    let mut bytes = out.write_to(Vec::new()).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn item(entry: &Entry) -> rss::Item {
    let mut item = rss::Item::default();
    item.set_title(Some(entry.title.clone()));
    item.set_link(Some(entry.url.clone()));
    item.set_guid(Some(rss::Guid {
        value: entry.id.clone(),
        permalink: entry.id == entry.url,
    }));
    item.set_pub_date(Some(entry.published.to_rfc2822()));
    item.set_description(Some(entry.content_html.clone()));
    item.set_categories(
        entry
            .categories
            .iter()
            .map(|name| rss::Category {
                name: name.clone(),
                domain: None,
            })
            .collect::<Vec<_>>(),
    );
    item
}
