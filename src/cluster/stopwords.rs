//! Stop words of the languages whose feeds parallax expects most, used twice: to drop words that
//! say nothing about a story, and to guess a text's language cheaply (the language whose stop
//! words occur most), which is far faster than a statistical detector on every article.

use rust_stemmers::Algorithm;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// A language the tokeniser knows: its stop words and its stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    De,
    Es,
    Fr,
    It,
    Pt,
    Nl,
}

pub const LANGS: [Lang; 7] = [
    Lang::En,
    Lang::De,
    Lang::Es,
    Lang::Fr,
    Lang::It,
    Lang::Pt,
    Lang::Nl,
];

impl Lang {
    pub fn stemmer(self) -> Algorithm {
        match self {
            Lang::En => Algorithm::English,
            Lang::De => Algorithm::German,
            Lang::Es => Algorithm::Spanish,
            Lang::Fr => Algorithm::French,
            Lang::It => Algorithm::Italian,
            Lang::Pt => Algorithm::Portuguese,
            Lang::Nl => Algorithm::Dutch,
        }
    }

    fn list(self) -> &'static [&'static str] {
        match self {
            Lang::En => EN,
            Lang::De => DE,
            Lang::Es => ES,
            Lang::Fr => FR,
            Lang::It => IT,
            Lang::Pt => PT,
            Lang::Nl => NL,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::It => "it",
            Lang::Pt => "pt",
            Lang::Nl => "nl",
        }
    }

    /// This language's bit in [`stop_languages`].
    pub fn bit(self) -> u8 {
        1 << LANGS.iter().position(|&l| l == self).unwrap_or(0)
    }
}

/// The languages (bits, see [`Lang::bit`]) for which `word` (lowercase) is a stop word: one hash
/// lookup for all languages.
pub fn stop_languages(word: &str) -> u8 {
    static TABLE: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = FxHashMap::default();
        for lang in LANGS {
            for &w in lang.list() {
                *table.entry(w).or_default() |= lang.bit();
            }
        }
        table
    });
    if word.len() > 12 {
        return 0;
    }
    table.get(word).copied().unwrap_or(0)
}

pub(super) const EN: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "get", "gets", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over",
    "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "would", "yet", "you", "your",
];

pub(super) const DE: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "da", "das", "dass", "dem",
    "den", "der", "des", "die", "doch", "du", "durch", "ein", "eine", "einem", "einen", "einer",
    "eines", "er", "es", "für", "gegen", "hat", "hatte", "ich", "ihr", "im", "in", "ist", "ja",
    "kann", "mit", "nach", "nicht", "noch", "nur", "oder", "sein", "sich", "sie", "sind", "so",
    "um", "und", "uns", "unter", "vom", "von", "vor", "war", "was", "wenn", "werden", "wie", "wir",
    "wird", "wurde", "zu", "zum", "zur", "über",
];

pub(super) const ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "en", "entre", "es", "esta", "este", "ha", "han",
    "la", "las", "le", "les", "lo", "los", "más", "no", "para", "pero", "por", "que", "se", "sin",
    "sobre", "su", "sus", "tras", "un", "una", "y", "ya",
];

pub(super) const FR: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "la", "le", "les", "leur", "lui", "mais", "ne", "nous", "ont", "ou", "par", "pas",
    "plus", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "à",
    "été",
];

pub(super) const IT: &[&str] = &[
    "a", "al", "alla", "anche", "che", "con", "da", "dal", "dei", "del", "della", "di", "e", "gli",
    "ha", "i", "il", "in", "la", "le", "lo", "nel", "nella", "non", "per", "più", "si", "sono",
    "su", "sul", "tra", "un", "una", "è",
];

pub(super) const PT: &[&str] = &[
    "a", "ao", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "em", "foi", "mais", "na",
    "nas", "no", "nos", "não", "o", "os", "para", "pela", "pelo", "por", "que", "se", "sobre",
    "um", "uma", "é",
];

pub(super) const NL: &[&str] = &[
    "aan", "als", "bij", "dat", "de", "die", "dit", "een", "en", "er", "het", "hij", "in", "is",
    "met", "naar", "niet", "nog", "om", "ook", "op", "te", "tot", "uit", "van", "voor", "was",
    "wordt", "zijn",
];
