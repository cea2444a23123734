//! `GET /control/jobs/{id}/board`: the live fleet board the relay pushes as server-sent events,
//! read as a browser's fetch does, from the real relay on the real test broker.

use std::io::{BufRead, BufReader};
use std::time::Duration;

use reefer_test_support::{http, relay_on_new_broker};
use serde_json::{json, Value};

#[test]
fn the_board_pushes_each_containers_state_and_the_rates_until_the_stream_ends() {
    let (_broker, _topic, relay) = relay_on_new_broker("board", 3, &[], &[]);
    let response = relay.control(&json!({"containers": 1000, "simulation": "mixed",
        "rate": 2000, "clock": "simulated", "seed": 12}));
    assert_eq!(response.status(), 202);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let board = http()
        .get(relay.at(&format!("{location}/board")))
        .timeout(Duration::from_secs(60))
        .send()
        .unwrap();
    assert_eq!(board.status(), 200);
    assert_eq!(board.headers()["content-type"], "text/event-stream");
    assert!(
        board.headers().get("content-encoding").is_none(),
        "not buffered by compression"
    );
    let mut lines = BufReader::new(board).lines();
    let mut next = || -> Value {
        loop {
            let line = lines.next().expect("an update").unwrap();
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data).unwrap();
            }
        }
    };
    let first = next();
    let ids = first["ids"]
        .as_array()
        .expect("the ids in the first update");
    assert_eq!((ids.len(), ids[0].as_str()), (1000, Some("C0001")));
    let mut seen_faults = 0;
    let mut last = first;
    for _ in 0..4 {
        last = next();
        assert!(last.get("ids").is_none(), "ids only once");
        let states = last["states"].as_str().unwrap();
        assert_eq!(states.len(), 1000);
        assert!(states.chars().all(|c| ".nesdol".contains(c)), "{states}");
        seen_faults = seen_faults.max(states.chars().filter(|c| "esdo".contains(*c)).count());
    }
    assert!(last["achieved_rate"].as_f64().unwrap() > 500.0, "{last}");
    assert!(last["sent"].as_u64().unwrap() > 1000, "{last}");
    assert!(
        !last["states"].as_str().unwrap().contains('.'),
        "every container reported"
    );
    assert!(seen_faults > 0, "a mixed fleet shows containers in faults");
    // One container's events, as a click on the board asks: only its own, and more of them
    // on the next ask (the relay now keeps that container's latest 120).
    let first = relay.get_json("/api/events?key=C0007&limit=500");
    let events = first["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["key"] == "C0007"), "only C0007's");
    std::thread::sleep(Duration::from_millis(1500));
    let more = relay.get_json(&format!("/api/events?key=C0007&after={}", first["last"]));
    let more = more["events"].as_array().unwrap();
    assert!(!more.is_empty() && more.len() <= 50, "{} more", more.len());
    assert!(more.iter().all(|e| e["key"] == "C0007"));
    // Stopped: one last update says so, and the stream of updates ends.
    let stopped = relay.delete_json(&location);
    assert_eq!(stopped["state"], "stopped");
    let mut end = next();
    while end["state"] == "running" {
        end = next();
    }
    assert_eq!(end["state"], "stopped");
    assert!(
        lines.all(|l| l.unwrap().is_empty()),
        "the board ends with its stream"
    );
    // A board of an unknown stream is a JSON 404 naming the id.
    let (status, body) = reefer_test_support::json(
        http()
            .get(relay.at("/control/jobs/nope/board"))
            .send()
            .unwrap(),
    );
    assert_eq!((status, body["field"].as_str()), (404, Some("id")));
}
