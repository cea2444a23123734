//! A run-to-failure generation, row by row: each row's readings are a closed form of the seed
//! and the row (its draws come from the row's own place in [`Stream::WearReadings`]), so a
//! stretch of rows generated alone is the same stretch of the whole run.
//!
//! The record's columns start from SPEC's normal values as every simulation's do; the unit's
//! physics then writes the cargo `temperature` (the setpoint, plus what the unit cannot hold,
//! with 0.3 of the normal reading's noise), the `ambiant_temperature` (a day's cycle, 20 °C ±
//! 7 °C, warmest at 15:00, with half the normal noise), the `kilowatts` (the physics, with a
//! tenth of the normal noise) and `fan_2`. A row is labelled `maintenance_required` from the
//! failure to the repair, and, with a lead time, that long before the failure.

use super::physics::{self, Conditions, Reading};
use super::{Unit, WearMode, WearState};
use crate::alarm;
use crate::controller::{self, Mode, Situation};
use crate::normal::normal_record;
use crate::physical::{Physical, SensorNoise};
use crate::random::{SimRng, Stream};
use crate::rcm::{PlantRow, Profile, RcmContext, RcmReading, PARKED_HUMIDITY};
use crate::record::TelemetryRecord;
use crate::route::{self, Whereabouts};
use crate::spec::GenerationSpec;

/// The day's mean outside air, °C.
pub const MEAN_AMBIENT: f64 = 20.0;
/// Half the day's swing of the outside air, °C.
pub const DIURNAL_SWING: f64 = 7.0;
/// The warmest minute of the day (15:00).
pub const WARMEST_MINUTE: f64 = 15.0 * 60.0;

/// The unit and the row-addressed stream of a run-to-failure generation, or of a healthy
/// unit's physics (the `rcm` profile's, wear held at zero).
#[derive(Debug, Clone)]
pub struct WearRun {
    /// The wearing unit; `None` for a healthy one.
    unit: Option<Unit>,
    readings: SimRng,
    lead_minutes: f64,
    /// The day's outside-air cycle at each of a day's readings, from the run's first.
    diurnal: Vec<f64>,
    /// Minutes between two readings.
    interval_minutes: f64,
    /// The compressor-wear severity at which `AL16`'s current limit is crossed.
    al16_severity: f64,
    /// The `rcm` profile's physical readings ([`crate::physical`]); `None` in the standard
    /// profile, whose columns stay as they were.
    physical: Option<Physical>,
}
/// How long after a repair the pull-down of the cargo is still counted (12 time constants:
/// what is left after it is below 1e-5 °C).
const PULL_DOWN_COUNTED: f64 = 12.0 * physics::PULL_DOWN_MINUTES;

/// One row of a [`WearRun`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// The record.
    pub record: TelemetryRecord,
    /// Its remote-monitoring readings, when asked for.
    pub rcm: Option<RcmReading>,
    /// The outside air's relative humidity, %.
    pub outside_humidity: f64,
    /// Whether the temperature probe read past its range (`rcm` profile).
    pub probe_out_of_range: bool,
    /// The controller's view of the row before any fault (`rcm` profile).
    pub plant: Option<PlantRow>,
}

impl WearRun {
    /// The run of `spec`, whose simulation wears by `mode`.
    pub fn new(spec: &GenerationSpec, mode: WearMode) -> Self {
        Self::of(spec, Some(mode))
    }

    /// The physics of a healthy unit (the `rcm` profile's base for the simulations without
    /// wear).
    pub fn healthy(spec: &GenerationSpec) -> Self {
        Self::of(spec, None)
    }

