#!/usr/bin/env bash
# Browser end-to-end tests: builds the control panel, starts a real broker (Tansu) and the real
# relay on 127.0.0.1, and drives headless Chromium through control-panel.test.js.
# Needs what scripts/setup.sh installs (Trunk, Chromium, Tansu, wasm-bindgen-cli).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/e2e/lib.sh
build_all

TANSU="$HOME/.cache/tansu-0.6.0/bin/tansu"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$WORK" && exec "$TANSU" broker --listener-url "tcp://127.0.0.1:$PORT" \
  --advertised-listener-url "tcp://127.0.0.1:$PORT" --storage-engine memory://tansu/ \
  >"$WORK/broker.log" 2>&1) &
BROKER_PID=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
(cd "$WORK" && "$TANSU" topic create e2e-telemetry --broker "tcp://127.0.0.1:$PORT" --partitions 3 >/dev/null)
(cd "$WORK" && "$TANSU" topic create e2e-legacy --broker "tcp://127.0.0.1:$PORT" --partitions 1 >/dev/null)
(cd "$WORK" && "$TANSU" topic create e2e-containers --broker "tcp://127.0.0.1:$PORT" --partitions 1 >/dev/null)

# The control panel also as a static site on another origin, finding the relay through
# config.json; the relay's CORS allow-list admits that origin.
STATIC_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
STATIC_URL="http://127.0.0.1:$STATIC_PORT"
# It runs the reference scorer (--score), which flags into e2e-containers.
KAFKA_BROKERS="127.0.0.1:$PORT" TELEMETRY_TOPIC=e2e-telemetry REEFER_CORS_ORIGINS="$STATIC_URL" \
  CONTAINER_TOPIC=e2e-containers REEFER_SCORE=true start_relay
# A relay that sends the original simulator's events (the drop-in), for the live view.
KAFKA_BROKERS="127.0.0.1:$PORT" TELEMETRY_TOPIC=e2e-legacy TELEMETRY_PAYLOAD_FORMAT=legacy \
  start_relay LEGACY_RELAY
# A relay that requires a bearer token (a test value, not a credential), for the panel's prompt.
TOKEN_RELAY_TOKEN=e2e-panel-token-0123456789
KAFKA_BROKERS="127.0.0.1:$PORT" TELEMETRY_TOPIC=e2e-telemetry REEFER_API_TOKEN="$TOKEN_RELAY_TOKEN" \
  start_relay TOKEN_RELAY
cp -r dist "$WORK/static"
printf '{"relay_url": "%s"}\n' "$RELAY_URL" >"$WORK/static/config.json"
python3 -m http.server "$STATIC_PORT" --bind 127.0.0.1 --directory "$WORK/static" >"$WORK/static.log" 2>&1 &
STATIC_PID=$!
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$STATIC_PORT") 2>/dev/null && break; sleep 0.1; done

RELAY_URL="$RELAY_URL" STATIC_URL="$STATIC_URL" LEGACY_RELAY_URL="$LEGACY_RELAY_URL" \
  TOKEN_RELAY_URL="$TOKEN_RELAY_URL" TOKEN_RELAY_TOKEN="$TOKEN_RELAY_TOKEN" \
  REEFER="$REEFER" \
  node tests/e2e/control-panel.test.js

# REEFER_UPDATE_PICTURES=1: the README's pictures become this run's screenshots.
if [ "${REEFER_UPDATE_PICTURES:-}" = 1 ]; then
  SHOTS=tests/e2e/screenshots
  cp "$SHOTS/control-panel-1440.png" docs/control-panel.png
  cp "$SHOTS/chart-powerfailure.png" docs/chart.png
  cp "$SHOTS/board.png" docs/board.png
  cp "$SHOTS/maintenance.png" docs/maintenance.png
  cp "$SHOTS/stream.png" docs/streaming.png
  echo "README pictures updated from $SHOTS"
fi
