//! Reefers on voyages (`reefer_shared::route`): the position along a named route, the outside
//! air by latitude and season, transfers unplugged but never labelled, and a power-failure
//! model that learns to leave transfers alone.

use crate::common;
use common::rows;

use common::spec;
use reefer_shared::route::{great_circle_km, places, Route};
use reefer_shared::truth::{FaultKind, RowTruth};
use reefer_shared::{GenerationSpec, Generator, Product, Simulation, TelemetryRecord};

fn routed(simulation: Simulation, records: u64, seed: u64, route: Route) -> GenerationSpec {
    spec("C01", Product::P01, simulation, records, seed).with_route(Some(route))
}

fn km(a: &TelemetryRecord, lat: f64, lon: f64) -> f64 {
    great_circle_km(a.latitude, a.longitude, lat, lon)
}

fn is_transfer(truth: &RowTruth) -> bool {
    truth.episode.is_some_and(|e| e.kind == FaultKind::Transfer)
}

#[test]
fn a_banana_box_goes_from_near_guayaquil_to_antwerp_at_a_ship_s_pace() {
    let run = rows(routed(
        Simulation::Normal,
        20_000,
        3,
        Route::GuayaquilAntwerp,
    ));
    let (first, last) = (&run[0].0, &run[run.len() - 1].0);
    assert!(km(first, places::GUAYAQUIL.lat, places::GUAYAQUIL.lon) < 150.0);
    assert!(km(last, places::ANTWERP.lat, places::ANTWERP.lon) < 200.0);
    // Progress along the route: never back toward the start of a stage, never faster than a
    // truck.
    let mut travelled = 0.0;
    let mut fastest: f64 = 0.0;
    for pair in run.windows(2) {
        let step = km(&pair[0].0, pair[1].0.latitude, pair[1].0.longitude);
        travelled += step;
        fastest = fastest.max(step * 12.0);
    }
    println!("guayaquil-antwerp: {travelled:.0} km, at most {fastest:.0} km/h");
    assert!(fastest < 80.0, "{fastest} km/h");
    assert!((10_000.0..14_000.0).contains(&travelled), "{travelled} km");
    // The Panama Canal is on the way, and the ship reaches it before the Channel.
    let canal = run
        .iter()
        .position(|(r, _)| km(r, 9.1, -79.7) < 60.0)
        .expect("through Panama");
    let channel = run
        .iter()
        .position(|(r, _)| km(r, 50.5, 0.5) < 150.0)
        .expect("through the Channel");
    assert!(canal < channel);
    // The sea stage takes about a fortnight at 16-20 knots.
    let days = (channel - canal) as f64 / 288.0;
    assert!(
        (10.0..16.0).contains(&days),
        "Panama to the Channel in {days:.1} days"
    );
    // Reproducible, and the default stays at the original's place.
    let again = rows(routed(
        Simulation::Normal,
        20_000,
        3,
        Route::GuayaquilAntwerp,
    ));
    assert!(run.iter().zip(&again).all(|(a, b)| a.0 == b.0));
    let parked = rows(spec("C01", Product::P01, Simulation::Normal, 10, 3));
    assert!(parked.iter().all(|(r, _)| r.latitude == 37.8226902168957));
}

