//! `DATASHEET.md`: what a dataset holds — every column with its unit and meaning, the rates
//! measured while writing it, what is leakage, the command that regenerates it byte for byte,
//! and the published baseline scores of the named presets.

use std::fmt::Write as _;

use reefer_shared::alarm::CODES;
use reefer_shared::columns::Column;
use reefer_shared::dataset::degrade::{MAX_LATE_BY, MISSING_RUN_MEAN, NOISE_UNITS};
use reefer_shared::dataset::{
    DatasetSpec, Role, UnitPlan, CENSORED_CUT_FROM, CUT_HORIZON_MINUTES, HELD_OUT_SHARE,
};

use super::tables;
use super::{Partition, Summary};
use crate::parquet::table::{ColumnSpec, Kind};
use crate::parquet::telemetry::{columns, Layout};
use reefer_shared::shard::Shard;

/// The unit and meaning of a column, by table and name.
pub fn describe(table: &str, column: &str) -> Option<(&'static str, &'static str)> {
    let own = || Column::named(column).map(|c| (c.info().unit, c.info().meaning));
    Some(match (table, column) {
        ("telemetry", "container_id") => ("", "the unit (`U0001`…), as in `units.unit_id`"),
        ("telemetry", "product_id") => (
            "",
            "what the unit carries (`P01`…`P05`, or `P06`…`P20` of the catalogue)",
        ),
        ("telemetry", "maintenance_required") => (
            "",
            "**leakage**, the original's label: a failed unit until its repair, or a \
             sensor fault's labelled readings",
        ),
        ("telemetry", "supply_air_temperature") => ("°C", "air leaving the evaporator"),
        ("telemetry", "return_air_temperature") => ("°C", "air returning from the cargo"),
        ("telemetry", "power_on") => ("", "whether the unit has power (off while unplugged)"),
        ("telemetry", "compressor_duty") => ("0–1", "share of the interval the compressor ran"),
        ("telemetry", "compressor_current") => ("A", "compressor current while it runs"),
        ("telemetry", "ambient_humidity") => ("%", "outside air's relative humidity"),
        ("telemetry", "alarm_code") => ("", "the controller's active alarm, null if none"),
        ("telemetry", "mode") => (
            "",
            "the controller's mode: full_cool, modulated_cool, heat, defrost, fans_only, off, pti",
        ),
        ("alarms", "unit_id") => ("", "the unit"),
        ("alarms", "code") => ("", "Carrier-style code, table below"),
        ("alarms", "raised_at") => ("UTC", "first reading that showed it"),
        ("alarms", "cleared_at") => ("UTC", "first reading without it; null if still active"),
        ("alarms", "nuisance") => (
            "",
            "**leakage** (ground truth): raised without its condition",
        ),
        ("maintenance", "unit_id") => ("", "the unit"),
        ("maintenance", "time") => ("UTC", "when it was done"),
        ("maintenance", "kind") => ("", "`pre_trip_inspection` (before a voyage) or `repair`"),
        ("maintenance", "component") => ("", "what a repair replaced; null for an inspection"),
        ("failures", "unit_id") => ("", "the unit (a test unit's up to its cut)"),
        ("failures", "failed_at") => ("UTC", "when the unit failed"),
        ("failures", "failure_mode") => ("", "how it failed (modes below)"),
        ("failures", "component") => ("", "what failed"),
        ("failures", "repaired_at") => ("UTC", "when the repair restored it; null after the span"),
        ("failures", "downtime_hours") => ("h", "failure to repair; null after the span"),
        ("units", "unit_id") => ("", "the unit"),
        ("units", "split") => ("", "`train`, `validation` or `test`"),
        ("units", "model") => ("", "the machine's make and model"),
        ("units", "age_years") => ("years", "age at the start"),
        ("units", "product_id") => ("", "what it carries"),
        ("units", "product") => ("", "the product's name"),
        ("units", "route") => ("", "its voyage, null if parked"),
        ("units", "voyage_start") => ("UTC", "when the voyage starts, null if parked"),
        ("test_truth", "unit_id") => ("", "a test unit"),
        ("test_truth", "last_reading") => ("UTC", "its last reading in the telemetry (the cut)"),
        ("test_truth", "fails_in_span") => ("", "whether it fails before the span ends"),
        ("test_truth", "rul_hours") => ("h", "last reading to the failure; null if censored"),
        ("test_truth", "censored_after_hours") => (
            "h",
            "if it does not fail: it lasts at least this long (to the span's end)",
        ),
        ("test_truth", "failure_mode") => ("", "its next failure's mode; null if censored"),
        ("test_truth", "component") => ("", "what fails; null if censored"),
        ("telemetry", _) => return own(),
        _ => return None,
    })
}

