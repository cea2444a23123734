//! The relay's integration tests, in one binary (as rust-analyzer and cargo keep theirs): each
//! extra test binary would link the whole relay, librdkafka and the MongoDB driver again.
//! One module per area; the real parts they run against (the Tansu broker, the `reefer`
//! binary, the TLS front, the Python and Java consumers) come from `reefer-test-support`.
//!
//! Run one area with `cargo test -p reefer-relay --test it cli_generate::`.

// The real binary from the command line.
mod cli_dataset;
mod cli_generate;
mod cli_mongo;
mod cli_parquet;
mod cli_products;
mod cli_reference;
mod cli_score;
mod cli_shards;
mod cli_stream;
mod cli_threads;
mod run_plan;

// The relay server over real HTTP, on the embedded broker or the real test broker.
mod hostile_input;
mod relay_board;
mod relay_hosted;
mod relay_http;
mod relay_kafka;
mod relay_replicas;
mod relay_sasl;
mod relay_score;
mod relay_stream;
mod relay_tls;

// The original solution's consumers, the deployment files and the code's layering.
mod deploy_manifests;
mod import_cycles;
mod legacy_consumers;
