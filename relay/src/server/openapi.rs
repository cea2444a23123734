//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::error::ErrorBody;
use super::jobs::{JobState, JobView};
use super::routes::{batches, control, events, health};

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
        control::job,
        super::routes::streams::stop,
        super::routes::streams::fleet,
        super::routes::streams::list,
        batches::send,
        events::latest,
        health::alive,
        health::ready,
        health::details,
        super::routes::metrics::metrics,
        super::routes::schemas::list,
        super::routes::schemas::schema
    ),
    components(schemas(
        control::ControlBody,
        control::VersionInfo,
        batches::BatchBody,
        batches::BatchAck,
        events::Events,
        crate::kafka::tail::TailedEvent,
        health::Health,
        health::HealthDetails,
        JobView,
        JobState,
        super::jobs::AnyJobView,
        super::stream_job::StreamJobView,
        super::stream_job::FleetView,
        super::stream_job::FleetMember,
        ErrorBody
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
