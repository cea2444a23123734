//! The reference scorer's rules: a logistic model over one reading's features, trained from
//! the simulator's own ground truth, and the detector that turns its scores into one
//! "maintenance needed" flag per fault. `reefer score` (and `reefer serve --score`) run it on
//! a telemetry topic; a real scoring service replaces it by consuming the same topic.
//!
//! The weights ship in `weights.json` beside this file; `reefer score train` writes the same
//! file again (see [`train::train`]).

pub mod detector;
pub mod features;
pub mod model;
pub mod train;

pub use detector::{Detector, Flag, CLEAR_AFTER, FLAG_AFTER};
pub use features::{features, FEATURES};
pub use model::Model;
