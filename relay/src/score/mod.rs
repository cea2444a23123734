//! The reference scorer on Kafka: `reefer score`, and `reefer serve --score`.

mod scorer;

pub use scorer::{maintenance_event, Scorer, ScorerCounts, DEFAULT_GROUP, MAX_TRACKED};
