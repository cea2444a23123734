//! A predictive-maintenance benchmark: a fleet of units over days, with a train, validation
//! and test split (`reefer dataset`).
//!
//! This module decides everything about a dataset but writes nothing: which units wear out and
//! how ([`plan`]), which are on a voyage, their product, model and age, the split, where each
//! test unit's trajectory is cut and its truth there ([`UnitPlan::cut`]), and what each
//! reading goes through on its way to the file ([`degrade`]: extra noise, extra nuisance
//! alarms, missing and late readings). Every draw comes from [`Stream::Dataset`] of the
//! dataset's seed or of the unit's, so a spec gives the same dataset on every machine.
//!
//! A wearing unit runs one of the four run-to-failure simulations ([`crate::wear`]): it may
//! fail more than once in the span (each failure is followed by a repair). A healthy unit runs
//! `normal`, or with [`Knobs::sensor_fault_share`] a temperature-sensor fault (`sensordrift`,
//! `sensorstuck`, `sensorspike`) that a model can mistake for an equipment fault.
//!
//! Test units are cut C-MAPSS style: a unit that fails in the span is cut at a uniform point of
//! the 7 days (or, if its previous repair is nearer, the time since it) before one of its
//! failures in the span, drawn with equal chance, and its remaining useful life at the cut is
//! the truth; a unit that does not fail in the span is cut uniformly in the last 70 % of it and
//! is censored (its life is only known to be longer than the span left).

pub mod degrade;
pub mod preset;

pub use preset::{Knobs, Preset};

use crate::container::ContainerId;
use crate::count::RecordCount;
use crate::error::ParseError;
use crate::fleet::derive;
use crate::product::Product;
use crate::random::{SimRng, Stream};
use crate::rcm::Profile;
use crate::route::{Route, Voyage};
use crate::seed::Seed;
use crate::simulation::Simulation;
use crate::spec::GenerationSpec;
use crate::timestamp::Timestamp;
use crate::wear::{Unit, WearMode};

/// The most units a dataset has.
pub const MAX_UNITS: u32 = 100_000;
/// The most days a dataset spans (ten years).
pub const MAX_DAYS: u32 = 3660;
/// The share of the units (of each kind, failing or not) in validation, and in test.
pub const HELD_OUT_SHARE: f64 = 0.2;
/// How many seeds a wearing unit tries for a first failure in the span (a span shorter than
/// most lives may find none: the unit then fails later, or not at all).
pub const MAX_ATTEMPTS: u64 = 256;
/// A failing test unit is cut at most this long before the failure it is scored on, minutes
/// (7 days).
pub const CUT_HORIZON_MINUTES: f64 = 7.0 * 1440.0;
/// A censored test unit is cut after at least this share of the span.
pub const CENSORED_CUT_FROM: f64 = 0.3;

/// The models a unit may be, with equal chance (the maker's name for the machine).
pub const MODELS: [&str; 4] = [
    "Carrier PrimeLINE",
    "Carrier ThinLINE",
    "Daikin LXE10E",
    "Thermo King Magnum Plus",
];
/// A unit's age at the start, years: uniform from 0 to this.
pub const MAX_AGE_YEARS: u64 = 12;
/// The sensor faults a healthy unit may run with [`Knobs::sensor_fault_share`].
pub const SENSOR_FAULTS: [Simulation; 3] = [
    Simulation::SensorDrift,
    Simulation::SensorStuck,
    Simulation::SensorSpike,
];
/// The wear modes, with equal chance.
const MODES: [Simulation; 4] = [
    Simulation::RefrigerantLeak,
    Simulation::CompressorWear,
    Simulation::FanFailure,
    Simulation::CondenserFouling,
];

/// What a dataset is: its size, seed, first reading and difficulty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DatasetSpec {
    /// How many units.
    pub units: u32,
    /// How many days each unit is watched.
    pub days: u32,
    /// The seed of every draw.
    pub seed: Seed,
    /// The first reading's time.
    pub start: Timestamp,
    /// The difficulty.
    pub knobs: Knobs,
}

impl DatasetSpec {
    /// The spec, or an error naming the field out of range.
    pub fn checked(self) -> Result<Self, ParseError> {
        if !(1..=MAX_UNITS).contains(&self.units) {
            let allowed = format!("1 to {MAX_UNITS}");
            return Err(ParseError::new("units", &self.units.to_string(), allowed));
        }
        if !(1..=MAX_DAYS).contains(&self.days) {
            let allowed = format!("1 to {MAX_DAYS}");
            return Err(ParseError::new("days", &self.days.to_string(), allowed));
        }
        if let Err((name, range)) = self.knobs.checked() {
            return Err(ParseError::new(name, "out of range", range));
        }
        let span = i64::from(self.days) * 86_400;
        if self.start.checked_add_seconds(span).is_none() {
            return Err(ParseError::new(
                "start",
                &self.start.to_string(),
                "a start whose last day is before year 10000",
            ));
        }
        Ok(self)
    }

