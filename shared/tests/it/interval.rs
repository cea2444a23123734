//! The reading interval (`--interval 5m|15m|1h`): every rule counted in minutes, so that a
//! run at 15 minutes or an hour tells the same story as at 5, and the 5-minute output keeps
//! its bytes (`golden.rs` pins those).

use crate::common;
use common::rows;

use common::spec;
use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::manifest::manifest;
use reefer_shared::rcm::Profile;
use reefer_shared::scenario::Rhythm;
use reefer_shared::truth::RowTruth;
use reefer_shared::{GenerationSpec, Generator, Interval, Product, Simulation};

fn at(spec: GenerationSpec, interval: Interval) -> GenerationSpec {
    spec.with_interval(interval).unwrap()
}

#[test]
fn readings_are_an_interval_apart_and_the_default_is_five_minutes() {
    let base = spec("C01", Product::P02, Simulation::Normal, 50, 1);
    assert_eq!(base.interval(), Interval::FiveMinutes);
    for interval in Interval::ALL {
        let records: Vec<_> = Generator::new(at(base, interval)).collect();
        for pair in records.windows(2) {
            let step =
                pair[1].measurement_time.unix_seconds() - pair[0].measurement_time.unix_seconds();
            assert_eq!(step, interval.seconds(), "{interval}");
        }
    }
    // A run that would end after year 9999 at an hour is refused, naming the interval.
    let late = GenerationSpec::new(
        "C01".parse().unwrap(),
        Product::P01,
        Simulation::Normal,
        "1000000".parse().unwrap(),
        "9900-01-01 00:00:00".parse().unwrap(),
        reefer_shared::Seed(1),
    )
    .unwrap();
    let err = late.with_interval(Interval::Hour).unwrap_err().to_string();
    assert!(
        err.contains("1h per record") && err.contains("9999"),
        "{err}"
    );
}

#[test]
fn a_door_opening_and_a_defrost_last_as_many_minutes_at_every_interval() {
    for interval in Interval::ALL {
        let rhythm = Rhythm::of(interval);
        let door = rows(at(
            spec("C01", Product::P02, Simulation::DoorOpen, 5_000, 4),
            interval,
        ));
        let mut longest = 0;
        for (record, truth) in &door {
            if let Some(e) = truth.episode.filter(|_| record.maintenance_required) {
                let open_for = (truth.row - e.first_row + 1) * interval.minutes();
                assert_eq!(u64::from(record.time_door_open), open_for, "{interval}");
                assert_eq!(
                    truth.minutes_since_onset(),
                    Some(open_for - interval.minutes())
                );
                longest = longest.max(open_for);
            }
        }
        assert_eq!(longest, 60, "{interval}: the door is open an hour at most");
        let defrost = rows(at(
            spec("C01", Product::P02, Simulation::Defrost, 2_000, 4),
            interval,
        ));
        let cycles: Vec<u64> = defrost
            .iter()
            .filter_map(|(_, t)| t.episode.map(|e| e.first_row))
            .collect();
        let mut starts = cycles.clone();
        starts.dedup();
        for pair in starts.windows(2) {
            assert_eq!(
                (pair[1] - pair[0]) * interval.minutes(),
                360,
                "{interval}: every 6 h"
            );
        }
        assert!(cycles.len() as u64 >= rhythm.defrost_readings * (starts.len() as u64 - 1));
    }
}