    fn of(spec: &GenerationSpec, mode: Option<WearMode>) -> Self {
        let interval_minutes = spec.interval().minutes_f64();
        let span = spec.records().get() as f64 * interval_minutes;
        let (_, _, _, hour, minute, second) = spec.start().fields();
        let start = f64::from(hour * 60 + minute) + f64::from(second) / 60.0;
        let diurnal = (0..spec.interval().readings_per_day())
            .map(|k| {
                let day = (start + k as f64 * interval_minutes - WARMEST_MINUTE) / 1440.0;
                DIURNAL_SWING * libm::cos(2.0 * std::f64::consts::PI * day)
            })
            .collect();
        Self {
            unit: mode.map(|mode| Unit::new(mode, spec.seed(), span)),
            readings: SimRng::new(spec.seed(), Stream::WearReadings),
            lead_minutes: f64::from(spec.lead_time().minutes()),
            diurnal,
            interval_minutes,
            al16_severity: alarm::al16_severity(),
            physical: (spec.profile() == Profile::Rcm)
                .then(|| Physical::new(spec.product().carriage(), spec.seed())),
        }
    }

    /// The wearing unit; `None` for a healthy one.
    pub fn unit(&self) -> Option<&Unit> {
        self.unit.as_ref()
    }

    /// Heat of the cargo's respiration, kW, in the `rcm` profile (0 in the standard one).
    pub fn respiration_kw(&self) -> f64 {
        self.physical
            .as_ref()
            .map_or(0.0, |physical| physical.air().respiration_kw)
    }

    /// Minutes from the run's start to row `index`.
    pub fn minute_of(&self, index: u64) -> f64 {
        index as f64 * self.interval_minutes
    }

    /// Row `index`: the record and, with `rcm`, its remote-monitoring readings (their noise
    /// is drawn after the record's, so leaving them out changes nothing else).
    pub fn row(
        &mut self,
        spec: &GenerationSpec,
        index: u64,
        rcm: bool,
        at: Option<&Whereabouts>,
    ) -> Row {
        self.readings.seek_row(index);
        let mut record = normal_record(spec, &mut self.readings, index);
        let sensor = SensorNoise::of(&record, spec.product().carriage());
        let noise_temperature = record.temperature - record.target_temperature;
        let noise_kilowatts = record.kilowatts - 2.7;
        let noise_ambient = record.ambiant_temperature - 20.0;
        let minute = self.minute_of(index);
        // The standard profile's outside air has half the normal reading's noise; the `rcm`
        // profile's has weather (a slow drift) and a sensor's noise.
        let weather = match &mut self.physical {
            Some(physical) => physical.weather(minute) + 0.1 * sensor.ambient,
            None => 0.5 * noise_ambient,
        };
        // Parked (the original's place): a day's cycle around 20 °C; on a voyage: the air
        // where the unit is.
        let air = at.map(|at| route::locate(&mut record, at));
        let (ambient, mean_ambient) = match &air {
            Some(air) => (air.temperature + weather, air.day_mean),
            None => (
                MEAN_AMBIENT + self.diurnal[(index % self.diurnal.len() as u64) as usize] + weather,
                MEAN_AMBIENT,
            ),
        };
        let unplugged = at.is_some_and(Whereabouts::unplugged);
        let setpoint = record.target_temperature;
        let state = self.unit.as_ref().map(|unit| unit.state_at(minute));
        let mut conditions = Conditions::nominal(setpoint, ambient);
        conditions.mean_ambient = mean_ambient;
        if let Some(physical) = &self.physical {
            conditions.cargo_heat += physical.air().respiration_kw;
        }
        let fan_draw = self.readings.unit();
        if let Some(state) = &state {
            physics::wear(&mut conditions, state, fan_draw);
        }
        if unplugged {
            conditions.power_on = false;
            conditions.fans = 0;
        }
        let mut reading = conditions.reading();
        let running_current = alarm::compressor_current(&conditions, &reading);
        let excess = match &state {
            Some(state) => self.cargo_excess(state, &conditions, &reading),
            None => reading.cargo_excess,
        };
        // The `rcm` profile's controller: its mode, the air it reads, the cargo between.
        let control = self.physical.as_ref().map(|physical| {
            let situation = Situation {
                setpoint,
                excess,
                minute,
                power_on: conditions.power_on,
                compressor_available: conditions.compressor_available,
                fans: conditions.fans,
                raw_load: conditions.raw_load(),
            };
            controller::control(&situation, &reading, physical.timetable())
        });
        if let Some(control) = &control {
            if control.mode == Mode::Defrost {
                // The heater alone: compressor and evaporator fans stop.
                reading.duty = 0.0;
                reading.kilowatts = controller::HEATER_KW;
            } else {
                reading.kilowatts += control.heater_kw;
            }
        }
        let cargo = control.map_or(setpoint + excess, |control| control.cargo);
        record.ambiant_temperature = ambient;
        record.temperature = match &mut self.physical {
            Some(physical) => cargo + physical.cargo_drift(minute) + 0.03 * sensor.temperature,
            None => cargo + 0.3 * noise_temperature,
        };
        // A power meter's noise: a tenth of the normal reading's (the standard profile), 0.03 kW
        // (the `rcm` profile).
        let meter = if self.physical.is_some() { 0.03 } else { 0.1 };
        record.kilowatts = (reading.kilowatts + meter * noise_kilowatts).max(0.0);
        record.fan_2 = conditions.fans == 3;
        record.maintenance_required = state.is_some_and(|state| {
            state.failed
                || (self.lead_minutes > 0.0
                    && state.remaining_minutes <= self.lead_minutes
                    && !unplugged)
        });
        if let Some(physical) = &mut self.physical {
            physical.write_air(&mut record, minute, &sensor);
        }
        if let (Some(at), Some(air)) = (at, &air) {
            route::unplug(&mut record, at, air);
        }
        let probe_out_of_range = self.physical.is_some() && crate::physical::log(&mut record);
        let outside_humidity = air.as_ref().map_or(PARKED_HUMIDITY, |air| air.humidity);
        let plant = control.map(|control| PlantRow {
            control,
            base_temperature: record.temperature,
            running_current,
            duty: reading.duty,
        });
        let rcm = plant.filter(|_| rcm).map(|plant| {
            let context = RcmContext {
                humidity: outside_humidity,
                alarm: state.as_ref().and_then(|state| {
                    alarm::of_wear(state, &conditions, &reading, minute, self.al16_severity)
                }),
                interval_minutes: self.interval_minutes,
            };
            RcmReading::from_physics(&conditions, &plant, &record, context, &mut self.readings)
        });
        Row {
            record,
            rcm,
            outside_humidity,
            probe_out_of_range,
            plant,
        }
    }

