//! `reefer generate --threads N` and `reefer dataset --threads N`, run as the real binary: any
//! number of encoding threads writes the bytes of one, for every kind of run (CSV, JSON lines
//! and Parquet, `rcm`, ground truth, a route, the delivery faults that reorder and repeat rows,
//! a dataset's telemetry), and bad counts are refused.

use reefer_test_support::{reefer, usage_refusal};

/// The output of `reefer generate` with `args` and `--threads threads`, on stdout.
fn generate(args: &[&str], threads: &str) -> Vec<u8> {
    let out = reefer()
        .args([
            "generate",
            "--seed",
            "11",
            "--start",
            "2026-03-01 00:00:00",
            "--file",
            "-",
        ])
        .args(["--threads", threads])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn any_number_of_threads_writes_the_bytes_of_one() {
    let runs: [&str; 7] = [
        "--records 40001",
        // Exactly two chunks, and none.
        "--records 32768 --format jsonl",
        "--records 0",
        "--records 50000 --stype compressorwear --profile rcm --ground-truth --route guayaquil-antwerp",
        "--records 30000 --stype lateevents --ground-truth",
        "--records 30000 --stype duplicates --format jsonl --ground-truth",
        "--records 30000 --stype gaps --interval 15m --lead-time 60",
    ];
    for run in runs {
        let args: Vec<&str> = run.split(' ').collect();
        let args = args.as_slice();
        let one = generate(args, "1");
        for threads in ["2", "3", "8"] {
            let many = generate(args, threads);
            assert!(one == many, "{args:?} with {threads} threads differs");
        }
        let lines = one.iter().filter(|b| **b == b'\n').count();
        assert!(lines > 0 || args.contains(&"jsonl"), "{args:?}");
    }
}

#[test]
fn a_file_written_with_threads_is_the_same_file_and_appends_alike() {
    let dir = tempfile::tempdir().unwrap();
    for (file, threads) in [("one.csv", "1"), ("two.csv", "2")] {
        for (stype, seed) in [("poweroff", "1"), ("co2sensor", "2")] {
            reefer()
                .current_dir(dir.path())
                .args([
                    "generate",
                    "--records",
                    "20000",
                    "--stype",
                    stype,
                    "--seed",
                    seed,
                ])
                .args(["--start", "2026-01-01 00:00:00", "--file", file, "--append"])
                .args(["--threads", threads])
                .assert()
                .success();
        }
    }
    let one = std::fs::read(dir.path().join("one.csv")).unwrap();
    let two = std::fs::read(dir.path().join("two.csv")).unwrap();
    assert_eq!(one.iter().filter(|b| **b == b'\n').count(), 40_001);
    assert!(one == two, "an appended file differs with two threads");
}

#[test]
fn parquet_files_and_datasets_written_with_threads_are_the_same_bytes() {
    // Three row groups and a part of one: the groups encoded while the next fills.
    let runs: [&str; 2] = [
        "--records 300001 --format parquet",
        "--records 140000 --format parquet --stype compressorwear --profile rcm --ground-truth --route guayaquil-antwerp",
    ];
    for run in runs {
        let args: Vec<&str> = run.split(' ').collect();
        let args = args.as_slice();
        let one = generate(args, "1");
        assert!(one.starts_with(b"PAR1") && one.ends_with(b"PAR1"));
        for threads in ["2", "5"] {
            assert!(
                one == generate(args, threads),
                "{args:?} with {threads} threads differs"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut folders = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        reefer()
            .args([
                "dataset", "--units", "8", "--days", "30", "--seed", "4", "-q",
            ])
            .args(["--partition", "day", "--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        folders.push(out);
    }
    let telemetry = |dir: &std::path::Path, day: &str| {
        std::fs::read(dir.join("telemetry").join(day).join("part-0.parquet")).unwrap()
    };
    for day in ["day=2026-01-01", "day=2026-01-17", "day=2026-01-30"] {
        assert!(
            telemetry(&folders[0], day) == telemetry(&folders[1], day),
            "{day} differs with two threads"
        );
    }
}

#[test]
fn a_thread_count_out_of_range_is_refused() {
    for bad in ["0", "257", "-1", "many"] {
        let commands: [&[&str]; 2] = [&["generate", "--file", "-"], &["dataset", "--out", "x"]];
        for command in commands {
            let out = reefer()
                .args(command)
                .args(["--threads", bad])
                .output()
                .unwrap();
            assert!(
                usage_refusal(&out).contains("--threads"),
                "{command:?} {bad}"
            );
        }
    }
}
