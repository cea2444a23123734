//! Streaming through the relay to a real broker (Tansu on 127.0.0.1), sustained:
//! 1. 10 000 containers at 1 event/s each (10 000 events/s) for 60 s: the rate achieved, the
//!    relay's CPU and memory sampled every 5 s, and what the broker acknowledged;
//! 2. the highest sustained rate: streams of 20 s at rising rates until one falls behind.
//!
//! Run: `cargo bench -p reefer-relay --bench stream_sustained` (scripts/bench.sh does).
//! `REEFER_BENCH_SECONDS` shortens part 1 (default 60).

use std::time::{Duration, Instant};

use reefer_test_support::{http, relay_on_new_broker, Relay};
use serde_json::{json, Value};

/// CPU seconds (user + system) a process has used, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

/// Resident memory of a process, MiB.
fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn start_stream(relay: &Relay, body: &Value) -> String {
    let response = relay.post("/control", body.to_string());
    assert_eq!(
        response.status(),
        202,
        "{}",
        response.text().unwrap_or_default()
    );
    response.headers()["location"].to_str().unwrap().to_owned()
}

fn job(relay: &Relay, location: &str) -> Value {
    http()
        .get(relay.at(location))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

/// Waits for the stream's end and its last acknowledgements.
fn settle(relay: &Relay, location: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let j = job(relay, location);
        let answered = j["acked"].as_u64().unwrap_or(0) + j["failed"].as_u64().unwrap_or(0);
        if (j["state"] != "running" && answered == j["generated"].as_u64().unwrap_or(0))
            || Instant::now() > deadline
        {
            return j;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn main() {
    let seconds: u64 = std::env::var("REEFER_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let (broker, _topic, relay) = relay_on_new_broker(
        "sustained",
        3,
        &["--max-stream-rate", "1000000"],
        &[("RUST_LOG", "warn")],
    );
    let pid = relay.pid();
    let broker_pid = broker.pid();
    println!("relay pid {pid}, Tansu pid {broker_pid}, {seconds} s");

    println!("\n-- 1. 10 000 containers x 1 event/s for {seconds} s");
    println!(
        "{:>6} {:>10} {:>10} {:>9} {:>9} {:>10} {:>10}",
        "t (s)", "sent", "acked", "lag", "relay CPU", "relay RSS", "Tansu CPU"
    );
    let rss_before = rss_mib(pid);
    let location = start_stream(
        &relay,
        &json!({"containers": 10000, "simulation": "mixed", "rate": 10000,
                "duration_seconds": seconds, "seed": 1}),
    );
    let began = Instant::now();
    let (cpu0, broker_cpu0) = (cpu_seconds(pid), cpu_seconds(broker_pid));
    let (mut last_cpu, mut last_broker, mut last_t) = (cpu0, broker_cpu0, 0.0);
    let mut rss_samples = Vec::new();
    while began.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(5));
        let t = began.elapsed().as_secs_f64();
        let j = job(&relay, &location);
        let (cpu, broker_cpu, rss) = (cpu_seconds(pid), cpu_seconds(broker_pid), rss_mib(pid));
        rss_samples.push(rss);
        println!(
            "{t:>6.1} {:>10} {:>10} {:>9} {:>8.0} % {:>6.1} MiB {:>8.0} %",
            j["generated"],
            j["acked"],
            j["lag"],
            100.0 * (cpu - last_cpu) / (t - last_t),
            rss,
            100.0 * (broker_cpu - last_broker) / (t - last_t),
        );
        (last_cpu, last_broker, last_t) = (cpu, broker_cpu, t);
    }
    let j = settle(&relay, &location);
    let wall = began.elapsed().as_secs_f64();
    let cpu = cpu_seconds(pid) - cpu0;
    let asked = 10_000.0 * seconds as f64;
    let generated = j["generated"].as_f64().unwrap_or(0.0);
    println!(
        "state {}, sent {} (asked {asked}: {:+.3} %), acked {}, failed {}, achieved {} events/s",
        j["state"],
        j["generated"],
        100.0 * (generated - asked) / asked,
        j["acked"],
        j["failed"],
        j["achieved_rate"]
    );
    println!(
        "relay CPU {:.1} % of one core on average ({cpu:.1} CPU-s in {wall:.1} s); RSS before {rss_before:.1} MiB, during {:.1}..{:.1} MiB",
        100.0 * cpu / wall,
        rss_samples.iter().cloned().fold(f64::MAX, f64::min),
        rss_samples.iter().cloned().fold(0.0, f64::max),
    );

    println!("\n-- 2. the highest sustained rate (20 s streams, 1 000 containers)");
    for rate in [
        20_000u64, 40_000, 80_000, 160_000, 240_000, 320_000, 480_000,
    ] {
        let location = start_stream(
            &relay,
            &json!({"containers": 1000, "simulation": "mixed", "rate": rate,
                    "duration_seconds": 20, "seed": 2}),
        );
        let (cpu0, t0) = (cpu_seconds(pid), Instant::now());
        let j = settle(&relay, &location);
        let cpu = cpu_seconds(pid) - cpu0;
        let achieved = j["achieved_rate"].as_f64().unwrap_or(0.0);
        let sustained = j["state"] == "completed" && achieved >= 0.99 * rate as f64;
        println!(
            "rate {rate:>7}/s: {} after {}s ({}), sent {}, acked {}, achieved {}/s, relay CPU {:.0} %{}",
            j["state"],
            j["elapsed_seconds"],
            if sustained {
                "sustained"
            } else {
                "NOT sustained: below 99 % of the rate"
            },
            j["generated"],
            j["acked"],
            j["achieved_rate"],
            100.0 * cpu / t0.elapsed().as_secs_f64(),
            j["error"]
                .as_str()
                .map(|e| format!("\n    {e}"))
                .unwrap_or_default()
        );
        if !sustained {
            break;
        }
    }
}
