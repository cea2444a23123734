//! The difficulty of a dataset: the knobs, and three named presets whose baseline scores are
//! published (like C-MAPSS's FD001–FD004).

use crate::interval::Interval;

/// A named difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Preset {
    /// Many failures, clean sensors, parked units, every reading on time: clearly learnable.
    Easy,
    /// A tenth of the units fail; some sensor noise, sensor faults that look like equipment
    /// faults, extra nuisance alarms, half the units on voyages, a few missing and late readings.
    #[default]
    Realistic,
    /// Few failures, noisy sensors, many look-alike sensor faults and nuisance alarms, every unit
    /// on a voyage, 15-minute readings with gaps and late ones.
    Hard,
}

impl Preset {
    /// Every preset, easiest first.
    pub const ALL: [Preset; 3] = [Preset::Easy, Preset::Realistic, Preset::Hard];

    /// The preset's name (`--preset`).
    pub const fn name(self) -> &'static str {
        match self {
            Preset::Easy => "easy",
            Preset::Realistic => "realistic",
            Preset::Hard => "hard",
        }
    }

    /// The preset's knobs.
    pub const fn knobs(self) -> Knobs {
        match self {
            Preset::Easy => Knobs {
                failure_share: 0.3,
                noise: 0.0,
                sensor_fault_share: 0.0,
                nuisance_per_day: 0.0,
                route_share: 0.0,
                interval: Interval::FiveMinutes,
                missing_share: 0.0,
                late_share: 0.0,
            },
            Preset::Realistic => Knobs {
                failure_share: 0.15,
                noise: 1.0,
                sensor_fault_share: 0.15,
                nuisance_per_day: 0.5,
                route_share: 0.5,
                interval: Interval::FiveMinutes,
                missing_share: 0.02,
                late_share: 0.01,
            },
            Preset::Hard => Knobs {
                failure_share: 0.05,
                noise: 3.0,
                sensor_fault_share: 0.3,
                nuisance_per_day: 2.0,
                route_share: 1.0,
                interval: Interval::FifteenMinutes,
                missing_share: 0.08,
                late_share: 0.05,
            },
        }
    }
}

crate::named_values! { Preset {
    what: "preset",
    expected: "expected easy, realistic or hard",
    all: &Preset::ALL,
    text: name
} }

/// What makes a dataset easy or hard. Each knob is checked by [`Knobs::checked`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knobs {
    /// The share of units that wear out and fail in the span, 0 to 1; the others are healthy.
    pub failure_share: f64,
    /// Extra sensor noise, in multiples of each sensor's own noise (0: none).
    pub noise: f64,
    /// The share of healthy units whose temperature sensor drifts, sticks or spikes: sensor
    /// faults that look like equipment faults, 0 to 1.
    pub sensor_fault_share: f64,
    /// Extra nuisance alarms per powered unit-day, on top of the controller's own.
    pub nuisance_per_day: f64,
    /// The share of units on a voyage (the others stay parked), 0 to 1.
    pub route_share: f64,
    /// The time between two readings.
    pub interval: Interval,
    /// The share of readings that go missing (in short runs), 0 to 0.5.
    pub missing_share: f64,
    /// The share of readings written late (after up to a day of later ones), 0 to 0.5.
    pub late_share: f64,
}

/// The largest extra noise, nuisance rate, and missing or late share a knob takes.
pub const MAX_NOISE: f64 = 10.0;
/// The most extra nuisance alarms per unit-day.
pub const MAX_NUISANCE_PER_DAY: f64 = 48.0;
/// The largest share of missing or late readings.
pub const MAX_DELIVERY_SHARE: f64 = 0.5;

impl Knobs {
    /// The knobs, or the name of the first one out of its range and the range.
    pub fn checked(self) -> Result<Self, (&'static str, &'static str)> {
        let share = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
        let checks = [
            ("failure_share", share(self.failure_share, 1.0), "0 to 1"),
            ("noise", share(self.noise, MAX_NOISE), "0 to 10"),
            (
                "sensor_fault_share",
                share(self.sensor_fault_share, 1.0),
                "0 to 1",
            ),
            (
                "nuisance_per_day",
                share(self.nuisance_per_day, MAX_NUISANCE_PER_DAY),
                "0 to 48",
            ),
            ("route_share", share(self.route_share, 1.0), "0 to 1"),
            (
                "missing_share",
                share(self.missing_share, MAX_DELIVERY_SHARE),
                "0 to 0.5",
            ),
            (
                "late_share",
                share(self.late_share, MAX_DELIVERY_SHARE),
                "0 to 0.5",
            ),
        ];
        match checks.iter().find(|(_, ok, _)| !ok) {
            Some((name, _, range)) => Err((name, range)),
            None => Ok(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_get_harder_on_every_knob() {
        let [easy, realistic, hard] = Preset::ALL.map(Preset::knobs);
        for (a, b) in [(easy, realistic), (realistic, hard)] {
            assert!(a.failure_share > b.failure_share);
            assert!(a.noise < b.noise);
            assert!(a.sensor_fault_share < b.sensor_fault_share);
            assert!(a.nuisance_per_day < b.nuisance_per_day);
            assert!(a.route_share < b.route_share);
            assert!(a.missing_share < b.missing_share);
            assert!(a.late_share < b.late_share);
        }
        for knobs in [easy, realistic, hard] {
            assert_eq!(knobs.checked(), Ok(knobs));
        }
        assert_eq!("HARD".parse::<Preset>().unwrap(), Preset::Hard);
        assert!("medium".parse::<Preset>().is_err());
    }

    #[test]
    fn a_knob_out_of_range_is_named() {
        let mut knobs = Preset::Easy.knobs();
        knobs.missing_share = 0.7;
        assert_eq!(knobs.checked(), Err(("missing_share", "0 to 0.5")));
        knobs.missing_share = 0.0;
        knobs.noise = f64::NAN;
        assert_eq!(knobs.checked(), Err(("noise", "0 to 10")));
    }
}
