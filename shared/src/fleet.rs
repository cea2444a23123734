//! Fleets: many containers reporting at once, each with its own state, product, seed stream
//! and schedule of faults.
//!
//! A container's telemetry is a sequence of *cycles* of [`Fleet::cycle`] readings (a day of
//! 5-minute readings by default). Cycle `k` of container `i` is exactly the generation
//!
//! ```text
//! reefer generate --cid <id i> --product_id <product i> --stype <simulation drawn for (i, k)>
//!     --records <cycle> --seed <seed of (i, k)> --start <start + k cycles>
//! ```
//!
//! so every container has its own state and fault schedule, drawn from the fleet's seed, and
//! any piece of a stream can be regenerated on its own ([`Fleet::spec_of`]). The products are
//! spread over the fleet (P01, P02, … in turn) unless one is given; the simulation of each
//! cycle is drawn from the fleet's list.
//!
//! A cycle that runs a run-to-failure simulation ([`crate::wear`]) is instead the stretch of
//! rows `k · cycle .. (k + 1) · cycle` of the container's one unit, whose seed is the
//! container's: its unit wears over the cycles as one.
//!
//! [`FleetStream`] interleaves the containers round-robin, one reading each in turn, without
//! end, in memory proportional to the fleet: about 1.2 KiB per container, and up to 48 waiting
//! readings (about 9 KiB) for a container in a duplicated or late block.

use crate::container::ContainerId;
use crate::count::RecordCount;
use crate::cycle::Cycle;
use crate::delivery::Delivered;
use crate::error::ParseError;
use crate::generator::Generator;
use crate::interval::Interval;
use crate::lead_time::LeadTime;
use crate::product::Product;
use crate::random::{splitmix64, SimRng, Stream};
use crate::rcm::{Profile, RcmReading};
use crate::route::{RouteChoice, Voyage};
use crate::seed::Seed;
use crate::simulation::Simulation;
use crate::spec::GenerationSpec;
use crate::timestamp::Timestamp;
use crate::truth::{GroundTruth, RowTruth};

/// The most containers in one fleet (one stream, one relay's job, one shard of a larger fleet).
pub const MAX_CONTAINERS: usize = 100_000;
/// The most containers of a numbered fleet spread over shards ([`Fleet::numbered_block`]):
/// each shard still streams at most [`MAX_CONTAINERS`].
pub const MAX_SHARDED_CONTAINERS: usize = 10_000_000;
/// The most simulation names a fleet's cycles are drawn from (a name may repeat to weigh it).
pub const MAX_SIMULATIONS: usize = 64;

/// Which containers, products and simulations a fleet has.
#[derive(Debug, Clone, PartialEq)]
pub struct Fleet {
    containers: Vec<ContainerId>,
    product: Option<Product>,
    simulations: Vec<Simulation>,
    seed: Seed,
    start: Timestamp,
    cycle: RecordCount,
    lead_time: LeadTime,
    interval: Interval,
    profile: Profile,
    route: Option<RouteChoice>,
    /// The place of the first container in the whole fleet this one is a shard of (0 for a
    /// whole fleet): a container's seed, product and voyage follow its place in the whole.
    offset: usize,
}

impl Fleet {
    /// A fleet of `containers` (1 to [`MAX_CONTAINERS`]), all carrying `product` or the
    /// products in turn, each cycle running one of `simulations` (at least one).
    pub fn new(
        containers: Vec<ContainerId>,
        product: Option<Product>,
        simulations: Vec<Simulation>,
        seed: Seed,
        start: Timestamp,
    ) -> Result<Self, ParseError> {
        if containers.is_empty() || containers.len() > MAX_CONTAINERS {
            return Err(ParseError::new(
                "containers",
                &containers.len().to_string(),
                format!("expected 1 to {MAX_CONTAINERS} containers"),
            ));
        }
        if simulations.is_empty() || simulations.len() > MAX_SIMULATIONS {
            return Err(ParseError::new(
                "simulation",
                &format!("{} names", simulations.len()),
                format!("expected 1 to {MAX_SIMULATIONS} simulations"),
            ));
        }
        let cycle = Cycle::default().readings();
        Ok(Self {
            containers,
            product,
            simulations,
            seed,
            start,
            cycle,
            lead_time: LeadTime::default(),
            interval: Interval::default(),
            profile: Profile::default(),
            route: None,
            offset: 0,
        })
    }

