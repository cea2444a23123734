//! `reefer stream`: a fleet's telemetry at a rate, to stdout or Kafka, until a duration, a
//! count or Ctrl-C.

use std::io::{self, Write};
use std::sync::Arc;

use clap::Args;
use reefer_shared::control::{RequestOptions, StreamRequest};
use reefer_shared::encoding::{ExtraColumns, Format, PayloadFormat};
use reefer_shared::fleet::{
    parse_containers, parse_simulations, Fleet, MAX_CONTAINERS, MAX_SHARDED_CONTAINERS,
};
use reefer_shared::pace::{Clock, Rate, StreamDuration};
use reefer_shared::rcm::Profile;
use reefer_shared::route::RouteChoice;
use reefer_shared::shard::{round_robin_share, Shard};
use reefer_shared::{
    ContainerId, Cycle, Interval, LeadTime, ParseError, Product, RecordCount, Seed, Simulation,
    Timestamp,
};

use super::generate::print_seed_line;
use super::parse::parse_with;
use super::payload_format::PayloadFormatArg;
use crate::error::CliError;
use crate::kafka::{KafkaSink, SinkOptions};
use crate::stream::engine::{self, StreamOutput};
use crate::stream::handle::StreamHandle;
use crate::stream::kafka_output::KafkaOutput;
use crate::stream::Stamped;
use reefer_shared::wire::JobState;

const EXAMPLES: &str = "\
Examples:
  # 10 containers, 5 readings per second in all, to stdout as JSON lines, until Ctrl-C
  reefer stream --containers 10 --rate 5

  # A fleet of 10 000 containers, one event per container per second, for a minute, to Kafka
  KAFKA_BROKERS=localhost:9092 reefer stream --containers 10000 --rate 10000 --duration 60s --kafka

  # Backfill: a week of 5-minute readings of 3 named containers as fast as 50 000 a second,
  # every cycle drawn from three scenarios, with the ground truth
  reefer stream --containers C01,C02,C03 --stype powerfailure,dooropen,normal \\
      --clock simulated --rate 50000 --records 6048 --ground-truth --format csv > week.csv

Each container has its own product (P01..P05 in turn unless --product_id), seed and state;
every day (--cycle readings) it runs a simulation drawn from --stype. The stream sends
--rate events per second in all, round-robin over the containers, stamped with the wall clock
(when each is due) or with simulated time (--clock simulated: --interval per reading from
--start). A stream that falls more than 5 s behind its schedule stops with an error.";

