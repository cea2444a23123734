//! Run-to-failure degradation, checked as a data scientist would check a dataset: each
//! mechanism's signature, a remaining useful life that falls by the interval to 0 at the
//! failure, a stretch generated alone that equals the same stretch of the whole run, and
//! `rcm` columns that leave the 20 original ones as they are.

use crate::common;

use common::spec;
use reefer_shared::controller::Mode;
use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::rcm::{Profile, RcmReading};
use reefer_shared::{Generator, Product, Simulation, TelemetryRecord};

use common::RcmRow as Row;

fn run(simulation: Simulation, n: u64, seed: u64) -> Vec<Row> {
    let mut generator =
        Generator::new(spec("C07", Product::P02, simulation, n, seed).with_profile(Profile::Rcm));
    common::rcm_rows(&mut generator)
}

fn rul(row: &Row) -> u64 {
    row.truth.wear.unwrap().remaining_useful_life_minutes
}

/// The rows of the first failure: the first row with an RUL of 0.
fn first_failure(rows: &[Row]) -> usize {
    rows.iter()
        .position(|r| rul(r) == 0)
        .expect("a failure in the run")
}

fn mean(rows: &[Row], f: impl Fn(&Row) -> f64) -> f64 {
    rows.iter().map(f).sum::<f64>() / rows.len() as f64
}

/// Whether the controller cools at the row (not a defrost, heat, or a stop): where the
/// supply-return ΔT tells the heat the coil removes.
fn cooling(row: &Row) -> bool {
    matches!(row.rcm.mode, Mode::FullCool | Mode::ModulatedCool)
}

/// The rows where the controller cools.
fn cooled(rows: &[Row]) -> Vec<Row> {
    rows.iter().filter(|r| cooling(r)).cloned().collect()
}

fn delta_t(row: &Row) -> f64 {
    row.rcm.return_air_temperature - row.rcm.supply_air_temperature
}

/// A day of readings.
const DAY: usize = 288;

#[test]
fn a_refrigerant_leak_shrinks_the_delta_t_lengthens_the_duty_then_warms_the_box() {
    let rows = run(Simulation::RefrigerantLeak, 20_000, 3);
    let failure = first_failure(&rows);
    assert!(
        failure > 3 * DAY,
        "the run starts healthy enough: {failure}"
    );
    let healthy = &rows[..DAY];
    let last_day = &rows[failure - DAY..failure];
    assert!(cooled(healthy)
        .iter()
        .all(|r| r.rcm.supply_air_temperature < r.rcm.return_air_temperature));
    let (dt_healthy, dt_late) = (
        mean(&cooled(healthy), delta_t),
        mean(&cooled(last_day), delta_t),
    );
    println!("leak: ΔT {dt_healthy:.2} → {dt_late:.2} °C over the last day before the failure");
    // A modulating unit keeps its ΔT while it holds the load; it shrinks once the capacity
    // falls under it (first in the hot hours).
    assert!(dt_late < 0.85 * dt_healthy, "ΔT shrinks toward the failure");
    let duty = |rows: &[Row]| mean(rows, |r| r.rcm.compressor_duty);
    assert!(
        duty(last_day) > 1.5 * duty(healthy),
        "the compressor runs longer"
    );
    // At the failure the box cannot hold its setpoint.
    let failed = &rows[failure..failure + 12];
    let setpoint = rows[0].record.target_temperature;
    assert!(mean(failed, |r| r.record.temperature) > setpoint + 3.0);
    assert!(failed.iter().all(|r| r.record.maintenance_required));
}

#[test]
fn compressor_wear_draws_more_power_before_it_trips() {
    let rows = run(Simulation::CompressorWear, 30_000, 5);
    let failure = first_failure(&rows);
    let kw = |rows: &[Row]| mean(rows, |r| r.record.kilowatts);
    let (healthy, late) = (kw(&rows[..DAY]), kw(&rows[failure - DAY / 4..failure]));
    println!("compressor wear: {healthy:.2} → {late:.2} kW in the 6 h before the trip");
    assert!(late > 1.3 * healthy, "power drifts up");
    // The trip: the compressor stops, only the fans draw, the cargo warms.
    let tripped = &rows[failure + 6..failure + 36];
    assert!(tripped.iter().all(|r| r.rcm.compressor_duty == 0.0));
    assert!(kw(tripped) < 1.0);
    assert!(tripped.last().unwrap().record.temperature > tripped[0].record.temperature);
}

