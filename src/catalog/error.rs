//! The catalog's error type: one line of Display per variant; the CLI adds advice.

use std::path::PathBuf;

/// Everything that can go wrong in the catalog.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite itself failed (I/O, a constraint we did not expect).
    #[error("catalog database error: {0}")]
    Sqlite(rusqlite::Error),

    /// Another process holds the catalog's lock past the busy timeout
    /// (SQLITE_BUSY / SQLITE_LOCKED): nothing was written.
    #[error(
        "the catalog is locked by another process (waited {secs}s: {0}); is another program holding the catalog database open in a transaction?",
        secs = super::BUSY_TIMEOUT.as_secs()
    )]
    Locked(rusqlite::Error),

    /// The file is not an SQLite database or its pages are malformed
    /// (SQLITE_NOTADB / SQLITE_CORRUPT). The stores hold the truth.
    #[error(
        "the catalog database is damaged ({0}); rebuild it from the stores with `coffer catalog rebuild`"
    )]
    Damaged(rusqlite::Error),

    /// The catalog's file system failed a read or write (SQLITE_FULL,
    /// SQLITE_IOERR, SQLITE_READONLY: a full disk shows as any of the
    /// first two, depending on which write hit it); SQLite rolled back.
    #[error(
        "cannot write the catalog ({0}): is its disk full or read-only? free space and run again"
    )]
    Full(rusqlite::Error),

    /// The catalog file could not be created or opened.
    #[error("cannot open catalog {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The catalog was written by a newer coffer; refusing to touch it.
    #[error(
        "catalog schema version {found} is newer than this coffer supports ({supported}); upgrade coffer"
    )]
    TooNew { found: u32, supported: u32 },

    /// A schema migration failed; it was rolled back and the version is unchanged.
    #[error("catalog migration {name} failed: {source}")]
    Migration {
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// No archive (or run) matches; the text says what was looked for.
    #[error("{0}")]
    NotFound(String),

    /// An id prefix matches more than one archive.
    #[error(
        "archive prefix '{prefix}' is ambiguous: it matches {count} archives ({}); give more characters",
        preview(*count, matches)
    )]
    Ambiguous {
        prefix: String,
        /// How many archives match.
        count: usize,
        /// The first few matching ids, sorted.
        matches: Vec<String>,
    },

    /// An archive with this id is already registered.
    #[error("archive {0} is already in the catalog")]
    Duplicate(String),

    /// `finish_run` on a run that already has an outcome.
    #[error("run {0} is already finished")]
    RunFinished(i64),

    /// A row holds something this build cannot read (bad timestamp, bad JSON, unknown enum).
    #[error("catalog is corrupt: {0}")]
    Corrupt(String),
}

impl From<rusqlite::Error> for Error {
    /// The SQLite failures a user can act on get a variant (and an exit
    /// code) of their own; the rest stay [`Error::Sqlite`].
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Error::Locked(e),
            Some(C::DatabaseCorrupt | C::NotADatabase) => Error::Damaged(e),
            Some(C::DiskFull | C::SystemIoFailure | C::ReadOnly) => Error::Full(e),
            _ => Error::Sqlite(e),
        }
    }
}

impl Error {
    /// True when the catalog file is damaged (not a database, malformed pages).
    pub fn is_damaged(&self) -> bool {
        match self {
            Error::Damaged(_) => true,
            Error::Migration { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ),
            _ => false,
        }
    }
}

fn preview(count: usize, ids: &[String]) -> String {
    const SHOW: usize = 3;
    let mut s = ids
        .iter()
        .take(SHOW)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if count > SHOW.min(ids.len()) {
        s.push_str(", ...");
    }
    s
}

/// The catalog's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
