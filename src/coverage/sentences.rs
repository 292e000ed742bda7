//! Sentences of an article's summary, for key points: a key point is a whole sentence, never one
//! cut at an abbreviation ("... investigating the Jan."), an initial or a number.
//!
//! Segmentation is `sentencex` (Wikimedia's segmenter: per-language abbreviation lists for some
//! thirty languages, name initials, numbers, quotes), followed by a repair pass for what it still
//! splits in news text: a piece never ends at a title before a name ("Ft. Bragg", "M. Macron",
//! "Gov. Newsom"), nor at a lone initial, and the next piece never starts with a lowercase letter.
//! When in doubt two sentences stay together: a long sentence is only left out of the key
//! points, while a cut one would be quoted wrong.

/// Titles and other abbreviations that stand before a name in en, fr, de, es and pt news, so a
/// sentence never ends at them (written without the full stop; matched case-sensitively).
#[rustfmt::skip]
const BEFORE_A_NAME: &[&str] = &[
    // English
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gov", "Sen", "Sens", "Rep", "Reps", "Pres", "Gen",
    "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Cpl", "Pvt", "Atty", "Supt", "Rev", "Fr",
    "Hon", "Ft", "Mt",
    // French
    "MM", "Mme", "Mmes", "Mlle", "Mlles", "Mgr", "Pr",
    // German
    "Hr", "Hrn", "Dipl",
    // Spanish and Portuguese
    "Sr", "Sra", "Srta", "Sres", "Dra", "Dña", "Lic", "Ing", "Profa", "Exmo", "Exma", "Dep", "Sto",
    "Sta",
];

/// Month abbreviations (en, de) before a day: a key point never ends at one ("... the Jan.").
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mär",
    "Okt", "Dez",
];

/// The sentences of `text`, trimmed, for a text in `language` (ISO 639-1 such as `en`, or a BCP 47
/// tag such as `pt-BR`; languages the segmenter does not know are read with its fallbacks, else as
/// English).
pub fn sentences<'a>(text: &'a str, language: &str) -> Vec<&'a str> {
    let code = language
        .split(['-', '_'])
        .next()
        .unwrap_or(language)
        .to_ascii_lowercase();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for boundary in sentencex::get_sentence_boundaries(&code, text) {
        let (start, end) = (boundary.start_byte, boundary.end_byte);
        if text.get(start..end).is_none_or(|s| s.trim().is_empty()) {
            continue;
        }
        match pieces.last_mut() {
            Some(last) if continues(&text[last.0..last.1], &text[start..end]) => last.1 = end,
            _ => pieces.push((start, end)),
        }
    }
    pieces.iter().map(|&(s, e)| text[s..e].trim()).collect()
}

/// Whether `next` continues the sentence `piece` rather than starting one.
fn continues(piece: &str, next: &str) -> bool {
    let next = next.trim_start();
    if next.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    let Some(word) = last_word(piece) else {
        return false;
    };
    is_initial(word) || BEFORE_A_NAME.contains(&word)
}

/// Whether a sentence ends with an abbreviation that cannot end one (a title, an initial, a
/// month): such a sentence was cut, and is no key point.
pub fn ends_at_abbreviation(sentence: &str) -> bool {
    last_word(sentence)
        .is_some_and(|w| is_initial(w) || BEFORE_A_NAME.contains(&w) || MONTHS.contains(&w))
}

/// The word before a final full stop: `Gov` of "... said Gov.", `None` without one.
fn last_word(text: &str) -> Option<&str> {
    let head = text.trim_end().strip_suffix('.')?;
    let word = head
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘' | '\'' | '-'))
        .next()?;
    (!word.is_empty()).then_some(word)
}

