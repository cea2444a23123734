//! The `rcm` profile: what a reefer's remote monitoring reports beyond the 20 original
//! columns (as ISO 10368 remote monitoring and the controllers' RMS messages carry them).
//!
//! | column | unit | meaning |
//! |---|---|---|
//! | `supply_air_temperature` | °C | air leaving the evaporator into the box: a chilled unit holds it at the setpoint |
//! | `return_air_temperature` | °C | air coming back from the cargo to the evaporator: a frozen unit holds it at the setpoint |
//! | `power_on` | `True`/`False` | whether the unit has power |
//! | `compressor_duty` | 0…1 | share of the reading interval the compressor ran |
//! | `compressor_current` | A | the compressor's current at the reading, 0.05 A of noise (0 when it does not run) |
//! | `ambient_humidity` | % | the outside air's relative humidity (70 % parked; by the route's climate on a voyage), 1 point of noise |
//! | `alarm_code` | text | the controller's active alarm ([`crate::alarm`]); empty when none |
//! | `mode` | text | the controller's mode ([`crate::controller`]): `full_cool`, `modulated_cool`, `heat`, `defrost`, `fans_only`, `off`, `pti` |
//!
//! They follow the unit's controller ([`crate::controller`]) over its physics
//! ([`crate::wear::physics`]): the mode sets the air each sensor reads around the cargo; a
//! power loss, a stopped refrigeration and a defrost stop the compressor, an open door runs it
//! flat out. A sensor fault moves the cargo probe's reading, not the air. Their noise comes
//! from the row's stream, after the record's. Whether an alarm is a nuisance is ground truth
//! (`alarm_nuisance`), not a reading: it travels with the reading and is written with the
//! ground truth.

use crate::alarm;
use crate::controller::{self, Control, Mode};
use crate::encoding::write_fixed;
use crate::random::SimRng;
use crate::record::TelemetryRecord;
use crate::wear::physics::Conditions;

/// The outside air's relative humidity where a unit is parked (SPEC's fixed place), %.
pub const PARKED_HUMIDITY: f64 = 70.0;

/// Which columns a reading has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// The original simulator's 20 columns.
    #[default]
    Standard,
    /// The 20 columns and the remote-monitoring readings ([`RCM_COLUMNS`]).
    Rcm,
}

impl Profile {
    /// The profile's name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Standard => "standard",
            Profile::Rcm => "rcm",
        }
    }
}

impl crate::named::Named for Profile {
    const ALL: &'static [Self] = &[Profile::Standard, Profile::Rcm];
    const WHAT: &'static str = "profile";
    const EXPECTED: &'static str = "expected standard (the 20 original columns) or rcm (with supply and return air, power, compressor duty and alarm)";

    fn text(self) -> &'static str {
        self.name()
    }
}

crate::display_and_parse_by_name!(Profile);

/// The `rcm` profile's columns, after the record's own.
pub const RCM_COLUMNS: [&str; 8] = [
    "supply_air_temperature",
    "return_air_temperature",
    "power_on",
    "compressor_duty",
    "compressor_current",
    "ambient_humidity",
    "alarm_code",
    "mode",
];

/// The remote-monitoring readings of one record.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RcmReading {
    /// Supply air, °C.
    pub supply_air_temperature: f64,
    /// Return air, °C.
    pub return_air_temperature: f64,
    /// Whether the unit has power.
    pub power_on: bool,
    /// Share of the interval the compressor ran, 0…1.
    pub compressor_duty: f64,
    /// The compressor's current while it runs, A (0 when it does not).
    pub compressor_current: f64,
    /// The outside air's relative humidity, %.
    pub ambient_humidity: f64,
    /// The active alarm code; empty when none.
    pub alarm_code: &'static str,
    /// Ground truth: whether the alarm is a nuisance (raised without its condition).
    pub alarm_nuisance: bool,
    /// The controller's mode at the reading.
    pub mode: Mode,
}

/// What a reading's `rcm` columns are made from beside the unit's physics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RcmContext {
    /// The outside air's relative humidity, % (before the sensor's noise).
    pub humidity: f64,
    /// The alarm the physics raises, if any.
    pub alarm: Option<&'static str>,
    /// Minutes between two readings (the nuisance alarms' chance).
    pub interval_minutes: f64,
}

