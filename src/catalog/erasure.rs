//! The erasure ledger (a cache of the signed entries in the store) and the
//! record of every replay. The ledger's meaning (hash chain, signatures,
//! encrypted subjects) lives in `crate::erasure`; here it is rows.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
use super::time::{self, rfc3339};
use super::{Catalog, json_from_sql, u64_from_sql, u64_to_sql};

/// One ledger entry as stored: the entry JSON byte for byte and its
/// signature, with the fields needed for lookups copied out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub seq: u64,
    pub kind: String,
    /// Hex HMAC-SHA256 of `kind || 0x00 || subject id` (never the id itself).
    pub subject_hmac: String,
    /// Hex SHA-256 of the entry's canonical JSON.
    pub hash: String,
    pub entry: String,
    pub signature: String,
}

/// One replay of the ledger on a database (or a recorded decision to skip it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplayRecord {
    #[serde(with = "rfc3339")]
    pub at: Timestamp,
    /// The archive restored before the replay, if any.
    pub archive_id: Option<String>,
    /// The database, as a URL without password.
    pub target: String,
    /// The last ledger entry replayed (`None`: the ledger was empty).
    pub ledger_seq: Option<u64>,
    pub requests_applied: u64,
    pub rows_per_statement: serde_json::Value,
    pub checks: serde_json::Value,
    pub duration_ms: u64,
    pub ok: bool,
    pub error: Option<String>,
    /// Set when the replay was skipped (`--no-erasure-replay --reason`).
    pub skipped_reason: Option<String>,
}

const LEDGER_COLUMNS: &str = "seq, kind, subject_hmac, hash, entry, signature";

fn ledger_row(r: &Row<'_>) -> rusqlite::Result<(i64, String, String, String, String, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn into_ledger_row(raw: (i64, String, String, String, String, String)) -> Result<LedgerRow> {
    let (seq, kind, subject_hmac, hash, entry, signature) = raw;
    Ok(LedgerRow {
        seq: u64_from_sql(seq, "erasure ledger seq")?,
        kind,
        subject_hmac,
        hash,
        entry,
        signature,
    })
}

impl Catalog {
    /// Appends one ledger entry. The caller has checked that it extends the
    /// chain; a `seq` or hash already present is [`Error::Corrupt`] (two
    /// writers without the vault's lock).
    pub fn append_ledger(&self, row: &LedgerRow) -> Result<()> {
        let r = self.conn.execute(
            &format!(
                "INSERT INTO erasure_ledger ({LEDGER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ),
            params![
                u64_to_sql(row.seq, "erasure ledger seq")?,
                row.kind,
                row.subject_hmac,
                row.hash,
                row.entry,
                row.signature
            ],
        );
        match r {
            Ok(_) => Ok(()),
            Err(e)
                if super::is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
                    || super::is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE) =>
            {
                Err(Error::Corrupt(format!(
                    "erasure ledger entry {} is already in the catalog",
                    row.seq
                )))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The whole ledger, in order.
    pub fn ledger(&self) -> Result<Vec<LedgerRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LEDGER_COLUMNS} FROM erasure_ledger ORDER BY seq"
        ))?;
        let raws = stmt
            .query_map([], ledger_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(into_ledger_row).collect()
    }

