//! How many records a generation produces.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;

/// A number of records, 0 to [`RecordCount::MAX`].
///
/// 0 is allowed: it yields a CSV with the header only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordCount(u64);

impl RecordCount {
    /// The largest count accepted: 500 million readings span ~4,750 years of 5-minute steps,
    /// which keeps every timestamp within four-digit years for any sensible start.
    pub const MAX: u64 = 500_000_000;

    /// A count, if it is at most [`RecordCount::MAX`].
    pub fn new(n: u64) -> Result<Self, ParseError> {
        if n <= Self::MAX {
            Ok(Self(n))
        } else {
            Err(Self::error(&n.to_string()))
        }
    }

    /// The count.
    pub const fn get(self) -> u64 {
        self.0
    }

    fn error(value: &str) -> ParseError {
        ParseError::new(
            "record count",
            value,
            "expected a whole number from 0 to 500000000",
        )
    }
}

impl Default for RecordCount {
    /// 1000, as in the original tool.
    fn default() -> Self {
        Self(1000)
    }
}

impl FromStr for RecordCount {
    type Err = ParseError;

    /// Accepts plain decimal digits (`_` separators allowed, e.g. `1_000_000`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits: String = s.trim().chars().filter(|c| *c != '_').collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Self::error(s));
        }
        digits
            .parse::<u64>()
            .ok()
            .and_then(|n| Self::new(n).ok())
            .ok_or_else(|| Self::error(s))
    }
}

impl fmt::Display for RecordCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_counts_in_range() {
        assert_eq!("0".parse::<RecordCount>().unwrap().get(), 0);
        assert_eq!("1_000_000".parse::<RecordCount>().unwrap().get(), 1_000_000);
        assert_eq!(
            "500000000".parse::<RecordCount>().unwrap().get(),
            RecordCount::MAX
        );
    }

    #[test]
    fn rejects_negative_non_numeric_and_overflowing_counts() {
        for bad in [
            "-1",
            "abc",
            "",
            "1.5",
            "1e6",
            "500000001",
            "99999999999999999999999",
        ] {
            let err = bad.parse::<RecordCount>().unwrap_err();
            assert!(err.to_string().contains("0 to 500000000"), "{bad}: {err}");
        }
    }
}
