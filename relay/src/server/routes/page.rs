//! `?offset=&limit=`: which part of a list a request asks for (the job list, a fleet view).

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::server::error::ApiError;

/// Which part of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Entries to skip (0-based; jobs newest first, containers in fleet order); 0 by default.
    offset: Option<usize>,
    /// How many entries at most: for the job list 1 to 1000 (100 by default), for a fleet view
    /// 1 to 10000 (1000 by default).
    limit: Option<usize>,
}

/// A valid page: `offset` and a `limit` from 1 to the list's largest page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Entries skipped.
    pub offset: usize,
    /// Entries at most.
    pub limit: usize,
}

impl Page {
    /// The page a query asks for, `default_limit` when it gives none; 422 naming the parameter
    /// otherwise.
    pub fn of(
        query: Result<Query<PageQuery>, QueryRejection>,
        default_limit: usize,
        max_limit: usize,
    ) -> Result<Self, ApiError> {
        let Query(query) = query.map_err(|e| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!(
                    "offset, limit: expected whole numbers, and no other parameter ({})",
                    e.body_text()
                ),
            )
        })?;
        let limit = query.limit.unwrap_or(default_limit);
        if !(1..=max_limit).contains(&limit) {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("limit: expected 1 to {max_limit}, got {limit}"),
            )
            .with_field("limit"));
        }
        Ok(Self {
            offset: query.offset.unwrap_or(0),
            limit,
        })
    }
}
