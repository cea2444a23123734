#!/usr/bin/env bash
# Sets up and runs every check and test: the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

# A fresh clone gains nothing from incremental builds, and they would add a gigabyte of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

step "setup"
./scripts/setup.sh

step "format"
cargo fmt --all --check

step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --locked --quiet

step "shared builds for the browser (wasm32-unknown-unknown)"
cargo build -p reefer-shared --target wasm32-unknown-unknown --release --locked
cargo clippy -p reefer-shared --target wasm32-unknown-unknown --lib --tests --locked -- -D warnings

step "the control panel compiles for the browser"
cargo clippy -p reefer-app --target wasm32-unknown-unknown --locked -- -D warnings

step "tests (native)"
cargo test --workspace --locked

step "tests (Wasm: the browser build gives the golden bytes)"
cargo test -p reefer-shared --target wasm32-unknown-unknown --test wasm_golden --locked

step "browser end-to-end tests (headless Chromium, real relay and broker)"
./tests/e2e/run.sh

step "all checks passed"
echo "disk used by the build: $(du -sh target 2>/dev/null | cut -f1)" >&2