/// Flags of `reefer stream`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct StreamArgs {
    /// Containers: a count (C0001, C0002, ...) or a comma-separated list of ids; at most
    /// 100000 per stream (per shard with --shard, where a count may reach 10000000)
    #[arg(long, value_name = "N|IDS", default_value = "10", value_parser = parse_with_containers)]
    pub containers: ContainerList,

    /// Records per second over the whole fleet, fractions allowed (0.001 to 10000000)
    #[arg(long, value_name = "PER_SECOND", default_value = "10", value_parser = parse_with::<Rate>)]
    pub rate: Rate,

    /// How long: 90, 90s, 15m or 2h (at most a week); without it (and --records) the stream
    /// runs until Ctrl-C
    #[arg(long, value_name = "DURATION", value_parser = parse_with::<StreamDuration>)]
    pub duration: Option<StreamDuration>,

    /// Stop after this many records (1 to 500000000)
    #[arg(long, short = 'n', value_name = "N", allow_hyphen_values = true,
          value_parser = parse_record_limit)]
    pub records: Option<RecordCount>,

    /// Simulations each container's daily cycle is drawn from: one name, a comma-separated
    /// list, or mixed (every fault-episode simulation; the run-to-failure ones by name)
    #[arg(long = "stype", visible_alias = "simulation", value_name = "SIMULATIONS",
          default_value = "mixed", value_parser = parse_with_simulations)]
    pub simulations: SimulationList,

    /// One product for every container (default: P01..P05 in turn)
    #[arg(long = "product_id", visible_aliases = ["product", "product-id"], value_name = "PRODUCT",
          value_parser = parse_with::<Product>)]
    pub product: Option<Product>,

    /// Event time: wall (now, default) or simulated (--interval per reading from --start, as
    /// fast as the rate goes: a backfill)
    #[arg(long, value_name = "CLOCK", default_value = "wall", value_parser = parse_with::<Clock>)]
    pub clock: Clock,

    /// Readings per container cycle, each cycle drawing its simulation and seed (9 to
    /// 1000000; default a day: 288 readings of 5 minutes, 96 of 15, 24 of an hour)
    #[arg(long, value_name = "READINGS", value_parser = parse_cycle)]
    pub cycle: Option<Cycle>,
    /// Voyages: a route for every container (guayaquil-antwerp, santos-rotterdam,
    /// valparaiso-philadelphia, rotterdam-munich, rotterdam-yard) or mixed (one drawn per
    /// container); without it every container is parked at the original's place
    #[arg(long, value_name = "ROUTE", value_parser = parse_with::<RouteChoice>)]
    pub route: Option<RouteChoice>,
    /// The time between two readings of a container: 5m (default), 15m or 1h
    #[arg(long, value_name = "INTERVAL", default_value = "5m", value_parser = parse_with::<Interval>)]
    pub interval: Interval,
    /// The columns: standard (the original 20) or rcm (also supply_air_temperature,
    /// return_air_temperature, power_on, compressor_duty, compressor_current,
    /// ambient_humidity, alarm_code, mode); not with legacy events
    #[arg(long, value_name = "PROFILE", default_value = "standard", value_parser = parse_with::<Profile>)]
    pub profile: Profile,

    /// Seed for every random draw; a random one is drawn and printed when left out
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_with::<Seed>)]
    pub seed: Option<Seed>,

    /// Simulated time of the first reading, "YYYY-MM-DD HH:MM:SS" (default: now, UTC)
    #[arg(long, value_name = "TIME", value_parser = parse_with::<Timestamp>)]
    pub start: Option<Timestamp>,

    /// Also label the readings this many minutes before each equipment failure
    #[arg(long, value_name = "MINUTES", default_value = "0", value_parser = parse_with::<LeadTime>)]
    pub lead_time: LeadTime,

    /// Add the ground truth (fault_type, fault_class, fault_id, minutes_since_onset,
    /// ingest_time) to each record or event
    #[arg(long)]
    pub ground_truth: bool,

    /// Send to Kafka (KAFKA_BROKERS and the other settings from the environment) instead of
    /// stdout
    #[arg(long)]
    pub kafka: bool,

    /// Stdout format: jsonl (records), csv, or event (SPEC's Kafka event, one per line)
    #[arg(long, value_name = "FORMAT", default_value = "jsonl", value_parser = parse_stdout_format,
          conflicts_with = "kafka")]
    pub format: StdoutFormat,

    /// With --kafka or --format event: what each event's payload holds
    #[command(flatten)]
    pub payload: PayloadFormatArg,

    /// Stream only shard K of N (0-based) of the fleet: a block of its containers, each with
    /// the seed, product and state it has in the whole fleet, at the block's share of --rate
    /// and --records, so that N streams (a Kubernetes Indexed Job's pods) together send
    /// exactly what one would: the same records, each container's in the same order, on the
    /// same partitions (the key is the container id). Give each the same --seed (and --start
    /// with --clock simulated)
    #[arg(long, env = "REEFER_SHARD", value_name = "K/N", default_value = "0/1",
          value_parser = parse_with::<Shard>)]
    pub shard: Shard,

    /// Print nothing on stderr but errors
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The containers of `--containers`.
#[derive(Debug, Clone)]
pub enum ContainerList {
    /// A numbered fleet of this many (C0001, ...).
    Count(usize),
    /// These ids.
    Ids(Vec<ContainerId>),
}

impl ContainerList {
    /// How many containers the whole fleet has.
    fn len(&self) -> usize {
        match self {
            ContainerList::Count(n) => *n,
            ContainerList::Ids(ids) => ids.len(),
        }
    }

    /// The containers of `shard`'s block, and the place of its first in the whole fleet.
    fn block(&self, shard: Shard) -> Result<(Vec<ContainerId>, usize), CliError> {
        let block = shard.range_usize(self.len());
        if block.is_empty() {
            return Err(CliError::usage(format!(
                "--shard {shard}: {} containers leave this shard none; use at most {} shards",
                self.len(),
                self.len()
            )));
        }
        let ids = match self {
            ContainerList::Count(n) => Fleet::numbered_block(*n, block.clone())
                .map_err(|e| CliError::usage(format!("--containers: {e}")))?,
            ContainerList::Ids(ids) => ids[block.clone()].to_vec(),
        };
        Ok((ids, block.start))
    }
}

/// The simulations of `--stype`.
#[derive(Debug, Clone)]
pub struct SimulationList(pub Vec<Simulation>);

/// What `reefer stream` writes to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdoutFormat {
    /// One of the file formats.
    Records(Format),
    /// SPEC's Kafka event, one JSON object per line, with this payload.
    Event(PayloadFormat),
}

