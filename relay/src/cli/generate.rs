//! `reefer generate`: write a generation to a file or stdout.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::Args;
use reefer_shared::encoding::EncodedChunks;
use reefer_shared::rcm::Profile;
use reefer_shared::route::Route;
use reefer_shared::shard::Shard;
use reefer_shared::{
    ContainerId, GenerationSpec, Interval, LeadTime, ParseError, Product, RecordCount, Seed,
    Simulation, Timestamp,
};

use super::file_format::{parse_file_format, FileFormat};
use super::parse::parse_with;
use super::payload_format::PayloadFormatArg;
use crate::error::CliError;
use crate::mongo::DocumentFormat;
use crate::output::{self, Destination};
use crate::progress;

/// Records encoded per write: big enough to amortise the write, small enough to stay in cache.
const RECORDS_PER_CHUNK: usize = 4096;

const EXAMPLES: &str = "\
Examples:
  # A CSV of normal readings for a data scientist (1000 rows, C01, bananas)
  reefer generate

  # Labelled faults: CO2 sensor failures on container C02, 50 000 readings, repeatable
  reefer generate --stype co2sensor --cid C02 --product_id P02 --records 50000 \\
      --seed 42 --start '2026-01-01 00:00:00' --file co2.csv

  # Add power-off readings to the same file (rows only, no second header)
  reefer generate --stype poweroff --cid C03 --records 10000 --file co2.csv --append

  # JSON lines to stdout, into another tool
  reefer generate --stype o2sensor --records 500 --format jsonl --file - | head

  # Straight to Kafka, as the relay would send them (settings from the environment)
  KAFKA_BROKERS=localhost:9092 reefer generate --stype poweroff --cid C04 --records 5000 --kafka

  # A coupled scenario with the ground truth beside the label, and its fault manifest
  reefer generate --stype powerfailure --records 20000 --seed 7 --ground-truth \
      --manifest powerfailure.json --file powerfailure.csv

  # Events the original solution's scoring agents parse (the original's tuple payload)
  KAFKA_BROKERS=localhost:9092 reefer generate --stype co2sensor --cid C02 --records 1000 \
      --kafka --payload-format legacy

  # Into MongoDB (database ibmclouddb unless MONGO_DATABASE, collection telemetries)
  MONGO_DB_URL=mongodb://localhost:27017 MONGODB_USER=alice MONGODB_PASSWORD=... \
      reefer generate --stype co2sensor --records 100000 --db

  # ... in the original simulator's document shape
  MONGO_DB_URL=mongodb://localhost:27017 reefer generate --records 1000 --db --document-format legacy

Products: P01 Carrots, P02 Banana, P03 Salad, P04 Avocado, P05 Tomato (the original five), and the
cargo catalogue P06–P20 by id or name (frozen, chilled, controlled atmosphere, pharmaceuticals):
`reefer products` lists them with their setpoints and sources.
The same flags, --seed and --start give the same bytes on every machine (and in the browser).";

/// The examples, then every simulation with its description (written once, in
/// `reefer-shared`).
fn after_help() -> String {
    let (examples, products) = EXAMPLES.split_once("Products:").unwrap_or((EXAMPLES, ""));
    let mut text = format!("{examples}Simulations:\n");
    for simulation in Simulation::ALL {
        text.push_str(&format!(
            "  {:<13} {}\n",
            simulation.name(),
            simulation.description()
        ));
    }
    format!("{text}\nProducts:{products}")
}

