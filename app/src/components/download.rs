//! "Download CSV": generated here in WebAssembly, in chunks, with a progress bar.

use leptos::prelude::*;
use reefer_shared::encoding::{EncodedChunks, Format};
use reefer_shared::{link, GenerationSpec};

use crate::browser::{self, BlobParts};

/// Records encoded between two yields to the browser (~15–40 ms of work).
const CHUNK: usize = 25_000;

/// The download button, the ground-truth option and the progress. `ground_truth` is kept by
/// the page, so that it survives changes of the spec.
#[component]
pub fn Download(spec: GenerationSpec, ground_truth: RwSignal<bool>) -> impl IntoView {
    let progress = RwSignal::new(None::<f64>);
    let message = RwSignal::new(String::new());
    // Milliseconds spent generating (in Wasm) and the longest chunk, kept on the status element
    // as data attributes for the benchmark (tests/e2e/bench.js).
    let timing = RwSignal::new((0.0_f64, 0.0_f64));
    let start = move |_| {
        if progress.get().is_some() {
            return;
        }
        progress.set(Some(0.0));
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let began = browser::now_ms();
            let with_truth = ground_truth.get_untracked();
            let mut chunks = EncodedChunks::new(spec, Format::Csv, true);
            if with_truth {
                chunks = chunks.with_ground_truth();
            }
            let mut parts = BlobParts::new();
            let mut buffer = Vec::with_capacity(CHUNK * 220);
            let total = chunks.records_total().max(1);
            let (mut generating, mut longest) = (0.0_f64, 0.0_f64);
            let mut failure = None;
            loop {
                let chunk_began = browser::now_ms();
                buffer.clear();
                let written = chunks.next_chunk(&mut buffer, CHUNK);
                generating += browser::now_ms() - chunk_began;
                if written == 0 {
                    break;
                }
                if let Err(e) = parts.push(&buffer) {
                    failure = Some(e);
                    break;
                }
                longest = longest.max(browser::now_ms() - chunk_began);
                progress.set(Some(chunks.records_done() as f64 / total as f64));
                // Let the page paint and stay responsive.
                browser::yield_to_browser().await;
            }
            let mut name = link::file_name(&spec, Format::Csv);
            if with_truth {
                name = name.replace(".csv", "-groundtruth.csv");
            }
            let outcome = match failure {
                Some(e) => Err(e),
                None => parts.save(&name, "text/csv"),
            };
            progress.set(None);
            timing.set((generating, longest));
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
            <label class="inline">
                <input id="ground-truth" type="checkbox" prop:checked=move || ground_truth.get()
                    on:change=move |ev| ground_truth.set(event_target_checked(&ev)) />
                "with the ground truth (fault_type, fault_class, fault_id, minutes_since_onset, ingest_time)"
            </label>
            {move || progress.get().map(|p| view! {
                <progress id="download-progress" max="1" value=p.to_string()></progress>
            })}
            <span id="download-status" role="status"
                data-generate-ms=move || format!("{:.1}", timing.get().0)
                data-longest-chunk-ms=move || format!("{:.1}", timing.get().1)>{move || message.get()}</span>
        </section>
    }
}
