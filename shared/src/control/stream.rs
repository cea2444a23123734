//! A streaming `/control` body (one with a `rate`), validated into a typed value.

use serde_json::{Map, Value};

use super::fields::{
    as_str, kind, optional, parse_records, refuse_unknown, required_str, RequestOptions,
};
use crate::container::ContainerId;
use crate::cycle::Cycle;
use crate::error::FieldError;
use crate::fleet::{
    parse_simulations as parse_simulation_names, Fleet, FleetStream, MAX_CONTAINERS,
    MAX_SIMULATIONS,
};
use crate::pace::{Clock, Pacer, Rate, StreamDuration};
use crate::product::Product;
use crate::seed::Seed;
use crate::simulation::Simulation;
use crate::timestamp::Timestamp;

/// The fields a streaming `/control` body may have.
pub const STREAM_FIELDS: [&str; 16] = [
    "rate",
    "duration_seconds",
    "containers",
    "containerID",
    "simulation",
    "product_id",
    "nb_of_records",
    "clock",
    "seed",
    "start",
    "lead_time_minutes",
    "ground_truth",
    "cycle_records",
    "interval_minutes",
    "profile",
    "route",
];

/// A request to stream telemetry from a fleet at a rate:
/// `{"containers": 100, "simulation": "mixed", "rate": 50, "duration_seconds": 600}`.
///
/// - `rate`: records per second over the whole fleet, fractions allowed;
/// - `duration_seconds` and `nb_of_records`: either ends the stream; without both it runs
///   until stopped (`DELETE /control/jobs/{id}`);
/// - `containers`: a count (`C0001` …) or a list of ids; or `containerID` for one container;
/// - `simulation`: one name for every container, a list to draw each container's daily cycle
///   from, or `mixed` for every simulation;
/// - `product_id`: one product for all; without it the products are spread over the fleet
///   (P02 for a single `containerID`, as in a batch request);
/// - `clock`: `wall` (default) or `simulated` (backfill); `seed`, `start`,
///   `lead_time_minutes`, `ground_truth`, `interval_minutes`, `profile` as in a batch
///   request; `cycle_records`: readings per container cycle (default a day: 288 readings of
///   5 minutes, 24 of an hour).
#[derive(Debug, Clone, PartialEq)]
pub struct StreamRequest {
    /// The containers, in stream order.
    pub containers: Vec<ContainerId>,
    /// The simulations the cycles are drawn from.
    pub simulations: Vec<Simulation>,
    /// One product for all, or `None` to spread them.
    pub product: Option<Product>,
    /// Records per second.
    pub rate: Rate,
    /// How long, if it ends by time.
    pub duration: Option<StreamDuration>,
    /// How many records at most.
    pub max_records: Option<u64>,
    /// Which clock stamps the events.
    pub clock: Clock,
    /// `seed`, `start` (the first simulated reading's time), `lead_time_minutes` and
    /// `ground_truth`, as in a batch.
    pub options: RequestOptions,
    /// Readings per container cycle.
    pub cycle: Cycle,
}