fn parse_with_containers(s: &str) -> Result<ContainerList, ParseError> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return match t.parse::<usize>() {
            Ok(n) if (1..=MAX_SHARDED_CONTAINERS).contains(&n) => Ok(ContainerList::Count(n)),
            _ => Err(ParseError::new(
                "containers",
                t,
                format!(
                    "expected a count from 1 to {MAX_SHARDED_CONTAINERS} (at most \
                     {MAX_CONTAINERS} per shard), or a list of ids"
                ),
            )),
        };
    }
    parse_containers(s).map(ContainerList::Ids)
}

fn parse_with_simulations(s: &str) -> Result<SimulationList, ParseError> {
    parse_simulations(s).map(SimulationList)
}

fn parse_record_limit(s: &str) -> Result<RecordCount, ParseError> {
    let n: RecordCount = parse_with(s)?;
    if n.get() == 0 {
        return Err(ParseError::new(
            "record count",
            s,
            format!("expected 1 to {}", RecordCount::MAX),
        ));
    }
    Ok(n)
}

fn parse_cycle(s: &str) -> Result<Cycle, ParseError> {
    let n: RecordCount = parse_with(s)?;
    Cycle::new(n.get()).ok_or_else(|| {
        ParseError::new(
            "cycle",
            s,
            format!("expected {} to {} readings", Cycle::MIN, Cycle::MAX),
        )
    })
}

fn parse_stdout_format(s: &str) -> Result<StdoutFormat, ParseError> {
    if s.trim().eq_ignore_ascii_case("event") {
        // The payload format is filled in from --payload-format once every flag is known.
        return Ok(StdoutFormat::Event(PayloadFormat::Json));
    }
    s.parse::<Format>()
        .map(StdoutFormat::Records)
        .map_err(|_| ParseError::new("format", s, "expected jsonl, csv or event"))
}

/// The shard's share of `--rate` and `--records`: its `own` containers (from place `offset`)
/// over the whole fleet's.
fn shard_share(
    args: &StreamArgs,
    own: usize,
    offset: usize,
) -> Result<(Rate, Option<u64>), CliError> {
    if args.shard.is_whole() {
        return Ok((args.rate, args.records.map(RecordCount::get)));
    }
    let total = args.containers.len() as u64;
    let block = offset as u64..(offset + own) as u64;
    let records = args
        .records
        .map(|n| round_robin_share(n.get(), total, block.clone()));
    if records == Some(0) {
        return Err(CliError::usage(format!(
            "--records: {} records over {total} containers leave shard {} none",
            args.records.map_or(0, RecordCount::get),
            args.shard
        )));
    }
    let rate = Rate::new(args.rate.per_second() * own as f64 / total as f64).map_err(|_| {
        CliError::usage(format!(
            "--rate: {}/s over {total} containers leaves shard {} less than {}/s",
            args.rate.per_second(),
            args.shard,
            Rate::MIN
        ))
    })?;
    Ok((rate, records))
}

/// Runs `reefer stream`.
pub fn run(mut args: StreamArgs) -> Result<(), CliError> {
    let events = args.kafka || matches!(args.format, StdoutFormat::Event(_));
    let payload_format = if events {
        args.payload.checked(args.ground_truth, args.profile)?
    } else {
        PayloadFormat::Json
    };
    if let StdoutFormat::Event(format) = &mut args.format {
        *format = payload_format;
    }
    // The wall clock stamps each record when it is sent, so only a simulated clock needs the
    // same start in every shard.
    let start_needed = args.clock == Clock::Simulated && args.start.is_none();
    if !args.shard.is_whole() && (args.seed.is_none() || start_needed) {
        return Err(CliError::usage(format!(
            "--shard {}: give every shard the same --seed (and --start with --clock \
             simulated), or each draws its own fleet",
            args.shard
        )));
    }
    let seed = args
        .seed
        .unwrap_or_else(|| Seed::from_random_bits(rand::random()));
    let start = args.start.unwrap_or_else(crate::clock::now);
    let (containers, offset) = args.containers.block(args.shard)?;
    let (rate, max_records) = shard_share(&args, containers.len(), offset)?;
    // The flags make the same request a streaming `/control` body makes, and set up the same
    // fleet, stream and schedule from it.
    let request = StreamRequest {
        containers,
        simulations: args.simulations.0.clone(),
        product: args.product,
        rate,
        duration: args.duration,
        max_records,
        clock: args.clock,
        options: RequestOptions {
            seed: Some(seed),
            start: Some(start),
            lead_time: args.lead_time,
            ground_truth: args.ground_truth,
            interval: args.interval,
            profile: args.profile,
            route: args.route,
        },
        cycle: args.cycle.unwrap_or(Cycle::day(args.interval)),
    };
    let fleet = request
        .to_fleet(seed, start)
        .map_err(|e| CliError::usage(format!("--containers: {}", e.message)))?
        .with_offset(offset);
    let stream = request.fleet_stream(fleet);
    let pacer = request.pacer();
    let sink = if args.kafka {
        let settings = crate::kafka::settings::KafkaSettings::from_env()?;
        let Some(brokers) = &settings.brokers else {
            return Err(CliError::usage(
                "--kafka: set KAFKA_BROKERS=host:port[,host:port] (the embedded broker exists \
                 only inside `reefer serve`)",
            ));
        };
        Some(
            KafkaSink::connect(
                &settings,
                brokers,
                SinkOptions {
                    payload_format,
                    ..SinkOptions::default()
                },
            )
            .map_err(|e| CliError::usage(format!("Kafka settings: {e}")))?,
        )
    } else {
        None
    };
    print_seed_line(
        args.quiet,
        args.seed.is_some() && args.start.is_some(),
        seed,
        start,
    );
    let stats = Arc::new(StreamHandle::new(
        args.rate.per_second(),
        request.containers.len(),
    ));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let stopper = stats.clone();
        // Ctrl-C and SIGTERM (a pod's stop) end the stream alike: what was sent is delivered
        // (or counted as failed) before the summary.
        tokio::spawn(async move {
            crate::signal::stop_requested().await;
            stopper.request_stop();
        });
        match sink {
            Some(sink) => {
                let mut output = KafkaOutput::new(sink, args.ground_truth);
                engine::run(stream, pacer, args.clock, stats.clone(), &mut output).await;
                output.finish().await;
            }
            None => {
                let extra = ExtraColumns {
                    rcm: args.profile == Profile::Rcm,
                    truth: args.ground_truth,
                    wear: args.simulations.0.iter().any(|s| s.wear_mode().is_some()),
                };
                let mut output = StdoutOutput::new(args.format, args.ground_truth, extra);
                engine::run(stream, pacer, args.clock, stats.clone(), &mut output).await;
            }
        }
    });
    report(&stats, args.kafka, args.quiet)
}

