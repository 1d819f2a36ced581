//! The SQLite catalog: the only user of rusqlite in coffer.
//!
//! The catalog is an *index* of what the stores hold, plus the history of runs,
//! verifications and drills. Storage is the truth (DESIGN, non-negotiable 4):
//! every archive row carries the seal JSON text and the manifest facts, so the
//! archives table can be rebuilt from the seals and archives in a store.
//!
//! Opening a catalog creates the file (mode 0600) if missing, turns on WAL (so
//! readers never block on the writer), foreign keys and a busy timeout, and
//! applies the numbered migrations in `migrations/`, one transaction each,
//! tracked in `PRAGMA user_version`. A catalog written by a newer coffer is
//! refused with [`Error::TooNew`] before anything is written to it.

mod archives;
mod audit;
mod check;
mod copies;
mod erasure;
mod error;
mod history;
mod holds;
mod keys;
mod records;
mod runs;
pub mod time;
mod wal;

use std::path::Path;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use archives::MIN_PREFIX;
pub use audit::AuditRow;
pub use copies::{CopyRecord, CopyStatus};
pub use erasure::{LedgerRow, ReplayRecord};
pub use error::{Error, Result};
pub use holds::{HoldEvent, HoldRecord};
pub use keys::{ConfiguredRecipient, RecipientChanges, RecipientRow, RekeyRecord};
pub use records::{
    ArchiveFilter, ArchiveRecord, ArchiveStatus, Deletion, DrillRecord, Outcome, RunFilter, RunId,
    RunKind, RunRecord, VerificationRecord,
};
pub use wal::{WalFileRecord, WalKind};

/// The newest schema version this build knows; equals the last migration's number.
pub const SCHEMA_VERSION: u32 = 7;

/// How long a statement waits for another connection's write lock.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One numbered migration, applied in its own transaction.
#[derive(Debug, Clone, Copy)]
struct Migration {
    version: u32,
    name: &'static str,
    sql: &'static str,
}

/// Every migration, in order. Append only: a released migration never changes.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_holds",
        sql: include_str!("migrations/0002_holds.sql"),
    },
    Migration {
        version: 3,
        name: "0003_erasure",
        sql: include_str!("migrations/0003_erasure.sql"),
    },
    Migration {
        version: 4,
        name: "0004_copies",
        sql: include_str!("migrations/0004_copies.sql"),
    },
    Migration {
        version: 5,
        name: "0005_audit",
        sql: include_str!("migrations/0005_audit.sql"),
    },
    Migration {
        version: 6,
        name: "0006_keys",
        sql: include_str!("migrations/0006_keys.sql"),
    },
    Migration {
        version: 7,
        name: "0007_wal",
        sql: include_str!("migrations/0007_wal.sql"),
    },
];

type Clock = Box<dyn Fn() -> Timestamp + Send>;

/// An open catalog. Methods take `&self`; a `Catalog` is `Send` but not `Sync`
/// (one connection): open one per thread.
pub struct Catalog {
    conn: Connection,
    clock: Clock,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("path", &self.conn.path())
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// Opens (creating if missing) the catalog at `path` and migrates it forward.
    ///
    /// The parent directory must exist. A new file is created with mode 0600;
    /// SQLite gives its `-wal` and `-shm` files the same mode.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        create_private(path)?;
        let conn = Connection::open(path)?;
        Self::setup(conn, true)
    }

    /// An in-memory catalog with the full schema, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?, false)
    }

    fn setup(conn: Connection, wal: bool) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse a newer catalog before writing anything to it (even the WAL switch).
        check_not_newer(&conn, SCHEMA_VERSION)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if wal {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(Error::Io {
                    path: conn.path().unwrap_or_default().into(),
                    source: std::io::Error::other(format!(
                        "SQLite refused WAL journal mode (got '{mode}'); keep the catalog on a local filesystem"
                    )),
                });
            }
        }
        migrate(&conn, MIGRATIONS)?;
        Ok(Self {
            conn,
            clock: Box::new(Timestamp::now),
        })
    }

    /// Replaces the clock used for `started`, `finished` and deletion times
    /// (e.g. to honour `COFFER_NOW` in tests and simulations).
    pub fn set_clock(&mut self, clock: impl Fn() -> Timestamp + Send + 'static) {
        self.clock = Box::new(clock);
    }

    /// The schema version of this catalog file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        user_version(&self.conn)
    }

    /// The newest schema version this build of coffer supports.
    pub fn supported_schema_version() -> u32 {
        SCHEMA_VERSION
    }

    fn now(&self) -> Timestamp {
        (self.clock)()
    }
}