#[test]
fn the_cargo_warms_by_the_clock_not_by_the_reading() {
    // A refrigeration failure warms the cargo with a 3 h time constant: after 3 h of it the
    // excess over the normal reading is about 63 % of the way to the ambient, however often
    // the unit reports. Averaged over many seeds, so the readings' noise cancels.
    let excess_after = |interval: Interval, minutes: u64| {
        let mut sum = 0.0;
        let mut n = 0.0;
        for seed in 0..300 {
            let faulty = rows(at(
                spec("C01", Product::P02, Simulation::TempGrowth, 400, seed),
                interval,
            ));
            let normal = rows(at(
                spec("C01", Product::P02, Simulation::Normal, 400, seed),
                interval,
            ));
            let Some(onset) = faulty.iter().position(|(r, _)| r.maintenance_required) else {
                continue;
            };
            // The onset's reading already holds one interval of the failure.
            let k = onset + (minutes / interval.minutes()) as usize - 1;
            if k < faulty.len() && faulty[k].0.maintenance_required {
                let toward = normal[k].0.ambiant_temperature - normal[k].0.temperature;
                sum += (faulty[k].0.temperature - normal[k].0.temperature) / toward;
                n += 1.0;
            }
        }
        sum / n
    };
    for interval in Interval::ALL {
        let share = excess_after(interval, 180);
        println!("{interval}: {share:.3} of the way to the ambient after 3 h");
        assert!((share - 0.632).abs() < 0.05, "{interval}: {share}");
    }
}

#[test]
fn a_wearing_unit_is_the_same_unit_at_every_interval() {
    // 20 000 readings of 5 minutes span the same time as 1 667 of an hour: the same failures,
    // and the remaining useful life falls by the interval.
    let five = rows(spec(
        "C07",
        Product::P02,
        Simulation::CompressorWear,
        24_000,
        3,
    ));
    let hourly = rows(at(
        spec("C07", Product::P02, Simulation::CompressorWear, 2_000, 3),
        Interval::Hour,
    ));
    let rul = |t: &RowTruth| t.wear.unwrap().remaining_useful_life_minutes;
    for (k, (record, truth)) in hourly.iter().enumerate() {
        let (same_time, same_truth) = &five[k * 12];
        assert_eq!(record.measurement_time, same_time.measurement_time);
        assert_eq!(rul(truth), rul(same_truth), "row {k}");
        assert_eq!(
            record.maintenance_required, same_time.maintenance_required,
            "row {k}"
        );
    }
    let falls = hourly
        .windows(2)
        .filter(|w| rul(&w[0].1) > 0 && rul(&w[1].1) > 0)
        .all(|w| rul(&w[0].1) - rul(&w[1].1) == 60);
    assert!(falls, "the RUL falls by 60 minutes a reading");
    let m = manifest(&at(
        spec("C07", Product::P02, Simulation::CompressorWear, 2_000, 3),
        Interval::Hour,
    ));
    assert_eq!(m.interval_minutes, Some(60));
    assert_eq!(
        manifest(&spec(
            "C07",
            Product::P02,
            Simulation::CompressorWear,
            2_000,
            3
        ))
        .interval_minutes,
        None
    );
}

#[test]
fn a_lead_time_labels_as_many_minutes_before_a_failure_at_every_interval() {
    for interval in Interval::ALL {
        let s = at(
            spec("C01", Product::P02, Simulation::PowerFailure, 3_000, 9),
            interval,
        )
        .with_lead_time("120".parse().unwrap());
        let labelled: Vec<_> = rows(s);
        let plain = rows(at(
            spec("C01", Product::P02, Simulation::PowerFailure, 3_000, 9),
            interval,
        ));
        let extra = labelled
            .iter()
            .zip(&plain)
            .filter(|((a, _), (b, _))| a.maintenance_required && !b.maintenance_required)
            .count() as u64;
        let outages = plain
            .iter()
            .filter_map(|(_, t)| t.episode.map(|e| e.id))
            .max()
            .unwrap_or(0);
        assert!(
            extra > 0 && extra <= outages * 120 / interval.minutes(),
            "{interval}: {extra}"
        );
    }
}

#[test]
fn the_rcm_profile_and_the_interval_combine() {
    let s = at(
        spec("C03", Product::P01, Simulation::RefrigerantLeak, 500, 2),
        Interval::FifteenMinutes,
    )
    .with_profile(Profile::Rcm);
    let mut out = Vec::new();
    let mut chunks = EncodedChunks::new(s, Format::Csv, true).with_ground_truth();
    while chunks.next_chunk(&mut out, 100) > 0 {}
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().contains("supply_air_temperature"));
    let times: Vec<&str> = lines
        .take(3)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2026-01-01 00:00:00",
            "2026-01-01 00:15:00",
            "2026-01-01 00:30:00"
        ]
    );
}
