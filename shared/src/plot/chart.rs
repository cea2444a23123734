//! A generation reduced to what its chart draws: the chosen columns by bucket, the fault
//! episodes to shade and the labelled rows to mark, over the whole run or a window of it.

use std::ops::Range;

use super::buckets::Buckets;
use crate::columns::RECORD_COLUMNS;
use crate::truth::FaultKind;
use crate::{GenerationSpec, Generator, Timestamp};

/// How many columns a chart can draw.
const CHARTABLE_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < RECORD_COLUMNS.len() {
        if RECORD_COLUMNS[i].column_type.is_numeric() {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The columns a chart can draw (every numeric column of the record), in the record's order.
pub const CHARTABLE: [&str; CHARTABLE_COUNT] = {
    let mut names = [""; CHARTABLE_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < RECORD_COLUMNS.len() {
        if RECORD_COLUMNS[i].column_type.is_numeric() {
            names[n] = RECORD_COLUMNS[i].name;
            n += 1;
        }
        i += 1;
    }
    names
};

/// A run of buckets inside fault episodes of one kind: the shaded band of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shading {
    /// What happens there.
    pub kind: FaultKind,
    /// The rows from the first bucket's first row to the last one's end.
    pub rows: Range<u64>,
    /// How many episodes the band covers (more than one when they are closer than a bucket).
    pub episodes: u64,
}

/// What a chart of one generation draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The columns drawn, in the order asked.
    pub columns: Vec<&'static str>,
    /// Each column's values by bucket.
    pub series: Vec<Buckets>,
    /// The fault episodes, bucket by bucket.
    pub shading: Vec<Shading>,
    /// For each bucket, the first labelled row in it (`maintenance_required`).
    pub labelled: Vec<Option<u64>>,
    /// The rows drawn.
    pub rows: Range<u64>,
    /// The generation's rows in all.
    pub records: u64,
    /// The time of row 0.
    pub start: Timestamp,
    /// Seconds between two rows.
    pub interval_seconds: i64,
}

impl ChartData {
    /// The time of a row, in Unix seconds.
    pub fn time_of(&self, row: u64) -> i64 {
        self.start.unix_seconds() + row as i64 * self.interval_seconds
    }

    /// Buckets (the same for every series).
    pub fn buckets(&self) -> usize {
        self.labelled.len()
    }

    /// The smallest and largest value of every series, `None` without values.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        self.series
            .iter()
            .flat_map(|s| s.cells().iter().flatten())
            .fold(None, |range, e| match range {
                None => Some((e.min, e.max)),
                Some((low, high)) => Some((e.min.min(low), e.max.max(high))),
            })
    }
}

impl ChartData {
    /// A chart of readings already taken (a container's latest, read back from Kafka), one
    /// bucket each, their times spread evenly from the first to the last.
    pub fn from_readings(columns: &[&str], readings: &[crate::TelemetryRecord]) -> Self {
        let n = readings.len() as u64;
        let columns: Vec<&'static str> = columns
            .iter()
            .filter_map(|c| CHARTABLE.iter().find(|k| *k == c).copied())
            .collect();
        let empty = Buckets::new(0..n.max(1), n.max(1) as usize);
        let mut series = vec![empty.clone(); columns.len()];
        let mut labelled = vec![None; empty.cells().len()];
        for (row, r) in readings.iter().enumerate() {
            for (s, column) in series.iter_mut().zip(&columns) {
                s.push(row as u64, r.numeric(column).unwrap_or(f64::NAN));
            }
            if r.maintenance_required {
                labelled[row] = Some(row as u64);
            }
        }
        let start = readings
            .first()
            .map_or(Timestamp::MIN, |r| r.measurement_time);
        let span = readings.last().map_or(0, |r| {
            r.measurement_time.unix_seconds() - start.unix_seconds()
        });
        ChartData {
            columns,
            series,
            shading: Vec::new(),
            labelled,
            rows: 0..n.max(1),
            records: n,
            start,
            interval_seconds: (span / (n as i64 - 1).max(1)).max(1),
        }
    }
}

