#!/usr/bin/env bash
# Control panel benchmarks in headless Chromium (docs/benchmarks-history.md, part 5): builds dist/ as run.sh
# does, serves it with the real relay (embedded broker: nothing is sent) and runs bench.js.
# Also prints the size of the .wasm, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROFILE=release # the benchmarks measure the optimised relay
source tests/e2e/lib.sh
build_all

for wasm in dist/*.wasm; do
  printf '%s: %d KiB, gzip -9 %d KiB\n' "$(basename "$wasm")" \
    $(($(stat -c %s "$wasm") / 1024)) $(($(gzip -9c "$wasm" | wc -c) / 1024))
done

start_relay
RELAY_URL="$RELAY_URL" node tests/e2e/bench.js
