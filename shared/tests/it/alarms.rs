//! Alarms raised by the physics (`reefer_shared::alarm`): each code only where its condition
//! holds — worked out here from the unit's wear state and the record, not from the model's
//! own alarm function — and wherever it holds (unless a more serious code shows); nuisance
//! alarms marked in the ground truth, at their documented rate; nothing without power; the
//! manifest's alarm table equal to the rows.

use crate::common;

use common::spec;
use reefer_shared::alarm::{
    AL16_RUNNING_MINUTES, AL18_CAPACITY_LOSS, CURRENT_LIMIT, NUISANCE_CODES, NUISANCE_MEAN_MINUTES,
};
use reefer_shared::manifest::manifest;
use reefer_shared::rcm::Profile;
use reefer_shared::route::Route;
use reefer_shared::wear::Unit;
use reefer_shared::{GenerationSpec, Generator, Interval, Product, Simulation};

use common::RcmRow as Row;

fn rcm_spec(simulation: Simulation, n: u64, seed: u64, route: Option<Route>) -> GenerationSpec {
    spec("C05", Product::P02, simulation, n, seed)
        .with_profile(Profile::Rcm)
        .with_route(route)
}

fn run(spec: GenerationSpec) -> (Vec<Row>, Option<Unit>) {
    let mut generator = Generator::new(spec);
    let rows = common::rcm_rows(&mut generator);
    (rows, generator.wearing_unit().cloned())
}

/// A new unit's compressor current, A: 5.5 kW / 2.2 over √3 × 400 V × 0.85.
fn new_current() -> f64 {
    5.5 / 2.2 * 1000.0 / (3f64.sqrt() * 400.0 * 0.85)
}

/// The first minute of the cycle starting at `from` at which the worn compressor's current
/// exceeds the limit, found by bisection on the unit's own state.
fn crossing(unit: &Unit, mut low: f64, mut high: f64) -> f64 {
    let above = |m: f64| {
        let s = unit.state_at(m).severity;
        new_current() * (1.0 - 0.15 * s) / (1.0 - 0.55 * s) > CURRENT_LIMIT
    };
    for _ in 0..80 {
        let mid = 0.5 * (low + high);
        if above(mid) {
            high = mid;
        } else {
            low = mid;
        }
    }
    high
}

/// Whether a condition holds clearly (`margin` > 0) or clearly not (< 0); near the boundary
/// the rounding of a column could tip it either way, and the row is not judged.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Holds {
    Yes,
    No,
    Boundary,
}

fn judged(margin: f64, tolerance: f64) -> Holds {
    if margin > tolerance {
        Holds::Yes
    } else if margin < -tolerance {
        Holds::No
    } else {
        Holds::Boundary
    }
}

/// The code that the physics of row `i` calls for, judged independently.
fn expected(unit: &Unit, rows: &[Row], i: usize, interval: f64) -> (Option<&'static str>, Holds) {
    let row = &rows[i];
    if !row.rcm.power_on {
        return (None, Holds::Yes);
    }
    let minute = i as f64 * interval;
    let state = unit.state_at(minute);
    let mode = unit.mode().name();
    match mode {
        "compressor_wear" if state.failed => (Some("AL24"), Holds::Yes),
        "condenser_fouling" => {
            if state.failed {
                return (Some("AL18"), Holds::Yes);
            }
            let hot = ((row.record.ambiant_temperature - 18.0) / 12.0).clamp(0.0, 1.0);
            let loss = 0.9 * state.severity * hot;
            // The ambient is written at the logger's 0.1 °C.
            let tolerance = 0.9 * state.severity * 0.05 / 12.0 + 1e-9;
            let holds = judged(loss - AL18_CAPACITY_LOSS, tolerance);
            (Some("AL18"), holds)
        }
        "evaporator_fan_failure" => {
            let off = !row.record.fan_2;
            (Some("AL22"), if off { Holds::Yes } else { Holds::No })
        }
        "compressor_wear" => {
            let cycle = state.at;
            let cross = crossing(unit, cycle.repaired_at, cycle.fails_at);
            if minute <= cross {
                return (Some("AL16"), Holds::No);
            }
            let running = (minute - cross) * row.rcm.compressor_duty;
            // The duty is rounded to 0.001 in the column.
            let tolerance = (minute - cross) * 0.0006 + 1e-6;
            (
                Some("AL16"),
                judged(running - AL16_RUNNING_MINUTES, tolerance),
            )
        }
        _ => (None, Holds::Yes),
    }
}

/// The wear simulations on three routes and parked, at 5 minutes and 1 hour.
fn wearing_runs() -> Vec<(GenerationSpec, f64)> {
    let mut specs = Vec::new();
    let simulations = [
        Simulation::CompressorWear,
        Simulation::CondenserFouling,
        Simulation::FanFailure,
        Simulation::RefrigerantLeak,
    ];
    let routes = [
        None,
        Some(Route::GuayaquilAntwerp),
        Some(Route::SantosRotterdam),
        Some(Route::RotterdamMunich),
    ];
    for (k, simulation) in simulations.into_iter().enumerate() {
        for (j, route) in routes.into_iter().enumerate() {
            let seed = 3 + 10 * k as u64 + j as u64;
            specs.push((rcm_spec(simulation, 20_000, seed, route), 5.0));
        }
        let hourly = rcm_spec(
            simulation,
            3_000,
            70 + k as u64,
            Some(Route::SantosRotterdam),
        )
        .with_interval(Interval::Hour)
        .unwrap();
        specs.push((hourly, 60.0));
    }
    specs
}

