//! The SVG of one chart: a frame mapping rows and values to the view, then grid, axes with
//! real times and units, shaded fault episodes, threshold lines, the series and labelled rows.

use std::ops::Range;

use leptos::prelude::*;
use reefer_shared::plot::{time_ticks, unit_of, value_ticks, ChartData};

/// Where a chart draws inside its view box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The view box's width.
    pub width: f64,
    /// The view box's height.
    pub height: f64,
    /// Room for the y axis's labels.
    pub left: f64,
    /// Room above the plot.
    pub top: f64,
    /// Room for the x axis's labels.
    pub bottom: f64,
    /// Ticks wanted on each axis.
    pub ticks: usize,
}

/// The main chart's frame.
pub const MAIN: Frame = Frame {
    width: 960.0,
    height: 320.0,
    left: 64.0,
    top: 20.0,
    bottom: 44.0,
    ticks: 7,
};

/// A small multiple's frame.
pub const SMALL: Frame = Frame {
    width: 320.0,
    height: 150.0,
    left: 36.0,
    top: 10.0,
    bottom: 26.0,
    ticks: 4,
};

/// A frame fitted to some rows and values.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    frame: Frame,
    rows: Range<u64>,
    low: f64,
    high: f64,
}

impl Scale {
    /// `frame` over `data`'s rows and the values of `series` (indexes into `data.series`),
    /// widened to include `also` (thresholds).
    pub fn new(frame: Frame, data: &ChartData, series: &[usize], also: &[f64]) -> Self {
        let (mut low, mut high) = (f64::MAX, f64::MIN);
        for e in series
            .iter()
            .filter_map(|i| data.series.get(*i))
            .flat_map(|s| s.cells().iter().flatten())
        {
            (low, high) = (low.min(e.min), high.max(e.max));
        }
        for t in also {
            (low, high) = (low.min(*t), high.max(*t));
        }
        if low > high {
            (low, high) = (0.0, 1.0);
        }
        let pad = ((high - low) * 0.06).max(0.05);
        Self {
            frame,
            rows: data.rows.clone(),
            low: low - pad,
            high: high + pad,
        }
    }

    /// The plot's right edge.
    pub fn right(&self) -> f64 {
        self.frame.width - 12.0
    }

    /// The plot's lower edge.
    pub fn floor(&self) -> f64 {
        self.frame.height - self.frame.bottom
    }

    /// The x of a row's reading.
    pub fn x(&self, row: f64) -> f64 {
        let span = (self.rows.end - self.rows.start).max(2) - 1;
        self.frame.left
            + (row - self.rows.start as f64) / span as f64 * (self.right() - self.frame.left)
    }

    /// The y of a value.
    pub fn y(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(1e-9);
        self.floor() - (value - self.low) / span * (self.floor() - self.frame.top)
    }

    /// The row under an x of the view (clamped to the rows drawn).
    pub fn row_at(&self, x: f64) -> u64 {
        let span = (self.rows.end - self.rows.start).max(1) as f64;
        let share = ((x - self.frame.left) / (self.right() - self.frame.left)).clamp(0.0, 1.0);
        (self.rows.start + (share * span) as u64).min(self.rows.end.saturating_sub(1))
    }
}

/// A series's polyline points.
pub fn points(scale: &Scale, data: &ChartData, series: usize) -> String {
    let mut out = String::new();
    for (row, value) in data.series[series].points() {
        out.push_str(&format!(
            "{:.1},{:.1} ",
            scale.x(row as f64),
            scale.y(value)
        ));
    }
    out
}

