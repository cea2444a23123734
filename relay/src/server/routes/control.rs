//! `POST /control` (the original simulator's API), `GET /control` and the job resource.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use reefer_shared::control::FieldError;
use reefer_shared::stream_request::ControlBody as ControlBodyParser;
use reefer_shared::{Generator, Seed};
use serde::Serialize;
use utoipa::ToSchema;

use super::require_json_or_trusted_client;
use crate::kafka::{Delivery, KafkaSink};
use crate::server::error::{ApiError, ErrorBody};
use crate::server::jobs::{AnyJobView, Job, JobEntry};
use crate::server::state::AppState;
use reefer_shared::encoding::LEGACY_HAS_NO_GROUND_TRUTH;

/// The `/control` body (validated by `reefer_shared::stream_request::ControlBody`): a batch
/// (the original simulator's request), or with `rate` a stream.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // documentation only: the body is parsed by `reefer-shared`
#[schema(example = json!({"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02"}))]
pub struct ControlBody {
    /// Container id: 1–64 letters, digits, '-', '_' or '.'. A stream may give `containers`
    /// instead.
    #[schema(rename = "containerID", example = "C02")]
    container_id: Option<String>,
    /// normal, poweroff, co2sensor, o2sensor, temperature, tempgrowth, powerfailure,
    /// dooropen, defrost, sensorstuck, sensordrift, sensorspike, gaps, duplicates or
    /// lateevents. A stream also takes `mixed` (all of them) or a list of up to 64 names, from
    /// which each container's daily cycle is drawn.
    #[schema(example = "co2sensor")]
    simulation: String,
    /// How many records: 1 to the relay's limit (default 100000). Required for a batch;
    /// for a stream, an optional count after which it ends.
    #[schema(example = 1000)]
    nb_of_records: Option<u64>,
    /// Stream: records per second over the whole fleet (fractions allowed, e.g. 0.5), at
    /// most the relay's `--max-stream-rate`. Its presence makes the request a stream.
    rate: Option<f64>,
    /// Stream: how long, 1 to 604800 s; without it (and `nb_of_records`) the stream runs
    /// until `DELETE /control/jobs/{id}`.
    duration_seconds: Option<u64>,
    /// Stream: a count of containers (C0001, C0002, …, up to 100000 and the relay's
    /// `--max-stream-containers` over all running streams) or a list of up to 10000 ids.
    #[schema(value_type = Option<Object>)]
    containers: Option<serde_json::Value>,
    /// Stream: `wall` (default: events stamped now) or `simulated` (5 minutes per reading
    /// from `start`, as fast as the rate goes: a backfill).
    clock: Option<String>,
    /// Stream: readings per container cycle (9 to 1000000; default 288, a day).
    cycle_records: Option<u64>,
    /// Add the ground truth (fault_type, fault_class, fault_id, minutes_since_onset,
    /// ingest_time) to each event's payload.
    ground_truth: Option<bool>,
    /// P01–P05; P02 when absent (a stream of several containers spreads P01–P05).
    #[schema(example = "P02")]
    product_id: Option<String>,
    /// Seed for a repeatable run; drawn (and reported) when absent.
    seed: Option<u64>,
    /// First measurement time, "YYYY-MM-DD HH:MM:SS"; now (UTC) when absent.
    start: Option<String>,
    /// Also label the readings this many minutes before each equipment failure (a multiple
    /// of 5, at most 10080); 0 when absent.
    lead_time_minutes: Option<u32>,
}

/// `GET /control`: who answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionInfo {
    /// Always `success`, as the original answered.
    pub status: &'static str,
    /// Always `pong!`, as the original answered.
    pub message: &'static str,
    /// The program.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

/// The relay's version.
#[utoipa::path(get, path = "/control", tag = "control",
    responses((status = 200, description = "The relay's version", body = VersionInfo)))]
