//! One file per endpoint.

pub mod batches;
pub mod control;
pub mod events;
pub mod health;
pub mod metrics;
pub mod streams;

use axum::http::{header, HeaderMap, StatusCode};

use super::error::ApiError;

/// Refuses bodies that are not declared as JSON.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "content-type: expected application/json, got {:?}",
                content_type.chars().take(60).collect::<String>()
            ),
        ))
    }
}
