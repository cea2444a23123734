//! The cargo catalogue: what each product needs in carriage, and where each value comes from.
//!
//! P01–P05 are the original simulator's five demo products (SPEC's table, kept exactly). P06
//! onwards are real carriage conditions: frozen, chilled, controlled-atmosphere (CA) and
//! pharmaceutical cargo. Each value is the middle of the range its source gives (the
//! carriage temperature, the relative humidity), or the value the source gives at that
//! temperature (the respiration rate). The sources:
//!
//! - **HB66**: USDA Agriculture Handbook 66, *The Commercial Storage of Fruits, Vegetables, and
//!   Florist and Nursery Stocks* (Gross, Wang, Saltveit, eds., 2016): storage temperature,
//!   relative humidity, respiration rate (mg CO₂/kg·h at a temperature) and CA conditions.
//! - **GDV**: the German insurers' Container Handbook and Transport Information Service (TIS)
//!   cargo pages: carriage temperatures of frozen cargo, fresh-air exchange in reefers.
//! - **Carriers**: the reefer carriers' commodity guides (Maersk, Hapag-Lloyd, CMA CGM): the
//!   setpoints they publish for bananas, chilled beef, CA avocados and apples.
//! - **GDP**: WHO Technical Report Series 961, Annex 9 (storage and transport of
//!   time- and temperature-sensitive pharmaceuticals) and the EU GDP guidelines (2013/C 343/01):
//!   2–8 °C and 15–25 °C.
//!
//! Respiration heat is the respiration rate × 2.96 W/t per mg CO₂/kg·h (10.7 J per mg of CO₂,
//! the heat of respiring glucose), at the setpoint in air. The control sensor follows from the
//! setpoint ([`ControlSensor::for_setpoint`]), as a reefer controller chooses it. The in-range
//! tolerance is ours, within the range a controller allows (Carrier's code Cd30: 0.5–4 °C):
//! 0.5 °C for chilled produce and meat, 1 °C for frozen cargo, the band's half-width for
//! pharmaceuticals.

/// What kind of cargo a product is: the panel's menu groups and the `content_type` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CargoClass {
    /// The original simulator's five demo products (P01–P05).
    OriginalDemo,
    /// Frozen cargo: −18 °C or colder, controlled on return air.
    Frozen,
    /// Chilled cargo in air: meat, fruit, vegetables, flowers.
    Chilled,
    /// Chilled produce under a controlled atmosphere (O₂ and CO₂ setpoints).
    ControlledAtmosphere,
    /// Medicines in a temperature band (2–8 °C or 15–25 °C).
    Pharmaceutical,
}

impl CargoClass {
    /// Every class, in the order the catalogue lists them.
    pub const ALL: [CargoClass; 5] = [
        CargoClass::OriginalDemo,
        CargoClass::Frozen,
        CargoClass::Chilled,
        CargoClass::ControlledAtmosphere,
        CargoClass::Pharmaceutical,
    ];

    /// The class's heading in a menu or a table.
    pub const fn title(self) -> &'static str {
        match self {
            CargoClass::OriginalDemo => "Original demo products",
            CargoClass::Frozen => "Frozen",
            CargoClass::Chilled => "Chilled",
            CargoClass::ControlledAtmosphere => "Controlled atmosphere",
            CargoClass::Pharmaceutical => "Pharmaceuticals",
        }
    }
}

/// The air a controller regulates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlSensor {
    /// Supply air (chilled cargo: the air leaving the coil must never be colder than the
    /// cargo tolerates).
    Supply,
    /// Return air (frozen cargo: the air coming back from the cargo shows its temperature).
    Return,
}

/// Below this setpoint a controller regulates on return air, at or above it on supply air, °C.
pub const FROZEN_BELOW: f64 = -10.0;

impl ControlSensor {
    /// The sensor a controller regulates on at this setpoint.
    pub fn for_setpoint(setpoint: f64) -> Self {
        if setpoint < FROZEN_BELOW {
            ControlSensor::Return
        } else {
            ControlSensor::Supply
        }
    }
}

/// A controlled atmosphere's setpoints.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Atmosphere {
    /// Oxygen, % of the air.
    pub oxygen_percent: f64,
    /// Carbon dioxide, % of the air.
    pub carbon_dioxide_percent: f64,
}

/// What a product needs in carriage.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Carriage {
    /// The product's id (`product_id`), e.g. `"P10"`.
    pub id: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Another name it is read from on the command line and in `/control`, e.g. `"bananas"`.
    pub key: &'static str,
    /// What kind of cargo it is.
    pub class: CargoClass,
    /// The `content_type` column.
    pub content_type: u8,
    /// The carriage temperature (the setpoint), °C.
    pub setpoint_celsius: f64,
    /// How far from the setpoint the cargo is still in range, ± °C.
    pub tolerance_celsius: f64,
    /// The humidity the unit dehumidifies to, % RH; `None` when humidity is not controlled.
    pub humidity_setpoint_percent: Option<f64>,
    /// The relative humidity in the box in carriage, % (the mean of `humidity_level`).
    pub humidity_percent: f64,
    /// Fresh air let in through the vent, m³/h (0: closed).
    pub fresh_air_m3_per_hour: f64,
    /// The controlled atmosphere's setpoints; `None` in air.
    pub controlled_atmosphere: Option<Atmosphere>,
    /// Heat of the cargo's respiration at the setpoint, W per tonne (0 for inert cargo).
    pub respiration_heat_w_per_tonne: f64,
    /// Where the values come from.
    pub source: &'static str,
}

