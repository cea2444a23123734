//! Ground truth: what really happens on each row, whatever the label says.
//!
//! `maintenance_required` is the label a model learns; for SPEC's sensor simulations it follows
//! a threshold, so a faulty reading inside the normal range is unlabelled and a normal reading
//! outside it is labelled. The ground truth names the fault episode a row belongs to: its type,
//! its number in the run (1, 2, 3 …) and how long it has been going on. It is opt-in on output
//! (`reefer generate --ground-truth`, `--manifest`) so that the original 20 columns stay the
//! default.

use crate::delivery::{block_rows, Delivered};
use crate::fault::FaultPlan;
use crate::interval::Interval;
use crate::route::{Itinerary, Span};
use crate::scenario::Rhythm;
use crate::simulation::Simulation;
use crate::timestamp::Timestamp;
use crate::wear::{Unit, WearMode};

/// What part of the chain an episode is a fault of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultClass {
    /// The reefer itself fails: power, refrigeration, the door. A lead time labels the
    /// readings before it.
    Equipment,
    /// A sensor reads wrong while the cargo is fine.
    Sensor,
    /// The reading is fine but arrives wrong: missing, twice, or late.
    Delivery,
    /// Normal operation that looks like a fault (a defrost cycle).
    Operation,
}

impl FaultClass {
    /// The class's name in the ground truth: `equipment`, `sensor`, `delivery`, `operation`.
    pub const fn name(self) -> &'static str {
        match self {
            FaultClass::Equipment => "equipment",
            FaultClass::Sensor => "sensor",
            FaultClass::Delivery => "delivery",
            FaultClass::Operation => "operation",
        }
    }
}

/// The kinds of episode a generation can contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// `poweroff`: no power.
    PowerOff,
    /// `co2sensor`: the CO2 sensor misreads.
    Co2Sensor,
    /// `o2sensor`: the O2 sensor misreads.
    O2Sensor,
    /// `temperature`: a temperature excursion.
    TemperatureExcursion,
    /// `tempgrowth`: the refrigeration has stopped.
    RefrigerationFailure,
    /// `powerfailure`: no power, fans off.
    PowerFailure,
    /// `dooropen`: the door is open.
    DoorOpen,
    /// `defrost`: a scheduled defrost cycle (normal operation).
    Defrost,
    /// `sensorstuck`: the temperature sensor repeats one value.
    SensorStuck,
    /// `sensordrift`: the temperature sensor drifts.
    SensorDrift,
    /// `sensorspike`: the temperature sensor spikes.
    SensorSpike,
    /// `gaps`: readings that never arrived (carried by the first row after them).
    Gap,
    /// `duplicates`: a reading delivered a second time.
    Duplicate,
    /// `lateevents`: a reading that arrived late, out of order.
    LateEvent,
    /// A voyage's transfer between two stages: unplugged (normal operation).
    Transfer,
    /// `refrigerantleak`: the refrigerant leaks (from the onset of the wear to the repair).
    RefrigerantLeak,
    /// `compressorwear`: the compressor wears, then trips.
    CompressorWear,
    /// `fanfailure`: an evaporator fan fails.
    EvaporatorFanFailure,
    /// `condenserfouling`: the condenser fouls, then trips.
    CondenserFouling,
}

