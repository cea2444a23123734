//! Connecting to MongoDB and inserting records in batches, with errors a user can act on.

use std::time::Duration;

use mongodb::bson::{doc, Document};
use mongodb::error::{Error as MongoError, ErrorKind};
use mongodb::options::{ClientOptions, Credential, Tls, TlsOptions};
use mongodb::{Client, Collection};
use reefer_shared::TelemetryRecord;

use super::document::{add_ground_truth, add_rcm, DocumentFormat};
use super::settings::{CaCertificate, MongoSettings, TELEMETRY_COLLECTION};
use crate::error::CliError;
use reefer_shared::generator::Extras;

/// How long to look for a usable server when the URL does not say
/// (`serverSelectionTimeoutMS`); the driver's own default is 30 s.
const SERVER_SELECTION_TIMEOUT: Duration = Duration::from_secs(10);

/// An open collection, checked with a `ping` before anything is written.
pub struct MongoWriter {
    collection: Collection<Document>,
    settings: MongoSettings,
    format: DocumentFormat,
    /// A CA written out from `MONGO_SSL_PEM` text; removed when the writer is dropped.
    _ca_file: Option<tempfile::TempPath>,
}

impl MongoWriter {
    /// Connects, authenticates and pings, so that a wrong address, password or certificate is
    /// reported before any record is generated. Documents take the `format` shape.
    pub async fn connect(
        settings: MongoSettings,
        format: DocumentFormat,
    ) -> Result<Self, CliError> {
        let mut options = ClientOptions::parse(settings.url())
            .await
            .map_err(|e| explain(&e, &settings))?;
        options.app_name = Some(format!("reefer {}", env!("CARGO_PKG_VERSION")));
        if options.server_selection_timeout.is_none() {
            options.server_selection_timeout = Some(SERVER_SELECTION_TIMEOUT);
        }
        if let Some((user, password)) = &settings.credentials {
            let source = options.credential.as_ref().and_then(|c| c.source.clone());
            options.credential = Some(
                Credential::builder()
                    .username(user.clone())
                    .password(password.expose().to_owned())
                    .source(source)
                    .build(),
            );
        }
        let ca_file = match &settings.ca {
            None => None,
            Some(CaCertificate::File(path)) => {
                options.tls = Some(Tls::Enabled(
                    TlsOptions::builder().ca_file_path(path.clone()).build(),
                ));
                None
            }
            Some(CaCertificate::Pem(pem)) => {
                let file = write_private_pem(pem)?;
                options.tls = Some(Tls::Enabled(
                    TlsOptions::builder()
                        .ca_file_path(file.to_path_buf())
                        .build(),
                ));
                Some(file)
            }
        };
        let client = Client::with_options(options).map_err(|e| explain(&e, &settings))?;
        let database = client.database(&settings.database);
        database
            .run_command(doc! { "ping": 1 })
            .await
            .map_err(|e| explain(&e, &settings))?;
        Ok(Self {
            collection: database.collection(TELEMETRY_COLLECTION),
            settings,
            format,
            _ca_file: ca_file,
        })
    }

    /// Inserts `records` in one ordered `insert_many` (the driver splits it further if it
    /// exceeds the server's message size), each with its ground truth when `truths` (one per
    /// record) is given; the number inserted, or why not.
    pub async fn insert(
        &self,
        records: &[TelemetryRecord],
        extras: Extras<'_>,
    ) -> Result<u64, CliError> {
        let documents: Vec<Document> = records
            .iter()
            .enumerate()
            .map(|(i, record)| {
                let mut document = self.format.document(record);
                if let Some(rcm) = extras.rcm.and_then(|r| r.get(i)) {
                    add_rcm(&mut document, rcm);
                }
                if let Some(truth) = extras.truths.and_then(|t| t.get(i)) {
                    add_ground_truth(&mut document, truth);
                }
                document
            })
            .collect();
        let result = self
            .collection
            .insert_many(documents)
            .await
            .map_err(|e| explain(&e, &self.settings))?;
        Ok(result.inserted_ids.len() as u64)
    }

    /// Where the records go, for messages.
    pub fn describe(&self) -> String {
        self.settings.describe()
    }
}

/// A PEM written to a temporary file only this user can read.
fn write_private_pem(pem: &str) -> Result<tempfile::TempPath, CliError> {
    use std::io::Write;
    let mut file = tempfile::Builder::new()
        .prefix("reefer-mongo-ca-")
        .suffix(".pem")
        .tempfile()
        .map_err(|e| {
            CliError::failure(format!("MONGO_SSL_PEM: cannot write the CA to a file: {e}"))
        })?;
    file.write_all(pem.as_bytes()).map_err(|e| {
        CliError::failure(format!("MONGO_SSL_PEM: cannot write the CA to a file: {e}"))
    })?;
    Ok(file.into_temp_path())
}

/// A driver error as one line that says what to check, without any secret.
fn explain(error: &MongoError, settings: &MongoSettings) -> CliError {
    let where_ = settings.redacted_url();
    let detail = first_line(&error.to_string());
    let (message, usage) = match &*error.kind {
        ErrorKind::InvalidArgument { message, .. } => (
            format!("{}: {} ({message})", settings.url_source, where_),
            true,
        ),
        ErrorKind::ServerSelection { message, .. } => (
            format!(
                "MongoDB at {where_} cannot be reached: {} (check the address, the network, \
                 and MONGO_SSL_PEM for TLS; the URL option serverSelectionTimeoutMS sets how \
                 long to try, 10 s by default)",
                server_error(message)
            ),
            false,
        ),
        ErrorKind::Authentication { message, .. } => (
            format!(
                "MongoDB authentication failed for {}: {message} (check MONGODB_USER and \
                 MONGODB_PASSWORD, or the credentials in the URL)",
                settings
                    .credentials
                    .as_ref()
                    .map(|(user, _)| format!("user {user:?}"))
                    .unwrap_or_else(|| "the URL's user".to_owned())
            ),
            false,
        ),
        ErrorKind::Command(command) if command.code == 18 => (
            format!(
                "MongoDB authentication failed: {} (check MONGODB_USER and MONGODB_PASSWORD)",
                command.message
            ),
            false,
        ),
        ErrorKind::Command(command) if command.code == 13 => (
            format!(
                "MongoDB refused: not authorised to write to {}.{TELEMETRY_COLLECTION}: {}",
                settings.database, command.message
            ),
            false,
        ),
        _ => (format!("MongoDB at {where_}: {detail}"), false),
    };
    let mut message = message;
    for secret in settings.secrets() {
        message = message.replace(secret, "***");
    }
    if usage {
        CliError::usage(message)
    } else {
        CliError::failure(message)
    }
}

/// The servers' own error out of a server-selection message ("… Error: Kind: I/O error:
/// Connection refused (os error 111), labels: …"), or the message's first line.
fn server_error(message: &str) -> String {
    let Some((_, after)) = message.split_once(", Error: ") else {
        return first_line(message);
    };
    let error = after.split(", labels:").next().unwrap_or(after);
    let error = error.trim_start_matches("Kind: ");
    let error = error.trim_start_matches("I/O error: ");
    first_line(error)
}

/// The first line of a message, at most 400 characters (driver errors can list a topology).
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(400) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}
