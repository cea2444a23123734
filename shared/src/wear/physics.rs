//! A reefer unit's physics, at one reading: the heat load, the cooling capacity, the
//! compressor's duty, the air temperatures and the power drawn.
//!
//! | quantity | model |
//! |---|---|
//! | heat load `L`, kW | `UA · (ambient − setpoint) + cargo heat`, `UA` = 0.09 kW/K, cargo heat 0.2 kW |
//! | capacity `Q`, kW | 5.5 kW × the unit's capacity factor (1 when new; see the modes), × (0.55 + 0.45 · airflow) |
//! | airflow | the share of the 3 evaporator fans running |
//! | `compressor_duty` | `L / Q` (1 when `Q < L`: the compressor never stops); 0 when it is off |
//! | cargo (`temperature`) | the setpoint while `Q` covers the day's mean load; above it by `(L_mean − Q) / UA` when not; with the compressor off, toward the ambient with a 8 h time constant |
//! | `return_air_temperature` | the cargo + 0.5 °C |
//! | `supply_air_temperature` | return air − `Q / (1.1 kW/K · airflow)` while the compressor runs (what the controller reads then); the return air when it is off; + 3 °C during a defrost (the heater) |
//! | `kilowatts` | 0.25 kW per fan running + `duty · Q / COP`, COP 2.2 × the unit's efficiency (1 when new) |
//!
//! What each wear mode changes, with its severity `s` (0 to 1, see [`super`]):
//!
//! | mode | before the failure | at the failure |
//! |---|---|---|
//! | refrigerant leak | capacity factor 1 − 0.85 `s` | 0.15: the box cannot hold its setpoint |
//! | compressor wear | efficiency 1 − 0.55 `s`, capacity factor 1 − 0.15 `s` | a trip: compressor off |
//! | evaporator fan | `fan_2` off on a share 0.5 `s` of the readings | `fan_2` off |
//! | condenser fouling | capacity factor 1 − 0.9 `s` · hot, hot = (ambient − 18) / 12 within 0…1 | a high-pressure trip: compressor off |

use super::{WearMode, WearState};

/// Thermal conductance of the box, kW/K.
pub const UA: f64 = 0.09;
/// Heat the cargo gives off (respiration, fans' heat), kW.
pub const CARGO_HEAT: f64 = 0.2;
/// A new unit's cooling capacity with every fan running, kW.
pub const CAPACITY: f64 = 5.5;
/// Air flow through the evaporator with every fan running, kW per K of supply-return ΔT.
pub const AIRFLOW: f64 = 1.1;
/// A new unit's coefficient of performance.
pub const COP: f64 = 2.2;
/// Power of one evaporator fan, kW.
pub const FAN_KILOWATTS: f64 = 0.25;
/// Return air above the cargo, °C.
pub const RETURN_OFFSET: f64 = 0.5;
/// Supply air above the return air while the heater defrosts, °C.
pub const DEFROST_WARMING: f64 = 3.0;
/// How fast the cargo warms toward the ambient with the compressor off, minutes.
pub const WARMING_MINUTES: f64 = 8.0 * 60.0;
/// How fast a repaired unit pulls the cargo back down, minutes.
pub const PULL_DOWN_MINUTES: f64 = 2.0 * 60.0;

/// What a unit is doing at a reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    /// The cargo's setpoint, °C.
    pub setpoint: f64,
    /// Outside air, °C.
    pub ambient: f64,
    /// The day's mean outside air, °C (the cargo's thermal mass follows it, not the hour's).
    pub mean_ambient: f64,
    /// Whether the unit has power.
    pub power_on: bool,
    /// Whether the compressor may run (off: a trip, a stopped refrigeration, a defrost).
    pub compressor_available: bool,
    /// Whether the heater defrosts the coil.
    pub defrosting: bool,
    /// Evaporator fans running, of 3.
    pub fans: u8,
    /// The capacity factor (1 when new).
    pub capacity_factor: f64,
    /// The compressor's efficiency (1 when new).
    pub efficiency: f64,
    /// Heat the cargo gives off, kW ([`CARGO_HEAT`]; more for produce that respires, in the
    /// `rcm` profile).
    pub cargo_heat: f64,
}

/// What the unit reads and draws at a reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Heat load, kW.
    pub load: f64,
    /// Cooling capacity, kW.
    pub capacity: f64,
    /// Share of the interval the compressor runs.
    pub duty: f64,
    /// How far the cargo sits above its setpoint, °C (before any warming with the compressor
    /// off, which [`warming`] adds).
    pub cargo_excess: f64,
    /// Supply minus return air while the compressor runs, °C (negative: colder).
    pub supply_minus_return: f64,
    /// Power drawn, kW.
    pub kilowatts: f64,
}

