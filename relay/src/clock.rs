//! The wall clock, for default start times.

use std::time::{SystemTime, UNIX_EPOCH};

use reefer_shared::Timestamp;

/// The current time in UTC, to the second.
pub fn now() -> Timestamp {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp::from_unix_seconds(seconds).unwrap_or(Timestamp::MIN)
}
