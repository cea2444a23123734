//! The drop-in, held from the consumers' side: events in the `legacy` payload format, read back
//! from the real test broker, parsed the way the original solution's scoring agents parse them
//! — the Java scorer's strip-and-split with the Java library's own number parsing
//! (`tests/consumers/LegacyTelemetryParse.java`, compiled here with `javac`) and the Python
//! agent's `json.loads` + `eval` / `ast.literal_eval` (`tests/consumers/legacy_scoring_agent.py`,
//! Debian's `python3`) — equal the CLI's CSV row for the same spec and seed, value for value
//! and bit for bit, including values such as `1e-05` and negative zero.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use reefer_shared::encoding::legacy::push_python_float;
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};
use reefer_test_support::{
    consume, http, reefer, relay_on_new_broker, succeeded, topic_name, usage_refusal, wait_for,
    Broker, Relay,
};
use serde_json::{json, Value};

const START: &str = "2026-12-01 18:45:00";

fn consumers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/consumers")
}

/// Feeds `lines` to a program's stdin; its stdout lines.
fn pipe(mut command: Command, lines: &[String]) -> Vec<String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let input = lines.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{command:?} failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The Java scorer's parse of each payload (compiled once per test run).
fn java_parse(payloads: &[String]) -> Vec<String> {
    static CLASSES: OnceLock<PathBuf> = OnceLock::new();
    let classes = CLASSES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("reefer-java-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let status = Command::new("javac")
            .args(["-d", dir.to_str().unwrap()])
            .arg(consumers_dir().join("LegacyTelemetryParse.java"))
            .status()
            .expect("javac (scripts/setup.sh installs Debian's openjdk-17-jdk-headless)");
        assert!(status.success(), "javac failed");
        dir
    });
    let mut java = Command::new("java");
    java.args(["-cp", classes.to_str().unwrap(), "LegacyTelemetryParse"]);
    pipe(java, payloads)
}

/// The Python agent's reading of each event value.
fn python_parse(values: &[String]) -> Vec<String> {
    let mut python = Command::new("/usr/bin/python3");
    python.arg(consumers_dir().join("legacy_scoring_agent.py"));
    pipe(python, values)
}

/// What both consumers read from these events must be `rows` (CSV rows, as text).
fn assert_consumers_read(values: &[String], rows: &[Vec<String>]) {
    let payloads: Vec<String> = values
        .iter()
        .map(|v| {
            let event: Value = serde_json::from_str(v).unwrap();
            event["payload"]
                .as_str()
                .expect("a string payload")
                .to_owned()
        })
        .collect();
    let java = java_parse(&payloads);
    let python = python_parse(values);
    assert_eq!((java.len(), python.len()), (rows.len(), rows.len()));
    let bits = |text: &str| format!("{:x}", text.parse::<f64>().unwrap().to_bits());
    for (i, row) in rows.iter().enumerate() {
        let j: Vec<&str> = java[i].split('\t').collect();
        let p: Vec<&str> = python[i].split('\t').collect();
        assert_eq!(j.len(), 20, "Java refused event {i}: {}", java[i]);
        assert_eq!(p.len(), 20, "Python refused event {i}: {}", python[i]);
        for (c, csv) in row.iter().enumerate() {
            let (java_value, python_value) = (j[c], p[c]);
            let what = format!("event {i}, column {c} ({csv})");
            match c {
                0..=2 => {
                    assert_eq!(java_value, csv, "{what}");
                    assert_eq!(python_value, format!("str:{csv}"), "{what}");
                }
                7..=9 | 19 => {
                    // Integers: bare in the tuple (time_door_open is a double for Java).
                    let expected = if c == 7 { bits(csv) } else { csv.clone() };
                    assert_eq!(java_value, expected, "{what}");
                    assert_eq!(python_value, format!("int:{csv}"), "{what}");
                }
                14..=16 => {
                    assert_eq!(java_value, csv.to_lowercase(), "{what}");
                    assert_eq!(python_value, format!("bool:{csv}"), "{what}");
                }
                17 | 18 => {
                    assert_eq!(java_value, bits(csv), "{what}");
                    let text = python_value.strip_prefix("str:").expect("a string");
                    assert_eq!(bits(text), bits(csv), "{what}");
                }
                _ => {
                    assert_eq!(java_value, bits(csv), "{what}");
                    let text = python_value.strip_prefix("float:").expect("a float");
                    assert_eq!(bits(text), bits(csv), "{what}");
                }
            }
        }
    }
}

