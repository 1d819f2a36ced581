//! `coffer run`: the nightly job. Backup of every class (one snapshot), a
//! keyless verify of what was never verified, push to the offsite stores,
//! prune, a drill when one is due, then `check`; each step reported, the
//! whole recorded as one run of kind `run`, the alerts sent.
//!
//! Idempotent: a class already backed up today (UTC, the day retention
//! counts in) is not backed up again, a verified archive is not verified
//! again, a present copy is not uploaded again, and prune deletes only what
//! no rule keeps, so a second run on the same day does what is missing and
//! nothing twice. The caller holds the vault's writer lock for the whole job.

use std::time::Instant;

use serde::Serialize;
use serde_json::{Value, json};

use super::backup::{self, BackupOptions};
use super::check::{self, CheckReport, Severity};
use super::vault::{Vault, ms};
use crate::catalog::{ArchiveFilter, ArchiveStatus, Outcome, RunId, RunKind};
use crate::error::{Error, Result};
use crate::format::names::GENERAL;
use crate::notify::{self, Delivery, Level};

/// What one step did.
#[derive(Debug, Serialize)]
pub struct Step {
    pub name: &'static str,
    /// "ok", "skipped", "failed", or "interrupted".
    pub status: &'static str,
    /// One line for a person.
    pub summary: String,
    pub duration_ms: u64,
    /// The step's own report (backup, push, prune, drill, check).
    pub details: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The documented exit code this step alone would have ended with.
    pub exit_code: u8,
}

#[derive(Debug, Serialize)]
pub struct RunReport {
    pub run_id: RunId,
    pub ok: bool,
    pub exit_code: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    pub steps: Vec<Step>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckReport>,
    pub notifications: Vec<Delivery>,
}

/// How an exit code ranks when steps disagree: the worst wins. Damage to
/// archives outranks a database outage, which outranks a storage failure,
/// and so on; an interrupt outranks everything (nothing after it ran).
fn rank(code: u8) -> u8 {
    match code {
        0 => 0,
        130 => 100,
        5 => 90,
        12 => 85,
        10 => 80,
        4 => 75,
        7 => 70,
        8 => 65,
        3 => 60,
        9 => 55,
        11 => 50,
        6 => 45,
        _ => 40,
    }
}

pub const INTERRUPTED: u8 = 130;
pub const POLICY_BREACH: u8 = 11;

