//! A section's heading that folds its body away, remembered across reloads.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;

/// The storage key under which a folded section is remembered.
fn storage_key(key: &str) -> String {
    format!("reefer.folded.{key}")
}

/// A native `<details>`: the heading is its `<summary>` (a Tab stop; Enter or Space folds and
/// unfolds), open unless the reader folded it before. The page's sections re-render when the
/// spec changes; the state lives in `localStorage`, so a fold survives that and a reload.
#[component]
pub fn Fold(
    /// Names the section in storage (`reefer.folded.<key>`) and in the page (`fold-<key>`).
    key: &'static str,
    /// The heading, shown whether folded or not.
    #[prop(into)]
    title: Signal<String>,
    /// The section's body.
    children: Children,
) -> impl IntoView {
    let open = browser::remembered(&storage_key(key)).is_none();
    let on_toggle = move |ev: leptos::ev::Event| {
        let Some(details) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        else {
            return;
        };
        let folded = (!details.open()).then_some("1");
        browser::remember(&storage_key(key), folded);
    };
    view! {
        <details class="fold" id=format!("fold-{key}") open=open on:toggle=on_toggle>
            <summary><h2>{move || title.get()}</h2></summary>
            {children()}
        </details>
    }
}
