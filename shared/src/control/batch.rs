//! A batch `/control` body (the original simulator's request), validated into a typed value.

use serde_json::{Map, Value};

use super::fields::{
    as_str, json_object, optional, parse_records, refuse_unknown, required_str, RequestOptions,
};

use crate::container::ContainerId;
use crate::count::RecordCount;
use crate::error::FieldError;
use crate::product::Product;
use crate::route::RouteChoice;
use crate::seed::Seed;
use crate::simulation::Simulation;
use crate::spec::GenerationSpec;
use crate::timestamp::Timestamp;

/// The fields a `/control` body may have.
pub const BATCH_FIELDS: [&str; 11] = [
    "containerID",
    "simulation",
    "nb_of_records",
    "product_id",
    "seed",
    "start",
    "lead_time_minutes",
    "ground_truth",
    "interval_minutes",
    "profile",
    "route",
];

/// A request to generate telemetry for one container, compatible with the original
/// simulator's body: `{"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000,
/// "product_id": "P02"}`, plus the optional `seed`, `start`, `lead_time_minutes`,
/// `ground_truth`, `interval_minutes` and `profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchRequest {
    /// `containerID`, required.
    pub container: ContainerId,
    /// `simulation`, required.
    pub simulation: Simulation,
    /// `nb_of_records`, required, from 1 to the server's limit.
    pub records: RecordCount,
    /// `product_id`, optional: P02 (the original tool's default) when absent.
    pub product: Product,
    /// `seed`, `start`, `lead_time_minutes`, `ground_truth`, `interval_minutes` and
    /// `profile`, all optional.
    pub options: RequestOptions,
}

impl BatchRequest {
    /// Parses a JSON body; `max_records` is the server's limit on `nb_of_records`.
    ///
    /// Unknown fields are refused (a misspelt optional field would otherwise be ignored
    /// silently), as are `null`s in required fields and numbers given as strings.
    pub fn from_json(body: &[u8], max_records: u64) -> Result<Self, FieldError> {
        let expected = format!(
            "expected a JSON object with the fields {}",
            BATCH_FIELDS.join(", ")
        );
        Self::from_map(&json_object(body, &expected, &BATCH_FIELDS)?, max_records)
    }

    pub(crate) fn from_map(map: &Map<String, Value>, max_records: u64) -> Result<Self, FieldError> {
        refuse_unknown(map, &BATCH_FIELDS)?;
        let container = required_str(map, "containerID")?;
        let container =
            ContainerId::parse(container).map_err(|e| FieldError::from_parse("containerID", e))?;
        let simulation = required_str(map, "simulation")?
            .parse::<Simulation>()
            .map_err(|e| FieldError::from_parse("simulation", e))?;
        let records = parse_records(map.get("nb_of_records"), max_records)?;
        let product = match optional(map, "product_id") {
            None => Product::default(),
            Some(v) => as_str(v, "product_id")?
                .parse()
                .map_err(|e| FieldError::from_parse("product_id", e))?,
        };
        let options = RequestOptions::from_map(map)?;
        if options.route == Some(RouteChoice::Mixed) {
            return Err(FieldError::new(
                "route",
                "a batch is one container's: name its route (mixed draws one per container of \
                 a stream)",
            ));
        }
        Ok(Self {
            container,
            simulation,
            records,
            product,
            options,
        })
    }

