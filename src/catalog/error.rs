//! The catalog's error type: one line of Display per variant; the CLI adds advice.

use std::path::PathBuf;

/// Everything that can go wrong in the catalog.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite itself failed (I/O, locking, a constraint we did not expect).
    #[error("catalog database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

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
