//! The streaming generator: records one by one, in constant memory.

use crate::delivery::{Delivered, Delivery};
use crate::fault::FaultPlan;
use crate::random::{SimRng, Stream};
use crate::record::{TelemetryRecord, DEFAULT_LATITUDE, DEFAULT_LONGITUDE};
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use crate::spec::GenerationSpec;
use crate::thresholds::{CO2_HIGH_THRESHOLD, CO2_LOW_THRESHOLD, O2_LOW_THRESHOLD};
use crate::timestamp::READING_INTERVAL_SECONDS;
use crate::truth::{FaultClass, FaultKind, GroundTruth};

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
            delivery: Delivery::new(simulation, &plan, n),
            spec,
            plan,
            readings: SimRng::new(spec.seed(), Stream::Readings),
            fault_values: SimRng::new(spec.seed(), Stream::FaultValues),
            scenario: Scenario::new(simulation, spec.seed()),
            lead_readings: match FaultKind::of(simulation) {
                Some(kind) if kind.class() == FaultClass::Equipment => spec.lead_time().readings(),
                _ => 0,
            },
            next_index: 0,
            delivered: 0,
            last: Delivered::default(),
        }
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
        )
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

    fn normal_record(spec: &GenerationSpec, rng: &mut SimRng, index: u64) -> TelemetryRecord {
        let product = spec.product();
        // The spec guarantees that every timestamp of the run is representable.
        let measurement_time = spec
            .start()
            .checked_add_seconds(index as i64 * READING_INTERVAL_SECONDS)
            .unwrap_or(spec.start());
        let temperature = rng.normal(product.target_temperature(), 1.0);
        let ambiant_temperature = rng.normal(20.0, 1.0);
        let kilowatts = rng.normal(2.7, 1.0);
        let defrost_cycle = 3 + rng.below(4) as u8;
        let oxygen_level = rng.normal(21.0, 1.0);
        let nitrogen_level = rng.normal(78.0, 1.0);
        let humidity_level = rng.normal(product.humidity(), 1.0);
        let carbon_dioxide_level = rng.normal(4.0, 1.0);
        TelemetryRecord {
            container_id: spec.container(),
            measurement_time,
            product,
            temperature,
            target_temperature: product.target_temperature(),
            ambiant_temperature,
            kilowatts,
            time_door_open: 0,
            content_type: product.content_type(),
            defrost_cycle,
            oxygen_level,
            nitrogen_level,
            humidity_level,
            carbon_dioxide_level,
            fan_1: true,
            fan_2: true,
            fan_3: true,
            latitude: DEFAULT_LATITUDE,
            longitude: DEFAULT_LONGITUDE,
            maintenance_required: false,
        }
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
                    record.carbon_dioxide_level = self.fault_values.normal(12.0, 2.0);
                }
                let co2 = record.carbon_dioxide_level;
                // Written as SPEC states the rule.
                #[allow(clippy::manual_range_contains)]
                let outside = co2 > CO2_HIGH_THRESHOLD || co2 < CO2_LOW_THRESHOLD;
                record.maintenance_required = outside;
            }
            Simulation::O2Sensor => {
                if self.plan.is_faulty(index) {
                    record.oxygen_level = self.fault_values.normal(11.0, 2.0);
                }
                record.maintenance_required = record.oxygen_level < O2_LOW_THRESHOLD;
            }
            _ => {
                if let Some(scenario) = &mut self.scenario {
                    scenario.apply(index, &self.plan, &mut self.fault_values, record);
                }
            }
        }
    }
}

impl Generator {
    /// Appends up to `n` more records to `records` and, with `truth` (this generation's
    /// [`Generator::ground_truth`]), each one's ground truth to `truths`; how many were added.
    pub fn fill(
        &mut self,
        n: usize,
        records: &mut Vec<TelemetryRecord>,
        truth: Option<&GroundTruth>,
        truths: &mut Vec<crate::truth::RowTruth>,
    ) -> usize {
        for added in 0..n {
            let Some(record) = self.next() else {
                return added;
            };
            records.push(record);
            if let Some(truth) = truth {
                truths.push(truth.of(self.last));
            }
        }
        n
    }

    /// The next record of a delivery fault: normal readings, delivered as
    /// [`crate::delivery`] says.
    fn next_delivered(&mut self) -> Option<TelemetryRecord> {
        let delivery = self.delivery.as_mut()?;
        loop {
            if let Some((record, delivered)) = delivery.pop() {
                self.delivered += 1;
                self.last = delivered;
                return Some(record);
            }
            let index = self.next_index;
            if index >= self.spec.records().get() {
                if delivery.flush() {
                    continue;
                }
                return None;
            }
            self.next_index += 1;
            delivery.accept(
                index,
                Self::normal_record(&self.spec, &mut self.readings, index),
            );
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
        let mut record = Self::normal_record(&self.spec, &mut self.readings, index);
        self.inject_fault(index, &mut record);
        if self.lead_readings > 0 && !record.maintenance_required {
            record.maintenance_required = self
                .plan
                .outages()
                .iter()
                .any(|o| o.start > index && o.start - index <= self.lead_readings);
        }
        Some(record)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = usize::try_from(self.remaining()).unwrap_or(usize::MAX);
        (remaining, Some(remaining))
    }
}

impl ExactSizeIterator for Generator {}
