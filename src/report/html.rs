//! The report as one self-contained HTML file: inline CSS, inline SVG
//! charts (charts.rs), no script, no link, no font, no URL. Rendered with
//! minijinja (auto-escaping HTML) from the same model as the JSON.

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::{DayState, Report, charts, fmt_bytes, fmt_ms, md};
use crate::error::{Error, Result};

const TEMPLATE: &str = include_str!("templates/report.html");
const CSS: &str = include_str!("templates/report.css");

/// An environment with the filters the templates use (`bytes`, `ms`).
/// The template name ends in ".html", so minijinja escapes every value.
pub(super) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.add_filter("bytes", |n: u64| fmt_bytes(n));
    env.add_filter("ms", |n: u64| fmt_ms(n));
    env
}

pub(super) fn template_err(e: minijinja::Error) -> Error {
    Error::Other(format!("cannot render the document: {e:#}"))
}

/// No text in the page may read as a URL (an erasure reference or an S3
/// endpoint is a fact, never a link): "://" is written with its slashes
/// as character references, which display the same.
pub(super) fn defang(html: String) -> String {
    html.replace("://", ":&#47;&#47;")
}

#[derive(Serialize)]
struct Month {
    label: String,
    lead: usize,
    days: Vec<CalDay>,
}

#[derive(Serialize)]
struct CalDay {
    date: String,
    state: DayState,
}

#[derive(Serialize)]
struct Calendar<'a> {
    class: &'a str,
    backed_up: usize,
    failed: usize,
    missing: usize,
    months: Vec<Month>,
    gaps: &'a [super::Gap],
}

#[derive(Serialize)]
struct Tile {
    value: String,
    label: &'static str,
    class: &'static str,
}

fn tile(value: impl ToString, label: &'static str, bad: bool) -> Tile {
    Tile {
        value: value.to_string(),
        label,
        class: if bad { "bad" } else { "good" },
    }
}

pub fn render(r: &Report) -> Result<String> {
    let since: jiff::Timestamp = r
        .period
        .since
        .parse()
        .map_err(|e| Error::Other(format!("report period: {e}")))?;
    let until: jiff::Timestamp = r
        .period
        .until
        .parse()
        .map_err(|e| Error::Other(format!("report period: {e}")))?;
    let days = until.duration_since(since).as_secs_f64() / 86_400.0;

    let calendars: Vec<Calendar<'_>> = r
        .coverage
        .iter()
        .map(|c| {
            let mut months: Vec<Month> = Vec::new();
            for d in &c.days {
                let label = d.date.get(..7).unwrap_or_default().to_owned();
                if months.last().is_none_or(|m| m.label != label) {
                    let day: usize = d.date.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1);
                    months.push(Month {
                        label,
                        lead: day.saturating_sub(1),
                        days: Vec::new(),
                    });
                }
                if let Some(m) = months.last_mut() {
                    m.days.push(CalDay {
                        date: d.date.clone(),
                        state: d.state,
                    });
                }
            }
            Calendar {
                class: &c.class,
                backed_up: c.backed_up,
                failed: c.failed,
                missing: c.missing,
                months,
                gaps: &c.gaps,
            }
        })
        .collect();

    let sizes: Vec<Value> = r
        .anomalies
        .sizes
        .iter()
        .map(|s| {
            charts::size_band(since, days, s, r.anomalies.size_band).map(Value::from_safe_string)
        })
        .collect::<Result<_>>()?;
    let rto = Value::from_safe_string(charts::rto_trend(since, days, &r.drills)?);
    let storage = Value::from_safe_string(charts::storage(&r.inventory.stores)?);

    let gaps: usize = r.coverage.iter().map(|c| c.gaps.len()).sum();
    let worst_rpo = r
        .rpo
        .iter()
        .filter_map(|p| p.largest_gap_hours)
        .fold(None, |a: Option<f64>, h| Some(a.map_or(h, |a| a.max(h))));
    let summary = vec![
        tile(
            r.inventory.archives.len(),
            "archives in the period",
            r.inventory.archives.is_empty(),
        ),
        tile(gaps, "coverage gaps", gaps > 0),
        tile(
            format!("{} / {}", r.verification.ok, r.verification.total),
            "verifications passed",
            r.verification.failed > 0,
        ),
        tile(
            format!("{} / {}", r.drills.ok, r.drills.total),
            "drills passed",
            r.drills.failed > 0 || r.drills.total == 0,
        ),
        tile(
            r.drills
                .runs
                .last()
                .map_or_else(|| "-".to_owned(), |d| fmt_ms(d.restore_ms)),
            "last drill's RTO",
            r.drills.over_target > 0,
        ),
        tile(
            worst_rpo.map_or_else(|| "-".to_owned(), |h| format!("{h} h")),
            "largest gap (RPO)",
            r.rpo.iter().any(|p| p.within_target == Some(false)),
        ),
        tile(
            r.anomalies.failed_runs.len(),
            "failed runs",
            !r.anomalies.failed_runs.is_empty(),
        ),
        tile(
            r.gdpr.requests.len(),
            "erasure requests",
            !r.gdpr.ledger_verified,
        ),
    ];
    let audit_class = match (r.audit.available, r.audit.verified) {
        (true, Some(true)) => "good",
        (true, _) => "bad",
        (false, _) => "",
    };

    let mut env = environment();
    env.add_template("report.html", TEMPLATE)
        .map_err(template_err)?;
    let tmpl = env.get_template("report.html").map_err(template_err)?;
    let html = tmpl
        .render(context! {
            r => Value::from(Serde(r)),
            css => Value::from_safe_string(CSS.to_owned()),
            calendars => Value::from(Serde(&calendars)),
            summary => Value::from(Serde(&summary)),
            audit_line => md::audit_line(r),
            audit_class => audit_class,
            charts => context! { rto => rto, storage => storage, sizes => sizes },
        })
        .map_err(template_err)?;
    Ok(defang(html))
}
