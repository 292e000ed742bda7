//! Dates as feeds really write them, read into UTC.
//!
//! RSS says RFC 822 and Atom says RFC 3339, but real feeds write ISO dates in RSS, US zone names,
//! no seconds, a wrong weekday, two-digit years, month names in full or in another language,
//! JavaScript's `Date.toString()`, `2020/1/10 14:33:00`, Unix time. feed-rs reads only the
//! standard shapes and drops the text of a date it cannot read; [`DateReader`] gives it
//! [`parse_date`] instead and keeps the text of what even that cannot read, so an item's date is
//! never silently lost: it is read, or kept as text and reported.
//!
//! Choices, where feeds leave the reader to guess (documented as behaviour, tested below):
//! - no offset means UTC (as Python's feedparser reads it);
//! - a zone name that is not [known](words::zone_name) (`IST` is India, Ireland or Israel), and
//!   RFC 2822's military letters, mean UTC, as RFC 2822 says for the letters;
//! - an offset out of the real-world range (beyond ±14:00, such as `+3000`) is a typo whose
//!   meaning nobody knows: the clock time is read as UTC (feedparser would shift by 30 hours);
//! - `PM` counts (feedparser ignores it); `24:00:00` is midnight at the end of the day;
//! - numeric dates are read year first only (`2020/1/10`): `1/10/2020` is month or day first
//!   depending on who wrote it, so it is not read;
//! - a bare 9 or 10 digit number is Unix time in seconds, 12 or 13 digits in milliseconds.

use crate::model::Timestamp;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use std::sync::{Arc, Mutex, PoisonError};

mod words;

use words::{month, zone_name};

/// The most an offset from UTC is in practice (Kiribati, +14:00).
const MAX_OFFSET_SECONDS: i32 = 14 * 3600;

/// Reads a date as feeds write it (see the module docs for the shapes); `None` when it cannot.
pub fn parse_date(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()
        .filter(|date| date.offset().local_minus_utc().abs() <= MAX_OFFSET_SECONDS)
        .map(|date| date.to_utc())
        .or_else(|| year_first(text))
        .or_else(|| written(text))
        .or_else(|| unix_time(text))
}

/// `2022-09-03 09:37:11+03:00`, `2011-09-26T09:00:00`, `2020/1/10 14:33`, `2026-01-30`.
fn year_first(text: &str) -> Option<Timestamp> {
    let (date, rest) = numeric_date(text)?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return at(date, Clock::MIDNIGHT, 0);
    }
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest);
    let (clock, zone_text) = Clock::parse(rest)?;
    at(date, clock, zone(zone_text.trim())?)
}

/// A year-first numeric date (`2026-01-30`, `2020/1/10`, `2026.01.30`) and the text after it.
fn numeric_date(text: &str) -> Option<(NaiveDate, &str)> {
    let (year, rest) = digits(text, 4, 4)?;
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (month, rest) = digits(&rest[1..], 1, 2)?;
    let (day, rest) = digits(rest.strip_prefix(separator)?, 1, 2)?;
    Some((NaiveDate::from_ymd_opt(year as i32, month, day)?, rest))
}

