//! `coffer check`: the vault's health as findings, each with a severity and
//! a one-line next step, plus the figures the Prometheus metrics carry.
//!
//! A check never fails as a whole: what it cannot find out (an unreadable
//! catalog table, a store that cannot be asked) is itself a finding. Only
//! the catalog and the stores are read; the database is never contacted, so
//! `check` runs where the backup job cannot (a monitoring host with a copy
//! of the config, or right after a failed run).

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use super::vault::Vault;
use crate::catalog::{ArchiveFilter, ArchiveRecord, Outcome, RunId, RunKind};
use crate::config::StoreSection;
use crate::format::names::GENERAL;

/// How bad a finding is: the Nagios plugin convention (ok, warning,
/// critical, unknown) that `coffer check`'s exit code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Ok,
    Warning,
    Unknown,
    Critical,
}

impl Severity {
    /// The exit code of `coffer check` (Nagios: 0, 1, 2, 3).
    pub fn nagios_code(self) -> u8 {
        match self {
            Severity::Ok => 0,
            Severity::Warning => 1,
            Severity::Critical => 2,
            Severity::Unknown => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ok => "ok",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
            Severity::Unknown => "unknown",
        }
    }
}

/// One thing `check` looked at.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// A stable name scripts can match: `backup-age`, `size-anomaly`, ...
    pub check: &'static str,
    pub severity: Severity,
    /// What it is about: a class, a store, a file.
    pub subject: String,
    /// One line: what was found.
    pub message: String,
    /// One line: what to do about it (empty when ok).
    pub next_step: String,
}

/// Per-class figures for the metrics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClassFigures {
    /// Created time of the newest good archive (Unix seconds).
    pub last_success: Option<i64>,
    /// Ciphertext bytes of the newest good archive.
    pub newest_bytes: Option<u64>,
    pub archives: u64,
    /// Good archives with fewer checked copies than the class requires.
    pub copies_missing: u64,
}

/// Per-store figures for the metrics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StoreFigures {
    /// Local stores: free bytes of the file system for unprivileged users.
    pub free_bytes: Option<u64>,
    pub size_bytes: Option<u64>,
    /// Bytes of coffer's copies there, as the catalog counts them.
    pub used_bytes: u64,
    pub reachable: Option<bool>,
    /// Days until full at the recent growth, when it grows.
    pub days_until_full: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    #[serde(with = "crate::catalog::time::rfc3339")]
    pub checked_at: Timestamp,
    /// The worst finding's severity.
    pub severity: Severity,
    pub findings: Vec<Finding>,
    pub classes: BTreeMap<String, ClassFigures>,
    pub stores: BTreeMap<String, StoreFigures>,
    /// The last `coffer run`: ok (true), failed or interrupted (false).
    pub last_run_ok: Option<bool>,
    #[serde(with = "crate::catalog::time::rfc3339_opt")]
    pub last_run_at: Option<Timestamp>,
    #[serde(with = "crate::catalog::time::rfc3339_opt")]
    pub last_drill_at: Option<Timestamp>,
    pub last_drill_seconds: Option<f64>,
    /// The WAL archive's figures, when point-in-time recovery is set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wal: Option<super::check_wal::WalFigures>,
    /// Good archives that recipients removed from the config still open
    /// (finding `removed-recipients`).
    pub removed_recipient_archives: u64,
}

impl CheckReport {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

mod removed;

struct Findings(Vec<Finding>);

impl Findings {
    fn add(
        &mut self,
        check: &'static str,
        severity: Severity,
        subject: &str,
        message: String,
        next: &str,
    ) {
        self.0.push(Finding {
            check,
            severity,
            subject: subject.to_owned(),
            message,
            next_step: next.to_owned(),
        });
    }

    fn ok(&mut self, check: &'static str, subject: &str, message: String) {
        self.add(check, Severity::Ok, subject, message, "");
    }

