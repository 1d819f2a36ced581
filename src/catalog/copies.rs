//! Copies of archives in stores: the primary one (registered with the
//! archive) and the offsite ones (recorded by `coffer push` after a
//! read-back hash check).

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
use super::records::{ArchiveRecord, ArchiveStatus};
use super::time::{rfc3339, rfc3339_opt};
use super::{Catalog, time, u64_from_sql, u64_to_sql};

/// What the catalog knows of one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyStatus {
    /// Hash-checked when stored; not known to be damaged since.
    Present,
    /// A later check found it damaged or missing; push uploads it again.
    Bad,
    /// Removed by prune.
    Deleted,
}

impl CopyStatus {
    fn as_sql(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Bad => "bad",
            Self::Deleted => "deleted",
        }
    }

    fn from_sql(s: &str) -> Result<Self> {
        match s {
            "present" => Ok(Self::Present),
            "bad" => Ok(Self::Bad),
            "deleted" => Ok(Self::Deleted),
            other => Err(Error::Corrupt(format!("unknown copy status '{other}'"))),
        }
    }
}

/// One archive's copy in one store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyRecord {
    pub archive_id: String,
    /// The store's name: "local" or a `[stores.NAME]`.
    pub store: String,
    pub key: String,
    pub size: u64,
    pub sha256: String,
    /// When the copy was last checked (stored, or verified).
    #[serde(with = "rfc3339")]
    pub checked_at: Timestamp,
    /// The object-lock date the store reported, if any.
    #[serde(with = "rfc3339_opt")]
    pub retain_until: Option<Timestamp>,
    pub status: CopyStatus,
    pub error: Option<String>,
}

impl CopyRecord {
    /// A present copy of `rec` in `store`, checked at `checked_at`.
    pub fn of(rec: &ArchiveRecord, store: &str, checked_at: Timestamp) -> CopyRecord {
        CopyRecord {
            archive_id: rec.id.clone(),
            store: store.to_owned(),
            key: rec.key.clone(),
            size: rec.size,
            sha256: rec.sha256.clone(),
            checked_at,
            retain_until: None,
            status: CopyStatus::Present,
            error: None,
        }
    }
}

const COLUMNS: &str =
    "archive_id, store, key, size, sha256, checked_at, retain_until, status, error";

/// The primary copy of a newly registered archive.
pub(super) fn insert_primary(conn: &Connection, rec: &ArchiveRecord) -> Result<()> {
    let status = match rec.status {
        ArchiveStatus::Good => CopyStatus::Present,
        ArchiveStatus::Deleted => CopyStatus::Deleted,
    };
    upsert(
        conn,
        &CopyRecord {
            status,
            ..CopyRecord::of(rec, &rec.store, rec.created)
        },
    )
}

fn upsert(conn: &Connection, c: &CopyRecord) -> Result<()> {
    conn.execute(
        "INSERT INTO copies (archive_id, store, key, size, sha256, checked_at, retain_until, status, error) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (archive_id, store) DO UPDATE SET key = ?3, size = ?4, sha256 = ?5, \
         checked_at = ?6, retain_until = ?7, status = ?8, error = ?9",
        params![
            c.archive_id,
            c.store,
            c.key,
            u64_to_sql(c.size, "copy size")?,
            c.sha256,
            time::to_sql(c.checked_at),
            c.retain_until.map(time::to_sql),
            c.status.as_sql(),
            c.error,
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            Error::NotFound(format!("no archive {} in the catalog", c.archive_id))
        }
        other => other.into(),
    })?;
    Ok(())
}

impl Catalog {
    /// Records (or replaces) the copy of an archive in a store.
    pub fn put_copy(&self, c: &CopyRecord) -> Result<()> {
        upsert(&self.conn, c)
    }

    /// Every copy of an archive, deleted ones included, by store name.
    pub fn copies(&self, archive_id: &str) -> Result<Vec<CopyRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM copies WHERE archive_id = ?1 ORDER BY store");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map([archive_id], RawCopy::from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawCopy::into_record).collect()
    }

    /// The copy of an archive in one store.
    pub fn copy(&self, archive_id: &str, store: &str) -> Result<Option<CopyRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM copies WHERE archive_id = ?1 AND store = ?2");
        let raw = self
            .conn
            .query_row(&sql, params![archive_id, store], RawCopy::from_row)
            .optional()?;
        raw.map(RawCopy::into_record).transpose()
    }

    /// How many stores hold a present (hash-checked, undamaged) copy.
    pub fn present_copies(&self, archive_id: &str) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM copies WHERE archive_id = ?1 AND status = 'present'",
            [archive_id],
            |r| r.get(0),
        )?;
        u64_from_sql(n, "copy count")
    }

    /// Bytes of present copies per store, as the catalog counts them.
    pub fn copy_usage(&self) -> Result<std::collections::BTreeMap<String, u64>> {
        let mut stmt = self.conn.prepare(
            "SELECT store, coalesce(sum(size), 0) FROM copies WHERE status = 'present' GROUP BY store",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(s, n)| Ok((s, u64_from_sql(n, "copy usage")?)))
            .collect()
    }

    /// Marks a copy damaged or missing (a failed check), keeping its record.
    pub fn mark_copy_bad(&self, archive_id: &str, store: &str, error: &str) -> Result<()> {
        self.set_copy_status(archive_id, store, CopyStatus::Bad, Some(error))
    }

    /// Marks a copy as checked good now.
    pub fn mark_copy_checked(&self, archive_id: &str, store: &str) -> Result<()> {
        let at = time::to_sql(self.now());
        self.conn.execute(
            "UPDATE copies SET status = 'present', error = NULL, checked_at = ?3 \
             WHERE archive_id = ?1 AND store = ?2 AND status != 'deleted'",
            params![archive_id, store, at],
        )?;
        Ok(())
    }

    /// Marks a copy deleted (prune removed it from its store).
    pub fn mark_copy_deleted(&self, archive_id: &str, store: &str) -> Result<()> {
        self.set_copy_status(archive_id, store, CopyStatus::Deleted, None)
    }

    fn set_copy_status(
        &self,
        archive_id: &str,
        store: &str,
        status: CopyStatus,
        error: Option<&str>,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE copies SET status = ?3, error = ?4 WHERE archive_id = ?1 AND store = ?2",
            params![archive_id, store, status.as_sql(), error],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(format!(
                "no copy of archive {archive_id} in store {store} in the catalog"
            )));
        }
        Ok(())
    }
}

