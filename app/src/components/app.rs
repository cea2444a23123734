//! The page: controls on top, then preview, chart, download, send, the fleet stream and the
//! live view.

use leptos::prelude::*;
use reefer_shared::{link, GenerationSpec, Seed, Timestamp};

use super::{
    chart::Chart, controls::Controls, download::Download, live::Live, maintenance::Maintenance,
    preview::Preview, relay_status::RelayStatus, send::Send, stream::Stream,
    token_prompt::TokenPrompt,
};
use crate::browser;
use crate::form::Form;
use crate::settings::RelaySettings;

/// The spec from the link, or a fresh one (C01, P02, normal, 1000 records, now, random seed).
fn initial_spec() -> GenerationSpec {
    if let Ok(spec) = link::from_query(&browser::query()) {
        return spec;
    }
    let now = js_sys::Date::now() / 1000.0;
    let start = Timestamp::from_unix_seconds(now as i64).unwrap_or(Timestamp::MIN);
    let seed = Seed::from_random_bits((js_sys::Math::random() * 9_007_199_254_740_991.0) as u64);
    GenerationSpec::new(
        Default::default(),
        Default::default(),
        Default::default(),
        Default::default(),
        start,
        seed,
    )
    .unwrap_or_else(|_| unreachable!("1000 records from now always fit"))
}

/// The control panel.
#[component]
pub fn App() -> impl IntoView {
    let form = Form::from_spec(&initial_spec());
    let spec = Memo::new(move |_| form.spec());
    let relay = RelaySettings::new();
    let ground_truth = RwSignal::new(false);
    // A control panel hosted apart from the relay finds it in config.json.
    leptos::task::spawn_local(async move {
        if let Some(url) = crate::api::configured_relay_url().await {
            if relay.base.get_untracked().is_empty() {
                relay.base.set(url);
            }
        }
    });
    // The address bar always reproduces what is shown.
    Effect::new(move |_| {
        if let Ok(spec) = spec.get() {
            browser::set_query(&link::to_query(&spec));
        }
    });
    view! {
        <header>
            <h1>"Reefer telemetry simulator"</h1>
            <p class="lede">"Labelled refrigerated-container telemetry, generated in your browser."</p>
            <RelayStatus relay=relay />
        </header>
        <main>
            <TokenPrompt relay=relay />
            <Controls form=form spec=spec />
            {move || match spec.get() {
                Ok(spec) => view! {
                    <Preview spec=spec />
                    <Chart spec=spec />
                    <Download spec=spec ground_truth=ground_truth />
                    <Send spec=spec relay=relay />
                }.into_any(),
                Err(error) => view! {
                    <p class="error" role="alert" id="spec-error">{format!("{}: {}", error.field, error.message)}</p>
                }.into_any(),
            }}
            <Stream relay=relay />
            <Maintenance relay=relay />
            <Live relay=relay />
        </main>
    }
}
