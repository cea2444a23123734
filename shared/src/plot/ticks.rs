//! Axis ticks that read well: values on 1, 2, 5 × 10ⁿ steps, times on whole minutes, hours
//! or days.

use crate::Timestamp;

/// About `wanted` ticks from `low` to `high`, on a step of 1, 2 or 5 × 10ⁿ.
pub fn value_ticks(low: f64, high: f64, wanted: usize) -> Vec<f64> {
    if !(low.is_finite() && high.is_finite()) || high < low {
        return Vec::new();
    }
    let span = (high - low).max(1e-9);
    let rough = span / wanted.max(1) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough * 0.999)
        .unwrap_or(10.0 * power);
    // Rounded to the step's decimals, so that 0.1 × 3 reads 0.3.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last)
        .map(|i| (i as f64 * step * scale).round() / scale)
        .map(|v| if v == 0.0 { 0.0 } else { v })
        .collect()
}

/// Ticks on a time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeTicks {
    /// The ticks, in Unix seconds.
    pub at: Vec<i64>,
    /// Seconds between two ticks.
    pub step: i64,
}

impl TimeTicks {
    /// A tick's label: `YYYY-MM` for steps of a month or more; `MM-DD` for steps of days
    /// (`YYYY-MM-DD` on the first tick); `MM-DD HH:MM` on the first tick and at midnight and
    /// `HH:MM` otherwise for shorter steps.
    pub fn label(&self, index: usize) -> String {
        let Some(at) = self.at.get(index).copied() else {
            return String::new();
        };
        let (year, month, day, hour, minute, _) = Timestamp::from_unix_seconds(at)
            .map(Timestamp::fields)
            .unwrap_or_default();
        if self.step >= 28 * 86_400 {
            format!("{year}-{month:02}")
        } else if self.step >= 86_400 && index == 0 {
            format!("{year}-{month:02}-{day:02}")
        } else if self.step >= 86_400 {
            format!("{month:02}-{day:02}")
        } else if index == 0 || at.rem_euclid(86_400) == 0 {
            format!("{month:02}-{day:02} {hour:02}:{minute:02}")
        } else {
            format!("{hour:02}:{minute:02}")
        }
    }
}

/// Steps a time axis may use, in seconds.
const TIME_STEPS: [i64; 17] = [
    60,
    300,
    900,
    1_800,
    3_600,
    2 * 3_600,
    3 * 3_600,
    6 * 3_600,
    12 * 3_600,
    86_400,
    2 * 86_400,
    7 * 86_400,
    14 * 86_400,
    30 * 86_400,
    91 * 86_400,
    182 * 86_400,
    365 * 86_400,
];

/// About `wanted` ticks from `start` to `end` (Unix seconds), on whole steps of UTC.
pub fn time_ticks(start: i64, end: i64, wanted: usize) -> TimeTicks {
    let rough = (end - start).max(1) / wanted.max(1) as i64;
    let step = TIME_STEPS
        .into_iter()
        .find(|s| *s >= rough)
        .unwrap_or(TIME_STEPS[TIME_STEPS.len() - 1]);
    if step >= 28 * 86_400 {
        return month_ticks(start, end, step);
    }
    let first = start.div_euclid(step) * step + if start.rem_euclid(step) == 0 { 0 } else { step };
    let at = (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t <= end)
        .collect();
    TimeTicks { at, step }
}

/// Ticks on the first day of every 1, 3, 6 or 12 months (`step` 30, 91, 182 or 365 days).
fn month_ticks(start: i64, end: i64, step: i64) -> TimeTicks {
    let months = match step / 86_400 {
        0..=31 => 1,
        32..=92 => 3,
        93..=183 => 6,
        _ => 12,
    };
    let (year, month, ..) = Timestamp::from_unix_seconds(start)
        .map(Timestamp::fields)
        .unwrap_or_default();
    // Months since year 0, rounded up to a multiple of `months`.
    let mut index = (year * 12 + i64::from(month) - 1 + months - 1) / months * months;
    let mut at = Vec::new();
    loop {
        let (y, m) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let Some(t) = Timestamp::from_fields(y, m, 1, 0, 0, 0).map(Timestamp::unix_seconds) else {
            break;
        };
        if t > end {
            break;
        }
        if t >= start {
            at.push(t);
        }
        index += months;
    }
    TimeTicks { at, step }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_ticks_land_on_round_steps() {
        assert_eq!(
            value_ticks(0.0, 10.0, 5),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(value_ticks(-2.3, 2.4, 5), vec![-2.0, -1.0, 0.0, 1.0, 2.0]);
        let small = value_ticks(3.01, 3.07, 3);
        assert_eq!(small, vec![3.02, 3.04, 3.06]);
        assert!(value_ticks(f64::NAN, 1.0, 5).is_empty());
        assert_eq!(value_ticks(4.0, 4.0, 5), vec![4.0]);
    }

    #[test]
    fn time_ticks_are_whole_hours_or_days_and_say_the_date_where_it_changes() {
        let start = "2026-01-01 00:05:00"
            .parse::<Timestamp>()
            .unwrap()
            .unix_seconds();
        let ticks = time_ticks(start, start + 10 * 3_600, 6);
        assert_eq!(ticks.step, 2 * 3_600);
        assert_eq!(ticks.at.len(), 5);
        assert_eq!(ticks.label(0), "01-01 02:00");
        assert_eq!(ticks.label(1), "04:00");
        let days = time_ticks(start, start + 20 * 86_400, 6);
        assert_eq!(days.step, 7 * 86_400);
        assert_eq!(days.label(0), "2026-01-08");
        assert_eq!(days.label(1), "01-15");
        let years = time_ticks(start, start + 3 * 365 * 86_400, 7);
        assert_eq!(years.label(0), "2026-07");
        assert_eq!(years.label(1), "2027-01");
        let months = time_ticks(start, start + 200 * 86_400, 8);
        assert_eq!(months.label(0), "2026-02");
        assert_eq!(months.label(1), "2026-03");
        let midnight = time_ticks(start, start + 86_400, 6);
        assert!(
            (0..midnight.at.len()).any(|i| midnight.label(i) == "01-02 00:00"),
            "{midnight:?}"
        );
    }
}
