//! The handle on a running stream, shared by its loop, its output and whoever watches or stops
//! it: events sent, acknowledged and failed, how far behind the schedule it is, its state,
//! each container's latest reading (the fleet view), and the request to stop.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use reefer_shared::wire::JobState;
use reefer_shared::{Simulation, TelemetryRecord};
use tokio::sync::Notify;

use super::Stamped;

/// A container's latest reading in a stream.
#[derive(Debug, Clone, Copy)]
pub struct Latest {
    /// The reading, as sent.
    pub record: TelemetryRecord,
    /// The simulation of the container's current cycle.
    pub simulation: Simulation,
    /// The ground truth's fault type of the reading, when the stream carries it.
    pub fault_type: Option<&'static str>,
    /// Events sent for this container.
    pub events: u64,
    /// Its latest fault episodes, the newest first, when the stream follows the ground truth.
    pub onsets: [Option<Onset>; ONSETS_KEPT],
    /// Its state on the board ([`reefer_shared::wire::board::cell_state`]).
    pub state: char,
}

/// Fault episodes kept per container: a maintenance event read back after its fault has
/// ended and another begun still finds the fault it was raised in.
pub const ONSETS_KEPT: usize = 3;

impl Latest {
    /// The kept episode that a reading taken at `time` belongs to.
    pub fn onset_covering(&self, time: reefer_shared::Timestamp) -> Option<Onset> {
        self.onsets
            .iter()
            .flatten()
            .find(|o| o.covers(time))
            .copied()
    }
}

/// Where a container's latest fault episode began, and (once over) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Onset {
    /// The ground truth's fault type.
    pub fault_type: &'static str,
    /// The episode's number in the container's generation.
    pub episode: u64,
    /// The `measurement_time` of its first reading sent.
    pub first: reefer_shared::Timestamp,
    /// The `measurement_time` of the first reading after it, once sent.
    pub ended: Option<reefer_shared::Timestamp>,
    /// When its first reading was sent, in milliseconds since 1970.
    pub sent_ms: i64,
}

impl Onset {
    /// Whether a reading taken at `time` belongs to this episode.
    pub fn covers(&self, time: reefer_shared::Timestamp) -> bool {
        self.first <= time && self.ended.is_none_or(|end| time < end)
    }
}

/// One stream's counters and stop request, shared between its loop, its output and whoever
/// watches or stops it.
#[derive(Debug)]
pub struct StreamHandle {
    rate: f64,
    started: OnceLock<Instant>,
    ended: OnceLock<Duration>,
    sent: AtomicU64,
    acked: AtomicU64,
    failed: AtomicU64,
    lag: AtomicU64,
    state: AtomicU8,
    stop: AtomicBool,
    wake: Notify,
    error: Mutex<Option<String>>,
    latest: Mutex<Vec<Option<Latest>>>,
}

impl StreamHandle {
    /// The counters of a stream of `containers` at `rate` records per second.
    pub fn new(rate: f64, containers: usize) -> Self {
        Self {
            rate,
            started: OnceLock::new(),
            ended: OnceLock::new(),
            sent: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            lag: AtomicU64::new(0),
            state: AtomicU8::new(0),
            stop: AtomicBool::new(false),
            wake: Notify::new(),
            error: Mutex::new(None),
            latest: Mutex::new(vec![None; containers]),
        }
    }

    pub(super) fn begin(&self, at: Instant) {
        let _ = self.started.set(at);
    }

