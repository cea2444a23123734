//! Rounding to whole numbers, the same double as `libm::round` (ties away from zero), with a
//! cast instead of bit masks: the simulator rounds several values on every row (positions to
//! a metre, readings to their decimals), and `libm::round` is a call of ~20 instructions.

/// 2^52: from here on every double is a whole number.
const WHOLE_FROM: f64 = 4_503_599_627_370_496.0;
/// The largest double below one half: adding it and truncating rounds ties away from zero
/// without rounding 0.49999999999999994 up (what `libm::round` adds too).
const JUST_BELOW_HALF: f64 = 0.499_999_999_999_999_94;

/// `x` rounded to the nearest whole number, ties away from zero; bit for bit what
/// `libm::round(x)` gives (the sign of a zero included, NaN stays NaN).
#[inline]
pub fn round(x: f64) -> f64 {
    if x.abs() < WHOLE_FROM {
        (((x + JUST_BELOW_HALF.copysign(x)) as i64) as f64).copysign(x)
    } else {
        x
    }
}

/// `x` rounded to `decimals` decimals (`scale` = 10^decimals), as `round(x * scale) / scale`.
#[inline]
pub fn round_to(x: f64, scale: f64) -> f64 {
    round(x * scale) / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{SimRng, Stream};
    use crate::seed::Seed;

    fn same(x: f64) {
        if x.is_nan() {
            assert!(round(x).is_nan() && libm::round(x).is_nan());
            return;
        }
        assert_eq!(round(x).to_bits(), libm::round(x).to_bits(), "{x:e}");
    }

    #[test]
    fn rounds_as_libm_does_at_the_edges() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            0.49999999999999994,
            -0.49999999999999994,
            1.5,
            2.5,
            -2.5,
            0.3,
            -0.3,
            WHOLE_FROM - 0.5,
            -(WHOLE_FROM - 0.5),
            WHOLE_FROM,
            WHOLE_FROM + 1.0,
            -(WHOLE_FROM + 1.0),
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in edges {
            same(x);
        }
        assert!(round(f64::NAN).is_nan());
    }

    #[test]
    fn rounds_as_libm_does_over_every_magnitude() {
        let mut rng = SimRng::new(Seed(7), Stream::Readings);
        for _ in 0..200_000 {
            let bits = rng.next_u64();
            same(f64::from_bits(bits));
            // And values like readings: a few thousand at most, with their fractions.
            let reading = (rng.unit() - 0.5) * 2.0e4;
            same(reading);
            same(reading * 1e5);
            same(libm::round(reading * 2.0) / 2.0);
        }
    }
}
