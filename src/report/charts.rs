//! The report's charts as inline SVG, drawn by plotters' SVG backend (no
//! font file is read: plotters without its `ttf` feature measures text
//! with a built-in estimate and writes `<text font-family="sans-serif">`,
//! which the browser draws with whatever sans-serif font it has).
//!
//! The x axis is days since the period's start; labels are UTC dates.

use jiff::{SignedDuration, Timestamp};
use plotters::prelude::*;

use super::{Drills, SizeSeries, StoreUse, fmt_bytes};
use crate::error::{Error, Result};

const WIDTH: u32 = 760;
const HEIGHT: u32 = 280;
const BLUE_: RGBColor = RGBColor(31, 95, 168);
const RED_: RGBColor = RGBColor(190, 40, 40);
const BAND: RGBColor = RGBColor(120, 170, 120);

fn chart_err(e: impl std::fmt::Display) -> Error {
    Error::Other(format!("cannot draw a chart: {e}"))
}

/// Plotters writes a standalone SVG document; inside HTML the `<svg>`
/// element is in the SVG namespace without it, and the page must name no
/// URL at all (no request can ever come of it, and the test greps for
/// none), so the namespace attribute goes.
fn inline(svg: String) -> String {
    svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
}

fn days_since(start: Timestamp, t: &str) -> Option<f64> {
    let t: Timestamp = t.parse().ok()?;
    Some(t.duration_since(start).as_secs_f64() / 86_400.0)
}

fn date_label(start: Timestamp, x: f64) -> String {
    let t = start
        .checked_add(SignedDuration::from_secs_f64(x * 86_400.0))
        .unwrap_or(start);
    t.strftime("%Y-%m-%d").to_string()
}

/// Restore time of each drill (seconds) against the RTO target.
pub fn rto_trend(since: Timestamp, period_days: f64, drills: &Drills) -> Result<String> {
    let pts: Vec<(f64, f64, bool)> = drills
        .runs
        .iter()
        .filter_map(|d| {
            Some((
                days_since(since, &d.at)?,
                d.restore_ms as f64 / 1000.0,
                d.ok,
            ))
        })
        .collect();
    let target = drills.rto_target_ms.map(|t| t as f64 / 1000.0);
    let ymax = pts
        .iter()
        .map(|p| p.1)
        .chain(target)
        .fold(1.0_f64, f64::max)
        * 1.15;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Restore time per drill (RTO) against the target",
                ("sans-serif", 16),
            )
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..period_days.max(1.0), 0.0..ymax)
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .label_style(("sans-serif", 13))
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| date_label(since, *x))
            .y_desc("seconds")
            .draw()
            .map_err(chart_err)?;
        chart
            .draw_series(LineSeries::new(pts.iter().map(|p| (p.0, p.1)), &BLUE_))
            .map_err(chart_err)?
            .label("restore time")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE_));
        chart
            .draw_series(pts.iter().map(|p| {
                let c = if p.2 { BLUE_ } else { RED_ };
                Circle::new((p.0, p.1), 4, c.filled())
            }))
            .map_err(chart_err)?;
        if let Some(t) = target {
            chart
                .draw_series(LineSeries::new(
                    [(0.0, t), (period_days.max(1.0), t)],
                    RED_.stroke_width(2),
                ))
                .map_err(chart_err)?
                .label("RTO target")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], RED_));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(inline(svg))
}

/// Archive sizes of one class with the band (0.5x-2x the running median)
/// shaded; archives outside it in red.
pub fn size_band(
    since: Timestamp,
    period_days: f64,
    series: &SizeSeries,
    band: [f64; 2],
) -> Result<String> {
    let pts: Vec<(f64, f64, Option<f64>, bool)> = series
        .points
        .iter()
        .filter_map(|p| {
            Some((
                days_since(since, &p.created)?,
                p.size as f64,
                p.median.map(|m| m as f64),
                p.outside_band,
            ))
        })
        .collect();
    let ymax = pts
        .iter()
        .flat_map(|p| [p.1, p.2.map_or(0.0, |m| m * band[1])])
        .fold(1.0_f64, f64::max)
        * 1.1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Archive sizes of class {} and the expected band",
                    series.class
                ),
                ("sans-serif", 16),
            )
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(72)
            .build_cartesian_2d(0.0..period_days.max(1.0), 0.0..ymax)
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .label_style(("sans-serif", 13))
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| date_label(since, *x))
            .y_label_formatter(&|y| fmt_bytes(*y as u64))
            .draw()
            .map_err(chart_err)?;
        let banded: Vec<(f64, f64)> = pts.iter().filter_map(|p| Some((p.0, p.2?))).collect();
        if banded.len() >= 2 {
            let mut poly: Vec<(f64, f64)> = banded.iter().map(|(x, m)| (*x, m * band[1])).collect();
            poly.extend(banded.iter().rev().map(|(x, m)| (*x, m * band[0])));
            chart
                .draw_series(std::iter::once(Polygon::new(poly, BAND.mix(0.35).filled())))
                .map_err(chart_err)?
                .label(format!("{}x-{}x the running median", band[0], band[1]))
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BAND.filled()));
        }
        chart
            .draw_series(LineSeries::new(pts.iter().map(|p| (p.0, p.1)), &BLUE_))
            .map_err(chart_err)?
            .label("archive size")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE_));
        chart
            .draw_series(
                pts.iter()
                    .filter(|p| p.3)
                    .map(|p| Circle::new((p.0, p.1), 5, RED_.filled())),
            )
            .map_err(chart_err)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(inline(svg))
}

/// Bytes held per store, one bar each.
pub fn storage(stores: &[StoreUse]) -> Result<String> {
    let n = stores.len().max(1);
    let ymax = stores.iter().map(|s| s.bytes as f64).fold(1.0, f64::max) * 1.2;
    let mut svg = String::new();
    {
        let height = 90 + 40 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Storage use per store", ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(140)
            .build_cartesian_2d(0.0..ymax, (0..n).into_segmented())
            .map_err(chart_err)?;
        let names: Vec<String> = stores.iter().map(|s| s.store.clone()).collect();
        chart
            .configure_mesh()
            .label_style(("sans-serif", 13))
            .disable_y_mesh()
            .x_labels(5)
            .x_label_formatter(&|x| fmt_bytes(*x as u64))
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(chart_err)?;
        chart
            .draw_series(stores.iter().enumerate().map(|(i, s)| {
                Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (s.bytes as f64, SegmentValue::Exact(i + 1)),
                    ],
                    BLUE_.filled(),
                )
            }))
            .map_err(chart_err)?;
        root.present().map_err(chart_err)?;
    }
    Ok(inline(svg))
}
