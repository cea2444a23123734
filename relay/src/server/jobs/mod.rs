//! `/control` jobs: what each request asked for and how far its records have got, kept in one
//! registry that also stops the running streams at shutdown.

mod batch_job;
mod stream_job;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use reefer_shared::wire::{AnyJobView, JobState, StreamJobView};
use reefer_shared::GenerationSpec;

use super::peers::Peers;

pub use batch_job::{BatchJob, MAX_BATCHES_GENERATING};
pub use stream_job::StreamJob;

/// Jobs kept for `GET`; the oldest are forgotten past this.
const MAX_JOBS: usize = 1000;

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
    Batch(Arc<BatchJob>),
    /// A streaming job.
    Stream(Arc<StreamJob>),
    /// An ended stream's final view: its fleet and per-container state are let go.
    Ended(Arc<StreamJobView>),
}

impl JobEntry {
    /// The containers of a stream still counted as running (it holds their state).
    fn running_containers(&self) -> Option<usize> {
        match self {
            JobEntry::Stream(s) if s.stats.state() == JobState::Running => {
                Some(s.fleet.containers().len())
            }
            _ => None,
        }
    }
}

/// The jobs of this process, newest last: at most [`MAX_JOBS`] besides the streams still
/// running, which are never forgotten (they could not be stopped any more).
pub struct JobRegistry {
    inner: Mutex<Kept>,
    ids: Arc<Peers>,
}

/// The jobs by id, and their ids oldest first.
type Kept = (HashMap<String, JobEntry>, VecDeque<String>);

impl JobRegistry {
    /// An empty registry whose job ids start with this relay's id.
    pub fn new(ids: Arc<Peers>) -> Self {
        Self {
            inner: Mutex::default(),
            ids,
        }
    }

    /// Registers a new batch job for `spec`.
    pub fn create(&self, spec: GenerationSpec) -> Arc<BatchJob> {
        let id = self.ids.new_job_id();
        let job = Arc::new(BatchJob::new(id.clone(), spec));
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
        let id = self.ids.new_job_id();
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
                        JobEntry::Stream(s) if s.stats.state() == JobState::Running => {
                            Some(s.clone())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every kept stream job, running or ended, the newest first.
    pub fn kept_streams(&self) -> Vec<Arc<StreamJob>> {
        self.inner
            .lock()
            .map(|guard| {
                let (jobs, order) = &*guard;
                order
                    .iter()
                    .rev()
                    .filter_map(|id| match jobs.get(id) {
                        Some(JobEntry::Stream(s)) => Some(s.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Stops every running stream (at shutdown), and waits until they have ended, at most
    /// `deadline` from now for all of them.
    pub async fn stop_all(&self, deadline: std::time::Duration) {
        let running = self.running_streams();
        for job in &running {
            job.stats.request_stop();
        }
        let deadline = tokio::time::Instant::now() + deadline;
        for job in running {
            let _ = tokio::time::timeout_at(deadline, job.stats.ended()).await;
        }
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