#[test]
fn a_failing_fan_drops_out_more_and_more_then_stops() {
    let rows = run(Simulation::FanFailure, 30_000, 2);
    let failure = first_failure(&rows);
    let off_share =
        |rows: &[Row]| rows.iter().filter(|r| !r.record.fan_2).count() as f64 / rows.len() as f64;
    let onset = rows.iter().position(|r| r.truth.episode.is_some()).unwrap();
    let span = failure - onset;
    let early = off_share(&rows[onset..onset + span / 4]);
    let late = off_share(&rows[failure - span / 4..failure]);
    println!(
        "fan 2 off on {:.0} % then {:.0} % of the readings",
        100.0 * early,
        100.0 * late
    );
    assert!(
        late > 2.0 * early && late > 0.2,
        "it drops out more and more"
    );
    let failed = &rows[failure..failure + 24];
    assert!(failed
        .iter()
        .all(|r| !r.record.fan_2 && r.record.fan_1 && r.record.fan_3));
    // Less air: the supply air leaves colder.
    assert!(mean(&cooled(failed), delta_t) > mean(&cooled(&rows[..DAY]), delta_t));
}

#[test]
fn condenser_fouling_costs_capacity_in_hot_hours_only() {
    let rows = run(Simulation::CondenserFouling, 30_000, 4);
    let failure = first_failure(&rows);
    // Less capacity, the same load: the compressor runs a larger share of the interval.
    let by_heat = |rows: &[Row], hot: bool| {
        let picked: Vec<&Row> = rows
            .iter()
            .filter(|r| cooling(r) && (r.record.ambiant_temperature > 25.0) == hot)
            .filter(|r| hot || r.record.ambiant_temperature < 16.0)
            .collect();
        picked.iter().map(|r| r.rcm.compressor_duty).sum::<f64>() / picked.len() as f64
    };
    let healthy = &rows[..2 * DAY];
    let late = &rows[failure - 2 * DAY..failure];
    let (hot_before, hot_late) = (by_heat(healthy, true), by_heat(late, true));
    let (cool_before, cool_late) = (by_heat(healthy, false), by_heat(late, false));
    println!("fouling: duty hot hours {hot_before:.3} → {hot_late:.3}, cool hours {cool_before:.3} → {cool_late:.3}");
    assert!(hot_late > 1.5 * hot_before, "capacity falls in hot hours");
    assert!(
        (cool_late - cool_before).abs() < 0.15 * cool_before,
        "not in cool ones"
    );
}

#[test]
fn the_remaining_useful_life_falls_by_the_interval_to_zero_at_the_failure_and_the_repair_restores()
{
    for simulation in [
        Simulation::RefrigerantLeak,
        Simulation::CompressorWear,
        Simulation::FanFailure,
        Simulation::CondenserFouling,
    ] {
        let rows = run(simulation, 30_000, 11);
        let failure = first_failure(&rows);
        for pair in rows[..failure].windows(2) {
            assert_eq!(
                rul(&pair[0]) - rul(&pair[1]),
                5,
                "{simulation}: by the interval"
            );
        }
        let repaired = failure + rows[failure..].iter().position(|r| rul(r) > 0).unwrap();
        assert!(rows[failure..repaired]
            .iter()
            .all(|r| r.record.maintenance_required));
        assert!(
            !rows[repaired].record.maintenance_required,
            "{simulation}: restored"
        );
        assert!(rul(&rows[repaired]) > 24 * 60, "{simulation}: a new life");
        assert!(rows[..failure]
            .iter()
            .all(|r| !r.record.maintenance_required));
        let wear = rows[0].truth.wear.unwrap();
        assert_eq!(
            wear.failure_mode.name(),
            rows[failure].truth.episode.unwrap().kind.name()
        );
        // The last cycle's failure lies beyond the span: flagged, for censoring.
        assert!(
            rows.last().unwrap().truth.wear.unwrap().beyond_span || rul(rows.last().unwrap()) == 0
        );
    }
}

#[test]
fn a_lead_time_labels_the_readings_before_each_failure() {
    let spec = spec("C07", Product::P02, Simulation::RefrigerantLeak, 20_000, 3)
        .with_lead_time("600".parse().unwrap());
    let mut generator = Generator::new(spec);
    let truth = generator.ground_truth();
    while let Some(record) = generator.next() {
        let wear = truth.of(generator.last_delivered()).wear.unwrap();
        let expected = wear.remaining_useful_life_minutes <= 600;
        assert_eq!(record.maintenance_required, expected, "{wear:?}");
    }
}

