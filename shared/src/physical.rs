//! The `rcm` profile's physical readings: what a real box reads where SPEC's normal record
//! draws independent noise. Every unit of the `rcm` profile (healthy or wearing, in a fleet or
//! a dataset) runs the unit's physics ([`crate::wear::physics`], with wear held at zero for a
//! healthy one), and then:
//!
//! | column | in the `rcm` profile |
//! |---|---|
//! | `temperature` | the physics' cargo + a slow drift (σ 0.15 °C, knots every 4 h: the cargo's thermal inertia) + 0.03 °C of sensor noise; 0.01 °C resolution (a high-resolution logger) |
//! | `ambiant_temperature` | the day's cycle or the route's air + weather (σ 1.5 °C, knots every 6 h) + 0.1 °C of sensor noise; 0.1 °C |
//! | `kilowatts` | the physics (fans + compressor duty × capacity / COP), never below 0; 0.01 kW |
//! | `oxygen_level`, `carbon_dioxide_level`, `nitrogen_level` | the box's air ([`BoxAir`]): respiration trades O₂ for CO₂ one for one, argon stays 0.93 %, nitrogen is the rest, so O₂ + N₂ + CO₂ + Ar = 100 % up to 0.1 % of sensor noise; CO₂ drifts (knots every 6 h), none below 0; 0.1 % (CO₂ 0.01 %) |
//! | `humidity_level` | the box's relative humidity + a drift (σ 1.5 %, knots every 3 h) + 0.3 % of noise, within 0–100 %; 0.1 % |
//! | `defrost_cycle` | a counter: 3 (SPEC's lowest value) + the defrosts since the run's start ([`crate::controller`]: one every 6 h from a drawn offset) |
//!
//! The drifts are smooth curves through knots drawn from a stream of their own, each knot a
//! closed form of the seed and its index ([`Drift`]), so any row is generated alone and a
//! stretch of rows is that stretch of the whole run. The sensor noise reuses the normal
//! record's own draws, scaled down.
//!
//! Past a temperature probe's range (−50…+70 °C) the reading stays at the range's end and the
//! controller raises `AL56` ([`log`]).

use crate::catalogue::{CargoClass, Carriage};
use crate::controller::Timetable;
use crate::random::{SimRng, Stream};
use crate::record::TelemetryRecord;
use crate::round::round_to;
use crate::seed::Seed;

/// Argon in air, % (it passes every scrubber and membrane).
pub const ARGON: f64 = 0.93;
/// Oxygen in outside air, %.
pub const OUTSIDE_OXYGEN: f64 = 20.95;
/// Carbon dioxide in outside air, %.
pub const OUTSIDE_CARBON_DIOXIDE: f64 = 0.04;
/// Nitrogen in outside air, %: what the other three leave.
pub const OUTSIDE_NITROGEN: f64 = 100.0 - OUTSIDE_OXYGEN - OUTSIDE_CARBON_DIOXIDE - ARGON;
/// Cargo in a loaded 40-foot reefer, tonnes.
pub const CARGO_TONNES: f64 = 20.0;
/// Air a closed box still exchanges through its door seals and drains, m³/h.
pub const LEAKAGE_M3_PER_HOUR: f64 = 2.0;
/// CO₂ of the original's demo products (SPEC's normal mean), %.
pub const DEMO_CARBON_DIOXIDE: f64 = 4.0;
/// Relative humidity in a box of fresh produce without humidity control, %.
pub const PRODUCE_HUMIDITY: f64 = 90.0;
/// A temperature probe's range, °C (Carrier's `AL54`/`AL56` limits).
pub const PROBE_RANGE: (f64, f64) = (-50.0, 70.0);
/// The alarm of a return (cargo) probe past its range.
pub const PROBE_OUT_OF_RANGE: &str = "AL56";
/// The `defrost_cycle` counter at the run's start.
pub const FIRST_DEFROST_COUNT: u64 = 3;
/// Litres of CO₂ per gram at carriage temperatures.
const CO2_LITRES_PER_GRAM: f64 = 1.0 / 1.9;
/// Heat of respiration per mg CO₂/kg·h, W per tonne (as the catalogue's).
const W_PER_TONNE_PER_MG: f64 = 2.96;

