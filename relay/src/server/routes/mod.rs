//! The handlers, one file per resource: `/control`, `/control/jobs` (and one job),
//! `/control/jobs/{id}/fleet`, `/api/batches`, `/api/events`, `/health…`, `/metrics` and
//! `/schemas`. No handler calls another; what they share is here or in the job types.

pub mod batches;
pub mod board;
pub mod control;
pub mod events;
pub mod fleet;
pub mod health;
pub mod jobs;
pub mod maintenance;
pub mod metrics;
pub mod page;
pub mod schemas;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};

use super::error::ApiError;

/// Refuses bodies that are not declared as JSON.
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    if declared_json(headers) {
        Ok(())
    } else {
        Err(not_json(headers))
    }
}

/// Takes a body as JSON whatever its declared type, as the original simulator did (Flask's
/// `get_json(force=True)`: `curl -d @body.json`, `requests.post(url, data=…)`), but only from
/// a client that is not a cross-site browser page, which could otherwise start jobs with a
/// "simple" request that needs no CORS preflight. Such a client sends no `Origin` (curl,
/// scripts), or an `Origin` the CORS allow-list admits, or comes from this relay's own page
/// (`Sec-Fetch-Site: same-origin`), or holds the bearer token (`tokened`: the relay has one
/// and the request passed it). `Origin: null` and `Sec-Fetch-Site: cross-site` are cross-site.
pub fn require_json_or_trusted_client(
    headers: &HeaderMap,
    cors_origins: &[HeaderValue],
    tokened: bool,
) -> Result<(), ApiError> {
    if declared_json(headers) || tokened {
        return Ok(());
    }
    let fetch_site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if fetch_site == Some(b"cross-site") {
        return Err(not_json(headers));
    }
    let trusted = match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) if origin.as_bytes() == b"null" => false,
        Some(origin) => cors_origins.contains(origin) || fetch_site == Some(b"same-origin"),
    };
    if trusted {
        Ok(())
    } else {
        Err(not_json(headers))
    }
}

fn declared_json(headers: &HeaderMap) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

fn not_json(headers: &HeaderMap) -> ApiError {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!(
            "content-type: expected application/json, got {:?}",
            content_type.chars().take(60).collect::<String>()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn a_body_without_the_json_type_is_taken_only_from_clients_that_are_not_cross_site() {
        let allowed = [HeaderValue::from_static("https://demo.example.com")];
        let check = |pairs: &[(&'static str, &'static str)], tokened| {
            require_json_or_trusted_client(&headers(pairs), &allowed, tokened).is_ok()
        };
        let form = ("content-type", "application/x-www-form-urlencoded");
        let text = ("content-type", "text/plain");
        // Scripts and curl: no Origin.
        assert!(check(&[], false));
        assert!(check(&[form], false));
        assert!(check(&[text], false));
        // Browsers: an allowed origin, or this relay's own page.
        assert!(check(
            &[text, ("origin", "https://demo.example.com")],
            false
        ));
        assert!(check(
            &[
                text,
                ("origin", "http://relay:8080"),
                ("sec-fetch-site", "same-origin")
            ],
            false
        ));
        // Cross-site pages.
        assert!(!check(&[text, ("origin", "https://evil.example")], false));
        assert!(!check(&[text, ("origin", "null")], false));
        assert!(!check(&[form, ("sec-fetch-site", "cross-site")], false));
        assert!(!check(
            &[
                text,
                ("origin", "https://demo.example.com"),
                ("sec-fetch-site", "cross-site")
            ],
            false
        ));
        // A valid token, or the JSON type, always does.
        assert!(check(&[text, ("origin", "https://evil.example")], true));
        assert!(check(
            &[
                ("content-type", "application/json; charset=utf-8"),
                ("origin", "null")
            ],
            false
        ));
    }
}
