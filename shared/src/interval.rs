//! How far apart two readings are: 5 minutes (the original's, and the default), 15 minutes or
//! an hour, as remote monitoring reports them.
//!
//! Every rule that was counted in readings of 5 minutes is written in minutes and turned into
//! readings here: time constants, the door's longest opening, the defrost rhythm, the sensor
//! drift, lead times, a stream's day-long cycle, the event clock. At 5 minutes each of them is
//! the same number of readings as before, computed exactly, so the default output keeps its
//! bytes.

/// The time between two readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Interval {
    /// 5 minutes: the original simulator's rhythm.
    #[default]
    FiveMinutes,
    /// 15 minutes.
    FifteenMinutes,
    /// One hour: the common reporting interval of reefer remote monitoring.
    Hour,
}

impl Interval {
    /// Every interval, shortest first.
    pub const ALL: [Interval; 3] = [
        Interval::FiveMinutes,
        Interval::FifteenMinutes,
        Interval::Hour,
    ];

    /// The interval in minutes.
    pub const fn minutes(self) -> u64 {
        match self {
            Interval::FiveMinutes => 5,
            Interval::FifteenMinutes => 15,
            Interval::Hour => 60,
        }
    }

    /// The interval in seconds.
    pub const fn seconds(self) -> i64 {
        self.minutes() as i64 * 60
    }

    /// The interval in minutes, as a float.
    pub fn minutes_f64(self) -> f64 {
        self.minutes() as f64
    }

    /// The interval's name on the command line: `5m`, `15m`, `1h`.
    pub const fn name(self) -> &'static str {
        match self {
            Interval::FiveMinutes => "5m",
            Interval::FifteenMinutes => "15m",
            Interval::Hour => "1h",
        }
    }

    /// The interval of `minutes` (5, 15 or 60), if it is one.
    pub fn from_minutes(minutes: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.minutes() == minutes)
    }

    /// How many whole readings `minutes` spans (rounded down): a lead time, a window.
    pub const fn readings_in(self, minutes: u64) -> u64 {
        minutes / self.minutes()
    }

    /// How many readings cover `minutes`, at least one (rounded up): a defrost, an opening.
    pub const fn readings_covering(self, minutes: u64) -> u64 {
        let readings = minutes.div_ceil(self.minutes());
        if readings == 0 {
            1
        } else {
            readings
        }
    }

    /// A time constant of `minutes` in readings (exact for 5 minutes: 180 → 36.0).
    pub fn time_constant(self, minutes: f64) -> f64 {
        minutes / self.minutes_f64()
    }

    /// How many readings make a day (288, 96, 24).
    pub const fn readings_per_day(self) -> u64 {
        1440 / self.minutes()
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Interval::FiveMinutes => &["5", "5min", "5 minutes"],
            Interval::FifteenMinutes => &["15", "15min", "15 minutes"],
            Interval::Hour => &["60", "60m", "60min", "1 hour", "hour"],
        }
    }
}

impl crate::named::Named for Interval {
    const ALL: &'static [Self] = &Interval::ALL;
    const WHAT: &'static str = "reading interval";
    const EXPECTED: &'static str = "expected 5m, 15m or 1h (or the minutes: 5, 15, 60)";

    fn text(self) -> &'static str {
        self.name()
    }

    fn aliases(self) -> &'static [&'static str] {
        Interval::aliases(self)
    }
}

crate::display_and_parse_by_name!(Interval);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_by_name_or_minutes_and_count_readings() {
        assert_eq!("15m".parse::<Interval>().unwrap(), Interval::FifteenMinutes);
        assert_eq!("60".parse::<Interval>().unwrap(), Interval::Hour);
        assert_eq!("1H".parse::<Interval>().unwrap(), Interval::Hour);
        assert!("10m"
            .parse::<Interval>()
            .unwrap_err()
            .to_string()
            .contains("5m, 15m or 1h"));
        assert_eq!(Interval::default().readings_per_day(), 288);
        assert_eq!(Interval::Hour.readings_per_day(), 24);
        assert_eq!(Interval::FiveMinutes.time_constant(180.0), 36.0);
        assert_eq!(Interval::FiveMinutes.readings_covering(20), 4);
        assert_eq!(Interval::Hour.readings_covering(20), 1);
        assert_eq!(Interval::FifteenMinutes.readings_in(30), 2);
        assert_eq!(Interval::Hour.readings_in(30), 0);
        assert_eq!(Interval::from_minutes(15), Some(Interval::FifteenMinutes));
        assert_eq!(Interval::from_minutes(10), None);
    }
}
