//! The relay's HTTP surface beyond Kafka: the control panel's files with SPA fallback and
//! compression, the CORS allow-list, the original simulator's lenient `/control` body, and a
//! graceful shutdown that delivers what it accepted.

use reefer_test_support::{http, reefer, relay_on_new_broker, Relay};

#[test]
fn serves_the_built_app_with_spa_fallback_and_compression() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><title>panel</title><script src=\"/app.js\"></script>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    let script = "console.log('reefer');\n".repeat(200);
    std::fs::write(dist.path().join("app.js"), &script).unwrap();
    let dir = dist.path().display().to_string();
    let relay = Relay::in_process(&["--dist", &dir]);

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
    assert_eq!(relay.status("/control"), 200);
}

#[test]
fn cors_allows_only_the_listed_origins() {
    let relay = Relay::in_process(&[
        "--cors-origins",
        "https://demo.example.com,http://localhost:3000",
    ]);
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
    let out = reefer()
        .args(["serve", "--port", "0", "--cors-origins", "demo.example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cors-origins"));
}

#[test]
fn control_takes_json_without_its_content_type_except_from_cross_site_pages() {
    let allowed = "https://demo.example.com";
    let relay = Relay::in_process(&["--cors-origins", allowed]);
    let body =
        r#"{"containerID":"C02","simulation":"co2sensor","nb_of_records":10,"product_id":"P02"}"#;
    let post = |headers: &[(&str, &str)]| {
        let mut request = http().post(relay.at("/control")).body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().unwrap();
        let status = response.status().as_u16();
        (status, response.json::<serde_json::Value>().unwrap())
    };
    let form = ("content-type", "application/x-www-form-urlencoded");
    let text = ("content-type", "text/plain");
    // As the original took them: curl -d @body.json, requests.post(url, data=...), no header.
    for headers in [
        &[][..],
        &[form][..],
        &[text][..],
        &[text, ("origin", allowed)][..],
        &[
            text,
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://127.0.0.1"),
        ][..],
    ] {
        let (status, answer) = post(headers);
        assert_eq!(status, 202, "{headers:?}: {answer}");
        assert_eq!(answer["generated"], 10, "{answer}");
    }
    // A cross-site page's "simple" request cannot start a job.
    for headers in [
        &[text, ("origin", "https://evil.example")][..],
        &[form, ("origin", "null")][..],
        &[text, ("sec-fetch-site", "cross-site")][..],
        &[text, ("origin", allowed), ("sec-fetch-site", "cross-site")][..],
    ] {
        let (status, answer) = post(headers);
        assert_eq!(status, 415, "{headers:?}: {answer}");
        assert!(
            answer["error"]
                .as_str()
                .unwrap()
                .starts_with("content-type"),
            "{answer}"
        );
    }
    // The original's GET /control answer.
    let pong: serde_json::Value = http()
        .get(relay.at("/control"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (&pong["status"], &pong["message"]),
        (&"success".into(), &"pong!".into())
    );

    // The published contract, as in docs/schemas/; an unknown name is a JSON 404.
    let files: Vec<String> = http()
        .get(relay.at("/schemas"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(files.len(), 3, "{files:?}");
    for file in &files {
        let served: serde_json::Value = http()
            .get(relay.at(&format!("/schemas/{file}")))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs/schemas")
            .join(file);
        let published: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(served, published, "{file}");
    }
    let missing = http().get(relay.at("/schemas/nope.json")).send().unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.json::<serde_json::Value>().unwrap()["error"].is_string());

    // With a token, holding it is enough, whatever the origin.
    let token = "a-token-of-sixteen-characters";
    let guarded = Relay::in_process(&["--token", token]);
    let response = http()
        .post(guarded.at("/control"))
        .header("content-type", "text/plain")
        .header("origin", "https://evil.example")
        .header("authorization", format!("Bearer {token}"))
        .body(body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 202);
}

#[test]
fn sigterm_delivers_everything_already_accepted_before_exiting() {
    let (broker, topic, relay) = relay_on_new_broker("shutdown", 3, &[], &[]);
    let response = relay.post(
        "/control",
        r#"{"containerID":"C01","simulation":"normal","nb_of_records":50000}"#,
    );
    assert_eq!(response.status(), 202);
    // Stop at once: the relay must flush its producer before it exits.
    drop(relay);
    let consumed = broker.read_back(&topic, 50_000);
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
        (("TELEMETRY_PAYLOAD_FORMAT", "avro"), "--payload-format"),
    ] {
        let out = reefer().arg("serve").env(env.0, env.1).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{env:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{env:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
}
