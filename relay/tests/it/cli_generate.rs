//! `reefer generate`, run as the real binary: good input, bad input, files and streams.

use std::fs;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use reefer_shared::encoding::CSV_HEADER;

const START: &str = "2026-01-01 00:00:00";

/// The binary under test (without the machine's settings), run in `dir`.
fn reefer(dir: &Path) -> Command {
    let mut cmd = reefer_test_support::reefer();
    cmd.current_dir(dir);
    cmd
}

fn golden(name: &str) -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/golden")
            .join(name),
    )
    .unwrap()
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn defaults_write_1000_normal_rows_to_telemetries_csv_and_print_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let out = reefer(dir.path()).arg("generate").assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("reefer: seed "), "{stderr}");
    assert!(stderr.contains("repeat with --seed"), "{stderr}");
    assert_eq!(
        stderr.lines().count(),
        1,
        "no progress bar when stderr is not a terminal"
    );
    let rows = lines(&dir.path().join("telemetries.csv"));
    assert_eq!(rows.len(), 1001);
    assert_eq!(format!("{}\n", rows[0]), CSV_HEADER);
    assert!(rows[1].starts_with("C01,") && rows[1].contains(",P02,"));
    assert!(rows[1..].iter().all(|r| r.ends_with(",0")));
}

#[test]
fn the_printed_seed_and_start_repeat_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = reefer(dir.path())
        .args("generate --stype co2sensor --records 300 --file a.csv".split(' '))
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let seed = stderr
        .split("--seed ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let start = stderr
        .split("--start '")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    reefer(dir.path())
        .args("generate --stype co2sensor --records 300 --file b.csv".split(' '))
        .args(["--seed", seed, "--start", start])
        .assert()
        .success()
        .stderr("");
    assert_eq!(
        fs::read(dir.path().join("a.csv")).unwrap(),
        fs::read(dir.path().join("b.csv")).unwrap()
    );
}

#[test]
fn seed_and_start_reproduce_the_golden_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    for sim in ["normal", "poweroff", "co2sensor", "o2sensor"] {
        let out = reefer(dir.path())
            .args([
                "generate",
                "--stype",
                sim,
                "--cid",
                "C02",
                "--product_id",
                "P02",
            ])
            .args([
                "--records",
                "40",
                "--seed",
                "42",
                "--start",
                START,
                "--file",
                "-",
            ])
            .assert()
            .success()
            .stderr("");
        assert_eq!(
            out.get_output().stdout,
            golden(&format!("C02-P02-{sim}-seed42-40.csv")),
            "{sim}"
        );
    }
}

#[test]
fn idiomatic_aliases_mean_the_same_as_the_original_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = reefer(dir.path())
        .args("generate --simulation poweroff --container C02 --product P02".split(' '))
        .args(["-n", "40", "--seed", "42", "--start", START, "-f", "-"])
        .assert()
        .success();
    assert_eq!(
        out.get_output().stdout,
        golden("C02-P02-poweroff-seed42-40.csv")
    );
}

#[test]
fn jsonl_writes_one_object_per_record_without_header() {
    let dir = tempfile::tempdir().unwrap();
    reefer(dir.path())
        .args("generate --format jsonl --records 25 --seed 1".split(' '))
        .args(["--start", START, "--file", "t.jsonl"])
        .assert()
        .success();
    let rows = lines(&dir.path().join("t.jsonl"));
    assert_eq!(rows.len(), 25);
    for row in rows {
        let v: serde_json::Value = serde_json::from_str(&row).unwrap();
        assert_eq!(v["container_id"], "C01");
    }
}

#[test]
fn zero_records_write_only_the_header() {
    let dir = tempfile::tempdir().unwrap();
    reefer(dir.path())
        .args("generate --records 0 --seed 1 --start".split(' '))
        .arg(START)
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("telemetries.csv")).unwrap(),
        CSV_HEADER
    );
}

