//! Hostile and malformed requests in bulk, from a seeded generator: mutated valid bodies, wrong
//! types, huge numbers, deep and wide JSON, odd methods, paths, headers and encodings, truncated
//! and oversized bodies. 10 000 go through the relay in process (on its embedded broker), a few
//! hundred through the real binary on the real test broker. The relay's own limits keep the
//! accepted work small. The bar: no 5xx but the 503 refusals, the relay still answering
//! afterwards, memory within part 1's budget, and on the real broker nothing in the topic but
//! the records of the requests the relay accepted. The counts are printed
//! (`cargo test -p reefer-relay --test it hostile_input:: -- --nocapture`).

use std::collections::BTreeMap;
use std::time::Duration;

use reefer_shared::encoding::write_batch;
use reefer_test_support::{records, relay_on_new_broker, Relay};
use serde_json::Value;

/// The largest body of every route but `POST /api/batches`: a larger one may be refused before
/// it is all sent, and the client then sees the connection closed.
const SMALL_BODY_BYTES: usize = 1024 * 1024;

/// The generator's seed: the same run every time.
const SEED: u64 = 0x5eed_0016;

/// splitmix64: small, seeded, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Valid `/control` bodies the mutations start from (small: accepted work stays small).
const CONTROL_BODIES: &[&str] = &[
    r#"{"containerID":"C02","simulation":"co2sensor","nb_of_records":20,"product_id":"P02"}"#,
    r#"{"containerID":"C01","simulation":"normal","nb_of_records":5,"seed":7,"start":"2026-01-01 00:00:00","ground_truth":true}"#,
    r#"{"containerID":"C03","simulation":"lateevents","nb_of_records":12,"lead_time_minutes":30}"#,
    r#"{"containers":2,"simulation":"mixed","rate":1,"nb_of_records":3}"#,
    r#"{"containers":["A1","A2"],"simulation":["normal","gaps"],"rate":0.5,"duration_seconds":1,"clock":"simulated","cycle_records":9}"#,
];

const PATHS: &[&str] = &[
    "/control",
    "/control",
    "/api/batches",
    "/api/batches",
    "/control/jobs",
    "/control/jobs?offset=-1&limit=99999999999999999999",
    "/control/jobs/nope",
    "/control/jobs/nope/fleet?limit=0",
    "/control/jobs/0badf00d-0123456789abcdef0123456789abcdef",
    "/control/jobs/0badf00d-0123456789abcdef0123456789abcdef/fleet",
    "/api/events?after=18446744073709551616&limit=x",
    "/api/maintenance?after=-1&limit=501&x=%00",
    "/health",
    "/health/ready",
    "/health/details",
    "/metrics",
    "/schemas",
    "/schemas/..%2f..%2fetc%2fpasswd",
    "/apidocs/openapi.json",
    "/%00",
    "/control/%2e%2e/%2e%2e",
    "/index.html",
];

const METHODS: &[&str] = &[
    "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "BREW",
];

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
    "application/json;;charset=",
];

/// Values that no field takes.
const ODD_VALUES: &[&str] = &[
    "1e999999",
    "-1",
    "18446744073709551616",
    "1.5",
    "null",
    "[]",
    "{}",
    "\"\"",
    "true",
    "\"\\ud800\"",
    "-0",
    "9007199254740993",
];

