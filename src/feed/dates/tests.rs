use super::*;
use chrono::TimeZone;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

#[test]
fn real_world_date_shapes_read_as_utc() {
    #[rustfmt::skip]
    let cases = [
        // The standards.
        ("Fri, 30 Jan 2026 09:00:00 +0900", utc(2026, 1, 30, 0, 0, 0)),
        ("2026-01-30T09:00:00+09:00", utc(2026, 1, 30, 0, 0, 0)),
        ("2026-01-30T09:00:00Z", utc(2026, 1, 30, 9, 0, 0)),
        // ISO 8601 in RSS: no offset (UTC), a space for the `T`, offsets without a colon.
        ("2011-09-26T09:00:00", utc(2011, 9, 26, 9, 0, 0)),
        ("2022-09-03 09:37:11+03:00", utc(2022, 9, 3, 6, 37, 11)),
        ("2026-01-30T09:00:00.125+0530", utc(2026, 1, 30, 3, 30, 0) + TimeDelta::milliseconds(125)),
        ("2026-01-30 09:00 +09", utc(2026, 1, 30, 0, 0, 0)),
        ("2026-01-30T09:00", utc(2026, 1, 30, 9, 0, 0)),
        ("2026-01-30", utc(2026, 1, 30, 0, 0, 0)),
        ("2026-01-30 09:00:00 EST", utc(2026, 1, 30, 14, 0, 0)),
        ("2020/1/10 14:33:00", utc(2020, 1, 10, 14, 33, 0)),
        // JavaScript's Date.toString(), with and without its offset.
        ("Sat Oct 06 2018 00:00:00 GMT+0200 (Central European Summer Time)", utc(2018, 10, 5, 22, 0, 0)),
        ("Sat Oct 06 2018 00:00:00 GMT", utc(2018, 10, 6, 0, 0, 0)),
        // US zone names, no weekday, no seconds, a wrong weekday, two-digit years.
        ("07 Nov 2015 12:00:00 EST", utc(2015, 11, 7, 17, 0, 0)),
        ("Mon, 07 Nov 2015 12:00 PDT", utc(2015, 11, 7, 19, 0, 0)),
        ("Wed, 25 Aug 2012 10:00:00 GMT", utc(2012, 8, 25, 10, 0, 0)),
        ("Thu, 5 Jan 06 10:00:00 GMT", utc(2006, 1, 5, 10, 0, 0)),
        ("Sun, 1 Jan 99 10:00:00 UT", utc(1999, 1, 1, 10, 0, 0)),
        ("Fri, 30 Jan 2026 09:00:00 CDT", utc(2026, 1, 30, 14, 0, 0)),
        ("Fri, 30 Jan 2026 09:00:00 Z", utc(2026, 1, 30, 9, 0, 0)),
        ("Fri, 30 Jan 2026 09:00:00 A", utc(2026, 1, 30, 9, 0, 0)),
        ("Fri, 30 Jan 2026 09:00:00 UTC", utc(2026, 1, 30, 9, 0, 0)),
        ("Fri, 30 Jan 2026 09:00:00 -0000", utc(2026, 1, 30, 9, 0, 0)),
        ("Fri, 30 Jan 2026 24:00:00 GMT", utc(2026, 1, 31, 0, 0, 0)),
        // Out of range offsets: the clock time, as UTC.
        ("Mon, 07 Nov 2015 12:00:00 +3000", utc(2015, 11, 7, 12, 0, 0)),
        ("2015-11-07T12:00:00+30:00", utc(2015, 11, 7, 12, 0, 0)),
        // Full month names, month first, AM/PM, `.` and `,` noise.
        ("Thursday, 05 January 2006 10:00:00 -0500", utc(2006, 1, 5, 15, 0, 0)),
        ("Sat, Dec 16 2023 02:02:33 PM", utc(2023, 12, 16, 14, 2, 33)),
        ("Jan 30, 2026 9:00 AM", utc(2026, 1, 30, 9, 0, 0)),
        ("January 30, 2026", utc(2026, 1, 30, 0, 0, 0)),
        ("Fri, 30. Jan. 2026 09:00:00 +0100", utc(2026, 1, 30, 8, 0, 0)),
        ("Dec 12, 2025 12:15 a.m.", utc(2025, 12, 12, 0, 15, 0)),
        // Other languages' month names.
        ("Seg, 24 Set 2018 19:42:40 -0300", utc(2018, 9, 24, 22, 42, 40)),
        ("mar., 24 sept. 2018 10:00:00 +0200", utc(2018, 9, 24, 8, 0, 0)),
        ("Di, 24 Dez 2024 10:00:00 +0100", utc(2024, 12, 24, 9, 0, 0)),
        ("24 de outubro de 2018", utc(2018, 10, 24, 0, 0, 0)),
        // Unix time.
        ("1518478934", utc(2018, 2, 12, 23, 42, 14)),
        ("1518478934000", utc(2018, 2, 12, 23, 42, 14)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_date(text), Some(expected), "{text}");
    }
}

#[test]
fn what_is_not_a_date_is_not_read() {
    for text in [
        "",
        "yesterday",
        "TBD",
        "1/10/2020",
        "30 Jan",
        "Jan 2026",
        "2026-13-01",
        "2026-02-30T09:00:00Z",
        "Fri, 30 Jan 2026 25:00:00 GMT",
        "Fri, 30 Jui 2026",
        "Fri, 30 Jan 2026 09:00:00 +0x00",
        "2026",
        "12345",
    ] {
        assert_eq!(parse_date(text), None, "{text:?}");
    }
}

#[test]
fn the_reader_gives_back_the_text_of_what_it_could_not_read() {
    let reader = DateReader::default();
    let good = reader.parse(" 2026-01-30T09:00:00Z ");
    let bad = reader.parse(" next Tuesday ");
    let other = reader.parse("soon");
    assert_eq!(reader.read(good), Ok(Some(utc(2026, 1, 30, 9, 0, 0))));
    assert_eq!(reader.read(bad), Err("next Tuesday".to_string()));
    assert_eq!(reader.read(other), Err("soon".to_string()));
    assert_eq!(reader.parse("  "), None, "an empty date is no date");
    assert_eq!(reader.read(None), Ok(None));
}
