#!/usr/bin/env bash
# Sets up and runs every check and test: the README's test command and what CI runs.
# Each step prints its time and the disk that target/ holds after it.
set -euo pipefail
cd "$(dirname "$0")/.."

# A fresh clone gains nothing from incremental builds, and they would add a gigabyte of disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

started=$SECONDS
step_started=$SECONDS
step_name=""
# Closes the step before (its time, target/'s size) and opens the next.
step() {
  end_step
  step_name=$*
  step_started=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$step_name" >&2
}
end_step() {
  [[ -n $step_name ]] || return 0
  printf '\033[1m-- %s: %d s, target/ %s\033[0m\n' "$step_name" $((SECONDS - step_started)) \
    "$(du -sh target 2>/dev/null | cut -f1 || echo 0)" >&2
}

step "setup"
./scripts/setup.sh

step "format"
cargo fmt --all --check

step "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "docs build without warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --locked --quiet

# The browser builds are linted while they are built, not checked once more beforehand:
# clippy-driver as the workspace's rustc (what `cargo clippy` does in check mode) for the Wasm
# tests of shared and for the panel's release build (trunk, in the browser tests).
CLIPPY_DRIVER=$(rustup which clippy-driver)
lint_while_building() {
  CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" RUSTC_WORKSPACE_WRAPPER="$CLIPPY_DRIVER" "$@"
}

step "tests (native)"
cargo test --workspace --locked

step "tests (Wasm: the browser build gives the golden bytes; shared linted for the browser)"
lint_while_building cargo test -p reefer-shared --target wasm32-unknown-unknown --tests --no-run --locked
lint_while_building cargo test -p reefer-shared --target wasm32-unknown-unknown --test wasm_golden --locked

# The browser tests drive the relay that the native tests built (target/debug/reefer): the
# same code, without a second, optimised build of the relay.
step "browser end-to-end tests (headless Chromium, real relay and broker; the panel linted)"
lint_while_building env REEFER_E2E_BIN="$PWD/target/debug/reefer" ./tests/e2e/run.sh

end_step
step_name=""
printf '\n\033[1m== all checks passed in %d s; target/ holds %s\033[0m\n' $((SECONDS - started)) \
  "$(du -sh target 2>/dev/null | cut -f1)" >&2
