//! Reading flags with the typed values of `reefer-shared`.

/// Parses a flag with the `FromStr` of a `reefer-shared` type, so that the rule and its
/// message live in one place.
pub fn parse_with<T>(s: &str) -> Result<T, String>
where
    T: std::str::FromStr<Err = reefer_shared::ParseError>,
{
    s.parse::<T>().map_err(|e| e.to_string())
}
