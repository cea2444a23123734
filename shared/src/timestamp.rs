//! Measurement times: naive date-times (no time zone) at one-second resolution.
//!
//! The record's `measurement_time` is written `YYYY-MM-DD HH:MM:SS`, as the original tool's
//! pandas output was. Conversions use Howard Hinnant's civil-date algorithms on the proleptic
//! Gregorian calendar, so there is no dependency on a platform clock or time-zone database.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;

/// A date and time between `0001-01-01 00:00:00` and `9999-12-31 23:59:59`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Seconds of `0001-01-01 00:00:00` since 1970.
const MIN_SECONDS: i64 = -62_135_596_800;
/// Seconds of `9999-12-31 23:59:59` since 1970.
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// The earliest time that can be written with a four-digit year.
    pub const MIN: Timestamp = Timestamp(MIN_SECONDS);
    /// The latest time that can be written with a four-digit year.
    pub const MAX: Timestamp = Timestamp(MAX_SECONDS);

    /// The time `seconds` after 1970-01-01 00:00:00, if it has a four-digit year.
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        (MIN_SECONDS..=MAX_SECONDS)
            .contains(&seconds)
            .then_some(Self(seconds))
    }

    /// Seconds since 1970-01-01 00:00:00.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// This time plus `seconds`, if the result still has a four-digit year.
    pub fn checked_add_seconds(self, seconds: i64) -> Option<Self> {
        self.0
            .checked_add(seconds)
            .and_then(Self::from_unix_seconds)
    }

    /// Builds a time from its calendar fields, if they name a real date and time.
    pub fn from_fields(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        if !valid {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(
            days * 86_400 + i64::from(hour * 3600 + minute * 60 + second),
        ))
    }

    /// The calendar fields (year, month, day, hour, minute, second).
    pub fn fields(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// The time as the 19 ASCII bytes `YYYY-MM-DD HH:MM:SS`.
    pub fn to_bytes(self) -> [u8; 19] {
        let (y, mo, d, h, mi, s) = self.fields();
        let mut out = *b"0000-00-00 00:00:00";
        let y = y as u32;
        out[0] = b'0' + (y / 1000) as u8;
        out[1] = b'0' + (y / 100 % 10) as u8;
        out[2] = b'0' + (y / 10 % 10) as u8;
        out[3] = b'0' + (y % 10) as u8;
        for (at, v) in [(5, mo), (8, d), (11, h), (14, mi), (17, s)] {
            out[at] = b'0' + (v / 10) as u8;
            out[at + 1] = b'0' + (v % 10) as u8;
        }
        out
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.to_bytes();
        f.write_str(std::str::from_utf8(&bytes).map_err(|_| fmt::Error)?)
    }
}

impl FromStr for Timestamp {
    type Err = ParseError;

    /// Accepts `YYYY-MM-DD HH:MM:SS` (or with `T` between date and time).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || {
            ParseError::new(
                "start time",
                s,
                "expected a real date and time as YYYY-MM-DD HH:MM:SS, e.g. 2026-01-31 08:00:00",
            )
        };
        let b = s.trim().as_bytes();
        if b.len() != 19
            || b[4] != b'-'
            || b[7] != b'-'
            || !(b[10] == b' ' || b[10] == b'T')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(error());
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            b[range].iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        let parsed = (|| {
            Timestamp::from_fields(
                i64::from(num(0..4)?),
                num(5..7)?,
                num(8..10)?,
                num(11..13)?,
                num(14..16)?,
                num(17..19)?,
            )
        })();
        parsed.ok_or_else(error)
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_convert_both_ways() {
        let cases = [
            ("1970-01-01 00:00:00", 0),
            ("2000-02-29 12:34:56", 951_827_696),
            ("2026-11-22 01:49:46", 1_795_312_186),
            ("0001-01-01 00:00:00", MIN_SECONDS),
            ("9999-12-31 23:59:59", MAX_SECONDS),
        ];
        for (text, secs) in cases {
            let t: Timestamp = text.parse().unwrap();
            assert_eq!(t.unix_seconds(), secs, "{text}");
            assert_eq!(t.to_string(), text);
        }
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let start = days_from_civil(1900, 1, 1);
        for day in start..start + 146_097 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
            assert!(d <= days_in_month(y, m));
        }
    }

    #[test]
    fn rejects_malformed_and_impossible_times() {
        for bad in [
            "2026-02-29 00:00:00",
            "2026-13-01 00:00:00",
            "2026-01-01 24:00:00",
            "2026-01-01",
            "2026/01/01 00:00:00",
            "0000-01-01 00:00:00",
            "2026-01-01 00:00:0x",
            "+026-01-01 00:00:00",
        ] {
            let err = bad.parse::<Timestamp>().unwrap_err();
            assert!(err.to_string().contains("YYYY-MM-DD HH:MM:SS"), "{bad}");
        }
        assert!("2024-02-29T23:59:59".parse::<Timestamp>().is_ok());
    }
}
