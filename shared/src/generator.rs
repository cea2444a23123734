//! The streaming generator: records one by one, in constant memory.

use crate::delivery::{Delivered, Delivery};
use crate::fault::FaultPlan;
use crate::normal::normal_record;
use crate::random::{SimRng, Stream};
use crate::rcm::{Overrides, PlantRow, Profile, RcmContext, RcmReading, PARKED_HUMIDITY};
use crate::record::TelemetryRecord;
use crate::route::{self, Cursor, Itinerary, Whereabouts};
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use crate::spec::GenerationSpec;
use crate::thresholds::{CO2_HIGH_THRESHOLD, CO2_LOW_THRESHOLD, O2_LOW_THRESHOLD};
use crate::truth::{FaultClass, FaultKind, GroundTruth};
use crate::wear::run::WearRun;

/// An outage is labelled when it lasts at least this many readings.
pub const MIN_LABELLED_OUTAGE: u64 = 2;

/// Generates the records of a [`GenerationSpec`], in order.
///
/// Every row starts from SPEC's normal values, drawn from the readings stream in a fixed
/// order (temperature, ambient, kilowatts, defrost cycle, O2, N2, humidity, CO2). A faulty
/// simulation then overwrites its column on the rows of the [`FaultPlan`], with values from the
/// fault-values stream, and labels the rows by SPEC's rule:
///
/// | simulation | column | faulty value | `maintenance_required = 1` when |
/// |---|---|---|---|
/// | normal | — | — | never |
/// | poweroff | kilowatts | 0 | the row is in an outage of ≥ 2 consecutive readings; those rows also have all fans off |
/// | co2sensor | carbon_dioxide_level | Normal(12, 2) | CO2 > 10.8 or CO2 < 0 |
/// | o2sensor | oxygen_level | Normal(11, 2) | O2 < 12 |
///
/// The threshold rules apply to every row of their simulation, faulty or not. The original
/// labelled a power-off row only when the next row was off too, leaving the last row of each
/// outage unlabelled with its fans on; here every row of the outage is labelled.
///
/// With a lead time ([`crate::LeadTime`]), the readings up to that long before an equipment
/// failure (an outage of `poweroff`, or an episode of `temperature`, `tempgrowth`,
/// `powerfailure`, `dooropen`) are labelled too; nothing else changes.
///
/// The coupled scenarios beyond the original (`temperature`, `tempgrowth`, `powerfailure`,
/// `dooropen`, `defrost`) are in [`crate::scenario`]; the delivery faults (`gaps`,
/// `duplicates`, `lateevents`), which change which readings arrive and in what order, in
/// [`crate::delivery`]. [`Generator::last_delivered`] tells which reading a record is.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: GenerationSpec,
    plan: FaultPlan,
    readings: SimRng,
    fault_values: SimRng,
    scenario: Option<Scenario>,
    /// Readings before an equipment failure that are labelled too (the spec's lead time; 0
    /// for simulations without equipment failures).
    lead_readings: u64,
    /// `gaps`, `duplicates`, `lateevents`: which rows arrive, when and how often.
    delivery: Option<Delivery>,
    /// The next row to generate.
    next_index: u64,
    /// How many records have been delivered.
    delivered: u64,
    /// Where the last record delivered comes from.
    last: Delivered,
    /// The run-to-failure simulations' unit and row-addressed readings.
    wear: Option<WearRun>,
    /// The `rcm` profile's base rows for the simulations without wear: a healthy unit's
    /// physics ([`crate::physical`]), which their faults then change as they change SPEC's
    /// normal rows.
    plant: Option<WearRun>,
    /// Whether the last row's temperature probe read past its range (`rcm` profile).
    probe_out_of_range: bool,
    /// The `rcm` profile's noise for the other simulations (`None`: the standard profile).
    rcm_noise: Option<SimRng>,
    /// The `rcm` readings of the last record (with the `rcm` profile, or a wearing unit).
    last_rcm: RcmReading,
    /// The voyage's stages and transfers, and the minutes from its start to the run's.
    itinerary: Option<(Itinerary, f64)>,
    /// Where the last row was along the voyage's path.
    cursor: Cursor,
}

