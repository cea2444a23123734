//! The random source: ChaCha8 with our own, fixed sampling algorithms.
//!
//! Reproducibility is a promise of the product ("the same spec and seed give the same bytes
//! everywhere, now and in later versions"), so nothing here depends on a library's choice of
//! sampling algorithm or on the platform's math library:
//! - the bit stream is ChaCha with 8 rounds (`rand_chacha::ChaCha8Rng` natively, the same
//!   stream from [`crate::chacha`] in Wasm), a fixed algorithm;
//! - its 256-bit key is the seed expanded by SplitMix64 (four outputs, little-endian);
//! - independent parts of a generation read independent ChaCha *streams* (see [`Stream`]);
//! - uniform floats take the top 53 bits of a `u64`; bounded integers use Lemire's
//!   multiply-and-reject method;
//! - normal deviates come from Doornik's ZIGNOR ziggurat (128 layers); its table and its rare
//!   slow paths use `exp`, `ln` and `sqrt` from the pure-Rust `libm` crate, so they give the
//!   same bits natively and in Wasm (a platform's math library may not).

use std::sync::OnceLock;

#[cfg(target_arch = "wasm32")]
use crate::chacha::ChaCha8;
use crate::seed::Seed;
#[cfg(not(target_arch = "wasm32"))]
use rand_chacha::ChaCha8Rng as ChaCha8;
#[cfg(not(target_arch = "wasm32"))]
use rand_core::{RngCore, SeedableRng};

/// The independent random streams of one generation.
///
/// Drawing each part from its own stream keeps them apart: a `co2sensor` run and a `normal`
/// run with the same seed have the same normal readings, differing only where the fault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// The normal readings of every row.
    Readings = 0,
    /// Where the fault runs start.
    FaultPlan = 1,
    /// The faulty values written into the fault runs.
    FaultValues = 2,
    /// A fleet's draws for one container's cycle (which simulation it runs).
    Fleet = 3,
    /// A wearing unit's readings, addressed by row (see [`SimRng::seek_row`]).
    WearReadings = 4,
    /// A wearing unit's life: each repair cycle's drawn life and downtime, by cycle.
    WearLife = 5,
    /// The extra readings of the `rcm` profile for the simulations that are not addressed by
    /// row (their base readings come first, from [`Stream::Readings`]).
    Rcm = 6,
    /// A voyage's drawn times: speeds, terminal stays, transfers ([`crate::route`]).
    Route = 7,
    /// A dataset's draws: its units' make-up, the split, and each unit's sensor noise, missing
    /// and late readings ([`crate::dataset`]).
    Dataset = 8,
    /// The `rcm` profile's slow drifts (cargo, weather, humidity, CO₂), by knot
    /// ([`crate::physical::Drift`]).
    Drift = 9,
    /// A unit's controller timetable: its first defrost and its frozen cycle's origin
    /// ([`crate::controller::Timetable`]).
    Controller = 10,
}

/// Random words a row-addressed stream reserves for each row (a row reads fewer; one that
/// read more would share words with the next, still the same for the same row).
pub const WORDS_PER_ROW: u128 = 32;

/// A seeded random source for one stream.
#[derive(Debug, Clone)]
pub struct SimRng {
    chacha: ChaCha8,
}

impl SimRng {
    /// The random source of `stream` for `seed`.
    pub fn new(seed: Seed, stream: Stream) -> Self {
        let mut state = seed.0;
        let mut key = [0u8; 32];
        for chunk in key.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut state).to_le_bytes());
        }
        Self {
            chacha: chacha8(key, stream as u64),
        }
    }

    /// Moves to the start of row `row`'s words: what a row-addressed stream draws for a row
    /// depends on the seed and the row only, so any stretch of rows can be generated alone.
    #[inline]
    pub fn seek_row(&mut self, row: u64) {
        let target = u128::from(row) * WORDS_PER_ROW;
        let current = self.chacha.get_word_pos();
        // Rows read in order: skip the few words left of the previous row in the buffer
        // rather than recompute it (the same words either way).
        if current <= target && target - current <= 2 * WORDS_PER_ROW && current.is_multiple_of(2) {
            for _ in 0..(target - current) / 2 {
                self.chacha.next_u64();
            }
        } else {
            self.chacha.set_word_pos(target);
        }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.chacha.next_u64()
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `[0, n)`; `n` must be positive.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Lemire, "Fast Random Integer Generation in an Interval" (2019).
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// A uniform integer in `[low, high]` (both inclusive); `low <= high`.
    #[inline]
    pub fn between_inclusive(&mut self, low: u64, high: u64) -> u64 {
        debug_assert!(low <= high);
        match (high - low).checked_add(1) {
            Some(span) => low + self.below(span),
            None => self.next_u64(),
        }
    }

    /// A standard normal deviate (mean 0, standard deviation 1).
    ///
    /// Doornik's ZIGNOR ziggurat (128 layers): one 64-bit draw and one comparison for ~99 %
    /// of deviates; the wedges and the tail use `libm`'s `exp` and `ln`.
    #[inline]
    pub fn standard_normal(&mut self) -> f64 {
        let table = ziggurat();
        loop {
            let bits = self.next_u64();
            // Disjoint bits: the low 7 pick the layer, the top 53 give u in [-1, 1).
            let layer = (bits & 0x7F) as usize;
            let u = 2.0 * ((bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)) - 1.0;
            if u.abs() < table.ratio[layer] {
                return u * table.x[layer];
            }
            if layer == 0 {
                return self.normal_tail(u < 0.0);
            }
            let x = u * table.x[layer];
            let f0 = libm::exp(-0.5 * (table.x[layer] * table.x[layer] - x * x));
            let f1 = libm::exp(-0.5 * (table.x[layer + 1] * table.x[layer + 1] - x * x));
            if f1 + self.unit() * (f0 - f1) < 1.0 {
                return x;
            }
        }
    }

    /// A deviate from the tail beyond [`ZIGGURAT_R`] (Marsaglia 1964).
    #[cold]
    fn normal_tail(&mut self, negative: bool) -> f64 {
        loop {
            // 1 − unit lies in (0, 1], so the logarithms are finite.
            let x = libm::log(1.0 - self.unit()) / ZIGGURAT_R;
            let y = libm::log(1.0 - self.unit());
            if -2.0 * y >= x * x {
                return if negative {
                    x - ZIGGURAT_R
                } else {
                    ZIGGURAT_R - x
                };
            }
        }
    }

    /// A normal deviate with the given mean and standard deviation.
    #[inline]
    pub fn normal(&mut self, mean: f64, std_dev: f64) -> f64 {
        mean + std_dev * self.standard_normal()
    }
}

