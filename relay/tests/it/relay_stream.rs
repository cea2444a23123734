//! Streaming `/control` jobs against a real Kafka-protocol broker (Tansu on 127.0.0.1): start,
//! watch, stop, the fleet view, and what the broker holds afterwards.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use reefer_test_support::{
    consume, http, relay_on, relay_on_new_broker, topic_name, wait_for, Broker,
};
use serde_json::{json, Value};

#[test]
fn a_timed_fleet_stream_sends_exactly_its_schedule_and_every_container_reports() {
    let (broker, topic, relay) = relay_on_new_broker("stream", 3, &[], &[]);
    let response = relay.control(
        &json!({"containers": 20, "simulation": "mixed", "rate": 150, "duration_seconds": 3,
                "seed": 9, "ground_truth": true}),
    );
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job: Value = response.json().unwrap();
    assert_eq!(
        (job["kind"].as_str(), job["state"].as_str()),
        (Some("stream"), Some("running"))
    );
    assert_eq!(job["containers"], 20);

    // Watched while it runs: the fleet view fills up.
    std::thread::sleep(Duration::from_millis(1500));
    let fleet = relay.get_json(&format!("{location}/fleet"));
    assert_eq!(fleet["containers"], 20);
    assert_eq!(fleet["members"].as_array().unwrap().len(), 20, "{fleet}");
    assert_eq!(fleet["members"][0]["containerID"], "C0001");
    assert!(fleet["members"][0]["fault_type"].is_string());
    let metrics = relay.text("/metrics");
    let id = job["id"].as_str().unwrap();
    assert!(
        metrics.contains(&format!(
            "reefer_relay_stream_events_per_second{{job=\"{id}\",rate=\"asked\"}} 150"
        )),
        "{metrics}"
    );
    assert!(metrics.contains(&format!("reefer_relay_stream_lag_events{{job=\"{id}\"}}")));

    let job = wait_for(&relay, &location, |j| {
        j["state"] != "running" && j["acked"] == j["generated"]
    });
    assert_eq!(job["state"], "completed", "{job}");
    // The schedule fixes the count: 150/s for 3 s.
    assert_eq!(
        (job["generated"].as_u64(), job["acked"].as_u64()),
        (Some(450), Some(450)),
        "{job}"
    );
    let achieved = job["achieved_rate"].as_f64().unwrap();
    assert!((achieved - 150.0).abs() < 3.0, "{job}");

    let consumed = broker.read_back(&topic, 450);
    assert_eq!(consumed.len(), 450);
    let mut per_key: HashMap<&str, usize> = HashMap::new();
    for m in &consumed {
        *per_key.entry(m.key.as_str()).or_default() += 1;
        assert!(
            m.value["payload"]["fault_class"].is_string(),
            "ground truth in the payload"
        );
    }
    assert_eq!(per_key.len(), 20);
    assert!(
        per_key
            .values()
            .all(|&n| n == 450 / 20 || n == 450 / 20 + 1),
        "{per_key:?}"
    );
    assert!(relay
        .get_json("/control/jobs")
        .as_array()
        .unwrap()
        .iter()
        .any(|j| j["id"] == job["id"]));
}

#[test]
fn a_stream_runs_until_deleted_and_then_sends_nothing_more() {
    let (broker, topic, relay) = relay_on_new_broker("stop", 1, &["--max-streams", "1"], &[]);
    let response =
        relay.control(&json!({"containerID": "C09", "simulation": "powerfailure", "rate": 0.5}));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    // A fractional rate: one event every 2 s, the first at once.
    let job = wait_for(&relay, &location, |j| j["acked"].as_u64() >= Some(1));
    assert_eq!(job["product_id"], "P02", "one container: P02 as in a batch");

    // One stream is the limit here: a second is refused while the first runs.
    let second = relay.control(&json!({"containers": 2, "simulation": "normal", "rate": 1}));
    assert_eq!(second.status(), 503);
    assert!(second.headers().contains_key("retry-after"));

    let stopped = relay.delete_json(&location);
    assert_eq!(stopped["state"], "stopped", "{stopped}");
    let sent = stopped["generated"].as_u64().unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let after = relay.get_json(&location);
    assert_eq!(
        after["generated"].as_u64(),
        Some(sent),
        "nothing after the stop"
    );
    assert_eq!(after["acked"].as_u64(), Some(sent));
    assert_eq!(
        consume(
            &broker.bootstrap(),
            &topic,
            sent as usize,
            Duration::from_secs(20),
            &[]
        )
        .len() as u64,
        sent
    );

    // Now there is room for another.
    assert_eq!(
        relay
            .control(
                &json!({"containers": 2, "simulation": "normal", "rate": 1, "duration_seconds": 1})
            )
            .status(),
        202
    );
}

