//! The physically coupled scenarios: faults whose signature runs across sensors the way real
//! reefers fail, labelled by what really happened (ground truth), not by a threshold.
//!
//! They start from the normal record, like SPEC's simulations, and keep one piece of state
//! across rows: how far the cargo temperature is above its normal reading (`excess`). A fault
//! drives it toward the ambient temperature with a time constant; once the fault is over it
//! decays back (the unit pulls the cargo down again), unlabelled.
//!
//! | simulation | where | signature | `maintenance_required = 1` |
//! |---|---|---|---|
//! | temperature | the 3 fault runs | temperature = normal + Normal(6, 1.5) (a thermostat or sensor excursion) | rows of a run |
//! | tempgrowth | the 3 fault runs | the refrigeration stops: kilowatts ~ Normal(0.4, 0.1) (fans only); temperature climbs toward the ambient, time constant 3 h (36 readings of 5 min); recovers after, 30 min | rows of a run |
//! | powerfailure | the 3 fault runs | power 0 and fans off; temperature drifts toward the ambient, time constant 2 h; recovers after, 30 min | rows of a run (every outage, however short) |
//! | dooropen | the first hour of each run (≤ 12 rows of 5 min) | `time_door_open` counts the minutes open (one interval, two, …); temperature toward the ambient (time constant 20 min), humidity + Normal(15, 3), O2 + Normal(1.5, 0.5), CO2 toward 0.4 % (outside air) | rows with the door open |
//! | defrost | every 6 h (72 readings of 5 min) from a random offset, 20 min (at least one reading) | heater on: kilowatts ~ Normal(4.5, 0.3), fans off, temperature + Normal(2.5, 0.5) | never: normal operation a model must not flag |
//! | sensorstuck | the 3 fault runs | the temperature reading repeats the run's first reading | rows of a run (a sensor fault) |
//! | sensordrift | the 3 fault runs | the temperature reading drifts by +0.05 °C per 5 minutes from the run's start | rows of a run (a sensor fault) |
//! | sensorspike | 5 % of the rows of the 3 fault runs | the temperature reading ± Normal(15, 3) | the spiking rows (a sensor fault) |
//!
//! Every duration is in minutes and counted in readings of the spec's interval ([`Rhythm`]);
//! at 5 minutes the counts are the original ones.
//!
//! Sensor faults change the reading, not the cargo: the other sensors stay normal, and the
//! ground truth (`fault_class`) tells them apart from equipment faults.
//!
//! Every random value comes from the fault-values stream (the defrost offset from the
//! fault-plan stream), so the readings of a row are those of `normal` with the same seed.

use crate::fault::FaultPlan;
use crate::interval::Interval;
use crate::random::{SimRng, Stream};
use crate::record::TelemetryRecord;
use crate::seed::Seed;
use crate::simulation::Simulation;

/// `temperature`: the excursion's mean and standard deviation, °C.
pub const EXCURSION: (f64, f64) = (6.0, 1.5);
/// `tempgrowth`: the power the fans alone draw, kW (mean, standard deviation).
pub const FANS_ONLY_KILOWATTS: (f64, f64) = (0.4, 0.1);
/// `tempgrowth`: how fast the cargo warms toward the ambient, minutes (3 h).
pub const GROWTH_TIME_CONSTANT_MINUTES: f64 = 180.0;
/// `powerfailure`: how fast the cargo warms toward the ambient without power, minutes (2 h).
pub const POWER_FAILURE_TIME_CONSTANT_MINUTES: f64 = 120.0;
/// How fast the unit pulls the cargo back down after a fault, minutes.
pub const RECOVERY_TIME_CONSTANT_MINUTES: f64 = 30.0;
/// `dooropen`: the longest opening, minutes.
pub const DOOR_MAX_MINUTES: u64 = 60;
/// `dooropen`: how fast the cargo warms toward the ambient with the door open, minutes.
pub const DOOR_TIME_CONSTANT_MINUTES: f64 = 20.0;
/// `dooropen`: how fast the CO2 level tends to the outside air's, minutes.
pub const DOOR_CO2_TIME_CONSTANT_MINUTES: f64 = 10.0;
/// `dooropen`: the CO2 level of outside air that the atmosphere tends to, %.
pub const OUTSIDE_CO2: f64 = 0.4;
/// `defrost`: minutes between the starts of two defrost cycles (6 h).
pub const DEFROST_EVERY_MINUTES: u64 = 360;
/// `defrost`: minutes a defrost cycle lasts.
pub const DEFROST_MINUTES: u64 = 20;
/// `sensordrift`: the drift per 5 minutes, °C.
pub const DRIFT_PER_FIVE_MINUTES: f64 = 0.05;
/// `sensorspike`: the share of a run's rows that spike.
pub const SPIKE_SHARE: f64 = 0.05;
/// `sensorspike`: the size of a spike, °C (mean, standard deviation; either sign).
pub const SPIKE: (f64, f64) = (15.0, 3.0);

