//! The WAL archive's index (migration 0007, spec/wal.md "Catalog"): one row
//! per file `coffer wal push` sealed, and its offsite copies.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::error::{Error, Result};
use super::{Catalog, time, u64_from_sql, u64_to_sql};

/// What kind of file PostgreSQL's archiver handed over (spec/wal.md "Names").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WalKind {
    /// A WAL segment: `TTTTTTTTXXXXXXXXYYYYYYYY`.
    Segment,
    /// A partial segment left by a promotion: `...YYYYYYYY.partial`.
    Partial,
    /// A timeline history file: `TTTTTTTT.history`.
    History,
    /// A backup history file: `...YYYYYYYY.OOOOOOOO.backup`.
    Backup,
}

impl WalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WalKind::Segment => "segment",
            WalKind::Partial => "partial",
            WalKind::History => "history",
            WalKind::Backup => "backup",
        }
    }

    fn parse(s: &str) -> Result<WalKind> {
        Ok(match s {
            "segment" => WalKind::Segment,
            "partial" => WalKind::Partial,
            "history" => WalKind::History,
            "backup" => WalKind::Backup,
            other => return Err(Error::Corrupt(format!("unknown WAL file kind {other:?}"))),
        })
    }
}

/// One archived WAL file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalFileRecord {
    /// The file name PostgreSQL gave it (`%f`).
    pub name: String,
    pub timeline: u32,
    pub kind: WalKind,
    /// The segment number on its timeline; `None` for history files.
    pub segno: Option<u64>,
    /// The sealed archive's id.
    pub archive_id: String,
    pub class: String,
    pub store: String,
    pub key: String,
    /// Ciphertext size and SHA-256 (as in the seal).
    pub size: u64,
    pub sha256: String,
    /// The file's own size and SHA-256 (never in the seal).
    pub payload_size: u64,
    pub payload_sha256: String,
    #[serde(with = "super::time::rfc3339")]
    pub pushed_at: jiff::Timestamp,
    /// False once pruned.
    pub present: bool,
}

const COLUMNS: &str = "name, timeline, kind, segno, archive_id, class, store, key, size, sha256, \
     payload_size, payload_sha256, pushed_at, status";

fn from_row(r: &Row<'_>) -> rusqlite::Result<RawWal> {
    Ok(RawWal {
        name: r.get(0)?,
        timeline: r.get(1)?,
        kind: r.get(2)?,
        segno: r.get(3)?,
        archive_id: r.get(4)?,
        class: r.get(5)?,
        store: r.get(6)?,
        key: r.get(7)?,
        size: r.get(8)?,
        sha256: r.get(9)?,
        payload_size: r.get(10)?,
        payload_sha256: r.get(11)?,
        pushed_at: r.get(12)?,
        status: r.get(13)?,
    })
}

struct RawWal {
    name: String,
    timeline: i64,
    kind: String,
    segno: Option<i64>,
    archive_id: String,
    class: String,
    store: String,
    key: String,
    size: i64,
    sha256: String,
    payload_size: i64,
    payload_sha256: String,
    pushed_at: String,
    status: String,
}

impl RawWal {
    fn into_record(self) -> Result<WalFileRecord> {
        Ok(WalFileRecord {
            timeline: u32::try_from(self.timeline)
                .map_err(|_| Error::Corrupt(format!("WAL file {}: bad timeline", self.name)))?,
            kind: WalKind::parse(&self.kind)?,
            segno: self
                .segno
                .map(|s| u64_from_sql(s, "WAL segment number"))
                .transpose()?,
            size: u64_from_sql(self.size, "WAL file size")?,
            payload_size: u64_from_sql(self.payload_size, "WAL payload size")?,
            pushed_at: time::from_sql(&self.pushed_at, "WAL pushed_at")?,
            present: self.status == "present",
            name: self.name,
            archive_id: self.archive_id,
            class: self.class,
            store: self.store,
            key: self.key,
            sha256: self.sha256,
            payload_sha256: self.payload_sha256,
        })
    }
}

