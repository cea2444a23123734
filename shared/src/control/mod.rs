//! The `POST /control` body, validated into a typed value at the edge: a batch of one
//! container's records ([`BatchRequest`], the original simulator's request) or, with a
//! `rate`, a stream ([`StreamRequest`]). Its shape on the wire is [`crate::wire::ControlBody`];
//! what each field may be is written once, here and in the typed values it parses into.

mod batch;
mod fields;
pub mod flat_object;
mod stream;

pub use batch::{BatchRequest, BATCH_FIELDS};
pub use fields::RequestOptions;
pub use stream::{StreamRequest, STREAM_FIELDS};

use crate::error::FieldError;
use fields::json_object;

/// A `/control` body: a batch of one container's records, or a stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ControlRequest {
    /// No `rate`: the original simulator's request.
    Batch(BatchRequest),
    /// With a `rate`: a streaming job.
    Stream(StreamRequest),
}

impl ControlRequest {
    /// Parses a `/control` body; `max_records` bounds `nb_of_records`, `max_rate` the rate.
    pub fn from_json(body: &[u8], max_records: u64, max_rate: f64) -> Result<Self, FieldError> {
        let map = json_object(
            body,
            "expected a JSON object: {\"containerID\", \"simulation\", \"nb_of_records\"} \
             for a batch, with \"rate\" for a stream",
            &STREAM_FIELDS,
        )?;
        if map.contains_key("rate") {
            StreamRequest::from_map(&map, max_records, max_rate).map(ControlRequest::Stream)
        } else {
            BatchRequest::from_map(&map, max_records).map(ControlRequest::Batch)
        }
    }

    /// The options a batch and a stream share.
    pub fn options(&self) -> &RequestOptions {
        match self {
            ControlRequest::Batch(request) => &request.options,
            ControlRequest::Stream(request) => &request.options,
        }
    }
}