/// The scenarios' rules in readings of one [`Interval`]: the minutes above, counted in
/// readings. At 5 minutes: time constants 36, 24, 6, 4 and 2 readings, an opening of at most
/// 12 readings, a defrost of 4 readings every 72, a drift of 0.05 °C per reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rhythm {
    /// The interval the readings are counted in.
    pub interval: Interval,
    /// `tempgrowth`'s time constant, readings.
    pub growth: f64,
    /// `powerfailure`'s time constant, readings.
    pub power_failure: f64,
    /// The recovery's time constant, readings.
    pub recovery: f64,
    /// `dooropen`'s warming time constant, readings.
    pub door: f64,
    /// `dooropen`'s CO2 time constant, readings.
    pub door_co2: f64,
    /// `dooropen`: the longest opening, readings.
    pub door_max_readings: u64,
    /// `defrost`: readings between the starts of two cycles.
    pub defrost_every: u64,
    /// `defrost`: readings a cycle lasts (at least one).
    pub defrost_readings: u64,
    /// `sensordrift`: the drift per reading, °C.
    pub drift_per_reading: f64,
}

impl Rhythm {
    /// The rules at `interval`.
    pub fn of(interval: Interval) -> Self {
        let tau = |minutes| interval.time_constant(minutes);
        Self {
            interval,
            growth: tau(GROWTH_TIME_CONSTANT_MINUTES),
            power_failure: tau(POWER_FAILURE_TIME_CONSTANT_MINUTES),
            recovery: tau(RECOVERY_TIME_CONSTANT_MINUTES),
            door: tau(DOOR_TIME_CONSTANT_MINUTES),
            door_co2: tau(DOOR_CO2_TIME_CONSTANT_MINUTES),
            door_max_readings: interval.readings_covering(DOOR_MAX_MINUTES),
            defrost_every: interval.readings_covering(DEFROST_EVERY_MINUTES),
            defrost_readings: interval.readings_covering(DEFROST_MINUTES),
            // × 1 at 5 minutes, so the default drift keeps its bits.
            drift_per_reading: DRIFT_PER_FIVE_MINUTES * (interval.minutes() / 5) as f64,
        }
    }

    /// `defrost`: whether row `index` is in a cycle of a schedule starting at `offset`.
    pub fn defrosts_at(&self, offset: u64, index: u64) -> bool {
        index >= offset && (index - offset) % self.defrost_every < self.defrost_readings
    }
}

impl Default for Rhythm {
    fn default() -> Self {
        Self::of(Interval::default())
    }
}

/// The state of a coupled scenario across rows.
#[derive(Debug, Clone)]
pub struct Scenario {
    simulation: Simulation,
    /// How far the cargo temperature is above its normal reading, °C.
    excess: f64,
    /// How far the CO2 level is below its normal reading, %.
    co2_deficit: f64,
    /// `defrost`: the row of the first cycle.
    defrost_offset: u64,
    /// `sensorstuck`: the value the sensor repeats in the current run.
    stuck_at: Option<f64>,
    /// The rules in readings of the spec's interval.
    rhythm: Rhythm,
}

impl Scenario {
    /// The scenario of `simulation` for `seed` with readings `interval` apart; `None` for
    /// SPEC's original simulations.
    pub fn new(simulation: Simulation, seed: Seed, interval: Interval) -> Option<Self> {
        let rhythm = Rhythm::of(interval);
        let defrost_offset = match simulation {
            Simulation::Defrost => SimRng::new(seed, Stream::FaultPlan).below(rhythm.defrost_every),
            other if Self::uses_fault_runs(other) => 0,
            _ => return None,
        };
        Some(Self {
            simulation,
            excess: 0.0,
            co2_deficit: 0.0,
            defrost_offset,
            stuck_at: None,
            rhythm,
        })
    }

    /// `defrost`: the row of the first cycle (0 for the other scenarios).
    pub fn defrost_offset(&self) -> u64 {
        self.defrost_offset
    }

    /// `defrost`: whether row `index` is in a defrost cycle.
    pub fn defrosts_at(&self, index: u64) -> bool {
        self.simulation == Simulation::Defrost
            && self.rhythm.defrosts_at(self.defrost_offset, index)
    }

