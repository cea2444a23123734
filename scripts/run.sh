#!/usr/bin/env bash
# Sets up and runs the main job. Today that is `reefer generate` (arguments are passed on,
# e.g. `./scripts/run.sh --stype co2sensor --records 5000`); with the relay it becomes the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
cargo build --release --locked -p reefer-relay
exec ./target/release/reefer generate "$@"
