//! The full description of a generation: the six values that fix its output.

use crate::container::ContainerId;
use crate::count::RecordCount;
use crate::error::{FieldError, ParseError};
use crate::interval::Interval;
use crate::lead_time::LeadTime;
use crate::product::Product;
use crate::rcm::Profile;
use crate::route::{Route, Voyage};
use crate::seed::Seed;
use crate::simulation::Simulation;
use crate::timestamp::Timestamp;

/// (container, product, simulation, records, start time, seed): the same six give the same
/// bytes, natively and in the browser.
///
/// Built only through [`GenerationSpec::new`], which checks that every timestamp of the run
/// can be written, so a spec in hand always generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerationSpec {
    container: ContainerId,
    product: Product,
    simulation: Simulation,
    records: RecordCount,
    start: Timestamp,
    seed: Seed,
    lead_time: LeadTime,
    interval: Interval,
    profile: Profile,
    voyage: Option<Voyage>,
}

impl GenerationSpec {
    /// A spec, if its last reading still has a four-digit year.
    pub fn new(
        container: ContainerId,
        product: Product,
        simulation: Simulation,
        records: RecordCount,
        start: Timestamp,
        seed: Seed,
    ) -> Result<Self, ParseError> {
        Self {
            container,
            product,
            simulation,
            records,
            start,
            seed,
            lead_time: LeadTime::default(),
            interval: Interval::default(),
            profile: Profile::default(),
            voyage: None,
        }
        .checked()
    }

    /// The spec, if its last reading still has a four-digit year.
    fn checked(self) -> Result<Self, ParseError> {
        let span = self.records.get().saturating_sub(1) as i64 * self.interval.seconds();
        if self.start.checked_add_seconds(span).is_some() {
            return Ok(self);
        }
        Err(ParseError::new(
            "record count for this start time",
            &self.records.to_string(),
            format!(
                "the last reading (start {} + {} per record) would fall after year 9999; ask \
                 for fewer records or start earlier",
                self.start, self.interval
            ),
        ))
    }

    /// The same spec with readings `interval` apart, if its last reading still has a
    /// four-digit year.
    pub fn with_interval(mut self, interval: Interval) -> Result<Self, ParseError> {
        self.interval = interval;
        self.checked()
    }

    /// The same spec writing the columns of `profile` (with [`Profile::Rcm`], the
    /// remote-monitoring readings after the record's own).
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The same spec on `route`, its voyage starting with the run and drawn from its seed
    /// (`None`: parked at the original's fixed position, the default).
    pub fn with_route(self, route: Option<Route>) -> Self {
        self.with_voyage(route.map(|route| Voyage {
            route,
            seed: self.seed,
            start: self.start,
        }))
    }

    /// The same spec on `voyage` (a fleet's container keeps one voyage across its cycles).
    pub fn with_voyage(mut self, voyage: Option<Voyage>) -> Self {
        self.voyage = voyage;
        self
    }

    /// The voyage the unit is on, if any.
    pub fn voyage(&self) -> Option<Voyage> {
        self.voyage
    }

    /// The time between two readings.
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// Which columns a reading has.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// When row `index` is measured: the start plus `index` intervals (representable, as the
    /// spec was checked).
    pub fn time_of(&self, index: u64) -> Timestamp {
        self.start
            .checked_add_seconds(index as i64 * self.interval.seconds())
            .unwrap_or(self.start)
    }

    /// Minutes from the start to row `index`.
    pub fn minutes_at(&self, index: u64) -> u64 {
        index * self.interval.minutes()
    }

    /// A spec from its fields as text — a link's query, the control panel's form, a test —
    /// each read by its own parse. An error names the field: `container`, `product`,
    /// `simulation`, `records`, `start`, `seed` or `lead` (the lead time in minutes; `"0"` for
    /// none), as the link and the form call them.
    pub fn from_fields(
        container: &str,
        product: &str,
        simulation: &str,
        records: &str,
        start: &str,
        seed: &str,
        lead: &str,
    ) -> Result<Self, FieldError> {
        let field = |name: &'static str| move |e: ParseError| FieldError::new(name, e.to_string());
        let container = ContainerId::parse(container).map_err(field("container"))?;
        let product: Product = product.parse().map_err(field("product"))?;
        let simulation: Simulation = simulation.parse().map_err(field("simulation"))?;
        let records: RecordCount = records.parse().map_err(field("records"))?;
        let start: Timestamp = start.parse().map_err(field("start"))?;
        let seed: Seed = seed.parse().map_err(field("seed"))?;
        let lead: LeadTime = lead.parse().map_err(field("lead"))?;
        Self::new(container, product, simulation, records, start, seed)
            .map(|spec| spec.with_lead_time(lead))
            .map_err(field("records"))
    }

    /// The same spec with the reading interval, the profile and the route given as text (a
    /// link's `interval`, `profile` and `route`, the control panel's selects; `""` or `none`
    /// for no route); an error names the field.
    pub fn with_fields(
        self,
        interval: &str,
        profile: &str,
        route: &str,
    ) -> Result<Self, FieldError> {
        let field = |name: &'static str| move |e: ParseError| FieldError::new(name, e.to_string());
        let interval: Interval = interval.parse().map_err(field("interval"))?;
        let profile: Profile = profile.parse().map_err(field("profile"))?;
        let route: Option<Route> = match route.trim() {
            "" | "none" => None,
            name => Some(name.parse().map_err(field("route"))?),
        };
        self.with_interval(interval)
            .map(|spec| spec.with_profile(profile).with_route(route))
            .map_err(field("records"))
    }

    /// The unit tests' spec: container C02, product P02, from 2026-01-01 00:00:00.
    #[cfg(test)]
    pub(crate) fn example(simulation: &str, records: u64, seed: u64) -> Self {
        let (records, seed) = (records.to_string(), seed.to_string());
        Self::from_fields(
            "C02",
            "P02",
            simulation,
            &records,
            "2026-01-01 00:00:00",
            &seed,
            "0",
        )
        .unwrap()
    }

    /// The same spec, labelling the readings `lead_time` before each equipment failure too.
    pub fn with_lead_time(mut self, lead_time: LeadTime) -> Self {
        self.lead_time = lead_time;
        self
    }

    /// How long before an equipment failure its readings are labelled (0: not before).
    pub fn lead_time(&self) -> LeadTime {
        self.lead_time
    }

    /// The container id written in every record.
    pub fn container(&self) -> ContainerId {
        self.container
    }
    /// The product carried.
    pub fn product(&self) -> Product {
        self.product
    }
    /// The simulation run.
    pub fn simulation(&self) -> Simulation {
        self.simulation
    }
    /// How many records are generated.
    pub fn records(&self) -> RecordCount {
        self.records
    }
    /// The first measurement time.
    pub fn start(&self) -> Timestamp {
        self.start
    }
    /// The seed.
    pub fn seed(&self) -> Seed {
        self.seed
    }
}