    /// The same containers as places `offset..` of a larger fleet cut into shards (see
    /// [`crate::shard`]): each container gets the seed, product and voyage it has in the whole
    /// fleet, so that the shards together stream exactly what the whole fleet streams.
    pub fn with_offset(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }

    /// Containers `block` of a numbered fleet of `total` (up to [`MAX_SHARDED_CONTAINERS`]),
    /// named as [`Fleet::numbered`] names them in the whole fleet; the block holds 1 to
    /// [`MAX_CONTAINERS`].
    pub fn numbered_block(
        total: usize,
        block: std::ops::Range<usize>,
    ) -> Result<Vec<ContainerId>, ParseError> {
        if total == 0 || total > MAX_SHARDED_CONTAINERS {
            return Err(ParseError::new(
                "containers",
                &total.to_string(),
                format!("expected a count from 1 to {MAX_SHARDED_CONTAINERS} over every shard"),
            ));
        }
        if block.is_empty() || block.len() > MAX_CONTAINERS || block.end > total {
            return Err(ParseError::new(
                "containers",
                &format!("{} of {total}", block.len()),
                format!(
                    "expected 1 to {MAX_CONTAINERS} containers in each shard: use at least {} \
                     shards, and no more than {total}",
                    total.div_ceil(MAX_CONTAINERS)
                ),
            ));
        }
        let width = total.to_string().len().max(4);
        block
            .map(|i| ContainerId::parse(&format!("C{:0width$}", i + 1)))
            .collect()
    }

    /// Container `i`'s place in the whole fleet (see [`Fleet::with_offset`]).
    fn place(&self, i: usize) -> u64 {
        (self.offset + i) as u64
    }

    /// `n` containers named `C0001`, `C0002`, … (at least four digits, more for ≥ 10 000).
    pub fn numbered(n: usize) -> Result<Vec<ContainerId>, ParseError> {
        if n == 0 || n > MAX_CONTAINERS {
            return Err(ParseError::new(
                "containers",
                &n.to_string(),
                format!("expected a count from 1 to {MAX_CONTAINERS}, or a list of ids"),
            ));
        }
        Self::numbered_block(n, 0..n)
    }

    /// The same fleet with cycles of `cycle` readings.
    pub fn with_cycle(mut self, cycle: Cycle) -> Self {
        self.cycle = cycle.readings();
        self
    }

    /// The same fleet with readings `interval` apart, and cycles of a day at that interval
    /// (call [`Fleet::with_cycle`] after it for another length).
    pub fn with_interval(mut self, interval: Interval) -> Self {
        self.interval = interval;
        self.cycle = Cycle::day(interval).readings();
        self
    }

    /// The same fleet whose readings have the columns of `profile`.
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The same fleet on voyages: every container on one route, or each on one drawn from
    /// its seed (`mixed`); a container keeps its voyage across its cycles.
    pub fn with_route(mut self, route: Option<RouteChoice>) -> Self {
        self.route = route;
        self
    }

    /// The voyage of container `i` (the same for all its cycles), if the fleet travels.
    pub fn voyage_of(&self, i: usize) -> Option<Voyage> {
        let choice = self.route?;
        Some(Voyage {
            route: choice.pick(Seed(derive(self.seed.0, self.place(i), u64::MAX - 2))),
            seed: Seed(derive(self.seed.0, self.place(i), u64::MAX - 1)),
            start: self.start,
        })
    }

    /// The time between two readings of a container.
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// Which columns the readings have.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The same fleet, labelling the readings `lead_time` before each equipment failure.
    pub fn with_lead_time(mut self, lead_time: LeadTime) -> Self {
        self.lead_time = lead_time;
        self
    }

    /// The containers, in stream order.
    pub fn containers(&self) -> &[ContainerId] {
        &self.containers
    }

    /// The simulations the cycles are drawn from.
    pub fn simulations(&self) -> &[Simulation] {
        &self.simulations
    }

    /// The fleet's seed.
    pub fn seed(&self) -> Seed {
        self.seed
    }

    /// The first reading's time.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// Readings per cycle.
    pub fn cycle(&self) -> u64 {
        self.cycle.get()
    }

    /// The product container `i` carries.
    pub fn product_of(&self, i: usize) -> Product {
        self.product
            .unwrap_or(Product::ORIGINAL[self.place(i) as usize % Product::ORIGINAL.len()])
    }

