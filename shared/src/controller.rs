//! The reefer controller's modes in the `rcm` profile (the `mode` column), and the air
//! temperatures each mode reads.
//!
//! | mode | when | compressor | air |
//! |---|---|---|---|
//! | `modulated_cool` | chilled (setpoint at or above −10 °C, control on supply air), the load within the capacity | runs, throttled to the load (`compressor_duty` = load / capacity) | supply air held at the setpoint; return = supply + the heat removed / the airflow; the cargo between them |
//! | `full_cool` | the load beyond the capacity (a warm box, a worn unit), or a frozen unit's compressor in the on part of its cycle | runs flat out | chilled: supply above the setpoint by what the unit cannot hold; frozen: supply = return − capacity / airflow |
//! | `fans_only` | frozen (control on return air): the off part of the cycle; or the refrigeration stopped | off | supply = return |
//! | `heat` | chilled, the outside air colder than the setpoint (a negative load) | off; the heater makes up the loss (≤ [`HEATER_KW`]) | supply at the setpoint; return below it by the heat / the airflow |
//! | `defrost` | every [`DEFROST_HOURS`] h from a drawn offset, until the coil reaches [`TERMINATION`] °C | off; heater on, fans off | return air reads [`DEFROST_RETURN_RISE`] °C high, supply [`crate::wear::physics::DEFROST_WARMING`] °C above it |
//! | `off` | no power (unplugged, a power failure) | off | supply = return |
//! | `pti` | a pre-trip inspection ([`pti`]) | full, empty box | the pull-down steps |
//!
//! A frozen unit cycles its compressor on return air within ± [`BAND`] °C of the setpoint: on,
//! the return air falls at (capacity − load) / [`AIR_MASS`]; off, it rises at load /
//! [`AIR_MASS`]. The cycle's phase at a reading is a closed form of the minute (the period
//! follows the row's load), so rows stay seekable. A defrost lasts `10 + 0.6 × (18 − supply
//! air)` minutes (longer for a colder coil: about 18 min chilled at 4 °C, 36 min frozen at
//! −25 °C). Heat rejection, and so the power, follow the mode: the compressor's share of the
//! interval, the heater while it heats or defrosts, the fans unless defrosting.

use crate::catalogue::FROZEN_BELOW;
use crate::random::{SimRng, Stream};
use crate::seed::Seed;
use crate::wear::physics::{Reading, AIRFLOW, DEFROST_WARMING};

/// The electric heater's power (defrost and heat), kW.
pub const HEATER_KW: f64 = 4.5;
/// A frozen unit's cycling band on return air: ± this around the setpoint, °C.
pub const BAND: f64 = 0.2;
/// The box air's and coil's heat capacity that sets a frozen cycle's length, kW·min per K.
pub const AIR_MASS: f64 = 90.0;
/// Hours between two defrosts.
pub const DEFROST_HOURS: f64 = 6.0;
/// The coil temperature that ends a defrost, °C.
pub const TERMINATION: f64 = 18.0;
/// How far the return air reads above the cargo during a defrost, °C (the heater's warmth
/// around the coil, where the return sensor sits).
pub const DEFROST_RETURN_RISE: f64 = 5.0;
/// Return air above the cargo in chilled and frozen modes alike when the compressor is off,
/// °C (the fans' heat).
pub const FAN_HEAT_RISE: f64 = 0.1;

/// What the controller is doing at a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// The compressor flat out.
    FullCool,
    /// The compressor throttled to the load (chilled).
    #[default]
    ModulatedCool,
    /// The heater keeps a chilled box from going below its setpoint.
    Heat,
    /// The heater melts the ice off the coil.
    Defrost,
    /// The evaporator fans only (a frozen cycle's off part, or refrigeration stopped).
    FansOnly,
    /// No power.
    Off,
    /// A pre-trip inspection.
    Pti,
}

impl Mode {
    /// Every mode, in the `mode` column's order of documentation.
    pub const ALL: [Mode; 7] = [
        Mode::FullCool,
        Mode::ModulatedCool,
        Mode::Heat,
        Mode::Defrost,
        Mode::FansOnly,
        Mode::Off,
        Mode::Pti,
    ];