/// RFC 2822 and what feeds make of it: `Sat, Dec 16 2023 02:02:33 PM`, `07 Nov 2015 12:00:00
/// EST`, `Sat Oct 06 2018 00:00:00 GMT+0200 (Central European Summer Time)`, `Seg, 24 Set 2018
/// 19:42:40 -0300`, `January 30, 2026`. Words that are neither a month, a zone nor AM/PM
/// (weekdays, `de`, `at`) are passed over; the day and year must be there.
fn written(text: &str) -> Option<Timestamp> {
    let text = without_comments(text);
    let mut numbers: Vec<&str> = Vec::new();
    let (mut months, mut clock, mut offset, mut afternoon) = (Vec::new(), None, 0, None);
    let words = text.split(|c: char| c.is_whitespace() || c == ',');
    for word in words
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        if word.starts_with(|c: char| c.is_ascii_digit()) && word.contains(':') {
            let (parsed, rest) = Clock::parse(word)?;
            let rest = rest.trim();
            if let Some(half) = meridiem(&rest.to_lowercase()) {
                afternoon = Some(half);
            } else if !rest.is_empty() {
                offset = zone(rest)?;
            }
            clock = Some(parsed);
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(word);
        } else if let Some(half) = meridiem(&lower) {
            afternoon = Some(half);
        } else if let Some(m) = month(&lower) {
            months.push(m);
        } else if word.contains(['+', '-']) {
            offset = zone(word)?;
        } else if let Some(seconds) = zone_name(&lower) {
            offset = seconds;
        } else if !word.chars().all(char::is_alphabetic) {
            return None;
        }
    }
    let (day, year) = day_and_year(&numbers)?;
    let date = NaiveDate::from_ymd_opt(year, *months.last()?, day)?;
    let mut clock = clock.unwrap_or(Clock::MIDNIGHT);
    if let Some(pm) = afternoon {
        clock = clock.with_meridiem(pm);
    }
    at(date, clock, offset)
}

/// The day and the year among a written date's numbers: the four-digit one is the year; with two
/// two-digit numbers, the day comes first and the year is RFC 2822's (`06` is 2006, `99` 1999).
fn day_and_year(numbers: &[&str]) -> Option<(u32, i32)> {
    let [a, b] = numbers else {
        return None;
    };
    let (day, year) = match (a.len(), b.len()) {
        (1 | 2, 4) => (a, b),
        (4, 1 | 2) => (b, a),
        (1 | 2, 2) => (a, b),
        _ => return None,
    };
    let value: i32 = year.parse().ok()?;
    let year = match (year.len(), value) {
        (4, _) => value,
        (_, 0..=49) => 2000 + value,
        _ => 1900 + value,
    };
    Some((day.parse().ok()?, year))
}

/// A bare count of seconds (9 or 10 digits) or milliseconds (12 or 13) since 1970.
fn unix_time(text: &str) -> Option<Timestamp> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: i64 = text.parse().ok()?;
    match text.len() {
        9 | 10 => DateTime::from_timestamp(number, 0),
        12 | 13 => DateTime::from_timestamp_millis(number),
        _ => None,
    }
}

/// A time of day as written: `9:00`, `09:37:11`, `09:37:11.250`, `24:00`.
#[derive(Debug, Clone, Copy)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

impl Clock {
    const MIDNIGHT: Clock = Clock {
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
    };

    /// The clock at the start of `text`, and the text after it.
    fn parse(text: &str) -> Option<(Clock, &str)> {
        let (hour, rest) = digits(text, 1, 2)?;
        let (minute, mut rest) = digits(rest.strip_prefix(':')?, 2, 2)?;
        let mut clock = Clock {
            hour,
            minute,
            ..Clock::MIDNIGHT
        };
        if let Some(after) = rest.strip_prefix(':') {
            (clock.second, rest) = digits(after, 2, 2)?;
            if let Some(fraction) = rest.strip_prefix(['.', ',']) {
                let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
                let kept = &fraction[..len.min(9)];
                clock.nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
                rest = &fraction[len..];
            }
        }
        Some((clock, rest))
    }

    /// The clock read with AM or PM (`true`), when its hour is 1 to 12.
    fn with_meridiem(self, afternoon: bool) -> Clock {
        let hour = match (self.hour, afternoon) {
            (12, false) => 0,
            (h @ 1..=11, true) => h + 12,
            (h, _) => h,
        };
        Clock { hour, ..self }
    }
}

