//! Generate → CSV / JSON lines into memory, and the generator alone, per simulation: the
//! core's throughput, one core.
//!
//! Run: `cargo bench -p reefer-shared --bench generate`. Figures go in BENCHMARKS.md ("Generation").

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::rcm::Profile;
use reefer_shared::{GenerationSpec, Simulation};

const ROWS: u64 = 200_000;
const START: &str = "2026-01-01 00:00:00";

fn spec(simulation: Simulation) -> GenerationSpec {
    let rows = ROWS.to_string();
    GenerationSpec::from_fields("C01", "P02", simulation.name(), &rows, START, "42", "0").unwrap()
}

/// A group named `name` of [`ROWS`] rows an iteration, with `run` timed for every simulation.
fn each_simulation<T>(c: &mut Criterion, name: &str, mut run: impl FnMut(Simulation) -> T) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(ROWS));
    group.sample_size(20);
    for simulation in Simulation::ALL {
        group.bench_with_input(
            BenchmarkId::from_parameter(simulation.name()),
            &simulation,
            |b, &simulation| b.iter(|| run(simulation)),
        );
    }
    group.finish();
}

fn generate_to_memory(c: &mut Criterion) {
    for format in [Format::Csv, Format::JsonLines] {
        let mut out = Vec::with_capacity(64 << 20);
        each_simulation(c, &format!("generate_{}", format.name()), |simulation| {
            out.clear();
            let mut chunks = EncodedChunks::new(spec(simulation), format, true);
            while chunks.next_chunk(&mut out, 8192) > 0 {}
            out.len()
        });
    }
}

/// The `rcm` profile (25 columns) in CSV, beside the standard 20 in the same sitting, for the
/// run-to-failure simulations and a few others.
fn generate_rcm_csv(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate_rcm_csv");
    group.throughput(Throughput::Elements(ROWS));
    group.sample_size(20);
    let mut out = Vec::with_capacity(64 << 20);
    let cases = [
        (Simulation::Normal, Profile::Standard),
        (Simulation::Normal, Profile::Rcm),
        (Simulation::Defrost, Profile::Rcm),
        (Simulation::RefrigerantLeak, Profile::Standard),
        (Simulation::RefrigerantLeak, Profile::Rcm),
        (Simulation::CompressorWear, Profile::Rcm),
        (Simulation::FanFailure, Profile::Rcm),
        (Simulation::CondenserFouling, Profile::Rcm),
    ];
    for (simulation, profile) in cases {
        group.bench_function(format!("{}/{}", simulation.name(), profile.name()), |b| {
            b.iter(|| {
                out.clear();
                let mut chunks =
                    EncodedChunks::new(spec(simulation).with_profile(profile), Format::Csv, true);
                while chunks.next_chunk(&mut out, 8192) > 0 {}
                out.len()
            })
        });
    }
    // The same at hourly readings (the interval changes no per-row cost).
    let hourly = spec(Simulation::RefrigerantLeak)
        .with_interval(reefer_shared::Interval::Hour)
        .unwrap()
        .with_profile(Profile::Rcm);
    group.bench_function("refrigerantleak/rcm/1h", |b| {
        b.iter(|| {
            out.clear();
            let mut chunks = EncodedChunks::new(hourly, Format::Csv, true);
            while chunks.next_chunk(&mut out, 8192) > 0 {}
            out.len()
        })
    });
    group.finish();
}

/// A voyage's bookkeeping (the position, the air, the transfers) beside the same runs
/// parked, in the same sitting: 5 000 rows (17 days), all of them on the way, none after the
/// arrival (where the position no longer moves).
fn generate_routed_csv(c: &mut Criterion) {
    const ON_THE_WAY: u64 = 5_000;
    let spec = |simulation: Simulation| {
        let rows = ON_THE_WAY.to_string();
        GenerationSpec::from_fields("C01", "P02", simulation.name(), &rows, START, "42", "0")
            .unwrap()
    };
    let mut group = c.benchmark_group("generate_routed_csv");
    group.throughput(Throughput::Elements(ON_THE_WAY));
    group.sample_size(20);
    let mut out = Vec::with_capacity(64 << 20);
    let route = Some(reefer_shared::route::Route::GuayaquilAntwerp);
    let cases = [
        ("normal/parked", spec(Simulation::Normal)),
        ("normal/routed", spec(Simulation::Normal).with_route(route)),
        ("powerfailure/parked", spec(Simulation::PowerFailure)),
        (
            "powerfailure/routed",
            spec(Simulation::PowerFailure).with_route(route),
        ),
        (
            "refrigerantleak-rcm/parked",
            spec(Simulation::RefrigerantLeak).with_profile(Profile::Rcm),
        ),
        (
            "refrigerantleak-rcm/routed",
            spec(Simulation::RefrigerantLeak)
                .with_profile(Profile::Rcm)
                .with_route(route),
        ),
    ];
    for (name, spec) in cases {
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                let mut chunks = EncodedChunks::new(spec, Format::Csv, true);
                while chunks.next_chunk(&mut out, 8192) > 0 {}
                out.len()
            })
        });
        // The generator alone: the bookkeeping without the encoding of the moving position.
        group.bench_function(format!("{name}/records"), |b| {
            b.iter(|| {
                reefer_shared::Generator::new(spec)
                    .map(|r| r.temperature)
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

/// The generator alone (records, no encoding): the part that Wasm and native share most simply.
fn generate_records(c: &mut Criterion) {
    each_simulation(c, "generate_records", |simulation| {
        reefer_shared::Generator::new(spec(simulation))
            .map(|r| r.temperature)
            .sum::<f64>()
    });
}

criterion_group!(
    benches,
    generate_to_memory,
    generate_rcm_csv,
    generate_routed_csv,
    generate_records
);
criterion_main!(benches);
