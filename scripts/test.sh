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

# The release build of the panel (trunk, in the browser tests) compiles shared for the browser
# too; these check its code and the panel's with clippy.
step "shared and the control panel compile for the browser (wasm32-unknown-unknown)"
cargo clippy -p reefer-shared --target wasm32-unknown-unknown --lib --tests --locked -- -D warnings
cargo clippy -p reefer-app --target wasm32-unknown-unknown --locked -- -D warnings

step "tests (native)"
cargo test --workspace --locked

step "tests (Wasm: the browser build gives the golden bytes)"
cargo test -p reefer-shared --target wasm32-unknown-unknown --test wasm_golden --locked

# The browser tests drive the relay that the native tests built (target/debug/reefer): the
# same code, without a second, optimised build of the relay.
step "browser end-to-end tests (headless Chromium, real relay and broker)"
REEFER_E2E_BIN="$PWD/target/debug/reefer" ./tests/e2e/run.sh

end_step
step_name=""
printf '\n\033[1m== all checks passed in %d s; target/ holds %s\033[0m\n' $((SECONDS - started)) \
  "$(du -sh target 2>/dev/null | cut -f1)" >&2