struct RawCopy {
    archive_id: String,
    store: String,
    key: String,
    size: i64,
    sha256: String,
    checked_at: String,
    retain_until: Option<String>,
    status: String,
    error: Option<String>,
}

impl RawCopy {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            archive_id: r.get(0)?,
            store: r.get(1)?,
            key: r.get(2)?,
            size: r.get(3)?,
            sha256: r.get(4)?,
            checked_at: r.get(5)?,
            retain_until: r.get(6)?,
            status: r.get(7)?,
            error: r.get(8)?,
        })
    }

    fn into_record(self) -> Result<CopyRecord> {
        let what = |f: &str| format!("copy of {} in {} {f}", self.archive_id, self.store);
        Ok(CopyRecord {
            size: u64_from_sql(self.size, &what("size"))?,
            checked_at: time::from_sql(&self.checked_at, &what("checked_at"))?,
            retain_until: self
                .retain_until
                .as_deref()
                .map(|t| time::from_sql(t, &what("retain_until")))
                .transpose()?,
            status: CopyStatus::from_sql(&self.status)?,
            archive_id: self.archive_id,
            store: self.store,
            key: self.key,
            sha256: self.sha256,
            error: self.error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(id: &str) -> ArchiveRecord {
        ArchiveRecord {
            id: id.into(),
            class: "general".into(),
            created: Timestamp::from_second(1_700_000_000).expect("ts"),
            store: "local".into(),
            key: format!("general/{id}.coffer"),
            size: 10,
            sha256: "00".repeat(32),
            encryption: "age".into(),
            recipients: vec![],
            payload_kind: "pg_dump/custom".into(),
            seal: "{}".into(),
            facts: serde_json::json!({}),
            run_id: None,
            set_id: None,
            status: ArchiveStatus::Good,
        }
    }

    #[test]
    fn migration_4_records_the_primary_copy_of_every_archive() -> Result<()> {
        let conn = Connection::open_in_memory()?;
        super::super::migrate(&conn, &super::super::MIGRATIONS[..3])?;
        for (id, status) in [("a1", "good"), ("a2", "deleted")] {
            conn.execute(
                "INSERT INTO archives (id, class, created, store, key, size, sha256, encryption, \
                 recipients, payload_kind, seal, facts, status) VALUES (?1, 'general', \
                 '2026-01-01T00:00:00.000000000Z', 'local', 'general/' || ?1, 5, 'ab', 'age', '[]', \
                 'k', '{}', '{}', ?2)",
                params![id, status],
            )?;
        }
        super::super::migrate(&conn, super::super::MIGRATIONS)?;
        let c = Catalog {
            conn,
            clock: Box::new(Timestamp::now),
        };
        let a1 = c.copy("a1", "local")?.map(|x| (x.status, x.size, x.key));
        assert_eq!(a1, Some((CopyStatus::Present, 5, "general/a1".to_owned())));
        let a2 = c.copy("a2", "local")?.map(|x| x.status);
        assert_eq!(a2, Some(CopyStatus::Deleted));
        assert_eq!(c.present_copies("a1")?, 1);
        Ok(())
    }

    #[test]
    fn primary_copy_then_offsite_then_deleted() -> Result<()> {
        let c = Catalog::open_in_memory()?;
        c.insert_archive(archive("a1"))?;
        assert_eq!(c.present_copies("a1")?, 1);
        let mut off = c
            .copy("a1", "local")?
            .ok_or(Error::NotFound("local".into()))?;
        off.store = "offsite".into();
        c.put_copy(&off)?;
        assert_eq!(c.present_copies("a1")?, 2);
        c.mark_copy_bad("a1", "offsite", "hash differs")?;
        assert_eq!(c.present_copies("a1")?, 1);
        let bad = c.copy("a1", "offsite")?.map(|x| (x.status, x.error));
        assert_eq!(
            bad,
            Some((CopyStatus::Bad, Some("hash differs".to_owned())))
        );
        c.mark_copy_checked("a1", "offsite")?;
        assert_eq!(c.present_copies("a1")?, 2);
        assert!(c.mark_copy_bad("a1", "nowhere", "x").is_err());
        c.mark_deleted("a1", "pruned")?;
        assert_eq!(c.present_copies("a1")?, 0);
        assert!(
            c.copies("a1")?
                .iter()
                .all(|x| x.status == CopyStatus::Deleted)
        );
        assert!(matches!(
            c.put_copy(&CopyRecord {
                archive_id: "nope".into(),
                ..off
            }),
            Err(Error::NotFound(_))
        ));
        Ok(())
    }
}
