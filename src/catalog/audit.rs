//! The audit log's rows (migration 0005). What an entry means (its canonical
//! line, the chain, the signatures) lives in `crate::audit`; here it is rows,
//! appended under an IMMEDIATE transaction so that two processes never give
//! out one sequence number twice.

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
use super::{Catalog, u64_from_sql, u64_to_sql};

/// One audit entry as stored: its line byte for byte, with the fields needed
/// for lookups copied out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: u64,
    /// The entry's time (RFC 3339, UTC).
    pub at: String,
    pub action: String,
    /// Hex SHA-256 of `line`.
    pub hash: String,
    /// The signed entry, one line of JSON without the newline.
    pub line: String,
}

const COLUMNS: &str = "seq, at, action, hash, line";

type Raw = (i64, String, String, String, String);

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn into_row((seq, at, action, hash, line): Raw) -> Result<AuditRow> {
    Ok(AuditRow {
        seq: u64_from_sql(seq, "audit seq")?,
        at,
        action,
        hash,
        line,
    })
}

fn insert(conn: &rusqlite::Connection, row: &AuditRow) -> Result<()> {
    let r = conn.execute(
        &format!("INSERT INTO audit_log ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
        params![
            u64_to_sql(row.seq, "audit seq")?,
            row.at,
            row.action,
            row.hash,
            row.line
        ],
    );
    match r {
        Ok(_) => Ok(()),
        Err(e) if super::is_constraint(&e, rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) => Err(
            Error::Corrupt(format!("audit entry {} is already in the catalog", row.seq)),
        ),
        Err(e) => Err(e.into()),
    }
}

impl Catalog {
    /// Appends one entry built by `build` from the current last row (`None`
    /// for an empty log), inside one IMMEDIATE transaction: the last row read
    /// is still the last when the new one is written. `build` must return a
    /// row whose `seq` follows the last row's.
    pub fn append_audit<E: From<Error>>(
        &self,
        build: impl FnOnce(Option<&AuditRow>) -> std::result::Result<AuditRow, E>,
    ) -> std::result::Result<AuditRow, E> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(Error::from)?;
        let last = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1"),
                [],
                raw,
            )
            .optional()
            .map_err(Error::from)?
            .map(into_row)
            .transpose()?;
        let row = build(last.as_ref())?;
        let expect = last.as_ref().map_or(1, |l| l.seq + 1);
        if row.seq != expect {
            return Err(Error::Corrupt(format!(
                "audit entry {} does not follow entry {}",
                row.seq,
                expect - 1
            ))
            .into());
        }
        insert(&tx, &row)?;
        tx.commit().map_err(Error::from)?;
        Ok(row)
    }

    /// Loads entries read from a store (`catalog rebuild`), in one
    /// transaction. The caller has verified them.
    pub fn insert_audit_rows(&self, rows: &[AuditRow]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for r in rows {
            insert(&tx, r)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every entry from `from_seq` on, in order.
    pub fn audit_rows(&self, from_seq: u64) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq >= ?1 ORDER BY seq"
        ))?;
        let raws = stmt
            .query_map([u64_to_sql(from_seq, "audit seq")?], raw)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(into_row).collect()
    }

    /// Entries at or after `since` (an RFC 3339 prefix compares as text:
    /// times are stored as `YYYY-MM-DDTHH:MM:SSZ`), of one action if given.
    pub fn audit_filtered(
        &self,
        since: Option<&str>,
        action: Option<&str>,
    ) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE at >= ?1 AND (?2 IS NULL OR action = ?2) ORDER BY seq"
        ))?;
        let raws = stmt
            .query_map(params![since.unwrap_or(""), action], raw)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        raws.into_iter().map(into_row).collect()
    }

    /// The last entry of one of `actions`.
    pub fn audit_last_of(&self, actions: &[&str]) -> Result<Option<AuditRow>> {
        let list = serde_json::to_string(actions).map_err(|e| Error::Corrupt(e.to_string()))?;
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM audit_log WHERE action IN (SELECT value FROM json_each(?1)) ORDER BY seq DESC LIMIT 1"
                ),
                [list],
                raw,
            )
            .optional()?
            .map(into_row)
            .transpose()
    }

    /// The highest audit head recorded in an archive's manifest facts
    /// (`audit_head`, copied into its seal): (archive id, seq, hash).
    pub fn newest_audit_head_in_archives(&self) -> Result<Option<(String, u64, String)>> {
        let raw: Option<(String, i64, String)> = self
            .conn
            .query_row(
                "SELECT id, json_extract(facts, '$.audit_head.seq') AS s, \
                 json_extract(facts, '$.audit_head.hash') FROM archives \
                 WHERE json_valid(facts) AND s IS NOT NULL ORDER BY s DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        raw.map(|(id, seq, hash)| Ok((id, u64_from_sql(seq, "audit head seq")?, hash)))
            .transpose()
    }

    /// The last entry's sequence number and hash.
    pub fn audit_head(&self) -> Result<Option<(u64, String)>> {
        let raw: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        raw.map(|(seq, hash)| Ok((u64_from_sql(seq, "audit seq")?, hash)))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: u64, action: &str) -> AuditRow {
        AuditRow {
            seq,
            at: format!("2026-01-0{seq}T00:00:00Z"),
            action: action.into(),
            hash: format!("h{seq}"),
            line: "{}".into(),
        }
    }

    #[test]
    fn appends_are_sequential_and_append_only() -> Result<()> {
        let cat = Catalog::open_in_memory()?;
        assert_eq!(cat.audit_head()?, None);
        cat.append_audit(|last| {
            assert!(last.is_none());
            Ok::<_, Error>(row(1, "init"))
        })?;
        cat.append_audit(|last| Ok::<_, Error>(row(last.map_or(1, |l| l.seq + 1), "backup")))?;
        // A row that does not follow the last is refused.
        assert!(cat.append_audit(|_| Ok::<_, Error>(row(5, "x"))).is_err());
        assert_eq!(cat.audit_head()?, Some((2, "h2".into())));
        assert_eq!(cat.audit_rows(2)?, vec![row(2, "backup")]);
        assert_eq!(
            cat.audit_filtered(None, Some("init"))?,
            vec![row(1, "init")]
        );
        assert_eq!(cat.audit_filtered(Some("2026-01-02"), None)?.len(), 1);
        assert_eq!(cat.audit_last_of(&["init", "x"])?, Some(row(1, "init")));
        assert!(
            cat.conn
                .execute("UPDATE audit_log SET action = 'x' WHERE seq = 1", [])
                .is_err()
        );
        assert!(cat.conn.execute("DELETE FROM audit_log", []).is_err());
        Ok(())
    }
}
