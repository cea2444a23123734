//! The controller's alarms (the `rcm` profile's `alarm_code`): codes modelled on the Carrier
//! controller's list, each raised by the unit's physics when its condition holds, and nuisance
//! alarms at a documented rate, marked as such in the ground truth (`alarm_nuisance`).
//!
//! | code | Carrier's meaning | raised in our model when |
//! |---|---|---|
//! | `AL16` | compressor current high | the modelled compressor current is above [`CURRENT_LIMIT`] (1.25 × the rated [`RATED_CURRENT`]) and the compressor has run [`AL16_RUNNING_MINUTES`] minutes since it crossed it (minutes since the crossing × the reading's duty) |
//! | `AL18` | discharge pressure high | condenser fouling takes at least [`AL18_CAPACITY_LOSS`] of the capacity (only in hot hours), or its high-pressure trip |
//! | `AL22` | evaporator motor protector | the worn evaporator fan 2 is off |
//! | `AL24` | compressor internal protector open | a worn compressor has tripped, until the repair |
//! | `AL25` | condenser motor protector | nuisance only |
//! | `AL26` | all supply and return air sensors failed | never: no simulation fails both air sensors |
//! | `AL54` | primary supply sensor out of range (−50…+70 °C) | nuisance only: the modelled supply air never leaves the range |
//! | `AL56` | primary return sensor out of range (−50…+70 °C) | nuisance only, as `AL54` |
//! | `AL57` | ambient sensor | nuisance only |
//! | `AL60` | defrost not terminating | never: every defrost of ours ends |
//!
//! A controller without power raises nothing: no alarm while the unit is unplugged or has
//! lost its power. One code per reading, the most serious first: `AL24`, `AL18`, `AL22`,
//! `AL16`, then a nuisance alarm. A refrigerant leak raises no code (a controller has no sensor
//! for the charge): a model has to see it in the ΔT and the duty.
//!
//! Nuisance alarms come at a chance of interval / [`NUISANCE_MEAN_MINUTES`] per powered
//! reading (one every 3 days of operation) that has no real alarm, one of `AL25`, `AL54`,
//! `AL56`, `AL57` with equal chance, and clear at the next reading. The draw is one uniform
//! number per reading, taken whether or not it raises anything, so the other draws keep
//! their place.

use crate::wear::physics::{Conditions, Reading, COP};
use crate::wear::{WearMode, WearState};

/// The compressor's rated current, A.
pub const RATED_CURRENT: f64 = 4.25;
/// `AL16`'s limit: 1.25 × the rated current, A.
pub const CURRENT_LIMIT: f64 = 1.25 * RATED_CURRENT;
/// Running minutes above the limit before `AL16` is raised.
pub const AL16_RUNNING_MINUTES: f64 = 10.0;
/// The share of the capacity condenser fouling takes when `AL18` is raised.
pub const AL18_CAPACITY_LOSS: f64 = 0.45;
/// Mean powered minutes between two nuisance alarms (3 days).
pub const NUISANCE_MEAN_MINUTES: f64 = 72.0 * 60.0;
/// The codes a nuisance alarm shows, with equal chance.
pub const NUISANCE_CODES: [&str; 4] = ["AL25", "AL54", "AL56", "AL57"];
/// Every code of the model, as the README's table lists them.
pub const CODES: [&str; 10] = [
    "AL16", "AL18", "AL22", "AL24", "AL25", "AL26", "AL54", "AL56", "AL57", "AL60",
];

/// The supply voltage (three-phase), V.
const VOLTS: f64 = 400.0;
/// √3, the three-phase factor (the double nearest to it, as `libm::sqrt(3.0)` gives).
const SQRT_3: f64 = 1.732_050_807_568_877_2;
/// The compressor motor's power factor.
const POWER_FACTOR: f64 = 0.85;

