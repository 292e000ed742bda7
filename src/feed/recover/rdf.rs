//! RSS 1.0 as it is found: RSS 0.90 (its predecessor, in Netscape's namespace), RSS 1.0's namespace
//! misspelt (no final slash, `https`, capitals) on the root or only on the items, a root named
//! `<rdf>` instead of `<rdf:RDF>`, items without a `<link>`. feed-rs knows RSS 1.0 by a root whose
//! local name is exactly `RDF`, reads only the elements in RSS 1.0's exact namespace (or in none),
//! and drops an item without a link: all without a word.

use super::dialect::{root, root_tag, short};
use super::repair::Repair;
use super::scan::{self, Token, pieces};

const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_1: &str = "http://purl.org/rss/1.0/";

/// In an RSS 1.0 document, reads RSS 0.90's namespace and misspellings of RSS 1.0's as RSS 1.0,
/// wherever they are declared (default or prefixed, on the root or on an item), and the root's
/// default namespace whatever it is.
pub(super) fn rss1_namespaces(text: &str) -> Option<(String, Repair)> {
    let (root_span, name) = root(text)?;
    if name != "rdf" {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut first) = (0, None);
    for piece in pieces(text) {
        if !matches!(piece.token, Token::Start { .. }) {
            continue;
        }
        let tag = &text[piece.span.clone()];
        let is_root = piece.span.start == root_span.start;
        for attribute in scan::attributes(tag) {
            let value = &tag[attribute.value.clone()];
            let default = attribute.name == "xmlns";
            let declares = default || attribute.name.starts_with("xmlns:");
            if !declares || value == RSS_1 || !(is_variant(value) || (is_root && default)) {
                continue;
            }
            out.push_str(&text[copied..piece.span.start + attribute.value.start]);
            out.push_str(RSS_1);
            copied = piece.span.start + attribute.value.end;
            first.get_or_insert_with(|| value.to_string());
        }
    }
    let first = first?;
    out.push_str(&text[copied..]);
    let repair = match first.as_str() {
        RSS_090 => Repair::ReadRss090AsRss1,
        _ => Repair::ReadNamespaceAs {
            namespace: short(&first),
            format: "RSS 1.0",
        },
    };
    Some((out, repair))
}

/// Whether a namespace is RSS 1.0's or RSS 0.90's, give or take the scheme, a `www.`, the case
/// and the final slash.
fn is_variant(namespace: &str) -> bool {
    let lower = namespace.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))
        .unwrap_or(&lower);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    matches!(
        rest.trim_end_matches('/'),
        "purl.org/rss/1.0" | "my.netscape.com/rdf/simple/0.9"
    )
}

