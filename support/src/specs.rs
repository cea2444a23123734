//! The specs, records and request bodies the tests send.

use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};

/// The start time every test spec uses.
pub const START: &str = "2026-01-01 00:00:00";

/// The spec a `/control` body of these values asks for, with product P02 and [`START`].
pub fn spec(container: &str, simulation: &str, n: u64, seed: u64) -> GenerationSpec {
    GenerationSpec::from_fields(
        container,
        "P02",
        simulation,
        &n.to_string(),
        START,
        &seed.to_string(),
        "0",
    )
    .unwrap()
}

/// The records of [`spec`].
pub fn records(container: &str, simulation: &str, n: u64, seed: u64) -> Vec<TelemetryRecord> {
    Generator::new(spec(container, simulation, n, seed)).collect()
}

/// A `POST /api/batches` body of these records.
pub fn batch_body(records: &[TelemetryRecord]) -> Vec<u8> {
    let mut out = Vec::new();
    reefer_shared::encoding::write_batch(&mut out, records);
    out
}
