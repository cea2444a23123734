//! Rows reduced to the minimum and maximum of each bucket, in constant memory.

use std::ops::Range;

/// The extremes of one series in one bucket, with the rows where they were read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// The smallest value.
    pub min: f64,
    /// The row of the smallest value.
    pub min_row: u64,
    /// The largest value.
    pub max: f64,
    /// The row of the largest value.
    pub max_row: u64,
}

impl Extent {
    fn of(row: u64, value: f64) -> Self {
        Self {
            min: value,
            min_row: row,
            max: value,
            max_row: row,
        }
    }

    fn add(&mut self, row: u64, value: f64) {
        if value < self.min {
            (self.min, self.min_row) = (value, row);
        }
        if value > self.max {
            (self.max, self.max_row) = (value, row);
        }
    }

    /// One or two points in row order: what a line through the bucket must pass.
    pub fn points(&self) -> impl Iterator<Item = (u64, f64)> {
        let (a, b) = ((self.min_row, self.min), (self.max_row, self.max));
        let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
        std::iter::once(first).chain((first != second).then_some(second))
    }
}

/// A series of values by row, reduced to `count` buckets over a range of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Buckets {
    rows: Range<u64>,
    width: u64,
    cells: Vec<Option<Extent>>,
}

impl Buckets {
    /// Buckets over `rows`, at most `count` of them (at least one row each).
    pub fn new(rows: Range<u64>, count: usize) -> Self {
        let span = rows.end.saturating_sub(rows.start).max(1);
        let width = span.div_ceil(count.max(1) as u64);
        let cells = vec![None; span.div_ceil(width) as usize];
        Self { rows, width, cells }
    }

    /// The bucket of `row`, if it is in the range.
    pub fn index(&self, row: u64) -> Option<usize> {
        self.rows
            .contains(&row)
            .then(|| ((row - self.rows.start) / self.width) as usize)
    }

    /// The rows of bucket `index`.
    pub fn rows_of(&self, index: usize) -> Range<u64> {
        let first = self.rows.start + index as u64 * self.width;
        first..(first + self.width).min(self.rows.end)
    }

    /// Rows per bucket.
    pub fn width(&self) -> u64 {
        self.width
    }

    /// Adds a reading; a row outside the range or a value that is not a number is left out.
    pub fn push(&mut self, row: u64, value: f64) {
        if value.is_nan() {
            return;
        }
        if let Some(i) = self.index(row) {
            match &mut self.cells[i] {
                Some(extent) => extent.add(row, value),
                cell => *cell = Some(Extent::of(row, value)),
            }
        }
    }

    /// Each bucket's extremes, `None` for a bucket without readings.
    pub fn cells(&self) -> &[Option<Extent>] {
        &self.cells
    }

    /// The line through every bucket's minimum and maximum, in row order.
    pub fn points(&self) -> Vec<(u64, f64)> {
        self.cells
            .iter()
            .flatten()
            .flat_map(Extent::points)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_rows_become_two_points_a_bucket_and_a_single_spike_survives() {
        let mut b = Buckets::new(0..1_000_000, 700);
        for row in 0..1_000_000 {
            b.push(
                row,
                if row == 777_777 {
                    99.0
                } else {
                    (row % 7) as f64
                },
            );
        }
        let points = b.points();
        assert!(points.len() <= 2 * 700, "{}", points.len());
        assert!(points.contains(&(777_777, 99.0)));
        assert!(points.windows(2).all(|w| w[0].0 <= w[1].0), "in row order");
    }

    #[test]
    fn few_rows_keep_every_row_and_gaps_stay_empty() {
        let mut b = Buckets::new(10..20, 700);
        assert_eq!(b.width(), 1);
        assert_eq!(b.cells().len(), 10);
        for row in [10, 11, 15, 25, 3] {
            b.push(row, row as f64);
        }
        b.push(12, f64::NAN);
        assert_eq!(b.points(), vec![(10, 10.0), (11, 11.0), (15, 15.0)]);
        assert!(b.cells()[2].is_none());
        assert_eq!(b.rows_of(5), 15..16);
    }

    #[test]
    fn the_last_bucket_ends_at_the_range() {
        let b = Buckets::new(0..1001, 10);
        assert_eq!(b.width(), 101);
        assert_eq!(b.rows_of(b.cells().len() - 1).end, 1001);
        assert_eq!(b.index(1000), Some(9));
        assert_eq!(b.index(1001), None);
    }
}
