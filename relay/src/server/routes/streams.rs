//! Streaming jobs: started by `POST /control` with a `rate`, watched at
//! `GET /control/jobs/{id}` and `/fleet`, stopped by `DELETE /control/jobs/{id}`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
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
pub async fn start(state: &AppState, request: StreamRequest) -> Result<Response, ApiError> {
    let containers = request.containers.len();
    let budget = state.limits.max_stream_containers;
    if containers > budget {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "containers: {containers} is more than this relay streams at once \
                 (--max-stream-containers {budget})"
            ),
        )
        .with_field("containers"));
    }
    // The fleet's containers are taken from the budget before it is built, so that requests
    // at once cannot build more than the budget between them.
    let containers_held = state
        .stream_containers
        .clone()
        .try_acquire_many_owned(containers as u32)
        .map_err(|_| {
            let held = budget - state.stream_containers.available_permits();
            ApiError::busy(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "containers: the running streams hold {held} containers; {containers} more \
                     would pass this relay's budget (--max-stream-containers {budget}); stop a \
                     stream first"
                ),
            )
            .with_field("containers")
        })?;
    // Building a large fleet (every container's generator) is CPU work: off the async workers.
    let (fleet, stream) = {
        let request = request.clone();
        tokio::task::spawn_blocking(move || {
            let fleet =
                request.to_fleet(Seed::from_random_bits(rand::random()), crate::clock::now())?;
            let mut stream = FleetStream::new(fleet.clone());
            if request.ground_truth {
                stream = stream.with_ground_truth();
            }
            Ok::<_, reefer_shared::control::FieldError>((fleet, stream))
        })
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "rate: the stream could not be prepared; retry",
            )
        })?
        .map_err(ApiError::invalid)?
    };
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
                fleet,
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
    let mut output = KafkaOutput::new(state.sink.clone(), request.ground_truth);
    let pacer = request.pacer();
    let clock = request.clock;
    let metrics = state.metrics.clone();
    let jobs = state.jobs.clone();
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
        jobs.retire(&running.id);
        drop(containers_held);
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
        Some(JobEntry::Ended(view)) => Ok(Json(StreamJobView::clone(&view))),
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
        Some(JobEntry::Ended(_)) => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: this stream has ended; its fleet view is kept only while it runs \
             (GET /control/jobs/{id} has its final counts)",
        )),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: no such streaming job",
        )),
    }
}

/// Which page of the job list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct JobsQuery {
    /// Jobs to skip, newest first; 0 by default.
    offset: Option<usize>,
    /// How many jobs at most (1 to 1000); 100 by default.
    limit: Option<usize>,
}

/// Most jobs one page of the list answers with.
const MAX_JOBS_PAGE: usize = 1000;

/// The kept jobs, newest first (running streams always among them), a page at a time: the
/// `Link` header names the next page while there is one, `X-Total-Count` how many are kept.
#[utoipa::path(get, path = "/control/jobs", tag = "control",
    params(JobsQuery),
    responses(
        (status = 200, description = "The jobs, newest first", body = Vec<AnyJobView>,
         headers(("Link" = String, description = "rel=\"next\": the next page, when there is one"),
                 ("X-Total-Count" = u64, description = "Jobs kept"))),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 422, description = "offset or limit out of range", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<JobsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "offset, limit: expected whole numbers, and no other parameter ({})",
                e.body_text()
            ),
        )
    })?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=MAX_JOBS_PAGE).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("limit: expected 1 to {MAX_JOBS_PAGE}, got {limit}"),
        )
        .with_field("limit"));
    }
    let offset = query.offset.unwrap_or(0);
    let (page, total) = state.jobs.page(offset, limit);
    let views: Vec<AnyJobView> = page.iter().map(JobEntry::view).collect();
    let mut response = Json(views).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(total));
    if offset + limit < total {
        let next = format!(
            "</control/jobs?offset={}&limit={limit}>; rel=\"next\"",
            offset + limit
        );
        if let Ok(value) = HeaderValue::from_str(&next) {
            headers.insert(header::LINK, value);
        }
    }
    Ok(response)
}

/// Stops every running stream (at shutdown), and waits until they have ended, at most
/// [`crate::server::STREAMS_STOP`] for all of them.
pub async fn stop_all(state: &AppState) {
    let running = state.jobs.running_streams();
    for job in &running {
        job.stats.request_stop();
    }
    let deadline = tokio::time::Instant::now() + crate::server::STREAMS_STOP;
    for job in running {
        let _ = tokio::time::timeout_at(deadline, job.stats.ended()).await;
    }
}
