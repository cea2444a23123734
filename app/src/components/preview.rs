//! The first rows, and how many rows are faulty and labelled.

use leptos::prelude::*;

use super::fold::Fold;
use reefer_shared::columns::{Column, ColumnType, Value};
use reefer_shared::{GenerationSpec, Generator, Simulation};

/// Rows shown in the table.
const SHOWN: usize = 10;
/// Rows counted for the labelled total (the whole run up to this size).
const COUNTED: u64 = 200_000;

/// The columns the table shows, with their headings.
const PREVIEW: [(Column, &str); 7] = [
    (Column::MeasurementTime, "time"),
    (Column::Temperature, "temperature"),
    (Column::Kilowatts, "kilowatts"),
    (Column::OxygenLevel, "O2"),
    (Column::CarbonDioxideLevel, "CO2"),
    (Column::Fan1, "fans"),
    (Column::MaintenanceRequired, "label"),
];

/// A cell's text: readings to two decimals, a fan on or off, the label 0 or 1.
fn cell(column: Column, value: Value<'_>) -> String {
    match value {
        Value::Flag(on) if column.info().column_type == ColumnType::Label => {
            u8::from(on).to_string()
        }
        Value::Text(text) => text.to_owned(),
        Value::Time(time) => time.to_string(),
        Value::Float(v) => format!("{v:.2}"),
        Value::Minutes(n) => n.to_string(),
        Value::Code(n) => n.to_string(),
        Value::Flag(on) => if on { "on" } else { "off" }.to_owned(),
    }
}

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
            let cells = PREVIEW
                .iter()
                .map(|(column, _)| view! { <td>{cell(*column, r.value(*column))}</td> })
                .collect_view();
            view! { <tr class=if r.maintenance_required { "labelled" } else { "" }>{cells}</tr> }
        })
        .collect_view();
    let header = PREVIEW
        .iter()
        .map(|(_, label)| view! { <th scope="col">{*label}</th> })
        .collect_view();
    view! {
        <section class="preview" aria-label="Preview">
            <Fold key="preview" title="Preview">
            <p id="counts">
                {format!("{records}; {labelled} labelled maintenance_required{scope}")}
            </p>
            <div class="scroll">
                <table id="preview-table">
                    <thead><tr>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Fold>
        </section>
    }
}
