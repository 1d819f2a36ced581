//! Verification and drill history: the evidence that archives are intact and
//! restore (SOC 2), shown by `coffer show` and checked by health checks.

use std::borrow::Borrow;

use rusqlite::{Row, ffi, params};

use super::error::{Error, Result};
use super::records::{DrillRecord, VerificationRecord};
use super::{Catalog, is_constraint, json_from_sql, time, u64_from_sql, u64_to_sql};

const VERIFICATION_COLUMNS: &str = "archive_id, at, deep, store, ok, error, duration_ms";
const DRILL_COLUMNS: &str = "archive_id, at, ok, scratch_db, restore_ms, check_ms, total_ms, \
     tables_checked, mismatches, error";

impl Catalog {
    /// Records one verification. The archive must be in the catalog.
    pub fn record_verification(&self, v: impl Borrow<VerificationRecord>) -> Result<()> {
        let v = v.borrow();
        let res = self.conn.execute(
            "INSERT INTO verifications (archive_id, at, deep, store, ok, error, duration_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                v.archive_id,
                time::to_sql(v.at),
                v.deep,
                v.store,
                v.ok,
                v.error,
                u64_to_sql(v.duration_ms, "duration_ms")?,
            ],
        );
        unknown_archive(res, &v.archive_id)
    }

    /// Verifications of one archive, oldest first.
    pub fn verifications(&self, archive_id: &str) -> Result<Vec<VerificationRecord>> {
        self.query_verifications(
            &format!(
                "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE archive_id = ?1 \
                 ORDER BY at, id"
            ),
            archive_id,
        )
    }

    /// The most recent verification of one archive.
    pub fn last_verification(&self, archive_id: &str) -> Result<Option<VerificationRecord>> {
        Ok(self
            .query_verifications(
                &format!(
                    "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE archive_id = ?1 \
                     ORDER BY at DESC, id DESC LIMIT 1"
                ),
                archive_id,
            )?
            .into_iter()
            .next())
    }

    /// Records one restore drill. The archive must be in the catalog.
    pub fn record_drill(&self, d: impl Borrow<DrillRecord>) -> Result<()> {
        let d = d.borrow();
        let mismatches = serde_json::to_string(&d.mismatches)
            .map_err(|e| Error::Corrupt(format!("drill mismatches: {e}")))?;
        let res = self.conn.execute(
            "INSERT INTO drills (archive_id, at, ok, scratch_db, restore_ms, check_ms, total_ms, \
             tables_checked, mismatches, error) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                d.archive_id,
                time::to_sql(d.at),
                d.ok,
                d.scratch_db,
                u64_to_sql(d.restore_ms, "restore_ms")?,
                u64_to_sql(d.check_ms, "check_ms")?,
                u64_to_sql(d.total_ms, "total_ms")?,
                u64_to_sql(d.tables_checked, "tables_checked")?,
                mismatches,
                d.error,
            ],
        );
        unknown_archive(res, &d.archive_id)
    }

    /// Drills of one archive, oldest first.
    pub fn drills(&self, archive_id: &str) -> Result<Vec<DrillRecord>> {
        let sql =
            format!("SELECT {DRILL_COLUMNS} FROM drills WHERE archive_id = ?1 ORDER BY at, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map([archive_id], RawDrill::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawDrill::into_record).collect()
    }

    /// The newest successful verification of any good archive of `class`.
    pub fn last_good_verification_of_class(
        &self,
        class: &str,
    ) -> Result<Option<VerificationRecord>> {
        let cols = VERIFICATION_COLUMNS
            .split(", ")
            .map(|c| format!("v.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(self
            .query_verifications(
                &format!(
                    "SELECT {cols} FROM verifications v JOIN archives a ON a.id = v.archive_id \
                     WHERE a.class = ?1 AND a.status = 'good' AND v.ok \
                     ORDER BY v.at DESC, v.id DESC LIMIT 1"
                ),
                class,
            )?
            .into_iter()
            .next())
    }

    /// The latest verification of each good archive, where it failed.
    pub fn failed_latest_verifications(&self) -> Result<Vec<VerificationRecord>> {
        let cols = VERIFICATION_COLUMNS
            .split(", ")
            .map(|c| format!("v.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {cols} FROM verifications v JOIN archives a ON a.id = v.archive_id \
             WHERE a.status = 'good' AND NOT v.ok AND v.id = \
             (SELECT max(id) FROM verifications w WHERE w.archive_id = v.archive_id) \
             ORDER BY v.at"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map([], RawVerification::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawVerification::into_record).collect()
    }

    /// Ids of good archives with no successful verification, oldest first.
    pub fn unverified_archives(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM archives a WHERE status = 'good' AND NOT EXISTS \
             (SELECT 1 FROM verifications v WHERE v.archive_id = a.id AND v.ok) \
             ORDER BY created, id",
        )?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The newest drill of any archive (of successful ones if `ok_only`).
    pub fn last_drill(&self, ok_only: bool) -> Result<Option<DrillRecord>> {
        let sql = format!(
            "SELECT {DRILL_COLUMNS} FROM drills WHERE ok OR NOT ?1 ORDER BY at DESC, id DESC LIMIT 1"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map([ok_only], RawDrill::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .next()
            .map(RawDrill::into_record)
            .transpose()
    }

    fn query_verifications(&self, sql: &str, archive_id: &str) -> Result<Vec<VerificationRecord>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt
            .query_map([archive_id], RawVerification::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawVerification::into_record).collect()
    }
}

/// A foreign-key failure on insert means the archive is not registered.
fn unknown_archive(res: rusqlite::Result<usize>, archive_id: &str) -> Result<()> {
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_constraint(&e, ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => Err(Error::NotFound(
            format!("no archive {archive_id} in the catalog"),
        )),
        Err(e) => Err(e.into()),
    }
}

struct RawVerification {
    archive_id: String,
    at: String,
    deep: bool,
    store: String,
    ok: bool,
    error: Option<String>,
    duration_ms: i64,
}

impl RawVerification {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            archive_id: r.get(0)?,
            at: r.get(1)?,
            deep: r.get(2)?,
            store: r.get(3)?,
            ok: r.get(4)?,
            error: r.get(5)?,
            duration_ms: r.get(6)?,
        })
    }

    fn into_record(self) -> Result<VerificationRecord> {
        let what = |field: &str| format!("verification of {} {field}", self.archive_id);
        Ok(VerificationRecord {
            at: time::from_sql(&self.at, &what("at"))?,
            duration_ms: u64_from_sql(self.duration_ms, &what("duration_ms"))?,
            archive_id: self.archive_id,
            deep: self.deep,
            store: self.store,
            ok: self.ok,
            error: self.error,
        })
    }
}

struct RawDrill {
    archive_id: String,
    at: String,
    ok: bool,
    scratch_db: String,
    restore_ms: i64,
    check_ms: i64,
    total_ms: i64,
    tables_checked: i64,
    mismatches: String,
    error: Option<String>,
}

impl RawDrill {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            archive_id: r.get(0)?,
            at: r.get(1)?,
            ok: r.get(2)?,
            scratch_db: r.get(3)?,
            restore_ms: r.get(4)?,
            check_ms: r.get(5)?,
            total_ms: r.get(6)?,
            tables_checked: r.get(7)?,
            mismatches: r.get(8)?,
            error: r.get(9)?,
        })
    }

    fn into_record(self) -> Result<DrillRecord> {
        let what = |field: &str| format!("drill of {} {field}", self.archive_id);
        Ok(DrillRecord {
            at: time::from_sql(&self.at, &what("at"))?,
            restore_ms: u64_from_sql(self.restore_ms, &what("restore_ms"))?,
            check_ms: u64_from_sql(self.check_ms, &what("check_ms"))?,
            total_ms: u64_from_sql(self.total_ms, &what("total_ms"))?,
            tables_checked: u64_from_sql(self.tables_checked, &what("tables_checked"))?,
            mismatches: json_from_sql(&self.mismatches, &what("mismatches"))?,
            archive_id: self.archive_id,
            ok: self.ok,
            scratch_db: self.scratch_db,
            error: self.error,
        })
    }
}