#[test]
fn the_ambient_follows_latitude_and_season() {
    // Leaving Guayaquil on 1 January: warm in the tropics, cold in the North Sea's January.
    let run = rows(routed(
        Simulation::Normal,
        20_000,
        3,
        Route::GuayaquilAntwerp,
    ));
    let mean = |keep: &dyn Fn(&TelemetryRecord) -> bool| {
        let kept: Vec<f64> = run
            .iter()
            .filter(|(r, _)| keep(r))
            .map(|(r, _)| r.ambiant_temperature)
            .collect();
        kept.iter().sum::<f64>() / kept.len() as f64
    };
    let tropics = mean(&|r| r.latitude.abs() < 15.0);
    let north_sea = mean(&|r| r.latitude > 50.0);
    println!("ambient: tropics {tropics:.1} °C, North Sea in January {north_sea:.1} °C");
    assert!(tropics > 24.0 && north_sea < 10.0 && tropics > north_sea + 15.0);
    // The same route in July: the North Sea is warmer than in January, the tropics alike.
    let july = spec("C01", Product::P01, Simulation::Normal, 20_000, 3);
    let july = GenerationSpec::new(
        july.container(),
        july.product(),
        july.simulation(),
        july.records(),
        "2026-07-01 00:00:00".parse().unwrap(),
        july.seed(),
    )
    .unwrap()
    .with_route(Some(Route::GuayaquilAntwerp));
    let summer: Vec<f64> = rows(july)
        .iter()
        .filter(|(r, _)| r.latitude > 50.0)
        .map(|(r, _)| r.ambiant_temperature)
        .collect();
    let summer = summer.iter().sum::<f64>() / summer.len() as f64;
    println!("ambient: North Sea in July {summer:.1} °C");
    assert!(summer > north_sea + 8.0);
}

#[test]
fn transfers_unplug_the_unit_are_typed_and_never_labelled() {
    for simulation in [
        Simulation::Normal,
        Simulation::PowerFailure,
        Simulation::RefrigerantLeak,
    ] {
        let s = routed(simulation, 20_000, 5, Route::SantosRotterdam)
            .with_lead_time("120".parse().unwrap());
        let run = rows(s);
        let transfers: Vec<&(TelemetryRecord, RowTruth)> =
            run.iter().filter(|(_, t)| is_transfer(t)).collect();
        assert!(!transfers.is_empty(), "{simulation}");
        let ids: std::collections::BTreeSet<u64> = transfers
            .iter()
            .map(|(_, t)| t.episode.unwrap().id)
            .collect();
        assert_eq!(
            ids.len(),
            4,
            "{simulation}: four transfers between five stages"
        );
        for (record, truth) in &transfers {
            assert!(
                !record.maintenance_required,
                "{simulation}: a transfer is never labelled"
            );
            assert_eq!(record.kilowatts, 0.0);
            assert!(!record.fan_1 && !record.fan_2 && !record.fan_3);
            assert_eq!(truth.episode.unwrap().kind.class().name(), "operation");
        }
        // Unplugged, the box warms slowly: less than 2 °C over a transfer of at most 3 h.
        for (record, _) in &transfers {
            let excess = record.temperature - record.target_temperature;
            assert!(excess < 2.0 + 4.0, "{simulation}: {excess}");
        }
        let manifest = reefer_shared::manifest::manifest(&s);
        assert_eq!(manifest.route.as_deref(), Some("santos-rotterdam"));
        assert_eq!(manifest.transfers.as_ref().map(Vec::len), Some(4));
    }
}

#[test]
fn a_stretch_of_a_routed_run_to_failure_generated_alone_equals_the_whole() {
    let s = routed(
        Simulation::CompressorWear,
        20_000,
        8,
        Route::ValparaisoPhiladelphia,
    );
    let whole: Vec<TelemetryRecord> = Generator::new(s).collect();
    let mut alone = Generator::new(s);
    alone.skip_to(3_000);
    let stretch: Vec<TelemetryRecord> = alone.take(4_000).collect();
    assert!(stretch == whole[3_000..7_000]);
}

/// For each row, how long the power has been off, minutes (0 with power).
fn minutes_off(run: &[(TelemetryRecord, RowTruth)]) -> Vec<f64> {
    let mut off_for = 0.0_f64;
    run.iter()
        .map(|(r, _)| {
            off_for = if r.kilowatts == 0.0 {
                off_for + 5.0
            } else {
                0.0
            };
            off_for
        })
        .collect()
}

