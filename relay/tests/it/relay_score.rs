//! `reefer serve --score`: the relay runs the reference scorer, reads the maintenance events
//! back from the containers topic, and names the fault of its own stream that caused each one,
//! with the detection delay. The real relay on the real test broker.

use std::time::{Duration, Instant};

use reefer_test_support::{topic_name, Broker, Relay};
use serde_json::{json, Value};

#[test]
fn a_power_failure_stream_is_flagged_and_each_flag_names_its_fault_and_delay() {
    let broker = Broker::start();
    let (telemetry, containers) = (topic_name("serve-score"), topic_name("serve-containers"));
    broker.create_topic(&telemetry, 3);
    broker.create_topic(&containers, 1);
    let bootstrap = broker.bootstrap();
    let relay = Relay::start(
        &["--score"],
        &[
            ("KAFKA_BROKERS", bootstrap.as_str()),
            ("TELEMETRY_TOPIC", telemetry.as_str()),
            ("CONTAINER_TOPIC", containers.as_str()),
            ("REEFER_SCORE_GROUP", "serve-score-test"),
        ],
    );
    let empty = relay.get_json("/api/maintenance");
    assert_eq!(empty["scorer"], true, "{empty}");
    // The scorer joins its group before the stream starts (it reads from the latest offset).
    std::thread::sleep(Duration::from_secs(6));
    let response = relay.control(&json!({"containers": 4, "simulation": "powerfailure",
        "rate": 200, "clock": "simulated", "duration_seconds": 20, "seed": 4}));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut flagged: Vec<Value> = Vec::new();
    while Instant::now() < deadline && flagged.len() < 4 {
        let view = relay.get_json("/api/maintenance?limit=500");
        flagged = view["events"].as_array().cloned().unwrap_or_default();
        std::thread::sleep(Duration::from_millis(500));
    }
    let _ = relay.delete_json(&location);
    assert!(flagged.len() >= 4, "{flagged:?}\n{}", relay.logs());
    let explained: Vec<&Value> = flagged
        .iter()
        .filter(|f| f["fault_type"] == "power_failure")
        .collect();
    assert!(
        explained.len() * 10 >= flagged.len() * 9,
        "most flags name the power failure: {flagged:?}"
    );
    for f in &explained {
        let event = &f["event"];
        assert_eq!(event["type"], "ContainerMaintenance");
        assert_eq!(event["version"], "1");
        assert!(event["containerID"].as_str().unwrap().starts_with('C'));
        let onset = f["fault_onset"].as_str().unwrap();
        let reading = event["payload"]["measurement_time"].as_str().unwrap();
        assert!(
            onset <= reading,
            "the fault began before the flagged reading: {f}"
        );
        let delay = f["detection_delay_seconds"].as_f64().unwrap();
        assert!((0.0..15.0).contains(&delay), "a delay in seconds: {f}");
    }
    // Once the stream has ended (stopped above) and its containers' first episodes have rotated
    // out of the few kept, the relay still names those flags' faults: a panel opened afterwards
    // does not call them false alarms.
    let ended = Instant::now() + Duration::from_secs(10);
    while Instant::now() < ended && relay.get_json(&location)["state"] == "running" {
        std::thread::sleep(Duration::from_millis(200));
    }
    let later = relay.get_json("/api/maintenance?limit=500");
    let named_later = later["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fault_type"] == "power_failure")
        .count();
    assert!(
        named_later >= explained.len(),
        "after the stream ended, {named_later} flags name their fault, {} did while it ran",
        explained.len()
    );
    // Paging: nothing after the last one.
    let last = relay.get_json("/api/maintenance")["last"].as_u64().unwrap();
    let after = relay.get_json(&format!("/api/maintenance?after={last}"));
    assert_eq!(after["events"].as_array().unwrap().len(), 0);
    let (status, body) = reefer_test_support::json(
        reefer_test_support::http()
            .get(relay.at("/api/maintenance?after=x"))
            .send()
            .unwrap(),
    );
    assert_eq!((status, body["field"].as_str()), (422, Some("after")));
}