impl StreamRequest {
    pub(super) fn from_map(
        map: &Map<String, Value>,
        max_records: u64,
        max_rate: f64,
    ) -> Result<Self, FieldError> {
        refuse_unknown(map, &STREAM_FIELDS)?;
        let rate = parse_rate(map, max_rate)?;
        let duration = optional(map, "duration_seconds")
            .map(|v| {
                v.as_u64()
                    .ok_or_else(|| {
                        FieldError::new(
                            "duration_seconds",
                            format!(
                                "expected a whole number of seconds from 1 to {}, got {}",
                                StreamDuration::MAX_SECONDS,
                                kind(v)
                            ),
                        )
                    })
                    .and_then(|s| {
                        StreamDuration::from_seconds(s)
                            .map_err(|e| FieldError::from_parse("duration_seconds", e))
                    })
            })
            .transpose()?;
        let max_records = match optional(map, "nb_of_records") {
            None => None,
            Some(v) => Some(parse_records(Some(v), max_records)?.get()),
        };
        let (containers, single) = parse_containers(map)?;
        let simulations = parse_simulations(map)?;
        let product = match optional(map, "product_id") {
            Some(v) => Some(
                as_str(v, "product_id")?
                    .parse()
                    .map_err(|e| FieldError::from_parse("product_id", e))?,
            ),
            None if single => Some(Product::default()),
            None => None,
        };
        let clock = optional(map, "clock")
            .map(|v| {
                as_str(v, "clock")?
                    .parse()
                    .map_err(|e| FieldError::from_parse("clock", e))
            })
            .transpose()?
            .unwrap_or_default();
        let options = RequestOptions::from_map(map)?;
        let cycle = match optional(map, "cycle_records") {
            None => Cycle::day(options.interval),
            Some(v) => v.as_u64().and_then(Cycle::new).ok_or_else(|| {
                FieldError::new(
                    "cycle_records",
                    format!(
                        "expected a whole number {}, got {}",
                        Cycle::allowed(),
                        kind(v)
                    ),
                )
            })?,
        };
        Ok(Self {
            containers,
            simulations,
            product,
            rate,
            duration,
            max_records,
            clock,
            options,
            cycle,
        })
    }

    /// The fleet this request streams, with the server's seed and start filling in what the
    /// request left out. (Parsing has checked every part, so in practice this is `Ok`.)
    pub fn to_fleet(
        &self,
        default_seed: Seed,
        default_start: Timestamp,
    ) -> Result<Fleet, FieldError> {
        Fleet::new(
            self.containers.clone(),
            self.product,
            self.simulations.clone(),
            self.options.seed.unwrap_or(default_seed),
            self.options.start.unwrap_or(default_start),
        )
        .map(|fleet| {
            fleet
                .with_interval(self.options.interval)
                .with_cycle(self.cycle)
                .with_lead_time(self.options.lead_time)
                .with_profile(self.options.profile)
                .with_route(self.options.route)
        })
        .map_err(|e| FieldError::from_parse(e.what(), e))
    }

    /// The stream of `fleet` (from [`StreamRequest::to_fleet`]), with the ground truth when
    /// the request asks for it.
    pub fn fleet_stream(&self, fleet: Fleet) -> FleetStream {
        let stream = FleetStream::new(fleet);
        if self.options.ground_truth {
            stream.with_ground_truth()
        } else {
            stream
        }
    }

    /// The schedule: the rate, and when the stream ends.
    pub fn pacer(&self) -> Pacer {
        Pacer::new(self.rate, self.duration, self.max_records)
    }
}

fn parse_rate(map: &Map<String, Value>, max_rate: f64) -> Result<Rate, FieldError> {
    let max = max_rate.min(Rate::MAX);
    let allowed = format!(
        "expected records per second from {} to {max} on this relay (fractions allowed, e.g. 0.5)",
        Rate::MIN
    );
    let value = optional(map, "rate").ok_or_else(|| FieldError::new("rate", "is required"))?;
    let per_second = value
        .as_f64()
        .ok_or_else(|| FieldError::new("rate", format!("{allowed}, got {}", kind(value))))?;
    if per_second > max {
        return Err(FieldError::new(
            "rate",
            format!("{allowed}, got {per_second}"),
        ));
    }
    Rate::new(per_second)
        .map_err(|_| FieldError::new("rate", format!("{allowed}, got {per_second}")))
}

