//! `coffer drill`: a restore into a scratch database, compared, dropped and
//! recorded with its timings (the measured recovery time, SOC 2 A1.3).

use std::time::Instant;

use serde_json::Value;

use crate::catalog::{ArchiveRecord, DrillRecord, Outcome, RunKind};
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::pg::{self, ConnTarget};

use super::restore::{
    ErasureStep, Mismatch, RestoreRequest, erasure_step, mismatch_error, restore_inner,
};
use super::vault::{Vault, ms};

#[derive(Debug, Clone, serde::Serialize)]
pub struct DrillReport {
    pub archive_id: String,
    pub scratch_db: String,
    pub ok: bool,
    pub restore_ms: u64,
    pub check_ms: u64,
    pub total_ms: u64,
    pub tables_checked: usize,
    pub mismatches: Vec<Mismatch>,
    pub error: Option<String>,
    /// Erasure requests replayed on the scratch database (None: skipped or failed).
    pub erasure_requests_applied: Option<usize>,
    /// What the restore noticed (copies skipped, keys created NOT VALID).
    pub warnings: Vec<String>,
}

/// `coffer drill`: restore into a scratch database, compare, drop it,
/// record the result and the time to restore (the measured recovery time).
pub fn drill(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    server: &ConnTarget,
    classes: &Option<Vec<String>>,
    erasure: &ErasureStep,
    from: Option<&str>,
) -> Result<DrillReport> {
    let t = Instant::now();
    let scratch = format!("coffer_drill_{}", rec.id.to_lowercase().replace('-', "_"));
    let target = server.with_database(&scratch);
    let admin = server.with_database("postgres");
    if pg::database_exists(&admin, &scratch)? {
        pg::drop_database(&admin, &scratch)?;
    }
    let req = RestoreRequest {
        target,
        tables: Vec::new(),
        create: true,
        into_existing: false,
        classes: classes.clone(),
        erasure: erasure.clone(),
        from: from.map(str::to_owned),
        jobs: None,
    };
    let mut result = restore_inner(vault, rec, keys, &req);
    if let Ok(r) = &mut result
        && r.mismatches.is_empty()
        && let Err(e) = erasure_step(vault, rec, keys, &req, r)
    {
        result = Err(e);
    }
    let dropped = pg::drop_database(&admin, &scratch);
    if let Err(d) = &dropped
        && result.is_err()
    {
        // The server went away (or refused): say the scratch database may
        // be left, in the message, the drill record and the audit entry.
        let note = format!(
            "the scratch database {scratch} could not be dropped ({d}): drop it by hand, or the next drill of this archive does"
        );
        result = result.map_err(|e| with_note(e, &note));
    }
    let total_ms = ms(t);
    let mut report = DrillReport {
        archive_id: rec.id.clone(),
        scratch_db: scratch,
        ok: false,
        restore_ms: 0,
        check_ms: 0,
        total_ms,
        tables_checked: 0,
        mismatches: Vec::new(),
        error: None,
        erasure_requests_applied: None,
        warnings: Vec::new(),
    };
    match &result {
        Ok(r) => {
            report.warnings = r.warnings.clone();
            report.restore_ms = r.restore_ms;
            report.check_ms = r.check_ms;
            report.tables_checked = r.tables_checked;
            report.mismatches = r.mismatches.clone();
            report.ok = r.mismatches.is_empty();
            report.erasure_requests_applied = r.erasure.as_ref().map(|e| e.requests_applied);
            if !report.ok {
                report.error = Some(mismatch_error(r).to_string());
            }
        }
        Err(e) => report.error = Some(e.to_string()),
    }
    vault.catalog.record_drill(DrillRecord {
        archive_id: rec.id.clone(),
        at: crate::now(),
        ok: report.ok,
        scratch_db: report.scratch_db.clone(),
        restore_ms: report.restore_ms,
        check_ms: report.check_ms,
        total_ms,
        tables_checked: report.tables_checked as u64,
        mismatches: serde_json::to_value(&report.mismatches).unwrap_or(Value::Null),
        error: report.error.clone(),
    })?;
    let run = vault.catalog.start_run(
        RunKind::Drill,
        Some(&rec.id),
        serde_json::to_value(&report).unwrap_or(Value::Null),
    )?;
    vault.catalog.finish_run(
        run,
        if report.ok {
            Outcome::Ok
        } else {
            Outcome::Failed
        },
        report.error.as_deref(),
        Value::Null,
    )?;
    vault.audit(
        crate::audit::Action::Drill,
        crate::audit::Object::Archive(rec.id.clone()),
        if report.ok {
            crate::audit::Outcome::Ok
        } else {
            crate::audit::Outcome::Failed
        },
        serde_json::json!({ "rto_ms": total_ms, "restore_ms": report.restore_ms,
            "check_ms": report.check_ms, "tables_checked": report.tables_checked,
            "scratch_db": report.scratch_db, "from": from,
            "erasure_requests_applied": report.erasure_requests_applied, "error": report.error }),
    );
    match result {
        Err(e) => Err(e),
        Ok(r) if !r.mismatches.is_empty() => Err(mismatch_error(&r)),
        Ok(_) => {
            dropped?;
            Ok(report)
        }
    }
}

/// `e` with `note` appended to its message, of the same kind (so the exit
/// code stays the same).
fn with_note(e: Error, note: &str) -> Error {
    match e {
        Error::Format(f) => {
            Error::Format(crate::format::Error::new(f.class, format!("{f}; {note}")))
        }
        Error::Pg(p) => Error::Pg(pg::Error::Query {
            context: p.to_string(),
            message: note.to_owned(),
            source: None,
        }),
        Error::Input(m) => Error::Input(format!("{m}; {note}")),
        Error::Config(m) => Error::Config(format!("{m}; {note}")),
        Error::Store(m) => Error::Store(format!("{m}; {note}")),
        Error::RestoreCheck(m) => Error::RestoreCheck(format!("{m}; {note}")),
        Error::ErasureReplay(m) => Error::ErasureReplay(format!("{m}; {note}")),
        Error::Ledger(m) => Error::Ledger(format!("{m}; {note}")),
        Error::LockHeld(m) => Error::LockHeld(format!("{m}; {note}")),
        other => Error::Other(format!("{other}; {note}")),
    }
}
