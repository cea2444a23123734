//! Reefers on voyages: where a unit is at each minute of a route, the outside air it feels
//! there, and the transfers between stages, when it is unplugged.
//!
//! A voyage's times are drawn up front from its seed ([`Stream::Route`]): the truck's speed
//! (55–75 km/h over 1.3 × the great-circle distance), the ship's (16–20 knots along the
//! waypoints), each terminal stay (12–72 h at the origin, 12–48 h elsewhere) and each transfer
//! (0.5–3 h, uniform). Stage 1 starts at the voyage's start; a transfer separates two stages;
//! after the last stage the unit stays at its destination, plugged in. So the whereabouts at
//! any minute are a closed form of the route, the seed and the minute: a stretch of a run, a
//! stream's cycle, agrees with the whole.
//!
//! During a transfer the unit has no power: `kilowatts` 0, the fans off, the compressor off,
//! and the cargo warms slowly toward the outside air (an insulated box: time constant 24 h);
//! once plugged in again the unit pulls it back down (time constant 2 h). It is normal
//! operation, never labelled `maintenance_required`, and the ground truth names it
//! `transfer` (class `operation`).

pub mod climate;
pub mod places;

pub use places::{Place, Route, StageKind};

use crate::random::{SimRng, Stream};
use crate::record::TelemetryRecord;
use crate::seed::Seed;
use crate::timestamp::Timestamp;

/// The ship's speed, knots (uniform between the two).
pub const SEA_KNOTS: (f64, f64) = (16.0, 20.0);
/// The truck's speed, km/h (uniform between the two).
pub const TRUCK_KMH: (f64, f64) = (55.0, 75.0);
/// Road distance over great-circle distance.
pub const ROAD_FACTOR: f64 = 1.3;
/// A terminal stay at the origin, hours (uniform between the two).
pub const ORIGIN_STAY_HOURS: (f64, f64) = (12.0, 72.0);
/// A terminal stay elsewhere, hours.
pub const STAY_HOURS: (f64, f64) = (12.0, 48.0);
/// A transfer between two stages (unplugged), hours.
pub const TRANSFER_HOURS: (f64, f64) = (0.5, 3.0);
/// How fast an unplugged box warms toward the outside air, minutes (24 h).
pub const UNPLUGGED_TIME_CONSTANT_MINUTES: f64 = 24.0 * 60.0;
/// How fast the unit pulls the cargo back down once plugged in, minutes (2 h).
pub const REPLUG_TIME_CONSTANT_MINUTES: f64 = 120.0;
/// The Earth's mean radius, km.
const EARTH_RADIUS_KM: f64 = 6371.0;
/// One knot in km/h.
const KNOT_KMH: f64 = 1.852;
/// How long after a transfer its pull-down is still counted (12 time constants).
const PULL_DOWN_COUNTED: f64 = 12.0 * REPLUG_TIME_CONSTANT_MINUTES;

/// A voyage: a route, the seed that draws its times, and its first minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voyage {
    /// The route.
    pub route: Route,
    /// The seed of its draws.
    pub seed: Seed,
    /// When stage 1 starts.
    pub start: Timestamp,
}

/// The route of a request: one for every container, or `mixed` (each container of a fleet
/// draws one of [`Route::ALL`] from its seed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteChoice {
    /// This route.
    One(Route),
    /// One drawn per container.
    Mixed,
}

impl RouteChoice {
    /// The choice's name: a route's, or `mixed`.
    pub const fn name(self) -> &'static str {
        match self {
            RouteChoice::One(route) => route.name(),
            RouteChoice::Mixed => "mixed",
        }
    }

    /// The route of the container whose seed is `seed`.
    pub fn pick(self, seed: Seed) -> Route {
        match self {
            RouteChoice::One(route) => route,
            RouteChoice::Mixed => {
                let k = SimRng::new(seed, Stream::Route).below(Route::ALL.len() as u64);
                Route::ALL[k as usize]
            }
        }
    }
}

impl std::fmt::Display for RouteChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for RouteChoice {
    type Err = crate::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("mixed") {
            return Ok(RouteChoice::Mixed);
        }
        s.parse::<Route>().map(RouteChoice::One).map_err(|e| {
            crate::ParseError::new(
                "route",
                s,
                format!("{}, or mixed (one drawn per container)", e.allowed()),
            )
        })
    }
}

/// Minutes `from` → `to` (a span of two times).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// The first minute, from the voyage's start.
    pub from: f64,
    /// One past the last.
    pub to: f64,
}

impl Span {
    /// Whether `minute` is in the span.
    pub fn contains(&self, minute: f64) -> bool {
        minute >= self.from && minute < self.to
    }
}

