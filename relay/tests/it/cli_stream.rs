//! `reefer stream`, run as the real binary: a fleet at a rate to stdout and to a real broker,
//! reproducible in simulated time, bad flags refused.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use reefer_shared::fleet::{Fleet, FleetStream};
use reefer_shared::{Cycle, Seed, Simulation, Timestamp};
use reefer_test_support::{reefer, topic_name, Broker};
use serde_json::Value;

const START: &str = "2026-01-01 00:00:00";

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

#[test]
fn a_timed_stream_sends_rate_times_seconds_round_robin_stamped_now() {
    let began = std::time::SystemTime::now();
    let out = reefer()
        .args("stream --containers 7 --rate 40 --duration 2s".split(' '))
        .assert()
        .success();
    let output = out.get_output();
    let records = json_lines(&output.stdout);
    // The schedule, not the timing of the machine, fixes the count: 40/s for 2 s.
    assert_eq!(records.len(), 80);
    for (k, r) in records.iter().enumerate() {
        assert_eq!(r["container_id"], format!("C{:04}", k % 7 + 1));
        assert_eq!(
            r["product_id"],
            format!("P0{}", k % 7 % 5 + 1),
            "products spread"
        );
    }
    // Wall clock: stamped within the run's two seconds (to the second).
    let now = |t: std::time::SystemTime| {
        Timestamp::from_unix_seconds(
            t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
        )
        .unwrap()
        .to_string()
    };
    let (first, last) = (now(began), now(std::time::SystemTime::now()));
    for r in &records {
        let t = r["measurement_time"].as_str().unwrap();
        assert!(
            first.as_str() <= t && t <= last.as_str(),
            "{t} not in {first}..{last}"
        );
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("completed 80 records"), "{stderr}");
    assert!(stderr.contains("asked 40/s"), "{stderr}");
}

#[test]
fn a_simulated_stream_is_the_fleet_of_its_seed_byte_for_byte() {
    let run = || {
        reefer()
            .args("stream -q --containers C01,C02,C03 --stype mixed".split(' '))
            .args("--clock simulated --rate 100000 --records 3000".split(' '))
            .args([
                "--seed", "5", "--start", START, "--cycle", "100", "--format", "csv",
            ])
            .args(["--ground-truth"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let first = run();
    assert_eq!(first, run(), "the same flags give the same bytes");

    let fleet = Fleet::new(
        ["C01", "C02", "C03"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect(),
        None,
        Simulation::EPISODIC.to_vec(),
        Seed(5),
        START.parse().unwrap(),
    )
    .unwrap()
    .with_cycle(Cycle::new(100).unwrap());
    let mut expected = Vec::new();
    let extra = reefer_shared::encoding::ExtraColumns {
        truth: true,
        ..Default::default()
    };
    reefer_shared::encoding::Format::Csv.write_header_with(&mut expected, extra);
    for event in FleetStream::new(fleet).with_ground_truth().take(3000) {
        reefer_shared::encoding::Format::Csv.write_record_with(
            &mut expected,
            &event.record,
            None,
            event.truth.as_ref(),
            extra,
        );
    }
    assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

#[test]
fn a_stream_until_stopped_ends_quietly_when_the_reader_goes() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("reefer"))
        .args("stream --containers 2 --rate 50 --format event".split(' '))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..5 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let event: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(event["type"], "ReeferTelemetries");
    }
    drop(reader);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running after its reader left"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn bad_flags_are_refused_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["--rate", "0"], "--rate"),
        (&["--rate", "fast"], "--rate"),
        (&["--rate", "1e9"], "--rate"),
        (&["--containers", "0"], "--containers"),
        (&["--containers", "100001"], "--containers"),
        (&["--containers", "C1,C1"], "--containers"),
        (&["--containers", "bad id"], "--containers"),
        (&["--stype", "warp"], "--stype"),
        (&["--duration", "0"], "--duration"),
        (&["--duration", "8d"], "--duration"),
        (&["--records", "0"], "--records"),
        (&["--clock", "fast"], "--clock"),
        (&["--cycle", "3"], "--cycle"),
        (&["--format", "xml"], "--format"),
        (&["--product_id", "P99"], "--product_id"),
        (&["--seed", "-1"], "--seed"),
        (&["--start", "yesterday"], "--start"),
        (&["--kafka", "--format", "csv"], "--format"),
    ];
    for (flags, named) in cases {
        let out = reefer()
            .arg("stream")
            .args(*flags)
            .env_remove("KAFKA_BROKERS")
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains(named), "{flags:?}: {stderr}");
        assert_eq!(
            stderr.lines().filter(|l| l.starts_with("error")).count(),
            1,
            "{stderr}"
        );
        assert!(out.get_output().stdout.is_empty());
    }
    let out = reefer()
        .args(["stream", "--kafka", "--records", "5"])
        .env_remove("KAFKA_BROKERS")
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("KAFKA_BROKERS"));
}