/// The instant of `clock` on `date` at `offset` seconds east of UTC.
fn at(date: NaiveDate, clock: Clock, offset: i32) -> Option<Timestamp> {
    let (date, hour) = match (clock.hour, clock.minute, clock.second) {
        (24, 0, 0) => (date.succ_opt()?, 0),
        (hour, ..) => (date, hour),
    };
    let second = clock.second.min(59);
    let time = NaiveTime::from_hms_nano_opt(hour, clock.minute, second, clock.nanos)?;
    let local = date.and_time(time);
    Some(local.and_utc() - TimeDelta::seconds(i64::from(offset)))
}

/// The offset, in seconds east of UTC, of a zone as written after a time: empty (UTC), `Z`,
/// `+03:00`, `-0500`, `+09`, `GMT+0200`, `UTC-5`, a name. `None` for what is not a zone.
fn zone(text: &str) -> Option<i32> {
    if text.is_empty() {
        return Some(0);
    }
    let sign_at = text.find(['+', '-']).unwrap_or(text.len());
    let (name, number) = text.split_at(sign_at);
    let base = match name.to_lowercase().as_str() {
        "" => 0,
        name if name.chars().all(char::is_alphabetic) => zone_name(name).unwrap_or(0),
        _ => return None,
    };
    if number.is_empty() {
        return Some(base);
    }
    let sign = if number.starts_with('-') { -1 } else { 1 };
    let number = number[1..].replace(':', "");
    if number.is_empty() || number.len() > 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match number.len() {
        1 | 2 => (number.parse::<i32>().ok()?, 0),
        n => (number[..n - 2].parse().ok()?, number[n - 2..].parse().ok()?),
    };
    let seconds = hours * 3600 + minutes * 60;
    // Out of range: nobody knows what was meant, so the clock time is read as UTC.
    let in_range = minutes < 60 && seconds <= MAX_OFFSET_SECONDS;
    Some(if in_range { sign * seconds } else { 0 })
}

/// `am` is `Some(false)`, `pm` `Some(true)` (also written `a.m.`, `p.m`).
fn meridiem(word: &str) -> Option<bool> {
    match word.replace('.', "").as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}

/// `min` to `max` ASCII digits at the start of `text`, their value and the text after them.
fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    if len < min || len > max {
        return None;
    }
    Some((text[..len].parse().ok()?, &text[len..]))
}

/// The text without its parenthesised comments (`(Central European Summer Time)`).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Reads the dates of one document for feed-rs, and keeps the text of those it cannot read.
///
/// feed-rs hands each date's text to a timestamp parser and keeps only the result, so the text of
/// a date nobody can read would be lost. For such a date the reader returns a stand-in: the first
/// instant of chrono's range (year -262143, which no feed's date can be) plus as many seconds as
/// the text's place in its list, so that [`DateReader::read`] gives the text back.
#[derive(Debug, Clone, Default)]
pub(super) struct DateReader {
    unread: Arc<Mutex<Vec<String>>>,
}

impl DateReader {
    /// What feed-rs is given as its timestamp parser. An empty date is no date.
    pub(super) fn parse(&self, text: &str) -> Option<Timestamp> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        parse_date(text).or_else(|| {
            let mut unread = self.unread.lock().unwrap_or_else(PoisonError::into_inner);
            unread.push(text.to_string());
            let place = i64::try_from(unread.len() - 1).ok()?;
            Some(DateTime::<Utc>::MIN_UTC + TimeDelta::seconds(place))
        })
    }

    /// A date feed-rs returned: `Ok` with the date (or `None`), or `Err` with the text that
    /// could not be read.
    pub(super) fn read(&self, date: Option<Timestamp>) -> Result<Option<Timestamp>, String> {
        let Some(date) = date else {
            return Ok(None);
        };
        let place = (date - DateTime::<Utc>::MIN_UTC).num_seconds();
        let unread = self.unread.lock().unwrap_or_else(PoisonError::into_inner);
        match usize::try_from(place).ok().and_then(|p| unread.get(p)) {
            Some(text) => Err(text.clone()),
            None => Ok(Some(date)),
        }
    }
}

#[cfg(test)]
mod tests;
