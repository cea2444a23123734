//! `reefer dataset`: a predictive-maintenance benchmark in a folder (see [`crate::dataset`]).

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use clap::Args;
use reefer_shared::dataset::preset::{MAX_DELIVERY_SHARE, MAX_NOISE, MAX_NUISANCE_PER_DAY};
use reefer_shared::dataset::{DatasetSpec, Knobs, Preset, MAX_DAYS, MAX_UNITS};
use reefer_shared::shard::Shard;
use reefer_shared::{Interval, ParseError, Seed, Timestamp};

use super::generate::{parse_threads, print_seed_line, threads_or_every_core};
use super::parse::parse_with;
use crate::dataset::{write_dataset, Partition};
use crate::error::CliError;
use crate::progress;

const EXAMPLES: &str = "\
Examples:
  # The realistic preset: 20 units watched for 30 days, loaded by pandas in one line
  reefer dataset --units 20 --days 30 --seed 1 --preset realistic --out d/
  python -c 'import pandas as pd; print(pd.read_parquet(\"d/telemetry\").describe())'

  # A harder, more imbalanced set: 2 % of 500 units fail, telemetry in a folder per day
  reefer dataset --units 500 --days 180 --seed 7 --preset hard --failure-share 0.02 \\
      --partition day --out fleet/

Presets (each knob can be overridden):
  easy       30 % of units fail, clean sensors, parked, every 5 min, nothing missing
  realistic  15 % fail, noise 1, 15 % look-alike sensor faults, 0.5 extra nuisance
             alarms a day, half on voyages, 2 % missing and 1 % late readings
  hard       5 % fail, noise 3, 30 % look-alike sensor faults, 2 nuisance alarms a day,
             all on voyages, every 15 min, 8 % missing and 5 % late

The folder gets telemetry/, alarms, maintenance, failures, units and test_truth (Parquet),
split.json and DATASHEET.md (every column, the rates, leakage, the command, the baselines).
The same flags give the same bytes on every machine.";

/// A share from 0 to `max`.
fn share_up_to(s: &str, max: f64) -> Result<f64, ParseError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=max).contains(&v) => Ok(v),
        _ => Err(ParseError::new(
            "share",
            s,
            format!("expected a number from 0 to {max}"),
        )),
    }
}

/// Flags of `reefer dataset`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct DatasetArgs {
    /// The folder to write (created; refused if it exists and is not empty)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// How many units (1 to 100000)
    #[arg(long, value_name = "N", default_value = "20",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_UNITS)))]
    pub units: u32,

    /// How many days each unit is watched (1 to 3660)
    #[arg(long, value_name = "N", default_value = "30",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_DAYS)))]
    pub days: u32,

    /// Seed for every draw (0 to 18446744073709551615); a random one is drawn and printed when
    /// left out
    #[arg(long, value_name = "N", value_parser = parse_with::<Seed>)]
    pub seed: Option<Seed>,

    /// Time of the first reading, "YYYY-MM-DD HH:MM:SS" UTC
    #[arg(long, value_name = "TIME", default_value = "2026-01-01 00:00:00",
          value_parser = parse_with::<Timestamp>)]
    pub start: Timestamp,

    /// Difficulty: easy, realistic or hard (the knobs below override it)
    #[arg(long, value_name = "PRESET", default_value = "realistic",
          value_parser = parse_with::<Preset>)]
    pub preset: Preset,

    /// Share of units that wear out and run to failure, 0 to 1
    #[arg(long, value_name = "SHARE", value_parser = |s: &str| share_up_to(s, 1.0))]
    pub failure_share: Option<f64>,

    /// Extra sensor noise, in units of each sensor's noise (DATASHEET.md), 0 to 10
    #[arg(long, value_name = "K", value_parser = |s: &str| share_up_to(s, MAX_NOISE))]
    pub noise: Option<f64>,

    /// Share of healthy units whose temperature sensor drifts, sticks or spikes, 0 to 1
    #[arg(long, value_name = "SHARE", value_parser = |s: &str| share_up_to(s, 1.0))]
    pub sensor_fault_share: Option<f64>,

    /// Extra nuisance alarms per powered unit-day, 0 to 48
    #[arg(long, value_name = "N", value_parser = |s: &str| share_up_to(s, MAX_NUISANCE_PER_DAY))]
    pub nuisance_per_day: Option<f64>,

    /// Share of units on a voyage (a route drawn per unit), 0 to 1
    #[arg(long, value_name = "SHARE", value_parser = |s: &str| share_up_to(s, 1.0))]
    pub route_share: Option<f64>,

    /// Time between readings: 5m, 15m or 1h
    #[arg(long, value_name = "INTERVAL", value_parser = parse_with::<Interval>)]
    pub interval: Option<Interval>,

    /// Share of readings missing (in runs), 0 to 0.5
    #[arg(long, value_name = "SHARE", value_parser = |s: &str| share_up_to(s, MAX_DELIVERY_SHARE))]
    pub missing_share: Option<f64>,

    /// Share of readings written late, 0 to 0.5
    #[arg(long, value_name = "SHARE", value_parser = |s: &str| share_up_to(s, MAX_DELIVERY_SHARE))]
    pub late_share: Option<f64>,

    /// Telemetry files: none (one file), unit (a folder per unit) or day (a folder per day,
    /// written day by day)
    #[arg(long, value_name = "BY", default_value = "none", value_parser = parse_partition)]
    pub partition: Partition,

    /// Write only shard K of N (0-based): the telemetry and alarms of a block of units, as
    /// `part-K.parquet` files, into a folder the other shards may be writing too (a
    /// Kubernetes Indexed Job's pods); shard 0 also writes the tables and the datasheet. The N
    /// shards together hold exactly the rows of the whole run; give each the same --seed
    #[arg(long, env = "REEFER_SHARD", value_name = "K/N", default_value = "0/1",
          value_parser = parse_with::<Shard>)]
    pub shard: Shard,

    /// Threads that encode the telemetry's row groups (1 to 256; default: every core); the
    /// files are the same for any number
    #[arg(long, value_name = "N", allow_hyphen_values = true, value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,

    /// Print nothing on stderr but errors (no seed line, no progress bar)
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Parses `--partition`.
fn parse_partition(s: &str) -> Result<Partition, ParseError> {
    Partition::ALL
        .into_iter()
        .find(|p| p.name().eq_ignore_ascii_case(s.trim()))
        .ok_or_else(|| ParseError::new("partition", s, "expected none, unit or day"))
}

