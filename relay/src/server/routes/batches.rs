//! `POST /api/batches`: records from the browser app, answered once the broker acked them.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use reefer_shared::batch::{parse_batch, BatchBody};
use reefer_shared::wire::{BatchAck, ErrorBody};

use super::require_json;
use crate::server::error::ApiError;
use crate::server::refusals::BodyRefusals;
use crate::server::state::AppState;

/// Sends a batch of records to Kafka and answers when the broker has acknowledged them all.
///
/// A batch with one invalid record is refused whole, with the index and field of the first
/// error; nothing of it reaches Kafka. Records are produced with the idempotent producer, so a
/// retried request cannot duplicate a record the broker already has within one producer session.
#[utoipa::path(post, path = "/api/batches", tag = "batches",
    request_body = BatchBody,
    responses(
        (status = 200, description = "Every record acknowledged", body = BatchAck),
        BodyRefusals,
        (status = 413, description = "Body over --max-body-bytes", body = ErrorBody),
        (status = 415, description = "Not application/json", body = ErrorBody),
        (status = 422, description = "A record is invalid (`field` names index and field); nothing was sent", body = ErrorBody),
        (status = 429, description = "Too many batches in flight; retry", body = ErrorBody),
        (status = 502, description = "The broker did not acknowledge every record (`acked`, `failed`)", body = ErrorBody),
        (status = 503, description = "The producer is full, or the relay holds its budget of request bodies; retry", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<BatchAck>, ApiError> {
    let body = body?;
    require_json(&headers)?;
    // Parsing and encoding 10 000 records is CPU work: off the async workers.
    let max_records = state.limits.max_batch_records;
    let records = tokio::task::spawn_blocking(move || parse_batch(&body, max_records))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "body: could not be parsed; retry",
            )
        })?
        .map_err(ApiError::invalid)?;
    let _permit = state
        .batch_permits
        .clone()
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::busy(
                StatusCode::TOO_MANY_REQUESTS,
                "too many batches in flight; retry in a moment",
            )
        })?;
    if !state.sink.has_room_for(records.len()) {
        return Err(ApiError::busy(
            StatusCode::SERVICE_UNAVAILABLE,
            "the Kafka producer has too many records waiting; retry in a moment",
        ));
    }
    let began = Instant::now();
    state.metrics.produced.inc_by(records.len() as u64);
    let sink = state.sink.clone();
    let n = records.len();
    let delivery = tokio::task::spawn_blocking(move || sink.enqueue(&records, None))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "records: could not be sent; retry",
            )
        })?;
    let outcome = state.sink.settle(&delivery).await;
    state.metrics.acked.inc_by(outcome.acked);
    state.metrics.failed.inc_by(outcome.failed);
    state
        .metrics
        .latency
        .with_label_values(&["batch"])
        .observe(began.elapsed().as_secs_f64());
    if outcome.failed > 0 {
        return Err(ApiError::delivery(
            format!(
                "kafka: {} of {} records were not acknowledged: {}",
                outcome.failed,
                n,
                outcome.error.unwrap_or_default()
            ),
            outcome.acked,
            outcome.failed,
        ));
    }
    Ok(Json(BatchAck {
        acked: outcome.acked,
        topic: state.sink.topic().to_owned(),
    }))
}