    /// A question the check could not answer.
    fn unknown(&mut self, check: &'static str, subject: &str, e: impl std::fmt::Display) {
        self.add(
            check,
            Severity::Unknown,
            subject,
            format!("could not be checked: {e}"),
            "fix what the message names and run `coffer check` again",
        );
    }
}

/// Runs every check of the vault at `crate::now()`. `running` is the run
/// of `coffer run` that asks, whose own steps report on it: the "last run"
/// finding is left out while it is the last run.
pub fn check(vault: &Vault, running: Option<RunId>) -> CheckReport {
    let now = crate::now();
    let mut f = Findings(Vec::new());
    let mut classes: BTreeMap<String, ClassFigures> = BTreeMap::new();
    let mut stores: BTreeMap<String, StoreFigures> = BTreeMap::new();
    let all = match vault.catalog.archives(ArchiveFilter {
        class: None,
        include_deleted: true,
    }) {
        Ok(a) => a,
        Err(e) => {
            f.unknown("catalog", "catalog", e);
            Vec::new()
        }
    };
    let mut class_names = vec![GENERAL.to_owned()];
    class_names.extend(vault.config.classes.keys().cloned());
    for class in &class_names {
        let figures = classes.entry(class.clone()).or_default();
        class_checks(vault, &mut f, class, &all, now, figures);
    }
    store_checks(vault, &mut f, &all, now, &mut stores);
    seal_checks(vault, &mut f, &all);
    let (last_run_ok, last_run_at) = last_run(vault, &mut f, running);
    let (last_drill_at, last_drill_seconds) = drill_check(vault, &mut f, now);
    verification_health(vault, &mut f);
    key_checks(vault, &mut f);
    let removed_recipient_archives = removed::removed_recipients(vault, &mut f);
    match crate::erasure::ledger::verify_ledger(vault) {
        Ok(l) if l.problems.is_empty() => f.ok(
            "erasure-ledger",
            "ledger",
            format!("{} erasure ledger entries verify", l.catalog_entries),
        ),
        Ok(l) => f.add(
            "erasure-ledger",
            Severity::Critical,
            "ledger",
            format!("the erasure ledger fails its check: {}", l.problems.join("; ")),
            "run `coffer erasure verify-ledger` and restore the ledger from a store (`coffer catalog rebuild`)",
        ),
        Err(e) => f.unknown("erasure-ledger", "ledger", e),
    }
    audit_check(vault, &mut f);
    let (wal_findings, wal) = super::check_wal::check(vault, now);
    f.0.extend(wal_findings);
    let severity = f.0.iter().map(|x| x.severity).max().unwrap_or(Severity::Ok);
    CheckReport {
        checked_at: now,
        severity,
        findings: f.0,
        classes,
        stores,
        last_run_ok,
        last_run_at,
        last_drill_at,
        last_drill_seconds,
        wal,
        removed_recipient_archives,
    }
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

fn class_checks(
    vault: &Vault,
    f: &mut Findings,
    class: &str,
    all: &[ArchiveRecord],
    now: Timestamp,
    figures: &mut ClassFigures,
) {
    let cfg = &vault.config.check;
    // Oldest first, as the catalog lists them.
    let mut good: Vec<&ArchiveRecord> = all
        .iter()
        .filter(|a| a.class == class && a.status == crate::catalog::ArchiveStatus::Good)
        .collect();
    good.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
    figures.archives = good.len() as u64;
    let Some(newest) = good.last() else {
        f.add(
            "backup-age",
            Severity::Critical,
            class,
            format!("class {class} has no good backup"),
            "run `coffer run` (or `coffer backup`) and read its errors",
        );
        return;
    };
    figures.last_success = Some(newest.created.as_second());
    figures.newest_bytes = Some(newest.size);
    let age = now.duration_since(newest.created).as_secs();
    if age > cfg.max_age.as_secs() {
        f.add(
            "backup-age",
            Severity::Critical,
            class,
            format!(
                "the newest good backup of class {class} ({}) is {} old (max_age {})",
                newest.id,
                age_text(age),
                cfg.max_age
            ),
            "run `coffer run` and read its errors; `coffer check` again afterwards",
        );
    } else {
        f.ok(
            "backup-age",
            class,
            format!(
                "newest good backup {} is {} old",
                newest.id,
                age_text(age.max(0))
            ),
        );
    }
    // Size against the median of the previous N: a dump that shrank to a
    // tenth is as suspicious as one that grew tenfold.
    // Physical base backups (spec/wal.md) against physical ones only: a
    // whole cluster is no anomaly beside a dump of one database.
    let physical = |a: &ArchiveRecord| a.payload_kind == super::physical::PHYSICAL_KIND;
    let before: Vec<u64> = good[..good.len() - 1]
        .iter()
        .filter(|a| physical(a) == physical(newest))
        .rev()
        .take(cfg.size_window)
        .map(|a| a.size)
        .collect();
    if let Some(median) = median(&before) {
        let ratio = newest.size as f64 / median.max(1.0);
        let [low, high] = cfg.size_band;
        if ratio < low || ratio > high {
            f.add(
                "size-anomaly",
                Severity::Warning,
                class,
                format!(
                    "archive {} is {} bytes, {ratio:.2}x the median ({median:.0} bytes) of the previous {} (band {low}x-{high}x)",
                    newest.id,
                    newest.size,
                    before.len()
                ),
                "check what changed in the database (a bulk load or a deletion?) and that the dump is whole (`coffer show latest`)",
            );
        } else {
            f.ok(
                "size-anomaly",
                class,
                format!(
                    "newest archive is {ratio:.2}x the median of the previous {}",
                    before.len()
                ),
            );
        }
    } else {
        f.ok(
            "size-anomaly",
            class,
            "first archive of its class: nothing to compare".into(),
        );
    }
    // Offsite copies.
    let required = vault.config.copies_required(class);
    let mut missing = Vec::new();
    for a in &good {
        match vault.catalog.present_copies(&a.id) {
            Ok(n) if n < u64::from(required) => missing.push(a.id.clone()),
            Ok(_) => {}
            Err(e) => {
                f.unknown("offsite-copies", class, e);
                return;
            }
        }
    }
    figures.copies_missing = missing.len() as u64;
    if missing.is_empty() {
        f.ok(
            "offsite-copies",
            class,
            format!("every archive has its {required} checked copies"),
        );
    } else {
        f.add(
            "offsite-copies",
            Severity::Critical,
            class,
            format!(
                "{} archive(s) of class {class} have fewer than {required} checked copies (newest missing: {})",
                missing.len(),
                missing.last().map_or("?", String::as_str)
            ),
            "run `coffer push --missing`; if it fails, check the offsite store (`coffer check` names it)",
        );
    }
    // Keyless verification.
    match vault.catalog.last_good_verification_of_class(class) {
        Ok(Some(v)) => {
            let age = now.duration_since(v.at).as_secs();
            if age > cfg.verify_every.as_secs() {
                f.add(
                    "verify-overdue",
                    Severity::Warning,
                    class,
                    format!(
                        "the last successful verification of class {class} was {} ago (verify_every {})",
                        age_text(age),
                        cfg.verify_every
                    ),
                    "run `coffer verify --all` (keyless) or let `coffer run` verify",
                );
            } else {
                f.ok(
                    "verify-overdue",
                    class,
                    format!("last verified {} ago", age_text(age.max(0))),
                );
            }
        }
        Ok(None) => f.add(
            "verify-overdue",
            Severity::Warning,
            class,
            format!("no archive of class {class} has been verified yet"),
            "run `coffer verify --all` (keyless) or let `coffer run` verify",
        ),
        Err(e) => f.unknown("verify-overdue", class, e),
    }
}

fn median(v: &[u64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_unstable();
    let m = s.len() / 2;
    Some(if s.len().is_multiple_of(2) {
        (s[m - 1] as f64 + s[m] as f64) / 2.0
    } else {
        s[m] as f64
    })
}

/// The local store directories, by store name.
fn local_stores(vault: &Vault) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    out.insert(super::copies::LOCAL.to_owned(), vault.config.store_dir());
    for (name, s) in &vault.config.stores {
        if let StoreSection::Local { path } = s {
            out.insert(name.clone(), vault.config.resolve(path));
        }
    }
    out
}

fn store_checks(
    vault: &Vault,
    f: &mut Findings,
    all: &[ArchiveRecord],
    now: Timestamp,
    out: &mut BTreeMap<String, StoreFigures>,
) {
    let cfg = &vault.config.check;
    let usage = vault.catalog.copy_usage().unwrap_or_default();
    let window_days = i64::from(cfg.growth_window_days);
    let since = now - jiff::SignedDuration::from_hours(24 * window_days);
    for (name, dir) in local_stores(vault) {
        let fig = out.entry(name.clone()).or_default();
        // The primary store's archives are registered in it, copies or not.
        let here: Vec<&ArchiveRecord> = all.iter().filter(|a| a.store == name).collect();
        fig.used_bytes = here
            .iter()
            .filter(|a| a.status == crate::catalog::ArchiveStatus::Good)
            .map(|a| a.size)
            .sum::<u64>()
            .max(usage.get(&name).copied().unwrap_or(0));
        let st = match rustix::fs::statvfs(&dir) {
            Ok(st) => st,
            Err(e) => {
                f.add(
                    "store-space",
                    Severity::Critical,
                    &name,
                    format!("store {name} ({}) cannot be read: {e}", dir.display()),
                    "check that the directory exists and coffer may read it",
                );
                continue;
            }
        };
        let free = st.f_bavail.saturating_mul(st.f_frsize);
        let size = st.f_blocks.saturating_mul(st.f_frsize);
        fig.free_bytes = Some(free);
        fig.size_bytes = Some(size);
        // Growth: bytes written in the window less bytes pruned in it.
        let written: u64 = here
            .iter()
            .filter(|a| a.created >= since)
            .map(|a| a.size)
            .sum();
        let pruned: u64 = here
            .iter()
            .filter(|a| a.status == crate::catalog::ArchiveStatus::Deleted)
            .filter(|a| {
                vault
                    .catalog
                    .deletion(&a.id)
                    .ok()
                    .flatten()
                    .is_some_and(|d| d.at >= since)
            })
            .map(|a| a.size)
            .sum();
        let per_day = (written as f64 - pruned as f64) / window_days as f64;
        fig.days_until_full = (per_day > 0.0).then(|| free as f64 / per_day);
        let percent = if size > 0 {
            free as f64 * 100.0 / size as f64
        } else {
            0.0
        };
        let projection = fig.days_until_full.map_or_else(
            || "not growing".to_owned(),
            |d| format!("full in {d:.1} days at {:.0} bytes/day", per_day),
        );
        let low = free < cfg.min_free_bytes.0 || percent < cfg.min_free_percent;
        let soon = fig
            .days_until_full
            .is_some_and(|d| d < cfg.min_days_until_full);
        let next_fits = all
            .iter()
            .filter(|a| a.store == name)
            .max_by_key(|a| a.created)
            .is_none_or(|a| a.size < free);
        let msg =
            format!("store {name}: {free} bytes free ({percent:.1}% of {size}); {projection}");
        if !next_fits {
            f.add(
                "store-space",
                Severity::Critical,
                &name,
                format!("{msg}; the next backup will not fit"),
                "free space or grow the file system now, or prune (`coffer prune --dry-run` shows what goes)",
            );
        } else if low || soon {
            f.add(
                "store-space",
                Severity::Warning,
                &name,
                msg,
                "grow the file system or shorten retention before it fills (`coffer prune --dry-run`)",
            );
        } else {
            f.ok("store-space", &name, msg);
        }
    }
    for (name, s) in &vault.config.stores {
        let StoreSection::S3(s3) = s else { continue };
        let fig = out.entry(name.clone()).or_default();
        fig.used_bytes = usage.get(name).copied().unwrap_or(0);
        match probe_s3(s3) {
            Ok(()) => {
                fig.reachable = Some(true);
                f.ok(
                    "store-reachable",
                    name,
                    format!("S3 store {name} ({}) answers", s3.bucket),
                );
            }
            Err(e) => {
                fig.reachable = Some(false);
                f.add(
                    "store-reachable",
                    Severity::Critical,
                    name,
                    format!("S3 store {name} (bucket {}) is unreachable: {e}", s3.bucket),
                    "check the endpoint, the network and the credentials; then `coffer push --missing`",
                );
            }
        }
        if let Some(q) = vault.config.check.quota.get(name) {
            let used = fig.used_bytes;
            if used > q.0 {
                f.add(
                    "store-quota",
                    Severity::Warning,
                    name,
                    format!(
                        "store {name} holds {used} bytes of coffer's copies, over its quota of {}",
                        q.0
                    ),
                    "raise the quota or shorten retention (`coffer prune --dry-run`)",
                );
            } else {
                f.ok("store-quota", name, format!("{used} of {} bytes used", q.0));
            }
        }
    }
}

/// The seal beside each good archive in a local store must be the one the
/// catalog registered, and the file must have the registered size: a store
/// that was rolled back (an older, validly signed archive and seal renamed
/// to a newer one's names) or had archives swapped shows here without
/// hashing anything. Only `verify` hashes; an archive missing from its
/// store is prune's finding ("missing"), not this one's.
fn seal_checks(vault: &Vault, f: &mut Findings, all: &[ArchiveRecord]) {
    let stores = local_stores(vault);
    let mut bad: Vec<(String, String)> = Vec::new();
    let mut checked = 0usize;
    for a in all
        .iter()
        .filter(|a| a.status == crate::catalog::ArchiveStatus::Good)
    {
        let Some(dir) = stores.get(&a.store) else {
            continue;
        };
        let path = dir.join(&a.key);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        checked += 1;
        let (seal_path, _) = super::loose::seal_paths(&path);
        let seal = std::fs::metadata(&seal_path)
            .ok()
            .filter(|m| m.len() <= crate::format::seal::MAX_SEAL_SIZE as u64)
            .and_then(|_| std::fs::read(&seal_path).ok());
        let problem = match seal {
            None => Some("its seal is missing or unreadable".to_owned()),
            Some(s) if s != a.seal.as_bytes() => {
                let named = serde_json::from_slice::<serde_json::Value>(&s)
                    .ok()
                    .and_then(|v| v["archive_id"].as_str().map(str::to_owned));
                Some(match named {
                    Some(other) if other != a.id => format!(
                        "the seal in the store is archive {other}'s, not the one the catalog registered (rolled back or swapped)"
                    ),
                    _ => "the seal in the store differs from the one the catalog registered"
                        .to_owned(),
                })
            }
            Some(_) if meta.len() != a.size => Some(format!(
                "the file has {} bytes, the catalog registered {}",
                meta.len(),
                a.size
            )),
            Some(_) => None,
        };
        if let Some(p) = problem {
            bad.push((a.id.clone(), format!("{} in store {}: {p}", a.id, a.store)));
        }
    }
    match bad.first() {
        None => f.ok(
            "store-seals",
            "stores",
            format!("{checked} archive(s) in local stores have the seal and size the catalog registered"),
        ),
        Some((id, first)) => f.add(
            "store-seals",
            Severity::Critical,
            id,
            format!(
                "{} archive(s) in a store are not what the catalog registered (first: {first})",
                bad.len()
            ),
            "do not restore from that store; `coffer verify --all` records each, restore from another copy (`coffer verify --store NAME ID`)",
        ),
    }
}

/// One cheap request with few retries: a health check must answer quickly.
fn probe_s3(s3: &crate::config::S3Section) -> Result<(), String> {
    let mut c = s3.to_s3_config()?;
    c.retry.max_retries = 1;
    c.retry.retry_timeout = std::time::Duration::from_secs(10);
    c.retry.max_backoff = std::time::Duration::from_millis(500);
    c.connect_timeout = std::time::Duration::from_secs(5);
    c.request_timeout = std::time::Duration::from_secs(15);
    let store = crate::store::S3Store::new(c).map_err(|e| e.to_string())?;
    crate::store::Store::head(&store, "coffer-check-probe")
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn last_run(
    vault: &Vault,
    f: &mut Findings,
    running: Option<RunId>,
) -> (Option<bool>, Option<Timestamp>) {
    let run = match vault.catalog.last_run(RunKind::Run) {
        Ok(Some(r)) => Some(r),
        Ok(None) => match vault.catalog.last_run(RunKind::Backup) {
            Ok(r) => r,
            Err(e) => {
                f.unknown("last-run", "run", e);
                return (None, None);
            }
        },
        Err(e) => {
            f.unknown("last-run", "run", e);
            return (None, None);
        }
    };
    let Some(run) = run else {
        return (None, None);
    };
    if Some(run.id) == running {
        return (None, None);
    }
    let interrupted = run.details.get("interrupted").and_then(|v| v.as_bool()) == Some(true);
    let at = Some(run.started);
    match run.outcome {
        Some(Outcome::Ok) => {
            f.ok(
                "last-run",
                run.kind.as_str(),
                format!("the last {} (run {}) succeeded", run.kind, run.id),
            );
            (Some(true), at)
        }
        Some(Outcome::Failed) if interrupted => {
            f.add(
                "last-run",
                Severity::Warning,
                run.kind.as_str(),
                format!(
                    "the last {} (run {}) was interrupted: {}",
                    run.kind,
                    run.id,
                    run.error.as_deref().unwrap_or("?")
                ),
                "run `coffer run` again; nothing half-done was registered",
            );
            (Some(false), at)
        }
        Some(Outcome::Failed) => {
            f.add(
                "last-run",
                Severity::Critical,
                run.kind.as_str(),
                format!(
                    "the last {} (run {}) failed: {}",
                    run.kind,
                    run.id,
                    run.error.as_deref().unwrap_or("?")
                ),
                "read the error, fix its cause and run `coffer run` again",
            );
            (Some(false), at)
        }
        // Started and never finished, and nobody holds the lock now (or we
        // could not tell): the process died.
        None => {
            f.add(
                "last-run",
                Severity::Warning,
                run.kind.as_str(),
                format!(
                    "the last {} (run {}, started {}) never finished",
                    run.kind, run.id, run.started
                ),
                "if no coffer is running, it was killed: run `coffer run` again",
            );
            (Some(false), at)
        }
    }
}

fn drill_check(
    vault: &Vault,
    f: &mut Findings,
    now: Timestamp,
) -> (Option<Timestamp>, Option<f64>) {
    let last = match vault.catalog.last_drill(true) {
        Ok(d) => d,
        Err(e) => {
            f.unknown("drill-overdue", "drill", e);
            return (None, None);
        }
    };
    let figures = (
        last.as_ref().map(|d| d.at),
        last.as_ref().map(|d| d.restore_ms as f64 / 1000.0),
    );
    match (vault.config.run.drill_every, &last) {
        (None, _) => f.ok(
            "drill-overdue",
            "drill",
            "no drill schedule ([run] drill_every is not set)".into(),
        ),
        (Some(every), Some(d)) if now.duration_since(d.at).as_secs() <= every.as_secs() => f.ok(
            "drill-overdue",
            "drill",
            format!("last good drill {} ago (drill_every {every})", age_text(now.duration_since(d.at).as_secs().max(0))),
        ),
        (Some(every), d) => f.add(
            "drill-overdue",
            Severity::Warning,
            "drill",
            match d {
                Some(d) => format!(
                    "the last good restore drill was {} ago (drill_every {every})",
                    age_text(now.duration_since(d.at).as_secs())
                ),
                None => format!("no restore drill has succeeded yet (drill_every {every})"),
            },
            "run `coffer drill latest -i IDENTITY` (or let `coffer run` drill with [run] drill_identity)",
        ),
    }
    figures
}

fn verification_health(vault: &Vault, f: &mut Findings) {
    match vault.catalog.failed_latest_verifications() {
        Ok(v) if v.is_empty() => {}
        Ok(v) => f.add(
            "verify-failed",
            Severity::Critical,
            &v[0].archive_id,
            format!(
                "{} archive(s) failed their latest verification (first: {}: {})",
                v.len(),
                v[0].archive_id,
                v[0].error.as_deref().unwrap_or("?")
            ),
            "restore from another copy (`coffer verify --store NAME ID`), then prune or re-verify",
        ),
        Err(e) => f.unknown("verify-failed", "verify", e),
    }
}

fn key_checks(vault: &Vault, f: &mut Findings) {
    let signing = vault.config.signing_key_path();
    loose_mode(f, "key-permissions", &signing, "the seal signing key");
    // Private identities: the ones coffer knows of, and any age identity
    // left in the vault's keys directory (`coffer init` writes one there
    // and asks for it to be moved off the host).
    let mut identities: Vec<PathBuf> = Vec::new();
    if let Some(dir) = signing.parent()
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file() && holds_private_identity(&p) {
                identities.push(p);
            }
        }
    }
    if let Some(p) = &vault.config.run.drill_identity {
        let p = vault.config.resolve(p);
        if !identities.contains(&p) {
            identities.push(p);
        }
    }
    for p in &identities {
        loose_mode(f, "key-permissions", p, "a private identity");
        if !p.exists() {
            continue;
        }
        if vault.config.check.allow_identity_on_host {
            f.ok(
                "identity-on-host",
                &p.display().to_string(),
                "a private identity is on this host, acknowledged by [check] allow_identity_on_host".into(),
            );
        } else {
            f.add(
                "identity-on-host",
                Severity::Warning,
                &p.display().to_string(),
                format!("a private identity is on the backup host ({}): this host can decrypt its archives", p.display()),
                "move it off this host (backups need only the recipient), or set [check] allow_identity_on_host = true for a drill host",
            );
        }
    }
}

/// The audit chain, as `coffer audit verify` checks it (catalog against the
/// local store's segments): cheap enough for every check (bench/README.md).
fn audit_check(vault: &Vault, f: &mut Findings) {
    let status = (|| -> crate::error::Result<crate::audit::ChainStatus> {
        let signer = vault.signer()?;
        let local = vault.store(super::copies::LOCAL)?;
        let last = crate::audit::segments::last_seq(local.as_ref())?;
        crate::audit::verify_catalog(&vault.catalog, &signer, last, Default::default())
    })();
    match status {
        Ok(s) => match &s.broken {
            None => f.ok(
                "audit-chain",
                "audit",
                format!(
                    "{} audit entries verify (head {})",
                    s.entries,
                    s.head_seq.map_or_else(|| "none".to_owned(), |q| q.to_string())
                ),
            ),
            Some(b) => f.add(
                "audit-chain",
                Severity::Critical,
                "audit",
                b.to_string(),
                "run `coffer audit verify` and compare with a store's segments (`coffer audit verify --from-store NAME`)",
            ),
        },
        Err(e) => f.unknown("audit-chain", "audit", e),
    }
}

fn holds_private_identity(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(p)
        .and_then(|mut fh| fh.read(&mut head))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]);
    text.contains("AGE-SECRET-KEY-") || text.contains("BEGIN PGP PRIVATE KEY BLOCK")
}

fn loose_mode(f: &mut Findings, check: &'static str, p: &Path, what: &str) {
    let Ok(meta) = std::fs::metadata(p) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    let subject = p.display().to_string();
    if mode & 0o077 != 0 {
        f.add(
            check,
            Severity::Warning,
            &subject,
            format!(
                "{what} {} is readable or writable by group/other (mode {mode:04o})",
                p.display()
            ),
            &format!("chmod 600 {}", p.display()),
        );
    } else {
        f.ok(check, &subject, format!("{what} is mode {mode:04o}"));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(super::median(&[]), None);
        assert_eq!(super::median(&[5]), Some(5.0));
        assert_eq!(super::median(&[9, 1, 5]), Some(5.0));
        assert_eq!(super::median(&[1, 2, 3, 10]), Some(2.5));
    }
}
