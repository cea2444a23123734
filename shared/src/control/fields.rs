//! The rules of the `/control` fields that a batch and a stream share, each written once:
//! how a field is read from the body's flat JSON object and what it may be.

use serde_json::{Map, Value};

use crate::count::RecordCount;
use crate::error::FieldError;
use crate::interval::Interval;
use crate::lead_time::LeadTime;
use crate::rcm::Profile;
use crate::route::RouteChoice;
use crate::seed::Seed;
use crate::timestamp::Timestamp;

/// The body as a flat JSON object of `allowed` fields (no nested tree is ever built), or an
/// error on `body` saying what was `expected`, or on the first unknown field.
pub(crate) fn json_object(
    body: &[u8],
    expected: &str,
    allowed: &[&str],
) -> Result<Map<String, Value>, FieldError> {
    super::flat_object::flat_object(body, expected, allowed)
}

/// The optional fields a batch and a stream share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestOptions {
    /// `seed`: the server draws one (and reports it) when absent.
    pub seed: Option<Seed>,
    /// `start`, `YYYY-MM-DD HH:MM:SS`: the server's clock when absent.
    pub start: Option<Timestamp>,
    /// `lead_time_minutes`: label the readings this long before an equipment failure too (0
    /// when absent).
    pub lead_time: LeadTime,
    /// `ground_truth` (default `false`): add the ground truth (`fault_type`, `fault_class`,
    /// `fault_id`, `minutes_since_onset`, `ingest_time`) to each event's payload.
    pub ground_truth: bool,
    /// `interval_minutes`: 5 (default), 15 or 60 minutes between two readings.
    pub interval: Interval,
    /// `profile`: `standard` (default, the 20 columns) or `rcm` (with the remote-monitoring
    /// readings in each event's payload).
    pub profile: Profile,
    /// `route`: a route's name (or, for a stream, `mixed`: one drawn per container); the
    /// original's fixed place when absent.
    pub route: Option<RouteChoice>,
}

impl RequestOptions {
    /// Reads the seven fields, in this order.
    pub(crate) fn from_map(map: &Map<String, Value>) -> Result<Self, FieldError> {
        Ok(Self {
            seed: seed_field(map)?,
            start: start_field(map)?,
            lead_time: lead_time_field(map)?,
            ground_truth: ground_truth_field(map)?,
            interval: interval_field(map)?,
            profile: profile_field(map)?,
            route: route_field(map)?,
        })
    }
}

/// The optional `interval_minutes` (5 when absent).
fn interval_field(map: &Map<String, Value>) -> Result<Interval, FieldError> {
    match optional(map, "interval_minutes") {
        None => Ok(Interval::default()),
        Some(v) => v.as_u64().and_then(Interval::from_minutes).ok_or_else(|| {
            FieldError::new(
                "interval_minutes",
                format!("expected 5, 15 or 60, got {}", kind(v)),
            )
        }),
    }
}

/// The optional `route` (none when absent).
fn route_field(map: &Map<String, Value>) -> Result<Option<RouteChoice>, FieldError> {
    optional(map, "route")
        .map(|v| {
            as_str(v, "route")?
                .parse()
                .map_err(|e| FieldError::from_parse("route", e))
        })
        .transpose()
}

/// The optional `profile` (`standard` when absent).
fn profile_field(map: &Map<String, Value>) -> Result<Profile, FieldError> {
    optional(map, "profile")
        .map(|v| {
            as_str(v, "profile")?
                .parse()
                .map_err(|e| FieldError::from_parse("profile", e))
        })
        .transpose()
        .map(Option::unwrap_or_default)
}

/// The optional `seed`.
fn seed_field(map: &Map<String, Value>) -> Result<Option<Seed>, FieldError> {
    optional(map, "seed")
        .map(|v| {
            v.as_u64().map(Seed).ok_or_else(|| {
                FieldError::new(
                    "seed",
                    "expected a whole number from 0 to 18446744073709551615",
                )
            })
        })
        .transpose()
}

/// The optional `start`.
fn start_field(map: &Map<String, Value>) -> Result<Option<Timestamp>, FieldError> {
    optional(map, "start")
        .map(|v| {
            as_str(v, "start")?
                .parse()
                .map_err(|e| FieldError::from_parse("start", e))
        })
        .transpose()
}

