//! Dates as pages show them, formatted by hand: chrono's `format("%A, %B %-d, %Y")` parses its
//! format string on every call, and a build formats a few dates for every story card of every list.
//! The output is byte for byte chrono's (the tests compare them); years outside 0..=9999, which
//! chrono writes with a sign, go through chrono itself.

use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Timelike, Utc};
use std::fmt::{self, Write};

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The formats pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `%A, %B %-d, %Y`: `Friday, January 30, 2026`.
    Long,
    /// `%b %-d, %Y`: `Jan 30, 2026`.
    Short,
    /// `%H:%M %Z`: `09:12 KST`.
    Time,
    /// `%b %-d, %H:%M %Z`: `Jan 30, 09:12 KST`.
    DayTime,
    /// `%b %-d`: `Jan 30`.
    MonthDay,
    /// `%b %-d %H:%M`: `Jan 30 09:12`.
    MonthDayTime,
}

impl Format {
    fn pattern(self) -> &'static str {
        match self {
            Format::Long => "%A, %B %-d, %Y",
            Format::Short => "%b %-d, %Y",
            Format::Time => "%H:%M %Z",
            Format::DayTime => "%b %-d, %H:%M %Z",
            Format::MonthDay => "%b %-d",
            Format::MonthDayTime => "%b %-d %H:%M",
        }
    }
}

/// Writes `date` in `format`, as `date.format(format.pattern())` would.
pub fn write<Tz: TimeZone>(out: &mut impl Write, date: &DateTime<Tz>, format: Format) -> fmt::Result
where
    Tz::Offset: fmt::Display,
{
    let local = date.naive_local();
    if !(0..=9999).contains(&local.year()) {
        return write!(out, "{}", date.format(format.pattern()));
    }
    let month = MONTHS[local.month0() as usize];
    match format {
        Format::Long => {
            out.write_str(WEEKDAYS[local.weekday().num_days_from_monday() as usize])?;
            out.write_str(", ")?;
            out.write_str(month)?;
            out.write_char(' ')?;
            number(out, local.day(), 1)?;
            out.write_str(", ")?;
            number(out, local.year() as u32, 4)
        }
        Format::Short => {
            month_day(out, &local)?;
            out.write_str(", ")?;
            number(out, local.year() as u32, 4)
        }
        Format::Time => {
            hour_minute(out, &local)?;
            write!(out, " {}", date.offset())
        }
        Format::DayTime => {
            month_day(out, &local)?;
            out.write_str(", ")?;
            hour_minute(out, &local)?;
            write!(out, " {}", date.offset())
        }
        Format::MonthDay => month_day(out, &local),
        Format::MonthDayTime => {
            month_day(out, &local)?;
            out.write_char(' ')?;
            hour_minute(out, &local)
        }
    }
}

/// `date` in `format` as a new string.
pub fn format<Tz: TimeZone>(date: &DateTime<Tz>, format: Format) -> String
where
    Tz::Offset: fmt::Display,
{
    let mut out = String::with_capacity(32);
    write(&mut out, date, format).expect("a String takes any text");
    out
}

/// RFC 3339 in UTC to the second, as `date.to_rfc3339_opts(SecondsFormat::Secs, true)`:
/// `2026-01-30T00:12:00Z`.
pub fn write_iso(out: &mut impl Write, date: &DateTime<Utc>) -> fmt::Result {
    let d = date.naive_utc();
    if !(0..=9999).contains(&d.year()) {
        return out.write_str(&date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    number(out, d.year() as u32, 4)?;
    out.write_char('-')?;
    number(out, d.month(), 2)?;
    out.write_char('-')?;
    number(out, d.day(), 2)?;
    out.write_char('T')?;
    hour_minute(out, &d)?;
    out.write_char(':')?;
    number(out, d.second(), 2)?;
    out.write_char('Z')
}

fn month_day(out: &mut impl Write, local: &NaiveDateTime) -> fmt::Result {
    out.write_str(&MONTHS[local.month0() as usize][..3])?;
    out.write_char(' ')?;
    number(out, local.day(), 1)
}

fn hour_minute(out: &mut impl Write, local: &NaiveDateTime) -> fmt::Result {
    number(out, local.hour(), 2)?;
    out.write_char(':')?;
    number(out, local.minute(), 2)
}

/// `n` in decimal, zero-padded to `width` digits.
fn number(out: &mut impl Write, n: u32, width: usize) -> fmt::Result {
    let mut digits = [b'0'; 10];
    let mut i = digits.len();
    let mut rest = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = i.min(digits.len() - width.min(digits.len()));
    out.write_str(std::str::from_utf8(&digits[start..]).expect("ASCII digits"))
}

/// A short string on the stack, for formatting a date without a heap allocation.
pub struct Small {
    bytes: [u8; 64],
    len: usize,
}

impl Small {
    pub fn new() -> Self {
        Small {
            bytes: [0; 64],
            len: 0,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("only whole strings are written")
    }
}

impl Write for Small {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use chrono_tz::Tz;

    const FORMATS: [Format; 6] = [
        Format::Long,
        Format::Short,
        Format::Time,
        Format::DayTime,
        Format::MonthDay,
        Format::MonthDayTime,
    ];

    #[test]
    fn dates_are_formatted_as_chrono_formats_them() {
        let zones: [Tz; 6] = [
            chrono_tz::UTC,
            chrono_tz::Asia::Seoul,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::America::St_Johns,
        ];
        let mut date = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap();
        for step in 0..3000 {
            for zone in zones {
                let local = date.with_timezone(&zone);
                for f in FORMATS {
                    assert_eq!(
                        format(&local, f),
                        local.format(f.pattern()).to_string(),
                        "{date} in {zone}, {f:?}"
                    );
                }
            }
            let mut iso = String::new();
            write_iso(&mut iso, &date).unwrap();
            assert_eq!(iso, date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            date += Duration::minutes(7919 + step);
        }
    }

    #[test]
    fn years_chrono_writes_with_a_sign_go_through_chrono() {
        for year in [-1, 10000, 12345] {
            let date = Utc.with_ymd_and_hms(year, 3, 4, 5, 6, 7).unwrap();
            for f in FORMATS {
                assert_eq!(format(&date, f), date.format(f.pattern()).to_string());
            }
            let mut iso = String::new();
            write_iso(&mut iso, &date).unwrap();
            assert_eq!(iso, date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        }
    }

    #[test]
    fn a_small_string_refuses_what_does_not_fit() {
        let mut s = Small::new();
        assert!(write!(s, "{}", "x".repeat(64)).is_ok());
        assert_eq!(s.as_str().len(), 64);
        assert!(s.write_str("y").is_err());
    }
}
