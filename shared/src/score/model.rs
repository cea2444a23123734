//! The logistic model: standardised features, weights and a bias, read from `weights.json`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::{features, FEATURES};
use crate::TelemetryRecord;

/// The weights shipped with the simulator (written by `reefer score train`).
pub const SHIPPED: &str = include_str!("weights.json");

/// A trained model, as `weights.json` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// What it is and how it was trained.
    pub about: String,
    /// The command that writes this file again.
    pub command: String,
    /// The features, in order (must equal [`FEATURES`]).
    pub features: Vec<String>,
    /// Each feature's mean in the training data.
    pub mean: Vec<f64>,
    /// Each feature's standard deviation in the training data.
    pub scale: Vec<f64>,
    /// Each standardised feature's weight.
    pub weights: Vec<f64>,
    /// The bias.
    pub bias: f64,
    /// Measured on readings of other seeds than the training ones: share of faulty readings
    /// scored ≥ 0.5 (recall), share of readings scored ≥ 0.5 that are faulty (precision).
    pub held_out: HeldOut,
}

/// The model's scores on held-out readings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// Readings scored.
    pub readings: u64,
    /// Faulty readings scored at or above 0.5, as a share of faulty readings.
    pub recall: f64,
    /// Faulty readings among those scored at or above 0.5.
    pub precision: f64,
    /// Per simulation: the share of its faulty readings scored at or above 0.5.
    pub recall_by_simulation: BTreeMap<String, f64>,
}

/// Why a model's JSON was refused.
#[derive(Debug)]
pub enum ModelError {
    /// Not the JSON of a model.
    NotJson(serde_json::Error),
    /// Its features (or the length of its weights) are not [`FEATURES`].
    Features,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotJson(e) => write!(f, "{e}"),
            Self::Features => write!(f, "the model's features must be {FEATURES:?}"),
        }
    }
}

impl std::error::Error for ModelError {}

impl Model {
    /// The shipped model.
    pub fn shipped() -> Self {
        Self::from_json(SHIPPED).unwrap_or_else(|e| panic!("the shipped weights.json: {e}"))
    }

    /// A model from its JSON; refuses one whose features are not [`FEATURES`].
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        let model: Self = serde_json::from_str(text).map_err(ModelError::NotJson)?;
        let n = FEATURES.len();
        if model.features != FEATURES
            || model.mean.len() != n
            || model.scale.len() != n
            || model.weights.len() != n
        {
            return Err(ModelError::Features);
        }
        Ok(model)
    }

    /// The model as the JSON of `weights.json` (pretty, ending in a newline).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The probability that the reading belongs to a fault that needs maintenance.
    pub fn score(&self, reading: &TelemetryRecord) -> f64 {
        self.score_features(&features(reading))
    }

    /// The probability for features already computed.
    pub fn score_features(&self, x: &[f64; FEATURES.len()]) -> f64 {
        let z = self.bias
            + x.iter()
                .zip(&self.mean)
                .zip(&self.scale)
                .zip(&self.weights)
                .map(|(((x, m), s), w)| w * (x - m) / s)
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}
