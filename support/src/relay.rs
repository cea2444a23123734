//! The relay under test: the real `reefer serve` process, or the relay's library serving in
//! this process; the `reefer` command for CLI tests; and the HTTP requests the tests send it.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::broker::{topic_name, Broker};

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
    in_process: Option<reefer_relay::server::startup::InProcessRelay>,
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
        let settings = args
            .settings()
            .unwrap_or_else(|e| panic!("the relay's settings: {e}"));
        let relay = reefer_relay::server::startup::InProcessRelay::start(settings)
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

/// Checks that a command succeeded (its stderr otherwise), and gives back its output.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The one line a command printed on stderr when it refused its arguments (exit status 2).
pub fn usage_refusal(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    stderr
}

/// For a test that measures its own process (peak memory): runs the test named `path` (e.g.
/// `hostile_input::the_test`) alone in a fresh process of the same test binary and checks
/// that it passed. Returns `true` in that fresh process, where the caller runs its body, and
/// `false` in the calling one, once the fresh one has passed. One integration-test binary
/// runs every test in one process, so the process's peak would also count the others.
pub fn in_own_process(path: &str) -> bool {
    const CHILD: &str = "REEFER_TEST_IN_OWN_PROCESS";
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .args([path, "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .output()
        .expect("run the test in its own process");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{text}");
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{path} failed in its own process"
    );
    false
}
