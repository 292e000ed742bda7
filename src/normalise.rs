//! Turning what people and feeds write into the canonical forms the pipeline compares: dates in
//! UTC, URL-safe slugs, canonical article URLs, plain text from feed HTML. Pure functions, no IO.

use crate::model::Timestamp;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

mod dateline;
mod kind;
mod tags;
mod text;

pub use dateline::dateline;
pub use kind::article_kind;
pub use text::{html_to_text, plain_text, title_text};

/// The date forms story files accept, for error messages.
pub const DATE_FORMS: &str = "RFC 3339 such as 2026-01-30T09:00:00+09:00, a local time such as 2026-01-30 09:00, or a date such as 2026-01-30";

/// Parses a date as editors write it. Times without an offset, and plain dates (taken as midnight),
/// are read in the site's time zone.
pub fn parse_date(text: &str, tz: Tz) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.to_utc());
    }
    // RFC 3339 allows a space for the `T`, and people write `Z`-less offsets; try the common variants.
    for form in [
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(date) = DateTime::parse_from_str(text, form) {
            return Some(date.to_utc());
        }
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })?;
    // In a DST gap the earliest valid reading wins; ambiguous times take the first.
    tz.from_local_datetime(&local)
        .earliest()
        .map(|d| d.to_utc())
}

/// A URL segment from any text: ASCII transliteration, lowercase, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if is_reserved_name(&slug) {
        // `con` would be a device, not a folder, where the site is checked out on Windows.
        slug.push_str("-1");
    }
    shorten_slug(slug)
}

/// What a slug or id may be, for help messages.
pub const SLUG_RULES: &str = "lowercase letters, digits and single dashes, at most 200 bytes, not a Windows device name such as `con` or `aux`";

/// The names Windows keeps for devices (`con`, `aux`, `nul`, `prn`, `com1`-`com9`, `lpt1`-`lpt9`,
/// case aside): a folder of that name cannot be made or checked out there, so no slug or id is one.
pub fn is_reserved_name(name: &str) -> bool {
    // Without allocating: `slugify` asks this of every slug it makes.
    let stem = name.split('.').next().unwrap_or_default().as_bytes();
    let is = |word: &[u8]| stem.eq_ignore_ascii_case(word);
    let numbered = |prefix: &[u8]| {
        stem.len() == 4 && stem[..3].eq_ignore_ascii_case(prefix) && matches!(stem[3], b'1'..=b'9')
    };
    is(b"con") || is(b"prn") || is(b"aux") || is(b"nul") || numbered(b"com") || numbered(b"lpt")
}

/// The longest slug or id, in bytes: each is a folder name in the output, and file systems allow
/// 255 bytes a name.
pub const MAX_SLUG: usize = 200;

/// A slug longer than [`MAX_SLUG`] cut at a dash and given the hash of the whole, so that two long
/// names sharing their start still get two slugs; shorter slugs are kept as they are.
fn shorten_slug(slug: String) -> String {
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let hash = xxhash_rust::xxh3::xxh3_64(slug.as_bytes());
    let keep = slug[..MAX_SLUG - 17].rfind('-').unwrap_or(MAX_SLUG - 17);
    format!("{}-{hash:016x}", &slug[..keep])
}

/// Whether a slug or id is already URL-safe: `a-z`, `0-9` and single inner `-`, at most
/// [`MAX_SLUG`] bytes.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_SLUG
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && !is_reserved_name(text)
}

/// Cuts plain text to at most `max` characters at a word boundary, adding `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    let Some((end, _)) = text.char_indices().nth(max) else {
        return text;
    };
    let cut = &text[..end];
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    [cut.trim_end_matches([',', ';', ':', '.', ' ', '-']), "…"].concat()
}

/// Joins runs of whitespace into single spaces and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Query parameters that only track who clicked where. They never change which article a URL points
/// to, so [`canonical_url`] drops them; names are compared in lowercase, `*` ends a prefix.
#[rustfmt::skip]
pub const TRACKING_QUERY_PARAMS: &[&str] = &[
    // Campaign tags: Google Analytics (used by nearly every outlet), AT Internet (`xtor`, French
    // press), Webtrekk (`wt_*`, German press), and the share tags of NYT, BBC, Microsoft Start.
    "utm_*", "xtor", "wt_mc", "wt_zmc", "cmpid", "ocid", "smid", "at_medium", "at_campaign",
    // Click ids: Facebook, Google, Microsoft, Yandex, X, TikTok, LinkedIn, Instagram.
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
    "ttclid", "li_fat_id", "igshid",
    // Newsletters and marketing tools: Mailchimp, HubSpot, Marketo, Vero.
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "vero_id",
    // Google cross-domain linkers; X (Twitter) embeds.
    "_ga", "_gl", "ref_src", "ref_url",
];

/// The form of an article URL that two mentions of the same article share: `raw` resolved against
/// `base`, http(s) only, scheme and host in lowercase, no default port, no fragment, no
/// [tracking parameters](TRACKING_QUERY_PARAMS); other query parameters keep their order and
/// spelling. `None` when `raw` is not an http(s) URL even after resolving.
pub fn canonical_url(raw: &str, base: Option<&str>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let base = base.and_then(|b| url::Url::parse(b.trim()).ok());
    // The url crate lowercases the scheme and host and drops default ports while parsing.
    let mut url = url::Url::options()
        .base_url(base.as_ref())
        .parse(raw)
        .ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| !pair.is_empty() && !is_tracking_param(pair))
            .collect();
        let kept = kept.join("&");
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
    }
    Some(url.into())
}

