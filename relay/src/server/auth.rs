//! The bearer token: with one, every path that writes or reveals data needs it (jobs, streams,
//! fleets, batches, the events read back, the health details); the panel, `/apidocs`,
//! `/schemas`, the version at `GET /control` and the bare probes stay open.

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;

/// Requires `Authorization: Bearer <token>` when the relay has a token, on every route this
/// layer wraps except `GET /control` (the original simulator's "who answers").
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = &state.token else {
        return next.run(request).await;
    };
    let open = request.method() == Method::OPTIONS
        || (matches!(*request.method(), Method::GET | Method::HEAD)
            && request.uri().path() == "/control");
    if open {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if constant_time_eq(given.as_bytes(), token.expose().as_bytes()) => {
            next.run(request).await
        }
        Some(_) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "authorization: the bearer token is wrong",
        )
        .with_field("authorization")
        .into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "authorization: this relay requires 'Authorization: Bearer <token>' \
             (the operator's REEFER_API_TOKEN)",
        )
        .with_field("authorization")
        .into_response(),
    }
}

/// Compares without an early exit, so that timing does not reveal the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"abc", b"ab"));
    }
}