/// Flags of `reefer generate`. The original tool's names come first; the idiomatic names are
/// aliases.
#[derive(Debug, Args)]
#[command(after_help = after_help())]
pub struct GenerateArgs {
    /// Simulation: normal, poweroff, co2sensor, o2sensor, temperature, tempgrowth,
    /// powerfailure, dooropen, defrost, sensorstuck, sensordrift, sensorspike, gaps,
    /// duplicates, lateevents, or run to failure: refrigerantleak, compressorwear, fanfailure,
    /// condenserfouling
    #[arg(long = "stype", visible_alias = "simulation", value_name = "SIMULATION",
          default_value = "normal", value_parser = parse_with::<Simulation>)]
    pub simulation: Simulation,

    /// Container id: 1-64 letters, digits, '-', '_' or '.' (C01-C04 are the demo presets)
    #[arg(long = "cid", visible_alias = "container", value_name = "ID",
          default_value = "C01", value_parser = parse_with::<ContainerId>)]
    pub container: ContainerId,

    /// Product: P01 Carrots, P02 Banana, P03 Salad, P04 Avocado, P05 Tomato, or P06–P20 of the
    /// catalogue by id or name (`reefer products`)
    #[arg(long = "product_id", visible_aliases = ["product", "product-id"], value_name = "PRODUCT",
          default_value = "P02", value_parser = parse_with::<Product>)]
    pub product: Product,

    /// Number of records, one every --interval of simulated time (0 to 500000000)
    #[arg(long, short = 'n', value_name = "N", default_value = "1000", allow_hyphen_values = true,
          value_parser = parse_with::<RecordCount>)]
    pub records: RecordCount,

    /// Output file, or - for stdout; replaced unless --append is given
    #[arg(
        long,
        short = 'f',
        visible_alias = "output",
        value_name = "PATH",
        default_value = "telemetries.csv"
    )]
    pub file: PathBuf,

    /// Add rows to the file instead of replacing it (the header is written only to a new file)
    #[arg(long, short = 'a')]
    pub append: bool,

    /// Output format: csv, jsonl or parquet (typed columns, a file or stdout, not --append)
    #[arg(long, value_name = "FORMAT", default_value = "csv", value_parser = parse_file_format)]
    pub format: FileFormat,

    /// Seed for every random draw (0 to 18446744073709551615); a random one is drawn and
    /// printed when left out
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_with::<Seed>)]
    pub seed: Option<Seed>,

    /// Time of the first reading, "YYYY-MM-DD HH:MM:SS" (default: now, UTC)
    #[arg(long, value_name = "TIME", value_parser = parse_with::<Timestamp>)]
    pub start: Option<Timestamp>,

    /// Send the records to Kafka instead of a file, as SPEC's events (KAFKA_BROKERS,
    /// TELEMETRY_TOPIC, KAFKA_USER, KAFKA_PASSWORD/KAFKA_APIKEY, KAFKA_CERT from the environment)
    #[arg(long, conflicts_with = "append")]
    pub kafka: bool,

    /// With --kafka: what each event's payload holds
    #[command(flatten)]
    pub payload: PayloadFormatArg,

    /// Also label the readings this many minutes before each equipment failure
    /// (maintenance_required = 1), to train a model to predict it: a multiple of 5, 0 to 10080
    #[arg(long, value_name = "MINUTES", default_value = "0", value_parser = parse_with::<LeadTime>)]
    pub lead_time: LeadTime,

    /// Add the ground truth: columns fault_type, fault_class, fault_id, minutes_since_onset,
    /// ingest_time (what really happens on each row, whatever the label says) to files and
    /// stdout, a `ground_truth` field to MongoDB documents, or the fields to each Kafka
    /// event's payload
    #[arg(long)]
    pub ground_truth: bool,

    /// The columns: standard (the original 20) or rcm (also supply_air_temperature,
    /// return_air_temperature, power_on, compressor_duty, compressor_current,
    /// ambient_humidity, alarm_code, mode: what a reefer's remote monitoring reports, with
    /// the controller's mode and alarms raised by the physics, every unit running one
    /// physical model; with --ground-truth also alarm_nuisance) in files, stdout, json
    /// Kafka events and MongoDB documents; not with legacy events
    #[arg(long, value_name = "PROFILE", default_value = "standard", value_parser = parse_with::<Profile>)]
    pub profile: Profile,

    /// A voyage: guayaquil-antwerp, santos-rotterdam, valparaiso-philadelphia,
    /// rotterdam-munich (a truck leg) or rotterdam-yard (a terminal stay); the position moves
    /// along it, the ambient follows latitude, season and the hour, and the unit is unplugged
    /// at each transfer. Without it the unit is parked at the original's place, at 20 °C
    #[arg(long, value_name = "ROUTE", value_parser = parse_with::<Route>)]
    pub route: Option<Route>,

    /// The time between two readings: 5m (the original's), 15m or 1h; time constants, the
    /// defrost rhythm, lead times and the clock follow it
    #[arg(long, value_name = "INTERVAL", default_value = "5m", value_parser = parse_with::<Interval>)]
    pub interval: Interval,

    /// Also write the fault manifest (JSON: the spec and every fault episode with its rows
    /// and times) to this file
    #[arg(long, value_name = "PATH")]
    pub manifest: Option<PathBuf>,

    /// Insert the records into MongoDB instead of a file (MONGO_DB_URL, MONGO_DATABASE,
    /// MONGODB_USER, MONGODB_PASSWORD, MONGO_SSL_PEM from the environment), one document per
    /// record with the readings under `sensors`, into the collection `telemetries`
    #[arg(long, conflicts_with_all = ["append", "kafka"])]
    pub db: bool,

    /// MongoDB connection string (mongodb:// or mongodb+srv://); implies --db and wins over
    /// MONGO_DB_URL. Prefer MONGODB_PASSWORD to a password in the URL (visible in `ps`)
    #[arg(long, value_name = "URL", conflicts_with_all = ["append", "kafka"])]
    pub mongo_url: Option<String>,

    /// With --db: the document shape, reefer (every reading under `sensors`, the time a BSON
    /// date) or legacy (the original simulator's: `containerID`, only the sensor readings
    /// under `sensors`, the time a string)
    #[arg(long, env = "MONGO_DOCUMENT_FORMAT", value_name = "SHAPE", default_value = "reefer",
          value_parser = parse_with::<DocumentFormat>)]
    pub document_format: DocumentFormat,

    /// Threads that encode the file (1 to 256; default: every core): CSV and JSON lines in
    /// chunks of rows, Parquet a row group's columns; the bytes are the same for any number
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,

    /// Write only shard K of N (0-based) of a file's records: a block of consecutive rows,
    /// the header only in shard 0, so that the N files concatenated in order are the whole
    /// run's bytes (Parquet: its rows, in order); give every shard the same --seed and --start. Shard K replays the rows
    /// before its block without encoding them (K/N of the generation)
    #[arg(long, env = "REEFER_SHARD", value_name = "K/N", default_value = "0/1",
          value_parser = parse_with::<Shard>, conflicts_with_all = ["kafka", "db", "mongo_url"])]
    pub shard: Shard,

    /// Print nothing on stderr but errors (no seed line, no progress bar)
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The most encoding threads.
pub const MAX_THREADS: usize = 256;

