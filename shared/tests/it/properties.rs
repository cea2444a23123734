//! Invariants over random specs (proptest).

// Label rules are written as SPEC states them.
#![allow(clippy::manual_range_contains)]

use crate::common;

use common::encode;
use proptest::prelude::*;
use reefer_shared::encoding::Format;
use reefer_shared::fault::FaultPlan;
use reefer_shared::{GenerationSpec, Generator, Product, Seed, Simulation, Timestamp};

/// SPEC's original simulations, whose rules these properties state; the coupled scenarios
/// have their own tests (tests/it/scenarios.rs).
const ORIGINAL: [Simulation; 4] = [
    Simulation::Normal,
    Simulation::PowerOff,
    Simulation::Co2Sensor,
    Simulation::O2Sensor,
];

fn any_spec() -> impl Strategy<Value = GenerationSpec> {
    spec_of(ORIGINAL.to_vec())
}

fn spec_of(simulations: Vec<Simulation>) -> impl Strategy<Value = GenerationSpec> {
    (
        "[A-Za-z0-9._-]{1,64}",
        prop::sample::select(Product::ORIGINAL.to_vec()),
        prop::sample::select(simulations),
        0u64..1500,
        // Any start from year 1 to 9990.
        -62_135_596_800i64..253_086_000_000,
        any::<u64>(),
    )
        .prop_map(|(id, product, simulation, n, start, seed)| {
            GenerationSpec::new(
                id.parse().unwrap(),
                product,
                simulation,
                n.to_string().parse().unwrap(),
                Timestamp::from_unix_seconds(start).unwrap(),
                Seed(seed),
            )
            .unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_spec_yields_n_valid_labelled_records(spec in any_spec()) {
        let n = spec.records().get();
        let generator = Generator::new(spec);
        let plan = generator.plan().clone();
        let len = FaultPlan::run_len(n);
        let rows: Vec<_> = generator.collect();
        prop_assert_eq!(rows.len() as u64, n);
        for run in plan.runs() {
            prop_assert_eq!(run.len, len);
            prop_assert!(run.end() <= n);
        }
        for (i, r) in rows.iter().enumerate() {
            prop_assert_eq!(
                r.measurement_time.unix_seconds(),
                spec.start().unix_seconds() + 300 * i as i64
            );
            prop_assert_eq!(r.container_id, spec.container());
            let faulty = plan.is_faulty(i as u64);
            let expected_label = match spec.simulation() {
                Simulation::Normal => false,
                Simulation::PowerOff => plan.outage_at(i as u64).is_some_and(|o| o.len >= 2),
                Simulation::Co2Sensor => {
                    r.carbon_dioxide > 10.8 || r.carbon_dioxide < 0.0
                }
                Simulation::O2Sensor => r.oxygen < 12.0,
                other => unreachable!("{other} is not one of SPEC's original simulations"),
            };
            prop_assert_eq!(r.maintenance_required, expected_label);
            prop_assert_eq!(r.fan_1 && r.fan_2 && r.fan_3,
                !(spec.simulation() == Simulation::PowerOff && expected_label));
            if spec.simulation() == Simulation::PowerOff {
                prop_assert_eq!(r.kilowatts == 0.0, faulty);
            }
            prop_assert!(r.temperature.is_finite() && r.carbon_dioxide.is_finite());
        }
    }

    #[test]
    fn the_same_spec_gives_the_same_bytes(spec in spec_of(Simulation::ALL.to_vec()), chunk in 1usize..600) {
        let a = encode(spec, Format::Csv, chunk);
        let b = encode(spec, Format::Csv, 4096);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn a_faulty_run_differs_from_the_normal_run_only_in_its_column_and_label(spec in any_spec()) {
        let normal = GenerationSpec::new(
            spec.container(), spec.product(), Simulation::Normal,
            spec.records(), spec.start(), spec.seed(),
        ).unwrap();
        for (a, b) in Generator::new(normal).zip(Generator::new(spec)) {
            prop_assert_eq!(a.temperature, b.temperature);
            prop_assert_eq!(a.ambiant_temperature, b.ambiant_temperature);
            prop_assert_eq!(a.nitrogen, b.nitrogen);
            prop_assert_eq!(a.humidity, b.humidity);
            prop_assert_eq!(a.defrost_cycle, b.defrost_cycle);
            if spec.simulation() != Simulation::PowerOff {
                prop_assert_eq!(a.kilowatts, b.kilowatts);
            }
            if spec.simulation() != Simulation::Co2Sensor {
                prop_assert_eq!(a.carbon_dioxide, b.carbon_dioxide);
            }
            if spec.simulation() != Simulation::O2Sensor {
                prop_assert_eq!(a.oxygen, b.oxygen);
            }
        }
    }
}
