//! Prune (retention executed), legal holds, and catalog rebuild from the
//! store. All of them write, so all take the vault's writer lock.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use super::lock::{self, WriterLock};
use super::loose;
use super::vault::Vault;
use crate::catalog::{
    ArchiveFilter, ArchiveRecord, ArchiveStatus, Catalog, HoldEvent, HoldRecord, Outcome,
    RunFilter, RunId, RunKind, VerificationRecord,
};
use crate::error::{Error, Result};
use crate::format::SignedSeal;
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::retention::{self, BackupHealth, Candidate, Plan, Verified};

/// The hold record file beside an archive.
pub const HOLD_SUFFIX: &str = ".hold";

pub fn lock(vault: &Vault, what: &str, wait: Duration) -> Result<WriterLock> {
    lock::acquire(&vault.config.lock_path(), what, wait)
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// One class's plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClassPlan {
    pub class: String,
    pub policy: retention::Policy,
    pub plan: Plan,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PruneReport {
    pub dry_run: bool,
    pub classes: Vec<ClassPlan>,
    /// Archives the catalog lists as good whose file is gone from the store
    /// without a recorded deletion: never deleted by coffer, investigate.
    pub missing: Vec<String>,
    /// Deletions an interrupted prune had started, now completed.
    pub repaired: Vec<String>,
    pub deleted: Vec<String>,
}

/// Plans retention for every class (and, unless `dry_run`, executes it:
/// delete from the store, then mark in the catalog, each deletion recorded).
pub fn prune(vault: &Vault, dry_run: bool, force: bool) -> Result<PruneReport> {
    let now = crate::now();
    let mut report = PruneReport {
        dry_run,
        classes: Vec::new(),
        missing: Vec::new(),
        repaired: Vec::new(),
        deleted: Vec::new(),
    };
    let archives = vault.catalog.archives(ArchiveFilter::default())?;
    let pending = interrupted_deletions(&vault.catalog)?;
    let mut present = Vec::new();
    for a in archives {
        let path = vault.archive_path(&a)?;
        let open_runs: Vec<RunId> = pending
            .iter()
            .filter(|(_, id)| *id == a.id)
            .map(|(run, _)| *run)
            .collect();
        if path.exists() {
            // A prune died before it deleted anything: close its run; the
            // archive is planned again like any other.
            if !dry_run {
                for run in open_runs {
                    vault.catalog.finish_run(
                        run,
                        Outcome::Failed,
                        Some("interrupted before the archive was deleted from the store"),
                        Value::Null,
                    )?;
                }
            }
            present.push(a);
        } else if !open_runs.is_empty() {
            if !dry_run {
                finish_store_delete(&path)?;
                vault
                    .catalog
                    .mark_deleted(&a.id, "deleted by an interrupted prune (completed)")?;
                for run in open_runs {
                    vault.catalog.finish_run(
                        run,
                        Outcome::Ok,
                        None,
                        json!({ "completed_by_a_later_prune": true }),
                    )?;
                }
            }
            report.repaired.push(a.id);
        } else {
            report.missing.push(a.id);
        }
    }
    let health = backup_health(&vault.catalog)?;
    let mut classes: Vec<String> = present.iter().map(|a| a.class.clone()).collect();
    classes.sort();
    classes.dedup();
    for class in classes {
        let candidates: Vec<Candidate> = present
            .iter()
            .filter(|a| a.class == class)
            .map(|a| candidate(&vault.catalog, a))
            .collect::<Result<_>>()?;
        let policy = vault.config.policy(&class).clone();
        let plan = retention::apply(&policy, &candidates, &health, now, force);
        report.classes.push(ClassPlan {
            class,
            policy,
            plan,
        });
    }
    if dry_run {
        return Ok(report);
    }
    for cp in &report.classes {
        for item in cp.plan.deletions() {
            let Some(rec) = present.iter().find(|a| a.id == item.id) else {
                continue;
            };
            let reasons = item.reasons.join("; ");
            let details = json!({ "deleting": true, "class": cp.class, "reasons": item.reasons, "forced": cp.plan.forced });
            let run = vault
                .catalog
                .start_run(RunKind::Prune, Some(&rec.id), details)?;
            let path = vault.archive_path(rec)?;
            // Store first, then the catalog: a crash in between leaves a
            // started prune run naming the archive, which the next prune completes.
            match finish_store_delete(&path) {
                Ok(()) => {
                    crate::fault("prune-after-store-delete");
                    vault
                        .catalog
                        .mark_deleted(&rec.id, &format!("pruned: {reasons}"))?;
                    vault
                        .catalog
                        .finish_run(run, Outcome::Ok, None, Value::Null)?;
                    report.deleted.push(rec.id.clone());
                }
                Err(e) => {
                    let _ = vault.catalog.finish_run(
                        run,
                        Outcome::Failed,
                        Some(&e.to_string()),
                        Value::Null,
                    );
                    return Err(e);
                }
            }
        }
    }
    Ok(report)
}

/// Prune runs (and their archive ids) that started a deletion and did not
/// record its end.
fn interrupted_deletions(catalog: &Catalog) -> Result<Vec<(RunId, String)>> {
    let runs = catalog.runs(RunFilter {
        kind: Some(RunKind::Prune),
        ..RunFilter::default()
    })?;
    Ok(runs
        .into_iter()
        .filter(|r| {
            r.outcome.is_none() && r.details.get("deleting").and_then(Value::as_bool) == Some(true)
        })
        .filter_map(|r| Some((r.id, r.archive_id?)))
        .collect())
}

/// Deletes an archive, its hold record (a released one: held archives are
/// never deleted) and its seal files; the seal goes last, because it is what
/// names the archive to a rebuild.
fn finish_store_delete(archive: &Path) -> Result<()> {
    for p in [
        archive.to_path_buf(),
        suffixed(archive, HOLD_SUFFIX),
        suffixed(archive, SIG_SUFFIX),
        suffixed(archive, SEAL_SUFFIX),
    ] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::Store(format!("cannot delete {}: {e}", p.display()))),
        }
    }
    if let Some(dir) = archive.parent() {
        loose::sync_dir(dir);
    }
    Ok(())
}

