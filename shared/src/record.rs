//! The telemetry record: one reading of one container (SPEC's record table). Its columns'
//! names, types and meanings are declared once, in [`crate::columns`].

use crate::container::ContainerId;
use crate::product::Product;
use crate::timestamp::Timestamp;

/// The latitude every reading reports (the original simulator's fixed position).
pub const DEFAULT_LATITUDE: f64 = 37.8226902168957;
/// The longitude every reading reports.
pub const DEFAULT_LONGITUDE: f64 = -122.324895;

/// One reading of one container, every 5 minutes of simulated time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TelemetryRecord {
    /// The container that sent the reading.
    pub container_id: ContainerId,
    /// When the reading was taken (simulated time).
    pub measurement_time: Timestamp,
    /// The product carried; written as `product_id`.
    pub product: Product,
    /// Cargo temperature, °C.
    pub temperature: f64,
    /// The product's target temperature, °C.
    pub target_temperature: f64,
    /// Outside temperature, °C (column name misspelt on purpose).
    pub ambiant_temperature: f64,
    /// Power drawn, kW; 0 while the power is off.
    pub kilowatts: f64,
    /// Minutes the door has been open.
    pub time_door_open: u32,
    /// The product's content type.
    pub content_type: u8,
    /// Defrost cycle counter.
    pub defrost_cycle: u8,
    /// Oxygen, %.
    pub oxygen: f64,
    /// Nitrogen, %.
    pub nitrogen: f64,
    /// Relative humidity, %.
    pub humidity: f64,
    /// Carbon dioxide, %.
    pub carbon_dioxide: f64,
    /// Whether fan 1 runs.
    pub fan_1: bool,
    /// Whether fan 2 runs.
    pub fan_2: bool,
    /// Whether fan 3 runs.
    pub fan_3: bool,
    /// Position, written as a string.
    pub latitude: f64,
    /// Position, written as a string.
    pub longitude: f64,
    /// The label for machine learning: written 1 when maintenance is required, else 0.
    pub maintenance_required: bool,
}
