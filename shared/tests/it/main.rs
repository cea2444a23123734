//! The integration tests of `reefer-shared`, in one binary: one module per area, the helpers in
//! [`common`]. Native only; the WebAssembly checks are `tests/wasm_golden.rs` (in Node.js) and
//! `tests/wasm_speed.rs` (a benchmark in Chromium), each its own binary because
//! wasm-bindgen-test chooses the runtime once per binary.
//!
//! Run one area with `cargo test -p reefer-shared --test it golden::`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

mod alarms;
mod catalogue;
mod encoding_formats;
mod fault_rules;
mod golden;
mod interval;
mod physics;
mod properties;
mod routes;
mod scenarios;
mod statistics;
mod wear;