impl Generator {
    /// A generator positioned at the first record.
    pub fn new(spec: GenerationSpec) -> Self {
        let n = spec.records().get();
        let simulation = spec.simulation();
        let plan = match simulation {
            Simulation::PowerOff
            | Simulation::Co2Sensor
            | Simulation::O2Sensor
            | Simulation::Gaps
            | Simulation::Duplicates
            | Simulation::LateEvents => FaultPlan::draw(spec.seed(), n),
            _ if Scenario::uses_fault_runs(simulation) => FaultPlan::draw(spec.seed(), n),
            _ => FaultPlan::none(),
        };
        Self {
            delivery: Delivery::new(simulation, &plan, n, spec.interval()),
            spec,
            plan,
            readings: SimRng::new(spec.seed(), Stream::Readings),
            fault_values: SimRng::new(spec.seed(), Stream::FaultValues),
            scenario: Scenario::new(simulation, spec.seed(), spec.interval()),
            lead_readings: match FaultKind::of(simulation) {
                Some(kind) if kind.class() == FaultClass::Equipment => {
                    spec.lead_time().readings(spec.interval())
                }
                _ => 0,
            },
            next_index: 0,
            delivered: 0,
            last: Delivered::default(),
            wear: simulation.wear_mode().map(|mode| WearRun::new(&spec, mode)),
            plant: (spec.profile() == Profile::Rcm && simulation.wear_mode().is_none())
                .then(|| WearRun::healthy(&spec)),
            probe_out_of_range: false,
            rcm_noise: (spec.profile() == Profile::Rcm)
                .then(|| SimRng::new(spec.seed(), Stream::Rcm)),
            last_rcm: RcmReading::default(),
            itinerary: spec
                .voyage()
                .map(|v| (Itinerary::new(v), v.minute_of(spec.start()))),
            cursor: Cursor::default(),
        }
    }

    /// Moves on to record `position`, so that the next record is that one (a row, but for
    /// the delivery faults). A run-to-failure simulation gets there at once (each row is a
    /// closed form of the seed and the row, see [`crate::wear`]); the others generate the
    /// records before it (their samplers read a varying number of random words per row, and
    /// the cargo temperature carries over).
    pub fn skip_to(&mut self, position: u64) {
        if self.wear.is_some() {
            let row = position.min(self.spec.records().get());
            self.next_index = self.next_index.max(row);
            self.delivered = self.next_index;
            return;
        }
        while self.delivered < position && self.next().is_some() {}
    }

    /// Moves on to the first record of `shard`'s block of this generation's records (see
    /// [`crate::shard`]) and returns the position just after its last: the caller stops once
    /// [`Generator::position`] reaches it. Getting there generates the records before the block
    /// without encoding them (at once for the run-to-failure simulations, see
    /// [`Generator::skip_to`]), so shard K of N replays K/N of the generation.
    pub fn start_shard(&mut self, shard: crate::shard::Shard) -> u64 {
        let block = shard.range(self.total());
        self.skip_to(block.start);
        block.end
    }

    /// The remote-monitoring readings of the record last returned (the `rcm` profile's
    /// columns; defaults unless the spec's profile is [`Profile::Rcm`] or the unit wears).
    pub fn last_rcm(&self) -> &RcmReading {
        &self.last_rcm
    }

    /// The wearing unit of a run-to-failure simulation.
    pub fn wearing_unit(&self) -> Option<&crate::wear::Unit> {
        self.wear.as_ref().and_then(WearRun::unit)
    }

    /// Where the unit is at row `index`, on a voyage.
    fn whereabouts(&mut self, index: u64) -> Option<Whereabouts> {
        let (itinerary, offset) = self.itinerary.as_ref()?;
        Some(itinerary.at(
            offset + self.spec.minutes_at(index) as f64,
            &mut self.cursor,
        ))
    }