#[test]
fn a_stretch_generated_alone_equals_the_same_stretch_of_the_whole_run() {
    for simulation in [Simulation::RefrigerantLeak, Simulation::FanFailure] {
        let spec = spec("C07", Product::P03, simulation, 20_000, 8);
        let whole: Vec<(TelemetryRecord, RcmReading)> = {
            let mut g = Generator::new(spec.with_profile(Profile::Rcm));
            std::iter::from_fn(|| g.next().map(|r| (r, *g.last_rcm()))).collect()
        };
        let mut alone = Generator::new(spec.with_profile(Profile::Rcm));
        alone.skip_to(12_345);
        let stretch: Vec<(TelemetryRecord, RcmReading)> = (0..2_000)
            .map(|_| {
                let r = alone.next().unwrap();
                (r, *alone.last_rcm())
            })
            .collect();
        assert!(stretch == whole[12_345..14_345], "{simulation}");
    }
}

#[test]
fn the_rcm_profile_adds_columns_and_keeps_the_unit_its_times_and_its_labels() {
    for simulation in [
        Simulation::Normal,
        Simulation::PowerOff,
        Simulation::Defrost,
        Simulation::DoorOpen,
        Simulation::TempGrowth,
        Simulation::Gaps,
        Simulation::RefrigerantLeak,
    ] {
        let spec = spec("C02", Product::P02, simulation, 2_000, 42);
        let encode = |profile| {
            let mut out = Vec::new();
            let mut chunks = EncodedChunks::new(spec.with_profile(profile), Format::Csv, true);
            while chunks.next_chunk(&mut out, 500) > 0 {}
            String::from_utf8(out).unwrap()
        };
        let (standard, rcm) = (encode(Profile::Standard), encode(Profile::Rcm));
        // The physical readings are the unit's physics in the rcm profile (reefer_shared::
        // physical); what the unit is, when it reads, where it is and its labels stay.
        let header: Vec<&str> = standard.lines().next().unwrap().split(',').collect();
        let kept = [
            "container_id",
            "measurement_time",
            "product_id",
            "target_temperature",
            "time_door_open",
            "content_type",
            "fan_1",
            "fan_2",
            "fan_3",
            "latitude",
            "longitude",
            "maintenance_required",
        ];
        let kept: Vec<usize> = kept
            .iter()
            .map(|name| header.iter().position(|h| h == name).unwrap())
            .collect();
        assert_eq!(
            standard.lines().count(),
            rcm.lines().count(),
            "{simulation}"
        );
        for (a, b) in standard.lines().skip(1).zip(rcm.lines().skip(1)) {
            let fields: Vec<&str> = b.split(',').collect();
            assert_eq!(fields.len(), 28, "{simulation}: {b}");
            let theirs: Vec<&str> = a.split(',').collect();
            for &k in &kept {
                assert_eq!(fields[k], theirs[k], "{simulation}: {} in {b}", header[k]);
            }
        }
        // Physics: a unit off (power, defrost, stopped refrigeration) has no duty.
        let mut generator = Generator::new(spec.with_profile(Profile::Rcm));
        while let Some(record) = generator.next() {
            let rcm = generator.last_rcm();
            assert_eq!(rcm.power_on, record.kilowatts > 0.0, "{simulation}");
            if !rcm.power_on {
                assert_eq!(rcm.compressor_duty, 0.0);
                assert_eq!(rcm.compressor_current, 0.0);
            }
            assert_eq!(rcm.compressor_duty > 0.0, rcm.compressor_current > 0.0);
            if rcm.compressor_duty > 0.0 {
                assert!(
                    rcm.supply_air_temperature < rcm.return_air_temperature,
                    "{simulation}"
                );
            }
        }
    }
}

/// Features of one reading for a remaining-useful-life model: the last day's means of what a
/// reefer reports (ΔT, duty, power, fan 2 off, the cargo above its setpoint, the ΔT of the
/// hot hours), fan 2 off over the last 6 hours, and a constant.
const FEATURES: usize = 8;
/// The day the features average over, in readings.
const WINDOW: usize = 288;
/// RUL above this is "healthy" (the usual piecewise-linear cap of C-MAPSS models), minutes.
const RUL_CAP: f64 = 7.0 * 24.0 * 60.0;
/// The early warning: a failure within a day.
const WARNING: f64 = 24.0 * 60.0;