/// Parses `--threads`: 1 to [`MAX_THREADS`].
pub(super) fn parse_threads(s: &str) -> Result<NonZeroUsize, ParseError> {
    s.trim()
        .parse::<NonZeroUsize>()
        .ok()
        .filter(|n| n.get() <= MAX_THREADS)
        .ok_or_else(|| {
            ParseError::new(
                "number of threads",
                s,
                format!("expected a number of threads from 1 to {MAX_THREADS}"),
            )
        })
}

/// The threads to encode with: the flag, or every core.
fn threads(args: &GenerateArgs) -> NonZeroUsize {
    threads_or_every_core(args.threads)
}

/// `--threads`, or every core when it is not given.
pub(super) fn threads_or_every_core(flag: Option<NonZeroUsize>) -> NonZeroUsize {
    flag.unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
}

/// Runs `reefer generate`.
pub fn run(args: GenerateArgs) -> Result<(), CliError> {
    let seed = args
        .seed
        .unwrap_or_else(|| Seed::from_random_bits(rand::random()));
    let start = args.start.unwrap_or_else(crate::clock::now);
    let spec = GenerationSpec::new(
        args.container,
        args.product,
        args.simulation,
        args.records,
        start,
        seed,
    )
    .and_then(|spec| spec.with_interval(args.interval))
    .map_err(|e| CliError::usage(format!("--records: {e}")))?
    .with_lead_time(args.lead_time)
    .with_profile(args.profile)
    .with_route(args.route);

    if let Some(path) = &args.manifest {
        write_manifest(path, &spec)?;
    }
    if args.db || args.mongo_url.is_some() {
        let settings = crate::mongo::MongoSettings::from_env(args.mongo_url.as_deref())?;
        // The seed line once connected, so that a refused connection is one line of error.
        let output = super::generate_mongo::MongoOutput {
            settings,
            format: args.document_format,
            ground_truth: args.ground_truth,
        };
        return super::generate_mongo::run(spec, output, args.quiet, || {
            print_seed(&args, seed, start)
        });
    }
    if args.kafka {
        let payload_format = args.payload.checked(args.ground_truth, args.profile)?;
        let settings = crate::kafka::settings::KafkaSettings::from_env()?;
        print_seed(&args, seed, start);
        return super::generate_kafka::run(
            spec,
            &settings,
            payload_format,
            args.ground_truth,
            args.quiet,
        );
    }
    let dest = Destination::from_arg(&args.file);
    let format = match args.format {
        FileFormat::Text(format) => format,
        FileFormat::Parquet => {
            return write_parquet(&args, spec, &dest, || print_seed(&args, seed, start))
        }
    };
    let opened = output::open(&dest, format, args.append)?;
    print_seed(&args, seed, start);
    let threads = threads(&args);
    if threads.get() > 1 {
        return write_parallel(&args, spec, format, opened, &dest, threads);
    }
    let mut chunks = EncodedChunks::new(spec, format, opened.needs_header).with_shard(args.shard);
    if args.ground_truth {
        chunks = chunks.with_ground_truth();
    }
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        progress::for_records(chunks.records_total())
    };

    let mut writer = opened.writer;
    let mut buffer = Vec::with_capacity(RECORDS_PER_CHUNK * 320);
    let written = (|| -> io::Result<()> {
        loop {
            buffer.clear();
            if chunks.next_chunk(&mut buffer, RECORDS_PER_CHUNK) == 0 {
                break;
            }
            writer.write_all(&buffer)?;
            bar.set_position(chunks.records_done());
        }
        writer.flush()
    })();
    bar.finish_and_clear();
    match written {
        Ok(()) => {}
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && dest == Destination::Stdout => {
            return Ok(())
        }
        Err(e) => {
            return Err(CliError::failure(format!(
                "writing {}: {e} ({} of {} records written)",
                dest.describe(),
                chunks
                    .records_done()
                    .saturating_sub(RECORDS_PER_CHUNK as u64),
                chunks.records_total()
            )))
        }
    }

    let written = (chunks.records_done(), chunks.records_labelled());
    report(&args, &spec, &dest, written, "");
    Ok(())
}

