//! The seed that, with the rest of a spec, fixes every random draw.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;

/// A 64-bit seed. The same seed and spec give the same bytes everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Seed(pub u64);

impl FromStr for Seed {
    type Err = ParseError;

    /// Accepts a decimal whole number from 0 to 18446744073709551615.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Self::error(s));
        }
        t.parse::<u64>().map(Seed).map_err(|_| Self::error(s))
    }
}

impl Seed {
    fn error(value: &str) -> ParseError {
        ParseError::new(
            "seed",
            value,
            "expected a whole number from 0 to 18446744073709551615",
        )
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_whole_u64_range() {
        assert_eq!("0".parse::<Seed>(), Ok(Seed(0)));
        assert_eq!("18446744073709551615".parse::<Seed>(), Ok(Seed(u64::MAX)));
        for bad in ["-1", "18446744073709551616", "x", "", "+3"] {
            assert!(bad.parse::<Seed>().is_err(), "{bad}");
        }
    }
}
