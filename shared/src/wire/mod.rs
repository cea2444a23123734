//! The relay's HTTP contract, typed once: every body a client sends and every answer the relay
//! gives, as serde structs that the relay writes, the browser app reads and the OpenAPI
//! document (with the `openapi` feature) is derived from.
//!
//! What a field *may* be (its range, its names) is checked where the body is parsed —
//! [`crate::control::ControlRequest::from_json`] for `/control`,
//! [`crate::batch::parse_batch`] for `/api/batches` — by the typed values of this crate
//! ([`crate::Cycle`], [`crate::pace::Rate`], …); these types only give the shape.

mod answers;
pub mod board;
mod control_body;
mod fleet_view;
mod job_view;
mod maintenance;
mod text;

pub use answers::{
    BatchAck, DeliveryStatus, ErrorBody, Events, Health, HealthDetails, RecordDelivery,
    TailedEvent, VersionInfo,
};
pub use board::BoardUpdate;
pub use control_body::{ContainersField, ControlBody, SimulationField};
pub use fleet_view::{FleetMember, FleetView};
pub use job_view::{
    AnyJobView, BatchJobView, GoneJobView, JobCounts, JobKind, JobState, StreamJobView,
    StreamProgress,
};
pub use maintenance::{
    Flagged, MaintenanceEvent, MaintenancePayload, MaintenanceView, MAINTENANCE_TYPE,
};
