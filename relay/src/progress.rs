//! The progress bar of long runs: on stderr, and only when stderr is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Runs shorter than this finish too fast for a bar to help.
const MIN_RECORDS_FOR_BAR: u64 = 1_000_000;

/// A bar for `total` records, or a hidden one when it would not help or not be seen.
pub fn for_records(total: u64) -> ProgressBar {
    if total < MIN_RECORDS_FOR_BAR || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{bar:40.cyan/blue} {human_pos}/{human_len} records  {elapsed} elapsed, {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Whether one-line notes (the summary of a run) should be shown: only to a person.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
