//! The budget of request bodies the relay holds at once, over all requests, and each route's
//! body cap.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// The largest body of every route but `POST /api/batches` (a `/control` body with 10 000
/// container ids is about 700 KB).
pub const SMALL_BODY_BYTES: usize = 1024 * 1024;
/// The bytes of request bodies the relay may hold at once, counted in KiB.
pub struct BodyBudget {
    permits: Arc<Semaphore>,
    bytes: usize,
    /// The largest `POST /api/batches` body.
    batch_body_bytes: usize,
    /// How long a handler may take to answer (a batch waits for the broker's answers).
    pub(crate) answer_timeout: Duration,
}

impl BodyBudget {
    /// A budget of `bytes` over all bodies, batch bodies up to `batch_body_bytes`, and
    /// answers within `answer_timeout`.
    pub fn new(bytes: usize, batch_body_bytes: usize, answer_timeout: Duration) -> Self {
        let kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX) as usize;
        Self {
            permits: Arc::new(Semaphore::new(kib)),
            bytes,
            batch_body_bytes,
            answer_timeout,
        }
    }

    pub(crate) fn cap_for(&self, path: &str) -> usize {
        if path == "/api/batches" {
            self.batch_body_bytes
        } else {
            SMALL_BODY_BYTES
        }
    }

    /// Takes `kib` more from the budget, or says it is spent.
    pub(crate) fn take(
        &self,
        held: &mut Option<OwnedSemaphorePermit>,
        kib: u32,
    ) -> Result<(), ApiError> {
        if kib == 0 {
            return Ok(());
        }
        let more = self
            .permits
            .clone()
            .try_acquire_many_owned(kib)
            .map_err(|_| {
                ApiError::busy(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "body: the relay already holds {} MiB of request bodies, its budget \
                         (--body-budget-bytes {}); retry in a moment",
                        self.bytes / (1024 * 1024),
                        self.bytes
                    ),
                )
                .with_field("body")
            })?;
        match held {
            Some(permit) => permit.merge(more),
            None => *held = Some(more),
        }
        Ok(())
    }
}