/// Runs the job. `exit_for` maps an error to its documented exit code (the
/// CLI's table); `progress` hears each step's start.
pub fn run(
    vault: &Vault,
    opts: &BackupOptions,
    exit_for: &dyn Fn(&Error) -> u8,
    progress: &mut dyn FnMut(&str),
) -> Result<RunReport> {
    let started = Instant::now();
    let run_id = vault.catalog.start_run(RunKind::Run, None, json!({}))?;
    let mut steps: Vec<Step> = Vec::new();
    let mut new_ids: Vec<String> = Vec::new();

    type StepFn<'a> =
        Box<dyn FnMut(&Vault, &mut Vec<String>) -> Result<(&'static str, String, Value)> + 'a>;
    let mut plan: Vec<(&'static str, StepFn)> = vec![
        (
            "backup",
            Box::new(|v: &Vault, new: &mut Vec<String>| backup_step(v, opts, new)),
        ),
        (
            "verify",
            Box::new(|v: &Vault, _: &mut Vec<String>| verify_step(v)),
        ),
        (
            "push",
            Box::new(|v: &Vault, _: &mut Vec<String>| push_step(v)),
        ),
        (
            "prune",
            Box::new(|v: &Vault, _: &mut Vec<String>| prune_step(v)),
        ),
        (
            "drill",
            Box::new(|v: &Vault, _: &mut Vec<String>| drill_step(v)),
        ),
    ];
    for (name, f) in plan.iter_mut() {
        if crate::interrupt::requested() {
            break;
        }
        progress(name);
        let t = Instant::now();
        let result = f(vault, &mut new_ids);
        let interrupted = crate::interrupt::signal();
        let step = match (result, interrupted) {
            (_, Some(sig)) => Step {
                name,
                status: "interrupted",
                summary: format!("stopped: {sig}; nothing half-done was registered"),
                duration_ms: ms(t),
                details: Value::Null,
                error: Some(sig.to_string()),
                exit_code: INTERRUPTED,
            },
            (Ok((status, summary, details)), None) => Step {
                name,
                status,
                summary,
                duration_ms: ms(t),
                details,
                error: None,
                exit_code: 0,
            },
            (Err(e), None) => Step {
                name,
                status: "failed",
                summary: format!("failed: {e}"),
                duration_ms: ms(t),
                details: Value::Null,
                error: Some(e.to_string()),
                exit_code: exit_for(&e),
            },
        };
        steps.push(step);
    }
    let interrupted = crate::interrupt::signal();
    let check = if interrupted.is_none() {
        progress("check");
        let t = Instant::now();
        let c = check::check(vault, Some(run_id));
        steps.push(Step {
            name: "check",
            status: "ok",
            summary: format!(
                "{}: {} critical, {} warning, {} unknown",
                c.severity.as_str(),
                c.count(Severity::Critical),
                c.count(Severity::Warning),
                c.count(Severity::Unknown)
            ),
            duration_ms: ms(t),
            details: Value::Null,
            error: None,
            exit_code: if c.severity >= Severity::Unknown {
                POLICY_BREACH
            } else {
                0
            },
        });
        Some(c)
    } else {
        None
    };
    let exit_code = steps
        .iter()
        .map(|s| s.exit_code)
        .max_by_key(|c| rank(*c))
        .unwrap_or(0);
    let steps_ok = steps
        .iter()
        .all(|s| s.status == "ok" || s.status == "skipped");
    let level = if exit_code != 0 && interrupted.is_none() {
        Level::Failure
    } else if interrupted.is_some() || check.as_ref().is_some_and(|c| c.severity > Severity::Ok) {
        Level::Warning
    } else {
        Level::Success
    };
    let summary = match (&interrupted, steps.iter().find(|s| s.status == "failed")) {
        (Some(sig), _) => format!("coffer run was {sig}"),
        (None, Some(s)) => format!(
            "coffer run failed at {}: {}",
            s.name,
            s.error.as_deref().unwrap_or("?")
        ),
        (None, None) => match &check {
            Some(c) if c.severity > Severity::Ok => format!(
                "coffer run finished; check: {}",
                c.findings
                    .iter()
                    .filter(|f| f.severity > Severity::Ok)
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            _ => "coffer run finished: backup, verify, push, prune and check ok".to_owned(),
        },
    };
    let findings = check.as_ref().map_or(Value::Null, |c| {
        json!(
            c.findings
                .iter()
                .filter(|f| f.severity > Severity::Ok)
                .collect::<Vec<_>>()
        )
    });
    let event = notify::Event::new(level, "run", &summary, exit_code, findings);
    let notifications = notify::notify(&vault.config.notify, &event);
    let details = json!({
        "steps": steps,
        "exit_code": exit_code,
        "check": check.as_ref().map(|c| c.severity.as_str()),
        "notifications": notifications,
        "interrupted": interrupted.is_some(),
        "new_archives": new_ids,
        "total_ms": ms(started),
    });
    let (outcome, error) = match (&interrupted, steps_ok) {
        (Some(sig), _) => (Outcome::Failed, Some(sig.to_string())),
        (None, true) => (Outcome::Ok, None),
        (None, false) => (
            Outcome::Failed,
            steps
                .iter()
                .find(|s| s.status == "failed")
                .map(|s| format!("{}: {}", s.name, s.error.as_deref().unwrap_or("?"))),
        ),
    };
    vault
        .catalog
        .finish_run(run_id, outcome, error.as_deref(), details)?;
    Ok(RunReport {
        run_id,
        ok: exit_code == 0,
        exit_code,
        interrupted: interrupted.map(|s| s.to_string()),
        steps,
        check,
        notifications,
    })
}

/// The classes a backup writes: general and every `[classes.NAME]`.
fn classes(vault: &Vault) -> Vec<String> {
    let mut c = vec![GENERAL.to_owned()];
    c.extend(vault.config.classes.keys().cloned());
    c
}

fn backup_step(
    vault: &Vault,
    opts: &BackupOptions,
    new: &mut Vec<String>,
) -> Result<(&'static str, String, Value)> {
    let today = crate::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let mut done = Vec::new();
    for class in classes(vault) {
        let latest = vault.catalog.latest(Some(&class))?;
        match latest {
            Some(a) if a.created.to_zoned_datetime(jiff::tz::TimeZone::UTC).date() == today => {
                done.push(a.id)
            }
            _ => {
                done.clear();
                break;
            }
        }
    }
    if !done.is_empty() {
        return Ok((
            "skipped",
            format!(
                "already backed up today ({today}, UTC): {}",
                done.join(", ")
            ),
            json!({ "archives": done }),
        ));
    }
    let r = backup::backup(vault, opts, &mut |_| {})?;
    new.push(r.archive.id.clone());
    new.extend(r.members.iter().map(|m| m.id.clone()));
    let summary = format!(
        "{} ({} bytes){}",
        r.archive.id,
        r.archive.size,
        if r.members.is_empty() {
            String::new()
        } else {
            format!(
                " and {}",
                r.members
                    .iter()
                    .map(|m| format!("{} ({})", m.id, m.class))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    Ok((
        "ok",
        summary,
        json!({ "archive_id": r.archive.id, "members": new[1..], "size": r.archive.size,
                "payload_size": r.payload_size, "timings_ms": r.timings_ms, "warnings": r.warnings }),
    ))
}

fn verify_step(vault: &Vault) -> Result<(&'static str, String, Value)> {
    if !vault.config.run.verify {
        return Ok(("skipped", "off ([run] verify = false)".into(), Value::Null));
    }
    let ids = vault.catalog.unverified_archives()?;
    if ids.is_empty() {
        return Ok((
            "skipped",
            "every archive is verified already".into(),
            Value::Null,
        ));
    }
    let mut failed = Vec::new();
    let mut reports = Vec::new();
    for id in &ids {
        crate::interrupt::check().map_err(|i| Error::Other(i.to_string()))?;
        let Some(rec) = vault.catalog.archive(id)? else {
            continue;
        };
        let r = super::verify::verify(vault, &rec, None)?;
        if !r.ok {
            failed.push(format!("{id}: {}", r.error.as_deref().unwrap_or("?")));
        }
        reports.push(r);
    }
    if let Some(first) = failed.first() {
        // The verification's own error class decides the exit code.
        return Err(Error::Format(crate::format::Error::new(
            crate::format::ErrorClass::DigestMismatch,
            format!(
                "{} of {} archive(s) failed the keyless verify (first: {first})",
                failed.len(),
                ids.len()
            ),
        )));
    }
    Ok((
        "ok",
        format!(
            "{} archive(s) verified keyless (seal, signature, ciphertext SHA-256)",
            ids.len()
        ),
        json!(reports),
    ))
}

fn push_step(vault: &Vault) -> Result<(&'static str, String, Value)> {
    let archives = vault.catalog.archives(ArchiveFilter::default())?;
    let any_offsite = archives
        .iter()
        .any(|a| !vault.config.class_offsite(&a.class).is_empty());
    if !any_offsite {
        return Ok(("skipped", "no offsite store configured".into(), Value::Null));
    }
    let mut r = super::copies::push(vault, &archives, None, &mut |_| {})?;
    r.copies.extend(super::copies::extend_locks(vault)?);
    let copied = r.copies.iter().filter(|p| p.outcome == "copied").count();
    let extended = r.copies.iter().filter(|p| p.outcome == "extended").count();
    let failed: Vec<_> = r.failed().collect();
    if let Some(first) = failed.first() {
        return Err(Error::Store(format!(
            "{} of {} uploads failed (first: {} to {}: {}); {} archive(s) lack copies",
            failed.len(),
            r.copies.len(),
            first.archive_id,
            first.store,
            first.error.as_deref().unwrap_or("?"),
            r.incomplete.len()
        )));
    }
    if !r.incomplete.is_empty() {
        return Err(Error::Store(format!(
            "{} archive(s) have fewer checked copies than their class requires: {}",
            r.incomplete.len(),
            r.incomplete.join(", ")
        )));
    }
    let status = if copied + extended == 0 {
        "skipped"
    } else {
        "ok"
    };
    Ok((
        status,
        format!("{copied} copied, {extended} lock(s) extended, every archive has its copies"),
        json!(r),
    ))
}

fn prune_step(vault: &Vault) -> Result<(&'static str, String, Value)> {
    let r = super::maintain::prune(vault, false, false)?;
    let kept: usize = r
        .classes
        .iter()
        .map(|c| c.plan.items.len() - c.plan.deletions().count())
        .sum();
    let summary = format!(
        "{} deleted, {kept} kept{}{}",
        r.deleted.len(),
        if r.locked.is_empty() {
            String::new()
        } else {
            format!(", {} under object lock", r.locked.len())
        },
        if r.missing.is_empty() {
            String::new()
        } else {
            format!(", {} MISSING from the store (investigate)", r.missing.len())
        }
    );
    let status = if r.deleted.is_empty() && r.repaired.is_empty() {
        "skipped"
    } else {
        "ok"
    };
    Ok((status, summary, json!(r)))
}

fn drill_step(vault: &Vault) -> Result<(&'static str, String, Value)> {
    let cfg = &vault.config.run;
    let (Some(every), Some(identity)) = (cfg.drill_every, &cfg.drill_identity) else {
        return Ok((
            "skipped",
            "no drill schedule ([run] drill_every)".into(),
            Value::Null,
        ));
    };
    let now = crate::now();
    if let Some(d) = vault.catalog.last_drill(true)?
        && now.duration_since(d.at).as_secs() < every.as_secs()
    {
        return Ok((
            "skipped",
            format!("not due: last good drill {} (drill_every {every})", d.at),
            Value::Null,
        ));
    }
    let Some(rec) = vault.catalog.latest(Some(GENERAL))? else {
        return Ok(("skipped", "no archive to drill yet".into(), Value::Null));
    };
    if rec.status != ArchiveStatus::Good {
        return Ok(("skipped", "no good archive to drill".into(), Value::Null));
    }
    let mut keys = crate::crypto::Keys::new();
    keys.add_identity_file(&vault.config.resolve(identity))?;
    let server = match &cfg.drill_server {
        Some(u) => crate::pg::ConnTarget::new(Some(u))?,
        None => vault.target()?,
    };
    let r = super::drill::drill(
        vault,
        &rec,
        &keys,
        &server,
        &None,
        &super::restore::ErasureStep::Replay,
        None,
    )?;
    Ok((
        "ok",
        format!(
            "{} restored into a scratch database in {:.1}s (recovery time), {} tables match",
            r.archive_id,
            r.restore_ms as f64 / 1000.0,
            r.tables_checked
        ),
        json!(r),
    ))
}