    /// SPEC's normal reading of row `index`, moved to where the voyage has the unit; in the
    /// `rcm` profile, the healthy unit's physical reading there (already unplugged when the
    /// voyage unplugs it).
    fn reading(&mut self, index: u64) -> BaseRow {
        let at = self.whereabouts(index);
        if let Some(plant) = &mut self.plant {
            let row = plant.row(&self.spec, index, false, at.as_ref());
            return BaseRow {
                record: row.record,
                plant: row.plant,
                at: None,
                unplugged: at.as_ref().is_some_and(Whereabouts::unplugged),
                outside_humidity: row.outside_humidity,
            };
        }
        let mut record = normal_record(&self.spec, &mut self.readings, index);
        let at = at.map(|at| {
            let air = route::locate(&mut record, &at);
            (at, air)
        });
        BaseRow {
            record,
            plant: None,
            unplugged: at.as_ref().is_some_and(|(at, _)| at.unplugged()),
            outside_humidity: at.as_ref().map_or(PARKED_HUMIDITY, |(_, air)| air.humidity),
            at,
        }
    }

    /// The end of a row of the simulations without wear: moved off power where the voyage
    /// unplugs it (SPEC's rows; the `rcm` profile's are already), then, in the `rcm` profile,
    /// at the logger's resolution with its remote-monitoring readings.
    fn finish(&mut self, index: u64, record: &mut TelemetryRecord, base: &BaseRow) {
        if let Some((at, air)) = &base.at {
            route::unplug(record, at, air);
        }
        if self.plant.is_some() {
            self.probe_out_of_range = crate::physical::log(record);
        }
        if let Some(plant) = base.plant {
            self.rcm_of(index, record, base.outside_humidity, plant);
        }
    }

    /// The `rcm` readings of a record of the simulations without a wearing unit, where the
    /// outside air's humidity is `humidity` and the healthy unit's controller gave `plant`
    /// (these simulations raise the probe's alarm and nuisance alarms only).
    fn rcm_of(&mut self, index: u64, record: &TelemetryRecord, humidity: f64, plant: PlantRow) {
        let interval_minutes = self.spec.interval().minutes_f64();
        let Some(noise) = &mut self.rcm_noise else {
            return;
        };
        let simulation = self.spec.simulation();
        let overrides = Overrides {
            stopped: matches!(
                simulation,
                Simulation::TempGrowth | Simulation::PowerFailure
            ) && self.plan.is_faulty(index),
            defrosting: simulation == Simulation::Defrost
                && self.scenario.as_ref().is_some_and(|s| s.defrosts_at(index)),
            sensor_fault: FaultKind::of(simulation)
                .is_some_and(|kind| kind.class() == FaultClass::Sensor),
        };
        let context = RcmContext {
            humidity,
            alarm: (self.probe_out_of_range && record.kilowatts > 0.0)
                .then_some(crate::physical::PROBE_OUT_OF_RANGE),
            interval_minutes,
        };
        self.last_rcm = RcmReading::of_plant(record, &plant, overrides, context, noise);
    }

    /// The plant row of row `index` generated again (a delivery fault's record, delivered
    /// after its row).
    fn plant_at(&mut self, index: u64) -> Option<PlantRow> {
        let at = self.itinerary.as_ref().map(|(itinerary, offset)| {
            itinerary.at(
                offset + self.spec.minutes_at(index) as f64,
                &mut Cursor::default(),
            )
        });
        let plant = self.plant.as_mut()?;
        plant.row(&self.spec, index, false, at.as_ref()).plant
    }

    /// The outside air's humidity at row `index` (parked: [`PARKED_HUMIDITY`]), for a record
    /// delivered after its row was generated.
    fn humidity_at(&self, index: u64) -> f64 {
        let Some((itinerary, offset)) = &self.itinerary else {
            return PARKED_HUMIDITY;
        };
        if self.rcm_noise.is_none() {
            return PARKED_HUMIDITY;
        }
        let at = itinerary.at(
            offset + self.spec.minutes_at(index) as f64,
            &mut Cursor::default(),
        );
        let time = self.spec.time_of(index);
        route::climate::air(at.lat, at.lon, time, at.at_sea()).humidity
    }

