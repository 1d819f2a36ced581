//! Archive stores. Today: a local directory. A store is a dumb blob store:
//! no crypto, no catalog (the S3 store and the shared conformance suite
//! come with the offsite issue).

use std::path::{Path, PathBuf};

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
}