/// The CLI's CSV rows of a spec, as text.
fn csv_rows(args: &[&str]) -> Vec<Vec<String>> {
    let out = reefer()
        .args(["generate", "-q", "--file", "-"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success());
    csv::Reader::from_reader(&out.stdout[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Reads `n` events back from the topic: each, and its value's text.
fn read_back(
    broker: &Broker,
    topic: &str,
    n: usize,
) -> (Vec<reefer_test_support::Consumed>, Vec<String>) {
    let events = consume(&broker.bootstrap(), topic, n, Duration::from_secs(60), &[]);
    assert_eq!(events.len(), n);
    let values = events
        .iter()
        .map(|e| String::from_utf8(e.raw.clone()).unwrap())
        .collect();
    (events, values)
}

/// A relay sending legacy events to a fresh topic of a new broker.
fn legacy_relay(test: &str, partitions: u32) -> (Broker, String, Relay) {
    relay_on_new_broker(
        test,
        partitions,
        &[],
        &[("TELEMETRY_PAYLOAD_FORMAT", "legacy")],
    )
}

#[test]
fn legacy_events_from_control_parse_in_the_original_consumers_as_the_cli_csv() {
    let (broker, topic, relay) = legacy_relay("legacy-control", 3);
    // As `curl -d @body.json` sends it: form-encoded, no Origin.
    let body = json!({"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 600,
                      "product_id": "P02", "seed": 42, "start": START});
    let answer = http()
        .post(relay.at("/control"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .unwrap();
    assert_eq!(answer.status(), 202);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let job = wait_for(&relay, &location, |j| j["state"] != "running");
    assert_eq!(job["acked"], 600, "{job}");

    let (events, values) = read_back(&broker, &topic, 600);
    assert!(events
        .iter()
        .all(|e| e.payload_format == "legacy" && e.key == "C02"));
    let rows = csv_rows(&[
        "--stype",
        "co2sensor",
        "--cid",
        "C02",
        "--product_id",
        "P02",
        "--records",
        "600",
        "--seed",
        "42",
        "--start",
        START,
    ]);
    assert!(
        rows.iter().any(|r| r[19] == "1"),
        "co2sensor labels some rows"
    );
    assert_consumers_read(&values, &rows);
}

/// Records with values whose text is unusual: exponents, negative zero, extremes.
fn awkward_records() -> Vec<TelemetryRecord> {
    let spec =
        GenerationSpec::from_fields("C04", "P01", "poweroff", "12", START, "5", "0").unwrap();
    let values = [
        1e-05, -0.0, 0.0001, 1.5e-07, 1e16, 1e15, 123456.789, 5e-324, -2.5e-5, 0.1, 1e22, -0.0,
    ];
    Generator::new(spec)
        .zip(values)
        .map(|(mut r, v)| {
            r.temperature = v;
            r.kilowatts = -v;
            r.carbon_dioxide = v * 3.0;
            r
        })
        .collect()
}

#[test]
fn exponents_and_negative_zero_reach_the_original_consumers_exactly() {
    let (broker, topic, relay) = legacy_relay("legacy-awkward", 1);
    let records = awkward_records();
    let mut body = Vec::new();
    reefer_shared::encoding::write_batch(&mut body, &records);
    let answer = relay.post("/api/batches", body);
    assert_eq!(answer.status(), 200, "{}", answer.text().unwrap());
    let (events, values) = read_back(&broker, &topic, 12);
    let payload = events[0].value["payload"].as_str().unwrap();
    assert!(
        payload.contains(", 1e-05, ") && payload.contains(", -1e-05, "),
        "{payload}"
    );
    assert!(events[1].value["payload"]
        .as_str()
        .unwrap()
        .contains(", -0.0, "));
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let mut line = Vec::new();
            reefer_shared::encoding::write_csv_record(&mut line, r);
            let text = String::from_utf8(line).unwrap();
            text.trim_end().split(',').map(str::to_owned).collect()
        })
        .collect();
    assert_consumers_read(&values, &rows);
}

#[test]
fn floats_are_written_as_python_repr_writes_them() {
    // 20 000 doubles: random bit patterns, every power of ten's neighbourhood (where the
    // notation switches), whole numbers and subnormals; Python's own repr is the reference.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values: Vec<f64> = (0..12_000)
        .map(|_| f64::from_bits(next()))
        .filter(|v| v.is_finite())
        .collect();
    for exponent in -30..=30 {
        let p = 10f64.powi(exponent);
        let (up, down) = (
            f64::from_bits(p.to_bits() + 1),
            f64::from_bits(p.to_bits() - 1),
        );
        values.extend([p, -p, p * 1.5, up, down, p * 9.999]);
    }
    values.extend((0..2000).map(|i| f64::from(i) * 0.25 - 250.0));
    values.extend([
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
    ]);
    values.extend((0..4000).map(|_| (next() % 4000) as f64 / 100.0 - 20.0));
    let hex: Vec<String> = values.iter().map(|v| hex_float(*v)).collect();
    let mut python = Command::new("/usr/bin/python3");
    python
        .arg(consumers_dir().join("legacy_scoring_agent.py"))
        .arg("--repr");
    let reprs = pipe(python, &hex);
    assert_eq!(reprs.len(), values.len());
    let mut differ = Vec::new();
    for (value, repr) in values.iter().zip(&reprs) {
        let mut ours = Vec::new();
        push_python_float(&mut ours, *value);
        if String::from_utf8(ours).unwrap() != *repr {
            differ.push(repr.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} differ, e.g. {:?}",
        differ.len(),
        values.len(),
        &differ[..differ.len().min(5)]
    );
}

/// A double as Python's `float.fromhex` reads it: exact.
fn hex_float(value: f64) -> String {
    let bits = value.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let mantissa = bits & ((1 << 52) - 1);
    if exponent == 0 {
        format!("{sign}0x0.{mantissa:013x}p-1022")
    } else {
        format!("{sign}0x1.{mantissa:013x}p{}", exponent - 1023)
    }
}

#[test]
fn ground_truth_with_the_legacy_format_is_refused_and_nothing_is_sent() {
    let (broker, topic, relay) = legacy_relay("legacy-truth", 1);
    // Nor have the rcm profile's readings a place in the tuple.
    for (body, field, why) in [
        (
            json!({"containerID": "C02", "simulation": "poweroff", "nb_of_records": 10, "ground_truth": true}),
            "ground_truth",
            "legacy",
        ),
        (
            json!({"containers": 3, "simulation": "mixed", "rate": 10, "nb_of_records": 10, "ground_truth": true}),
            "ground_truth",
            "legacy",
        ),
        (
            json!({"containerID": "C02", "simulation": "refrigerantleak", "nb_of_records": 10, "profile": "rcm"}),
            "profile",
            "20-value tuple",
        ),
        (
            json!({"containers": 3, "simulation": "mixed", "rate": 10, "nb_of_records": 10, "profile": "rcm"}),
            "profile",
            "20-value tuple",
        ),
    ] {
        let answer = http()
            .post(relay.at("/control"))
            .json(&body)
            .send()
            .unwrap();
        assert_eq!(answer.status(), 422);
        let error: Value = answer.json().unwrap();
        assert_eq!(error["field"], field, "{error}");
        assert!(error["error"].as_str().unwrap().contains(why), "{error}");
    }
    let arrived = consume(&broker.bootstrap(), &topic, 1, Duration::from_secs(3), &[]);
    assert!(arrived.is_empty(), "nothing reaches Kafka");

    // The same rule on the command line, before anything is sent.
    for args in [
        vec!["generate", "--kafka", "--ground-truth"],
        vec!["stream", "--kafka", "--ground-truth"],
        vec![
            "stream",
            "--format",
            "event",
            "--ground-truth",
            "--records",
            "3",
        ],
    ] {
        let out = reefer()
            .args(&args)
            .envs(broker.env_for(&topic))
            .env("TELEMETRY_PAYLOAD_FORMAT", "legacy")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--ground-truth") && stderr.contains("legacy"),
            "{stderr}"
        );
    }
    // A bad format is named.
    let out = reefer()
        .args("stream --format event --payload-format avro --records 3".split(' '))
        .output()
        .unwrap();
    let stderr = usage_refusal(&out);
    assert!(
        stderr.contains("--payload-format") && stderr.contains("legacy"),
        "{stderr}"
    );
    let arrived = consume(&broker.bootstrap(), &topic, 1, Duration::from_secs(2), &[]);
    assert!(arrived.is_empty(), "nothing reaches Kafka");
}

#[test]
fn generate_and_stream_send_legacy_events_too() {
    let broker = Broker::start();
    let topic = topic_name("legacy-cli");
    broker.create_topic(&topic, 1);
    let spec = [
        "--stype",
        "o2sensor",
        "--cid",
        "C03",
        "--product_id",
        "P04",
        "--records",
        "250",
        "--seed",
        "9",
        "--start",
        START,
    ];
    succeeded(
        reefer()
            .args(["generate", "-q", "--kafka", "--payload-format", "legacy"])
            .args(spec)
            .envs(broker.env_for(&topic))
            .output()
            .unwrap(),
    );
    let (_, values) = read_back(&broker, &topic, 250);
    assert_consumers_read(&values, &csv_rows(&spec));

    // `reefer stream --format event` writes the same events to stdout (the env variable
    // chooses the format), each one a legacy event by its schema.
    let out = succeeded(
        reefer()
            .args("stream -q --format event --containers C01,C02 --stype poweroff --clock simulated --rate 100000 --records 40 --seed 1 --start".split(' '))
.arg(START)
            .env("TELEMETRY_PAYLOAD_FORMAT", "legacy")
            .output()
            .unwrap(),
    );
    let schema = reefer_test_support::schema("telemetry-event.legacy.v1.schema.json");
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 40);
    for line in &lines {
        let event: Value = serde_json::from_str(line).unwrap();
        assert!(schema.is_valid(&event), "{line}");
    }
    let python = python_parse(&lines);
    assert!(
        python.iter().all(|l| l.split('\t').count() == 20),
        "{python:?}"
    );

    // Why the format exists: the original agent cannot read our json events.
    let out = reefer()
        .args("stream -q --format event --containers C01 --clock simulated --rate 100000 --records 5 --seed 1 --start".split(' '))
.arg(START)
        .env_remove("TELEMETRY_PAYLOAD_FORMAT")
        .output()
        .unwrap();
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 5);
    for answer in python_parse(&lines) {
        assert_eq!(answer, "REFUSED eval() arg 1 must be a string, not dict");
    }
}