/// The controller's view of a row before any fault changes it: what
/// [`RcmReading::of_plant`] starts from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlantRow {
    /// The mode and the air ([`crate::controller`]).
    pub control: Control,
    /// The `temperature` column before a fault.
    pub base_temperature: f64,
    /// The compressor's current while it runs, A.
    pub running_current: f64,
    /// The compressor's share of the interval.
    pub duty: f64,
}

/// How a fault changes what the controller does at a row (the simulations without wear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overrides {
    /// The refrigeration is stopped (`tempgrowth`, `powerfailure`).
    pub stopped: bool,
    /// The heater defrosts (the `defrost` scenario).
    pub defrosting: bool,
    /// The fault is a sensor's: the cargo probe reads wrong, the air sensors do not.
    pub sensor_fault: bool,
}

impl RcmReading {
    /// The readings of a unit under `conditions` whose controller gave `plant`, for the
    /// record `record`, with the sensors' noise and the nuisance alarm drawn from `noise`
    /// (always the same number of draws).
    pub fn from_physics(
        conditions: &Conditions,
        plant: &PlantRow,
        record: &TelemetryRecord,
        context: RcmContext,
        noise: &mut SimRng,
    ) -> Self {
        let control = &plant.control;
        // The air moves with the cargo's drift.
        let shift = record.temperature - control.cargo;
        let current = if control.mode.compressor_runs() && plant.duty > 0.0 {
            plant.running_current
        } else {
            0.0
        };
        Self::read(
            control,
            shift,
            (conditions.power_on, plant.duty, current),
            context,
            noise,
        )
    }

    /// The readings of a record of the simulations without a wearing unit, from its plant
    /// row (the healthy unit's controller) as the fault changed it (`overrides`, and the
    /// record's power and door).
    pub fn of_plant(
        record: &TelemetryRecord,
        plant: &PlantRow,
        overrides: Overrides,
        context: RcmContext,
        noise: &mut SimRng,
    ) -> Self {
        let power_on = record.kilowatts > 0.0;
        let mut control = plant.control;
        let mut duty = plant.duty;
        let mut still = |control: &mut Control, mode| {
            control.mode = mode;
            control.supply = control.cargo + controller::FAN_HEAT_RISE;
            control.return_air = control.supply;
            duty = 0.0;
        };
        if !power_on {
            still(&mut control, Mode::Off);
        } else if overrides.defrosting {
            still(&mut control, Mode::Defrost);
            control.return_air = control.cargo + controller::DEFROST_RETURN_RISE;
            control.supply = control.return_air + crate::wear::physics::DEFROST_WARMING;
        } else if overrides.stopped {
            still(&mut control, Mode::FansOnly);
        } else if record.time_door_open > 0 && control.mode.compressor_runs() {
            // An open door lets the outside air in: the compressor runs flat out.
            control.mode = Mode::FullCool;
            duty = 1.0;
        }
        let reading = if overrides.sensor_fault {
            plant.base_temperature
        } else {
            record.temperature
        };
        let current = if control.mode.compressor_runs() && duty > 0.0 {
            plant.running_current
        } else {
            0.0
        };
        Self::read(
            &control,
            reading - control.cargo,
            (power_on, duty, current),
            context,
            noise,
        )
    }

    /// The readings of `control`'s air moved by `shift` °C (but a held supply air), with the power, duty and current
    /// given, and the sensors' noise and the nuisance alarm from `noise`.
    fn read(
        control: &Control,
        shift: f64,
        (power_on, duty, current): (bool, f64, f64),
        context: RcmContext,
        noise: &mut SimRng,
    ) -> Self {
        // A chilled unit that modulates or heats holds its supply air: the cargo's drift
        // moves only the return air.
        let held = matches!(control.mode, Mode::ModulatedCool | Mode::Heat);
        let return_air = control.return_air + shift + noise.normal(0.0, 0.1);
        let supply = control.supply + if held { 0.0 } else { shift } + noise.normal(0.0, 0.1);
        let current_noise = noise.normal(0.0, 0.05);
        let humidity = context.humidity + noise.normal(0.0, 1.0);
        let nuisance_draw = noise.unit();
        let nuisance = match context.alarm {
            None if power_on => alarm::nuisance(nuisance_draw, context.interval_minutes),
            _ => None,
        };
        Self {
            supply_air_temperature: round2(supply),
            return_air_temperature: round2(return_air),
            power_on,
            compressor_duty: round3(duty),
            compressor_current: if current > 0.0 {
                round2((current + current_noise).max(0.0))
            } else {
                0.0
            },
            ambient_humidity: crate::round::round_to(humidity.clamp(0.0, 100.0), 10.0),
            alarm_code: context.alarm.or(nuisance).unwrap_or(""),
            alarm_nuisance: nuisance.is_some(),
            mode: control.mode,
        }
    }
}

