//! Serde for the typed values that travel as text (`"P02"`, `"co2sensor"`, `"wall"`): written
//! with their `Display`, read with their `FromStr`, so that the wire takes exactly what the
//! command line and `/control` take.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! as_text {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                text.parse().map_err(D::Error::custom)
            }
        }
    )*};
}

as_text!(
    crate::Product,
    crate::Simulation,
    crate::pace::Clock,
    crate::ContainerId,
    crate::rcm::Profile
);

#[cfg(test)]
mod tests {
    use crate::pace::Clock;
    use crate::{ContainerId, Product, Simulation};

    #[test]
    fn text_values_round_trip_and_refuse_what_their_parse_refuses() {
        let json = serde_json::to_string(&(Product::P03, Simulation::Co2Sensor, Clock::Simulated))
            .unwrap();
        assert_eq!(json, r#"["P03","co2sensor","simulated"]"#);
        let back: (Product, Simulation, Clock) = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            (Product::P03, Simulation::Co2Sensor, Clock::Simulated)
        );
        let id: ContainerId = serde_json::from_str(r#""C02""#).unwrap();
        assert_eq!(id.as_str(), "C02");
        assert!(serde_json::from_str::<Product>(r#""P9""#).is_err());
        assert!(serde_json::from_str::<Simulation>("5").is_err());
    }
}
