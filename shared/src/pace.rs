//! Streaming at a rate: the asked rate, how long, which clock stamps the events, and the
//! schedule that says how many events are due.
//!
//! Event `k` (from 0) is due `k / rate` seconds after the start, so over any minute the count
//! sent is the asked rate × 60 to within one event, however the sender's wake-ups fall.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use crate::error::ParseError;

/// Records per second, fractional allowed: from 0.001 (one every 1000 s) to [`Rate::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Rate(f64);

impl Rate {
    /// The slowest rate: one record every 1000 seconds.
    pub const MIN: f64 = 0.001;
    /// The fastest rate anyone may ask for (a relay may allow less).
    pub const MAX: f64 = 10_000_000.0;

    /// A rate, if `per_second` is within [`Rate::MIN`]..=[`Rate::MAX`].
    pub fn new(per_second: f64) -> Result<Self, ParseError> {
        if per_second.is_finite() && (Self::MIN..=Self::MAX).contains(&per_second) {
            Ok(Self(per_second))
        } else {
            Err(ParseError::new(
                "rate",
                &per_second.to_string(),
                format!(
                    "expected records per second from {} to {} (fractions allowed, e.g. 0.5)",
                    Self::MIN,
                    Self::MAX
                ),
            ))
        }
    }

    /// Records per second.
    pub const fn per_second(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Rate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().trim_end_matches("/s");
        match t.parse::<f64>() {
            Ok(v) => Self::new(v),
            Err(_) => Err(ParseError::new(
                "rate",
                s,
                format!(
                    "expected records per second from {} to {}, e.g. 100 or 0.5",
                    Self::MIN,
                    Self::MAX
                ),
            )),
        }
    }
}

/// How long a stream runs: whole seconds from 1 to a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StreamDuration(u64);

impl StreamDuration {
    /// The longest stream with an end: a week (longer ones run until stopped).
    pub const MAX_SECONDS: u64 = 7 * 24 * 3600;

    /// A duration of `seconds`, 1 to [`StreamDuration::MAX_SECONDS`].
    pub fn from_seconds(seconds: u64) -> Result<Self, ParseError> {
        if (1..=Self::MAX_SECONDS).contains(&seconds) {
            Ok(Self(seconds))
        } else {
            Err(Self::error(&seconds.to_string()))
        }
    }

    /// The duration in seconds.
    pub const fn seconds(self) -> u64 {
        self.0
    }

    /// As a [`Duration`].
    pub const fn as_duration(self) -> Duration {
        Duration::from_secs(self.0)
    }

    fn error(value: &str) -> ParseError {
        ParseError::new(
            "duration",
            value,
            format!(
                "expected 1 to {} seconds, as 90, 90s, 15m or 2h (leave it out to run until \
                 stopped)",
                Self::MAX_SECONDS
            ),
        )
    }
}

impl fmt::Display for StreamDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.0)
    }
}

impl FromStr for StreamDuration {
    type Err = ParseError;

    /// Accepts seconds (`90`, `90s`), minutes (`15m`) or hours (`2h`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (digits, unit) = match t.as_bytes().last() {
            Some(b's') => (&t[..t.len() - 1], 1),
            Some(b'm') => (&t[..t.len() - 1], 60),
            Some(b'h') => (&t[..t.len() - 1], 3600),
            _ => (t, 1),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Self::error(s));
        }
        let seconds = digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(unit))
            .ok_or_else(|| Self::error(s))?;
        Self::from_seconds(seconds).map_err(|_| Self::error(s))
    }
}

/// Which clock stamps a streamed event's `timestamp` and `measurement_time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Clock {
    /// The wall clock: a reading is stamped with the time it is due, so a live dashboard sees
    /// "now" (a late event carries the earlier time it was due).
    #[default]
    Wall,
    /// Simulated time: 5 minutes per reading from the start, running as fast as the rate
    /// makes it (a backfill: a day of a 10-container fleet at 100 events/s takes 29 s).
    Simulated,
}

impl Clock {
    /// The clock's name on the command line and in `/control`.
    pub const fn name(self) -> &'static str {
        match self {
            Clock::Wall => "wall",
            Clock::Simulated => "simulated",
        }
    }
}

/// The schedule of a stream: how many events are due after a given time, and how many may be
/// sent at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacer {
    rate: Rate,
    limit: Option<u64>,
}