/// The grid and both axes, with their tick labels, and their titles unless `y_title` is empty.
pub fn axes(scale: &Scale, data: &ChartData, y_title: String) -> impl IntoView {
    let f = scale.frame;
    let times = time_ticks(
        data.time_of(data.rows.start),
        data.time_of(data.rows.end.saturating_sub(1)),
        f.ticks,
    );
    let x_ticks = (0..times.at.len())
        .map(|i| {
            let row = (times.at[i] - data.time_of(0)) as f64 / data.interval_seconds as f64;
            let at = scale.x(row);
            let x = format!("{at:.1}");
            let label = times.label(i);
            // A label that would cross the picture's edge is anchored at its end (or start).
            let half = label.chars().count() as f64 * 3.4;
            let class = if at + half > f.width {
                "tick x end"
            } else if at - half < 0.0 {
                "tick x start"
            } else {
                "tick x"
            };
            view! {
                <line class="grid" x1=x.clone() x2=x.clone() y1=f.top.to_string() y2=format!("{:.1}", scale.floor())></line>
                <text class=class x=x y=format!("{:.1}", scale.floor() + 14.0)>{label}</text>
            }
        })
        .collect_view();
    let y_ticks = value_ticks(scale.low, scale.high, f.ticks.min(6))
        .into_iter()
        .map(|v| {
            let y = format!("{:.1}", scale.y(v));
            view! {
                <line class="grid" x1=f.left.to_string() x2=format!("{:.1}", scale.right()) y1=y.clone() y2=y.clone()></line>
                <text class="tick y" x=format!("{:.1}", f.left - 6.0) y=y>{trim(v)}</text>
            }
        })
        .collect_view();
    let mid = (f.top + scale.floor()) / 2.0;
    view! {
        <g class="axes">
            {y_ticks}
            {x_ticks}
            <line class="axis" x1=f.left.to_string() x2=f.left.to_string() y1=f.top.to_string() y2=format!("{:.1}", scale.floor())></line>
            <line class="axis" x1=f.left.to_string() x2=format!("{:.1}", scale.right()) y1=format!("{:.1}", scale.floor()) y2=format!("{:.1}", scale.floor())></line>
            {(!y_title.is_empty()).then(|| view! {
                <text class="axis-title x" x=format!("{:.1}", (f.left + scale.right()) / 2.0) y=format!("{:.1}", f.height - 4.0)>"time (UTC)"</text>
                <text class="axis-title y" x="12" y=format!("{mid:.1}")
                    transform=format!("rotate(-90 12 {mid:.1})")>{y_title}</text>
            })}
        </g>
    }
}

/// The shaded fault episodes, each with its name in a tooltip and, when wide enough, on top.
pub fn shading(scale: &Scale, data: &ChartData, named: bool) -> impl IntoView {
    let f = scale.frame;
    data.shading
        .iter()
        .map(|band| {
            let x0 = scale.x(band.rows.start as f64 - 0.5).max(f.left);
            let x1 = scale.x(band.rows.end as f64 - 0.5).min(scale.right());
            let name = band.kind.name();
            let count = if band.episodes > 1 {
                format!(" ({} episodes)", band.episodes)
            } else {
                String::new()
            };
            let title = format!(
                "{name}{count}: {} to {}",
                time_text(data.time_of(band.rows.start)),
                time_text(data.time_of(band.rows.end.saturating_sub(1)))
            );
            let label = (named && x1 - x0 > 8.0 * name.len() as f64).then(|| {
                view! { <text class="episode-label" x=format!("{:.1}", x0 + 3.0) y=format!("{:.1}", f.top + 11.0)>{name}</text> }
            });
            view! {
                <rect class=format!("episode {}", band.kind.class().name()) data-kind=name
                    x=format!("{x0:.1}") y=f.top.to_string()
                    width=format!("{:.1}", (x1 - x0).max(1.0)) height=format!("{:.1}", scale.floor() - f.top)>
                    <title>{title}</title>
                </rect>
                {label}
            }
        })
        .collect_view()
}

/// The threshold lines of the sensor a fault affects.
pub fn thresholds(scale: &Scale, thresholds: &[f64]) -> impl IntoView {
    let f = scale.frame;
    thresholds
        .iter()
        .map(|t| {
            let y = format!("{:.1}", scale.y(*t));
            view! {
                <line class="threshold" x1=f.left.to_string() x2=format!("{:.1}", scale.right()) y1=y.clone() y2=y></line>
                <text class="threshold-label" x=format!("{:.1}", f.left + 4.0) y=format!("{:.1}", scale.y(*t) - 3.0)>{format!("threshold {}", trim(*t))}</text>
            }
        })
        .collect_view()
}

/// The labelled rows, as dots on the first series.
pub fn labelled(scale: &Scale, data: &ChartData) -> impl IntoView {
    let Some(first) = data.series.first() else {
        return ().into_any();
    };
    data.labelled
        .iter()
        .enumerate()
        .filter_map(|(i, row)| Some((row.as_ref()?, first.cells()[i].as_ref()?)))
        .map(|(row, extent)| {
            view! { <circle class="labelled" cx=format!("{:.1}", scale.x(*row as f64)) cy=format!("{:.1}", scale.y(extent.max)) r="2.5"></circle> }
        })
        .collect_view()
        .into_any()
}

/// A column's axis title: its name and unit.
pub fn titled(column: &str) -> String {
    match unit_of(column) {
        "" => column.to_owned(),
        unit => format!("{column} ({unit})"),
    }
}

/// A number without trailing zeros.
pub fn trim(v: f64) -> String {
    let text = format!("{v:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A time as `YYYY-MM-DD HH:MM`.
pub fn time_text(unix_seconds: i64) -> String {
    reefer_shared::Timestamp::from_unix_seconds(unix_seconds)
        .map(|t| {
            let (y, mo, d, h, mi, _) = t.fields();
            format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}")
        })
        .unwrap_or_default()
}
