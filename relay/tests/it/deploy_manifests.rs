//! The Dockerfile and the Kubernetes manifests (`deploy/kubernetes`) agree with what the relay
//! actually reads and serves: every environment variable they set is one the relay reads,
//! ports, paths and probe URLs are the relay's own, and the Event Streams wiring matches SPEC
//! (ConfigMap `kafka-brokers`, Secrets `eventstreams-api-key` and `eventstreams-cert-pem`
//! mounted at `/certs`). No Docker engine or cluster is needed: the files are parsed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser};
use serde_yaml::Value;

use reefer_relay::cli::{Cli, Command};
use reefer_relay::kafka::settings::KafkaSettings;
use reefer_relay::server::routes::health::{LIVENESS_PATH, READINESS_PATH};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every YAML document under `deploy/kubernetes`, with the file it came from.
fn manifests() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("deploy/kubernetes")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for doc in serde_yaml::Deserializer::from_str(&text) {
            let value = Value::deserialize(doc)
                .unwrap_or_else(|e| panic!("{}: not YAML: {e}", file.display()));
            docs.push((file.clone(), value));
        }
    }
    docs
}

use serde::Deserialize;

fn kind<'a>(docs: &'a [(PathBuf, Value)], kind: &str) -> Vec<&'a Value> {
    docs.iter()
        .filter(|(_, d)| d["kind"] == kind)
        .map(|(_, d)| d)
        .collect()
}

fn seq(value: &Value) -> &[Value] {
    value.as_sequence().map(Vec::as_slice).unwrap_or(&[])
}

fn s(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value:?}"))
}

/// The `env` entry `name` of a container.
fn env_var<'a>(container: &'a Value, name: &str) -> &'a Value {
    seq(&container["env"])
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not set"))
}

/// The environment variables the relay reads: `reefer serve`'s flags and the Kafka settings.
fn variables_the_relay_reads() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let cli = Cli::command();
    for sub in cli.get_subcommands().filter(|c| c.get_name() == "serve") {
        for arg in sub.get_arguments() {
            if let Some(env) = arg.get_env() {
                names.insert(env.to_string_lossy().into_owned());
            }
        }
    }
    let asked = std::cell::RefCell::new(Vec::new());
    KafkaSettings::from_lookup(|name| {
        asked.borrow_mut().push(name.to_owned());
        None
    })
    .unwrap();
    names.extend(asked.into_inner());
    names
}

/// `reefer serve` with no flags: the defaults the image and the manifests rely on.
fn serve_defaults() -> (u16, PathBuf) {
    let args = serve_args();
    (args.port, args.dist)
}

fn serve_args() -> reefer_relay::cli::serve::ServeArgs {
    let Cli {
        command: Command::Serve(args),
    } = Cli::try_parse_from(["reefer", "serve"]).unwrap()
    else {
        unreachable!()
    };
    args
}

#[test]
fn the_declared_topic_is_the_one_reefer_topics_creates_and_the_relay_sends_to() {
    let docs = manifests();
    let topics = kind(&docs, "KafkaTopic");
    assert_eq!(topics.len(), 1, "one KafkaTopic");
    let topic = &topics[0]["spec"];
    // The relay's topic: the ConfigMap the base kustomization generates.
    let kustomization =
        std::fs::read_to_string(root().join("deploy/kubernetes/base/kustomization.yaml")).unwrap();
    let name = kustomization
        .lines()
        .find_map(|l| l.trim().strip_prefix("- topic="))
        .expect("the topic in the reefer-relay ConfigMap");
    let Cli {
        command: Command::Topics(defaults),
    } = Cli::try_parse_from(["reefer", "topics"]).unwrap()
    else {
        unreachable!()
    };
    let spec = defaults.spec(name);
    assert_eq!(topic["topicName"].as_str(), Some(spec.name.as_str()));
    assert_eq!(
        topic["partitions"].as_i64(),
        Some(i64::from(spec.partitions))
    );
    assert_eq!(
        topic["replicas"].as_i64(),
        Some(i64::from(spec.replication))
    );
    assert_eq!(
        topic["config"]["retention.ms"].as_i64(),
        Some(spec.retention_ms)
    );
    assert_eq!(topic["config"]["cleanup.policy"].as_str(), Some("delete"));
}

