//! A streaming `/control` job: what it asked for, and its stream's counters.

use std::sync::Arc;

use reefer_shared::fleet::Fleet;
use reefer_shared::stream_request::StreamRequest;
use serde::Serialize;
use utoipa::ToSchema;

use crate::stream::stats::{Latest, StreamStats};

/// One streaming job.
pub struct StreamJob {
    /// The job's id.
    pub id: String,
    /// What it asked for.
    pub request: StreamRequest,
    /// The fleet streamed (the request with the seed and start used).
    pub fleet: Fleet,
    /// The stream's counters.
    pub stats: Arc<StreamStats>,
}

/// A streaming job as `GET /control/jobs/{id}` shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StreamJobView {
    /// The job's id.
    pub id: String,
    /// Always `stream`.
    pub kind: &'static str,
    /// running, completed (its duration or count is done), stopped (by DELETE) or failed
    /// (see `error`).
    pub state: &'static str,
    /// How many containers.
    pub containers: usize,
    /// The simulations each container's cycles are drawn from.
    pub simulations: Vec<&'static str>,
    /// The product of every container, or `mixed` (P01..P05 in turn).
    pub product_id: String,
    /// `wall` or `simulated`.
    pub clock: &'static str,
    /// The asked rate, records per second.
    pub rate: f64,
    /// Records per second sent since the start.
    pub achieved_rate: f64,
    /// Records due but not yet sent (how far behind the schedule the stream is).
    pub lag: u64,
    /// Seconds since the start (until the end, once ended).
    pub elapsed_seconds: f64,
    /// The asked duration, if any.
    pub duration_seconds: Option<u64>,
    /// The asked count, if any.
    pub nb_of_records: Option<u64>,
    /// The seed used: repeats the data.
    pub seed: u64,
    /// The first simulated reading's time.
    pub start: String,
    /// Whether the events carry their ground truth.
    pub ground_truth: bool,
    /// Records generated and handed to Kafka.
    pub generated: u64,
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records that could not be delivered.
    pub failed: u64,
    /// Why it failed, or the first delivery error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One container's latest reading, for the fleet view.
#[derive(Debug, Serialize, ToSchema)]
pub struct FleetMember {
    /// The container.
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// Its product.
    pub product_id: &'static str,
    /// The simulation of its current cycle.
    pub simulation: &'static str,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault_type: Option<&'static str>,
    /// Events sent for this container.
    pub events: u64,
}

/// `GET /control/jobs/{id}/fleet`: each container's latest reading.
#[derive(Debug, Serialize, ToSchema)]
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

impl StreamJob {
    /// A snapshot for the API.
    pub fn view(&self) -> StreamJobView {
        let stats = &self.stats;
        let request = &self.request;
        StreamJobView {
            id: self.id.clone(),
            kind: "stream",
            state: stats.state().name(),
            containers: self.fleet.containers().len(),
            simulations: self.fleet.simulations().iter().map(|s| s.name()).collect(),
            product_id: request
                .product
                .map_or_else(|| "mixed".to_owned(), |p| p.id().to_owned()),
            clock: request.clock.name(),
            rate: stats.rate(),
            achieved_rate: (stats.achieved_rate() * 1000.0).round() / 1000.0,
            lag: stats.lag(),
            elapsed_seconds: (stats.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
            duration_seconds: request.duration.map(|d| d.seconds()),
            nb_of_records: request.max_records,
            seed: self.fleet.seed().0,
            start: self.fleet.start().to_string(),
            ground_truth: request.ground_truth,
            generated: stats.sent(),
            acked: stats.acked(),
            failed: stats.failed(),
            error: stats.error(),
        }
    }

    /// The fleet view from `offset`, at most `limit` containers.
    pub fn fleet_view(&self, offset: usize, limit: usize) -> FleetView {
        FleetView {
            id: self.id.clone(),
            containers: self.fleet.containers().len(),
            offset,
            members: self
                .stats
                .latest(offset, limit)
                .into_iter()
                .map(member)
                .collect(),
        }
    }
}

fn member(latest: Latest) -> FleetMember {
    let r = latest.record;
    FleetMember {
        container_id: r.container_id.to_string(),
        product_id: r.product.id(),
        simulation: latest.simulation.name(),
        measurement_time: r.measurement_time.to_string(),
        temperature: r.temperature,
        target_temperature: r.target_temperature,
        kilowatts: r.kilowatts,
        oxygen_level: r.oxygen_level,
        carbon_dioxide_level: r.carbon_dioxide_level,
        time_door_open: r.time_door_open,
        fans_on: r.fan_1 && r.fan_2 && r.fan_3,
        maintenance_required: r.maintenance_required,
        fault_type: latest.fault_type,
        events: latest.events,
    }
}
