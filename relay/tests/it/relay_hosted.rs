//! The relay as a hosted service: it will not listen beyond loopback without a token, the token
//! guards every read of data, the probes say nothing more than ready or not, and hostile or
//! oversized requests are refused with JSON naming the limit. What needs the process (its exit,
//! its log, SIGTERM) runs the real binary; the rest runs the relay in process, on its embedded
//! broker, over real HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use reefer_test_support::{http, json, reefer_binary, usage_refusal, Relay};

/// A test value, not a credential.
const TOKEN: &str = "test-token-0123456789abcdef";

#[test]
fn an_open_bind_without_a_token_refuses_to_start_and_names_the_token() {
    let out = Command::new(reefer_binary())
        .args("serve --host 0.0.0.0 --port 0 --dist /nonexistent".split(' '))
        .env_remove("REEFER_API_TOKEN")
        .env_remove("REEFER_NO_AUTH")
        .env_remove("KAFKA_BROKERS")
        .output()
        .unwrap();
    let stderr = usage_refusal(&out);
    assert!(stderr.contains("REEFER_API_TOKEN"), "{stderr}");
    assert!(
        stderr.contains("openssl rand"),
        "says how to make one: {stderr}"
    );
    assert!(stderr.contains("--no-auth"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");

    // --no-auth insists, with a warning at start.
    let relay = Relay::start(&["--host", "0.0.0.0", "--no-auth"], &[]);
    assert!(relay.url.contains("0.0.0.0"), "{}", relay.url);
    let local = relay.url.replace("0.0.0.0", "127.0.0.1");
    let alive = http().get(format!("{local}/health")).send().unwrap();
    assert_eq!(alive.status(), 200);
    assert!(relay.logs().contains("--no-auth"), "{}", relay.logs());
    // Both at once is a usage error.
    let out = Command::new(reefer_binary())
        .args([
            "serve",
            "--no-auth",
            "--token",
            TOKEN,
            "--dist",
            "/nonexistent",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn with_a_token_every_read_of_data_needs_it_and_the_probes_say_only_ready() {
    let relay = Relay::start(&[], &[("REEFER_API_TOKEN", TOKEN)]);
    let get = |path: &str, token: Option<&str>| {
        let mut request = http().get(relay.at(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().unwrap()
    };
    for path in [
        "/control/jobs",
        "/control/jobs/abc",
        "/control/jobs/abc/fleet",
        "/control/jobs/abc/board",
        "/api/events",
        "/api/maintenance",
        "/health/details",
    ] {
        let (status, body) = json(get(path, None));
        assert_eq!(status, 401, "{path}: {body}");
        assert_eq!(body["field"], "authorization", "{path}: {body}");
        let (status, _) = json(get(path, Some("wrong-token-0123456789")));
        assert_eq!(status, 401, "{path} with a wrong token");
        let status = get(path, Some(TOKEN)).status().as_u16();
        assert!(
            [200, 404].contains(&status),
            "{path} with the token: {status}"
        );
    }
    assert!(!relay.logs().contains(TOKEN), "the token is never logged");
    // Writes too.
    let started = relay.post(
        "/control",
        r#"{"containerID":"C01","simulation":"normal","nb_of_records":5}"#,
    );
    assert_eq!(started.status(), 401);
    // Open: the bare probes, the version, the docs and the schemas.
    let (status, body) = json(get("/health", None));
    assert_eq!((status, body), (200, serde_json::json!({"status": "ok"})));
    let (status, body) = json(get("/health/ready", None));
    assert_eq!(
        (status, body),
        (200, serde_json::json!({"status": "ready"}))
    );
    let (status, details) = json(get("/health/details", Some(TOKEN)));
    assert_eq!(status, 200);
    assert_eq!(details["status"], "ready");
    assert!(
        details["kafka"].as_str().is_some() && details["topic"].is_string(),
        "{details}"
    );
    for path in ["/control", "/apidocs/openapi.json", "/schemas", "/"] {
        assert_eq!(get(path, None).status(), 200, "{path} stays open");
    }
}

#[test]
fn hostile_bodies_are_refused_naming_the_limit_without_being_built() {
    let relay = Relay::in_process(&["--max-body-bytes", "2097152"]);
    // A body past the /control cap: 413 before it is read.
    let (status, body) = relay.post_declared("/control", 2 * 1024 * 1024);
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["field"], "body");
    assert!(
        body["error"].as_str().unwrap().contains("1048576"),
        "{body}"
    );
    // A large nested tree under an unknown key: refused at the key.
    let nested = format!("{{\"x\":[{}[]]}}", "[],".repeat(300_000));
    let began = Instant::now();
    let (status, body) = json(relay.post("/control", nested));
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["field"], "x");
    assert!(began.elapsed() < Duration::from_secs(2));
    // Lists past their caps.
    let names = vec!["\"normal\""; 65].join(",");
    let (status, body) = json(relay.post(
        "/control",
        format!(r#"{{"containers":2,"simulation":[{names}],"rate":1}}"#),
    ));
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("simulation")),
        "{body}"
    );
    assert!(body["error"].as_str().unwrap().contains("64"), "{body}");
    let ids: Vec<String> = (0..10_001).map(|i| format!("\"K{i}\"")).collect();
    let (status, body) = json(relay.post(
        "/control",
        format!(
            r#"{{"containers":[{}],"simulation":"normal","rate":1}}"#,
            ids.join(",")
        ),
    ));
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("containers")),
        "{body}"
    );
    assert!(body["error"].as_str().unwrap().contains("10000"), "{body}");
    // A batch body past --max-body-bytes.
    let (status, body) = relay.post_declared("/api/batches", 2 * 1024 * 1024 + 1);
    assert_eq!(status, 413, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("--max-body-bytes"),
        "{body}"
    );
}

#[test]
fn bodies_held_at_once_are_bounded_by_the_budget() {
    // A budget of 1 MiB: one 1.5 MB batch body cannot fit, whatever its route allows.
    let relay = Relay::in_process(&["--body-budget-bytes", "1048576"]);
    let (status, body) = relay.post_declared("/api/batches", 1_500_000);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["field"], "body");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("--body-budget-bytes"),
        "{body}"
    );
    // The budget is given back: a small request passes.
    let (status, _) = json(relay.post("/api/batches", r#"{"records":[]}"#));
    assert_ne!(status, 503);
}

#[test]
fn streams_share_a_container_budget_and_ended_streams_keep_only_a_summary() {
    let relay = Relay::in_process(&["--max-stream-containers", "1000"]);
    let stream = |containers: u64| {
        json(relay.post(
            "/control",
            format!(r#"{{"containers":{containers},"simulation":"normal","rate":1}}"#),
        ))
    };
    let (status, body) = stream(1001);
    assert_eq!(
        (status, body["field"].as_str()),
        (422, Some("containers")),
        "{body}"
    );
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("--max-stream-containers 1000"),
        "{body}"
    );
    let (status, first) = stream(600);
    assert_eq!(status, 202, "{first}");
    let (status, body) = stream(600);
    assert_eq!(
        (status, body["field"].as_str()),
        (503, Some("containers")),
        "{body}"
    );
    assert!(
        body["error"].as_str().unwrap().contains("hold 600"),
        "{body}"
    );
    // Stopping the first gives its containers back; what is kept of it is its final view.
    let job = format!("/control/jobs/{}", first["id"].as_str().unwrap());
    let stopped = http().delete(relay.at(&job)).send().unwrap();
    assert_eq!(stopped.status(), 200);
    let deadline = Instant::now() + Duration::from_secs(10);
    let second = loop {
        let (status, body) = stream(600);
        if status == 202 || Instant::now() > deadline {
            break (status, body);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(second.0, 202, "{}", second.1);
    let (status, kept) = json(http().get(relay.at(&job)).send().unwrap());
    assert_eq!(status, 200);
    assert_eq!(kept["state"], "stopped", "{kept}");
    assert_eq!(kept["containers"], 600);
    let (status, body) = json(
        http()
            .get(relay.at(&format!("{job}/fleet")))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 404);
    assert!(body["error"].as_str().unwrap().contains("ended"), "{body}");
    let again = http().delete(relay.at(&job)).send().unwrap();
    assert_eq!(
        again.status(),
        200,
        "stopping an ended stream answers its final view"
    );
}

#[test]
fn the_job_list_is_paginated() {
    let relay = Relay::in_process(&[]);
    for seed in 0..5 {
        let (status, _) = json(relay.post(
            "/control",
            format!(
                r#"{{"containerID":"C01","simulation":"normal","nb_of_records":1,"seed":{seed}}}"#
            ),
        ));
        assert_eq!(status, 202);
    }
    let page = http()
        .get(relay.at("/control/jobs?limit=2"))
        .send()
        .unwrap();
    assert_eq!(page.headers()["x-total-count"], "5");
    let link = page.headers()["link"].to_str().unwrap().to_owned();
    assert_eq!(link, "</control/jobs?offset=2&limit=2>; rel=\"next\"");
    let (_, first) = json(page);
    assert_eq!(first.as_array().unwrap().len(), 2);
    assert_eq!(first[0]["seed"], 4, "newest first: {first}");
    let last = http()
        .get(relay.at("/control/jobs?offset=4&limit=2"))
        .send()
        .unwrap();
    assert!(last.headers().get("link").is_none());
    assert_eq!(json(last).1.as_array().unwrap().len(), 1);
    for bad in ["limit=0", "limit=1001", "offset=-1", "page=2"] {
        let (status, body) = json(
            http()
                .get(relay.at(&format!("/control/jobs?{bad}")))
                .send()
                .unwrap(),
        );
        assert_eq!(status, 422, "{bad}: {body}");
    }
}

#[test]
fn invented_methods_do_not_grow_the_metrics() {
    let relay = Relay::in_process(&[]);
    let metrics = || relay.text("/metrics");
    for i in 0..5 {
        let method = reqwest::Method::from_bytes(format!("WARMUP{i}").as_bytes()).unwrap();
        http().request(method, relay.at("/control")).send().unwrap();
    }
    let before = metrics();
    for i in 0..300 {
        let method = reqwest::Method::from_bytes(format!("INVENTED{i}").as_bytes()).unwrap();
        let status = http()
            .request(method, relay.at("/control"))
            .send()
            .unwrap()
            .status();
        assert_eq!(status, 405);
    }
    let after = metrics();
    assert!(!after.contains("INVENTED"), "no label per method");
    assert!(after.contains("method=\"other\""));
    assert!(
        after.len() < before.len() + 200,
        "the metrics grew from {} to {} bytes",
        before.len(),
        after.len()
    );
}

#[test]
fn unknown_api_paths_are_json_404s_and_answers_carry_security_headers() {
    let dist = tempfile::tempdir().unwrap();
    let index = "<!doctype html><script type=\"module\">import init from '/app.js';</script>";
    std::fs::write(dist.path().join("index.html"), index).unwrap();
    let relay = Relay::in_process(&["--dist", &dist.path().display().to_string()]);
    for path in ["/api/nope", "/api", "/control/nope/deeper", "/health/nope"] {
        let response = http().get(relay.at(path)).send().unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let (status, body) = json(response);
        assert_eq!(status, 404, "{path}: {body}");
    }
    let page = http().get(relay.at("/some/app/route")).send().unwrap();
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    // Trunk's inline loader, by its hash (sha256 of the script's text, base64).
    assert!(csp.contains("'sha256-"), "{csp}");
    let api = http().get(relay.at("/control")).send().unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        api.headers()["content-security-policy"],
        "frame-ancestors 'none'"
    );
}

/// Reads from `stream` until the peer closes it or `limit` passes; whether it closed.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let deadline = Instant::now() + limit;
    let mut buffer = [0u8; 1024];
    while Instant::now() < deadline {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn slow_and_idle_connections_are_closed_and_their_number_is_capped() {
    let relay = Relay::in_process(&["--max-connections", "2"]);
    let address = relay.url.trim_start_matches("http://").to_owned();
    // Two connections that never finish their headers hold both places.
    let mut slow: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(&address).unwrap();
            s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // A third waits: it is served once the header-read timeout (10 s) frees a place.
    let began = Instant::now();
    let third = http().get(relay.at("/health")).send().unwrap();
    assert_eq!(third.status(), 200);
    let waited = began.elapsed();
    assert!(
        waited > Duration::from_secs(5),
        "served at once ({waited:?}): no cap"
    );
    for s in &mut slow {
        assert!(
            closed_within(s, Duration::from_secs(2)),
            "a slow client is closed"
        );
    }
    // An idle kept-alive connection is closed too.
    let mut idle = TcpStream::connect(&address).unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert!(
        closed_within(&mut idle, Duration::from_secs(13)),
        "an idle connection stays open"
    );
}

#[test]
fn sigterm_exits_within_its_budget_whatever_a_slow_client_holds() {
    let relay = Relay::start(&["--delivery-timeout-secs", "2"], &[]);
    let address = relay.url.trim_start_matches("http://").to_owned();
    // A client in the middle of a body it never finishes.
    let mut slow = TcpStream::connect(&address).unwrap();
    slow.write_all(
        b"POST /api/batches HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{\"records\":[",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let began = Instant::now();
    Command::new("kill")
        .args(["-TERM", &relay.pid().to_string()])
        .status()
        .unwrap();
    let deadline = began + Duration::from_secs(10);
    while std::path::Path::new(&format!("/proc/{}", relay.pid())).exists()
        && !std::fs::read_to_string(format!("/proc/{}/stat", relay.pid()))
            .unwrap_or_default()
            .contains(") Z ")
    {
        assert!(
            Instant::now() < deadline,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Stop accepting, 2 s for open requests, streams, then the flush: well within the budget.
    assert!(
        began.elapsed() < Duration::from_secs(8),
        "{:?}",
        began.elapsed()
    );
    let logs = relay.logs();
    assert!(
        logs.contains("shut down: all 0 records in flight were delivered"),
        "{logs}"
    );
}

#[test]
fn simultaneous_stream_requests_cannot_pass_the_stream_limit() {
    let relay = Relay::in_process(&["--max-streams", "1"]);
    let body = r#"{"containers": 2, "simulation": "normal", "rate": 1}"#;
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| relay.post("/control", body).status().as_u16()))
            .collect();
        started.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let accepted = statuses.iter().filter(|s| **s == 202).count();
    assert_eq!(accepted, 1, "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 202 || *s == 503),
        "{statuses:?}"
    );
}