    /// The generation of cycle `cycle` of container `i`; `None` once its readings would fall
    /// after year 9999.
    pub fn spec_of(&self, i: usize, cycle: u64) -> Option<GenerationSpec> {
        let seed = derive(self.seed.0, self.place(i), cycle);
        let simulation = match self.simulations.as_slice() {
            [only] => *only,
            many => {
                let pick = SimRng::new(Seed(seed), Stream::Fleet).below(many.len() as u64);
                many[pick as usize]
            }
        };
        let offset = cycle
            .checked_mul(self.cycle.get())?
            .checked_mul(self.interval.seconds() as u64)?;
        let start = self
            .start
            .checked_add_seconds(i64::try_from(offset).ok()?)?;
        GenerationSpec::new(
            self.containers[i],
            self.product_of(i),
            simulation,
            self.cycle,
            start,
            Seed(seed),
        )
        .and_then(|spec| spec.with_interval(self.interval))
        .ok()
        .map(|spec| {
            spec.with_lead_time(self.lead_time)
                .with_profile(self.profile)
                .with_voyage(self.voyage_of(i))
        })
    }
}

/// Containers from the command line: a count (`100`: `C0001` … `C0100`) or a comma-separated
/// list of ids (`C01,C02,C07`).
pub fn parse_containers(s: &str) -> Result<Vec<ContainerId>, ParseError> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let n = t.parse::<usize>().unwrap_or(usize::MAX);
        return Fleet::numbered(n);
    }
    let mut ids: Vec<ContainerId> = Vec::new();
    for part in t.split(',') {
        let id = ContainerId::parse(part.trim())?;
        if ids.contains(&id) {
            return Err(ParseError::new(
                "containers",
                part,
                "each id may be listed once",
            ));
        }
        ids.push(id);
    }
    if ids.len() > MAX_CONTAINERS {
        return Err(ParseError::new(
            "containers",
            &ids.len().to_string(),
            format!("expected at most {MAX_CONTAINERS} ids"),
        ));
    }
    Ok(ids)
}

/// Simulations from the command line or a `/control` string: a name, a comma-separated list,
/// or `mixed` (every simulation of fault episodes: [`Simulation::EPISODIC`]).
pub fn parse_simulations(s: &str) -> Result<Vec<Simulation>, ParseError> {
    if s.trim().eq_ignore_ascii_case("mixed") {
        return Ok(Simulation::EPISODIC.to_vec());
    }
    s.split(',')
        .map(|name| {
            name.parse::<Simulation>().map_err(|e| {
                ParseError::new(
                    "simulation",
                    name,
                    format!("{}, or mixed (every fault-episode simulation)", e.allowed()),
                )
            })
        })
        .collect()
}

/// The seed of cycle `cycle` of container `i`: SplitMix64 over the three, so that every
/// (container, cycle) has an independent stream.
pub(crate) fn derive(seed: u64, i: u64, cycle: u64) -> u64 {
    let mut state = seed;
    let mut state = splitmix64(&mut state) ^ i;
    let mut state = splitmix64(&mut state) ^ cycle;
    splitmix64(&mut state)
}

/// An event of a stream, stamped by its clock, with its Kafka timestamp (ingest time).
#[derive(Debug, Clone, Copy)]
pub struct Stamped {
    /// The reading, its `measurement_time` set by the stream's clock.
    pub event: FleetEvent,
    /// When it is ingested, in milliseconds since 1970 (the Kafka message timestamp).
    pub ingest_ms: i64,
}

/// One reading of a fleet stream.
#[derive(Debug, Clone, Copy)]
pub struct FleetEvent {
    /// The container's index in the fleet.
    pub container: usize,
    /// The simulation of the container's current cycle.
    pub simulation: Simulation,
    /// The reading (its `measurement_time` on the simulated clock).
    pub record: crate::TelemetryRecord,
    /// The reading's row and arrival row in its container's whole stream (all cycles).
    pub delivered: Delivered,
    /// The ground truth, when asked for ([`FleetStream::with_ground_truth`]).
    pub truth: Option<RowTruth>,
    /// The remote-monitoring readings, with the [`Profile::Rcm`] profile.
    pub rcm: Option<RcmReading>,
}

/// One container's place in the stream.
#[derive(Debug, Clone)]
struct Member {
    cycle: u64,
    /// The container's row of the generator's first row.
    base: u64,
    generator: Generator,
    truth: Option<GroundTruth>,
}

