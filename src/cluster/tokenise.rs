//! Words of an article as comparable terms, in any script.
//!
//! Unicode word segmentation (UAX #29) finds the words; the language is guessed from stop words
//! (cheap enough for every article, unlike a statistical detector) and picks the stop list and the
//! Snowball stemmer. Runs of Han/Kana characters, which have no spaces, become character bigrams.
//! Each word also says whether its capitalisation tells something: a capital in the middle of a
//! sentence marks a name, one at a sentence start or in a Title Case Headline does not.

use super::stopwords::{LANGS, Lang, stop_languages};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// Longest text read from one field: enough for any lead paragraph, bounded for hostile feeds.
const MAX_FIELD_BYTES: usize = 4000;

/// Stop words a text needs before it is tagged with their language: one is chance ("la" in
/// "Sooky la-la Justin Bieber..."), and a wrong tag keeps an article from its story.
const MIN_STOP_HITS: usize = 2;

/// A text's language, as far as the tokeniser can tell. Texts of different tags are never
/// compared; `Unknown` (Latin script, no stop word decided) goes with any Latin language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tongue {
    Unknown,
    Latin(Lang),
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Cjk,
    Other,
}

impl Tongue {
    /// Whether texts of these tongues may be the same story.
    pub fn compatible(self, other: Tongue) -> bool {
        self == other
            || matches!(
                (self, other),
                (Tongue::Unknown, Tongue::Latin(_)) | (Tongue::Latin(_), Tongue::Unknown)
            )
    }

    fn stemmer(self) -> Option<Algorithm> {
        match self {
            Tongue::Unknown => Some(Algorithm::English),
            Tongue::Latin(lang) => Some(lang.stemmer()),
            Tongue::Cyrillic => Some(Algorithm::Russian),
            Tongue::Greek => Some(Algorithm::Greek),
            Tongue::Arabic => Some(Algorithm::Arabic),
            Tongue::Hebrew | Tongue::Cjk | Tongue::Other => None,
        }
    }
}

/// One term occurrence.
#[derive(Debug, Clone, Copy)]
pub struct Token<'t> {
    /// Lowercase, stemmed: what similarities compare.
    pub stem: &'t str,
    /// The word as written.
    pub surface: &'t str,
    pub in_title: bool,
    /// `Some(capitalised)` where the capitalisation is informative, `None` elsewhere.
    pub capital: Option<bool>,
    pub numeric: bool,
}

/// A field cut to `MAX_FIELD_BYTES` at a character boundary.
pub(super) fn bounded(text: &str) -> &str {
    if text.len() <= MAX_FIELD_BYTES {
        return text;
    }
    let mut end = MAX_FIELD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A word as segmented, before the language is known.
struct Word<'t> {
    text: &'t str,
    in_title: bool,
    /// Starts a sentence or sits in a Title Case headline: its capital says nothing.
    capital_free: bool,
}

/// Lowercase word -> stem.
type StemCache = HashMap<Box<str>, Box<str>>;

/// Splits articles into tokens; keeps a cache of stems, so keep one per thread.
#[derive(Default)]
pub struct Tokeniser {
    /// Per tongue met: its stemmer and its cache, lowercase word -> stem.
    stemmers: Vec<(Tongue, Option<Stemmer>, StemCache)>,
    lower: String,
}

/// Stems cached per thread before the cache is cleared (bounds memory on huge corpora).
const MAX_CACHED: usize = 200_000;

