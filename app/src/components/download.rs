//! "Download CSV": generated here in WebAssembly, in chunks, with a progress bar.

use leptos::prelude::*;
use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::{link, GenerationSpec};

use crate::browser::{self, BlobParts};

/// Records encoded between two yields to the browser (~15 ms of work).
const CHUNK: usize = 50_000;

/// The download button and its progress.
#[component]
pub fn Download(spec: GenerationSpec) -> impl IntoView {
    let progress = RwSignal::new(None::<f64>);
    let message = RwSignal::new(String::new());
    let start = move |_| {
        if progress.get().is_some() {
            return;
        }
        progress.set(Some(0.0));
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let began = browser::now_ms();
            let mut chunks = EncodedChunks::new(spec, Format::Csv, true);
            let mut parts = BlobParts::new();
            let mut buffer = Vec::with_capacity(CHUNK * 220);
            let total = chunks.records_total().max(1);
            loop {
                buffer.clear();
                if chunks.next_chunk(&mut buffer, CHUNK) == 0 {
                    break;
                }
                parts.push(&buffer);
                progress.set(Some(chunks.records_done() as f64 / total as f64));
                // Let the page paint and stay responsive.
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            let name = link::file_name(&spec, Format::Csv);
            let outcome = parts.save(&name, "text/csv");
            progress.set(None);
            message.set(match outcome {
                Ok(()) => format!(
                    "{name}: {} records in {:.0} ms",
                    spec.records(),
                    browser::now_ms() - began
                ),
                Err(e) => format!("The download failed: {e}"),
            });
        });
    };
    view! {
        <section class="download" aria-label="Download">
            <button id="download" type="button" on:click=start disabled=move || progress.get().is_some()>
                "Download CSV"
            </button>
            {move || progress.get().map(|p| view! {
                <progress id="download-progress" max="1" value=p.to_string()></progress>
            })}
            <span id="download-status" role="status">{move || message.get()}</span>
        </section>
    }
}
