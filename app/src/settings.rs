//! Where the relay is: kept by the page (not by the "Send" section, which is rebuilt whenever
//! the spec changes), so that a typed relay URL and token survive control changes and the live
//! view reads from the same relay that the records are sent to. The token is kept for the
//! browser session (`sessionStorage`), never longer.

use leptos::prelude::*;

use crate::api::RelayTarget;

/// The `sessionStorage` key of the token.
const TOKEN_KEY: &str = "reefer-relay-token";

/// The relay URL and token as typed.
#[derive(Clone, Copy)]
pub struct RelaySettings {
    /// Base URL; empty means the page's own origin.
    pub base: RwSignal<String>,
    /// Bearer token, if the relay requires one.
    pub token: RwSignal<String>,
    /// The relay answered 401: the page asks for the token.
    pub token_needed: RwSignal<bool>,
}

impl RelaySettings {
    /// The page's own origin, and the token kept for this browser session, if any.
    pub fn new() -> Self {
        Self {
            base: RwSignal::new(String::new()),
            token: RwSignal::new(
                session()
                    .and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
                    .unwrap_or_default(),
            ),
            token_needed: RwSignal::new(false),
        }
    }

    /// Uses `token` from now on, and keeps it for the browser session.
    pub fn set_token(&self, token: String) {
        if let Some(storage) = session() {
            let _ = if token.trim().is_empty() {
                storage.remove_item(TOKEN_KEY)
            } else {
                storage.set_item(TOKEN_KEY, token.trim())
            };
        }
        self.token.set(token);
        self.token_needed.set(false);
    }

    /// The target as it is now, outside any reactive tracking.
    pub fn target(&self) -> RelayTarget {
        RelayTarget {
            base: self.base.get_untracked(),
            token: self.token.get_untracked(),
            unauthorized: Some(self.token_needed),
        }
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}
