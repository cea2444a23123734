//! `reefer generate --db`: the CLI's records into MongoDB, in batches.

use reefer_shared::generator::Extras;
use reefer_shared::{GenerationSpec, Generator};

use crate::error::CliError;
use crate::mongo::{DocumentFormat, MongoSettings, MongoWriter};
use crate::progress;

/// Where and how the documents go.
pub struct MongoOutput {
    /// The connection.
    pub settings: MongoSettings,
    /// The document shape.
    pub format: DocumentFormat,
    /// Whether each document carries a `ground_truth` subdocument.
    pub ground_truth: bool,
}

/// Records per `insert_many` (~4.5 MB of BSON; the server takes up to 100 000 and 48 MB).
const BATCH: usize = 10_000;

/// Connects, calls `connected` (which prints the seed line), then inserts the whole
/// generation; says how far it got if it fails half-way.
pub fn run(
    spec: GenerationSpec,
    output: MongoOutput,
    quiet: bool,
    connected: impl FnOnce(),
) -> Result<(), CliError> {
    let total = Generator::new(spec).total();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let MongoOutput {
            settings,
            format,
            ground_truth,
        } = output;
        let writer = MongoWriter::connect(settings, format).await?;
        connected();
        let bar = if quiet {
            indicatif::ProgressBar::hidden()
        } else {
            progress::for_records(total)
        };
        let mut generator = Generator::new(spec);
        let truth = ground_truth.then(|| generator.ground_truth());
        let mut inserted = 0u64;
        let mut batch = Vec::with_capacity(BATCH);
        let (mut truths, mut rcm) = (Vec::new(), Vec::new());
        let profile = generator.spec().profile();
        let outcome = loop {
            batch.clear();
            truths.clear();
            rcm.clear();
            generator.fill(BATCH, &mut batch, truth.as_ref(), &mut truths, &mut rcm);
            if batch.is_empty() {
                break Ok(());
            }
            let extras = Extras::gathered(&truths, truth.is_some(), &rcm, profile);
            match writer.insert(&batch, extras).await {
                Ok(n) => {
                    inserted += n;
                    bar.set_position(inserted);
                }
                Err(e) => break Err(e),
            }
        };
        bar.finish_and_clear();
        if let Err(e) = outcome {
            return Err(CliError::failure(format!(
                "{e} ({inserted} of {total} records were inserted before)"
            )));
        }
        if !quiet && progress::stderr_is_terminal() {
            eprintln!(
                "reefer: inserted {inserted} records into {}",
                writer.describe()
            );
        }
        Ok(())
    })
}
