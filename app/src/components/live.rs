//! The latest events read back from the Kafka topic through the relay.

use leptos::prelude::*;

use super::fold::Fold;

use reefer_shared::wire::TailedEvent;

use crate::settings::RelaySettings;

/// Events shown.
const SHOWN: usize = 10;

/// Polls the relay once a second while the page is open; starts over when the relay changes.
#[component]
pub fn Live(relay: RelaySettings) -> impl IntoView {
    let events = RwSignal::new(Vec::<TailedEvent>::new());
    let status = RwSignal::new(String::from("Connecting to the relay…"));
    leptos::task::spawn_local(async move {
        let mut target = relay.target();
        let mut after = 0;
        loop {
            let now = relay.target();
            if now != target {
                (target, after) = (now, 0);
                events.update(Vec::clear);
                status.set(String::from("Connecting to the relay…"));
            }
            match target.events(after).await {
                Ok((new, last)) => {
                    after = last;
                    if !new.is_empty() {
                        events.update(|shown| {
                            shown.extend(new);
                            let excess = shown.len().saturating_sub(SHOWN);
                            shown.drain(..excess);
                        });
                    }
                    status.set(format!("{last} events read back from Kafka"));
                }
                Err(e) => status.set(format!("Live view unavailable: {e}")),
            }
            gloo_timers::future::TimeoutFuture::new(1_000).await;
        }
    });
    view! {
        <section class="live" aria-label="Live events from Kafka">
            <Fold key="live" title="Arriving in Kafka">
            <p id="live-status" role="status">{move || status.get()}</p>
            <ul id="live-events">
                {move || events.get().into_iter().rev().map(|e| {
                    view! { <li>{describe(&e)}</li> }
                }).collect_view()}
            </ul>
        </Fold>
        </section>
    }
}

/// One line for an event, whichever payload format the relay sends (`json` or `legacy`).
fn describe(e: &TailedEvent) -> String {
    match e.reading() {
        Ok(r) => format!(
            "{} {} CO2 {:.2} O2 {:.2} kW {:.2} label {}",
            e.key,
            r.measurement_time,
            r.carbon_dioxide,
            r.oxygen,
            r.kilowatts,
            u8::from(r.maintenance_required)
        ),
        Err(err) => format!("{} (not a telemetry event: {err})", e.key),
    }
}
