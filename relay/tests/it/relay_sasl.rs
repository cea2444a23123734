//! The relay's SASL settings against a broker that requires SCRAM-SHA-512 (Tansu's sqlite
//! engine with `--authentication`). TLS is not part of this test: the local broker listens
//! in plain TCP, so the protocol is overridden to SASL_PLAINTEXT; the SCRAM exchange is real.

use std::time::Duration;

use reefer_test_support::{consume, http, topic_name, Broker, Relay};
use serde_json::Value;

const USER: &str = "reefer";
const PASSWORD: &str = "Corr3ct-Horse-Battery";

fn secured_broker(topic: &str) -> Broker {
    let mut broker = Broker::start_with("sqlite://tansu.db", false);
    broker.create_user(USER, PASSWORD);
    broker.create_topic(topic, 1);
    broker.stop();
    broker = restart_with_authentication(broker);
    broker
}

fn restart_with_authentication(mut broker: Broker) -> Broker {
    broker.set_authentication(true);
    broker.resume();
    broker
}

#[test]
fn the_relay_authenticates_with_scram_sha_512_and_a_wrong_password_is_a_clear_error() {
    let topic = topic_name("sasl");
    let broker = secured_broker(&topic);
    let env = |password: &'static str| {
        vec![
            ("KAFKA_BROKERS", broker.bootstrap()),
            ("TELEMETRY_TOPIC", topic.clone()),
            ("KAFKA_USER", USER.to_owned()),
            ("KAFKA_PASSWORD", password.to_owned()),
            ("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT".to_owned()),
        ]
    };

    let good = env(PASSWORD);
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let relay = Relay::start(&[], &good);
    let ready = http().get(relay.at("/health/ready")).send().unwrap();
    assert_eq!(ready.status(), 200, "{:?}", ready.text());
    let response = relay.post(
        "/control",
        r#"{"containerID":"C01","simulation":"poweroff","nb_of_records":200,"seed":1}"#,
    );
    assert_eq!(response.status(), 202);
    let consumed = consume(
        &broker.bootstrap(),
        &topic,
        200,
        Duration::from_secs(30),
        &[
            ("security.protocol", "SASL_PLAINTEXT"),
            ("sasl.mechanisms", "SCRAM-SHA-512"),
            ("sasl.username", USER),
            ("sasl.password", PASSWORD),
        ],
    );
    assert_eq!(consumed.len(), 200);
    assert!(relay.logs().contains("SCRAM-SHA-512"));
    assert!(
        !relay.logs().contains(PASSWORD),
        "the password must never be logged"
    );
    drop(relay);

    let wrong_password = "Wrong-Horse-Battery-42";
    let bad = env(wrong_password);
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let relay = Relay::start(&["--delivery-timeout-secs", "3"], &bad);
    let ready = http().get(relay.at("/health/ready")).send().unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().unwrap();
    assert_eq!(body, serde_json::json!({"status": "not ready"}));
    // The reason is behind the token (this relay has none, on loopback) and in the log.
    let details = relay.get_json("/health/details");
    let error = details["error"].as_str().unwrap().to_owned();
    assert!(relay.logs().contains("not ready: "));
    assert!(
        error.to_lowercase().contains("auth"),
        "the error should say authentication failed: {error}\n{}",
        relay.logs()
    );
    assert!(!error.contains(wrong_password));
    let response = relay.post(
        "/control",
        r#"{"containerID":"C01","simulation":"normal","nb_of_records":5}"#,
    );
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    std::thread::sleep(Duration::from_secs(5));
    let job = relay.get_json(&location);
    assert_eq!(job["state"], "failed", "{job}");
    assert_eq!(job["acked"], 0);
    assert!(!job.to_string().contains(wrong_password));
    assert!(
        !relay.logs().contains(wrong_password),
        "the password must never be logged"
    );
}
