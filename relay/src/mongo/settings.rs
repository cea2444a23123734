//! Where and how to reach MongoDB, from the environment as SPEC lists it: `MONGO_DB_URL`,
//! `MONGO_DATABASE` (default `ibmclouddb`), `MONGODB_USER`, `MONGODB_PASSWORD`,
//! `MONGO_SSL_PEM`. Validated here, before any connection, with messages that name the
//! variable (or `--mongo-url`) and never show the password.

use std::path::PathBuf;

use base64::Engine;

use crate::error::CliError;
use crate::secret::Secret;

/// The database when `MONGO_DATABASE` is not set (the original deployments' name).
pub const DEFAULT_DATABASE: &str = "ibmclouddb";
/// The collection every record goes to.
pub const TELEMETRY_COLLECTION: &str = "telemetries";

/// Where the CA certificate that signs the server's certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaCertificate {
    /// A PEM file on disk (`MONGO_SSL_PEM=/certs/mongo.pem`).
    File(PathBuf),
    /// The PEM text itself, given inline or base64-encoded (as IBM Cloud Databases hands it
    /// out); written to a private temporary file for the driver.
    Pem(String),
}

/// MongoDB settings, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MongoSettings {
    /// The connection string (`mongodb://` or `mongodb+srv://`), as given.
    url: Secret,
    /// Which of `--mongo-url` or `MONGO_DB_URL` it came from, for messages.
    pub url_source: &'static str,
    /// `MONGO_DATABASE`.
    pub database: String,
    /// `MONGODB_USER` and `MONGODB_PASSWORD`, when set (they override the URL's).
    pub credentials: Option<(String, Secret)>,
    /// `MONGO_SSL_PEM`: turns TLS on and trusts this CA.
    pub ca: Option<CaCertificate>,
}

impl MongoSettings {
    /// Reads the settings from the process environment; `url_flag` (`--mongo-url`) wins over
    /// `MONGO_DB_URL`.
    pub fn from_env(url_flag: Option<&str>) -> Result<Self, CliError> {
        Self::from_lookup(url_flag, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(
        url_flag: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CliError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let from_env = get("MONGO_DB_URL");
        let (url, url_source) = match url_flag.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => (url.to_owned(), "--mongo-url"),
            None => match from_env {
                Some(url) => (url, "MONGO_DB_URL"),
                None => {
                    return Err(CliError::usage(
                        "--db: set MONGO_DB_URL=mongodb://host:27017 (or give --mongo-url)",
                    ))
                }
            },
        };
        if !(url.starts_with("mongodb://") || url.starts_with("mongodb+srv://")) {
            return Err(CliError::usage(format!(
                "{url_source}: {} is not a MongoDB connection string; expected \
                 mongodb://host[:port][/?options] or mongodb+srv://host",
                redact_url(&url)
            )));
        }
        let database = get("MONGO_DATABASE").unwrap_or_else(|| DEFAULT_DATABASE.to_owned());
        let valid_database = database.len() <= 63
            && !database
                .chars()
                .any(|c| matches!(c, '/' | '\\' | '.' | ' ' | '"' | '$' | '\0'));
        if !valid_database {
            return Err(CliError::usage(format!(
                "MONGO_DATABASE: {database:?} is not a database name; use up to 63 characters \
                 without / \\ . \" $ or spaces"
            )));
        }
        let credentials = match (get("MONGODB_USER"), get("MONGODB_PASSWORD")) {
            (Some(user), Some(password)) => Some((user, Secret::new(password))),
            (None, None) => None,
            (Some(_), None) => {
                return Err(CliError::usage(
                    "MONGODB_USER is set but MONGODB_PASSWORD is not; set both, or neither \
                     (credentials may also be in the URL)",
                ))
            }
            (None, Some(_)) => {
                return Err(CliError::usage(
                    "MONGODB_PASSWORD is set but MONGODB_USER is not; set both, or neither",
                ))
            }
        };
        let ca = get("MONGO_SSL_PEM").map(parse_ca).transpose()?;
        Ok(Self {
            url: Secret::new(url),
            url_source,
            database,
            credentials,
            ca,
        })
    }

    /// The connection string, for the driver only.
    pub fn url(&self) -> &str {
        self.url.expose()
    }

    /// The connection string with any password replaced by `***`, for messages.
    pub fn redacted_url(&self) -> String {
        redact_url(self.url.expose())
    }

    /// Every secret these settings hold, to scrub from messages that quote the driver.
    pub fn secrets(&self) -> Vec<&str> {
        let mut secrets = Vec::new();
        if let Some((_, password)) = &self.credentials {
            secrets.push(password.expose());
        }
        if let Some(password) = url_password(self.url.expose()) {
            secrets.push(password);
        }
        secrets.retain(|s| !s.is_empty());
        secrets
    }

    /// A one-line description: never the password.
    pub fn describe(&self) -> String {
        let user = self
            .credentials
            .as_ref()
            .map(|(user, _)| format!(", user {user:?}"))
            .unwrap_or_default();
        let tls = match &self.ca {
            Some(CaCertificate::File(path)) => format!(", TLS with CA {}", path.display()),
            Some(CaCertificate::Pem(_)) => ", TLS with the CA from MONGO_SSL_PEM".to_owned(),
            None => String::new(),
        };
        format!(
            "{}, database {:?}, collection {TELEMETRY_COLLECTION:?}{user}{tls}",
            self.redacted_url(),
            self.database
        )
    }
}

/// `MONGO_SSL_PEM`: a file path, PEM text, or base64 of PEM text.
fn parse_ca(value: String) -> Result<CaCertificate, CliError> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    if value.contains(BEGIN) {
        return Ok(CaCertificate::Pem(value));
    }
    let path = PathBuf::from(&value);
    if path.is_file() {
        return Ok(CaCertificate::File(path));
    }
    let compact: String = value.split_whitespace().collect();
    if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(compact) {
        if let Ok(text) = String::from_utf8(bytes) {
            if text.contains(BEGIN) {
                return Ok(CaCertificate::Pem(text));
            }
        }
    }
    Err(CliError::usage(
        "MONGO_SSL_PEM: neither a readable file nor a PEM certificate (nor base64 of one); give \
         the path of the CA certificate, e.g. /certs/mongo-ca.pem",
    ))
}

