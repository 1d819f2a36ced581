//! Prune (retention executed), legal holds, and catalog rebuild from the
//! store. All of them write, so all take the vault's writer lock.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use super::copies;
use super::lock::{self, WriterLock};
use super::loose;
use super::vault::Vault;
use crate::audit::{Action, Object, Outcome as AuditOutcome};
use crate::catalog::{
    ArchiveFilter, ArchiveRecord, ArchiveStatus, Catalog, CopyStatus, HoldEvent, HoldRecord,
    Outcome, RunFilter, RunId, RunKind, VerificationRecord,
};
use crate::error::{Error, Result};
use crate::format::SignedSeal;
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::retention::{self, BackupHealth, Candidate, Plan, Verified};

pub use super::copies::HOLD_SUFFIX;

/// Takes the writer lock; every writing command then records the config
/// it runs with in the audit log (spec/audit.md "Config").
pub fn lock(vault: &Vault, what: &str, wait: Duration) -> Result<WriterLock> {
    let l = lock::acquire(&vault.config.lock_path(), what, wait)?;
    if let Err(e) = crate::audit::observe_config(&vault.catalog, &vault.config) {
        crate::audit::warn(format!(
            "the config could not be recorded in the audit log: {e}"
        ));
    }
    // A rekey killed half-way is finished (or undone) before anything else
    // reads the stores (spec/format.md "Rekey": crash safety).
    match super::rekey::recover(vault) {
        Ok(done) => {
            for m in done {
                crate::audit::warn(m);
            }
        }
        Err(e) => crate::audit::warn(format!("an interrupted rekey could not be finished: {e}")),
    }
    Ok(l)
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
    /// The plan of the class's physical base backups (spec/wal.md).
    pub physical: bool,
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
    /// Archives retention would delete that an offsite store keeps under
    /// object lock: not touched anywhere until the lock ends.
    pub locked: Vec<LockedCopy>,
    /// WAL files deleted (or, in a dry run, to delete): older than every
    /// kept base backup's start (spec/wal.md "Retention").
    pub wal_deleted: Vec<String>,
}

/// An archive prune left alone because a copy is under object lock.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LockedCopy {
    pub archive_id: String,
    pub store: String,
    pub until: String,
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
        locked: Vec::new(),
        wal_deleted: Vec::new(),
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
            report.missing.push(a.id.clone());
            // Still planned when another store holds a copy (the local
            // store was lost): retention goes on offsite.
            if vault
                .catalog
                .copies(&a.id)?
                .iter()
                .any(|c| c.store != a.store && c.status == CopyStatus::Present)
            {
                present.push(a);
            }
        }
    }
    let health = backup_health(&vault.catalog)?;
    let mut classes: Vec<String> = present.iter().map(|a| a.class.clone()).collect();
    classes.sort();
    classes.dedup();
    // Physical base backups are retained by the same rules as the dumps of
    // their class, but apart from them (spec/wal.md "Retention"): a day's
    // dump never stands in for that day's base backup, nor the reverse.
    for class in classes {
        for physical in [false, true] {
            let candidates: Vec<Candidate> = present
                .iter()
                .filter(|a| a.class == class)
                .filter(|a| (a.payload_kind == super::physical::PHYSICAL_KIND) == physical)
                .map(|a| {
                    let mut c = candidate(&vault.catalog, a)?;
                    c.offsite_pending = copies::incomplete(vault, a)?;
                    Ok(c)
                })
                .collect::<Result<_>>()?;
            if physical && candidates.is_empty() {
                continue;
            }
            let policy = vault.config.policy(&class).clone();
            let plan = retention::apply(&policy, &candidates, &health, now, force);
            report.classes.push(ClassPlan {
                class: class.clone(),
                physical,
                policy,
                plan,
            });
        }
    }
    if dry_run {
        let planned: Vec<String> = report
            .classes
            .iter()
            .flat_map(|c| c.plan.deletions().map(|i| i.id.clone()))
            .collect();
        report.wal_deleted = super::wal::prune(vault, &planned, true)?;
        return Ok(report);
    }
    let r = prune_execute(vault, &present, now, report).and_then(|mut r| {
        // WAL no kept base backup needs goes after the base backups did.
        r.wal_deleted = super::wal::prune(vault, &r.deleted, false)?;
        Ok(r)
    });
    vault.publish_audit([copies::LOCAL]);
    r
}