    /// The mode as the `mode` column writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Mode::FullCool => "full_cool",
            Mode::ModulatedCool => "modulated_cool",
            Mode::Heat => "heat",
            Mode::Defrost => "defrost",
            Mode::FansOnly => "fans_only",
            Mode::Off => "off",
            Mode::Pti => "pti",
        }
    }

    /// Whether the compressor runs in this mode at the reading's instant.
    pub const fn compressor_runs(self) -> bool {
        matches!(self, Mode::FullCool | Mode::ModulatedCool | Mode::Pti)
    }
}

/// A unit's defrost timetable and its frozen cycle's origin, drawn once from its seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timetable {
    /// Minutes from the run's start to the first defrost.
    pub first_defrost: f64,
    /// Minutes from the run's start to a frozen cycle's start.
    pub cycle_origin: f64,
}

impl Timetable {
    /// The timetable of the unit with `seed`.
    pub fn new(seed: Seed) -> Self {
        let mut rng = SimRng::new(seed, Stream::Controller);
        Self {
            first_defrost: rng.unit() * DEFROST_HOURS * 60.0,
            cycle_origin: rng.unit() * 60.0,
        }
    }

    /// Defrosts started by `minute`.
    pub fn defrosts_by(&self, minute: f64) -> u64 {
        if minute < self.first_defrost {
            0
        } else {
            1 + ((minute - self.first_defrost) / (DEFROST_HOURS * 60.0)) as u64
        }
    }

    /// Whether the unit defrosts at `minute`, its coil at `coil` °C before the defrost.
    pub fn defrosting(&self, minute: f64, coil: f64) -> bool {
        minute >= self.first_defrost
            && (minute - self.first_defrost) % (DEFROST_HOURS * 60.0) < defrost_minutes(coil)
    }
}

/// How long a defrost of a coil at `coil` °C lasts until the coil reaches [`TERMINATION`],
/// minutes.
pub fn defrost_minutes(coil: f64) -> f64 {
    10.0 + 0.6 * (TERMINATION - coil).max(0.0)
}

/// Whether a unit at `setpoint` controls on return air (frozen) rather than supply air.
pub fn frozen(setpoint: f64) -> bool {
    setpoint < FROZEN_BELOW
}

/// What the controller reads at one reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Control {
    /// The mode at the reading's instant.
    pub mode: Mode,
    /// Supply air, °C.
    pub supply: f64,
    /// Return air, °C.
    pub return_air: f64,
    /// The cargo, °C.
    pub cargo: f64,
    /// The heater's power averaged over the interval, kW.
    pub heater_kw: f64,
}

/// The unit's state at a reading, for [`control`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Situation {
    /// The setpoint, °C.
    pub setpoint: f64,
    /// What the unit cannot hold above it, °C (0 while the capacity covers the load).
    pub excess: f64,
    /// Minutes from the run's start.
    pub minute: f64,
    /// Whether the unit has power.
    pub power_on: bool,
    /// Whether the compressor may run.
    pub compressor_available: bool,
    /// Evaporator fans running, of 3.
    pub fans: u8,
    /// The heat load before it is floored at 0, kW: negative when the outside air is colder
    /// than the setpoint.
    pub raw_load: f64,
}

/// The controller's mode and air at a reading whose physics gave `reading`. The cargo's
/// temperature does not depend on the mode of the moment (its thermal mass averages them): a
/// chilled cargo sits between the supply and the return air of its steady load, a frozen one
/// at the return air's mean.
pub fn control(situation: &Situation, reading: &Reading, timetable: &Timetable) -> Control {
    let s = situation;
    let airflow = AIRFLOW * f64::from(s.fans.max(1)) / 3.0;
    // The heat the coil removes in steady operation (negative: the heater adds it).
    let removed = if reading.capacity > 0.0 {
        s.raw_load.min(reading.capacity)
    } else {
        s.raw_load
    }
    .max(-HEATER_KW);
    let cargo = if frozen(s.setpoint) {
        s.setpoint + s.excess
    } else {
        s.setpoint + s.excess + removed / (2.0 * airflow)
    };
    let still = |mode| Control {
        mode,
        supply: cargo + FAN_HEAT_RISE,
        return_air: cargo + FAN_HEAT_RISE,
        cargo,
        heater_kw: 0.0,
    };
    if !s.power_on {
        return still(Mode::Off);
    }
    let coil = if frozen(s.setpoint) {
        s.setpoint - reading.capacity / airflow
    } else {
        s.setpoint
    };
    if timetable.defrosting(s.minute, coil) {
        let return_air = cargo + DEFROST_RETURN_RISE;
        return Control {
            mode: Mode::Defrost,
            supply: return_air + DEFROST_WARMING,
            return_air,
            cargo,
            heater_kw: HEATER_KW,
        };
    }
    if !s.compressor_available {
        return still(Mode::FansOnly);
    }
    if frozen(s.setpoint) {
        return frozen_cycle(s, reading, timetable, airflow);
    }
    let mode = if removed < 0.0 {
        // Colder outside than the setpoint: the heater makes up what the walls lose.
        Mode::Heat
    } else if reading.duty >= 1.0 {
        Mode::FullCool
    } else {
        Mode::ModulatedCool
    };
    Control {
        mode,
        supply: cargo - removed / (2.0 * airflow),
        return_air: cargo + removed / (2.0 * airflow),
        cargo,
        heater_kw: if mode == Mode::Heat { -removed } else { 0.0 },
    }
}

