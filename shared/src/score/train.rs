//! Training the reference model from the simulator's own ground truth, reproducibly:
//! `reefer score train` runs [`train`] and writes `weights.json` byte for byte.
//!
//! The data: every episodic simulation (and `normal`), each product, [`TRAIN_SEEDS`] seeds of
//! [`RECORDS`] readings. A reading is positive when the ground truth puts it in an equipment
//! or sensor fault (maintenance is needed); normal readings, defrost cycles and delivery faults
//! (the reading itself is fine) are negative. The model is a logistic regression on
//! standardised [`FEATURES`], fitted by Newton's method with a small ridge; the figures in
//! [`HeldOut`] come from [`HELD_OUT_SEEDS`], which training never sees.

use super::features::{features, FEATURES};
use super::model::{HeldOut, Model};
use crate::truth::FaultClass;
use crate::{GenerationSpec, Generator, Product, Seed, Simulation};

/// Readings per generation.
pub const RECORDS: u64 = 2_000;
/// The training seeds.
pub const TRAIN_SEEDS: [u64; 3] = [1, 2, 3];
/// The held-out seeds.
pub const HELD_OUT_SEEDS: [u64; 2] = [101, 102];
/// The ridge penalty on the weights (not the bias).
const RIDGE: f64 = 10.0;
/// Newton steps at most.
const STEPS: usize = 30;
/// Decimals kept in `weights.json`, so that the file is the same wherever it is trained.
const DECIMALS: i32 = 6;
const N: usize = FEATURES.len();

/// The readings of one simulation: features, and whether maintenance is needed.
fn readings(simulation: Simulation, seeds: &[u64]) -> Vec<([f64; N], bool)> {
    let mut out = Vec::new();
    for (i, seed) in seeds.iter().enumerate() {
        for (p, product) in Product::ORIGINAL.iter().enumerate() {
            let spec = GenerationSpec::new(
                "C01".parse().unwrap_or_default(),
                *product,
                simulation,
                RECORDS.to_string().parse().unwrap_or_default(),
                "2026-01-01 00:00:00"
                    .parse()
                    .unwrap_or(crate::Timestamp::MIN),
                Seed(seed * 1_000 + (i * 10 + p) as u64),
            );
            let Ok(spec) = spec else { continue };
            let mut generator = Generator::new(spec);
            let truth = generator.ground_truth();
            while let Some(r) = generator.next() {
                let needed = truth
                    .of(generator.last_delivered())
                    .episode
                    .is_some_and(|e| {
                        matches!(e.kind.class(), FaultClass::Equipment | FaultClass::Sensor)
                    });
                out.push((features(&r), needed));
            }
        }
    }
    out
}

/// The simulations trained on: `normal` and every episodic one.
pub fn simulations() -> Vec<Simulation> {
    let mut all = vec![Simulation::Normal];
    all.extend(
        Simulation::EPISODIC
            .iter()
            .filter(|s| **s != Simulation::Normal),
    );
    all
}