#[test]
fn the_relay_pods_need_a_token_from_a_secret_are_fenced_and_get_time_to_shut_down() {
    let docs = manifests();
    // The token comes from a Secret the operator creates; no manifest holds one.
    for (file, doc) in &docs {
        for container in seq(&doc["spec"]["template"]["spec"]["containers"]) {
            for env in seq(&container["env"]) {
                if env["name"] == "REEFER_API_TOKEN" || env["name"] == "REEFER_NO_AUTH" {
                    assert!(
                        env["value"].is_null(),
                        "{}: a literal {:?}",
                        file.display(),
                        env["name"]
                    );
                }
            }
        }
    }
    let base = kind(&docs, "Deployment")
        .into_iter()
        .find(|d| !seq(&d["spec"]["template"]["spec"]["containers"][0]["ports"]).is_empty())
        .unwrap();
    let pod = &base["spec"]["template"]["spec"];
    let token = env_var(&pod["containers"][0], "REEFER_API_TOKEN");
    assert_eq!(
        token["valueFrom"]["secretKeyRef"]["name"],
        "reefer-relay-token"
    );
    // The grace period covers the relay's own shutdown budget with its default timeout.
    let delivery = std::time::Duration::from_secs(serve_args().delivery_timeout_secs);
    let budget = reefer_relay::server::shutdown_budget(delivery).as_secs();
    let grace = pod["terminationGracePeriodSeconds"].as_u64().unwrap();
    assert!(
        grace >= budget + 5,
        "grace {grace} s for a {budget} s shutdown"
    );
    // A NetworkPolicy and a PodDisruptionBudget select exactly the relay's pods.
    let kustomization: Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join("deploy/kubernetes/base/kustomization.yaml")).unwrap(),
    )
    .unwrap();
    let labels = &kustomization["labels"][0]["pairs"];
    let policy = kind(&docs, "NetworkPolicy")[0];
    assert_eq!(&policy["spec"]["podSelector"]["matchLabels"], labels);
    assert_eq!(policy["spec"]["ingress"][0]["ports"][0]["port"], "http");
    assert_eq!(
        seq(&policy["spec"]["ingress"]).len(),
        1,
        "only the HTTP port"
    );
    let budget = kind(&docs, "PodDisruptionBudget")[0];
    assert_eq!(&budget["spec"]["selector"]["matchLabels"], labels);
    assert_eq!(budget["spec"]["maxUnavailable"], 1);
}

#[test]
fn every_manifest_parses_and_every_kustomization_names_files_that_exist() {
    let docs = manifests();
    for (file, doc) in &docs {
        if file.file_name().unwrap() != "kustomization.yaml" {
            assert!(doc["kind"].is_string(), "{}: no kind", file.display());
            continue;
        }
        let dir = file.parent().unwrap();
        let listed = seq(&doc["resources"])
            .iter()
            .map(s)
            .chain(seq(&doc["patches"]).iter().map(|p| s(&p["path"])));
        for name in listed {
            assert!(
                dir.join(name).exists(),
                "{}: {name} does not exist",
                file.display()
            );
        }
    }
}

#[test]
fn the_deployment_sets_only_variables_the_relay_reads_with_its_ports_and_probes() {
    let docs = manifests();
    let known = variables_the_relay_reads();
    let (default_port, _) = serve_defaults();
    let deployments = kind(&docs, "Deployment");
    assert_eq!(deployments.len(), 2, "the base and the Event Streams patch");
    for deployment in &deployments {
        for container in seq(&deployment["spec"]["template"]["spec"]["containers"]) {
            for env in seq(&container["env"]) {
                let name = s(&env["name"]);
                assert!(
                    known.contains(name),
                    "{name} is set but the relay reads only {known:?}"
                );
                if name == "PORT" {
                    assert_eq!(s(&env["value"]), default_port.to_string());
                }
            }
        }
    }
    let base = deployments
        .iter()
        .find(|d| !seq(&d["spec"]["template"]["spec"]["containers"][0]["ports"]).is_empty())
        .unwrap();
    let relay = &base["spec"]["template"]["spec"]["containers"][0];
    let port = &relay["ports"][0];
    assert_eq!(port["name"], "http");
    assert_eq!(
        port["containerPort"].as_u64(),
        Some(u64::from(default_port))
    );
    assert_eq!(relay["livenessProbe"]["httpGet"]["path"], LIVENESS_PATH);
    assert_eq!(relay["readinessProbe"]["httpGet"]["path"], READINESS_PATH);
    for probe in ["livenessProbe", "readinessProbe"] {
        assert_eq!(relay[probe]["httpGet"]["port"], "http");
    }
    assert_eq!(s(&relay["args"][0]), "serve");
    let env = |name: &str| env_var(relay, name);
    assert_eq!(
        env("REEFER_HOST")["value"],
        "0.0.0.0",
        "reachable from the Service"
    );
    assert_eq!(
        env("KAFKA_BROKERS")["valueFrom"]["configMapKeyRef"]["name"],
        "kafka-brokers"
    );
    // Restricted: non-root, no privilege escalation, read-only root, no capabilities.
    let pod = &base["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    assert_eq!(
        pod["securityContext"]["seccompProfile"]["type"],
        "RuntimeDefault"
    );
    assert_eq!(relay["securityContext"]["allowPrivilegeEscalation"], false);
    assert_eq!(relay["securityContext"]["readOnlyRootFilesystem"], true);
    assert_eq!(relay["securityContext"]["capabilities"]["drop"][0], "ALL");
    for resource in ["requests", "limits"] {
        assert!(
            relay["resources"][resource]["memory"].is_string(),
            "{resource}"
        );
    }
}

