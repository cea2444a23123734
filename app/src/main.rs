//! The browser control panel. For now a placeholder that proves `shared` links into the app;
//! the Leptos SPA arrives with its own issue.

fn main() {
    let _ = reefer_shared::Simulation::ALL;
}
