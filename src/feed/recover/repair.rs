//! What the recovery layer did to a document, one value per repair, so the fetch summary and the
//! feed-status page can say exactly how a feed was read ("decompressed gzip; replaced 3 HTML
//! entities") and a feed's owner can fix the cause.

use std::fmt;

/// How the encoding of a document was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte-order mark.
    ByteOrderMark,
    /// The `charset` of the HTTP `Content-Type`.
    Http,
    /// The XML declaration's `encoding`.
    Declared,
    /// The shape of the bytes (UTF-16/32 without a byte-order mark, or statistics).
    Detected,
}

/// One repair applied to a document before it parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// The body was gzip (or zlib) compressed.
    Decompressed {
        format: &'static str,
    },
    /// The body was not UTF-8; it was transcoded from this encoding.
    Transcoded {
        from: &'static str,
        source: EncodingSource,
    },
    /// The body said it was in `declared`, but is valid UTF-8 and was read as such.
    Mislabelled {
        declared: &'static str,
    },
    /// UTF-8 with sequences that are not UTF-8; they became U+FFFD.
    InvalidUtf8 {
        count: usize,
    },
    NormalisedJsonFeed {
        what: Vec<&'static str>,
    },
    /// The feed was found inside something else: an HTML page, a PHP warning before it.
    ExtractedFeed {
        /// The feed's root element, `rss`, `feed` or `rdf:RDF`.
        root: String,
        /// The element the document starts with, when it is not the feed's.
        page: Option<String>,
    },
    RemovedDoctype,
    /// `<rss>` without a `version`.
    AddedRssVersion,
    /// A root `<channel>` without the `<rss>` around it.
    AddedRssRoot,
    /// `<rss>` with items but no `<channel>` around them.
    AddedRssChannel,
    /// `<rss version="...">` with a version the parser does not know.
    ReadRssVersion {
        version: String,
    },
    /// A default namespace on `<rss>` (Userland's, Harvard's) hid every element from the parser.
    RemovedRssNamespace {
        namespace: String,
    },
    /// RSS 0.90's namespace on `<rdf:RDF>`.
    ReadRss090AsRss1,
    /// A root the parser does not know by its name (`<rdf>` for RSS 1.0's `<rdf:RDF>`).
    RenamedRoot {
        from: String,
        to: String,
    },
    /// RSS 1.0 items without a `<link>` were given their `rdf:about`.
    AddedItemLinks {
        count: usize,
    },
    /// A root in a namespace that is a misspelling of its format's.
    ReadNamespaceAs {
        namespace: String,
        format: &'static str,
    },
    /// `type` attributes of text constructs the parser does not know (`text/plain`).
    NormalisedTextTypes {
        count: usize,
    },
    ReadAtom03AsAtom1,
    ReplacedHtmlEntities {
        count: usize,
    },
    EscapedAmpersands {
        count: usize,
    },
    EscapedLessThan {
        count: usize,
    },
    RemovedControlCharacters {
        count: usize,
    },
    ClosedCdata {
        count: usize,
    },
    /// Unescaped HTML wrapped in CDATA, elements left open closed, stray end tags removed.
    BalancedMarkup {
        wrapped: usize,
        closed: usize,
        removed: usize,
    },
    RemovedEmptyElements {
        count: usize,
    },
    /// The document ended early; the elements still open were closed.
    ClosedTruncatedDocument {
        open: usize,
    },
    /// Texts held UTF-8 read as windows-1252 (`Ã©` for `é`): text nodes of the document, or
    /// parsed fields.
    RepairedMojibake {
        count: usize,
    },
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::Decompressed { format } => write!(f, "decompressed {format}"),
            Repair::Transcoded { from, source } => {
                let how = match source {
                    EncodingSource::ByteOrderMark => "byte-order mark",
                    EncodingSource::Http => "HTTP charset",
                    EncodingSource::Declared => "declared",
                    EncodingSource::Detected => "detected",
                };
                write!(f, "transcoded from {from} ({how})")
            }
            Repair::Mislabelled { declared } => {
                write!(f, "read as UTF-8 (declared {declared})")
            }
            Repair::InvalidUtf8 { count } => {
                write!(
                    f,
                    "replaced {} not valid in UTF-8",
                    plural(*count, "byte sequence")
                )
            }
            Repair::NormalisedJsonFeed { what } => {
                write!(f, "normalised the JSON Feed ({})", what.join(", "))
            }
            Repair::ExtractedFeed { root, page } => match page {
                Some(page) => write!(f, "read the <{root}> inside <{page}>"),
                None => write!(f, "read the <{root}> after other content"),
            },
            Repair::RemovedDoctype => f.write_str("removed the DOCTYPE"),
            Repair::AddedRssVersion => f.write_str("added the missing RSS version"),
            Repair::AddedRssChannel => f.write_str("added the missing <channel>"),
            Repair::AddedRssRoot => f.write_str("added the missing <rss> around the <channel>"),
            Repair::ReadRssVersion { version } => {
                write!(f, "read RSS version `{version}` as 2.0")
            }
            Repair::RemovedRssNamespace { namespace } => {
                write!(f, "removed a default namespace from <rss> ({namespace})")
            }
            Repair::ReadRss090AsRss1 => f.write_str("read RSS 0.90 as RSS 1.0"),
            Repair::RenamedRoot { from, to } => {
                write!(f, "renamed the root <{from}> to <{to}>")
            }
            Repair::AddedItemLinks { count } => write!(
                f,
                "took the link of {} from rdf:about",
                plural(*count, "RSS 1.0 item")
            ),
            Repair::ReadNamespaceAs { namespace, format } => {
                write!(f, "read namespace `{namespace}` as {format}")
            }
            Repair::NormalisedTextTypes { count } => {
                write!(f, "normalised {}", plural(*count, "text type"))
            }
            Repair::ReadAtom03AsAtom1 => f.write_str("read Atom 0.3 as Atom 1.0"),
            Repair::ReplacedHtmlEntities { count } => {
                write!(f, "replaced {}", plural(*count, "HTML entity"))
            }
            Repair::EscapedAmpersands { count } => {
                write!(f, "escaped {}", plural(*count, "stray ampersand"))
            }
            Repair::EscapedLessThan { count } => write!(f, "escaped {count} stray `<`"),
            Repair::RemovedControlCharacters { count } => {
                write!(f, "removed {}", plural(*count, "control character"))
            }
            Repair::ClosedCdata { count: 1 } => f.write_str("closed an unterminated CDATA section"),
            Repair::ClosedCdata { count } => {
                write!(f, "closed {count} unterminated CDATA sections")
            }
            Repair::BalancedMarkup {
                wrapped,
                closed,
                removed,
            } => {
                let mut parts = Vec::new();
                if *wrapped > 0 {
                    let what = plural(*wrapped, "element");
                    parts.push(format!("wrapped the unbalanced HTML of {what} in CDATA"));
                }
                if *closed > 0 {
                    parts.push(format!("closed {} left open", plural(*closed, "element")));
                }
                if *removed > 0 {
                    parts.push(format!("removed {}", plural(*removed, "stray end tag")));
                }
                f.write_str(&parts.join(", "))
            }
            Repair::RemovedEmptyElements { count } => {
                write!(f, "removed {}", plural(*count, "empty element"))
            }
            Repair::ClosedTruncatedDocument { open } => write!(
                f,
                "closed a truncated document ({} left open)",
                plural(*open, "element")
            ),
            Repair::RepairedMojibake { count } => {
                write!(f, "repaired mojibake in {}", plural(*count, "text"))
            }
        }
    }
}

/// `3 stray ampersands`, `1 HTML entity`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        return format!("1 {noun}");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{count} {stem}ies"),
        _ => format!("{count} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repair_reads_as_one_short_line() {
        let repairs = [
            Repair::Decompressed { format: "gzip" },
            Repair::Transcoded {
                from: "Shift_JIS",
                source: EncodingSource::Detected,
            },
            Repair::ReplacedHtmlEntities { count: 12 },
            Repair::ReplacedHtmlEntities { count: 1 },
            Repair::EscapedAmpersands { count: 3 },
            Repair::ClosedCdata { count: 1 },
            Repair::RemovedRssNamespace {
                namespace: "http://backend.userland.com/rss2".into(),
            },
        ];
        let lines: Vec<String> = repairs.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "decompressed gzip",
                "transcoded from Shift_JIS (detected)",
                "replaced 12 HTML entities",
                "replaced 1 HTML entity",
                "escaped 3 stray ampersands",
                "closed an unterminated CDATA section",
                "removed a default namespace from <rss> (http://backend.userland.com/rss2)",
            ]
        );
    }
}