/// What the air in a box of this cargo holds in steady carriage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxAir {
    /// Oxygen, %.
    pub oxygen: f64,
    /// Carbon dioxide, %.
    pub carbon_dioxide: f64,
    /// Relative humidity, %.
    pub humidity: f64,
    /// Heat of the cargo's respiration, kW.
    pub respiration_kw: f64,
}

impl BoxAir {
    /// The box's air for `carriage`: under a controlled atmosphere its setpoints; in air, the
    /// outside air plus the CO₂ the cargo breathes out, diluted by the fresh air let in (or
    /// the leaks of a closed box), with O₂ down by as much (a respiratory quotient of 1). The
    /// original's demo products keep SPEC's 4 % CO₂ and are fresh produce (90 % RH).
    pub fn of(carriage: &Carriage) -> Self {
        let respiration_kw = carriage.respiration_heat_w_per_tonne * CARGO_TONNES / 1000.0;
        let carbon_dioxide = match (carriage.class, carriage.controlled_atmosphere) {
            (CargoClass::OriginalDemo, _) => DEMO_CARBON_DIOXIDE,
            (_, Some(ca)) => ca.carbon_dioxide_percent,
            (_, None) => {
                let mg_per_kg_h = carriage.respiration_heat_w_per_tonne / W_PER_TONNE_PER_MG;
                let m3_per_hour =
                    mg_per_kg_h * CARGO_TONNES * 1000.0 * 1e-3 * CO2_LITRES_PER_GRAM / 1000.0;
                let flow = carriage.fresh_air_m3_per_hour.max(LEAKAGE_M3_PER_HOUR);
                OUTSIDE_CARBON_DIOXIDE + 100.0 * m3_per_hour / flow
            }
        };
        let oxygen = match carriage.controlled_atmosphere {
            Some(ca) if carriage.class != CargoClass::OriginalDemo => ca.oxygen_percent,
            _ => OUTSIDE_OXYGEN - (carbon_dioxide - OUTSIDE_CARBON_DIOXIDE),
        };
        let humidity = match (carriage.class, carriage.humidity_setpoint_percent) {
            (CargoClass::OriginalDemo, _) => PRODUCE_HUMIDITY,
            (_, Some(setpoint)) => setpoint,
            (_, None) => carriage.humidity_percent,
        };
        Self {
            oxygen,
            carbon_dioxide,
            humidity,
            respiration_kw,
        }
    }
}

/// A smooth random curve over time: a Catmull-Rom spline through knots every `period`
/// minutes, each knot Normal(0, `sigma`) drawn at its own place of the drift stream, so its
/// value at any minute depends on the seed, the channel and the minute only.
#[derive(Debug, Clone)]
pub struct Drift {
    channel: u64,
    period: f64,
    sigma: f64,
    /// The knot index of `knots[1]`, and the four knots around the last minute asked for.
    cached: Option<(i64, [f64; 4])>,
}

/// The drift channels of a row (each its own knots).
const CHANNELS: u64 = 4;

impl Drift {
    /// A drift on `channel` (0…3), knots every `period` minutes, of spread `sigma`.
    const fn new(channel: u64, period: f64, sigma: f64) -> Self {
        Self {
            channel,
            period,
            sigma,
            cached: None,
        }
    }

    fn knot(&self, rng: &mut SimRng, k: i64) -> f64 {
        // Knot −1 is the first the run asks for; rows are knots × channels.
        let row = (k + 1) as u64 * CHANNELS + self.channel;
        rng.seek_row(row);
        rng.normal(0.0, self.sigma)
    }

