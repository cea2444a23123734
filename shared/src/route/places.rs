//! The built-in places and routes: ports, a few inland sites, and the voyages a reefer makes
//! between them, as waypoint paths.
//!
//! | route | cargo it suits | stages |
//! |---|---|---|
//! | `guayaquil-antwerp` | bananas | truck Machala → Guayaquil, terminal, sea via the Panama Canal and the Windward Passage, terminal, truck Antwerp → Venlo |
//! | `santos-rotterdam` | oranges, meat | truck Campinas → Santos, terminal, sea along Brazil and past the Canaries, terminal, truck Rotterdam → Duisburg |
//! | `valparaiso-philadelphia` | grapes, berries | truck Rancagua → Valparaíso, terminal, sea up the Pacific and through the Panama Canal, terminal |
//! | `rotterdam-munich` | a truck leg alone | truck Rotterdam → Munich |
//! | `rotterdam-yard` | a terminal stay alone | parked and plugged in at Rotterdam |

/// A named place: a port or an inland site, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// The place's name.
    pub name: &'static str,
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

const fn place(name: &'static str, lat: f64, lon: f64) -> Place {
    Place { name, lat, lon }
}

/// Machala, Ecuador: banana packhouses.
pub const MACHALA: Place = place("Machala", -3.26, -79.96);
/// The port of Guayaquil, Ecuador.
pub const GUAYAQUIL: Place = place("Guayaquil", -2.28, -79.91);
/// The port of Antwerp, Belgium.
pub const ANTWERP: Place = place("Antwerp", 51.27, 4.35);
/// Venlo, the Netherlands: a distribution centre.
pub const VENLO: Place = place("Venlo", 51.37, 6.17);
/// Campinas, Brazil: orange groves and packers.
pub const CAMPINAS: Place = place("Campinas", -22.91, -47.06);
/// The port of Santos, Brazil.
pub const SANTOS: Place = place("Santos", -23.95, -46.33);
/// The port of Rotterdam, the Netherlands.
pub const ROTTERDAM: Place = place("Rotterdam", 51.95, 4.05);
/// Duisburg, Germany: an inland hub.
pub const DUISBURG: Place = place("Duisburg", 51.43, 6.76);
/// Rancagua, Chile: grape growers.
pub const RANCAGUA: Place = place("Rancagua", -34.17, -70.74);
/// The port of Valparaíso, Chile.
pub const VALPARAISO: Place = place("Valparaíso", -33.03, -71.63);
/// The port of Philadelphia, United States.
pub const PHILADELPHIA: Place = place("Philadelphia", 39.90, -75.14);
/// Munich, Germany: a distribution centre.
pub const MUNICH: Place = place("Munich", 48.14, 11.58);

/// How a stage moves the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageKind {
    /// On a truck's genset, along the road.
    Truck,
    /// Plugged in at a terminal's reefer rack.
    Terminal,
    /// Plugged in on board, at sea.
    Sea,
}

/// One stage of a route: a move along waypoints (truck, sea) or a stay (terminal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageDef {
    /// How it moves.
    pub kind: StageKind,
    /// Where it starts.
    pub from: Place,
    /// Where it ends (the same place for a stay).
    pub to: Place,
    /// The points it passes between the two, in order (degrees: latitude, longitude).
    pub via: &'static [(f64, f64)],
}

const fn truck(from: Place, to: Place) -> StageDef {
    StageDef {
        kind: StageKind::Truck,
        from,
        to,
        via: &[],
    }
}

const fn terminal(at: Place) -> StageDef {
    StageDef {
        kind: StageKind::Terminal,
        from: at,
        to: at,
        via: &[],
    }
}

const fn sea(from: Place, to: Place, via: &'static [(f64, f64)]) -> StageDef {
    StageDef {
        kind: StageKind::Sea,
        from,
        to,
        via,
    }
}

/// Guayaquil → Antwerp by sea: the Gulf of Guayaquil, the Panama Canal, the Windward Passage,
/// the Atlantic, the English Channel and the Scheldt.
const GUAYAQUIL_ANTWERP: &[(f64, f64)] = &[
    (-2.9, -80.6),
    (1.5, -81.0),
    (7.0, -79.6),
    (8.9, -79.55),
    (9.35, -79.9),
    (12.0, -77.5),
    (17.5, -75.0),
    (20.1, -73.8),
    (26.0, -70.0),
    (35.0, -50.0),
    (44.0, -22.0),
    (48.6, -6.5),
    (50.1, -1.5),
    (51.05, 1.6),
    (51.45, 3.4),
];

