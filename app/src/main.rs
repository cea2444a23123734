//! The browser control panel: choose a container, product, simulation, record count, seed and
//! start; preview and chart the data; download the CSV (generated here, in WebAssembly, by the
//! same `reefer-shared` as the command line); or send it through the relay to Kafka and watch
//! it arrive.
//!
//! Components (in `components/`) do not know HTTP: `api.rs` talks to the relay, `browser.rs`
//! to the address bar and downloads.

mod api;
mod browser;
mod components;
mod form;
mod settings;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