    /// The curve at `minute` (≥ 0).
    pub fn at(&mut self, rng: &mut SimRng, minute: f64) -> f64 {
        let position = minute / self.period;
        let k = libm::floor(position) as i64;
        let t = position - k as f64;
        let knots = match self.cached {
            Some((at, knots)) if at == k => knots,
            Some((at, [_, b, c, d])) if at + 1 == k => [b, c, d, self.knot(rng, k + 2)],
            _ => [
                self.knot(rng, k - 1),
                self.knot(rng, k),
                self.knot(rng, k + 1),
                self.knot(rng, k + 2),
            ],
        };
        self.cached = Some((k, knots));
        let [p0, p1, p2, p3] = knots;
        0.5 * (2.0 * p1
            + (p2 - p0) * t
            + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * t * t
            + (3.0 * (p1 - p2) + p3 - p0) * t * t * t)
    }
}

/// The `rcm` profile's physical readings of one unit: its box's air and its drifts.
#[derive(Debug, Clone)]
pub struct Physical {
    air: BoxAir,
    rng: SimRng,
    cargo: Drift,
    weather: Drift,
    humidity: Drift,
    carbon_dioxide: Drift,
    timetable: Timetable,
}

/// What the normal record drew for a row, as Normal(0, 1) sensor noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SensorNoise {
    /// The temperature's draw.
    pub temperature: f64,
    /// The ambient's draw.
    pub ambient: f64,
    /// O₂'s draw.
    pub oxygen: f64,
    /// N₂'s draw.
    pub nitrogen: f64,
    /// The humidity's draw.
    pub humidity: f64,
    /// CO₂'s draw.
    pub carbon_dioxide: f64,
}

impl SensorNoise {
    /// The draws of a normal record of `carriage` (SPEC's means taken off).
    pub fn of(record: &TelemetryRecord, carriage: &Carriage) -> Self {
        Self {
            temperature: record.temperature - carriage.setpoint_celsius,
            ambient: record.ambiant_temperature - 20.0,
            oxygen: record.oxygen - 21.0,
            nitrogen: record.nitrogen - 78.0,
            humidity: record.humidity - carriage.humidity_percent,
            carbon_dioxide: record.carbon_dioxide - 4.0,
        }
    }
}

impl Physical {
    /// The physical readings of a unit carrying `carriage`, for `seed`.
    pub fn new(carriage: &Carriage, seed: Seed) -> Self {
        Self {
            air: BoxAir::of(carriage),
            rng: SimRng::new(seed, Stream::Drift),
            cargo: Drift::new(0, 240.0, 0.15),
            weather: Drift::new(1, 360.0, 1.5),
            humidity: Drift::new(2, 180.0, 1.5),
            carbon_dioxide: Drift::new(3, 360.0, 1.0),
            timetable: Timetable::new(seed),
        }
    }

    /// The unit's defrosts and frozen cycle.
    pub fn timetable(&self) -> &Timetable {
        &self.timetable
    }

    /// The box's air in steady carriage.
    pub fn air(&self) -> &BoxAir {
        &self.air
    }

    /// The weather's departure from the day's cycle at `minute`, °C.
    pub fn weather(&mut self, minute: f64) -> f64 {
        self.weather.at(&mut self.rng, minute)
    }

    /// The cargo's slow departure from what the physics holds at `minute`, °C.
    pub fn cargo_drift(&mut self, minute: f64) -> f64 {
        self.cargo.at(&mut self.rng, minute)
    }

    /// Writes the box's air and the defrost counter of a row at `minute`, with the sensors'
    /// noise `noise`.
    pub fn write_air(&mut self, record: &mut TelemetryRecord, minute: f64, noise: &SensorNoise) {
        let air = self.air;
        // CO₂ drifts by up to a tenth of what the cargo adds (or 0.05 % absolute).
        let spread = 0.05 + 0.1 * (air.carbon_dioxide - OUTSIDE_CARBON_DIOXIDE);
        let co2 =
            (air.carbon_dioxide + spread * self.carbon_dioxide.at(&mut self.rng, minute)).max(0.0);
        // Respiration trades O₂ for CO₂; a controlled atmosphere holds its O₂ setpoint.
        let o2 = (air.oxygen - (co2 - air.carbon_dioxide)).max(0.0);
        let n2 = 100.0 - ARGON - o2 - co2;
        record.carbon_dioxide = (co2 + 0.01 * noise.carbon_dioxide).max(0.0);
        record.oxygen = (o2 + 0.05 * noise.oxygen).max(0.0);
        record.nitrogen = (n2 + 0.05 * noise.nitrogen).max(0.0);
        let humidity = air.humidity + self.humidity.at(&mut self.rng, minute);
        record.humidity = (humidity + 0.3 * noise.humidity).clamp(0.0, 100.0);
        let defrosts = FIRST_DEFROST_COUNT + self.timetable.defrosts_by(minute);
        record.defrost_cycle = defrosts.min(u64::from(u8::MAX)) as u8;
    }
}

