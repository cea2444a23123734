//! The relay server: routes, middleware, start-up and graceful shutdown.

mod auth;
mod error;
mod jobs;
mod metrics;
mod openapi;
pub mod routes;
mod spa;
pub mod state;
mod stream_job;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use self::error::ApiError;
use self::jobs::JobRegistry;
use self::metrics::Metrics;
use self::state::{AppState, Limits};
use crate::config::Secret;
use crate::kafka::tail::EventTail;
use crate::kafka::KafkaSink;

/// Everything the server needs besides the Kafka sink.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The built control panel (Trunk's `dist/`).
    pub dist: PathBuf,
    /// Request limits.
    pub limits: Limits,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Origins allowed to call the API from a browser (a static site hosted elsewhere).
    pub cors_origins: Vec<HeaderValue>,
    /// Bearer token for write endpoints.
    pub token: Option<Secret>,
}

/// Builds the router, and returns the state its handlers share.
fn build(
    sink: KafkaSink,
    tail: EventTail,
    options: &ServerOptions,
) -> Result<(Router, AppState), String> {
    let metrics = Arc::new(Metrics::new().map_err(|e| format!("metrics: {e}"))?);
    let state = AppState {
        sink,
        tail,
        jobs: Arc::new(JobRegistry::default()),
        metrics,
        limits: options.limits.clone(),
        batch_permits: Arc::new(Semaphore::new(options.limits.max_concurrent_batches)),
        token: options.token.clone(),
        cors_origins: options.cors_origins.clone().into(),
    };
    let api = Router::new()
        .route(
            "/control",
            get(routes::control::version).post(routes::control::start),
        )
        .route("/control/jobs", get(routes::streams::list))
        .route(
            "/control/jobs/{id}",
            get(routes::control::job).delete(routes::streams::stop),
        )
        .route("/control/jobs/{id}/fleet", get(routes::streams::fleet))
        .route("/api/batches", axum::routing::post(routes::batches::send))
        .route("/api/events", get(routes::events::latest))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ))
        .route(routes::health::LIVENESS_PATH, get(routes::health::alive))
        .route(routes::health::READINESS_PATH, get(routes::health::ready))
        .route("/metrics", get(routes::metrics::metrics))
        .route("/schemas", get(routes::schemas::list))
        .route("/schemas/{file}", get(routes::schemas::schema))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(options.max_body_bytes));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(options.cors_origins.clone()))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
        ])
        .expose_headers([axum::http::header::LOCATION]);
    let router = Router::new()
        .merge(SwaggerUi::new("/apidocs").url("/apidocs/openapi.json", openapi::ApiDoc::openapi()))
        .merge(api)
        .fallback_service(spa::service(&options.dist))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(CompressionLayer::new())
        .layer(cors)
        .with_state(state.clone());
    Ok((router, state))
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method: not allowed on this path",
    )
}

/// Counts every request by route template (not the raw path, which would explode the labels).
async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "other".to_owned());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    state
        .metrics
        .requests
        .with_label_values(&[route.as_str(), method.as_str(), response.status().as_str()])
        .inc();
    response
}

/// Serves until SIGINT or SIGTERM, then flushes the producer.
pub async fn serve(sink: KafkaSink, tail: EventTail, options: ServerOptions) -> Result<(), String> {
    let (app, state) = build(sink.clone(), tail.clone(), &options)?;
    let listener = TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("--port: cannot listen on {}: {e}", options.addr))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    // Tests and scripts read this line to find the port.
    println!("reefer relay listening on http://{local}");
    tracing::info!("control panel http://{local}/  API docs http://{local}/apidocs/");
    // Small JSON answers go out at once instead of waiting on Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tail.stop();
    routes::streams::stop_all(&state).await;
    tracing::info!("shutting down: delivering the records still in flight");
    let flushed = tokio::task::spawn_blocking(move || sink.flush(Duration::from_secs(10)))
        .await
        .map_err(|e| e.to_string())?;
    if let Err(e) = flushed {
        tracing::warn!("records still in flight at exit could not be delivered: {e}");
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
