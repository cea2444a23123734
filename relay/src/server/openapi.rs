//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use reefer_shared::wire;

use super::routes::{batches, board, control, events, fleet, health, jobs, maintenance};

/// The relay's API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reefer telemetry relay",
        description = "Generates reefer telemetry and sends it to Kafka: the original simulator's \
                       `POST /control`, batches from the browser control panel, health and metrics."
    ),
    paths(
        control::version,
        control::start,
        jobs::job,
        jobs::stop,
        fleet::fleet,
        jobs::list,
        batches::send,
        events::latest,
        maintenance::latest,
        board::board,
        health::alive,
        health::ready,
        health::details,
        super::routes::metrics::metrics,
        super::routes::schemas::list,
        super::routes::schemas::schema
    ),
    components(schemas(
        wire::ControlBody,
        wire::SimulationField,
        wire::ContainersField,
        wire::VersionInfo,
        reefer_shared::batch::BatchBody,
        wire::BatchAck,
        wire::Events,
        wire::TailedEvent,
        wire::MaintenanceView,
        wire::BoardUpdate,
        wire::Flagged,
        wire::MaintenanceEvent,
        wire::MaintenancePayload,
        wire::Health,
        wire::HealthDetails,
        wire::BatchJobView,
        wire::JobState,
        wire::JobKind,
        wire::JobCounts,
        wire::StreamProgress,
        wire::AnyJobView,
        wire::StreamJobView,
        wire::FleetView,
        wire::FleetMember,
        wire::ErrorBody
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "control", description = "The original simulator's API, and streaming jobs"),
        (name = "batches", description = "Records from the browser control panel"),
        (name = "health", description = "Liveness, readiness and metrics"),
        (name = "contract", description = "The JSON Schemas of the Kafka events and the batch body")
    )
)]
pub struct ApiDoc;

/// Declares the optional bearer token.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
