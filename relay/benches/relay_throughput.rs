//! The relay against a direct producer and the original simulator's way of producing, in one
//! run, on the same real broker (Tansu on 127.0.0.1), plus `/control` latency under 50
//! concurrent clients (wrk).
//!
//! Run: `cargo bench -p reefer-relay --bench relay_throughput` (scripts/bench.sh does). Prints
//! a table for BENCHMARKS.md.

use std::process::Command;
use std::time::{Duration, Instant};

use futures::future::join_all;
use rdkafka::config::ClientConfig;
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};
use reefer_relay::kafka::contract_headers;
use reefer_shared::encoding::{write_batch, write_kafka_event, PayloadFormat};
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};
use reefer_test_support::{consume, http, Broker, Relay};

const RECORDS: u64 = 200_000;
const ROUNDS: usize = 5;
const BATCH: usize = 5_000;
/// Clients posting at once: 6 batches of 5 000 fill the relay's producer queue
/// (`MAX_IN_FLIGHT`, 30 000 records) without overflowing it.
const CLIENTS: usize = 6;
const ORIGINAL_RECORDS: u64 = 2_000;

fn records(n: u64) -> Vec<TelemetryRecord> {
    let spec = GenerationSpec::from_fields(
        "C02",
        "P02",
        "co2sensor",
        &n.to_string(),
        "2026-01-01 00:00:00",
        "42",
        "0",
    )
    .unwrap();
    Generator::new(spec).collect()
}

/// The relay's producer settings, for a fair comparison.
fn producer(bootstrap: &str) -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set("compression.type", "lz4")
        .set("linger.ms", "5")
        .set("queue.buffering.max.messages", "1000000")
        .create()
        .unwrap()
}

fn events(records: &[TelemetryRecord]) -> Vec<(String, Vec<u8>)> {
    records
        .iter()
        .map(|r| {
            let mut v = Vec::new();
            write_kafka_event(&mut v, r);
            (r.container_id.to_string(), v)
        })
        .collect()
}

/// One event as the direct producer sends it: with the relay's contract headers when
/// `headers` (then the Kafka record is exactly the relay's), else key and value only.
fn record<'a>(
    topic: &'a str,
    (key, value): &'a (String, Vec<u8>),
    headers: bool,
) -> FutureRecord<'a, String, Vec<u8>> {
    let record = FutureRecord::to(topic).key(key).payload(value);
    if headers {
        record.headers(contract_headers(PayloadFormat::Json))
    } else {
        record
    }
}

/// Produces `events` with a producer of the relay's settings: records/s and the CPU seconds
/// this process spent on it.
fn direct(bootstrap: &str, topic: &str, events: &[(String, Vec<u8>)], headers: bool) -> (f64, f64) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let producer = producer(bootstrap);
    // Warm up: connect and get the idempotent producer id before timing, as the relay has.
    let warm_up = producer
        .send_result(record(topic, &events[0], headers))
        .map_err(|(e, _)| e)
        .unwrap();
    assert!(matches!(runtime.block_on(warm_up), Ok(Ok(_))));
    let cpu_before = cpu_seconds(std::process::id());
    let began = Instant::now();
    let acked = runtime.block_on(async {
        let futures: Vec<_> = events
            .iter()
            .map(|event| {
                producer
                    .send_result(record(topic, event, headers))
                    .map_err(|(e, _)| e)
                    .unwrap()
            })
            .collect();
        join_all(futures)
            .await
            .into_iter()
            .filter(|r| matches!(r, Ok(Ok(_))))
            .count()
    });
    let seconds = began.elapsed().as_secs_f64();
    assert_eq!(acked, events.len());
    (
        events.len() as f64 / seconds,
        cpu_seconds(std::process::id()) - cpu_before,
    )
}

fn original_way(bootstrap: &str, topic: &str, events: &[(String, Vec<u8>)]) -> f64 {
    let producer = producer(bootstrap);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let began = Instant::now();
    // produce(); flush() per record, as the original did. rust-rdkafka's flush() polls in
    // 100 ms steps, which would be unfair to the original (confluent-kafka's flush returns on
    // the acknowledgement), so the wait is on the record's own acknowledgement instead.
    for (key, value) in events {
        let future = producer
            .send_result(FutureRecord::to(topic).key(key).payload(value))
            .map_err(|(e, _)| e)
            .unwrap();
        assert!(matches!(runtime.block_on(future), Ok(Ok(_))));
    }
    let _ = producer.flush(Duration::from_secs(1));
    events.len() as f64 / began.elapsed().as_secs_f64()
}

