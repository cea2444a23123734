//! `GET /control/jobs/{id}/board`: the live fleet board, pushed by the relay as a server-sent
//! event stream once a second while the stream runs: the figures, and one character per
//! container for its state.

use serde::{Deserialize, Serialize};

use super::JobState;
use crate::truth::FaultClass;

/// A container that has sent nothing yet.
pub const WAITING: char = '.';
/// Normal operation.
pub const NORMAL: char = 'n';
/// In an equipment fault.
pub const EQUIPMENT: char = 'e';
/// In a sensor fault.
pub const SENSOR: char = 's';
/// In a delivery fault (missing, repeated or late readings).
pub const DELIVERY: char = 'd';
/// In normal operation that looks like a fault (a defrost cycle).
pub const OPERATION: char = 'o';
/// Labelled `maintenance_required` outside any fault the ground truth knows.
pub const LABELLED: char = 'l';

/// A container's state on the board: its fault's class, else labelled, else normal.
pub fn cell_state(fault: Option<FaultClass>, labelled: bool) -> char {
    match fault {
        Some(FaultClass::Equipment) => EQUIPMENT,
        Some(FaultClass::Sensor) => SENSOR,
        Some(FaultClass::Delivery) => DELIVERY,
        Some(FaultClass::Operation) => OPERATION,
        None if labelled => LABELLED,
        None => NORMAL,
    }
}

/// One update of the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardUpdate {
    /// The job.
    pub id: String,
    /// Its state; the last update of a stream that ended says how.
    pub state: JobState,
    /// Records per second asked.
    pub rate: f64,
    /// Records per second sent so far.
    pub achieved_rate: f64,
    /// Records sent.
    pub sent: u64,
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records the broker refused or that timed out.
    pub failed: u64,
    /// Events due but not yet sent.
    pub lag: u64,
    /// Seconds since the stream started.
    pub elapsed_seconds: f64,
    /// One character per container, in fleet order: `.` nothing sent yet, `n` normal, `e` in
    /// an equipment fault, `s` a sensor fault, `d` a delivery fault, `o` a defrost cycle, `l`
    /// labelled outside a known fault.
    pub states: String,
    /// The containers' ids, in fleet order: in the first update only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
}

impl BoardUpdate {
    /// How many containers are in state `state`.
    pub fn count(&self, state: char) -> usize {
        self.states.chars().filter(|c| *c == state).count()
    }
}