    /// How far the cargo sits above its setpoint: what the capacity cannot hold, the warming
    /// since a trip, and what a repair still pulls down (for 24 h after it).
    fn cargo_excess(&self, state: &WearState, conditions: &Conditions, reading: &Reading) -> f64 {
        let setpoint = conditions.setpoint;
        let excess = if conditions.compressor_available {
            reading.cargo_excess
        } else {
            physics::warming(setpoint, warm_box(), state.minutes_failed)
        };
        if state.minutes_since_repair >= PULL_DOWN_COUNTED {
            return excess;
        }
        let left = self.unit.as_ref().map_or(0.0, |unit| {
            unit.previous(state.cycle).map_or(0.0, |previous| {
                failed_excess(unit.mode(), setpoint, &previous)
            })
        });
        excess + left * libm::exp(-state.minutes_since_repair / physics::PULL_DOWN_MINUTES)
    }
}

/// Where a box without refrigeration settles: the mean ambient plus what the cargo gives off.
fn warm_box() -> f64 {
    MEAN_AMBIENT + physics::CARGO_HEAT / physics::UA
}

/// How far above its setpoint a failure left the cargo when the repair came.
fn failed_excess(mode: WearMode, setpoint: f64, cycle: &super::Cycle) -> f64 {
    match mode {
        WearMode::RefrigerantLeak => {
            let mut conditions = Conditions::nominal(setpoint, MEAN_AMBIENT);
            conditions.capacity_factor = 0.15;
            conditions.reading().cargo_excess
        }
        WearMode::CompressorWear | WearMode::CondenserFouling => {
            physics::warming(setpoint, warm_box(), cycle.back_at - cycle.fails_at)
        }
        WearMode::EvaporatorFan => 0.0,
    }
}