fn relay_batches(relay: &Relay, records: &[TelemetryRecord]) -> f64 {
    let bodies: Vec<Vec<u8>> = records
        .chunks(BATCH)
        .map(|chunk| {
            let mut out = Vec::new();
            write_batch(&mut out, chunk);
            out
        })
        .collect();
    let url = relay.at("/api/batches");
    // Warm up: the relay's producer connects on its first batch.
    let mut warm_up = Vec::new();
    write_batch(&mut warm_up, &records[..1]);
    let response = http()
        .post(&url)
        .header("content-type", "application/json")
        .body(warm_up)
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let began = Instant::now();
    std::thread::scope(|scope| {
        for client in 0..CLIENTS {
            let bodies = &bodies;
            let url = &url;
            scope.spawn(move || {
                let http = http();
                for body in bodies.iter().skip(client).step_by(CLIENTS) {
                    // A busy relay (503: its producer queue is full) takes nothing; a client
                    // tries again shortly.
                    loop {
                        let response = http
                            .post(url)
                            .header("content-type", "application/json")
                            .body(body.clone())
                            .send()
                            .unwrap();
                        let status = response.status();
                        if status == 503 {
                            std::thread::sleep(Duration::from_millis(5));
                            continue;
                        }
                        assert_eq!(status, 200, "{}", response.text().unwrap_or_default());
                        break;
                    }
                }
            });
        }
    });
    records.len() as f64 / began.elapsed().as_secs_f64()
}

/// CPU seconds (user + system) a process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(") ")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// wrk with 50 connections posting 1000-record requests; each connection waits `pause_ms`
/// between requests (0: as fast as the relay answers).
fn control_latency(relay: &Relay, pause_ms: u32) -> Option<String> {
    let script = std::env::temp_dir().join(format!("reefer-control-{pause_ms}.lua"));
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n\
             wrk.body = '{{\"containerID\": \"C02\", \"simulation\": \"co2sensor\", \"nb_of_records\": 1000, \"product_id\": \"P02\"}}'\n\
             function delay() return {pause_ms} end\n"
        ),
    )
    .ok()?;
    let out = Command::new("wrk")
        .args(["-t", "2", "-c", "50", "-d", "15s", "--latency", "-s"])
        .arg(&script)
        .arg(relay.at("/control"))
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// One path's rounds: its rates and the CPU it spent.
#[derive(Default)]
struct Path {
    rates: Vec<f64>,
    cpu_seconds: f64,
}

impl Path {
    fn add(&mut self, rate: f64, cpu_seconds: f64) {
        self.rates.push(rate);
        self.cpu_seconds += cpu_seconds;
    }

    fn median(&self) -> f64 {
        median(self.rates.clone())
    }

    /// The median of this path's rate over `other`'s, round by round.
    fn paired(&self, other: &Path) -> f64 {
        median(
            self.rates
                .iter()
                .zip(&other.rates)
                .map(|(a, b)| a / b)
                .collect(),
        )
    }

    fn cpu_per_record(&self) -> f64 {
        self.cpu_seconds * 1e6 / (RECORDS as f64 * self.rates.len() as f64)
    }

