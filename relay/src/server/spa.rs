//! The built control panel (Trunk's `dist/`), with SPA fallback: unknown paths get
//! `index.html` so that the app's own routes and shared links work.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tower::service_fn;
use tower::util::BoxCloneSyncService;
use tower_http::services::{ServeDir, ServeFile};

/// Shown when the control panel has not been built.
const NO_APP_PAGE: &str = include_str!("no_app.html");

/// The service for every path the API does not own.
pub fn service(dist: &Path) -> BoxCloneSyncService<Request<Body>, Response, Infallible> {
    let index = dist.join("index.html");
    if index.is_file() {
        let files = ServeDir::new(dist)
            .append_index_html_on_directories(true)
            .fallback(ServeFile::new(index));
        BoxCloneSyncService::new(tower::ServiceExt::<Request<Body>>::map_response(
            files,
            |r| r.into_response(),
        ))
    } else {
        BoxCloneSyncService::new(service_fn(|request: Request<Body>| async move {
            let response = if request.uri().path() == "/" {
                Html(NO_APP_PAGE).into_response()
            } else {
                (
                    StatusCode::NOT_FOUND,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"error":"path: not found"}"#,
                )
                    .into_response()
            };
            Ok::<_, Infallible>(response)
        }))
    }
}