/// Creates the file with mode 0600 if it does not exist; leaves an existing one alone.
fn create_private(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    u32::try_from(v).map_err(|_| Error::Corrupt(format!("negative schema version {v}")))
}

fn check_not_newer(conn: &Connection, supported: u32) -> Result<u32> {
    let found = user_version(conn)?;
    if found > supported {
        return Err(Error::TooNew { found, supported });
    }
    Ok(found)
}

/// Applies every migration newer than the file's version, in order, one
/// transaction each. The version is re-read inside an IMMEDIATE transaction so
/// two processes opening a fresh catalog at once never apply one migration twice.
fn migrate(conn: &Connection, migrations: &[Migration]) -> Result<()> {
    let supported = migrations.last().map_or(0, |m| m.version);
    let current = check_not_newer(conn, supported)?;
    for m in migrations.iter().filter(|m| m.version > current) {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        if user_version(&tx)? >= m.version {
            continue; // another process got there first; dropping tx rolls back nothing
        }
        tx.execute_batch(m.sql).map_err(|source| Error::Migration {
            name: m.name,
            source,
        })?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}

/// Maps a constraint failure of the given extended code; anything else passes through.
fn is_constraint(e: &rusqlite::Error, extended: std::ffi::c_int) -> bool {
    e.sqlite_extended_error_code() == Some(extended)
}

fn u64_to_sql(v: u64, what: &str) -> Result<i64> {
    i64::try_from(v).map_err(|_| {
        Error::Sqlite(rusqlite::Error::ToSqlConversionFailure(
            format!("{what} {v} does not fit in SQLite's INTEGER").into(),
        ))
    })
}

fn u64_from_sql(v: i64, what: &str) -> Result<u64> {
    u64::try_from(v).map_err(|_| Error::Corrupt(format!("{what} is negative ({v})")))
}

fn json_from_sql(text: &str, what: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(format!("{what} is not valid JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} out of order",
                m.name
            );
            assert!(
                m.name.starts_with(&format!("{:04}_", m.version)),
                "migration {} is not named for its version",
                m.name
            );
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
    }

    const STEPS: &[Migration] = &[
        Migration {
            version: 1,
            name: "0001_a",
            sql: "CREATE TABLE a (x INTEGER);",
        },
        Migration {
            version: 2,
            name: "0002_b",
            sql: "ALTER TABLE a ADD COLUMN y TEXT; INSERT INTO a VALUES (1, 'two');",
        },
        Migration {
            version: 3,
            name: "0003_c",
            sql: "CREATE TABLE c AS SELECT y FROM a;",
        },
    ];

    #[test]
    fn migrations_apply_in_order_and_resume() -> Result<()> {
        let conn = Connection::open_in_memory()?;
        migrate(&conn, &STEPS[..1])?;
        assert_eq!(user_version(&conn)?, 1);
        // A later build continues from version 1; 2 must run before 3 depends on it.
        migrate(&conn, STEPS)?;
        assert_eq!(user_version(&conn)?, 3);
        let y: String = conn.query_row("SELECT y FROM c", [], |r| r.get(0))?;
        assert_eq!(y, "two");
        // Idempotent.
        migrate(&conn, STEPS)?;
        assert_eq!(user_version(&conn)?, 3);
        // An older build refuses.
        assert!(matches!(
            migrate(&conn, &STEPS[..2]),
            Err(Error::TooNew {
                found: 3,
                supported: 2
            })
        ));
        Ok(())
    }

    #[test]
    fn failed_migration_rolls_back_alone() -> Result<()> {
        let conn = Connection::open_in_memory()?;
        let broken = [
            STEPS[0],
            Migration {
                version: 2,
                name: "0002_broken",
                sql: "CREATE TABLE half (x INTEGER); SELECT nonsense FROM nowhere;",
            },
        ];
        assert!(matches!(
            migrate(&conn, &broken),
            Err(Error::Migration {
                name: "0002_broken",
                ..
            })
        ));
        assert_eq!(user_version(&conn)?, 1);
        let half: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'half'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(half, 0);
        Ok(())
    }

    #[test]
    fn in_memory_catalog_has_current_schema() -> Result<()> {
        let cat = Catalog::open_in_memory()?;
        assert_eq!(cat.schema_version()?, SCHEMA_VERSION);
        Ok(())
    }
}