/// A lone capital letter: the initial of "John F. Kennedy" or of "M. Macron".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (language, text, the sentences it holds).
    const CASES: &[(&str, &str, &[&str])] = &[
        (
            "en",
            "The U.S. and Japan met. Mr. Ahn spoke! Talks end Friday. 2026 is next",
            &[
                "The U.S. and Japan met.",
                "Mr. Ahn spoke!",
                "Talks end Friday.",
                "2026 is next",
            ],
        ),
        (
            "en",
            "Prosecutors are investigating the Jan. 6 attack on the Capitol. The committee met on Tuesday.",
            &[
                "Prosecutors are investigating the Jan. 6 attack on the Capitol.",
                "The committee met on Tuesday.",
            ],
        ),
        (
            "en",
            "The vote is set for Feb. 14 in Sept. or Oct. after a delay. Officials expect a close race.",
            &[
                "The vote is set for Feb. 14 in Sept. or Oct. after a delay.",
                "Officials expect a close race.",
            ],
        ),
        (
            "en",
            "Gov. Gavin Newsom and Sen. Alex Padilla, D-Calif., agreed with Rep. Jones. Dr. Smith did not.",
            &[
                "Gov. Gavin Newsom and Sen. Alex Padilla, D-Calif., agreed with Rep. Jones.",
                "Dr. Smith did not.",
            ],
        ),
        (
            "en",
            "Gen. Milley spoke at Ft. Bragg and Mt. Vernon on Oct. 3. He left.",
            &[
                "Gen. Milley spoke at Ft. Bragg and Mt. Vernon on Oct. 3.",
                "He left.",
            ],
        ),
        (
            "en",
            "Author J. K. Rowling and John F. Kennedy Jr. were named. Growth was 3.5 percent, e.g. in the U.K. and the E.U., vs. 2.1 percent.",
            &[
                "Author J. K. Rowling and John F. Kennedy Jr. were named.",
                "Growth was 3.5 percent, e.g. in the U.K. and the E.U., vs. 2.1 percent.",
            ],
        ),
        (
            "en",
            "No. 10 Downing St. said no, i.e. not now. Shares of Apple Inc. fell 2%.",
            &[
                "No. 10 Downing St. said no, i.e. not now.",
                "Shares of Apple Inc. fell 2%.",
            ],
        ),
        (
            "en",
            "\"We will win,\" he said. The crowd cheered (loudly). It was over?",
            &[
                "\"We will win,\" he said.",
                "The crowd cheered (loudly).",
                "It was over?",
            ],
        ),
        (
            "de",
            "Die Wahl findet am 1. März statt. Dr. Müller sagte, z. B. seien die Steuern zu hoch. Am 3. Oktober wurde gefeiert.",
            &[
                "Die Wahl findet am 1. März statt.",
                "Dr. Müller sagte, z. B. seien die Steuern zu hoch.",
                "Am 3. Oktober wurde gefeiert.",
            ],
        ),
        (
            "de",
            "Der Umsatz stieg um 3,5 Prozent, u. a. in der EU. Hr. Schmidt und Prof. Weber widersprachen.",
            &[
                "Der Umsatz stieg um 3,5 Prozent, u. a. in der EU.",
                "Hr. Schmidt und Prof. Weber widersprachen.",
            ],
        ),
        (
            "fr",
            "M. Macron a parlé. Le président, M. Macron, a répondu à Mme Dupont. Le prix est de 3,5 euros, p. ex. pour le pain.",
            &[
                "M. Macron a parlé.",
                "Le président, M. Macron, a répondu à Mme Dupont.",
                "Le prix est de 3,5 euros, p. ex. pour le pain.",
            ],
        ),
        (
            "es",
            "El Sr. García habló. La Sra. López respondió, p. ej. sobre EE. UU. y la economía. El Dr. Pérez calló.",
            &[
                "El Sr. García habló.",
                "La Sra. López respondió, p. ej. sobre EE. UU. y la economía.",
                "El Dr. Pérez calló.",
            ],
        ),
        (
            "pt",
            "O Sr. Silva falou. O gov. de SP e a Dra. Souza responderam sobre os EUA. O preço subiu 3,5%.",
            &[
                "O Sr. Silva falou.",
                "O gov. de SP e a Dra. Souza responderam sobre os EUA.",
                "O preço subiu 3,5%.",
            ],
        ),
        (
            "pt-BR",
            "A Profa. Lima respondeu. Tudo certo.",
            &["A Profa. Lima respondeu.", "Tudo certo."],
        ),
    ];

    #[test]
    fn sentences_end_at_full_stops_but_not_at_abbreviations_initials_or_numbers() {
        for (language, text, expected) in CASES {
            assert_eq!(sentences(text, language), *expected, "{language}: {text}");
        }
    }

    #[test]
    fn every_sentence_ends_at_a_sentence_end_in_the_table() {
        for (language, text, _) in CASES {
            for s in sentences(text, language) {
                assert!(!ends_at_abbreviation(s), "{language}: {s:?} was cut");
            }
        }
    }

    #[test]
    fn cut_sentences_are_recognised() {
        for cut in [
            "Prosecutors are investigating the Jan.",
            "The bill was signed by Gov.",
            "Talks with M.",
            "A speech by John F.",
            "Le président (M.",
        ] {
            assert!(ends_at_abbreviation(cut), "{cut}");
        }
        for whole in [
            "The meeting ended at 5 p.m.",
            "Troops returned to the U.S.",
            "Shares of Apple Inc. fell.",
            "Growth was 3.5 percent.",
            "He spoke.",
            "No full stop at the end",
        ] {
            assert!(!ends_at_abbreviation(whole), "{whole}");
        }
    }

    #[test]
    fn text_without_a_full_stop_is_one_sentence_and_blank_text_none() {
        assert_eq!(
            sentences("  one sentence without an end  ", "en"),
            ["one sentence without an end"]
        );
        assert!(sentences("   ", "en").is_empty());
        assert!(sentences("", "xx").is_empty());
    }
}
