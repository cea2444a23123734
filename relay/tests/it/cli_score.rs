//! `reefer score`, the reference scorer, as a user runs it: the real binary on the real test
//! broker, fed by `reefer stream`, read back from the containers topic.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{Message, Offset, TopicPartitionList};
use reefer_test_support::{reefer, reefer_binary, topic_name, Broker};

const STREAM: [&str; 16] = [
    "stream",
    "--containers",
    "6",
    "--stype",
    "powerfailure",
    "--clock",
    "simulated",
    "--rate",
    "2000",
    "--records",
    "3000",
    "--seed",
    "3",
    "--start",
    "2026-01-01 00:00:00",
    "-q",
];

/// Every message of `topic` until 4 s pass without one after the first (or `timeout`):
/// (key, JSON).
fn read_all(bootstrap: &str, topic: &str, timeout: Duration) -> Vec<(String, serde_json::Value)> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", format!("test-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let (deadline, mut last) = (Instant::now() + timeout, None::<Instant>);
    let mut out = Vec::new();
    while Instant::now() < deadline && last.is_none_or(|t| t.elapsed() < Duration::from_secs(4)) {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(100)) {
            let key = String::from_utf8_lossy(m.key().unwrap_or_default()).into_owned();
            out.push((
                key,
                serde_json::from_slice(m.payload().unwrap_or_default()).unwrap(),
            ));
            last = Some(Instant::now());
        }
    }
    out
}

trait Stderr {
    fn wait_with_output_ref(&mut self) -> String;
}

impl Stderr for Child {
    fn wait_with_output_ref(&mut self) -> String {
        let _ = self.wait();
        let mut text = String::new();
        if let Some(mut err) = self.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut err, &mut text);
        }
        text
    }
}

fn scorer(broker: &Broker, telemetry: &str, containers: &str, group: &str) -> Child {
    Command::new(reefer_binary())
        .args(["score", "--group", group, "--duration-secs", "120"])
        .envs(broker.env_for(telemetry))
        .env("CONTAINER_TOPIC", containers)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The ground truth's fault type of each (container, measurement_time) of the stream.
fn truth() -> BTreeMap<(String, String), String> {
    let out = reefer()
        .args(STREAM)
        .arg("--ground-truth")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_owned();
            ((s("container_id"), s("measurement_time")), s("fault_type"))
        })
        .collect()
}

#[test]
fn a_power_failure_stream_is_flagged_once_per_fault_in_the_original_envelope_by_one_group() {
    let broker = Broker::start();
    let (telemetry, containers) = (
        topic_name("score-telemetry"),
        topic_name("score-containers"),
    );
    broker.create_topic(&telemetry, 3);
    broker.create_topic(&containers, 1);
    // Two replicas in one group share the partitions: no container is scored twice.
    let mut replicas = [
        scorer(&broker, &telemetry, &containers, "score-test"),
        scorer(&broker, &telemetry, &containers, "score-test"),
    ];
    // Both join the group (the broker settles the assignment) before the stream starts.
    std::thread::sleep(Duration::from_secs(8));
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    reefer()
        .args(STREAM)
        .arg("--kafka")
        .envs(broker.env_for(&telemetry))
        .assert()
        .success();
    let events = read_all(&broker.bootstrap(), &containers, Duration::from_secs(60));
    let mut logs = String::new();
    for child in &mut replicas {
        let _ = child.kill();
        let out = child.wait_with_output_ref();
        logs.push_str(&out);
    }
    let truth = truth();
    assert!(
        !events.is_empty(),
        "no maintenance event; the scorers said: {logs}"
    );
    let mut flagged = BTreeSet::new();
    let mut in_fault = 0;
    for (key, e) in &events {
        assert_eq!(e["type"], "ContainerMaintenance", "{e}");
        assert_eq!(e["version"], "1", "{e}");
        let at = e["timestamp"].as_i64().expect("an epoch timestamp");
        assert!(at >= started - 1 && at < started + 300, "{at} vs {started}");
        assert_eq!(e["containerID"], key.as_str(), "keyed by container id");
        let p = &e["payload"];
        assert_eq!(p["containerID"], key.as_str());
        assert_eq!(p["status"], "MaintenanceNeeded");
        assert!(p["score"].as_f64().unwrap() >= 0.5);
        let time = p["measurement_time"].as_str().unwrap().to_owned();
        let fault = &truth[&(key.clone(), time.clone())];
        in_fault += usize::from(fault == "power_failure");
        // One flag per fault: never the same reading twice.
        assert!(flagged.insert((key.clone(), time)), "flagged twice: {e}");
    }
    let containers_flagged: BTreeSet<&String> = events.iter().map(|(k, _)| k).collect();
    assert_eq!(
        containers_flagged.len(),
        6,
        "every container fails in 10 days"
    );
    assert!(
        in_fault * 10 >= events.len() * 9,
        "{in_fault} of {} flags inside a power failure",
        events.len()
    );
    // At most one flag per power failure episode of a container.
    let episodes: usize = truth
        .iter()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| {
            w[0].0 .0 == w[1].0 .0 && w[1].1 == "power_failure" && w[0].1 != "power_failure"
        })
        .count()
        + truth
            .iter()
            .filter(|((_, t), f)| t == "2026-01-01 00:00:00" && *f == "power_failure")
            .count();
    assert!(
        events.len() <= episodes,
        "{} flags for {episodes} episodes",
        events.len()
    );
}

#[test]
fn train_writes_the_shipped_weights_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("weights.json");
    reefer()
        .args(["score", "train", "--out"])
        .arg(&out)
        .assert()
        .success();
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/src/score/weights.json"
    );
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        std::fs::read_to_string(shipped).unwrap()
    );
}

#[test]
fn score_without_a_cluster_or_with_a_bad_group_is_refused_naming_it() {
    let out = reefer()
        .args(["score"])
        .env_remove("KAFKA_BROKERS")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KAFKA_BROKERS"));
    let out = reefer()
        .args(["score", "--group", " "])
        .env("KAFKA_BROKERS", "127.0.0.1:9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--group"));
}
