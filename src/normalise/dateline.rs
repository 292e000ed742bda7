//! Datelines: news copy often starts with where it was filed, "KYIV, Ukraine (Reuters) - ..." or
//! "WASHINGTON (AP) — ...". Reading it gives an automatic story its place, as an editor's
//! `location:` does.

/// The place a summary's dateline names ("Kyiv, Ukraine", "Washington"), if it starts with one: a
/// place in capitals (or any place followed by an agency in brackets), optional further parts
/// ("Ukraine"; a part with digits, a date, is dropped), then a dash.
pub fn dateline(summary: &str) -> Option<String> {
    let head: String = summary.chars().take(100).collect();
    let (prefix, _) = [" — ", " – ", " -- ", " - ", "— ", "– "]
        .iter()
        .filter_map(|dash| head.find(dash).map(|i| (i, dash)))
        .min_by_key(|(i, _)| *i)
        .map(|(i, dash)| (head[..i].trim(), *dash))?;
    let (place, agency) = match prefix.strip_suffix(')').and_then(|p| p.rsplit_once('(')) {
        Some((place, _)) => (place.trim(), true),
        None => (prefix, false),
    };
    let mut parts = place.split(',').map(str::trim);
    let city = parts.next()?;
    if !is_place(city) || !(agency || is_capitals(city)) {
        return None;
    }
    let mut out = vec![title_case(city)];
    for part in parts {
        if part.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if !is_place(part) {
            return None;
        }
        out.push(if is_capitals(part) {
            title_case(part)
        } else {
            part.to_string()
        });
    }
    Some(out.join(", "))
}

/// One to four words of letters (and `.`, `'`, `-`), each starting with a capital.
fn is_place(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
}

/// Whether every letter is a capital (and there are at least two).
fn is_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// `NEW DELHI` -> `New Delhi`, `ST. LOUIS` -> `St. Louis`.
fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_give_their_place() {
        let cases = [
            ("WASHINGTON (AP) — The Senate voted.", Some("Washington")),
            (
                "KYIV, Ukraine (Reuters) - Drones hit.",
                Some("Kyiv, Ukraine"),
            ),
            (
                "NEW DELHI, Jan 30 (Reuters) - India said.",
                Some("New Delhi"),
            ),
            ("LONDON — Doctors walked out.", Some("London")),
            (
                "ST. LOUIS, Missouri — A storm.",
                Some("St. Louis, Missouri"),
            ),
            ("Paris (AFP) – Farmers blocked roads.", Some("Paris")),
            ("SÃO PAULO — Rain.", Some("São Paulo")),
        ];
        for (text, want) in cases {
            assert_eq!(dateline(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for text in [
            "Officials said - in a statement - that it was over.",
            "The council met on Tuesday — and agreed.",
            "Paris — a city of lights, they say.",
            "NATO is meeting today.",
            "",
            "A VERY LONG SHOUTED HEADLINE WITH MANY WORDS — then text",
        ] {
            assert_eq!(dateline(text), None, "{text}");
        }
    }
}