/// The password in `scheme://user:password@hosts/…`, if any.
fn url_password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let userinfo = authority.rsplit_once('@')?.0;
    userinfo.split_once(':').map(|(_, password)| password)
}

/// `url` with the password of its user info replaced by `***`.
pub fn redact_url(url: &str) -> String {
    match url_password(url) {
        Some(password) if !password.is_empty() => url.replacen(password, "***", 1),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(flag: Option<&str>, pairs: &[(&str, &str)]) -> Result<MongoSettings, CliError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MongoSettings::from_lookup(flag, |k| map.get(k).cloned())
    }

    #[test]
    fn the_url_comes_from_the_flag_or_the_environment_and_the_database_has_a_default() {
        let s = settings(None, &[("MONGO_DB_URL", "mongodb://db:27017")]).unwrap();
        assert_eq!(
            (s.url(), s.url_source),
            ("mongodb://db:27017", "MONGO_DB_URL")
        );
        assert_eq!(s.database, "ibmclouddb");
        let s = settings(
            Some("mongodb+srv://cluster.example"),
            &[
                ("MONGO_DB_URL", "mongodb://db"),
                ("MONGO_DATABASE", "reefer"),
            ],
        )
        .unwrap();
        assert_eq!(
            (s.url(), s.url_source),
            ("mongodb+srv://cluster.example", "--mongo-url")
        );
        assert_eq!(s.database, "reefer");
    }

    #[test]
    fn passwords_never_show_in_descriptions_or_debug() {
        let s = settings(
            Some("mongodb://alice:hunter2@db:27017/?tls=false"),
            &[("MONGODB_USER", "bob"), ("MONGODB_PASSWORD", "s3cr3t")],
        )
        .unwrap();
        for text in [s.describe(), format!("{s:?}"), s.redacted_url()] {
            assert!(
                !text.contains("hunter2") && !text.contains("s3cr3t"),
                "{text}"
            );
        }
        assert_eq!(s.redacted_url(), "mongodb://alice:***@db:27017/?tls=false");
        assert_eq!(s.secrets(), ["s3cr3t", "hunter2"]);
    }

    #[test]
    fn the_ca_is_a_path_pem_text_or_base64() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let file = tempfile::NamedTempFile::new().unwrap();
        let path = file.path().to_str().unwrap().to_owned();
        let b64 = base64::engine::general_purpose::STANDARD.encode(pem);
        let url = ("MONGO_DB_URL", "mongodb://db");
        let ca = |v: &str| settings(None, &[url, ("MONGO_SSL_PEM", v)]).unwrap().ca;
        assert_eq!(ca(&path), Some(CaCertificate::File(path.clone().into())));
        assert_eq!(ca(pem), Some(CaCertificate::Pem(pem.trim().to_owned())));
        assert_eq!(ca(&b64), Some(CaCertificate::Pem(pem.to_owned())));
    }

    #[test]
    fn bad_values_name_the_variable_or_flag() {
        for (flag, pairs, name) in [
            (None, vec![], "--db"),
            (Some("http://db"), vec![], "--mongo-url"),
            (None, vec![("MONGO_DB_URL", "db:27017")], "MONGO_DB_URL"),
            (
                None,
                vec![("MONGO_DB_URL", "mongodb://db"), ("MONGO_DATABASE", "a.b")],
                "MONGO_DATABASE",
            ),
            (
                None,
                vec![("MONGO_DB_URL", "mongodb://db"), ("MONGODB_USER", "u")],
                "MONGODB_USER",
            ),
            (
                None,
                vec![("MONGO_DB_URL", "mongodb://db"), ("MONGODB_PASSWORD", "p")],
                "MONGODB_PASSWORD",
            ),
            (
                None,
                vec![
                    ("MONGO_DB_URL", "mongodb://db"),
                    ("MONGO_SSL_PEM", "/no/such.pem"),
                ],
                "MONGO_SSL_PEM",
            ),
        ] {
            let err = settings(flag, &pairs).unwrap_err().to_string();
            assert!(err.starts_with(name), "{err}");
        }
        let err = settings(Some("http://u:pw@db"), &[])
            .unwrap_err()
            .to_string();
        assert!(!err.contains("pw@"), "{err}");
    }
}
