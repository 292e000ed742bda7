//! Words of an article as comparable terms, in any script.
//!
//! Unicode word segmentation (UAX #29) finds the words; the language is guessed from stop words
//! (cheap enough for every article, unlike a statistical detector) and picks the stop list and the
//! Snowball stemmer. Runs of Han/Kana characters, which have no spaces, become character bigrams.
//! Each word also says whether its capitalisation tells something: a capital in the middle of a
//! sentence marks a name, one at a sentence start or in a Title Case Headline does not.

use super::stopwords::{LANGS, Lang};
use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Longest text read from one field: enough for any lead paragraph, bounded for hostile feeds.
const MAX_FIELD_BYTES: usize = 4000;

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

/// A text's field cut to `MAX_FIELD_BYTES` at a character boundary.
fn bounded(text: &str) -> &str {
    if text.len() <= MAX_FIELD_BYTES {
        return text;
    }
    let mut end = MAX_FIELD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The tongue of a title and summary: script first, then stop words for Latin text.
pub fn tongue(title: &str, summary: &str) -> Tongue {
    let (title, summary) = (bounded(title), bounded(summary));
    let script = script_of(title.chars().chain(summary.chars()));
    if script != Tongue::Unknown {
        return script;
    }
    let mut hits = [0usize; LANGS.len()];
    for word in title.unicode_words().chain(summary.unicode_words()) {
        let lower = word.to_lowercase();
        for (k, lang) in LANGS.iter().enumerate() {
            hits[k] += usize::from(lang.is_stop(&lower));
        }
    }
    let best = (0..LANGS.len()).max_by_key(|&k| (hits[k], std::cmp::Reverse(k)));
    match best {
        Some(k) if hits[k] > 0 && hits.iter().filter(|&&h| h == hits[k]).count() == 1 => {
            Tongue::Latin(LANGS[k])
        }
        _ => Tongue::Unknown,
    }
}

/// The script most letters are written in (`Unknown` for Latin or no letters).
fn script_of(chars: impl Iterator<Item = char>) -> Tongue {
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

/// Splits texts into tokens for one tongue.
pub struct Tokeniser {
    tongue: Tongue,
    stemmer: Option<Stemmer>,
}

impl Tokeniser {
    pub fn new(tongue: Tongue) -> Self {
        Tokeniser {
            tongue,
            stemmer: tongue.stemmer().map(Stemmer::create),
        }
    }

    /// Calls `emit` with every term of the title, then of the summary.
    pub fn each(&self, title: &str, summary: &str, mut emit: impl FnMut(Token<'_>)) {
        let title = bounded(title);
        let title_case = is_title_case(title);
        self.field(title, true, title_case, &mut emit);
        self.field(bounded(summary), false, false, &mut emit);
    }

    fn field(&self, text: &str, in_title: bool, title_case: bool, emit: &mut impl FnMut(Token)) {
        let mut previous_end = 0;
        let mut cjk_run: Option<char> = None;
        for (start, word) in text.unicode_word_indices() {
            let sentence_start = previous_end == 0
                || text[previous_end..start].contains(['.', '!', '?', ':', '"', '“', '|']);
            previous_end = start + word.len();
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && is_cjk(c)
            {
                self.cjk(c, cjk_run, word, in_title, emit);
                cjk_run = Some(c);
                continue;
            }
            cjk_run = None;
            let informative = !(sentence_start || title_case);
            self.word(word, in_title, informative, emit);
        }
    }

    /// A bigram of this CJK character with the one before it (or the character alone at the
    /// start of a run).
    fn cjk(&self, c: char, before: Option<char>, word: &str, in_title: bool, emit: &mut impl FnMut(Token)) {
        let mut stem = String::new();
        stem.extend(before);
        stem.push(c);
        emit(Token { stem: &stem, surface: word, in_title, capital: None, numeric: false });
    }

    fn word(&self, word: &str, in_title: bool, informative: bool, emit: &mut impl FnMut(Token)) {
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        let lower = word.to_lowercase();
        let numeric = lower.chars().any(|c| c.is_numeric());
        if (!numeric && lower.chars().count() < 2) || self.is_stop(&lower) {
            return;
        }
        let first = word.chars().next();
        let capital = first
            .filter(|c| informative && (c.is_uppercase() || c.is_lowercase()))
            .map(|c| c.is_uppercase());
        let stem = match (&self.stemmer, numeric) {
            (Some(stemmer), false) => stemmer.stem(&lower),
            _ => lower.as_str().into(),
        };
        emit(Token { stem: &stem, surface: word, in_title, capital, numeric });
    }

    fn is_stop(&self, lower: &str) -> bool {
        match self.tongue {
            Tongue::Latin(lang) => lang.is_stop(lower),
            Tongue::Unknown => Lang::En.is_stop(lower),
            _ => false,
        }
    }
}

/// Whether most longer words of a headline start with a capital ("Fed Raises Rates Again").
fn is_title_case(title: &str) -> bool {
    let (mut long, mut capital) = (0, 0);
    for word in title.unicode_words().filter(|w| w.chars().count() > 3) {
        if let Some(c) = word.chars().next().filter(|c| c.is_alphabetic()) {
            long += 1;
            capital += usize::from(c.is_uppercase());
        }
    }
    long > 0 && capital * 10 >= long * 7
}
