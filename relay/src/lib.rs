//! The `reefer` command-line tool and the relay server, as a library: the binary
//! (`src/main.rs`) only parses the command line and calls [`cli`]; the tests and benchmarks
//! build the relay's router in process with [`server::router`].
//!
//! - [`cli`]: the subcommands `generate`, `stream`, `serve`, `health` and `topics`, their flags
//!   and help.
//! - [`server`]: the relay (`reefer serve`): routes, middleware, jobs, start-up and shutdown.
//! - [`stream`]: the paced streaming engine shared by `reefer stream` and streaming jobs.
//! - [`kafka`], [`mongo`], [`output`]: where records go.
//! - [`contract`]: the published JSON Schemas of the events and the batch body.
//!
//! What a request may contain, and every rule of the simulation, live in `reefer-shared`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod contract;
pub mod dataset;
#[cfg(test)]
mod deploy_manifests;
pub mod error;
pub mod kafka;
pub mod logging;
pub mod mongo;
pub mod output;
pub mod parallel;
pub mod parquet;
pub mod progress;
pub mod score;
pub mod server;
pub mod signal;
pub mod stream;