impl Catalog {
    /// Registers (or, for a name whose earlier push was never registered as
    /// present, replaces) one WAL file.
    pub fn put_wal_file(&self, w: &WalFileRecord) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO wal_files ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                 ON CONFLICT (name) DO UPDATE SET timeline = ?2, kind = ?3, segno = ?4, archive_id = ?5, \
                 class = ?6, store = ?7, key = ?8, size = ?9, sha256 = ?10, payload_size = ?11, \
                 payload_sha256 = ?12, pushed_at = ?13, status = ?14, deleted_at = NULL"
            ),
            params![
                w.name,
                i64::from(w.timeline),
                w.kind.as_str(),
                w.segno.map(|s| u64_to_sql(s, "segment number")).transpose()?,
                w.archive_id,
                w.class,
                w.store,
                w.key,
                u64_to_sql(w.size, "size")?,
                w.sha256,
                u64_to_sql(w.payload_size, "payload size")?,
                w.payload_sha256,
                time::to_sql(w.pushed_at),
                if w.present { "present" } else { "deleted" },
            ],
        )?;
        Ok(())
    }

    /// The WAL file called `name`, whatever its status.
    pub fn wal_file(&self, name: &str) -> Result<Option<WalFileRecord>> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM wal_files WHERE name = ?1"),
                [name],
                from_row,
            )
            .optional()?;
        raw.map(RawWal::into_record).transpose()
    }

    /// Every present WAL file, by timeline then name.
    pub fn wal_files(&self) -> Result<Vec<WalFileRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM wal_files WHERE status = 'present' ORDER BY timeline, name"
        ))?;
        let rows = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(RawWal::into_record).collect()
    }

    /// Marks a WAL file pruned.
    pub fn mark_wal_deleted(&self, name: &str) -> Result<()> {
        let now = time::to_sql(self.now());
        self.conn.execute(
            "UPDATE wal_files SET status = 'deleted', deleted_at = ?2 WHERE name = ?1",
            params![name, now],
        )?;
        Ok(())
    }

    /// Records a checked offsite copy of a WAL file.
    pub fn put_wal_copy(&self, name: &str, store: &str) -> Result<()> {
        let now = time::to_sql(self.now());
        self.conn.execute(
            "INSERT INTO wal_copies (name, store, checked_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (name, store) DO UPDATE SET checked_at = ?3",
            params![name, store, now],
        )?;
        Ok(())
    }

    /// The stores holding a checked copy of WAL file `name` (offsite ones).
    pub fn wal_copies(&self, name: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT store FROM wal_copies WHERE name = ?1 ORDER BY store")?;
        let rows = stmt
            .query_map([name], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(name: &str) -> WalFileRecord {
        WalFileRecord {
            name: name.into(),
            timeline: 1,
            kind: WalKind::Segment,
            segno: Some(2),
            archive_id: "20261204T210000Z-00000001".into(),
            class: "general".into(),
            store: "local".into(),
            key: format!("wal/00000001/{name}.age"),
            size: 10,
            sha256: "aa".into(),
            payload_size: 16 << 20,
            payload_sha256: "bb".into(),
            pushed_at: jiff::Timestamp::UNIX_EPOCH,
            present: true,
        }
    }

    #[test]
    fn wal_files_round_trip_and_prune() -> Result<()> {
        let cat = Catalog::open_in_memory()?;
        let r = rec("000000010000000000000002");
        cat.put_wal_file(&r)?;
        assert_eq!(cat.wal_file(&r.name)?, Some(r.clone()));
        // A second registration replaces (an unregistered earlier push).
        let mut again = r.clone();
        again.sha256 = "cc".into();
        cat.put_wal_file(&again)?;
        assert_eq!(cat.wal_files()?, vec![again.clone()]);
        cat.put_wal_copy(&r.name, "offsite")?;
        assert_eq!(cat.wal_copies(&r.name)?, vec!["offsite".to_owned()]);
        cat.mark_wal_deleted(&r.name)?;
        assert!(cat.wal_files()?.is_empty());
        assert_eq!(cat.wal_file(&r.name)?.map(|w| w.present), Some(false));
        Ok(())
    }
}