#[test]
fn a_stream_to_kafka_is_acknowledged_with_ingest_timestamps() {
    let broker = Broker::start();
    let topic = topic_name("stream-cli");
    broker.create_topic(&topic, 3);
    let out = reefer()
        .args("stream --kafka --containers 6 --stype lateevents".split(' '))
        .args("--clock simulated --rate 2000 --records 1200".split(' '))
        .args([
            "--seed",
            "3",
            "--start",
            START,
            "--cycle",
            "100",
            "--ground-truth",
        ])
        .envs(broker.env_for(&topic))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("1200 acknowledged by Kafka"), "{stderr}");
    let consumed = broker.read_back(&topic, 1200);
    assert_eq!(consumed.len(), 1200);
    let mut per_key: HashMap<String, usize> = HashMap::new();
    let mut late = 0;
    for m in &consumed {
        *per_key.entry(m.key.clone()).or_default() += 1;
        assert_eq!(m.value["containerID"], m.key.as_str());
        // The Kafka timestamp is the ingest time the ground truth names.
        let ingest: Timestamp = m.value["payload"]["ingest_time"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(m.timestamp_ms, Some(ingest.unix_seconds() * 1000));
        late += usize::from(m.value["payload"]["fault_type"] == "late_event");
    }
    assert_eq!(per_key.len(), 6);
    assert!(per_key.values().all(|&n| n == 200), "{per_key:?}");
    assert!(late > 0);
    let ids: HashSet<_> = consumed.iter().map(|m| m.raw.clone()).collect();
    assert_eq!(ids.len(), 1200, "no duplicates");
}

#[test]
fn sigterm_ends_a_kafka_stream_with_its_summary_and_everything_acked_is_in_the_topic() {
    let broker = Broker::start();
    let topic = topic_name("stream-sigterm");
    broker.create_topic(&topic, 2);
    let child = std::process::Command::new(reefer_test_support::reefer_binary())
        .args(["stream", "--kafka", "--containers", "4", "--rate", "400"])
        .envs(broker.env_for(&topic))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Until stopped: let it send for a while, then stop it as a pod is stopped.
    std::thread::sleep(Duration::from_secs(3));
    StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("reefer: stopped "))
        .unwrap_or_else(|| panic!("no summary: {stderr}"));
    let number_before = |word: &str| -> usize {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let at = words.iter().position(|w| *w == word).unwrap();
        words[at - 1].parse().unwrap()
    };
    let sent = number_before("records");
    let acked = number_before("acknowledged");
    assert!(sent > 100, "{summary}");
    assert_eq!(
        acked, sent,
        "every record sent before SIGTERM is acked: {summary}"
    );
    let consumed = broker.read_back(&topic, acked);
    assert_eq!(consumed.len(), acked, "{summary}");
}

#[test]
fn an_hourly_rcm_fleet_wears_over_simulated_days_with_its_remaining_useful_life() {
    // Two containers whose compressors wear, reporting every hour for 60 simulated days.
    let out = reefer()
        .args("stream -q --containers 2 --stype compressorwear".split(' '))
        .args("--clock simulated --rate 100000 --records 2880".split(' '))
        .args(["--seed", "4", "--start", START, "--interval", "1h"])
        .args(["--profile", "rcm", "--ground-truth", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (time, duty, rul, mode) = (
        column("measurement_time"),
        column("compressor_duty"),
        column("remaining_useful_life_minutes"),
        column("failure_mode"),
    );
    assert!(column("supply_air_temperature") < column("fault_type"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2880);
    assert!(
        rows.iter().all(|r| r.len() == header.len()),
        "the header's columns"
    );
    let (code, nuisance) = (column("alarm_code"), column("alarm_nuisance"));
    assert_eq!(nuisance, header.len() - 1);
    for r in &rows {
        let marked = ["AL25", "AL54", "AL56", "AL57"].contains(&r[code]);
        assert_eq!(r[nuisance], if marked { "True" } else { "False" }, "{r:?}");
    }
    for container in ["C0001", "C0002"] {
        let own: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == container).collect();
        assert_eq!(own.len(), 1440, "60 days of hourly readings");
        let t = |r: &Vec<&str>| r[time].parse::<Timestamp>().unwrap().unix_seconds();
        assert!(
            own.windows(2).all(|w| t(w[1]) - t(w[0]) == 3600),
            "an hour apart"
        );
        let ruls: Vec<u64> = own.iter().map(|r| r[rul].parse().unwrap()).collect();
        let falling = ruls
            .windows(2)
            .filter(|w| w[0] > 0 && w[1] > 0 && w[1] < w[0])
            .all(|w| w[0] - w[1] == 60);
        assert!(falling, "{container}: the RUL falls by an hour a reading");
        assert!(own.iter().all(|r| r[mode] == "compressor_wear"));
        assert!(own.iter().all(|r| r[duty].parse::<f64>().is_ok()));
    }
    // Over 60 days (a life of about 50), some container fails and its RUL reaches 0.
    assert!(
        rows.iter().any(|r| r[rul] == "0"),
        "a failure within the span"
    );
}

#[test]
fn legacy_events_refuse_the_rcm_profile_and_json_events_carry_it() {
    let refused = reefer()
        .args("stream --containers 1 --records 1 --profile rcm".split(' '))
        .args(["--format", "event", "--payload-format", "legacy"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8_lossy(&refused);
    assert!(
        stderr.contains("--profile") && stderr.contains("no room for the rcm"),
        "{stderr}"
    );
    let out = reefer()
        .args("stream -q --containers 3 --records 30 --profile rcm".split(' '))
        .args("--clock simulated --rate 100000 --seed 2 --start".split(' '))
        .arg(START)
        .args(["--interval", "15m", "--format", "event"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let events = json_lines(&out);
    assert_eq!(events.len(), 30);
    for (k, e) in events.iter().enumerate() {
        let payload = &e["payload"];
        assert!(payload["supply_air_temperature"].is_number(), "{payload}");
        assert!(payload["power_on"].is_boolean());
        let expected = START
            .parse::<Timestamp>()
            .unwrap()
            .checked_add_seconds((k / 3) as i64 * 900)
            .unwrap()
            .to_string();
        assert_eq!(e["timestamp"], expected, "15 minutes per reading");
        reefer_shared::encoding::read_payload(payload).unwrap();
    }
}