pub async fn version() -> Json<VersionInfo> {
    Json(VersionInfo {
        status: "success",
        message: "pong!",
        name: "reefer-relay",
        version: env!("CARGO_PKG_VERSION"),
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
        (status = 400, description = "Not JSON", body = ErrorBody),
        (status = 401, description = "Missing or wrong bearer token", body = ErrorBody),
        (status = 408, description = "The body was not received within 60 s", body = ErrorBody),
        (status = 413, description = "Body over 1 MiB", body = ErrorBody),
        (status = 429, description = "Two batches are being generated; retry", body = ErrorBody),
        (status = 415, description = "Not application/json, from a cross-site browser page (a body without the JSON type is taken from other clients, as the original took it)", body = ErrorBody),
        (status = 422, description = "A field is invalid (named in `field`); `ground_truth` with a relay that sends legacy events", body = ErrorBody),
        (status = 503, description = "The producer is full, too many streams run, their container budget is spent, or the body budget is; retry later", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    require_json_or_trusted_client(&headers, &state.cors_origins, state.token.is_some())?;
    let parsed = ControlBodyParser::from_json(
        &body,
        state.limits.max_control_records,
        state.limits.max_stream_rate,
    )
    .map_err(ApiError::invalid)?;
    let ground_truth = match &parsed {
        ControlBodyParser::Batch(request) => request.ground_truth,
        ControlBodyParser::Stream(request) => request.ground_truth,
    };
    if ground_truth && !state.sink.payload_format().carries_ground_truth() {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            FieldError::new(
                "ground_truth",
                format!("{LEGACY_HAS_NO_GROUND_TRUTH} (this relay sends legacy events)"),
            ),
        ));
    }
    let request = match parsed {
        ControlBodyParser::Batch(request) => request,
        ControlBodyParser::Stream(request) => return super::streams::start(&state, request).await,
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
    let began = Instant::now();
    let job = state.jobs.create(spec);
    let n = spec.records().get() as usize;
    let delivery = Arc::new(Delivery::new(n));
    let (sink, generating, handed) = (state.sink.clone(), job.clone(), delivery.clone());
    // Generation and encoding are CPU work: off the async workers, a part at a time.
    let generated = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        generate_and_enqueue(spec, request.ground_truth, &sink, &handed, &generating)
    })
    .await
    .unwrap_or(0);
    state.metrics.produced.inc_by(generated);

    let settling = job.clone();
    let metrics = state.metrics.clone();
    let sink = state.sink.clone();
    tokio::spawn(async move {
        let outcome = sink.settle(&delivery).await;
        metrics.acked.inc_by(outcome.acked);
        metrics.failed.inc_by(outcome.failed);
        metrics
            .latency
            .with_label_values(&["control"])
            .observe(began.elapsed().as_secs_f64());
        if outcome.failed > 0 {
            tracing::warn!(job = %settling.id, failed = outcome.failed, "records not delivered: {}",
                outcome.error.as_deref().unwrap_or(""));
        }
        settling.finish(outcome.acked, outcome.failed, outcome.error);
    });

    Ok(accepted(&job.id, job.view()))
}

/// `/control` batches generated at once; more are answered 429 (each holds one part in memory
/// and keeps a core busy).
pub const MAX_BATCHES_GENERATING: usize = 2;
/// Records generated and handed to the producer at a time.
const PART: usize = 5_000;

/// Generates a batch's records a part at a time, each part handed to the producer once it has
/// room (up to the delivery timeout), so that memory stays one part's however large the batch.
/// Returns how many records were handed over; the rest count as failed in `delivery`.
fn generate_and_enqueue(
    spec: reefer_shared::GenerationSpec,
    ground_truth: bool,
    sink: &KafkaSink,
    delivery: &Arc<Delivery>,
    job: &Job,
) -> u64 {
    let mut generator = Generator::new(spec);
    let mut left = generator.total() as usize;
    let truth = ground_truth.then(|| generator.ground_truth());
    let mut records = Vec::with_capacity(PART.min(left));
    let mut truths = Vec::new();
    let mut handed = 0u64;
    while left > 0 {
        let take = left.min(PART);
        let waiting = Instant::now();
        while !sink.has_room_for(take) {
            if waiting.elapsed() > sink.delivery_timeout() {
                let seconds = sink.delivery_timeout().as_secs();
                delivery.fail(left, || {
                    format!("the Kafka producer stayed full for {seconds} s")
                });
                return handed;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        records.clear();
        truths.clear();
        generator.fill(take, &mut records, truth.as_ref(), &mut truths);
        let part = truth.is_some().then_some(truths.as_slice());
        if let Err(error) = sink.enqueue_part(delivery, &records, part) {
            delivery.fail(left - take, || error);
            return handed;
        }
        handed += take as u64;
        job.add_generated(take as u64);
        left -= take;
    }
    handed
}

/// `202 Accepted` with the job's resource in `Location` and its view as the body.
pub fn accepted(id: &str, view: impl serde::Serialize) -> Response {
    let location = format!("/control/jobs/{id}");
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response()
}

/// A `/control` job: a batch's records generated, acked and failed; a stream's rate asked and
/// achieved, lag and counts.
#[utoipa::path(get, path = "/control/jobs/{id}", tag = "control",
    params(("id" = String, Path, description = "The job id from Location")),
    responses(
        (status = 200, description = "The job", body = AnyJobView),
        (status = 404, description = "No such job (ids are kept for the last 1000 jobs and every running stream)", body = ErrorBody)))]
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AnyJobView>, ApiError> {
    state
        .jobs
        .get(&id)
        .map(|job: JobEntry| Json(job.view()))
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "id: no such job"))
}