    fn list(&self) -> String {
        self.rates
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes flags such as --bench; this harness takes none.
    let broker = Broker::start();
    for round in 0..ROUNDS {
        broker.create_topic(&format!("direct-{round}"), 3);
        broker.create_topic(&format!("same-{round}"), 3);
        broker.create_topic(&format!("relay-{round}"), 3);
    }
    broker.create_topic("original", 3);
    broker.create_topic("control", 3);
    let records = records(RECORDS);
    let events = events(&records);

    // Alternate the paths so that drift in the machine and the broker affects all alike.
    let mut bare = Path::default();
    let mut same = Path::default();
    let mut relay_path = Path::default();
    let mut broker_cpu = 0.0;
    let mut relay_rss = 0.0;
    for round in 0..ROUNDS {
        for (path, headers, topic) in [(&mut bare, false, "direct"), (&mut same, true, "same")] {
            let (rate, cpu) = direct(
                &broker.bootstrap(),
                &format!("{topic}-{round}"),
                &events,
                headers,
            );
            path.add(rate, cpu);
        }
        let topic = format!("relay-{round}");
        let relay = Relay::start(
            &[],
            &[
                ("KAFKA_BROKERS", &broker.bootstrap()),
                ("TELEMETRY_TOPIC", &topic),
            ],
        );
        let (relay_before, broker_before) = (cpu_seconds(relay.pid()), cpu_seconds(broker.pid()));
        let rate = relay_batches(&relay, &records);
        relay_path.add(rate, cpu_seconds(relay.pid()) - relay_before);
        broker_cpu += cpu_seconds(broker.pid()) - broker_before;
        relay_rss = f64::max(relay_rss, peak_rss_mib(relay.pid()));
        // Everything the relay acknowledged is in the topic, once.
        let consumed = consume(
            &broker.bootstrap(),
            &topic,
            RECORDS as usize + 1,
            Duration::from_secs(120),
            &[],
        );
        // Every record once, plus the warm-up record.
        assert_eq!(consumed.len() as u64, RECORDS + 1);
    }
    let original_rate = original_way(
        &broker.bootstrap(),
        "original",
        &events[..ORIGINAL_RECORDS as usize],
    );

    println!(
        "records: {RECORDS} co2sensor events per run (~{} bytes each), {ROUNDS} alternating rounds, \
         broker: Tansu 0.6.0 (debug build, memory engine) on 127.0.0.1",
        events[0].1.len()
    );
    println!("| path | records/s (median) | runs | CPU per record | vs direct | median of paired rounds |");
    println!("|---|---|---|---|---|---|");
    for (name, path) in [
        (
            "direct rdkafka producer (relay's settings, no HTTP), key and value only",
            &bare,
        ),
        (
            "direct, the relay's exact Kafka records (key, value, contract headers)",
            &same,
        ),
    ] {
        println!(
            "| {name} | {:.0} | {} | {:.1} µs | {:.2} | |",
            path.median(),
            path.list(),
            path.cpu_per_record(),
            path.median() / bare.median(),
        );
    }
    println!(
        "| relay: HTTP batches of {BATCH}, {CLIENTS} clients, answered after acks | {:.0} | {} | {:.1} µs | {:.2} (vs the exact records: {:.2}) | {:.2} (vs the exact records: {:.2}) |",
        relay_path.median(),
        relay_path.list(),
        relay_path.cpu_per_record(),
        relay_path.median() / bare.median(),
        relay_path.median() / same.median(),
        relay_path.paired(&bare),
        relay_path.paired(&same),
    );
    println!(
        "| original's way: one message, then wait for it, per record ({ORIGINAL_RECORDS}) | {original_rate:.0} | 1 | | {:.4} | |",
        original_rate / bare.median()
    );
    println!("relay peak RSS during the batches: {relay_rss:.1} MiB");
    println!(
        "broker CPU during the relay runs: {:.1} µs per record",
        broker_cpu * 1e6 / (RECORDS * ROUNDS as u64) as f64
    );

    let control = Relay::start(
        &["--max-control-records", "1000"],
        &[
            ("KAFKA_BROKERS", &broker.bootstrap()),
            ("TELEMETRY_TOPIC", "control"),
        ],
    );
    // 50 clients each sending a request every 400 ms: 125 requests/s, 125 000 records/s,
    // about 60 % of what the broker takes; then the same clients with no pause (overload).
    for (pause, label) in [
        (400, "paced, 125 requests/s"),
        (0, "no pause: overload, back-pressure"),
    ] {
        let Some(report) = control_latency(&control, pause) else {
            println!("/control latency: wrk is not installed (apt-get install wrk)");
            break;
        };
        println!("/control, 1000 records per request, 50 concurrent clients, 15 s, {label} (wrk):");
        let wanted = [
            "50%",
            "90%",
            "99%",
            "Requests/sec",
            "requests in",
            "Non-2xx",
        ];
        for line in report
            .lines()
            .filter(|l| wanted.iter().any(|w| l.contains(w)))
        {
            println!("    {}", line.trim());
        }
        println!(
            "    relay peak RSS so far: {:.1} MiB",
            peak_rss_mib(control.pid())
        );
        std::thread::sleep(Duration::from_secs(3));
    }
}