/// The containers, and whether the request named a single `containerID`.
fn parse_containers(map: &Map<String, Value>) -> Result<(Vec<ContainerId>, bool), FieldError> {
    match (optional(map, "containers"), optional(map, "containerID")) {
        (Some(_), Some(_)) => Err(FieldError::new(
            "containers",
            "give either containers (a count or a list) or containerID, not both",
        )),
        (None, None) => Err(FieldError::new(
            "containers",
            "is required: a count (e.g. 100) or a list of ids, or containerID for one",
        )),
        (None, Some(v)) => {
            let id = ContainerId::parse(as_str(v, "containerID")?)
                .map_err(|e| FieldError::from_parse("containerID", e))?;
            Ok((vec![id], true))
        }
        (Some(Value::Array(ids)), None) => {
            if ids.is_empty() || ids.len() > MAX_CONTAINERS {
                return Err(FieldError::new(
                    "containers",
                    format!("expected 1 to {MAX_CONTAINERS} ids, got {}", ids.len()),
                ));
            }
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::with_capacity(ids.len());
            for (i, v) in ids.iter().enumerate() {
                let field = format!("containers[{i}]");
                let id = ContainerId::parse(as_str(v, &field)?)
                    .map_err(|e| FieldError::from_parse(&field, e))?;
                if !seen.insert(id) {
                    return Err(FieldError::new(field, format!("{} is listed twice", id)));
                }
                out.push(id);
            }
            Ok((out, false))
        }
        (Some(v), None) => {
            let n = v
                .as_u64()
                .filter(|n| (1..=MAX_CONTAINERS as u64).contains(n))
                .ok_or_else(|| {
                    FieldError::new(
                        "containers",
                        format!(
                            "expected a count from 1 to {MAX_CONTAINERS} or a list of ids, got {}",
                            kind(v)
                        ),
                    )
                })?;
            let ids =
                Fleet::numbered(n as usize).map_err(|e| FieldError::from_parse("containers", e))?;
            Ok((ids, false))
        }
    }
}

/// `simulation`: a name, `mixed`, or a list of names (at most [`MAX_SIMULATIONS`]).
fn parse_simulations(map: &Map<String, Value>) -> Result<Vec<Simulation>, FieldError> {
    let simulations = parse_simulation_list(map)?;
    if simulations.len() > MAX_SIMULATIONS {
        return Err(FieldError::new(
            "simulation",
            format!(
                "expected at most {MAX_SIMULATIONS} names (a name may repeat to weigh it), got {}",
                simulations.len()
            ),
        ));
    }
    Ok(simulations)
}

