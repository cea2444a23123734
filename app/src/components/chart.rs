//! The chart of a generation: any column over real time, with the setpoint and ambient beside
//! the cargo temperature, the affected sensor's thresholds, fault episodes shaded and named,
//! labelled rows marked; hover or arrow keys read a reading, a drag (or `+`) zooms in time.
//! Below it, small multiples of the main sensors. Rows are reduced to the minimum and maximum
//! of each pixel's bucket (`reefer_shared::plot`), so a million rows draw as fast as a thousand.

use std::ops::Range;

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::plot::{ChartBuilder, ChartData, CHARTABLE};
use reefer_shared::{Column, GenerationSpec};

use super::chart_svg::{self as svg, Scale, MAIN, SMALL};

/// Buckets across the plot: about one per pixel of the main chart.
const BUCKETS: usize = 880;
/// Rows generated between two yields to the browser (about 40 ms in Chromium).
const PIECE: u64 = 100_000;
/// The small multiples.
const MULTIPLES: [&str; 4] = [
    Column::Temperature.name(),
    Column::Kilowatts.name(),
    Column::CarbonDioxideLevel.name(),
    Column::OxygenLevel.name(),
];

/// The columns the main chart draws for `column`: the cargo temperature with its setpoint and
/// the ambient air, any other column alone.
fn drawn_with(column: &str) -> Vec<&str> {
    match column {
        "temperature" => vec!["temperature", "target_temperature", "ambiant_temperature"],
        other => vec![other],
    }
}