/// Rounded to 2 decimals, as a controller reports air temperatures.
fn round2(value: f64) -> f64 {
    crate::round::round_to(value, 100.0)
}

/// Rounded to 3 decimals.
fn round3(value: f64) -> f64 {
    crate::round::round_to(value, 1000.0)
}

/// Writes a value rounded to `decimals` (1 for humidity, 2 for air and current, 3 for duty) as
/// [`crate::encoding::write_float`] would.
fn write_rounded(out: &mut Vec<u8>, value: f64, decimals: u32) {
    let scale = match decimals {
        1 => 10.0,
        3 => 1000.0,
        _ => 100.0,
    };
    let units = crate::round::round(value * scale) as i64;
    write_fixed(out, units, decimals);
}

/// Appends a reading's `rcm` columns to the CSV record line that ends the buffer.
pub fn extend_csv_record(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    out.push(b',');
    write_rounded(out, rcm.supply_air_temperature, 2);
    out.push(b',');
    write_rounded(out, rcm.return_air_temperature, 2);
    out.extend_from_slice(if rcm.power_on { b",True," } else { b",False," });
    write_rounded(out, rcm.compressor_duty, 3);
    out.push(b',');
    write_rounded(out, rcm.compressor_current, 2);
    out.push(b',');
    write_rounded(out, rcm.ambient_humidity, 1);
    out.push(b',');
    out.extend_from_slice(rcm.alarm_code.as_bytes());
    out.push(b',');
    out.extend_from_slice(rcm.mode.name().as_bytes());
    out.push(b'\n');
}

/// Appends a reading's `rcm` fields to the JSON line that ends the buffer.
pub fn extend_json_line(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    extend_json_object(out, rcm);
    out.push(b'\n');
}

/// Appends a reading's `rcm` fields to the JSON object that ends the buffer (an event's
/// payload).
pub fn extend_json_object(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    out.extend_from_slice(b",\"supply_air_temperature\":");
    write_rounded(out, rcm.supply_air_temperature, 2);
    out.extend_from_slice(b",\"return_air_temperature\":");
    write_rounded(out, rcm.return_air_temperature, 2);
    out.extend_from_slice(if rcm.power_on {
        b",\"power_on\":true,\"compressor_duty\":"
    } else {
        b",\"power_on\":false,\"compressor_duty\":"
    });
    write_rounded(out, rcm.compressor_duty, 3);
    out.extend_from_slice(b",\"compressor_current\":");
    write_rounded(out, rcm.compressor_current, 2);
    out.extend_from_slice(b",\"ambient_humidity\":");
    write_rounded(out, rcm.ambient_humidity, 1);
    out.extend_from_slice(b",\"alarm_code\":\"");
    out.extend_from_slice(rcm.alarm_code.as_bytes());
    out.extend_from_slice(b"\",\"mode\":\"");
    out.extend_from_slice(rcm.mode.name().as_bytes());
    out.extend_from_slice(b"\"}");
}

/// The `rcm` readings as a JSON object's fields carry them (JSON lines, a `json` event's
/// payload), with the JSON types checked.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RcmFields<'a> {
    /// `rcm` profile: supply air, °C (air leaving the evaporator into the box).
    pub supply_air_temperature: f64,
    /// `rcm` profile: return air, °C (air coming back from the cargo).
    pub return_air_temperature: f64,
    /// `rcm` profile: whether the unit has power.
    pub power_on: bool,
    /// `rcm` profile: share of the reading interval the compressor ran, 0 to 1.
    pub compressor_duty: f64,
    /// `rcm` profile: the compressor's current while it runs, A (0 when it does not).
    pub compressor_current: f64,
    /// `rcm` profile: the outside air's relative humidity, %.
    pub ambient_humidity: f64,
    /// `rcm` profile: the controller's active alarm code; empty when none.
    #[serde(borrow)]
    pub alarm_code: std::borrow::Cow<'a, str>,
    /// `rcm` profile: the controller's mode: full_cool, modulated_cool, heat, defrost,
    /// fans_only, off or pti (empty in payloads written before the modes).
    #[serde(borrow, default)]
    pub mode: std::borrow::Cow<'a, str>,
}
