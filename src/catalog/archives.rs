//! Archives: register, look up, list, resolve `ID|prefix|latest`, mark deleted.

use std::borrow::Borrow;

use rusqlite::{Connection, OptionalExtension, Row, ffi, params};

use super::error::{Error, Result};
use super::records::{ArchiveFilter, ArchiveRecord, ArchiveStatus, Deletion};
use super::{Catalog, is_constraint, json_from_sql, time, u64_from_sql, u64_to_sql};

/// Shortest id prefix `resolve` accepts, so a typo cannot pick an archive by luck.
pub const MIN_PREFIX: usize = 6;

/// How many candidate ids an ambiguity error carries.
const AMBIGUOUS_PREVIEW: usize = 5;

const COLUMNS: &str = "id, class, created, store, key, size, sha256, encryption, recipients, \
     payload_kind, seal, facts, run_id, set_id, status";

const INSERT: &str = "INSERT INTO archives (id, class, created, store, key, size, sha256, \
     encryption, recipients, payload_kind, seal, facts, run_id, set_id, status) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

impl Catalog {
    /// Registers one archive. An id already present is [`Error::Duplicate`];
    /// a `run_id` unknown to this catalog is [`Error::NotFound`].
    pub fn insert_archive(&self, rec: impl Borrow<ArchiveRecord>) -> Result<()> {
        insert(&self.conn, rec.borrow())
    }

