//! `/control` jobs: what each request asked for and how far its records have got.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use reefer_shared::GenerationSpec;

use super::stream_job::{StreamJob, StreamJobView};
use crate::stream::stats::StreamState;
use serde::Serialize;
use utoipa::ToSchema;

/// Jobs kept for `GET`; the oldest are forgotten past this.
const MAX_JOBS: usize = 1000;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Records are handed to Kafka; acknowledgements are coming in.
    Running,
    /// Every record was acknowledged.
    Completed,
    /// Some records could not be delivered (see `error`).
    Failed,
}

/// One `/control` request's progress.
pub struct Job {
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

/// A job as `GET /control/jobs/{id}` shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    /// The job's id.
    pub id: String,
    /// running, completed or failed.
    pub state: JobState,
    /// `containerID` of the request.
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// The simulation.
    pub simulation: String,
    /// The product.
    pub product_id: String,
    /// `nb_of_records` of the request.
    pub nb_of_records: u64,
    /// The seed used (drawn by the relay when the request had none): repeats the data.
    pub seed: u64,
    /// The first measurement time used.
    pub start: String,
    /// Records generated and handed to Kafka.
    pub generated: u64,
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records that could not be delivered.
    pub failed: u64,
    /// The first delivery error, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Job {
    fn new(id: String, spec: GenerationSpec) -> Self {
        Self {
            id,
            spec,
            state: AtomicU8::new(0),
            generated: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            error: Mutex::new(None),
        }
    }

    /// Counts records handed to Kafka.
    pub fn add_generated(&self, n: u64) {
        self.generated.fetch_add(n, Ordering::Relaxed);
    }

    /// Records the broker's answers and ends the job.
    pub fn finish(&self, acked: u64, failed: u64, error: Option<String>) {
        self.acked.fetch_add(acked, Ordering::Relaxed);
        self.failed.fetch_add(failed, Ordering::Relaxed);
        if let (Some(message), Ok(mut slot)) = (error, self.error.lock()) {
            slot.get_or_insert(message);
        }
        let state = if self.failed.load(Ordering::Relaxed) > 0 {
            2
        } else {
            1
        };
        self.state.store(state, Ordering::Release);
    }

    /// A snapshot for the API.
    pub fn view(&self) -> JobView {
        let state = match self.state.load(Ordering::Acquire) {
            0 => JobState::Running,
            1 => JobState::Completed,
            _ => JobState::Failed,
        };
        JobView {
            id: self.id.clone(),
            state,
            container_id: self.spec.container().to_string(),
            simulation: self.spec.simulation().to_string(),
            product_id: self.spec.product().to_string(),
            nb_of_records: self.spec.records().get(),
            seed: self.spec.seed().0,
            start: self.spec.start().to_string(),
            generated: self.generated.load(Ordering::Relaxed),
            acked: self.acked.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            error: self.error.lock().ok().and_then(|e| e.clone()),
        }
    }
}

/// Either kind of job, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyJobView {
    /// A batch job.
    Batch(JobView),
    /// A streaming job.
    Stream(StreamJobView),
}

impl JobEntry {
    /// A snapshot for the API.
    pub fn view(&self) -> AnyJobView {
        match self {
            JobEntry::Batch(job) => AnyJobView::Batch(job.view()),
            JobEntry::Stream(job) => AnyJobView::Stream(job.view()),
            JobEntry::Ended(view) => AnyJobView::Stream(StreamJobView::clone(view)),
        }
    }
}

/// A kept job: a batch, a stream, or the summary a stream leaves when it ends.
#[derive(Clone)]
pub enum JobEntry {
    /// A batch of one container's records.
    Batch(Arc<Job>),
    /// A streaming job.
    Stream(Arc<StreamJob>),
    /// An ended stream's final view: its fleet and per-container state are let go.
    Ended(Arc<StreamJobView>),
}

impl JobEntry {
    /// The containers of a stream still counted as running (it holds their state).
    fn running_containers(&self) -> Option<usize> {
        match self {
            JobEntry::Stream(s) if s.stats.state() == StreamState::Running => {
                Some(s.fleet.containers().len())
            }
            _ => None,
        }
    }
}

/// The jobs of this process, newest last: at most [`MAX_JOBS`] besides the streams still
/// running, which are never forgotten (they could not be stopped any more).
#[derive(Default)]
pub struct JobRegistry {
    inner: Mutex<Kept>,
}

/// The jobs by id, and their ids oldest first.
type Kept = (HashMap<String, JobEntry>, VecDeque<String>);

impl JobRegistry {
    /// Registers a new batch job for `spec`.
    pub fn create(&self, spec: GenerationSpec) -> Arc<Job> {
        let id = new_id();
        let job = Arc::new(Job::new(id.clone(), spec));
        if let Ok(mut guard) = self.inner.lock() {
            keep(&mut guard, id, JobEntry::Batch(job.clone()));
        }
        job
    }

    /// Registers a new streaming job, unless `max_running` streams already run (their count
    /// is the error).
    pub fn create_stream(
        &self,
        make: impl FnOnce(String) -> StreamJob,
        max_running: usize,
    ) -> Result<Arc<StreamJob>, usize> {
        let mut guard = self.inner.lock().map_err(|_| 0usize)?;
        let running = guard
            .0
            .values()
            .filter(|e| e.running_containers().is_some())
            .count();
        if running >= max_running {
            return Err(running);
        }
        let id = new_id();
        let job = Arc::new(make(id.clone()));
        keep(&mut guard, id, JobEntry::Stream(job.clone()));
        Ok(job)
    }

    /// Replaces an ended stream by its final view, letting its fleet's state go.
    pub fn retire(&self, id: &str) {
        if let Ok(mut guard) = self.inner.lock() {
            if let Some(entry) = guard.0.get_mut(id) {
                if let JobEntry::Stream(job) = entry {
                    *entry = JobEntry::Ended(Arc::new(job.view()));
                }
            }
        }
    }

    /// The job with this id, if it is still kept.
    pub fn get(&self, id: &str) -> Option<JobEntry> {
        self.inner.lock().ok()?.0.get(id).cloned()
    }

    /// The streams still running.
    pub fn running_streams(&self) -> Vec<Arc<StreamJob>> {
        self.inner
            .lock()
            .map(|guard| {
                guard
                    .0
                    .values()
                    .filter_map(|e| match e {
                        JobEntry::Stream(s) if s.stats.state() == StreamState::Running => {
                            Some(s.clone())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// At most `limit` kept jobs from `offset`, newest first, and how many are kept.
    pub fn page(&self, offset: usize, limit: usize) -> (Vec<JobEntry>, usize) {
        self.inner
            .lock()
            .map(|guard| {
                let (map, order) = &*guard;
                let page = order
                    .iter()
                    .rev()
                    .skip(offset)
                    .take(limit)
                    .filter_map(|id| map.get(id).cloned())
                    .collect();
                (page, order.len())
            })
            .unwrap_or_default()
    }
}

/// Keeps `entry`, forgetting the oldest ended jobs past [`MAX_JOBS`].
fn keep(kept: &mut Kept, id: String, entry: JobEntry) {
    let (map, order) = kept;
    map.insert(id.clone(), entry);
    order.push_back(id);
    let mut kept_running = VecDeque::new();
    while order.len() - kept_running.len() > MAX_JOBS {
        let Some(old) = order.pop_front() else {
            break;
        };
        if map
            .get(&old)
            .is_some_and(|e| e.running_containers().is_some())
        {
            kept_running.push_back(old);
        } else {
            map.remove(&old);
        }
    }
    while let Some(id) = kept_running.pop_back() {
        order.push_front(id);
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
