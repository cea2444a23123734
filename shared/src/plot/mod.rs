//! What a chart of a generation draws, computed without a browser: each bucket of rows reduced
//! to its minimum and maximum (so a single spike still shows and a million rows never become a
//! million points), the fault episodes to shade, the labelled rows to mark, and axis ticks that
//! read well. The control panel draws it as SVG; the rules live here so they are tested natively.

pub mod buckets;
pub mod chart;
pub mod ticks;
pub mod units;

pub use buckets::{Buckets, Extent};
pub use chart::CHARTABLE;
pub use chart::{chart, ChartBuilder, ChartData, Shading};
pub use ticks::{time_ticks, value_ticks, TimeTicks};
pub use units::unit_of;
