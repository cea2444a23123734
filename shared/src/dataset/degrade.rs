//! What a reading goes through between the unit and the dataset's file: extra sensor noise,
//! extra nuisance alarms, and readings that go missing or arrive late.
//!
//! Each unit has its own [`Stream::Dataset`] source, seeded by the unit's seed, and every
//! reading takes the same number of draws whatever happens to it, so a knob changes only what
//! it names.

use super::Knobs;
use crate::alarm::NUISANCE_CODES;
use crate::random::{SimRng, Stream};
use crate::rcm::RcmReading;
use crate::record::TelemetryRecord;
use crate::seed::Seed;

/// One unit of each sensor's extra noise (standard deviations, in the column's unit), times
/// [`Knobs::noise`]: temperatures 0.2 °C, the ambient 0.5 °C, power 0.1 kW, the compressor
/// current 0.3 A, humidities 1 %, O2 and CO2 0.2 %. Each reading gets a fresh draw; the
/// cargo, supply and return air sensors, the power and the current also get a calibration
/// offset drawn once per unit with the same deviation (units differ, as real ones do).
pub const NOISE_UNITS: NoiseUnits = NoiseUnits {
    temperature: 0.2,
    ambient: 0.5,
    kilowatts: 0.1,
    current: 0.3,
    humidity: 1.0,
    gas: 0.2,
};

/// The standard deviation of one unit of extra noise, per kind of sensor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseUnits {
    /// Cargo, supply and return air, °C.
    pub temperature: f64,
    /// Outside air, °C.
    pub ambient: f64,
    /// Power, kW.
    pub kilowatts: f64,
    /// Compressor current, A.
    pub current: f64,
    /// Humidities, %.
    pub humidity: f64,
    /// Oxygen and carbon dioxide, %.
    pub gas: f64,
}

/// The mean length of a run of missing readings.
pub const MISSING_RUN_MEAN: u64 = 6;
/// A late reading is written after at most this many later ones (a day at 5-minute readings).
pub const MAX_LATE_BY: u64 = 288;

/// What happens to a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Written in its place.
    OnTime,
    /// Never written.
    Missing,
    /// Written after this many later readings (or at the end of its file's part, if sooner).
    Late(u64),
}

/// One unit's degradation, reading by reading.
#[derive(Debug, Clone)]
pub struct Degrader {
    rng: SimRng,
    knobs: Knobs,
    /// The unit's sensors' calibration offsets: supply, return, cargo, current, power.
    bias: [f64; 5],
    /// Readings left in the current run of missing ones.
    missing_left: u64,
}

impl Degrader {
    /// The degradation of the unit whose seed is `seed`.
    pub fn new(seed: Seed, knobs: Knobs) -> Self {
        // The unit's plan draws come first in this stream; the readings' after a jump.
        let mut rng = SimRng::new(seed, Stream::Dataset);
        rng.seek_row(1);
        let (k, n) = (knobs.noise, NOISE_UNITS);
        let bias = [
            n.temperature,
            n.temperature,
            n.temperature,
            n.current,
            n.kilowatts,
        ]
        .map(|unit| rng.normal(0.0, k * unit));
        Self {
            rng,
            knobs,
            bias,
            missing_left: 0,
        }
    }

    /// Applies noise and nuisance alarms to the next reading (in order), and says its fate.
    pub fn apply(&mut self, record: &mut TelemetryRecord, rcm: &mut RcmReading) -> Fate {
        let knobs = self.knobs;
        let rng = &mut self.rng;
        let (missing_draw, run_draw, late_draw, late_by) = (
            rng.unit(),
            rng.unit(),
            rng.unit(),
            rng.below(MAX_LATE_BY) + 1,
        );
        let nuisance_draw = rng.unit();
        let nuisance_code = rng.below(NUISANCE_CODES.len() as u64) as usize;
        if knobs.noise > 0.0 {
            let k = knobs.noise;
            let n = NOISE_UNITS;
            let [supply, ret, cargo, current, power] = self.bias;
            record.temperature += cargo + rng.normal(0.0, k * n.temperature);
            record.ambiant_temperature += rng.normal(0.0, k * n.ambient);
            record.oxygen += rng.normal(0.0, k * n.gas);
            record.carbon_dioxide += rng.normal(0.0, k * n.gas);
            record.humidity += rng.normal(0.0, k * n.humidity);
            rcm.supply_air_temperature += supply + rng.normal(0.0, k * n.temperature);
            rcm.return_air_temperature += ret + rng.normal(0.0, k * n.temperature);
            rcm.ambient_humidity += rng.normal(0.0, k * n.humidity);
            let kw = rng.normal(0.0, k * n.kilowatts);
            let amps = rng.normal(0.0, k * n.current);
            // A unit without power reads none; a stopped compressor draws no current.
            if record.kilowatts > 0.0 {
                record.kilowatts = (record.kilowatts + power + kw).max(0.0);
            }
            if rcm.compressor_current > 0.0 {
                rcm.compressor_current = (rcm.compressor_current + current + amps).max(0.0);
            }
        }
        let per_reading = knobs.nuisance_per_day * knobs.interval.minutes_f64() / 1440.0;
        if rcm.power_on && rcm.alarm_code.is_empty() && nuisance_draw < per_reading {
            rcm.alarm_code = NUISANCE_CODES[nuisance_code];
            rcm.alarm_nuisance = true;
        }
        if self.missing_left > 0 {
            self.missing_left -= 1;
            return Fate::Missing;
        }
        // Runs of 1 to 2·mean − 1 readings, started often enough that the share is missing.
        let mean = MISSING_RUN_MEAN as f64;
        if missing_draw < knobs.missing_share / (mean * (1.0 - knobs.missing_share)) {
            self.missing_left = (run_draw * (2.0 * mean - 1.0)) as u64;
            return Fate::Missing;
        }
        if late_draw < knobs.late_share {
            return Fate::Late(late_by);
        }
        Fate::OnTime
    }
}
