//! `reefer serve` against a real Kafka-protocol broker (Tansu on 127.0.0.1): what the relay
//! says it sent is what a consumer reads back.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use reefer_shared::encoding::{write_json_record, write_kafka_event_with_truth};
use reefer_shared::Generator;
use reefer_test_support::{
    batch_body, consume, http, kafka_events, records, reefer, relay_on_new_broker, spec, succeeded,
    topic_name, usage_refusal, Broker, Relay,
};
use serde_json::{json, Value};

#[test]
fn control_with_ground_truth_sends_late_events_late_with_their_truth() {
    let (broker, topic, relay) = relay_on_new_broker("truth", 1, &[], &[]);
    let response = relay.post("/control", br#"{"containerID": "C05", "simulation": "lateevents", "nb_of_records": 600, "seed": 8, "start": "2026-01-01 00:00:00", "ground_truth": true}"#.to_vec(),
    );
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = relay.wait_for_job(&location);
    assert_eq!(
        (job["state"].as_str(), job["acked"].as_u64()),
        (Some("completed"), Some(600)),
        "{job}"
    );

    // One key, one partition: the events arrive in the order they were sent, which is the
    // generator's delivery order, each with the ground truth in its payload.
    let consumed = broker.read_back(&topic, 600);
    let mut generator = Generator::new(spec("C05", "lateevents", 600, 8));
    let truth = generator.ground_truth();
    let mut expected = Vec::new();
    while let Some(record) = generator.next() {
        let mut event = Vec::new();
        write_kafka_event_with_truth(
            &mut event,
            &record,
            None,
            Some(&truth.of(generator.last_delivered())),
        );
        expected.push(event);
    }
    let got: Vec<Vec<u8>> = consumed.iter().map(|m| m.raw.clone()).collect();
    assert_eq!(got, expected);
    let late = consumed
        .iter()
        .filter(|m| m.value["payload"]["fault_type"] == "late_event")
        .count();
    assert!(late > 0);
    assert!(consumed
        .iter()
        .all(|m| m.value["payload"]["ingest_time"].is_string()));
}

#[test]
fn control_sends_the_generated_records_to_the_topic() {
    let (broker, topic, relay) = relay_on_new_broker("control", 3, &[], &[]);

    let response = relay.post("/control", br#"{"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02", "seed": 42, "start": "2026-01-01 00:00:00"}"#.to_vec(),
    );
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/control/jobs/"));
    let job = relay.wait_for_job(&location);
    assert_eq!(job["state"], "completed", "{job}");
    assert_eq!(
        (
            job["generated"].as_u64(),
            job["acked"].as_u64(),
            job["failed"].as_u64()
        ),
        (Some(1000), Some(1000), Some(0))
    );
    assert_eq!(job["seed"], 42);

    let consumed = broker.read_back(&topic, 1000);
    assert_eq!(
        consumed.len(),
        1000,
        "exactly the records of the job, no duplicates"
    );
    assert!(consumed.iter().all(|m| m.key == "C02"));
    // The events are exactly SPEC's events of the same spec and seed.
    let mut expected: Vec<Vec<u8>> = kafka_events(&records("C02", "co2sensor", 1000, 42));
    let mut got: Vec<Vec<u8>> = consumed.iter().map(|m| m.raw.clone()).collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let event = &consumed[0].value;
    assert_eq!(event["type"], "ReeferTelemetries");
    assert_eq!(event["containerID"], "C02");
    assert!(event["timestamp"]
        .as_str()
        .unwrap()
        .starts_with("2026-01-0"));
    assert_eq!(event["payload"].as_object().unwrap().len(), 20);
    assert!(consumed
        .iter()
        .any(|m| m.value["payload"]["maintenance_required"] == 1));

    let metrics = relay.text("/metrics");
    assert!(
        metrics.contains("reefer_relay_records_acked_total 1000"),
        "{metrics}"
    );
    assert!(metrics.contains("route=\"/control\""));
}