/// The summary line, and the exit status a stream's end deserves.
fn report(stats: &StreamHandle, kafka: bool, quiet: bool) -> Result<(), CliError> {
    let seconds = stats.elapsed().as_secs_f64();
    if !quiet {
        let acked = if kafka {
            format!(", {} acknowledged by Kafka", stats.acked())
        } else {
            String::new()
        };
        eprintln!(
            "reefer: {} {} records in {seconds:.1} s ({:.1}/s, asked {}/s){acked}",
            stats.state().name(),
            stats.sent(),
            stats.achieved_rate(),
            stats.rate(),
        );
    }
    if stats.state() == JobState::Failed {
        return Err(CliError::failure(stats.error().unwrap_or_default()));
    }
    if kafka && stats.failed() > 0 {
        return Err(CliError::failure(format!(
            "kafka: {} of {} records were not acknowledged: {}",
            stats.failed(),
            stats.sent(),
            stats.error().unwrap_or_default()
        )));
    }
    Ok(())
}

/// Writes each tick's events to stdout, flushed at once so that a pipe sees them live.
struct StdoutOutput {
    format: StdoutFormat,
    ground_truth: bool,
    extra: ExtraColumns,
    header_pending: bool,
    buffer: Vec<u8>,
    stdout: io::Stdout,
}

impl StdoutOutput {
    fn new(format: StdoutFormat, ground_truth: bool, extra: ExtraColumns) -> Self {
        Self {
            format,
            ground_truth,
            extra,
            header_pending: true,
            buffer: Vec::with_capacity(1 << 20),
            stdout: io::stdout(),
        }
    }
}

impl StreamOutput for StdoutOutput {
    async fn send(&mut self, events: &[Stamped], stats: &Arc<StreamHandle>) -> io::Result<()> {
        self.buffer.clear();
        if self.header_pending {
            if let StdoutFormat::Records(format) = self.format {
                format.write_header_with(&mut self.buffer, self.extra);
            }
            self.header_pending = false;
        }
        for stamped in events {
            let event = &stamped.event;
            let truth = if self.ground_truth {
                event.truth.as_ref()
            } else {
                None
            };
            match self.format {
                StdoutFormat::Records(format) => format.write_record_with(
                    &mut self.buffer,
                    &event.record,
                    event.rcm.as_ref(),
                    truth,
                    self.extra,
                ),
                StdoutFormat::Event(payload) => {
                    payload.write_event(&mut self.buffer, &event.record, event.rcm.as_ref(), truth);
                    self.buffer.push(b'\n');
                }
            }
        }
        let mut out = self.stdout.lock();
        match out.write_all(&self.buffer).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            // A reader that stops (`| head`) ends the stream quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                stats.request_stop();
                Ok(())
            }
            Err(e) => Err(io::Error::new(e.kind(), format!("writing stdout: {e}"))),
        }
    }
}
