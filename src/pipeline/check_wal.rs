//! `coffer check`'s `wal-archive` findings (spec/wal.md "Monitoring"): the
//! newest archived segment's age, gaps since the newest base backup (the
//! catalog's view: cheap, no store read; `wal verify` reads the store), and
//! the base backups themselves. Only when point-in-time recovery is set up
//! (`[wal] class` or `stale_after` configured, or WAL files or base backups
//! in the catalog).

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde::Serialize;

use super::check::{Finding, Severity};
use super::physical::{self, PhysicalInfo};
use super::vault::Vault;
use crate::catalog::{WalFileRecord, WalKind};
use crate::pg::walname;

/// The check's name in findings.
pub const CHECK: &str = "wal-archive";
/// `[wal] stale_after` when unset.
pub const DEFAULT_STALE_AFTER: crate::units::Interval = crate::units::Interval::hours(1);

/// Figures for the metrics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WalFigures {
    /// Present WAL files in the catalog.
    pub files: u64,
    /// Push time of the newest archived segment (Unix seconds).
    pub last_segment_at: Option<i64>,
    /// Segments missing since the newest base backup's start (catalog view).
    pub missing_segments: u64,
    /// Creation time of the newest good base backup (Unix seconds).
    pub last_base_backup_at: Option<i64>,
}

fn finding(severity: Severity, subject: &str, message: String, next: &str) -> Finding {
    Finding {
        check: CHECK,
        severity,
        subject: subject.to_owned(),
        message,
        next_step: next.to_owned(),
    }
}

fn unknown(subject: &str, e: impl std::fmt::Display) -> Finding {
    finding(
        Severity::Unknown,
        subject,
        format!("could not be checked: {e}"),
        "fix what the message names and run `coffer check` again",
    )
}

/// The findings and figures, or nothing when point-in-time recovery is not
/// set up.
pub fn check(vault: &Vault, now: Timestamp) -> (Vec<Finding>, Option<WalFigures>) {
    let cfg = &vault.config;
    let files = match vault.catalog.wal_files() {
        Ok(f) => f,
        Err(e) => return (vec![unknown("wal", e)], None),
    };
    let bases = match physical::physical_backups(vault) {
        Ok(b) => b,
        Err(e) => return (vec![unknown("wal", e)], None),
    };
    let configured = cfg.wal.class.is_some() || cfg.wal.stale_after.is_some();
    if !configured && files.is_empty() && bases.is_empty() {
        return (Vec::new(), None);
    }
    let mut out = Vec::new();
    let mut fig = WalFigures {
        files: files.len() as u64,
        ..WalFigures::default()
    };
    segment_age(cfg, &files, now, &mut out, &mut fig);
    gaps(&files, &bases, &mut out, &mut fig);
    base_backups(vault, &bases, now, &mut out, &mut fig);
    (out, Some(fig))
}

fn age_text(secs: i64) -> String {
    if secs >= 2 * 86_400 {
        format!("{:.1} days", secs as f64 / 86_400.0)
    } else if secs >= 3600 {
        format!("{:.1} h", secs as f64 / 3600.0)
    } else {
        format!("{} min", secs / 60)
    }
}

fn segment_age(
    cfg: &crate::config::Config,
    files: &[WalFileRecord],
    now: Timestamp,
    out: &mut Vec<Finding>,
    fig: &mut WalFigures,
) {
    let warn = cfg.wal.stale_after.unwrap_or(DEFAULT_STALE_AFTER);
    let crit = cfg
        .wal
        .stale_critical
        .map_or_else(|| warn.as_secs().saturating_mul(4), |c| c.as_secs());
    let Some(newest) = files
        .iter()
        .filter(|f| f.kind == WalKind::Segment)
        .max_by_key(|f| f.pushed_at)
    else {
        out.push(finding(
            Severity::Critical,
            "wal",
            "no WAL segment is archived: point-in-time recovery has nothing to replay".into(),
            "set archive_mode = on and archive_command = 'coffer wal push %p' in postgresql.conf; see the server log for the archiver's errors",
        ));
        return;
    };
    fig.last_segment_at = Some(newest.pushed_at.as_second());
    let age = now.duration_since(newest.pushed_at).as_secs().max(0);
    let (severity, next) = if age > crit {
        (
            Severity::Critical,
            "read the server log for archive_command failures (pg_stat_archiver's last_failed_wal); an idle server needs archive_timeout below [wal] stale_after",
        )
    } else if age > warn.as_secs() {
        (
            Severity::Warning,
            "read the server log for archive_command failures (pg_stat_archiver's last_failed_wal); an idle server needs archive_timeout below [wal] stale_after",
        )
    } else {
        (Severity::Ok, "")
    };
    out.push(finding(
        severity,
        "wal",
        format!(
            "the newest archived WAL segment {} is {} old (stale_after {warn}, critical after {})",
            newest.name,
            age_text(age),
            crate::units::Interval(jiff::SignedDuration::from_secs(crit))
        ),
        next,
    ));
}