/// A fleet's readings, round-robin over the containers, without end (until year 9999).
#[derive(Debug, Clone)]
pub struct FleetStream {
    fleet: Fleet,
    members: Vec<Option<Member>>,
    next: usize,
    ground_truth: bool,
}

impl FleetStream {
    /// The stream of `fleet`, at its first reading.
    pub fn new(fleet: Fleet) -> Self {
        let members = (0..fleet.containers.len())
            .map(|i| Self::member(&fleet, i, 0, false))
            .collect();
        Self {
            fleet,
            members,
            next: 0,
            ground_truth: false,
        }
    }

    /// The same stream with each event's ground truth.
    pub fn with_ground_truth(mut self) -> Self {
        self.ground_truth = true;
        for member in self.members.iter_mut().flatten() {
            member.truth = Some(member.generator.ground_truth());
        }
        self
    }

    /// The fleet streamed.
    pub fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    fn member(fleet: &Fleet, i: usize, cycle: u64, truth: bool) -> Option<Member> {
        let spec = fleet.spec_of(i, cycle)?;
        if spec.simulation().wear_mode().is_some() {
            return Self::wearing_member(fleet, i, cycle, spec, truth);
        }
        let generator = Generator::new(spec);
        Some(Member {
            cycle,
            base: cycle * fleet.cycle.get(),
            truth: truth.then(|| generator.ground_truth()),
            generator,
        })
    }

    /// A container whose cycle runs a run-to-failure simulation keeps its unit from cycle to
    /// cycle (one seed per container), so that it wears over the simulated days: its cycle is
    /// the stretch of the unit's whole life from the fleet's start, reached at once.
    fn wearing_member(
        fleet: &Fleet,
        i: usize,
        cycle: u64,
        spec: GenerationSpec,
        truth: bool,
    ) -> Option<Member> {
        let len = fleet.cycle.get();
        let records = RecordCount::new((cycle + 1).checked_mul(len)?).ok()?;
        let life = GenerationSpec::new(
            spec.container(),
            spec.product(),
            spec.simulation(),
            records,
            fleet.start,
            Seed(derive(fleet.seed.0, fleet.place(i), u64::MAX)),
        )
        .and_then(|life| life.with_interval(fleet.interval))
        .ok()?
        .with_lead_time(fleet.lead_time)
        .with_profile(fleet.profile)
        .with_voyage(fleet.voyage_of(i));
        let mut generator = Generator::new(life);
        generator.skip_to(cycle * len);
        Some(Member {
            cycle,
            base: 0,
            truth: truth.then(|| generator.ground_truth()),
            generator,
        })
    }

    /// The next reading; `None` only once every container has passed year 9999.
    pub fn next_event(&mut self) -> Option<FleetEvent> {
        for _ in 0..self.members.len() {
            let i = self.next;
            self.next = (i + 1) % self.members.len();
            if let Some(event) = self.next_of(i) {
                return Some(event);
            }
        }
        None
    }

    fn next_of(&mut self, i: usize) -> Option<FleetEvent> {
        loop {
            let member = self.members[i].as_mut()?;
            if let Some(record) = member.generator.next() {
                let local = member.generator.last_delivered();
                let truth = member
                    .truth
                    .as_ref()
                    .map(|t| member.generator.last_truth(t));
                let base = member.base;
                return Some(FleetEvent {
                    container: i,
                    simulation: member.generator.spec().simulation(),
                    record,
                    delivered: Delivered {
                        row: base + local.row,
                        ingest_row: base + local.ingest_row,
                        copy: local.copy,
                    },
                    truth,
                    rcm: (self.fleet.profile == Profile::Rcm).then(|| *member.generator.last_rcm()),
                });
            }
            let cycle = member.cycle + 1;
            self.members[i] = Self::member(&self.fleet, i, cycle, self.ground_truth);
        }
    }
}

impl Iterator for FleetStream {
    type Item = FleetEvent;