/// The compressor's current while it runs, A: its electrical power (capacity / (COP ×
/// efficiency)) over √3 × 400 V × 0.85; 0 when it does not run. A new unit draws 4.24 A.
pub fn compressor_current(conditions: &Conditions, reading: &Reading) -> f64 {
    if reading.duty <= 0.0 {
        return 0.0;
    }
    let kilowatts = reading.capacity / (COP * conditions.efficiency);
    kilowatts * 1000.0 / (SQRT_3 * VOLTS * POWER_FACTOR)
}

/// The compressor-wear severity at which the current reaches [`CURRENT_LIMIT`] (all fans
/// running): the current grows as (1 − 0.15 s) / (1 − 0.55 s) (see [`crate::wear::physics`]).
pub fn al16_severity() -> f64 {
    let new = compressor_current(
        &Conditions::nominal(0.0, 0.0),
        &Conditions::nominal(0.0, 30.0).reading(),
    );
    let ratio = CURRENT_LIMIT / new;
    (ratio - 1.0) / (0.55 * ratio - 0.15)
}

/// The alarm the physics raises on a wearing unit's reading at `minute` (none without power);
/// `al16_severity` is [`al16_severity`], worked out once per run.
pub fn of_wear(
    state: &WearState,
    conditions: &Conditions,
    reading: &Reading,
    minute: f64,
    al16_severity: f64,
) -> Option<&'static str> {
    if !conditions.power_on {
        return None;
    }
    match state.mode {
        WearMode::CompressorWear if state.failed => Some("AL24"),
        WearMode::CondenserFouling
            if state.failed || 1.0 - conditions.capacity_factor >= AL18_CAPACITY_LOSS - 1e-12 =>
        {
            Some("AL18")
        }
        WearMode::EvaporatorFan if conditions.fans < 3 => Some("AL22"),
        WearMode::CompressorWear
            if compressor_current(conditions, reading) > CURRENT_LIMIT
                && (minute - state.minute_at_severity(al16_severity)) * reading.duty
                    >= AL16_RUNNING_MINUTES =>
        {
            Some("AL16")
        }
        _ => None,
    }
}

/// The nuisance alarm of a powered reading without a real one, from its uniform draw `draw`
/// and the reading interval.
pub fn nuisance(draw: f64, interval_minutes: f64) -> Option<&'static str> {
    let chance = interval_minutes / NUISANCE_MEAN_MINUTES;
    (draw < chance).then(|| {
        let k = (draw / chance * NUISANCE_CODES.len() as f64) as usize;
        NUISANCE_CODES[k.min(NUISANCE_CODES.len() - 1)]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_unit_draws_its_rated_current_and_the_limit_falls_mid_wear() {
        let c = Conditions::nominal(4.0, 30.0);
        let amps = compressor_current(&c, &c.reading());
        assert!((amps - RATED_CURRENT).abs() < 0.02, "{amps}");
        let s = al16_severity();
        assert!((0.4..0.55).contains(&s), "{s}");
        let mut worn = c;
        worn.efficiency = 1.0 - 0.55 * s;
        worn.capacity_factor = 1.0 - 0.15 * s;
        let at_limit = compressor_current(&worn, &worn.reading());
        assert!((at_limit - CURRENT_LIMIT).abs() < 1e-9, "{at_limit}");
    }

    #[test]
    fn the_three_phase_factor_is_the_square_root_of_three() {
        assert_eq!(SQRT_3, libm::sqrt(3.0));
    }

    #[test]
    fn nuisance_alarms_come_at_their_rate_with_each_code() {
        let chance = 5.0 / NUISANCE_MEAN_MINUTES;
        assert_eq!(nuisance(chance, 5.0), None);
        assert_eq!(nuisance(0.0, 5.0), Some("AL25"));
        assert_eq!(nuisance(chance * 0.99, 5.0), Some("AL57"));
        assert_eq!(nuisance(0.5, 60.0), None);
    }
}
