//! The controls' state, and the spec it describes (validated by `reefer-shared`).

use leptos::prelude::*;
use reefer_shared::{FieldError, GenerationSpec};

/// What the user typed, as typed; [`Form::spec`] validates it.
#[derive(Clone, Copy)]
pub struct Form {
    pub container: RwSignal<String>,
    pub product: RwSignal<String>,
    pub simulation: RwSignal<String>,
    pub records: RwSignal<String>,
    pub start: RwSignal<String>,
    pub seed: RwSignal<String>,
    pub lead: RwSignal<String>,
    pub interval: RwSignal<String>,
    pub profile: RwSignal<String>,
    pub route: RwSignal<String>,
}

impl Form {
    /// A form showing `spec`.
    pub fn from_spec(spec: &GenerationSpec) -> Self {
        Self {
            container: RwSignal::new(spec.container().to_string()),
            product: RwSignal::new(spec.product().to_string()),
            simulation: RwSignal::new(spec.simulation().to_string()),
            records: RwSignal::new(spec.records().to_string()),
            start: RwSignal::new(spec.start().to_string()),
            seed: RwSignal::new(spec.seed().to_string()),
            lead: RwSignal::new(spec.lead_time().to_string()),
            interval: RwSignal::new(spec.interval().to_string()),
            profile: RwSignal::new(spec.profile().to_string()),
            route: RwSignal::new(
                spec.voyage()
                    .map_or("none".to_owned(), |v| v.route.to_string()),
            ),
        }
    }

    /// The spec the form describes, or the first field in error.
    pub fn spec(&self) -> Result<GenerationSpec, FieldError> {
        GenerationSpec::from_fields(
            &self.container.get(),
            &self.product.get(),
            &self.simulation.get(),
            &self.records.get(),
            &self.start.get(),
            &self.seed.get(),
            &self.lead.get(),
        )?
        .with_fields(&self.interval.get(), &self.profile.get(), &self.route.get())
    }
}
