//! `GET /control/jobs/{id}/fleet`: each container's latest reading in a running stream.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use reefer_shared::wire::{ErrorBody, FleetView, GoneJobView};

use super::page::{Page, PageQuery};
use crate::server::error::ApiError;
use crate::server::jobs::JobEntry;
use crate::server::peers::Forwardable;
use crate::server::state::AppState;

/// Most containers one fleet view answers with.
const MAX_FLEET_PAGE: usize = 10_000;

/// Each container's latest reading in a streaming job.
#[utoipa::path(get, path = "/control/jobs/{id}/fleet", tag = "control",
    params(("id" = String, Path, description = "The job id from Location"), PageQuery),
    responses(
        (status = 200, description = "The containers' latest readings", body = FleetView),
        (status = 404, description = "No such streaming job", body = ErrorBody),
        (status = 410, description = "The replica that ran the job is gone", body = GoneJobView),
        (status = 422, description = "limit out of range", body = ErrorBody)))]
pub async fn fleet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: Forwardable,
) -> Result<Response, ApiError> {
    let page = Page::of(query, 1000, MAX_FLEET_PAGE)?;
    match state.jobs.get(&id) {
        Some(JobEntry::Stream(job)) => {
            Ok(Json(job.fleet_view(page.offset, page.limit)).into_response())
        }
        None => super::jobs::elsewhere(&state, &id, &request).await,
        Some(JobEntry::Ended(_)) => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: this stream has ended; its fleet view is kept only while it runs \
             (GET /control/jobs/{id} has its final counts)",
        )),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "id: no such streaming job",
        )),
    }
}
