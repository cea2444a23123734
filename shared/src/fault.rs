//! Where the faults go: SPEC's three runs of consecutive rows, and the outages they form.

use crate::random::{SimRng, Stream};
use crate::seed::Seed;

/// How many fault runs a faulty simulation injects.
pub const RUNS_PER_SIMULATION: usize = 3;

/// A run of consecutive faulty rows, `start..start + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultRun {
    /// Index of the first faulty row.
    pub start: u64,
    /// Number of rows in the run.
    pub len: u64,
}

impl FaultRun {
    /// One past the last row of the run.
    pub const fn end(self) -> u64 {
        self.start + self.len
    }

    /// Whether row `index` is in the run.
    #[inline]
    pub const fn contains(self, index: u64) -> bool {
        index >= self.start && index < self.start + self.len
    }
}

/// The fault runs of one generation of `n` rows, and the outages they form.
///
/// SPEC: 3 runs, each `floor(0.12 n)` rows long; run k starts at a uniform random row between
/// the start of run k−1 (0 for the first) and `n − run length`, both inclusive, as the
/// original's `random.randint` drew it. Runs may overlap.
/// With fewer than 9 rows the run length is 0 and there are no faults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultPlan {
    runs: [FaultRun; RUNS_PER_SIMULATION],
    outages: [FaultRun; RUNS_PER_SIMULATION],
    outage_count: usize,
}

impl FaultPlan {
    /// The length of every run for `n` rows: `floor(0.12 n)`, computed exactly in integers.
    pub const fn run_len(n: u64) -> u64 {
        (n as u128 * 12 / 100) as u64
    }

    /// A plan with no faults (normal operation, or too few rows).
    pub const fn none() -> Self {
        let empty = FaultRun { start: 0, len: 0 };
        Self {
            runs: [empty; RUNS_PER_SIMULATION],
            outages: [empty; RUNS_PER_SIMULATION],
            outage_count: 0,
        }
    }

    /// Draws the runs for `n` rows from the seed's fault-plan stream.
    pub fn draw(seed: Seed, n: u64) -> Self {
        let len = Self::run_len(n);
        if len == 0 {
            return Self::none();
        }
        let mut rng = SimRng::new(seed, Stream::FaultPlan);
        let last_start = n - len;
        let mut previous = 0;
        let mut runs = [FaultRun { start: 0, len }; RUNS_PER_SIMULATION];
        for run in &mut runs {
            run.start = rng.between_inclusive(previous, last_start);
            previous = run.start;
        }
        Self::from_runs(runs)
    }

    /// A plan from given runs, sorted by start (as [`FaultPlan::draw`] makes them).
    pub fn from_runs(runs: [FaultRun; RUNS_PER_SIMULATION]) -> Self {
        let mut plan = Self::none();
        plan.runs = runs;
        // Merge overlapping or touching runs into outages: consecutive faulty rows.
        for run in runs.into_iter().filter(|r| r.len > 0) {
            match plan.outage_count.checked_sub(1) {
                Some(last) if run.start <= plan.outages[last].end() => {
                    let merged_end = plan.outages[last].end().max(run.end());
                    plan.outages[last].len = merged_end - plan.outages[last].start;
                }
                _ => {
                    plan.outages[plan.outage_count] = run;
                    plan.outage_count += 1;
                }
            }
        }
        plan
    }

    /// The three runs, in order of their start.
    pub fn runs(&self) -> &[FaultRun] {
        if self.outage_count == 0 {
            &[]
        } else {
            &self.runs
        }
    }

    /// Maximal blocks of consecutive faulty rows (runs merged where they overlap or touch).
    pub fn outages(&self) -> &[FaultRun] {
        &self.outages[..self.outage_count]
    }

    /// Whether row `index` is in any run.
    #[inline]
    pub fn is_faulty(&self, index: u64) -> bool {
        self.outages().iter().any(|o| o.contains(index))
    }

    /// The outage that contains row `index`, if any.
    #[inline]
    pub fn outage_at(&self, index: u64) -> Option<FaultRun> {
        self.outages().iter().copied().find(|o| o.contains(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_length_is_the_exact_floor_of_twelve_percent() {
        assert_eq!(FaultPlan::run_len(0), 0);
        assert_eq!(FaultPlan::run_len(8), 0);
        assert_eq!(FaultPlan::run_len(9), 1);
        assert_eq!(FaultPlan::run_len(25), 3);
        assert_eq!(FaultPlan::run_len(1000), 120);
        assert_eq!(
            FaultPlan::run_len(u64::MAX),
            (u64::MAX as u128 * 12 / 100) as u64
        );
    }

    #[test]
    fn fewer_than_nine_rows_have_no_faults() {
        for n in 0..9 {
            let plan = FaultPlan::draw(Seed(n), n);
            assert!(plan.runs().is_empty() && plan.outages().is_empty());
        }
    }

    #[test]
    fn runs_start_in_order_and_stay_inside_the_data() {
        for seed in 0..500 {
            for n in [9, 10, 17, 100, 1000] {
                let plan = FaultPlan::draw(Seed(seed), n);
                let len = FaultPlan::run_len(n);
                let runs = plan.runs();
                assert_eq!(runs.len(), 3);
                let mut previous = 0;
                for run in runs {
                    assert_eq!(run.len, len);
                    assert!(run.start >= previous && run.end() <= n);
                    previous = run.start;
                }
            }
        }
    }

    #[test]
    fn overlapping_and_touching_runs_merge_into_outages() {
        let run = |start, len| FaultRun { start, len };
        let plan = FaultPlan::from_runs([run(0, 3), run(2, 3), run(5, 3)]);
        assert_eq!(plan.outages(), &[run(0, 8)]);
        let plan = FaultPlan::from_runs([run(0, 2), run(10, 2), run(10, 2)]);
        assert_eq!(plan.outages(), &[run(0, 2), run(10, 2)]);
        assert!(plan.is_faulty(11) && !plan.is_faulty(12) && !plan.is_faulty(2));
    }
}
