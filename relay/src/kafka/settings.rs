//! Kafka's settings from the environment, validated at start-up.
//!
//! Kafka is configured exactly as the original simulator's deployments set it: `KAFKA_BROKERS`,
//! `KAFKA_USER` (`token` for IBM Event Streams API keys), `KAFKA_PASSWORD` or `KAFKA_APIKEY`,
//! `KAFKA_CERT` (a CA PEM path), `TELEMETRY_TOPIC`. Secrets are held in [`Secret`], whose
//! `Debug` and `Display` never show the value.

use std::path::PathBuf;

use crate::error::CliError;
pub use crate::secret::Secret;

/// The default topic, as in the original simulator.
pub const DEFAULT_TOPIC: &str = "reefer-telemetry";

/// How the relay authenticates to Kafka.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KafkaAuth {
    /// No authentication (a local broker).
    None,
    /// SASL with a user and password: PLAIN for user `token` (Event Streams API keys),
    /// SCRAM-SHA-512 for any other user.
    Sasl {
        /// `KAFKA_USER`.
        user: String,
        /// `KAFKA_PASSWORD` or `KAFKA_APIKEY`.
        password: Secret,
    },
}

/// Where and how to reach Kafka.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KafkaSettings {
    /// `KAFKA_BROKERS`, comma-separated `host:port`; `None` runs the embedded broker.
    pub brokers: Option<String>,
    /// `TELEMETRY_TOPIC`.
    pub topic: String,
    /// SASL credentials, if any.
    pub auth: KafkaAuth,
    /// `KAFKA_CERT`: the CA certificate (PEM) that signs the brokers' certificates.
    pub ca_file: Option<PathBuf>,
    /// `KAFKA_SECURITY_PROTOCOL`: overrides the protocol chosen from the other settings
    /// (e.g. `SASL_PLAINTEXT` for a local broker with SCRAM but no TLS).
    pub security_protocol: Option<String>,
}

