//! # reefer-shared: the reefer telemetry simulator
//!
//! This crate *is* the simulator. It turns a [`GenerationSpec`] — container, product,
//! simulation, record count, start time and seed — into a stream of [`TelemetryRecord`]s, and
//! encodes them as CSV, JSON lines or Kafka events. It does no I/O and has no platform code,
//! so the command-line tool, the relay server and the browser app (compiled to WebAssembly)
//! all run these same bytes, and a spec gives the same output in every one of them.
//!
//! ## How it fits together
//!
//! - **Values parsed at the edge** — [`ContainerId`], [`Product`], [`Simulation`],
//!   [`RecordCount`], [`Timestamp`], [`Seed`], and the `/control` body
//!   ([`control::ControlRequest`]: a batch or a stream). Each `parse` either gives a valid value or a
//!   [`ParseError`] that names the value and lists what is allowed; nothing after it needs to
//!   check again.
//! - **Randomness** — [`random`]: ChaCha8 streams and fixed sampling algorithms, so the
//!   output is reproducible across platforms and versions.
//! - **Faults** — [`fault`]: the three runs of consecutive faulty rows of SPEC, and the
//!   outages they form.
//! - **Generation** — [`Generator`]: an iterator over records in constant memory; the
//!   simulation table and labelling rules are documented there, the coupled scenarios in
//!   [`scenario`], the delivery faults (gaps, duplicates, late events) in [`delivery`].
//! - **Ground truth** — [`truth`]: what really happens on each row, and the fault manifest.
//! - **Fleets and streaming** — [`fleet`]: many containers, each with its own state, product,
//!   seed and daily fault schedule, interleaved without end; [`pace`]: the rate, the duration,
//!   the clock and the schedule that says how many events are due.
//! - **Encoding** — [`encoding`]: CSV (the original tool's header), JSON lines, the Kafka
//!   event, and [`encoding::EncodedChunks`] for writing a large run in bounded pieces.
//! - **The relay's contract** — [`control`]: what a `/control` body may contain, parsed into
//!   typed requests; [`wire`]: every body and answer of the relay as serde types, shared by
//!   the relay (which derives its OpenAPI document from them, feature `openapi`) and the
//!   browser app.
//!
//! ```
//! use reefer_shared::{encoding::Format, GenerationSpec, Generator, Seed};
//!
//! let spec = GenerationSpec::new(
//!     "C01".parse()?, "P01".parse()?, "poweroff".parse()?,
//!     "100".parse()?, "2026-01-01 00:00:00".parse()?, Seed(42),
//! )?;
//! let mut csv = Vec::new();
//! Format::Csv.write_header(&mut csv);
//! for record in Generator::new(spec) {
//!     Format::Csv.write_record(&mut csv, &record);
//! }
//! assert_eq!(csv.iter().filter(|b| **b == b'\n').count(), 101);
//! # Ok::<(), reefer_shared::ParseError>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod alarm;
pub mod batch;
pub mod catalogue;
pub mod chacha;
pub mod columns;
pub mod container;
pub mod control;
pub mod controller;
pub mod count;
pub mod cycle;
pub mod dataset;
pub mod delivery;
pub mod encoding;
pub mod error;
pub mod fault;
pub mod fleet;
pub mod generator;
pub mod interval;
pub mod lead_time;
pub mod link;
pub mod manifest;
pub mod named;
pub mod normal;
pub mod pace;
pub mod physical;
pub mod plot;
pub mod product;
pub mod random;
pub mod rcm;
pub mod record;
pub mod round;
pub mod route;
pub mod scenario;
pub mod score;
pub mod seed;
pub mod shard;
pub mod simulation;
pub mod spec;
pub mod thresholds;
pub mod timestamp;
pub mod truth;
pub mod wear;
pub mod wire;

pub use columns::Column;
pub use container::ContainerId;
pub use count::RecordCount;
pub use cycle::Cycle;
pub use error::{FieldError, ParseError};
pub use generator::Generator;
pub use interval::Interval;
pub use lead_time::LeadTime;
pub use product::Product;
pub use record::TelemetryRecord;
pub use seed::Seed;
pub use simulation::Simulation;
pub use spec::GenerationSpec;
pub use timestamp::Timestamp;
