//! `GET /metrics`: Prometheus text format.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::server::state::AppState;

/// The relay's metrics.
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let metrics = &state.metrics;
    metrics.queue_depth.set(state.sink.in_flight() as i64);
    // Only the streams running now: an ended one's series goes away.
    metrics.stream_rate.reset();
    metrics.stream_lag.reset();
    for job in state.jobs.running_streams() {
        let stats = &job.stats;
        let id = job.id.as_str();
        metrics
            .stream_rate
            .with_label_values(&[id, "asked"])
            .set(stats.rate());
        metrics
            .stream_rate
            .with_label_values(&[id, "achieved"])
            .set(stats.achieved_rate());
        metrics
            .stream_lag
            .with_label_values(&[id])
            .set(i64::try_from(stats.lag()).unwrap_or(i64::MAX));
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
