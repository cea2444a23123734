//! The job resource, `GET /control/jobs/{id}`: a batch's or a stream's progress.

use serde::{Deserialize, Serialize};

use crate::pace::Clock;
use crate::{Product, Simulation};

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Records are handed to Kafka; acknowledgements are coming in (a stream: sending on
    /// schedule).
    Running,
    /// Every record was acknowledged (a stream: its duration or count is done).
    Completed,
    /// A stream stopped on request (`DELETE`); a batch is never stopped.
    Stopped,
    /// Some records could not be delivered, or a stream's output failed or could not keep up
    /// (see `error`).
    Failed,
    /// The relay that ran the job is gone (stopped, killed or restarted): what it had sent is
    /// in the topic, its counts are lost, and nothing runs any more.
    #[serde(rename = "relay_gone")]
    RelayGone,
}

impl JobState {
    /// The state's name in the API.
    pub const fn name(self) -> &'static str {
        match self {
            JobState::Running => "running",
            JobState::Completed => "completed",
            JobState::Stopped => "stopped",
            JobState::Failed => "failed",
            JobState::RelayGone => "relay_gone",
        }
    }

    /// The state as one byte, for an atomic.
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The state of a byte from [`JobState::code`].
    pub const fn from_code(code: u8) -> Self {
        match code {
            0 => JobState::Running,
            1 => JobState::Completed,
            2 => JobState::Stopped,
            4 => JobState::RelayGone,
            _ => JobState::Failed,
        }
    }
}

/// How far a job's records have got.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobCounts {
    /// Records generated and handed to Kafka.
    pub generated: u64,
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records that could not be delivered.
    pub failed: u64,
    /// The first delivery error (a stream: or why it failed), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A batch job (a `/control` request without `rate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchJobView {
    /// The job's id.
    pub id: String,
    /// running, completed or failed.
    pub state: JobState,
    /// `containerID` of the request.
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// The simulation.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub simulation: Simulation,
    /// The product.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub product_id: Product,
    /// `nb_of_records` of the request.
    pub nb_of_records: u64,
    /// The seed used (drawn by the relay when the request had none): repeats the data.
    pub seed: u64,
    /// The first measurement time used.
    pub start: String,
    /// Its records so far.
    #[serde(flatten)]
    pub counts: JobCounts,
}

/// What kind of job a view is of: only streams say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// A streaming job.
    Stream,
}

/// A streaming job (a `/control` request with `rate`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamJobView {
    /// The job's id.
    pub id: String,
    /// Always `stream`.
    pub kind: JobKind,
    /// running, completed (its duration or count is done), stopped (by DELETE) or failed
    /// (see `error`).
    pub state: JobState,
    /// How many containers.
    pub containers: usize,
    /// The simulations each container's cycles are drawn from.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub simulations: Vec<Simulation>,
    /// The product of every container, or `mixed` (P01..P05 in turn).
    pub product_id: String,
    /// `wall` or `simulated`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub clock: Clock,
    /// The asked rate, records per second.
    pub rate: f64,
    /// How it keeps to its schedule.
    #[serde(flatten)]
    pub progress: StreamProgress,
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
    /// Its records so far (`error`: why it failed, or the first delivery error).
    #[serde(flatten)]
    pub counts: JobCounts,
}

/// How a stream keeps to its schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamProgress {
    /// Records per second sent since the start.
    pub achieved_rate: f64,
    /// Records due but not yet sent (how far behind the schedule the stream is).
    pub lag: u64,
    /// Seconds since the start (until the end, once ended).
    pub elapsed_seconds: f64,
}

/// Either kind of job, as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AnyJobView {
    /// A batch job.
    Batch(BatchJobView),
    /// A streaming job.
    Stream(StreamJobView),
}

impl AnyJobView {
    /// The job's state, whichever kind it is.
    pub fn state(&self) -> JobState {
        match self {
            AnyJobView::Batch(view) => view.state,
            AnyJobView::Stream(view) => view.state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_view_reads_back_as_its_kind() {
        let stream = r#"{"id":"a","kind":"stream","state":"running","containers":2,
            "simulations":["normal","gaps"],"product_id":"mixed","clock":"wall","rate":10.0,
            "achieved_rate":9.5,"lag":0,"elapsed_seconds":1.0,"duration_seconds":null,
            "nb_of_records":null,"seed":7,"start":"2026-01-01 00:00:00","ground_truth":false,
            "generated":10,"acked":9,"failed":0}"#;
        let view: AnyJobView = serde_json::from_str(stream).unwrap();
        let AnyJobView::Stream(s) = &view else {
            panic!("{view:?}")
        };
        assert_eq!(s.simulations, vec![Simulation::Normal, Simulation::Gaps]);
        assert_eq!(view.state(), JobState::Running);
        let batch = r#"{"id":"b","state":"completed","containerID":"C02","simulation":"co2sensor",
            "product_id":"P02","nb_of_records":5,"seed":1,"start":"2026-01-01 00:00:00",
            "generated":5,"acked":5,"failed":0}"#;
        let view: AnyJobView = serde_json::from_str(batch).unwrap();
        assert!(matches!(view, AnyJobView::Batch(ref b) if b.counts.acked == 5));
        for state in [
            JobState::Running,
            JobState::Completed,
            JobState::Stopped,
            JobState::Failed,
        ] {
            assert_eq!(JobState::from_code(state.code()), state);
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.name())
            );
        }
    }
}

/// A job whose relay is gone (`410 Gone`): asked through another replica, its owner no longer
/// answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoneJobView {
    /// The job's id.
    pub id: String,
    /// Always `relay_gone`.
    pub state: JobState,
    /// The id of the relay that ran it (the first part of the job id).
    pub relay: String,
    /// What that means, in words.
    pub error: String,
}
