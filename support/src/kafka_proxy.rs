//! A TCP front for the test broker that can go silent after a number of produce answers while
//! still passing requests on: a network partition after the request left, the case in which a
//! producer cannot know whether the broker kept a record. It reads Kafka's framing only (a
//! 4-byte length; a request's api key and correlation id, a response's correlation id).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// Kafka's api key of a produce request.
const PRODUCE: i16 = 0;

#[derive(Default)]
struct Shared {
    /// `None`: pass every answer. `Some(n)`: pass `n` more produce answers, then hold all.
    budget: Mutex<Option<usize>>,
    /// Every connection, to close the held ones when healed.
    connections: Mutex<Vec<TcpStream>>,
}

/// The front, stopped when the test ends (its threads end with their connections).
pub struct KafkaProxy {
    /// The port clients (and the broker's advertised address) use.
    pub port: u16,
    shared: Arc<Shared>,
}

impl KafkaProxy {
    /// Listens on a free loopback port and forwards to `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        Self::serve(listener, upstream)
    }

    /// Forwards connections accepted by `listener` to `127.0.0.1:upstream`.
    pub fn serve(listener: TcpListener, upstream: u16) -> Self {
        let port = listener.local_addr().expect("its address").port();
        let shared = Arc::new(Shared::default());
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(broker) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                forward(client, broker, accepting.clone());
            }
        });
        Self { port, shared }
    }

    /// Passes `n` more produce answers, then holds every answer on every connection (the
    /// requests still reach the broker).
    pub fn hold_after_produce_answers(&self, n: usize) {
        *self.shared.budget.lock().unwrap() = Some(n);
    }

    /// Passes everything again, closing the connections that were held so that clients
    /// reconnect.
    pub fn heal(&self) {
        *self.shared.budget.lock().unwrap() = None;
        for connection in self.shared.connections.lock().unwrap().drain(..) {
            let _ = connection.shutdown(Shutdown::Both);
        }
    }
}

fn forward(client: TcpStream, broker: TcpStream, shared: Arc<Shared>) {
    let api_keys: Arc<Mutex<HashMap<i32, i16>>> = Arc::default();
    {
        let mut connections = shared.connections.lock().unwrap();
        connections.extend(client.try_clone().ok());
        connections.extend(broker.try_clone().ok());
    }
    let (mut from_client, mut to_broker) =
        (client.try_clone().unwrap(), broker.try_clone().unwrap());
    let requests = api_keys.clone();
    std::thread::spawn(move || {
        while let Some(frame) = read_frame(&mut from_client) {
            if frame.len() >= 12 {
                let api_key = i16::from_be_bytes([frame[4], frame[5]]);
                let correlation = i32::from_be_bytes([frame[8], frame[9], frame[10], frame[11]]);
                requests.lock().unwrap().insert(correlation, api_key);
            }
            if to_broker.write_all(&frame).is_err() {
                break;
            }
        }
        let _ = to_broker.shutdown(Shutdown::Both);
    });
    let (mut from_broker, mut to_client) = (broker, client);
    std::thread::spawn(move || {
        let mut held = false;
        while let Some(frame) = read_frame(&mut from_broker) {
            let correlation = (frame.len() >= 8)
                .then(|| i32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]]));
            let api_key = correlation.and_then(|c| api_keys.lock().unwrap().remove(&c));
            if !held {
                let mut budget = shared.budget.lock().unwrap();
                match budget.as_mut() {
                    Some(0) => held = true,
                    Some(n) if api_key == Some(PRODUCE) => *n -= 1,
                    _ => {}
                }
            }
            if held {
                continue;
            }
            if to_client.write_all(&frame).is_err() {
                break;
            }
        }
        let _ = to_client.shutdown(Shutdown::Both);
    });
}

/// One frame with its length prefix, or `None` at the end of the stream.
fn read_frame(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut length = [0u8; 4];
    stream.read_exact(&mut length).ok()?;
    let n = usize::try_from(i32::from_be_bytes(length)).ok()?;
    let mut frame = Vec::with_capacity(4 + n);
    frame.extend_from_slice(&length);
    frame.resize(4 + n, 0);
    stream.read_exact(&mut frame[4..]).ok()?;
    Some(frame)
}