impl Carriage {
    /// The sensor the controller regulates on.
    pub fn control_sensor(&self) -> ControlSensor {
        ControlSensor::for_setpoint(self.setpoint_celsius)
    }
}

/// Respiration heat of `mg` mg CO₂ per kg and hour, W per tonne.
const fn heat(mg_co2_per_kg_h: f64) -> f64 {
    mg_co2_per_kg_h * 2.96
}

const fn ca(oxygen_percent: f64, carbon_dioxide_percent: f64) -> Option<Atmosphere> {
    Some(Atmosphere {
        oxygen_percent,
        carbon_dioxide_percent,
    })
}

use CargoClass::{
    Chilled, ControlledAtmosphere as Ca, Frozen, OriginalDemo as Demo, Pharmaceutical as Pharma,
};

/// A row of the catalogue: id, name, key, class, content type, setpoint, tolerance, humidity
/// setpoint, humidity, fresh air, atmosphere, respiration heat, source.
#[allow(clippy::too_many_arguments)]
const fn row(
    id: &'static str,
    name: &'static str,
    key: &'static str,
    class: CargoClass,
    content_type: u8,
    setpoint_celsius: f64,
    tolerance_celsius: f64,
    humidity_setpoint_percent: Option<f64>,
    humidity_percent: f64,
    fresh_air_m3_per_hour: f64,
    controlled_atmosphere: Option<Atmosphere>,
    respiration_heat_w_per_tonne: f64,
    source: &'static str,
) -> Carriage {
    Carriage {
        id,
        name,
        key,
        class,
        content_type,
        setpoint_celsius,
        tolerance_celsius,
        humidity_setpoint_percent,
        humidity_percent,
        fresh_air_m3_per_hour,
        controlled_atmosphere,
        respiration_heat_w_per_tonne,
        source,
    }
}

const DEMO: &str = "SPEC's product table (the original simulator)";

