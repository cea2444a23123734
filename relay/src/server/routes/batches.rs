//! `POST /api/batches`: records from the browser app or any client, answered once the broker
//! has answered for every record.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use reefer_shared::batch::{parse_batch, BatchBody};
use reefer_shared::wire::{BatchAck, ErrorBody};
use reefer_shared::TelemetryRecord;

use super::require_json;
use crate::server::error::ApiError;
use crate::server::idempotency::{self, Answer, Begin, IdempotencyKeys};
use crate::server::refusals::BodyRefusals;
use crate::server::state::AppState;

/// Sends a batch of records to Kafka and answers when the broker has answered for each.
///
/// **200** promises that the broker acknowledged every record with `acks=all`: each is in the
/// topic, written by all in-sync replicas. **502** says that not all were: `acked`, `failed`
/// and `unknown` count them and `records` gives each record's fate in request order —
/// `acked` (with `partition` and `offset`), `failed` (it never reached the broker: retry it,
/// it cannot duplicate) or `unknown` (it was sent but no answer came in time: the broker may
/// hold it, and a retry may duplicate it). Retry only what did not get `acked`.
///
/// A batch with one invalid record is refused whole, with the index and field of the first
/// error; nothing of it reaches Kafka. Any other refusal (413, 415, 422, 429, 503) also
/// produced nothing and can be retried as it is.
///
/// With an `Idempotency-Key` header (1–255 visible ASCII characters), a retry with the same key
/// and the same body gets the first answer again (200 or 502, marked
/// `Idempotent-Replayed: true`) and produces nothing; while the first is being delivered a
/// retry gets 409, and the same key with another body 422. Keys are kept for 24 hours (at most
/// 10 000 keys and 32 MiB of answers, the oldest going first) in the memory of the relay that
/// answered: behind several replicas a key holds on the replica that saw it first.
#[utoipa::path(post, path = "/api/batches", tag = "batches",
    request_body = BatchBody,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Makes a retry with the same key and body answer the first result instead of producing again")),
    responses(
        (status = 200, description = "Every record acknowledged by the broker (acks=all)", body = BatchAck),
        BodyRefusals,
        (status = 409, description = "The first request with this Idempotency-Key is still being delivered; retry", body = ErrorBody),
        (status = 413, description = "Body over --max-body-bytes", body = ErrorBody),
        (status = 415, description = "Not application/json", body = ErrorBody),
        (status = 422, description = "A record is invalid (`field` names index and field), or the Idempotency-Key came with another body; nothing was sent", body = ErrorBody),
        (status = 429, description = "Too many batches in flight; retry", body = ErrorBody),
        (status = 502, description = "Not every record was acknowledged: counts, and each record's fate in `records`", body = ErrorBody),
        (status = 503, description = "The producer is full, or the relay holds its budget of request bodies; retry", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn send(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    require_json(&headers)?;
    let claim = match IdempotencyKeys::key_of(&headers)? {
        None => None,
        Some(key) => match state.idempotency.begin(key, &body)? {
            Begin::Replay(answer) => return Ok(respond(answer, true)),
            Begin::Fresh(claim) => Some(claim),
        },
    };
    // In a task of its own, so that a client that hangs up does not free its key while its
    // records are on their way.
    let delivering = tokio::spawn(async move {
        let answer = deliver(&state, body).await?;
        if let Some(claim) = claim {
            claim.complete(&answer);
        }
        Ok::<_, ApiError>(answer)
    });
    let answer = delivering.await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "records: could not be sent; retry",
        )
    })??;
    Ok(respond(answer, false))
}

/// Parses, produces and settles one batch: the answer once something was handed to Kafka.
async fn deliver(state: &AppState, body: Bytes) -> Result<Answer, ApiError> {
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
    let n = records.len();
    let delivery = produce(state, records).await?;
    let outcome = state.sink.settle(&delivery).await;
    state.metrics.acked.inc_by(outcome.acked);
    state.metrics.failed.inc_by(outcome.not_acked());
    state
        .metrics
        .latency
        .with_label_values(&["batch"])
        .observe(began.elapsed().as_secs_f64());
    if outcome.not_acked() > 0 {
        let message = format!(
            "kafka: {} of {n} records were not acknowledged ({} failed, {} unknown): {}",
            outcome.not_acked(),
            outcome.failed,
            outcome.unknown,
            outcome.error.as_deref().unwrap_or_default()
        );
        let error = ApiError::delivery(message, outcome);
        return Ok(answer(error.status(), error.body()));
    }
    let ack = BatchAck {
        acked: outcome.acked,
        topic: state.sink.topic().to_owned(),
    };
    Ok(answer(StatusCode::OK, &ack))
}

async fn produce(
    state: &AppState,
    records: Vec<TelemetryRecord>,
) -> Result<Arc<crate::kafka::Acknowledgements>, ApiError> {
    state.metrics.produced.inc_by(records.len() as u64);
    let sink = state.sink.clone();
    tokio::task::spawn_blocking(move || sink.enqueue_tracked(&records))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "records: could not be sent; retry",
            )
        })
}

fn answer(status: StatusCode, body: &impl serde::Serialize) -> Answer {
    Answer {
        status,
        body: Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
    }
}

fn respond(answer: Answer, replayed: bool) -> Response {
    let mut response = (
        answer.status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        answer.body,
    )
        .into_response();
    if replayed {
        response.headers_mut().insert(
            idempotency::REPLAYED_HEADER,
            HeaderValue::from_static("true"),
        );
    }
    response
}
