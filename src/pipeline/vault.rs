//! The vault: config + catalog + local store + keys, opened once per
//! command. The pipelines on top of it live beside this file: backup.rs,
//! verify.rs, restore.rs, drill.rs, init.rs.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::Value;

use crate::audit;
use crate::catalog::{ArchiveRecord, Catalog, Outcome, RunKind};
use crate::config::Config;
use crate::crypto::sign::VerifyingKey;
use crate::error::{Error, Result};
use crate::pg::ConnTarget;
use crate::store::LocalStore;

pub struct Vault {
    pub config: Config,
    pub catalog: Catalog,
    pub store: LocalStore,
    /// Stores opened so far, by name (an S3 store is opened once).
    stores: std::sync::Mutex<BTreeMap<String, std::sync::Arc<dyn crate::store::Store>>>,
    /// The trusted signer with its rotation chain, resolved once.
    signer: std::sync::OnceLock<VerifyingKey>,
}

/// Milliseconds since `t`.
pub(super) fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

pub(super) fn store_err(what: &str, path: &Path, e: io::Error) -> Error {
    Error::Store(format!("{what} {}: {e}", path.display()))
}

impl Vault {
    pub fn open(config_path: &Path) -> Result<Vault> {
        let config = Config::load(config_path)?;
        let mut catalog = Catalog::open(config.catalog_path())?;
        catalog.set_clock(crate::now);
        let store = LocalStore::new(config.store_dir());
        Ok(Vault {
            config,
            catalog,
            store,
            stores: Default::default(),
            signer: Default::default(),
        })
    }

    /// The store called `name`: "local" or a `[stores.NAME]`.
    pub fn store(&self, name: &str) -> Result<std::sync::Arc<dyn crate::store::Store>> {
        let mut open = self
            .stores
            .lock()
            .map_err(|_| Error::Other("store cache poisoned".into()))?;
        if let Some(s) = open.get(name) {
            return Ok(s.clone());
        }
        let s = super::copies::open_store(&self.config, name)?;
        open.insert(name.to_owned(), s.clone());
        Ok(s)
    }

    /// The trusted seal signer: the public half of the vault's signing key,
    /// accepting the earlier keys of its rotation chain (spec/format.md
    /// "Signing-key rotation"). A chain that does not verify trusts the
    /// current key alone, and says so.
    pub fn signer(&self) -> Result<VerifyingKey> {
        if let Some(k) = self.signer.get() {
            return Ok(k.clone());
        }
        let pub_path = self.config.signer_pub_path();
        let head = if pub_path.exists() {
            VerifyingKey::load(&pub_path)?
        } else {
            VerifyingKey::load(&self.config.signing_key_path())?
        };
        let k = match super::signers::trusted(&self.config, head.clone()) {
            Ok(k) => k,
            Err(e) => {
                audit::warn(format!(
                    "seals and entries signed by earlier signing keys are not trusted: {e}"
                ));
                head
            }
        };
        let _ = self.signer.set(k.clone());
        Ok(k)
    }

    pub fn archive_path(&self, rec: &ArchiveRecord) -> Result<PathBuf> {
        let store = LocalStore::new(self.config.class_store_dir(&rec.class));
        store.path(&rec.key).ok_or_else(|| {
            Error::Store(format!(
                "archive {} has an invalid store key {:?}",
                rec.id, rec.key
            ))
        })
    }

    pub fn target(&self) -> Result<ConnTarget> {
        Ok(ConnTarget::new(self.config.database.url.as_deref())?)
    }

    /// Appends an audit entry (spec/audit.md). The action's own result
    /// stands whatever happens here: a failed append is reported by the CLI
    /// as a warning (`audit::take_failures`), never swallowed.
    pub fn audit(
        &self,
        action: audit::Action,
        object: audit::Object,
        outcome: audit::Outcome,
        facts: Value,
    ) -> Option<u64> {
        audit::record(&self.catalog, &self.config, action, object, outcome, facts)
    }

    /// Writes the audit entries each named store lacks as a signed segment
    /// (spec/audit.md "Segments"); a failure is a warning, as for [`Vault::audit`].
    pub fn publish_audit<'a>(&self, stores: impl IntoIterator<Item = &'a str>) {
        let mut done = std::collections::BTreeSet::new();
        for name in stores {
            if !done.insert(name.to_owned()) {
                continue;
            }
            let r = self
                .store(name)
                .and_then(|s| audit::segments::publish(&self.catalog, &self.config, s.as_ref()));
            if let Err(e) = r {
                audit::warn(format!(
                    "the audit log could not be written to store {name}: {e}"
                ));
            }
        }
    }

    /// Runs `f` as a recorded run of `kind`: the outcome and error land in
    /// the catalog whatever happens.
    pub fn recorded<T>(
        &self,
        kind: RunKind,
        archive_id: Option<&str>,
        details: Value,
        f: impl FnOnce(&Self) -> Result<(T, Value)>,
    ) -> Result<T> {
        let run = self.catalog.start_run(kind, archive_id, details)?;
        match f(self) {
            Ok((v, details)) => {
                self.catalog.finish_run(run, Outcome::Ok, None, details)?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.catalog.finish_run(
                    run,
                    Outcome::Failed,
                    Some(&e.to_string()),
                    Value::Null,
                );
                Err(e)
            }
        }
    }
}

/// Creates `path` (never over an existing file) with `mode`, writes and syncs it.
pub fn write_new(path: &Path, mode: u32, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| store_err("cannot create", path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| store_err("cannot write", path, e))
}

/// Opens an archive file of the vault for reading (used by `show`).
pub fn open_archive(vault: &Vault, rec: &ArchiveRecord) -> Result<File> {
    let p = vault.archive_path(rec)?;
    File::open(&p).map_err(|e| store_err("cannot open", &p, e))
}
