//! A forgiving tokenizer for XML that may be broken: the repairs need to know where tags, comments
//! and CDATA sections are (an `&` inside CDATA is text, not a reference) without a parser that
//! gives up at the first error. It never fails and never panics: whatever it cannot close becomes
//! an [`Token::Unterminated`] piece that runs to the end of the text.
//!
//! Every position is a byte offset at an ASCII character, so slicing the text there is safe.

use std::ops::Range;

/// What a piece of the document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    /// Character data between markup.
    Text,
    /// A `<` that starts no markup (`a < b`): XML wants `&lt;`.
    StrayLt,
    /// `<name ...>` or `<name .../>`; `name` is the qualified name's range.
    Start {
        name: Range<usize>,
        self_closing: bool,
    },
    /// `</name>`.
    End {
        name: Range<usize>,
    },
    Comment,
    CData,
    /// `<?...?>`, the XML declaration included.
    Pi,
    /// `<!DOCTYPE ...>` and other `<!` declarations.
    Declaration,
    /// Markup the text ends inside of.
    Unterminated,
}

/// One piece of the document and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub token: Token,
    pub span: Range<usize>,
}

/// The pieces of `text`, in order; their spans cover the whole text.
pub(super) fn pieces(text: &str) -> Scanner<'_> {
    Scanner { text, at: 0 }
}

pub(super) struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Scanner<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let rest = bytes.get(start..).filter(|rest| !rest.is_empty())?;
        let (token, len) = if rest[0] != b'<' {
            let len = memchr(b'<', rest).unwrap_or(rest.len());
            (Token::Text, len)
        } else if rest.starts_with(b"<!--") {
            closed_by(rest, 4, b"-->", Token::Comment)
        } else if rest.starts_with(b"<![CDATA[") {
            closed_by(rest, 9, b"]]>", Token::CData)
        } else if rest.starts_with(b"<!") {
            declaration(rest)
        } else if rest.starts_with(b"<?") {
            closed_by(rest, 2, b"?>", Token::Pi)
        } else if rest.starts_with(b"</") {
            match tag_end(rest, 2) {
                TagEnd::At(end) => {
                    let name = name_len(&rest[2..]);
                    let name = start + 2..start + 2 + name;
                    (Token::End { name }, end)
                }
                TagEnd::Lt => (Token::StrayLt, 1),
                TagEnd::Eof => (Token::Unterminated, rest.len()),
            }
        } else if rest.get(1).is_some_and(|&b| is_name_start(b)) {
            match tag_end(rest, 1) {
                TagEnd::At(end) => {
                    let name = start + 1..start + 1 + name_len(&rest[1..]);
                    let self_closing = rest[..end - 1].ends_with(b"/");
                    (Token::Start { name, self_closing }, end)
                }
                TagEnd::Lt => (Token::StrayLt, 1),
                TagEnd::Eof => (Token::Unterminated, rest.len()),
            }
        } else {
            (Token::StrayLt, 1)
        };
        self.at = start + len;
        Some(Piece {
            token,
            span: start..self.at,
        })
    }
}

/// Markup opened by `skip` bytes and closed by `close`, or unterminated.
fn closed_by(rest: &[u8], skip: usize, close: &[u8], token: Token) -> (Token, usize) {
    match find(rest.get(skip..).unwrap_or_default(), close) {
        Some(at) => (token, skip + at + close.len()),
        None => (Token::Unterminated, rest.len()),
    }
}

/// `<!DOCTYPE ... [ internal subset ] >`: the `>` that ends it is outside brackets and quotes.
fn declaration(rest: &[u8]) -> (Token, usize) {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(2) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return (Token::Declaration, i + 1),
            _ => {}
        }
    }
    (Token::Unterminated, rest.len())
}

/// Where a tag ends.
enum TagEnd {
    /// Its length, up to and including its `>`.
    At(usize),
    /// Another `<` comes first: the first was no tag (`if a <b then`).
    Lt,
    /// The text ends inside it.
    Eof,
}

