//! A batch `/control` job: one container's records, generated a part at a time, handed to the
//! producer, and settled when the broker has answered for every one.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reefer_shared::control::BatchRequest;
use reefer_shared::generator::Extras;
use reefer_shared::wire::{BatchJobView, JobCounts, JobState};
use reefer_shared::{GenerationSpec, Generator};

use crate::kafka::{Acknowledgements, KafkaSink};
use crate::server::metrics::Metrics;

/// `/control` batches generated at once; more are answered 429 (each holds one part in memory
/// and keeps a core busy).
pub const MAX_BATCHES_GENERATING: usize = 2;
/// Records generated and handed to the producer at a time.
const PART: usize = 5_000;

/// One batch request's progress.
pub struct BatchJob {
    /// The job's id.
    pub id: String,
    /// What it generates.
    pub spec: GenerationSpec,
    state: AtomicU8,
    generated: AtomicU64,
    acked: AtomicU64,
    failed: AtomicU64,
    error: Mutex<Option<String>>,
}

impl BatchJob {
    pub(super) fn new(id: String, spec: GenerationSpec) -> Self {
        Self {
            id,
            spec,
            state: AtomicU8::new(JobState::Running.code()),
            generated: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            error: Mutex::new(None),
        }
    }

    /// Generates the batch and hands it to the producer off the async workers (holding
    /// `permit` meanwhile), then settles it in the background: the job's view shows the
    /// broker's answers as they come.
    pub async fn run<P: Send + 'static>(
        self: &Arc<Self>,
        request: BatchRequest,
        sink: KafkaSink,
        metrics: Arc<Metrics>,
        permit: P,
    ) {
        let began = Instant::now();
        let acks = Arc::new(Acknowledgements::new(self.spec.records().get() as usize));
        let (generating, handed, producer) = (self.clone(), acks.clone(), sink.clone());
        let generated = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            generating.generate_and_enqueue(request.options.ground_truth, &producer, &handed)
        })
        .await
        .unwrap_or(0);
        metrics.produced.inc_by(generated);
        let settling = self.clone();
        tokio::spawn(async move {
            let outcome = sink.settle(&acks).await;
            metrics.acked.inc_by(outcome.acked);
            metrics.failed.inc_by(outcome.not_acked());
            metrics
                .latency
                .with_label_values(&["control"])
                .observe(began.elapsed().as_secs_f64());
            if outcome.not_acked() > 0 {
                tracing::warn!(job = %settling.id, failed = outcome.failed, unknown = outcome.unknown, "records not delivered: {}",
                    outcome.error.as_deref().unwrap_or(""));
            }
            settling.finish(outcome.acked, outcome.not_acked(), outcome.error);
        });
    }

    /// Generates the records a part at a time, each part handed to the producer once it has
    /// room (up to the delivery timeout), so that memory stays one part's however large the
    /// batch. Returns how many records were handed over; the rest count as failed in `acks`.
    fn generate_and_enqueue(
        &self,
        ground_truth: bool,
        sink: &KafkaSink,
        acks: &Arc<Acknowledgements>,
    ) -> u64 {
        let mut generator = Generator::new(self.spec);
        let mut left = generator.total() as usize;
        let truth = ground_truth.then(|| generator.ground_truth());
        let mut records = Vec::with_capacity(PART.min(left));
        let (mut truths, mut rcm) = (Vec::new(), Vec::new());
        let profile = generator.spec().profile();
        let mut handed = 0u64;
        while left > 0 {
            let take = left.min(PART);
            let waiting = Instant::now();
            while !sink.has_room_for(take) {
                if waiting.elapsed() > sink.delivery_timeout() {
                    let seconds = sink.delivery_timeout().as_secs();
                    acks.fail(handed as usize, left, || {
                        format!("the Kafka producer stayed full for {seconds} s")
                    });
                    return handed;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            records.clear();
            truths.clear();
            rcm.clear();
            generator.fill(take, &mut records, truth.as_ref(), &mut truths, &mut rcm);
            let part = Extras::gathered(&truths, truth.is_some(), &rcm, profile);
            if let Err(error) = sink.enqueue_part(acks, handed as usize, &records, part) {
                acks.fail(handed as usize + take, left - take, || error.to_string());
                return handed;
            }
            handed += take as u64;
            self.generated.fetch_add(take as u64, Ordering::Relaxed);
            left -= take;
        }
        handed
    }

    /// Records the broker's answers and ends the job.
    fn finish(&self, acked: u64, failed: u64, error: Option<String>) {
        self.acked.fetch_add(acked, Ordering::Relaxed);
        self.failed.fetch_add(failed, Ordering::Relaxed);
        if let (Some(message), Ok(mut slot)) = (error, self.error.lock()) {
            slot.get_or_insert(message);
        }
        let state = if self.failed.load(Ordering::Relaxed) > 0 {
            JobState::Failed
        } else {
            JobState::Completed
        };
        self.state.store(state.code(), Ordering::Release);
    }

    /// A snapshot for the API.
    pub fn view(&self) -> BatchJobView {
        BatchJobView {
            id: self.id.clone(),
            state: JobState::from_code(self.state.load(Ordering::Acquire)),
            container_id: self.spec.container().to_string(),
            simulation: self.spec.simulation(),
            product_id: self.spec.product(),
            nb_of_records: self.spec.records().get(),
            seed: self.spec.seed().0,
            start: self.spec.start().to_string(),
            counts: JobCounts {
                generated: self.generated.load(Ordering::Relaxed),
                acked: self.acked.load(Ordering::Relaxed),
                failed: self.failed.load(Ordering::Relaxed),
                error: self.error.lock().ok().and_then(|e| e.clone()),
            },
        }
    }
}
