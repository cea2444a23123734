//! Real parts for the relay's integration tests and benchmarks, in one place: a Tansu broker on
//! 127.0.0.1 (an Apache Kafka-compatible broker, installed by `scripts/setup.sh`), the real
//! `reefer serve` binary or the relay in this process (its library, on its embedded broker),
//! an rdkafka consumer that reads back what reached the topic and checks every event against
//! the published schemas, spec builders, and JSON requests.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::sync::OnceLock;

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::{Message, Offset, TopicPartitionList};
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};

mod kafka_proxy;
mod tls_front;
pub use kafka_proxy::KafkaProxy;
pub use tls_front::{Certificates, TlsFront};

/// A broker in memory reached only through a [`KafkaProxy`] (it advertises the proxy's port),
/// with a topic of `partitions` partitions.
pub fn broker_behind_proxy(topic: &str, partitions: u32) -> (Broker, KafkaProxy) {
    let front = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let front_port = front.local_addr().expect("its address").port();
    let broker = Broker::start_advertising(front_port, false);
    let proxy = KafkaProxy::serve(front, broker.port);
    broker.create_topic(topic, partitions);
    (broker, proxy)
}

/// The Tansu binary: `REEFER_TANSU`, else where `scripts/setup.sh` installs it.
pub fn tansu_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("REEFER_TANSU") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME").unwrap_or_default();
    let path = Path::new(&home).join(".cache/tansu-0.6.0/bin/tansu");
    assert!(
        path.is_file(),
        "the test broker is missing: run scripts/setup.sh (it installs Tansu 0.6.0 at {})",
        path.display()
    );
    path
}

/// A free loopback port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub(crate) fn wait_for_port(port: u16, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} did not open");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A Tansu broker on 127.0.0.1, stopped when dropped.
pub struct Broker {
    pub port: u16,
    /// The port the broker tells clients to use: its own, or a front's (a proxy, TLS).
    pub advertised_port: u16,
    dir: tempfile::TempDir,
    storage: String,
    authentication: bool,
    child: Option<Child>,
}

impl Broker {
    /// A broker keeping data in memory.
    pub fn start() -> Self {
        Self::start_with("memory://tansu/", false)
    }

    /// A broker with the given storage engine; `authentication` requires SASL SCRAM.
    pub fn start_with(storage: &str, authentication: bool) -> Self {
        let port = free_port();
        Self::start_on(storage, authentication, port, port)
    }

    /// A broker in memory that listens on a free port but tells clients to connect to
    /// `127.0.0.1:advertised_port`, where a front (a [`KafkaProxy`], a TLS terminator) forwards
    /// to [`Broker::port`].
    pub fn start_advertising(advertised_port: u16, authentication: bool) -> Self {
        Self::start_fronted("memory://tansu/", authentication, advertised_port)
    }

    /// A broker with this storage engine listening on a free port, telling clients to connect
    /// to `127.0.0.1:advertised_port` (see [`Broker::start_advertising`]).
    pub fn start_fronted(storage: &str, authentication: bool, advertised_port: u16) -> Self {
        Self::start_on(storage, authentication, free_port(), advertised_port)
    }

    fn start_on(storage: &str, authentication: bool, port: u16, advertised_port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage.replace("{dir}", &dir.path().display().to_string());
        let mut broker = Self {
            port,
            advertised_port,
            dir,
            storage,
            authentication,
            child: None,
        };
        broker.resume();
        broker
    }

