//! The bearer token, checked by the layer on the protected router (`server::router` declares
//! which routes that is). A request that passed it carries [`Authenticated`].

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::AppState;

/// Marks a request that presented the relay's bearer token (absent when the relay has none).
#[derive(Debug, Clone, Copy)]
pub struct Authenticated;

/// Requires `Authorization: Bearer <token>` when the relay has a token, on every route this
/// layer wraps; a CORS preflight (`OPTIONS`) carries no credentials and passes.
pub async fn require_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = &state.token else {
        return next.run(request).await;
    };
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if constant_time_eq(given.as_bytes(), token.expose().as_bytes()) => {
            request.extensions_mut().insert(Authenticated);
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
