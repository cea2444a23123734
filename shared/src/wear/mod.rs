//! Reefers that wear out: run-to-failure degradation with a remaining useful life.
//!
//! A wearing unit goes through repair cycles. Each cycle's life (hours from a repair to the
//! failure) is drawn up front from a Weibull distribution of its mode, and its downtime (from
//! the failure to the repair that restores the unit) from a uniform one; the first cycle
//! starts before the run, at a drawn age. A cycle's draws come from its own place in the
//! [`Stream::WearLife`] stream, and each row's readings from its own place in
//! [`Stream::WearReadings`] ([`SimRng::seek_row`]): a unit's state at any minute is a closed
//! form of its seed and the time since its last repair, so any stretch of rows can be
//! generated on its own and agrees with the whole run.
//!
//! Within a cycle the wear `w` (the share of the life used) runs from 0 at the repair to 1 at
//! the failure; nothing shows until [`ONSET`], then the severity `s = ((w − ONSET) / (1 −
//! ONSET))^1.5` grows to 1 at the failure. What `s` does is the mode's ([`WearMode`]); the
//! unit's physics is in [`physics`].

pub mod physics;
pub mod run;

use crate::random::{SimRng, Stream};
use crate::seed::Seed;

/// The share of a cycle's life after which the wear starts to show.
pub const ONSET: f64 = 0.6;
/// The Weibull shape of every mode's life (wear-out: the failure rate grows with age).
pub const LIFE_SHAPE: f64 = 3.0;
/// The shortest and longest downtime after a failure, hours.
pub const DOWNTIME_HOURS: (f64, f64) = (6.0, 30.0);
/// The first cycle's age at the start of the run, as a share of its life: uniform below this.
pub const MAX_START_AGE: f64 = 0.6;

/// How a unit wears out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WearMode {
    /// Refrigerant leaks: the cooling capacity falls over days (ΔT shrinks, the compressor
    /// runs longer), then the box cannot hold its setpoint; fails when capacity is 15 %.
    RefrigerantLeak,
    /// The compressor wears: its efficiency falls (power drifts up), then it trips.
    CompressorWear,
    /// An evaporator fan motor fails: `fan_2` drops out now and then, then stops for good.
    EvaporatorFan,
    /// The condenser fouls: capacity drops in hot ambient only, then a high-pressure trip.
    CondenserFouling,
}

impl WearMode {
    /// The mode's name in the ground truth (`failure_mode`, `fault_type`).
    pub const fn name(self) -> &'static str {
        match self {
            WearMode::RefrigerantLeak => "refrigerant_leak",
            WearMode::CompressorWear => "compressor_wear",
            WearMode::EvaporatorFan => "evaporator_fan_failure",
            WearMode::CondenserFouling => "condenser_fouling",
        }
    }

    /// The component that fails.
    pub const fn component(self) -> &'static str {
        match self {
            WearMode::RefrigerantLeak => "refrigerant circuit",
            WearMode::CompressorWear => "compressor",
            WearMode::EvaporatorFan => "evaporator fan 2",
            WearMode::CondenserFouling => "condenser coil",
        }
    }

    /// The Weibull scale of a cycle's life, hours.
    pub const fn life_scale_hours(self) -> f64 {
        match self {
            WearMode::RefrigerantLeak => 40.0 * 24.0,
            WearMode::CompressorWear => 50.0 * 24.0,
            WearMode::EvaporatorFan => 30.0 * 24.0,
            WearMode::CondenserFouling => 45.0 * 24.0,
        }
    }
}

/// One repair cycle, in minutes from the run's start (the first one starts before it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cycle {
    /// The repair (or installation) that began it.
    pub repaired_at: f64,
    /// When the unit fails.
    pub fails_at: f64,
    /// When the repair after the failure restores it: the next cycle's start.
    pub back_at: f64,
}

impl Cycle {
    /// Minutes from the repair to the failure.
    pub fn life(&self) -> f64 {
        self.fails_at - self.repaired_at
    }
}

/// Where a unit is at one minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WearState {
    /// The mode.
    pub mode: WearMode,
    /// Its cycle (0 is the one the run starts in).
    pub cycle: u64,
    /// The severity, 0 (nothing shows) to 1 (at and after the failure).
    pub severity: f64,
    /// Whether the unit has failed and waits for its repair.
    pub failed: bool,
    /// Minutes until the failure (0 once failed).
    pub remaining_minutes: f64,
    /// Minutes since the failure (0 before it).
    pub minutes_failed: f64,
    /// Minutes since the repair that began the cycle.
    pub minutes_since_repair: f64,
    /// Minute the wear started to show in this cycle.
    pub onset_at: f64,
    /// This cycle's failure and repair times.
    pub at: Cycle,
}

impl WearState {
    /// The minute of this repair cycle at which the severity reaches `severity` (0 < s ≤ 1):
    /// the inverse of the severity curve, `since = life · (ONSET + (1 − ONSET) · s^(2/3))`.
    pub fn minute_at_severity(&self, severity: f64) -> f64 {
        let x = libm::cbrt(severity * severity);
        self.at.repaired_at + self.at.life() * (ONSET + (1.0 - ONSET) * x)
    }
}

/// A wearing unit: its mode and its repair cycles, drawn up front over a span of minutes.
#[derive(Debug, Clone)]
pub struct Unit {
    mode: WearMode,
    seed: Seed,
    cycles: Vec<Cycle>,
    span_minutes: f64,
}

