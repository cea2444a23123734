//! The first run installs only what the main job needs. `scripts/run.sh --dry-run` prints the
//! plan (the same steps the real run takes, through `scripts/setup.sh run`); no tool that only
//! the tests use may appear in it, and the test setup keeps everything the tests need.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A script's `--dry-run` output, and the names of its `step` lines.
fn plan(script: &str, args: &[&str]) -> (String, Vec<String>) {
    let out = Command::new(root().join(script))
        .arg("--dry-run")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let steps = text
        .lines()
        .filter_map(|l| l.strip_prefix("step "))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    (text, steps)
}

const TEST_ONLY: [&str; 8] = [
    "tansu",
    "chromium",
    "mockupdb",
    "stunnel",
    "javac",
    "node",
    "components",
    "pydata",
];

#[test]
fn the_run_command_installs_only_what_the_control_panel_needs() {
    let (text, steps) = plan("scripts/run.sh", &[]);
    assert_eq!(steps, ["wasm_target", "wasm_bindgen", "trunk"], "{text}");
    for tool in TEST_ONLY {
        assert!(!text.contains(tool), "run.sh plans {tool}:\n{text}");
    }
    assert!(text.contains("cargo build --profile demo"), "{text}");
    assert!(text.contains("serve"), "{text}");
    // The real run goes through the same plan: setup.sh with `run`, nothing else.
    let script = std::fs::read_to_string(root().join("scripts/run.sh")).unwrap();
    let setups: Vec<&str> = script
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("./scripts/setup.sh"))
        .collect();
    assert_eq!(
        setups,
        ["./scripts/setup.sh --dry-run run", "./scripts/setup.sh run"]
    );
}

#[test]
fn the_test_setup_installs_everything_the_tests_need() {
    let (text, steps) = plan("scripts/setup.sh", &[]);
    for tool in ["wasm_target", "wasm_bindgen", "trunk"]
        .iter()
        .chain(&TEST_ONLY)
    {
        assert!(
            steps.iter().any(|s| s == tool),
            "setup.sh lacks {tool}:\n{text}"
        );
    }
    // A bad argument is refused, not ignored.
    let out = Command::new(root().join("scripts/setup.sh"))
        .arg("--everything")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