    /// One entry by its sequence number.
    pub fn ledger_entry(&self, seq: u64) -> Result<Option<LedgerRow>> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {LEDGER_COLUMNS} FROM erasure_ledger WHERE seq = ?1"),
                [u64_to_sql(seq, "erasure ledger seq")?],
                ledger_row,
            )
            .optional()?;
        raw.map(into_ledger_row).transpose()
    }

    /// The entries of one subject (by keyed hash), in order.
    pub fn ledger_by_subject(&self, kind: &str, subject_hmac: &str) -> Result<Vec<LedgerRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LEDGER_COLUMNS} FROM erasure_ledger WHERE kind = ?1 AND subject_hmac = ?2 ORDER BY seq"
        ))?;
        let raws = stmt
            .query_map(params![kind, subject_hmac], ledger_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(into_ledger_row).collect()
    }

    /// The last entry's sequence number and hash.
    pub fn ledger_head(&self) -> Result<Option<(u64, String)>> {
        let raw: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM erasure_ledger ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        raw.map(|(seq, hash)| Ok((u64_from_sql(seq, "erasure ledger seq")?, hash)))
            .transpose()
    }

    /// Records one replay (or skipped replay); returns its row id.
    pub fn record_erasure_replay(&self, r: &ReplayRecord) -> Result<i64> {
        let json = |v: &serde_json::Value| {
            serde_json::to_string(v).map_err(|e| Error::Corrupt(e.to_string()))
        };
        self.conn.execute(
            "INSERT INTO erasure_replays (at, archive_id, target, ledger_seq, requests_applied, \
             rows_per_statement, checks, duration_ms, ok, error, skipped_reason) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                time::to_sql(r.at),
                r.archive_id,
                r.target,
                r.ledger_seq
                    .map(|s| u64_to_sql(s, "erasure ledger seq"))
                    .transpose()?,
                u64_to_sql(r.requests_applied, "requests applied")?,
                json(&r.rows_per_statement)?,
                json(&r.checks)?,
                u64_to_sql(r.duration_ms, "duration")?,
                r.ok,
                r.error,
                r.skipped_reason,
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replays, newest first; of one archive if given.
    pub fn erasure_replays(
        &self,
        archive_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<ReplayRecord>> {
        let mut sql = String::from(
            "SELECT at, archive_id, target, ledger_seq, requests_applied, rows_per_statement, \
             checks, duration_ms, ok, error, skipped_reason FROM erasure_replays",
        );
        if archive_id.is_some() {
            sql.push_str(" WHERE archive_id = ?1");
        }
        sql.push_str(" ORDER BY at DESC, id DESC");
        if let Some(n) = limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        type Raw = (
            String,
            Option<String>,
            String,
            Option<i64>,
            i64,
            String,
            String,
            i64,
            bool,
            Option<String>,
            Option<String>,
        );
        let map = |r: &Row<'_>| -> rusqlite::Result<Raw> {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let raws = match archive_id {
            Some(a) => stmt
                .query_map([a], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt
                .query_map([], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        raws.into_iter()
            .map(
                |(at, archive_id, target, seq, applied, rows, checks, ms, ok, error, skipped)| {
                    Ok(ReplayRecord {
                        at: time::from_sql(&at, "erasure replay time")?,
                        archive_id,
                        target,
                        ledger_seq: seq
                            .map(|s| u64_from_sql(s, "erasure replay ledger_seq"))
                            .transpose()?,
                        requests_applied: u64_from_sql(applied, "requests applied")?,
                        rows_per_statement: json_from_sql(&rows, "erasure replay rows")?,
                        checks: json_from_sql(&checks, "erasure replay checks")?,
                        duration_ms: u64_from_sql(ms, "erasure replay duration")?,
                        ok,
                        error,
                        skipped_reason: skipped,
                    })
                },
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: u64) -> LedgerRow {
        LedgerRow {
            seq,
            kind: "user".into(),
            subject_hmac: format!("h{seq}"),
            hash: format!("x{seq}"),
            entry: "{}".into(),
            signature: "sig".into(),
        }
    }

    #[test]
    fn ledger_is_append_only() -> Result<()> {
        let cat = Catalog::open_in_memory()?;
        assert_eq!(cat.ledger_head()?, None);
        cat.append_ledger(&row(1))?;
        cat.append_ledger(&row(2))?;
        assert!(matches!(cat.append_ledger(&row(2)), Err(Error::Corrupt(_))));
        assert_eq!(cat.ledger_head()?, Some((2, "x2".into())));
        assert_eq!(cat.ledger()?.len(), 2);
        assert_eq!(cat.ledger_by_subject("user", "h1")?, vec![row(1)]);
        assert_eq!(cat.ledger_entry(2)?, Some(row(2)));
        // The triggers refuse edits and deletions.
        assert!(
            cat.conn
                .execute("UPDATE erasure_ledger SET kind = 'x' WHERE seq = 1", [])
                .is_err()
        );
        assert!(
            cat.conn
                .execute("DELETE FROM erasure_ledger WHERE seq = 1", [])
                .is_err()
        );
        Ok(())
    }

    #[test]
    fn replays_round_trip() -> Result<()> {
        let cat = Catalog::open_in_memory()?;
        let r = ReplayRecord {
            at: Timestamp::UNIX_EPOCH,
            archive_id: Some("a".into()),
            target: "postgresql://u@h/db".into(),
            ledger_seq: Some(3),
            requests_applied: 3,
            rows_per_statement: serde_json::json!([{"rows": 2}]),
            checks: serde_json::json!([]),
            duration_ms: 5,
            ok: true,
            error: None,
            skipped_reason: None,
        };
        cat.record_erasure_replay(&r)?;
        assert_eq!(cat.erasure_replays(Some("a"), None)?, vec![r.clone()]);
        assert_eq!(cat.erasure_replays(None, Some(1))?, vec![r]);
        assert!(cat.erasure_replays(Some("b"), None)?.is_empty());
        Ok(())
    }
}