/// Rounds a row's physical columns to the logger's resolution and keeps each in its range
/// (no negative power or gas, humidity within 0–100 %, the temperature within the probe's
/// range); whether the temperature probe was past its range.
pub fn log(record: &mut TelemetryRecord) -> bool {
    let (low, high) = PROBE_RANGE;
    let out = !(low..=high).contains(&record.temperature);
    record.temperature = round_to(record.temperature.clamp(low, high), 100.0);
    record.ambiant_temperature = round_to(record.ambiant_temperature.clamp(low, high), 10.0);
    record.kilowatts = round_to(record.kilowatts.max(0.0), 100.0);
    record.oxygen = round_to(record.oxygen.clamp(0.0, 100.0), 10.0);
    record.nitrogen = round_to(record.nitrogen.clamp(0.0, 100.0), 10.0);
    record.carbon_dioxide = round_to(record.carbon_dioxide.clamp(0.0, 100.0), 100.0);
    record.humidity = round_to(record.humidity.clamp(0.0, 100.0), 10.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::CATALOGUE;

    #[test]
    fn every_cargo_s_air_adds_up_and_none_is_negative() {
        for carriage in &CATALOGUE {
            let air = BoxAir::of(carriage);
            let n2 = 100.0 - ARGON - air.oxygen - air.carbon_dioxide;
            assert!(
                air.oxygen > 0.0 && air.carbon_dioxide > 0.0 && n2 > 60.0,
                "{carriage:?}"
            );
            assert!((0.0..=100.0).contains(&air.humidity), "{carriage:?}");
            assert!(air.carbon_dioxide < 8.0, "{}: {air:?}", carriage.id);
        }
    }

    #[test]
    fn a_vented_banana_box_holds_about_one_percent_co2() {
        let bananas = CATALOGUE.iter().find(|c| c.key == "bananas").unwrap();
        let air = BoxAir::of(bananas);
        assert!((0.5..2.0).contains(&air.carbon_dioxide), "{air:?}");
        assert!((air.oxygen + air.carbon_dioxide - 20.99).abs() < 1e-9);
        let frozen = CATALOGUE.iter().find(|c| c.key == "frozen-meat").unwrap();
        assert_eq!(BoxAir::of(frozen).carbon_dioxide, OUTSIDE_CARBON_DIOXIDE);
    }

    #[test]
    fn a_drift_is_smooth_and_the_same_whatever_was_asked_before() {
        let mut rng = SimRng::new(Seed(9), Stream::Drift);
        let mut drift = Drift::new(0, 240.0, 1.0);
        let forward: Vec<f64> = (0..2000)
            .map(|i| drift.at(&mut rng, i as f64 * 5.0))
            .collect();
        let mut alone = Drift::new(0, 240.0, 1.0);
        let mut other = SimRng::new(Seed(9), Stream::Drift);
        for i in [1999usize, 7, 1000, 48, 49] {
            assert_eq!(alone.at(&mut other, i as f64 * 5.0), forward[i], "row {i}");
        }
        let steps: f64 = forward.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 1999.0;
        assert!(steps < 0.1, "mean step {steps}");
        let spread = forward.iter().map(|v| v * v).sum::<f64>() / 2000.0;
        assert!(spread > 0.2, "variance {spread}");
    }
}