/// Executes the plans of `report` (deleting, recording each deletion).
fn prune_execute(
    vault: &Vault,
    present: &[ArchiveRecord],
    now: jiff::Timestamp,
    mut report: PruneReport,
) -> Result<PruneReport> {
    for cp in &report.classes {
        for item in cp.plan.deletions() {
            let Some(rec) = present.iter().find(|a| a.id == item.id) else {
                continue;
            };
            let reasons = item.reasons.join("; ");
            let offsite: Vec<String> = vault
                .catalog
                .copies(&rec.id)?
                .into_iter()
                .filter(|c| c.store != rec.store && c.status != CopyStatus::Deleted)
                .map(|c| c.store)
                .collect();
            // Object lock: check every copy before deleting any, so an
            // archive is never left half deleted until its lock ends.
            if let Some(l) = locked_copy(vault, rec, &offsite, now)? {
                report.locked.push(l);
                continue;
            }
            let details = json!({ "deleting": true, "class": cp.class, "reasons": item.reasons, "forced": cp.plan.forced, "offsite": offsite });
            let run = vault
                .catalog
                .start_run(RunKind::Prune, Some(&rec.id), details)?;
            let path = vault.archive_path(rec)?;
            // Store first (offsite copies, then the primary), then the
            // catalog: a crash in between leaves a started prune run naming
            // the archive, which the next prune completes.
            let deleted =
                delete_offsite(vault, rec, &offsite).and_then(|()| finish_store_delete(&path));
            vault.audit(
                Action::Prune,
                Object::Archive(rec.id.clone()),
                AuditOutcome::of(&deleted),
                json!({ "class": cp.class, "rule": item.reasons, "forced": cp.plan.forced,
                    "offsite": offsite, "error": deleted.as_ref().err().map(ToString::to_string) }),
            );
            match deleted {
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

/// The first copy of `rec` in `stores` under object lock at `now`.
fn locked_copy(
    vault: &Vault,
    rec: &ArchiveRecord,
    stores: &[String],
    now: jiff::Timestamp,
) -> Result<Option<LockedCopy>> {
    for name in stores {
        let store = vault.store(name)?;
        if let Some(meta) = store.head(&rec.key)?
            && let Some(until) = meta.retain_until.filter(|_| meta.locked_at(now))
        {
            return Ok(Some(LockedCopy {
                archive_id: rec.id.clone(),
                store: name.clone(),
                until: until.to_string(),
            }));
        }
    }
    Ok(None)
}

/// Deletes an archive's copies in offsite stores (archive, hold, signature,
/// seal last), marking each deleted in the catalog.
fn delete_offsite(vault: &Vault, rec: &ArchiveRecord, stores: &[String]) -> Result<()> {
    for name in stores {
        let store = vault.store(name)?;
        for suffix in ["", HOLD_SUFFIX, SIG_SUFFIX, SEAL_SUFFIX] {
            store
                .delete(&copies::sidecar(&rec.key, suffix))
                .map_err(|e| Error::Store(format!("store {name}: {e}")))?;
        }
        vault.catalog.mark_copy_deleted(&rec.id, name)?;
    }
    Ok(())
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
    // 0600 like every file of the vault (the record names users and reasons).
    loose::write_atomic(&path, &bytes, 0o600)?;
    vault.catalog.put_hold(&h)?;
    vault.audit(
        if add {
            Action::HoldAdd
        } else {
            Action::HoldRelease
        },
        Object::Archive(rec.id.clone()),
        AuditOutcome::Ok,
        json!({ "reason": reason }),
    );
    vault.publish_audit([copies::LOCAL]);
    // Offsite copies carry the hold record too: a catalog rebuilt from an
    // offsite store must not lose a legal hold.
    for c in vault.catalog.copies(&rec.id)? {
        if c.store != rec.store && c.status == CopyStatus::Present {
            copies::sync_hold(vault, &rec, &c.store).map_err(|e| {
                Error::Store(format!(
                    "the hold is recorded in the vault, but not yet in store {}: {e}; `coffer push --missing` copies it",
                    c.store
                ))
            })?;
        }
    }
    Ok(h)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RebuildReport {
    pub archives: usize,
    /// Erasure ledger entries reloaded from the store.
    pub ledger_entries: usize,
    pub holds: usize,
    /// Audit log entries reloaded from a store.
    pub audit_entries: usize,
    /// WAL files registered from `wal/` (spec/wal.md "Catalog rebuild").
    pub wal_files: usize,
    /// Seals that failed their signature check or whose archive is corrupt.
    pub rejected: Vec<String>,
    pub verification_failed: Vec<String>,
}

/// `catalog rebuild [--from STORE]`: a new catalog from the stores alone
/// (the vault's store and every class's primary store, or the one store
/// `from` names, e.g. an offsite bucket after the backup host was lost).
/// Each seal's signature is checked against the vault's key and each
/// archive is hashed (a keyless verification, recorded); hold records and
/// the erasure ledger are reloaded. The new catalog replaces the old one
/// only when complete.
pub fn rebuild(vault: &Vault, from: Option<&str>) -> Result<RebuildReport> {
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
    // What the old catalog logged and the vault's store lacks goes there
    // first, so that the rebuild brings it back. Not when the store is ahead
    // (the catalog was lost: a new one holds only this command's entry) nor
    // for a rebuild from another store (the host was lost).
    if from.is_none() {
        let local = vault.store(copies::LOCAL)?;
        let head = vault.catalog.audit_head()?.map_or(0, |h| h.0);
        if crate::audit::segments::last_seq(local.as_ref())?.unwrap_or(0) <= head {
            vault.publish_audit([copies::LOCAL]);
        }
    }
    let mut report = RebuildReport {
        archives: 0,
        ledger_entries: 0,
        holds: 0,
        audit_entries: 0,
        wal_files: 0,
        rejected: Vec::new(),
        verification_failed: Vec::new(),
    };
    {
        let mut cat = Catalog::open(&tmp_path)?;
        cat.set_clock(crate::now);
        let stores: Vec<String> = match from {
            Some(name) => {
                vault.store(name)?;
                vec![name.to_owned()]
            }
            None => {
                let mut v = vec![copies::LOCAL.to_owned()];
                v.extend(vault.config.classes.values().map(|c| c.store.clone()));
                v
            }
        };
        for name in &stores {
            rebuild_store(vault, &cat, &signer, name, from.is_some(), &mut report)?;
        }
        // The WAL archive after the archives: its segment numbers use the
        // physical backups' segment size.
        let mut wal_stores: Vec<&String> = Vec::new();
        for name in &stores {
            if !wal_stores.contains(&name) {
                wal_stores.push(name);
            }
        }
        for name in wal_stores {
            report.wal_files += super::wal_index::rebuild_store(
                vault,
                &cat,
                &signer,
                name,
                from.is_some(),
                &mut report.rejected,
            )?;
        }
        if let Some(name) = from {
            fetch_ledger(vault, name)?;
        }
        // The erasure ledger: its entries are in the store too, chain and
        // signatures checked (a broken chain fails the rebuild).
        report.ledger_entries = crate::erasure::reload_from_store(vault, &cat)?;
        // The audit log: the longest verified chain among the stores read.
        // A broken one loads up to its break, and says so.
        let mut best: Option<(String, crate::audit::segments::StoreLog)> = None;
        for name in &stores {
            let log = crate::audit::segments::read_store(
                vault.store(name)?.as_ref(),
                name,
                &signer,
                crate::audit::VerifyOptions::default(),
            )?;
            if let Some(b) = &log.status.broken {
                report.rejected.push(format!(
                    "{name}: the audit log: {b}; entries before it were kept"
                ));
            }
            if best
                .as_ref()
                .is_none_or(|(_, l)| log.rows.len() > l.rows.len())
            {
                best = Some((name.clone(), log));
            }
        }
        if let Some((_, log)) = &best {
            cat.insert_audit_rows(&log.rows)?;
            report.audit_entries = log.rows.len();
            // A store rolled back (or cut) behind coffer's back must not
            // become the catalog's truth unnoticed.
            report
                .rejected
                .extend(audit_disagreements(&cat, &log.rows, &stores)?);
        }
        crate::audit::record(
            &cat,
            &vault.config,
            crate::audit::Action::CatalogRebuild,
            crate::audit::Object::Vault,
            crate::audit::Outcome::Ok,
            json!({ "from": stores, "archives": report.archives, "holds": report.holds,
                "ledger_entries": report.ledger_entries, "audit_entries": report.audit_entries,
                "wal_files": report.wal_files,
                "audit_from": best.as_ref().map(|b| &b.0), "rejected": report.rejected.len() }),
        );
        if let Err(e) = vault
            .store(copies::LOCAL)
            .and_then(|s| crate::audit::segments::publish(&cat, &vault.config, s.as_ref()))
        {
            crate::audit::warn(format!(
                "the audit log could not be written to the vault's store: {e}"
            ));
        }
        let run = cat.start_run(
            RunKind::Rebuild,
            None,
            json!({ "from": from.unwrap_or(copies::LOCAL) }),
        )?;
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

/// Moves a damaged catalog file (and its `-wal`, `-shm`) aside, to
/// `CATALOG.damaged-TIME`, kept for whoever wants to look; the caller holds
/// the writer lock and rebuilds from the stores. Returns the new name.
pub fn set_aside_catalog(cfg: &crate::config::Config) -> Result<PathBuf> {
    let path = cfg.catalog_path();
    let stamp = crate::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let aside = suffixed(&path, &format!(".damaged-{stamp}"));
    std::fs::rename(&path, &aside)
        .map_err(|e| Error::Store(format!("cannot move {} aside: {e}", path.display())))?;
    for suffix in ["-wal", "-shm"] {
        let from = suffixed(&path, suffix);
        if from.exists() {
            let _ = std::fs::rename(&from, suffixed(&aside, suffix));
        }
    }
    Ok(aside)
}

/// Registers every sealed archive in store `name` in `cat`. `offsite`: the
/// store is not (necessarily) the archives' primary one; their copy there
/// is recorded, and a primary copy that is not where it should be is
/// recorded as bad.
fn rebuild_store(
    vault: &Vault,
    cat: &Catalog,
    signer: &crate::crypto::sign::VerifyingKey,
    name: &str,
    offsite: bool,
    report: &mut RebuildReport,
) -> Result<()> {
    let store = vault.store(name)?;
    let keys = store.list("")?;
    // Seals of archives: `class/ID.EXT.seal`, two components.
    let seals = keys.iter().filter(|k| {
        k.ends_with(SEAL_SUFFIX) && !k.ends_with(SIG_SUFFIX) && k.matches('/').count() == 1
    });
    for seal_key in seals {
        let key = &seal_key[..seal_key.len() - SEAL_SUFFIX.len()];
        if !keys.iter().any(|k| k == key) {
            continue; // an interrupted prune: the archive is gone, only its seal is left
        }
        if keys.contains(&format!("{key}{}", super::backup::PENDING_SUFFIX)) {
            report.rejected.push(format!(
                "{name}:{key}: left by a backup killed before registering it (the next backup removes it)"
            ));
            continue;
        }
        let src = copies::StoreSource {
            name,
            store: store.as_ref(),
            key,
        };
        let sealed = match loose::Source::read_seal(&src)
            .and_then(|s| s.verify_signature(Some(signer)).map(|_| s))
        {
            Ok(s) => s,
            Err(e) => {
                report.rejected.push(format!("{name}:{seal_key}: {e}"));
                continue;
            }
        };
        // An archive's name is made from its seal's id (`class/ID.EXT`): a
        // seal stored under another archive's name was renamed there, as a
        // store rolled back to an older archive under the newest name is.
        let s = &sealed.seal;
        let expected =
            crate::store::LocalStore::key_for(&s.class, &s.archive_id, s.encryption.extension());
        if key != expected {
            report.rejected.push(format!(
                "{name}:{seal_key}: the seal is archive {}'s, stored under another name (rolled back or swapped)",
                s.archive_id
            ));
            continue;
        }
        let mut rec = record_from_seal(key, &sealed)?;
        rec.store = vault.config.primary_store_name(&rec.class);
        // A class's archives belong in the class's stores only.
        let allowed = if offsite {
            copies::class_stores(&vault.config, &rec.class).contains(&name.to_owned())
        } else {
            rec.store == name
        };
        if !allowed || !key.starts_with(&format!("{}/", rec.class)) {
            report.rejected.push(format!(
                "{name}:{seal_key}: class {} does not belong in this store",
                rec.class
            ));
            continue;
        }
        rec.set_id = sealed
            .seal
            .facts
            .as_ref()
            .and_then(|f| f.get("set"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let t = std::time::Instant::now();
        let check = loose::verify_keyless_at(&src, Some(signer));
        if cat.archive(&rec.id)?.is_some() {
            report
                .rejected
                .push(format!("{name}:{seal_key}: archive {} seen twice", rec.id));
            continue;
        }
        cat.insert_archive(&rec)?;
        cat.record_verification(VerificationRecord {
            archive_id: rec.id.clone(),
            at: crate::now(),
            deep: false,
            store: name.to_owned(),
            ok: check.is_ok(),
            error: check.as_ref().err().map(ToString::to_string),
            duration_ms: t.elapsed().as_millis() as u64,
        })?;
        if offsite && rec.store != name {
            let meta = store.head(key)?;
            cat.put_copy(&crate::catalog::CopyRecord {
                retain_until: meta.and_then(|m| m.retain_until),
                status: if check.is_ok() {
                    CopyStatus::Present
                } else {
                    CopyStatus::Bad
                },
                error: check.as_ref().err().map(ToString::to_string),
                ..crate::catalog::CopyRecord::of(&rec, name, crate::now())
            })?;
            let primary = vault.store(&rec.store)?;
            if primary.head(key)?.is_none() {
                cat.mark_copy_bad(&rec.id, &rec.store, "not in the primary store")?;
            }
        } else if let Err(e) = &check {
            cat.mark_copy_bad(&rec.id, &rec.store, &e.to_string())?;
        }
        if check.is_err() {
            report.verification_failed.push(rec.id.clone());
        }
        report.archives += 1;
        let hold_key = copies::sidecar(key, HOLD_SUFFIX);
        match copies::read_small(store.as_ref(), &hold_key) {
            Ok(bytes) => match serde_json::from_slice::<HoldRecord>(&bytes) {
                Ok(h) if h.archive_id == rec.id && !h.events.is_empty() => {
                    cat.put_hold(&h)?;
                    report.holds += 1;
                }
                _ => report
                    .rejected
                    .push(format!("{name}:{hold_key}: not a valid hold record")),
            },
            Err(crate::store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Copies the erasure ledger's objects from store `name` into the vault's
/// store where they are missing (a rebuild from an offsite store).
fn fetch_ledger(vault: &Vault, name: &str) -> Result<()> {
    let src = vault.store(name)?;
    let local = vault.store(copies::LOCAL)?;
    let have = local.list("ledger/")?;
    for key in src.list("ledger/")? {
        if !have.contains(&key) {
            let bytes = copies::read_small(src.as_ref(), &key)?;
            local.put(&key, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
        }
    }
    Ok(())
}

fn record_from_seal(key: &str, s: &SignedSeal) -> Result<ArchiveRecord> {
    let seal = &s.seal;
    let key = key.to_owned();
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

/// What the store's audit log says about its archives that the rebuild did
/// not find: every archive whose backup (or push to one of `stores`) the
/// log records, and no prune of it, must be in the rebuilt catalog with the
/// ciphertext hash its backup entry recorded. Otherwise it was deleted, or
/// replaced by another (older) archive, behind coffer's back
/// (spec/audit.md: the log makes such a cut visible).
fn audit_disagreements(
    cat: &Catalog,
    rows: &[crate::catalog::AuditRow],
    stores: &[String],
) -> Result<Vec<String>> {
    struct Logged {
        seq: u64,
        sha256: Option<String>,
        stores: Vec<String>,
        pruned: bool,
    }
    let mut logged: std::collections::BTreeMap<String, Logged> = Default::default();
    for row in rows {
        let Ok(e) = crate::audit::parse(row) else {
            continue;
        };
        if e.object.kind != "archive" || e.outcome != AuditOutcome::Ok {
            continue;
        }
        let store = e
            .facts
            .get("store")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match e.action {
            Action::Backup => {
                logged.insert(
                    e.object.id.clone(),
                    Logged {
                        seq: e.seq,
                        sha256: e
                            .facts
                            .get("sha256")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        stores: store.into_iter().collect(),
                        pruned: false,
                    },
                );
            }
            Action::Push => {
                if let Some(l) = logged.get_mut(&e.object.id) {
                    l.stores.extend(store);
                }
            }
            Action::Prune => {
                if let Some(l) = logged.get_mut(&e.object.id) {
                    l.pruned = true;
                }
            }
            // A rekey replaced the ciphertext: its new hash is the one to find.
            Action::Rekey => {
                if let Some(l) = logged.get_mut(&e.object.id) {
                    l.sha256 = e
                        .facts
                        .get("sha256")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    l.seq = e.seq;
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (id, l) in logged {
        if l.pruned || !l.stores.iter().any(|s| stores.contains(s)) {
            continue;
        }
        match cat.archive(&id)? {
            None => out.push(format!(
                "archive {id}: the audit log records its backup (entry {}) and no prune, but no store read holds it under its name: deleted, or rolled back to an older archive, behind coffer's back",
                l.seq
            )),
            Some(rec) if l.sha256.as_ref().is_some_and(|h| *h != rec.sha256) => out.push(format!(
                "archive {id}: its seal's ciphertext SHA-256 differs from the one its backup recorded in the audit log (entry {})",
                l.seq
            )),
            Some(_) => {}
        }
    }
    Ok(out)
}
