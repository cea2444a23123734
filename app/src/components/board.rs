//! The live fleet board: while a stream runs, every container as a cell coloured by its state,
//! the rates asked and achieved, acknowledged and lag with sparklines of the last minute, all
//! pushed by the relay (`GET /control/jobs/{id}/board`) rather than polled per container.
//! Drawn on a canvas: 10 000 containers are one draw call a second, not 10 000 DOM nodes.

use std::collections::VecDeque;

use leptos::html::Canvas;
use leptos::prelude::*;
use reefer_shared::plot::ChartData;
use reefer_shared::wire::board::{
    DELIVERY, EQUIPMENT, LABELLED, NORMAL, OPERATION, SENSOR, WAITING,
};
use reefer_shared::wire::BoardUpdate;
use reefer_shared::TelemetryRecord;
use wasm_bindgen::JsCast;

use super::chart_svg::{self as svg, Scale, SMALL};
use crate::settings::RelaySettings;

/// Readings of the clicked container kept (the relay keeps 120 of it).
const READINGS_SHOWN: usize = 120;

/// A cell's side and the gap after it, in canvas pixels.
const CELL: f64 = 9.0;
const GAP: f64 = 2.0;
/// The canvas's width in pixels.
const WIDTH: f64 = 940.0;
/// Seconds of history in the sparklines.
const HISTORY: usize = 60;

/// Each state: its character, its name and its colour.
const STATES: [(char, &str, &str); 7] = [
    (NORMAL, "normal", "#5b9bd5"),
    (EQUIPMENT, "equipment fault", "#c62828"),
    (SENSOR, "sensor fault", "#8e24aa"),
    (DELIVERY, "delivery fault", "#00897b"),
    (OPERATION, "defrost", "#f9a825"),
    (LABELLED, "labelled", "#ef6c00"),
    (WAITING, "no reading yet", "#b0bec5"),
];

fn name(state: char) -> &'static str {
    STATES
        .iter()
        .find(|s| s.0 == state)
        .map_or("unknown", |s| s.1)
}

/// One second of the figures, for the sparklines.
#[derive(Clone, Copy, Default, PartialEq)]
struct Second {
    sent_per_second: f64,
    acked_per_second: f64,
    lag: f64,
}

