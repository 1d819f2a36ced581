//! [`LocalDir`]: a directory as a [`Store`]. A put writes a temp file in the
//! key's directory, fsyncs it, renames it over the key and fsyncs the
//! directory, so a crash leaves either the old object or the new one (plus,
//! at worst, a `.coffer-tmp-*` file that listings skip).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::{
    Error, ObjectMeta, PutInfo, Result, Store, TEMP_PREFIX, validate_key, validate_prefix,
};
use crate::digest::Hasher;

/// A local directory as a blob store; keys are relative paths under it.
/// Directories are made 0700 and files 0600.
#[derive(Debug, Clone)]
pub struct LocalDir {
    root: PathBuf,
}

impl LocalDir {
    pub fn new(root: impl Into<PathBuf>) -> LocalDir {
        LocalDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &str) -> Result<PathBuf> {
        validate_key(key)?;
        Ok(self.root.join(key))
    }
}

fn not_found(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound
}

impl Store for LocalDir {
    fn name(&self) -> String {
        format!("local:{}", self.root.display())
    }

    fn put(&self, key: &str, reader: &mut dyn Read, _size_hint: Option<u64>) -> Result<PutInfo> {
        let path = self.path(key)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        // Dropped (and removed) on every early return below.
        let mut tmp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&dir)
            .map_err(|e| Error::io(format!("cannot create a temp file in {}", dir.display()), e))?;
        let mut hasher = Hasher::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(format!("reading the data for {key}"), e)),
            };
            hasher.update(&buf[..n]);
            tmp.write_all(&buf[..n])
                .map_err(|e| Error::io(format!("cannot write {}", tmp.path().display()), e))?;
        }
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(format!("cannot fsync {}", tmp.path().display()), e))?;
        tmp.persist(&path)
            .map_err(|e| Error::io(format!("cannot rename into {}", path.display()), e.error))?;
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(format!("cannot fsync {}", dir.display()), e))?;
        let (sha256, size) = hasher.finish();
        Ok(PutInfo {
            size,
            sha256,
            retain_until: None,
        })
    }

    fn get(&self, key: &str) -> Result<Box<dyn Read + Send>> {
        let path = self.path(key)?;
        match File::open(&path) {
            Ok(f) if f.metadata().is_ok_and(|m| m.is_file()) => Ok(Box::new(f)),
            Ok(_) => Err(Error::NotFound { key: key.into() }),
            Err(e) if not_found(&e) => Err(Error::NotFound { key: key.into() }),
            Err(e) => Err(Error::io(format!("cannot open {}", path.display()), e)),
        }
    }

    fn head(&self, key: &str) -> Result<Option<ObjectMeta>> {
        let path = self.path(key)?;
        match fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(Some(ObjectMeta {
                size: m.len(),
                last_modified: m
                    .modified()
                    .ok()
                    .and_then(|t| jiff::Timestamp::try_from(t).ok()),
                etag: None,
                retain_until: None,
            })),
            Ok(_) => Ok(None),
            Err(e) if not_found(&e) => Ok(None),
            Err(e) => Err(Error::io(format!("cannot stat {}", path.display()), e)),
        }
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        validate_prefix(prefix)?;
        // Walk only the deepest directory the prefix names.
        let dir_part = prefix.rfind('/').map_or("", |i| &prefix[..i]);
        let mut keys = Vec::new();
        walk(&self.root.join(dir_part), dir_part, &mut keys)?;
        keys.retain(|k| k.starts_with(prefix));
        keys.sort();
        Ok(keys)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let path = self.path(key)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if not_found(&e) => Ok(()),
            Err(e) => Err(Error::io(format!("cannot delete {}", path.display()), e)),
        }
    }
}

/// Collects the keys of the regular files under `dir` (whose key prefix is
/// `rel`), skipping temp files, symlinks and names that are not UTF-8.
fn walk(dir: &Path, rel: &str, keys: &mut Vec<String>) -> Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if not_found(&e) || e.kind() == io::ErrorKind::NotADirectory => return Ok(()),
        Err(e) => return Err(Error::io(format!("cannot list {}", dir.display()), e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let key = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(format!("cannot stat {}", entry.path().display()), e))?;
        if kind.is_dir() {
            walk(&entry.path(), &key, keys)?;
        } else if kind.is_file() && validate_key(&key).is_ok() {
            keys.push(key);
        }
    }
    Ok(())
}
