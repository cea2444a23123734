//! Reproducibility: fixed specs keep giving the same bytes, release after release.
//!
//! The expected output lives in the workspace's `tests/golden/`, shared with the CLI tests and
//! the Wasm test (`wasm_golden.rs`), so the native library, the binary and the browser build
//! are held to the same bytes. A deliberate change to the output regenerates them with
//! `REEFER_UPDATE_GOLDEN=1 cargo test -p reefer-shared --test it golden::` and says so in the
//! CHANGELOG.

use crate::common;

use std::path::PathBuf;

use common::{digest_lines, encode, golden_name, spec, GOLDEN_ROWS};
use reefer_shared::encoding::Format;
use reefer_shared::{Product, Simulation};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

fn check(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("REEFER_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (REEFER_UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(
        expected == actual,
        "{name} changed: the same spec and seed must give the same bytes"
    );
}

#[test]
fn pinned_csv_files_are_reproduced_byte_for_byte() {
    for simulation in Simulation::ALL {
        let bytes = encode(
            spec("C02", Product::P02, simulation, GOLDEN_ROWS, 42),
            Format::Csv,
            7,
        );
        check(&golden_name(simulation), &bytes);
    }
}

#[test]
fn pinned_digests_of_large_runs_are_reproduced() {
    check("digests.txt", digest_lines().as_bytes());
}