/// Layers of the ziggurat.
const ZIGGURAT_LAYERS: usize = 128;
/// Where the tail starts, for 128 layers (Doornik 2005).
const ZIGGURAT_R: f64 = 3.442619855899;
/// The area of each layer, for 128 layers.
const ZIGGURAT_V: f64 = 9.91256303526217e-3;

/// The layer edges `x` and the ratios `x[i+1] / x[i]` of the ziggurat.
#[derive(Debug)]
struct Ziggurat {
    x: [f64; ZIGGURAT_LAYERS + 1],
    ratio: [f64; ZIGGURAT_LAYERS],
}

/// The ziggurat, computed once with `libm` so that every platform gets the same table.
fn ziggurat() -> &'static Ziggurat {
    static TABLE: OnceLock<Ziggurat> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut x = [0.0; ZIGGURAT_LAYERS + 1];
        let mut f = libm::exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
        x[0] = ZIGGURAT_V / f;
        x[1] = ZIGGURAT_R;
        for i in 2..ZIGGURAT_LAYERS {
            x[i] = libm::sqrt(-2.0 * libm::log(ZIGGURAT_V / x[i - 1] + f));
            f = libm::exp(-0.5 * x[i] * x[i]);
        }
        let mut ratio = [0.0; ZIGGURAT_LAYERS];
        for i in 0..ZIGGURAT_LAYERS {
            ratio[i] = x[i + 1] / x[i];
        }
        Ziggurat { x, ratio }
    })
}

/// The ChaCha8 stream `stream` of `key`: scalar rounds in Wasm, `rand_chacha` natively (the
/// same stream; see [`crate::chacha`]).
fn chacha8(key: [u8; 32], stream: u64) -> ChaCha8 {
    #[cfg(target_arch = "wasm32")]
    return ChaCha8::new(key, stream);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut chacha = ChaCha8::from_seed(key);
        chacha.set_stream(stream);
        chacha
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): spreads a 64-bit seed over the ChaCha key.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_same_values() {
        let mut a = SimRng::new(Seed(7), Stream::Readings);
        let mut b = SimRng::new(Seed(7), Stream::Readings);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn streams_and_seeds_differ() {
        let first = |seed, stream| SimRng::new(Seed(seed), stream).next_u64();
        assert_ne!(first(7, Stream::Readings), first(7, Stream::FaultPlan));
        assert_ne!(first(7, Stream::FaultPlan), first(7, Stream::FaultValues));
        assert_ne!(first(7, Stream::Readings), first(8, Stream::Readings));
    }

    const PINNED: (u64, u64, u64, f64, f64, f64) = (
        3536907876931541756,
        0,
        20,
        0.7231518528398883,
        -2.2331888700214373,
        -1.1494438312595199,
    );

    #[test]
    fn pinned_first_values_never_change() {
        // A change here changes every generated file: say so in the CHANGELOG.
        let mut rng = SimRng::new(Seed(42), Stream::Readings);
        let got = (
            rng.next_u64(),
            rng.below(4),
            rng.between_inclusive(10, 20),
            rng.unit(),
            rng.standard_normal(),
            rng.standard_normal(),
        );
        assert_eq!(got, PINNED);
    }

    #[test]
    fn bounded_integers_cover_their_range_evenly() {
        let mut rng = SimRng::new(Seed(1), Stream::Readings);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[rng.below(4) as usize] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
        assert_eq!(rng.between_inclusive(5, 5), 5);
        let _ = rng.between_inclusive(0, u64::MAX);
    }

    #[test]
    fn normal_deviates_have_the_asked_moments() {
        let mut rng = SimRng::new(Seed(3), Stream::Readings);
        let n = 400_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal(12.0, 2.0)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!((mean - 12.0).abs() < 0.02, "{mean}");
        assert!((var.sqrt() - 2.0).abs() < 0.02, "{var}");
        // The shape, not only the moments: the share beyond 1, 2 and 3 deviations, and the
        // tail beyond the ziggurat's base, match the normal distribution.
        let beyond =
            |k: f64| xs.iter().filter(|x| ((*x - 12.0) / 2.0).abs() > k).count() as f64 / n as f64;
        for (k, expected) in [
            (1.0, 0.317_310_5),
            (2.0, 0.045_500_3),
            (3.0, 0.002_699_8),
            (3.5, 0.000_465_3),
        ] {
            let se = (expected * (1.0 - expected) / n as f64).sqrt();
            assert!(
                (beyond(k) - expected).abs() < 5.0 * se,
                "beyond {k}: {}",
                beyond(k)
            );
        }
    }
}
