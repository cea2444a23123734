//! Generates one spec's CSV into memory, for counting instructions per row with callgrind
//! (docs/benchmarks-history.md, part 11 and 12): repeatable whatever else the machine is doing.
//!
//! `cargo build --release -p reefer-shared --example profile_rows`, then
//! `valgrind --tool=callgrind target/release/examples/profile_rows SIMULATION ROWS ROUTE|parked [rcm]`.

use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::rcm::Profile;
use reefer_shared::route::Route;
use reefer_shared::GenerationSpec;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |k: usize, default: &str| args.get(k).cloned().unwrap_or_else(|| default.into());
    let (simulation, rows, route) = (arg(0, "normal"), arg(1, "5000"), arg(2, "parked"));
    let mut spec = GenerationSpec::from_fields(
        "C01",
        "P02",
        &simulation,
        &rows,
        "2026-01-01 00:00:00",
        "42",
        "0",
    )
    .expect("a valid spec");
    if route != "parked" {
        spec = spec.with_route(Some(route.parse::<Route>().expect("a route name")));
    }
    if arg(3, "standard") == "rcm" {
        spec = spec.with_profile(Profile::Rcm);
    }
    let mut out = Vec::with_capacity(1 << 20);
    let mut chunks = EncodedChunks::new(spec, Format::Csv, true);
    let mut bytes = 0;
    loop {
        out.clear();
        let n = chunks.next_chunk(&mut out, 4096);
        if n == 0 {
            break;
        }
        bytes += n;
    }
    println!("{bytes} bytes");
}
