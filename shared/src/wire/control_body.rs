//! The `POST /control` body: the original simulator's batch request, or with `rate` a stream.

use serde::{Deserialize, Serialize};

use crate::pace::Clock;
use crate::rcm::Profile;
use crate::Product;

/// The `/control` body: a batch (the original simulator's request,
/// `{"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02"}`),
/// or with `rate` a stream. `simulation` is required; `containerID` and `nb_of_records` for a
/// batch; `rate` and `containers` (or `containerID`) for a stream. What each field may be is
/// checked when the body is parsed (`reefer_shared::control::ControlRequest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02"})))]
#[serde(deny_unknown_fields)]
pub struct ControlBody {
    /// Container id: 1–64 letters, digits, '-', '_' or '.'. A stream may give `containers`
    /// instead.
    #[serde(rename = "containerID", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "C02"))]
    pub container_id: Option<String>,
    /// normal, poweroff, co2sensor, o2sensor, temperature, tempgrowth, powerfailure,
    /// dooropen, defrost, sensorstuck, sensordrift, sensorspike, gaps, duplicates or
    /// lateevents. A stream also takes `mixed` (all of them) or a list of up to 64 names, from
    /// which each container's daily cycle is drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "co2sensor"))]
    pub simulation: Option<SimulationField>,
    /// How many records: 1 to the relay's limit (default 100000). Required for a batch;
    /// for a stream, an optional count after which it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = 1000))]
    pub nb_of_records: Option<u64>,
    /// Stream: records per second over the whole fleet (fractions allowed, e.g. 0.5), at
    /// most the relay's `--max-stream-rate`. Its presence makes the request a stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Stream: how long, 1 to 604800 s; without it (and `nb_of_records`) the stream runs
    /// until `DELETE /control/jobs/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
    /// Stream: a count of containers (C0001, C0002, …, up to 100000 and the relay's
    /// `--max-stream-containers` over all running streams) or a list of up to 10000 ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containers: Option<ContainersField>,
    /// Stream: `wall` (default: events stamped now) or `simulated` (an interval per reading
    /// from `start`, as fast as the rate goes: a backfill).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub clock: Option<Clock>,
    /// Stream: readings per container cycle (9 to 1000000; default a day: 288 readings of
    /// 5 minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle_records: Option<u64>,
    /// Add the ground truth (fault_type, fault_class, fault_id, minutes_since_onset,
    /// ingest_time) to each event's payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ground_truth: Option<bool>,
    /// P01–P05 or a catalogue product P06–P20 (by id or name, `reefer products`); P02 when
    /// absent (a stream of several containers spreads P01–P05).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "P02"))]
    pub product_id: Option<Product>,
    /// Seed for a repeatable run; drawn (and reported) when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// First measurement time, "YYYY-MM-DD HH:MM:SS"; now (UTC) when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Also label the readings this many minutes before each equipment failure (a multiple
    /// of 5, at most 10080); 0 when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_time_minutes: Option<u32>,
    /// Minutes between two readings: 5 (default, the original's), 15 or 60.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = 5))]
    pub interval_minutes: Option<u64>,
    /// `standard` (default: the 20 original values) or `rcm` (also supply and return air,
    /// power, compressor duty and alarm code in each event's json payload; not with
    /// `legacy` events).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "standard"))]
    pub profile: Option<Profile>,
    /// A voyage: `guayaquil-antwerp`, `santos-rotterdam`, `valparaiso-philadelphia`,
    /// `rotterdam-munich`, `rotterdam-yard`, or for a stream `mixed` (one drawn per
    /// container); parked at the original's place when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "guayaquil-antwerp"))]
    pub route: Option<String>,
}

/// `simulation`: one name (or `mixed`), or a stream's list of names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum SimulationField {
    /// One name for every container, or `mixed`.
    One(String),
    /// The names each container's cycles are drawn from (a name may repeat to weigh it).
    Many(Vec<String>),
}

/// A stream's `containers`: how many (C0001 …), or which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ContainersField {
    /// A count: C0001, C0002, …
    Count(u64),
    /// The container ids.
    Ids(Vec<String>),
}

impl ControlBody {
    /// The body as JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::STREAM_FIELDS;

    /// Every field set, so that its serialisation names them all.
    fn every_field() -> ControlBody {
        ControlBody {
            container_id: Some("C01".into()),
            simulation: Some(SimulationField::One("mixed".into())),
            nb_of_records: Some(1),
            rate: Some(1.0),
            duration_seconds: Some(1),
            containers: Some(ContainersField::Count(1)),
            clock: Some(Clock::Wall),
            cycle_records: Some(288),
            ground_truth: Some(false),
            product_id: Some(Product::P01),
            seed: Some(1),
            start: Some("2026-01-01 00:00:00".into()),
            lead_time_minutes: Some(0),
            interval_minutes: Some(5),
            profile: Some(Profile::Standard),
            route: Some("mixed".into()),
        }
    }

    #[test]
    fn the_shape_names_exactly_the_fields_the_parser_takes() {
        let value = serde_json::to_value(every_field()).unwrap();
        let mut named: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut parsed = STREAM_FIELDS.to_vec();
        named.sort_unstable();
        parsed.sort_unstable();
        assert_eq!(named, parsed);
    }

    #[test]
    fn a_body_built_from_the_shape_is_taken_by_the_parser() {
        use crate::control::ControlRequest;
        let body = ControlBody {
            containers: Some(ContainersField::Ids(vec!["A1".into(), "A2".into()])),
            simulation: Some(SimulationField::Many(vec!["normal".into(), "gaps".into()])),
            rate: Some(2.5),
            clock: Some(Clock::Simulated),
            ..ControlBody::default()
        };
        let ControlRequest::Stream(stream) =
            ControlRequest::from_json(&body.to_json(), 1000, 100.0).unwrap()
        else {
            panic!("a body with a rate is a stream");
        };
        assert_eq!(stream.containers.len(), 2);
        assert_eq!(stream.clock, Clock::Simulated);
        let original = br#"{"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02"}"#;
        let shape: ControlBody = serde_json::from_slice(original).unwrap();
        assert_eq!(shape.product_id, Some(Product::P02));
        assert!(matches!(
            ControlRequest::from_json(&shape.to_json(), 1000, 1.0),
            Ok(ControlRequest::Batch(_))
        ));
    }
}
