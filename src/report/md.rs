//! The report as Markdown: the same facts as the JSON and the HTML, as
//! tables (GitHub-flavoured), the coverage calendar one row per month.

use std::fmt::Write;

use super::{DayState, Report, fmt_bytes, fmt_ms};

/// A table cell: no pipe or newline can break the table.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| "-".to_owned(), cell)
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "NO" }
}

/// One of the calendar's glyphs (also the legend).
pub fn glyph(s: DayState) -> &'static str {
    match s {
        DayState::BackedUp => "#",
        DayState::Failed => "x",
        DayState::Missing => ".",
    }
}

fn table(out: &mut String, head: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        head.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    let mut any = false;
    for r in rows {
        any = true;
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    if !any {
        let _ = writeln!(
            out,
            "| {} |",
            std::iter::once("(none)")
                .chain(head.iter().skip(1).map(|_| ""))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    out.push('\n');
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "# coffer audit report\n");
    let _ = writeln!(
        w,
        "Period: **{}** to **{}** ({} days). Generated {} by coffer {}.\n",
        r.period.since, r.period.until, r.period.days, r.generated_at, r.coffer_version
    );
    let _ = writeln!(
        w,
        "Config: `{}`, SHA-256 `{}`. Owner: {}. RTO target: {}. RPO target: {}.\n",
        r.config.path,
        r.config.sha256,
        opt(&r.config.owner),
        opt(&r.config.rto_target),
        opt(&r.config.rpo_target)
    );
    let _ = writeln!(w, "Audit chain: {}\n", audit_line(r));
    let _ = writeln!(
        w,
        "Contents: 1 Inventory, 2 Coverage, 3 Retention, 4 Legal holds, 5 Verification, 6 Restore drills (RTO), 7 Recovery point (RPO), 8 Anomalies, 9 GDPR erasure, 10 FERPA separation, 11 Audit chain, 12 Appendix: archives.\n"
    );

    let _ = writeln!(w, "## 1. Inventory (SOC 2 A1.2)\n");
    table(
        w,
        &[
            "class",
            "archives",
            "retained",
            "bytes",
            "encryption",
            "recipients (seals)",
            "recipients (config)",
            "primary store",
            "offsite",
            "copies required",
        ],
        r.inventory.classes.iter().map(|c| {
            vec![
                cell(&c.class),
                c.archives.to_string(),
                c.retained.to_string(),
                fmt_bytes(c.bytes),
                cell(&c.encryption.join(", ")),
                cell(&c.recipients.join(", ")),
                cell(&c.configured_recipients.join(", ")),
                cell(&c.primary_store),
                cell(&c.offsite.join(", ")),
                c.copies_required.to_string(),
            ]
        }),
    );
    let _ = writeln!(w, "Storage use per store (now):\n");
    table(
        w,
        &["store", "kind", "present copies", "bytes", "bad copies"],
        r.inventory.stores.iter().map(|s| {
            vec![
                cell(&s.store),
                s.kind.clone(),
                s.copies.to_string(),
                fmt_bytes(s.bytes),
                s.bad.to_string(),
            ]
        }),
    );
    let _ = writeln!(w, "## 2. Coverage (SOC 2 A1.2, CC7)\n");
    let _ = writeln!(
        w,
        "One character per day: `#` backed up, `x` failed (a backup run failed, no archive), `.` missing.\n"
    );
    for c in &r.coverage {
        let _ = writeln!(
            w,
            "### Class {}: {} backed up, {} failed, {} missing\n",
            cell(&c.class),
            c.backed_up,
            c.failed,
            c.missing
        );
        let _ = writeln!(w, "```");
        let mut month = String::new();
        for d in &c.days {
            let m = &d.date[..7];
            if m != month {
                if !month.is_empty() {
                    w.push('\n');
                }
                month = m.to_owned();
                let day: usize = d.date[8..10].parse().unwrap_or(1);
                let _ = write!(w, "{m} {}", " ".repeat(day - 1));
            }
            w.push_str(glyph(d.state));
        }
        let _ = writeln!(w, "\n```\n");
        table(
            w,
            &["gap from", "to", "days", "errors"],
            c.gaps.iter().map(|g| {
                vec![
                    g.from.clone(),
                    g.to.clone(),
                    g.days.to_string(),
                    cell(&g.errors.join("; ")),
                ]
            }),
        );
    }

    let _ = writeln!(w, "## 3. Retention conformance\n");
    for c in &r.retention {
        let p = &c.policy;
        let _ = writeln!(
            w,
            "### Class {}: keep last {}, {} daily, {} weekly, {} monthly, {} yearly\n",
            cell(&c.class),
            p.keep_last,
            p.keep_daily,
            p.keep_weekly,
            p.keep_monthly,
            p.keep_yearly
        );
        if let Some(b) = &c.blocked {
            let _ = writeln!(w, "Prune is blocked: {}\n", cell(b));
        }
        for rule in &c.rules {
            let _ = writeln!(
                w,
                "{} ({} of {} slots filled):\n",
                rule.rule,
                rule.filled.len(),
                rule.keep
            );
            table(
                w,
                &["slot", "archive", "created / reason empty"],
                rule.filled
                    .iter()
                    .map(|s| vec![s.period.clone(), cell(&s.archive_id), s.created.clone()])
                    .chain(
                        rule.empty
                            .iter()
                            .map(|e| vec![e.period.clone(), "(empty)".into(), cell(&e.reason)]),
                    ),
            );
        }
        if !c.due_for_deletion.is_empty() {
            let _ = writeln!(
                w,
                "Due for deletion at the next prune: {}\n",
                c.due_for_deletion.join(", ")
            );
        }
    }

    let _ = writeln!(w, "## 4. Legal holds\n");
    table(
        w,
        &["archive", "active", "reason", "by", "at"],
        r.holds.iter().map(|h| {
            vec![
                cell(&h.archive_id),
                yes(h.active).into(),
                cell(&h.reason),
                cell(&h.by),
                cell(&h.at),
            ]
        }),
    );

    let v = &r.verification;
    let _ = writeln!(w, "## 5. Verification (SOC 2 A1.2, CC7)\n");
    let _ = writeln!(
        w,
        "{} verifications: {} passed, {} failed, {} deep (decrypted).\n",
        v.total, v.ok, v.failed, v.deep
    );
    table(
        w,
        &[
            "at", "archive", "store", "deep", "outcome", "duration", "error",
        ],
        v.runs.iter().map(|x| {
            vec![
                x.at.clone(),
                cell(&x.archive_id),
                cell(&x.store),
                yes(x.deep).into(),
                if x.ok { "ok" } else { "FAILED" }.into(),
                fmt_ms(x.duration_ms),
                opt(&x.error),
            ]
        }),
    );

    let d = &r.drills;
    let _ = writeln!(w, "## 6. Restore drills and RTO (SOC 2 A1.3)\n");
    let _ = writeln!(
        w,
        "{} drills: {} passed, {} failed. RTO target: {}; {} drill(s) over it.\n",
        d.total,
        d.ok,
        d.failed,
        d.rto_target_ms.map_or_else(|| "not set".into(), fmt_ms),
        d.over_target
    );
    table(
        w,
        &[
            "at",
            "archive",
            "outcome",
            "restore (RTO)",
            "check",
            "total",
            "tables",
            "error",
        ],
        d.runs.iter().map(|x| {
            vec![
                x.at.clone(),
                cell(&x.archive_id),
                if x.ok { "ok" } else { "FAILED" }.into(),
                fmt_ms(x.restore_ms),
                fmt_ms(x.check_ms),
                fmt_ms(x.total_ms),
                x.tables_checked.to_string(),
                opt(&x.error),
            ]
        }),
    );

    let _ = writeln!(w, "## 7. Recovery point (RPO)\n");
    table(
        w,
        &[
            "class",
            "largest gap",
            "after",
            "before",
            "target",
            "within target",
        ],
        r.rpo.iter().map(|p| {
            vec![
                cell(&p.class),
                p.largest_gap_hours
                    .map_or_else(|| "-".into(), |h| format!("{h} h")),
                opt(&p.after),
                p.before.clone().unwrap_or_else(|| "(end of period)".into()),
                p.target_hours
                    .map_or_else(|| "-".into(), |h| format!("{h} h")),
                p.within_target.map_or("-", yes).into(),
            ]
        }),
    );

    let a = &r.anomalies;
    let _ = writeln!(w, "## 8. Anomalies (SOC 2 CC7)\n");
    let _ = writeln!(w, "Failed runs:\n");
    table(
        w,
        &["started", "kind", "archive", "error"],
        a.failed_runs.iter().map(|f| {
            vec![
                f.started.clone(),
                f.kind.clone(),
                opt(&f.archive_id),
                f.error
                    .as_deref()
                    .map_or_else(|| "never finished".into(), cell),
            ]
        }),
    );
    let _ = writeln!(
        w,
        "Archive sizes outside {}x-{}x the median of the previous {} archives of their class:\n",
        a.size_band[0], a.size_band[1], a.size_window
    );
    table(
        w,
        &["class", "archive", "created", "size", "median"],
        a.sizes.iter().flat_map(|s| {
            s.points.iter().filter(|p| p.outside_band).map(|p| {
                vec![
                    cell(&s.class),
                    cell(&p.archive_id),
                    p.created.clone(),
                    p.size.to_string(),
                    p.median.map_or_else(|| "-".into(), |m| m.to_string()),
                ]
            })
        }),
    );

    let g = &r.gdpr;
    let _ = writeln!(w, "## 9. GDPR erasure\n");
    let _ = writeln!(
        w,
        "Ledger: {}{}. Subject ids are never shown.\n",
        if g.ledger_verified {
            "hash chain and signatures verified"
        } else {
            "NOT VERIFIED"
        },
        g.ledger_problem
            .as_deref()
            .map(|p| format!(" ({})", cell(p)))
            .unwrap_or_default()
    );
    table(
        w,
        &[
            "request",
            "reference",
            "kind",
            "requested",
            "recorded",
            "archives still holding",
            "gone by",
            "replays after restores (ok / failed)",
        ],
        g.requests.iter().map(|q| {
            vec![
                q.seq.to_string(),
                cell(&q.reference),
                cell(&q.kind),
                q.requested_at.clone(),
                q.recorded_at.clone(),
                q.archives_holding.to_string(),
                cell(&q.gone_by),
                format!("{} / {}", q.replays_ok, q.replays_failed),
            ]
        }),
    );
    let _ = writeln!(w, "Replays in the period:\n");
    table(
        w,
        &[
            "at",
            "archive",
            "target",
            "up to request",
            "applied",
            "outcome",
        ],
        g.replays.iter().map(|p| {
            vec![
                p.at.clone(),
                opt(&p.archive_id),
                cell(&p.target),
                p.ledger_seq.map_or_else(|| "-".into(), |s| s.to_string()),
                p.requests_applied.to_string(),
                match (&p.skipped_reason, p.ok) {
                    (Some(s), _) => format!("skipped: {}", cell(s)),
                    (None, true) => "ok".into(),
                    (None, false) => format!("FAILED: {}", opt(&p.error)),
                },
            ]
        }),
    );

    let _ = writeln!(w, "## 10. FERPA separation\n");
    table(
        w,
        &[
            "class",
            "tables",
            "recipients",
            "store",
            "offsite",
            "retention",
            "general archives checked",
            "holding class rows",
            "separated",
        ],
        r.ferpa.iter().map(|f| {
            let p = &f.retention;
            vec![
                cell(&f.class),
                cell(&if f.tables.is_empty() {
                    f.table_patterns.join(", ")
                } else {
                    f.tables.join(", ")
                }),
                cell(&f.recipients.join(", ")),
                cell(&f.store),
                cell(&f.offsite.join(", ")),
                format!(
                    "{}d/{}w/{}m/{}y",
                    p.keep_daily, p.keep_weekly, p.keep_monthly, p.keep_yearly
                ),
                f.general_archives_checked.to_string(),
                if f.violations.is_empty() {
                    "none".into()
                } else {
                    cell(&f.violations.join(", "))
                },
                yes(f.separated).into(),
            ]
        }),
    );

    let _ = writeln!(w, "## 11. Audit chain\n");
    let _ = writeln!(w, "{}\n", audit_line(r));
    let _ = writeln!(
        w,
        "Config SHA-256 `{}`; coffer {}; report schema {}.",
        r.config.sha256, r.coffer_version, r.schema
    );

    let _ = writeln!(w, "## 12. Appendix: archives created in the period\n");
    table(
        w,
        &[
            "archive",
            "class",
            "created",
            "size",
            "encryption",
            "status",
            "copies in",
        ],
        r.inventory.archives.iter().map(|a| {
            vec![
                cell(&a.id),
                cell(&a.class),
                a.created.clone(),
                a.size.to_string(),
                cell(&a.encryption),
                format!("{:?}", a.status).to_lowercase(),
                cell(&a.stores.join(", ")),
            ]
        }),
    );

    o
}

/// The audit chain in one line; never "verified" unless it was checked.
pub fn audit_line(r: &Report) -> String {
    let a = &r.audit;
    match (a.available, a.verified) {
        (true, Some(true)) => format!(
            "verified, {} entries, head {}",
            a.entries.unwrap_or(0),
            a.head_hash.as_deref().unwrap_or("-")
        ),
        (true, _) => format!("NOT VERIFIED: {}", a.note),
        (false, _) => a.note.clone(),
    }
}
