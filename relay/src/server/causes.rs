//! The fault of this relay's own streams that each maintenance event was raised in, resolved
//! as soon as the event is read back. Later would be too late: a container keeps only its
//! latest few fault episodes, and a stream's job is forgotten after a while, so a panel opened
//! an hour later would call every old flag a false alarm.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reefer_shared::wire::{MaintenanceEvent, MAINTENANCE_TYPE};
use reefer_shared::Timestamp;

use super::jobs::{JobRegistry, StreamJob};
use crate::kafka::tail::{EventTail, KEPT};

/// How often the relay resolves the maintenance events read since it last looked.
pub const RESOLVE_EVERY: Duration = Duration::from_millis(250);

/// What a maintenance event was raised in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cause {
    /// The ground truth's fault type.
    pub fault_type: &'static str,
    /// The `measurement_time` of the fault's first reading.
    pub onset: Timestamp,
    /// Seconds from sending the fault's first reading to reading the event back.
    pub delay_seconds: f64,
}

/// The causes of the latest maintenance events, by `seq`: as many as the tail keeps.
#[derive(Debug, Default)]
pub struct Causes {
    resolved: Mutex<Resolved>,
}

#[derive(Debug, Default)]
struct Resolved {
    /// The last `seq` looked at.
    through: u64,
    /// Oldest first; `None` where no stream of this relay knows the fault.
    by_seq: VecDeque<(u64, Option<Cause>)>,
}

impl Causes {
    /// Resolves the events `tail` has read since the last call (the relay calls it every
    /// [`RESOLVE_EVERY`], and each answer of `GET /api/maintenance` first).
    pub fn resolve_new(&self, tail: &EventTail, jobs: &JobRegistry) {
        let Ok(mut resolved) = self.resolved.lock() else {
            return;
        };
        let (events, last) = tail.after_timed(resolved.through, KEPT);
        // The kept streams once per look, not once per event.
        let streams = if events.is_empty() {
            Vec::new()
        } else {
            jobs.kept_streams()
        };
        for (tailed, read_ms) in events {
            let cause = serde_json::from_value::<MaintenanceEvent>(tailed.event)
                .ok()
                .filter(|e| e.kind == MAINTENANCE_TYPE)
                .and_then(|e| cause_of(&e, read_ms, &streams));
            resolved.by_seq.push_back((tailed.seq, cause));
            if resolved.by_seq.len() > KEPT {
                resolved.by_seq.pop_front();
            }
        }
        resolved.through = resolved.through.max(last);
    }

    /// The cause of event `seq`, if it was resolved and one of this relay's streams knew it.
    pub fn of(&self, seq: u64) -> Option<Cause> {
        let resolved = self.resolved.lock().ok()?;
        let at = resolved
            .by_seq
            .binary_search_by_key(&seq, |(s, _)| *s)
            .ok()?;
        resolved.by_seq[at].1
    }
}

/// The fault of one of `streams` (the newest first) that the flagged reading belongs to.
fn cause_of(event: &MaintenanceEvent, read_ms: i64, streams: &[Arc<StreamJob>]) -> Option<Cause> {
    let time = event.payload.measurement_time.parse::<Timestamp>().ok()?;
    let onset = streams
        .iter()
        .find_map(|job| job.onset_of(&event.container_id, time))?;
    Some(Cause {
        fault_type: onset.fault_type,
        onset: onset.first,
        delay_seconds: ((read_ms - onset.sent_ms).max(0) as f64 / 100.0).round() / 10.0,
    })
}
