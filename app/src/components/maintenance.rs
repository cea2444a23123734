//! "Maintenance needed": the scorer's events read back from the containers topic, each beside
//! the fault that caused it and how long after its onset it was flagged.

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::wire::Flagged;

use crate::settings::RelaySettings;

/// Events shown (the newest).
const SHOWN: usize = 50;

/// Polls the relay once a second; starts over when the relay changes.
#[component]
pub fn Maintenance(relay: RelaySettings) -> impl IntoView {
    let flagged = RwSignal::new(Vec::<Flagged>::new());
    let scorer = RwSignal::new(None::<bool>);
    let status = RwSignal::new(String::from("Connecting to the relay…"));
    leptos::task::spawn_local(async move {
        let mut target = relay.target();
        let mut after = 0;
        loop {
            let now = relay.target();
            if now != target {
                (target, after) = (now, 0);
                flagged.update(Vec::clear);
            }
            match target.maintenance(after).await {
                Ok(view) => {
                    after = view.last;
                    scorer.set(Some(view.scorer));
                    if !view.events.is_empty() {
                        flagged.update(|shown| {
                            shown.extend(view.events);
                            let excess = shown.len().saturating_sub(SHOWN);
                            shown.drain(..excess);
                        });
                    }
                    status.set(String::new());
                }
                Err(e) => status.set(format!("Maintenance events unavailable: {e}")),
            }
            gloo_timers::future::TimeoutFuture::new(1_000).await;
        }
    });
    let empty = move || match scorer.get() {
        Some(true) => {
            "No container flagged yet: stream a fleet with faults (e.g. powerfailure) and \
                       the reference scorer answers here within seconds."
        }
        Some(false) => {
            "No maintenance events. The relay's reference scorer is off: start it with \
                        `reefer serve --score` (or run `reefer score`, or any scoring service that \
                        writes ContainerMaintenance events to CONTAINER_TOPIC)."
        }
        None => "",
    };
    view! {
        <section class="maintenance" aria-label="Maintenance needed">
            <Fold key="maintenance" title="Maintenance needed">
            <p id="maintenance-status" role="status">{move || status.get()}</p>
            <Show when=move || !flagged.get().is_empty()
                fallback=move || view! { <p id="maintenance-empty" class="empty">{empty}</p> }>
                <div class="scroll">
                    <table id="maintenance-table">
                        <caption>"ContainerMaintenance events from the containers topic, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"container"</th><th scope="col">"fault (ground truth)"</th>
                            <th scope="col">"fault began"</th><th scope="col">"flagged reading"</th>
                            <th scope="col">"delay"</th><th scope="col">"score"</th>
                        </tr></thead>
                        <tbody>
                            {move || flagged.get().into_iter().rev().map(row).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
        </Fold>
        </section>
    }
}

/// One event's row.
fn row(f: Flagged) -> impl IntoView {
    let p = &f.event.payload;
    let fault = f
        .fault_type
        .clone()
        .unwrap_or_else(|| String::from("none known (a false alarm, or another relay's stream)"));
    let class = if f.fault_type.is_some() {
        "caused"
    } else {
        "unexplained"
    };
    view! {
        <tr class=class>
            <td>{f.event.container_id.clone()}</td>
            <td>{fault}</td>
            <td>{f.fault_onset.clone().unwrap_or_default()}</td>
            <td>{p.measurement_time.clone()}</td>
            <td class="delay">{f.detection_delay_seconds.map(|d| format!("{d:.1} s")).unwrap_or_default()}</td>
            <td>{format!("{:.2}", p.score)}</td>
        </tr>
    }
}