#[test]
fn append_adds_rows_only_and_a_new_file_gets_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.csv");
    let run = |sim: &str, append: bool| {
        let mut cmd = reefer(dir.path());
        cmd.args(["generate", "--stype", sim, "--records", "10", "--seed", "3"])
            .args(["--start", START, "--file", "data.csv", "-q"]);
        if append {
            cmd.arg("--append");
        }
        cmd.assert().success();
    };
    run("normal", true); // missing file: header first
    assert_eq!(lines(&file).len(), 11);
    run("poweroff", true);
    run("o2sensor", true);
    let all = lines(&file);
    assert_eq!(all.len(), 31);
    assert_eq!(
        all.iter().filter(|l| l.starts_with("container_id")).count(),
        1
    );
    run("normal", false); // without --append the file is replaced
    assert_eq!(lines(&file).len(), 11);
}

#[test]
fn append_refuses_a_file_of_another_shape_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.csv");
    for content in ["a,b,c\n1,2,3\n", "container_id,measurement_time"] {
        fs::write(&file, content).unwrap();
        let out = reefer(dir.path())
            .args(["generate", "--append", "--file", "other.csv", "--seed", "1"])
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(
            stderr.starts_with("error: --append 'other.csv'"),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1);
        assert_eq!(fs::read_to_string(&file).unwrap(), content);
    }
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_flag_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("telemetries.csv"), "keep me\n").unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--stype", "fire"],
            "--stype",
            "normal, poweroff, co2sensor, o2sensor",
        ),
        (&["--simulation", ""], "--stype", "expected one of"),
        (&["--product_id", "P21"], "--product_id", "P01 (Carrots)"),
        (&["--cid", "C 01"], "--cid", "1 to 64 ASCII letters"),
        (&["--cid", ""], "--cid", "1 to 64 ASCII letters"),
        (&["--profile", "full"], "--profile", "expected standard"),
        (
            &["--profile", "rcm", "--kafka", "--payload-format", "legacy"],
            "--profile",
            "no room for the rcm profile's readings",
        ),
        (
            &["--interval", "10m"],
            "--interval",
            "expected 5m, 15m or 1h",
        ),
        (
            &[
                "--interval",
                "1h",
                "--start",
                "9999-01-01 00:00:00",
                "--records",
                "10000",
            ],
            "--records",
            "1h per record",
        ),
        (&["--records", "-1"], "--records", "0 to 500000000"),
        (&["--records", "ten"], "--records", "0 to 500000000"),
        (&["--records", "1.5"], "--records", "0 to 500000000"),
        (&["--records", "500000001"], "--records", "0 to 500000000"),
        (
            &["--records", "18446744073709551616"],
            "--records",
            "0 to 500000000",
        ),
        (&["--records"], "--records", "a value is required"),
        (&["--seed", "-3"], "--seed", "0 to 18446744073709551615"),
        (&["--seed", "x"], "--seed", "0 to 18446744073709551615"),
        (
            &["--start", "2026-02-30 00:00:00"],
            "--start",
            "YYYY-MM-DD HH:MM:SS",
        ),
        (&["--start", "yesterday"], "--start", "YYYY-MM-DD HH:MM:SS"),
        (&["--format", "xml"], "--format", "csv, jsonl or parquet"),
        (
            &["--start", "9999-12-31 00:00:00", "--records", "1000"],
            "--records",
            "year 9999",
        ),
        (&["--colour", "red"], "--colour", "unexpected argument"),
        (
            &["--file", "no/such/dir/x.csv"],
            "--file",
            "No such file or directory",
        ),
        (&["--file", "."], "--file", "is a directory"),
    ];
    for (args, flag, allowed) in cases {
        let out = reefer(dir.path())
            .arg("generate")
            .args(*args)
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag),
            "{args:?} should name {flag}: {stderr}"
        );
        assert!(
            stderr.contains(allowed),
            "{args:?} should say {allowed}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.get_output().stdout.is_empty());
        assert_eq!(
            fs::read_to_string(dir.path().join("telemetries.csv")).unwrap(),
            "keep me\n",
            "{args:?} must not touch the output"
        );
    }
}

