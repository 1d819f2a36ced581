//! The plain records the catalog stores and returns. They serialize for `--json`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
use super::time::{rfc3339, rfc3339_opt};

/// A run's row id.
pub type RunId = i64;

/// One sealed archive in a store, as registered after its seal was written.
///
/// `seal` and `facts` make the row reproducible from storage alone: a catalog
/// rebuild reads the seal beside the archive and the manifest facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchiveRecord {
    pub id: String,
    pub class: String,
    #[serde(with = "rfc3339")]
    pub created: Timestamp,
    /// Name of the store (target) holding the archive.
    pub store: String,
    /// Object key / relative path of the archive in the store.
    pub key: String,
    /// Ciphertext size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the ciphertext.
    pub sha256: String,
    pub encryption: String,
    pub recipients: Vec<String>,
    pub payload_kind: String,
    /// The seal JSON text, exactly as written beside the archive.
    pub seal: String,
    /// Manifest facts (versions, row counts, timings...).
    pub facts: serde_json::Value,
    /// The backup run that produced it, if recorded in this catalog.
    pub run_id: Option<RunId>,
    /// Shared by the archives of one multi-class run.
    pub set_id: Option<String>,
    pub status: ArchiveStatus,
}

/// Whether an archive is still expected to exist in its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchiveStatus {
    Good,
    Deleted,
}

/// When and why an archive was marked deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    #[serde(with = "rfc3339")]
    pub at: Timestamp,
    pub reason: String,
}

/// Which archives `Catalog::archives` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveFilter {
    pub class: Option<String>,
    pub include_deleted: bool,
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RunKind {
    Backup,
    Verify,
    Restore,
    Drill,
    Prune,
    Push,
    Rebuild,
    /// The nightly job (`coffer run`): its steps are in the details.
    Run,
    /// `coffer import` of existing dump files (one run per file).
    Import,
}

/// How a finished run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Failed,
}

/// One run of a command. `finished`, `duration_ms` and `outcome` are `None`
/// while it runs, and stay `None` if the process died before finishing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: RunId,
    pub kind: RunKind,
    pub archive_id: Option<String>,
    #[serde(with = "rfc3339")]
    pub started: Timestamp,
    #[serde(with = "rfc3339_opt")]
    pub finished: Option<Timestamp>,
    pub duration_ms: Option<u64>,
    pub outcome: Option<Outcome>,
    pub error: Option<String>,
    pub details: serde_json::Value,
}

/// Which runs `Catalog::runs` lists (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    pub kind: Option<RunKind>,
    pub archive_id: Option<String>,
    pub limit: Option<usize>,
}

/// One verification of one archive in one store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationRecord {
    pub archive_id: String,
    #[serde(with = "rfc3339")]
    pub at: Timestamp,
    /// Decrypted and checked every entry (vs keyless seal + hash only).
    pub deep: bool,
    pub store: String,
    pub ok: bool,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// One restore drill of one archive into a scratch database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrillRecord {
    pub archive_id: String,
    #[serde(with = "rfc3339")]
    pub at: Timestamp,
    pub ok: bool,
    pub scratch_db: String,
    /// Time to restore: the measured recovery time.
    pub restore_ms: u64,
    pub check_ms: u64,
    pub total_ms: u64,
    pub tables_checked: u64,
    /// Row-count differences found (empty when ok).
    pub mismatches: serde_json::Value,
    pub error: Option<String>,
}

impl ArchiveStatus {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Deleted => "deleted",
        }
    }

    pub(crate) fn from_sql(s: &str) -> Result<Self> {
        match s {
            "good" => Ok(Self::Good),
            "deleted" => Ok(Self::Deleted),
            other => Err(Error::Corrupt(format!("unknown archive status '{other}'"))),
        }
    }
}

impl RunKind {
    /// The stored (and serialized) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Backup => "backup",
            Self::Verify => "verify",
            Self::Restore => "restore",
            Self::Drill => "drill",
            Self::Prune => "prune",
            Self::Push => "push",
            Self::Rebuild => "rebuild",
            Self::Run => "run",
            Self::Import => "import",
        }
    }

    pub(crate) fn from_sql(s: &str) -> Result<Self> {
        Ok(match s {
            "backup" => Self::Backup,
            "verify" => Self::Verify,
            "restore" => Self::Restore,
            "drill" => Self::Drill,
            "prune" => Self::Prune,
            "push" => Self::Push,
            "rebuild" => Self::Rebuild,
            "run" => Self::Run,
            "import" => Self::Import,
            other => return Err(Error::Corrupt(format!("unknown run kind '{other}'"))),
        })
    }
}

impl std::fmt::Display for RunKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Outcome {
    pub(crate) fn as_sql(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Failed => "failed",
        }
    }

    pub(crate) fn from_sql(s: &str) -> Result<Self> {
        match s {
            "ok" => Ok(Self::Ok),
            "failed" => Ok(Self::Failed),
            other => Err(Error::Corrupt(format!("unknown run outcome '{other}'"))),
        }
    }
}
