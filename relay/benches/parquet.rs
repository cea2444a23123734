//! Parquet against our CSV on one core, for the same spec, written to a sink (the encoding
//! alone, no disk): rows per second of each.
//!
//! Run: `cargo bench -p reefer-relay --bench parquet`.

use std::num::NonZeroUsize;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use reefer_shared::encoding::Format;
use reefer_shared::rcm::Profile;
use reefer_shared::shard::Shard;
use reefer_shared::{GenerationSpec, Generator};

const ROWS: u64 = 300_000;

fn spec(simulation: &str, profile: Profile) -> GenerationSpec {
    GenerationSpec::from_fields(
        "C01",
        "P02",
        simulation,
        &ROWS.to_string(),
        "2026-01-01 00:00:00",
        "7",
        "0",
    )
    .unwrap()
    .with_profile(profile)
}

fn formats(c: &mut Criterion) {
    let mut group = c.benchmark_group("file_format");
    group.sample_size(10).throughput(Throughput::Elements(ROWS));
    for (name, simulation, profile) in [
        ("normal", "normal", Profile::Standard),
        ("compressorwear_rcm", "compressorwear", Profile::Rcm),
    ] {
        let spec = spec(simulation, profile);
        group.bench_function(format!("csv/{name}"), |b| {
            let mut out = Vec::with_capacity(1 << 20);
            b.iter(|| {
                let mut generator = Generator::new(spec);
                let mut bytes = 0;
                while let Some(record) = generator.next() {
                    Format::Csv.write_record(&mut out, &record);
                    if profile == Profile::Rcm {
                        reefer_shared::rcm::extend_csv_record(&mut out, generator.last_rcm());
                    }
                    if out.len() > 1 << 20 {
                        bytes += out.len();
                        out.clear();
                    }
                }
                bytes + out.len()
            })
        });
        group.bench_function(format!("parquet/{name}"), |b| {
            b.iter(|| {
                reefer_relay::parquet::write_generation(
                    (spec, Shard::WHOLE),
                    (false, NonZeroUsize::MIN),
                    std::io::sink(),
                    |_| {},
                )
                .unwrap()
                .1
            })
        });
    }
    group.finish();
}

criterion_group!(benches, formats);
criterion_main!(benches);