#[test]
fn help_explains_every_flag_with_examples_for_each_job() {
    let out = Command::cargo_bin("reefer")
        .unwrap()
        .args(["generate", "--help"])
        .assert()
        .success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "--stype",
        "--cid",
        "--product_id",
        "--records",
        "--file",
        "--append",
        "--seed",
        "--start",
        "--format",
        "Examples:",
        "co2sensor",
        "P05 Tomato",
        "--append",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
    // Every simulation, with its one-line description.
    for simulation in reefer_shared::Simulation::ALL {
        let line = format!("{:<13} {}", simulation.name(), simulation.description());
        let start: String = line.chars().take(60).collect();
        assert!(help.contains(&start), "help lacks {line}");
    }
}

#[test]
fn the_tool_s_help_lists_every_subcommand_with_an_example_and_every_simulation() {
    let out = Command::cargo_bin("reefer")
        .unwrap()
        .arg("--help")
        .assert()
        .success();
    let help = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for subcommand in ["generate", "stream", "serve", "health", "topics"] {
        assert!(
            help.contains(&format!("reefer {subcommand} --")),
            "no example of {subcommand}:\n{help}"
        );
    }
    for simulation in &reefer_shared::Simulation::ALL[1..] {
        assert!(help.contains(simulation.name()), "help lacks {simulation}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reefer"))
        .args([
            "generate",
            "--records",
            "2000000",
            "--seed",
            "1",
            "--start",
            START,
            "-f",
            "-",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(first.starts_with(b"container_id,"));
}

#[test]
fn ground_truth_columns_and_the_manifest_say_what_really_happened() {
    let dir = tempfile::tempdir().unwrap();
    reefer(dir.path())
        .args([
            "generate",
            "-q",
            "--stype",
            "powerfailure",
            "--records",
            "3000",
            "--seed",
            "9",
            "--start",
            START,
            "--ground-truth",
            "--manifest",
            "faults.json",
            "--file",
            "p.csv",
        ])
        .assert()
        .success();
    let mut reader = csv::Reader::from_path(dir.path().join("p.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), 25);
    let truth_columns: Vec<&str> = header.iter().skip(20).collect();
    assert_eq!(
        truth_columns,
        [
            "fault_type",
            "fault_class",
            "fault_id",
            "minutes_since_onset",
            "ingest_time"
        ]
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("faults.json")).unwrap()).unwrap();
    let episodes = manifest["episodes"].as_array().unwrap();
    assert!(!episodes.is_empty());
    let mut in_episodes = 0;
    for (i, row) in reader.records().map(Result::unwrap).enumerate() {
        assert_eq!(&row[24], &row[1], "every row on time");
        let faulty = &row[20] != "none";
        assert_eq!(
            faulty,
            &row[19] == "1",
            "row {i}: powerfailure labels the ground truth"
        );
        if faulty {
            in_episodes += 1;
            assert_eq!((&row[20], &row[21]), ("power_failure", "equipment"));
            let id: u64 = row[22].parse().unwrap();
            let episode = &episodes[id as usize - 1];
            let first = episode["first_row"].as_u64().unwrap();
            assert!(first <= i as u64 && i as u64 <= episode["last_row"].as_u64().unwrap());
            assert_eq!(row[23].parse::<u64>().unwrap(), (i as u64 - first) * 5);
            if i as u64 == first {
                assert_eq!(episode["start"], row[1]);
            }
        } else {
            assert_eq!((&row[21], &row[22], &row[23]), ("none", "", ""));
        }
    }
    let total: u64 = episodes.iter().map(|e| e["rows"].as_u64().unwrap()).sum();
    assert_eq!(in_episodes, total);
    assert_eq!(manifest["seed"], 9);
}

#[test]
fn delivery_faults_change_which_rows_arrive_and_when_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    for (simulation, fault, rows) in [
        ("gaps", "gap", None),
        ("duplicates", "duplicate", None),
        ("lateevents", "late_event", Some(2000)),
    ] {
        let file = format!("{simulation}.csv");
        let manifest = format!("{simulation}.json");
        reefer(dir.path())
            .args(["generate", "-q", "--stype", simulation, "--records", "2000"])
            .args(["--seed", "4", "--start", START, "--ground-truth"])
            .args(["--manifest", &manifest, "--file", &file])
            .assert()
            .success();
        let mut reader = csv::Reader::from_path(dir.path().join(&file)).unwrap();
        let rows_read: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.path().join(&manifest)).unwrap()).unwrap();
        let affected: usize = manifest["episodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["rows"].as_u64().unwrap() as usize)
            .sum();
        let expected = rows.unwrap_or(match simulation {
            "gaps" => 2000 - affected,
            _ => 2000 + affected,
        });
        assert_eq!(rows_read.len(), expected, "{simulation}");
        let mut previous_ingest = String::new();
        let mut out_of_order = 0;
        let mut previous_event = String::new();
        for row in &rows_read {
            assert_eq!(
                &row[19], "0",
                "{simulation}: delivery faults are not labelled"
            );
            // The file is in the order the rows arrived.
            assert!(row[24] >= *previous_ingest, "{simulation}: ingest order");
            previous_ingest = row[24].to_string();
            out_of_order += usize::from(row[1] < *previous_event);
            previous_event = row[1].to_string();
            if &row[20] == "none" {
                assert_eq!(&row[24], &row[1], "{simulation}: on time");
            } else {
                assert_eq!((&row[20], &row[21]), (fault, "delivery"));
            }
        }
        match simulation {
            "lateevents" => assert!(out_of_order > 0, "late rows come out of order"),
            "gaps" => assert_eq!(out_of_order, 0),
            _ => {}
        }
    }
}

#[test]
fn the_rcm_profile_of_a_refrigerant_leak_runs_to_failure_with_its_remaining_useful_life() {
    // The bar, with the real binary.
    let dir = tempfile::tempdir().unwrap();
    reefer(dir.path())
        .args("generate --profile rcm --stype refrigerantleak --records".split(' '))
        .args([
            "20000",
            "--seed",
            "3",
            "--ground-truth",
            "--start",
            START,
            "-q",
        ])
        .assert()
        .success();
    let rows = lines(&dir.path().join("telemetries.csv"));
    let header: Vec<&str> = rows[0].split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (supply, ret, duty, rul, mode) = (
        column("supply_air_temperature"),
        column("return_air_temperature"),
        column("compressor_duty"),
        column("remaining_useful_life_minutes"),
        column("mode"),
    );
    let fields: Vec<Vec<&str>> = rows[1..].iter().map(|r| r.split(',').collect()).collect();
    let number = |row: &Vec<&str>, i: usize| row[i].parse::<f64>().unwrap();
    let failure = fields
        .iter()
        .position(|r| r[rul] == "0")
        .expect("RUL reaches 0");
    // Under load supply air sits below return air; the ΔT shrinks toward the failure (a
    // modulating unit keeps its ΔT while it holds the load, then loses it). Defrosts warm the
    // supply air: the ΔT is the cooling modes'.
    let delta = |rows: &[Vec<&str>]| {
        let cooling: Vec<&Vec<&str>> = rows
            .iter()
            .filter(|r| r[mode] == "modulated_cool" || r[mode] == "full_cool")
            .collect();
        cooling
            .iter()
            .map(|r| number(r, ret) - number(r, supply))
            .sum::<f64>()
            / cooling.len() as f64
    };
    assert!(fields[..failure]
        .iter()
        .filter(|r| number(r, duty) > 0.0)
        .all(|r| number(r, supply) < number(r, ret)));
    let (first_day, last_day) = (
        delta(&fields[..288]),
        delta(&fields[failure - 288..failure]),
    );
    assert!(
        last_day < 0.85 * first_day,
        "ΔT {first_day:.2} → {last_day:.2}"
    );
    let ruls: Vec<u64> = fields[..failure]
        .iter()
        .map(|r| r[rul].parse().unwrap())
        .collect();
    assert!(
        ruls.windows(2).all(|w| w[0] - w[1] == 5),
        "RUL falls by the interval"
    );
    assert!(ruls[failure - 1] <= 5, "to 0 at the failure");
    assert_eq!(fields[failure][column("failure_mode")], "refrigerant_leak");
    assert_eq!(fields[failure][column("maintenance_required")], "1");
}

#[test]
fn an_hourly_rcm_run_to_failure_counts_its_life_in_minutes() {
    let dir = tempfile::tempdir().unwrap();
    reefer(dir.path())
        .args("generate --profile rcm --stype compressorwear --interval 1h".split(' '))
        .args("--records 2000 --seed 3 --ground-truth --start".split(' '))
        .arg(START)
        .args("--format jsonl --file hourly.jsonl --manifest m.json -q".split(' '))
        .assert()
        .success();
    let text = fs::read_to_string(dir.path().join("hourly.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2000);
    assert_eq!(rows[1]["measurement_time"], "2026-01-01 01:00:00");
    let rul = |r: &serde_json::Value| r["remaining_useful_life_minutes"].as_u64().unwrap();
    let failure = rows.iter().position(|r| rul(r) == 0).expect("a failure");
    assert!(rows[..failure]
        .windows(2)
        .all(|w| rul(&w[0]) - rul(&w[1]) == 60));
    assert!(rows[0]["compressor_duty"].is_number() && rows[0]["alarm_code"].is_string());
    assert!(rows[0]["compressor_current"].is_number() && rows[0]["ambient_humidity"].is_number());
    assert!(rows.iter().all(|r| r["alarm_nuisance"].is_boolean()));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(manifest["interval_minutes"], 60);
    assert_eq!(
        manifest["failures"][0]["failure_row"].as_u64().unwrap() as usize,
        failure
    );
}

#[test]
fn a_banana_box_on_its_voyage_moves_warms_in_the_tropics_and_is_unplugged_unlabelled() {
    // The bar, with the real binary.
    let dir = tempfile::tempdir().unwrap();
    let rows = the_voyage_bar(dir.path(), &[]);
    let header: Vec<&str> = rows[0].split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (lat, lon, ambient) = (
        column("latitude"),
        column("longitude"),
        column("ambiant_temperature"),
    );
    let (label, fault, kw) = (
        column("maintenance_required"),
        column("fault_type"),
        column("kilowatts"),
    );
    let fields: Vec<Vec<&str>> = rows[1..].iter().map(|r| r.split(',').collect()).collect();
    let number = |row: &Vec<&str>, i: usize| row[i].parse::<f64>().unwrap();
    let (first, last) = (&fields[0], &fields[fields.len() - 1]);
    assert!((number(first, lat) + 2.5).abs() < 1.5 && (number(first, lon) + 79.9).abs() < 1.0);
    assert!((number(last, lat) - 51.3).abs() < 1.0 && (number(last, lon) - 5.5).abs() < 2.0);
    let mean_ambient = |keep: &dyn Fn(f64) -> bool| {
        let kept: Vec<f64> = fields
            .iter()
            .filter(|r| keep(number(r, lat)))
            .map(|r| number(r, ambient))
            .collect();
        kept.iter().sum::<f64>() / kept.len() as f64
    };
    assert!(mean_ambient(&|l| l.abs() < 15.0) > mean_ambient(&|l| l > 45.0) + 10.0);
    let transfers: Vec<&Vec<&str>> = fields.iter().filter(|r| r[fault] == "transfer").collect();
    assert!(!transfers.is_empty());
    assert!(transfers
        .iter()
        .all(|r| r[label] == "0" && number(r, kw) == 0.0));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("voyage.json")).unwrap()).unwrap();
    assert_eq!(manifest["route"], "guayaquil-antwerp");
    assert_eq!(manifest["transfers"].as_array().unwrap().len(), 4);
}

#[test]
fn a_worn_compressor_on_its_voyage_raises_al16_only_after_its_current_crossed_the_limit() {
    // The bar for alarms, with the real binary.
    let dir = tempfile::tempdir().unwrap();
    let rows = the_voyage_bar(
        dir.path(),
        &["--profile", "rcm", "--stype", "compressorwear"],
    );
    let header: Vec<&str> = rows[0].split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (current, code, nuisance, power) = (
        column("compressor_current"),
        column("alarm_code"),
        column("alarm_nuisance"),
        column("power_on"),
    );
    assert_eq!(*header.last().unwrap(), "alarm_nuisance");
    let fields: Vec<Vec<&str>> = rows[1..].iter().map(|r| r.split(',').collect()).collect();
    assert!(fields.iter().all(|r| r.len() == header.len()));
    let amps = |r: &Vec<&str>| r[current].parse::<f64>().unwrap();
    let limit = reefer_shared::alarm::CURRENT_LIMIT;
    // The current carries 0.05 A of noise: where it crosses the limit is where its mean over
    // the 2 hours around a reading (25 readings, centred) first exceeds it.
    let mean_around = |i: usize| (i - 12..=i + 12).map(|k| amps(&fields[k])).sum::<f64>() / 25.0;
    let crossed = (12..fields.len() - 12)
        .find(|&i| mean_around(i) > limit)
        .expect("the worn compressor's current crosses its limit");
    let first_al16 = fields
        .iter()
        .position(|r| r[code] == "AL16")
        .expect("AL16 is raised");
    let first_al24 = fields.iter().position(|r| r[code] == "AL24");
    println!(
        "current over {limit:.2} A from row {crossed} (2 h mean), AL16 from row {first_al16}, AL24 from {first_al24:?}"
    );
    assert!(
        first_al16 + 6 >= crossed,
        "AL16 before the current crossed its limit"
    );
    assert!(
        first_al16 <= crossed + 36,
        "AL16 within 3 hours of the crossing"
    );
    assert!(
        first_al24.is_some_and(|trip| trip > first_al16),
        "then a trip"
    );
    // Nuisance alarms are marked, every other row is not; nothing is raised without power.
    let nuisances = ["AL25", "AL54", "AL56", "AL57"];
    for r in &fields {
        assert_eq!(r[nuisance] == "True", nuisances.contains(&r[code]), "{r:?}");
        assert!(r[power] == "True" || r[code].is_empty(), "{r:?}");
    }
    assert!(fields.iter().any(|r| r[nuisance] == "True"));
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("voyage.json")).unwrap()).unwrap();
    let alarms = manifest["alarms"].as_array().unwrap();
    let al16 = alarms.iter().find(|a| a["code"] == "AL16").unwrap();
    assert_eq!(al16["first_row"], first_al16 as u64);
    assert_eq!(al16["nuisance"], false);
}

/// The voyage bar's run, `reefer generate --route guayaquil-antwerp --records 20000 --seed 3
/// --ground-truth` with `extra` arguments, its manifest in `voyage.json`: the CSV's lines.
fn the_voyage_bar(dir: &Path, extra: &[&str]) -> Vec<String> {
    reefer(dir)
        .args("generate --route guayaquil-antwerp --records 20000".split(' '))
        .args(["--seed", "3", "--ground-truth", "--start", START])
        .args(["--manifest", "voyage.json", "-q"])
        .args(extra)
        .assert()
        .success();
    lines(&dir.join("telemetries.csv"))
}
