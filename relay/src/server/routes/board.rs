//! `GET /control/jobs/{id}/board`: the live fleet board, pushed as server-sent events (one
//! `data:` line of JSON a second) for as long as the stream runs. A browser reads it with
//! `fetch` and a streamed body, which can send the `Authorization` header that an
//! `EventSource` cannot.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use reefer_shared::wire::{BoardUpdate, ErrorBody, JobState};

use crate::server::error::ApiError;
use crate::server::jobs::{JobEntry, StreamJob};
use crate::server::state::AppState;

/// Time between two updates.
const EVERY: Duration = Duration::from_secs(1);
/// The longest a board stays open: a client reconnects after it (bounds a forgotten tab).
pub const MAX_OPEN: Duration = Duration::from_secs(6 * 3600);

/// The live board of a running stream, as `text/event-stream`.
#[utoipa::path(get, path = "/control/jobs/{id}/board", tag = "control",
    params(("id" = String, Path, description = "The job id from Location")),
    responses(
        (status = 200, description = "Server-sent events, one BoardUpdate a second until the stream ends", body = BoardUpdate, content_type = "text/event-stream"),
        (status = 404, description = "No such running stream on this replica", body = ErrorBody)))]
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let Some(JobEntry::Stream(job)) = state.jobs.get(&id) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: no running stream with this id on this replica (the board follows a stream \
             while it runs; GET /control/jobs/{id} has its final counts)",
        )
        .with_field("id"));
    };
    let opened = Instant::now();
    let updates = futures_util::stream::unfold(
        (job, true, false),
        move |(job, first, done): (Arc<StreamJob>, bool, bool)| async move {
            if done {
                return None;
            }
            if !first {
                tokio::select! {
                    () = tokio::time::sleep(EVERY) => {},
                    () = job.stats.ended() => {},
                }
            }
            let update = update(&job, first);
            let last = update.state != JobState::Running || opened.elapsed() > MAX_OPEN;
            let mut line = b"data: ".to_vec();
            line.extend(serde_json::to_vec(&update).unwrap_or_default());
            line.extend_from_slice(b"\n\n");
            Some((Ok::<_, Infallible>(Bytes::from(line)), (job, false, last)))
        },
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(updates),
    )
        .into_response())
}

fn update(job: &StreamJob, with_ids: bool) -> BoardUpdate {
    let stats = &job.stats;
    BoardUpdate {
        id: job.id.clone(),
        state: stats.state(),
        rate: stats.rate(),
        achieved_rate: (stats.achieved_rate() * 1000.0).round() / 1000.0,
        sent: stats.sent(),
        acked: stats.acked(),
        failed: stats.failed(),
        lag: stats.lag(),
        elapsed_seconds: (stats.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        states: stats.states(),
        ids: with_ids.then(|| {
            job.fleet
                .containers()
                .iter()
                .map(|c| c.to_string())
                .collect()
        }),
    }
}
