//! "Stream a fleet": start a streaming job on the relay, watch its rate and each container's
//! latest reading, and stop it.

use leptos::prelude::*;
use reefer_shared::pace::Rate;
use reefer_shared::stream_request::ControlBody;
use reefer_shared::Simulation;
use serde_json::{json, Value};

use crate::settings::RelaySettings;

/// Containers shown in the fleet view.
const FLEET_SHOWN: usize = 100;

/// The stream controls, the job's figures and the fleet view.
#[component]
pub fn Stream(relay: RelaySettings) -> impl IntoView {
    let containers = RwSignal::new(String::from("100"));
    let simulation = RwSignal::new(String::from("mixed"));
    let rate = RwSignal::new(String::from("100"));
    let duration = RwSignal::new(String::new());
    let clock = RwSignal::new(String::from("wall"));
    let ground_truth = RwSignal::new(false);
    let job = RwSignal::new(None::<String>);
    let view_of_job = RwSignal::new(None::<Value>);
    let fleet = RwSignal::new(Vec::<Value>::new());
    let message = RwSignal::new(String::new());

    let body = move || -> Result<Value, String> {
        let mut body = json!({
            "simulation": simulation.get_untracked(),
            "rate": rate.get_untracked().trim().parse::<f64>()
                .map_err(|_| format!("rate: {:?} is not a number of records per second", rate.get_untracked()))?,
            "clock": clock.get_untracked(),
            "ground_truth": ground_truth.get_untracked(),
        });
        let count = containers.get_untracked();
        body["containers"] = match count.trim().parse::<u64>() {
            Ok(n) => json!(n),
            Err(_) => json!(count.split(',').map(str::trim).collect::<Vec<_>>()),
        };
        let duration = duration.get_untracked();
        if !duration.trim().is_empty() {
            let seconds = duration
                .parse::<reefer_shared::pace::StreamDuration>()
                .map_err(|e| format!("duration_seconds: {e}"))?;
            body["duration_seconds"] = json!(seconds.seconds());
        }
        // The relay's own rules, checked here first (the relay checks again, with its limits).
        ControlBody::from_json(body.to_string().as_bytes(), u64::MAX, Rate::MAX)
            .map_err(|e| format!("{}: {}", e.field, e.message))?;
        Ok(body)
    };

    let poll = move |location: String| {
        leptos::task::spawn_local(async move {
            let target = relay.target();
            loop {
                if job.get_untracked().as_deref() != Some(location.as_str()) {
                    return;
                }
                match target.get_json(&location).await {
                    Ok(v) => {
                        let running = v["state"] == "running";
                        view_of_job.set(Some(v));
                        if let Ok(f) = target
                            .get_json(&format!("{location}/fleet?limit={FLEET_SHOWN}"))
                            .await
                        {
                            fleet.set(f["members"].as_array().cloned().unwrap_or_default());
                        }
                        if !running {
                            job.set(None);
                            return;
                        }
                    }
                    Err(e) => message.set(e),
                }
                gloo_timers::future::TimeoutFuture::new(1_000).await;
            }
        });
    };

    let start = move |_| {
        message.set(String::new());
        let body = match body() {
            Ok(body) => body,
            Err(e) => {
                message.set(e);
                return;
            }
        };
        leptos::task::spawn_local(async move {
            match relay.target().start_stream(&body).await {
                Ok(location) => {
                    fleet.set(Vec::new());
                    view_of_job.set(None);
                    job.set(Some(location.clone()));
                    poll(location);
                }
                Err(e) => message.set(e),
            }
        });
    };
    let stop = move |_| {
        let Some(location) = job.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match relay.target().stop_stream(&location).await {
                Ok(v) => {
                    job.set(None);
                    view_of_job.set(Some(v));
                }
                Err(e) => message.set(e),
            }
        });
    };

    view! {
        <section class="stream" aria-label="Stream a fleet">
            <h2>"Stream a fleet to Kafka"</h2>
            <div class="stream-controls">
                <label>"Containers (a count or ids)"
                    <input id="stream-containers" prop:value=move || containers.get()
                        on:input=move |ev| containers.set(event_target_value(&ev)) />
                </label>
                <label>"Simulation"
                    <select id="stream-simulation" prop:value=move || simulation.get()
                        on:change=move |ev| simulation.set(event_target_value(&ev))>
                        <option value="mixed">"mixed (all, drawn per day)"</option>
                        {Simulation::ALL.iter().map(|s| view! { <option value=s.name()>{s.name()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Rate (records/s in all)"
                    <input id="stream-rate" inputmode="decimal" prop:value=move || rate.get()
                        on:input=move |ev| rate.set(event_target_value(&ev)) />
                </label>
                <label>"Duration (e.g. 60s, 15m; empty: until stopped)"
                    <input id="stream-duration" prop:value=move || duration.get()
                        on:input=move |ev| duration.set(event_target_value(&ev)) />
                </label>
                <label>"Clock"
                    <select id="stream-clock" prop:value=move || clock.get()
                        on:change=move |ev| clock.set(event_target_value(&ev))>
                        <option value="wall">"wall (now)"</option>
                        <option value="simulated">"simulated (backfill)"</option>
                    </select>
                </label>
                <label class="inline">
                    <input id="stream-ground-truth" type="checkbox" prop:checked=move || ground_truth.get()
                        on:change=move |ev| ground_truth.set(event_target_checked(&ev)) />
                    "with the ground truth"
                </label>
            </div>
            <span class="row">
                <button id="stream-start" type="button" on:click=start disabled=move || job.get().is_some()>"Start stream"</button>
                <button id="stream-stop" type="button" on:click=stop disabled=move || job.get().is_none()>"Stop"</button>
            </span>
            <p id="stream-message" class="error" role="alert">{move || message.get()}</p>
            <p id="stream-status" role="status">{move || view_of_job.get().map(|v| status_line(&v))}</p>
            {move || (!fleet.get().is_empty()).then(|| view! {
                <div class="scroll">
                    <table id="fleet-table">
                        <caption>{move || fleet_caption(view_of_job.get().as_ref(), fleet.get().len())}</caption>
                        <thead><tr>
                            <th scope="col">"container"</th><th scope="col">"product"</th>
                            <th scope="col">"simulation"</th><th scope="col">"time"</th>
                            <th scope="col">"°C"</th><th scope="col">"kW"</th>
                            <th scope="col">"fans"</th><th scope="col">"label"</th>
                            <th scope="col">"truth"</th><th scope="col">"events"</th>
                        </tr></thead>
                        <tbody>
                            {move || fleet.get().into_iter().map(|m| view! {
                                <tr class=if m["maintenance_required"] == true { "labelled" } else { "" }>
                                    <td>{m["containerID"].as_str().unwrap_or("").to_owned()}</td>
                                    <td>{m["product_id"].as_str().unwrap_or("").to_owned()}</td>
                                    <td>{m["simulation"].as_str().unwrap_or("").to_owned()}</td>
                                    <td>{m["measurement_time"].as_str().unwrap_or("").to_owned()}</td>
                                    <td>{format!("{:.1}", m["temperature"].as_f64().unwrap_or(f64::NAN))}</td>
                                    <td>{format!("{:.2}", m["kilowatts"].as_f64().unwrap_or(f64::NAN))}</td>
                                    <td>{if m["fans_on"] == true { "on" } else { "off" }}</td>
                                    <td>{if m["maintenance_required"] == true { "1" } else { "0" }}</td>
                                    <td>{m["fault_type"].as_str().unwrap_or("").to_owned()}</td>
                                    <td>{m["events"].to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

/// "running: 1234 sent, 1230 acked, 99.8/s of 100/s asked, lag 0, 12.3 s".
fn status_line(v: &Value) -> String {
    let mut line = format!(
        "Stream {}: {} sent, {} acknowledged by Kafka, {:.1}/s achieved of {}/s asked, lag {}, {:.1} s",
        v["state"].as_str().unwrap_or("?"),
        v["generated"],
        v["acked"],
        v["achieved_rate"].as_f64().unwrap_or(0.0),
        v["rate"],
        v["lag"],
        v["elapsed_seconds"].as_f64().unwrap_or(0.0),
    );
    if let Some(error) = v["error"].as_str() {
        line.push_str(&format!(". {error}"));
    }
    line
}

fn fleet_caption(job: Option<&Value>, shown: usize) -> String {
    let total = job
        .and_then(|j| j["containers"].as_u64())
        .unwrap_or(shown as u64);
    if total as usize > shown {
        format!("Latest reading of the first {shown} of {total} containers")
    } else {
        format!("Latest reading of each of the {total} containers")
    }
}
