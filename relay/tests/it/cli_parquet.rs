//! `reefer generate --format parquet`, run as the real binary: the file holds the CSV's values
//! with typed columns, read back by pyarrow and pandas (pinned in `examples/requirements.txt`,
//! in the virtual environment `scripts/setup.sh` makes), and the same spec gives the same bytes.

use std::path::Path;
use std::process::Command as StdCommand;

const START: &str = "2026-01-01 00:00:00";

/// Runs `reefer generate` with `args` to `file` in `dir`.
fn generate(dir: &Path, file: &str, args: &[&str]) {
    let mut cmd = reefer_test_support::reefer();
    cmd.current_dir(dir)
        .args(["generate", "--seed", "7", "--start", START, "--file", file])
        .args(args)
        .assert()
        .success();
}

/// Writes one spec as CSV and as Parquet and compares them in Python; returns its report.
fn compare(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "run.csv", args);
    generate(
        dir.path(),
        "run.parquet",
        &[args, &["--format", "parquet"]].concat(),
    );
    let out = StdCommand::new(reefer_test_support::pydata_python())
        .arg(reefer_test_support::repo_root().join("tests/parquet/compare.py"))
        .arg(dir.path().join("run.csv"))
        .arg(dir.path().join("run.parquet"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?}: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

/// The report's line of `column`'s encodings.
fn encodings<'a>(report: &'a str, column: &str) -> &'a str {
    let prefix = format!("encodings {column}: ");
    report
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no encodings of {column} in {report}"))
}

#[test]
fn parquet_holds_the_csv_values_of_the_standard_profile() {
    // More rows than a row group, so that the file has several.
    let report = compare(&["--stype", "poweroff", "--records", "300000"]);
    assert!(report.contains("rows 300000 columns 20"), "{report}");
}

#[test]
fn parquet_holds_the_csv_values_of_rcm_ground_truth_wear_and_a_route() {
    let report = compare(&[
        "--stype",
        "compressorwear",
        "--profile",
        "rcm",
        "--route",
        "guayaquil-antwerp",
        "--ground-truth",
        "--records",
        "20000",
    ]);
    // 20 + 8 rcm + 5 truth + 3 wear + alarm_nuisance.
    assert!(report.contains("rows 20000 columns 37"), "{report}");
    // Readings kept to a few decimals go through a dictionary; noisy doubles are split by byte.
    for decimal in [
        "supply_air_temperature",
        "return_air_temperature",
        "compressor_duty",
        "compressor_current",
        "ambient_humidity",
    ] {
        let line = encodings(&report, decimal);
        assert!(line.contains("DICTIONARY"), "{line}");
    }
    let line = encodings(&report, "temperature");
    assert!(
        line.contains("BYTE_STREAM_SPLIT") && !line.contains("DICTIONARY"),
        "{line}"
    );
    // Delivery faults: late and duplicated rows, their ingest times.
    let report = compare(&[
        "--stype",
        "lateevents",
        "--ground-truth",
        "--records",
        "5000",
    ]);
    assert!(report.contains("columns 25"), "{report}");
}

#[test]
fn the_same_spec_gives_the_same_parquet_bytes_and_append_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--stype",
        "co2sensor",
        "--records",
        "5000",
        "--format",
        "parquet",
    ];
    generate(dir.path(), "a.parquet", &args);
    generate(dir.path(), "b.parquet", &args);
    let a = std::fs::read(dir.path().join("a.parquet")).unwrap();
    assert_eq!(&a[..4], b"PAR1");
    assert_eq!(a, std::fs::read(dir.path().join("b.parquet")).unwrap());

    let out = reefer_test_support::reefer()
        .current_dir(dir.path())
        .args("generate --format parquet --append --file a.parquet".split(' '))
        .assert()
        .failure()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("--append") && stderr.contains("Parquet"),
        "{stderr}"
    );
    assert_eq!(a, std::fs::read(dir.path().join("a.parquet")).unwrap());
}
