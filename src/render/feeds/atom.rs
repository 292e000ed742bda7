//! Atom 1.0 (RFC 4287) with the `atom_syndication` crate: dates in RFC 3339, the summary as text,
//! the content as HTML, topics as categories.

use super::{Channel, Entry, Format, SiteMeta};
use atom_syndication as atom;

/// The Atom document of `channel`.
pub fn write(channel: &Channel, site: SiteMeta) -> Vec<u8> {
    let urls = site.urls;
    let mut feed = atom::Feed::default();
    feed.set_title(atom::Text::plain(channel.title.as_str()));
    feed.set_id(urls.absolute(&channel.path(Format::Atom)));
    feed.set_updated(channel.updated.fixed_offset());
    feed.set_subtitle(Some(atom::Text::plain(channel.description.as_str())));
    feed.set_lang(Some(site.language.to_string()));
    feed.set_authors(vec![author(site)]);
    feed.set_links(vec![
        link(urls.absolute(&channel.page), "alternate", "text/html"),
        link(
            urls.absolute(&channel.path(Format::Atom)),
            "self",
            Format::Atom.mime(),
        ),
    ]);
    feed.set_generator(Some(atom::Generator {
        value: "parallax".into(),
        uri: None,
        version: Some(env!("CARGO_PKG_VERSION").into()),
    }));
    feed.set_entries(channel.entries.iter().map(entry).collect::<Vec<_>>());
    // Writing into a Vec cannot fail; the crate writes the XML declaration.
    let mut out = feed.write_to(Vec::new()).unwrap_or_default();
    out.push(b'\n');
    out
}

fn entry(item: &Entry) -> atom::Entry {
    let mut entry = atom::Entry::default();
    entry.set_title(atom::Text::plain(item.title.as_str()));
    entry.set_id(item.id.as_str());
    entry.set_updated(item.updated.fixed_offset());
    entry.set_published(Some(item.published.fixed_offset()));
    entry.set_links(vec![link(item.url.clone(), "alternate", "text/html")]);
    entry.set_summary(Some(atom::Text::plain(item.summary.as_str())));
    let mut content = atom::Content::default();
    content.set_content_type(Some("html".to_string()));
    content.set_value(Some(item.content_html.clone()));
    entry.set_content(Some(content));
    entry.set_categories(
        item.categories
            .iter()
            .map(|name| atom::Category {
                term: name.clone(),
                scheme: None,
                label: None,
            })
            .collect::<Vec<_>>(),
    );
    entry
}

fn link(href: String, rel: &str, mime: &str) -> atom::Link {
    let mut link = atom::Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(Some(mime.to_string()));
    link
}

fn author(site: SiteMeta) -> atom::Person {
    let mut person = atom::Person::default();
    person.set_name(site.title);
    person.set_uri(Some(site.urls.absolute("")));
    person
}
