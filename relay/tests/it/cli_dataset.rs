//! `reefer dataset`, run as the real binary: the folder's tables load in pyarrow and pandas
//! with typed columns and agree with each other, the same command writes the same bytes, the
//! partitionings hold the same rows, and bad flags are refused naming the flag.

use std::path::Path;
use std::process::Command as StdCommand;

use reefer_test_support::{pydata_python, reefer, repo_root, usage_refusal};

/// The bar, and the README's example.
const BAR: [&str; 8] = [
    "--units",
    "20",
    "--days",
    "30",
    "--seed",
    "1",
    "--preset",
    "realistic",
];

fn dataset(dir: &Path, out: &str, args: &[&str]) {
    reefer()
        .current_dir(dir)
        .args(["dataset", "--out", out])
        .args(args)
        .assert()
        .success();
}

/// Runs a Python script of the repository with the pinned venv; returns its stdout.
fn python(script: &str, args: &[&Path]) -> String {
    let out = StdCommand::new(pydata_python())
        .arg(repo_root().join(script))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_bar_command_writes_typed_tables_that_agree_and_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    dataset(dir.path(), "d", &BAR);
    let first = files(&dir.path().join("d"));
    let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
    for table in [
        "telemetry/part-0.parquet",
        "alarms.parquet",
        "maintenance.parquet",
        "failures.parquet",
        "units.parquet",
        "test_truth.parquet",
        "split.json",
        "DATASHEET.md",
    ] {
        assert!(names.contains(&table), "{table} missing from {names:?}");
    }
    let report = python("tests/dataset/check.py", &[&dir.path().join("d")]);
    let counts: serde_json::Value = serde_json::from_str(report.trim()).unwrap();
    assert_eq!(counts["units"], 20, "{report}");
    // Realistic: about 2 % missing of 20 × 30 × 288 readings, some late, out of order.
    let rows = counts["telemetry"].as_u64().unwrap();
    assert!((160_000..172_800).contains(&rows), "{report}");
    assert!(
        counts["late_out_of_order"].as_u64().unwrap() > 100,
        "{report}"
    );
    assert!(counts["failures"].as_u64().unwrap() >= 1, "{report}");
    assert!(counts["alarms"].as_u64().unwrap() > 100, "{report}");
    let sheet = String::from_utf8(
        first
            .iter()
            .find(|(n, _)| n == "DATASHEET.md")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(
        sheet.contains(
            "reefer dataset --units 20 --days 30 --seed 1 --start '2026-01-01 00:00:00' \
             --preset realistic --out d"
        ),
        "{sheet}"
    );
    assert!(
        sheet.contains("| units failing in the span | 3 (15.00 %)"),
        "{sheet}"
    );
    std::fs::rename(dir.path().join("d"), dir.path().join("first")).unwrap();
    dataset(dir.path(), "d", &BAR);
    assert!(
        first == files(&dir.path().join("d")),
        "a second run differs"
    );
}

#[test]
fn partitions_by_unit_and_by_day_hold_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--units", "12", "--days", "10", "--seed", "4", "--preset", "hard",
    ];
    for by in ["none", "unit", "day"] {
        dataset(dir.path(), by, &[&args[..], &["--partition", by]].concat());
    }
    assert!(dir
        .path()
        .join("unit/telemetry/unit=U0012/part-0.parquet")
        .exists());
    assert!(dir
        .path()
        .join("day/telemetry/day=2026-01-10/part-0.parquet")
        .exists());
    let [none, unit, day] = ["none", "unit", "day"].map(|by| dir.path().join(by));
    python("tests/dataset/check.py", &[&none, &unit, &day]);
    python("tests/dataset/check.py", &[&day]);
}

#[test]
fn bad_flags_and_a_used_folder_are_refused_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    for (args, names) in [
        (&["--units", "0"][..], "--units"),
        (&["--days", "4000"][..], "--days"),
        (&["--missing-share", "0.7"][..], "--missing-share"),
        (&["--noise", "nan"][..], "--noise"),
        (&["--preset", "medium"][..], "--preset"),
        (&["--partition", "week"][..], "--partition"),
    ] {
        let out = reefer()
            .current_dir(dir.path())
            .args(["dataset", "--out", "x"])
            .args(args)
            .output()
            .unwrap();
        let message = usage_refusal(&out);
        assert!(message.contains(names), "{args:?}: {message}");
    }
    std::fs::create_dir(dir.path().join("used")).unwrap();
    std::fs::write(dir.path().join("used/notes.txt"), "mine").unwrap();
    let out = reefer()
        .current_dir(dir.path())
        .args(["dataset", "--out", "used", "--units", "1", "--days", "1"])
        .output()
        .unwrap();
    assert!(usage_refusal(&out).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("used/notes.txt")).unwrap(),
        "mine"
    );
}

/// The baseline's scores on a small run of `preset`.
fn baseline(dir: &Path, preset: &str) -> serde_json::Value {
    let args = [
        "--units", "60", "--days", "90", "--seed", "1", "--preset", preset,
    ];
    dataset(dir, preset, &args);
    let report = python(
        "examples/baseline.py",
        &[&dir.join(preset), Path::new("--json")],
    );
    serde_json::from_str(report.trim()).unwrap()
}

#[test]
fn the_baseline_learns_the_easy_preset_and_finds_the_hard_one_harder() {
    use reefer_relay::dataset::baselines::{EASY_PR_AUC, HARD_PR_AUC_MAX};
    let dir = tempfile::tempdir().unwrap();
    let easy = baseline(dir.path(), "easy");
    let hard = baseline(dir.path(), "hard");
    println!("easy {easy}\nhard {hard}");
    let score = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
    let (e, h) = (score(&easy, "pr_auc"), score(&hard, "pr_auc"));
    assert!(e >= EASY_PR_AUC.0 && e <= EASY_PR_AUC.1, "easy {easy}");
    assert!(score(&easy, "f1") >= 0.6, "easy {easy}");
    assert!(
        h <= HARD_PR_AUC_MAX && h <= e - 0.1,
        "hard {hard} vs easy {easy}"
    );
    for v in [&easy, &hard] {
        assert!(score(v, "test_failing_units") >= 1.0, "{v}");
        assert!(score(v, "rul_rmse_cut") > 0.0, "{v}");
    }
}