/// A stage with its times and its path: points with the distance travelled to each, km.
#[derive(Debug, Clone)]
struct Stage {
    kind: StageKind,
    span: Span,
    path: Vec<(f64, f64, f64)>,
    /// The pace along the path, km per minute.
    km_per_minute: f64,
}

/// Where the last [`Itinerary::at`] was: its stage, and its segment of the stage's path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    stage: usize,
    segment: usize,
}

/// Where a unit is at one minute, and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whereabouts {
    /// Latitude, degrees north (rounded to 1e-5, a metre).
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// The stage it is in (the last one once arrived), or `None` during a transfer.
    pub stage: Option<StageKind>,
    /// During a transfer: its number from 1 and the minutes since it began.
    pub transfer: Option<(u64, f64)>,
    /// How far a transfer has warmed the cargo above what the unit holds, °C per °C of the
    /// outside air above the setpoint (0 outside transfers and their pull-down).
    pub warming_share: f64,
}

impl Whereabouts {
    /// Whether the unit is unplugged.
    pub fn unplugged(&self) -> bool {
        self.transfer.is_some()
    }

    /// Whether the unit is at sea (a milder day's cycle).
    pub fn at_sea(&self) -> bool {
        self.stage == Some(StageKind::Sea)
    }
}

/// A voyage's stages and transfers, drawn.
#[derive(Debug, Clone)]
pub struct Itinerary {
    voyage: Voyage,
    stages: Vec<Stage>,
    transfers: Vec<Span>,
}

impl Itinerary {
    /// The itinerary of `voyage`.
    pub fn new(voyage: Voyage) -> Self {
        let mut rng = SimRng::new(voyage.seed, Stream::Route);
        let mut stages = Vec::new();
        let mut transfers = Vec::new();
        let mut clock = 0.0;
        for (k, def) in voyage.route.stages().iter().enumerate() {
            if k > 0 {
                let hours = between(&mut rng, TRANSFER_HOURS);
                transfers.push(Span {
                    from: clock,
                    to: clock + hours * 60.0,
                });
                clock += hours * 60.0;
            }
            let mut points = vec![(def.from.lat, def.from.lon)];
            points.extend_from_slice(def.via);
            if def.kind != StageKind::Terminal {
                points.push((def.to.lat, def.to.lon));
            }
            let mut path = Vec::with_capacity(points.len());
            let mut travelled = 0.0;
            for (i, &(lat, lon)) in points.iter().enumerate() {
                if i > 0 {
                    let (plat, plon) = points[i - 1];
                    travelled += great_circle_km(plat, plon, lat, lon);
                }
                path.push((lat, lon, travelled));
            }
            let hours = match def.kind {
                StageKind::Truck => travelled * ROAD_FACTOR / between(&mut rng, TRUCK_KMH),
                StageKind::Sea => travelled / (between(&mut rng, SEA_KNOTS) * KNOT_KMH),
                StageKind::Terminal if k == 0 || k == 1 => between(&mut rng, ORIGIN_STAY_HOURS),
                StageKind::Terminal => between(&mut rng, STAY_HOURS),
            };
            stages.push(Stage {
                kind: def.kind,
                span: Span {
                    from: clock,
                    to: clock + hours * 60.0,
                },
                path,
                km_per_minute: travelled / (hours * 60.0).max(1e-9),
            });
            clock += hours * 60.0;
        }
        Self {
            voyage,
            stages,
            transfers,
        }
    }

    /// The voyage.
    pub fn voyage(&self) -> Voyage {
        self.voyage
    }

    /// The transfers, in order (minutes from the voyage's start).
    pub fn transfers(&self) -> &[Span] {
        &self.transfers
    }

    /// When the last stage ends: from then on the unit stays at its destination.
    pub fn arrival(&self) -> f64 {
        self.stages.last().map_or(0.0, |s| s.span.to)
    }

    /// The number (from 1) and span of the transfer `minute` falls in, if any.
    pub fn transfer_at(&self, minute: f64) -> Option<(u64, Span)> {
        let k = self.transfers.partition_point(|t| t.to <= minute);
        self.transfers
            .get(k)
            .filter(|t| t.contains(minute))
            .map(|t| (k as u64 + 1, *t))
    }

