#!/usr/bin/env bash
# The first run as a newcomer meets it (BENCHMARKS.md, part 7): a fresh clone, an empty
# CARGO_HOME (every tool and crate downloaded and built again), an empty target/. Prints how
# long `./scripts/run.sh` takes until the control panel answers, the same for a second run,
# and the CLI-only install (`cargo install --path relay --locked`, again from an empty
# CARGO_HOME). With --without-wasm-target it first removes the Wasm target (run.sh adds it).
#   scripts/bench/first_run.sh [--without-wasm-target]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/reefer-first-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(rustc --version)"

if [[ "${1:-}" == "--without-wasm-target" ]]; then
  rustup target remove wasm32-unknown-unknown >/dev/null 2>&1 || true
fi
git clone -q "$repo" "$work/clone"
cd "$work/clone"

# Runs ./scripts/run.sh until the panel answers at /; prints the seconds it took.
until_panel() {
  local log=$1 started=$SECONDS url=""
  CARGO_HOME="$work/cargo-home" PATH="$work/cargo-home/bin:$PATH" \
    ./scripts/run.sh --port 0 >"$log.out" 2>"$log.err" &
  local pid=$!
  while [[ -z "$url" ]]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log.err" >&2; return 1; }
    sleep 0.2
    url=$(sed -n 's/^reefer relay listening on //p' "$log.out")
  done
  curl -fsS "$url/" | grep -q '<html' || { echo "the panel did not answer at $url" >&2; return 1; }
  echo "$((SECONDS - started)) s"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "first run (empty CARGO_HOME, empty target/): $(until_panel "$work/first")"
grep -E 'installed in|run:' "$work/first.err" | sed 's/\x1b\[[0-9;]*m//g'
echo "second run (nothing changed):                 $(until_panel "$work/second")"

started=$SECONDS
CARGO_HOME="$work/cli-home" cargo install --path relay --locked --root "$work/cli" --quiet
echo "CLI only (cargo install --path relay --locked, empty CARGO_HOME): $((SECONDS - started)) s"
"$work/cli/bin/reefer" --version
