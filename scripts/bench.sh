#!/usr/bin/env bash
# Runs the benchmarks of BENCHMARKS.md in one go, on this machine:
#   1. criterion: generate -> CSV / JSON lines into memory, per simulation (one core);
#   2. the real binary: `reefer generate --records 10000000 --file /dev/null`, time and peak RSS;
#   3. the original simulator's style (numpy + pandas), 1 M rows, time and peak RSS;
#   4. the relay: HTTP batches to broker-acked vs a direct producer vs the original's
#      one-record-at-a-time, and /control latency under 50 clients (wrk), on Tansu;
#   5. the control panel in headless Chromium: a 1 M-row CSV download, Wasm generation speed,
#      main-thread long tasks, .wasm size (tests/e2e/bench.sh);
#   6. streaming: 10 000 containers at 1 event/s for 60 s through the relay to Tansu (CPU, RSS),
#      and the highest sustained rate.
# Usage: scripts/bench.sh [--quick]   (--quick runs parts 1 and 2 only)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "rustc: $(rustc --version)"

echo; echo "== 1. criterion (shared/benches/generate.rs)"
cargo bench -p reefer-shared --bench generate 2>&1 |
  awk '/^generate/ { name = $1 } /thrpt:/ && /Melem\/s/ { printf "%-26s %s M rows/s (median)\n", name, $4 }'

echo; echo "== 2. reefer generate --records 10000000 --file /dev/null"
cargo build --release -p reefer-relay --locked 2>/dev/null
for sim in normal poweroff co2sensor o2sensor; do
  /usr/bin/time -f "%e %U %M" -o /tmp/reefer-bench-time \
    target/release/reefer generate -q --stype "$sim" --records 10000000 --seed 1 \
    --start "2026-01-01 00:00:00" --file /dev/null
  read -r wall user rss </tmp/reefer-bench-time
  awk -v s="$sim" -v w="$wall" -v u="$user" -v r="$rss" \
    'BEGIN { printf "%-10s %6.2f s wall  %8.0f rows/s  peak RSS %5.1f MiB\n", s, w, 10000000 / w, r / 1024 }'
done
bytes_csv=$(target/release/reefer generate -q --records 100000 --seed 1 --start "2026-01-01 00:00:00" -f - | wc -c)
bytes_jsonl=$(target/release/reefer generate -q --format jsonl --records 100000 --seed 1 --start "2026-01-01 00:00:00" -f - | wc -c)
echo "bytes per row: csv $((bytes_csv / 100000)), jsonl $((bytes_jsonl / 100000))"

if [[ "${1:-}" == "--quick" ]]; then exit 0; fi
echo; echo "== 3. original simulator's style (numpy + pandas), 1 000 000 rows"
venv=target/bench-venv
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy pandas
fi
echo "numpy $("$venv/bin/python" -c 'import numpy; print(numpy.__version__)'), pandas $("$venv/bin/python" -c 'import pandas; print(pandas.__version__)')"
for sim in normal poweroff co2sensor o2sensor; do
  /usr/bin/time -f "%e %U %S %M" -o /tmp/reefer-bench-time \
    "$venv/bin/python" scripts/bench/original_style.py "$sim" 1000000 /dev/null
  read -r wall user sys rss </tmp/reefer-bench-time
  awk -v s="$sim" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" \
    'BEGIN { printf "%-10s %6.2f s wall  %8.0f rows per CPU-second  peak RSS %5.0f MiB\n", s, w, 1000000 / (u + y), r / 1024 }'
done

echo; echo "== 4. relay throughput and /control latency (relay/benches/relay_throughput.rs)"
./scripts/setup.sh >/dev/null
command -v wrk >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y -qq wrk >/dev/null
cargo bench -p reefer-relay --bench relay_throughput 2>/dev/null

echo; echo "== 5. the control panel in headless Chromium (tests/e2e/bench.sh)"
tests/e2e/bench.sh
echo "-- the generator in Wasm, warm, in headless Chromium (shared/tests/wasm_speed.rs; compare with part 1)"
command -v chromedriver >/dev/null || apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium-driver >/dev/null
CHROMEDRIVER=$(command -v chromedriver) cargo test -p reefer-shared --release --locked \
  --target wasm32-unknown-unknown --test wasm_speed -- --include-ignored --nocapture 2>&1 | grep 'M rows/s'

echo; echo "== 6. streaming through the relay, sustained (relay/benches/stream_sustained.rs)"
cargo bench -p reefer-relay --bench stream_sustained 2>/dev/null
