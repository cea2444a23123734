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
    /// The largest integer JavaScript represents exactly (2^53 − 1).
    pub const MAX_JS_SAFE: u64 = (1 << 53) - 1;

    /// A seed from random bits, kept at most [`Seed::MAX_JS_SAFE`] so that a browser (the
    /// control panel, Swagger UI) shows and sends it back exactly. Users may still give any
    /// 64-bit seed.
    pub fn from_random_bits(bits: u64) -> Self {
        Seed(bits & Self::MAX_JS_SAFE)
    }

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
    fn drawn_seeds_stay_exact_in_javascript() {
        assert_eq!(
            Seed::from_random_bits(u64::MAX),
            Seed(9_007_199_254_740_991)
        );
        assert_eq!(Seed::from_random_bits(42), Seed(42));
        // f64 (a JavaScript number) round-trips every drawn seed.
        let seed = Seed::from_random_bits(0xDEAD_BEEF_CAFE_F00D).0;
        assert_eq!(seed as f64 as u64, seed);
    }

    #[test]
    fn parses_the_whole_u64_range() {
        assert_eq!("0".parse::<Seed>(), Ok(Seed(0)));
        assert_eq!("18446744073709551615".parse::<Seed>(), Ok(Seed(u64::MAX)));
        for bad in ["-1", "18446744073709551616", "x", "", "+3"] {
            assert!(bad.parse::<Seed>().is_err(), "{bad}");
        }
    }
}
