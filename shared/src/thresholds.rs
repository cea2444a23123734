//! The sensor thresholds that label a reading in SPEC's sensor simulations.

/// CO2 readings above this are labelled in the `co2sensor` simulation.
pub const CO2_HIGH_THRESHOLD: f64 = 10.8;
/// CO2 readings below this are labelled in the `co2sensor` simulation.
pub const CO2_LOW_THRESHOLD: f64 = 0.0;
/// O2 readings below this are labelled in the `o2sensor` simulation.
pub const O2_LOW_THRESHOLD: f64 = 12.0;
