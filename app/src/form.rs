//! The controls' state, and the spec it describes (validated by `reefer-shared`).

use leptos::prelude::*;
use reefer_shared::FieldError;
use reefer_shared::{
    ContainerId, GenerationSpec, LeadTime, Product, RecordCount, Seed, Simulation, Timestamp,
};

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
        }
    }

    /// The spec the form describes, or the first field in error.
    pub fn spec(&self) -> Result<GenerationSpec, FieldError> {
        let field = |name: &'static str| {
            move |e: reefer_shared::ParseError| FieldError::new(name, e.to_string())
        };
        let container = ContainerId::parse(&self.container.get()).map_err(field("container"))?;
        let product: Product = self.product.get().parse().map_err(field("product"))?;
        let simulation: Simulation = self.simulation.get().parse().map_err(field("simulation"))?;
        let records: RecordCount = self.records.get().parse().map_err(field("records"))?;
        let start: Timestamp = self.start.get().parse().map_err(field("start"))?;
        let seed: Seed = self.seed.get().parse().map_err(field("seed"))?;
        let lead: LeadTime = self.lead.get().parse().map_err(field("lead"))?;
        GenerationSpec::new(container, product, simulation, records, start, seed)
            .map(|spec| spec.with_lead_time(lead))
            .map_err(field("records"))
    }
}
