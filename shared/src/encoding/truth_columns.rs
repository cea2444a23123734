//! The opt-in ground-truth columns after a record's own: `fault_type`, `fault_class`,
//! `fault_id`, `minutes_since_onset` (`none`, `none` and empty fields, or JSON nulls, on rows
//! outside any episode) and `ingest_time` (when the record arrived: its `measurement_time`
//! unless it was late or a duplicate).

use std::borrow::Cow;

use serde::Deserialize;

use super::numbers::push_int;
use crate::truth::RowTruth;

/// The ground truth as a JSON object's fields carry it (JSON lines, a `json` event's payload),
/// with the JSON types checked; `fault_id` and `minutes_since_onset` are `null` outside any
/// episode, where both names are `none`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TruthFields<'a> {
    /// What really happens on the row: `none`, `power_off`, `co2_sensor`, `o2_sensor`,
    /// `temperature_excursion`, `refrigeration_failure`, `power_failure`, `door_open`,
    /// `defrost`, `sensor_stuck`, `sensor_drift`, `sensor_spike`, `gap`, `duplicate`,
    /// `late_event`, the run-to-failure modes, or `transfer` (a voyage's unplugged transfer).
    #[serde(borrow)]
    pub fault_type: Cow<'a, str>,
    /// `none`, `equipment`, `sensor`, `delivery` or `operation`.
    #[serde(borrow)]
    pub fault_class: Cow<'a, str>,
    /// The episode's number within the run.
    pub fault_id: Option<u64>,
    /// Minutes since the episode began.
    pub minutes_since_onset: Option<u64>,
    /// When the reading arrived, `YYYY-MM-DD HH:MM:SS`: its measurement time unless it was
    /// late or a duplicate.
    #[serde(borrow)]
    pub ingest_time: Cow<'a, str>,
    /// Run-to-failure simulations: how the unit fails (`refrigerant_leak`,
    /// `compressor_wear`, `evaporator_fan_failure`, `condenser_fouling`).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub failure_mode: Option<Cow<'a, str>>,
    /// Run-to-failure simulations: minutes until the failure (0 until the repair).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_useful_life_minutes: Option<u64>,
    /// Run-to-failure simulations: whether the failure comes after the generated span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rul_beyond_span: Option<bool>,
    /// `rcm` profile: whether the reading's `alarm_code` is a nuisance alarm (raised without
    /// its condition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_nuisance: Option<bool>,
}

/// The ground-truth column the `rcm` profile adds last: whether the reading's alarm is a
/// nuisance.
pub const ALARM_TRUTH_COLUMNS: [&str; 1] = ["alarm_nuisance"];

/// Appends the `alarm_nuisance` column to the CSV record line that ends the buffer.
pub fn extend_csv_nuisance(out: &mut Vec<u8>, nuisance: bool) {
    out.pop();
    out.extend_from_slice(if nuisance { b",True\n" } else { b",False\n" });
}

/// The ground-truth columns a run-to-failure simulation adds after [`TRUTH_COLUMNS`]: how the
/// unit fails, the minutes until it does (0 from the failure to the repair), and whether the
/// failure comes after the generated span (a censored value).
pub const WEAR_TRUTH_COLUMNS: [&str; 3] = [
    "failure_mode",
    "remaining_useful_life_minutes",
    "rul_beyond_span",
];

/// The names of the ground-truth columns, in order.
pub const TRUTH_COLUMNS: [&str; 5] = [
    "fault_type",
    "fault_class",
    "fault_id",
    "minutes_since_onset",
    "ingest_time",
];

/// Appends a row's ground truth to the CSV record line that ends the buffer.
pub fn extend_csv_record(out: &mut Vec<u8>, truth: &RowTruth) {
    out.pop(); // the line break
    match truth.episode {
        Some(e) => {
            out.push(b',');
            out.extend_from_slice(e.kind.name().as_bytes());
            out.push(b',');
            out.extend_from_slice(e.kind.class().name().as_bytes());
            out.push(b',');
            push_int(out, e.id);
            out.push(b',');
            push_int(out, e.minutes_since_onset(truth.row));
        }
        None => out.extend_from_slice(b",none,none,,"),
    }
    out.push(b',');
    out.extend_from_slice(&truth.ingest_time.to_bytes());
    if let Some(wear) = &truth.wear {
        out.push(b',');
        out.extend_from_slice(wear.failure_mode.name().as_bytes());
        out.push(b',');
        push_int(out, wear.remaining_useful_life_minutes);
        out.extend_from_slice(if wear.beyond_span {
            b",True"
        } else {
            b",False"
        });
    }
    out.push(b'\n');
    if let Some(nuisance) = truth.alarm_nuisance {
        extend_csv_nuisance(out, nuisance);
    }
}

/// Appends a row's ground truth to the JSON line that ends the buffer.
pub fn extend_json_line(out: &mut Vec<u8>, truth: &RowTruth) {
    out.truncate(out.len() - 2); // the closing brace and the line break
    extend_json_object(out, truth);
    out.extend_from_slice(b"}\n");
}

/// Appends `,"fault_type":…,"ingest_time":"…"` to a JSON object being written (for JSON
/// lines and the payload of a Kafka event).
pub fn extend_json_object(out: &mut Vec<u8>, truth: &RowTruth) {
    match truth.episode {
        Some(e) => {
            out.extend_from_slice(b",\"fault_type\":\"");
            out.extend_from_slice(e.kind.name().as_bytes());
            out.extend_from_slice(b"\",\"fault_class\":\"");
            out.extend_from_slice(e.kind.class().name().as_bytes());
            out.extend_from_slice(b"\",\"fault_id\":");
            push_int(out, e.id);
            out.extend_from_slice(b",\"minutes_since_onset\":");
            push_int(out, e.minutes_since_onset(truth.row));
        }
        None => out.extend_from_slice(
            b",\"fault_type\":\"none\",\"fault_class\":\"none\",\"fault_id\":null,\"minutes_since_onset\":null",
        ),
    }
    out.extend_from_slice(b",\"ingest_time\":\"");
    out.extend_from_slice(&truth.ingest_time.to_bytes());
    out.push(b'"');
    if let Some(wear) = &truth.wear {
        out.extend_from_slice(b",\"failure_mode\":\"");
        out.extend_from_slice(wear.failure_mode.name().as_bytes());
        out.extend_from_slice(b"\",\"remaining_useful_life_minutes\":");
        push_int(out, wear.remaining_useful_life_minutes);
        out.extend_from_slice(if wear.beyond_span {
            b",\"rul_beyond_span\":true"
        } else {
            b",\"rul_beyond_span\":false"
        });
    }
    if let Some(nuisance) = truth.alarm_nuisance {
        out.extend_from_slice(if nuisance {
            b",\"alarm_nuisance\":true"
        } else {
            b",\"alarm_nuisance\":false"
        });
    }
}
