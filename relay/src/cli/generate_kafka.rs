//! `reefer generate --kafka`: the CLI's records to Kafka, through the relay's producer.

use std::collections::VecDeque;

use reefer_shared::encoding::PayloadFormat;
use reefer_shared::generator::Extras;
use reefer_shared::{GenerationSpec, Generator};
use std::sync::Arc;

use crate::error::CliError;
use crate::kafka::settings::KafkaSettings;
use crate::kafka::{Acknowledgements, KafkaSink, SinkOptions};
use crate::progress;

/// Records handed to the producer at a time.
const CHUNK: usize = 10_000;
/// Chunks awaiting acknowledgement before the next one is produced (bounded memory).
const CHUNKS_IN_FLIGHT: usize = 8;

/// Produces the whole generation and waits for every acknowledgement.
/// With `ground_truth` (a `json` payload only), each event's payload carries its record's
/// ground truth.
pub fn run(
    spec: GenerationSpec,
    settings: &KafkaSettings,
    payload_format: PayloadFormat,
    ground_truth: bool,
    quiet: bool,
) -> Result<(), CliError> {
    let Some(brokers) = &settings.brokers else {
        return Err(CliError::usage(
            "--kafka: set KAFKA_BROKERS=host:port[,host:port] (the embedded broker exists only \
             inside `reefer serve`)",
        ));
    };
    let options = SinkOptions {
        payload_format,
        ..SinkOptions::default()
    };
    let sink = KafkaSink::connect(settings, brokers, options)
        .map_err(|e| CliError::usage(format!("Kafka settings: {e}")))?;
    let total = Generator::new(spec).total();
    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        progress::for_records(total)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    let outcome = runtime.block_on(async {
        let mut generator = Generator::new(spec);
        let truth = ground_truth.then(|| generator.ground_truth());
        let mut pending: VecDeque<Arc<Acknowledgements>> = VecDeque::new();
        let (mut acked, mut failed, mut error) = (0u64, 0u64, None);
        let mut chunk = Vec::with_capacity(CHUNK);
        let (mut truths, mut rcm) = (Vec::new(), Vec::new());
        let profile = generator.spec().profile();
        loop {
            chunk.clear();
            truths.clear();
            rcm.clear();
            generator.fill(CHUNK, &mut chunk, truth.as_ref(), &mut truths, &mut rcm);
            let done = chunk.is_empty();
            if !done {
                let extras = Extras::gathered(&truths, truth.is_some(), &rcm, profile);
                pending.push_back(sink.enqueue(&chunk, extras));
            }
            while pending.len() > CHUNKS_IN_FLIGHT || (done && !pending.is_empty()) {
                if let Some(oldest) = pending.pop_front() {
                    let outcome = sink.settle(&oldest).await;
                    acked += outcome.acked;
                    failed += outcome.not_acked();
                    if error.is_none() {
                        error = outcome.error;
                    }
                    bar.set_position(acked + failed);
                }
            }
            if done {
                break;
            }
        }
        (acked, failed, error)
    });
    bar.finish_and_clear();
    let (acked, failed, error) = outcome;
    if failed > 0 {
        let detail = sink
            .last_error()
            .map(|e| format!(" (last broker error: {e})"))
            .unwrap_or_default();
        return Err(CliError::failure(format!(
            "kafka: {failed} of {total} records were not acknowledged: {}{detail}",
            error.unwrap_or_default()
        )));
    }
    if !quiet && progress::stderr_is_terminal() {
        eprintln!(
            "reefer: {acked} records acknowledged on topic {:?}",
            sink.topic()
        );
    }
    Ok(())
}