#[test]
fn event_streams_reads_the_api_key_secret_and_the_ca_mounted_at_certs() {
    let docs = manifests();
    let patch = kind(&docs, "Deployment")
        .into_iter()
        .find(|d| d["spec"]["template"]["spec"]["volumes"].is_sequence())
        .expect("the Event Streams patch");
    let pod = &patch["spec"]["template"]["spec"];
    let relay = &pod["containers"][0];
    let env = |name: &str| env_var(relay, name);
    assert_eq!(
        env("KAFKA_USER")["value"],
        "token",
        "Event Streams API keys: SASL PLAIN"
    );
    assert_eq!(
        env("KAFKA_APIKEY")["valueFrom"]["secretKeyRef"]["name"],
        "eventstreams-api-key"
    );
    let volume = &pod["volumes"][0];
    assert_eq!(volume["secret"]["secretName"], "eventstreams-cert-pem");
    let mount = seq(&relay["volumeMounts"])
        .iter()
        .find(|m| m["name"] == volume["name"])
        .expect("the CA volume is mounted");
    assert_eq!(mount["mountPath"], "/certs");
    assert!(s(&env("KAFKA_CERT")["value"]).starts_with("/certs/"));
    assert_eq!(
        s(&env("TELEMETRY_PAYLOAD_FORMAT")["value"]).parse(),
        Ok(reefer_shared::encoding::PayloadFormat::Legacy),
        "the overlay that mirrors the original solution sends the original's events"
    );
}

#[test]
fn the_service_ingress_and_route_lead_to_the_relay_port() {
    let docs = manifests();
    let service = kind(&docs, "Service")
        .into_iter()
        .find(|s| s["spec"]["clusterIP"].is_null())
        .expect("the relay's Service");
    let name = &service["metadata"]["name"];
    assert_eq!(service["spec"]["ports"][0]["targetPort"], "http");
    let ingress = kind(&docs, "Ingress")[0];
    let backend = &ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"];
    assert_eq!(&backend["name"], name);
    assert_eq!(backend["port"]["name"], service["spec"]["ports"][0]["name"]);
    let route = kind(&docs, "Route")[0];
    assert_eq!(&route["spec"]["to"]["name"], name);
    assert_eq!(route["spec"]["port"]["targetPort"], "http");
}

#[test]
fn the_replicas_find_each_other_through_a_headless_service_the_network_policy_lets_through() {
    let docs = manifests();
    let peers = kind(&docs, "Service")
        .into_iter()
        .find(|s| s["spec"]["clusterIP"] == "None")
        .expect("a headless Service");
    assert_eq!(
        peers["spec"]["publishNotReadyAddresses"], true,
        "a replica whose broker is down still answers for its jobs"
    );
    assert_eq!(peers["spec"]["ports"][0]["targetPort"], "http");
    let deployment = kind(&docs, "Deployment")
        .into_iter()
        .find(|d| !seq(&d["spec"]["template"]["spec"]["containers"][0]["ports"]).is_empty())
        .unwrap();
    let relay = &deployment["spec"]["template"]["spec"]["containers"][0];
    let named = s(&env_var(relay, "REEFER_PEERS")["value"]);
    let (host, port) = named.rsplit_once(':').expect("host:port");
    assert_eq!(host, s(&peers["metadata"]["name"]));
    assert_eq!(
        port,
        peers["spec"]["ports"][0]["port"]
            .as_u64()
            .unwrap()
            .to_string()
    );
    assert_eq!(
        port,
        relay["ports"][0]["containerPort"]
            .as_u64()
            .unwrap()
            .to_string(),
        "the peers' port is the relay's own"
    );
    // The flag parses the value the manifest gives.
    let cli =
        reefer_relay::cli::Cli::try_parse_from(["reefer", "serve", "--peers", named]).unwrap();
    let reefer_relay::cli::Command::Serve(args) = cli.command else {
        unreachable!()
    };
    assert_eq!(args.peers, [named]);
    let policy = kind(&docs, "NetworkPolicy")[0];
    let to_replicas = seq(&policy["spec"]["egress"])
        .iter()
        .find(|rule| !rule["to"].is_null())
        .expect("an egress rule to the other replicas");
    assert_eq!(
        to_replicas["to"][0]["podSelector"]["matchLabels"],
        policy["spec"]["podSelector"]["matchLabels"]
    );
    assert_eq!(to_replicas["ports"][0]["port"], "http");
}