impl FaultKind {
    /// The name written in the `fault_type` column and the manifest.
    pub const fn name(self) -> &'static str {
        match self {
            FaultKind::PowerOff => "power_off",
            FaultKind::Co2Sensor => "co2_sensor",
            FaultKind::O2Sensor => "o2_sensor",
            FaultKind::TemperatureExcursion => "temperature_excursion",
            FaultKind::RefrigerationFailure => "refrigeration_failure",
            FaultKind::PowerFailure => "power_failure",
            FaultKind::DoorOpen => "door_open",
            FaultKind::Defrost => "defrost",
            FaultKind::SensorStuck => "sensor_stuck",
            FaultKind::SensorDrift => "sensor_drift",
            FaultKind::SensorSpike => "sensor_spike",
            FaultKind::Gap => "gap",
            FaultKind::Duplicate => "duplicate",
            FaultKind::LateEvent => "late_event",
            FaultKind::RefrigerantLeak => "refrigerant_leak",
            FaultKind::CompressorWear => "compressor_wear",
            FaultKind::EvaporatorFanFailure => "evaporator_fan_failure",
            FaultKind::CondenserFouling => "condenser_fouling",
            FaultKind::Transfer => "transfer",
        }
    }

    /// Equipment, sensor, delivery or operation (a defrost cycle is no fault at all).
    pub const fn class(self) -> FaultClass {
        match self {
            FaultKind::Gap | FaultKind::Duplicate | FaultKind::LateEvent => FaultClass::Delivery,
            FaultKind::Co2Sensor
            | FaultKind::O2Sensor
            | FaultKind::SensorStuck
            | FaultKind::SensorDrift
            | FaultKind::SensorSpike => FaultClass::Sensor,
            FaultKind::Defrost | FaultKind::Transfer => FaultClass::Operation,
            _ => FaultClass::Equipment,
        }
    }

    /// The kind of episode a simulation injects, `None` for `normal`.
    pub const fn of(simulation: Simulation) -> Option<FaultKind> {
        Some(match simulation {
            Simulation::Normal => return None,
            Simulation::PowerOff => FaultKind::PowerOff,
            Simulation::Co2Sensor => FaultKind::Co2Sensor,
            Simulation::O2Sensor => FaultKind::O2Sensor,
            Simulation::Temperature => FaultKind::TemperatureExcursion,
            Simulation::TempGrowth => FaultKind::RefrigerationFailure,
            Simulation::PowerFailure => FaultKind::PowerFailure,
            Simulation::DoorOpen => FaultKind::DoorOpen,
            Simulation::Defrost => FaultKind::Defrost,
            Simulation::SensorStuck => FaultKind::SensorStuck,
            Simulation::SensorDrift => FaultKind::SensorDrift,
            Simulation::SensorSpike => FaultKind::SensorSpike,
            Simulation::Gaps => FaultKind::Gap,
            Simulation::Duplicates => FaultKind::Duplicate,
            Simulation::LateEvents => FaultKind::LateEvent,
            Simulation::RefrigerantLeak => FaultKind::RefrigerantLeak,
            Simulation::CompressorWear => FaultKind::CompressorWear,
            Simulation::FanFailure => FaultKind::EvaporatorFanFailure,
            Simulation::CondenserFouling => FaultKind::CondenserFouling,
        })
    }
}

/// One episode: rows `first_row .. first_row + rows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    /// What happens.
    pub kind: FaultKind,
    /// Its number in the generation, from 1.
    pub id: u64,
    /// Its first row (0-based).
    pub first_row: u64,
    /// How many rows it lasts.
    pub rows: u64,
    /// The time between two of its rows.
    pub interval: Interval,
}

impl Episode {
    /// Minutes from the episode's first reading to row `index` (0 on the first).
    pub const fn minutes_since_onset(&self, index: u64) -> u64 {
        (index - self.first_row) * self.interval.minutes()
    }
}

/// The ground truth of one delivered record: the episode it belongs to and when it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTruth {
    /// The episode, `None` outside any.
    pub episode: Option<Episode>,
    /// The record's row (its event time is the run's start plus 5 minutes per row).
    pub row: u64,
    /// When the record arrived: its `measurement_time` but for late and duplicated records.
    pub ingest_time: Timestamp,
    /// A wearing unit's remaining useful life (the run-to-failure simulations).
    pub wear: Option<WearTruth>,
    /// With the `rcm` profile: whether the reading's alarm is a nuisance (raised without its
    /// condition, see [`crate::alarm`]); set by [`crate::Generator::last_truth`].
    pub alarm_nuisance: Option<bool>,
}

/// A wearing unit's remaining useful life at one reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WearTruth {
    /// How the unit fails.
    pub failure_mode: WearMode,
    /// Minutes until the failure: 0 at it and until the repair.
    pub remaining_useful_life_minutes: u64,
    /// Whether the failure comes after the generated span (the value is the drawn one, which a
    /// dataset censors: the run never shows it).
    pub beyond_span: bool,
}

impl RowTruth {
    /// Minutes from the episode's first reading to this row; for a gap, the gap's length.
    pub fn minutes_since_onset(&self) -> Option<u64> {
        self.episode.map(|e| e.minutes_since_onset(self.row))
    }
}

/// Where the episodes of one generation are.
#[derive(Debug, Clone)]
pub struct GroundTruth {
    simulation: Simulation,
    kind: Option<FaultKind>,
    plan: FaultPlan,
    defrost_offset: u64,
    start: Timestamp,
    unit: Option<Unit>,
    rhythm: Rhythm,
    itinerary: Option<(Itinerary, f64)>,
}

impl GroundTruth {
    /// The same ground truth, for a run-to-failure simulation whose unit is `unit`.
    pub fn with_unit(mut self, unit: Option<Unit>) -> Self {
        self.unit = unit;
        self
    }

