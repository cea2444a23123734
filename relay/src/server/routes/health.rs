//! `GET /health` (alive) and `GET /health/ready` (the broker answers).

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::server::state::AppState;

/// The liveness probe's path (the Kubernetes manifests and the image's health check use it).
pub const LIVENESS_PATH: &str = "/health";
/// The readiness probe's path: ready when the broker answers.
pub const READINESS_PATH: &str = "/health/ready";

/// How long readiness waits for the broker.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// A health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
    /// The topic records go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The topic's partitions, when the broker answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<usize>,
    /// Why the relay is not ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The process is alive.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn alive() -> Json<Health> {
    Json(Health {
        status: "ok",
        topic: None,
        partitions: None,
        error: None,
    })
}

/// The broker answers, and the topic exists.
#[utoipa::path(get, path = "/health/ready", tag = "health",
    responses(
        (status = 200, description = "The broker answered", body = Health),
        (status = 503, description = "The broker did not answer in 2 s, or the topic is missing", body = Health)))]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let sink = state.sink.clone();
    let checked = tokio::task::spawn_blocking(move || sink.check_ready(READY_TIMEOUT))
        .await
        .unwrap_or_else(|e| Err(format!("readiness check failed: {e}")));
    let topic = Some(state.sink.topic().to_owned());
    match checked {
        Ok(partitions) => (
            StatusCode::OK,
            Json(Health {
                status: "ready",
                topic,
                partitions: Some(partitions),
                error: None,
            }),
        ),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                topic,
                partitions: None,
                error: Some(error),
            }),
        ),
    }
}
