//! `reefer generate --db` / `--mongo-url`, run as the real binary against a MongoDB
//! wire-protocol peer on 127.0.0.1 (Debian's python3-mockupdb, `tests/mongo/mock_mongo.py`),
//! which reports every insert it receives; and against a real server when `MONGO_DB_URL` is set.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use reefer_relay::mongo::document::{LEGACY_FIELDS, LEGACY_SENSORS};
use reefer_test_support::reefer;
use serde_json::Value;

const START: &str = "2026-01-01 00:00:00";

/// The mock server, killed when dropped.
struct MockMongo {
    child: Child,
    port: u16,
    inserts: Receiver<Value>,
}

impl MockMongo {
    fn start(args: &[&str]) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mongo/mock_mongo.py");
        let mut child = StdCommand::new("/usr/bin/python3")
            .arg(script)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run /usr/bin/python3 (scripts/setup.sh installs python3-mockupdb)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("the mock's first line").unwrap();
        let port = first
            .strip_prefix("listening ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line from the mock: {first}"));
        let (send, inserts) = mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if send.send(serde_json::from_str(&line).unwrap()).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            port,
            inserts,
        }
    }

    fn url(&self) -> String {
        format!("mongodb://127.0.0.1:{}/", self.port)
    }

    /// `reefer generate -q --mongo-url <this> --records <records>` with the test spec.
    fn generate(&self, records: &str) -> assert_cmd::Command {
        let mut cmd = reefer();
        cmd.args([
            "generate",
            "-q",
            "--mongo-url",
            &self.url(),
            "--records",
            records,
        ])
        .args(SPEC.split(' '))
        .arg(START);
        cmd
    }

    /// The inserts received until `documents` documents have arrived (or 60 s have passed).
    fn inserts_until(&self, documents: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let (mut inserts, mut seen) = (Vec::new(), 0);
        while seen < documents {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.inserts.recv_timeout(left) {
                Ok(insert) => {
                    seen += insert["documents"].as_array().unwrap().len();
                    inserts.push(insert);
                }
                Err(_) => panic!("only {seen} of {documents} documents arrived"),
            }
        }
        inserts
    }

    /// Inserts that arrived in the last `wait`.
    fn stray_inserts(&self, wait: Duration) -> usize {
        std::thread::sleep(wait);
        self.inserts.try_iter().count()
    }
}

impl Drop for MockMongo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

const SPEC: &str = "--stype co2sensor --cid C02 --product_id P02 --seed 42 --start";

