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
//! | tempgrowth | the 3 fault runs | the refrigeration stops: kilowatts ~ Normal(0.4, 0.1) (fans only); temperature climbs toward the ambient, time constant 36 readings (3 h); recovers after, 6 readings | rows of a run |
//! | powerfailure | the 3 fault runs | power 0 and fans off; temperature drifts toward the ambient, time constant 24 readings (2 h); recovers after, 6 readings | rows of a run (every outage, however short) |
//! | dooropen | the first ≤ 12 rows (1 h) of each run | `time_door_open` counts the minutes open (5, 10, …); temperature toward the ambient (time constant 4 readings), humidity + Normal(15, 3), O2 + Normal(1.5, 0.5), CO2 toward 0.4 % (outside air) | rows with the door open |
//! | defrost | every 72 readings (6 h) from a random offset, 4 readings (20 min) | heater on: kilowatts ~ Normal(4.5, 0.3), fans off, temperature + Normal(2.5, 0.5) | never: normal operation a model must not flag |
//! | sensorstuck | the 3 fault runs | the temperature reading repeats the run's first reading | rows of a run (a sensor fault) |
//! | sensordrift | the 3 fault runs | the temperature reading drifts by +0.05 °C per reading from the run's start | rows of a run (a sensor fault) |
//! | sensorspike | 5 % of the rows of the 3 fault runs | the temperature reading ± Normal(15, 3) | the spiking rows (a sensor fault) |
//!
//! Sensor faults change the reading, not the cargo: the other sensors stay normal, and the
//! ground truth (`fault_class`) tells them apart from equipment faults.
//!
//! Every random value comes from the fault-values stream (the defrost offset from the
//! fault-plan stream), so the readings of a row are those of `normal` with the same seed.

use crate::fault::FaultPlan;
use crate::random::{SimRng, Stream};
use crate::record::TelemetryRecord;
use crate::seed::Seed;
use crate::simulation::Simulation;

/// `temperature`: the excursion's mean and standard deviation, °C.
pub const EXCURSION: (f64, f64) = (6.0, 1.5);
/// `tempgrowth`: the power the fans alone draw, kW (mean, standard deviation).
pub const FANS_ONLY_KILOWATTS: (f64, f64) = (0.4, 0.1);
/// `tempgrowth`: how fast the cargo warms toward the ambient, in readings.
pub const GROWTH_TIME_CONSTANT: f64 = 36.0;
/// `powerfailure`: how fast the cargo warms toward the ambient without power, in readings.
pub const POWER_FAILURE_TIME_CONSTANT: f64 = 24.0;
/// How fast the unit pulls the cargo back down after a fault, in readings.
pub const RECOVERY_TIME_CONSTANT: f64 = 6.0;
/// `dooropen`: the longest opening, in readings.
pub const DOOR_MAX_READINGS: u64 = 12;
/// `dooropen`: how fast the cargo warms toward the ambient with the door open, in readings.
pub const DOOR_TIME_CONSTANT: f64 = 4.0;
/// `dooropen`: the CO2 level of outside air that the atmosphere tends to, %.
pub const OUTSIDE_CO2: f64 = 0.4;
/// `defrost`: readings between two defrost cycles, and the length of one.
pub const DEFROST_EVERY: u64 = 72;
/// `defrost`: readings a defrost cycle lasts.
pub const DEFROST_READINGS: u64 = 4;
/// `sensordrift`: the drift per reading, °C.
pub const DRIFT_PER_READING: f64 = 0.05;
/// `sensorspike`: the share of a run's rows that spike.
pub const SPIKE_SHARE: f64 = 0.05;
/// `sensorspike`: the size of a spike, °C (mean, standard deviation; either sign).
pub const SPIKE: (f64, f64) = (15.0, 3.0);

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
}

impl Scenario {
    /// The scenario of `simulation` for `seed`; `None` for SPEC's original simulations.
    pub fn new(simulation: Simulation, seed: Seed) -> Option<Self> {
        let defrost_offset = match simulation {
            Simulation::Defrost => SimRng::new(seed, Stream::FaultPlan).below(DEFROST_EVERY),
            other if Self::uses_fault_runs(other) => 0,
            _ => return None,
        };
        Some(Self {
            simulation,
            excess: 0.0,
            co2_deficit: 0.0,
            defrost_offset,
            stuck_at: None,
        })
    }

    /// `defrost`: the row of the first cycle (0 for the other scenarios).
    pub fn defrost_offset(&self) -> u64 {
        self.defrost_offset
    }

    /// `defrost`: whether row `index` is in a defrost cycle.
    pub fn defrosts_at(&self, index: u64) -> bool {
        self.simulation == Simulation::Defrost
            && index >= self.defrost_offset
            && (index - self.defrost_offset) % DEFROST_EVERY < DEFROST_READINGS
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
                    self.excess = approach(self.excess, toward_ambient, GROWTH_TIME_CONSTANT);
                } else {
                    self.excess = approach(self.excess, 0.0, RECOVERY_TIME_CONSTANT);
                }
                record.temperature += self.excess;
            }
            Simulation::PowerFailure => {
                if plan.is_faulty(index) {
                    faulty = true;
                    record.kilowatts = 0.0;
                    (record.fan_1, record.fan_2, record.fan_3) = (false, false, false);
                    self.excess =
                        approach(self.excess, toward_ambient, POWER_FAILURE_TIME_CONSTANT);
                } else {
                    self.excess = approach(self.excess, 0.0, RECOVERY_TIME_CONSTANT);
                }
                record.temperature += self.excess;
            }
            Simulation::DoorOpen => {
                let open_for = plan
                    .outage_at(index)
                    .map(|outage| index - outage.start)
                    .filter(|&readings| readings < DOOR_MAX_READINGS);
                let normal_co2 = record.carbon_dioxide_level;
                if let Some(readings) = open_for {
                    faulty = true;
                    record.time_door_open = 5 * (readings as u32 + 1);
                    self.excess = approach(self.excess, toward_ambient, DOOR_TIME_CONSTANT);
                    self.co2_deficit = approach(self.co2_deficit, normal_co2 - OUTSIDE_CO2, 2.0);
                    record.humidity_level += values.normal(15.0, 3.0);
                    record.oxygen_level += values.normal(1.5, 0.5);
                } else {
                    self.excess = approach(self.excess, 0.0, RECOVERY_TIME_CONSTANT);
                    self.co2_deficit = approach(self.co2_deficit, 0.0, RECOVERY_TIME_CONSTANT);
                }
                record.temperature += self.excess;
                record.carbon_dioxide_level = (normal_co2 - self.co2_deficit).max(0.0);
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
                    record.temperature += DRIFT_PER_READING * (index - outage.start + 1) as f64;
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