fn features(rows: &[Row], i: usize) -> [f64; FEATURES] {
    let window = &rows[i + 1 - WINDOW..=i];
    let setpoint = rows[i].record.target_temperature;
    [
        mean(window, delta_t),
        mean(window, |r| r.rcm.compressor_duty),
        mean(window, |r| r.record.kilowatts),
        mean(window, |r| f64::from(u8::from(!r.record.fan_2))),
        mean(window, |r| r.record.temperature - setpoint),
        {
            let hot: Vec<f64> = window
                .iter()
                .filter(|r| r.record.ambiant_temperature > 24.0)
                .map(delta_t)
                .collect();
            hot.iter().sum::<f64>() / hot.len().max(1) as f64
        },
        mean(&window[WINDOW - 72..], |r| {
            f64::from(u8::from(!r.record.fan_2))
        }),
        1.0,
    ]
}

/// Least squares by the normal equations (Gauss-Jordan on a small system): matrix code, which
/// reads best with indices.
#[allow(clippy::needless_range_loop)]
fn fit<const N: usize>(xs: &[[f64; N]], ys: &[f64]) -> [f64; N] {
    let mut a = [[0.0; N]; N];
    let mut b = [0.0; N];
    for (x, y) in xs.iter().zip(ys) {
        for i in 0..N {
            b[i] += x[i] * y;
            for j in 0..N {
                a[i][j] += x[i] * x[j];
            }
        }
    }
    for i in 0..N {
        a[i][i] += 1e-6; // ridge, for columns that do not vary in a mode
    }
    for col in 0..N {
        let pivot = (col..N)
            .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            .unwrap();
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in 0..N {
            if row != col {
                let f = a[row][col] / a[col][col];
                for k in 0..N {
                    a[row][k] -= f * a[col][k];
                }
                b[row] -= f * b[col];
            }
        }
    }
    std::array::from_fn(|i| b[i] / a[i][i])
}

fn predict<const N: usize>(w: &[f64; N], x: &[f64; N]) -> f64 {
    w.iter()
        .zip(x)
        .map(|(a, b)| a * b)
        .sum::<f64>()
        .clamp(0.0, RUL_CAP)
}

/// Readings before a failure, every hour: features, time since the repair, capped RUL.
fn samples(
    simulation: Simulation,
    seeds: std::ops::Range<u64>,
) -> Vec<([f64; FEATURES], [f64; 2], f64)> {
    let mut out = Vec::new();
    for seed in seeds {
        let rows = run(simulation, 25_000, seed);
        let generator = Generator::new(spec("C07", Product::P02, simulation, 25_000, seed));
        let unit = generator.wearing_unit().unwrap();
        for i in (WINDOW..rows.len()).step_by(12) {
            if rows[i].record.maintenance_required || rows[i].truth.wear.unwrap().beyond_span {
                continue;
            }
            let state = unit.state_at(i as f64 * 5.0);
            let target = (rul(&rows[i]) as f64).min(RUL_CAP);
            out.push((
                features(&rows, i),
                [state.minutes_since_repair, 1.0],
                target,
            ));
        }
    }
    out
}

#[test]
fn a_simple_model_learns_the_remaining_useful_life_of_units_it_never_saw() {
    let mut report = Vec::new();
    for simulation in [
        Simulation::RefrigerantLeak,
        Simulation::CompressorWear,
        Simulation::FanFailure,
        Simulation::CondenserFouling,
    ] {
        let (train, test) = (samples(simulation, 1..9), samples(simulation, 101..105));
        let xs: Vec<_> = train.iter().map(|s| s.0).collect();
        let naive_xs: Vec<_> = train.iter().map(|s| s.1).collect();
        let ys: Vec<_> = train.iter().map(|s| s.2).collect();
        let (model, naive) = (fit(&xs, &ys), fit(&naive_xs, &ys));
        // The warning fires below a predicted RUL chosen on the training units (the best F1
        // for "fails within a day"), then is scored on the held-out ones.
        type Sample = ([f64; FEATURES], [f64; 2], f64);
        let threshold = |predict: &dyn Fn(&Sample) -> f64| {
            let f1 = |t: f64| {
                let tp = train
                    .iter()
                    .filter(|s| s.2 <= WARNING && predict(s) <= t)
                    .count() as f64;
                let fp = train
                    .iter()
                    .filter(|s| s.2 > WARNING && predict(s) <= t)
                    .count() as f64;
                let positives = train.iter().filter(|s| s.2 <= WARNING).count() as f64;
                2.0 * tp / (positives + tp + fp).max(1.0)
            };
            (1..=48)
                .map(|h| f64::from(h) * 60.0)
                .max_by(|a, b| f1(*a).total_cmp(&f1(*b)))
                .unwrap()
        };
        let score = |predict: &dyn Fn(&Sample) -> f64| {
            let t = threshold(predict);
            let errors: f64 = test.iter().map(|s| (predict(s) - s.2).abs()).sum();
            let soon: Vec<_> = test.iter().filter(|s| s.2 <= WARNING).collect();
            let warned = soon.iter().filter(|s| predict(s) <= t).count();
            (
                errors / test.len() as f64 / 60.0,
                warned as f64 / soon.len().max(1) as f64,
            )
        };
        let (mae, recall) = score(&|s| predict(&model, &s.0));
        let (naive_mae, naive_recall) = score(&|s| predict(&naive, &s.1));
        report.push(format!(
            "{simulation}: RUL MAE {mae:.0} h vs {naive_mae:.0} h (time since repair); \
             warned a day ahead {:.0} % vs {:.0} %",
            100.0 * recall,
            100.0 * naive_recall
        ));
        println!("{}", report.last().unwrap());
        assert!(mae < 0.7 * naive_mae, "{}", report.last().unwrap());
        assert!(recall > naive_recall + 0.2, "{}", report.last().unwrap());
    }
}

