//! Where the relay is: kept by the page (not by the "Send" section, which is rebuilt whenever
//! the spec changes), so that a typed relay URL and token survive control changes and the live
//! view reads from the same relay that the records are sent to.

use leptos::prelude::*;

use crate::api::RelayTarget;

/// The relay URL and token as typed.
#[derive(Clone, Copy)]
pub struct RelaySettings {
    /// Base URL; empty means the page's own origin.
    pub base: RwSignal<String>,
    /// Bearer token, if the relay requires one.
    pub token: RwSignal<String>,
}

impl RelaySettings {
    /// Empty settings: the page's own origin, no token.
    pub fn new() -> Self {
        Self {
            base: RwSignal::new(String::new()),
            token: RwSignal::new(String::new()),
        }
    }

    /// The target as it is now, outside any reactive tracking.
    pub fn target(&self) -> RelayTarget {
        RelayTarget {
            base: self.base.get_untracked(),
            token: self.token.get_untracked(),
        }
    }
}