/// An archive as retention sees it: its verification state and active hold.
pub fn candidate(catalog: &Catalog, a: &ArchiveRecord) -> Result<Candidate> {
    let verified = match catalog.last_verification(&a.id)? {
        Some(v) if v.ok => Verified::Ok,
        Some(_) => Verified::Failed,
        None => Verified::Unverified,
    };
    let hold = catalog
        .hold(&a.id)?
        .filter(HoldRecord::active)
        .map(|h| h.reason().to_owned());
    Ok(Candidate {
        id: a.id.clone(),
        created: a.created,
        verified,
        hold,
        offsite_pending: false,
    })
}

/// The newest backup run failed (or crashed: a writer lock is held while a
/// backup runs, so an unfinished one seen under the lock died).
fn backup_health(catalog: &Catalog) -> Result<BackupHealth> {
    let newest_run_failed = catalog
        .last_run(RunKind::Backup)?
        .is_some_and(|r| r.outcome != Some(Outcome::Ok));
    Ok(BackupHealth { newest_run_failed })
}

/// Who is acting: the OS user, by name from /etc/passwd for the effective
/// uid (cron and service managers often leave `$USER` unset), else
/// `$USER` / `$LOGNAME`, else "uid N".
fn os_user() -> String {
    let uid = crate::pg::conn::effective_uid();
    if let (Some(uid), Ok(passwd)) = (uid, std::fs::read_to_string("/etc/passwd")) {
        let name = passwd.lines().find_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            (f.len() >= 3 && !f[0].is_empty() && f[2].parse::<u32>().ok() == Some(uid))
                .then(|| f[0].to_owned())
        });
        if let Some(name) = name {
            return name;
        }
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("uid {}", uid.unwrap_or(0)))
}