    /// The generation this request asks for, with the server's seed and start filling in
    /// what the request left out.
    pub fn to_spec(
        &self,
        default_seed: Seed,
        default_start: Timestamp,
    ) -> Result<GenerationSpec, FieldError> {
        GenerationSpec::new(
            self.container,
            self.product,
            self.simulation,
            self.records,
            self.options.start.unwrap_or(default_start),
            self.options.seed.unwrap_or(default_seed),
        )
        .and_then(|spec| spec.with_interval(self.options.interval))
        .map(|spec| {
            spec.with_lead_time(self.options.lead_time)
                .with_profile(self.options.profile)
                .with_route(match self.options.route {
                    Some(RouteChoice::One(route)) => Some(route),
                    _ => None,
                })
        })
        .map_err(|e| FieldError::from_parse("nb_of_records", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<BatchRequest, FieldError> {
        BatchRequest::from_json(body.as_bytes(), 100_000)
    }

    #[test]
    fn accepts_the_original_body() {
        let req = parse(
            r#"{"containerID": "C02", "simulation": "co2sensor", "nb_of_records": 1000, "product_id": "P02"}"#,
        )
        .unwrap();
        assert_eq!(req.container.as_str(), "C02");
        assert_eq!(req.simulation, Simulation::Co2Sensor);
        assert_eq!(req.records.get(), 1000);
        assert_eq!(req.product, Product::P02);
        assert_eq!((req.options.seed, req.options.start), (None, None));
    }

    #[test]
    fn accepts_seed_and_start_and_defaults_the_product() {
        let req = parse(
            r#"{"containerID":"C01","simulation":"normal","nb_of_records":5,"seed":7,"start":"2026-01-01 00:00:00"}"#,
        )
        .unwrap();
        assert_eq!(req.product, Product::P02);
        assert_eq!(req.options.seed, Some(Seed(7)));
        let spec = req.to_spec(Seed(1), Timestamp::MIN).unwrap();
        assert_eq!(spec.start().to_string(), "2026-01-01 00:00:00");
        assert_eq!(spec.seed(), Seed(7));
    }

    #[test]
    fn every_bad_body_names_its_field() {
        let base = r#""containerID":"C01","simulation":"normal""#;
        let cases = [
            ("{", "body"),
            ("[1]", "body"),
            ("\"x\"", "body"),
            (
                r#"{"simulation":"normal","nb_of_records":1}"#,
                "containerID",
            ),
            (
                r#"{"containerID":null,"simulation":"normal","nb_of_records":1}"#,
                "containerID",
            ),
            (
                r#"{"containerID":5,"simulation":"normal","nb_of_records":1}"#,
                "containerID",
            ),
            (
                r#"{"containerID":"a b","simulation":"normal","nb_of_records":1}"#,
                "containerID",
            ),
            (
                r#"{"containerID":"C01","simulation":"fire","nb_of_records":1}"#,
                "simulation",
            ),
            (r#"{"containerID":"C01","nb_of_records":1}"#, "simulation"),
            (&format!("{{{base}}}"), "nb_of_records"),
            (&format!("{{{base},\"nb_of_records\":0}}"), "nb_of_records"),
            (&format!("{{{base},\"nb_of_records\":-5}}"), "nb_of_records"),
            (
                &format!("{{{base},\"nb_of_records\":1.5}}"),
                "nb_of_records",
            ),
            (
                &format!("{{{base},\"nb_of_records\":\"1000\"}}"),
                "nb_of_records",
            ),
            (
                &format!("{{{base},\"nb_of_records\":100001}}"),
                "nb_of_records",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1e30}}"),
                "nb_of_records",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"product_id\":\"P9\"}}"),
                "product_id",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"product_id\":2}}"),
                "product_id",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"seed\":-1}}"),
                "seed",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"seed\":\"7\"}}"),
                "seed",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"start\":\"tomorrow\"}}"),
                "start",
            ),
            (
                &format!("{{{base},\"nb_of_records\":1,\"colour\":\"red\"}}"),
                "colour",
            ),
        ];
        for (body, field) in cases {
            let err = parse(body).unwrap_err();
            assert_eq!(err.field, field, "{body}: {err}");
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn a_run_past_year_9999_is_refused_on_the_count() {
        let req = parse(
            r#"{"containerID":"C01","simulation":"normal","nb_of_records":100000,"start":"9999-12-31 00:00:00"}"#,
        )
        .unwrap();
        let err = req.to_spec(Seed(1), Timestamp::MIN).unwrap_err();
        assert_eq!(err.field, "nb_of_records");
    }

    #[test]
    fn a_lead_time_is_optional_and_checked() {
        let base = r#""containerID":"C01","simulation":"powerfailure","nb_of_records":5"#;
        let req = BatchRequest::from_json(
            format!("{{{base},\"lead_time_minutes\":30}}").as_bytes(),
            1000,
        )
        .unwrap();
        let spec = req.to_spec(Seed(1), Timestamp::MIN).unwrap();
        assert_eq!(spec.lead_time().minutes(), 30);
        for bad in ["7", "-5", "\"soon\"", "20000"] {
            let err = BatchRequest::from_json(
                format!("{{{base},\"lead_time_minutes\":{bad}}}").as_bytes(),
                1000,
            )
            .unwrap_err();
            assert_eq!(err.field, "lead_time_minutes", "{bad}");
        }
    }

    #[test]
    fn the_ground_truth_is_off_unless_asked_with_a_boolean() {
        let base = r#""containerID":"C01","simulation":"gaps","nb_of_records":5"#;
        let parse =
            |extra: &str| BatchRequest::from_json(format!("{{{base}{extra}}}").as_bytes(), 1000);
        assert!(!parse("").unwrap().options.ground_truth);
        assert!(
            parse(",\"ground_truth\":true")
                .unwrap()
                .options
                .ground_truth
        );
        for bad in ["1", "\"yes\"", "[]"] {
            let err = parse(&format!(",\"ground_truth\":{bad}")).unwrap_err();
            assert_eq!(err.field, "ground_truth", "{bad}");
            assert!(err.message.contains("expected true or false"), "{err}");
        }
    }
}
