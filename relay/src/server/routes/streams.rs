//! Streaming jobs: started by `POST /control` with a `rate`, watched at
//! `GET /control/jobs/{id}` and `/fleet`, stopped by `DELETE /control/jobs/{id}`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use reefer_shared::fleet::FleetStream;
use reefer_shared::stream_request::StreamRequest;
use reefer_shared::Seed;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::server::error::{ApiError, ErrorBody};
use crate::server::jobs::{AnyJobView, JobEntry};
use crate::server::state::AppState;
use crate::server::stream_job::{FleetView, StreamJob, StreamJobView};
use crate::stream::engine;
use crate::stream::kafka_output::KafkaOutput;
use crate::stream::stats::StreamStats;

/// Most containers one fleet view answers with.
const MAX_FLEET_PAGE: usize = 10_000;

/// Starts a streaming job (called by `POST /control` for a body with a `rate`).
pub fn start(state: &AppState, request: StreamRequest) -> Result<Response, ApiError> {
    let fleet = request
        .to_fleet(Seed::from_random_bits(rand::random()), crate::clock::now())
        .map_err(ApiError::invalid)?;
    let stats = Arc::new(StreamStats::new(
        request.rate.per_second(),
        fleet.containers().len(),
    ));
    let job = state
        .jobs
        .create_stream(
            |id| StreamJob {
                id,
                request: request.clone(),
                fleet: fleet.clone(),
                stats: stats.clone(),
            },
            state.limits.max_streams,
        )
        .map_err(|running| {
            ApiError::busy(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "rate: {running} streaming jobs are running, the most this relay allows \
                     (--max-streams); stop one with DELETE /control/jobs/{{id}} first"
                ),
            )
        })?;
    let mut stream = FleetStream::new(fleet);
    if request.ground_truth {
        stream = stream.with_ground_truth();
    }
    let mut output = KafkaOutput::new(state.sink.clone(), request.ground_truth);
    let pacer = request.pacer();
    let clock = request.clock;
    let metrics = state.metrics.clone();
    let running = job.clone();
    tokio::spawn(async move {
        engine::run(stream, pacer, clock, running.stats.clone(), &mut output).await;
        output.finish().await;
        let stats = &running.stats;
        metrics.produced.inc_by(stats.sent());
        metrics.acked.inc_by(stats.acked());
        metrics.failed.inc_by(stats.failed());
        match stats.error() {
            Some(e) => {
                tracing::warn!(job = %running.id, "stream ended {}: {e}", stats.state().name())
            }
            None => tracing::info!(job = %running.id, sent = stats.sent(), "stream ended {}",
                stats.state().name()),
        }
    });
    tracing::info!(job = %job.id, containers = job.fleet.containers().len(),
        rate = job.request.rate.per_second(), "stream started");
    Ok(super::control::accepted(&job.id, job.view()))
}

/// Stops a streaming job; answers with its final state.
#[utoipa::path(delete, path = "/control/jobs/{id}", tag = "control",
    params(("id" = String, Path, description = "The job id from Location")),
    responses(
        (status = 200, description = "Stopped (or already ended): the job's final counts", body = StreamJobView),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 404, description = "No such job", body = ErrorBody),
        (status = 409, description = "A batch job, which ends by itself", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn stop(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StreamJobView>, ApiError> {
    match state.jobs.get(&id) {
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "id: no such job")),
        Some(JobEntry::Batch(_)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "id: a batch job ends by itself; only streaming jobs (with a rate) can be stopped",
        )),
        Some(JobEntry::Stream(job)) => {
            job.stats.request_stop();
            // The loop notices within one tick; the view then shows the final state.
            let _ = tokio::time::timeout(Duration::from_secs(2), job.stats.ended()).await;
            Ok(Json(job.view()))
        }
    }
}

/// Which containers of the fleet view.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FleetQuery {
    /// The first container (0-based, fleet order); 0 by default.
    offset: Option<usize>,
    /// How many containers at most (1 to 10000); 1000 by default.
    limit: Option<usize>,
}

/// Each container's latest reading in a streaming job.
#[utoipa::path(get, path = "/control/jobs/{id}/fleet", tag = "control",
    params(("id" = String, Path, description = "The job id from Location"), FleetQuery),
    responses(
        (status = 200, description = "The containers' latest readings", body = FleetView),
        (status = 404, description = "No such streaming job", body = ErrorBody),
        (status = 422, description = "limit out of range", body = ErrorBody)))]
pub async fn fleet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<FleetQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<FleetView>, ApiError> {
    let Query(query) = query.map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("offset, limit: expected whole numbers ({})", e.body_text()),
        )
    })?;
    let limit = query.limit.unwrap_or(1000);
    if !(1..=MAX_FLEET_PAGE).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("limit: expected 1 to {MAX_FLEET_PAGE}, got {limit}"),
        ));
    }
    match state.jobs.get(&id) {
        Some(JobEntry::Stream(job)) => Ok(Json(job.fleet_view(query.offset.unwrap_or(0), limit))),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: no such streaming job",
        )),
    }
}

/// Every kept job, newest first (running streams always among them).
#[utoipa::path(get, path = "/control/jobs", tag = "control",
    responses((status = 200, description = "The jobs, newest first", body = Vec<AnyJobView>)))]
pub async fn list(State(state): State<AppState>) -> Json<Vec<AnyJobView>> {
    Json(state.jobs.all().iter().map(JobEntry::view).collect())
}

/// Stops every running stream (at shutdown), and waits until they have ended.
pub async fn stop_all(state: &AppState) {
    let running = state.jobs.running_streams();
    for job in &running {
        job.stats.request_stop();
    }
    for job in running {
        let _ = tokio::time::timeout(Duration::from_secs(2), job.stats.ended()).await;
    }
}
