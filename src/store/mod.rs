//! Archive stores: dumb blob stores (STYLE.md practice 7). A store puts,
//! gets, lists, heads and deletes opaque blobs under string keys; it knows
//! nothing of crypto, archives or the catalog. Retry policy lives in each
//! implementation (the S3 client retries transient errors itself); dry-run
//! and progress are decorators around a [`Store`].
//!
//! Implementations: [`LocalDir`] (a directory; the older [`LocalStore`] is
//! the vault's path helper and stays as it is) and [`S3Store`]. Every
//! implementation passes the one conformance suite in
//! `tests/store_conformance.rs`.
//!
//! # Keys
//! A key is relative and `/`-separated: no leading `/`, no empty, `.` or
//! `..` component, no control character or backslash, and no component
//! starting with [`TEMP_PREFIX`] (the local store's in-flight files). Every
//! implementation checks keys with [`validate_key`] before touching
//! anything, so a key can never escape a store's root or prefix.
//!
//! # Atomicity
//! A put is all or nothing: until it returns `Ok`, readers see the previous
//! object under the key (or none); a failed put leaves nothing new behind
//! (a local temp file is removed, an S3 multipart upload is aborted).

mod local;
pub mod s3;

use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::digest::Digest;

pub use local::LocalDir;
pub use s3::{LockMode, RetrySettings, S3Config, S3Store, StaticCredentials};

/// The file-name prefix of a local put in flight; no key component may
/// start with it, and listings skip it.
pub const TEMP_PREFIX: &str = ".coffer-tmp-";

/// What a completed put stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutInfo {
    /// Bytes read from the reader and stored (confirmed by the store).
    pub size: u64,
    /// SHA-256 of exactly the bytes uploaded.
    pub sha256: Digest,
    /// The object-lock retain-until date the store reports for the new
    /// object (read back after the upload), if any.
    pub retain_until: Option<Timestamp>,
}

/// What a store knows of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    pub size: u64,
    pub last_modified: Option<Timestamp>,
    /// The server's entity tag (S3), quotes included as sent.
    pub etag: Option<String>,
    /// Object-lock retain-until date (S3 with object lock), if any.
    pub retain_until: Option<Timestamp>,
}

impl ObjectMeta {
    /// Whether object lock forbids deleting the object at `now`.
    pub fn locked_at(&self, now: Timestamp) -> bool {
        self.retain_until.is_some_and(|until| until > now)
    }
}

