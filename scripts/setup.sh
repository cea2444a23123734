#!/usr/bin/env bash
# Installs what building and testing the project needs, skipping whatever is already there.
# Safe to run again: every step checks its version first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

# Rust components and the WebAssembly target (rustup fetches them from the Rust registry).
installed_components=$(rustup component list --installed 2>/dev/null || true)
for component in rustfmt clippy; do
  if ! grep -q "^${component}" <<<"$installed_components"; then
    log "adding rustup component $component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
wanted_wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -n "$wanted_wbg" ]] && ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wanted_wbg"; then
  log "installing wasm-bindgen-cli $wanted_wbg (about 8 minutes, once)"
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wanted_wbg" --force
fi

# Node.js runs the Wasm tests (wasm-bindgen-test-runner).
if ! command -v node >/dev/null; then
  log "installing Node.js"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq nodejs
fi
log "ready"