/// Every product's carriage, in id order (the index of `Product`).
#[rustfmt::skip]
pub static CATALOGUE: [Carriage; 20] = [
    //  id     name                              key                  class   type  °C     ±°C  RH set      RH    vent  CA              W/t         source
    row("P01", "Carrots",                        "carrots-demo",      Demo,   1,   4.0,  2.0, None,       40.0,  0.0, None,           0.0,        DEMO),
    row("P02", "Banana",                         "banana-demo",       Demo,   2,   6.0,  2.0, None,       60.0,  0.0, None,           0.0,        DEMO),
    row("P03", "Salad",                          "salad-demo",        Demo,   1,   4.0,  2.0, None,       40.0,  0.0, None,           0.0,        DEMO),
    row("P04", "Avocado",                        "avocado-demo",      Demo,   2,   6.0,  2.0, None,       40.0,  0.0, None,           0.0,        DEMO),
    row("P05", "Tomato",                         "tomato-demo",       Demo,   1,   5.0,  2.0, None,       40.0,  0.0, None,           0.0,        DEMO),
    row("P06", "Frozen meat",                    "frozen-meat",       Frozen, 3, -20.0,  1.0, None,       90.0,  0.0, None,           0.0,        "GDV TIS frozen meat: −18 °C or colder; carriers set −20 °C"),
    row("P07", "Frozen fish",                    "frozen-fish",       Frozen, 3, -25.0,  1.0, None,       90.0,  0.0, None,           0.0,        "GDV TIS frozen fish: −18 to −30 °C; carriers set −25 °C"),
    row("P08", "Ice cream",                      "ice-cream",         Frozen, 3, -28.0,  1.0, None,       85.0,  0.0, None,           0.0,        "GDV TIS ice cream: −25 to −30 °C"),
    row("P09", "Chilled beef, vacuum-packed",    "chilled-beef",      Chilled, 4, -1.5,  0.5, None,       90.0,  0.0, None,           0.0,        "carriers' chilled-meat guides: −1.5 ± 0.5 °C, vent closed"),
    row("P10", "Bananas",                        "bananas",           Chilled, 4, 13.3,  0.5, None,       92.0, 30.0, None,           heat(31.0), "HB66 bananas: 13–14 °C, 90–95 % RH, 31 mg CO₂/kg·h at 13 °C; carriers' 13.3 °C, vent 30 m³/h"),
    row("P11", "Bananas, controlled atmosphere", "bananas-ca",        Ca,     5,  13.3,  0.5, None,       92.0,  0.0, ca(3.0, 4.5),  heat(15.0), "HB66 bananas CA: 2–5 % O₂, 2–5 % CO₂ (CO₂ above 7 % harms), respiration about halved"),
    row("P12", "Avocados, controlled atmosphere","avocados-ca",       Ca,     5,   5.5,  0.5, Some(90.0), 90.0,  0.0, ca(4.0, 6.0),  heat(17.0), "HB66 avocados: 5–12 °C, 85–95 % RH, 35 mg CO₂/kg·h at 5 °C in air; CA 2–5 % O₂, 3–10 % CO₂"),
    row("P13", "Apples, controlled atmosphere",  "apples-ca",         Ca,     5,   1.0,  0.5, None,       92.0,  0.0, ca(2.0, 2.0),  heat(4.0),  "HB66 apples: −1 to 4 °C, 90–95 % RH, 3–6 mg CO₂/kg·h at 0 °C; CA 1.5–3 % O₂, 1–3 % CO₂"),
    row("P14", "Oranges",                        "oranges",           Chilled, 4,  5.0,  0.5, Some(88.0), 88.0, 15.0, None,           heat(4.0),  "HB66 oranges: 3–9 °C by origin, 85–90 % RH; GDV TIS citrus vent 10–20 m³/h"),
    row("P15", "Blueberries",                    "blueberries",       Chilled, 4,  0.0,  0.5, None,       92.0, 10.0, None,           heat(6.0),  "HB66 blueberries: −0.5 to 0 °C, 90–95 % RH, 6 mg CO₂/kg·h at 0 °C"),
    row("P16", "Pharmaceuticals 2–8 °C",         "pharma-2-8",        Pharma, 6,   5.0,  3.0, None,       50.0,  0.0, None,           0.0,        "WHO TRS 961 Annex 9 and EU GDP: refrigerated 2–8 °C"),
    row("P17", "Pharmaceuticals 15–25 °C",       "pharma-15-25",      Pharma, 6,  20.0,  5.0, None,       50.0,  0.0, None,           0.0,        "WHO TRS 961 Annex 9 and EU GDP: controlled room temperature 15–25 °C"),
    row("P18", "Cut roses",                      "roses",             Chilled, 4,  1.0,  0.5, None,       95.0, 10.0, None,           heat(10.0), "HB66 cut roses: 0.5–2 °C, 90–95 % RH"),
    row("P19", "Potatoes",                       "potatoes",          Chilled, 4,  7.0,  0.5, Some(95.0), 95.0, 25.0, None,           heat(6.0),  "HB66 potatoes for the table: 4–10 °C by use, 95 % RH; GDV TIS vent 20–30 m³/h"),
    row("P20", "Onions",                         "onions",            Chilled, 4,  0.0,  0.5, Some(68.0), 68.0, 25.0, None,           heat(3.0),  "HB66 onions: 0 °C, 65–70 % RH (dry), 3 mg CO₂/kg·h at 0 °C"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_in_id_order() {
        for (i, c) in CATALOGUE.iter().enumerate() {
            assert_eq!(c.id, format!("P{:02}", i + 1));
        }
    }

    #[test]
    fn the_catalogue_holds_frozen_chilled_ca_and_pharma_with_their_control_sensor() {
        for c in &CATALOGUE {
            let frozen = c.class == CargoClass::Frozen;
            assert_eq!(
                c.control_sensor() == ControlSensor::Return,
                frozen,
                "{}",
                c.id
            );
            assert!(!frozen || c.setpoint_celsius <= -18.0, "{}", c.id);
            assert!(c.tolerance_celsius >= 0.5 && c.tolerance_celsius <= 5.0);
            assert!((0.0..=100.0).contains(&c.humidity_percent));
            assert_eq!(
                c.controlled_atmosphere.is_some(),
                c.class == CargoClass::ControlledAtmosphere,
                "{}",
                c.id
            );
            if let Some(a) = c.controlled_atmosphere {
                assert!(
                    a.oxygen_percent + a.carbon_dioxide_percent < 21.0,
                    "{}",
                    c.id
                );
                assert!(
                    a.oxygen_percent >= 1.0,
                    "below 1 % O₂ fruit ferments: {}",
                    c.id
                );
            }
            assert!(!c.source.is_empty());
        }
        for class in CargoClass::ALL {
            assert!(CATALOGUE.iter().any(|c| c.class == class), "{class:?}");
        }
        let bananas = &CATALOGUE[9];
        assert_eq!((bananas.setpoint_celsius, bananas.name), (13.3, "Bananas"));
        let pharma: Vec<f64> = CATALOGUE
            .iter()
            .filter(|c| c.class == CargoClass::Pharmaceutical)
            .map(|c| c.setpoint_celsius - c.tolerance_celsius)
            .collect();
        assert_eq!(pharma, [2.0, 15.0], "the GDP bands' lower ends");
    }

    #[test]
    fn respiration_heat_is_the_rate_times_the_heat_of_respiration() {
        // 10.7 J per mg of CO₂: 1 mg/kg·h is 10.7 kJ per tonne and hour, 2.96 W/t.
        assert!((heat(1.0) - 10.7e3 / 3600.0).abs() < 0.02);
        assert!((CATALOGUE[9].respiration_heat_w_per_tonne - 91.76).abs() < 1e-9);
    }
}
