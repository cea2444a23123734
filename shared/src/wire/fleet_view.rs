//! The fleet view, `GET /control/jobs/{id}/fleet`: each container's latest reading.

use serde::{Deserialize, Serialize};

use crate::{Product, Simulation};

/// One container's latest reading, for the fleet view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FleetMember {
    /// The container.
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// Its product.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: Product,
    /// The simulation of its current cycle.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub simulation: Simulation,
    /// The reading's time.
    pub measurement_time: String,
    /// Cargo temperature, °C.
    pub temperature: f64,
    /// Target temperature, °C.
    pub target_temperature: f64,
    /// Power drawn, kW.
    pub kilowatts: f64,
    /// O2, %.
    pub oxygen_level: f64,
    /// CO2, %.
    pub carbon_dioxide_level: f64,
    /// Minutes the door has been open.
    pub time_door_open: u32,
    /// Whether all three fans run.
    pub fans_on: bool,
    /// The label.
    pub maintenance_required: bool,
    /// The ground truth's fault type, when the stream carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_type: Option<String>,
    /// Events sent for this container.
    pub events: u64,
}

/// `GET /control/jobs/{id}/fleet`: each container's latest reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FleetView {
    /// The job's id.
    pub id: String,
    /// Containers in the fleet.
    pub containers: usize,
    /// The first container shown (0-based).
    pub offset: usize,
    /// The containers from `offset` that have sent a reading, in fleet order.
    pub members: Vec<FleetMember>,
}
