//! The top-level error: one variant per layer. The CLI turns it into one
//! line on stderr, a hint, and an exit code (src/cli/exit.rs).

use crate::format;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{0}")]
    Format(#[from] format::Error),
    #[error("{0}")]
    Pg(#[from] crate::pg::Error),
    #[error("{0}")]
    Catalog(#[from] crate::catalog::Error),
    /// Bad command-line values or files named on it.
    #[error("{0}")]
    Input(String),
    /// A malformed or inconsistent configuration.
    #[error("{0}")]
    Config(String),
    /// The store (local directory) failed: not writable, disk full.
    #[error("{0}")]
    Store(String),
    /// Another writer holds the vault's lock.
    #[error("{0}")]
    LockHeld(String),
    /// A restore finished but its data differs from the manifest.
    #[error("{0}")]
    RestoreCheck(String),
    /// The erasure ledger could not be replayed on a restored database; the
    /// message says that the database still holds erased subjects.
    #[error("{0}")]
    ErasureReplay(String),
    /// The erasure ledger fails its hash chain or signatures (tampered or damaged).
    #[error("{0}")]
    Ledger(String),
    #[error("{0}")]
    Other(String),
}

impl From<crate::crypto::Error> for Error {
    fn from(e: crate::crypto::Error) -> Error {
        Error::Format(e.into())
    }
}

impl From<crate::crypto::sign::SignError> for Error {
    fn from(e: crate::crypto::sign::SignError) -> Error {
        Error::Format(e.into())
    }
}

impl From<crate::store::Error> for Error {
    fn from(e: crate::store::Error) -> Error {
        match e {
            crate::store::Error::Config(_) => Error::Config(e.to_string()),
            _ => Error::Store(e.to_string()),
        }
    }
}

impl Error {
    /// A stable snake_case name of what failed (the `class` of `--json` errors).
    pub fn class_name(&self) -> String {
        match self {
            Error::Format(f) => f.class.as_str().to_owned(),
            Error::Pg(_) => "database".into(),
            Error::Catalog(crate::catalog::Error::Locked(_)) => "lock_held".into(),
            Error::Catalog(crate::catalog::Error::Damaged(_)) => "catalog_damaged".into(),
            Error::Catalog(crate::catalog::Error::Full(_)) => "storage".into(),
            Error::Catalog(_) => "catalog".into(),
            Error::Input(_) => "input".into(),
            Error::Config(_) => "config".into(),
            Error::Store(_) => "storage".into(),
            Error::RestoreCheck(_) => "restore_check".into(),
            Error::ErasureReplay(_) => "erasure_replay".into(),
            Error::Ledger(_) => "ledger_invalid".into(),
            Error::LockHeld(_) => "lock_held".into(),
            Error::Other(_) => "failure".into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
