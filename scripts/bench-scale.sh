#!/usr/bin/env bash
# The scale figures of docs/benchmarks-history.md, part 16, alternating whole-process runs (after
# `cargo build --release`): Parquet and `reefer dataset` with 1 and 2 threads, what a row shard
# costs (the replayed prefix), and a fleet stream's events/s per core to stdout.
# Usage: scripts/bench-scale.sh [ROUNDS]   The relay's ratio: cargo bench -p reefer-relay
# --bench relay_throughput. Kafka streaming: see part 16 (needs a broker).
set -euo pipefail
cd "$(dirname "$0")/.."
reefer=$PWD/target/release/reefer
rounds=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timed() { # label, args...
  local label=$1; shift
  /usr/bin/time -f "$label %e s %U user %M KB" "$reefer" "$@"
}
fixed=(--seed 1 --start '2026-01-01 00:00:00' -q)
for round in $(seq "$rounds"); do
  for t in 1 2; do
    timed "parquet-standard r$round t$t" generate "${fixed[@]}" --records 5000000 \
      --format parquet --file /dev/null --threads "$t"
    timed "parquet-rcm r$round t$t" generate "${fixed[@]}" --records 5000000 --format parquet \
      --stype compressorwear --profile rcm --file /dev/null --threads "$t"
    rm -rf "$work/d"
    timed "dataset-100x180 r$round t$t" dataset --units 100 --days 180 --seed 1 -q \
      --threads "$t" --out "$work/d"
  done
done
for round in $(seq "$rounds"); do
  for k in 0 1 2; do
    timed "shard r$round $k/3" generate "${fixed[@]}" --records 9000000 --file /dev/null \
      --threads 1 --shard "$k/3"
  done
  timed "shard r$round whole" generate "${fixed[@]}" --records 9000000 --file /dev/null --threads 1
done
for round in $(seq "$rounds"); do
  timed "stream-stdout r$round" stream --containers 100000 --clock simulated --rate 10000000 \
    --records 5000000 "${fixed[@]}" > /dev/null
done
