//! The audit report of issue 13 (`coffer report`): a model of what the
//! vault did over a period, built from the catalog and the live config,
//! with the evidence a SOC 2 auditor asks for (A1.2 backup infrastructure,
//! A1.3 recovery testing, CC7 monitoring), GDPR erasures and FERPA
//! separation. The model is the JSON (`Report: Serialize`, schema in
//! spec/report.md); the Markdown (md.rs) and the HTML (html.rs, charts.rs)
//! are rendered from it and carry the same facts. The procedures document
//! (`coffer policy render`) is policy.rs.
//!
//! Everything here reads; nothing writes the catalog or a store.

pub mod charts;
pub mod html;
pub mod md;
pub mod policy;

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde::Serialize;

use crate::catalog::{
    ArchiveFilter, ArchiveRecord, ArchiveStatus, CopyStatus, HoldRecord, Outcome, RunFilter,
    RunKind, RunRecord,
};
use crate::error::{Error, Result};
use crate::format::names;
use crate::pipeline::maintain;
use crate::pipeline::vault::Vault;
use crate::retention::{self, BackupHealth, Candidate, Verified};

/// The schema id of the JSON (spec/report.md). Bumped on any change that
/// removes or renames a field; new fields may appear without a bump.
pub const SCHEMA: &str = "coffer-report/1";

/// The default period: one year up to now.
const DEFAULT_DAYS: i64 = 365;

/// The whole report. Field order is the order of the sections.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub generated_at: String,
    pub coffer_version: &'static str,
    pub period: Period,
    pub config: ConfigFacts,
    pub audit: AuditStatus,
    pub inventory: Inventory,
    pub coverage: Vec<Coverage>,
    pub retention: Vec<RetentionClass>,
    pub holds: Vec<Hold>,
    pub verification: Verification,
    pub drills: Drills,
    pub rpo: Vec<Rpo>,
    pub anomalies: Anomalies,
    pub gdpr: Gdpr,
    pub ferpa: Vec<FerpaClass>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub since: String,
    pub until: String,
    /// Calendar days (UTC) covered, both ends included.
    pub days: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConfigFacts {
    pub path: String,
    /// Hex SHA-256 of the config file's bytes.
    pub sha256: String,
    pub owner: Option<String>,
    pub rto_target: Option<String>,
    pub rpo_target: Option<String>,
}

