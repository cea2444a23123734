//! The control panel's parts, one per file.

pub mod app;
mod board;
mod chart;
mod chart_svg;
mod controls;
mod download;
mod fold;
mod live;
mod maintenance;
mod preview;
mod relay_status;
mod send;
mod stream;
mod token_prompt;
