//! Writing records as bytes: CSV, JSON lines and SPEC's Kafka event, in its two payload
//! formats ([`PayloadFormat`]: `json`, and `legacy`, the original simulator's tuple string).
//!
//! The encoders write straight into a `Vec<u8>` without escaping: every text value of a record
//! (container id, timestamp, product id) comes from a validated type whose alphabet needs no
//! quoting in CSV or JSON. Floats are written in their shortest round-trip form with a decimal
//! point (`6.0`, `3.8461021757452533`) by `zmij`, so that parsing a file gives back the exact
//! values generated.

mod chunks;
mod csv;
mod event;
mod format;
mod json;
pub mod legacy;
mod numbers;
mod truth_columns;

pub use chunks::EncodedChunks;
pub use csv::{write_csv_header, write_csv_record, CSV_HEADER};
pub use event::{
    read_payload, PayloadFormat, TelemetryEvent, EVENT_SCHEMA_VERSION, LEGACY_HAS_NO_GROUND_TRUTH,
    PAYLOAD_FORMAT_HEADER, SCHEMA_VERSION_HEADER,
};
pub use format::{ExtraColumns, Format};
pub use json::{
    write_batch, write_json_record, write_kafka_event, write_kafka_event_with_truth,
    KAFKA_EVENT_TYPE,
};
pub use numbers::{write_fixed, write_float};
pub use truth_columns::{TruthFields, ALARM_TRUTH_COLUMNS, TRUTH_COLUMNS, WEAR_TRUTH_COLUMNS};
