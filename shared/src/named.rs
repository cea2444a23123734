//! Values chosen from a fixed set of names — a product, a simulation, a clock, an output
//! format: written by their name, read from it (or an alias) case-insensitively, and refused
//! with the list of what is allowed. The one place that rule is written.

use crate::error::ParseError;

/// A value with a fixed set of names.
pub trait Named: Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];
    /// What the value is, in an error: `payload format`.
    const WHAT: &'static str;
    /// What it may be, in an error: `expected json or legacy`.
    const EXPECTED: &'static str;

    /// The name it is written with.
    fn text(self) -> &'static str;

    /// Other names it is read from.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
}

/// Reads a value by its name or an alias (case-insensitive, surrounding spaces ignored).
pub fn parse_named<T: Named>(s: &str) -> Result<T, ParseError> {
    let wanted = s.trim();
    T::ALL
        .iter()
        .copied()
        .find(|value| {
            value.text().eq_ignore_ascii_case(wanted)
                || value
                    .aliases()
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(wanted))
        })
        .ok_or_else(|| ParseError::new(T::WHAT, s, T::EXPECTED))
}

/// `Display` by [`Named::text`] and `FromStr` by [`parse_named`] for [`Named`] types.
#[macro_export]
macro_rules! display_and_parse_by_name {
    ($($ty:ty),* $(,)?) => {$(
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::named::Named::text(*self))
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::named::parse_named(s)
            }
        }
    )*};
}

/// Implements [`Named`] (and `Display` and `FromStr` by it) for a type whose values are `all`,
/// each written as `value.text()` with the method named `text`.
#[macro_export]
macro_rules! named_values {
    ($ty:ty { what: $what:expr, expected: $expected:expr, all: $all:expr, text: $text:ident }) => {
        impl $crate::named::Named for $ty {
            const ALL: &'static [Self] = $all;
            const WHAT: &'static str = $what;
            const EXPECTED: &'static str = $expected;

            fn text(self) -> &'static str {
                self.$text()
            }
        }

        $crate::display_and_parse_by_name!($ty);
    };
}

#[cfg(test)]
mod tests {
    use crate::encoding::{Format, PayloadFormat};
    use crate::pace::Clock;
    use crate::{Product, Simulation};

    #[test]
    fn names_and_aliases_read_back_in_any_case_and_others_are_refused_with_the_list() {
        assert_eq!(" p03 ".parse::<Product>().unwrap(), Product::P03);
        assert_eq!(
            "CO2SENSOR".parse::<Simulation>().unwrap(),
            Simulation::Co2Sensor
        );
        assert_eq!("NDJSON".parse::<Format>().unwrap(), Format::JsonLines);
        assert_eq!("Simulated".parse::<Clock>().unwrap(), Clock::Simulated);
        assert_eq!(PayloadFormat::Legacy.to_string(), "legacy");
        let err = "xml".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("expected csv or jsonl"), "{err}");
        let err = "P9".parse::<Product>().unwrap_err().to_string();
        assert!(err.contains("P05 (Tomato)"), "{err}");
    }
}