/// Writes the records of `spec` as text with `threads` encoders (the same bytes as one).
fn write_parallel(
    args: &GenerateArgs,
    spec: GenerationSpec,
    format: reefer_shared::encoding::Format,
    opened: output::Opened,
    dest: &Destination,
    threads: NonZeroUsize,
) -> Result<(), CliError> {
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        progress::for_records(args.shard.range(spec.records().get()).count() as u64)
    };
    let mut writer = opened.writer;
    let result = crate::parallel::write_text(
        spec,
        format,
        opened.needs_header,
        args.ground_truth,
        (threads, args.shard),
        &mut writer,
        |done| bar.set_position(done),
    )
    .and_then(|written| writer.flush().map(|()| written));
    bar.finish_and_clear();
    let written = match result {
        Ok(written) => written,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && dest == &Destination::Stdout => {
            return Ok(())
        }
        Err(e) => {
            return Err(CliError::failure(format!(
                "writing {}: {e}",
                dest.describe()
            )))
        }
    };
    report(args, &spec, dest, (written.rows, written.labelled), "");
    Ok(())
}

/// The one-line summary of a run written to a file, shown only to a person: the rows and
/// labelled rows of `written`, `how` they were written (e.g. " as Parquet").
fn report(
    args: &GenerateArgs,
    spec: &GenerationSpec,
    dest: &Destination,
    written: (u64, u64),
    how: &str,
) {
    if !args.quiet && progress::stderr_is_terminal() && dest != &Destination::Stdout {
        eprintln!(
            "reefer: wrote {} {} records ({} labelled maintenance_required){how} to {}",
            written.0,
            spec.simulation(),
            written.1,
            dest.describe()
        );
    }
}

/// Writes the records of `spec` as one Parquet file (or to stdout), after `announce`.
fn write_parquet(
    args: &GenerateArgs,
    spec: GenerationSpec,
    dest: &Destination,
    announce: impl FnOnce(),
) -> Result<(), CliError> {
    if args.append {
        return Err(CliError::usage(
            "--append: a Parquet file cannot be added to (it ends with its footer); write a new \
             file per run, or use --format csv",
        ));
    }
    let out = output::open_new(dest)?;
    announce();
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        progress::for_records(args.shard.range(spec.records().get()).count() as u64)
    };
    let result = crate::parquet::write_generation(
        (spec, args.shard),
        (args.ground_truth, threads(args)),
        io::BufWriter::with_capacity(1 << 20, out),
        |done| bar.set_position(done),
    )
    .and_then(|(mut out, written)| {
        out.flush()?;
        Ok(written)
    });
    bar.finish_and_clear();
    let written = match result {
        Ok(written) => written,
        Err(parquet::errors::ParquetError::External(e))
            if dest == &Destination::Stdout
                && e.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            return Ok(())
        }
        Err(e) => {
            return Err(CliError::failure(format!(
                "writing {}: {e}",
                dest.describe()
            )))
        }
    };
    report(
        args,
        &spec,
        dest,
        (written.rows, written.labelled),
        " as Parquet",
    );
    Ok(())
}

/// Writes the fault manifest of `spec` as pretty JSON.
fn write_manifest(path: &std::path::Path, spec: &GenerationSpec) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(&reefer_shared::manifest::manifest(spec))
        .map_err(|e| CliError::failure(format!("--manifest: {e}")))?;
    std::fs::write(path, text + "\n")
        .map_err(|e| CliError::usage(format!("--manifest: cannot write {}: {e}", path.display())))
}

/// Prints the seed and start that repeat the run, when the user did not give both.
fn print_seed(args: &GenerateArgs, seed: Seed, start: Timestamp) {
    print_seed_line(
        args.quiet,
        args.seed.is_some() && args.start.is_some(),
        seed,
        start,
    );
}

/// The line that says how to repeat a run, unless quiet or both were given.
pub(super) fn print_seed_line(quiet: bool, both_given: bool, seed: Seed, start: Timestamp) {
    if !quiet && !both_given {
        eprintln!(
            "reefer: seed {seed}, start {start} (repeat with --seed {seed} --start '{start}')"
        );
    }
}
