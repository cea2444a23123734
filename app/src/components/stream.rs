//! "Stream a fleet": start a streaming job on the relay, watch its rate and each container's
//! latest reading, and stop it.

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::control::ControlRequest;
use reefer_shared::pace::{Clock, Rate, StreamDuration};
use reefer_shared::route::Route;
use reefer_shared::wire::{
    AnyJobView, ContainersField, ControlBody, FleetMember, JobState, SimulationField, StreamJobView,
};
use reefer_shared::{Interval, Simulation};

use super::board::Board;
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
    let interval = RwSignal::new(String::from("5"));
    let profile = RwSignal::new(String::from("standard"));
    let route = RwSignal::new(String::from("none"));
    let job = RwSignal::new(None::<String>);
    let view_of_job = RwSignal::new(None::<StreamJobView>);
    let fleet = RwSignal::new(Vec::<FleetMember>::new());
    let message = RwSignal::new(String::new());

    let body = move || -> Result<ControlBody, String> {
        let rate = rate.get_untracked();
        let count = containers.get_untracked();
        let duration = duration.get_untracked();
        let body =
            ControlBody {
                simulation: Some(SimulationField::One(simulation.get_untracked())),
                rate: Some(rate.trim().parse::<f64>().map_err(|_| {
                    format!("rate: {rate:?} is not a number of records per second")
                })?),
                clock: Some(
                    clock
                        .get_untracked()
                        .parse::<Clock>()
                        .map_err(|e| format!("clock: {e}"))?,
                ),
                ground_truth: Some(ground_truth.get_untracked()),
                interval_minutes: interval.get_untracked().parse().ok(),
                profile: Some(
                    profile
                        .get_untracked()
                        .parse()
                        .map_err(|e| format!("profile: {e}"))?,
                ),
                route: Some(route.get_untracked()).filter(|r| r != "none"),
                containers: Some(match count.trim().parse::<u64>() {
                    Ok(n) => ContainersField::Count(n),
                    Err(_) => ContainersField::Ids(
                        count.split(',').map(|id| id.trim().to_owned()).collect(),
                    ),
                }),
                duration_seconds: match duration.trim() {
                    "" => None,
                    text => Some(
                        text.parse::<StreamDuration>()
                            .map_err(|e| format!("duration_seconds: {e}"))?
                            .seconds(),
                    ),
                },
                ..ControlBody::default()
            };
        // The relay's own rules, checked here first (the relay checks again, with its limits).
        ControlRequest::from_json(&body.to_json(), u64::MAX, Rate::MAX)
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
                match target.job(&location).await {
                    Ok(AnyJobView::Stream(v)) => {
                        let running = v.state == JobState::Running;
                        view_of_job.set(Some(v));
                        if let Ok(f) = target.fleet(&location, FLEET_SHOWN).await {
                            fleet.set(f.members);
                        }
                        if !running {
                            job.set(None);
                            return;
                        }
                    }
                    Ok(AnyJobView::Batch(_)) => {
                        message.set(format!("{location} is a batch job, not a stream"));
                        job.set(None);
                        return;
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
            <Fold key="stream" title="Stream a fleet to Kafka">
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
                <label>"Reading interval"
                    <select id="stream-interval" prop:value=move || interval.get()
                        on:change=move |ev| interval.set(event_target_value(&ev))>
                        {Interval::ALL.iter().map(|i| view! {
                            <option value=i.minutes().to_string()>{i.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Route"
                    <select id="stream-route" prop:value=move || route.get()
                        on:change=move |ev| route.set(event_target_value(&ev))>
                        <option value="none">"none (parked)"</option>
                        <option value="mixed">"mixed (one drawn per container)"</option>
                        {Route::ALL.iter().map(|r| view! { <option value=r.name()>{r.name()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Columns"
                    <select id="stream-profile" prop:value=move || profile.get()
                        on:change=move |ev| profile.set(event_target_value(&ev))>
                        <option value="standard">"standard (the original 20)"</option>
                        <option value="rcm">"rcm (+ supply/return air, power, duty, alarm)"</option>
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
            <Board relay=relay job=job />
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
                                <tr class=if m.maintenance_required { "labelled" } else { "" }>
                                    <td>{m.container_id}</td>
                                    <td>{m.product_id.id()}</td>
                                    <td>{m.simulation.name()}</td>
                                    <td>{m.measurement_time}</td>
                                    <td>{format!("{:.1}", m.temperature)}</td>
                                    <td>{format!("{:.2}", m.kilowatts)}</td>
                                    <td>{if m.fans_on { "on" } else { "off" }}</td>
                                    <td>{if m.maintenance_required { "1" } else { "0" }}</td>
                                    <td>{m.fault_type.unwrap_or_default()}</td>
                                    <td>{m.events.to_string()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </Fold>
        </section>
    }
}

/// "Stream running: 1234 sent, 1230 acknowledged by Kafka, 99.8/s achieved of 100/s asked, lag
/// 0, 12.3 s".
fn status_line(v: &StreamJobView) -> String {
    let mut line = format!(
        "Stream {}: {} sent, {} acknowledged by Kafka, {:.1}/s achieved of {}/s asked, lag {}, {:.1} s",
        v.state.name(),
        v.counts.generated,
        v.counts.acked,
        v.progress.achieved_rate,
        v.rate,
        v.progress.lag,
        v.progress.elapsed_seconds,
    );
    if let Some(error) = &v.counts.error {
        line.push_str(&format!(". {error}"));
    }
    line
}

fn fleet_caption(job: Option<&StreamJobView>, shown: usize) -> String {
    let total = job.map_or(shown, |j| j.containers);
    if total > shown {
        format!("Latest reading of the first {shown} of {total} containers")
    } else {
        format!("Latest reading of each of the {total} containers")
    }
}
