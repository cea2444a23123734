//! SPEC's normal reading: the values every simulation starts a row from.

use crate::random::SimRng;
use crate::record::{TelemetryRecord, DEFAULT_LATITUDE, DEFAULT_LONGITUDE};
use crate::spec::GenerationSpec;

/// SPEC's normal record of row `index`, drawn from `rng` in a fixed order.
#[inline]
pub fn normal_record(spec: &GenerationSpec, rng: &mut SimRng, index: u64) -> TelemetryRecord {
    let product = spec.product();
    let measurement_time = spec.time_of(index);
    let temperature = rng.normal(product.target_temperature(), 1.0);
    let ambiant_temperature = rng.normal(20.0, 1.0);
    let kilowatts = rng.normal(2.7, 1.0);
    let defrost_cycle = 3 + rng.below(4) as u8;
    let oxygen = rng.normal(21.0, 1.0);
    let nitrogen = rng.normal(78.0, 1.0);
    let humidity = rng.normal(product.humidity(), 1.0);
    let carbon_dioxide = rng.normal(4.0, 1.0);
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
        oxygen,
        nitrogen,
        humidity,
        carbon_dioxide,
        fan_1: true,
        fan_2: true,
        fan_3: true,
        latitude: DEFAULT_LATITUDE,
        longitude: DEFAULT_LONGITUDE,
        maintenance_required: false,
    }
}
