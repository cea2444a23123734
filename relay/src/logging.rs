//! Log lines on stderr, filtered by `RUST_LOG` (default: info); coloured only on a terminal,
//! so that a container's or a file's logs carry no escape codes.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the subscriber once.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