fn parse_simulation_list(map: &Map<String, Value>) -> Result<Vec<Simulation>, FieldError> {
    match optional(map, "simulation") {
        Some(Value::Array(names)) => {
            if names.is_empty() {
                return Err(FieldError::new(
                    "simulation",
                    "expected at least one simulation in the list",
                ));
            }
            names
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let field = format!("simulation[{i}]");
                    as_str(v, &field)?
                        .parse()
                        .map_err(|e| FieldError::from_parse(&field, e))
                })
                .collect()
        }
        _ => parse_simulation_names(required_str(map, "simulation")?)
            .map_err(|e| FieldError::from_parse("simulation", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::ControlRequest;

    fn parse(body: &str) -> Result<ControlRequest, FieldError> {
        ControlRequest::from_json(body.as_bytes(), 1_000_000, 100_000.0)
    }

    fn stream(body: &str) -> StreamRequest {
        match parse(body).unwrap() {
            ControlRequest::Stream(s) => s,
            other => panic!("not a stream: {other:?}"),
        }
    }

    #[test]
    fn a_body_without_rate_is_the_original_batch() {
        let body = r#"{"containerID":"C02","simulation":"co2sensor","nb_of_records":10}"#;
        assert!(matches!(parse(body).unwrap(), ControlRequest::Batch(_)));
    }

    #[test]
    fn a_fleet_stream_with_its_defaults() {
        let s = stream(r#"{"containers":12,"simulation":"mixed","rate":0.5}"#);
        assert_eq!(s.containers.len(), 12);
        assert_eq!(s.containers[0].as_str(), "C0001");
        assert_eq!(s.simulations, Simulation::EPISODIC.to_vec());
        assert_eq!(s.product, None);
        assert_eq!(s.rate.per_second(), 0.5);
        assert_eq!((s.duration, s.max_records), (None, None));
        assert_eq!(s.clock, Clock::Wall);
        assert_eq!(s.cycle.get(), 288);
        let fleet = s.to_fleet(Seed(1), Timestamp::MIN).unwrap();
        assert_eq!(fleet.product_of(1), Product::ORIGINAL[1]);

        let s = stream(
            r#"{"containerID":"C07","simulation":["poweroff","gaps"],"rate":100,
               "duration_seconds":60,"nb_of_records":500,"clock":"simulated","seed":3,
               "start":"2026-01-01 00:00:00","ground_truth":true,"cycle_records":100}"#,
        );
        assert_eq!(s.containers[0].as_str(), "C07");
        assert_eq!(s.product, Some(Product::default()), "P02 for one container");
        assert_eq!(s.simulations, vec![Simulation::PowerOff, Simulation::Gaps]);
        assert_eq!(s.pacer().limit(), Some(500));
        assert_eq!(s.clock, Clock::Simulated);
        assert!(s.options.ground_truth);
        let s = stream(r#"{"containers":["a","b"],"simulation":"normal","rate":1}"#);
        assert_eq!(s.containers.len(), 2);
    }

    #[test]
    fn each_bad_field_is_named_with_what_is_allowed() {
        let base = r#""simulation":"normal","rate":10"#;
        let cases = [
            (
                r#"{"containers":5,"simulation":"normal","rate":0}"#,
                "rate",
                "records per second",
            ),
            (
                r#"{"containers":5,"simulation":"normal","rate":"fast"}"#,
                "rate",
                "records per second",
            ),
            (
                r#"{"containers":5,"simulation":"normal","rate":200000}"#,
                "rate",
                "on this relay",
            ),
            (
                &format!(r#"{{"containers":0,{base}}}"#),
                "containers",
                "from 1 to 100000",
            ),
            (
                &format!(r#"{{"containers":100001,{base}}}"#),
                "containers",
                "from 1 to 100000",
            ),
            (
                &format!(r#"{{"containers":-3,{base}}}"#),
                "containers",
                "a count",
            ),
            (
                &format!(r#"{{"containers":[],{base}}}"#),
                "containers",
                "1 to 100000 ids",
            ),
            (
                &format!(r#"{{"containers":["C1","C1"],{base}}}"#),
                "containers[1]",
                "twice",
            ),
            (
                &format!(r#"{{"containers":["C1","bad id"],{base}}}"#),
                "containers[1]",
                "ASCII",
            ),
            (
                &format!(r#"{{"containers":2,"containerID":"C1",{base}}}"#),
                "containers",
                "not both",
            ),
            (&format!(r#"{{{base}}}"#), "containers", "is required"),
            (r#"{"containers":2,"rate":1}"#, "simulation", "is required"),
            (
                r#"{"containers":2,"rate":1,"simulation":"warp"}"#,
                "simulation",
                "mixed",
            ),
            (
                r#"{"containers":2,"rate":1,"simulation":[]}"#,
                "simulation",
                "at least one",
            ),
            (
                r#"{"containers":2,"rate":1,"simulation":["normal",7]}"#,
                "simulation[1]",
                "a string",
            ),
            (
                &format!(r#"{{"containers":2,{base},"duration_seconds":0}}"#),
                "duration_seconds",
                "1 to 604800",
            ),
            (
                &format!(r#"{{"containers":2,{base},"duration_seconds":"1m"}}"#),
                "duration_seconds",
                "whole number",
            ),
            (
                &format!(r#"{{"containers":2,{base},"nb_of_records":0}}"#),
                "nb_of_records",
                "from 1",
            ),
            (
                &format!(r#"{{"containers":2,{base},"clock":"fast"}}"#),
                "clock",
                "wall or simulated",
            ),
            (
                &format!(r#"{{"containers":2,{base},"product_id":"P99"}}"#),
                "product_id",
                "P01",
            ),
            (
                &format!(r#"{{"containers":2,{base},"cycle_records":3}}"#),
                "cycle_records",
                "from 9",
            ),
            (
                &format!(r#"{{"containers":2,{base},"ground_truth":"yes"}}"#),
                "ground_truth",
                "true or false",
            ),
            (
                &format!(r#"{{"containers":2,{base},"speed":1}}"#),
                "speed",
                "unknown field",
            ),
        ];
        for (body, field, hint) in cases {
            let err = parse(body).unwrap_err();
            assert_eq!(err.field, field, "{body}: {err}");
            assert!(err.message.contains(hint), "{body}: {err}");
        }
    }
}