    /// The wearing unit of a run-to-failure simulation.
    pub fn unit(&self) -> Option<&Unit> {
        self.unit.as_ref()
    }

    /// Whether the rows carry a remaining useful life ([`RowTruth::wear`]).
    pub fn has_wear(&self) -> bool {
        self.unit.is_some()
    }

    /// A wearing unit's truth at row `index`.
    fn wear_at(&self, index: u64) -> Option<WearTruth> {
        let unit = self.unit.as_ref()?;
        let state = unit.state_at(self.minute_of(index));
        Some(WearTruth {
            failure_mode: unit.mode(),
            remaining_useful_life_minutes: crate::round::round(state.remaining_minutes) as u64,
            beyond_span: state.at.fails_at > unit.span_minutes(),
        })
    }

    /// A wearing unit's episode at row `index`: from the onset of the wear (or the run's first
    /// row) to the repair.
    fn wear_episode(&self, kind: FaultKind, index: u64) -> Option<Episode> {
        let unit = self.unit.as_ref()?;
        let state = unit.state_at(self.minute_of(index));
        let minutes = self.rhythm.interval.minutes_f64();
        let first_row = libm::ceil(state.onset_at.max(0.0) / minutes) as u64;
        let end_row = libm::ceil(state.at.back_at / minutes) as u64;
        (index >= first_row && index < end_row).then_some(Episode {
            kind,
            id: state.cycle + 1,
            first_row,
            rows: end_row - first_row,
            interval: self.rhythm.interval,
        })
    }
    /// The ground truth of `simulation` with its fault plan, (for `defrost`) the first
    /// cycle's row, the run's first timestamp and the time between two readings.
    pub fn new(
        simulation: Simulation,
        plan: FaultPlan,
        defrost_offset: u64,
        start: Timestamp,
        interval: Interval,
    ) -> Self {
        Self {
            simulation,
            kind: FaultKind::of(simulation),
            plan,
            defrost_offset,
            start,
            unit: None,
            rhythm: Rhythm::of(interval),
            itinerary: None,
        }
    }

    /// The same ground truth on a voyage: its itinerary, and the minutes from its start to
    /// the run's first row.
    pub fn with_itinerary(mut self, itinerary: Option<(Itinerary, f64)>) -> Self {
        self.itinerary = itinerary;
        self
    }

    /// The voyage's itinerary and the minutes from its start to the run's first row.
    pub fn itinerary(&self) -> Option<&(Itinerary, f64)> {
        self.itinerary.as_ref()
    }

    /// The transfers of a run of `n` rows that it shows, as episodes, in order.
    pub fn transfers(&self, n: u64) -> Vec<Episode> {
        let Some((itinerary, offset)) = &self.itinerary else {
            return Vec::new();
        };
        itinerary
            .transfers()
            .iter()
            .enumerate()
            .filter_map(|(k, span)| self.transfer_episode(k as u64 + 1, *span, *offset))
            .filter(|e| e.first_row < n)
            .collect()
    }

    /// Transfer `number` as an episode of rows (`None` if it ends before the run).
    fn transfer_episode(&self, number: u64, span: Span, offset: f64) -> Option<Episode> {
        let minutes = self.rhythm.interval.minutes_f64();
        let row = |minute: f64| libm::ceil(((minute - offset) / minutes).max(0.0)) as u64;
        let (first_row, end_row) = (row(span.from), row(span.to));
        (end_row > first_row).then_some(Episode {
            kind: FaultKind::Transfer,
            id: number,
            first_row,
            rows: end_row - first_row,
            interval: self.rhythm.interval,
        })
    }

    /// The transfer row `index` is in, if any.
    fn transfer_at(&self, index: u64) -> Option<Episode> {
        let (itinerary, offset) = self.itinerary.as_ref()?;
        let minute = offset + (index * self.rhythm.interval.minutes()) as f64;
        let (number, span) = itinerary.transfer_at(minute)?;
        self.transfer_episode(number, span, *offset)
            .filter(|e| index >= e.first_row && index < e.first_row + e.rows)
    }

    /// Minutes from the run's start to row `index`.
    fn minute_of(&self, index: u64) -> f64 {
        index as f64 * self.rhythm.interval.minutes_f64()
    }