impl Unit {
    /// The unit of `seed` wearing by `mode`, with its cycles drawn over the first
    /// `span_minutes` of the run (and the cycle that span ends in).
    pub fn new(mode: WearMode, seed: Seed, span_minutes: f64) -> Self {
        let mut unit = Self {
            mode,
            seed,
            cycles: Vec::new(),
            span_minutes,
        };
        let mut previous = unit.draw(0, None);
        unit.cycles.push(previous);
        while previous.back_at <= span_minutes {
            previous = unit.draw(unit.cycles.len() as u64, Some(&previous));
            unit.cycles.push(previous);
        }
        unit
    }

    /// The mode.
    pub fn mode(&self) -> WearMode {
        self.mode
    }

    /// The span the cycles were drawn over, minutes.
    pub fn span_minutes(&self) -> f64 {
        self.span_minutes
    }

    /// Every drawn cycle, first to last.
    pub fn cycles(&self) -> &[Cycle] {
        &self.cycles
    }

    /// Cycle `n`'s draws, after `previous` (none for the first: it starts at a drawn age).
    fn draw(&self, n: u64, previous: Option<&Cycle>) -> Cycle {
        let mut rng = SimRng::new(self.seed, Stream::WearLife);
        rng.seek_row(n);
        // Inverse transform: life = scale · (−ln(1 − u))^(1/shape), in minutes.
        let u = rng.unit();
        let life_hours =
            self.mode.life_scale_hours() * libm::pow(-libm::log(1.0 - u), 1.0 / LIFE_SHAPE);
        let life = (life_hours * 60.0).max(60.0);
        let (low, high) = DOWNTIME_HOURS;
        let downtime = (low + (high - low) * rng.unit()) * 60.0;
        let age = MAX_START_AGE * rng.unit() * life;
        let repaired_at = previous.map_or(-age, |p| p.back_at);
        Cycle {
            repaired_at,
            fails_at: repaired_at + life,
            back_at: repaired_at + life + downtime,
        }
    }

    /// The number of the cycle that `minute` falls in (the last drawn one past the span).
    pub fn cycle_index(&self, minute: f64) -> usize {
        self.cycles
            .partition_point(|c| c.back_at <= minute)
            .min(self.cycles.len() - 1)
    }

    /// The unit's state at `minute` (minutes from the run's start).
    pub fn state_at(&self, minute: f64) -> WearState {
        let cycle = self.cycle_index(minute);
        let at = self.cycles[cycle];
        let since = minute - at.repaired_at;
        let wear = (since / at.life()).clamp(0.0, 1.0);
        let severity = if wear <= ONSET {
            0.0
        } else {
            let x = (wear - ONSET) / (1.0 - ONSET);
            x * libm::sqrt(x)
        };
        let failed = minute >= at.fails_at;
        WearState {
            mode: self.mode,
            cycle: cycle as u64,
            severity: if failed { 1.0 } else { severity },
            failed,
            remaining_minutes: (at.fails_at - minute).max(0.0),
            minutes_failed: (minute - at.fails_at).max(0.0),
            minutes_since_repair: since,
            onset_at: at.repaired_at + ONSET * at.life(),
            at,
        }
    }

    /// The cycle before `cycle`, if the run saw it end.
    pub fn previous(&self, cycle: u64) -> Option<Cycle> {
        cycle
            .checked_sub(1)
            .and_then(|n| self.cycles.get(n as usize).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_follow_each_other_and_the_state_is_the_same_whatever_was_asked_before() {
        let unit = Unit::new(WearMode::RefrigerantLeak, Seed(3), 400_000.0);
        let shorter = Unit::new(WearMode::RefrigerantLeak, Seed(3), 100_000.0);
        assert_eq!(
            shorter.state_at(50_000.0),
            unit.state_at(50_000.0),
            "the span draws no differently"
        );
        let cycles = unit.cycles();
        assert!(
            cycles[0].repaired_at <= 0.0 && cycles.len() >= 3,
            "{cycles:?}"
        );
        for pair in cycles.windows(2) {
            assert_eq!(
                pair[1].repaired_at, pair[0].back_at,
                "a cycle starts at the repair"
            );
            assert!(pair[1].fails_at > pair[1].repaired_at && pair[1].back_at > pair[1].fails_at);
        }
        assert!(cycles.last().unwrap().back_at > 400_000.0);
    }

    #[test]
    fn severity_grows_from_the_onset_to_one_at_the_failure_and_the_repair_restores() {
        let unit = Unit::new(WearMode::CompressorWear, Seed(9), 200_000.0);
        let c = unit.cycles()[0];
        let onset = c.repaired_at + ONSET * c.life();
        if onset > 1.0 {
            assert_eq!(unit.state_at(onset - 1.0).severity, 0.0);
        }
        let before = unit.state_at(c.fails_at - 60.0);
        assert!(before.severity > 0.9 && !before.failed, "{before:?}");
        assert!((before.remaining_minutes - 60.0).abs() < 1e-6);
        let failed = unit.state_at(c.fails_at + 1.0);
        assert!(failed.failed && failed.remaining_minutes == 0.0);
        let repaired = unit.state_at(c.back_at + 1.0);
        assert!(!repaired.failed && repaired.severity == 0.0 && repaired.cycle == 1);
    }
}