/// Generates `spec` and reduces it to at most `buckets` buckets of the rows in `window` (all
/// rows when `None`), for each column of `columns` that the record has.
pub fn chart(
    spec: &GenerationSpec,
    columns: &[&str],
    window: Option<Range<u64>>,
    buckets: usize,
) -> ChartData {
    let mut builder = ChartBuilder::new(spec, columns, window, buckets);
    while !builder.advance(u64::MAX) {}
    builder.finish()
}

/// [`chart`] a piece at a time, so that a page can yield between pieces: a million rows are
/// about a third of a second of work, too long for one task of a browser's main thread.
pub struct ChartBuilder {
    generator: Generator,
    truth: crate::truth::GroundTruth,
    empty: Buckets,
    columns: Vec<&'static str>,
    series: Vec<Buckets>,
    labelled: Vec<Option<u64>>,
    episodes: Vec<Option<(FaultKind, u64, u64)>>,
    rows: Range<u64>,
    records: u64,
    start: Timestamp,
    interval_seconds: i64,
    done: bool,
}

impl ChartBuilder {
    /// A chart of `spec` to build (see [`chart`]).
    pub fn new(
        spec: &GenerationSpec,
        columns: &[&str],
        window: Option<Range<u64>>,
        buckets: usize,
    ) -> Self {
        let records = spec.records().get();
        let rows = window
            .map(|w| w.start.min(records)..w.end.min(records))
            .filter(|w| !w.is_empty())
            .unwrap_or(0..records);
        let columns: Vec<&'static str> = columns
            .iter()
            .filter_map(|c| CHARTABLE.iter().find(|k| *k == c).copied())
            .collect();
        let empty = Buckets::new(rows.clone(), buckets);
        let generator = Generator::new(*spec);
        Self {
            truth: generator.ground_truth(),
            generator,
            series: vec![empty.clone(); columns.len()],
            labelled: vec![None; empty.cells().len()],
            episodes: vec![None; empty.cells().len()],
            empty,
            columns,
            rows,
            records,
            start: spec.start(),
            interval_seconds: spec.interval().seconds(),
            done: false,
        }
    }

    /// Takes up to `rows` more rows of the generation; `true` once all are taken.
    pub fn advance(&mut self, rows: u64) -> bool {
        for _ in 0..rows {
            let Some(record) = self.generator.next() else {
                self.done = true;
                break;
            };
            let delivered = self.generator.last_delivered();
            let Some(bucket) = self.empty.index(delivered.row) else {
                continue;
            };
            for (s, column) in self.series.iter_mut().zip(&self.columns) {
                s.push(delivered.row, record.numeric(column).unwrap_or(f64::NAN));
            }
            if record.maintenance_required && self.labelled[bucket].is_none() {
                self.labelled[bucket] = Some(delivered.row);
            }
            if let Some(e) = self.truth.of(delivered).episode {
                // The kind seen first in a bucket, and how many episodes (ids) it spans.
                let cell = self.episodes[bucket].get_or_insert((e.kind, e.id, e.id));
                cell.1 = cell.1.min(e.id);
                cell.2 = cell.2.max(e.id);
            }
        }
        self.done
    }

    /// The chart of the rows taken so far (all of them once [`ChartBuilder::advance`] said so).
    pub fn finish(self) -> ChartData {
        ChartData {
            shading: shading(&self.empty, &self.episodes),
            columns: self.columns,
            series: self.series,
            labelled: self.labelled,
            rows: self.rows,
            records: self.records,
            start: self.start,
            interval_seconds: self.interval_seconds,
        }
    }
}

