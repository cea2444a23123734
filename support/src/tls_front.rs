//! TLS in front of the test broker, as a managed Kafka service has it: certificates made with
//! `openssl` for each test (a CA, a server certificate for 127.0.0.1, an expired one signed by
//! the same CA, and an unrelated CA), and Debian's `stunnel4` terminating TLS on a loopback
//! port and forwarding to the broker's plaintext listener.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The certificates of one test, in a temporary folder.
pub struct Certificates {
    dir: tempfile::TempDir,
    /// The CA that signs the broker's certificates (PEM): what `KAFKA_CERT` names.
    pub ca: PathBuf,
    /// Another CA, which signed nothing the broker shows.
    pub other_ca: PathBuf,
    /// The broker's certificate for `IP:127.0.0.1` and its key, in one PEM, valid now.
    pub server: PathBuf,
    /// A certificate like `server`, signed by the same CA, whose validity ended in 2024.
    pub expired_server: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl (scripts/setup.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `openssl req` arguments for a new P-256 key, unencrypted, written to the file that follows.
const NEW_KEY: [&str; 6] = [
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
];

/// `openssl req` with a new key in `key_file`, then `rest`.
fn request(dir: &Path, prefix: &[&str], key_file: &str, rest: &[&str]) {
    let mut args: Vec<&str> = prefix.to_vec();
    args.extend_from_slice(&NEW_KEY);
    args.push(key_file);
    args.extend_from_slice(rest);
    openssl(dir, &args);
}

fn new_ca(dir: &Path, name: &str) -> PathBuf {
    let (pem, subject) = (format!("{name}.pem"), format!("/CN={name}"));
    request(
        dir,
        &["req", "-x509"],
        &format!("{name}.key"),
        &["-out", &pem, "-days", "2", "-subj", &subject],
    );
    dir.join(pem)
}

impl Certificates {
    /// Makes the CAs and certificates (a second or so).
    pub fn make() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path();
        let ca = new_ca(path, "reefer-test-ca");
        let other_ca = new_ca(path, "other-ca");
        // `openssl ca` takes explicit validity dates (the expired certificate).
        std::fs::create_dir_all(path.join("issued")).unwrap();
        std::fs::write(path.join("index.txt"), "").unwrap();
        std::fs::write(path.join("serial"), "1000\n").unwrap();
        std::fs::write(
            path.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca = test\n[test]\ndir = {d}\ndatabase = {d}/index.txt\n\
                 new_certs_dir = {d}/issued\nserial = {d}/serial\ndefault_md = sha256\n\
                 policy = any\ncopy_extensions = copy\nunique_subject = no\n\
                 [any]\ncommonName = supplied\n",
                d = path.display()
            ),
        )
        .unwrap();
        let server = Self::issue(path, "server", &["-days", "2"]);
        let expired_server = Self::issue(
            path,
            "expired",
            &[
                "-startdate",
                "20240101000000Z",
                "-enddate",
                "20240102000000Z",
            ],
        );
        Self {
            dir,
            ca,
            other_ca,
            server,
            expired_server,
        }
    }

    /// A certificate for 127.0.0.1 signed by the test CA, with its key, in `name.pem`.
    fn issue(dir: &Path, name: &str, validity: &[&str]) -> PathBuf {
        let csr = format!("{name}.csr");
        request(
            dir,
            &["req"],
            &format!("{name}.key"),
            &[
                "-out",
                &csr,
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
        );
        let mut args = vec![
            "ca",
            "-batch",
            "-notext",
            "-config",
            "ca.cnf",
            "-cert",
            "reefer-test-ca.pem",
            "-keyfile",
            "reefer-test-ca.key",
            "-in",
        ];
        let crt = format!("{name}.crt");
        args.extend([csr.as_str(), "-out", crt.as_str()]);
        args.extend_from_slice(validity);
        openssl(dir, &args);
        let pem = [
            std::fs::read(dir.join(&crt)).unwrap(),
            std::fs::read(dir.join(format!("{name}.key"))).unwrap(),
        ]
        .concat();
        let path = dir.join(format!("{name}.pem"));
        std::fs::write(&path, pem).unwrap();
        path
    }

    /// The folder the certificates are in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// `stunnel4` accepting TLS on `127.0.0.1:port` with a server certificate and forwarding to
/// the broker's plaintext port; stopped when dropped.
pub struct TlsFront {
    /// The TLS port.
    pub port: u16,
    child: Child,
    log: PathBuf,
}

impl TlsFront {
    /// Starts stunnel on `port` (usually the port the broker advertises), forwarding to
    /// `127.0.0.1:upstream`, showing `certificate` (certificate and key in one PEM).
    pub fn start(port: u16, upstream: u16, certificate: &Path, dir: &Path) -> Self {
        let config = dir.join(format!("stunnel-{port}.conf"));
        let log = dir.join(format!("stunnel-{port}.log"));
        std::fs::write(
            &config,
            format!(
                "foreground = yes\npid =\noutput = {log}\ndebug = 5\n[kafka]\n\
                 accept = 127.0.0.1:{port}\nconnect = 127.0.0.1:{upstream}\ncert = {cert}\n",
                log = log.display(),
                cert = certificate.display()
            ),
        )
        .unwrap();
        let child = Command::new("stunnel4")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start stunnel4 (scripts/setup.sh installs it)");
        crate::broker::wait_for_port(port, Duration::from_secs(10));
        Self { port, child, log }
    }

    /// What stunnel logged (e.g. the client's TLS alert).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
