//! `/control`: `POST` starts a job (the original simulator's batch, or with `rate` a stream),
//! `GET` says who answers.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use reefer_shared::control::{ControlRequest, StreamRequest};
use reefer_shared::wire::{AnyJobView, ControlBody, ErrorBody, VersionInfo};
use reefer_shared::{FieldError, Seed};

use super::require_json_or_trusted_client;
use crate::server::auth::Authenticated;
use crate::server::error::ApiError;
use crate::server::jobs::{StreamJob, MAX_BATCHES_GENERATING};
use crate::server::refusals::BodyRefusals;
use crate::server::state::AppState;
use crate::stream::handle::StreamHandle;

/// The relay's version.
#[utoipa::path(get, path = "/control", tag = "control",
    responses((status = 200, description = "The relay's version", body = VersionInfo)))]
pub async fn version(State(state): State<AppState>) -> Json<VersionInfo> {
    Json(VersionInfo {
        status: "success".into(),
        message: "pong!".into(),
        name: "reefer-relay".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        relay: state.peers.own_id().to_owned(),
    })
}

/// Generates telemetry for one container and sends it to Kafka, or starts a stream.
///
/// A batch answers once the records are generated and handed to the producer; the job
/// resource in `Location` then shows how many the broker acknowledged. With `rate`, a
/// streaming job starts at once; its resource shows the rate achieved, the lag and the
/// counts, `DELETE` on it stops it, and `/fleet` below it shows each container's latest
/// reading.
#[utoipa::path(post, path = "/control", tag = "control",
    request_body = ControlBody,
    responses(
        (status = 202, description = "Generated and handed to Kafka (a batch) or started (a stream); follow Location", body = AnyJobView,
         headers(("Location" = String, description = "The job resource"))),
        BodyRefusals,
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 429, description = "Two batches are being generated; retry", body = ErrorBody),
        (status = 415, description = "Not application/json, from a cross-site browser page (a body without the JSON type is taken from other clients, as the original took it)", body = ErrorBody),
        (status = 422, description = "A field is invalid (named in `field`); `ground_truth` with a relay that sends legacy events", body = ErrorBody),
        (status = 503, description = "The producer is full, too many streams run, their container budget is spent, or the body budget is; retry later", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn start(
    State(state): State<AppState>,
    authenticated: Option<Extension<Authenticated>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    require_json_or_trusted_client(&headers, &state.cors_origins, authenticated.is_some())?;
    let parsed = ControlRequest::from_json(
        &body,
        state.limits.max_control_records,
        state.limits.max_stream_rate,
    )
    .map_err(ApiError::invalid)?;
    let options = parsed.options();
    if let Some((field, why)) = state
        .sink
        .payload_format()
        .refusal(options.ground_truth, options.profile)
    {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            FieldError::new(field, format!("{why} (this relay sends legacy events)")),
        ));
    }
    let request = match parsed {
        ControlRequest::Batch(request) => request,
        ControlRequest::Stream(request) => return start_stream(&state, request).await,
    };
    let spec = request
        .to_spec(Seed::from_random_bits(rand::random()), crate::clock::now())
        .map_err(|e| ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    let permit = state
        .control_permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::busy(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "nb_of_records: {MAX_BATCHES_GENERATING} /control batches are being generated, \
                     the most at once; retry in a moment"
                ),
            )
        })?;
    let job = state.jobs.create(spec);
    job.run(request, state.sink.clone(), state.metrics.clone(), permit)
        .await;
    Ok(accepted(&job.id, job.view()))
}

/// `202 Accepted` with the job's resource in `Location` and its view as the body.
fn accepted(id: &str, view: impl serde::Serialize) -> Response {
    let location = format!("/control/jobs/{id}");
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response()
}

/// Starts a streaming job (a `/control` body with a `rate`): takes its containers from the
/// budget before its fleet is built (off the async workers), registers it under
/// `--max-streams`, and sets it running.
async fn start_stream(state: &AppState, request: StreamRequest) -> Result<Response, ApiError> {
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
            // The relay always follows the ground truth (the fault onsets it measures the
            // scorer's delay against); the events carry it only when the request asks.
            let stream = reefer_shared::fleet::FleetStream::new(fleet.clone()).with_ground_truth();
            Ok::<_, FieldError>((fleet, stream))
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
    let stats = Arc::new(StreamHandle::new(
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
                positions: std::sync::OnceLock::new(),
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
    let (jobs, id) = (state.jobs.clone(), job.id.clone());
    job.spawn(
        stream,
        state.sink.clone(),
        state.metrics.clone(),
        move || {
            jobs.retire(&id);
            drop(containers_held);
        },
    );
    Ok(accepted(&job.id, job.view()))
}
