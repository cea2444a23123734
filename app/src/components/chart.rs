//! A chart of the faulty sensor over time, its threshold lines, and the labelled rows marked.

use leptos::prelude::*;
use reefer_shared::{GenerationSpec, Generator};

/// Points drawn at most (a longer run is sampled evenly).
const POINTS: u64 = 600;
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 240.0;

/// The chart (for `normal`, the CO2 level).
#[component]
pub fn Chart(spec: GenerationSpec) -> impl IntoView {
    let simulation = spec.simulation();
    let column = simulation.fault_column().unwrap_or("carbon_dioxide_level");
    let n = spec.records().get();
    let step = (n / POINTS).max(1);
    // x is the reading's row (its event time): a delivery fault's late or repeated rows
    // go back in time, and its gaps are straight lines.
    let mut generator = Generator::new(spec);
    let mut points: Vec<(u64, f64, bool)> = Vec::new();
    let mut position = 0u64;
    while let Some(r) = generator.next() {
        if position.is_multiple_of(step) {
            points.push((
                generator.last_delivered().row,
                r.numeric(column).unwrap_or(f64::NAN),
                r.maintenance_required,
            ));
        }
        position += 1;
    }
    if points.is_empty() {
        return view! { <section class="chart"><p>"No rows to chart."</p></section> }.into_any();
    }
    let thresholds = simulation.thresholds();
    let (mut low, mut high) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), p| (l.min(p.1), h.max(p.1)));
    for t in thresholds {
        low = low.min(*t);
        high = high.max(*t);
    }
    let span = (high - low).max(1e-9);
    let x = move |i: u64| i as f64 / n.max(2).saturating_sub(1).max(1) as f64 * WIDTH;
    let y = move |v: f64| HEIGHT - (v - low) / span * HEIGHT;
    let line: String = points
        .iter()
        .map(|(i, v, _)| format!("{:.1},{:.1} ", x(*i), y(*v)))
        .collect();
    let marks = points
        .iter()
        .filter(|p| p.2)
        .map(|(i, v, _)| view! { <circle class="labelled" cx=format!("{:.1}", x(*i)) cy=format!("{:.1}", y(*v)) r="2.5"></circle> })
        .collect_view();
    let lines = thresholds
        .iter()
        .map(|t| view! {
            <line class="threshold" x1="0" x2=WIDTH.to_string() y1=format!("{:.1}", y(*t)) y2=format!("{:.1}", y(*t))></line>
            <text class="threshold-label" x="4" y=format!("{:.1}", y(*t) - 3.0)>{format!("threshold {t}")}</text>
        })
        .collect_view();
    view! {
        <section class="chart" aria-label="Chart">
            <h2>{format!("{column} over time")}</h2>
            <svg id="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=format!("{column} over {n} readings, labelled rows marked in red")>
                <polyline class="series" points=line fill="none"></polyline>
                {lines}
                {marks}
            </svg>
            <p class="legend">"Red dots: rows labelled maintenance_required = 1."</p>
        </section>
    }
    .into_any()
}