/// A frozen unit's cycle on return air: on until the return air is [`BAND`] below the
/// setpoint, off until it is [`BAND`] above.
fn frozen_cycle(s: &Situation, reading: &Reading, timetable: &Timetable, airflow: f64) -> Control {
    let cargo = s.setpoint + s.excess;
    let (capacity, load) = (reading.capacity, reading.load.max(0.0));
    if capacity <= load || load <= 0.0 {
        // It cannot hold (runs flat out), or nothing to remove (rests).
        let runs = capacity <= load && capacity > 0.0;
        return Control {
            mode: if runs { Mode::FullCool } else { Mode::FansOnly },
            supply: if runs {
                cargo - capacity / airflow
            } else {
                cargo + FAN_HEAT_RISE
            },
            return_air: cargo + FAN_HEAT_RISE,
            cargo,
            heater_kw: 0.0,
        };
    }
    let on = AIR_MASS * 2.0 * BAND / (capacity - load);
    let off = AIR_MASS * 2.0 * BAND / load;
    let period = on + off;
    let phase = (s.minute - timetable.cycle_origin).rem_euclid(period);
    let (mode, return_air) = if phase < on {
        (Mode::FullCool, cargo + BAND - 2.0 * BAND * phase / on)
    } else {
        (
            Mode::FansOnly,
            cargo - BAND + 2.0 * BAND * (phase - on) / off,
        )
    };
    Control {
        mode,
        supply: if mode == Mode::FullCool {
            return_air - capacity / airflow
        } else {
            return_air
        },
        return_air,
        cargo,
        heater_kw: 0.0,
    }
}

/// One step of a pre-trip inspection's pull-down of an empty box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PullDown {
    /// The step's target, °C (0 then −17.8).
    pub target: f64,
    /// Minutes it took (`f64::INFINITY` when the unit cannot reach it).
    pub minutes: f64,
    /// Whether it took at most [`PTI_LIMIT_MINUTES`].
    pub passed: bool,
}

/// The longest a PTI pull-down step may take, minutes.
pub const PTI_LIMIT_MINUTES: f64 = 180.0;
/// The PTI's pull-down targets, °C.
pub const PTI_TARGETS: [f64; 2] = [0.0, -17.8];
/// An empty box's air and walls, kW·min per K: what a pull-down cools.
pub const EMPTY_BOX_MASS: f64 = 12.0;