#[test]
fn records_arrive_in_batches_as_documents_with_the_readings_under_sensors() {
    let mongo = MockMongo::start(&[]);
    mongo
        .generate("12345")
        .env("MONGO_DATABASE", "reefer_test")
        .assert()
        .success();
    let inserts = mongo.inserts_until(12_345);
    let sizes: Vec<usize> = inserts
        .iter()
        .map(|i| i["documents"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [10_000, 2_345], "one insert_many per 10 000 records");
    for insert in &inserts {
        assert_eq!(insert["db"], "reefer_test");
        assert_eq!(insert["collection"], "telemetries");
        assert_eq!(insert["ordered"], true);
    }

    // Every document holds exactly the CSV's row for the same spec and seed.
    let csv = reefer()
        .args(["generate", "-q", "--file", "-", "--records", "12345"])
        .args(SPEC.split(' '))
        .arg(START)
        .output()
        .unwrap()
        .stdout;
    let mut rows = csv::Reader::from_reader(&csv[..]);
    let header = rows.headers().unwrap().clone();
    let documents = inserts
        .iter()
        .flat_map(|i| i["documents"].as_array().unwrap().iter());
    let mut labelled = 0;
    for (row, doc) in rows.records().map(Result::unwrap).zip(documents) {
        let field = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        let sensors = doc["sensors"].as_object().unwrap();
        assert_eq!(sensors.len(), 14, "{doc}");
        assert_eq!(doc["container_id"], field("container_id"));
        assert_eq!(doc["product_id"], field("product_id"));
        assert_eq!(
            doc["measurement_time"]["$date"],
            format!("{}Z", field("measurement_time").replace(' ', "T"))
        );
        for name in reefer_shared::columns::SENSOR_COLUMNS {
            let value = &sensors[name];
            match field(name) {
                "True" => assert_eq!(value, true),
                "False" => assert_eq!(value, false),
                text => assert_eq!(
                    value.as_f64().unwrap(),
                    text.parse::<f64>().unwrap(),
                    "{name}"
                ),
            }
        }
        assert_eq!(
            doc["latitude"].as_f64().unwrap().to_string(),
            field("latitude")
        );
        let label = doc["maintenance_required"].as_i64().unwrap();
        assert_eq!(label.to_string(), field("maintenance_required"));
        labelled += label;
    }
    assert!(labelled > 0, "co2sensor labels some rows");
}

#[test]
fn the_original_db_flag_reads_mongo_db_url_and_defaults_the_database() {
    let mongo = MockMongo::start(&[]);
    reefer()
        .args(["generate", "-q", "--db", "--records", "7"])
        .env("MONGO_DB_URL", mongo.url())
        .assert()
        .success();
    let inserts = mongo.inserts_until(7);
    assert_eq!(inserts.len(), 1);
    assert_eq!(inserts[0]["db"], "ibmclouddb");
    assert_eq!(inserts[0]["documents"][0]["container_id"], "C01");
}

#[test]
fn with_ground_truth_each_document_says_what_really_happened() {
    let mongo = MockMongo::start(&[]);
    reefer()
        .args([
            "generate",
            "-q",
            "--ground-truth",
            "--mongo-url",
            &mongo.url(),
        ])
        .args("--stype powerfailure --records 2000 --seed 8 --start".split(' '))
        .arg(START)
        .assert()
        .success();
    let inserts = mongo.inserts_until(2000);
    let mut faulty = 0;
    for doc in inserts
        .iter()
        .flat_map(|i| i["documents"].as_array().unwrap())
    {
        let truth = &doc["ground_truth"];
        assert_eq!(truth["ingest_time"], doc["measurement_time"], "on time");
        let label = doc["maintenance_required"].as_i64().unwrap();
        if truth["fault_type"] == "none" {
            assert_eq!(label, 0);
            assert!(truth["fault_id"].is_null() && truth["minutes_since_onset"].is_null());
        } else {
            faulty += 1;
            assert_eq!(label, 1, "powerfailure labels exactly its episodes");
            assert_eq!(truth["fault_type"], "power_failure");
            assert_eq!(truth["fault_class"], "equipment");
            assert!(truth["fault_id"].as_i64().unwrap() >= 1);
            assert_eq!(truth["minutes_since_onset"].as_i64().unwrap() % 5, 0);
        }
    }
    assert!(faulty > 0);
}

#[test]
fn an_rcm_run_to_failure_stores_its_readings_under_sensors_and_its_remaining_life() {
    let mongo = MockMongo::start(&[]);
    reefer()
        .args("generate -q --ground-truth --profile rcm --interval 15m".split(' '))
        .args([
            "--mongo-url",
            &mongo.url(),
            "--stype",
            "compressorwear",
            "--records",
            "1500",
        ])
        .args(["--seed", "8", "--start", START])
        .assert()
        .success();
    let inserts = mongo.inserts_until(1500);
    let documents: Vec<&Value> = inserts
        .iter()
        .flat_map(|i| i["documents"].as_array().unwrap())
        .collect();
    assert_eq!(documents.len(), 1500);
    let mut previous_rul = None;
    for doc in documents {
        let sensors = &doc["sensors"];
        assert!(sensors["supply_air_temperature"].is_f64(), "{doc}");
        assert!(sensors["compressor_duty"].is_f64(), "{doc}");
        assert!(sensors["power_on"].is_boolean(), "{doc}");
        assert!(sensors["compressor_current"].is_f64(), "{doc}");
        assert!(sensors["ambient_humidity"].is_f64(), "{doc}");
        assert!(sensors["alarm_code"].is_string(), "{doc}");
        let truth = &doc["ground_truth"];
        assert_eq!(truth["failure_mode"], "compressor_wear");
        assert!(truth["alarm_nuisance"].is_boolean(), "{doc}");
        let rul = truth["remaining_useful_life_minutes"].as_i64().unwrap();
        if let Some(before) = previous_rul.filter(|&b: &i64| b > 0 && rul > 0 && rul < b) {
            assert_eq!(before - rul, 15, "the RUL falls by the interval");
        }
        previous_rul = Some(rul);
    }
}

#[test]
fn a_refused_password_is_named_never_shown_and_nothing_is_written() {
    let mongo = MockMongo::start(&["--reject-auth"]);
    let out = reefer()
        .args(["generate", "--mongo-url", &mongo.url(), "--records", "100"])
        .env("MONGODB_USER", "alice")
        .env("MONGODB_PASSWORD", "Sup3r-s3cret-pw")
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains("authentication failed for user \"alice\"")
            && err.contains("MONGODB_PASSWORD"),
        "{err}"
    );
    assert!(!err.contains("Sup3r-s3cret-pw"), "{err}");
    assert_eq!(mongo.stray_inserts(Duration::from_millis(300)), 0);
}

