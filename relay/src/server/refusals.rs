//! The refusals many endpoints share, described once for the OpenAPI document.

use reefer_shared::wire::ErrorBody;
use utoipa::IntoResponses;

/// What an endpoint that needs the token answers without it.
#[derive(IntoResponses)]
pub enum TokenRefusal {
    /// The token is missing or wrong.
    #[response(status = 401, description = "Missing or wrong bearer token")]
    Unauthorized(ErrorBody),
}

/// What an endpoint that reads a JSON body (and needs the token) refuses before it looks at
/// the fields.
#[derive(IntoResponses)]
pub enum BodyRefusals {
    /// The body does not parse as JSON.
    #[response(status = 400, description = "Not JSON")]
    NotJson(ErrorBody),
    /// The token is missing or wrong.
    #[response(status = 401, description = "Missing or wrong bearer token")]
    Unauthorized(ErrorBody),
    /// The client took too long to send its body.
    #[response(status = 408, description = "The body was not received within 60 s")]
    TooSlow(ErrorBody),
}
