//! MongoDB output (`reefer generate --db`): settings from the environment, SPEC's document
//! shape, and batched inserts with the official driver.

pub mod document;
mod settings;
mod writer;

pub use document::DocumentFormat;
pub use settings::MongoSettings;
pub use writer::MongoWriter;