impl Tokeniser {
    /// Calls `emit` with every term of the title, then of the summary; returns the tongue.
    pub fn each(&mut self, title: &str, summary: &str, mut emit: impl FnMut(Token<'_>)) -> Tongue {
        let (title, summary) = (bounded(title), bounded(summary));
        let mut words = segment(title, true);
        let title_case = is_title_case(&words);
        words.iter_mut().for_each(|w| w.capital_free |= title_case);
        words.extend(segment(summary, false));
        let tongue = self.tongue(title, summary, &words);
        let mut cjk_before: Option<(char, bool)> = None;
        for word in &words {
            let mut chars = word.text.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && is_cjk(c)
            {
                let mut stem = String::new();
                stem.extend(cjk_before.filter(|b| b.1 == word.in_title).map(|b| b.0));
                stem.push(c);
                let (surface, in_title) = (word.text, word.in_title);
                emit(Token {
                    stem: &stem,
                    surface,
                    in_title,
                    capital: None,
                    numeric: false,
                });
                cjk_before = Some((c, word.in_title));
                continue;
            }
            cjk_before = None;
            self.word(tongue, word, &mut emit);
        }
        tongue
    }

    fn tongue(&mut self, title: &str, summary: &str, words: &[Word]) -> Tongue {
        let script = script_of(title.chars().chain(summary.chars()));
        if script != Tongue::Unknown {
            return script;
        }
        latin_tongue(words.iter().map(|w| w.text), &mut self.lower)
    }

    fn word(&mut self, tongue: Tongue, word: &Word, emit: &mut impl FnMut(Token)) {
        let text = word.text;
        let text = text
            .strip_suffix("'s")
            .or_else(|| text.strip_suffix("’s"))
            .unwrap_or(text);
        lowercase(text, &mut self.lower);
        let numeric = self.lower.chars().any(|c| c.is_numeric());
        if (!numeric && self.lower.chars().nth(1).is_none()) || is_stop(tongue, &self.lower) {
            return;
        }
        let capital = text
            .chars()
            .next()
            .filter(|c| !word.capital_free && (c.is_uppercase() || c.is_lowercase()))
            .map(char::is_uppercase);
        let in_title = word.in_title;
        if numeric {
            let stem = self.lower.as_str();
            emit(Token {
                stem,
                surface: text,
                in_title,
                capital,
                numeric,
            });
            return;
        }
        let stem = self.stem(tongue);
        emit(Token {
            stem,
            surface: text,
            in_title,
            capital,
            numeric,
        });
    }

    /// The stem of `self.lower` in `tongue`, from the cache when it can.
    fn stem(&mut self, tongue: Tongue) -> &str {
        let k = match self.stemmers.iter().position(|s| s.0 == tongue) {
            Some(k) => k,
            None => {
                let stemmer = tongue.stemmer().map(Stemmer::create);
                self.stemmers.push((tongue, stemmer, HashMap::new()));
                self.stemmers.len() - 1
            }
        };
        let (_, stemmer, cache) = &mut self.stemmers[k];
        if cache.len() > MAX_CACHED {
            cache.clear();
        }
        let word = self.lower.as_str();
        if !cache.contains_key(word) {
            let stem: Box<str> = match stemmer {
                Some(s) => s.stem(word).into(),
                None => word.into(),
            };
            cache.insert(word.into(), stem);
        }
        &cache[word]
    }
}

/// The tongue of Latin-script `words`: the language whose stop words occur most, when at least
/// `MIN_STOP_HITS` of them do and no other language has as many; else `Unknown`. `lower` is a
/// scratch buffer.
pub(super) fn latin_tongue<'t>(words: impl Iterator<Item = &'t str>, lower: &mut String) -> Tongue {
    let mut hits = [0usize; LANGS.len()];
    for word in words.filter(|w| w.len() <= 12) {
        lowercase(word, lower);
        let bits = stop_languages(lower);
        for (k, hit) in hits.iter_mut().enumerate() {
            *hit += usize::from(bits & (1 << k) != 0);
        }
    }
    let best = (0..LANGS.len()).max_by_key(|&k| (hits[k], std::cmp::Reverse(k)));
    match best {
        Some(k)
            if hits[k] >= MIN_STOP_HITS && hits.iter().filter(|&&h| h == hits[k]).count() == 1 =>
        {
            Tongue::Latin(LANGS[k])
        }
        _ => Tongue::Unknown,
    }
}

fn lowercase(text: &str, into: &mut String) {
    into.clear();
    if text.is_ascii() {
        into.push_str(text);
        into.make_ascii_lowercase();
    } else {
        into.extend(text.chars().flat_map(char::to_lowercase));
    }
}

fn is_stop(tongue: Tongue, lower: &str) -> bool {
    match tongue {
        Tongue::Latin(lang) => stop_languages(lower) & lang.bit() != 0,
        Tongue::Unknown => stop_languages(lower) & Lang::En.bit() != 0,
        _ => false,
    }
}

/// The words of one field, each marked when it starts a sentence.
fn segment(text: &str, in_title: bool) -> Vec<Word<'_>> {
    let mut previous: Option<(usize, &str)> = None;
    text.unicode_word_indices()
        .map(|(start, word)| {
            let capital_free = match previous {
                None => true,
                Some((end, before)) => starts_sentence(&text[end..start], before),
            };
            previous = Some((start + word.len(), word));
            Word {
                text: word,
                in_title,
                capital_free,
            }
        })
        .collect()
}

/// Whether the text `between` two words ends a sentence: a full stop after an abbreviation
/// ("Mt.", "U.S.", "Dr.") does not.
fn starts_sentence(between: &str, before: &str) -> bool {
    if between.contains(['!', '?', ':', '"', '“', '|']) {
        return true;
    }
    let abbreviation = before.contains('.')
        || (before.chars().count() <= 3 && before.chars().next().is_some_and(char::is_uppercase));
    between.contains('.') && !abbreviation
}

/// Whether most longer words of a headline start with a capital ("Fed Raises Rates Again").
fn is_title_case(words: &[Word]) -> bool {
    let (mut long, mut capital) = (0, 0);
    for word in words.iter().filter(|w| w.text.chars().count() > 3) {
        if let Some(c) = word.text.chars().next().filter(|c| c.is_alphabetic()) {
            long += 1;
            capital += usize::from(c.is_uppercase());
        }
    }
    long > 0 && capital * 10 >= long * 7
}

/// The script most letters are written in (`Unknown` for Latin or no letters).
pub(super) fn script_of(chars: impl Iterator<Item = char>) -> Tongue {
    let mut counts = [0usize; 7];
    for c in chars.filter(|c| c.is_alphabetic()) {
        let k = match c as u32 {
            0x0000..=0x024F | 0x1E00..=0x1EFF => 0,
            0x0400..=0x052F => 1,
            0x0370..=0x03FF => 2,
            0x0600..=0x06FF | 0x0750..=0x077F => 3,
            0x0590..=0x05FF => 4,
            _ if is_cjk(c) => 5,
            _ => 6,
        };
        counts[k] += 1;
    }
    let tags = [
        Tongue::Unknown,
        Tongue::Cyrillic,
        Tongue::Greek,
        Tongue::Arabic,
        Tongue::Hebrew,
        Tongue::Cjk,
        Tongue::Other,
    ];
    let best = (0..7).max_by_key(|&k| (counts[k], std::cmp::Reverse(k)));
    best.map_or(Tongue::Unknown, |k| tags[k])
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}
