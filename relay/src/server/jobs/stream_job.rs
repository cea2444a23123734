//! A streaming `/control` job: what it asked for, its stream's counters, and its life: started
//! on its own task, stopped on request or at shutdown, retired to its final view when it ends.

use std::sync::Arc;
use std::time::Duration;

use reefer_shared::control::StreamRequest;
use reefer_shared::fleet::{Fleet, FleetStream};
use reefer_shared::wire::{
    FleetMember, FleetView, JobCounts, JobKind, StreamJobView, StreamProgress,
};

use crate::kafka::KafkaSink;
use crate::server::metrics::Metrics;
use crate::stream::engine;
use crate::stream::handle::{Latest, StreamHandle};
use crate::stream::kafka_output::KafkaOutput;

/// One streaming job.
pub struct StreamJob {
    /// The job's id.
    pub id: String,
    /// What it asked for.
    pub request: StreamRequest,
    /// The fleet streamed (the request with the seed and start used).
    pub fleet: Fleet,
    /// The stream's counters.
    pub stats: Arc<StreamHandle>,
    /// Each container's place in the fleet, built when first asked.
    pub positions: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// How long `DELETE` waits for a stream to notice it is stopped.
const STOP_WAIT: Duration = Duration::from_secs(2);

impl StreamJob {
    /// Runs the stream on its own task until it ends: sends `stream` on the request's schedule
    /// through `sink`, adds its counts to `metrics`, then calls `ended` (which retires the job
    /// and gives back what it held).
    pub fn spawn(
        self: &Arc<Self>,
        stream: FleetStream,
        sink: KafkaSink,
        metrics: Arc<Metrics>,
        ended: impl FnOnce() + Send + 'static,
    ) {
        let mut output = KafkaOutput::new(sink, self.request.options.ground_truth);
        let pacer = self.request.pacer();
        let clock = self.request.clock;
        let running = self.clone();
        tokio::spawn(async move {
            engine::run(stream, pacer, clock, running.stats.clone(), &mut output).await;
            output.finish().await;
            let stats = &running.stats;
            metrics.produced.inc_by(stats.sent());
            metrics.acked.inc_by(stats.acked());
            metrics.failed.inc_by(stats.failed());
            match stats.error() {
                Some(e) => {
                    tracing::warn!(job = %running.id, "stream ended {}: {e}", stats.state().name())
                }
                None => tracing::info!(job = %running.id, sent = stats.sent(), "stream ended {}",
                    stats.state().name()),
            }
            ended();
        });
        tracing::info!(job = %self.id, containers = self.fleet.containers().len(),
            rate = self.request.rate.per_second(), "stream started");
    }

    /// Asks the stream to stop and waits (briefly) until it has: its final view.
    pub async fn stop(&self) -> StreamJobView {
        self.stats.request_stop();
        // The loop notices within one tick; the view then shows the final state.
        let _ = tokio::time::timeout(STOP_WAIT, self.stats.ended()).await;
        self.view()
    }

    /// A snapshot for the API.
    pub fn view(&self) -> StreamJobView {
        let stats = &self.stats;
        let request = &self.request;
        StreamJobView {
            id: self.id.clone(),
            kind: JobKind::Stream,
            state: stats.state(),
            containers: self.fleet.containers().len(),
            simulations: self.fleet.simulations().to_vec(),
            product_id: request
                .product
                .map_or_else(|| "mixed".to_owned(), |p| p.id().to_owned()),
            clock: request.clock,
            rate: stats.rate(),
            progress: StreamProgress {
                achieved_rate: (stats.achieved_rate() * 1000.0).round() / 1000.0,
                lag: stats.lag(),
                elapsed_seconds: (stats.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
            },
            duration_seconds: request.duration.map(|d| d.seconds()),
            nb_of_records: request.max_records,
            seed: self.fleet.seed().0,
            start: self.fleet.start().to_string(),
            ground_truth: request.options.ground_truth,
            counts: JobCounts {
                generated: stats.sent(),
                acked: stats.acked(),
                failed: stats.failed(),
                error: stats.error(),
            },
        }
    }

    /// The kept fault episode of container `id` that its reading taken at `time` belongs to,
    /// if the container is in this stream.
    pub fn onset_of(
        &self,
        id: &str,
        time: reefer_shared::Timestamp,
    ) -> Option<crate::stream::handle::Onset> {
        let positions = self.positions.get_or_init(|| {
            self.fleet
                .containers()
                .iter()
                .enumerate()
                .map(|(i, c)| (c.to_string(), i))
                .collect()
        });
        self.stats
            .latest_at(*positions.get(id)?)?
            .onset_covering(time)
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
                .map(|latest| member(latest, self.request.options.ground_truth))
                .collect(),
        }
    }
}

/// A container's view; its fault type only when the stream sends the ground truth.
fn member(latest: Latest, ground_truth: bool) -> FleetMember {
    let r = latest.record;
    FleetMember {
        container_id: r.container_id.to_string(),
        product_id: r.product,
        simulation: latest.simulation,
        measurement_time: r.measurement_time.to_string(),
        temperature: r.temperature,
        target_temperature: r.target_temperature,
        kilowatts: r.kilowatts,
        oxygen_level: r.oxygen,
        carbon_dioxide_level: r.carbon_dioxide,
        time_door_open: r.time_door_open,
        fans_on: r.fan_1 && r.fan_2 && r.fan_3,
        maintenance_required: r.maintenance_required,
        fault_type: latest
            .fault_type
            .filter(|_| ground_truth)
            .map(str::to_owned),
        events: latest.events,
    }
}
