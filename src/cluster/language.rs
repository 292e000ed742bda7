//! A text's language as the tokeniser guesses it (its script; for Latin script, the language
//! whose stop words it uses most), offered to the rest of the build as ISO 639-1 codes.
//!
//! Cheap (one pass over the words, one hash lookup each) and deterministic, so it can run on every
//! article of every build, unlike a statistical detector; it knows the languages of
//! `stopwords.rs` and tells scripts apart, and says nothing when a text does not decide.

use super::stopwords::LANGS;
use super::tokenise::{Tongue, bounded, latin_tongue, script_of};
use unicode_segmentation::UnicodeSegmentation;

/// The ISO 639-1 code of the language `text` is written in, when its stop words (or its script,
/// for Greek and Hebrew) tell; `None` when they do not, or when its script is shared by several
/// languages (Cyrillic, Arabic, Han).
pub fn language_of(text: &str) -> Option<&'static str> {
    match tongue_of(text) {
        Tongue::Latin(lang) => Some(lang.code()),
        Tongue::Greek => Some("el"),
        Tongue::Hebrew => Some("he"),
        _ => None,
    }
}

/// Whether `text` may be in the language `code` (ISO 639-1 such as `en`, or a BCP 47 tag such as
/// `en-GB`): `false` only when its stop words name another language or it is written in another
/// script. A text that does not decide counts as in it.
pub fn may_be_in(text: &str, code: &str) -> bool {
    let wanted = script_of_language(code);
    match tongue_of(text) {
        Tongue::Unknown => true,
        Tongue::Latin(lang) => match wanted {
            Tongue::Latin(other) => lang == other,
            // A Latin-script language without a stop list: the text cannot be told from it.
            Tongue::Unknown => true,
            _ => false,
        },
        script => wanted == script,
    }
}

fn tongue_of(text: &str) -> Tongue {
    let text = bounded(text);
    match script_of(text.chars()) {
        Tongue::Unknown => latin_tongue(text.unicode_words(), &mut String::new()),
        script => script,
    }
}

/// The tongue texts in language `code` are tagged with: a stop list's language, a script, or
/// `Unknown` for the other Latin-script languages.
fn script_of_language(code: &str) -> Tongue {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    if let Some(&lang) = LANGS.iter().find(|l| l.code() == primary) {
        return Tongue::Latin(lang);
    }
    match primary.as_str() {
        "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" | "ky" | "mn" | "tg" => Tongue::Cyrillic,
        "el" => Tongue::Greek,
        "ar" | "fa" | "ur" | "ps" => Tongue::Arabic,
        "he" | "iw" | "yi" => Tongue::Hebrew,
        "zh" | "ja" | "ko" => Tongue::Cjk,
        "hi" | "mr" | "ne" | "bn" | "pa" | "gu" | "ta" | "te" | "kn" | "ml" | "si" | "th"
        | "lo" | "km" | "my" | "ka" | "hy" | "am" => Tongue::Other,
        _ => Tongue::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_name_the_language() {
        assert_eq!(
            language_of("The ministers of Japan and South Korea agreed on joint drills."),
            Some("en")
        );
        assert_eq!(
            language_of("Los ministros de Defensa de Japón y Corea del Sur acordaron ejercicios."),
            Some("es")
        );
        assert_eq!(
            language_of("Die Minister haben sich auf gemeinsame Übungen mit der Marine geeinigt."),
            Some("de")
        );
        assert_eq!(language_of("Ο υπουργός Άμυνας συναντήθηκε"), Some("el"));
        assert_eq!(
            language_of("Fed raises rates"),
            None,
            "no stop word decides"
        );
        assert_eq!(language_of("Министры обороны договорились"), None);
    }

    #[test]
    fn texts_that_do_not_decide_count_as_in_any_language() {
        let english = "The ministers of Japan and South Korea agreed on joint drills.";
        assert!(may_be_in(english, "en"));
        assert!(may_be_in(english, "en-GB"));
        assert!(!may_be_in(english, "es"));
        assert!(!may_be_in(english, "ru"), "the script differs");
        assert!(
            may_be_in(english, "sv"),
            "no Swedish stop list: cannot tell"
        );
        assert!(may_be_in("Fed raises rates", "de"));
        assert!(may_be_in("Министры обороны договорились", "ru"));
        assert!(!may_be_in("Министры обороны договорились", "en"));
        assert!(!may_be_in("Министры обороны договорились", "sv"));
    }
}