/// Santos → Rotterdam by sea: up the coast of Brazil, past Cape São Roque, the Canaries and
/// Finisterre, through the Channel.
const SANTOS_ROTTERDAM: &[(f64, f64)] = &[
    (-24.4, -45.5),
    (-20.0, -38.5),
    (-12.0, -35.8),
    (-5.0, -34.6),
    (5.0, -28.0),
    (20.0, -21.0),
    (28.5, -15.5),
    (37.0, -11.0),
    (43.6, -9.9),
    (48.6, -6.0),
    (50.1, -1.5),
    (51.05, 1.6),
    (51.95, 3.9),
];

/// Valparaíso → Philadelphia by sea: up the Pacific coast, the Panama Canal, the Windward
/// Passage, along the US coast and up the Delaware.
const VALPARAISO_PHILADELPHIA: &[(f64, f64)] = &[
    (-32.5, -72.5),
    (-20.0, -72.5),
    (-8.0, -81.5),
    (1.5, -81.0),
    (7.0, -79.6),
    (8.9, -79.55),
    (9.35, -79.9),
    (12.0, -77.5),
    (17.5, -75.0),
    (20.1, -73.8),
    (27.0, -74.5),
    (35.5, -74.8),
    (38.8, -75.05),
    (39.5, -75.5),
];

/// A built-in route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// Bananas from Ecuador to Europe.
    GuayaquilAntwerp,
    /// Oranges or meat from Brazil to Europe.
    SantosRotterdam,
    /// Grapes from Chile to the US east coast.
    ValparaisoPhiladelphia,
    /// A truck leg alone.
    RotterdamMunich,
    /// A terminal stay alone.
    RotterdamYard,
}

impl Route {
    /// Every route, in the help's order.
    pub const ALL: [Route; 5] = [
        Route::GuayaquilAntwerp,
        Route::SantosRotterdam,
        Route::ValparaisoPhiladelphia,
        Route::RotterdamMunich,
        Route::RotterdamYard,
    ];

    /// The route's name (`--route`, `/control`, links).
    pub const fn name(self) -> &'static str {
        match self {
            Route::GuayaquilAntwerp => "guayaquil-antwerp",
            Route::SantosRotterdam => "santos-rotterdam",
            Route::ValparaisoPhiladelphia => "valparaiso-philadelphia",
            Route::RotterdamMunich => "rotterdam-munich",
            Route::RotterdamYard => "rotterdam-yard",
        }
    }

    /// Its stages, in order.
    pub const fn stages(self) -> &'static [StageDef] {
        match self {
            Route::GuayaquilAntwerp => BANANAS,
            Route::SantosRotterdam => ORANGES,
            Route::ValparaisoPhiladelphia => GRAPES,
            Route::RotterdamMunich => TRUCK_LEG,
            Route::RotterdamYard => YARD,
        }
    }
}

const BANANAS: &[StageDef] = &[
    truck(MACHALA, GUAYAQUIL),
    terminal(GUAYAQUIL),
    sea(GUAYAQUIL, ANTWERP, GUAYAQUIL_ANTWERP),
    terminal(ANTWERP),
    truck(ANTWERP, VENLO),
];
const ORANGES: &[StageDef] = &[
    truck(CAMPINAS, SANTOS),
    terminal(SANTOS),
    sea(SANTOS, ROTTERDAM, SANTOS_ROTTERDAM),
    terminal(ROTTERDAM),
    truck(ROTTERDAM, DUISBURG),
];
const GRAPES: &[StageDef] = &[
    truck(RANCAGUA, VALPARAISO),
    terminal(VALPARAISO),
    sea(VALPARAISO, PHILADELPHIA, VALPARAISO_PHILADELPHIA),
    terminal(PHILADELPHIA),
];
const TRUCK_LEG: &[StageDef] = &[truck(ROTTERDAM, MUNICH)];
const YARD: &[StageDef] = &[terminal(ROTTERDAM)];

crate::named_values! { Route {
    what: "route",
    expected: "expected guayaquil-antwerp, santos-rotterdam, valparaiso-philadelphia, \
     rotterdam-munich (a truck leg) or rotterdam-yard (a terminal stay)",
    all: &Route::ALL,
    text: name
} }