    /// Whether the scenario needs SPEC's three fault runs (all but `defrost`).
    pub fn uses_fault_runs(simulation: Simulation) -> bool {
        matches!(
            simulation,
            Simulation::Temperature
                | Simulation::TempGrowth
                | Simulation::PowerFailure
                | Simulation::DoorOpen
                | Simulation::SensorStuck
                | Simulation::SensorDrift
                | Simulation::SensorSpike
        )
    }

    /// Writes the scenario's signature and label into row `index`.
    pub fn apply(
        &mut self,
        index: u64,
        plan: &FaultPlan,
        values: &mut SimRng,
        record: &mut TelemetryRecord,
    ) {
        let normal_temperature = record.temperature;
        let toward_ambient = record.ambiant_temperature - normal_temperature;
        let mut faulty = false;
        let rhythm = self.rhythm;
        match self.simulation {
            Simulation::Temperature if plan.is_faulty(index) => {
                faulty = true;
                record.temperature += values.normal(EXCURSION.0, EXCURSION.1);
            }
            Simulation::TempGrowth => {
                if plan.is_faulty(index) {
                    faulty = true;
                    record.kilowatts = values
                        .normal(FANS_ONLY_KILOWATTS.0, FANS_ONLY_KILOWATTS.1)
                        .max(0.0);
                    self.excess = approach(self.excess, toward_ambient, rhythm.growth);
                } else {
                    self.excess = approach(self.excess, 0.0, rhythm.recovery);
                }
                record.temperature += self.excess;
            }
            Simulation::PowerFailure => {
                if plan.is_faulty(index) {
                    faulty = true;
                    record.kilowatts = 0.0;
                    (record.fan_1, record.fan_2, record.fan_3) = (false, false, false);
                    self.excess = approach(self.excess, toward_ambient, rhythm.power_failure);
                } else {
                    self.excess = approach(self.excess, 0.0, rhythm.recovery);
                }
                record.temperature += self.excess;
            }
            Simulation::DoorOpen => {
                let open_for = plan
                    .outage_at(index)
                    .map(|outage| index - outage.start)
                    .filter(|&readings| readings < rhythm.door_max_readings);
                let normal_co2 = record.carbon_dioxide;
                if let Some(readings) = open_for {
                    faulty = true;
                    record.time_door_open = (rhythm.interval.minutes() * (readings + 1)) as u32;
                    self.excess = approach(self.excess, toward_ambient, rhythm.door);
                    self.co2_deficit =
                        approach(self.co2_deficit, normal_co2 - OUTSIDE_CO2, rhythm.door_co2);
                    record.humidity += values.normal(15.0, 3.0);
                    record.oxygen += values.normal(1.5, 0.5);
                } else {
                    self.excess = approach(self.excess, 0.0, rhythm.recovery);
                    self.co2_deficit = approach(self.co2_deficit, 0.0, rhythm.recovery);
                }
                record.temperature += self.excess;
                record.carbon_dioxide = (normal_co2 - self.co2_deficit).max(0.0);
            }
            Simulation::Defrost if self.defrosts_at(index) => {
                record.kilowatts = values.normal(4.5, 0.3);
                (record.fan_1, record.fan_2, record.fan_3) = (false, false, false);
                record.temperature += values.normal(2.5, 0.5);
            }
            Simulation::SensorStuck => match plan.outage_at(index) {
                Some(_) => {
                    faulty = true;
                    record.temperature = *self.stuck_at.get_or_insert(normal_temperature);
                }
                None => self.stuck_at = None,
            },
            Simulation::SensorDrift => {
                if let Some(outage) = plan.outage_at(index) {
                    faulty = true;
                    record.temperature +=
                        rhythm.drift_per_reading * (index - outage.start + 1) as f64;
                }
            }
            Simulation::SensorSpike if plan.is_faulty(index) => {
                // One draw decides the spike and its sign; a second its size.
                let draw = values.unit();
                if draw < SPIKE_SHARE {
                    faulty = true;
                    let size = values.normal(SPIKE.0, SPIKE.1);
                    let sign = if draw < SPIKE_SHARE / 2.0 { -1.0 } else { 1.0 };
                    record.temperature += sign * size;
                }
            }
            _ => {}
        }
        record.maintenance_required = faulty;
    }
}

/// One reading's step of `value` toward `target` with time constant `tau` (in readings).
fn approach(value: f64, target: f64, tau: f64) -> f64 {
    value + (target - value) * (1.0 - libm::exp(-1.0 / tau))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approach_covers_63_percent_of_the_way_in_one_time_constant() {
        let mut v = 0.0;
        for _ in 0..24 {
            v = approach(v, 10.0, 24.0);
        }
        assert!((v - 10.0 * (1.0 - (-1.0f64).exp())).abs() < 1e-9, "{v}");
    }
}
