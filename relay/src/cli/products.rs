//! `reefer products`: the cargo catalogue, as a table or as JSON (`--json`), with what each
//! product needs in carriage and where each value comes from.

use std::fmt::Write as _;
use std::io::Write as _;

use clap::Args;
use reefer_shared::catalogue::{CargoClass, Carriage, ControlSensor, CATALOGUE};

use crate::error::CliError;

/// Flags of `reefer products`.
#[derive(Debug, Args)]
pub struct ProductsArgs {
    /// Print the catalogue as a JSON array (one object per product, every field and source)
    #[arg(long)]
    pub json: bool,
}

/// One product in `--json`: its carriage and the sensor its controller regulates on.
#[derive(serde::Serialize)]
struct Entry {
    #[serde(flatten)]
    carriage: &'static Carriage,
    control_sensor: ControlSensor,
}

/// Prints the catalogue to stdout.
pub fn run(args: ProductsArgs) -> Result<(), CliError> {
    let text = if args.json {
        let entries: Vec<Entry> = CATALOGUE
            .iter()
            .map(|carriage| Entry {
                carriage,
                control_sensor: carriage.control_sensor(),
            })
            .collect();
        let mut json = serde_json::to_string_pretty(&entries)
            .map_err(|e| CliError::failure(format!("the catalogue as JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        table()
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // `reefer products | head` stops reading early: that is not a failure.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::failure(format!("stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// The catalogue as a text table, grouped by class, then each product's source.
pub fn table() -> String {
    let mut out = String::new();
    for class in CargoClass::ALL {
        let _ = writeln!(out, "{}", class.title());
        let _ = writeln!(
            out,
            "  id  {:<31} {:>7} {:>5} {:>6} {:>6} {:>5} {:<11} {:>5}  control",
            "name", "°C", "±°C", "RH set", "RH %", "vent", "CA O2/CO2 %", "W/t"
        );
        for c in CATALOGUE.iter().filter(|c| c.class == class) {
            let _ = writeln!(out, "  {}", row(c));
        }
        out.push('\n');
    }
    out.push_str("Sources\n");
    for c in &CATALOGUE {
        let _ = writeln!(out, "  {} {}: {}", c.id, c.name, c.source);
    }
    out
}

fn row(c: &Carriage) -> String {
    let humidity_setpoint = c
        .humidity_setpoint_percent
        .map_or_else(|| "-".to_owned(), |h| format!("{h:.0}"));
    let atmosphere = c.controlled_atmosphere.map_or_else(
        || "-".to_owned(),
        |a| format!("{}/{}", a.oxygen_percent, a.carbon_dioxide_percent),
    );
    let sensor = match c.control_sensor() {
        ControlSensor::Supply => "supply air",
        ControlSensor::Return => "return air",
    };
    format!(
        "{} {:<31} {:>7.1} {:>5.1} {:>6} {:>6.0} {:>5.0} {:<11} {:>5.0}  {}",
        c.id,
        c.name,
        c.setpoint_celsius,
        c.tolerance_celsius,
        humidity_setpoint,
        c.humidity_percent,
        c.fresh_air_m3_per_hour,
        atmosphere,
        c.respiration_heat_w_per_tonne,
        sensor
    )
}