impl DatasetArgs {
    /// The preset's knobs with the flags given.
    fn knobs(&self) -> Knobs {
        let mut k = self.preset.knobs();
        let set = |v: &mut f64, flag: Option<f64>| *v = flag.unwrap_or(*v);
        set(&mut k.failure_share, self.failure_share);
        set(&mut k.noise, self.noise);
        set(&mut k.sensor_fault_share, self.sensor_fault_share);
        set(&mut k.nuisance_per_day, self.nuisance_per_day);
        set(&mut k.route_share, self.route_share);
        set(&mut k.missing_share, self.missing_share);
        set(&mut k.late_share, self.late_share);
        k.interval = self.interval.unwrap_or(k.interval);
        k
    }
}

/// The command line that writes `spec` again: the preset, and each knob that differs from it.
pub fn command_line(
    spec: &DatasetSpec,
    preset: Preset,
    partition: Partition,
    out: &Path,
) -> String {
    let mut line = format!(
        "reefer dataset --units {} --days {} --seed {} --start '{}' --preset {}",
        spec.units,
        spec.days,
        spec.seed.0,
        spec.start,
        preset.name()
    );
    let (k, p) = (spec.knobs, preset.knobs());
    let shares = [
        ("failure-share", k.failure_share, p.failure_share),
        ("noise", k.noise, p.noise),
        (
            "sensor-fault-share",
            k.sensor_fault_share,
            p.sensor_fault_share,
        ),
        ("nuisance-per-day", k.nuisance_per_day, p.nuisance_per_day),
        ("route-share", k.route_share, p.route_share),
        ("missing-share", k.missing_share, p.missing_share),
        ("late-share", k.late_share, p.late_share),
    ];
    for (flag, value, default) in shares {
        if value != default {
            line.push_str(&format!(" --{flag} {value}"));
        }
    }
    if k.interval != p.interval {
        line.push_str(&format!(" --interval {}", k.interval.name()));
    }
    if partition != Partition::None {
        line.push_str(&format!(" --partition {}", partition.name()));
    }
    line.push_str(&format!(" --out {}", out.display()));
    line
}

/// Runs `reefer dataset`.
pub fn run(args: DatasetArgs) -> Result<(), CliError> {
    let seed = args
        .seed
        .unwrap_or_else(|| Seed::from_random_bits(rand::random()));
    let spec = DatasetSpec {
        units: args.units,
        days: args.days,
        seed,
        start: args.start,
        knobs: args.knobs(),
    }
    .checked()
    .map_err(|e| CliError::usage(format!("--{}: {e}", e.what().replace('_', "-"))))?;
    if args.shard.is_whole() {
        refuse_non_empty(&args.out)?;
    } else {
        refuse_written_shard(&args.out, args.shard)?;
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        CliError::usage(format!("--out: cannot create {}: {e}", args.out.display()))
    })?;
    if args.seed.is_none() {
        print_seed_line(args.quiet, false, seed, spec.start);
    }
    let own = args.shard.range(u64::from(spec.units));
    let total = (own.end - own.start) * spec.readings_per_unit();
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        progress::for_records(total)
    };
    let command = command_line(&spec, args.preset, args.partition, &args.out);
    let threads = threads_or_every_core(args.threads);
    let result = write_dataset(
        (&spec, args.shard, threads),
        args.partition,
        &args.out,
        &command,
        |done| bar.set_position(done),
    );
    bar.finish_and_clear();
    let summary = result.map_err(|e| CliError::failure(e.to_string()))?;
    if !args.quiet && progress::stderr_is_terminal() {
        eprintln!(
            "reefer: wrote {} units, {} readings ({} alarms) to {}; see {}",
            own.end - own.start,
            summary.written,
            summary.alarms,
            args.out.display(),
            args.out.join("DATASHEET.md").display()
        );
    }
    Ok(())
}

/// Refuses to write a shard twice into the same folder: its alarms file is already there.
fn refuse_written_shard(dir: &Path, shard: Shard) -> Result<(), CliError> {
    let path = crate::dataset::alarms_path(dir, shard);
    if path.exists() {
        return Err(CliError::usage(format!(
            "--shard {shard}: {} is already there; this shard was written into {} before. \
             Give a new or empty folder",
            path.display(),
            dir.display()
        )));
    }
    if dir.is_file() {
        return Err(CliError::usage(format!(
            "--out: {} is a file; give a folder",
            dir.display()
        )));
    }
    Ok(())
}

/// Refuses a folder that exists and holds anything (a dataset is never mixed with another).
fn refuse_non_empty(dir: &Path) -> Result<(), CliError> {
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(CliError::usage(format!(
            "--out: {} is not empty; give a new or empty folder",
            dir.display()
        ))),
        Ok(false) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(CliError::usage(format!(
            "--out: {} is a file; give a folder",
            dir.display()
        ))),
        Err(e) => Err(CliError::usage(format!("--out: {}: {e}", dir.display()))),
    }
}