#[test]
fn the_dockerfile_matches_the_relay_and_the_setup_script() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let setup = std::fs::read_to_string(root().join("scripts/setup.sh")).unwrap();
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let (port, _) = serve_defaults();
    let known = variables_the_relay_reads();
    let line = |prefix: &str| {
        dockerfile
            .lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} line"))
            .trim()
            .to_owned()
    };
    assert_eq!(line("EXPOSE"), format!("EXPOSE {port}"));
    assert!(dockerfile.contains(&format!("PORT={port}")));
    let user = line("USER ").trim_start_matches("USER ").to_owned();
    assert!(
        user.parse::<u32>().is_ok_and(|uid| uid > 0),
        "a numeric non-root USER: {user}"
    );
    assert!(
        dockerfile.contains("CMD [\"reefer\", \"health\"]"),
        "the health check"
    );
    // The image serves the control panel from where it copies it.
    assert!(dockerfile.contains("COPY --from=build /src/dist /app/dist"));
    assert!(dockerfile.contains("REEFER_DIST=/app/dist"));
    for env in ["REEFER_HOST", "PORT", "REEFER_DIST"] {
        assert!(known.contains(env), "{env}");
    }
    // The same tool versions as the test command uses.
    let trunk = "trunk --version 0.21.14";
    assert!(
        dockerfile.contains(trunk) && setup.contains("--version 0.21.14"),
        "{trunk}"
    );
    let wasm_bindgen = lock
        .split("name = \"wasm-bindgen\"\nversion = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        dockerfile.contains(&format!("wasm-bindgen-cli --version {wasm_bindgen}")),
        "wasm-bindgen-cli {wasm_bindgen}"
    );
    let dockerignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    for ignored in ["target/", "dist/", ".git/", "*.pem"] {
        assert!(dockerignore.lines().any(|l| l == ignored), "{ignored}");
    }
}

/// The environment variables `reefer <sub>` reads: its flags' and the Kafka settings.
fn variables_read_by(sub: &str) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = Cli::command()
        .get_subcommands()
        .filter(|c| c.get_name() == sub)
        .flat_map(|c| c.get_arguments().filter_map(|a| a.get_env()))
        .map(|env| env.to_string_lossy().into_owned())
        .collect();
    names.extend(variables_the_relay_reads());
    names
}

/// The Indexed Job named `name`: its shard count and its one container.
fn indexed_job<'a>(docs: &'a [(PathBuf, Value)], name: &str) -> (u32, &'a Value) {
    let job = kind(docs, "Job")
        .into_iter()
        .find(|j| j["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no Job {name}"));
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"], "Indexed", "{name}");
    let n = spec["completions"].as_u64().unwrap();
    assert_eq!(
        spec["parallelism"].as_u64(),
        Some(n),
        "{name}: every shard at once"
    );
    let containers = seq(&spec["template"]["spec"]["containers"]);
    assert_eq!(containers.len(), 1, "{name}");
    (u32::try_from(n).unwrap(), &containers[0])
}

