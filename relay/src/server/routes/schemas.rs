//! `GET /schemas` and `GET /schemas/{file}`: the published event contract (JSON Schemas of the
//! `json` and `legacy` events and of the batch body), as in the repository's `docs/schemas/`.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;

use crate::contract::schemas;
use crate::server::error::ApiError;
use reefer_shared::wire::ErrorBody;

/// The names of the published schemas.
#[utoipa::path(get, path = "/schemas", tag = "contract",
    responses((status = 200, description = "The schema files", body = Vec<String>)))]
pub async fn list() -> Json<Vec<String>> {
    Json(schemas().iter().map(|(file, _)| file.clone()).collect())
}

/// One published schema.
#[utoipa::path(get, path = "/schemas/{file}", tag = "contract",
    params(("file" = String, Path, description = "A name from GET /schemas")),
    responses(
        (status = 200, description = "The JSON Schema (draft 2020-12)", body = Object),
        (status = 404, description = "No such schema", body = ErrorBody)))]
pub async fn schema(Path(file): Path<String>) -> Result<Json<Value>, ApiError> {
    schemas()
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, schema)| Json(schema.clone()))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "file: no such schema; see GET /schemas",
            )
        })
}
