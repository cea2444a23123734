//! The "maintenance needed" event the reference scorer produces to the containers topic, in the
//! original scoring agent's envelope (`"type": "ContainerMaintenance"`, `"version": "1"`, an
//! epoch `timestamp`, keyed by container id), with a payload whose fields are named for what
//! they hold; and the relay's view of those events beside the faults that caused them.

use serde::{Deserialize, Serialize};

/// The envelope's `type`.
pub const MAINTENANCE_TYPE: &str = "ContainerMaintenance";

/// One "maintenance needed" event, as produced to `CONTAINER_TOPIC`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenanceEvent {
    /// When the scorer raised it, in Unix seconds.
    pub timestamp: i64,
    /// Always `ContainerMaintenance`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Always `"1"`.
    pub version: String,
    /// The container (also the message key).
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// What was found.
    pub payload: MaintenancePayload,
}

/// What the scorer found, and the reading that made it decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenancePayload {
    /// The container.
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// Always `Reefer`.
    #[serde(rename = "type")]
    pub container_type: String,
    /// Always `MaintenanceNeeded`.
    pub status: String,
    /// Why, in words.
    pub reason: String,
    /// The model's probability for the reading that raised the flag.
    pub score: f64,
    /// The readings in a row that scored at least 0.5 before the flag.
    pub readings_above_threshold: u32,
    /// The `measurement_time` of that reading.
    pub measurement_time: String,
    /// Its cargo temperature, °C.
    pub temperature: f64,
    /// Its setpoint, °C.
    pub target_temperature: f64,
    /// Its power, kW.
    pub kilowatts: f64,
    /// Its CO2, %.
    pub carbon_dioxide_level: f64,
    /// Its O2, %.
    pub oxygen_level: f64,
    /// Whether all three fans ran.
    pub fans_on: bool,
}

/// `GET /api/maintenance`: the maintenance events read back from the containers topic, each
/// beside the fault the relay's own streams were in when it was raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaintenanceView {
    /// The events after `after`, oldest first.
    pub events: Vec<Flagged>,
    /// The `seq` of the last one read: pass it as `after` next time.
    pub last: u64,
    /// Whether the relay runs the reference scorer (`--score`).
    pub scorer: bool,
}

/// One maintenance event and what caused it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flagged {
    /// Increases by one per event read.
    pub seq: u64,
    /// The event as read from the topic.
    pub event: MaintenanceEvent,
    /// The fault the container was in, when one of this relay's streams sends it: its ground
    /// truth's fault type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_type: Option<String>,
    /// The `measurement_time` of that fault's first reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_onset: Option<String>,
    /// Seconds from sending the fault's first reading to reading the event back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection_delay_seconds: Option<f64>,
}