/// The telemetry table's columns in a dataset.
pub fn telemetry_columns() -> Vec<ColumnSpec> {
    columns(Layout {
        rcm: true,
        truth: false,
        wear: false,
    })
}

/// Every table of a dataset with its columns, in the datasheet's order.
pub fn all_tables() -> Vec<(&'static str, Vec<ColumnSpec>)> {
    vec![
        ("telemetry", telemetry_columns()),
        ("alarms", tables::ALARMS.to_vec()),
        ("maintenance", tables::MAINTENANCE.to_vec()),
        ("failures", tables::FAILURES.to_vec()),
        ("units", tables::UNITS.to_vec()),
        ("test_truth", tables::TEST_TRUTH.to_vec()),
    ]
}

/// The Parquet type a reader sees.
fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Time => "timestamp[ms, UTC]",
        Kind::Int => "int64",
        Kind::Float | Kind::Decimal => "double",
        Kind::Flag => "bool",
    }
}

/// A share as a percentage.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0 %".into();
    }
    format!("{:.2} %", 100.0 * part as f64 / whole as f64)
}

/// The datasheet of a written dataset.
pub fn datasheet(
    spec: &DatasetSpec,
    (partition, shard): (Partition, Shard),
    units: &[UnitPlan],
    summary: &Summary,
    command: &str,
) -> String {
    let k = spec.knobs;
    let count = |role: Role| units.iter().filter(|u| u.role == role).count();
    let failing: Vec<&UnitPlan> = units
        .iter()
        .filter(|u| !u.failures(spec).is_empty())
        .collect();
    let failures: usize = units.iter().map(|u| u.failures(spec).len()).sum();
    let wearing = units
        .iter()
        .filter(|u| u.simulation.wear_mode().is_some())
        .count();
    let look_alike = units
        .iter()
        .filter(|u| reefer_shared::dataset::SENSOR_FAULTS.contains(&u.simulation))
        .count();
    let travelling = units.iter().filter(|u| u.voyage.is_some()).count();
    let mut s = String::new();
    let _ = writeln!(s, "# Datasheet: a reefer predictive-maintenance dataset\n");
    let _ = writeln!(
        s,
        "Written by `reefer dataset` ({} {}). The same command writes the same bytes on any \
         machine:\n\n```sh\n{command}\n```\n",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION")
    );
    if !shard.is_whole() {
        let own = shard.range_usize(units.len());
        let _ = writeln!(
            s,
            "Written in {n} shards (`--shard K/{n}` added to the command, K from 0 to {last}, \
             into the same folder): every shard wrote the telemetry and alarms of its block of \
             units (`part-K.parquet`). The counts of readings, labels, alarms and files below \
             are shard 0's (units {} to {}); the whole folder's are the same as the command's \
             without `--shard`.\n",
            own.start + 1,
            own.end,
            n = shard.count(),
            last = shard.count() - 1
        );
    }
    let _ = writeln!(s, "## At a glance\n\n| | |\n|---|---|");
    let _ = writeln!(
        s,
        "| units | {} (train {}, validation {}, test {}) |",
        units.len(),
        count(Role::Train),
        count(Role::Validation),
        count(Role::Test)
    );
    let _ = writeln!(
        s,
        "| span | {} days from {} UTC, a reading every {} |",
        spec.days,
        spec.start,
        k.interval.name()
    );
    let _ = writeln!(s, "| seed | {} |", spec.seed.0);
    let _ = writeln!(
        s,
        "| units that wear out | {wearing} ({}) |",
        percent(wearing as u64, units.len() as u64)
    );
    let _ = writeln!(
        s,
        "| units failing in the span | {} ({}); {failures} failures |",
        failing.len(),
        percent(failing.len() as u64, units.len() as u64)
    );
    let _ = writeln!(
        s,
        "| healthy units with a look-alike sensor fault | {look_alike} |"
    );
    let _ = writeln!(s, "| units on a voyage | {travelling} |");
    let _ = writeln!(
        s,
        "| readings | {} generated, {} written; {} missing ({}), {} late ({}) |",
        summary.generated,
        summary.written,
        summary.missing,
        percent(summary.missing, summary.generated),
        summary.late,
        percent(summary.late, summary.generated)
    );
    let _ = writeln!(
        s,
        "| readings labelled `maintenance_required` | {} ({}) |",
        summary.labelled,
        percent(summary.labelled, summary.written)
    );
    let _ = writeln!(
        s,
        "| alarms | {} raised, {} of them nuisances ({}) |",
        summary.alarms,
        summary.nuisances,
        percent(summary.nuisances, summary.alarms)
    );
    let _ = writeln!(
        s,
        "| telemetry files | {} (partitioned by {}) |\n",
        summary.files,
        partition.name()
    );
    let _ = writeln!(
        s,
        "## Difficulty\n\n| knob | value | meaning |\n|---|---|---|"
    );
    let knobs = [
        ("failure share", format!("{}", k.failure_share), "share of units that wear out and fail in the span (first failure after a quarter of it)"),
        ("noise", format!("{}", k.noise), "extra sensor noise, in units of each sensor's noise (below)"),
        ("sensor fault share", format!("{}", k.sensor_fault_share), "share of healthy units whose temperature sensor drifts, sticks or spikes"),
        ("nuisance per day", format!("{}", k.nuisance_per_day), "extra nuisance alarms per powered unit-day, on top of the controller's one per 3 days"),
        ("route share", format!("{}", k.route_share), "share of units on a voyage (the others stay parked at 20 °C)"),
        ("interval", k.interval.name().to_string(), "time between readings"),
        ("missing share", format!("{}", k.missing_share), "share of readings missing, in runs of 1 to 11 (mean 6)"),
        ("late share", format!("{}", k.late_share), "share of readings written after up to a day of later ones"),
    ];
    for (name, value, meaning) in knobs {
        let _ = writeln!(s, "| {name} | {value} | {meaning} |");
    }
    let n = NOISE_UNITS;
    let _ = writeln!(
        s,
        "\nOne unit of noise is a normal draw with σ = {} °C on the cargo, supply and return \
         temperatures, {} °C on the ambient, {} kW on the power, {} A on the compressor \
         current, {} % on the humidities and {} % on O2 and CO2, drawn afresh for each reading; the \
         cargo, supply and return air sensors, the power and the current also get a \
         calibration offset of the same deviation drawn once per unit. Missing readings come in runs \
         of mean {MISSING_RUN_MEAN}; a late reading is written after 1 to {MAX_LATE_BY} later \
         ones (or at the end of its file, if sooner), so the telemetry is not sorted by time \
         when the late share is above 0.\n",
        n.temperature, n.ambient, n.kilowatts, n.current, n.humidity, n.gas
    );
    let _ = writeln!(s, "## Split and truth\n");
    let _ = writeln!(
        s,
        "- Units that fail in the span and those that do not are split apart, {:.0} % of each to \
         validation and {:.0} % to test (a failing group of 2 or more puts one in test), so \
         every part has its share of failures. `split.json` lists the ids.",
        100.0 * HELD_OUT_SHARE,
        100.0 * HELD_OUT_SHARE
    );
    let _ = writeln!(
        s,
        "- A test unit's telemetry, alarms, maintenance and failures stop at its cut (C-MAPSS \
         style). A unit that fails in the span is cut at a uniform point of the {:.0} days (or \
         the time since its previous repair, if shorter) before one of its failures, drawn \
         with equal chance; `test_truth.rul_hours` is the time from its last reading to that \
         failure. A unit that does not fail is cut uniformly in the last {:.0} % of the \
         span and is censored: it lasts at least `censored_after_hours`.",
        CUT_HORIZON_MINUTES / 1440.0,
        100.0 * (1.0 - CENSORED_CUT_FROM)
    );
    let _ = writeln!(
        s,
        "- `failures` holds every failure a model may learn from; a unit may fail more than \
         once (each failure is followed by a repair of 6 to 30 h).\n"
    );
    let _ = writeln!(s, "## Leakage: what a model must not use as input\n");
    let _ = writeln!(
        s,
        "- `telemetry.maintenance_required`: the original simulator's label, true from a \
         failure to its repair (so it *is* the failure) and on a look-alike sensor fault's \
         labelled readings. Predict before it.\n- `alarms.nuisance`: the ground truth of an alarm.\n- \
         `failures`, the `repair` rows of `maintenance`, and `test_truth`: the labels.\n- \
         Nothing else is: unit ids are numbered before the split and the failing units are \
         drawn at random.\n"
    );
    let _ = writeln!(s, "## Tables and columns\n");
    let _ = writeln!(
        s,
        "Load any table with `pandas.read_parquet(\"DIR/<table>.parquet\")`; the telemetry with \
         `pandas.read_parquet(\"DIR/telemetry\")` (a partitioned folder adds its `unit` or `day` \
         column).\n"
    );
    for (table, specs) in all_tables() {
        let _ = writeln!(
            s,
            "### `{table}`\n\n| column | type | unit | meaning |\n|---|---|---|---|"
        );
        for spec in specs {
            let (unit, meaning) = describe(table, spec.name).unwrap_or(("", ""));
            let nullable = if spec.nullable { ", nullable" } else { "" };
            let _ = writeln!(
                s,
                "| `{}` | {}{nullable} | {unit} | {meaning} |",
                spec.name,
                type_name(spec.kind)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "### Failure modes\n\n| mode | component |\n|---|---|");
    for mode in [
        reefer_shared::wear::WearMode::RefrigerantLeak,
        reefer_shared::wear::WearMode::CompressorWear,
        reefer_shared::wear::WearMode::EvaporatorFan,
        reefer_shared::wear::WearMode::CondenserFouling,
    ] {
        let _ = writeln!(s, "| `{}` | {} |", mode.name(), mode.component());
    }
    let _ = writeln!(
        s,
        "\n### Alarm codes\n\n{} — what raises each in the model is in the simulator's docs/data-scientists.md, \
         alarm table.\n",
        CODES.map(|c| format!("`{c}`")).join(", ")
    );
    s.push_str(&super::baselines::section(spec));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telemetry_units_are_the_ones_charts_use() {
        for (table, specs) in all_tables() {
            for spec in specs.iter().filter(|_| table == "telemetry") {
                let (unit, _) = describe(table, spec.name).unwrap();
                assert_eq!(
                    unit,
                    reefer_shared::plot::unit_of(spec.name),
                    "{}",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn every_column_of_every_table_is_described() {
        for (table, specs) in all_tables() {
            for spec in specs {
                assert!(
                    describe(table, spec.name).is_some(),
                    "{table}.{} has no description",
                    spec.name
                );
            }
        }
    }
}
