//! The header's line about the relay: its broker, topic and readiness, and whether it asks for
//! a token; checked every 5 s, and again when the relay or the token changes.

use leptos::prelude::*;

use crate::settings::RelaySettings;

/// How the relay stands, in one line.
#[component]
pub fn RelayStatus(relay: RelaySettings) -> impl IntoView {
    let line = RwSignal::new(String::from("Relay: connecting…"));
    let ready = RwSignal::new(None::<bool>);
    leptos::task::spawn_local(async move {
        loop {
            let target = relay.target();
            let auth = if target.token.trim().is_empty() {
                "open (no token)"
            } else {
                "token"
            };
            match target.details().await {
                Ok(d) => {
                    let partitions = d
                        .partitions
                        .map(|p| format!(", {p} partitions"))
                        .unwrap_or_default();
                    line.set(format!(
                        "Relay {}: Kafka {} · topic {}{partitions} · {} events · API {auth}",
                        d.status, d.kafka, d.topic, d.payload_format
                    ));
                    ready.set(Some(d.status == "ready"));
                }
                Err(e) => {
                    line.set(format!("Relay: {e}"));
                    ready.set(Some(false));
                }
            }
            gloo_timers::future::TimeoutFuture::new(5_000).await;
        }
    });
    view! {
        <p id="relay-status" role="status"
            class=move || match ready.get() { Some(true) => "relay-state ready", Some(false) => "relay-state down", None => "relay-state" }>
            {move || line.get()}
        </p>
    }
}