/// The board of the stream at `job` (a job's path), while it runs.
#[component]
pub fn Board(relay: RelaySettings, job: RwSignal<Option<String>>) -> impl IntoView {
    let update = RwSignal::new(None::<BoardUpdate>);
    let ids = StoredValue::new(Vec::<String>::new());
    let history = RwSignal::new(VecDeque::<Second>::new());
    let selected = RwSignal::new(None::<usize>);
    let message = RwSignal::new(String::new());
    let canvas = NodeRef::<Canvas>::new();
    let following = StoredValue::new(None::<String>);

    Effect::new(move |_| {
        let Some(location) = job.get() else {
            return;
        };
        if following.get_value().as_deref() == Some(location.as_str()) {
            return;
        }
        following.set_value(Some(location.clone()));
        update.set(None);
        history.update(VecDeque::clear);
        selected.set(None);
        message.set(String::new());
        leptos::task::spawn_local(async move {
            let mut previous: Option<(f64, u64, u64)> = None;
            let outcome = relay
                .target()
                .follow_board(&location, |u| {
                    if following.get_value().as_deref() != Some(location.as_str()) {
                        return false;
                    }
                    if let Some(list) = u.ids.clone() {
                        ids.set_value(list);
                    }
                    if let Some((t, sent, acked)) = previous {
                        let dt = (u.elapsed_seconds - t).max(1e-3);
                        history.update(|h| {
                            h.push_back(Second {
                                sent_per_second: (u.sent.saturating_sub(sent)) as f64 / dt,
                                acked_per_second: (u.acked.saturating_sub(acked)) as f64 / dt,
                                lag: u.lag as f64,
                            });
                            while h.len() > HISTORY {
                                h.pop_front();
                            }
                        });
                    }
                    previous = Some((u.elapsed_seconds, u.sent, u.acked));
                    update.set(Some(u));
                    true
                })
                .await;
            if let Err(e) = outcome {
                message.set(format!("The board is unavailable: {e}"));
            }
        });
    });

    // Redraw the cells on every update.
    Effect::new(move |_| {
        let Some(element) = canvas.get() else { return };
        update.with(|u| {
            if let Some(u) = u {
                draw(&element, &u.states, selected.get_untracked());
            }
        });
    });
    Effect::new(move |_| {
        let at = selected.get();
        if let (Some(element), Some(u)) = (canvas.get_untracked(), update.get_untracked()) {
            draw(&element, &u.states, at);
        }
    });

    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(element) = canvas.get_untracked() else {
            return;
        };
        let target: &web_sys::HtmlCanvasElement = &element;
        let rect = target.get_bounding_client_rect();
        let scale = f64::from(target.width()) / rect.width().max(1.0);
        let x = (f64::from(ev.client_x()) - rect.left()) * scale;
        let y = (f64::from(ev.client_y()) - rect.top()) * scale;
        let columns = columns();
        let index = (y / (CELL + GAP)) as usize * columns + (x / (CELL + GAP)) as usize;
        let count = update.with_untracked(|u| u.as_ref().map_or(0, |u| u.states.len()));
        selected.set((index < count).then_some(index));
    };

    let figures = move || {
        update.with(|u| {
            u.as_ref().map(|u| {
                let last = history.with(|h| h.back().copied().unwrap_or_default());
                view! {
                    <dl class="board-figures">
                        <div><dt>"asked"</dt><dd id="board-asked">{format!("{:.0}/s", u.rate)}</dd></div>
                        <div><dt>"achieved"</dt><dd id="board-achieved">{format!("{:.0}/s", last.sent_per_second.max(0.0))}</dd>
                            {sparkline(history, |s| s.sent_per_second)}</div>
                        <div><dt>"acknowledged"</dt><dd id="board-acked">{u.acked.to_string()}</dd>
                            {sparkline(history, |s| s.acked_per_second)}</div>
                        <div><dt>"lag"</dt><dd id="board-lag">{u.lag.to_string()}</dd>
                            {sparkline(history, |s| s.lag)}</div>
                        <div><dt>"failed"</dt><dd id="board-failed">{u.failed.to_string()}</dd></div>
                        <div><dt>"state"</dt><dd id="board-state">{u.state.name()}</dd></div>
                    </dl>
                }
            })
        })
    };
    let legend = move || {
        update.with(|u| {
            u.as_ref().map(|u| {
                STATES
                    .iter()
                    .map(|(c, label, colour)| {
                        let n = u.count(*c);
                        view! {
                            <li data-state=c.to_string()><span class="swatch" style:background=*colour></span>
                                {format!("{label}: ")}<span class="board-count">{n}</span></li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    // The clicked container's latest readings, read back from Kafka by the relay.
    let readings = RwSignal::new(Vec::<TelemetryRecord>::new());
    let watching = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let Some(at) = selected.get() else {
            watching.set_value(None);
            return;
        };
        let Some(id) = ids.with_value(|ids| ids.get(at).cloned()) else {
            return;
        };
        watching.set_value(Some(id.clone()));
        readings.update(Vec::clear);
        leptos::task::spawn_local(async move {
            let target = relay.target();
            let mut after = 0;
            while watching.get_value().as_deref() == Some(id.as_str()) {
                if let Ok((events, last)) = target.events_of(&id, after).await {
                    after = last;
                    let new: Vec<TelemetryRecord> =
                        events.iter().filter_map(|e| e.reading().ok()).collect();
                    if !new.is_empty() && watching.get_value().as_deref() == Some(id.as_str()) {
                        readings.update(|r| {
                            r.extend(new);
                            let excess = r.len().saturating_sub(READINGS_SHOWN);
                            r.drain(..excess);
                        });
                    }
                }
                gloo_timers::future::TimeoutFuture::new(1_000).await;
            }
        });
    });
    let detail = move || {
        let at = selected.get()?;
        let state = update.with(|u| u.as_ref().and_then(|u| u.states.chars().nth(at)))?;
        let id = ids
            .with_value(|ids| ids.get(at).cloned())
            .unwrap_or_default();
        let charts = readings.with(|r| {
            (r.len() >= 2).then(|| {
                let data = ChartData::from_readings(
                    &["temperature", "target_temperature", "kilowatts"],
                    r,
                );
                view! {
                    <div class="multiples" id="board-container-charts">
                        {live_chart(&data, &[0, 1], "temperature (°C) and setpoint")}
                        {live_chart(&data, &[2], "kilowatts (kW)")}
                    </div>
                }
            })
        });
        let count = readings.with(Vec::len);
        Some(view! {
            <p id="board-selected" role="status">
                <strong>{id}</strong>{format!(": {}", name(state))}
            </p>
            <p class="hint" id="board-readings">{format!("{count} readings read back from Kafka")}</p>
            {charts}
        })
    };

    view! {
        <div class="board" hidden=move || update.with(Option::is_none) && message.get().is_empty()>
            <h3>"The fleet, live"</h3>
            <p id="board-message" class="error">{move || message.get()}</p>
            {figures}
            <ul class="legend board-legend" id="board-legend">{legend}</ul>
            <div class="board-cells">
                <canvas id="board" node_ref=canvas width=WIDTH.to_string() height="11"
                    aria-label="Each container of the stream, coloured by its state; click one for its state"
                    on:click=on_click></canvas>
            </div>
            {detail}
        </div>
    }
}

/// Cells per row.
fn columns() -> usize {
    ((WIDTH + GAP) / (CELL + GAP)) as usize
}

/// Draws one cell per container, `selected` outlined.
fn draw(canvas: &web_sys::HtmlCanvasElement, states: &str, selected: Option<usize>) {
    let columns = columns();
    let rows = states.len().div_ceil(columns).max(1);
    let height = (rows as f64 * (CELL + GAP)) as u32;
    if canvas.height() != height {
        canvas.set_height(height);
    }
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    context.clear_rect(0.0, 0.0, WIDTH, f64::from(height));
    // One fill style per state, each state's cells in one pass.
    for (state, _, colour) in STATES {
        context.set_fill_style_str(colour);
        for (i, _) in states.char_indices().filter(|(_, c)| *c == state) {
            let (x, y) = ((i % columns) as f64, (i / columns) as f64);
            context.fill_rect(x * (CELL + GAP), y * (CELL + GAP), CELL, CELL);
        }
    }
    if let Some(i) = selected {
        let (x, y) = ((i % columns) as f64, (i / columns) as f64);
        context.set_stroke_style_str("#111");
        context.set_line_width(2.0);
        context.stroke_rect(
            x * (CELL + GAP) - 1.0,
            y * (CELL + GAP) - 1.0,
            CELL + 2.0,
            CELL + 2.0,
        );
    }
}

/// A small chart of some series of `data` (indexes), with its title.
fn live_chart(data: &ChartData, series: &[usize], title: &'static str) -> impl IntoView {
    let scale = Scale::new(SMALL, data, series, &[]);
    let lines = series
        .iter()
        .enumerate()
        .map(|(k, i)| {
            view! { <polyline class=format!("series s{k}") points=svg::points(&scale, data, *i) fill="none"></polyline> }
        })
        .collect_view();
    view! {
        <figure class="multiple live">
            <span class="multiple-title">{title}</span>
            <svg viewBox=format!("0 0 {} {}", SMALL.width, SMALL.height) role="img" aria-label=title>
                {svg::axes(&scale, data, String::new())}
                {lines}
                {svg::labelled(&scale, data)}
            </svg>
        </figure>
    }
}

/// The last minute of one figure as a small line.
fn sparkline(history: RwSignal<VecDeque<Second>>, value: fn(&Second) -> f64) -> impl IntoView {
    let points = history.with(|h| {
        let high = h.iter().map(value).fold(1e-9, f64::max);
        h.iter()
            .enumerate()
            .map(|(i, s)| format!("{},{:.1} ", i * 2, 20.0 - value(s) / high * 18.0))
            .collect::<String>()
    });
    view! {
        <svg class="sparkline" viewBox="0 0 120 22" aria-hidden="true">
            <polyline points=points fill="none"></polyline>
        </svg>
    }
}
