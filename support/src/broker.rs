//! The test broker: Tansu on 127.0.0.1 (installed by `scripts/setup.sh`), in memory or on
//! sqlite with SCRAM, optionally behind a front that it advertises.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::consumer::{consume, Consumed};
use crate::KafkaProxy;

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

/// A unique topic name for one test.
pub fn topic_name(test: &str) -> String {
    format!(
        "t-{test}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}

impl Broker {
    /// Reads back what reached `topic`, until `expected` events arrived or none came for 30 s
    /// (see [`consume`]).
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

impl Broker {
    /// The environment that points the relay or the CLI at `topic` on this broker.
    pub fn env_for(&self, topic: &str) -> [(&'static str, String); 2] {
        [
            ("KAFKA_BROKERS", self.bootstrap()),
            ("TELEMETRY_TOPIC", topic.to_owned()),
        ]
    }
}