impl Pacer {
    /// A schedule at `rate`, ending after `duration` if given (and after `max_records`).
    pub fn new(rate: Rate, duration: Option<StreamDuration>, max_records: Option<u64>) -> Self {
        let by_time = duration.map(|d| Self::count_at(rate, d.as_duration()));
        let limit = match (by_time, max_records) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Self { rate, limit }
    }

    /// Events due in the first `elapsed` of a stream at `rate`, without limit: those whose
    /// time `k / rate` is before `elapsed`.
    fn count_at(rate: Rate, elapsed: Duration) -> u64 {
        // Nanosecond arithmetic in f64 is exact enough for a week at 10 M/s (6e12 < 2^53).
        (elapsed.as_secs_f64() * rate.0).ceil() as u64
    }

    /// How many events should have been sent `elapsed` after the start (never past the limit).
    pub fn due(&self, elapsed: Duration) -> u64 {
        let due = Self::count_at(self.rate, elapsed);
        self.limit.map_or(due, |limit| due.min(limit))
    }

    /// The total the stream sends, if it ends.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// The asked rate.
    pub fn rate(&self) -> Rate {
        self.rate
    }

    /// When event `k` (from 0) is due, after the start.
    pub fn time_of(&self, k: u64) -> Duration {
        Duration::from_secs_f64(k as f64 / self.rate.0)
    }
}

crate::named_values! { Clock {
    what: "clock",
    expected: "expected wall or simulated",
    all: &[Clock::Wall, Clock::Simulated],
    text: name
} }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_accept_fractions_and_refuse_the_rest() {
        assert_eq!("0.5".parse::<Rate>().unwrap().per_second(), 0.5);
        assert_eq!("100/s".parse::<Rate>().unwrap().per_second(), 100.0);
        for bad in ["0", "-1", "NaN", "inf", "1e9", "fast", "", "0.0001"] {
            let err = bad.parse::<Rate>().unwrap_err();
            assert_eq!(err.what(), "rate", "{bad}");
            assert!(err.allowed().contains("records per second"), "{bad}");
        }
    }

    #[test]
    fn durations_take_units_and_stay_within_a_week() {
        let seconds = |s: &str| s.parse::<StreamDuration>().map(StreamDuration::seconds);
        assert_eq!(seconds("90"), Ok(90));
        assert_eq!(seconds("90s"), Ok(90));
        assert_eq!(seconds("15m"), Ok(900));
        assert_eq!(seconds("2h"), Ok(7200));
        for bad in [
            "0",
            "-5",
            "1.5",
            "8d",
            "169h",
            "",
            "m",
            "99999999999999999999",
        ] {
            assert_eq!(
                bad.parse::<StreamDuration>().unwrap_err().what(),
                "duration",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_schedule_sends_rate_times_seconds_within_one_event() {
        let pacer = Pacer::new(Rate::new(10_000.0).unwrap(), None, None);
        assert_eq!(pacer.due(Duration::ZERO), 0);
        assert_eq!(pacer.due(Duration::from_nanos(1)), 1);
        assert_eq!(pacer.due(Duration::from_secs(60)), 600_000);
        let slow = Pacer::new(Rate::new(0.5).unwrap(), None, None);
        assert_eq!(slow.due(Duration::from_secs(1)), 1);
        assert_eq!(slow.due(Duration::from_millis(2001)), 2);
        assert_eq!(slow.time_of(3), Duration::from_secs(6));
        // Fractional rates do not drift over a day.
        let odd = Pacer::new(Rate::new(3.3).unwrap(), None, None);
        assert_eq!(odd.due(Duration::from_secs(86_400)), 285_120);
    }

    #[test]
    fn a_duration_or_a_count_ends_the_stream() {
        let rate = Rate::new(100.0).unwrap();
        let timed = Pacer::new(rate, Some(StreamDuration::from_seconds(60).unwrap()), None);
        assert_eq!(timed.limit(), Some(6000));
        assert_eq!(timed.due(Duration::from_secs(3600)), 6000);
        let counted = Pacer::new(
            rate,
            Some(StreamDuration::from_seconds(60).unwrap()),
            Some(10),
        );
        assert_eq!(counted.limit(), Some(10));
        assert_eq!(Pacer::new(rate, None, None).limit(), None);
    }

    #[test]
    fn clocks_are_named() {
        assert_eq!("Simulated".parse::<Clock>(), Ok(Clock::Simulated));
        assert_eq!(Clock::default(), Clock::Wall);
        assert_eq!("fast".parse::<Clock>().unwrap_err().what(), "clock");
    }
}
