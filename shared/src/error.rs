//! The one error type for values that fail to parse at the edge.

use std::fmt;

/// A user-supplied value that is not allowed, with what is allowed instead.
///
/// It names the offending value (shortened, so that a huge input cannot flood a log or a
/// response) and says what would have been accepted. Callers add the field or flag name:
/// the CLI through clap (`invalid value 'x' for '--stype'`), the relay through
/// [`FieldError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    what: &'static str,
    value: String,
    allowed: String,
}

/// Longest piece of a rejected value that is echoed back.
const MAX_ECHO: usize = 40;

impl ParseError {
    /// A rejected `value` for a `what` (e.g. "simulation"), and a sentence of what is allowed.
    pub fn new(what: &'static str, value: &str, allowed: impl Into<String>) -> Self {
        let value = if value.chars().count() > MAX_ECHO {
            let short: String = value.chars().take(MAX_ECHO).collect();
            format!("{short}…")
        } else {
            value.to_owned()
        };
        Self {
            what,
            value,
            allowed: allowed.into(),
        }
    }

    /// What kind of value was rejected, e.g. "simulation".
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// What would have been accepted.
    pub fn allowed(&self) -> &str {
        &self.allowed
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a valid {}: {}",
            self.value, self.what, self.allowed
        )
    }
}

impl std::error::Error for ParseError {}

/// Why a request body was refused: the field at fault and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON field name (`body` when the body as a whole is wrong).
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_parse(field: &str, err: ParseError) -> Self {
        Self::new(field, err.to_string())
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}
