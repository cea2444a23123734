//! A generation as a URL query, so that a link reproduces exactly the same data, and the file
//! name a download of it gets.

use crate::encoding::Format;
use crate::error::FieldError;
use crate::spec::GenerationSpec;

/// The query of a spec: `container=C02&product=P02&simulation=co2sensor&records=1000&start=2026-01-01T00:00:00&seed=42`.
///
/// Every value is URL-safe as written (ids, names, digits, `-`, `:`, `T`), so no escaping is
/// needed.
pub fn to_query(spec: &GenerationSpec) -> String {
    let start = spec.start().to_string().replace(' ', "T");
    let mut options = match spec.lead_time().minutes() {
        0 => String::new(),
        minutes => format!("&lead={minutes}"),
    };
    if spec.interval() != crate::Interval::default() {
        options += &format!("&interval={}", spec.interval());
    }
    if spec.profile() != crate::rcm::Profile::default() {
        options += &format!("&profile={}", spec.profile());
    }
    if let Some(voyage) = spec.voyage() {
        options += &format!("&route={}", voyage.route);
    }
    format!(
        "container={}&product={}&simulation={}&records={}&start={start}&seed={}{options}",
        spec.container(),
        spec.product(),
        spec.simulation(),
        spec.records(),
        spec.seed()
    )
}

/// Reads a spec back from a query made by [`to_query`] (a leading `?` and unknown parameters
/// are ignored; `%20`, `+` and `%3A` are understood in the start time). Every one of the six
/// values is required: a link either reproduces its data exactly or says what is missing;
/// `lead` (the lead time in minutes, 0 when absent), `interval` (`5m` when absent) and
/// `profile` (`standard` when absent) and `route` (parked when absent) are optional, so that
/// older links keep their meaning.
pub fn from_query(query: &str) -> Result<GenerationSpec, FieldError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let get = |name: &str| -> Result<String, FieldError> {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .map(|(_, value)| decode(value))
            .ok_or_else(|| FieldError::new(name, "is missing from the link"))
    };
    let or = |name: &str, default: &str| get(name).unwrap_or_else(|_| default.to_owned());
    GenerationSpec::from_fields(
        &get("container")?,
        &get("product")?,
        &get("simulation")?,
        &get("records")?,
        &get("start")?,
        &get("seed")?,
        &or("lead", "0"),
    )?
    .with_fields(
        &or("interval", "5m"),
        &or("profile", "standard"),
        &or("route", "none"),
    )
}

/// The file name of a download: `telemetries-C02-co2sensor-seed42.csv`.
pub fn file_name(spec: &GenerationSpec, format: Format) -> String {
    format!(
        "telemetries-{}-{}-seed{}.{}",
        spec.container(),
        spec.simulation(),
        spec.seed(),
        format.name()
    )
}

/// Undoes the little URL encoding a start time may carry.
fn decode(value: &str) -> String {
    value
        .replace('+', " ")
        .replace("%20", " ")
        .replace("%3A", ":")
        .replace("%3a", ":")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Product, Seed, Simulation};

    fn spec() -> GenerationSpec {
        GenerationSpec::new(
            "reefer-7.b_2".parse().unwrap(),
            Product::P04,
            Simulation::O2Sensor,
            "12345".parse().unwrap(),
            "2026-02-28 23:55:00".parse().unwrap(),
            Seed(u64::MAX),
        )
        .unwrap()
    }

    #[test]
    fn a_link_carries_the_interval_and_the_profile_only_when_not_the_default() {
        let hourly = spec()
            .with_interval(crate::Interval::Hour)
            .unwrap()
            .with_profile(crate::rcm::Profile::Rcm)
            .with_route(Some(crate::route::Route::SantosRotterdam));
        let query = to_query(&hourly);
        assert!(
            query.ends_with("&interval=1h&profile=rcm&route=santos-rotterdam"),
            "{query}"
        );
        assert_eq!(from_query(&query).unwrap(), hourly);
        assert!(!to_query(&spec()).contains("interval"));
        let err = from_query(&query.replace("1h", "2h")).unwrap_err();
        assert_eq!(err.field, "interval");
        let err = from_query(&query.replace("rcm", "full")).unwrap_err();
        assert_eq!(err.field, "profile");
        let err = from_query(&query.replace("santos", "lisbon")).unwrap_err();
        assert_eq!(err.field, "route");
    }

    #[test]
    fn a_link_reproduces_its_spec() {
        let query = to_query(&spec());
        assert_eq!(
            query,
            "container=reefer-7.b_2&product=P04&simulation=o2sensor&records=12345&start=2026-02-28T23:55:00&seed=18446744073709551615"
        );
        assert_eq!(from_query(&query).unwrap(), spec());
        assert_eq!(from_query(&format!("?utm=x&{query}")).unwrap(), spec());
        let spaced = query.replace("T23", "%2023").replace(":", "%3A");
        assert_eq!(from_query(&spaced).unwrap(), spec());
    }

    #[test]
    fn a_broken_link_names_what_is_wrong() {
        let query = to_query(&spec());
        for (broken, field) in [
            (query.replace("container=reefer-7.b_2&", ""), "container"),
            (query.replace("P04", "P99"), "product"),
            (query.replace("o2sensor", "fire"), "simulation"),
            (query.replace("12345", "-1"), "records"),
            (query.replace("2026-02-28T23:55:00", "soon"), "start"),
            (query.replace("18446744073709551615", "x"), "seed"),
        ] {
            assert_eq!(from_query(&broken).unwrap_err().field, field, "{broken}");
        }
    }

    #[test]
    fn downloads_are_named_after_their_spec() {
        assert_eq!(
            file_name(&spec(), Format::Csv),
            "telemetries-reefer-7.b_2-o2sensor-seed18446744073709551615.csv"
        );
    }

    #[test]
    fn a_lead_time_travels_in_the_link_only_when_set() {
        let spec = from_query(
            "container=C02&product=P02&simulation=powerfailure&records=10&start=2026-01-01T00:00:00&seed=4",
        )
        .unwrap();
        assert!(!to_query(&spec).contains("lead"));
        let lead = spec.with_lead_time("60".parse().unwrap());
        let query = to_query(&lead);
        assert!(query.ends_with("&lead=60"), "{query}");
        assert_eq!(from_query(&query).unwrap(), lead);
        let err = from_query(&format!("{}&lead=7", to_query(&spec))).unwrap_err();
        assert_eq!(err.field, "lead");
    }
}
