//! Two relay processes behind one address, on one broker, as the Event Streams overlay runs
//! them: each reads and stops the other's jobs (requests alternate between them), and a job
//! whose relay was killed mid-stream is reported `relay_gone`, not running forever.

use std::time::{Duration, Instant};

use reefer_test_support::{free_port, http, topic_name, Broker, Relay};
use serde_json::{json, Value};

/// Two relays on `broker`, each knowing both addresses as its peers (itself included, as a
/// headless Service lists every pod).
fn two_relays(broker: &Broker, topic: &str) -> [Relay; 2] {
    let ports = [free_port(), free_port()];
    let peers = format!("127.0.0.1:{},127.0.0.1:{}", ports[0], ports[1]);
    ports.map(|port| {
        let port = port.to_string();
        Relay::start(
            &["--port", &port, "--peers", &peers],
            &[
                ("KAFKA_BROKERS", &broker.bootstrap()),
                ("TELEMETRY_TOPIC", topic),
            ],
        )
    })
}

fn get(relay: &Relay, path: &str) -> (u16, Value) {
    let response = http().get(relay.at(path)).send().unwrap();
    (
        response.status().as_u16(),
        response.json().unwrap_or(Value::Null),
    )
}

fn delete(relay: &Relay, path: &str) -> (u16, Value) {
    let response = http().delete(relay.at(path)).send().unwrap();
    (
        response.status().as_u16(),
        response.json().unwrap_or(Value::Null),
    )
}

/// The median of `n` timings of `f`, in milliseconds.
fn median_ms(n: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let began = Instant::now();
            f();
            began.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[n / 2]
}

#[test]
fn each_relay_reads_and_stops_the_others_jobs_and_a_killed_relays_jobs_are_relay_gone() {
    let broker = Broker::start();
    let topic = topic_name("replicas");
    broker.create_topic(&topic, 3);
    let [a, mut b] = two_relays(&broker, &topic);
    let relay_id = |r: &Relay| get(r, "/control").1["relay"].as_str().unwrap().to_owned();
    let (id_a, id_b) = (relay_id(&a), relay_id(&b));
    assert_ne!(id_a, id_b, "each relay process has its own id");

    // A stream on A, read through A and B alternately: the same running job each time.
    let stream = a.start_job(&json!({"containers": 5, "simulation": "mixed", "rate": 20,
        "duration_seconds": 120, "seed": 3}));
    assert!(
        stream.starts_with(&format!("/control/jobs/{id_a}-")),
        "{stream}"
    );
    let mut sent = Vec::new();
    for turn in 0..6 {
        let relay = if turn % 2 == 0 { &a } else { &b };
        let (status, job) = get(relay, &stream);
        assert_eq!(
            (status, job["state"].as_str()),
            (200, Some("running")),
            "turn {turn}: {job}"
        );
        sent.push(job["generated"].as_u64().unwrap());
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(
        sent.windows(2).all(|w| w[0] <= w[1]),
        "one job's counts, growing: {sent:?}"
    );
    let (status, fleet) = get(&b, &format!("{stream}/fleet"));
    assert_eq!(status, 200, "{fleet}");
    assert_eq!(fleet["containers"], 5, "{fleet}");

    // A batch on B, read through A.
    let batch = b.start_job(&json!({"containerID": "C07", "simulation": "poweroff",
        "nb_of_records": 400, "seed": 1}));
    let deadline = Instant::now() + Duration::from_secs(30);
    let job = loop {
        let (status, job) = get(&a, &batch);
        assert_eq!(status, 200, "{job}");
        if job["state"] != "running" || Instant::now() > deadline {
            break job;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(
        (job["state"].as_str(), job["acked"].as_u64()),
        (Some("completed"), Some(400)),
        "{job}"
    );

    // What forwarding costs: the same GET asked of the owner and of the other replica.
    let direct = median_ms(50, || assert_eq!(get(&a, &stream).0, 200));
    let forwarded = median_ms(50, || assert_eq!(get(&b, &stream).0, 200));
    println!("GET a job: {direct:.2} ms from its relay, {forwarded:.2} ms through the other (median of 50)");

    // B stops A's stream; A agrees it is stopped.
    let (status, stopped) = delete(&b, &stream);
    assert_eq!(
        (status, stopped["state"].as_str()),
        (200, Some("stopped")),
        "{stopped}"
    );
    let (status, after) = get(&a, &stream);
    assert_eq!(
        (status, after["state"].as_str()),
        (200, Some("stopped")),
        "{after}"
    );
    assert_eq!(after["generated"], stopped["generated"]);

    // A stream on B, then B dies without a word (SIGKILL, as a crashed pod).
    let orphan = b.start_job(
        &json!({"containers": 3, "simulation": "normal", "rate": 10, "duration_seconds": 300}),
    );
    assert_eq!(get(&a, &orphan).1["state"], "running");
    b.kill();
    let began = Instant::now();
    let (status, gone) = loop {
        let (status, gone) = get(&a, &orphan);
        if status != 200 || began.elapsed() > Duration::from_secs(15) {
            break (status, gone);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    println!(
        "a killed relay's stream reported relay_gone after {:.1} s",
        began.elapsed().as_secs_f64()
    );
    assert_eq!(status, 410, "{gone}");
    assert_eq!(gone["state"], "relay_gone");
    assert_eq!(gone["relay"], id_b.as_str());
    assert!(
        gone["error"].as_str().unwrap().starts_with("relay gone"),
        "{gone}"
    );
    // Its finished batch too, and stopping its stream says the same.
    assert_eq!(get(&a, &batch).0, 410);
    assert_eq!(delete(&a, &orphan).0, 410);
    // An id that is no relay's is still a 404. A request forwarded to a relay that does not
    // own the job (the owner's address now serves another relay) is answered there, gone.
    assert_eq!(get(&a, "/control/jobs/not-a-job").0, 404);
    let looped = http()
        .get(a.at(&orphan))
        .header("x-reefer-forwarded", "1")
        .send()
        .unwrap();
    assert_eq!(looped.status(), 410);
    let own = format!("/control/jobs/{id_a}-00000000000000000000000000000000");
    assert_eq!(get(&a, &own).0, 404, "its own forgotten id is no such job");
}
