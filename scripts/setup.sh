#!/usr/bin/env bash
# Installs what the project needs, skipping whatever is already there (every step checks its
# version first, so a second run does nothing).
#
#   scripts/setup.sh            everything the tests need (scripts/test.sh, CI)
#   scripts/setup.sh run        only what the main job needs (scripts/run.sh): the Wasm target,
#                               wasm-bindgen-cli and Trunk; nothing that only tests use
#   scripts/setup.sh --dry-run [run]
#                               prints the plan, one line per step: "step NAME present" or
#                               "step NAME install (about N min)"; installs nothing
#
# The times are measured on a fresh 2-core machine (docs/benchmarks-history.md, part 7).
set -euo pipefail
cd "$(dirname "$0")/.."

plan=0
set_name=test
for arg in "$@"; do
  case $arg in
    --dry-run) plan=1 ;;
    run | test) set_name=$arg ;;
    *) echo "usage: scripts/setup.sh [--dry-run] [run|test]" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
# Debian packages, without asking (the machine's registries only).
apt_install() {
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# step NAME ABOUT: installs NAME with install_NAME unless have_NAME says it is there; ABOUT is
# how long the install takes, said before it starts. With --dry-run it only says which.
step() {
  local name=$1 about=$2
  if "have_$name"; then
    ((plan)) && printf 'step %-16s present\n' "$name"
    return 0
  fi
  if ((plan)); then
    printf 'step %-16s install (%s)\n' "$name" "$about"
    return 0
  fi
  log "installing $name ($about, once)"
  local started=$SECONDS
  "install_$name"
  log "$name installed in $((SECONDS - started)) s"
}

# Rust components for the checks (rustup fetches them from the Rust registry).
have_components() {
  local installed
  installed=$(rustup component list --installed 2>/dev/null || true)
  grep -q '^rustfmt' <<<"$installed" && grep -q '^clippy' <<<"$installed"
}
install_components() { rustup component add rustfmt clippy; }

# The WebAssembly target, for the control panel.
have_wasm_target() { rustup target list --installed | grep -qx wasm32-unknown-unknown; }
install_wasm_target() { rustup target add wasm32-unknown-unknown; }

# The build tools are installed unoptimised (--debug, no debug info): they only orchestrate the
# build, and installing them takes 200 s instead of 425 s for about 2 s more per control-panel
# build (measured: docs/benchmarks-history.md, part 7).
# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly. Not --locked: its
# lock file names a crate version the registry no longer has.
wanted_wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have_wasm_bindgen() { wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wanted_wbg"; }
install_wasm_bindgen() {
  CARGO_PROFILE_DEV_DEBUG=0 cargo install wasm-bindgen-cli --version "$wanted_wbg" --force --debug
}

# Trunk builds the control panel (app/) into dist/. 0.22 needs a newer rustc than this machine's.
have_trunk() { trunk --version 2>/dev/null | grep -qx "trunk 0.21.14"; }
install_trunk() { CARGO_PROFILE_DEV_DEBUG=0 cargo install trunk --locked --version 0.21.14 --debug; }

# The test broker: Tansu, an Apache Kafka-compatible broker from crates.io (no Java, no Docker
# here). An unoptimised build is enough for tests; `dynostore` gives the memory engine,
# `libsql` the sqlite engine that SASL SCRAM needs.
TANSU_ROOT="$HOME/.cache/tansu-0.6.0"
have_tansu() { "$TANSU_ROOT/bin/tansu" --version 2>/dev/null | grep -qx "tansu 0.6.0"; }
install_tansu() {
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_TARGET_DIR="$HOME/.cache/tansu-build" \
    cargo install tansu --version 0.6.0 --locked --debug --no-default-features \
    --features dynostore,libsql --root "$TANSU_ROOT"
}

# Debian's Chromium for the browser tests (driven by playwright-core; never a downloaded browser).
have_chromium() { [[ -x /usr/bin/chromium ]]; }
install_chromium() { apt_install chromium; }

# The MongoDB tests talk to a wire-protocol peer: Debian's python3-mockupdb, under Debian's own
# Python (/usr/bin/python3), and make TLS certificates with the openssl tool.
have_mockupdb() { /usr/bin/python3 -c 'import mockupdb' 2>/dev/null && command -v openssl >/dev/null; }
install_mockupdb() { apt_install python3-mockupdb openssl; }

# The TLS tests put Debian's stunnel4 in front of the test broker (certificates from openssl).
have_stunnel() { command -v stunnel4 >/dev/null && command -v openssl >/dev/null; }
install_stunnel() { apt_install stunnel4 openssl; }

# The drop-in tests parse legacy events the way the original Java scorer does, with javac/java.
have_javac() { command -v javac >/dev/null; }
install_javac() { apt_install openjdk-17-jdk-headless; }

# Node.js runs the Wasm tests (wasm-bindgen-test-runner) and the browser tests.
have_node() { command -v node >/dev/null; }
install_node() { apt_install nodejs; }

# The Parquet tests read our files back with pyarrow and pandas, pinned in
# examples/requirements.txt, in a virtual environment under ~/.cache named by that file's
# SHA-256 (a changed pin makes a new one; the tests look for the same name).
PYDATA_VENV="$HOME/.cache/reefer-pydata-$(sha256sum examples/requirements.txt | cut -c1-16)"
have_pydata() { "$PYDATA_VENV/bin/python" -c 'import pandas, pyarrow, sklearn' 2>/dev/null; }
install_pydata() {
  command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null ||
    apt_install python3 python3-venv
  python3 -m venv "$PYDATA_VENV"
  "$PYDATA_VENV/bin/pip" install -q --disable-pip-version-check -r examples/requirements.txt
}

# What the main job needs: the control panel's build.
step wasm_target "about 20 s"
step wasm_bindgen "about 1 min"
step trunk "about 2.5 min"
if [[ $set_name == test ]]; then
  step components "about 20 s"
  step tansu "about 5 min"
  step chromium "under a minute"
  step mockupdb "under a minute"
  step stunnel "under a minute"
  step javac "about 1 min"
  step node "under a minute"
  step pydata "about 1 min"
fi
((plan)) || log "ready ($set_name)"