/// Checks that the pod's completion index becomes `REEFER_SHARD` = `K/n`, that every variable
/// the pod sets is one `reefer <sub>` reads (or the index itself), and that the Job's command
/// parses for the first and the last shard; returns the command parsed as the first shard.
fn check_sharded_command(name: &str, n: u32, container: &Value, sub: &str) -> Command {
    let env = seq(&container["env"]);
    let position = |var: &str| env.iter().position(|e| e["name"] == var);
    let index = position("JOB_COMPLETION_INDEX").expect("the index");
    assert_eq!(
        s(&env[index]["valueFrom"]["fieldRef"]["fieldPath"]),
        "metadata.annotations['batch.kubernetes.io/job-completion-index']"
    );
    let shard = position("REEFER_SHARD").expect("REEFER_SHARD");
    assert!(index < shard, "{name}: $(…) expands only earlier variables");
    assert_eq!(
        s(&env[shard]["value"]),
        format!("$(JOB_COMPLETION_INDEX)/{n}")
    );
    let mut known = variables_read_by(sub);
    known.insert("JOB_COMPLETION_INDEX".into());
    assert!(
        known.contains("REEFER_SHARD"),
        "reefer {sub} reads REEFER_SHARD"
    );
    for e in env {
        assert!(
            known.contains(s(&e["name"])),
            "{name}: {} is not read",
            s(&e["name"])
        );
    }
    let args: Vec<&str> = seq(&container["args"]).iter().map(s).collect();
    assert_eq!(args.first(), Some(&sub), "{name}");
    let parsed = |k: u32| {
        let shard = format!("{k}/{n}");
        Cli::try_parse_from(["reefer"].iter().chain(&args).chain(&["--shard", &shard]))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    parsed(n - 1);
    parsed(0).command
}

#[test]
fn the_dataset_job_gives_each_pod_its_shard_of_units_in_one_shared_folder() {
    let docs = manifests();
    let (n, container) = indexed_job(&docs, "reefer-dataset");
    let Command::Dataset(args) = check_sharded_command("reefer-dataset", n, container, "dataset")
    else {
        unreachable!()
    };
    assert!(args.units >= n, "every shard gets units");
    assert_eq!(args.partition, reefer_relay::dataset::Partition::Unit);
    let mount = seq(&container["volumeMounts"])
        .iter()
        .find(|m| args.out.starts_with(s(&m["mountPath"])))
        .expect("--out is on a mounted volume");
    let volume = seq(&docs
        .iter()
        .find(|(_, d)| d["metadata"]["name"] == "reefer-dataset")
        .unwrap()
        .1["spec"]["template"]["spec"]["volumes"])
    .iter()
    .find(|v| v["name"] == mount["name"])
    .expect("the mounted volume")
    .clone();
    let claim = s(&volume["persistentVolumeClaim"]["claimName"]);
    let pvc = kind(&docs, "PersistentVolumeClaim")
        .into_iter()
        .find(|p| p["metadata"]["name"] == claim)
        .expect("the claim");
    assert!(
        seq(&pvc["spec"]["accessModes"]).contains(&Value::from("ReadWriteMany")),
        "every pod mounts the folder at once"
    );
}

#[test]
fn the_fleet_stream_job_spreads_a_million_containers_over_pods_into_one_topic() {
    use reefer_relay::cli::stream::ContainerList;
    let docs = manifests();
    let (n, container) = indexed_job(&docs, "reefer-fleet-stream");
    let Command::Stream(args) =
        check_sharded_command("reefer-fleet-stream", n, container, "stream")
    else {
        unreachable!()
    };
    assert!(args.kafka);
    let ContainerList::Count(total) = args.containers else {
        panic!("a numbered fleet")
    };
    assert_eq!(total, 1_000_000);
    assert!(
        total.div_ceil(n as usize) <= reefer_shared::fleet::MAX_CONTAINERS,
        "a shard holds at most a stream's containers"
    );
    // One reading a minute per container.
    assert!((args.rate.per_second() - total as f64 / 60.0).abs() < 1.0);
    assert!(args.seed.is_some(), "every shard draws the same fleet");
    let topic = env_var(container, "TELEMETRY_TOPIC");
    let key = &topic["valueFrom"]["configMapKeyRef"];
    let kustomization = docs
        .iter()
        .find(|(f, d)| f.ends_with("scale/kustomization.yaml") && d["kind"] == "Kustomization")
        .map(|(_, d)| d)
        .unwrap();
    let generated = seq(&kustomization["configMapGenerator"])
        .iter()
        .find(|g| g["name"] == key["name"])
        .expect("the topic's ConfigMap");
    let literal = format!("{}=reefer-telemetry", s(&key["key"]));
    assert!(
        seq(&generated["literals"]).iter().any(|l| s(l) == literal),
        "the relay's topic"
    );
    assert_eq!(
        s(&env_var(container, "KAFKA_BROKERS")["valueFrom"]["configMapKeyRef"]["name"]),
        "kafka-brokers"
    );
}
