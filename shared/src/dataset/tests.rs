use super::degrade::{Degrader, Fate};
use super::*;
use crate::rcm::RcmReading;
use crate::Generator;

fn spec(units: u32, days: u32, preset: Preset) -> DatasetSpec {
    DatasetSpec {
        units,
        days,
        seed: Seed(1),
        start: "2026-01-01 00:00:00".parse().unwrap(),
        knobs: preset.knobs(),
    }
    .checked()
    .unwrap()
}

#[test]
fn the_plan_is_the_seeds_and_has_the_share_of_wearing_units() {
    let s = spec(40, 60, Preset::Realistic);
    let units = plan(&s);
    assert_eq!(units, plan(&s));
    assert_eq!(units.len(), 40);
    let wearing = units
        .iter()
        .filter(|u| u.simulation.wear_mode().is_some())
        .count();
    assert_eq!(wearing, 6, "15 % of 40");
    assert_eq!(units[0].id.as_str(), "U0001");
    let routed = units.iter().filter(|u| u.voyage.is_some()).count();
    assert!((10..=30).contains(&routed), "about half travel: {routed}");
    let other = plan(&DatasetSpec { seed: Seed(2), ..s });
    assert_ne!(units, other);
}

#[test]
fn the_split_is_stratified_and_test_units_are_cut_before_a_failure() {
    let s = spec(100, 90, Preset::Easy);
    let units = plan(&s);
    let count = |role: Role, failing: bool| {
        units
            .iter()
            .filter(|u| u.role == role && u.failures(&s).is_empty() != failing)
            .count()
    };
    let failing =
        count(Role::Train, true) + count(Role::Validation, true) + count(Role::Test, true);
    assert!(
        failing >= 20,
        "most of the 30 wearing units fail in 90 days: {failing}"
    );
    let held = (failing as f64 * HELD_OUT_SHARE).round() as usize;
    assert_eq!(count(Role::Test, true), held);
    assert_eq!(count(Role::Validation, true), held);
    for unit in &units {
        let cut = unit.cut;
        assert_eq!(cut.is_some(), unit.role == Role::Test, "{unit:?}");
        let Some(cut) = cut else { continue };
        let interval = s.knobs.interval.minutes_f64();
        assert_eq!(cut.last_minute, (cut.readings - 1) as f64 * interval);
        let failures = unit.failures(&s);
        match cut.failure {
            Some((fails_at, mode)) => {
                let k = failures.iter().position(|f| f.0 == fails_at).unwrap();
                assert_eq!(failures[k].2, mode);
                assert!(cut.last_minute < fails_at, "{cut:?}");
                assert!(fails_at - cut.last_minute <= CUT_HORIZON_MINUTES + interval);
                // After the previous repair: the failure scored is the next one.
                if k > 0 {
                    assert!(cut.last_minute + interval >= failures[k - 1].1, "{cut:?}");
                }
            }
            None => {
                assert!(failures.is_empty());
                assert_eq!(cut.failure, None);
                assert!(cut.last_minute >= CENSORED_CUT_FROM * s.span_minutes() - interval);
            }
        }
    }
}

#[test]
fn a_wearing_units_failures_are_those_its_generation_labels() {
    let s = spec(20, 60, Preset::Easy);
    let unit = plan(&s)
        .into_iter()
        .find(|u| !u.failures(&s).is_empty())
        .unwrap();
    let (fails_at, back_at, _) = unit.failures(&s)[0];
    let interval = s.knobs.interval.minutes_f64();
    let labelled: Vec<u64> = Generator::new(unit.generation(&s))
        .enumerate()
        .filter(|(_, r)| r.maintenance_required)
        .map(|(i, _)| i as u64)
        .collect();
    let first = labelled[0] as f64 * interval;
    assert!(
        first >= fails_at && first < fails_at + interval,
        "{first} vs {fails_at}"
    );
    assert!(back_at > fails_at);
}

#[test]
fn degradation_takes_its_shares_and_changes_only_what_it_names() {
    let s = spec(1, 30, Preset::Hard);
    let unit = plan(&s)[0];
    let mut degrader = Degrader::new(unit.seed, s.knobs);
    let (mut missing, mut late, mut nuisance, mut rows) = (0, 0, 0, 0);
    let mut generator = Generator::new(unit.generation(&s));
    while let Some(mut record) = generator.next() {
        let mut rcm: RcmReading = *generator.last_rcm();
        let before = (record, rcm);
        match degrader.apply(&mut record, &mut rcm) {
            Fate::Missing => missing += 1,
            Fate::Late(by) => {
                assert!((1..=degrade::MAX_LATE_BY).contains(&by));
                late += 1;
            }
            Fate::OnTime => {}
        }
        nuisance += u32::from(rcm.alarm_nuisance && !before.1.alarm_nuisance);
        assert_eq!(record.measurement_time, before.0.measurement_time);
        assert_eq!(record.maintenance_required, before.0.maintenance_required);
        assert!(record.kilowatts >= 0.0 && rcm.compressor_current >= 0.0);
        rows += 1;
    }
    let share = |n: i32| f64::from(n) / f64::from(rows);
    assert!((share(missing) - 0.08).abs() < 0.03, "{}", share(missing));
    assert!((share(late) - 0.05 * 0.92).abs() < 0.02, "{}", share(late));
    // 2 a day over 30 days, fewer while unplugged.
    assert!((30..=90).contains(&nuisance), "{nuisance}");
}

#[test]
fn sizes_out_of_range_are_named() {
    let mut s = spec(1, 1, Preset::Easy);
    s.units = 0;
    assert_eq!(s.checked().unwrap_err().what(), "units");
    s.units = 1;
    s.days = MAX_DAYS + 1;
    assert_eq!(s.checked().unwrap_err().what(), "days");
}