impl KafkaSettings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, CliError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CliError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let brokers = get("KAFKA_BROKERS");
        if let Some(list) = &brokers {
            for broker in list.split(',').map(str::trim) {
                let valid = broker
                    .rsplit_once(':')
                    .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
                if !valid {
                    return Err(CliError::usage(format!(
                        "KAFKA_BROKERS: {broker:?} is not host:port; expected a comma-separated \
                         list such as broker-0:9093,broker-1:9093"
                    )));
                }
            }
        }
        let topic = get("TELEMETRY_TOPIC").unwrap_or_else(|| DEFAULT_TOPIC.to_owned());
        let valid_topic = topic.len() <= 249
            && topic
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !valid_topic {
            return Err(CliError::usage(format!(
                "TELEMETRY_TOPIC: {topic:?} is not a Kafka topic name; use up to 249 letters, \
                 digits, '.', '_' or '-'"
            )));
        }
        let password = get("KAFKA_PASSWORD").or_else(|| get("KAFKA_APIKEY"));
        let auth = match (get("KAFKA_USER"), password) {
            (Some(user), Some(password)) => KafkaAuth::Sasl {
                user,
                password: Secret::new(password),
            },
            // An API key alone is the Event Streams convention: user `token`.
            (None, Some(password)) => KafkaAuth::Sasl {
                user: "token".to_owned(),
                password: Secret::new(password),
            },
            (Some(_), None) => {
                return Err(CliError::usage(
                    "KAFKA_USER is set but neither KAFKA_PASSWORD nor KAFKA_APIKEY is; set one",
                ))
            }
            (None, None) => KafkaAuth::None,
        };
        let ca_file = get("KAFKA_CERT").map(PathBuf::from);
        if let Some(path) = &ca_file {
            if !path.is_file() {
                return Err(CliError::usage(format!(
                    "KAFKA_CERT: '{}' is not a readable file; give the path of the CA \
                     certificate (PEM), e.g. /certs/es-cert.pem",
                    path.display()
                )));
            }
        }
        let security_protocol = match get("KAFKA_SECURITY_PROTOCOL") {
            None => None,
            Some(p) => {
                let upper = p.to_ascii_uppercase();
                if !["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"].contains(&upper.as_str()) {
                    return Err(CliError::usage(format!(
                        "KAFKA_SECURITY_PROTOCOL: {p:?} is not allowed; expected PLAINTEXT, SSL, \
                         SASL_PLAINTEXT or SASL_SSL"
                    )));
                }
                Some(upper)
            }
        };
        Ok(Self {
            brokers,
            topic,
            auth,
            ca_file,
            security_protocol,
        })
    }

    /// The security protocol: the override, else SASL_SSL with credentials (Event Streams),
    /// SSL with only a CA file, PLAINTEXT otherwise.
    pub fn protocol(&self) -> &str {
        if let Some(p) = &self.security_protocol {
            return p;
        }
        match (&self.auth, &self.ca_file) {
            (KafkaAuth::Sasl { .. }, _) => "SASL_SSL",
            (KafkaAuth::None, Some(_)) => "SSL",
            (KafkaAuth::None, None) => "PLAINTEXT",
        }
    }

    /// The SASL mechanism: PLAIN for user `token`, SCRAM-SHA-512 otherwise.
    pub fn mechanism(&self) -> Option<&'static str> {
        match &self.auth {
            KafkaAuth::Sasl { user, .. } if user == "token" => Some("PLAIN"),
            KafkaAuth::Sasl { .. } => Some("SCRAM-SHA-512"),
            KafkaAuth::None => None,
        }
    }

    /// A one-line description for the start-up log: never the password.
    pub fn describe(&self) -> String {
        let user = match &self.auth {
            KafkaAuth::Sasl { user, .. } => {
                format!(", user {user:?} ({})", self.mechanism().unwrap_or(""))
            }
            KafkaAuth::None => String::new(),
        };
        let ca = self
            .ca_file
            .as_ref()
            .map(|p| format!(", CA {}", p.display()))
            .unwrap_or_default();
        format!(
            "brokers {}, topic {:?}, {}{user}{ca}",
            self.brokers.as_deref().unwrap_or("(embedded)"),
            self.topic,
            self.protocol()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<KafkaSettings, CliError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        KafkaSettings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn nothing_set_means_the_embedded_broker_and_the_default_topic() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.brokers, None);
        assert_eq!(s.topic, "reefer-telemetry");
        assert_eq!(s.protocol(), "PLAINTEXT");
    }

    #[test]
    fn event_streams_api_keys_use_sasl_ssl_with_plain() {
        let s = settings(&[
            ("KAFKA_BROKERS", "b0:9093,b1:9093"),
            ("KAFKA_USER", "token"),
            ("KAFKA_APIKEY", "s3cret"),
        ])
        .unwrap();
        assert_eq!((s.protocol(), s.mechanism()), ("SASL_SSL", Some("PLAIN")));
        let s = settings(&[("KAFKA_BROKERS", "b0:9093"), ("KAFKA_APIKEY", "s3cret")]).unwrap();
        assert_eq!(s.mechanism(), Some("PLAIN"));
    }

    #[test]
    fn other_users_use_scram_sha_512() {
        let s = settings(&[
            ("KAFKA_BROKERS", "b0:9093"),
            ("KAFKA_USER", "alice"),
            ("KAFKA_PASSWORD", "pw"),
        ])
        .unwrap();
        assert_eq!(
            (s.protocol(), s.mechanism()),
            ("SASL_SSL", Some("SCRAM-SHA-512"))
        );
    }

    #[test]
    fn secrets_never_show_in_debug_or_descriptions() {
        let s = settings(&[
            ("KAFKA_BROKERS", "b0:9093"),
            ("KAFKA_USER", "alice"),
            ("KAFKA_PASSWORD", "hunter2"),
        ])
        .unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.describe().contains("hunter2"));
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (pairs, var) in [
            (vec![("KAFKA_BROKERS", "nohost")], "KAFKA_BROKERS"),
            (vec![("KAFKA_BROKERS", "h:99999")], "KAFKA_BROKERS"),
            (vec![("TELEMETRY_TOPIC", "bad topic")], "TELEMETRY_TOPIC"),
            (vec![("KAFKA_USER", "alice")], "KAFKA_USER"),
            (vec![("KAFKA_CERT", "/no/such.pem")], "KAFKA_CERT"),
            (
                vec![("KAFKA_SECURITY_PROTOCOL", "TLS")],
                "KAFKA_SECURITY_PROTOCOL",
            ),
        ] {
            let err = settings(&pairs).unwrap_err().to_string();
            assert!(err.starts_with(var), "{err}");
        }
    }
}
