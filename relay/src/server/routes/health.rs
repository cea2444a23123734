//! `GET /health` (alive), `GET /health/ready` (the broker answers) and, behind the token,
//! `GET /health/details` (why not, and the Kafka settings).
//!
//! The open probes say only `ok`, `ready` or `not ready`: a broker's error text names hosts,
//! listeners and users, which is no business of whoever reaches a public address. The reason
//! goes to the log, and to `/health/details` for whoever holds the token.

use crate::server::refusals::TokenRefusal;
use crate::server::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use reefer_shared::wire::{Health, HealthDetails};

/// The liveness probe's path (the Kubernetes manifests and the image's health check use it).
pub const LIVENESS_PATH: &str = "/health";
/// The readiness probe's path: ready when the broker answers.
pub const READINESS_PATH: &str = "/health/ready";

/// The process is alive.
#[utoipa::path(get, path = "/health", tag = "health",
    responses((status = 200, description = "Alive", body = Health)))]
pub async fn alive() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
    })
}

/// The broker answers, and the topic exists.
#[utoipa::path(get, path = "/health/ready", tag = "health",
    responses(
        (status = 200, description = "The broker answered", body = Health),
        (status = 503, description = "The broker did not answer in 2 s, or the topic is missing (the reason is in the log and /health/details)", body = Health)))]
pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match state.readiness.check(&state.sink).await {
        Ok(_) => (
            StatusCode::OK,
            Json(Health {
                status: "ready".into(),
            }),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "not ready".into(),
            }),
        ),
    }
}

/// Readiness with its reason, and the Kafka settings.
#[utoipa::path(get, path = "/health/details", tag = "health",
    responses(
        (status = 200, description = "The broker answered", body = HealthDetails),
        TokenRefusal,
        (status = 503, description = "Not ready: `error` says why", body = HealthDetails)),
    security((), ("bearer" = [])))]
pub async fn details(State(state): State<AppState>) -> (StatusCode, Json<HealthDetails>) {
    let checked = state.readiness.check(&state.sink).await;
    let status = if checked.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let (partitions, error) = match checked {
        Ok(p) => (Some(p), None),
        Err(e) => (None, Some(e)),
    };
    (
        status,
        Json(HealthDetails {
            status: if error.is_none() {
                "ready"
            } else {
                "not ready"
            }
            .into(),
            topic: state.sink.topic().to_owned(),
            partitions,
            error: error.map(|e| e.to_string()),
            kafka: state.readiness.kafka.clone(),
            payload_format: state.sink.payload_format().name().into(),
            in_flight: state.sink.in_flight(),
        }),
    )
}