/// A store failure. Messages are one line; `Remote::transient` says whether
/// trying again later may succeed (network, 5xx, throttling) or not
/// (denied, misconfigured, bad request).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("no object {key}")]
    NotFound { key: String },
    #[error("invalid store key {key:?}: {reason}")]
    InvalidKey { key: String, reason: &'static str },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("remote store ({}): {message}", if *.transient { "transient" } else { "permanent" })]
    Remote { transient: bool, message: String },
    #[error("{key} is under object lock until {until}")]
    ObjectLocked { key: String, until: Timestamp },
    #[error("store configuration: {0}")]
    Config(String),
    #[error("{0} is not supported by this store")]
    Unsupported(&'static str),
}

impl Error {
    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Remote { transient, .. } => *transient,
            Error::Io { source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::Interrupted
                    | std::io::ErrorKind::TimedOut
                    | std::io::ErrorKind::WouldBlock
            ),
            _ => false,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A dumb blob store. Blocking: the S3 implementation runs its own small
/// async runtime inside, so callers need none (and must not call it from
/// inside an async runtime's worker thread).
pub trait Store: Send + Sync {
    /// A human-readable description, for messages: `local:/srv/coffer`,
    /// `s3://bucket/prefix`.
    fn name(&self) -> String;

    /// Streams `reader` to `key`, replacing any object there once complete
    /// (never before). `size_hint` lets a store size its upload parts.
    /// Memory use does not grow with the object's size.
    fn put(&self, key: &str, reader: &mut dyn Read, size_hint: Option<u64>) -> Result<PutInfo>;

    /// [`Store::put`] with an object-lock retain-until date. `None` is a
    /// plain put; `Some` on a store without object lock is
    /// [`Error::Unsupported`]. Check [`PutInfo::retain_until`]: it is what
    /// the store reports after the upload, not what was asked.
    fn put_with_retention(
        &self,
        key: &str,
        reader: &mut dyn Read,
        size_hint: Option<u64>,
        retain_until: Option<Timestamp>,
    ) -> Result<PutInfo> {
        match retain_until {
            None => self.put(key, reader, size_hint),
            Some(_) => {
                validate_key(key)?;
                Err(Error::Unsupported("object lock"))
            }
        }
    }

    /// Extends the object lock of `key` to `until` (object lock only ever
    /// grows). A store without object lock: [`Error::Unsupported`].
    fn extend_retention(&self, key: &str, until: Timestamp) -> Result<()> {
        let _ = until;
        validate_key(key)?;
        Err(Error::Unsupported("object lock"))
    }

    /// Streams the object back. A missing key is [`Error::NotFound`] here,
    /// not at the first read.
    fn get(&self, key: &str) -> Result<Box<dyn Read + Send>>;

    /// The object's metadata, `None` if there is no object under `key`.
    fn head(&self, key: &str) -> Result<Option<ObjectMeta>>;

    /// Every key that starts with `prefix` (a plain string prefix, as in
    /// S3: `"a/"` lists under the directory `a`, `"a"` also matches `ab/x`),
    /// sorted. `""` lists everything.
    fn list(&self, prefix: &str) -> Result<Vec<String>>;

    /// Deletes the object; deleting a missing key is not an error. An
    /// object under lock is [`Error::ObjectLocked`], and nothing is tried.
    fn delete(&self, key: &str) -> Result<()>;
}

/// Checks a key against the rules in the module documentation.
pub fn validate_key(key: &str) -> Result<()> {
    let bad = |reason| {
        Err(Error::InvalidKey {
            key: key.to_owned(),
            reason,
        })
    };
    if key.is_empty() {
        return bad("empty");
    }
    if key.starts_with('/') {
        return bad("absolute");
    }
    if key.chars().any(|c| c.is_control() || c == '\\') {
        return bad("control character or backslash");
    }
    for component in key.split('/') {
        match component {
            "" => return bad("empty component"),
            "." | ".." => return bad("'.' or '..' component"),
            c if c.starts_with(TEMP_PREFIX) => return bad("reserved temp-file name"),
            _ => {}
        }
    }
    Ok(())
}

/// Checks a list prefix: `""`, or a key, or a key followed by `/`, or the
/// beginning of a key (its last component may be partial).
pub fn validate_prefix(prefix: &str) -> Result<()> {
    if prefix.is_empty() {
        return Ok(());
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    validate_key(trimmed).map_err(|e| match e {
        Error::InvalidKey { reason, .. } => Error::InvalidKey {
            key: prefix.to_owned(),
            reason,
        },
        other => other,
    })
}

/// A local directory holding archives and their seals under
/// `<class>/<archive file>`.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: impl Into<PathBuf>) -> LocalStore {
        LocalStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The store key (relative path) of an archive.
    pub fn key_for(class: &str, archive_id: &str, extension: &str) -> String {
        format!("{class}/{archive_id}.{extension}")
    }

    /// The path of a key; keys are made by [`LocalStore::key_for`] from
    /// validated ids and classes, and checked again here.
    pub fn path(&self, key: &str) -> Option<PathBuf> {
        let ok = !key.is_empty()
            && !key.starts_with('/')
            && key
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..");
        ok.then(|| self.root.join(key))
    }

    /// Creates the directory of a class (0700).
    pub fn ensure_class_dir(&self, class: &str) -> std::io::Result<PathBuf> {
        use std::os::unix::fs::DirBuilderExt;
        let dir = self.root.join(class);
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)?;
        Ok(dir)
    }

    /// The same directory as a [`Store`].
    pub fn as_store(&self) -> LocalDir {
        LocalDir::new(&self.root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for good in ["a", "a/b", "class/2024-01-01T00-00-00Z.coffer", "a.b/c..d"] {
            assert!(validate_key(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "a//b",
            "./a",
            "a/.",
            "../a",
            "a/../b",
            "a\0b",
            "a\nb",
            "a\\b",
            ".coffer-tmp-x",
            "a/.coffer-tmp-x",
        ] {
            assert!(
                matches!(validate_key(bad), Err(Error::InvalidKey { .. })),
                "{bad:?}"
            );
        }
        for good in ["", "a", "a/", "a/b", "a/b/"] {
            assert!(validate_prefix(good).is_ok(), "{good}");
        }
        for bad in ["/", "/a", "a//", "../", "a/../"] {
            assert!(validate_prefix(bad).is_err(), "{bad:?}");
        }
    }
}