fn gaps(
    files: &[WalFileRecord],
    bases: &[PhysicalInfo],
    out: &mut Vec<Finding>,
    fig: &mut WalFigures,
) {
    let on = |tl: u32| -> BTreeSet<u64> {
        files
            .iter()
            .filter(|f| f.kind == WalKind::Segment && f.timeline == tl)
            .filter_map(|f| f.segno)
            .collect()
    };
    let size = bases
        .iter()
        .rev()
        .find_map(|b| b.segment_size)
        .unwrap_or(super::wal::DEFAULT_SEGMENT_SIZE);
    // From the newest base backup's start on its timeline, else from the
    // oldest segment of the newest timeline archived.
    let (tl, have, from, to) = match bases.last() {
        Some(b) => {
            let have = on(b.timeline);
            let to = have
                .last()
                .copied()
                .map_or(b.stop_segno, |l| l.max(b.stop_segno));
            (b.timeline, have, b.start_segno, to)
        }
        None => {
            let Some(tl) = files
                .iter()
                .filter(|f| f.kind == WalKind::Segment)
                .map(|f| f.timeline)
                .max()
            else {
                return;
            };
            let have = on(tl);
            let (Some(&from), Some(&to)) = (have.first(), have.last()) else {
                return;
            };
            (tl, have, from, to)
        }
    };
    if to < from {
        return;
    }
    let present = have.range(from..=to).count() as u64;
    let missing = (to - from + 1).saturating_sub(present);
    fig.missing_segments = missing;
    let subject = format!("wal timeline {tl}");
    let range = format!(
        "{} .. {}",
        walname::segment_name(tl, from, size),
        walname::segment_name(tl, to, size)
    );
    if missing == 0 {
        out.push(finding(
            Severity::Ok,
            &subject,
            format!("{range}: no gap ({present} segments)"),
            "",
        ));
        return;
    }
    // The first missing one: bounded by the segments present.
    let mut first = from;
    for s in have.range(from..=to) {
        if *s != first {
            break;
        }
        first += 1;
    }
    out.push(finding(
        Severity::Critical,
        &subject,
        format!(
            "{range}: {missing} segments missing, the first {}: no restore reaches past it",
            walname::segment_name(tl, first, size)
        ),
        "run `coffer wal verify` (it reads the store), then `coffer backup --physical` to start a new complete range",
    ));
}

fn base_backups(
    vault: &Vault,
    bases: &[PhysicalInfo],
    now: Timestamp,
    out: &mut Vec<Finding>,
    fig: &mut WalFigures,
) {
    let Some(newest) = bases.last() else {
        out.push(finding(
            Severity::Critical,
            "physical",
            "no base backup: the WAL archive cannot be restored from anything".into(),
            "run `coffer backup --physical` (and schedule it, e.g. nightly)",
        ));
        return;
    };
    fig.last_base_backup_at = Some(newest.created.as_second());
    let class = vault
        .config
        .wal_class()
        .unwrap_or_else(|_| crate::format::names::GENERAL.to_owned());
    let max = vault.config.policy(&class).max_backup_age;
    let age = now.duration_since(newest.created);
    let secs = age.as_secs().max(0);
    if age > max {
        out.push(finding(
            Severity::Warning,
            "physical",
            format!(
                "the newest base backup {} is {} old (class {class}'s max_backup_age {}): a restore replays all the WAL since",
                newest.id,
                age_text(secs),
                crate::units::Interval(max)
            ),
            "run `coffer backup --physical` (and schedule it, e.g. nightly)",
        ));
    } else {
        out.push(finding(
            Severity::Ok,
            "physical",
            format!("newest base backup {} is {} old", newest.id, age_text(secs)),
            "",
        ));
    }
}
