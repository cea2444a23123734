//! The paced loop that `reefer stream` and the relay's streaming jobs share: at every tick it
//! takes the events the schedule says are due from the fleet, stamps them with the chosen
//! clock and hands them to an output.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reefer_shared::fleet::FleetStream;
use reefer_shared::pace::{Clock, Pacer};
use reefer_shared::Timestamp;

use super::handle::StreamHandle;
use super::Stamped;
use reefer_shared::wire::JobState;

/// The most events taken in one tick (bounds the tick's memory; a stream that is behind takes
/// several ticks in a row without sleeping).
pub const MAX_PER_TICK: u64 = 10_000;
/// The shortest sleep between ticks: events due meanwhile go out together.
const MIN_TICK: Duration = Duration::from_millis(5);
/// The longest sleep: a stop request is noticed within this.
const MAX_TICK: Duration = Duration::from_millis(100);
/// A stream whose next event is overdue by more than this cannot keep up and stops.
pub const MAX_OVERDUE: Duration = Duration::from_secs(5);

/// Where a stream's events go.
pub trait StreamOutput {
    /// Whether `n` more events can be taken now (back-pressure); `true` by default.
    fn has_room(&self, _n: usize) -> bool {
        true
    }

    /// Takes one tick's events. An error (writing the output) ends the stream as failed.
    fn send(
        &mut self,
        events: &[Stamped],
        stats: &Arc<StreamHandle>,
    ) -> impl Future<Output = std::io::Result<()>>;
}

/// Runs the stream until its schedule ends, it is stopped, its output fails or it falls
/// behind; the final state and error are in `stats`.
pub async fn run<O: StreamOutput>(
    mut stream: FleetStream,
    pacer: Pacer,
    clock: Clock,
    stats: Arc<StreamHandle>,
    output: &mut O,
) {
    let fleet_size = stream.fleet().containers().len() as f64;
    let start = stream.fleet().start();
    let interval_seconds = stream.fleet().interval().seconds();
    let rate = pacer.rate().per_second();
    let wall0 = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let t0 = Instant::now();
    stats.begin(t0);
    let mut sent = 0u64;
    let mut buffer: Vec<Stamped> = Vec::new();
    let mut waited_for_room = false;
    let outcome = loop {
        if stats.stop_requested() {
            break Ok(JobState::Stopped);
        }
        if pacer.limit().is_some_and(|limit| sent >= limit) {
            break Ok(JobState::Completed);
        }
        let elapsed = t0.elapsed();
        let due = pacer.due(elapsed);
        stats.set_lag(due.saturating_sub(sent));
        let overdue = elapsed.saturating_sub(pacer.time_of(sent));
        if due > sent && overdue > MAX_OVERDUE {
            break Err(behind_message(
                rate,
                sent,
                elapsed,
                overdue,
                waited_for_room,
            ));
        }
        let take = due.saturating_sub(sent).min(MAX_PER_TICK);
        if take > 0 {
            if !output.has_room(take as usize) {
                waited_for_room = true;
                sleep_or_stop(&stats, MIN_TICK).await;
                continue;
            }
            buffer.clear();
            for k in sent..sent + take {
                let Some(mut event) = stream.next_event() else {
                    break;
                };
                let due_at = wall0 + k as f64 / rate;
                let ingest_ms = match clock {
                    Clock::Wall => {
                        // Stamped with when it is due; a late or repeated reading with the
                        // earlier time of its row, a container's reading interval apart.
                        let late_rows = event.delivered.ingest_row - event.delivered.row;
                        let event_time = due_at - late_rows as f64 * fleet_size / rate;
                        if let Some(t) = Timestamp::from_unix_seconds(event_time.floor() as i64) {
                            event.record.measurement_time = t;
                        }
                        if let (Some(truth), Some(now)) = (
                            event.truth.as_mut(),
                            Timestamp::from_unix_seconds(due_at.floor() as i64),
                        ) {
                            truth.ingest_time = now;
                        }
                        (due_at * 1000.0) as i64
                    }
                    Clock::Simulated => {
                        let offset = event.delivered.ingest_row as i64 * interval_seconds;
                        (start.unix_seconds().saturating_add(offset)).saturating_mul(1000)
                    }
                };
                buffer.push(Stamped { event, ingest_ms });
            }
            if buffer.is_empty() {
                // Every container has passed year 9999.
                break Ok(JobState::Completed);
            }
            if let Err(e) = output.send(&buffer, &stats).await {
                break Err(e.to_string());
            }
            sent += buffer.len() as u64;
            stats.record_sent(&buffer);
            if take == MAX_PER_TICK {
                // Behind schedule: the next tick at once, but let the other tasks (requests,
                // probes) run first.
                tokio::task::yield_now().await;
                continue;
            }
        }
        let next_due = pacer.time_of(sent);
        let wait = next_due
            .saturating_sub(t0.elapsed())
            .clamp(MIN_TICK, MAX_TICK);
        sleep_or_stop(&stats, wait).await;
    };
    match outcome {
        Ok(state) => stats.finish(state, None),
        Err(e) => stats.finish(JobState::Failed, Some(e)),
    }
}

async fn sleep_or_stop(stats: &StreamHandle, wait: Duration) {
    tokio::select! {
        () = tokio::time::sleep(wait) => {},
        () = stats.stopped() => {},
    }
}

fn behind_message(
    rate: f64,
    sent: u64,
    elapsed: Duration,
    overdue: Duration,
    waited_for_room: bool,
) -> String {
    let seconds = elapsed.as_secs_f64().max(1e-9);
    let cause = if waited_for_room {
        "the Kafka producer was full: the broker acknowledges fewer records per second than that"
    } else {
        "this machine cannot generate and send that many"
    };
    format!(
        "rate: cannot keep up with {rate} records/s: {sent} sent in {seconds:.1} s \
         ({:.0}/s), {:.1} s behind schedule ({cause}); ask for a lower rate",
        sent as f64 / seconds,
        overdue.as_secs_f64()
    )
}