/// Where a tag ends, skipping quoted attribute values.
fn tag_end(rest: &[u8], from: usize) -> TagEnd {
    let mut i = from;
    let mut after_equals = false;
    while let Some(&b) = rest.get(i) {
        match b {
            b'>' => return TagEnd::At(i + 1),
            b'<' => return TagEnd::Lt,
            b'"' | b'\'' if after_equals => {
                let Some(close) = rest.get(i + 1..).and_then(|r| memchr(b, r)) else {
                    return TagEnd::Eof;
                };
                i += close + 1;
                after_equals = false;
            }
            b'=' => after_equals = true,
            b if b.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    TagEnd::Eof
}

/// The length of the name at the start of `bytes`.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'<'))
        .unwrap_or(bytes.len())
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

/// The local part of a qualified name (`media:title` -> `title`).
pub(super) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `name` in a start tag's text, with the range of the value (without
/// quotes) in that text.
pub(super) fn attribute(tag: &str, name: &str) -> Option<(String, Range<usize>)> {
    attributes(tag)
        .into_iter()
        .find(|a| a.name == name)
        .map(|a| (tag[a.value.clone()].to_string(), a.value))
}

/// An attribute of a start tag: its name, and where it and its value are in the tag's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute<'a> {
    pub name: &'a str,
    /// From the name to the closing quote.
    pub whole: Range<usize>,
    pub value: Range<usize>,
}

/// The attributes of a start tag's text (`<name a="1" b='2'>`), as far as they are well formed.
pub(super) fn attributes(tag: &str) -> Vec<Attribute<'_>> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 1 + name_len(bytes.get(1..).unwrap_or_default());
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        if i == name_start {
            return out;
        }
        let name_end = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return out;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let Some(&quote) = bytes.get(i).filter(|&&b| b == b'"' || b == b'\'') else {
            return out;
        };
        let Some(len) = bytes.get(i + 1..).and_then(|rest| memchr(quote, rest)) else {
            return out;
        };
        out.push(Attribute {
            name: &tag[name_start..name_end],
            whole: name_start..i + len + 2,
            value: i + 1..i + 1 + len,
        });
        i += len + 2;
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// Where `needle` first occurs in `haystack`.
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Token, &str)> {
        pieces(text)
            .map(|p| {
                let token = match p.token {
                    Token::Start { self_closing, .. } => Token::Start {
                        name: 0..0,
                        self_closing,
                    },
                    Token::End { .. } => Token::End { name: 0..0 },
                    other => other,
                };
                (token, &text[p.span])
            })
            .collect()
    }

    #[test]
    fn markup_is_cut_into_pieces_that_cover_the_text() {
        let text = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"b>\">]><rss a='>'>x &amp; <![CDATA[<p>&]]><!-- c --><br/></rss>";
        let texts: Vec<&str> = kinds(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            texts,
            [
                "<?xml version=\"1.0\"?>",
                "<!DOCTYPE rss [<!ENTITY a \"b>\">]>",
                "<rss a='>'>",
                "x &amp; ",
                "<![CDATA[<p>&]]>",
                "<!-- c -->",
                "<br/>",
                "</rss>"
            ]
        );
        assert_eq!(texts.concat(), text);
    }

    #[test]
    fn unclosed_markup_runs_to_the_end_and_stray_lt_is_one_byte() {
        let pieces = kinds("<a>1 < 2<b><![CDATA[x");
        assert_eq!(pieces[2], (Token::StrayLt, "<"));
        assert_eq!(kinds("if a <b then <c>")[1], (Token::StrayLt, "<"));
        assert_eq!(pieces.last().unwrap(), &(Token::Unterminated, "<![CDATA[x"));
        assert_eq!(kinds("<title")[0].0, Token::Unterminated);
        assert_eq!(kinds("<a href=\"x").last().unwrap().0, Token::Unterminated);
        assert_eq!(
            kinds("é<é>")[1].0,
            Token::Start {
                name: 0..0,
                self_closing: false
            }
        );
    }

    #[test]
    fn names_and_attributes_are_found() {
        let text = "<media:title type=\"html\" xml:lang='fr'/>";
        let piece = pieces(text).next().unwrap();
        let Token::Start { name, self_closing } = piece.token else {
            panic!("not a start tag")
        };
        assert!(self_closing);
        assert_eq!(local(&text[name]), "title");
        let attrs = attributes(text);
        assert_eq!(attrs.len(), 2);
        assert_eq!(attrs[1].name, "xml:lang");
        assert_eq!(&text[attrs[1].whole.clone()], "xml:lang='fr'");
        assert_eq!(attribute(text, "type").unwrap().0, "html");
        assert_eq!(attribute(text, "mode"), None);
    }
}
