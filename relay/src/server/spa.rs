//! The built control panel (Trunk's `dist/`), with SPA fallback: unknown paths get
//! `index.html` so that the app's own routes and shared links work, except under the API's
//! prefixes, where an unknown path is a JSON 404. Its answers carry a Content-Security-Policy
//! the Wasm app works under.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

/// Shown when the control panel has not been built.
const NO_APP_PAGE: &str = include_str!("no_app.html");

/// Paths the API owns: an unknown one is a JSON 404, never the panel.
const API_PREFIXES: [&str; 5] = ["/api", "/control", "/health", "/schemas", "/metrics"];

/// The service for every path the API does not own.
pub fn service(dist: &Path) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let index = dist.join("index.html");
    let policy = panel_policy(dist);
    let panel: BoxCloneSyncService<Request<Body>, Response, Infallible> = if index.is_file() {
        let files = ServeDir::new(dist)
            .append_index_html_on_directories(true)
            .fallback(ServeFile::new(index));
        BoxCloneSyncService::new(tower::ServiceExt::<Request<Body>>::map_response(
            files,
            |r| r.into_response(),
        ))
    } else {
        BoxCloneSyncService::new(service_fn(|_request: Request<Body>| async move {
            Ok::<_, Infallible>(Html(NO_APP_PAGE).into_response())
        }))
    };
    BoxCloneSyncService::new(service_fn(move |request: Request<Body>| {
        let mut panel = panel.clone();
        let policy = policy.clone();
        async move {
            let path = request.uri().path();
            let under_api = API_PREFIXES
                .iter()
                .any(|p| path == *p || path.starts_with(&format!("{p}/")));
            if under_api || (path != "/" && !panel_built(&policy)) {
                return Ok(not_found());
            }
            let mut response = tower::Service::call(&mut panel, request).await?;
            if let Some(policy) = policy {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            Ok(response)
        }
    }))
}

fn panel_built(policy: &Option<HeaderValue>) -> bool {
    policy.is_some()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"error":"path: not found"}"#,
    )
        .into_response()
}

/// The panel's policy: its own files, Wasm compilation, Trunk's inline loader (by its hash),
/// and connections to this relay, to the relay `config.json` names, and to any HTTPS relay the
/// user types (or one on this machine); never framed. `None` when the panel is not built.
fn panel_policy(dist: &Path) -> Option<HeaderValue> {
    let html = std::fs::read_to_string(dist.join("index.html")).ok()?;
    let scripts: String = inline_scripts(&html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let configured = std::fs::read(dist.join("config.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|config| config["relay_url"].as_str().map(str::to_owned))
        .filter(|url| {
            (url.starts_with("https://") || url.starts_with("http://"))
                && url
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && b != b';' && b != b',')
        })
        .map(|url| format!(" {}", url.trim_end_matches('/')))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         connect-src 'self'{configured} https: http://localhost:* http://127.0.0.1:*; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).ok()
}

/// The text of every `<script>` without a `src` (Trunk's module loader).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        if attributes.contains("src=") {
            return None;
        }
        rest.split_once("</script>").map(|(text, _)| text)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_inline_scripts_only() {
        let html = "<script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><script>x()</script>";
        let found: Vec<&str> = super::inline_scripts(html).collect();
        assert_eq!(found, ["\nimport init from '/a.js';\n", "x()"]);
    }
}