    /// The ground truth of a delivered record ([`crate::Generator::last_delivered`]).
    ///
    /// A gap's rows are never delivered, so the first row after a gap carries it; a
    /// duplicated row's first delivery is normal and its copy carries `duplicate`.
    pub fn of(&self, delivered: Delivered) -> RowTruth {
        let row = delivered.row;
        let episode = match self.kind {
            Some(FaultKind::Gap) => self
                .plan
                .outages()
                .iter()
                .enumerate()
                .find(|(_, o)| o.end() == row)
                .map(|(position, o)| self.episode(FaultKind::Gap, position, o.start, o.len)),
            Some(FaultKind::Duplicate) if !delivered.copy => None,
            _ => self.at(row),
        };
        let seconds = delivered.ingest_row as i64 * self.rhythm.interval.seconds();
        RowTruth {
            episode,
            row,
            ingest_time: self
                .start
                .checked_add_seconds(seconds)
                .unwrap_or(self.start),
            wear: self.wear_at(row),
            alarm_nuisance: None,
        }
    }

    /// The episode row `index` belongs to, if any.
    pub fn at(&self, index: u64) -> Option<Episode> {
        self.fault_at(index).or_else(|| self.transfer_at(index))
    }

    /// The simulation's own episode row `index` belongs to, if any.
    fn fault_at(&self, index: u64) -> Option<Episode> {
        let kind = self.kind?;
        if self.unit.is_some() {
            return self.wear_episode(kind, index);
        }
        if kind == FaultKind::Defrost {
            let since = index.checked_sub(self.defrost_offset)?;
            let (every, rows) = (self.rhythm.defrost_every, self.rhythm.defrost_readings);
            return (since % every < rows).then(|| Episode {
                kind,
                id: since / every + 1,
                first_row: index - since % every,
                rows,
                interval: self.rhythm.interval,
            });
        }
        let (position, outage) = self
            .plan
            .outages()
            .iter()
            .enumerate()
            .find(|(_, o)| o.contains(index))?;
        let episode = self.episode(kind, position, outage.start, outage.len);
        (index < episode.first_row + episode.rows).then_some(episode)
    }

    /// The episodes of a run of `n` rows, in order. A defrost schedule is described by its
    /// first cycle (see [`GroundTruth::defrost_schedule`]), not listed cycle by cycle.
    pub fn episodes(&self) -> Vec<Episode> {
        if let (Some(unit), Some(kind)) = (&self.unit, self.kind) {
            let minutes = self.rhythm.interval.minutes_f64();
            let rows = libm::ceil(unit.span_minutes() / minutes) as u64;
            return unit
                .cycles()
                .iter()
                .filter_map(|cycle| {
                    let onset = cycle.repaired_at + crate::wear::ONSET * cycle.life();
                    let first = libm::ceil(onset.max(0.0) / minutes) as u64;
                    (first < rows)
                        .then(|| self.wear_episode(kind, first))
                        .flatten()
                })
                .collect();
        }
        match self.kind {
            None | Some(FaultKind::Defrost) => Vec::new(),
            Some(kind) => self
                .plan
                .outages()
                .iter()
                .enumerate()
                .map(|(position, o)| self.episode(kind, position, o.start, o.len))
                .collect(),
        }
    }

    /// For `defrost`: the first cycle's row, the rows between cycles and a cycle's length.
    pub fn defrost_schedule(&self) -> Option<(u64, u64, u64)> {
        (self.kind == Some(FaultKind::Defrost)).then_some((
            self.defrost_offset,
            self.rhythm.defrost_every,
            self.rhythm.defrost_readings,
        ))
    }

