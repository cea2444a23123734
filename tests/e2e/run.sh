#!/usr/bin/env bash
# Browser end-to-end tests: builds the control panel, starts a real broker (Tansu) and the real
# relay on 127.0.0.1, and drives headless Chromium through control-panel.test.js.
# Needs what scripts/setup.sh installs (Trunk, Chromium, Tansu, wasm-bindgen-cli).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d)
cleanup() {
  [[ -n "${RELAY_PID:-}" ]] && kill -TERM "$RELAY_PID" 2>/dev/null || true
  [[ -n "${BROKER_PID:-}" ]] && kill "$BROKER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

trunk build --release --offline >"$WORK/trunk.log" 2>&1 || { cat "$WORK/trunk.log"; exit 1; }
cargo build --release --locked -p reefer-relay --quiet
(cd tests/e2e && npm ci --no-audit --no-fund --silent)

TANSU="$HOME/.cache/tansu-0.6.0/bin/tansu"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$WORK" && exec "$TANSU" broker --listener-url "tcp://127.0.0.1:$PORT" \
  --advertised-listener-url "tcp://127.0.0.1:$PORT" --storage-engine memory://tansu/ \
  >"$WORK/broker.log" 2>&1) &
BROKER_PID=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
(cd "$WORK" && "$TANSU" topic create e2e-telemetry --broker "tcp://127.0.0.1:$PORT" --partitions 3 >/dev/null)

KAFKA_BROKERS="127.0.0.1:$PORT" TELEMETRY_TOPIC=e2e-telemetry \
  "$ROOT/target/release/reefer" serve --port 0 --dist "$ROOT/dist" >"$WORK/relay.out" 2>"$WORK/relay.err" &
RELAY_PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/relay.out" 2>/dev/null && break; sleep 0.1; done
RELAY_URL=$(sed -n 's/^reefer relay listening on //p' "$WORK/relay.out")
[[ -n "$RELAY_URL" ]] || { cat "$WORK/relay.err"; exit 1; }

RELAY_URL="$RELAY_URL" REEFER="$ROOT/target/release/reefer" node tests/e2e/control-panel.test.js