#[test]
fn an_unreachable_server_is_named_quickly_without_the_password() {
    // Port 1: privileged and never handed out for port 0, so no parallel test's server can
    // take it (a freed ephemeral port once went to a mock server started meanwhile).
    let port = 1;
    let began = Instant::now();
    let out = reefer()
        .args([
            "generate",
            "--records",
            "10",
            "--mongo-url",
            &format!(
                "mongodb://alice:pw-in-url-123@127.0.0.1:{port}/?serverSelectionTimeoutMS=500"
            ),
        ])
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains("cannot be reached") && err.contains("Connection refused"),
        "{err}"
    );
    assert!(err.contains("alice:***@127.0.0.1"), "{err}");
    assert!(!err.contains("pw-in-url-123"), "{err}");
    assert!(began.elapsed() < Duration::from_secs(10));
}

#[test]
fn tls_trusts_the_ca_from_mongo_ssl_pem_as_a_file_or_base64_and_nothing_else() {
    use base64::Engine;
    // A CA, a server certificate for 127.0.0.1 it signed, and an unrelated CA (openssl).
    let certificates = reefer_test_support::Certificates::make();
    let (ca, server) = (&certificates.ca, &certificates.server);
    let mongo = MockMongo::start(&["--tls", server.to_str().unwrap()]);
    let base64_ca = base64::engine::general_purpose::STANDARD.encode(std::fs::read(ca).unwrap());
    for (records, ca_value) in [(3, ca.to_str().unwrap()), (4, base64_ca.as_str())] {
        reefer()
            .args(["generate", "-q", "--mongo-url", &mongo.url(), "--records"])
            .arg(records.to_string())
            .env("MONGO_SSL_PEM", ca_value)
            .assert()
            .success();
        assert_eq!(mongo.inserts_until(records).len(), 1);
    }
    // Another CA (the server's own certificate is not one it signed): refused, clearly.
    let other_ca = &certificates.other_ca;
    let out = reefer()
        .args(["generate", "-q", "--records", "5", "--mongo-url"])
        .arg(format!("{}?serverSelectionTimeoutMS=1000", mongo.url()))
        .env("MONGO_SSL_PEM", other_ca)
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains("cannot be reached") && err.to_lowercase().contains("certificate"),
        "{err}"
    );
    assert_eq!(mongo.stray_inserts(Duration::from_millis(300)), 0);
}

#[test]
fn bad_settings_name_the_flag_or_variable_and_exit_2() {
    for (args, env, name) in [
        (
            vec!["--mongo-url", "http://db:27017"],
            vec![],
            "--mongo-url",
        ),
        (vec!["--db"], vec![], "--db"),
        (
            vec!["--db"],
            vec![("MONGO_DB_URL", "db:27017")],
            "MONGO_DB_URL",
        ),
        (
            vec!["--mongo-url", "mongodb://127.0.0.1:1/"],
            vec![("MONGO_SSL_PEM", "/no/such/ca.pem")],
            "MONGO_SSL_PEM",
        ),
        (
            vec!["--mongo-url", "mongodb://127.0.0.1:1/"],
            vec![("MONGODB_USER", "alice")],
            "MONGODB_USER",
        ),
        (
            vec!["--mongo-url", "mongodb://127.0.0.1:1/"],
            vec![("MONGO_DATABASE", "no/slashes")],
            "MONGO_DATABASE",
        ),
        (
            vec!["--mongo-url", "mongodb://127.0.0.1:1/?notAnOption=1"],
            vec![],
            "--mongo-url",
        ),
        (vec!["--db", "--kafka"], vec![], "--kafka"),
    ] {
        let mut cmd = reefer();
        cmd.arg("generate").args(&args);
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = cmd.assert().code(2);
        let err = stderr(&out);
        assert!(err.contains(name), "{args:?} {env:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
}

/// Against a real server, only when `MONGO_DB_URL` is set (with `MONGODB_USER`,
/// `MONGODB_PASSWORD`, `MONGO_SSL_PEM` as needed): 1 000 records into a database of its own,
/// counted back and dropped.
#[test]
fn a_real_server_when_mongo_db_url_is_set() {
    let Ok(url) = std::env::var("MONGO_DB_URL") else {
        eprintln!("skipped: set MONGO_DB_URL to run this test against a real MongoDB server");
        return;
    };
    let database = format!("reefer_test_{}", std::process::id());
    let mut cmd = assert_cmd::Command::cargo_bin("reefer").unwrap();
    cmd.args(["generate", "-q", "--db", "--records", "1000"])
        .args(SPEC.split(' '))
        .arg(START)
        .env("MONGO_DATABASE", &database)
        .assert()
        .success();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut options = mongodb::options::ClientOptions::parse(&url).await.unwrap();
        if let (Ok(user), Ok(password)) = (
            std::env::var("MONGODB_USER"),
            std::env::var("MONGODB_PASSWORD"),
        ) {
            options.credential = Some(
                mongodb::options::Credential::builder()
                    .username(user)
                    .password(password)
                    .build(),
            );
        }
        if let Ok(ca) = std::env::var("MONGO_SSL_PEM") {
            if Path::new(&ca).is_file() {
                options.tls = Some(mongodb::options::Tls::Enabled(
                    mongodb::options::TlsOptions::builder()
                        .ca_file_path(std::path::PathBuf::from(ca))
                        .build(),
                ));
            }
        }
        let client = mongodb::Client::with_options(options).unwrap();
        let db = client.database(&database);
        let telemetries = db.collection::<mongodb::bson::Document>("telemetries");
        let count = telemetries
            .count_documents(mongodb::bson::doc! {})
            .await
            .unwrap();
        let labelled = telemetries
            .count_documents(mongodb::bson::doc! { "maintenance_required": 1 })
            .await
            .unwrap();
        db.drop().await.unwrap();
        assert_eq!(count, 1000);
        assert!(labelled > 0);
    });
}

