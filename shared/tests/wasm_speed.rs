//! The generator's speed in WebAssembly, in headless Chromium: the same work as the native
//! criterion benchmark `generate_csv/co2sensor` (200 000 rows, C01 / P02 / seed 42, CSV into a
//! reused buffer in chunks of 8 192), timed warm (best of ten runs after three warm-up runs).
//!
//! A benchmark, so it is ignored by the test command. Run it with (scripts/bench.sh does):
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p reefer-shared --release --target
//! wasm32-unknown-unknown --test wasm_speed -- --include-ignored --nocapture`
#![cfg(target_arch = "wasm32")]

use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::{GenerationSpec, Generator};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ROWS: u32 = 200_000;

fn spec() -> GenerationSpec {
    GenerationSpec::from_fields(
        "C01",
        "P02",
        "co2sensor",
        &ROWS.to_string(),
        "2026-01-01 00:00:00",
        "42",
        "0",
    )
    .unwrap()
}

/// The best of ten timed runs of `work` after three untimed ones, in milliseconds.
fn best_of(mut work: impl FnMut()) -> f64 {
    let now = || js_sys::Date::now();
    for _ in 0..3 {
        work();
    }
    (0..10)
        .map(|_| {
            let began = now();
            work();
            now() - began
        })
        .fold(f64::MAX, f64::min)
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench.sh runs it"]
fn wasm_generation_speed() {
    let mut out = Vec::with_capacity(64 << 20);
    let csv = best_of(|| {
        out.clear();
        let mut chunks = EncodedChunks::new(spec(), Format::Csv, true);
        while chunks.next_chunk(&mut out, 8192) > 0 {}
    });
    let mut sum = 0.0;
    let records = best_of(|| sum += Generator::new(spec()).map(|r| r.temperature).sum::<f64>());
    assert!(sum.is_finite() && !out.is_empty());
    let rate = |ms: f64| f64::from(ROWS) / ms / 1000.0;
    console_log!("wasm generate_csv/co2sensor: {:.2} M rows/s", rate(csv));
    console_log!(
        "wasm generate_records/co2sensor: {:.2} M rows/s",
        rate(records)
    );
}