    /// The ground truth of the record last returned, from `truth` (this generation's
    /// [`Generator::ground_truth`]): with the `rcm` profile, whether its alarm is a nuisance.
    pub fn last_truth(&self, truth: &GroundTruth) -> crate::truth::RowTruth {
        let mut row = truth.of(self.last);
        if self.spec.profile() == Profile::Rcm {
            row.alarm_nuisance = Some(self.last_rcm.alarm_nuisance);
        }
        row
    }

    /// The spec being generated.
    pub fn spec(&self) -> &GenerationSpec {
        &self.spec
    }

    /// Where the faults go (empty for `normal`).
    pub fn plan(&self) -> &FaultPlan {
        &self.plan
    }

    /// What really happens in this generation, row by row (see [`crate::truth`]).
    pub fn ground_truth(&self) -> GroundTruth {
        let defrost_offset = self.scenario.as_ref().map_or(0, Scenario::defrost_offset);
        GroundTruth::new(
            self.spec.simulation(),
            self.plan.clone(),
            defrost_offset,
            self.spec.start(),
            self.spec.interval(),
        )
        .with_unit(self.wearing_unit().cloned())
        .with_itinerary(self.itinerary.clone())
    }

    /// How many records have been delivered so far.
    pub fn position(&self) -> u64 {
        self.delivered
    }

    /// How many records the whole generation delivers: the spec's count, but for the
    /// delivery faults (fewer with `gaps`, more with `duplicates`).
    pub fn total(&self) -> u64 {
        self.delivery
            .as_ref()
            .map_or(self.spec.records().get(), Delivery::total)
    }

    /// How many records are still to come.
    pub fn remaining(&self) -> u64 {
        self.total() - self.delivered
    }

    /// Which reading the record last returned is, and when it arrived (its row, also on
    /// time, for every simulation but the delivery faults).
    pub fn last_delivered(&self) -> Delivered {
        self.last
    }

    fn inject_fault(&mut self, index: u64, record: &mut TelemetryRecord) {
        match self.spec.simulation() {
            Simulation::Normal => {}
            Simulation::PowerOff => {
                if let Some(outage) = self.plan.outage_at(index) {
                    record.kilowatts = 0.0;
                    if outage.len >= MIN_LABELLED_OUTAGE {
                        record.fan_1 = false;
                        record.fan_2 = false;
                        record.fan_3 = false;
                        record.maintenance_required = true;
                    }
                }
            }
            Simulation::Co2Sensor => {
                if self.plan.is_faulty(index) {
                    record.carbon_dioxide = self.fault_values.normal(12.0, 2.0);
                    if self.plant.is_some() {
                        // The logger's resolution before the rule, so the rule holds on
                        // the written value.
                        crate::physical::log(record);
                    }
                }
                let co2 = record.carbon_dioxide;
                // Written as SPEC states the rule.
                #[allow(clippy::manual_range_contains)]
                let outside = co2 > CO2_HIGH_THRESHOLD || co2 < CO2_LOW_THRESHOLD;
                record.maintenance_required = outside;
            }
            Simulation::O2Sensor => {
                if self.plan.is_faulty(index) {
                    record.oxygen = self.fault_values.normal(11.0, 2.0);
                    if self.plant.is_some() {
                        crate::physical::log(record);
                    }
                }
                record.maintenance_required = record.oxygen < O2_LOW_THRESHOLD;
            }
            _ => {
                if let Some(scenario) = &mut self.scenario {
                    scenario.apply(index, &self.plan, &mut self.fault_values, record);
                }
            }
        }
    }
}

/// A row of the simulations without wear before their fault: the record, and where the
/// voyage has the unit.
struct BaseRow {
    record: TelemetryRecord,
    /// The healthy unit's controller at the row (`rcm` profile).
    plant: Option<PlantRow>,
    /// Where the voyage has the unit and its air, when the record still has to be unplugged.
    at: Option<(Whereabouts, route::climate::Air)>,
    /// Whether the voyage has the unit unplugged.
    unplugged: bool,
    /// The outside air's relative humidity, %.
    outside_humidity: f64,
}

