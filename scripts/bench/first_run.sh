#!/usr/bin/env bash
# The first run as a newcomer meets it (docs/benchmarks-history.md, part 7): a fresh clone, an empty
# CARGO_HOME (every tool and crate downloaded and built again; tools already installed in
# ~/.cargo/bin are hidden from PATH, only the Rust toolchain stays), an empty target/. Prints
# how long `./scripts/run.sh` takes until the control panel answers, the same for a second run,
# and the CLI-only install (`cargo install --path relay --locked`, from another fresh clone and
# an empty CARGO_HOME). With --without-wasm-target it first removes the Wasm target (run.sh
# adds it back); with --no-cli it skips the CLI-only install.
#   scripts/bench/first_run.sh [--without-wasm-target] [--no-cli]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/reefer-first-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(rustc --version)"

# The toolchain only: rustup's proxies, without whatever else ~/.cargo/bin holds.
mkdir -p "$work/rust-bin"
for tool in cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  [[ -e "$HOME/.cargo/bin/$tool" ]] && ln -s "$HOME/.cargo/bin/$tool" "$work/rust-bin/$tool"
done
bare_path=$(tr ':' '\n' <<<"$PATH" | grep -vx "$HOME/.cargo/bin" | paste -sd:)
fresh() { # fresh CARGO_HOME -- command...
  local home=$1
  shift
  mkdir -p "$home/bin"
  CARGO_HOME="$home" PATH="$home/bin:$work/rust-bin:$bare_path" "$@"
}
if fresh "$work/probe" command -v trunk wasm-bindgen >/dev/null; then
  echo "trunk or wasm-bindgen is still on PATH outside ~/.cargo/bin; the run would not be fresh" >&2
  exit 1
fi

if [[ " $* " == *" --without-wasm-target "* ]]; then
  rustup target remove wasm32-unknown-unknown >/dev/null 2>&1 || true
fi
git clone -q "$repo" "$work/clone"
cd "$work/clone"

# Runs ./scripts/run.sh until the panel answers at /; prints the seconds it took.
until_panel() {
  local log=$1 started=$SECONDS url=""
  fresh "$work/cargo-home" ./scripts/run.sh --port 0 >"$log.out" 2>"$log.err" &
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
sed 's/\x1b\[[0-9;]*m//g' "$work/first.err" | grep -E '^(setup|run):'
echo "second run (nothing changed):                 $(until_panel "$work/second")"

[[ " $* " == *" --no-cli "* ]] && exit 0
git clone -q "$repo" "$work/cli-clone"
cd "$work/cli-clone"
started=$SECONDS
fresh "$work/cli-home" cargo install --path relay --locked --root "$work/cli" --quiet
echo "CLI only (cargo install --path relay --locked, empty CARGO_HOME, fresh clone): $((SECONDS - started)) s"
"$work/cli/bin/reefer" --version
