//! SPEC's fault table, rule by rule: where faults go, what they write, how rows are labelled.

// Label rules are written as SPEC states them.
#![allow(clippy::manual_range_contains)]

use crate::common;

use common::{records, spec};
use reefer_shared::fault::FaultPlan;
use reefer_shared::record::{DEFAULT_LATITUDE, DEFAULT_LONGITUDE};
use reefer_shared::{Generator, Product, Seed, Simulation};

/// Rows where `column` differs between a faulty run and the normal run of the same seed: with
/// independent random streams, exactly the rows the fault overwrote.
fn overwritten_rows(
    simulation: Simulation,
    n: u64,
    seed: u64,
    column: fn(&reefer_shared::TelemetryRecord) -> f64,
) -> Vec<u64> {
    let normal = records(spec("C01", Product::P01, Simulation::Normal, n, seed));
    let faulty = records(spec("C01", Product::P01, simulation, n, seed));
    (0..n)
        .filter(|&i| column(&normal[i as usize]) != column(&faulty[i as usize]))
        .collect()
}

fn union_of_runs(plan: &FaultPlan) -> Vec<u64> {
    let mut rows: Vec<u64> = plan.runs().iter().flat_map(|r| r.start..r.end()).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

#[test]
fn faults_overwrite_exactly_three_runs_of_twelve_percent() {
    for seed in 0..40 {
        for n in [9, 17, 100, 1000] {
            let plan = FaultPlan::draw(Seed(seed), n);
            let runs = plan.runs();
            assert_eq!(runs.len(), 3);
            assert!(runs.iter().all(|r| r.len == n * 12 / 100));
            let expected = union_of_runs(&plan);
            assert_eq!(
                overwritten_rows(Simulation::Co2Sensor, n, seed, |r| r.carbon_dioxide),
                expected
            );
            assert_eq!(
                overwritten_rows(Simulation::O2Sensor, n, seed, |r| r.oxygen),
                expected
            );
            assert_eq!(
                overwritten_rows(Simulation::PowerOff, n, seed, |r| r.kilowatts),
                expected
            );
        }
    }
}

#[test]
fn run_k_starts_between_the_previous_start_and_the_last_possible_row() {
    let n = 50;
    let len = FaultPlan::run_len(n);
    let mut first_starts = std::collections::BTreeSet::new();
    for seed in 0..3000 {
        let plan = FaultPlan::draw(Seed(seed), n);
        let runs = plan.runs();
        assert!(runs[0].start <= n - len);
        assert!(runs[0].start <= runs[1].start && runs[1].start <= runs[2].start);
        assert!(runs[2].start <= n - len);
        first_starts.insert(runs[0].start);
    }
    // Both ends of the inclusive range are reachable.
    assert!(first_starts.contains(&0) && first_starts.contains(&(n - len)));
}

#[test]
fn fewer_than_nine_rows_have_no_fault_rows() {
    for n in 0..9 {
        for sim in Simulation::EPISODIC {
            let normal = records(spec("C01", Product::P02, Simulation::Normal, n, 5));
            let faulty = records(spec("C01", Product::P02, sim, n, 5));
            for (a, b) in normal.iter().zip(&faulty) {
                assert_eq!(
                    (a.kilowatts, a.oxygen, a.carbon_dioxide),
                    (b.kilowatts, b.oxygen, b.carbon_dioxide)
                );
                assert!(b.fan_1 && b.fan_2 && b.fan_3);
            }
        }
    }
}

#[test]
fn normal_runs_are_never_labelled_and_keep_their_fans() {
    for r in Generator::new(spec("C04", Product::P05, Simulation::Normal, 20_000, 9)) {
        assert!(!r.maintenance_required);
        assert!(r.fan_1 && r.fan_2 && r.fan_3);
        assert_ne!(r.kilowatts, 0.0);
    }
}

#[test]
fn poweroff_labels_every_row_of_an_outage_of_two_or_more_and_turns_its_fans_off() {
    for seed in 0..200 {
        for n in [9, 12, 17, 40, 500] {
            let spec = spec("C01", Product::P03, Simulation::PowerOff, n, seed);
            let generator = Generator::new(spec);
            let plan = generator.plan().clone();
            for (i, r) in generator.enumerate() {
                let i = i as u64;
                let outage = plan.outage_at(i);
                assert_eq!(r.kilowatts == 0.0, outage.is_some(), "row {i}");
                let labelled = outage.is_some_and(|o| o.len >= 2);
                assert_eq!(
                    r.maintenance_required, labelled,
                    "seed {seed} n {n} row {i}"
                );
                let fans = [r.fan_1, r.fan_2, r.fan_3];
                assert_eq!(fans, [!labelled; 3], "row {i}");
            }
        }
    }
}

#[test]
fn poweroff_label_covers_the_last_row_of_each_outage() {
    // The original left the last row of every outage unlabelled; we do not.
    let generator = Generator::new(spec("C01", Product::P01, Simulation::PowerOff, 1000, 1));
    let outages = generator.plan().outages().to_vec();
    let rows: Vec<_> = generator.collect();
    for o in outages {
        let last = &rows[(o.end() - 1) as usize];
        assert!(last.maintenance_required && !last.fan_1);
        if o.end() < 1000 {
            assert!(!rows[o.end() as usize].maintenance_required);
        }
    }
}

#[test]
fn a_single_reading_outage_is_not_labelled() {
    // n = 9..16 gives runs of one row; where they do not touch, the outage is one reading.
    let mut seen = false;
    for seed in 0..200 {
        let generator = Generator::new(spec("C01", Product::P01, Simulation::PowerOff, 12, seed));
        let plan = generator.plan().clone();
        for (i, r) in generator.enumerate() {
            if plan.outage_at(i as u64).is_some_and(|o| o.len == 1) {
                seen = true;
                assert_eq!(r.kilowatts, 0.0);
                assert!(!r.maintenance_required && r.fan_1 && r.fan_2 && r.fan_3);
            }
        }
    }
    assert!(seen);
}

#[test]
fn co2sensor_labels_by_threshold_on_every_row() {
    let mut labelled = 0;
    for r in Generator::new(spec("C02", Product::P02, Simulation::Co2Sensor, 50_000, 3)) {
        let co2 = r.carbon_dioxide;
        assert_eq!(r.maintenance_required, co2 > 10.8 || co2 < 0.0);
        labelled += u32::from(r.maintenance_required);
    }
    // 36 % of rows at most are faulty, and ~73 % of Normal(12, 2) lies above 10.8.
    assert!(labelled > 5_000, "{labelled}");
}

#[test]
fn o2sensor_labels_by_threshold_on_every_row() {
    let mut labelled = 0;
    for r in Generator::new(spec("C03", Product::P04, Simulation::O2Sensor, 50_000, 4)) {
        assert_eq!(r.maintenance_required, r.oxygen < 12.0);
        labelled += u32::from(r.maintenance_required);
    }
    assert!(labelled > 5_000, "{labelled}");
}

#[test]
fn readings_are_five_minutes_apart_and_constant_columns_hold() {
    for product in Product::ALL {
        let rows = records(spec("C01", product, Simulation::Normal, 1000, 11));
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                r.measurement_time.unix_seconds() - rows[0].measurement_time.unix_seconds(),
                300 * i as i64
            );
            assert_eq!(r.container_id.as_str(), "C01");
            assert_eq!(r.product, product);
            assert_eq!(r.target_temperature, product.target_temperature());
            assert_eq!(r.content_type, product.content_type());
            assert_eq!(r.time_door_open, 0);
            assert!((3..7).contains(&r.defrost_cycle));
            assert_eq!(
                (r.latitude, r.longitude),
                (DEFAULT_LATITUDE, DEFAULT_LONGITUDE)
            );
        }
        assert_eq!(rows[0].measurement_time.to_string(), "2026-01-01 00:00:00");
        assert_eq!(rows[12].measurement_time.to_string(), "2026-01-01 01:00:00");
    }
}

#[test]
fn timestamps_cross_days_months_and_leap_days() {
    let spec = reefer_shared::GenerationSpec::from_fields(
        "C01",
        "P01",
        "normal",
        "3",
        "2024-02-28 23:55:00",
        "0",
        "0",
    )
    .unwrap();
    let times: Vec<String> = Generator::new(spec)
        .map(|r| r.measurement_time.to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2024-02-28 23:55:00",
            "2024-02-29 00:00:00",
            "2024-02-29 00:05:00"
        ]
    );
}

#[test]
fn a_run_that_would_pass_year_9999_is_refused() {
    let start = "9999-12-31 23:50:00".parse().unwrap();
    let make = |n: &str| {
        reefer_shared::GenerationSpec::new(
            "C01".parse().unwrap(),
            Product::P01,
            Simulation::Normal,
            n.parse().unwrap(),
            start,
            Seed(0),
        )
    };
    assert!(make("2").is_ok());
    let err = make("3").unwrap_err();
    assert!(err.to_string().contains("after year 9999"), "{err}");
}