    /// Registers many archives in one transaction: all or none.
    pub fn insert_archives(&self, recs: &[ArchiveRecord]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for rec in recs {
            insert(&tx, rec)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The archive with exactly this id, whatever its status.
    pub fn archive(&self, id: &str) -> Result<Option<ArchiveRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM archives WHERE id = ?1");
        let raw = self
            .conn
            .query_row(&sql, [id], RawArchive::from_row)
            .optional()?;
        raw.map(RawArchive::into_record).transpose()
    }

    /// The newest good archive by creation time, of one class or of any;
    /// physical base backups (spec/wal.md) are not dumps and never `latest`.
    /// Creation times have whole seconds; within a second the one
    /// registered last wins.
    pub fn latest(&self, class: Option<&str>) -> Result<Option<ArchiveRecord>> {
        let raw = match class {
            Some(class) => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM archives WHERE status = 'good' AND class = ?1 \
                     AND payload_kind != 'physical' ORDER BY created DESC, rowid DESC LIMIT 1"
                );
                self.conn
                    .query_row(&sql, [class], RawArchive::from_row)
                    .optional()?
            }
            None => {
                let sql = format!(
                    "SELECT {COLUMNS} FROM archives WHERE status = 'good' \
                     AND payload_kind != 'physical' ORDER BY created DESC, rowid DESC LIMIT 1"
                );
                self.conn
                    .query_row(&sql, [], RawArchive::from_row)
                    .optional()?
            }
        };
        raw.map(RawArchive::into_record).transpose()
    }

    /// Archives matching the filter, oldest first (ties broken by id).
    pub fn archives(&self, filter: impl Borrow<ArchiveFilter>) -> Result<Vec<ArchiveRecord>> {
        let filter = filter.borrow();
        let mut sql = format!("SELECT {COLUMNS} FROM archives WHERE 1 = 1");
        if filter.class.is_some() {
            sql.push_str(" AND class = ?1");
        }
        if !filter.include_deleted {
            sql.push_str(" AND status = 'good'");
        }
        sql.push_str(" ORDER BY created, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = match &filter.class {
            Some(class) => stmt
                .query_map([class], RawArchive::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt
                .query_map([], RawArchive::from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        rows.into_iter().map(RawArchive::into_record).collect()
    }

    /// Links an archive to the set of a multi-class backup run.
    pub fn set_archive_set(&self, id: &str, set_id: &str) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE archives SET set_id = ?2 WHERE id = ?1",
            params![id, set_id],
        )?;
        if changed == 0 {
            return Err(not_found_id(id, None));
        }
        Ok(())
    }

    /// The archives of a set (oldest first).
    pub fn set_members(&self, set_id: &str) -> Result<Vec<ArchiveRecord>> {
        Ok(self
            .archives(ArchiveFilter::default())?
            .into_iter()
            .filter(|a| a.set_id.as_deref() == Some(set_id))
            .collect())
    }

    /// Marks an archive deleted, recording when and why. Idempotent: marking an
    /// already deleted archive keeps its first deletion record (so a prune that
    /// crashed between store delete and catalog update can simply run again).
    pub fn mark_deleted(&self, id: &str, reason: &str) -> Result<()> {
        let at = time::to_sql(self.now());
        let changed = self.conn.execute(
            "UPDATE archives SET status = 'deleted', deleted_at = ?2, deleted_reason = ?3 \
             WHERE id = ?1 AND status = 'good'",
            params![id, at, reason],
        )?;
        self.conn.execute(
            "UPDATE copies SET status = 'deleted' WHERE archive_id = ?1",
            params![id],
        )?;
        if changed == 0 && self.archive_status(id)?.is_none() {
            return Err(not_found_id(id, None));
        }
        Ok(())
    }

    /// When and why an archive was marked deleted; `None` if it is not deleted.
    pub fn deletion(&self, id: &str) -> Result<Option<Deletion>> {
        let row: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT deleted_at, deleted_reason FROM archives WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Err(not_found_id(id, None)),
            Some((Some(at), reason)) => Ok(Some(Deletion {
                at: time::from_sql(&at, &format!("archive {id} deleted_at"))?,
                reason: reason.unwrap_or_default(),
            })),
            Some((None, _)) => Ok(None),
        }
    }

    /// Resolves what a user typed: an exact id, a unique id prefix of at least
    /// [`MIN_PREFIX`] characters, or `latest` (the newest *good* archive).
    /// Exact ids and prefixes match archives of any status, so `show` can
    /// explain a deleted archive; callers that need a good one check `status`.
    /// With `class`, only archives of that class match.
    pub fn resolve(&self, spec: &str, class: Option<&str>) -> Result<ArchiveRecord> {
        if spec == "latest" {
            return self.latest(class)?.ok_or_else(|| {
                Error::NotFound(match class {
                    Some(c) => format!("no good archive of class {c} in the catalog"),
                    None => "no good archive in the catalog".to_string(),
                })
            });
        }
        if let Some(rec) = self.archive(spec)? {
            if class.is_none_or(|c| c == rec.class) {
                return Ok(rec);
            }
            return Err(not_found_id(spec, class));
        }
        if spec.chars().count() < MIN_PREFIX {
            return Err(Error::NotFound(format!(
                "no archive {spec} in the catalog (an id prefix needs at least {MIN_PREFIX} characters)"
            )));
        }
        let (count, ids) = self.prefix_matches(spec, class)?;
        match (count, ids.first()) {
            (1, Some(id)) => self.archive(id)?.ok_or_else(|| not_found_id(spec, class)),
            (0, _) | (_, None) => Err(not_found_id(spec, class)),
            _ => Err(Error::Ambiguous {
                prefix: spec.to_string(),
                count,
                matches: ids,
            }),
        }
    }

    /// How many ids start with `prefix`, and the first few of them in order.
    fn prefix_matches(&self, prefix: &str, class: Option<&str>) -> Result<(usize, Vec<String>)> {
        // substr() rather than LIKE/GLOB: no wildcard characters to escape.
        let mut sql = String::from(
            "SELECT id, count(*) OVER () FROM archives WHERE substr(id, 1, length(?1)) = ?1",
        );
        if class.is_some() {
            sql.push_str(" AND class = ?2");
        }
        sql.push_str(&format!(" ORDER BY id LIMIT {AMBIGUOUS_PREVIEW}"));
        let mut stmt = self.conn.prepare(&sql)?;
        let map = |r: &Row<'_>| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?));
        let rows = match class {
            Some(c) => stmt
                .query_map(params![prefix, c], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => stmt
                .query_map(params![prefix], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        let count = rows
            .first()
            .map_or(0, |(_, n)| usize::try_from(*n).unwrap_or(usize::MAX));
        Ok((count, rows.into_iter().map(|(id, _)| id).collect()))
    }

    fn archive_status(&self, id: &str) -> Result<Option<ArchiveStatus>> {
        let status: Option<String> = self
            .conn
            .query_row("SELECT status FROM archives WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        status.as_deref().map(ArchiveStatus::from_sql).transpose()
    }
}

fn not_found_id(spec: &str, class: Option<&str>) -> Error {
    Error::NotFound(match class {
        Some(c) => format!("no archive {spec} of class {c} in the catalog"),
        None => format!("no archive {spec} in the catalog"),
    })
}

fn insert(conn: &Connection, rec: &ArchiveRecord) -> Result<()> {
    let recipients = serde_json::to_string(&rec.recipients)
        .map_err(|e| Error::Corrupt(format!("archive {}: recipients: {e}", rec.id)))?;
    let facts = serde_json::to_string(&rec.facts)
        .map_err(|e| Error::Corrupt(format!("archive {}: facts: {e}", rec.id)))?;
    let mut stmt = conn.prepare_cached(INSERT)?;
    let res = stmt.execute(params![
        rec.id,
        rec.class,
        time::to_sql(rec.created),
        rec.store,
        rec.key,
        u64_to_sql(rec.size, "archive size")?,
        rec.sha256,
        rec.encryption,
        recipients,
        rec.payload_kind,
        rec.seal,
        facts,
        rec.run_id,
        rec.set_id,
        rec.status.as_sql(),
    ]);
    match res {
        Ok(_) => super::copies::insert_primary(conn, rec),
        Err(e) if is_constraint(&e, ffi::SQLITE_CONSTRAINT_PRIMARYKEY) => {
            Err(Error::Duplicate(rec.id.clone()))
        }
        Err(e) if is_constraint(&e, ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
            Err(Error::NotFound(format!(
                "archive {}: run {} is not in the catalog",
                rec.id,
                rec.run_id.unwrap_or_default()
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// A row as SQLite gives it; converted outside the row callback so that bad
/// data becomes [`Error::Corrupt`] rather than a generic SQLite error.
struct RawArchive {
    id: String,
    class: String,
    created: String,
    store: String,
    key: String,
    size: i64,
    sha256: String,
    encryption: String,
    recipients: String,
    payload_kind: String,
    seal: String,
    facts: String,
    run_id: Option<i64>,
    set_id: Option<String>,
    status: String,
}

impl RawArchive {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: r.get(0)?,
            class: r.get(1)?,
            created: r.get(2)?,
            store: r.get(3)?,
            key: r.get(4)?,
            size: r.get(5)?,
            sha256: r.get(6)?,
            encryption: r.get(7)?,
            recipients: r.get(8)?,
            payload_kind: r.get(9)?,
            seal: r.get(10)?,
            facts: r.get(11)?,
            run_id: r.get(12)?,
            set_id: r.get(13)?,
            status: r.get(14)?,
        })
    }

    fn into_record(self) -> Result<ArchiveRecord> {
        let what = |field: &str| format!("archive {} {field}", self.id);
        let recipients = serde_json::from_str(&self.recipients)
            .map_err(|e| Error::Corrupt(format!("{}: {e}", what("recipients"))))?;
        Ok(ArchiveRecord {
            created: time::from_sql(&self.created, &what("created"))?,
            size: u64_from_sql(self.size, &what("size"))?,
            recipients,
            facts: json_from_sql(&self.facts, &what("facts"))?,
            status: ArchiveStatus::from_sql(&self.status)?,
            id: self.id,
            class: self.class,
            store: self.store,
            key: self.key,
            sha256: self.sha256,
            encryption: self.encryption,
            payload_kind: self.payload_kind,
            seal: self.seal,
            run_id: self.run_id,
            set_id: self.set_id,
        })
    }
}
