#!/usr/bin/env bash
# What each first-run step costs, and what a cheaper way of doing it saves and loses
# (docs/benchmarks-history.md, part 7), measured one by one on this machine:
#   1. Trunk and wasm-bindgen-cli installed with --debug, then as scripts/setup.sh does (the
#      first also downloads the crates, so its figure is the pessimistic one), and the time of
#      a warm `trunk build --release` with each pair (their own speed);
#   2. the relay built cold with the release and the demo profiles;
#   3. the two relays' speed: `reefer generate` of 10 M rows to /dev/null (alternating runs),
#      and the relay benchmark (relay_throughput) with each binary.
#   scripts/bench/build_costs.sh [tools|relay|speed]...   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/reefer-build-costs.XXXXXX)
trap 'rm -rf "$work"' EXIT
parts=${*:-tools relay speed}
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $(rustc --version)"

timed() { local started=$SECONDS; "$@" >/dev/null 2>&1; echo "$((SECONDS - started)) s"; }
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

if [[ $parts == *tools* ]]; then
  for how in debug setup; do
    root="$work/tools-$how"
    if [[ $how == setup ]]; then
      t=$(CARGO_TARGET_DIR="$work/build-trunk-$how" CARGO_PROFILE_RELEASE_LTO=false \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 timed cargo install trunk --locked --version 0.21.14 --root "$root")
      w=$(CARGO_TARGET_DIR="$work/build-wbg-$how" timed cargo install wasm-bindgen-cli --version "$wbg" --root "$root")
    else
      t=$(CARGO_TARGET_DIR="$work/build-trunk-$how" timed cargo install trunk --locked --version 0.21.14 --debug --root "$root")
      w=$(CARGO_TARGET_DIR="$work/build-wbg-$how" timed cargo install wasm-bindgen-cli --version "$wbg" --debug --root "$root")
    fi
    echo "install ($how): trunk $t, wasm-bindgen-cli $w"
  done
  # Their own speed: a warm control-panel build (the app already compiled) with each pair.
  PATH="$work/tools-setup/bin:$PATH" trunk build --release --offline >/dev/null 2>&1
  for round in 1 2 3; do
    for how in setup debug; do
      touch app/src/main.rs
      echo "round $round, warm trunk build --release with the $how tools: $(PATH="$work/tools-$how/bin:$PATH" timed trunk build --release --offline)"
    done
  done
fi

if [[ $parts == *relay* ]]; then
  cargo fetch --locked >/dev/null
  for profile in release demo; do
    echo "relay, cold, --profile $profile: $(CARGO_TARGET_DIR="$work/relay-$profile" timed cargo build --locked -p reefer-relay --profile "$profile")"
  done
fi

if [[ $parts == *speed* ]]; then
  cargo build --locked -p reefer-relay --release --quiet
  cargo build --locked -p reefer-relay --profile demo --quiet
  for round in 1 2 3; do
    for profile in release demo; do
      /usr/bin/time -f "%e" -o "$work/time" target/$profile/reefer generate -q --stype co2sensor \
        --records 10000000 --seed 1 --start "2026-01-01 00:00:00" --file /dev/null
      echo "round $round, $profile: reefer generate 10 M rows: $(cat "$work/time") s"
    done
  done
  for profile in release demo; do
    echo "relay_throughput with the $profile relay:"
    REEFER_BIN="$PWD/target/$profile/reefer" cargo bench -p reefer-relay --bench relay_throughput 2>/dev/null
  done
fi
