//! The `reefer` command-line tool and the relay server, as a library: the binary
//! (`src/main.rs`) only parses the command line and calls [`cli`]; the tests and benchmarks
//! start the relay in process with [`server::startup::InProcessRelay`] or build its router with
//! [`server::router`].
//!
//! Every module, from the edge inwards:
//! - [`cli`]: the subcommands `generate`, `dataset`, `stream`, `serve`, `health`, `topics` and
//!   `score`, their flags and help; flags become typed settings here.
//! - [`server`]: the relay (`reefer serve`): start-up ([`server::startup`]), the public and
//!   protected routers, middleware, jobs, replicas and shutdown.
//! - [`stream`]: the paced streaming engine shared by `reefer stream` and streaming jobs.
//! - [`dataset`]: `reefer dataset`'s tables, split, datasheet and baselines.
//! - [`score`]: the reference scorer (telemetry in, maintenance events out).
//! - [`parallel`]: generation on every core, the same bytes as one.
//! - [`kafka`], [`mongo`], [`parquet`], [`output`]: where records go, and their settings.
//! - [`contract`]: the published JSON Schemas of the events and the batch body.
//! - [`error`], [`secret`], [`clock`], [`logging`], [`progress`], [`signal`]: the CLI's error
//!   type, values never shown, the wall clock, logs, the progress bar, SIGINT/SIGTERM.
//!
//! What a request may contain, and every rule of the simulation, live in `reefer-shared`.

pub mod cli;
pub mod clock;
pub mod contract;
pub mod dataset;
pub mod error;
pub mod kafka;
pub mod logging;
pub mod mongo;
pub mod output;
pub mod parallel;
pub mod parquet;
pub mod progress;
pub mod score;
pub mod secret;
pub mod server;
pub mod signal;
pub mod stream;
