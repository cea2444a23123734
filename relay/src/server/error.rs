//! The relay's one error type: every failure becomes a status and a JSON body.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use reefer_shared::wire::ErrorBody;
use reefer_shared::FieldError;

use crate::kafka::BatchOutcome;

/// A failed request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: Box<ErrorBody>,
    retry_after: Option<u32>,
}

impl ApiError {
    /// A failure with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: Box::new(ErrorBody {
                error: message.into(),
                field: None,
                acked: None,
                failed: None,
                unknown: None,
                records: None,
            }),
            retry_after: None,
        }
    }

    /// The answer's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's JSON body.
    pub fn body(&self) -> &ErrorBody {
        &self.body
    }

    /// 400 or 422 for a field that failed validation.
    pub fn field(status: StatusCode, error: FieldError) -> Self {
        let mut e = Self::new(status, format!("{}: {}", error.field, error.message));
        e.body.field = Some(error.field);
        e
    }

    /// A request body that failed validation: 400 when it is not the right JSON at all
    /// (`body`), 422 for a field with a bad value.
    pub fn invalid(error: FieldError) -> Self {
        let status = if error.field == "body" {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        Self::field(status, error)
    }

    /// The same error, naming the request field (or limit) at fault.
    pub fn with_field(mut self, field: &str) -> Self {
        self.body.field = Some(field.to_owned());
        self
    }

    /// 429/503 with a `Retry-After` header: the relay is busy, nothing was taken.
    pub fn busy(status: StatusCode, message: impl Into<String>) -> Self {
        let mut e = Self::new(status, message);
        e.retry_after = Some(1);
        e
    }

    /// 502: a batch the broker did not acknowledge whole, with the counts of what was acked,
    /// failed and unknown, and each record's fate.
    pub fn delivery(message: impl Into<String>, outcome: BatchOutcome) -> Self {
        let mut e = Self::new(StatusCode::BAD_GATEWAY, message);
        e.body.acked = Some(outcome.acked);
        e.body.failed = Some(outcome.failed);
        e.body.unknown = Some(outcome.unknown);
        e.body.records = outcome.records;
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(*self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Turns axum's body rejections (too large, unreadable) into JSON errors.
impl From<axum::extract::rejection::BytesRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::BytesRejection) -> Self {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body: the request body is larger than this relay accepts".to_owned()
        } else {
            format!("body: {}", rejection.body_text())
        };
        let mut e = Self::new(status, message);
        e.body.field = Some("body".into());
        e
    }
}
