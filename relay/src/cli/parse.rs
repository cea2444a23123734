//! Reading flags with the typed values of `reefer-shared`: every flag parser answers a
//! [`ParseError`] (the value and what is allowed), which clap prefixes with the flag.

use reefer_shared::ParseError;

/// Parses a flag with the `FromStr` of a `reefer-shared` type, so that the rule and its
/// message live in one place.
pub fn parse_with<T>(s: &str) -> Result<T, ParseError>
where
    T: std::str::FromStr<Err = ParseError>,
{
    s.parse::<T>()
}