    /// Readings per unit over the span.
    pub fn readings_per_unit(&self) -> u64 {
        u64::from(self.days) * self.knobs.interval.readings_per_day()
    }

    /// The span, minutes.
    pub fn span_minutes(&self) -> f64 {
        f64::from(self.days) * 1440.0
    }
}

/// Which part of the split a unit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Trained on: the whole span, its failures and repairs known.
    Train,
    /// Held out for tuning: the whole span, its failures and repairs known.
    Validation,
    /// Scored: cut before its first failure, the truth at the cut kept apart.
    Test,
}

impl Role {
    /// The role's name in `split.json` and the `units` table.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Train => "train",
            Role::Validation => "validation",
            Role::Test => "test",
        }
    }
}

/// Where a test unit is cut, and its truth there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cut {
    /// Readings kept (those before the cut).
    pub readings: u64,
    /// The last reading kept, minutes from the start.
    pub last_minute: f64,
    /// The first failure after the cut, if it comes within the span: (minute, mode).
    pub failure: Option<(f64, WearMode)>,
}

/// One unit of a dataset: what it is and what it runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitPlan {
    /// Its number, from 0.
    pub index: u32,
    /// Its id (`U0001`…), the telemetry's `container_id`.
    pub id: ContainerId,
    /// The seed of its generation.
    pub seed: Seed,
    /// What it carries.
    pub product: Product,
    /// The machine's model.
    pub model: &'static str,
    /// Its age at the start, years.
    pub age_years: u64,
    /// What it runs: a wear mode, `normal`, or a sensor fault.
    pub simulation: Simulation,
    /// Its voyage, if it travels.
    pub voyage: Option<Voyage>,
    /// Its part of the split.
    pub role: Role,
    /// For a test unit, its cut.
    pub cut: Option<Cut>,
}

impl UnitPlan {
    /// The generation of the unit's whole span (a test unit's file stops at its cut).
    pub fn generation(&self, spec: &DatasetSpec) -> GenerationSpec {
        let records = RecordCount::new(spec.readings_per_unit())
            .expect("a checked spec has at most MAX_DAYS of readings");
        GenerationSpec::new(
            self.id,
            self.product,
            self.simulation,
            records,
            spec.start,
            self.seed,
        )
        .and_then(|g| g.with_interval(spec.knobs.interval))
        .expect("a checked spec's last reading is before year 10000")
        .with_profile(Profile::Rcm)
        .with_voyage(self.voyage)
    }

    /// The wearing unit and its repair cycles, for a unit that wears.
    pub fn wear(&self, spec: &DatasetSpec) -> Option<Unit> {
        let mode = self.simulation.wear_mode()?;
        Some(Unit::new(mode, self.seed, spec.span_minutes()))
    }

    /// The failures in the span: (failure minute, repair minute, mode), first to last (a
    /// repair may fall after the span).
    pub fn failures(&self, spec: &DatasetSpec) -> Vec<(f64, f64, WearMode)> {
        let span = spec.span_minutes();
        self.wear(spec).map_or_else(Vec::new, |unit| {
            unit.cycles()
                .iter()
                .filter(|c| c.fails_at >= 0.0 && c.fails_at < span)
                .map(|c| (c.fails_at, c.back_at, unit.mode()))
                .collect()
        })
    }

    /// The readings written for this unit: all of them, or a test unit's before its cut.
    pub fn readings(&self, spec: &DatasetSpec) -> u64 {
        self.cut.map_or(spec.readings_per_unit(), |c| c.readings)
    }
}

/// The units of `spec`, in order, with their roles and cuts.
pub fn plan(spec: &DatasetSpec) -> Vec<UnitPlan> {
    let n = spec.units as usize;
    let knobs = spec.knobs;
    let mut dataset = SimRng::new(spec.seed, Stream::Dataset);
    // Exactly the share of units wear out (at least one when the share is not 0).
    let wearing = match (knobs.failure_share * n as f64).round() as usize {
        0 if knobs.failure_share > 0.0 => 1,
        k => k.min(n),
    };
    let order = shuffled(&mut dataset, n);
    let mut wears = vec![false; n];
    for &i in &order[..wearing] {
        wears[i] = true;
    }
    let mut units: Vec<UnitPlan> = (0..n)
        .map(|i| {
            let draw = |attempt: u64| unit(spec, i, wears[i], attempt);
            if !wears[i] {
                return draw(0);
            }
            // A wearing unit is drawn among those that fail in the span, so that the share
            // of units failing is the knob's.
            (0..MAX_ATTEMPTS)
                .map(draw)
                .find(|u| !u.failures(spec).is_empty())
                .unwrap_or_else(|| draw(0))
        })
        .collect();
    // Stratified: the units that fail in the span and the others are split apart, so that
    // each part has its share of failures.
    let fails: Vec<bool> = units.iter().map(|u| !u.failures(spec).is_empty()).collect();
    for failing in [true, false] {
        let group: Vec<usize> = shuffled(&mut dataset, n)
            .into_iter()
            .filter(|&i| fails[i] == failing)
            .collect();
        let (test, validation) = held_out(group.len(), failing);
        for (k, &i) in group.iter().enumerate() {
            units[i].role = if k < test {
                Role::Test
            } else if k < test + validation {
                Role::Validation
            } else {
                Role::Train
            };
        }
    }
    for unit in units.iter_mut().filter(|u| u.role == Role::Test) {
        let (pick, u) = (dataset.next_u64(), dataset.unit());
        unit.cut = Some(cut(spec, unit, pick, u));
    }
    units
}