impl Conditions {
    /// A new unit running normally at this setpoint and ambient.
    pub fn nominal(setpoint: f64, ambient: f64) -> Self {
        Self {
            setpoint,
            ambient,
            mean_ambient: ambient,
            power_on: true,
            compressor_available: true,
            defrosting: false,
            fans: 3,
            capacity_factor: 1.0,
            efficiency: 1.0,
            cargo_heat: CARGO_HEAT,
        }
    }

    /// The heat load before it is floored at 0, kW: negative when the outside air is colder
    /// than the setpoint (a chilled unit then heats).
    pub fn raw_load(&self) -> f64 {
        UA * (self.ambient - self.setpoint) + self.cargo_heat
    }

    /// The unit's reading under these conditions.
    pub fn reading(&self) -> Reading {
        let airflow = f64::from(self.fans) / 3.0;
        let load = (UA * (self.ambient - self.setpoint) + self.cargo_heat).max(0.0);
        let mean_load = (UA * (self.mean_ambient - self.setpoint) + self.cargo_heat).max(0.0);
        let running = self.power_on && self.compressor_available && !self.defrosting;
        let capacity = if running {
            CAPACITY * self.capacity_factor * (0.55 + 0.45 * airflow)
        } else {
            0.0
        };
        let duty = if capacity > 0.0 {
            (load / capacity).min(1.0)
        } else {
            0.0
        };
        let cargo_excess = if running {
            ((mean_load - capacity) / UA).max(0.0)
        } else {
            0.0
        };
        let supply_minus_return = match (running, self.defrosting) {
            (_, true) => DEFROST_WARMING,
            (true, false) if airflow > 0.0 => -capacity / (AIRFLOW * airflow),
            _ => 0.0,
        };
        let kilowatts = if self.power_on {
            FAN_KILOWATTS * f64::from(self.fans) + duty * capacity / (COP * self.efficiency)
        } else {
            0.0
        };
        Reading {
            load,
            capacity,
            duty,
            cargo_excess,
            supply_minus_return,
            kilowatts,
        }
    }
}

/// The cargo's warming above `from` after `minutes` with the compressor off, toward `ambient`.
pub fn warming(from: f64, ambient: f64, minutes: f64) -> f64 {
    (ambient - from) * (1.0 - libm::exp(-minutes / WARMING_MINUTES))
}

/// What a wear state does to a unit's conditions; `hot` is how hot the hour is (0…1), and
/// `fan_draw` a uniform draw that decides an intermittent fan's dropout.
pub fn wear(conditions: &mut Conditions, state: &WearState, fan_draw: f64) {
    let s = state.severity;
    match state.mode {
        WearMode::RefrigerantLeak => {
            conditions.capacity_factor *= if state.failed { 0.15 } else { 1.0 - 0.85 * s };
        }
        WearMode::CompressorWear => {
            conditions.efficiency *= 1.0 - 0.55 * s;
            conditions.capacity_factor *= 1.0 - 0.15 * s;
            if state.failed {
                conditions.compressor_available = false;
            }
        }
        WearMode::EvaporatorFan => {
            if state.failed || fan_draw < 0.5 * s {
                conditions.fans = conditions.fans.saturating_sub(1);
            }
        }
        WearMode::CondenserFouling => {
            let hot = ((conditions.ambient - 18.0) / 12.0).clamp(0.0, 1.0);
            conditions.capacity_factor *= 1.0 - 0.9 * s * hot;
            if state.failed {
                conditions.compressor_available = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_unit_holds_its_setpoint_with_supply_below_return() {
        let r = Conditions::nominal(4.0, 30.0).reading();
        assert!(r.duty > 0.0 && r.duty < 1.0, "{r:?}");
        assert_eq!(r.cargo_excess, 0.0);
        assert!((-6.0..-3.0).contains(&r.supply_minus_return), "{r:?}");
        assert!(r.kilowatts > 0.75 && r.kilowatts < 3.0, "{r:?}");
    }

    #[test]
    fn less_capacity_means_a_smaller_delta_t_a_longer_duty_then_a_warm_box() {
        let mut c = Conditions::nominal(4.0, 30.0);
        let new = c.reading();
        c.capacity_factor = 0.5;
        let half = c.reading();
        assert!(half.supply_minus_return > new.supply_minus_return);
        assert!(half.duty > new.duty);
        c.capacity_factor = 0.15;
        let leaked = c.reading();
        assert_eq!(leaked.duty, 1.0);
        assert!(leaked.cargo_excess > 5.0, "{leaked:?}");
    }

    #[test]
    fn a_fan_off_changes_the_airflow_and_the_delta_t() {
        let mut c = Conditions::nominal(4.0, 25.0);
        let three = c.reading();
        c.fans = 2;
        let two = c.reading();
        assert!(
            two.supply_minus_return < three.supply_minus_return,
            "colder supply, less air"
        );
        assert!(two.kilowatts < three.kilowatts + 0.5);
    }
}
