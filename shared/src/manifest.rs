//! The fault manifest of a generation (`reefer generate --manifest`): the spec, and every
//! episode with its rows and times, as a data scientist reads it beside the records.

use serde::{Deserialize, Serialize};

use crate::generator::Generator;
use crate::spec::GenerationSpec;

/// The fault manifest of a generation.
///
/// ```json
/// {"container_id": "C02", "product_id": "P02", "simulation": "powerfailure", "records": 1000,
///  "start": "2026-01-01 00:00:00", "seed": 42,
///  "episodes": [{"id": 1, "fault_type": "power_failure", "fault_class": "equipment",
///                "first_row": 35, "last_row": 154, "rows": 120,
///                "start": "2026-01-01 02:55:00", "end": "2026-01-01 12:50:00"}],
///  "defrost_schedule": null}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The container.
    pub container_id: String,
    /// The product.
    pub product_id: String,
    /// The simulation.
    pub simulation: String,
    /// How many records.
    pub records: u64,
    /// The first reading's time.
    pub start: String,
    /// The seed.
    pub seed: u64,
    /// Minutes between two readings, when not the default 5 (absent: 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_minutes: Option<u64>,
    /// Every fault episode, in order.
    pub episodes: Vec<ManifestEpisode>,
    /// The defrost cycles, when the simulation has them.
    pub defrost_schedule: Option<DefrostSchedule>,
    /// A run-to-failure simulation's failures and repairs, in order (absent for the others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures: Option<Vec<ManifestFailure>>,
    /// The route, on a voyage (absent when parked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// On a voyage, the transfers the run shows (unplugged between two stages), in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<Vec<ManifestEpisode>>,
    /// With the `rcm` profile, every alarm the run raises: consecutive rows with the same
    /// code, in row order (absent for the standard profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<Vec<ManifestAlarm>>,
}

/// One alarm of the manifest: a code shown on consecutive rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAlarm {
    /// The code (`AL16`, …; see [`crate::alarm`]).
    pub code: String,
    /// Whether it is a nuisance alarm (raised without its condition).
    pub nuisance: bool,
    /// Its first row.
    pub first_row: u64,
    /// Its last row.
    pub last_row: u64,
    /// How many rows.
    pub rows: u64,
    /// The first row's time.
    pub start: Option<String>,
    /// The last row's time.
    pub end: Option<String>,
}

/// One failure of a wearing unit, and the repair after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFailure {
    /// The repair cycle it ends (0: the one the run starts in).
    pub cycle: u64,
    /// How the unit fails (`refrigerant_leak`, …).
    pub failure_mode: String,
    /// The component that fails.
    pub component: String,
    /// The first row at or after the failure.
    pub failure_row: u64,
    /// The failure's time, to the minute.
    pub failure_time: Option<String>,
    /// The first row at or after the repair.
    pub repair_row: u64,
    /// The repair's time, to the minute.
    pub repair_time: Option<String>,
    /// Whether the failure comes after the generated rows (the run never shows it).
    pub beyond_span: bool,
}

/// One episode of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEpisode {
    /// Its number within the run, from 1.
    pub id: u64,
    /// What happens (`power_failure`, …).
    pub fault_type: String,
    /// `equipment`, `sensor`, `delivery` or `operation`.
    pub fault_class: String,
    /// Its first row (0-based).
    pub first_row: u64,
    /// Its last row.
    pub last_row: u64,
    /// How many rows.
    pub rows: u64,
    /// The first row's time (none past year 9999).
    pub start: Option<String>,
    /// The last row's time.
    pub end: Option<String>,
}

/// When the defrost cycles come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefrostSchedule {
    /// The first cycle's first row.
    pub first_row: u64,
    /// Rows from one cycle's start to the next.
    pub every_rows: u64,
    /// Rows per cycle.
    pub rows: u64,
}