    /// Where the unit is at `minute` from the voyage's start; `cursor` remembers where the
    /// last call was along the path, so that rows in order walk it instead of searching it
    /// (any cursor gives the same answer).
    ///
    /// Stages and transfers alternate (transfer `k` sits between stages `k` and `k + 1`), so
    /// the transfers before `minute` say which stage it is in.
    pub fn at(&self, minute: f64, cursor: &mut Cursor) -> Whereabouts {
        let minute = minute.max(0.0);
        // Within the cursor's stage (rows in order mostly are), the transfers before it have
        // ended and the next has not begun; elsewhere they are searched.
        let done = match self.stages.get(cursor.stage) {
            Some(stage) if stage.span.contains(minute) => cursor.stage,
            _ => self.transfers.partition_point(|t| t.to <= minute),
        };
        let during = self
            .transfers
            .get(done)
            .copied()
            .filter(|t| t.contains(minute));
        let stage_index = done.min(self.stages.len() - 1);
        let stage = &self.stages[stage_index];
        if during.is_none() && cursor.stage != stage_index {
            *cursor = Cursor {
                stage: stage_index,
                segment: 1,
            };
        }
        let (lat, lon) = if let Some(next) = during.and_then(|_| self.stages.get(done + 1)) {
            // Unplugged where the next stage starts.
            (next.path[0].0, next.path[0].1)
        } else if minute >= stage.span.to || stage.kind == StageKind::Terminal || during.is_some() {
            let (lat, lon, _) = stage.path[stage.path.len() - 1];
            (lat, lon)
        } else {
            let km = (minute - stage.span.from) * stage.km_per_minute;
            along(&stage.path, km, &mut cursor.segment)
        };
        let rise = |minutes: f64| 1.0 - libm::exp(-minutes / UNPLUGGED_TIME_CONSTANT_MINUTES);
        let warming_share = match (during, done.checked_sub(1)) {
            (Some(span), _) => rise(minute - span.from),
            (None, Some(last)) => {
                let last = self.transfers[last];
                let since = minute - last.to;
                if since < PULL_DOWN_COUNTED {
                    rise(last.to - last.from) * libm::exp(-since / REPLUG_TIME_CONSTANT_MINUTES)
                } else {
                    0.0
                }
            }
            (None, None) => 0.0,
        };
        Whereabouts {
            lat: round5(lat),
            lon: round5(lon),
            stage: during.is_none().then_some(stage.kind),
            transfer: during.map(|span| (done as u64 + 1, minute - span.from)),
            warming_share,
        }
    }
}

/// A uniform draw between the two.
fn between(rng: &mut SimRng, (low, high): (f64, f64)) -> f64 {
    low + (high - low) * rng.unit()
}

/// Great-circle distance, km (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = libm::pow(libm::sin(dp / 2.0), 2.0)
        + libm::cos(p1) * libm::cos(p2) * libm::pow(libm::sin(dl / 2.0), 2.0);
    2.0 * EARTH_RADIUS_KM * libm::asin(libm::sqrt(a).min(1.0))
}

/// The point `km` along a path, between its waypoints; `segment` (from 1) is where the search
/// starts and where it ends.
fn along(path: &[(f64, f64, f64)], km: f64, segment: &mut usize) -> (f64, f64) {
    let last = path.len() - 1;
    if last == 0 {
        return (path[0].0, path[0].1);
    }
    let target = km.clamp(0.0, path[last].2);
    let mut i = (*segment).clamp(1, last);
    while i < last && path[i].2 <= target {
        i += 1;
    }
    while i > 1 && path[i - 1].2 > target {
        i -= 1;
    }
    *segment = i;
    let (a, b) = (path[i - 1], path[i]);
    let t = if b.2 > a.2 {
        (target - a.2) / (b.2 - a.2)
    } else {
        0.0
    };
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

/// Rounded to 5 decimals (a metre of latitude).
fn round5(degrees: f64) -> f64 {
    crate::round::round_to(degrees, 1e5)
}

/// Writes the unit's position and the outside air into a record drawn at SPEC's fixed place
/// and 20 °C (the ambient keeps the record's own noise: its draw minus 20); returns the air.
pub fn locate(record: &mut TelemetryRecord, at: &Whereabouts) -> climate::Air {
    let air = climate::air(at.lat, at.lon, record.measurement_time, at.at_sea());
    record.latitude = at.lat;
    record.longitude = at.lon;
    record.ambiant_temperature = air.temperature + (record.ambiant_temperature - 20.0);
    air
}

/// During a transfer: no power, no fans; during it and its pull-down, the cargo warmed
/// toward the outside air `air`.
pub fn unplug(record: &mut TelemetryRecord, at: &Whereabouts, air: &climate::Air) {
    if at.unplugged() {
        record.kilowatts = 0.0;
        (record.fan_1, record.fan_2, record.fan_3) = (false, false, false);
    }
    if at.warming_share > 0.0 {
        record.temperature += at.warming_share * (air.day_mean - record.target_temperature);
    }
}

impl Voyage {
    /// The minutes from the voyage's start to `time` (negative before it).
    pub fn minute_of(&self, time: Timestamp) -> f64 {
        (time.unix_seconds() - self.start.unix_seconds()) as f64 / 60.0
    }
}
