//! Asks for the relay's token when the relay answers 401, and keeps it for the browser session.

use leptos::prelude::*;

use crate::settings::RelaySettings;

/// Shown while the relay wants a token the page does not have (or had wrong).
#[component]
pub fn TokenPrompt(relay: RelaySettings) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let save = move || {
        let token = typed.get_untracked();
        if !token.trim().is_empty() {
            relay.set_token(token);
            typed.set(String::new());
        }
    };
    view! {
        <Show when=move || relay.token_needed.get()>
            <section id="token-prompt" class="token-prompt" role="alertdialog"
                aria-labelledby="token-prompt-title">
                <h2 id="token-prompt-title">"This relay needs its token"</h2>
                <p>{move || if relay.token.get().trim().is_empty() {
                    "The relay answered 401: ask its operator for the token (REEFER_API_TOKEN). It is kept for this browser session only."
                } else {
                    "The relay refused the token: check it with the relay's operator."
                }}</p>
                <form on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <label>"Token"
                        <input id="token-prompt-input" type="password" autocomplete="off"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev)) />
                    </label>
                    <button id="token-prompt-save" type="submit">"Use this token"</button>
                </form>
            </section>
        </Show>
    }
}