#[test]
fn bad_streams_and_stops_get_clear_answers() {
    let (_broker, _topic, relay) =
        relay_on_new_broker("badstream", 1, &["--max-stream-rate", "500"], &[]);
    let cases = [
        (
            json!({"containers": 5, "simulation": "normal", "rate": 501}),
            "rate",
            "500 on this relay",
        ),
        (
            json!({"containers": 5, "simulation": "normal", "rate": -1}),
            "rate",
            "records per second",
        ),
        (
            json!({"containers": 0, "simulation": "normal", "rate": 1}),
            "containers",
            "1 to 100000",
        ),
        (
            json!({"containers": ["A", "A"], "simulation": "normal", "rate": 1}),
            "containers[1]",
            "twice",
        ),
        (
            json!({"containers": 2, "simulation": ["normal", "warp"], "rate": 1}),
            "simulation[1]",
            "expected one of",
        ),
        (
            json!({"containers": 2, "simulation": "normal", "rate": 1, "clock": "fast"}),
            "clock",
            "wall or simulated",
        ),
        (
            json!({"containers": 2, "simulation": "normal", "rate": 1, "duration_seconds": 0}),
            "duration_seconds",
            "1 to 604800",
        ),
        (
            json!({"containers": 2, "simulation": "normal", "rate": 1, "speed": 2}),
            "speed",
            "unknown field",
        ),
    ];
    for (body, field, hint) in cases {
        let response = relay.post("/control", body.to_string());
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().unwrap();
        assert_eq!(error["field"], field, "{body}: {error}");
        assert!(
            error["error"].as_str().unwrap().contains(hint),
            "{body}: {error}"
        );
    }
    assert_eq!(
        http()
            .delete(relay.at("/control/jobs/nope"))
            .send()
            .unwrap()
            .status(),
        404
    );
    let batch =
        relay.control(&json!({"containerID": "C01", "simulation": "normal", "nb_of_records": 5}));
    let location = batch.headers()["location"].to_str().unwrap().to_owned();
    let refused = http().delete(relay.at(&location)).send().unwrap();
    assert_eq!(refused.status(), 409);
    assert_eq!(
        http()
            .get(relay.at(&format!("{location}/fleet")))
            .send()
            .unwrap()
            .status(),
        404
    );
    let stream = relay.control(
        &json!({"containers": 3, "simulation": "normal", "rate": 10, "duration_seconds": 1}),
    );
    let location = stream.headers()["location"].to_str().unwrap().to_owned();
    let page = http()
        .get(relay.at(&format!("{location}/fleet?limit=0")))
        .send()
        .unwrap();
    assert_eq!(page.status(), 422);
    let page = http()
        .get(relay.at(&format!("{location}/fleet?offset=x")))
        .send()
        .unwrap();
    assert_eq!(page.status(), 422);
}

#[test]
fn a_rate_the_broker_cannot_take_fails_the_stream_with_the_reason() {
    let mut broker = Broker::start();
    let topic = topic_name("behind");
    broker.create_topic(&topic, 1);
    // A small producer queue and a stopped broker: the queue fills and the stream falls behind.
    let relay = relay_on(&broker, &topic, &["--delivery-timeout-secs", "60"], &[]);
    broker.stop();
    let response =
        relay.control(&json!({"containers": 100, "simulation": "normal", "rate": 100000}));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = wait_for(&relay, &location, |j| j["state"] != "running");
    broker.resume();
    assert_eq!(job["state"], "failed", "{job}");
    let error = job["error"].as_str().unwrap();
    assert!(
        error.contains("cannot keep up with 100000 records/s"),
        "{error}"
    );
    assert!(error.contains("ask for a lower rate"), "{error}");
}

