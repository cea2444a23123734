//! The browser build gives the same bytes as the native one: the golden files, generated in
//! WebAssembly. Run with `cargo test -p reefer-shared --target wasm32-unknown-unknown --test
//! wasm_golden` (wasm-bindgen-test-runner, in Node.js).
#![cfg(target_arch = "wasm32")]

#[path = "it/common/mod.rs"]
mod common;

use common::{digest_lines, encode, spec, GOLDEN_ROWS};
use reefer_shared::encoding::Format;
use reefer_shared::{Product, Simulation};
use wasm_bindgen_test::wasm_bindgen_test;

const GOLDEN: [(Simulation, &str); 4] = [
    (
        Simulation::Normal,
        include_str!("../../tests/golden/C02-P02-normal-seed42-40.csv"),
    ),
    (
        Simulation::PowerOff,
        include_str!("../../tests/golden/C02-P02-poweroff-seed42-40.csv"),
    ),
    (
        Simulation::Co2Sensor,
        include_str!("../../tests/golden/C02-P02-co2sensor-seed42-40.csv"),
    ),
    (
        Simulation::O2Sensor,
        include_str!("../../tests/golden/C02-P02-o2sensor-seed42-40.csv"),
    ),
];

#[wasm_bindgen_test]
fn wasm_reproduces_the_golden_csv_files() {
    for (simulation, expected) in GOLDEN {
        let bytes = encode(
            spec("C02", Product::P02, simulation, GOLDEN_ROWS, 42),
            Format::Csv,
            7,
        );
        assert_eq!(std::str::from_utf8(&bytes).unwrap(), expected);
    }
}

#[wasm_bindgen_test]
fn wasm_reproduces_the_golden_digests_of_large_runs() {
    assert_eq!(
        digest_lines(),
        include_str!("../../tests/golden/digests.txt")
    );
}