/// The manifest of `spec`.
pub fn manifest(spec: &GenerationSpec) -> Manifest {
    let truth = Generator::new(*spec).ground_truth();
    let time = |row: u64| {
        spec.start()
            .checked_add_seconds(row as i64 * spec.interval().seconds())
            .map(|t| t.to_string())
    };
    let entry = |e: &crate::truth::Episode| {
        let last_row = e.first_row + e.rows - 1;
        ManifestEpisode {
            id: e.id,
            fault_type: e.kind.name().to_owned(),
            fault_class: e.kind.class().name().to_owned(),
            first_row: e.first_row,
            last_row,
            rows: e.rows,
            start: time(e.first_row),
            end: time(last_row),
        }
    };
    let transfers = spec.voyage().map(|_| {
        truth
            .transfers(spec.records().get())
            .iter()
            .map(entry)
            .collect()
    });
    let episodes = truth.episodes().iter().map(entry).collect();
    let failures = truth.unit().map(|unit| {
        let minutes = spec.interval().minutes_f64();
        let at = |minute: f64| {
            spec.start()
                .checked_add_seconds(libm::floor(minute * 60.0) as i64)
                .map(|t| t.to_string())
        };
        unit.cycles()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.back_at > 0.0)
            .map(|(n, c)| ManifestFailure {
                cycle: n as u64,
                failure_mode: unit.mode().name().to_owned(),
                component: unit.mode().component().to_owned(),
                failure_row: libm::ceil(c.fails_at.max(0.0) / minutes) as u64,
                failure_time: at(c.fails_at),
                repair_row: libm::ceil(c.back_at / minutes) as u64,
                repair_time: at(c.back_at),
                beyond_span: c.fails_at > unit.span_minutes(),
            })
            .collect()
    });
    Manifest {
        container_id: spec.container().as_str().to_owned(),
        product_id: spec.product().id().to_owned(),
        simulation: spec.simulation().name().to_owned(),
        records: spec.records().get(),
        start: spec.start().to_string(),
        seed: spec.seed().0,
        interval_minutes: (spec.interval() != crate::Interval::default())
            .then(|| spec.interval().minutes()),
        episodes,
        defrost_schedule: truth
            .defrost_schedule()
            .map(|(first_row, every_rows, rows)| DefrostSchedule {
                first_row,
                every_rows,
                rows,
            }),
        failures,
        route: spec.voyage().map(|v| v.route.name().to_owned()),
        transfers,
        alarms: (spec.profile() == crate::rcm::Profile::Rcm).then(|| alarms(spec, &time)),
    }
}

/// Every alarm of an `rcm` generation, in row order (generating the whole run: the manifest
/// is opt-in). A duplicated or late record's row counts once.
fn alarms(spec: &GenerationSpec, time: &dyn Fn(u64) -> Option<String>) -> Vec<ManifestAlarm> {
    let mut generator = Generator::new(*spec);
    let mut raised: Vec<(u64, &'static str, bool)> = Vec::new();
    while generator.next().is_some() {
        let rcm = generator.last_rcm();
        if !rcm.alarm_code.is_empty() {
            let row = generator.last_delivered().row;
            raised.push((row, rcm.alarm_code, rcm.alarm_nuisance));
        }
    }
    raised.sort_by_key(|(row, _, _)| *row);
    raised.dedup_by_key(|(row, _, _)| *row);
    let mut alarms: Vec<ManifestAlarm> = Vec::new();
    for (row, code, nuisance) in raised {
        match alarms.last_mut() {
            Some(last)
                if last.code == code && last.nuisance == nuisance && last.last_row + 1 == row =>
            {
                last.last_row = row;
                last.rows += 1;
                last.end = time(row);
            }
            _ => alarms.push(ManifestAlarm {
                code: code.to_owned(),
                nuisance,
                first_row: row,
                last_row: row,
                rows: 1,
                start: time(row),
                end: time(row),
            }),
        }
    }
    alarms
}