    /// The broker's process id (0 when stopped).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(|c| c.id()).unwrap_or(0)
    }

    /// `host:port` for clients.
    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Requires SASL SCRAM from the next [`Broker::resume`] on.
    pub fn set_authentication(&mut self, on: bool) {
        self.authentication = on;
    }

    /// Stops the broker process (the port closes).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the broker again on the same port and storage.
    pub fn resume(&mut self) {
        let url = format!("tcp://127.0.0.1:{}", self.port);
        let advertised = format!("tcp://127.0.0.1:{}", self.advertised_port);
        let mut cmd = Command::new(tansu_binary());
        cmd.current_dir(self.dir.path())
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &advertised,
            ])
            .args(["--storage-engine", &self.storage])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if self.authentication {
            cmd.arg("--authentication");
        }
        self.child = Some(cmd.spawn().expect("start tansu"));
        wait_for_port(self.port, Duration::from_secs(20));
    }

    /// Creates a topic (the broker does not create topics on produce).
    pub fn create_topic(&self, topic: &str, partitions: u32) {
        self.tansu(&[
            "topic",
            "create",
            topic,
            "--partitions",
            &partitions.to_string(),
        ]);
    }

    /// Creates a SCRAM-SHA-512 user (before authentication is switched on).
    pub fn create_user(&self, user: &str, password: &str) {
        self.tansu(&["user", "create", user, password, "--mechanism", "scram512"]);
    }

    fn tansu(&self, args: &[&str]) {
        let out = Command::new(tansu_binary())
            .current_dir(self.dir.path())
            .args(args)
            .args(["--broker", &format!("tcp://127.0.0.1:{}", self.port)])
            .output()
            .expect("run tansu");
        assert!(
            out.status.success(),
            "tansu {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The `reefer` binary under test: `REEFER_BIN` when set (to measure another build profile's
/// binary in a benchmark), else the one cargo built beside the running test or benchmark
/// (`target/<profile>/reefer`; cargo builds it for the relay's tests and benches).
pub fn reefer_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("REEFER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps/<test>");
    let path = profile_dir.join("reefer");
    assert!(
        path.is_file(),
        "{} is missing: run the relay's tests with cargo",
        path.display()
    );
    path
}

/// The relay under test, on a free port, stopped when dropped: the real `reefer serve`
/// ([`Relay::start`]) or the relay's library serving in this process ([`Relay::in_process`]).
pub struct Relay {
    pub url: String,
    child: Option<Child>,
    stderr: Arc<Mutex<String>>,
    in_process: Option<reefer_relay::cli::serve::InProcessRelay>,
}

impl Relay {
    /// The relay in this process with these `reefer serve` flags (on its embedded broker unless
    /// `KAFKA_BROKERS` is set): the same router, limits and transport as the binary, without a
    /// process to start. Its log goes nowhere and it has no process id.
    pub fn in_process(args: &[&str]) -> Self {
        use clap::Parser;
        let argv = [
            "reefer",
            "serve",
            "--port",
            "0",
            "--dist",
            "/nonexistent-dist",
        ];
        let mut argv: Vec<&str> = argv.to_vec();
        if args.contains(&"--dist") {
            argv.truncate(4);
        }
        argv.extend_from_slice(args);
        let cli = reefer_relay::cli::Cli::try_parse_from(argv).expect("valid serve flags");
        let reefer_relay::cli::Command::Serve(args) = cli.command else {
            unreachable!("a serve command")
        };
        let relay = reefer_relay::cli::serve::InProcessRelay::start(args)
            .unwrap_or_else(|e| panic!("the relay did not start in process: {e}"));
        Self {
            url: relay.url().to_owned(),
            child: None,
            stderr: Arc::default(),
            in_process: Some(relay),
        }
    }

    /// Starts `reefer serve --port 0` with extra flags and environment.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(reefer_binary());
        cmd.arg("serve");
        if !args.contains(&"--port") {
            cmd.args(["--port", "0"]);
        }
        if !args.contains(&"--dist") {
            cmd.args(["--dist", "/nonexistent-dist"]);
        }
        for var in OUTSIDE_SETTINGS {
            cmd.env_remove(var);
        }
        cmd.args(args)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start reefer serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("reefer relay listening on ")
            .unwrap_or_else(|| panic!("relay did not start: {line:?} {}", stderr.lock().unwrap()))
            .to_owned();
        Self {
            url,
            child: Some(child),
            stderr,
            in_process: None,
        }
    }

    /// Kills the relay process at once (SIGKILL: no shutdown, as a crashed pod).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The relay's process id (a relay started with [`Relay::start`]).
    pub fn pid(&self) -> u32 {
        self.child
            .as_ref()
            .expect("a relay process, not one in process")
            .id()
    }

    /// Everything the relay logged so far.
    pub fn logs(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `url` + `path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        drop(self.in_process.take());
        let Some(child) = self.child.as_mut() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// A message read back from the topic.
#[derive(Debug, Clone)]
pub struct Consumed {
    pub key: String,
    pub value: serde_json::Value,
    pub raw: Vec<u8>,
    /// The message's Kafka timestamp, milliseconds since 1970.
    pub timestamp_ms: Option<i64>,
    /// Its `payload_format` header.
    pub payload_format: String,
    /// The partition it was read from.
    pub partition: i32,
    /// Its offset in that partition.
    pub offset: i64,
}

/// The published schema of a payload format (`docs/schemas/`), compiled once.
fn event_schema(format: &str) -> &'static jsonschema::Validator {
    static JSON: OnceLock<jsonschema::Validator> = OnceLock::new();
    static LEGACY: OnceLock<jsonschema::Validator> = OnceLock::new();
    let cell = match format {
        "json" => &JSON,
        "legacy" => &LEGACY,
        other => panic!("an event with payload_format {other:?}"),
    };
    cell.get_or_init(|| schema(&format!("telemetry-event.{format}.v1.schema.json")))
}

/// A published schema from `docs/schemas/`, compiled.
pub fn schema(file: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schemas")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Checks an event against the contract its headers name: `schema_version` 1 and the schema
/// of its `payload_format`. Every event the tests read back goes through this.
fn check_contract(
    message: &rdkafka::message::BorrowedMessage<'_>,
    value: &serde_json::Value,
) -> String {
    let header = |name: &str| {
        message.headers().and_then(|headers| {
            headers
                .iter()
                .find(|h| h.key == name)
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        })
    };
    assert_eq!(
        header("schema_version").as_deref(),
        Some("1"),
        "schema_version header"
    );
    let format = header("payload_format").expect("a payload_format header");
    let errors: Vec<String> = event_schema(&format)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "the event does not follow its {format} schema: {errors:?}\n{value}"
    );
    format
}

/// Reads every message of `topic` from the start until `expected` arrived (and a little
/// longer, to catch extras and duplicates) or `timeout` passed. Each event is checked against
/// the published schema its headers name.
pub fn consume(
    bootstrap: &str,
    topic: &str,
    expected: usize,
    timeout: Duration,
    extra: &[(&str, &str)],
) -> Vec<Consumed> {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("group.id", format!("test-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false");
    for (k, v) in extra {
        config.set(*k, *v);
    }
    let consumer: BaseConsumer = config.create().unwrap();
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for p in metadata.topics()[0].partitions() {
        assignment
            .add_partition_offset(topic, p.id(), Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let mut out = Vec::new();
    let deadline = Instant::now() + timeout;
    let mut settle_until: Option<Instant> = None;
    loop {
        let now = Instant::now();
        if now > deadline || settle_until.is_some_and(|t| now > t) {
            break;
        }
        if let Some(Ok(message)) = consumer.poll(Duration::from_millis(100)) {
            let raw = message.payload().unwrap_or_default().to_vec();
            let value = serde_json::from_slice(&raw).unwrap_or(serde_json::Value::Null);
            let payload_format = check_contract(&message, &value);
            out.push(Consumed {
                key: String::from_utf8_lossy(message.key().unwrap_or_default()).into_owned(),
                value,
                raw,
                timestamp_ms: message.timestamp().to_millis(),
                payload_format,
                partition: message.partition(),
                offset: message.offset(),
            });
        }
        if out.len() >= expected && settle_until.is_none() {
            settle_until = Some(Instant::now() + Duration::from_millis(700));
        }
    }
    out
}

/// An HTTP client with a short timeout.
pub fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Polls a job resource until `done` says so (or 60 s passed); its last view.
pub fn wait_for(
    relay: &Relay,
    location: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job: serde_json::Value = http()
            .get(relay.at(location))
            .send()
            .unwrap()
            .json()
            .unwrap();
        if done(&job) || Instant::now() > deadline {
            return job;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A unique topic name for one test.
pub fn topic_name(test: &str) -> String {
    format!(
        "t-{test}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

/// The settings a test never inherits from the machine: the relay and the CLI read them from
/// the environment.
const OUTSIDE_SETTINGS: [&str; 14] = [
    "KAFKA_BROKERS",
    "CONTAINER_TOPIC",
    "REEFER_SCORE",
    "REEFER_SCORE_GROUP",
    "KAFKA_USER",
    "KAFKA_PASSWORD",
    "KAFKA_APIKEY",
    "KAFKA_CERT",
    "REEFER_API_TOKEN",
    "MONGO_DB_URL",
    "MONGO_DATABASE",
    "MONGODB_USER",
    "MONGODB_PASSWORD",
    "MONGO_SSL_PEM",
];

/// The `reefer` command under test, with none of the machine's Kafka, Mongo or token settings.
pub fn reefer() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(reefer_binary());
    for var in OUTSIDE_SETTINGS {
        cmd.env_remove(var);
    }
    cmd
}

/// The start time every test spec uses.
pub const START: &str = "2026-01-01 00:00:00";

/// The spec a `/control` body of these values asks for, with product P02 and [`START`].
pub fn spec(container: &str, simulation: &str, n: u64, seed: u64) -> GenerationSpec {
    GenerationSpec::from_fields(
        container,
        "P02",
        simulation,
        &n.to_string(),
        START,
        &seed.to_string(),
        "0",
    )
    .unwrap()
}

/// The records of [`spec`].
pub fn records(container: &str, simulation: &str, n: u64, seed: u64) -> Vec<TelemetryRecord> {
    Generator::new(spec(container, simulation, n, seed)).collect()
}

/// A `POST /api/batches` body of these records.
pub fn batch_body(records: &[TelemetryRecord]) -> Vec<u8> {
    let mut out = Vec::new();
    reefer_shared::encoding::write_batch(&mut out, records);
    out
}

/// A response's status and JSON body (panics with the text when it is not JSON).
pub fn json(response: reqwest::blocking::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, body)
}

impl Relay {
    /// `POST path` with a JSON body.
    pub fn post(
        &self,
        path: &str,
        body: impl Into<reqwest::blocking::Body>,
    ) -> reqwest::blocking::Response {
        self.post_with_token(path, body, None)
    }

    /// `POST path` with a JSON body and, when given, the bearer token.
    pub fn post_with_token(
        &self,
        path: &str,
        body: impl Into<reqwest::blocking::Body>,
        token: Option<&str>,
    ) -> reqwest::blocking::Response {
        let mut request = http()
            .post(self.at(path))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        request.send().unwrap()
    }

    /// `POST path` with a JSON body and an `Idempotency-Key`.
    pub fn post_keyed(
        &self,
        path: &str,
        body: impl Into<reqwest::blocking::Body>,
        key: &str,
    ) -> reqwest::blocking::Response {
        http()
            .post(self.at(path))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(body)
            .send()
            .unwrap()
    }

    /// `POST /control` with this body.
    pub fn control(&self, body: &serde_json::Value) -> reqwest::blocking::Response {
        self.post("/control", body.to_string())
    }

    /// `POST /control` with this body: the job's `Location` (the answer must be 202).
    pub fn start_job(&self, body: &serde_json::Value) -> String {
        let response = self.control(body);
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        match (status.as_u16(), location) {
            (202, Some(location)) => location,
            _ => panic!("{status}: {}", response.text().unwrap_or_default()),
        }
    }

    /// The status of `GET path`.
    pub fn status(&self, path: &str) -> u16 {
        http().get(self.at(path)).send().unwrap().status().as_u16()
    }

    /// `GET path` as text (e.g. `/metrics`).
    pub fn text(&self, path: &str) -> String {
        http().get(self.at(path)).send().unwrap().text().unwrap()
    }

    /// `DELETE path` as JSON.
    pub fn delete_json(&self, path: &str) -> serde_json::Value {
        json(http().delete(self.at(path)).send().unwrap()).1
    }

    /// `GET path` as JSON.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        json(http().get(self.at(path)).send().unwrap()).1
    }

    /// Polls a job until it is no longer running (or 60 s passed): its last view.
    pub fn wait_for_job(&self, location: &str) -> serde_json::Value {
        wait_for(self, location, |job| job["state"] != "running")
    }

    /// A POST that declares `length` bytes and sends none of them: the relay must answer from
    /// the headers alone (no race with a client still writing the body).
    pub fn post_declared(&self, path: &str, length: usize) -> (u16, serde_json::Value) {
        use std::io::{Read, Write};
        let mut stream = TcpStream::connect(self.url.trim_start_matches("http://")).unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
             content-length: {length}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
            let text = String::from_utf8_lossy(&answer);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(str::to_owned)
                    })
                    .and_then(|n| n.trim().parse::<usize>().ok());
                if length.is_some_and(|n| body.len() >= n) {
                    break;
                }
            }
        }
        let text = String::from_utf8_lossy(&answer).into_owned();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no answer: {text:?}"));
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (
            status,
            serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")),
        )
    }
}

/// A Tansu broker, a fresh topic named after `test` with `partitions`, and `reefer serve` with
/// these flags and environment sending to it: `(broker, topic, relay)` (keep the broker alive
/// as long as the relay).
pub fn relay_on_new_broker(
    test: &str,
    partitions: u32,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Broker, String, Relay) {
    let broker = Broker::start();
    let topic = topic_name(test);
    broker.create_topic(&topic, partitions);
    let relay = relay_on(&broker, &topic, args, env);
    (broker, topic, relay)
}

/// `reefer serve` with these flags and environment, sending to `topic` on `broker`.
pub fn relay_on(broker: &Broker, topic: &str, args: &[&str], env: &[(&str, &str)]) -> Relay {
    let bootstrap = broker.bootstrap();
    let mut all = vec![
        ("KAFKA_BROKERS", bootstrap.as_str()),
        ("TELEMETRY_TOPIC", topic),
    ];
    all.extend_from_slice(env);
    Relay::start(args, &all)
}

impl Broker {
    /// Reads back what reached `topic`, waiting up to 30 s for `expected` events (see
    /// [`consume`]).
    pub fn read_back(&self, topic: &str, expected: usize) -> Vec<Consumed> {
        consume(
            &self.bootstrap(),
            topic,
            expected,
            Duration::from_secs(30),
            &[],
        )
    }
}

/// Checks that a command succeeded (its stderr otherwise), and gives back its output.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Broker {
    /// The environment that points the relay or the CLI at `topic` on this broker.
    pub fn env_for(&self, topic: &str) -> [(&'static str, String); 2] {
        [
            ("KAFKA_BROKERS", self.bootstrap()),
            ("TELEMETRY_TOPIC", topic.to_owned()),
        ]
    }
}

/// The `json` Kafka events of these records, as the relay writes them.
pub fn kafka_events(records: &[TelemetryRecord]) -> Vec<Vec<u8>> {
    records
        .iter()
        .map(|r| {
            let mut event = Vec::new();
            reefer_shared::encoding::write_kafka_event(&mut event, r);
            event
        })
        .collect()
}

/// The one line a command printed on stderr when it refused its arguments (exit status 2).
pub fn usage_refusal(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Python of the virtual environment named by `examples/requirements.txt`'s SHA-256 (pandas,
/// pyarrow, scikit-learn), as `scripts/setup.sh` makes it.
pub fn pydata_python() -> PathBuf {
    use sha2::{Digest, Sha256};
    let requirements = std::fs::read(repo_root().join("examples/requirements.txt")).unwrap();
    let digest = Sha256::digest(&requirements);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let home = std::env::var_os("HOME").expect("HOME");
    let python = PathBuf::from(home)
        .join(".cache")
        .join(format!("reefer-pydata-{}", &hex[..16]))
        .join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup.sh (it installs pandas, pyarrow and scikit-learn)",
        python.display()
    );
    python
}
