#!/usr/bin/env bash
# Sets up and runs the main job: the relay (`reefer serve`) serving the browser control panel
# and the API, on the embedded Kafka-protocol broker unless KAFKA_BROKERS points at a real
# cluster. Flags are passed on, e.g. `./scripts/run.sh --port 9000`; PORT, KAFKA_* etc. are read
# from the environment (see `reefer serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null

# setup.sh installed Trunk; --offline: Trunk uses the wasm-bindgen-cli that setup.sh installed instead of downloading.
trunk build --release --offline
cargo build --release --locked -p reefer-relay
echo "Starting the relay; open the URL it prints (Ctrl-C stops it)." >&2
exec ./target/release/reefer serve --dist dist "$@"