/// What travels beside a part's records into their events or documents: one ground truth
/// and one remote-monitoring reading per record, when asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Each record's ground truth.
    pub truths: Option<&'a [crate::truth::RowTruth]>,
    /// Each record's `rcm` readings.
    pub rcm: Option<&'a [RcmReading]>,
}

impl<'a> Extras<'a> {
    /// The extras [`Generator::fill`] gathered: the truths when a ground truth was asked
    /// for, the readings when the profile is `rcm`.
    pub fn gathered(
        truths: &'a [crate::truth::RowTruth],
        ground_truth: bool,
        rcm: &'a [RcmReading],
        profile: Profile,
    ) -> Self {
        Self {
            truths: ground_truth.then_some(truths),
            rcm: (profile == Profile::Rcm).then_some(rcm),
        }
    }
}

impl Generator {
    /// Appends up to `n` more records to `records`, with `truth` (this generation's
    /// [`Generator::ground_truth`]) each one's ground truth to `truths`, and with the
    /// [`Profile::Rcm`] profile each one's remote-monitoring readings to `rcm`; how many
    /// records were added.
    pub fn fill(
        &mut self,
        n: usize,
        records: &mut Vec<TelemetryRecord>,
        truth: Option<&GroundTruth>,
        truths: &mut Vec<crate::truth::RowTruth>,
        rcm: &mut Vec<RcmReading>,
    ) -> usize {
        let with_rcm = self.spec.profile() == Profile::Rcm;
        for added in 0..n {
            let Some(record) = self.next() else {
                return added;
            };
            records.push(record);
            if let Some(truth) = truth {
                truths.push(self.last_truth(truth));
            }
            if with_rcm {
                rcm.push(self.last_rcm);
            }
        }
        n
    }

    /// The next record of a delivery fault: normal readings, delivered as
    /// [`crate::delivery`] says.
    fn next_delivered(&mut self) -> Option<TelemetryRecord> {
        loop {
            if let Some((record, delivered)) = self.delivery.as_mut()?.pop() {
                self.delivered += 1;
                self.last = delivered;
                if let Some(plant) = self.plant_at(delivered.row) {
                    let humidity = self.humidity_at(delivered.row);
                    self.probe_out_of_range = false;
                    self.rcm_of(delivered.row, &record, humidity, plant);
                }
                return Some(record);
            }
            let index = self.next_index;
            if index >= self.spec.records().get() {
                if self.delivery.as_mut()?.flush() {
                    continue;
                }
                return None;
            }
            self.next_index += 1;
            let base = self.reading(index);
            let mut record = base.record;
            if let Some((at, air)) = &base.at {
                route::unplug(&mut record, at, air);
            }
            if self.plant.is_some() {
                crate::physical::log(&mut record);
            }
            self.delivery.as_mut()?.accept(index, record);
        }
    }
}

impl Iterator for Generator {
    type Item = TelemetryRecord;

    #[inline]
    fn next(&mut self) -> Option<TelemetryRecord> {
        if self.delivery.is_some() {
            return self.next_delivered();
        }
        let index = self.next_index;
        if index >= self.spec.records().get() {
            return None;
        }
        self.next_index += 1;
        self.delivered += 1;
        self.last = Delivered::on_time(index);
        if self.wear.is_some() {
            let at = self.whereabouts(index);
            let wear = self.wear.as_mut()?;
            let row = wear.row(&self.spec, index, self.rcm_noise.is_some(), at.as_ref());
            if let Some(rcm) = row.rcm {
                self.last_rcm = rcm;
            }
            return Some(row.record);
        }
        let base = self.reading(index);
        let mut record = base.record;
        self.inject_fault(index, &mut record);
        if self.lead_readings > 0 && !record.maintenance_required && !base.unplugged {
            record.maintenance_required = self
                .plan
                .outages()
                .iter()
                .any(|o| o.start > index && o.start - index <= self.lead_readings);
        }
        self.finish(index, &mut record, &base);
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = usize::try_from(self.remaining()).unwrap_or(usize::MAX);
        (remaining, Some(remaining))
    }
}

impl ExactSizeIterator for Generator {}