/// A pre-trip inspection from `ambient` °C with a unit of `capacity_factor` (1 when new):
/// each pull-down step, from the ambient to 0 °C, then to −17.8 °C, as the box's temperature
/// `T` falls at `(Q − UA·(ambient − T)) / EMPTY_BOX_MASS`, `Q` the capacity. A step after one
/// that failed to reach its target is not attempted (and does not pass).
pub fn pti(ambient: f64, capacity_factor: f64) -> [PullDown; 2] {
    use crate::wear::physics::{CAPACITY, UA};
    let mut temperature = ambient;
    let mut steps = PTI_TARGETS.map(|target| PullDown {
        target,
        minutes: f64::INFINITY,
        passed: false,
    });
    for (step, target) in steps.iter_mut().zip(PTI_TARGETS) {
        let mut minutes = 0.0;
        while temperature > target && minutes <= 2.0 * PTI_LIMIT_MINUTES {
            let net = CAPACITY * capacity_factor - UA * (ambient - temperature);
            if net <= 0.0 {
                minutes = f64::INFINITY;
                break;
            }
            temperature -= net / EMPTY_BOX_MASS;
            minutes += 1.0;
        }
        let minutes = if temperature > target {
            f64::INFINITY
        } else {
            minutes
        };
        *step = PullDown {
            target,
            minutes,
            passed: minutes <= PTI_LIMIT_MINUTES,
        };
        if !minutes.is_finite() {
            break;
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wear::physics::Conditions;

    fn situation(setpoint: f64, minute: f64) -> Situation {
        Situation {
            setpoint,
            excess: 0.0,
            minute,
            power_on: true,
            compressor_available: true,
            fans: 3,
            raw_load: 1.0,
        }
    }

    const NO_DEFROST: Timetable = Timetable {
        first_defrost: f64::INFINITY,
        cycle_origin: 0.0,
    };

    #[test]
    fn a_chilled_unit_modulates_with_supply_air_at_its_setpoint() {
        let conditions = Conditions::nominal(4.0, 30.0);
        let mut s = situation(4.0, 10.0);
        s.raw_load = conditions.raw_load();
        let c = control(&s, &conditions.reading(), &NO_DEFROST);
        assert_eq!(c.mode, Mode::ModulatedCool);
        assert!((c.supply - 4.0).abs() < 1e-9, "{c:?}");
        assert!(c.return_air > c.cargo && c.cargo > c.supply, "{c:?}");
    }

    #[test]
    fn a_chilled_unit_heats_when_the_outside_is_colder() {
        let conditions = Conditions::nominal(13.3, -5.0);
        let mut s = situation(13.3, 10.0);
        s.raw_load = conditions.raw_load();
        let c = control(&s, &conditions.reading(), &NO_DEFROST);
        assert_eq!(c.mode, Mode::Heat, "{c:?}");
        assert!(c.heater_kw > 0.0 && c.return_air < c.supply);
    }

    #[test]
    fn a_frozen_unit_cycles_on_return_air_within_its_band() {
        let reading = Conditions::nominal(-25.0, 25.0).reading();
        let mut modes = std::collections::BTreeSet::new();
        for minute in 0..600 {
            let c = control(&situation(-25.0, f64::from(minute)), &reading, &NO_DEFROST);
            assert!((c.return_air + 25.0).abs() <= BAND + 1e-9, "{c:?}");
            modes.insert(c.mode.name());
        }
        assert_eq!(
            modes.into_iter().collect::<Vec<_>>(),
            ["fans_only", "full_cool"]
        );
    }

    #[test]
    fn defrosts_come_every_six_hours_and_end_on_the_coil_temperature() {
        let timetable = Timetable {
            first_defrost: 30.0,
            cycle_origin: 0.0,
        };
        let reading = Conditions::nominal(4.0, 20.0).reading();
        let defrosting: Vec<u32> = (0..1440)
            .filter(|&m| {
                control(&situation(4.0, f64::from(m)), &reading, &timetable).mode == Mode::Defrost
            })
            .collect();
        // 4 defrosts a day, each 10 + 0.6 × 14 = 18.4 minutes long.
        assert_eq!(defrosting.len(), 4 * 19);
        assert_eq!(defrosting[0], 30);
        assert_eq!(timetable.defrosts_by(29.0), 0);
        assert_eq!(timetable.defrosts_by(30.0 + 6.0 * 60.0), 2);
        assert!(defrost_minutes(-25.0) > defrost_minutes(4.0));
    }

    #[test]
    fn a_new_unit_passes_its_pti_and_a_leaking_one_fails_it() {
        let new = pti(30.0, 1.0);
        assert!(new.iter().all(|s| s.passed), "{new:?}");
        for step in &new {
            assert!(step.minutes > 45.0, "a pull-down takes time: {new:?}");
        }
        let leaking = pti(30.0, 0.35);
        assert!(!leaking[0].passed && !leaking[1].passed, "{leaking:?}");
        let tired = pti(30.0, 0.85);
        assert!(tired[0].passed && !tired[1].passed, "{tired:?}");
    }
}