    fn episode(&self, kind: FaultKind, position: usize, start: u64, len: u64) -> Episode {
        let rows = match kind {
            FaultKind::DoorOpen => len.min(self.rhythm.door_max_readings),
            _ => block_rows(self.simulation, len, self.rhythm.interval),
        };
        Episode {
            kind,
            id: position as u64 + 1,
            first_row: start,
            rows,
            interval: self.rhythm.interval,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GenerationSpec, Generator};

    fn manifest_value(spec: &GenerationSpec) -> serde_json::Value {
        serde_json::to_value(crate::manifest::manifest(spec)).unwrap()
    }

    fn spec(simulation: &str, n: u64) -> GenerationSpec {
        GenerationSpec::example(simulation, n, 42)
    }

    #[test]
    fn every_labelled_row_of_a_coupled_scenario_is_in_an_episode_and_no_other() {
        for simulation in [
            "temperature",
            "tempgrowth",
            "powerfailure",
            "dooropen",
            "poweroff",
        ] {
            let generator = Generator::new(spec(simulation, 5000));
            let truth = generator.ground_truth();
            for (i, r) in generator.enumerate() {
                let episode = truth.at(i as u64);
                if simulation != "poweroff" {
                    assert_eq!(
                        r.maintenance_required,
                        episode.is_some(),
                        "{simulation} {i}"
                    );
                }
                if let Some(e) = episode {
                    assert!(e.first_row <= i as u64 && (i as u64) < e.first_row + e.rows);
                    assert_eq!(
                        e.minutes_since_onset(i as u64),
                        (i as u64 - e.first_row) * 5
                    );
                }
            }
        }
    }

    #[test]
    fn the_manifest_lists_the_episodes_and_a_defrost_schedule() {
        let m = manifest_value(&spec("dooropen", 1000));
        let episodes = m["episodes"].as_array().unwrap();
        assert!(!episodes.is_empty());
        for e in episodes {
            assert_eq!(e["fault_type"], "door_open");
            assert!(e["rows"].as_u64().unwrap() <= Rhythm::default().door_max_readings);
        }
        let m = manifest_value(&spec("defrost", 1000));
        assert_eq!(
            m["defrost_schedule"]["every_rows"],
            Rhythm::default().defrost_every
        );
        assert!(m["episodes"].as_array().unwrap().is_empty());
        let m = manifest_value(&spec("normal", 1000));
        assert!(m["episodes"].as_array().unwrap().is_empty() && m["defrost_schedule"].is_null());
        let m = manifest_value(&spec("co2sensor", 1000));
        assert_eq!(m["episodes"][0]["fault_class"], "sensor");
    }

    #[test]
    fn defrost_cycles_are_numbered_from_the_first() {
        let truth = Generator::new(spec("defrost", 1000)).ground_truth();
        let (offset, every, rows) = truth.defrost_schedule().unwrap();
        let first = truth.at(offset).unwrap();
        assert_eq!((first.id, first.first_row, first.rows), (1, offset, rows));
        assert_eq!(truth.at(offset + every + 1).unwrap().id, 2);
        assert!(truth.at(offset + rows).is_none());
    }

    /// Every delivered record of `simulation` with its ground truth.
    fn delivered(simulation: &str, n: u64) -> Vec<(crate::TelemetryRecord, RowTruth)> {
        let mut generator = Generator::new(spec(simulation, n));
        let truth = generator.ground_truth();
        let mut out = Vec::new();
        while let Some(record) = generator.next() {
            out.push((record, truth.of(generator.last_delivered())));
        }
        out
    }

    #[test]
    fn the_row_after_a_gap_carries_the_gap_and_its_length() {
        let plan = Generator::new(spec("gaps", 3000)).plan().clone();
        let rows = delivered("gaps", 3000);
        let carriers: Vec<&RowTruth> = rows
            .iter()
            .filter_map(|(_, t)| t.episode.map(|_| t))
            .collect();
        let after_gap: Vec<_> = plan.outages().iter().filter(|o| o.end() < 3000).collect();
        assert_eq!(carriers.len(), after_gap.len());
        for (truth, gap) in carriers.iter().zip(after_gap) {
            let e = truth.episode.unwrap();
            assert_eq!((e.kind.name(), e.kind.class().name()), ("gap", "delivery"));
            assert_eq!(truth.row, gap.end());
            assert_eq!(truth.minutes_since_onset(), Some(gap.len * 5));
        }
        for (record, truth) in &rows {
            assert_eq!(truth.ingest_time, record.measurement_time);
        }
    }

    #[test]
    fn copies_and_late_rows_carry_their_fault_and_ingest_time() {
        for (simulation, name) in [("duplicates", "duplicate"), ("lateevents", "late_event")] {
            let rows = delivered(simulation, 3000);
            let mut faulty = 0;
            let mut seen = std::collections::HashSet::new();
            for (record, truth) in &rows {
                let first_time = seen.insert(record.measurement_time);
                let delay =
                    truth.ingest_time.unix_seconds() - record.measurement_time.unix_seconds();
                match truth.episode {
                    None => assert_eq!(delay, 0, "{simulation}: on time"),
                    Some(e) => {
                        faulty += 1;
                        assert_eq!((e.kind.name(), e.kind.class().name()), (name, "delivery"));
                        assert!(e.rows <= crate::delivery::delivery_block(Interval::default()));
                        if simulation == "duplicates" {
                            assert!(!first_time, "a copy comes after its original");
                            assert!((0..3600).contains(&delay), "{delay}");
                        } else {
                            assert!((3600..7200).contains(&delay), "{delay}");
                        }
                    }
                }
            }
            let episodes: u64 = manifest_value(&spec(simulation, 3000))["episodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["rows"].as_u64().unwrap())
                .sum();
            assert_eq!(faulty, episodes, "{simulation}: the manifest counts them");
        }
    }
}