/// Unit `i`'s draws from its seed for `attempt`.
fn unit(spec: &DatasetSpec, i: usize, wears: bool, attempt: u64) -> UnitPlan {
    let knobs = spec.knobs;
    let seed = Seed(derive(spec.seed.0, i as u64, attempt));
    let mut rng = SimRng::new(seed, Stream::Dataset);
    let product = Product::ORIGINAL[rng.below(Product::ORIGINAL.len() as u64) as usize];
    let model = MODELS[rng.below(MODELS.len() as u64) as usize];
    let age_years = rng.below(MAX_AGE_YEARS + 1);
    let mode = MODES[rng.below(MODES.len() as u64) as usize];
    let sensor_fault = SENSOR_FAULTS[rng.below(SENSOR_FAULTS.len() as u64) as usize];
    let faulty_sensor = rng.unit() < knobs.sensor_fault_share;
    let travels = rng.unit() < knobs.route_share;
    let route = Route::ALL[rng.below(Route::ALL.len() as u64) as usize];
    let sail_day = rng.below(u64::from(spec.days));
    let simulation = match (wears, faulty_sensor) {
        (true, _) => mode,
        (false, true) => sensor_fault,
        (false, false) => Simulation::Normal,
    };
    let voyage = travels.then(|| Voyage {
        route,
        seed,
        start: spec
            .start
            .checked_add_seconds(sail_day as i64 * 86_400)
            .unwrap_or(spec.start),
    });
    UnitPlan {
        index: i as u32,
        id: unit_id(i),
        seed,
        product,
        model,
        age_years,
        simulation,
        voyage,
        role: Role::Train,
        cut: None,
    }
}

/// How many of a group of `n` units go to test and to validation: [`HELD_OUT_SHARE`] each,
/// and for failing units at least one in test (from 2) and in validation (from 3).
fn held_out(n: usize, failing: bool) -> (usize, usize) {
    let share = (n as f64 * HELD_OUT_SHARE).round() as usize;
    if failing {
        let test = if n >= 2 { share.max(1) } else { 0 };
        let validation = if n >= 3 { share.max(1) } else { 0 };
        (test, validation)
    } else {
        (share, share)
    }
}

/// The cut of test unit `unit` from the uniform draws `pick` (which failure) and `u` (where).
fn cut(spec: &DatasetSpec, unit: &UnitPlan, pick: u64, u: f64) -> Cut {
    let interval = spec.knobs.interval.minutes_f64();
    let span = spec.span_minutes();
    let failures = unit.failures(spec);
    let chosen = (!failures.is_empty()).then(|| (pick % failures.len() as u64) as usize);
    let wanted = match chosen {
        Some(k) => {
            let fails_at = failures[k].0;
            let since_repair = k
                .checked_sub(1)
                .map_or(fails_at, |p| fails_at - failures[p].1);
            fails_at - u * since_repair.min(CUT_HORIZON_MINUTES)
        }
        None => span * (CENSORED_CUT_FROM + (1.0 - CENSORED_CUT_FROM) * u),
    };
    // At least one reading, and the failure itself never kept.
    let last = chosen.map_or(span, |k| failures[k].0);
    let mut readings = ((wanted / interval).ceil() as u64).max(1);
    while readings > 1 && readings as f64 * interval > last {
        readings -= 1;
    }
    let readings = readings.min(spec.readings_per_unit());
    Cut {
        readings,
        last_minute: (readings - 1) as f64 * interval,
        failure: chosen.map(|k| (failures[k].0, failures[k].2)),
    }
}

/// `0..n` in a random order (Fisher–Yates).
fn shuffled(rng: &mut SimRng, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    order
}

/// The id of unit `i` (from 0): `U0001`, … (more digits past 9999).
pub fn unit_id(i: usize) -> ContainerId {
    format!("U{:04}", i + 1)
        .parse()
        .expect("U and digits make a container id")
}

#[cfg(test)]
mod tests;