#[test]
fn a_batch_is_answered_after_the_broker_acked_every_record() {
    let (broker, topic, relay) = relay_on_new_broker("batch", 3, &[], &[]);
    let sent = records("C03", "poweroff", 2500, 7);
    let response = relay.post("/api/batches", batch_body(&sent));
    assert_eq!(response.status(), 200);
    let ack: Value = response.json().unwrap();
    assert_eq!(ack, json!({"acked": 2500, "topic": topic}));

    let consumed = broker.read_back(&topic, 2500);
    assert_eq!(consumed.len(), 2500);
    let times: HashSet<String> = consumed
        .iter()
        .map(|m| {
            m.value["payload"]["measurement_time"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(times.len(), 2500, "no duplicates");
    assert!(consumed.iter().all(|m| m.key == "C03"));
}

#[test]
fn bad_input_gets_a_4xx_json_error_naming_the_field_and_nothing_reaches_kafka() {
    let token = "a-long-enough-test-token";
    let (broker, topic, relay) = relay_on_new_broker(
        "bad",
        1,
        &[
            "--max-body-bytes",
            "20000",
            "--max-batch-records",
            "50",
            "--max-control-records",
            "5000",
        ],
        &[("REEFER_API_TOKEN", token)],
    );
    let good = records("C01", "normal", 3, 1);
    // The second record of three has a fan that is neither true nor false.
    let bad_record = {
        let mut second = Vec::new();
        write_json_record(&mut second, &good[1]);
        let second = String::from_utf8(second).unwrap();
        let broken = second.replace("\"fan_2\":true", "\"fan_2\":\"on\"");
        String::from_utf8(batch_body(&good))
            .unwrap()
            .replace(&second, &broken)
    };
    let base = r#""containerID":"C01","simulation":"normal""#;
    let cases: Vec<(&str, String, &str, u16, &str)> = vec![
        // (path, body, content type, status, field or error text)
        ("/control", "{".into(), "application/json", 400, "body"),
        ("/control", "[]".into(), "application/json", 400, "body"),
        (
            "/control",
            r#"{"simulation":"normal","nb_of_records":1}"#.into(),
            "application/json",
            422,
            "containerID",
        ),
        (
            "/control",
            format!("{{{base}}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":1,\"extra\":1}}"),
            "application/json",
            422,
            "extra",
        ),
        (
            "/control",
            r#"{"containerID":7,"simulation":"normal","nb_of_records":1}"#.into(),
            "application/json",
            422,
            "containerID",
        ),
        (
            "/control",
            r#"{"containerID":"C01","simulation":"fire","nb_of_records":1}"#.into(),
            "application/json",
            422,
            "simulation",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":1,\"product_id\":\"P77\"}}"),
            "application/json",
            422,
            "product_id",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":0}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":-1}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":99999999999999999999}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":5001}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        (
            "/control",
            format!("{{{base},\"nb_of_records\":\"1000\"}}"),
            "application/json",
            422,
            "nb_of_records",
        ),
        // Batches must say they are JSON (/control takes a JSON body without its type from
        // clients that are not cross-site pages: relay_http.rs).
        (
            "/api/batches",
            String::from_utf8(batch_body(&records("C01", "normal", 2, 1))).unwrap(),
            "text/plain",
            415,
            "content-type",
        ),
        (
            "/control",
            format!(
                "{{{base},\"nb_of_records\":1,\"start\":\"{}\"}}",
                "x".repeat(30_000)
            ),
            "application/json",
            413,
            "body",
        ),
        (
            "/api/batches",
            bad_record,
            "application/json",
            422,
            "records[1].fan_2",
        ),
        (
            "/api/batches",
            "{\"records\":[]}".into(),
            "application/json",
            422,
            "records",
        ),
        (
            "/api/batches",
            String::from_utf8(batch_body(&records("C01", "normal", 51, 1))).unwrap(),
            "application/json",
            413,
            "body",
        ),
        (
            "/api/batches",
            "{\"rows\":[]}".into(),
            "application/json",
            422,
            "rows",
        ),
    ];
    for (path, body, content_type, status, field) in &cases {
        let response = http()
            .post(relay.at(path))
            .header("content-type", *content_type)
            .header("authorization", format!("Bearer {token}"))
            .body(body.clone())
            .send()
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            *status,
            "{path} {}",
            &body[..body.len().min(80)]
        );
        let error: Value = response.json().expect("a JSON error body");
        let text = error["error"].as_str().unwrap_or_default();
        assert!(
            error["field"] == *field || text.starts_with(field),
            "{path} {}: {error}",
            &body[..body.len().min(80)]
        );
    }
    // A batch of 51 records is over --max-batch-records 50 even when it fits the body limit.
    let response = relay.post_with_token(
        "/api/batches",
        batch_body(&records("C01", "normal", 51, 1))[..].to_vec(),
        Some(token),
    );
    assert!(response.status().is_client_error());

    // The token: missing and wrong are refused, right is accepted.
    let body = format!("{{{base},\"nb_of_records\":1}}");
    for (given, status) in [(None, 401), (Some("wrong-token-of-some-length"), 401)] {
        let response = relay.post_with_token("/control", body.clone().into_bytes(), given);
        assert_eq!(response.status().as_u16(), status);
        let error: Value = response.json().unwrap();
        assert!(
            error["error"]
                .as_str()
                .unwrap()
                .starts_with("authorization"),
            "{error}"
        );
    }
    // Reads stay open.
    assert_eq!(relay.status("/control"), 200);

    let consumed = consume(&broker.bootstrap(), &topic, 1, Duration::from_secs(3), &[]);
    assert!(
        consumed.is_empty(),
        "nothing may reach Kafka: {}",
        consumed.len()
    );
}