fn round(v: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    let r = (v * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Trains the model (a few seconds on one core).
pub fn train() -> Model {
    let data: Vec<([f64; N], bool)> = simulations()
        .into_iter()
        .flat_map(|s| readings(s, &TRAIN_SEEDS))
        .collect();
    let count = data.len().max(1) as f64;
    let mut mean = [0.0; N];
    for (x, _) in &data {
        for j in 0..N {
            mean[j] += x[j] / count;
        }
    }
    let mut scale = [0.0; N];
    for (x, _) in &data {
        for j in 0..N {
            scale[j] += (x[j] - mean[j]).powi(2) / count;
        }
    }
    let mean = mean.map(round);
    let scale = scale.map(|v| round(v.sqrt().max(1e-6)));
    // Newton's method on [bias, weights…].
    let mut beta = [0.0; N + 1];
    for _ in 0..STEPS {
        let mut gradient = [0.0; N + 1];
        let mut hessian = [[0.0; N + 1]; N + 1];
        for (x, y) in &data {
            let mut z = [1.0; N + 1];
            for j in 0..N {
                z[j + 1] = (x[j] - mean[j]) / scale[j];
            }
            let p = 1.0 / (1.0 + (-z.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>()).exp());
            let w = p * (1.0 - p);
            let residual = f64::from(u8::from(*y)) - p;
            for a in 0..=N {
                gradient[a] += residual * z[a];
                for b in 0..=N {
                    hessian[a][b] += w * z[a] * z[b];
                }
            }
        }
        for a in 1..=N {
            gradient[a] -= RIDGE * beta[a];
            hessian[a][a] += RIDGE;
        }
        let step = solve(hessian, gradient);
        let mut largest = 0.0f64;
        for a in 0..=N {
            beta[a] += step[a];
            largest = largest.max(step[a].abs());
        }
        if largest < 1e-10 {
            break;
        }
    }
    let mut model = Model {
        about: String::from(
            "Logistic regression over one reading's features, trained on the simulator's ground \
             truth: a reading in an equipment or sensor fault needs maintenance.",
        ),
        command: String::from("reefer score train --out shared/src/score/weights.json"),
        features: FEATURES.iter().map(|f| (*f).to_owned()).collect(),
        mean: mean.to_vec(),
        scale: scale.to_vec(),
        weights: beta[1..].iter().map(|w| round(*w)).collect(),
        bias: round(beta[0]),
        held_out: HeldOut {
            readings: 0,
            recall: 0.0,
            precision: 0.0,
            recall_by_simulation: Default::default(),
        },
    };
    model.held_out = evaluate(&model);
    model
}

/// The model's recall and precision on the held-out seeds.
fn evaluate(model: &Model) -> HeldOut {
    let (mut readings, mut faulty, mut found, mut flagged) = (0u64, 0u64, 0u64, 0u64);
    let mut by_simulation = std::collections::BTreeMap::new();
    for simulation in simulations() {
        let (mut sim_faulty, mut sim_found) = (0u64, 0u64);
        for (x, needed) in readings_of(simulation) {
            let hit = model.score_features(&x) >= 0.5;
            readings += 1;
            flagged += u64::from(hit);
            if needed {
                faulty += 1;
                sim_faulty += 1;
                found += u64::from(hit);
                sim_found += u64::from(hit);
            }
        }
        if sim_faulty > 0 {
            by_simulation.insert(
                simulation.name().to_owned(),
                round(sim_found as f64 / sim_faulty as f64),
            );
        }
    }
    HeldOut {
        readings,
        recall: round(found as f64 / faulty.max(1) as f64),
        precision: round(found as f64 / flagged.max(1) as f64),
        recall_by_simulation: by_simulation,
    }
}

fn readings_of(simulation: Simulation) -> Vec<([f64; N], bool)> {
    readings(simulation, &HELD_OUT_SEEDS)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: [[f64; N + 1]; N + 1], mut b: [f64; N + 1]) -> [f64; N + 1] {
    let n = N + 1;
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|i, j| a[*i][col].abs().total_cmp(&a[*j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-300 {
            continue;
        }
        let pivot_row = a[col];
        for row in col + 1..n {
            let f = a[row][col] / d;
            for (cell, p) in a[row][col..n].iter_mut().zip(&pivot_row[col..n]) {
                *cell -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; N + 1];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_are_what_training_writes() {
        let trained = train();
        if std::env::var_os("REEFER_UPDATE_GOLDEN").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/score/weights.json");
            std::fs::write(path, trained.to_json()).unwrap();
        }
        assert_eq!(
            trained.to_json(),
            super::super::model::SHIPPED,
            "run `reefer score train --out shared/src/score/weights.json` and commit the file"
        );
    }

    #[test]
    fn the_model_finds_most_power_failures_and_rarely_flags_normal_readings() {
        let model = Model::shipped();
        let recall = &model.held_out.recall_by_simulation;
        assert!(recall["powerfailure"] > 0.9, "{:?}", model.held_out);
        assert!(model.held_out.precision > 0.8, "{:?}", model.held_out);
    }
}
