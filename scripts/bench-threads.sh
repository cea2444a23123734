#!/usr/bin/env bash
# `reefer generate --threads N` against one thread: alternating whole-process runs to /dev/null
# (docs/benchmarks-history.md, part 15). Usage: scripts/bench-threads.sh [ROUNDS]  (after cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
reefer=target/release/reefer
rounds=${1:-5}
run() { # label, args...
  local label=$1; shift
  /usr/bin/time -f "$label %e s %M KB" "$reefer" generate --seed 1 --start '2026-01-01 00:00:00' \
    --file /dev/null -q "$@"
}
for round in $(seq "$rounds"); do
  for t in 1 2 3 4; do run "csv r$round t$t" --records 10000000 --threads "$t"; done
done
for round in 1 2 3; do
  for t in 1 2; do
    run "jsonl r$round t$t" --records 5000000 --format jsonl --threads "$t"
    run "rcm r$round t$t" --records 5000000 --stype compressorwear --profile rcm --ground-truth --threads "$t"
  done
done