/// Runs of neighbouring buckets in episodes of one kind.
fn shading(buckets: &Buckets, episodes: &[Option<(FaultKind, u64, u64)>]) -> Vec<Shading> {
    let mut bands: Vec<(Shading, u64, u64)> = Vec::new();
    for (i, cell) in episodes.iter().enumerate() {
        let Some((kind, first_id, last_id)) = *cell else {
            continue;
        };
        let rows = buckets.rows_of(i);
        match bands.last_mut() {
            Some((band, _, last)) if band.kind == kind && band.rows.end == rows.start => {
                band.rows.end = rows.end;
                *last = (*last).max(last_id);
            }
            _ => bands.push((
                Shading {
                    kind,
                    rows,
                    episodes: 0,
                },
                first_id,
                last_id,
            )),
        }
    }
    bands
        .into_iter()
        .map(|(mut band, first, last)| {
            band.episodes = last - first + 1;
            band
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Seed;

    fn spec(simulation: &str, records: &str) -> GenerationSpec {
        GenerationSpec::new(
            "C01".parse().unwrap(),
            "P01".parse().unwrap(),
            simulation.parse().unwrap(),
            records.parse().unwrap(),
            "2026-01-01 00:00:00".parse().unwrap(),
            Seed(7),
        )
        .unwrap()
    }

    #[test]
    fn a_power_failure_is_shaded_where_the_ground_truth_puts_it_and_its_labels_are_marked() {
        let s = spec("powerfailure", "2000");
        let data = chart(
            &s,
            &["temperature", "target_temperature", "nope"],
            None,
            2000,
        );
        assert_eq!(data.columns, ["temperature", "target_temperature"]);
        assert!(!data.shading.is_empty());
        let mut generator = Generator::new(s);
        let truth = generator.ground_truth();
        while generator.next().is_some() {
            let d = generator.last_delivered();
            let shaded = data.shading.iter().any(|b| b.rows.contains(&d.row));
            assert_eq!(shaded, truth.of(d).episode.is_some(), "row {}", d.row);
        }
        assert!(data
            .shading
            .iter()
            .all(|b| b.kind == FaultKind::PowerFailure && b.episodes == 1));
        assert!(data.labelled.iter().any(Option::is_some));
        assert_eq!(data.time_of(12), s.start().unix_seconds() + 3_600);
    }

    #[test]
    fn readings_already_taken_chart_one_bucket_each_over_their_times() {
        let readings: Vec<_> = Generator::new(spec("powerfailure", "300")).collect();
        let data = ChartData::from_readings(&["temperature", "kilowatts"], &readings);
        assert_eq!((data.buckets(), data.series.len()), (300, 2));
        assert_eq!(data.interval_seconds, 300);
        assert_eq!(
            data.time_of(299),
            readings[299].measurement_time.unix_seconds()
        );
        let labelled = readings.iter().filter(|r| r.maintenance_required).count();
        assert_eq!(data.labelled.iter().flatten().count(), labelled);
        assert_eq!(ChartData::from_readings(&["temperature"], &[]).records, 0);
    }

    #[test]
    fn built_a_piece_at_a_time_the_chart_is_the_same() {
        let s = spec("powerfailure", "5000");
        let mut builder = ChartBuilder::new(&s, &["temperature"], None, 300);
        let mut pieces = 0;
        while !builder.advance(700) {
            pieces += 1;
        }
        assert_eq!(pieces, 7);
        assert_eq!(builder.finish(), chart(&s, &["temperature"], None, 300));
    }

    #[test]
    fn a_window_reduces_only_its_rows() {
        let s = spec("co2sensor", "100000");
        let data = chart(&s, &["carbon_dioxide_level"], Some(1_000..2_000), 100);
        assert_eq!(data.rows, 1_000..2_000);
        assert_eq!(data.buckets(), 100);
        let points = data.series[0].points();
        assert!(points.iter().all(|(row, _)| (1_000..2_000).contains(row)));
        assert!(data
            .shading
            .iter()
            .all(|b| b.rows.start >= 1_000 && b.rows.end <= 2_000));
        let (low, high) = data.value_range().unwrap();
        assert!(low < high);
        // A window past the end falls back to the whole run.
        assert_eq!(
            chart(&s, &["kilowatts"], Some(200_000..300_000), 10).rows,
            0..100_000
        );
    }
}