#[test]
fn the_legacy_document_format_writes_the_original_simulators_shape() {
    let mongo = MockMongo::start(&[]);
    // By flag, and by MONGO_DOCUMENT_FORMAT.
    mongo
        .generate("1500")
        .args(["--document-format", "legacy"])
        .assert()
        .success();
    mongo
        .generate("1500")
        .env("MONGO_DOCUMENT_FORMAT", "legacy")
        .assert()
        .success();
    let inserts = mongo.inserts_until(3000);
    let documents: Vec<&Value> = inserts
        .iter()
        .flat_map(|i| i["documents"].as_array().unwrap().iter())
        .collect();
    let csv = reefer()
        .args(["generate", "-q", "--file", "-", "--records", "1500"])
        .args(SPEC.split(' '))
        .arg(START)
        .output()
        .unwrap()
        .stdout;
    let mut rows = csv::Reader::from_reader(&csv[..]);
    let header = rows.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    // The layout the original's `ReeferRepository` wrote (the writer builds it field by field;
    // these lists are what the original's readers expect).
    let (top, sensors) = (LEGACY_FIELDS, LEGACY_SENSORS);
    let mut labelled = 0;
    for (i, doc) in documents.iter().enumerate() {
        let row = &rows[i % 1500];
        let field = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        // The driver adds `_id` first, as pymongo did for the original.
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "_id")
            .collect();
        assert_eq!(
            keys, top,
            "document {i}: the original's fields, in its order"
        );
        let readings = doc["sensors"].as_object().unwrap();
        let keys: Vec<&str> = readings.keys().map(String::as_str).collect();
        assert_eq!(keys, sensors);
        // Strings where the original had strings, integers where it had integers.
        assert_eq!(doc["containerID"], field("container_id"));
        assert_eq!(doc["measurement_time"], field("measurement_time"));
        assert_eq!(doc["product_id"], field("product_id"));
        assert_eq!(doc["latitude"], field("latitude"));
        assert_eq!(doc["longitude"], field("longitude"));
        for name in [
            "time_door_open",
            "content_type",
            "defrost_cycle",
            "maintenance_required",
        ] {
            assert_eq!(
                doc[name].as_i64().unwrap().to_string(),
                field(name),
                "{name}"
            );
        }
        let target = doc["target_temperature"].as_i64().expect("an integer");
        assert_eq!(
            target as f64,
            field("target_temperature").parse::<f64>().unwrap()
        );
        assert_eq!(
            doc["kilowatts"].as_f64().unwrap(),
            field("kilowatts").parse::<f64>().unwrap()
        );
        for name in sensors {
            match field(name) {
                "True" => assert_eq!(readings[name], true),
                "False" => assert_eq!(readings[name], false),
                text => assert_eq!(
                    readings[name].as_f64().unwrap(),
                    text.parse::<f64>().unwrap()
                ),
            }
        }
        labelled += doc["maintenance_required"].as_i64().unwrap();
    }
    assert!(labelled > 0, "the label is kept");

    // A bad shape is named before anything is sent.
    let out = reefer()
        .args([
            "generate",
            "--mongo-url",
            &mongo.url(),
            "--document-format",
            "bson",
        ])
        .assert()
        .code(2);
    let text = stderr(&out);
    assert!(
        text.contains("--document-format") && text.contains("legacy"),
        "{text}"
    );
    assert_eq!(mongo.stray_inserts(Duration::from_millis(300)), 0);
}
