//! Runs: every backup, verify, restore, drill (prune, push, rebuild) is recorded
//! when it starts and again when it ends. A run that never finishes (kill -9,
//! power loss) keeps `finished = NULL`, which is itself evidence.

use std::borrow::Borrow;

use rusqlite::{OptionalExtension, Row, params};

use super::error::{Error, Result};
use super::records::{Outcome, RunFilter, RunId, RunKind, RunRecord};
use super::{Catalog, json_from_sql, time, u64_from_sql};

const COLUMNS: &str =
    "id, kind, archive_id, started, finished, duration_ms, outcome, error, details";

impl Catalog {
    /// Records the start of a run and returns its id.
    pub fn start_run(
        &self,
        kind: RunKind,
        archive_id: Option<&str>,
        details: serde_json::Value,
    ) -> Result<RunId> {
        let details = to_json(&details)?;
        self.conn.execute(
            "INSERT INTO runs (kind, archive_id, started, details) VALUES (?1, ?2, ?3, ?4)",
            params![kind.as_str(), archive_id, time::to_sql(self.now()), details],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records how a run ended. `details` is merged into the start details when
    /// both are JSON objects (keys given here win); `null` keeps the start
    /// details; anything else replaces them. Finishing a run twice is
    /// [`Error::RunFinished`].
    pub fn finish_run(
        &self,
        id: RunId,
        outcome: Outcome,
        error: Option<&str>,
        details: serde_json::Value,
    ) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let row: Option<(String, Option<String>, String)> = tx
            .query_row(
                "SELECT started, finished, details FROM runs WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((started, finished, old)) = row else {
            return Err(Error::NotFound(format!("no run {id} in the catalog")));
        };
        if finished.is_some() {
            return Err(Error::RunFinished(id));
        }
        let started = time::from_sql(&started, &format!("run {id} started"))?;
        let now = self.now();
        // A clock stepping backwards must not produce a negative duration.
        let duration_ms = (now.as_millisecond() - started.as_millisecond()).max(0);
        let details = merge(json_from_sql(&old, &format!("run {id} details"))?, details);
        tx.execute(
            "UPDATE runs SET finished = ?2, duration_ms = ?3, outcome = ?4, error = ?5, \
             details = ?6 WHERE id = ?1",
            params![
                id,
                time::to_sql(now),
                duration_ms,
                outcome.as_sql(),
                error,
                to_json(&details)?
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// One run by id.
    pub fn run(&self, id: RunId) -> Result<Option<RunRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM runs WHERE id = ?1");
        let raw = self
            .conn
            .query_row(&sql, [id], RawRun::from_row)
            .optional()?;
        raw.map(RawRun::into_record).transpose()
    }

    /// Runs matching the filter, **newest first** (so `limit` keeps the latest).
    pub fn runs(&self, filter: impl Borrow<RunFilter>) -> Result<Vec<RunRecord>> {
        let filter = filter.borrow();
        let mut sql = format!("SELECT {COLUMNS} FROM runs WHERE 1 = 1");
        let kind = filter.kind.map(RunKind::as_str);
        let mut args: Vec<&dyn rusqlite::ToSql> = Vec::new();
        if let Some(kind) = &kind {
            args.push(kind);
            sql.push_str(&format!(" AND kind = ?{}", args.len()));
        }
        if let Some(archive_id) = &filter.archive_id {
            args.push(archive_id);
            sql.push_str(&format!(" AND archive_id = ?{}", args.len()));
        }
        sql.push_str(" ORDER BY started DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(args.as_slice(), RawRun::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawRun::into_record).collect()
    }

    /// The most recently started run of this kind, finished or not.
    pub fn last_run(&self, kind: RunKind) -> Result<Option<RunRecord>> {
        Ok(self
            .runs(RunFilter {
                kind: Some(kind),
                archive_id: None,
                limit: Some(1),
            })?
            .into_iter()
            .next())
    }
}

fn merge(old: serde_json::Value, new: serde_json::Value) -> serde_json::Value {
    match (old, new) {
        (old, serde_json::Value::Null) => old,
        (serde_json::Value::Object(mut old), serde_json::Value::Object(new)) => {
            old.extend(new);
            serde_json::Value::Object(old)
        }
        (_, new) => new,
    }
}

fn to_json(v: &serde_json::Value) -> Result<String> {
    // Serializing a `Value` cannot fail (its map keys are strings).
    serde_json::to_string(v).map_err(|e| Error::Corrupt(format!("run details: {e}")))
}

struct RawRun {
    id: i64,
    kind: String,
    archive_id: Option<String>,
    started: String,
    finished: Option<String>,
    duration_ms: Option<i64>,
    outcome: Option<String>,
    error: Option<String>,
    details: String,
}

impl RawRun {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            kind: r.get(1)?,
            archive_id: r.get(2)?,
            started: r.get(3)?,
            finished: r.get(4)?,
            duration_ms: r.get(5)?,
            outcome: r.get(6)?,
            error: r.get(7)?,
            details: r.get(8)?,
        })
    }

    fn into_record(self) -> Result<RunRecord> {
        let what = |field: &str| format!("run {} {field}", self.id);
        Ok(RunRecord {
            kind: RunKind::from_sql(&self.kind)?,
            started: time::from_sql(&self.started, &what("started"))?,
            finished: self
                .finished
                .as_deref()
                .map(|f| time::from_sql(f, &what("finished")))
                .transpose()?,
            duration_ms: self
                .duration_ms
                .map(|d| u64_from_sql(d, &what("duration_ms")))
                .transpose()?,
            outcome: self.outcome.as_deref().map(Outcome::from_sql).transpose()?,
            details: json_from_sql(&self.details, &what("details"))?,
            id: self.id,
            archive_id: self.archive_id,
            error: self.error,
        })
    }
}
