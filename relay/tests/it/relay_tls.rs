//! The relay over TLS, as Event Streams has it: SASL_SSL with SCRAM-SHA-512 and `KAFKA_CERT`,
//! against the test broker behind Debian's `stunnel4` (certificates made by `openssl` in the
//! test; the broker advertises the TLS port, so every connection goes through TLS). A wrong
//! CA, an expired server certificate and a wrong password each give one clear line, with no
//! secret in it.

use std::time::{Duration, Instant};

use reefer_test_support::{
    consume, free_port, http, topic_name, Broker, Certificates, Relay, TlsFront,
};
use serde_json::Value;

const USER: &str = "reefer";
const PASSWORD: &str = "Tls-Corr3ct-Horse";

/// A broker requiring SCRAM, reached only through stunnel on the port it advertises.
fn secured_broker_behind_tls(topic: &str, certificates: &Certificates) -> (Broker, TlsFront) {
    let tls_port = free_port();
    let mut broker = Broker::start_fronted("sqlite://tansu.db", false, tls_port);
    broker.create_user(USER, PASSWORD);
    broker.create_topic(topic, 1);
    broker.stop();
    broker.set_authentication(true);
    broker.resume();
    let front = TlsFront::start(
        tls_port,
        broker.port,
        &certificates.server,
        certificates.dir(),
    );
    (broker, front)
}

fn relay_env(
    port: u16,
    topic: &str,
    ca: &std::path::Path,
    password: &str,
) -> Vec<(String, String)> {
    vec![
        ("KAFKA_BROKERS".into(), format!("127.0.0.1:{port}")),
        ("TELEMETRY_TOPIC".into(), topic.into()),
        ("KAFKA_USER".into(), USER.into()),
        ("KAFKA_PASSWORD".into(), password.into()),
        ("KAFKA_CERT".into(), ca.display().to_string()),
    ]
}

fn start_relay(env: &[(String, String)]) -> Relay {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    Relay::start(&["--delivery-timeout-secs", "3"], &env)
}

/// The relay's one "not ready" line once readiness fails, and the details' error.
fn not_ready_reason(relay: &Relay) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = http().get(relay.at("/health/ready")).send().unwrap();
        if ready.status() == 503 {
            break;
        }
        assert!(Instant::now() < deadline, "the relay stayed ready");
        std::thread::sleep(Duration::from_millis(300));
    }
    let details = relay.get_json("/health/details");
    let error = details["error"].as_str().unwrap_or_default().to_owned();
    let logs = relay.logs();
    let line = logs
        .lines()
        .find(|l| l.contains("not ready: "))
        .unwrap_or_else(|| panic!("no 'not ready' line in:\n{logs}"))
        .to_owned();
    (line, error)
}

fn assert_no_secret(text: &str) {
    for secret in [PASSWORD, "Wrong-Tls-Horse", "PRIVATE KEY"] {
        assert!(!text.contains(secret), "a secret in: {text}");
    }
}

#[test]
fn sasl_ssl_with_scram_and_the_ca_delivers_and_reads_back() {
    let certificates = Certificates::make();
    let topic = topic_name("tls");
    let (broker, front) = secured_broker_behind_tls(&topic, &certificates);
    let relay = start_relay(&relay_env(front.port, &topic, &certificates.ca, PASSWORD));
    let ready = http().get(relay.at("/health/ready")).send().unwrap();
    assert_eq!(ready.status(), 200, "{:?}\n{}", ready.text(), relay.logs());
    let details = relay.get_json("/health/details");
    assert!(
        details.to_string().contains("SASL_SSL"),
        "the connection is described: {details}"
    );
    let response = relay.post(
        "/control",
        r#"{"containerID":"C01","simulation":"co2sensor","nb_of_records":300,"seed":4}"#,
    );
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let job = relay.wait_for_job(&location);
    assert_eq!(
        (job["state"].as_str(), job["acked"].as_u64()),
        (Some("completed"), Some(300)),
        "{job}"
    );

    // Read back over TLS too, by a consumer that trusts only the test CA.
    let ca = certificates.ca.display().to_string();
    let consumed = consume(
        &format!("127.0.0.1:{}", front.port),
        &topic,
        300,
        Duration::from_secs(30),
        &[
            ("security.protocol", "SASL_SSL"),
            ("ssl.ca.location", &ca),
            ("sasl.mechanisms", "SCRAM-SHA-512"),
            ("sasl.username", USER),
            ("sasl.password", PASSWORD),
        ],
    );
    assert_eq!(consumed.len(), 300);
    assert!(consumed.iter().all(|c| c.key == "C01"));
    assert!(
        front.log().contains("accepted"),
        "connections went through TLS"
    );
    assert_no_secret(&relay.logs());
    drop(broker);
}

#[test]
fn a_wrong_ca_an_expired_certificate_and_a_wrong_password_each_say_so_in_one_line() {
    let certificates = Certificates::make();
    let topic = topic_name("tls-bad");
    let (broker, front) = secured_broker_behind_tls(&topic, &certificates);
    // The same broker behind a second stunnel that shows an expired certificate.
    let expired = TlsFront::start(
        free_port(),
        broker.port,
        &certificates.expired_server,
        certificates.dir(),
    );

    let cases: [(&str, u16, &std::path::Path, &str, &[&str]); 3] = [
        (
            "wrong CA",
            front.port,
            &certificates.other_ca,
            PASSWORD,
            &["unable to get local issuer certificate"],
        ),
        (
            "expired",
            expired.port,
            &certificates.ca,
            PASSWORD,
            &["certificate has expired"],
        ),
        (
            "wrong password",
            front.port,
            &certificates.ca,
            "Wrong-Tls-Horse",
            &["authentication failed"],
        ),
    ];
    for (case, port, ca, password, says) in cases {
        let relay = start_relay(&relay_env(port, &topic, ca, password));
        let (line, error) = not_ready_reason(&relay);
        println!("{case}: {line}");
        let lower = line.to_lowercase();
        assert!(
            says.iter().any(|s| lower.contains(s)),
            "{case}: the line should say {says:?}: {line}\n{}",
            relay.logs()
        );
        assert!(
            says.iter().any(|s| error.to_lowercase().contains(s)),
            "{case}: the details should say {says:?}: {error}"
        );
        let logs = relay.logs();
        let errors: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains(" ERROR ") || l.contains("not ready: "))
            .collect();
        assert_eq!(
            errors,
            [line.as_str()],
            "{case}: one line says what is wrong"
        );
        assert_no_secret(&logs);
        assert_no_secret(&error);
        let response = relay.post(
            "/api/batches",
            reefer_test_support::batch_body(&reefer_test_support::records("C01", "normal", 3, 1)),
        );
        assert_eq!(response.status(), 502, "{case}");
        let body: Value = response.json().unwrap();
        assert_eq!(body["acked"], 0, "{case}: {body}");
        assert_no_secret(&body.to_string());
    }
}