#[test]
fn each_alarm_is_raised_exactly_where_its_condition_holds() {
    let mut seen = std::collections::BTreeMap::<&str, u64>::new();
    let (mut nuisance_rows, mut nuisance_expected, mut judged_rows) = (0u64, 0.0, 0u64);
    for (spec, interval) in wearing_runs() {
        let (rows, unit) = run(spec);
        let unit = unit.expect("a wearing unit");
        for i in 0..rows.len() {
            let row = &rows[i];
            let code = row.rcm.alarm_code;
            let nuisance = row.truth.alarm_nuisance.expect("rcm rows carry the flag");
            if !code.is_empty() {
                *seen.entry(code).or_default() += 1;
            }
            assert!(
                row.rcm.power_on || code.is_empty(),
                "row {i}: {code} without power"
            );
            assert_eq!(
                nuisance,
                NUISANCE_CODES.contains(&code),
                "row {i}: {code} is a nuisance code exactly when marked"
            );
            let (wanted, holds) = expected(&unit, &rows, i, interval);
            match holds {
                Holds::Yes => {
                    judged_rows += 1;
                    if let Some(wanted) = wanted {
                        assert_eq!(code, wanted, "row {i} of {:?}: {wanted} holds", unit.mode());
                    } else {
                        assert!(
                            code.is_empty() || nuisance,
                            "row {i}: {code} without a condition"
                        );
                    }
                }
                Holds::No => {
                    judged_rows += 1;
                    assert!(
                        code.is_empty() || nuisance,
                        "row {i} of {:?}: {code} raised though {wanted:?} does not hold",
                        unit.mode()
                    );
                }
                Holds::Boundary => {}
            }
            if row.rcm.power_on && (code.is_empty() || nuisance) {
                nuisance_expected += interval / NUISANCE_MEAN_MINUTES;
                nuisance_rows += u64::from(nuisance);
            }
        }
    }
    println!("alarms seen: {seen:?}; {judged_rows} rows judged");
    println!(
        "nuisance alarms: {nuisance_rows}, expected {nuisance_expected:.1} ({:.2} of the rate)",
        nuisance_rows as f64 / nuisance_expected
    );
    for code in [
        "AL16", "AL18", "AL22", "AL24", "AL25", "AL54", "AL56", "AL57",
    ] {
        assert!(
            seen.get(code).copied().unwrap_or(0) > 0,
            "{code} never seen: {seen:?}"
        );
    }
    for never in ["AL26", "AL60"] {
        assert!(!seen.contains_key(never));
    }
    let sigma = nuisance_expected.sqrt();
    assert!(
        (nuisance_rows as f64 - nuisance_expected).abs() < 4.0 * sigma,
        "nuisance alarms at their documented rate"
    );
}

#[test]
fn the_episodic_simulations_raise_nuisance_alarms_only_and_none_without_power() {
    for simulation in [
        Simulation::Normal,
        Simulation::PowerFailure,
        Simulation::PowerOff,
        Simulation::Defrost,
        Simulation::DoorOpen,
        Simulation::Duplicates,
    ] {
        let (rows, _) = run(rcm_spec(
            simulation,
            20_000,
            11,
            Some(Route::GuayaquilAntwerp),
        ));
        let mut nuisance = 0;
        for (i, row) in rows.iter().enumerate() {
            let code = row.rcm.alarm_code;
            if code.is_empty() {
                continue;
            }
            nuisance += 1;
            assert!(
                NUISANCE_CODES.contains(&code),
                "{simulation:?} row {i}: {code}"
            );
            assert_eq!(row.truth.alarm_nuisance, Some(true));
            assert!(row.rcm.power_on && row.record.kilowatts > 0.0);
        }
        assert!(
            nuisance > 0,
            "{simulation:?}: nuisance alarms come everywhere"
        );
    }
}

#[test]
fn the_manifest_lists_every_alarm_of_the_rows() {
    for simulation in [Simulation::CompressorWear, Simulation::Duplicates] {
        let spec = rcm_spec(simulation, 12_000, 3, Some(Route::GuayaquilAntwerp));
        let manifest = manifest(&spec);
        let alarms = manifest.alarms.expect("an rcm manifest lists its alarms");
        let mut generator = Generator::new(spec);
        let mut by_row = std::collections::BTreeMap::new();
        while generator.next().is_some() {
            let rcm = generator.last_rcm();
            by_row
                .entry(generator.last_delivered().row)
                .or_insert((rcm.alarm_code, rcm.alarm_nuisance));
        }
        let mut listed = std::collections::BTreeMap::new();
        for (k, alarm) in alarms.iter().enumerate() {
            assert_eq!(alarm.rows, alarm.last_row - alarm.first_row + 1);
            if let Some(next) = alarms.get(k + 1) {
                assert!(next.first_row > alarm.last_row, "in row order, apart");
            }
            for row in alarm.first_row..=alarm.last_row {
                listed.insert(row, (alarm.code.as_str(), alarm.nuisance));
            }
        }
        let raised: std::collections::BTreeMap<u64, (&str, bool)> = by_row
            .into_iter()
            .filter(|(_, (code, _))| !code.is_empty())
            .collect();
        assert_eq!(listed, raised, "{simulation:?}");
        assert!(!listed.is_empty());
        let standard = reefer_shared::manifest::manifest(&spec.with_profile(Profile::Standard));
        assert!(
            standard.alarms.is_none(),
            "the standard profile has no alarm column"
        );
    }
}
