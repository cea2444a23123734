//! The relay server: routes, middleware, start-up ([`startup`]) and graceful shutdown.

mod auth;
mod body_budget;
pub mod causes;
mod error;
pub mod idempotency;
mod jobs;
mod metrics;
mod openapi;
pub mod peers;
mod readiness;
pub mod refusals;
mod request_limits;
pub mod routes;
mod security_headers;
mod spa;
mod start_error;
pub mod startup;
pub mod state;
mod transport;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
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
pub use self::start_error::StartError;
pub use self::state::MaintenanceFeed;
use self::state::{AppState, Limits};
use crate::kafka::tail::EventTail;
use crate::kafka::KafkaSink;
use crate::secret::Secret;

/// Everything the server needs besides the Kafka sink.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The built control panel (Trunk's `dist/`).
    pub dist: PathBuf,
    /// Request limits.
    pub limits: Limits,
    /// Largest `POST /api/batches` body, in bytes.
    pub max_body_bytes: usize,
    /// Request bodies held at once over all requests, in bytes.
    pub body_budget_bytes: usize,
    /// Open connections at most.
    pub max_connections: usize,
    /// How long Kafka may take to acknowledge a record (bounds answers and the shutdown).
    pub delivery_timeout: Duration,
    /// The Kafka connection in words (no secret), for `/health/details`.
    pub kafka_description: String,
    /// Origins allowed to call the API from a browser (a static site hosted elsewhere).
    pub cors_origins: Vec<HeaderValue>,
    /// Bearer token for every endpoint that writes or reveals data.
    pub token: Option<Secret>,
    /// The other replicas behind the same address (`--peers`), as `host:port` names.
    pub peers: Vec<String>,
}

/// How long stopping the streams may take at shutdown.
pub const STREAMS_STOP: Duration = Duration::from_secs(2);

/// The longest a shutdown takes after SIGTERM: up to the delivery timeout for the requests in
/// progress, [`STREAMS_STOP`], and up to the delivery timeout for the final flush (a pod's
/// `terminationGracePeriodSeconds` must cover it).
pub fn shutdown_budget(delivery_timeout: Duration) -> Duration {
    delivery_timeout * 2 + STREAMS_STOP
}

/// How much longer than the delivery timeout a request may take to be answered.
const ANSWER_MARGIN: Duration = Duration::from_secs(10);

/// Builds the relay's router (every route and middleware), and returns the state its handlers
/// share. The one place the HTTP surface is put together.
pub fn router(
    sink: KafkaSink,
    tail: EventTail,
    maintenance: MaintenanceFeed,
    options: &ServerOptions,
) -> Result<(Router, AppState), StartError> {
    let metrics = Arc::new(Metrics::new().map_err(StartError::Metrics)?);
    let peers = Arc::new(peers::Peers::new(options.peers.clone()));
    let state = AppState {
        sink,
        tail,
        maintenance,
        jobs: Arc::new(JobRegistry::new(peers.clone())),
        peers,
        metrics,
        limits: options.limits.clone(),
        batch_permits: Arc::new(Semaphore::new(options.limits.max_concurrent_batches)),
        stream_containers: Arc::new(Semaphore::new(options.limits.max_stream_containers)),
        control_permits: Arc::new(Semaphore::new(jobs::MAX_BATCHES_GENERATING)),
        body_budget: Arc::new(body_budget::BodyBudget::new(
            options.body_budget_bytes,
            options.max_body_bytes,
            options.delivery_timeout + ANSWER_MARGIN,
        )),
        readiness: Arc::new(readiness::Readiness::new(options.kafka_description.clone())),
        token: options.token.clone(),
        idempotency: Arc::new(idempotency::IdempotencyKeys::default()),
        cors_origins: options.cors_origins.clone().into(),
    };
    // Who may call what is decided here, where each route is declared: with a token set, every
    // route that writes or reveals data needs it (jobs, streams, fleets, batches, the events
    // read back, the health details); the version at `GET /control`, the probes, metrics,
    // schemas, `/apidocs` and the panel stay open.
    let protected = Router::new()
        .route("/control", post(routes::control::start))
        .route("/control/jobs", get(routes::jobs::list))
        .route(
            "/control/jobs/{id}",
            get(routes::jobs::job).delete(routes::jobs::stop),
        )
        .route("/control/jobs/{id}/fleet", get(routes::fleet::fleet))
        .route("/control/jobs/{id}/board", get(routes::board::board))
        .route("/api/batches", post(routes::batches::send))
        .route("/api/events", get(routes::events::latest))
        .route("/api/maintenance", get(routes::maintenance::latest))
        .route("/health/details", get(routes::health::details))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            request_limits::bounded,
        ))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ));
    let public = Router::new()
        .route("/control", get(routes::control::version))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            request_limits::bounded,
        ))
        .route(routes::health::LIVENESS_PATH, get(routes::health::alive))
        .route(routes::health::READINESS_PATH, get(routes::health::ready))
        .route("/metrics", get(routes::metrics::metrics))
        .route("/schemas", get(routes::schemas::list))
        .route("/schemas/{file}", get(routes::schemas::schema));
    let api = Router::new()
        .merge(protected)
        .merge(public)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(options.max_body_bytes));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(options.cors_origins.clone()))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            axum::http::header::CONTENT_TYPE,
            axum::http::header::AUTHORIZATION,
            HeaderName::from_static(idempotency::HEADER),
        ])
        .expose_headers([
            axum::http::header::LOCATION,
            axum::http::header::RETRY_AFTER,
            HeaderName::from_static(idempotency::REPLAYED_HEADER),
        ]);
    let router = Router::new()
        .merge(SwaggerUi::new("/apidocs").url("/apidocs/openapi.json", openapi::ApiDoc::openapi()))
        .merge(api)
        .fallback_service(spa::service(&options.dist))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            count_requests,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(security_headers::add))
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
    let method = metrics::method_label(request.method());
    let response = next.run(request).await;
    state
        .metrics
        .requests
        .with_label_values(&[route.as_str(), method, response.status().as_str()])
        .inc();
    response
}

