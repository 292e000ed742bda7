//! The words of written dates: month names in the languages feeds are written in, and zone names.

/// Month names in full, in English, French, German, Spanish, Portuguese, Italian and Dutch.
#[rustfmt::skip]
const MONTHS: [&[&str]; 12] = [
    &["january", "janvier", "januar", "jänner", "enero", "janeiro", "gennaio", "januari"],
    &["february", "février", "fevrier", "februar", "febrero", "fevereiro", "febbraio", "februari"],
    &["march", "mars", "märz", "maerz", "mrz", "marzo", "março", "marco", "maart", "mrt"],
    &["april", "avril", "abril", "aprile"],
    &["may", "mai", "mayo", "maio", "maggio", "mei"],
    &["june", "juin", "juni", "junio", "junho", "giugno"],
    &["july", "juillet", "juli", "julio", "julho", "luglio"],
    &["august", "août", "aout", "agosto", "augustus"],
    &["september", "septembre", "septiembre", "setiembre", "setembro", "settembre"],
    &["october", "octobre", "oktober", "octubre", "outubro", "ottobre"],
    &["november", "novembre", "noviembre", "novembro"],
    &["december", "décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre"],
];

/// The month (1 to 12) a lowercase word names: a month name or its first three letters or more
/// (`sept`, `févr`, `set`). A word that could be two months (`jui`: juin or juillet) is none.
pub(super) fn month(word: &str) -> Option<u32> {
    if word.chars().count() < 3 {
        return None;
    }
    let mut found = None;
    for (number, names) in (1..).zip(MONTHS) {
        if names.iter().any(|name| name.starts_with(word)) {
            if found.is_some() {
                return None;
            }
            found = Some(number);
        }
    }
    found
}

/// Zone names and their offsets in hours east of UTC: RFC 2822's (UT, GMT and the US zones),
/// and a few more that feeds write and that name one zone only.
#[rustfmt::skip]
const ZONES: [(&str, f32); 33] = [
    ("ut", 0.0), ("utc", 0.0), ("gmt", 0.0), ("z", 0.0), ("wet", 0.0),
    ("est", -5.0), ("edt", -4.0), ("cst", -6.0), ("cdt", -5.0),
    ("mst", -7.0), ("mdt", -6.0), ("pst", -8.0), ("pdt", -7.0),
    ("akst", -9.0), ("akdt", -8.0), ("hst", -10.0), ("nst", -3.5), ("ndt", -2.5),
    ("bst", 1.0), ("west", 1.0), ("cet", 1.0), ("cest", 2.0), ("met", 1.0), ("mest", 2.0),
    ("eet", 2.0), ("eest", 3.0), ("msk", 3.0),
    ("hkt", 8.0), ("sgt", 8.0), ("jst", 9.0), ("kst", 9.0), ("aest", 10.0), ("aedt", 11.0),
];

/// The offset, in seconds east of UTC, of a lowercase zone name.
pub(super) fn zone_name(name: &str) -> Option<i32> {
    ZONES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, hours)| (hours * 3600.0) as i32)
}