/// The optional `lead_time_minutes` (0 when absent).
fn lead_time_field(map: &Map<String, Value>) -> Result<LeadTime, FieldError> {
    match optional(map, "lead_time_minutes") {
        None => Ok(LeadTime::default()),
        Some(v) => v
            .as_u64()
            .map(|m| m.to_string())
            .unwrap_or_else(|| v.to_string())
            .parse()
            .map_err(|e| FieldError::from_parse("lead_time_minutes", e)),
    }
}

/// The optional `ground_truth` (false when absent).
fn ground_truth_field(map: &Map<String, Value>) -> Result<bool, FieldError> {
    match optional(map, "ground_truth") {
        None => Ok(false),
        Some(v) => v.as_bool().ok_or_else(|| {
            FieldError::new(
                "ground_truth",
                format!("expected true or false, got {}", kind(v)),
            )
        }),
    }
}

/// Refuses a field not in `allowed` (a misspelt optional field would otherwise be ignored).
pub(crate) fn refuse_unknown(map: &Map<String, Value>, allowed: &[&str]) -> Result<(), FieldError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        None => Ok(()),
        Some(unknown) => {
            let shown: String = unknown.chars().take(40).collect();
            Err(FieldError::new(
                shown,
                format!("unknown field; allowed: {}", allowed.join(", ")),
            ))
        }
    }
}

pub(crate) fn optional<'a>(map: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    map.get(field).filter(|v| !v.is_null())
}

pub(crate) fn as_str<'a>(value: &'a Value, field: &str) -> Result<&'a str, FieldError> {
    value
        .as_str()
        .ok_or_else(|| FieldError::new(field, format!("expected a string, got {}", kind(value))))
}

pub(crate) fn required_str<'a>(
    map: &'a Map<String, Value>,
    field: &str,
) -> Result<&'a str, FieldError> {
    match optional(map, field) {
        None => Err(FieldError::new(field, "is required")),
        Some(v) => as_str(v, field),
    }
}

pub(crate) fn parse_records(
    value: Option<&Value>,
    max_records: u64,
) -> Result<RecordCount, FieldError> {
    let max = max_records.min(RecordCount::MAX);
    let allowed = format!("expected a whole number from 1 to {max}");
    let value = value
        .filter(|v| !v.is_null())
        .ok_or_else(|| FieldError::new("nb_of_records", "is required"))?;
    let n = value.as_u64().ok_or_else(|| {
        FieldError::new("nb_of_records", format!("{allowed}, got {}", kind(value)))
    })?;
    if n == 0 || n > max {
        return Err(FieldError::new(
            "nb_of_records",
            format!("{allowed}, got {n}"),
        ));
    }
    RecordCount::new(n).map_err(|e| FieldError::from_parse("nb_of_records", e))
}

/// A short description of a JSON value for error messages, e.g. `a string` or `-5`.
pub(crate) fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::{BATCH_FIELDS, STREAM_FIELDS};

    #[test]
    fn a_batch_and_a_stream_take_every_option_and_refuse_a_wrong_interval_or_profile() {
        let options = [
            "seed",
            "start",
            "lead_time_minutes",
            "ground_truth",
            "interval_minutes",
            "profile",
            "route",
        ];
        for field in options {
            assert!(
                BATCH_FIELDS.contains(&field) && STREAM_FIELDS.contains(&field),
                "{field}"
            );
        }
        let map = |json: &str| serde_json::from_str::<Map<String, Value>>(json).unwrap();
        let read = RequestOptions::from_map(&map(r#"{"interval_minutes": 60, "profile": "rcm"}"#))
            .unwrap();
        assert_eq!(
            (read.interval, read.profile),
            (Interval::Hour, Profile::Rcm)
        );
        let defaults = RequestOptions::from_map(&map("{}")).unwrap();
        assert_eq!((defaults.interval, defaults.profile), Default::default());
        for (body, field, says) in [
            (
                r#"{"interval_minutes": 10}"#,
                "interval_minutes",
                "expected 5, 15 or 60, got 10",
            ),
            (
                r#"{"interval_minutes": "1h"}"#,
                "interval_minutes",
                "got a string",
            ),
            (r#"{"profile": "full"}"#, "profile", "expected standard"),
            (r#"{"profile": 1}"#, "profile", "expected a string"),
        ] {
            let err = RequestOptions::from_map(&map(body)).unwrap_err();
            assert_eq!(err.field, field, "{body}");
            assert!(err.message.contains(says), "{body}: {}", err.message);
        }
    }
}