/// Renames a root `<rdf>` (`<rdf:rdf>`, `<Rdf>`...) and its end tag to `<RDF>`, keeping its prefix.
pub(super) fn rdf_root(text: &str) -> Option<(String, Repair)> {
    let (span, name) = root_tag(text)?;
    let qualified = &text[name.clone()];
    let local = scan::local(qualified);
    if local == "RDF" || !local.eq_ignore_ascii_case("rdf") {
        return None;
    }
    let renamed = format!("{}RDF", &qualified[..qualified.len() - local.len()]);
    let mut out = String::with_capacity(text.len() + 8);
    let mut copied = 0;
    for piece in pieces(text) {
        let range = match piece.token {
            Token::Start { name, .. } if piece.span.start == span.start => name,
            Token::End { name } if &text[name.clone()] == qualified => name,
            _ => continue,
        };
        out.push_str(&text[copied..range.start]);
        out.push_str(&renamed);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    let repair = Repair::RenamedRoot {
        from: short(qualified),
        to: renamed,
    };
    Some((out, repair))
}

/// Gives an RSS 1.0 item without a `<link>` its `rdf:about` as link: feed-rs drops such an item,
/// and RSS 1.0 has the two name the same resource.
pub(super) fn item_links(text: &str) -> Option<(String, Repair)> {
    let (_, root_name) = root(text)?;
    if root_name != "rdf" {
        return None;
    }
    let mut inserts: Vec<(usize, String)> = Vec::new();
    // The item being read: where its content starts, the link it would get, whether it has one.
    let mut item: Option<(usize, String, bool)> = None;
    for piece in pieces(text) {
        match piece.token {
            Token::Start { name, self_closing } => match scan::local(&text[name.clone()]) {
                "item" if !self_closing => {
                    item = about_link(&text[piece.span.clone()], &text[name])
                        .map(|link| (piece.span.end, link, false));
                }
                "link" => {
                    if let Some(item) = &mut item {
                        item.2 = true;
                    }
                }
                _ => {}
            },
            Token::End { name } if scan::local(&text[name.clone()]) == "item" => {
                if let Some((at, link, false)) = item.take() {
                    inserts.push((at, link));
                }
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 64);
    let mut copied = 0;
    for (at, link) in &inserts {
        out.push_str(&text[copied..*at]);
        out.push_str(link);
        copied = *at;
    }
    out.push_str(&text[copied..]);
    let count = inserts.len();
    Some((out, Repair::AddedItemLinks { count }))
}

/// `<link>about</link>` (prefixed as the item is) for an item start tag with an `about`.
fn about_link(tag: &str, item: &str) -> Option<String> {
    let about = scan::attributes(tag)
        .into_iter()
        .find(|a| scan::local(a.name) == "about")?;
    let about = tag[about.value].trim().replace('<', "&lt;");
    let prefix = &item[..item.len() - "item".len()];
    (!about.is_empty()).then(|| format!("<{prefix}link>{about}</{prefix}link>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::feed::recover::apply;

    #[test]
    fn rss_090_is_read_as_rss_1() {
        let text = "<rdf:RDF xmlns:rdf=\"r\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">";
        let (out, repair) = apply(rss1_namespaces, text);
        assert_eq!(
            out,
            "<rdf:RDF xmlns:rdf=\"r\" xmlns=\"http://purl.org/rss/1.0/\">"
        );
        assert_eq!(repair, "read RSS 0.90 as RSS 1.0");
        let (_, repair) = apply(
            rss1_namespaces,
            "<rdf:RDF xmlns=\"http://purl.org/rss/1.0\">",
        );
        assert_eq!(
            repair,
            "read namespace `http://purl.org/rss/1.0` as RSS 1.0"
        );
    }

    #[test]
    fn items_and_prefixes_in_a_namespace_variant_are_read_as_rss_1() {
        let text = "<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\" xmlns:r=\"HTTPS://purl.org/RSS/1.0\" \
                    xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
                    <r:item/><item xmlns=\"http://my.netscape.com/rdf/simple/0.9\"/></rdf:RDF>";
        let (out, repair) = apply(rss1_namespaces, text);
        assert_eq!(
            out,
            "<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\" xmlns:r=\"http://purl.org/rss/1.0/\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
             <r:item/><item xmlns=\"http://purl.org/rss/1.0/\"/></rdf:RDF>"
        );
        assert_eq!(
            repair,
            "read namespace `HTTPS://purl.org/RSS/1.0` as RSS 1.0"
        );
    }

    #[test]
    fn rss_1_and_other_roots_keep_their_namespaces() {
        for text in [
            "<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\"><item xmlns:x=\"urn:x\"/></rdf:RDF>",
            "<rss xmlns:r=\"http://purl.org/rss/1.0\"/>",
            "<feed xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"/>",
        ] {
            assert_eq!(rss1_namespaces(text), None, "{text}");
        }
    }

    #[test]
    fn an_rss_1_item_without_a_link_gets_its_about() {
        let text = "<rdf:RDF><r:item rdf:about=\"http://x/1\"><r:title>A</r:title></r:item>\
                    <item rdf:about=\"http://x/2\"><link>http://x/2</link></item><item/></rdf:RDF>";
        let (out, repair) = apply(item_links, text);
        assert_eq!(
            out,
            "<rdf:RDF><r:item rdf:about=\"http://x/1\"><r:link>http://x/1</r:link><r:title>A</r:title>\
             </r:item><item rdf:about=\"http://x/2\"><link>http://x/2</link></item><item/></rdf:RDF>"
        );
        assert_eq!(repair, "took the link of 1 RSS 1.0 item from rdf:about");
        assert_eq!(item_links("<rss><item about=\"x\"></item></rss>"), None);
    }

    #[test]
    fn a_bare_rdf_root_is_renamed() {
        let (out, repair) = apply(rdf_root, "<?xml version=\"1.0\"?>\n<rdf><item/></rdf>");
        assert_eq!(out, "<?xml version=\"1.0\"?>\n<RDF><item/></RDF>");
        assert_eq!(repair, "renamed the root <rdf> to <RDF>");
        let (out, _) = apply(rdf_root, "<rdf:rdf xmlns:rdf=\"r\"><rdf:li/></rdf:rdf>");
        assert_eq!(out, "<rdf:RDF xmlns:rdf=\"r\"><rdf:li/></rdf:RDF>");
        for text in ["<rdf:RDF/>", "<RDF></RDF>", "<rss><rdf/></rss>", "<rdfs/>"] {
            assert_eq!(rdf_root(text), None, "{text}");
        }
    }
}
