//! The outside air along a route: a mean by latitude, a season by latitude and hemisphere, and
//! a day's cycle by local solar time, milder at sea.
//!
//! | term | model | e.g. |
//! |---|---|---|
//! | yearly mean | 27 °C − 0.4 °C per degree of latitude beyond 12° | Guayaquil 27 °C, Rotterdam 11 °C |
//! | season | ± 0.15 °C per degree beyond 10°, warmest on 19 July in the north, half a year later (17 January) in the south; × 0.6 at sea | Rotterdam 4.7 °C in January, 17.3 °C in July |
//! | day | ± 5 °C on land, ± 1.5 °C at sea, warmest at 15:00 local solar time (UTC + longitude / 15°) | |
//!
//! Relative humidity follows the same place and time: 80 % in the tropics falling to 70 % at
//! 50°, higher at sea (+ 8 points) and at night (± 12 points against the day's cycle),
//! between 20 % and 100 %.

use std::f64::consts::PI;
use std::sync::OnceLock;

use crate::timestamp::Timestamp;

/// The yearly mean at the equator's band, °C.
pub const TROPICAL_MEAN: f64 = 27.0;
/// How much colder per degree of latitude beyond [`TROPICAL_BAND`], °C.
pub const COOLING_PER_DEGREE: f64 = 0.4;
/// The latitude up to which the yearly mean is tropical, degrees.
pub const TROPICAL_BAND: f64 = 12.0;
/// The season's half-swing per degree of latitude beyond 10°, °C.
pub const SEASON_PER_DEGREE: f64 = 0.15;
/// The day of the year the northern summer peaks (19 July).
pub const NORTHERN_PEAK_DAY: f64 = 200.0;
/// The day's half-swing on land, °C.
pub const LAND_DAY_SWING: f64 = 5.0;
/// The day's half-swing at sea, °C.
pub const SEA_DAY_SWING: f64 = 1.5;
/// The warmest minute of the local day (15:00).
pub const WARMEST_LOCAL_MINUTE: f64 = 15.0 * 60.0;

/// The outside air at a place and time, without the sensor's noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Air {
    /// Temperature, °C.
    pub temperature: f64,
    /// The day's mean temperature there, °C (what the cargo's thermal mass follows).
    pub day_mean: f64,
    /// Relative humidity, %.
    pub humidity: f64,
}

/// Hours in the model's year (365.25 days).
const YEAR_HOURS: usize = 8766;

/// The season's cosine at each hour of the year, peaking on the northern summer's day (the
/// southern season is its opposite: its summer is half a year later).
fn season_table() -> &'static [f64] {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..YEAR_HOURS)
            .map(|h| {
                let day = h as f64 / 24.0;
                libm::cos(2.0 * PI * (day - NORTHERN_PEAK_DAY) / 365.25)
            })
            .collect()
    })
}

/// The day's cosine at each minute of the local day, peaking at [`WARMEST_LOCAL_MINUTE`].
fn day_table() -> &'static [f64] {
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..1440)
            .map(|m| libm::cos(2.0 * PI * (m as f64 - WARMEST_LOCAL_MINUTE) / 1440.0))
            .collect()
    })
}

/// The outside air at (`lat`, `lon`) at `time`, at sea or on land (the season to the hour,
/// the day to the minute of local solar time).
pub fn air(lat: f64, lon: f64, time: Timestamp, at_sea: bool) -> Air {
    let seconds = time.unix_seconds();
    let local = seconds.div_euclid(60) + crate::round::round(lon * 4.0) as i64;
    // Unsigned divisions are the cheaper, and every time since 1970 has them.
    let (hour_of_year, local_minute) = match (u64::try_from(seconds), u64::try_from(local)) {
        (Ok(seconds), Ok(local)) => ((seconds % 31_557_600 / 3600) as usize, local % 1440),
        _ => (
            (seconds.rem_euclid(31_557_600) / 3600) as usize,
            local.rem_euclid(1440) as u64,
        ),
    };
    let band = lat.abs();
    let mean = TROPICAL_MEAN - COOLING_PER_DEGREE * (band - TROPICAL_BAND).max(0.0);
    let hemisphere = if lat >= 0.0 { 1.0 } else { -1.0 };
    let sea_factor = if at_sea { 0.6 } else { 1.0 };
    let season = hemisphere
        * sea_factor
        * SEASON_PER_DEGREE
        * (band - 10.0).max(0.0)
        * season_table()[hour_of_year.min(YEAR_HOURS - 1)];
    let daily = day_table()[local_minute as usize];
    let swing = if at_sea {
        SEA_DAY_SWING
    } else {
        LAND_DAY_SWING
    };
    let humidity = 80.0 - 0.2 * band.min(50.0) + if at_sea { 8.0 } else { 0.0 } - 12.0 * daily;
    Air {
        temperature: mean + season + swing * daily,
        day_mean: mean + season,
        humidity: humidity.clamp(20.0, 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> Timestamp {
        date.parse().unwrap()
    }

    #[test]
    fn the_tropics_are_warm_all_year_and_the_north_sea_has_seasons() {
        let noon = |lat: f64, lon: f64, date: &str| air(lat, lon, at(date), false).temperature;
        let guayaquil = noon(-2.28, -79.91, "2026-01-15 20:00:00");
        let rotterdam_january = noon(51.95, 4.05, "2026-01-15 14:00:00");
        let rotterdam_july = noon(51.95, 4.05, "2026-07-15 14:00:00");
        assert!(guayaquil > 28.0 && guayaquil < 33.0, "{guayaquil}");
        assert!(rotterdam_january < 10.0, "{rotterdam_january}");
        assert!(rotterdam_july > 18.0, "{rotterdam_july}");
        // The south's summer is in January.
        let santos_january = noon(-23.95, -46.33, "2026-01-15 17:00:00");
        let santos_july = noon(-23.95, -46.33, "2026-07-15 17:00:00");
        assert!(
            santos_january > santos_july + 3.0,
            "{santos_january} vs {santos_july}"
        );
        // Nights are colder, and damper.
        let night = air(51.95, 4.05, at("2026-07-15 03:00:00"), false);
        let day = air(51.95, 4.05, at("2026-07-15 15:00:00"), false);
        assert!(night.temperature < day.temperature - 8.0);
        assert!(night.humidity > day.humidity + 20.0);
    }
}