    fn next(&mut self) -> Option<FleetEvent> {
        self.next_event()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fleet(n: usize, simulations: &[Simulation]) -> Fleet {
        Fleet::new(
            Fleet::numbered(n).unwrap(),
            None,
            simulations.to_vec(),
            Seed(7),
            "2026-01-01 00:00:00".parse().unwrap(),
        )
        .unwrap()
        .with_cycle(Cycle::new(50).unwrap())
    }

    #[test]
    fn containers_take_turns_and_products_are_spread() {
        let stream = FleetStream::new(fleet(12, &[Simulation::Normal]));
        let events: Vec<FleetEvent> = stream.take(36).collect();
        for (k, e) in events.iter().enumerate() {
            assert_eq!(e.container, k % 12);
            assert_eq!(e.delivered.row, (k / 12) as u64);
            assert_eq!(
                e.record.container_id.as_str(),
                format!("C{:04}", k % 12 + 1)
            );
            assert_eq!(e.record.product, Product::ORIGINAL[k % 12 % 5]);
        }
    }

    #[test]
    fn each_cycle_is_the_generation_its_spec_names() {
        let fleet = fleet(3, &Simulation::EPISODIC);
        let stream = FleetStream::new(fleet.clone());
        let events: Vec<FleetEvent> = stream.take(3 * 50 * 4).collect();
        for i in 0..3 {
            let mine: Vec<_> = events.iter().filter(|e| e.container == i).collect();
            let mut expected = Vec::new();
            for cycle in 0.. {
                if expected.len() >= mine.len() {
                    break;
                }
                expected.extend(Generator::new(fleet.spec_of(i, cycle).unwrap()));
            }
            for (got, want) in mine.iter().zip(&expected) {
                assert_eq!(got.record, *want);
            }
        }
        // The cycles draw different simulations and seeds.
        let drawn: std::collections::HashSet<_> = (0..3)
            .flat_map(|i| (0..20).map(move |k| (i, k)))
            .map(|(i, k)| fleet.spec_of(i, k).unwrap().simulation())
            .collect();
        assert!(drawn.len() > 5, "{drawn:?}");
        assert_ne!(
            fleet.spec_of(0, 0).unwrap().seed(),
            fleet.spec_of(1, 0).unwrap().seed()
        );
    }

    #[test]
    fn the_same_fleet_streams_the_same_readings() {
        let a: Vec<_> = FleetStream::new(fleet(5, &Simulation::ALL))
            .take(2000)
            .map(|e| e.record)
            .collect();
        let b: Vec<_> = FleetStream::new(fleet(5, &Simulation::ALL))
            .take(2000)
            .map(|e| e.record)
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn rows_run_on_across_cycles_with_the_clock() {
        let events: Vec<_> = FleetStream::new(fleet(2, &[Simulation::PowerOff]))
            .with_ground_truth()
            .take(2 * 120)
            .collect();
        let start: Timestamp = "2026-01-01 00:00:00".parse().unwrap();
        for e in &events {
            let t = start
                .checked_add_seconds(e.delivered.row as i64 * 300)
                .unwrap();
            assert_eq!(e.record.measurement_time, t);
            assert!(e.truth.is_some());
        }
        assert_eq!(events.last().unwrap().delivered.row, 119);
    }

    #[test]
    fn containers_and_simulations_from_the_command_line() {
        assert_eq!(parse_containers("3").unwrap().len(), 3);
        let ids = parse_containers("C01, C02,X-9").unwrap();
        assert_eq!(
            ids.iter().map(|i| i.as_str()).collect::<Vec<_>>(),
            ["C01", "C02", "X-9"]
        );
        for bad in ["0", "100001", "C01,C01", "C01,,C02", "a b"] {
            assert!(parse_containers(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_simulations("MIXED").unwrap().len(),
            Simulation::EPISODIC.len()
        );
        assert_eq!(
            parse_simulations("poweroff,gaps").unwrap(),
            [Simulation::PowerOff, Simulation::Gaps]
        );
        let err = parse_simulations("poweroff,warp").unwrap_err();
        assert!(err.allowed().contains("mixed"), "{err}");
    }

    #[test]
    fn bad_fleets_are_refused_naming_the_field() {
        assert_eq!(Fleet::numbered(0).unwrap_err().what(), "containers");
        assert_eq!(
            Fleet::numbered(MAX_CONTAINERS + 1).unwrap_err().what(),
            "containers"
        );
        assert_eq!(Fleet::numbered(10_000).unwrap()[9_999].as_str(), "C10000");
        let err = Fleet::new(
            Fleet::numbered(2).unwrap(),
            None,
            Vec::new(),
            Seed(1),
            Timestamp::MIN,
        )
        .unwrap_err();
        assert_eq!(err.what(), "simulation");
    }
}
