//! The command-line tool's one error type: a one-line message and an exit code.

use std::fmt;

/// Exit code for input the user can fix (bad flag values, unusable files).
pub const EXIT_USAGE: i32 = 2;
/// Exit code for failures while running (a write that failed half-way).
pub const EXIT_FAILURE: i32 = 1;

/// A failure reported to the user as one line on stderr, never a panic or a backtrace.
#[derive(Debug)]
pub struct CliError {
    message: String,
    code: i32,
}

impl CliError {
    /// Bad input: names the flag and says what is allowed.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: EXIT_USAGE,
        }
    }

    /// A failure while running.
    pub fn failure(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: EXIT_FAILURE,
        }
    }

    /// The process exit code.
    pub fn code(&self) -> i32 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}