#[test]
fn sigterm_stops_a_running_stream_and_delivers_everything_it_sent() {
    let (broker, topic, relay) = relay_on_new_broker("sigterm", 2, &[], &[]);
    let response = relay.control(&json!({"containers": 50, "simulation": "mixed", "rate": 2000}));
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    wait_for(&relay, &location, |j| j["acked"].as_u64() > Some(1000));
    std::process::Command::new("kill")
        .args(["-TERM", &relay.pid().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let sent = loop {
        let logs = relay.logs();
        if let Some(line) = logs.lines().find(|l| l.contains("stream ended stopped")) {
            assert!(
                !line.contains('\u{1b}'),
                "no colour codes in a log that is not a terminal"
            );
            let sent: u64 = line
                .split("sent=")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no count in {line:?}"));
            break sent;
        }
        assert!(
            Instant::now() < deadline,
            "the stream did not end at SIGTERM: {logs}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let consumed = broker.read_back(&topic, sent as usize);
    assert_eq!(
        consumed.len() as u64,
        sent,
        "every record the stream sent is in the topic"
    );
}

#[test]
fn rcm_readings_every_15_minutes_reach_the_topic_from_a_stream_and_a_batch() {
    let (broker, topic, relay) = relay_on_new_broker("stream-rcm", 2, &[], &[]);
    // A backfill of 4 wearing containers at 15-minute readings, with the rcm profile.
    let response = relay.control(&json!({
        "containers": 4, "simulation": "refrigerantleak", "rate": 2000, "nb_of_records": 400,
        "clock": "simulated", "start": "2026-03-01 00:00:00", "seed": 6, "ground_truth": true,
        "interval_minutes": 15, "profile": "rcm"
    }));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = wait_for(&relay, &location, |j| {
        j["state"] != "running" && j["acked"] == j["generated"]
    });
    assert_eq!(
        (job["state"].as_str(), job["acked"].as_u64()),
        (Some("completed"), Some(400))
    );
    // And a batch of one container, hourly.
    let answer = relay.control(&json!({
        "containerID": "C77", "simulation": "fanfailure", "nb_of_records": 100, "seed": 2,
        "start": "2026-03-01 00:00:00", "interval_minutes": 60, "profile": "rcm"
    }));
    assert!(answer.status().is_success(), "{}", answer.status());
    // Read back (the support consumer checks every event against the published schema).
    let consumed = broker.read_back(&topic, 500);
    assert_eq!(consumed.len(), 500);
    let mut times: HashMap<String, Vec<String>> = HashMap::new();
    for event in &consumed {
        let payload = &event.value["payload"];
        assert!(payload["supply_air_temperature"].is_number(), "{payload}");
        assert!(payload["compressor_duty"].is_number(), "{payload}");
        assert!(payload["compressor_current"].is_number(), "{payload}");
        assert!(payload["alarm_code"].is_string(), "{payload}");
        times
            .entry(event.key.clone())
            .or_default()
            .push(event.value["timestamp"].as_str().unwrap().to_owned());
        if event.key != "C77" {
            assert!(
                payload["remaining_useful_life_minutes"].is_u64(),
                "{payload}"
            );
        }
    }
    let step = |key: &str| {
        let mut own = times[key].clone();
        own.sort();
        let t = |s: &str| {
            s.parse::<reefer_shared::Timestamp>()
                .unwrap()
                .unix_seconds()
        };
        own.windows(2)
            .map(|w| t(&w[1]) - t(&w[0]))
            .collect::<Vec<_>>()
    };
    assert!(step("C0001").iter().all(|&s| s == 900), "15 minutes apart");
    assert_eq!(times["C77"].len(), 100);
    assert!(step("C77").iter().all(|&s| s == 3600), "an hour apart");
}

#[test]
fn a_fleet_on_mixed_routes_travels_and_a_batch_must_name_its_route() {
    let (broker, topic, relay) = relay_on_new_broker("stream-routes", 2, &[], &[]);
    let response = relay.control(&json!({
        "containers": 6, "simulation": "normal", "rate": 5000, "nb_of_records": 6 * 600,
        "clock": "simulated", "start": "2026-01-01 00:00:00", "seed": 3, "route": "mixed",
        "ground_truth": true
    }));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = wait_for(&relay, &location, |j| {
        j["state"] != "running" && j["acked"] == j["generated"]
    });
    assert_eq!(job["state"], "completed", "{job}");
    let consumed = broker.read_back(&topic, 3600);
    let mut places: HashMap<String, (String, String)> = HashMap::new();
    let mut transfers = 0;
    for event in &consumed {
        let payload = &event.value["payload"];
        assert_ne!(payload["latitude"], "37.8226902168957", "{payload}");
        places.insert(
            event.key.clone(),
            (
                payload["latitude"].to_string(),
                payload["longitude"].to_string(),
            ),
        );
        if payload["fault_type"] == "transfer" {
            transfers += 1;
            assert_eq!(payload["maintenance_required"], 0);
        }
    }
    let distinct: std::collections::HashSet<&(String, String)> = places.values().collect();
    assert!(
        distinct.len() > 1,
        "containers travel their own routes: {places:?}"
    );
    assert!(
        transfers > 0,
        "some container changed stage within 50 hours"
    );

    let refused = relay.control(&json!({
        "containerID": "C02", "simulation": "normal", "nb_of_records": 10, "route": "mixed"
    }));
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().unwrap();
    assert_eq!(error["field"], "route", "{error}");
    let refused = relay.control(&json!({
        "containerID": "C02", "simulation": "normal", "nb_of_records": 10, "route": "atlantis"
    }));
    let error: Value = refused.json().unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("guayaquil-antwerp"),
        "{error}"
    );
}