/// The chart and its small multiples.
#[component]
pub fn Chart(spec: GenerationSpec) -> impl IntoView {
    let simulation = spec.simulation();
    let column = RwSignal::new(
        simulation
            .fault_column()
            .unwrap_or(Column::CarbonDioxideLevel.name())
            .to_owned(),
    );
    let window = RwSignal::new(None::<Range<u64>>);
    let cursor = RwSignal::new(None::<usize>);
    let brush = RwSignal::new(None::<(f64, f64)>);
    // Built a piece at a time on the page's thread, yielding between pieces, so that a
    // million rows never block the page; a newer column or window abandons an older build.
    let data = RwSignal::new(ChartData::from_readings(&[], &[]));
    let drawing = RwSignal::new(false);
    let build = StoredValue::new(0u64);
    Effect::new(move |_| {
        let main = column.get();
        let window = window.get();
        let mut columns: Vec<&'static str> = drawn_with(&main)
            .into_iter()
            .filter_map(|c| CHARTABLE.iter().find(|k| **k == c).copied())
            .collect();
        for m in MULTIPLES {
            if !columns.contains(&m) {
                columns.push(m);
            }
        }
        let mine = build.get_value() + 1;
        build.set_value(mine);
        drawing.set(true);
        leptos::task::spawn_local(async move {
            let mut builder = ChartBuilder::new(&spec, &columns, window, BUCKETS);
            while !builder.advance(PIECE) {
                crate::browser::yield_to_browser().await;
                // Abandoned: a newer build, or the chart is gone (a new spec).
                if build.try_get_value() != Some(mine) {
                    return;
                }
            }
            if build.try_get_value() == Some(mine) {
                data.try_set(builder.finish());
                drawing.try_set(false);
            }
        });
    });
    let main_series = move || drawn_with(&column.get()).len();
    let limits = move || {
        if simulation.fault_column() == Some(column.get().as_str()) {
            simulation.thresholds()
        } else {
            &[]
        }
    };
    let scale = Memo::new(move |_| {
        data.with(|d| {
            let series: Vec<usize> = (0..main_series()).collect();
            Scale::new(MAIN, d, &series, limits())
        })
    });

    // The bucket under a pointer, from its position in the view box.
    let view_x = |ev: &web_sys::MouseEvent| -> Option<f64> {
        use wasm_bindgen::JsCast;
        let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let rect = target.get_bounding_client_rect();
        // The overlay spans the plot, from MAIN.left to the plot's right edge.
        let share = (f64::from(ev.client_x()) - rect.left()) / rect.width().max(1.0);
        Some(MAIN.left + share * (MAIN.width - 12.0 - MAIN.left))
    };
    let bucket_at = move |x: f64| -> usize {
        let row = scale.with_untracked(|s| s.row_at(x));
        data.with_untracked(|d| {
            let rows = d.rows.clone();
            let per = (rows.end - rows.start)
                .div_ceil(d.buckets().max(1) as u64)
                .max(1);
            (((row - rows.start) / per) as usize).min(d.buckets().saturating_sub(1))
        })
    };
    let zoom_to = move |a: f64, b: f64| {
        let (a, b) = (a.min(b), a.max(b));
        let rows = scale.with_untracked(|s| s.row_at(a)..s.row_at(b) + 1);
        if rows.end - rows.start >= 4 {
            window.set(Some(rows));
            cursor.set(None);
        }
    };

    let on_move = move |ev: web_sys::MouseEvent| {
        if let Some(x) = view_x(&ev) {
            cursor.set(Some(bucket_at(x)));
            brush.update(|b| {
                if let Some((_, now)) = b {
                    *now = x;
                }
            });
        }
    };
    let on_down = move |ev: web_sys::MouseEvent| {
        if let Some(x) = view_x(&ev) {
            brush.set(Some((x, x)));
        }
    };
    let on_up = move |_| {
        if let Some((a, b)) = brush.get_untracked() {
            brush.set(None);
            if (a - b).abs() > 6.0 {
                zoom_to(a, b);
            }
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let last = data.with_untracked(|d| d.buckets().saturating_sub(1));
        let step = if ev.shift_key() { 10 } else { 1 };
        let at = cursor.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(at.map_or(0, |c| (c + step).min(last))),
            "ArrowLeft" => Some(at.map_or(last, |c| c.saturating_sub(step))),
            "Home" => Some(0),
            "End" => Some(last),
            "+" | "=" => {
                let centre = at.unwrap_or(last / 2);
                let rows = data.with_untracked(|d| {
                    let per = (d.rows.end - d.rows.start).div_ceil(d.buckets().max(1) as u64);
                    let quarter = (d.rows.end - d.rows.start) / 4;
                    let mid = d.rows.start + centre as u64 * per.max(1);
                    mid.saturating_sub(quarter).max(d.rows.start)..(mid + quarter).min(d.rows.end)
                });
                if rows.end - rows.start >= 4 {
                    window.set(Some(rows));
                }
                None
            }
            "-" | "Escape" => {
                window.set(None);
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if next.is_some() {
            cursor.set(next);
        }
    };

    let plot = move || {
        data.with(|d| {
            scale.with(|s| {
                // The data may still be the previous column's while the new one is built.
                let n = main_series().min(d.columns.len());
                // The setpoint last, on top of the noisy cargo temperature.
                let series = (0..n)
                    .filter(|i| *i != 1)
                    .chain((n > 1).then_some(1))
                    .map(|i| {
                        view! { <polyline class=format!("series s{i}") data-column=d.columns[i] points=svg::points(s, d, i) fill="none"></polyline> }
                    })
                    .collect_view();
                view! {
                    {svg::shading(s, d, true)}
                    {svg::axes(s, d, svg::titled(&column.get_untracked()))}
                    {svg::thresholds(s, limits())}
                    {series}
                    {svg::labelled(s, d)}
                }
            })
        })
    };
    let cursor_line = move || {
        let at = cursor.get()?;
        let rows = data.with(|d| d.series.first().map(|s| s.rows_of(at)))?;
        let x = scale.with(|s| s.x(rows.start as f64));
        Some(
            view! { <line id="chart-cursor" class="cursor" x1=format!("{x:.1}") x2=format!("{x:.1}") y1=MAIN.top.to_string() y2=format!("{:.1}", MAIN.height - MAIN.bottom)></line> },
        )
    };
    let brush_rect = move || {
        let (a, b) = brush.get()?;
        Some(
            view! { <rect class="brush" x=format!("{:.1}", a.min(b)) y=MAIN.top.to_string() width=format!("{:.1}", (a - b).abs()) height=format!("{:.1}", MAIN.height - MAIN.bottom - MAIN.top)></rect> },
        )
    };
    let tooltip = move || {
        let at = cursor.get()?;
        data.with(|d| tooltip(d, at, main_series().min(d.columns.len()))).map(|(left, lines)| {
            view! {
                <div id="chart-tooltip" class="tooltip" role="status" style:left=format!("{:.1}%", left / MAIN.width * 100.0)>
                    {lines.into_iter().map(|l| view! { <div>{l}</div> }).collect_view()}
                </div>
            }
        })
    };
    let legend = move || {
        let main = column.get();
        let names: Vec<String> = drawn_with(&main).into_iter().map(svg::titled).collect();
        let kinds: Vec<&str> = data.with(|d| {
            let mut k: Vec<&str> = d.shading.iter().map(|b| b.kind.name()).collect();
            k.dedup();
            k.sort_unstable();
            k.dedup();
            k
        });
        view! {
            <ul class="legend" id="chart-legend">
                {names.into_iter().enumerate().map(|(i, name)| view! { <li><span class=format!("swatch s{i}")></span>{name}</li> }).collect_view()}
                {(!limits().is_empty()).then(|| view! { <li><span class="swatch threshold"></span>"threshold"</li> })}
                {kinds.into_iter().map(|k| view! { <li><span class="swatch episode"></span>{format!("{k} (ground truth)")}</li> }).collect_view()}
                <li><span class="swatch labelled"></span>"labelled maintenance_required = 1"</li>
            </ul>
        }
    };
    let multiples = move || {
        data.with(|d| {
            MULTIPLES
                .iter()
                .filter_map(|m| Some((*m, d.columns.iter().position(|c| c == m)?)))
                .map(|(name, i)| {
                    let s = Scale::new(SMALL, d, &[i], &[]);
                    view! {
                        <button class="multiple" title=format!("Chart {name}") on:click=move |_| column.set(name.to_owned())>
                            <span class="multiple-title">{svg::titled(name)}</span>
                            <svg viewBox=format!("0 0 {} {}", SMALL.width, SMALL.height) role="img" aria-label=format!("{name} over time")>
                                {svg::shading(&s, d, false)}
                                {svg::axes(&s, d, String::new())}
                                <polyline class="series s0" points=svg::points(&s, d, i) fill="none"></polyline>
                            </svg>
                        </button>
                    }
                })
                .collect_view()
        })
    };
    let zoomed = move || window.get().is_some();

    view! {
        <section class="chart" aria-label="Chart">
            <Fold key="chart" title=Signal::derive(move || format!("{} over time", column.get()))>
            <div class="chart-head">
                <label class="inline">"Column "
                    <select id="chart-column" on:change=move |ev| { column.set(event_target_value(&ev)); cursor.set(None); }
                        prop:value=move || column.get()>
                        {CHARTABLE.iter().map(|c| view! { <option value=*c>{svg::titled(c)}</option> }).collect_view()}
                    </select>
                </label>
                <button id="chart-reset" type="button" disabled=move || !zoomed() on:click=move |_| window.set(None)>"Reset zoom"</button>
            </div>
            <div class="chart-frame">
                <svg id="chart" viewBox=format!("0 0 {} {}", MAIN.width, MAIN.height) role="img" tabindex="0"
                    aria-label=move || format!("{} over time; arrow keys read a reading, + zooms in, - zooms out", column.get())
                    on:keydown=on_key on:blur=move |_| cursor.set(None)>
                    {plot}
                    {cursor_line}
                    {brush_rect}
                    <rect class="overlay" x=MAIN.left.to_string() y=MAIN.top.to_string()
                        width=format!("{:.1}", MAIN.width - 12.0 - MAIN.left) height=format!("{:.1}", MAIN.height - MAIN.bottom - MAIN.top)
                        on:mousemove=on_move on:mousedown=on_down on:mouseup=on_up
                        on:mouseleave=move |_| { cursor.set(None); brush.set(None); }></rect>
                </svg>
                {tooltip}
            </div>
            {legend}
            <p class="hint" id="chart-hint">{move || if drawing.get() { "Drawing…" } else { "Drag across the chart to zoom in time; hover or use the arrow keys to read a reading." }}</p>
            <div class="multiples" aria-label="Main sensors">{multiples}</div>
            </Fold>
        </section>
    }
}

/// The tooltip of bucket `at`: its x in the view and its lines (time, values, label, episode).
fn tooltip(d: &ChartData, at: usize, series: usize) -> Option<(f64, Vec<String>)> {
    let first = d.series.first()?;
    let rows = first.rows_of(at);
    let scale = Scale::new(MAIN, d, &[0], &[]);
    let mut lines = vec![if rows.end - rows.start > 1 {
        format!(
            "{} to {} ({} readings)",
            svg::time_text(d.time_of(rows.start)),
            svg::time_text(d.time_of(rows.end - 1)),
            rows.end - rows.start
        )
    } else {
        svg::time_text(d.time_of(rows.start))
    }];
    for i in 0..series {
        let value = match d.series[i].cells().get(at).copied().flatten() {
            Some(e) if e.min == e.max => svg::trim(e.min),
            Some(e) => format!("{} to {}", svg::trim(e.min), svg::trim(e.max)),
            None => String::from("no reading"),
        };
        let column = d.columns[i];
        let unit = reefer_shared::plot::unit_of(column);
        lines.push(format!("{column}: {value} {unit}").trim_end().to_owned());
    }
    if d.labelled.get(at).copied().flatten().is_some() {
        lines.push(String::from("labelled maintenance_required = 1"));
    }
    if let Some(band) = d.shading.iter().find(|b| b.rows.contains(&rows.start)) {
        lines.push(format!("in a {} episode", band.kind.name()));
    }
    Some((scale.x(rows.start as f64), lines))
}
