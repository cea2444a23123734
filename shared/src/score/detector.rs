//! From scores to flags: a container is flagged once when [`FLAG_AFTER`] readings in a row
//! score at least one half, and may be flagged again only after [`CLEAR_AFTER`] readings in a
//! row below it. One noisy reading flags nothing; a fault is flagged once, not per reading.

/// Readings in a row at or above 0.5 that raise a flag.
pub const FLAG_AFTER: u32 = 3;
/// Readings in a row below 0.5 after which a container may be flagged again.
pub const CLEAR_AFTER: u32 = 6;

/// A flag raised by [`Detector::observe`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flag {
    /// The score of the reading that raised it.
    pub score: f64,
}

/// One container's state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detector {
    high: u32,
    low: u32,
    flagged: bool,
}

impl Detector {
    /// Takes the next reading's score; returns a flag when this reading raises one.
    pub fn observe(&mut self, score: f64) -> Option<Flag> {
        if score >= 0.5 {
            self.high += 1;
            self.low = 0;
        } else {
            self.low += 1;
            self.high = 0;
            if self.low >= CLEAR_AFTER {
                self.flagged = false;
            }
        }
        if !self.flagged && self.high >= FLAG_AFTER {
            self.flagged = true;
            return Some(Flag { score });
        }
        None
    }

    /// Whether the container is flagged and not yet cleared.
    pub fn is_flagged(&self) -> bool {
        self.flagged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_high_readings_flag_once_and_six_low_ones_rearm() {
        let mut d = Detector::default();
        let flags = |d: &mut Detector, scores: &[f64]| {
            scores.iter().filter(|s| d.observe(**s).is_some()).count()
        };
        assert_eq!(
            flags(&mut d, &[0.9, 0.1, 0.9, 0.9]),
            0,
            "a low reading resets the run"
        );
        assert_eq!(flags(&mut d, &[0.9]), 1);
        assert!(d.is_flagged());
        assert_eq!(flags(&mut d, &[0.9; 20]), 0, "flagged once per fault");
        assert_eq!(
            flags(&mut d, &[0.1, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9]),
            0,
            "five lows keep it"
        );
        assert_eq!(flags(&mut d, &[0.1; 6]), 0);
        assert!(!d.is_flagged());
        assert_eq!(flags(&mut d, &[0.6, 0.7, 0.8]), 1);
    }
}
