//! The columns follow SPEC's distributions: means and standard deviations on 100 k rows.

use crate::common;

use common::{records, spec};
use reefer_shared::fault::FaultPlan;
use reefer_shared::{Generator, Product, Simulation, TelemetryRecord};

const N: u64 = 100_000;

fn moments(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let v: Vec<f64> = values.collect();
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var.sqrt())
}

/// Mean within 5 standard errors, standard deviation within 2 %.
fn assert_normal(name: &str, values: impl Iterator<Item = f64>, mean: f64, sd: f64) {
    let v: Vec<f64> = values.collect();
    let n = v.len() as f64;
    let (m, s) = moments(v.into_iter());
    assert!(
        (m - mean).abs() < 5.0 * sd / n.sqrt(),
        "{name}: mean {m}, want {mean}"
    );
    assert!((s - sd).abs() < 0.02 * sd, "{name}: sd {s}, want {sd}");
}

#[test]
fn normal_columns_have_spec_means_and_deviations() {
    for product in [Product::P01, Product::P02, Product::P05] {
        let rows = records(spec("C01", product, Simulation::Normal, N, 2024));
        let col = |f: fn(&TelemetryRecord) -> f64| rows.iter().map(f);
        assert_normal(
            "temperature",
            col(|r| r.temperature),
            product.target_temperature(),
            1.0,
        );
        assert_normal("ambiant", col(|r| r.ambiant_temperature), 20.0, 1.0);
        assert_normal("kilowatts", col(|r| r.kilowatts), 2.7, 1.0);
        assert_normal("oxygen", col(|r| r.oxygen), 21.0, 1.0);
        assert_normal("nitrogen", col(|r| r.nitrogen), 78.0, 1.0);
        assert_normal("humidity", col(|r| r.humidity), product.humidity(), 1.0);
        assert_normal("co2", col(|r| r.carbon_dioxide), 4.0, 1.0);
    }
}

#[test]
fn defrost_cycle_is_uniform_over_3_to_6() {
    let mut counts = [0u64; 7];
    for r in Generator::new(spec("C01", Product::P01, Simulation::Normal, N, 7)) {
        counts[r.defrost_cycle as usize] += 1;
    }
    assert_eq!(counts[..3], [0, 0, 0]);
    for c in &counts[3..] {
        // Expected 25 000 each; 5 standard deviations is ~685.
        assert!((*c as i64 - 25_000).abs() < 700, "{counts:?}");
    }
}

#[test]
fn faulty_sensor_rows_follow_their_fault_distribution() {
    for (sim, mean, pick) in [
        (
            Simulation::Co2Sensor,
            12.0,
            (|r: &TelemetryRecord| r.carbon_dioxide) as fn(&TelemetryRecord) -> f64,
        ),
        (Simulation::O2Sensor, 11.0, |r: &TelemetryRecord| r.oxygen),
    ] {
        // Many seeds, so that the faulty rows are many and independent of one plan.
        let mut values = Vec::new();
        for seed in 0..40 {
            let generator = Generator::new(spec("C01", Product::P01, sim, 10_000, seed));
            let plan: FaultPlan = generator.plan().clone();
            values.extend(
                generator
                    .enumerate()
                    .filter(|(i, _)| plan.is_faulty(*i as u64))
                    .map(|(_, r)| pick(&r)),
            );
        }
        assert!(values.len() > 40 * 1200);
        assert_normal(sim.name(), values.into_iter(), mean, 2.0);
    }
}

#[test]
fn faulty_share_matches_three_runs_of_twelve_percent() {
    // Runs overlap at times, so the faulty share lies between 12 % and 36 %; on average the
    // placement rule gives about 28 %.
    let mut total = 0u64;
    for seed in 0..200 {
        let plan = FaultPlan::draw(reefer_shared::Seed(seed), 1000);
        let faulty = (0..1000).filter(|i| plan.is_faulty(*i)).count() as u64;
        assert!((120..=360).contains(&faulty), "{faulty}");
        total += faulty;
    }
    let share = total as f64 / 200_000.0;
    assert!((0.2..0.34).contains(&share), "{share}");
}
