//! `GET /api/maintenance`: the "maintenance needed" events read back from the containers topic,
//! each beside the fault this relay's streams had the container in, and the detection delay.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;

use super::events::after_and_limit;
use crate::server::error::ApiError;
use crate::server::state::AppState;
use reefer_shared::wire::{
    ErrorBody, Flagged, MaintenanceEvent, MaintenanceView, MAINTENANCE_TYPE,
};

/// The maintenance events of `CONTAINER_TOPIC` (the reference scorer's, `reefer serve --score`,
/// or any scoring service's in the same envelope). Poll with `after` set to the previous
/// answer's `last`. For a container of one of this relay's streams (running or kept), the
/// answer names the fault it was in when the flagged reading was taken, and the seconds from
/// sending that fault's first reading to reading the event back (resolved as the event is read).
#[utoipa::path(get, path = "/api/maintenance", tag = "batches",
    params(
        ("after" = Option<u64>, Query, description = "Only events with a larger seq (default 0)"),
        ("limit" = Option<u32>, Query, description = "At most this many, the newest (1 to 500, default 50)")),
    responses(
        (status = 200, description = "Maintenance events read back from Kafka", body = MaintenanceView),
        (status = 422, description = "A query parameter is invalid", body = ErrorBody)))]
pub async fn latest(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<MaintenanceView>, ApiError> {
    let (after, limit) = after_and_limit(&query)?;
    let feed = &state.maintenance;
    feed.causes.resolve_new(&feed.tail, &state.jobs);
    let (read, last) = feed.tail.after(after, limit);
    let events = read
        .into_iter()
        .filter_map(|tailed| {
            let event: MaintenanceEvent = serde_json::from_value(tailed.event).ok()?;
            if event.kind != MAINTENANCE_TYPE {
                return None;
            }
            let cause = feed.causes.of(tailed.seq);
            Some(Flagged {
                seq: tailed.seq,
                fault_type: cause.map(|c| c.fault_type.to_owned()),
                fault_onset: cause.map(|c| c.onset.to_string()),
                detection_delay_seconds: cause.map(|c| c.delay_seconds),
                event,
            })
        })
        .collect();
    Ok(Json(MaintenanceView {
        events,
        last,
        scorer: state.maintenance.scorer,
    }))
}
