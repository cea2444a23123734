//! The relay's per-record work in `shared`: parsing and validating a browser batch, and
//! encoding the Kafka event. Run: `cargo bench -p reefer-shared --bench batch`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reefer_shared::batch::parse_batch;
use reefer_shared::encoding::{write_batch, write_kafka_event};
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};

const RECORDS: usize = 5_000;

fn records() -> Vec<TelemetryRecord> {
    let spec = GenerationSpec::from_fields(
        "C02",
        "P02",
        "co2sensor",
        &RECORDS.to_string(),
        "2026-01-01 00:00:00",
        "42",
        "0",
    )
    .unwrap();
    Generator::new(spec).collect()
}

fn batch(c: &mut Criterion) {
    let records = records();
    let mut body = Vec::new();
    write_batch(&mut body, &records);
    let mut group = c.benchmark_group("relay_batch");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("parse_and_validate", |b| {
        b.iter(|| parse_batch(&body, RECORDS).unwrap().len())
    });
    let mut out = Vec::with_capacity(1024);
    group.bench_function("encode_kafka_events", |b| {
        b.iter(|| {
            let mut total = 0;
            for r in &records {
                out.clear();
                write_kafka_event(&mut out, r);
                total += out.len();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