/// Whether one `name=value` pair of a query string is a tracking parameter.
fn is_tracking_param(pair: &str) -> bool {
    let name = pair.split('=').next().unwrap_or_default();
    let name = percent_encoding::percent_decode_str(name)
        .decode_utf8_lossy()
        .to_ascii_lowercase();
    TRACKING_QUERY_PARAMS
        .iter()
        .any(|known| match known.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *known,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn long_names_get_short_distinct_slugs() {
        let long = |end: &str| format!("{} {end}", "word ".repeat(60));
        let (a, b) = (slugify(&long("one")), slugify(&long("two")));
        assert!(
            a.len() <= MAX_SLUG && b.len() <= MAX_SLUG && is_slug(&a),
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(a, slugify(&long("one")), "the same name, the same slug");
        assert_eq!(slugify("Short name"), "short-name");
    }

    #[test]
    fn dates_with_offsets_become_utc() {
        let d = parse_date("2026-01-30T09:00:00+09:00", chrono_tz::UTC).unwrap();
        assert_eq!(d, Utc.with_ymd_and_hms(2026, 1, 30, 0, 0, 0).unwrap());
        let d = parse_date("2026-01-30 09:00:00+09:00", chrono_tz::UTC).unwrap();
        assert_eq!(d, Utc.with_ymd_and_hms(2026, 1, 30, 0, 0, 0).unwrap());
    }

    #[test]
    fn dates_without_offsets_are_read_in_the_site_time_zone() {
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            parse_date("2026-01-30", tokyo).unwrap(),
            Utc.with_ymd_and_hms(2026, 1, 29, 15, 0, 0).unwrap()
        );
        assert_eq!(
            parse_date("2026-01-30 10:30", chrono_tz::UTC).unwrap(),
            Utc.with_ymd_and_hms(2026, 1, 30, 10, 30, 0).unwrap()
        );
    }

    #[test]
    fn invalid_dates_are_rejected() {
        for bad in ["2026-13-01", "2026-02-30", "yesterday", "", "30/01/2026"] {
            assert!(parse_date(bad, chrono_tz::UTC).is_none(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_ascii_words_joined_by_dashes() {
        assert_eq!(slugify("South Korea"), "south-korea");
        assert_eq!(slugify("  Économie & Société!  "), "economie-societe");
        assert_eq!(slugify("AI/Unmanned--Systems"), "ai-unmanned-systems");
        assert_eq!(slugify("!!!"), "");
        assert!(is_slug("japan-korea-2026"));
        for reserved in ["con", "aux", "nul", "prn", "com1", "lpt9"] {
            assert!(!is_slug(reserved), "{reserved}");
            assert_eq!(slugify(&reserved.to_uppercase()), format!("{reserved}-1"));
        }
        assert!(is_slug("com0") && is_slug("console") && is_slug("aux-power"));
        assert_eq!(slugify("Con"), "con-1");
        assert!(!is_slug(&"a".repeat(MAX_SLUG + 1)));
        assert!(!is_slug("Japan"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("../etc"));
    }

    #[test]
    fn truncation_cuts_at_a_word() {
        assert_eq!(truncate("short text", 50), "short text");
        assert_eq!(truncate("the quick brown fox jumps", 12), "the quick…");
    }

    #[test]
    fn canonical_urls_drop_tracking_fragments_and_default_ports() {
        assert_eq!(
            canonical_url(
                " HTTPS://News.Example.COM:443/World/Story?id=7&utm_source=rss&UTM_Medium=x&fbclid=1&page=2#top ",
                None
            )
            .as_deref(),
            Some("https://news.example.com/World/Story?id=7&page=2")
        );
        assert_eq!(
            canonical_url("http://a.example:80/?gclid=9&mc_cid=1&_ga=2", None).as_deref(),
            Some("http://a.example/")
        );
        assert_eq!(
            canonical_url("http://a.example:8080/x?q=a%20b&ref=home", None).as_deref(),
            Some("http://a.example:8080/x?q=a%20b&ref=home")
        );
    }

    #[test]
    fn canonical_urls_resolve_relative_links_against_the_base() {
        let base = Some("https://feeds.example/news/rss.xml");
        assert_eq!(
            canonical_url("/2026/01/story.html", base).as_deref(),
            Some("https://feeds.example/2026/01/story.html")
        );
        assert_eq!(
            canonical_url("story.html?utm_campaign=feed", base).as_deref(),
            Some("https://feeds.example/news/story.html")
        );
        assert_eq!(
            canonical_url("//cdn.example/a", base).as_deref(),
            Some("https://cdn.example/a")
        );
        assert_eq!(canonical_url("/relative/without/base", None), None);
    }

    #[test]
    fn canonical_urls_are_only_http_or_https() {
        for bad in [
            "mailto:desk@news.example",
            "ftp://a.example/x",
            "javascript:alert(1)",
            "",
            "  ",
        ] {
            assert_eq!(
                canonical_url(bad, Some("https://feeds.example/")),
                None,
                "{bad}"
            );
        }
        assert_eq!(canonical_url("tag:news.example,2026:1", None), None);
    }
}
