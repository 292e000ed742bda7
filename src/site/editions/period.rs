//! Periods of generated editions: which day's edition a moment belongs to, in the editions' time
//! zone. An edition dated day D covers the period that ends with D: D itself (daily), or the seven
//! days D-6 ..= D (weekly, D being the configured weekday).

use crate::model::{Cadence, Timestamp};
use chrono::{Datelike, Days, NaiveDate, TimeZone};
use chrono_tz::Tz;

/// The day of the edition whose period holds `at`.
pub fn edition_day(at: Timestamp, cadence: Cadence, tz: Tz) -> NaiveDate {
    let local = at.with_timezone(&tz).date_naive();
    match cadence {
        Cadence::Daily => local,
        Cadence::Weekly(weekday) => {
            let ahead =
                (7 + weekday.num_days_from_monday() - local.weekday().num_days_from_monday()) % 7;
            local
                .checked_add_days(Days::new(u64::from(ahead)))
                .unwrap_or(local)
        }
    }
}

/// The first day of the period of the edition dated `day`.
pub fn first_day(day: NaiveDate, cadence: Cadence) -> NaiveDate {
    match cadence {
        Cadence::Daily => day,
        Cadence::Weekly(_) => day.checked_sub_days(Days::new(6)).unwrap_or(day),
    }
}

/// The last moment of `day` in `tz` (one second before the next day starts): when a generated
/// edition of that day is dated.
pub fn end_of(day: NaiveDate, tz: Tz) -> Timestamp {
    let next = day.succ_opt().unwrap_or(day);
    start_of(next, tz) - chrono::Duration::seconds(1)
}

/// When `day` starts in `tz` (the first valid local time, should midnight fall in a DST gap).
pub fn start_of(day: NaiveDate, tz: Tz) -> Timestamp {
    (0..=3)
        .find_map(|hour| {
            let local = day.and_hms_opt(hour, 0, 0)?;
            tz.from_local_datetime(&local).earliest()
        })
        .map(|d| d.to_utc())
        .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn at(text: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }
    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_daily_edition_covers_its_local_day() {
        let utc: Tz = chrono_tz::UTC;
        let tokyo: Tz = chrono_tz::Asia::Tokyo;
        // 23:30 UTC on Thursday the 5th is already Friday morning in Tokyo.
        let late = at("2026-02-05T23:30:00Z");
        assert_eq!(edition_day(late, Cadence::Daily, utc), day("2026-02-05"));
        assert_eq!(edition_day(late, Cadence::Daily, tokyo), day("2026-02-06"));
    }

    #[test]
    fn a_weekly_edition_covers_the_seven_days_that_end_with_its_weekday() {
        let utc: Tz = chrono_tz::UTC;
        let friday = Cadence::Weekly(Weekday::Fri);
        // Saturday the 31st of January to Friday the 6th of February.
        for moment in [
            "2026-01-31T00:00:00Z",
            "2026-02-03T12:00:00Z",
            "2026-02-06T23:59:59Z",
        ] {
            assert_eq!(
                edition_day(at(moment), friday, utc),
                day("2026-02-06"),
                "{moment}"
            );
        }
        assert_eq!(
            edition_day(at("2026-01-30T23:59:59Z"), friday, utc),
            day("2026-01-30")
        );
        assert_eq!(first_day(day("2026-02-06"), friday), day("2026-01-31"));
    }

    #[test]
    fn the_weekly_boundary_is_midnight_in_the_editions_time_zone() {
        let friday = Cadence::Weekly(Weekday::Fri);
        let new_york: Tz = chrono_tz::America::New_York;
        // Saturday 02:00 UTC is still Friday evening in New York: last week's edition there.
        let moment = at("2026-02-07T02:00:00Z");
        assert_eq!(
            edition_day(moment, friday, chrono_tz::UTC),
            day("2026-02-13")
        );
        assert_eq!(edition_day(moment, friday, new_york), day("2026-02-06"));
    }

    #[test]
    fn an_edition_is_dated_at_the_last_second_of_its_day_in_its_zone() {
        let berlin: Tz = chrono_tz::Europe::Berlin;
        assert_eq!(
            end_of(day("2026-02-06"), berlin),
            at("2026-02-06T22:59:59Z")
        );
        assert_eq!(
            end_of(day("2026-02-06"), chrono_tz::UTC),
            at("2026-02-06T23:59:59Z")
        );
        // Across a DST change (Berlin springs forward on the 29th of March 2026).
        assert_eq!(
            end_of(day("2026-03-29"), berlin),
            at("2026-03-29T21:59:59Z")
        );
        assert_eq!(
            start_of(day("2026-03-29"), berlin),
            at("2026-03-28T23:00:00Z")
        );
    }
}
