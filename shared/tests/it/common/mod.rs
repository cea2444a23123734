//! Helpers shared by the integration tests of `reefer-shared`.
#![allow(dead_code)]

pub mod logistic;

use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::rcm::Profile;
use reefer_shared::route::Route;
use reefer_shared::{GenerationSpec, Generator, Interval, Product, Simulation, TelemetryRecord};

/// A spec from plain values, starting 2026-01-01; panics on invalid ones (tests only pass valid
/// ones).
pub fn spec(
    container: &str,
    product: Product,
    simulation: Simulation,
    records: u64,
    seed: u64,
) -> GenerationSpec {
    let (records, seed) = (records.to_string(), seed.to_string());
    GenerationSpec::from_fields(
        container,
        product.id(),
        simulation.name(),
        &records,
        "2026-01-01 00:00:00",
        &seed,
        "0",
    )
    .unwrap()
}

/// The records of a spec.
pub fn records(spec: GenerationSpec) -> Vec<TelemetryRecord> {
    Generator::new(spec).collect()
}

/// The whole encoded output of a spec, header included.
pub fn encode(spec: GenerationSpec, format: Format, records_per_chunk: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chunks = EncodedChunks::new(spec, format, true);
    while chunks.next_chunk(&mut out, records_per_chunk) > 0 {}
    out
}

/// 64-bit FNV-1a: a dependency-free digest to pin large outputs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The pinned specs: container C02, product P02, seed 42, start 2026-01-01 00:00:00, for each
/// simulation; a short CSV is kept whole and a long one as a digest.
pub const GOLDEN_ROWS: u64 = 40;
/// Rows of the digest-pinned runs.
pub const DIGEST_ROWS: u64 = 100_000;

/// The golden file of a simulation, relative to the workspace's `tests/golden/`.
pub fn golden_name(simulation: Simulation) -> String {
    format!("C02-P02-{}-seed42-{GOLDEN_ROWS}.csv", simulation.name())
}

/// The lines of `tests/golden/digests.txt`: `simulation format rows fnv1a-hex`.
pub fn digest_lines() -> String {
    let mut text = String::new();
    for simulation in Simulation::ALL {
        for format in [Format::Csv, Format::JsonLines] {
            let bytes = encode(
                spec("C02", Product::P02, simulation, DIGEST_ROWS, 42),
                format,
                4096,
            );
            text.push_str(&format!(
                "{} {} {} {:016x}\n",
                simulation.name(),
                format.name(),
                DIGEST_ROWS,
                fnv1a(&bytes)
            ));
        }
    }
    // Each simulation with its ground truth: the standard profile on a voyage at 5 minutes
    // (CSV), and the rcm profile parked at 5 minutes (CSV) and hourly on a route (JSON lines).
    for simulation in Simulation::ALL {
        let parked =
            spec("C02", Product::P02, simulation, RCM_DIGEST_ROWS, 42).with_profile(Profile::Rcm);
        let routed = parked
            .with_route(Some(Route::GuayaquilAntwerp))
            .with_interval(Interval::Hour)
            .unwrap();
        let voyage = spec("C02", Product::P02, simulation, RCM_DIGEST_ROWS, 42)
            .with_route(Some(Route::SantosRotterdam));
        for (name, spec, format) in [
            ("csv-santos-rotterdam", voyage, Format::Csv),
            ("rcm-truth-csv", parked, Format::Csv),
            (
                "rcm-truth-jsonl-1h-guayaquil-antwerp",
                routed,
                Format::JsonLines,
            ),
        ] {
            let mut out = Vec::new();
            let mut chunks = EncodedChunks::new(spec, format, true).with_ground_truth();
            while chunks.next_chunk(&mut out, 4096) > 0 {}
            text.push_str(&format!(
                "{} {name} {RCM_DIGEST_ROWS} {:016x}\n",
                simulation.name(),
                fnv1a(&out)
            ));
        }
    }
    text
}

/// Rows of the digest-pinned `rcm` runs.
pub const RCM_DIGEST_ROWS: u64 = 20_000;

/// Every delivered record of `spec` with its ground truth.
pub fn rows(spec: GenerationSpec) -> Vec<(TelemetryRecord, reefer_shared::truth::RowTruth)> {
    let mut generator = Generator::new(spec);
    let truth = generator.ground_truth();
    std::iter::from_fn(|| {
        let record = generator.next()?;
        Some((record, truth.of(generator.last_delivered())))
    })
    .collect()
}

/// One row of an `rcm` run: the record, its `rcm` readings and its ground truth.
#[derive(Clone)]
pub struct RcmRow {
    pub record: TelemetryRecord,
    pub rcm: reefer_shared::rcm::RcmReading,
    pub truth: reefer_shared::truth::RowTruth,
}

/// Every row that `generator` still gives, with its readings and truth.
pub fn rcm_rows(generator: &mut Generator) -> Vec<RcmRow> {
    let truth = generator.ground_truth();
    let mut rows = Vec::new();
    while let Some(record) = generator.next() {
        rows.push(RcmRow {
            record,
            rcm: *generator.last_rcm(),
            truth: generator.last_truth(&truth),
        });
    }
    rows
}
