//! How long before a failure its rows are labelled (`maintenance_required = 1`).

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;
use crate::interval::Interval;

/// A lead time in minutes, a multiple of the 5-minute reading interval, at most a week.
///
/// With a lead time, the readings that come *before* an equipment failure (power off,
/// temperature excursion, refrigeration or power failure, door open) are labelled too, so that
/// a model learns to predict the failure rather than to notice it. 0 (the default) labels the
/// failure only, as the original did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LeadTime(u32);

impl LeadTime {
    /// The longest lead time: a week.
    pub const MAX_MINUTES: u32 = 7 * 24 * 60;

    /// The lead time in minutes.
    pub const fn minutes(self) -> u32 {
        self.0
    }

    /// The lead time in readings.
    pub const fn readings(self, interval: Interval) -> u64 {
        interval.readings_in(self.0 as u64)
    }
}

impl fmt::Display for LeadTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for LeadTime {
    type Err = ParseError;

    /// Accepts whole minutes, a multiple of 5, from 0 to 10080.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || {
            ParseError::new(
                "lead time",
                s,
                "expected whole minutes, a multiple of 5, from 0 to 10080 (a week)",
            )
        };
        let minutes: u32 = s.trim().parse().map_err(|_| error())?;
        if minutes > Self::MAX_MINUTES || !minutes.is_multiple_of(5) {
            return Err(error());
        }
        Ok(Self(minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_multiples_of_5_minutes_up_to_a_week() {
        let half_hour = "30".parse::<LeadTime>().unwrap();
        assert_eq!(half_hour.readings(Interval::FiveMinutes), 6);
        assert_eq!(half_hour.readings(Interval::Hour), 0);
        assert_eq!("0".parse::<LeadTime>().unwrap(), LeadTime::default());
        for bad in ["7", "-5", "10085", "1.5", "", "an hour"] {
            let err = bad.parse::<LeadTime>().unwrap_err().to_string();
            assert!(err.contains("multiple of 5"), "{bad}: {err}");
        }
    }
}