/// A body made from a valid one by one or two mutations, or one of the shapes that test the
/// parser's bounds.
fn body(rng: &mut Rng, valid: &[u8]) -> Vec<u8> {
    let mut out = valid.to_vec();
    for _ in 0..=rng.below(2) {
        match rng.below(13) {
            0 if !out.is_empty() => {
                let at = rng.below(out.len());
                out[at] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => out.truncate(rng.below(out.len())),
            2 => {
                let at = rng.below(out.len() + 1);
                let byte = *rng.pick(&[0u8, 0xff, b'"', b'{', b'[', b',', b'\\', 0xc3]);
                out.insert(at, byte);
            }
            3 | 4 => {
                // A value swapped for one of the wrong type or size.
                let text = String::from_utf8_lossy(&out).into_owned();
                let colons: Vec<usize> = text.match_indices(':').map(|(i, _)| i).collect();
                if let Some(&at) = colons.get(rng.below(colons.len().max(1))) {
                    let end = text[at..]
                        .find([',', '}'])
                        .map_or(text.len(), |n| at + n);
                    out = format!("{}:{}{}", &text[..at], rng.pick(ODD_VALUES), &text[end..])
                        .into_bytes();
                }
            }
            5 => {
                let depth = 1 + rng.below(100_000);
                out = format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes();
            }
            6 => {
                let keys = 1 + rng.below(20_000);
                let fields: Vec<String> = (0..keys).map(|i| format!("\"k{i}\":{i}")).collect();
                out = format!("{{{}}}", fields.join(",")).into_bytes();
            }
            7 => {
                out = br#"{"containerID":"C1","containerID":"C2","simulation":"normal","nb_of_records":1}"#
                    .to_vec()
            }
            8 => {
                let text = String::from_utf8_lossy(&out).into_owned();
                out = text.replacen('{', r#"{"extra":{"deep":[1,2,{"x":null}]},"#, 1).into_bytes();
            }
            9 => out.clear(),
            10 => out = (0..rng.below(4096)).map(|_| rng.next() as u8).collect(),
            11 => {
                let long = "x".repeat(1 + rng.below(3 << 20));
                out = format!(r#"{{"containerID":"{long}","simulation":"normal","nb_of_records":1}}"#)
                    .into_bytes();
            }
            _ => {
                let list: Vec<String> = (0..rng.below(30_000)).map(|i| format!("\"C{i}\"")).collect();
                out = format!(r#"{{"containers":[{}],"simulation":"normal","rate":1}}"#, list.join(","))
                    .into_bytes();
            }
        }
    }
    out
}

/// A valid `POST /api/batches` body of a few records.
fn batch_body(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    let n = 1 + rng.below(5) as u64;
    write_batch(&mut out, &records("C07", "poweroff", n, rng.next() % 1000));
    out
}

/// One request: method, path, headers and body.
struct Hostile {
    method: String,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn hostile(rng: &mut Rng) -> Hostile {
    let path = rng.pick(PATHS).to_string();
    // Mostly the path's own method, so that most requests reach a handler.
    let method = if rng.below(10) < 7 {
        match path.as_str() {
            "/control" | "/api/batches" => "POST",
            _ => "GET",
        }
        .to_string()
    } else {
        rng.pick(METHODS).to_string()
    };
    let valid = if path == "/api/batches" {
        batch_body(rng)
    } else {
        rng.pick(CONTROL_BODIES).as_bytes().to_vec()
    };
    let body = if rng.below(4) == 0 {
        valid
    } else {
        body(rng, &valid)
    };
    let mut headers = vec![("content-type", rng.pick(CONTENT_TYPES).to_string())];
    match rng.below(8) {
        0 => headers.push(("origin", "https://evil.example".into())),
        1 => headers.push((
            "authorization",
            "Bearer ".to_owned() + &"a".repeat(rng.below(9000)),
        )),
        2 => headers.push(("content-encoding", "gzip".into())),
        3 => headers.push(("sec-fetch-site", "cross-site".into())),
        4 => headers.push(("x-forwarded-for", "1.2.3.4, ::1".into())),
        5 => headers.push(("x-reefer-forwarded", "1".into())),
        _ => {}
    }
    // Idempotency keys: a few reused (replays, the same key with another body), and bad ones.
    match rng.below(6) {
        0 => headers.push(("idempotency-key", format!("key-{}", rng.below(3)))),
        1 => headers.push(("idempotency-key", "k".repeat(rng.below(600)))),
        2 => headers.push(("idempotency-key", "has space".into())),
        _ => {}
    }
    Hostile {
        method,
        path,
        headers,
        body,
    }
}

/// What the relay answered, by status (`closed` when it closed the connection, as it may on a
/// body over its cap).
#[derive(Default)]
struct Tally {
    by_status: BTreeMap<String, usize>,
    /// `/control` batches accepted, and their `nb_of_records`.
    batch_records: u64,
    /// `/api/batches` records acknowledged.
    acked_records: u64,
    /// Job resources of the accepted `/control` requests.
    locations: Vec<String>,
    /// `POST`s to a body-reading route closed although their body was within its cap.
    closed_small: usize,
    /// A few of the requests whose connection was closed, and why.
    closed_examples: Vec<String>,
}

impl Tally {
    /// Checks the bar: no 5xx but 503, and no connection closed but on an oversized body.
    fn check(&self) {
        assert!(
            self.server_errors().is_empty(),
            "server errors: {:?}",
            self.server_errors()
        );
        assert_eq!(
            self.closed_small, 0,
            "connections closed on a body within the caps: {:?}",
            self.closed_examples
        );
    }

    fn server_errors(&self) -> Vec<(&String, &usize)> {
        self.by_status
            .iter()
            .filter(|(s, _)| s.starts_with('5') && s.as_str() != "503")
            .collect()
    }
}

/// Sends `n` hostile requests to `relay` and counts the answers.
fn run(relay: &Relay, n: usize, rng: &mut Rng) -> Tally {
    // A connection per request: a connection the relay closed (after refusing an oversized
    // body) is never reused, so that `closed` counts only what the relay itself closed.
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut tally = Tally::default();
    for _ in 0..n {
        let request = hostile(rng);
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).unwrap();
        let mut builder = client
            .request(method.clone(), relay.at(&request.path))
            .body(request.body.clone());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        let response = match builder.send() {
            Ok(response) => response,
            Err(e) => {
                *tally.by_status.entry("closed".into()).or_default() += 1;
                // A route that reads bodies must answer one within its cap; others may answer
                // before a large body is sent, and the client then sees the connection close.
                let reads_body = request.method == "POST"
                    && matches!(request.path.as_str(), "/control" | "/api/batches");
                if reads_body && request.body.len() <= SMALL_BODY_BYTES {
                    tally.closed_small += 1;
                }
                if tally.closed_examples.len() < 5 {
                    tally.closed_examples.push(format!(
                        "{} {} ({} bytes): {e:?}",
                        request.method,
                        request.path,
                        request.body.len()
                    ));
                }
                continue;
            }
        };
        let status = response.status().as_u16();
        *tally.by_status.entry(status.to_string()).or_default() += 1;
        if status == 202 {
            let location = response.headers()["location"].to_str().unwrap().to_owned();
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            if body.get("rate").is_none() {
                tally.batch_records += body["nb_of_records"].as_u64().unwrap();
            }
            tally.locations.push(location);
        } else if status == 200 && request.path == "/api/batches" && method == reqwest::Method::POST
        {
            // A replayed answer (the same Idempotency-Key and body) produced nothing again.
            let replayed = response.headers().contains_key("idempotent-replayed");
            let answer: Value = response.json().unwrap();
            if !replayed {
                tally.acked_records += answer["acked"].as_u64().unwrap();
            }
        }
    }
    tally
}

/// The relay's flags: small limits, so that accepted work stays small.
const LIMITS: [&str; 10] = [
    "--max-control-records",
    "50",
    "--max-batch-records",
    "50",
    "--max-stream-rate",
    "5",
    "--max-streams",
    "1",
    "--max-stream-containers",
    "100",
];

fn print(label: &str, tally: &Tally) {
    let counts: Vec<String> = tally
        .by_status
        .iter()
        .map(|(s, n)| format!("{s} x {n}"))
        .collect();
    println!("{label}: {}", counts.join(", "));
    for example in &tally.closed_examples {
        println!("  closed: {example}");
    }
}

/// Peak resident memory of a process, KiB (`VmHWM`).
fn peak_kib(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[test]
fn ten_thousand_hostile_requests_in_process_get_no_server_error() {
    // The peak memory below is this process's: the test runs alone in a process of its own.
    if !reefer_test_support::in_own_process(
        "hostile_input::ten_thousand_hostile_requests_in_process_get_no_server_error",
    ) {
        return;
    }
    let relay = Relay::in_process(&LIMITS);
    let mut rng = Rng(SEED);
    let tally = run(&relay, 10_000, &mut rng);
    print("in process, 10 000 requests", &tally);
    tally.check();
    assert_eq!(tally.by_status.values().sum::<usize>(), 10_000);
    assert_eq!(relay.status("/health"), 200, "the relay still answers");
    // The test process holds the relay and its client: still within part 1's budget.
    let peak = peak_kib("self");
    println!("peak RSS of the test process: {} MiB", peak / 1024);
    assert!(peak < 300 * 1024, "{} MiB", peak / 1024);
}

#[test]
fn hostile_requests_against_the_binary_leave_only_accepted_records_in_the_topic() {
    let (broker, topic, relay) = relay_on_new_broker("hostile", 2, &LIMITS, &[]);
    // The one stream allowed runs all along, so that every other stream is refused and the
    // topic's count is exact.
    let stream = relay.start_job(&serde_json::json!(
        {"containerID": "S01", "simulation": "normal", "rate": 0.001}));
    let mut rng = Rng(SEED ^ 0xb1);
    let tally = run(&relay, 400, &mut rng);
    print("the binary on the test broker, 400 requests", &tally);
    tally.check();
    let stopped = relay.delete_json(&stream);
    for location in &tally.locations {
        let job = relay.wait_for_job(location);
        assert_ne!(job["state"], "failed", "{job}");
    }
    let expected =
        tally.batch_records + tally.acked_records + stopped["generated"].as_u64().unwrap();
    let consumed = broker.read_back(&topic, expected as usize);
    println!(
        "accepted: {} /control records, {} batch records; in the topic: {}",
        tally.batch_records,
        tally.acked_records,
        consumed.len()
    );
    assert_eq!(consumed.len() as u64, expected);
    assert_eq!(relay.status("/health"), 200, "the relay still answers");
    let peak = peak_kib(&relay.pid().to_string());
    println!("peak RSS of the relay: {} MiB", peak / 1024);
    assert!(peak < 300 * 1024, "{} MiB", peak / 1024);
}
