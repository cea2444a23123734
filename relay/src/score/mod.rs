//! The reference scorer on Kafka: `reefer score`, and `reefer serve --score`.

mod scorer;

pub use scorer::{maintenance_event, Scorer, ScorerCounts, DEFAULT_GROUP, MAX_TRACKED};

/// The containers topic the maintenance events go to: `CONTAINER_TOPIC`, `containers` unless
/// set.
pub fn containers_topic() -> String {
    std::env::var("CONTAINER_TOPIC")
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "containers".to_owned())
}
