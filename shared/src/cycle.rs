//! How many readings one container cycle has (each cycle draws its simulation and seed).

use std::fmt;

use crate::count::RecordCount;
use crate::interval::Interval;

/// Readings per container cycle, from [`Cycle::MIN`] to [`Cycle::MAX`]; a day (288) unless told
/// otherwise. The rule of `--cycle` and of the `cycle_records` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cycle(u64);

impl Cycle {
    /// The shortest cycle: every simulation's faults fit in 9 readings.
    pub const MIN: u64 = 9;
    /// The longest cycle.
    pub const MAX: u64 = 1_000_000;
    /// One day of 5-minute readings.
    pub const DAY: u64 = 288;

    /// `readings` as a cycle, if it is within [`Cycle::MIN`]..=[`Cycle::MAX`].
    pub fn new(readings: u64) -> Option<Self> {
        if !(Self::MIN..=Self::MAX).contains(&readings) {
            return None;
        }
        Some(Self(readings))
    }

    /// The readings per cycle, as a count (always within [`RecordCount::MAX`]).
    pub fn readings(self) -> RecordCount {
        RecordCount::new(self.0).unwrap_or_default()
    }

    /// The readings per cycle, as a number.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// What a cycle may be, for error messages: "from 9 to 1000000".
    pub fn allowed() -> String {
        format!("from {} to {}", Self::MIN, Self::MAX)
    }
}

impl Cycle {
    /// A day of readings `interval` apart (288 at 5 minutes, 24 at an hour).
    pub const fn day(interval: Interval) -> Self {
        Self(interval.readings_per_day())
    }
}

impl Default for Cycle {
    fn default() -> Self {
        Self(Self::DAY)
    }
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_from_9_to_a_million_readings_and_a_day_by_default() {
        assert_eq!(Cycle::default().get(), 288);
        assert_eq!(Cycle::new(9).map(Cycle::get), Some(9));
        assert_eq!(Cycle::new(1_000_000).map(Cycle::get), Some(1_000_000));
        for bad in [0, 8, 1_000_001] {
            assert_eq!(Cycle::new(bad), None, "{bad}");
        }
        assert_eq!(Cycle::allowed(), "from 9 to 1000000");
    }
}