/// The audit chain's state. `available: false` in a build without the
/// audit log: the report then says so, and never claims "verified".
#[derive(Debug, Clone, Serialize)]
pub struct AuditStatus {
    pub available: bool,
    pub verified: Option<bool>,
    pub head_hash: Option<String>,
    pub entries: Option<u64>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    pub classes: Vec<ClassInventory>,
    pub stores: Vec<StoreUse>,
    /// Archives created in the period (deleted ones included, with their status).
    pub archives: Vec<ArchiveRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassInventory {
    pub class: String,
    /// Archives created in the period.
    pub archives: usize,
    /// Of those, still held (not deleted by retention).
    pub retained: usize,
    pub bytes: u64,
    /// Encryption schemes of the period's archives ("age", "openpgp", ...).
    pub encryption: Vec<String>,
    /// Recipient fingerprints found in the period's seals.
    pub recipients: Vec<String>,
    /// Recipient fingerprints configured now.
    pub configured_recipients: Vec<String>,
    pub primary_store: String,
    pub offsite: Vec<String>,
    pub copies_required: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoreUse {
    pub store: String,
    /// "local" or "s3".
    pub kind: String,
    /// Present copies now (every archive, not only the period's).
    pub copies: usize,
    pub bytes: u64,
    pub bad: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveRow {
    pub id: String,
    pub class: String,
    pub created: String,
    pub size: u64,
    pub encryption: String,
    pub status: ArchiveStatus,
    /// Stores holding a present copy.
    pub stores: Vec<String>,
}

/// One class's calendar: one cell per day.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub class: String,
    pub days: Vec<Day>,
    pub backed_up: usize,
    pub failed: usize,
    pub missing: usize,
    /// Runs of consecutive days without an archive.
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: String,
    pub state: DayState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayState {
    /// An archive of the class was created that day.
    BackedUp,
    /// No archive, and a backup run failed that day.
    Failed,
    /// No archive and no failed run.
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub from: String,
    pub to: String,
    pub days: usize,
    /// Errors of the failed backup runs of those days.
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RetentionClass {
    pub class: String,
    pub policy: retention::Policy,
    /// Why prune deletes nothing now, if it would not.
    pub blocked: Option<String>,
    pub rules: Vec<RuleSlots>,
    /// Retained archives that retention would delete at the next prune.
    pub due_for_deletion: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleSlots {
    /// daily, weekly, monthly or yearly.
    pub rule: String,
    pub keep: u32,
    pub filled: Vec<Slot>,
    /// The rule's calendar periods counted back from now (`keep` of them)
    /// that hold no slot, each with why. Retention counts periods that have
    /// archives, so a slot missing here is filled by an older period.
    pub empty: Vec<EmptySlot>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    pub period: String,
    pub archive_id: String,
    pub created: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EmptySlot {
    pub period: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hold {
    pub archive_id: String,
    pub active: bool,
    pub reason: String,
    pub by: String,
    pub at: String,
    pub events: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub total: usize,
    pub ok: usize,
    pub failed: usize,
    pub deep: usize,
    pub runs: Vec<VerificationRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerificationRow {
    pub archive_id: String,
    pub at: String,
    pub store: String,
    pub deep: bool,
    pub ok: bool,
    pub duration_ms: u64,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Drills {
    /// `[policy] rto_target` in milliseconds, if set.
    pub rto_target_ms: Option<u64>,
    pub total: usize,
    pub ok: usize,
    pub failed: usize,
    /// Drills whose restore took longer than the target.
    pub over_target: usize,
    pub runs: Vec<DrillRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DrillRow {
    pub archive_id: String,
    pub at: String,
    pub ok: bool,
    /// The measured recovery time (RTO): the restore.
    pub restore_ms: u64,
    pub check_ms: u64,
    pub total_ms: u64,
    pub tables_checked: u64,
    pub error: Option<String>,
}

/// The recovery point: the largest gap between good backups of a class.
#[derive(Debug, Clone, Serialize)]
pub struct Rpo {
    pub class: String,
    pub largest_gap_hours: Option<f64>,
    /// The archives on either side of it.
    pub after: Option<String>,
    pub before: Option<String>,
    pub target_hours: Option<f64>,
    pub within_target: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomalies {
    pub failed_runs: Vec<FailedRun>,
    pub size_window: usize,
    pub size_band: [f64; 2],
    pub sizes: Vec<SizeSeries>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FailedRun {
    pub kind: String,
    pub started: String,
    pub archive_id: Option<String>,
    /// `None` when the run never finished (the process died).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizeSeries {
    pub class: String,
    pub points: Vec<SizePoint>,
    /// The points outside the band.
    pub outliers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizePoint {
    pub archive_id: String,
    pub created: String,
    pub size: u64,
    /// Median of the previous `size_window` archives (none for the first).
    pub median: Option<u64>,
    pub outside_band: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gdpr {
    /// The ledger's hash chain and signatures check out.
    pub ledger_verified: bool,
    pub ledger_problem: Option<String>,
    pub ledger_head: Option<String>,
    pub requests: Vec<ErasureRequest>,
    /// Replays in the period (after restores, or run by hand).
    pub replays: Vec<Replay>,
}

/// One request: never the subject id, in any form.
#[derive(Debug, Clone, Serialize)]
pub struct ErasureRequest {
    pub seq: u64,
    pub reference: String,
    pub kind: String,
    pub requested_at: String,
    pub recorded_at: String,
    /// When the last backup holding the subject expires (or why there is no date).
    pub gone_by: String,
    pub gone_by_date: Option<String>,
    pub archives_holding: usize,
    /// Replays after restores that covered this request.
    pub replays_ok: usize,
    pub replays_failed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    pub at: String,
    pub archive_id: Option<String>,
    pub target: String,
    pub ledger_seq: Option<u64>,
    pub requests_applied: u64,
    pub ok: bool,
    pub error: Option<String>,
    pub skipped_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FerpaClass {
    pub class: String,
    pub table_patterns: Vec<String>,
    /// Tables the newest backup put in this class.
    pub tables: Vec<String>,
    pub recipients: Vec<String>,
    pub store: String,
    pub offsite: Vec<String>,
    pub retention: retention::Policy,
    /// General archives of the period checked for this class's row counts.
    pub general_archives_checked: usize,
    /// General archives that hold a row count of one of the class's tables
    /// (must be empty: the evidence of separation).
    pub violations: Vec<String>,
    /// The class shares no recipient with the general class.
    pub recipients_separate: bool,
    pub separated: bool,
}

/// Parses `--since` / `--until`: RFC 3339, or a UTC date (a date as
/// `--until` means the end of that day).
pub fn parse_bound(s: &str, end_of_day: bool) -> Result<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let d: Date = s.parse().map_err(|_| {
        Error::Input(format!(
            "{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"
        ))
    })?;
    let d = if end_of_day {
        d.checked_add(1.day())
            .map_err(|e| Error::Input(format!("{s}: {e}")))?
    } else {
        d
    };
    TimeZone::UTC
        .to_timestamp(d.at(0, 0, 0, 0))
        .map_err(|e| Error::Input(format!("{s}: {e}")))
}

fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn date_of(t: Timestamp) -> Date {
    t.to_zoned_datetime(TimeZone::UTC).date()
}

/// What the report reads once from the catalog, shared by the sections.
struct Facts {
    /// Every archive, deleted ones included, oldest first.
    all: Vec<ArchiveRecord>,
    runs: Vec<RunRecord>,
    candidates: BTreeMap<String, Candidate>,
}

/// Builds the report of `[since, until)`; defaults: the year up to now.
pub fn build(vault: &Vault, since: Option<Timestamp>, until: Option<Timestamp>) -> Result<Report> {
    let now = crate::now();
    let until = until.unwrap_or(now);
    let since = since.unwrap_or_else(|| {
        until
            .checked_sub(SignedDuration::from_hours(24 * DEFAULT_DAYS))
            .unwrap_or(Timestamp::MIN)
    });
    if since >= until {
        return Err(Error::Input(format!(
            "--since ({}) must be before --until ({})",
            ts(since),
            ts(until)
        )));
    }
    let cfg = &vault.config;
    let cat = &vault.catalog;
    let mut all = cat.archives(ArchiveFilter {
        class: None,
        include_deleted: true,
    })?;
    all.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    let runs = cat.runs(RunFilter::default())?;
    let mut candidates = BTreeMap::new();
    for a in all.iter().filter(|a| a.status == ArchiveStatus::Good) {
        candidates.insert(a.id.clone(), maintain::candidate(cat, a)?);
    }
    let facts = Facts {
        all,
        runs,
        candidates,
    };
    let in_period = |t: Timestamp| t >= since && t < until;
    let period_archives: Vec<&ArchiveRecord> =
        facts.all.iter().filter(|a| in_period(a.created)).collect();

    let mut classes: Vec<String> = std::iter::once(names::GENERAL.to_owned())
        .chain(cfg.classes.keys().cloned())
        .chain(facts.all.iter().map(|a| a.class.clone()))
        .collect();
    classes.sort();
    classes.dedup();

    let config_bytes = std::fs::read(&cfg.path)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", cfg.path.display())))?;
    let p = &cfg.policy;
    let config = ConfigFacts {
        path: cfg.path.display().to_string(),
        sha256: crate::digest::Digest::of(&config_bytes).to_hex(),
        owner: p.owner.clone(),
        rto_target: p.rto_target.map(|i| i.to_string()),
        rpo_target: p.rpo_target.map(|i| i.to_string()),
    };

    let inventory = inventory(vault, &classes, &facts, &period_archives)?;
    let coverage = classes
        .iter()
        .map(|c| coverage(c, &facts, since, until))
        .collect();
    let retention = retention_conformance(vault, &facts, now)?;
    let holds = holds(vault)?;
    let (verification, drills) = history(vault, &facts, &in_period)?;
    let rpo = classes
        .iter()
        .map(|c| rpo(vault, c, &facts, since, until))
        .collect();
    let anomalies = anomalies(&cfg.check, &classes, &facts, &in_period);
    let gdpr = gdpr(vault, &facts, &in_period)?;
    let ferpa = ferpa(vault, &facts, &period_archives);

    Ok(Report {
        schema: SCHEMA,
        generated_at: ts(now),
        coffer_version: env!("CARGO_PKG_VERSION"),
        period: Period {
            since: ts(since),
            until: ts(until),
            days: calendar(since, until).len(),
        },
        config,
        audit: audit_status(vault),
        inventory,
        coverage,
        retention,
        holds,
        verification,
        drills,
        rpo,
        anomalies,
        gdpr,
        ferpa,
    })
}

/// The audit chain's state, from `audit::verify_chain` (the catalog's log,
/// reaching the last entry of the vault's own store). A check that cannot
/// run is reported as such, never as "verified".
fn audit_status(vault: &Vault) -> AuditStatus {
    let checked = vault
        .signer()
        .and_then(|s| crate::audit::verify_chain(&vault.catalog, &vault.config, &s));
    match checked {
        Ok(c) => AuditStatus {
            available: true,
            verified: Some(c.ok()),
            head_hash: c.head_hash.clone(),
            entries: Some(c.entries),
            note: match &c.broken {
                None => format!("verified ({} entries, {})", c.entries, c.source),
                Some(b) => b.to_string(),
            },
        },
        Err(e) => AuditStatus {
            available: true,
            verified: Some(false),
            head_hash: None,
            entries: None,
            note: format!("the audit log could not be checked: {e}"),
        },
    }
}

fn age_fingerprints(recipients: &[String]) -> Vec<String> {
    recipients
        .iter()
        .map(|r| match crate::crypto::parse_age_recipient(r) {
            Ok(r) => crate::crypto::age_fingerprint(&r),
            Err(_) => format!("unparsable recipient {r:?}"),
        })
        .collect()
}

/// The configured recipients of a class, as fingerprints (the seal's form).
pub fn class_fingerprints(vault: &Vault, class: &str) -> Vec<String> {
    match vault.config.classes.get(class) {
        Some(c) => age_fingerprints(&crate::config::recipients::keys(&c.recipients)),
        None => vault
            .config
            .recipients()
            .map(|rs| rs.iter().map(crate::crypto::age_fingerprint).collect())
            .unwrap_or_else(|_| {
                age_fingerprints(&crate::config::recipients::keys(
                    &vault.config.vault.recipients,
                ))
            }),
    }
}

fn inventory(
    vault: &Vault,
    classes: &[String],
    facts: &Facts,
    period: &[&ArchiveRecord],
) -> Result<Inventory> {
    let cfg = &vault.config;
    let mut rows = Vec::with_capacity(period.len());
    for a in period {
        let stores = if a.status == ArchiveStatus::Good {
            present_stores(vault, a)?
        } else {
            Vec::new()
        };
        rows.push(ArchiveRow {
            id: a.id.clone(),
            class: a.class.clone(),
            created: ts(a.created),
            size: a.size,
            encryption: a.encryption.clone(),
            status: a.status,
            stores,
        });
    }
    let class_rows = classes
        .iter()
        .map(|class| {
            let mine: Vec<&&ArchiveRecord> = period.iter().filter(|a| &a.class == class).collect();
            let set = |f: &dyn Fn(&ArchiveRecord) -> Vec<String>| -> Vec<String> {
                let s: BTreeSet<String> = mine.iter().flat_map(|a| f(a)).collect();
                s.into_iter().collect()
            };
            ClassInventory {
                class: class.clone(),
                archives: mine.len(),
                retained: mine
                    .iter()
                    .filter(|a| a.status == ArchiveStatus::Good)
                    .count(),
                bytes: mine.iter().map(|a| a.size).sum(),
                encryption: set(&|a| vec![a.encryption.clone()]),
                recipients: set(&|a| a.recipients.clone()),
                configured_recipients: class_fingerprints(vault, class),
                primary_store: cfg.primary_store_name(class),
                offsite: cfg.class_offsite(class).to_vec(),
                copies_required: cfg.copies_required(class),
            }
        })
        .collect();
    // Storage use: every present copy of every good archive, per store.
    let mut stores: BTreeMap<String, StoreUse> = BTreeMap::new();
    let mut store_names: Vec<String> = vec!["local".into()];
    store_names.extend(cfg.stores.keys().cloned());
    for name in store_names {
        let kind = match cfg.stores.get(&name) {
            Some(crate::config::StoreSection::S3(_)) => "s3",
            _ => "local",
        };
        stores.insert(
            name.clone(),
            StoreUse {
                store: name,
                kind: kind.into(),
                copies: 0,
                bytes: 0,
                bad: 0,
            },
        );
    }
    for a in facts.all.iter().filter(|a| a.status == ArchiveStatus::Good) {
        let copies = vault.catalog.copies(&a.id)?;
        if copies.is_empty() {
            let s = stores.entry(a.store.clone()).or_insert_with(|| StoreUse {
                store: a.store.clone(),
                kind: "local".into(),
                copies: 0,
                bytes: 0,
                bad: 0,
            });
            s.copies += 1;
            s.bytes += a.size;
        }
        for c in copies {
            let s = stores.entry(c.store.clone()).or_insert_with(|| StoreUse {
                store: c.store.clone(),
                kind: "unknown".into(),
                copies: 0,
                bytes: 0,
                bad: 0,
            });
            match c.status {
                CopyStatus::Present => {
                    s.copies += 1;
                    s.bytes += c.size;
                }
                CopyStatus::Bad => s.bad += 1,
                CopyStatus::Deleted => {}
            }
        }
    }
    Ok(Inventory {
        classes: class_rows,
        stores: stores.into_values().collect(),
        archives: rows,
    })
}

fn present_stores(vault: &Vault, a: &ArchiveRecord) -> Result<Vec<String>> {
    let copies = vault.catalog.copies(&a.id)?;
    if copies.is_empty() {
        return Ok(vec![a.store.clone()]);
    }
    Ok(copies
        .into_iter()
        .filter(|c| c.status == CopyStatus::Present)
        .map(|c| c.store)
        .collect())
}

/// The UTC dates from `since` to the instant before `until`.
fn calendar(since: Timestamp, until: Timestamp) -> Vec<Date> {
    let first = date_of(since);
    let last = date_of(
        until
            .checked_sub(SignedDuration::from_nanos(1))
            .unwrap_or(until),
    );
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        out.push(d);
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

fn failed_backups(facts: &Facts) -> impl Iterator<Item = &RunRecord> {
    facts
        .runs
        .iter()
        .filter(|r| r.kind == RunKind::Backup && r.outcome != Some(Outcome::Ok))
}

fn coverage(class: &str, facts: &Facts, since: Timestamp, until: Timestamp) -> Coverage {
    let backed: BTreeSet<Date> = facts
        .all
        .iter()
        .filter(|a| a.class == class)
        .map(|a| date_of(a.created))
        .collect();
    let mut failed: BTreeMap<Date, Vec<String>> = BTreeMap::new();
    for r in failed_backups(facts) {
        failed.entry(date_of(r.started)).or_default().push(
            r.error
                .clone()
                .unwrap_or_else(|| "the run never finished".into()),
        );
    }
    let mut days = Vec::new();
    let mut gaps: Vec<Gap> = Vec::new();
    let mut open: Option<Gap> = None;
    for d in calendar(since, until) {
        let state = if backed.contains(&d) {
            DayState::BackedUp
        } else if failed.contains_key(&d) {
            DayState::Failed
        } else {
            DayState::Missing
        };
        let date = d.to_string();
        if state == DayState::BackedUp {
            gaps.extend(open.take());
        } else {
            let g = open.get_or_insert_with(|| Gap {
                from: date.clone(),
                to: date.clone(),
                days: 0,
                errors: Vec::new(),
            });
            g.to = date.clone();
            g.days += 1;
            for e in failed.get(&d).into_iter().flatten() {
                if !g.errors.contains(e) {
                    g.errors.push(e.clone());
                }
            }
        }
        days.push(Day { date, state });
    }
    gaps.extend(open);
    let count = |s: DayState| days.iter().filter(|d| d.state == s).count();
    Coverage {
        class: class.to_owned(),
        backed_up: count(DayState::BackedUp),
        failed: count(DayState::Failed),
        missing: count(DayState::Missing),
        days,
        gaps,
    }
}

/// The calendar period of `rule` that is `back` periods before `t`'s.
fn period_label(rule: &str, t: Timestamp, back: i64) -> Option<(String, Timestamp, Timestamp)> {
    let d = date_of(t);
    let (start, end) = match rule {
        "daily" => {
            let s = d.checked_sub(back.days()).ok()?;
            (s, s.tomorrow().ok()?)
        }
        "weekly" => {
            let monday = d
                .checked_sub(i64::from(d.weekday().to_monday_zero_offset()).days())
                .ok()?;
            let s = monday.checked_sub((7 * back).days()).ok()?;
            (s, s.checked_add(7.days()).ok()?)
        }
        "monthly" => {
            let s = d.first_of_month().checked_sub(back.months()).ok()?;
            (s, s.checked_add(1.month()).ok()?)
        }
        _ => {
            let s = d.first_of_year().checked_sub(back.years()).ok()?;
            (s, s.checked_add(1.year()).ok()?)
        }
    };
    let label = match rule {
        "daily" => start.strftime("%Y-%m-%d").to_string(),
        "weekly" => start.strftime("%G-W%V").to_string(),
        "monthly" => start.strftime("%Y-%m").to_string(),
        _ => start.strftime("%Y").to_string(),
    };
    let at = |d: Date| TimeZone::UTC.to_timestamp(d.at(0, 0, 0, 0)).ok();
    Some((label, at(start)?, at(end)?))
}

fn retention_conformance(
    vault: &Vault,
    facts: &Facts,
    now: Timestamp,
) -> Result<Vec<RetentionClass>> {
    let health = BackupHealth {
        newest_run_failed: facts
            .runs
            .iter()
            .find(|r| r.kind == RunKind::Backup)
            .is_some_and(|r| r.outcome != Some(Outcome::Ok)),
    };
    let mut classes: Vec<&str> = facts.all.iter().map(|a| a.class.as_str()).collect();
    classes.sort();
    classes.dedup();
    let mut out = Vec::new();
    for class in classes {
        let policy = vault.config.policy(class).clone();
        let mine: Vec<&ArchiveRecord> = facts.all.iter().filter(|a| a.class == class).collect();
        let cands: Vec<Candidate> = mine
            .iter()
            .filter_map(|a| facts.candidates.get(&a.id).cloned())
            .collect();
        let plan = retention::apply(&policy, &cands, &health, now, false);
        let first = mine.first().map(|a| a.created);
        let mut rules = Vec::new();
        for (rule, keep) in [
            ("daily", policy.keep_daily),
            ("weekly", policy.keep_weekly),
            ("monthly", policy.keep_monthly),
            ("yearly", policy.keep_yearly),
        ] {
            if keep == 0 {
                continue;
            }
            let prefix = format!("{rule} ");
            let mut filled = Vec::new();
            for item in &plan.items {
                for r in &item.reasons {
                    if let Some(p) = r.strip_prefix(&prefix) {
                        filled.push(Slot {
                            period: p.to_owned(),
                            archive_id: item.id.clone(),
                            created: ts(item.created),
                        });
                    }
                }
            }
            let taken: BTreeSet<String> = filled.iter().map(|s| s.period.clone()).collect();
            let mut empty = Vec::new();
            for back in 0..i64::from(keep) {
                let Some((label, start, end)) = period_label(rule, now, back) else {
                    break;
                };
                if taken.contains(&label) {
                    continue;
                }
                let reason = empty_reason(vault, facts, &mine, first, start, end);
                empty.push(EmptySlot {
                    period: label,
                    reason,
                });
            }
            rules.push(RuleSlots {
                rule: rule.into(),
                keep,
                filled,
                empty,
            });
        }
        out.push(RetentionClass {
            class: class.to_owned(),
            blocked: plan.blocked.clone(),
            due_for_deletion: plan.deletions().map(|i| i.id.clone()).collect(),
            policy,
            rules,
        });
    }
    Ok(out)
}

/// Why a calendar period has no retention slot.
fn empty_reason(
    vault: &Vault,
    facts: &Facts,
    mine: &[&ArchiveRecord],
    first: Option<Timestamp>,
    start: Timestamp,
    end: Timestamp,
) -> String {
    if first.is_none_or(|f| end <= f) {
        return match first {
            Some(f) => format!("before the class's first backup ({})", ts(f)),
            None => "the class has no backup".into(),
        };
    }
    let within: Vec<&&ArchiveRecord> = mine
        .iter()
        .filter(|a| a.created >= start && a.created < end)
        .collect();
    if within.is_empty() {
        let errors: Vec<String> = failed_backups(facts)
            .filter(|r| r.started >= start && r.started < end)
            .map(|r| r.error.clone().unwrap_or_else(|| "never finished".into()))
            .collect();
        return match errors.first() {
            Some(e) => format!("no archive: the backup failed ({e})"),
            None => "no archive: no backup ran".into(),
        };
    }
    let mut why = Vec::new();
    for a in within {
        match a.status {
            ArchiveStatus::Deleted => {
                let r = vault
                    .catalog
                    .deletion(&a.id)
                    .ok()
                    .flatten()
                    .map_or_else(|| "deleted".to_owned(), |d| d.reason);
                why.push(format!("{} {r}", a.id));
            }
            ArchiveStatus::Good => match facts.candidates.get(&a.id).map(|c| c.verified) {
                Some(Verified::Failed) => why.push(format!("{} failed verification", a.id)),
                Some(Verified::Unverified) => why.push(format!("{} is not verified", a.id)),
                _ => why.push(format!("{} not needed by the rule", a.id)),
            },
        }
    }
    why.join("; ")
}

fn holds(vault: &Vault) -> Result<Vec<Hold>> {
    let mut out = Vec::new();
    for h in vault.catalog.holds()? {
        let Some(last) = h.events.last() else {
            continue;
        };
        out.push(Hold {
            archive_id: h.archive_id.clone(),
            active: HoldRecord::active(&h),
            reason: last.reason.clone(),
            by: last.by.clone(),
            at: last.at.clone(),
            events: h.events.len(),
        });
    }
    Ok(out)
}

/// Verifications and drills with a time in the period. Read per archive,
/// for the archives that may have one: those created before `until` that
/// still exist or were created in the period.
fn history(
    vault: &Vault,
    facts: &Facts,
    in_period: &dyn Fn(Timestamp) -> bool,
) -> Result<(Verification, Drills)> {
    let mut vs = Vec::new();
    let mut ds = Vec::new();
    for a in facts
        .all
        .iter()
        .filter(|a| a.status == ArchiveStatus::Good || in_period(a.created))
    {
        for v in vault.catalog.verifications(&a.id)? {
            if in_period(v.at) {
                vs.push(VerificationRow {
                    archive_id: v.archive_id,
                    at: ts(v.at),
                    store: v.store,
                    deep: v.deep,
                    ok: v.ok,
                    duration_ms: v.duration_ms,
                    error: v.error,
                });
            }
        }
        for d in vault.catalog.drills(&a.id)? {
            if in_period(d.at) {
                ds.push(DrillRow {
                    archive_id: d.archive_id,
                    at: ts(d.at),
                    ok: d.ok,
                    restore_ms: d.restore_ms,
                    check_ms: d.check_ms,
                    total_ms: d.total_ms,
                    tables_checked: d.tables_checked,
                    error: d.error,
                });
            }
        }
    }
    vs.sort_by(|a, b| a.at.cmp(&b.at));
    ds.sort_by(|a, b| a.at.cmp(&b.at));
    let target = vault
        .config
        .policy
        .rto_target
        .map(|i| u64::try_from(i.0.as_millis()).unwrap_or(u64::MAX));
    let verification = Verification {
        total: vs.len(),
        ok: vs.iter().filter(|v| v.ok).count(),
        failed: vs.iter().filter(|v| !v.ok).count(),
        deep: vs.iter().filter(|v| v.deep).count(),
        runs: vs,
    };
    let drills = Drills {
        rto_target_ms: target,
        total: ds.len(),
        ok: ds.iter().filter(|d| d.ok).count(),
        failed: ds.iter().filter(|d| !d.ok).count(),
        over_target: ds
            .iter()
            .filter(|d| target.is_some_and(|t| d.restore_ms > t))
            .count(),
        runs: ds,
    };
    Ok((verification, drills))
}

/// The largest gap between consecutive archives of `class` in the period
/// (the archive just before `since` and the end of the period count: a
/// backup that stops is a growing gap).
fn rpo(vault: &Vault, class: &str, facts: &Facts, since: Timestamp, until: Timestamp) -> Rpo {
    let mine: Vec<&ArchiveRecord> = facts.all.iter().filter(|a| a.class == class).collect();
    let start = mine.iter().rposition(|a| a.created < since).unwrap_or(0);
    let end = mine
        .iter()
        .position(|a| a.created >= until)
        .unwrap_or(mine.len());
    let window = &mine[start..end];
    let mut best: Option<(
        SignedDuration,
        Option<&ArchiveRecord>,
        Option<&ArchiveRecord>,
    )> = None;
    for w in window.windows(2) {
        let gap = w[1].created.duration_since(w[0].created);
        if best.as_ref().is_none_or(|(g, _, _)| gap > *g) {
            best = Some((gap, Some(w[0]), Some(w[1])));
        }
    }
    if let Some(last) = window.last() {
        let gap = until.duration_since(last.created);
        if best.as_ref().is_none_or(|(g, _, _)| gap > *g) {
            best = Some((gap, Some(last), None));
        }
    }
    let hours = |d: SignedDuration| (d.as_secs_f64() / 360.0).round() / 10.0;
    let target = vault.config.policy.rpo_target.map(|i| hours(i.0));
    let largest = best.as_ref().map(|(g, _, _)| hours(*g));
    Rpo {
        class: class.to_owned(),
        largest_gap_hours: largest,
        after: best.as_ref().and_then(|(_, a, _)| a.map(|a| a.id.clone())),
        before: best.as_ref().and_then(|(_, _, b)| b.map(|b| b.id.clone())),
        target_hours: target,
        within_target: match (largest, target) {
            (Some(l), Some(t)) => Some(l <= t),
            _ => None,
        },
    }
}

fn median(v: &[u64]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let n = s.len();
    Some(if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2
    })
}

/// Failed runs, and size anomalies as `coffer check` judges them: each
/// archive against the median of the previous `[check] size_window`
/// archives of its class, outside `[check] size_band` times that median.
fn anomalies(
    check: &crate::config::CheckSection,
    classes: &[String],
    facts: &Facts,
    in_period: &dyn Fn(Timestamp) -> bool,
) -> Anomalies {
    let failed_runs = facts
        .runs
        .iter()
        .rev()
        .filter(|r| r.outcome != Some(Outcome::Ok) && in_period(r.started))
        .map(|r| FailedRun {
            kind: r.kind.to_string(),
            started: ts(r.started),
            archive_id: r.archive_id.clone(),
            error: r.error.clone(),
        })
        .collect();
    let sizes = classes
        .iter()
        .map(|class| {
            let mine: Vec<&ArchiveRecord> =
                facts.all.iter().filter(|a| &a.class == class).collect();
            let mut points = Vec::new();
            for (i, a) in mine.iter().enumerate() {
                if !in_period(a.created) {
                    continue;
                }
                let prev: Vec<u64> = mine[i.saturating_sub(check.size_window)..i]
                    .iter()
                    .map(|a| a.size)
                    .collect();
                let m = median(&prev);
                let outside = m.is_some_and(|m| {
                    let s = a.size as f64;
                    s < m as f64 * check.size_band[0] || s > m as f64 * check.size_band[1]
                });
                points.push(SizePoint {
                    archive_id: a.id.clone(),
                    created: ts(a.created),
                    size: a.size,
                    median: m,
                    outside_band: outside,
                });
            }
            SizeSeries {
                class: class.clone(),
                outliers: points
                    .iter()
                    .filter(|p| p.outside_band)
                    .map(|p| p.archive_id.clone())
                    .collect(),
                points,
            }
        })
        .collect();
    Anomalies {
        failed_runs,
        size_window: check.size_window,
        size_band: check.size_band,
        sizes,
    }
}

fn gdpr(vault: &Vault, facts: &Facts, in_period: &dyn Fn(Timestamp) -> bool) -> Result<Gdpr> {
    use crate::erasure::{Entry, GoneBy, expiry};
    let (entries, problem): (Vec<Entry>, Option<String>) =
        match crate::erasure::ledger::entries(vault) {
            Ok(e) => (e, None),
            // A damaged ledger is a finding, not a reason to have no report:
            // the entries are listed as the catalog has them, marked unverified.
            Err(e) => {
                let rows = vault.catalog.ledger()?;
                let parsed = rows
                    .iter()
                    .filter_map(|r| serde_json::from_str::<Entry>(r.entry.trim_end()).ok())
                    .collect();
                (parsed, Some(e.to_string()))
            }
        };
    let replays_all = vault.catalog.erasure_replays(None, None)?;
    // The candidates of each class, for the expiry of the archives that may
    // hold a subject (erasure::exposure, computed once for every request).
    let mut by_class: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
    for a in facts.all.iter().filter(|a| a.status == ArchiveStatus::Good) {
        if let Some(c) = facts.candidates.get(&a.id) {
            by_class
                .entry(a.class.as_str())
                .or_default()
                .push(c.clone());
        }
    }
    let mut expiries: Vec<(Timestamp, Option<Timestamp>, Option<String>, bool)> = Vec::new();
    // `expiry` looks at every newer archive of the class: quadratic in the
    // archives, so only computed when there is a request to date.
    for (class, cands) in by_class.iter().filter(|_| !entries.is_empty()) {
        let policy = vault.config.policy(class);
        for c in cands {
            expiries.push((
                c.created,
                expiry(policy, c, cands),
                c.hold.clone(),
                c.verified == Verified::Unverified,
            ));
        }
    }
    let mut requests = Vec::new();
    for e in &entries {
        let cutoff = e.cutoff()?;
        let exposed: Vec<_> = expiries.iter().filter(|x| x.0 < cutoff).collect();
        let held: Vec<String> = exposed.iter().filter_map(|x| x.2.clone()).collect();
        let gone = if exposed.is_empty() {
            GoneBy::Gone
        } else if !held.is_empty() {
            GoneBy::Held { reasons: held }
        } else if exposed.iter().any(|x| x.3) {
            GoneBy::Unverified
        } else {
            GoneBy::At(exposed.iter().filter_map(|x| x.1).max().unwrap_or(cutoff))
        };
        let covering = replays_all
            .iter()
            .filter(|r| r.archive_id.is_some() && r.ledger_seq.is_some_and(|s| s >= e.seq));
        let (ok, failed) = covering.fold((0, 0), |(o, f), r| {
            if r.ok && r.skipped_reason.is_none() {
                (o + 1, f)
            } else {
                (o, f + 1)
            }
        });
        requests.push(ErasureRequest {
            seq: e.seq,
            reference: e.reference.clone(),
            kind: e.kind.clone(),
            requested_at: e.requested_at.clone(),
            recorded_at: e.recorded_at.clone(),
            gone_by: gone.to_string(),
            gone_by_date: match &gone {
                GoneBy::At(t) => Some(date_of(*t).to_string()),
                _ => None,
            },
            archives_holding: exposed.len(),
            replays_ok: ok,
            replays_failed: failed,
        });
    }
    let mut replays: Vec<Replay> = replays_all
        .into_iter()
        .filter(|r| in_period(r.at))
        .map(|r| Replay {
            at: ts(r.at),
            archive_id: r.archive_id,
            target: r.target,
            ledger_seq: r.ledger_seq,
            requests_applied: r.requests_applied,
            ok: r.ok,
            error: r.error,
            skipped_reason: r.skipped_reason,
        })
        .collect();
    replays.reverse();
    Ok(Gdpr {
        ledger_verified: problem.is_none(),
        ledger_problem: problem,
        ledger_head: entries.last().map(|e| format!("{} {}", e.seq, e.hash)),
        requests,
        replays,
    })
}

fn string_list(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn ferpa(vault: &Vault, facts: &Facts, period: &[&ArchiveRecord]) -> Vec<FerpaClass> {
    let cfg = &vault.config;
    let general: Vec<&&ArchiveRecord> = period
        .iter()
        .filter(|a| a.class == names::GENERAL)
        .collect();
    let general_fps: BTreeSet<String> = class_fingerprints(vault, names::GENERAL)
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for (class, c) in &cfg.classes {
        // The class's tables as the backups resolved them: the general
        // archives name them (class_tables), the class's own archives count them.
        let mut tables: BTreeSet<String> = BTreeSet::new();
        if let Some(g) = facts
            .all
            .iter()
            .rev()
            .find(|a| a.class == names::GENERAL && a.facts.get("class_tables").is_some())
        {
            tables.extend(string_list(
                g.facts.get("class_tables").and_then(|t| t.get(class)),
            ));
        }
        if let Some(own) = facts.all.iter().rev().find(|a| &a.class == class)
            && let Some(rc) = own.facts.get("row_counts").and_then(|r| r.as_object())
        {
            tables.extend(rc.keys().cloned());
        }
        let violations: Vec<String> = general
            .iter()
            .filter(|a| {
                let rc = a.facts.get("row_counts").and_then(|r| r.as_object());
                rc.is_some_and(|rc| {
                    rc.keys().any(|k| {
                        tables.contains(k)
                            || c.tables.iter().any(|p| crate::pg::pattern::matches(p, k))
                    })
                })
            })
            .map(|a| a.id.clone())
            .collect();
        let recipients = age_fingerprints(&crate::config::recipients::keys(&c.recipients));
        let recipients_separate = recipients.iter().all(|r| !general_fps.contains(r));
        out.push(FerpaClass {
            class: class.clone(),
            table_patterns: c.tables.clone(),
            tables: tables.into_iter().collect(),
            store: c.store.clone(),
            offsite: c.offsite.clone(),
            retention: cfg.policy(class).clone(),
            general_archives_checked: general.len(),
            separated: violations.is_empty() && recipients_separate,
            violations,
            recipients_separate,
            recipients,
        });
    }
    out
}

/// Human-readable byte counts for the renderers.
pub fn fmt_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Milliseconds as "1.2 s" / "3 min 4 s".
pub fn fmt_ms(ms: u64) -> String {
    if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1000)
    }
}
