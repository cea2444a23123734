#!/usr/bin/env bash
# Sets up and runs the main job: the relay (`reefer serve`) serving the browser control panel
# and the API, on the embedded Kafka-protocol broker unless KAFKA_BROKERS points at a real
# cluster. Flags are passed on, e.g. `./scripts/run.sh --port 9000`; PORT, KAFKA_* etc. are read
# from the environment (see `reefer serve --help`).
#
# It installs only what the control panel's build needs (scripts/setup.sh run) — nothing that
# only the tests use. `./scripts/run.sh --dry-run` prints the plan and does nothing.
# Times are measured on a fresh 2-core machine (docs/benchmarks-history.md, part 7).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mrun:\033[0m %s\n' "$*" >&2; }

# The control panel is rebuilt only when a file it is built from is newer than dist/.
panel_is_current() {
  [[ -f dist/index.html ]] &&
    [[ -z $(find app shared/src shared/Cargo.toml index.html Trunk.toml Cargo.toml Cargo.lock \
      -newer dist/index.html -print -quit) ]]
}

if [[ "${1:-}" == "--dry-run" ]]; then
  ./scripts/setup.sh --dry-run run
  if panel_is_current; then echo "build control-panel  current"; else echo "build control-panel  trunk build --release (about 3 min the first time)"; fi
  echo "build relay          cargo build --profile demo (about 4 min the first time, a second after)"
  echo "serve                target/demo/reefer serve --dist dist"
  exit 0
fi

started=$SECONDS
# The crates of the panel and the relay download while the tools compile: the downloads wait on
# the network, the installs on the CPU (a failed fetch shows again in the build below).
cargo fetch --locked >/dev/null 2>&1 &
fetch=$!
./scripts/setup.sh run
wait "$fetch" || true

if panel_is_current; then
  say "the control panel in dist/ is up to date"
else
  say "building the control panel (trunk build --release: about 3 min the first time, seconds after)"
  # --offline: Trunk uses the wasm-bindgen-cli installed above instead of downloading one.
  step_started=$SECONDS
  trunk build --release --offline
  say "control panel built in $((SECONDS - step_started)) s"
fi
say "building the relay (cargo build --profile demo: about 4 min the first time, a second after)"
step_started=$SECONDS
cargo build --profile demo --locked -p reefer-relay
say "relay built in $((SECONDS - step_started)) s"
say "ready in $((SECONDS - started)) s; starting the relay: open the URL it prints (Ctrl-C stops it)"
exec ./target/demo/reefer serve --dist dist "$@"