/// Serves until `shutdown` (SIGINT or SIGTERM for the binary); then stops accepting, waits up to the delivery timeout for
/// the requests in progress, stops the streams, and flushes the producer up to the delivery
/// timeout, logging what was and was not delivered.
///
/// `on_listen` is told the address once the relay listens; `shutdown` ends the serving (the
/// binary passes [`crate::signal::stop_requested`]).
pub async fn serve(
    sink: KafkaSink,
    tail: EventTail,
    maintenance: MaintenanceFeed,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<(), StartError> {
    let (app, state) = router(sink.clone(), tail.clone(), maintenance.clone(), &options)?;
    let listener = TcpListener::bind(options.addr)
        .await
        .map_err(|e| StartError::Listen(options.addr, e))?;
    let local = listener
        .local_addr()
        .map_err(|e| StartError::Listen(options.addr, e))?;
    on_listen(local);
    // Each maintenance event read back is resolved to its fault while that is still kept.
    let resolver = tokio::spawn({
        let state = state.clone();
        async move {
            let mut every = tokio::time::interval(causes::RESOLVE_EVERY);
            loop {
                every.tick().await;
                let feed = &state.maintenance;
                feed.causes.resolve_new(&feed.tail, &state.jobs);
            }
        }
    });
    tracing::info!("control panel http://{local}/  API docs http://{local}/apidocs/");
    let limits = transport::TransportLimits {
        max_connections: options.max_connections,
        drain: options.delivery_timeout,
    };
    transport::serve(listener, app, limits, shutdown).await;
    tracing::info!(
        "shutting down (within {} s): no new connections",
        shutdown_budget(options.delivery_timeout).as_secs()
    );
    resolver.abort();
    tail.stop();
    maintenance.tail.stop();
    state.jobs.stop_all(STREAMS_STOP).await;
    let waiting = sink.in_flight();
    tracing::info!("shutting down: delivering the {waiting} records still in flight");
    let timeout = options.delivery_timeout;
    let flushed = tokio::task::spawn_blocking(move || {
        let flushed = sink.flush(timeout);
        (flushed, sink.in_flight())
    })
    .await
    .map_err(|e| StartError::Shutdown(e.to_string()))?;
    match flushed {
        (Ok(()), _) => tracing::info!("shut down: all {waiting} records in flight were delivered"),
        (Err(e), left) => tracing::warn!(
            "shut down: {} of the {waiting} records in flight were delivered, {left} were not: {e}",
            waiting.saturating_sub(left)
        ),
    }
    Ok(())
}
