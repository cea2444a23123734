//! `GET /api/events`: the latest events read back from the topic (the control panel's live view).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;

use crate::kafka::tail::KEPT;
use crate::server::error::ApiError;
use crate::server::state::AppState;
use reefer_shared::wire::{ErrorBody, Events};

/// The latest events of the topic, as a consumer reads them back. Poll with `after` set to the
/// previous answer's `last`; with `key`, one container's (the panel's board, on a click).
#[utoipa::path(get, path = "/api/events", tag = "batches",
    params(
        ("after" = Option<u64>, Query, description = "Only events with a larger seq (default 0)"),
        ("limit" = Option<u32>, Query, description = "At most this many, the newest (1 to 500, default 50)"),
        ("key" = Option<String>, Query, description = "Only this container's events; the relay then keeps its latest 120 (16 containers at most)")),
    responses(
        (status = 200, description = "Events read back from Kafka", body = Events),
        (status = 422, description = "A query parameter is invalid", body = ErrorBody)))]
pub async fn latest(
    State(state): State<AppState>,
    Query(mut query): Query<HashMap<String, String>>,
) -> Result<Json<Events>, ApiError> {
    let key = query.remove("key");
    let (after, limit) = after_and_limit(&query)?;
    let (events, last) = match key {
        Some(key) if key.is_empty() || key.len() > 64 => {
            return Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                reefer_shared::FieldError::new("key", "expected a container id (1 to 64 bytes)"),
            ))
        }
        Some(key) => state.tail.of_key(&key, after, limit),
        None => state.tail.after(after, limit),
    };
    Ok(Json(Events { events, last }))
}

/// The `after` and `limit` query parameters of a read-back (`/api/events`,
/// `/api/maintenance`): whole numbers, `limit` from 1 to [`KEPT`] (default 50); any other
/// parameter is refused, naming it.
pub(super) fn after_and_limit(query: &HashMap<String, String>) -> Result<(u64, usize), ApiError> {
    let number = |name: &str, default: u64, max: u64| -> Result<u64, ApiError> {
        match query.get(name) {
            None => Ok(default),
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= max && (name != "limit" || *n >= 1))
                .ok_or_else(|| {
                    let min = if name == "limit" { 1 } else { 0 };
                    ApiError::field(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        reefer_shared::FieldError::new(
                            name,
                            format!("expected a whole number from {min} to {max}"),
                        ),
                    )
                }),
        }
    };
    if let Some(unknown) = query
        .keys()
        .find(|k| !["after", "limit"].contains(&k.as_str()))
    {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            reefer_shared::FieldError::new(
                unknown.chars().take(40).collect::<String>(),
                "unknown query parameter; allowed: after, limit",
            ),
        ));
    }
    let after = number("after", 0, u64::MAX)?;
    let limit = number("limit", 50, KEPT as u64)? as usize;
    Ok((after, limit))
}