    /// Asks the stream to stop after its current tick.
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::Release);
        self.wake.notify_waiters();
    }

    pub(super) fn stop_requested(&self) -> bool {
        self.stop.load(Ordering::Acquire)
    }

    /// Resolves once a stop is requested.
    pub(super) async fn stopped(&self) {
        let notified = self.wake.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        if self.stop_requested() {
            return;
        }
        notified.await;
    }

    pub(super) fn set_lag(&self, lag: u64) {
        self.lag.store(lag, Ordering::Relaxed);
    }

    pub(super) fn record_sent(&self, events: &[Stamped]) {
        self.sent.fetch_add(events.len() as u64, Ordering::Relaxed);
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        if let Ok(mut latest) = self.latest.lock() {
            for stamped in events {
                let event = &stamped.event;
                if let Some(slot) = latest.get_mut(event.container) {
                    let events = slot.map_or(0, |l| l.events) + 1;
                    let time = event.record.measurement_time;
                    let mut onsets = slot.map_or([None; ONSETS_KEPT], |l| l.onsets);
                    let current = &mut onsets[0];
                    match event.truth.and_then(|t| t.episode) {
                        Some(e)
                            if current.is_none_or(|o| o.episode != e.id || o.ended.is_some()) =>
                        {
                            onsets.rotate_right(1);
                            onsets[0] = Some(Onset {
                                fault_type: e.kind.name(),
                                episode: e.id,
                                first: time,
                                ended: None,
                                sent_ms: now_ms,
                            });
                        }
                        Some(_) => {}
                        None => {
                            if let Some(o) = current.as_mut().filter(|o| o.ended.is_none()) {
                                o.ended = Some(time);
                            }
                        }
                    }
                    *slot = Some(Latest {
                        record: event.record,
                        simulation: event.simulation,
                        fault_type: event
                            .truth
                            .map(|t| t.episode.map_or("none", |e| e.kind.name())),
                        events,
                        onsets,
                        state: reefer_shared::wire::board::cell_state(
                            event.truth.and_then(|t| t.episode).map(|e| e.kind.class()),
                            event.record.maintenance_required,
                        ),
                    });
                }
            }
        }
    }

    /// Counts the broker's answers for some of the stream's events.
    pub fn record_answers(&self, acked: u64, failed: u64, error: Option<String>) {
        self.acked.fetch_add(acked, Ordering::Relaxed);
        self.failed.fetch_add(failed, Ordering::Relaxed);
        if let (Some(message), Ok(mut slot)) = (error, self.error.lock()) {
            slot.get_or_insert(message);
        }
    }

    pub(super) fn finish(&self, state: JobState, error: Option<String>) {
        if let Some(started) = self.started.get() {
            let _ = self.ended.set(started.elapsed());
        }
        if let (Some(message), Ok(mut slot)) = (error, self.error.lock()) {
            // The reason it ended comes first.
            *slot = Some(message);
        }
        self.lag.store(0, Ordering::Relaxed);
        let code = state.code();
        self.state.store(code, Ordering::Release);
        self.wake.notify_waiters();
    }

    /// The state.
    pub fn state(&self) -> JobState {
        JobState::from_code(self.state.load(Ordering::Acquire))
    }

    /// The asked rate.
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Events handed to the output.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Events the broker acknowledged.
    pub fn acked(&self) -> u64 {
        self.acked.load(Ordering::Relaxed)
    }

    /// Events that could not be delivered.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Events due but not yet sent at the last tick.
    pub fn lag(&self) -> u64 {
        self.lag.load(Ordering::Relaxed)
    }

    /// Time since the stream started (until it ended, once it has).
    pub fn elapsed(&self) -> Duration {
        match (self.ended.get(), self.started.get()) {
            (Some(ended), _) => *ended,
            (None, Some(started)) => started.elapsed(),
            (None, None) => Duration::ZERO,
        }
    }

    /// Events sent per second since the start.
    pub fn achieved_rate(&self) -> f64 {
        let seconds = self.elapsed().as_secs_f64();
        if seconds > 0.0 {
            self.sent() as f64 / seconds
        } else {
            0.0
        }
    }

    /// The first error, or why the stream ended.
    pub fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    /// The latest reading of each container that has sent one, in fleet order, from
    /// `offset`, at most `limit`.
    pub fn latest(&self, offset: usize, limit: usize) -> Vec<Latest> {
        self.latest
            .lock()
            .map(|all| {
                all.iter()
                    .skip(offset)
                    .take(limit)
                    .flatten()
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The latest reading of the container at `index` in the fleet, if it has sent one.
    pub fn latest_at(&self, index: usize) -> Option<Latest> {
        self.latest.lock().ok()?.get(index).copied().flatten()
    }

    /// Each container's state on the board, in fleet order (`.` before its first reading).
    pub fn states(&self) -> String {
        self.latest
            .lock()
            .map(|all| {
                all.iter()
                    .map(|l| l.map_or(reefer_shared::wire::board::WAITING, |l| l.state))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until the stream has ended.
    pub async fn ended(&self) {
        loop {
            let notified = self.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.state() != JobState::Running {
                return;
            }
            notified.await;
        }
    }
}