/// `hold add` / `hold release`: appends an event to the archive's hold
/// record in the store (beside the seal), then caches it in the catalog.
pub fn hold(vault: &Vault, id: &str, add: bool, reason: &str) -> Result<HoldRecord> {
    if reason.trim().is_empty() {
        return Err(Error::Input("a hold needs --reason".into()));
    }
    let rec = vault.catalog.resolve(id, None)?;
    if rec.status != ArchiveStatus::Good {
        return Err(Error::Input(format!("archive {} was deleted", rec.id)));
    }
    let mut h = vault.catalog.hold(&rec.id)?.unwrap_or(HoldRecord {
        archive_id: rec.id.clone(),
        events: Vec::new(),
    });
    if add == h.active() {
        return Err(Error::Input(format!(
            "archive {} is {} under a legal hold",
            rec.id,
            if add { "already" } else { "not" }
        )));
    }
    h.events.push(HoldEvent {
        action: if add { "add" } else { "release" }.into(),
        reason: reason.to_owned(),
        by: os_user(),
        at: crate::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    });
    let path = suffixed(&vault.archive_path(&rec)?, HOLD_SUFFIX);
    let mut bytes = serde_json::to_vec_pretty(&h).map_err(|e| Error::Other(e.to_string()))?;
    bytes.push(b'\n');
    loose::write_atomic(&path, &bytes, 0o644)?;
    vault.catalog.put_hold(&h)?;
    Ok(h)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RebuildReport {
    pub archives: usize,
    /// Erasure ledger entries reloaded from the store.
    pub ledger_entries: usize,
    pub holds: usize,
    /// Seals that failed their signature check or whose archive is corrupt.
    pub rejected: Vec<String>,
    pub verification_failed: Vec<String>,
}

/// `catalog rebuild`: a new catalog from the store alone. Each seal's
/// signature is checked against the vault's key and each archive is hashed
/// (a keyless verification, recorded); hold records are reloaded. The new
/// catalog replaces the old one only when complete.
pub fn rebuild(vault: &Vault) -> Result<RebuildReport> {
    let signer = vault.signer()?;
    let target = vault.config.catalog_path();
    let dir = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let tmp = tempfile::Builder::new()
        .prefix(".catalog-rebuild-")
        .suffix(".db")
        .tempfile_in(&dir)
        .map_err(|e| Error::Store(format!("cannot write in {}: {e}", dir.display())))?;
    let tmp_path = tmp.path().to_path_buf();
    let mut report = RebuildReport {
        archives: 0,
        ledger_entries: 0,
        holds: 0,
        rejected: Vec::new(),
        verification_failed: Vec::new(),
    };
    {
        let mut cat = Catalog::open(&tmp_path)?;
        cat.set_clock(crate::now);
        // The vault's store and every class's own store.
        let mut roots = vec![vault.store.root().to_path_buf()];
        for class in vault.config.classes.keys() {
            roots.push(vault.config.class_store_dir(class));
        }
        let mut seals = Vec::new();
        for root in &roots {
            for class_dir in read_dir_sorted(root)? {
                if class_dir.is_dir() {
                    seals.extend(
                        read_dir_sorted(&class_dir)?
                            .into_iter()
                            .filter(|p| {
                                p.to_string_lossy().ends_with(SEAL_SUFFIX)
                                    && !p.to_string_lossy().ends_with(SIG_SUFFIX)
                            })
                            .map(|p| (root.clone(), p)),
                    );
                }
            }
        }
        for (root, seal_path) in seals {
            let s = seal_path.to_string_lossy();
            let archive = PathBuf::from(&s[..s.len() - SEAL_SUFFIX.len()]);
            if !archive.exists() {
                continue; // an interrupted prune: the archive is gone, only its seal is left
            }
            let keyless = match loose::read_seal(&archive)
                .and_then(|s| s.verify_signature(Some(&signer)).map(|_| s))
            {
                Ok(s) => s,
                Err(e) => {
                    report
                        .rejected
                        .push(format!("{}: {e}", seal_path.display()));
                    continue;
                }
            };
            let mut rec = record_from_seal(&root, &archive, &keyless)?;
            rec.store = super::vault::store_name(&vault.config, &rec.class);
            // A class's archives belong in the class's store only.
            if vault.config.class_store_dir(&rec.class) != root {
                report.rejected.push(format!(
                    "{}: class {} does not belong in this store",
                    seal_path.display(),
                    rec.class
                ));
                continue;
            }
            rec.set_id = keyless
                .seal
                .facts
                .as_ref()
                .and_then(|f| f.get("set"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let t = std::time::Instant::now();
            let check = loose::verify_keyless(&archive, Some(&signer));
            cat.insert_archive(&rec)?;
            cat.record_verification(VerificationRecord {
                archive_id: rec.id.clone(),
                at: crate::now(),
                deep: false,
                store: rec.store.clone(),
                ok: check.is_ok(),
                error: check.as_ref().err().map(ToString::to_string),
                duration_ms: t.elapsed().as_millis() as u64,
            })?;
            if check.is_err() {
                report.verification_failed.push(rec.id.clone());
            }
            report.archives += 1;
            let hold_path = suffixed(&archive, HOLD_SUFFIX);
            if let Ok(bytes) = std::fs::read(&hold_path) {
                match serde_json::from_slice::<HoldRecord>(&bytes) {
                    Ok(h) if h.archive_id == rec.id && !h.events.is_empty() => {
                        cat.put_hold(&h)?;
                        report.holds += 1;
                    }
                    _ => report
                        .rejected
                        .push(format!("{}: not a valid hold record", hold_path.display())),
                }
            }
        }
        // The erasure ledger: its entries are in the store too, chain and
        // signatures checked (a broken chain fails the rebuild).
        let ledger_entries = crate::erasure::reload_from_store(vault, &cat)?;
        report.ledger_entries = ledger_entries;
        let run = cat.start_run(RunKind::Rebuild, None, json!({ "from": "local" }))?;
        cat.finish_run(
            run,
            Outcome::Ok,
            None,
            serde_json::to_value(&report).unwrap_or(Value::Null),
        )?;
    }
    // Replace the old catalog and its WAL files.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(suffixed(&target, suffix));
    }
    tmp.persist(&target)
        .map_err(|e| Error::Store(format!("cannot replace {}: {}", target.display(), e.error)))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(suffixed(&tmp_path, suffix));
    }
    loose::sync_dir(&dir);
    Ok(report)
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::Store(format!("cannot read {}: {e}", dir.display()))),
    };
    out.sort();
    Ok(out)
}

fn record_from_seal(root: &Path, archive: &Path, s: &SignedSeal) -> Result<ArchiveRecord> {
    let seal = &s.seal;
    let key = archive
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|_| Error::Store(format!("{} is outside the store", archive.display())))?;
    let created = seal.created.parse().map_err(|e| {
        Error::Store(format!(
            "seal of {}: bad created time: {e}",
            seal.archive_id
        ))
    })?;
    Ok(ArchiveRecord {
        id: seal.archive_id.clone(),
        class: seal.class.clone(),
        created,
        store: "local".into(),
        key,
        size: seal.ciphertext.size,
        sha256: seal.ciphertext.sha256.clone(),
        encryption: seal.encryption.as_str().into(),
        recipients: seal.recipients.clone(),
        payload_kind: seal
            .payload_kind
            .clone()
            .unwrap_or_else(|| "unknown".into()),
        seal: String::from_utf8_lossy(&s.bytes).into_owned(),
        facts: seal
            .facts
            .clone()
            .map_or(Value::Object(Default::default()), Value::Object),
        run_id: None,
        set_id: None,
        status: ArchiveStatus::Good,
    })
}
