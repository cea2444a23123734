//! The relay's HTTP surface beyond Kafka: the control panel's files with SPA fallback and
//! compression, the CORS allow-list, and a graceful shutdown that delivers what it accepted.

mod common;

use std::time::Duration;

use common::{consume, http, topic_name, Broker, Relay};

#[test]
fn serves_the_built_app_with_spa_fallback_and_compression() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><title>panel</title><script src=\"/app.js\"></script>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    let script = "console.log('reefer');\n".repeat(200);
    std::fs::write(dist.path().join("app.js"), &script).unwrap();
    let dir = dist.path().display().to_string();
    let relay = Relay::start(&["--dist", &dir], &[]);

    let root = http().get(relay.at("/")).send().unwrap();
    assert_eq!(root.status(), 200);
    assert_eq!(root.text().unwrap(), index);
    // A route of the app itself (a shared link) gets index.html.
    let deep = http().get(relay.at("/preview/C02?seed=42")).send().unwrap();
    assert_eq!(deep.status(), 200);
    assert_eq!(deep.text().unwrap(), index);
    // Files are compressed for clients that accept it.
    let raw = reqwest::blocking::Client::builder()
        .no_gzip()
        .build()
        .unwrap()
        .get(relay.at("/app.js"))
        .header("accept-encoding", "gzip")
        .send()
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.headers()["content-encoding"], "gzip");
    assert!(raw.bytes().unwrap().len() < script.len() / 4);
    // The API keeps its own routes.
    assert_eq!(
        http().get(relay.at("/control")).send().unwrap().status(),
        200
    );
}

#[test]
fn cors_allows_only_the_listed_origins() {
    let relay = Relay::start(
        &[
            "--cors-origins",
            "https://demo.example.com,http://localhost:3000",
        ],
        &[],
    );
    let preflight = |origin: &str| {
        http()
            .request(reqwest::Method::OPTIONS, relay.at("/api/batches"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
            .unwrap()
    };
    let allowed = preflight("https://demo.example.com");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://demo.example.com"
    );
    let refused = preflight("https://elsewhere.example.org");
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // A bad origin in the configuration stops the start with a message naming the flag.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reefer"))
        .args(["serve", "--port", "0", "--cors-origins", "demo.example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cors-origins"));
}

#[test]
fn sigterm_delivers_everything_already_accepted_before_exiting() {
    let broker = Broker::start();
    let topic = topic_name("shutdown");
    broker.create_topic(&topic, 3);
    let relay = Relay::start(
        &[],
        &[
            ("KAFKA_BROKERS", &broker.bootstrap()),
            ("TELEMETRY_TOPIC", &topic),
        ],
    );
    let response = http()
        .post(relay.at("/control"))
        .header("content-type", "application/json")
        .body(r#"{"containerID":"C01","simulation":"normal","nb_of_records":50000}"#)
        .send()
        .unwrap();
    assert_eq!(response.status(), 202);
    // Stop at once: the relay must flush its producer before it exits.
    drop(relay);
    let consumed = consume(
        &broker.bootstrap(),
        &topic,
        50_000,
        Duration::from_secs(30),
        &[],
    );
    assert_eq!(consumed.len(), 50_000);
}

#[test]
fn bad_settings_stop_the_start_with_one_line_naming_them() {
    for (env, needle) in [
        (("KAFKA_BROKERS", "no-port"), "KAFKA_BROKERS"),
        (("TELEMETRY_TOPIC", "bad topic"), "TELEMETRY_TOPIC"),
        (("KAFKA_CERT", "/no/such/ca.pem"), "KAFKA_CERT"),
        (("PORT", "99999"), "PORT"),
        (("REEFER_API_TOKEN", "short"), "--token"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_reefer"))
            .arg("serve")
            .env(env.0, env.1)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{env:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
}