/// A power-failure detector a data scientist would fit first: flag a row once the power has
/// been off for at least `threshold` minutes, the threshold chosen on the training rows to
/// maximise Youden's J (recall on the labelled rows minus the share of the unlabelled
/// power-off rows flagged).
struct OffFor {
    threshold: f64,
}

impl OffFor {
    fn fit(run: &[(TelemetryRecord, RowTruth)]) -> Self {
        let off = minutes_off(run);
        let positives = run.iter().filter(|(r, _)| r.maintenance_required).count() as f64;
        let quiet = run
            .iter()
            .filter(|(r, _)| r.kilowatts == 0.0 && !r.maintenance_required)
            .count() as f64;
        let mut best = (f64::MIN, 0.0);
        for k in 0..=72 {
            let threshold = 5.0 * k as f64;
            let (mut tp, mut fp) = (0.0, 0.0);
            for ((r, _), &m) in run.iter().zip(&off) {
                let flagged = m > 0.0 && m >= threshold;
                match (flagged, r.maintenance_required) {
                    (true, true) => tp += 1.0,
                    (true, false) => fp += 1.0,
                    _ => {}
                }
            }
            let j = tp / positives - if quiet > 0.0 { fp / quiet } else { 0.0 };
            if j > best.0 + 1e-12 {
                best = (j, threshold);
            }
        }
        Self { threshold: best.1 }
    }

    fn flags(&self, run: &[(TelemetryRecord, RowTruth)]) -> Vec<bool> {
        minutes_off(run)
            .iter()
            .map(|&m| m > 0.0 && m >= self.threshold)
            .collect()
    }
}

#[test]
fn a_power_failure_model_trained_on_routed_data_leaves_transfers_alone() {
    let voyages = |route: Route, seeds: &[u64]| -> Vec<(TelemetryRecord, RowTruth)> {
        seeds
            .iter()
            .flat_map(|&seed| rows(routed(Simulation::PowerFailure, 20_000, seed, route)))
            .collect()
    };
    let train = voyages(Route::GuayaquilAntwerp, &[11, 12, 13]);
    let parked: Vec<(TelemetryRecord, RowTruth)> = [11, 12, 13]
        .iter()
        .flat_map(|&seed| {
            rows(spec(
                "C01",
                Product::P01,
                Simulation::PowerFailure,
                20_000,
                seed,
            ))
        })
        .collect();
    let test = voyages(Route::SantosRotterdam, &[21, 22, 23]);
    let (routed_model, parked_model) = (OffFor::fit(&train), OffFor::fit(&parked));
    let rate = |model: &OffFor, keep: &dyn Fn(&(TelemetryRecord, RowTruth)) -> bool| {
        let flags = model.flags(&test);
        let kept: Vec<bool> = test
            .iter()
            .zip(&flags)
            .filter(|(row, _)| keep(row))
            .map(|(_, &f)| f)
            .collect();
        kept.iter().filter(|&&f| f).count() as f64 / kept.len() as f64
    };
    let on_transfers =
        |row: &(TelemetryRecord, RowTruth)| is_transfer(&row.1) && !row.0.maintenance_required;
    let on_failures = |row: &(TelemetryRecord, RowTruth)| row.0.maintenance_required;
    let fp_routed = rate(&routed_model, &on_transfers);
    let fp_parked = rate(&parked_model, &on_transfers);
    let recall = rate(&routed_model, &on_failures);
    println!(
        "power-failure detector on the transfers of held-out voyages: trained on routed data \
         (flags after {} min off) {:.1} % of transfer rows, recall {:.1} %; trained on parked \
         units (after {} min) {:.1} %",
        routed_model.threshold,
        100.0 * fp_routed,
        100.0 * recall,
        parked_model.threshold,
        100.0 * fp_parked
    );
    assert!(
        fp_routed < 0.05,
        "false positives on transfers: {fp_routed}"
    );
    assert!(recall > 0.95, "recall on power failures: {recall}");
    assert!(
        fp_parked > 0.9,
        "a model that never saw a transfer flags them: {fp_parked}"
    );
}
