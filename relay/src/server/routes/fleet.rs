//! `GET /control/jobs/{id}/fleet`: each container's latest reading in a running stream.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use reefer_shared::wire::{ErrorBody, FleetView};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::server::error::ApiError;
use crate::server::jobs::JobEntry;
use crate::server::state::AppState;

/// Most containers one fleet view answers with.
const MAX_FLEET_PAGE: usize = 10_000;

/// Which containers of the fleet view.
#[derive(Debug, Deserialize, IntoParams)]
pub struct FleetQuery {
    /// The first container (0-based, fleet order); 0 by default.
    offset: Option<usize>,
    /// How many containers at most (1 to 10000); 1000 by default.
    limit: Option<usize>,
}

/// Each container's latest reading in a streaming job.
#[utoipa::path(get, path = "/control/jobs/{id}/fleet", tag = "control",
    params(("id" = String, Path, description = "The job id from Location"), FleetQuery),
    responses(
        (status = 200, description = "The containers' latest readings", body = FleetView),
        (status = 404, description = "No such streaming job", body = ErrorBody),
        (status = 422, description = "limit out of range", body = ErrorBody)))]
pub async fn fleet(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<FleetQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<FleetView>, ApiError> {
    let Query(query) = query.map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("offset, limit: expected whole numbers ({})", e.body_text()),
        )
    })?;
    let limit = query.limit.unwrap_or(1000);
    if !(1..=MAX_FLEET_PAGE).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("limit: expected 1 to {MAX_FLEET_PAGE}, got {limit}"),
        ));
    }
    match state.jobs.get(&id) {
        Some(JobEntry::Stream(job)) => Ok(Json(job.fleet_view(query.offset.unwrap_or(0), limit))),
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
