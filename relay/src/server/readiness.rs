//! Readiness: whether the broker answers and the topic exists, checked at most once a second
//! however many probes ask, with each change logged once.

use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::kafka::{KafkaFailure, KafkaSink};

/// How long readiness waits for the broker.
const READY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long one readiness answer serves every probe (a flood of probes asks the broker once).
const READY_FRESH: Duration = Duration::from_secs(1);

/// The latest readiness check, shared by every probe.
pub struct Readiness {
    /// The Kafka connection in words (no secret), for the details.
    pub kafka: String,
    latest: Mutex<Option<(Instant, Result<usize, KafkaFailure>)>>,
}

impl Readiness {
    /// No check yet; `kafka` describes the connection for the details.
    pub fn new(kafka: String) -> Self {
        Self {
            kafka,
            latest: Mutex::new(None),
        }
    }

    /// The broker's answer, at most [`READY_FRESH`] old: one check at a time, however many
    /// ask (each check holds a blocking thread for up to [`READY_TIMEOUT`]).
    pub async fn check(&self, sink: &KafkaSink) -> Result<usize, KafkaFailure> {
        let mut latest = self.latest.lock().await;
        if let Some((at, answer)) = latest.as_ref() {
            if at.elapsed() < READY_FRESH {
                return answer.clone();
            }
        }
        let sink = sink.clone();
        let answer = tokio::task::spawn_blocking(move || sink.check_ready(READY_TIMEOUT))
            .await
            .unwrap_or_else(|e| Err(KafkaFailure::new(format!("readiness check failed: {e}"))));
        let was_ready = latest.as_ref().is_none_or(|(_, a)| a.is_ok());
        if let Err(e) = &answer {
            if was_ready {
                tracing::warn!("not ready: {e}");
            }
        } else if !was_ready {
            tracing::info!("ready again: the broker answers");
        }
        *latest = Some((Instant::now(), answer.clone()));
        answer
    }
}
