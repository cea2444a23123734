//! The job resource: `GET /control/jobs` (the list), `GET /control/jobs/{id}` (one job) and
//! `DELETE /control/jobs/{id}` (stops a stream).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use reefer_shared::wire::{AnyJobView, ErrorBody, GoneJobView, StreamJobView};

use super::page::{Page, PageQuery};
use crate::server::error::ApiError;
use crate::server::jobs::JobEntry;
use crate::server::peers::{Elsewhere, Forwardable};
use crate::server::refusals::TokenRefusal;
use crate::server::state::AppState;

/// Stops a streaming job; answers with its final state.
#[utoipa::path(delete, path = "/control/jobs/{id}", tag = "control",
    params(("id" = String, Path, description = "The job id from Location")),
    responses(
        (status = 200, description = "Stopped (or already ended): the job's final counts", body = StreamJobView),
        TokenRefusal,
        (status = 404, description = "No such job", body = ErrorBody),
        (status = 409, description = "A batch job, which ends by itself", body = ErrorBody),
        (status = 410, description = "The replica that ran the job is gone", body = GoneJobView)),
    security((), ("bearer" = [])))]
pub async fn stop(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Forwardable,
) -> Result<Response, ApiError> {
    let stopped =
        match state.jobs.get(&id) {
            None => return elsewhere(&state, &id, &request).await,
            Some(JobEntry::Batch(_)) => return Err(ApiError::new(
                StatusCode::CONFLICT,
                "id: a batch job ends by itself; only streaming jobs (with a rate) can be stopped",
            )),
            Some(JobEntry::Ended(view)) => StreamJobView::clone(&view),
            Some(JobEntry::Stream(job)) => job.stop().await,
        };
    Ok(Json(stopped).into_response())
}

/// The answer for a job this relay does not have: its owner's, through the peers, or 404.
pub(super) async fn elsewhere(
    state: &AppState,
    id: &str,
    request: &Forwardable,
) -> Result<Response, ApiError> {
    match state.peers.elsewhere(id, request).await {
        Elsewhere::Answered(response) | Elsewhere::Gone(response) => Ok(response),
        Elsewhere::Unknown => Err(ApiError::new(StatusCode::NOT_FOUND, "id: no such job")),
    }
}

/// Most jobs one page of the list answers with.
const MAX_JOBS_PAGE: usize = 1000;

/// The kept jobs, newest first (running streams always among them), a page at a time: the
/// `Link` header names the next page while there is one, `X-Total-Count` how many are kept.
#[utoipa::path(get, path = "/control/jobs", tag = "control",
    params(PageQuery),
    responses(
        (status = 200, description = "The jobs, newest first", body = Vec<AnyJobView>,
         headers(("Link" = String, description = "rel=\"next\": the next page, when there is one"),
                 ("X-Total-Count" = u64, description = "Jobs kept"))),
        TokenRefusal,
        (status = 422, description = "offset or limit out of range", body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Page { offset, limit } = Page::of(query, 100, MAX_JOBS_PAGE)?;
    let (page, total) = state.jobs.page(offset, limit);
    let views: Vec<AnyJobView> = page.iter().map(JobEntry::view).collect();
    let mut response = Json(views).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(total));
    if offset + limit < total {
        let next = format!(
            "</control/jobs?offset={}&limit={limit}>; rel=\"next\"",
            offset + limit
        );
        if let Ok(value) = HeaderValue::from_str(&next) {
            headers.insert(header::LINK, value);
        }
    }
    Ok(response)
}

/// A `/control` job: a batch's records generated, acked and failed; a stream's rate asked and
/// achieved, lag and counts.
#[utoipa::path(get, path = "/control/jobs/{id}", tag = "control",
    params(("id" = String, Path, description = "The job id from Location")),
    responses(
        (status = 200, description = "The job", body = AnyJobView),
        (status = 404, description = "No such job (ids are kept for the last 1000 jobs and every running stream)", body = ErrorBody),
        (status = 410, description = "The replica that ran the job is gone (`state`: `relay_gone`)", body = GoneJobView)))]
pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Forwardable,
) -> Result<Response, ApiError> {
    match state.jobs.get(&id) {
        Some(job) => Ok(Json(job.view()).into_response()),
        None => elsewhere(&state, &id, &request).await,
    }
}
