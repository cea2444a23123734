//! One physics for every unit in the `rcm` profile (`reefer_shared::physical`): over a long
//! mixed run — every product healthy, parked and on a voyage, and every simulation — the
//! gases add up, nothing physical is negative or past its range, the cargo temperature has
//! thermal inertia in healthy units too, power follows the compressor, and every value is at
//! the logger's resolution.

use crate::common::spec;
use reefer_shared::controller::Mode;
use reefer_shared::physical::{ARGON, PROBE_OUT_OF_RANGE, PROBE_RANGE};
use reefer_shared::rcm::{Profile, RcmReading};
use reefer_shared::route::Route;
use reefer_shared::{Generator, Product, Simulation, TelemetryRecord};

/// Readings in 30 days, 5 minutes apart.
const THIRTY_DAYS: u64 = 30 * 24 * 12;

fn rows(
    product: Product,
    simulation: Simulation,
    route: Option<Route>,
    seed: u64,
    n: u64,
) -> Vec<(TelemetryRecord, RcmReading)> {
    let spec = spec("C01", product, simulation, n, seed)
        .with_profile(Profile::Rcm)
        .with_route(route);
    let mut generator = Generator::new(spec);
    let mut out = Vec::with_capacity(n as usize);
    while let Some(record) = generator.next() {
        out.push((record, *generator.last_rcm()));
    }
    out
}

/// Whether `value` is a whole number of `step`s (the logger's resolution).
fn at_resolution(value: f64, step: f64) -> bool {
    let units = value / step;
    (units - units.round()).abs() < 1e-6
}

