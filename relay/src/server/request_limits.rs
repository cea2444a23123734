//! Every request's bounds: its route's body cap, one budget over all the bodies the relay holds
//! at once (so that many large bodies cannot add up past the memory budget), and time limits
//! on reading the body and on answering.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokio::sync::OwnedSemaphorePermit;

use super::body_budget::{BodyBudget, SMALL_BODY_BYTES};
use super::error::ApiError;
use super::state::AppState;

/// How long a client may take to send its body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Reads the body within its route's cap, the budget and [`BODY_READ_TIMEOUT`], then answers
/// within the answer timeout; the body's share of the budget is held until the answer.
pub async fn bounded(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let budget = state.body_budget.clone();
    let (parts, body) = request.into_parts();
    let cap = budget.cap_for(parts.uri.path());
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > cap as u64) {
        return too_large(cap).into_response();
    }
    let mut held = None;
    let expected = declared.map_or(0, |n| n as usize);
    // A declared length is taken from the budget at once: refused before a byte is read.
    if let Err(refusal) = budget.take(&mut held, expected.div_ceil(1024) as u32) {
        return refusal.into_response();
    }
    let read = tokio::time::timeout(
        BODY_READ_TIMEOUT,
        read_body(body, cap, expected, &budget, &mut held),
    );
    let bytes = match read.await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(refusal)) => return refusal.into_response(),
        Err(_) => {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "body: not received within {} s",
                    BODY_READ_TIMEOUT.as_secs()
                ),
            )
            .with_field("body")
            .into_response()
        }
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    let answered = tokio::time::timeout(budget.answer_timeout, next.run(request)).await;
    drop(held);
    answered.unwrap_or_else(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "request: not answered within {} s; a /control job may still be running \
                 (GET /control/jobs)",
                budget.answer_timeout.as_secs()
            ),
        )
        .into_response()
    })
}

async fn read_body(
    mut body: Body,
    cap: usize,
    expected: usize,
    budget: &BodyBudget,
    held: &mut Option<OwnedSemaphorePermit>,
) -> Result<Bytes, ApiError> {
    let mut collected: Vec<u8> = Vec::with_capacity(expected.min(cap));
    let mut held_kib = expected.div_ceil(1024) as u32;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("body: cannot be read ({e})"),
            )
            .with_field("body")
        })?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if collected.len() + data.len() > cap {
            return Err(too_large(cap));
        }
        let kib = (collected.len() + data.len()).div_ceil(1024) as u32;
        if kib > held_kib {
            budget.take(held, kib - held_kib)?;
            held_kib = kib;
        }
        collected.extend_from_slice(&data);
    }
    Ok(Bytes::from(collected))
}

fn too_large(cap: usize) -> ApiError {
    let flag = if cap == SMALL_BODY_BYTES {
        String::from("the limit of this path")
    } else {
        format!("--max-body-bytes {cap}")
    };
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("body: larger than {cap} bytes ({flag})"),
    )
    .with_field("body")
}
