# Shared by run.sh and bench.sh (sourced, from the repository root): build the control panel
# and the relay, and start the relay serving dist/ on a free 127.0.0.1 port.
# Sets WORK (a temporary directory, removed on exit), RELAY_PID and RELAY_URL, and REEFER (the
# relay binary). REEFER_E2E_BIN names a relay binary already built (scripts/test.sh passes the
# one its native tests built); otherwise PROFILE chooses the relay's cargo profile: demo (quick
# to build, as scripts/run.sh builds it) unless the caller sets release (the benchmarks).
# Needs what scripts/setup.sh installs (Trunk, Chromium, wasm-bindgen-cli).

ROOT=$PWD
PROFILE=${PROFILE:-demo}
REEFER=${REEFER_E2E_BIN:-"$ROOT/target/$PROFILE/reefer"}
WORK=$(mktemp -d)
cleanup() {
  [[ -n "${RELAY_PID:-}" ]] && kill -TERM "$RELAY_PID" 2>/dev/null || true
  [[ -n "${LEGACY_RELAY_PID:-}" ]] && kill -TERM "$LEGACY_RELAY_PID" 2>/dev/null || true
  [[ -n "${TOKEN_RELAY_PID:-}" ]] && kill -TERM "$TOKEN_RELAY_PID" 2>/dev/null || true
  [[ -n "${BROKER_PID:-}" ]] && kill "$BROKER_PID" 2>/dev/null || true
  [[ -n "${STATIC_PID:-}" ]] && kill "$STATIC_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Builds dist/ (release, offline), the relay ($PROFILE) and the test's node_modules.
build_all() {
  trunk build --release --offline >"$WORK/trunk.log" 2>&1 || { cat "$WORK/trunk.log"; return 1; }
  if [[ -n ${REEFER_E2E_BIN:-} ]]; then
    [[ -x $REEFER_E2E_BIN ]] || { echo "$REEFER_E2E_BIN is missing: build the relay first" >&2; return 1; }
  else
    cargo build --profile "$PROFILE" --locked -p reefer-relay --quiet
  fi
  (cd tests/e2e && npm ci --no-audit --no-fund --silent)
}

# Starts `reefer serve --port 0 --dist dist` with the caller's environment and waits for its URL.
# With an argument NAME, its logs are NAME.out/.err and it sets NAME_PID and NAME_URL instead
# (e.g. `start_relay LEGACY_RELAY`).
start_relay() {
  local name=${1:-RELAY} url
  "$REEFER" serve --port 0 --dist "$ROOT/dist" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  printf -v "${name}_PID" '%s' $!
  for _ in $(seq 100); do grep -q listening "$WORK/$name.out" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/^reefer relay listening on //p' "$WORK/$name.out")
  [[ -n "$url" ]] || { cat "$WORK/$name.err"; return 1; }
  printf -v "${name}_URL" '%s' "$url"
}
