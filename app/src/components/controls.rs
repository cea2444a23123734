//! The controls: container, product, simulation, records, seed, start, interval, columns,
//! lead time.

use leptos::prelude::*;
use reefer_shared::catalogue::CargoClass;
use reefer_shared::route::Route;
use reefer_shared::FieldError;
use reefer_shared::{ContainerId, GenerationSpec, Interval, Product, Seed, Simulation};

use crate::form::Form;

/// Every control has a visible label and works from the keyboard.
#[component]
pub fn Controls(form: Form, spec: Memo<Result<GenerationSpec, FieldError>>) -> impl IntoView {
    let explanation = move || {
        form.simulation
            .get()
            .parse::<Simulation>()
            .map(|s| s.description())
            .unwrap_or("")
    };
    let new_seed = move |_| {
        let bits = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        form.seed.set(Seed::from_random_bits(bits).to_string());
    };
    let invalid = move |name: &'static str| move || matches!(spec.get(), Err(e) if e.field == name);
    view! {
        <section class="controls" aria-label="What to generate">
            <label>"Container"
                <input id="container" list="presets" prop:value=move || form.container.get()
                    aria-invalid=move || invalid("container")().to_string()
                    on:input=move |ev| form.container.set(event_target_value(&ev)) />
                <datalist id="presets">
                    {ContainerId::PRESETS.iter().map(|p| view! { <option value=*p></option> }).collect_view()}
                </datalist>
            </label>
            <label>"Product"
                <select id="product" prop:value=move || form.product.get()
                    on:change=move |ev| form.product.set(event_target_value(&ev))>
                    {CargoClass::ALL.iter().map(|class| view! {
                        <optgroup label=class.title()>
                            {Product::ALL.iter().filter(|p| p.carriage().class == *class).map(|p| view! {
                                <option value=p.id()>{format!("{} {}", p.id(), p.name())}</option>
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </label>
            <label>"Simulation"
                <select id="simulation" prop:value=move || form.simulation.get()
                    on:change=move |ev| form.simulation.set(event_target_value(&ev))>
                    {Simulation::ALL.iter().map(|s| view! { <option value=s.name()>{s.name()}</option> }).collect_view()}
                </select>
                <small id="simulation-help">{explanation}</small>
            </label>
            <label>"Records"
                <input id="records" inputmode="numeric" prop:value=move || form.records.get()
                    aria-invalid=move || invalid("records")().to_string()
                    on:input=move |ev| form.records.set(event_target_value(&ev)) />
            </label>
            <label>"Seed"
                <span class="row">
                    <input id="seed" inputmode="numeric" prop:value=move || form.seed.get()
                        aria-invalid=move || invalid("seed")().to_string()
                        on:input=move |ev| form.seed.set(event_target_value(&ev)) />
                    <button type="button" on:click=new_seed aria-label="New random seed">"New"</button>
                </span>
            </label>
            <label>"Start (YYYY-MM-DD HH:MM:SS)"
                <input id="start" prop:value=move || form.start.get()
                    aria-invalid=move || invalid("start")().to_string()
                    on:input=move |ev| form.start.set(event_target_value(&ev)) />
            </label>
            <label>"Reading interval"
                <select id="interval" prop:value=move || form.interval.get()
                    on:change=move |ev| form.interval.set(event_target_value(&ev))>
                    {Interval::ALL.iter().map(|i| view! { <option value=i.name()>{i.name()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Route"
                <select id="route" prop:value=move || form.route.get()
                    on:change=move |ev| form.route.set(event_target_value(&ev))>
                    <option value="none">"none (parked at the original's place)"</option>
                    {Route::ALL.iter().map(|r| view! { <option value=r.name()>{r.name()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Columns"
                <select id="profile" prop:value=move || form.profile.get()
                    on:change=move |ev| form.profile.set(event_target_value(&ev))>
                    <option value="standard">"standard (the original 20)"</option>
                    <option value="rcm">"rcm (+ supply/return air, power, duty, alarm)"</option>
                </select>
            </label>
            <label>"Lead time (minutes labelled before a failure)"
                <input id="lead" inputmode="numeric" prop:value=move || form.lead.get()
                    aria-invalid=move || invalid("lead")().to_string()
                    on:input=move |ev| form.lead.set(event_target_value(&ev)) />
            </label>
        </section>
    }
}