/// Lag-1 autocorrelation.
fn lag1(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    let cov: f64 = values
        .windows(2)
        .map(|w| (w[0] - mean) * (w[1] - mean))
        .sum();
    cov / var
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// What holds on every row of every run, whatever fails.
fn in_range(r: &TelemetryRecord, rcm: &RcmReading, what: &str) {
    assert!(r.kilowatts >= 0.0, "{what}: {r:?}");
    for gas in [r.oxygen, r.nitrogen, r.carbon_dioxide] {
        assert!((0.0..=100.0).contains(&gas), "{what}: {r:?}");
    }
    assert!((0.0..=100.0).contains(&r.humidity), "{what}: {r:?}");
    assert!(
        (0.0..=100.0).contains(&rcm.ambient_humidity),
        "{what}: {rcm:?}"
    );
    assert!(
        (PROBE_RANGE.0..=PROBE_RANGE.1).contains(&r.temperature),
        "{what}: {r:?}"
    );
    assert!(
        at_resolution(r.temperature, 0.01),
        "{what}: {}",
        r.temperature
    );
    assert!(
        at_resolution(r.ambiant_temperature, 0.1),
        "{what}: {}",
        r.ambiant_temperature
    );
    assert!(at_resolution(r.kilowatts, 0.01), "{what}: {}", r.kilowatts);
    assert!(
        at_resolution(r.oxygen, 0.1) && at_resolution(r.nitrogen, 0.1),
        "{what}: {r:?}"
    );
    assert!(
        at_resolution(r.carbon_dioxide, 0.01),
        "{what}: {}",
        r.carbon_dioxide
    );
    assert!(at_resolution(r.humidity, 0.1), "{what}: {}", r.humidity);
}

#[test]
fn every_healthy_product_s_box_is_physical_parked_and_at_sea() {
    for product in Product::ALL {
        for (route, seed) in [(None, 11), (Some(Route::GuayaquilAntwerp), 12)] {
            let what = format!("{product} {route:?}");
            let run = rows(product, Simulation::Normal, route, seed, THIRTY_DAYS);
            for (r, rcm) in &run {
                in_range(r, rcm, &what);
                let sum = r.oxygen + r.nitrogen + r.carbon_dioxide + ARGON;
                assert!(
                    (sum - 100.0).abs() < 0.5,
                    "{what}: the gases sum to {sum}: {r:?}"
                );
                assert!(!r.maintenance_required, "{what}");
            }
            let temperature: Vec<f64> = run.iter().map(|(r, _)| r.temperature).collect();
            let autocorrelation = lag1(&temperature);
            assert!(
                autocorrelation > 0.9,
                "{what}: lag-1 autocorrelation {autocorrelation}"
            );
            // Power follows the compressor (and the fans): while plugged in, kW rises with the
            // duty.
            let plugged: Vec<_> = run
                .iter()
                .filter(|(_, rcm)| {
                    rcm.power_on && matches!(rcm.mode, Mode::FullCool | Mode::ModulatedCool)
                })
                .collect();
            let kw: Vec<f64> = plugged.iter().map(|(r, _)| r.kilowatts).collect();
            let duty: Vec<f64> = plugged.iter().map(|(_, rcm)| rcm.compressor_duty).collect();
            let link = pearson(&kw, &duty);
            assert!(link > 0.8, "{what}: kW and duty correlate at {link}");
            // The defrost counter counts: it never goes down, and steps by one.
            for w in run.windows(2) {
                let step = w[1].0.defrost_cycle - w[0].0.defrost_cycle;
                assert!(step <= 1, "{what}: {step}");
            }
        }
    }
}

#[test]
fn a_controlled_atmosphere_box_reads_its_setpoints_and_a_vented_one_near_outside_air() {
    let mean = |run: &[(TelemetryRecord, RcmReading)], f: fn(&TelemetryRecord) -> f64| {
        run.iter().map(|(r, _)| f(r)).sum::<f64>() / run.len() as f64
    };
    for product in Product::ALL {
        let carriage = product.carriage();
        let run = rows(product, Simulation::Normal, None, 5, 4 * 288);
        let (o2, co2) = (mean(&run, |r| r.oxygen), mean(&run, |r| r.carbon_dioxide));
        match carriage.controlled_atmosphere {
            Some(ca) if product.id() > "P05" => {
                assert!((o2 - ca.oxygen_percent).abs() < 0.5, "{product}: O2 {o2}");
                assert!(
                    (co2 - ca.carbon_dioxide_percent).abs() < 0.5,
                    "{product}: CO2 {co2}"
                );
            }
            _ if product.id() > "P05" => {
                assert!(o2 > 19.0 && co2 < 2.0, "{product}: O2 {o2}, CO2 {co2}");
            }
            _ => assert!((co2 - 4.0).abs() < 0.5, "{product}: the demo's CO2 {co2}"),
        }
    }
}

#[test]
fn every_simulation_stays_in_range_and_a_probe_past_its_range_raises_al56() {
    let mut pinned = 0;
    for simulation in Simulation::ALL {
        for (product, seed) in [(Product::P02, 21), (Product::P06, 22), (Product::P11, 23)] {
            let what = format!("{simulation} {product}");
            let run = rows(
                product,
                simulation,
                Some(Route::SantosRotterdam),
                seed,
                THIRTY_DAYS,
            );
            for (r, rcm) in &run {
                in_range(r, rcm, &what);
                if r.temperature >= PROBE_RANGE.1 && rcm.power_on {
                    pinned += 1;
                    assert_eq!(rcm.alarm_code, PROBE_OUT_OF_RANGE, "{what}: {r:?}");
                }
            }
        }
    }
    // A drifting sensor runs past the range in 30 days.
    let drift = rows(
        Product::P02,
        Simulation::SensorDrift,
        None,
        3,
        2 * THIRTY_DAYS,
    );
    let past = drift
        .iter()
        .filter(|(r, _)| r.temperature >= PROBE_RANGE.1)
        .count();
    assert!(past + pinned > 0, "no run reached the probe's range");
    for (r, rcm) in drift.iter().filter(|(r, _)| r.temperature >= PROBE_RANGE.1) {
        assert_eq!(rcm.alarm_code, PROBE_OUT_OF_RANGE, "{r:?}");
    }
}

#[test]
fn a_frozen_unit_holds_its_return_air_cycling_its_compressor_with_periodic_defrosts() {
    for product in [Product::P06, Product::P07, Product::P08] {
        let carriage = product.carriage();
        let run = rows(product, Simulation::Normal, None, 31, THIRTY_DAYS);
        let mut modes = std::collections::BTreeMap::<&str, usize>::new();
        let mut defrosts = 0;
        for (i, (r, rcm)) in run.iter().enumerate() {
            *modes.entry(rcm.mode.name()).or_default() += 1;
            match rcm.mode {
                Mode::Defrost => {
                    assert!(rcm.return_air_temperature > carriage.setpoint_celsius + 2.0);
                    assert_eq!(rcm.compressor_current, 0.0);
                    if i == 0 || run[i - 1].1.mode != Mode::Defrost {
                        defrosts += 1;
                    }
                }
                _ => {
                    let off = rcm.return_air_temperature - carriage.setpoint_celsius;
                    assert!(
                        off.abs() <= carriage.tolerance_celsius,
                        "{product}: {rcm:?}"
                    );
                }
            }
            assert!((r.temperature - carriage.setpoint_celsius).abs() < carriage.tolerance_celsius);
        }
        // Cycling: the compressor on at some readings, resting at others.
        assert!(
            modes["full_cool"] > 1000 && modes["fans_only"] > 1000,
            "{product}: {modes:?}"
        );
        // A defrost every 6 hours.
        assert!(
            (118..=121).contains(&defrosts),
            "{product}: {defrosts} defrosts"
        );
    }
}

#[test]
fn a_chilled_unit_holds_its_supply_air_and_a_warm_cargo_is_heated_in_the_cold() {
    let run = rows(Product::P10, Simulation::Normal, None, 41, THIRTY_DAYS);
    let setpoint = Product::P10.target_temperature();
    for (_, rcm) in run
        .iter()
        .filter(|(_, rcm)| rcm.mode == Mode::ModulatedCool)
    {
        let off = rcm.supply_air_temperature - setpoint;
        assert!(off.abs() < 0.5, "{rcm:?}");
        assert!(
            rcm.return_air_temperature > rcm.supply_air_temperature,
            "{rcm:?}"
        );
    }
    // Medicines at 15–25 °C across Europe in January: the unit heats (bananas, which give
    // off 1.8 kW of respiration, would need outside air below −9 °C).
    let setpoint = Product::P17.target_temperature();
    let winter = spec("C01", Product::P17, Simulation::Normal, 7 * 288, 42)
        .with_profile(Profile::Rcm)
        .with_route(Some(Route::RotterdamMunich));
    let mut generator = Generator::new(winter);
    let (mut heat, mut warmer_supply) = (0, 0.0);
    while let Some(record) = generator.next() {
        let rcm = generator.last_rcm();
        if rcm.mode == Mode::Heat {
            heat += 1;
            assert!(record.ambiant_temperature < setpoint, "{record:?}");
            warmer_supply += rcm.supply_air_temperature - rcm.return_air_temperature;
        }
    }
    assert!(heat > 0, "no heating on a winter route");
    // The heater warms the supply air above the return air (on average: the sensors' noise
    // is larger than a small heat's ΔT).
    assert!(warmer_supply > 0.0, "{warmer_supply}");
}