#[test]
fn a_stopped_broker_fails_readiness_and_batches_and_the_relay_recovers_without_restart() {
    let mut broker = Broker::start();
    let topic = topic_name("outage");
    broker.create_topic(&topic, 1);
    let relay = Relay::start(
        &["--delivery-timeout-secs", "3"],
        &[
            ("KAFKA_BROKERS", &broker.bootstrap()),
            ("TELEMETRY_TOPIC", &topic),
        ],
    );
    assert_eq!(relay.status("/health/ready"), 200);
    let first = relay.post("/api/batches", batch_body(&records("C01", "normal", 10, 1)));
    assert_eq!(first.status(), 200);

    broker.stop();
    // Readiness is checked at most once a second, whoever asks.
    let deadline = Instant::now() + Duration::from_secs(10);
    let ready = loop {
        let ready = http().get(relay.at("/health/ready")).send().unwrap();
        if ready.status() == 503 || Instant::now() > deadline {
            break ready;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(ready.status(), 503);
    // The open probe says only that; the reason is in the log and in the details.
    let body: Value = ready.json().unwrap();
    assert_eq!(body, serde_json::json!({"status": "not ready"}));
    let details = http().get(relay.at("/health/details")).send().unwrap();
    assert_eq!(details.status(), 503);
    let details: Value = details.json().unwrap();
    assert_eq!(details["status"], "not ready");
    assert!(details["error"].as_str().is_some(), "{details}");
    assert_eq!(details["topic"], topic.as_str());
    assert!(relay.logs().contains("not ready: "), "{}", relay.logs());

    let failed = relay.post("/api/batches", batch_body(&records("C01", "normal", 10, 2)));
    assert_eq!(failed.status(), 502);
    let error: Value = failed.json().unwrap();
    assert_eq!(error["acked"], 0, "{error}");
    assert_eq!(error["failed"], 10, "{error}");
    // Nothing left for the broker: each record failed, none unknown, so a retry is safe.
    assert_eq!(error["unknown"], 0, "{error}");
    let fates = fates(&error);
    assert_eq!(fates["failed"].len(), 10, "{error}");
    assert!(fates["failed"]
        .iter()
        .all(|r| r["error"].as_str().is_some()));

    // The broker comes back (empty: the memory engine keeps nothing); no relay restart.
    broker.resume();
    broker.create_topic(&topic, 1);
    let deadline = Instant::now() + Duration::from_secs(30);
    while relay.status("/health/ready") != 200 {
        assert!(Instant::now() < deadline, "the relay did not recover");
        std::thread::sleep(Duration::from_millis(200));
    }
    let again = relay.post("/api/batches", batch_body(&records("C01", "normal", 10, 3)));
    let status = again.status();
    assert_eq!(status, 200, "{:?}\n{}", again.text(), relay.logs());
}

#[test]
fn the_embedded_broker_runs_the_demo_without_kafka() {
    let relay = Relay::start(&[], &[]);
    assert!(
        relay.logs().contains("embedded Kafka-protocol broker") || {
            std::thread::sleep(Duration::from_millis(300));
            relay.logs().contains("embedded Kafka-protocol broker")
        }
    );
    assert_eq!(relay.status("/health/ready"), 200);
    let response = relay.post(
        "/control",
        br#"{"containerID":"C04","simulation":"o2sensor","nb_of_records":500}"#.to_vec(),
    );
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = relay.wait_for_job(&location);
    assert_eq!(job["acked"], 500);
    // The relay draws seeds a browser can hold exactly (below 2^53).
    assert!(job["seed"].as_u64().unwrap() < 1 << 53, "{job}");
    let ack = relay.post(
        "/api/batches",
        batch_body(&records("C04", "normal", 100, 1)),
    );
    assert_eq!(ack.status(), 200);
}

#[test]
fn openapi_docs_and_swagger_ui_are_served() {
    let relay = Relay::start(&[], &[]);
    let doc = relay.get_json("/apidocs/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/control",
        "/control/jobs/{id}",
        "/api/batches",
        "/health",
        "/health/ready",
        "/metrics",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    let ui = http().get(relay.at("/apidocs/")).send().unwrap();
    assert_eq!(ui.status(), 200);
    assert!(ui.text().unwrap().contains("swagger-ui"));
    let page = relay.text("/");
    assert!(page.contains("/apidocs/"));
}

#[test]
fn generate_kafka_sends_the_cli_records_as_the_relay_would() {
    let broker = Broker::start();
    let topic = topic_name("cli");
    broker.create_topic(&topic, 3);
    succeeded(
        reefer()
            .args("generate --kafka --stype o2sensor --cid C04 --records 3000".split(' '))
            .args([
                "--seed",
                "5",
                "--start",
                "2026-01-01 00:00:00",
                "--product_id",
                "P02",
            ])
            .envs(broker.env_for(&topic))
            .output()
            .unwrap(),
    );
    let consumed = broker.read_back(&topic, 3000);
    assert_eq!(consumed.len(), 3000);
    let mut expected: Vec<Vec<u8>> = kafka_events(&records("C04", "o2sensor", 3000, 5));
    let mut got: Vec<Vec<u8>> = consumed.into_iter().map(|m| m.raw).collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    // Without a broker to talk to, one line says what to set.
    let out = reefer()
        .args(["generate", "--kafka", "--records", "10"])
        .env_remove("KAFKA_BROKERS")
        .output()
        .unwrap();
    let stderr = usage_refusal(&out);
    assert!(stderr.contains("--kafka: set KAFKA_BROKERS"), "{stderr}");
}

#[test]
fn api_events_shows_what_a_consumer_reads_back_from_the_topic() {
    let (_broker, _topic, relay) = relay_on_new_broker("events", 3, &[], &[]);
    let sent = records("C03", "co2sensor", 30, 11);
    assert_eq!(relay.post("/api/batches", batch_body(&sent)).status(), 200);

    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen: Vec<Value> = Vec::new();
    let mut after = 0;
    while seen.len() < 30 {
        assert!(
            Instant::now() < deadline,
            "only {} events came back",
            seen.len()
        );
        let page = relay.get_json(&format!("/api/events?after={after}&limit=500"));
        after = page["last"].as_u64().unwrap();
        seen.extend(page["events"].as_array().unwrap().iter().cloned());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen.len(), 30);
    assert!(seen
        .iter()
        .all(|e| e["key"] == "C03" && e["event"]["type"] == "ReeferTelemetries"));
    let mut times: Vec<&str> = seen
        .iter()
        .map(|e| e["event"]["payload"]["measurement_time"].as_str().unwrap())
        .collect();
    times.sort_unstable();
    times.dedup();
    assert_eq!(times.len(), 30);
    // limit keeps the newest; bad parameters are named.
    let page = relay.get_json("/api/events?limit=5");
    assert_eq!(page["events"].as_array().unwrap().len(), 5);
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("after=-1", "after"),
        ("since=3", "since"),
    ] {
        let response = http()
            .get(relay.at(&format!("/api/events?{query}")))
            .send()
            .unwrap();
        assert_eq!(response.status(), 422, "{query}");
        let error: Value = response.json().unwrap();
        assert_eq!(error["field"], field, "{query}: {error}");
    }
}

#[test]
fn reefer_topics_creates_the_telemetry_topic_once_and_then_leaves_it() {
    let broker = Broker::start();
    let topic = topic_name("provisioned");
    let provision = || {
        let out = succeeded(
            reefer()
                .args(["topics", "--partitions", "4", "--replication-factor", "1"])
                .envs(broker.env_for(&topic))
                .output()
                .unwrap(),
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first = provision();
    assert_eq!(
        first.trim(),
        format!("topic {topic}: created (4 partitions, 1 replicas, retention 168 h)")
    );
    let second = provision();
    assert_eq!(
        second.trim(),
        format!("topic {topic}: exists already (4 partitions); left as it is")
    );
    // The relay sends to it.
    let relay = reefer_test_support::relay_on(&broker, &topic, &[], &[]);
    let sent = records("C05", "normal", 40, 1);
    assert_eq!(relay.post("/api/batches", batch_body(&sent)).status(), 200);
    assert_eq!(broker.read_back(&topic, 40).len(), 40);
    // Without a cluster, one line says what to set.
    let out = reefer().arg("topics").output().unwrap();
    assert!(usage_refusal(&out).contains("KAFKA_BROKERS"));
}

/// Every record's fate in a 502 answer, by status.
fn fates(answer: &Value) -> std::collections::HashMap<String, Vec<&Value>> {
    let mut by_status = std::collections::HashMap::<String, Vec<&Value>>::new();
    for (i, record) in answer["records"]
        .as_array()
        .expect("records")
        .iter()
        .enumerate()
    {
        assert_eq!(record["index"], i, "request order: {record}");
        let status = record["status"].as_str().expect("a status").to_owned();
        by_status.entry(status).or_default().push(record);
    }
    by_status
}

#[test]
fn a_batch_cut_off_mid_delivery_answers_each_records_fate_and_a_keyed_retry_produces_nothing_twice()
{
    let topic = topic_name("fates");
    let (broker, proxy) = reefer_test_support::broker_behind_proxy(&topic, 3);
    let relay = Relay::start(
        &["--delivery-timeout-secs", "3"],
        &[
            ("KAFKA_BROKERS", &format!("127.0.0.1:{}", proxy.port)),
            ("TELEMETRY_TOPIC", &topic),
        ],
    );
    assert_eq!(relay.status("/health/ready"), 200);

    // A keyed batch that succeeds answers 200 once and the same 200 again, producing once.
    let delivered: Vec<_> = ["C01", "C02"]
        .iter()
        .flat_map(|c| records(c, "normal", 500, 1))
        .collect();
    let first = relay.post_keyed("/api/batches", batch_body(&delivered), "good-1");
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().unwrap();
    let again = relay.post_keyed("/api/batches", batch_body(&delivered), "good-1");
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().unwrap(), first);
    // The same key with another body is refused, naming the header.
    let other = relay.post_keyed("/api/batches", batch_body(&delivered[..10]), "good-1");
    assert_eq!(other.status(), 422);
    assert_eq!(other.json::<Value>().unwrap()["field"], "Idempotency-Key");

    // The network fails after the broker answered the first produce request of the next
    // batch: the rest reached the broker, but their answers never come back.
    proxy.hold_after_produce_answers(1);
    let cut: Vec<_> = ["C03", "C04", "C05"]
        .iter()
        .flat_map(|c| records(c, "normal", 3000, 2))
        .collect();
    let response = relay.post_keyed("/api/batches", batch_body(&cut), "cut-1");
    assert_eq!(response.status(), 502);
    let answer: Value = response.json().unwrap();
    let by_status = fates(&answer);
    let acked = by_status.get("acked").cloned().unwrap_or_default();
    let unknown = by_status.get("unknown").cloned().unwrap_or_default();
    assert!(
        !acked.is_empty(),
        "the first request was answered: {}",
        answer["error"]
    );
    assert!(!unknown.is_empty(), "the rest have no answer");
    assert_eq!(
        (
            answer["acked"].as_u64(),
            answer["unknown"].as_u64(),
            answer["failed"].as_u64()
        ),
        (
            Some(acked.len() as u64),
            Some(unknown.len() as u64),
            Some((cut.len() - acked.len() - unknown.len()) as u64)
        ),
    );
    assert!(unknown
        .iter()
        .all(|r| r["error"].as_str().is_some() && r["offset"].is_null()));
    proxy.heal();

    // The retry with the same key answers the first result and produces nothing.
    let retried = relay.post_keyed("/api/batches", batch_body(&cut), "cut-1");
    assert_eq!(retried.status(), 502);
    assert_eq!(retried.headers()["idempotent-replayed"], "true");
    assert_eq!(retried.json::<Value>().unwrap(), answer);

    // What the topic holds: the good batch once, every acked record at the partition and offset
    // the answer gave, and no more than the cut batch (its unknown records may be there: the
    // broker got them).
    let expected = kafka_events(&cut);
    let in_topic = broker.read_back(&topic, delivered.len() + acked.len() + unknown.len());
    let at: std::collections::HashMap<(i32, i64), &Vec<u8>> = in_topic
        .iter()
        .map(|c| ((c.partition, c.offset), &c.raw))
        .collect();
    for record in &acked {
        let index = record["index"].as_u64().unwrap() as usize;
        let place = (
            record["partition"].as_i64().unwrap() as i32,
            record["offset"].as_i64().unwrap(),
        );
        assert_eq!(
            at.get(&place),
            Some(&&expected[index]),
            "record {index} at {place:?}"
        );
    }
    let good_events: HashSet<Vec<u8>> = kafka_events(&delivered).into_iter().collect();
    let good_in_topic = in_topic
        .iter()
        .filter(|c| good_events.contains(&c.raw))
        .count();
    assert_eq!(
        good_in_topic,
        delivered.len(),
        "the keyed good batch exactly once"
    );
    // "failed" means the broker never got it: only acked and unknown records can be there.
    let cut_in_topic = in_topic.len() - good_in_topic;
    assert!(
        (acked.len()..=acked.len() + unknown.len()).contains(&cut_in_topic),
        "{cut_in_topic} of the cut batch in the topic, {} acked, {} unknown",
        acked.len(),
        unknown.len()
    );
    println!(
        "cut batch: {} acked, {} unknown; the broker holds {cut_in_topic} of {}",
        acked.len(),
        unknown.len(),
        cut.len()
    );
}

#[test]
fn no_record_is_produced_on_a_producer_being_replaced() {
    use reefer_relay::kafka::settings::KafkaSettings;
    use reefer_relay::kafka::{KafkaSink, SinkOptions};

    let broker = Broker::start();
    let topic = topic_name("swap");
    broker.create_topic(&topic, 3);
    let settings = KafkaSettings::from_lookup(|name| match name {
        "KAFKA_BROKERS" => Some(broker.bootstrap()),
        "TELEMETRY_TOPIC" => Some(topic.clone()),
        _ => None,
    })
    .unwrap();
    let sink = KafkaSink::connect(&settings, &broker.bootstrap(), SinkOptions::default()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    // Four producers of batches while this thread asks for a fresh producer all the time,
    // until fifteen swaps happened under that load, between and during the batches' sends.
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
    const THREADS: usize = 4;
    const RECORDS: u64 = 250;
    const SWAPS: u64 = 15;
    let done = AtomicBool::new(false);
    let (not_acked, sent) = (AtomicU64::new(0), AtomicU64::new(0));
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let (sink, runtime, done, not_acked, sent) =
                (&sink, &runtime, &done, &not_acked, &sent);
            scope.spawn(move || {
                let mut b = 0u64;
                while !done.load(Relaxed) {
                    let batch = records(&format!("S{t}-{b}"), "normal", RECORDS, b);
                    let delivery = sink.enqueue_tracked(&batch);
                    let outcome = runtime.block_on(sink.settle(&delivery));
                    not_acked.fetch_add(outcome.not_acked(), Relaxed);
                    sent.fetch_add(RECORDS, Relaxed);
                    b += 1;
                    // A client's think time: moments when nothing is in flight.
                    std::thread::sleep(Duration::from_millis(1 + t as u64));
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while sink.producers_started() <= SWAPS && Instant::now() < deadline {
            sink.request_fresh_producer();
            std::thread::sleep(Duration::from_micros(200));
        }
        done.store(true, Relaxed);
    });
    let total = sent.into_inner() as usize;
    let swaps = sink.producers_started() - 1;
    println!("{total} records, {swaps} producer swaps under load");
    assert!(swaps >= SWAPS, "the swaps must happen under load: {swaps}");
    assert_eq!(not_acked.into_inner(), 0, "every record acknowledged");
    let consumed = broker.read_back(&topic, total);
    let distinct: HashSet<&Vec<u8>> = consumed.iter().map(|c| &c.raw).collect();
    assert_eq!(
        (consumed.len(), distinct.len()),
        (total, total),
        "each record once"
    );
}
