//! "Send to Kafka": the records in batches through the relay, with progress, acked counts and
//! cancel.

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::encoding::write_batch;
use reefer_shared::{GenerationSpec, Generator};

use crate::settings::RelaySettings;

/// Records per request (the relay's default limit is 10 000).
const BATCH: usize = 5_000;

/// The relay settings, the send button, its progress and result.
#[component]
pub fn Send(spec: GenerationSpec, relay: RelaySettings) -> impl IntoView {
    let RelaySettings { base, token, .. } = relay;
    let acked = RwSignal::new(None::<u64>);
    let cancel = RwSignal::new(false);
    let message = RwSignal::new(String::new());
    let total = Generator::new(spec).total();
    let start = move |_| {
        if acked.get().is_some() {
            return;
        }
        let target = relay.target();
        acked.set(Some(0));
        cancel.set(false);
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let mut generator = Generator::new(spec);
            let mut done = 0u64;
            let outcome = loop {
                if cancel.get_untracked() {
                    break Err(format!(
                        "Cancelled: {done} of {total} records were acknowledged by Kafka."
                    ));
                }
                let batch: Vec<_> = generator.by_ref().take(BATCH).collect();
                if batch.is_empty() {
                    break Ok(());
                }
                let mut body = Vec::with_capacity(batch.len() * 560);
                write_batch(&mut body, &batch);
                match target.send_batch(body).await {
                    Ok(n) => {
                        done += n;
                        acked.set(Some(done));
                    }
                    Err(e) => {
                        break Err(format!(
                            "{e}. {done} of {total} records were acknowledged before."
                        ))
                    }
                }
            };
            acked.set(None);
            message.set(match outcome {
                Ok(()) => format!("Sent: Kafka acknowledged all {done} records."),
                Err(e) => e,
            });
        });
    };
    view! {
        <section class="send" aria-label="Send to Kafka">
            <Fold key="send" title="Send to Kafka">
            <label>"Relay URL (empty: this site)"
                <input id="relay-url" placeholder="https://relay.example.com" prop:value=move || base.get()
                    on:input=move |ev| base.set(event_target_value(&ev)) />
            </label>
            <label>"Token (if the relay requires one)"
                <input id="relay-token" type="password" prop:value=move || token.get()
                    on:input=move |ev| relay.set_token(event_target_value(&ev)) />
            </label>
            <span class="row">
                <button id="send" type="button" on:click=start disabled=move || acked.get().is_some()>"Send to Kafka"</button>
                <button id="cancel" type="button" on:click=move |_| cancel.set(true)
                    disabled=move || acked.get().is_none()>"Cancel"</button>
            </span>
            {move || acked.get().map(|n| view! {
                <progress id="send-progress" max=total.to_string() value=n.to_string()></progress>
                <span>{format!("{n} of {total} acknowledged")}</span>
            })}
            <p id="send-status" role="status">{move || message.get()}</p>
        </Fold>
        </section>
    }
}
