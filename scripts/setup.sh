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

# The test broker: Tansu, an Apache Kafka-compatible broker from crates.io (no Java, no Docker
# here). An unoptimised build is enough for tests and takes ~5 minutes once; `dynostore` gives
# the memory engine, `libsql` the sqlite engine that SASL SCRAM needs.
TANSU_ROOT="$HOME/.cache/tansu-0.6.0"
if ! "$TANSU_ROOT/bin/tansu" --version 2>/dev/null | grep -qx "tansu 0.6.0"; then
  log "installing the test broker Tansu 0.6.0 (about 5 minutes, once)"
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$HOME/.cache/tansu-build" \
    cargo install tansu --version 0.6.0 --locked --debug --no-default-features \
    --features dynostore,libsql --root "$TANSU_ROOT"
fi

# Trunk builds the control panel (app/) into dist/. 0.22 needs a newer rustc than this
# machine's; its release profile's fat LTO is not needed for a build tool (~8 minutes once).
if ! trunk --version 2>/dev/null | grep -qx "trunk 0.21.14"; then
  log "installing Trunk 0.21.14 (about 8 minutes, once)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --locked --version 0.21.14
fi

# Debian's Chromium for the browser tests (driven by playwright-core; never a downloaded browser).
if [[ ! -x /usr/bin/chromium ]]; then
  log "installing Chromium"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
fi

# The MongoDB tests talk to a wire-protocol peer: Debian's python3-mockupdb, under Debian's own
# Python (/usr/bin/python3), and make TLS certificates with the openssl tool.
if ! /usr/bin/python3 -c 'import mockupdb' 2>/dev/null || ! command -v openssl >/dev/null; then
  log "installing python3-mockupdb and openssl"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-mockupdb openssl >/dev/null
fi

# The drop-in tests parse legacy events the way the original Java scorer does, with javac/java.
if ! command -v javac >/dev/null; then
  log "installing a Java compiler (Debian's openjdk-17-jdk-headless) for the drop-in tests"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq openjdk-17-jdk-headless >/dev/null
fi

# Node.js runs the Wasm tests (wasm-bindgen-test-runner).
if ! command -v node >/dev/null; then
  log "installing Node.js"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq nodejs
fi
log "ready"
