//! The first rows, and how many rows are faulty and labelled.

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::{GenerationSpec, Generator, Simulation};

/// Rows shown in the table.
const SHOWN: usize = 10;
/// Rows counted for the labelled total (the whole run up to this size).
const COUNTED: u64 = 200_000;

/// The preview table and counts.
#[component]
pub fn Preview(spec: GenerationSpec) -> impl IntoView {
    let generator = Generator::new(spec);
    let faulty: u64 = generator
        .ground_truth()
        .episodes()
        .iter()
        .map(|e| e.rows)
        .sum();
    let delivered = generator.total();
    let records = match spec.simulation() {
        Simulation::Gaps => format!(
            "{} readings, {delivered} delivered; {faulty} missing",
            spec.records()
        ),
        Simulation::Duplicates => format!("{delivered} records; {faulty} sent twice"),
        Simulation::LateEvents => format!("{delivered} records; {faulty} late, out of order"),
        _ => format!("{} records; {faulty} faulty rows", spec.records()),
    };
    let counted = spec.records().get().min(COUNTED);
    let labelled = Generator::new(spec)
        .take(counted as usize)
        .filter(|r| r.maintenance_required)
        .count();
    let scope = if counted < spec.records().get() {
        format!(" (in the first {counted} rows)")
    } else {
        String::new()
    };
    let rows = generator
        .take(SHOWN)
        .map(|r| {
            view! {
                <tr class=if r.maintenance_required { "labelled" } else { "" }>
                    <td>{r.measurement_time.to_string()}</td>
                    <td>{format!("{:.2}", r.temperature)}</td>
                    <td>{format!("{:.2}", r.kilowatts)}</td>
                    <td>{format!("{:.2}", r.oxygen_level)}</td>
                    <td>{format!("{:.2}", r.carbon_dioxide_level)}</td>
                    <td>{if r.fan_1 { "on" } else { "off" }}</td>
                    <td>{u8::from(r.maintenance_required)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="preview" aria-label="Preview">
            <Fold key="preview" title="Preview">
            <p id="counts">
                {format!("{records}; {labelled} labelled maintenance_required{scope}")}
            </p>
            <div class="scroll">
                <table id="preview-table">
                    <thead><tr>
                        <th scope="col">"time"</th><th scope="col">"temperature"</th>
                        <th scope="col">"kilowatts"</th><th scope="col">"O2"</th>
                        <th scope="col">"CO2"</th><th scope="col">"fans"</th><th scope="col">"label"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Fold>
        </section>
    }
}