#[test]
fn a_streamed_container_wears_over_the_simulated_days_as_one_unit() {
    use reefer_shared::fleet::{Fleet, FleetStream};
    use reefer_shared::{Cycle, Seed};
    let fleet = Fleet::new(
        vec!["C01".parse().unwrap(), "C02".parse().unwrap()],
        None,
        vec![Simulation::RefrigerantLeak],
        Seed(21),
        "2026-01-01 00:00:00".parse().unwrap(),
    )
    .unwrap()
    .with_cycle(Cycle::new(288).unwrap());
    let days = 40;
    let events: Vec<_> = FleetStream::new(fleet)
        .with_ground_truth()
        .take(2 * 288 * days)
        .filter(|e| e.container == 0)
        .collect();
    // One unit across the daily cycles: the RUL falls by the interval over the cycle
    // boundaries until a failure, and the rows follow each other.
    let ruls: Vec<u64> = events
        .iter()
        .map(|e| e.truth.unwrap().wear.unwrap().remaining_useful_life_minutes)
        .collect();
    let failure = ruls
        .iter()
        .position(|r| *r == 0)
        .expect("a failure within 40 days");
    assert!(failure > 288, "over more than one cycle: {failure}");
    assert!(ruls[..failure].windows(2).all(|w| w[0] - w[1] == 5));
    assert!(events
        .iter()
        .enumerate()
        .all(|(k, e)| e.delivered.row == k as u64));
    assert!(events[failure].record.maintenance_required);
}

#[test]
fn the_manifest_lists_each_failure_and_repair_where_the_rows_show_them() {
    let spec = spec("C07", Product::P02, Simulation::RefrigerantLeak, 20_000, 3);
    let manifest = reefer_shared::manifest::manifest(&spec);
    let failures = manifest.failures.expect("a wearing unit's failures");
    let rows = run(Simulation::RefrigerantLeak, 20_000, 3);
    let first = &failures[0];
    assert_eq!(first.failure_row as usize, first_failure(&rows));
    assert_eq!(first.failure_mode, "refrigerant_leak");
    assert!(!rows[first.repair_row as usize].record.maintenance_required);
    assert!(
        rows[first.repair_row as usize - 1]
            .record
            .maintenance_required
    );
    assert!(failures.last().unwrap().beyond_span || failures.last().unwrap().failure_row < 20_000);
    // The other simulations' manifests have no such list (and keep their bytes).
    let other = reefer_shared::manifest::manifest(&spec_of_other());
    assert!(other.failures.is_none());
    assert!(!serde_json::to_string(&other).unwrap().contains("failures"));
}

fn spec_of_other() -> reefer_shared::GenerationSpec {
    spec("C07", Product::P02, Simulation::PowerFailure, 2_000, 3)
}

#[test]
fn no_wear_begins_before_the_run_so_minutes_since_onset_count_from_the_real_onset() {
    // The run starts at most 60 % into the unit's first life, where the wear's onset is: the
    // first episode's first row is the onset's, never a row cut off by the run's start.
    for simulation in [Simulation::RefrigerantLeak, Simulation::CondenserFouling] {
        for seed in 0..200 {
            let generator = Generator::new(spec("C01", Product::P02, simulation, 10, seed));
            let unit = generator.wearing_unit().unwrap();
            let first = unit.cycles()[0];
            let onset = first.repaired_at + reefer_shared::wear::ONSET * first.life();
            assert!(onset >= -1e-9, "{simulation} seed {seed}: onset {onset}");
        }
    }
}
