//! Copies of archives in stores (spec/format.md "Stores and copies").
//!
//! Every class has a primary store (a local directory, where `backup`
//! writes) and any number of offsite stores (`[stores.NAME]`, S3 or local).
//! An archive's copy in a store is the same objects under the same keys as
//! in the primary store: `class/ID.EXT`, `class/ID.EXT.seal`,
//! `class/ID.EXT.seal.sig` (and `.hold` when it has a hold record). A copy
//! counts only after coffer read it back from the store and its size and
//! SHA-256 matched the seal; then it is recorded in the catalog's `copies`.
//!
//! Upload order is archive, signature, hold, seal; deletion is the reverse
//! (seal last), so a seal in a store always names a complete archive, as in
//! the local store.

use std::io::{self, Read};
use std::sync::Arc;
use std::time::Instant;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::loose::{self, Keyless, Source};
use super::vault::{Vault, ms};
use crate::catalog::{ArchiveRecord, ArchiveStatus, CopyRecord, CopyStatus, Outcome, RunKind};
use crate::config::StoreSection;
use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::format::{self, ErrorClass, SignedSeal};
use crate::store::{self, LocalDir, S3Store, Store};

/// The hold record beside an archive.
pub const HOLD_SUFFIX: &str = ".hold";

/// Largest seal, signature or hold object read from a store.
const MAX_SIDECAR: u64 = 1 << 20;

/// The name of the vault's own store (the general class's primary).
pub const LOCAL: &str = "local";

/// Opens the store called `name` in the vault's config: "local" (the
/// vault's store) or a `[stores.NAME]`.
pub fn open_store(cfg: &crate::config::Config, name: &str) -> Result<Arc<dyn Store>> {
    if name == LOCAL {
        return Ok(Arc::new(LocalDir::new(cfg.store_dir())));
    }
    match cfg.stores.get(name) {
        Some(StoreSection::Local { path }) => Ok(Arc::new(LocalDir::new(cfg.resolve(path)))),
        Some(StoreSection::S3(s3)) => {
            let c = s3
                .to_s3_config()
                .map_err(|e| Error::Config(format!("[stores.{name}]: {e}")))?;
            Ok(Arc::new(S3Store::new(c).map_err(|e| {
                Error::Config(format!("[stores.{name}]: {e}"))
            })?))
        }
        None => Err(Error::Input(format!(
            "no store {name} (the stores are \"local\" and the [stores.*] of coffer.toml)"
        ))),
    }
}

/// `key` + suffix.
pub fn sidecar(key: &str, suffix: &str) -> String {
    format!("{key}{suffix}")
}

/// An archive under `key` in a store, as a [`Source`].
pub struct StoreSource<'a> {
    pub name: &'a str,
    pub store: &'a dyn Store,
    pub key: &'a str,
}

fn store_format_err(e: store::Error) -> format::Error {
    format::Error::new(ErrorClass::Io, e.to_string())
}

/// Reads a small object whole, refusing one larger than [`MAX_SIDECAR`].
pub fn read_small(store: &dyn Store, key: &str) -> Result<Vec<u8>, store::Error> {
    let mut out = Vec::new();
    store
        .get(key)?
        .take(MAX_SIDECAR + 1)
        .read_to_end(&mut out)
        .map_err(|e| store::Error::io(format!("reading {key}"), e))?;
    if out.len() as u64 > MAX_SIDECAR {
        return Err(store::Error::io(
            format!("reading {key}"),
            io::Error::other("larger than 1 MiB"),
        ));
    }
    Ok(out)
}

impl Source for StoreSource<'_> {
    fn describe(&self) -> String {
        format!("{}:{}", self.name, self.key)
    }

    fn read_seal(&self) -> Result<SignedSeal, format::Error> {
        let get = |suffix: &str| {
            let key = sidecar(self.key, suffix);
            read_small(self.store, &key).map_err(|e| match e {
                store::Error::NotFound { .. } => format::Error::new(
                    ErrorClass::SealMissing,
                    format!(
                        "the seal {}:{key} is missing; an archive without its seal cannot be trusted",
                        self.name
                    ),
                ),
                e => store_format_err(e),
            })
        };
        let bytes = get(SEAL_SUFFIX)?;
        let sig = String::from_utf8(get(SIG_SUFFIX)?).map_err(|_| {
            format::Error::new(ErrorClass::SealInvalid, "the seal signature is not text")
        })?;
        SignedSeal::parse(bytes, sig)
    }

    fn open(&self) -> Result<Box<dyn Read + Send>, format::Error> {
        self.store.get(self.key).map_err(|e| match e {
            store::Error::NotFound { .. } => format::Error::new(
                ErrorClass::Io,
                format!("archive {}:{} is missing", self.name, self.key),
            ),
            e => store_format_err(e),
        })
    }
}

/// The stores a class's archives go to: its primary, then its offsite ones.
pub fn class_stores(cfg: &crate::config::Config, class: &str) -> Vec<String> {
    let mut v = vec![cfg.primary_store_name(class)];
    v.extend(cfg.class_offsite(class).iter().cloned());
    v
}

/// The keyless check of `rec`'s copy in store `name`, against the vault's
/// signer and the catalog's record of the archive.
pub fn check_copy(vault: &Vault, rec: &ArchiveRecord, name: &str) -> Result<Keyless> {
    let store = vault.store(name)?;
    let signer = vault.signer()?;
    let src = StoreSource {
        name,
        store: store.as_ref(),
        key: &rec.key,
    };
    let k = loose::verify_keyless_at(&src, Some(&signer))?;
    super::verify::check_seal_matches_record(&k.seal.seal, rec)?;
    Ok(k)
}

/// A source reader that remembers its own failure, so that a failed upload
/// can tell a bad source from a bad destination.
struct ReadTracked<R> {
    inner: R,
    failed: Option<String>,
}

impl<R: Read> Read for ReadTracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // SIGINT/SIGTERM in `coffer run`: the upload fails (and is aborted)
        // here, so no copy is recorded (src/interrupt.rs).
        if let Some(i) = crate::interrupt::signal() {
            return Err(io::Error::other(i));
        }
        self.inner.read(buf).inspect_err(|e| {
            if e.kind() != io::ErrorKind::Interrupted {
                self.failed = Some(e.to_string());
            }
        })
    }
}

/// The stores that may hold `rec`: its primary store first, then every
/// store with a present copy.
fn candidates(vault: &Vault, rec: &ArchiveRecord) -> Result<Vec<String>> {
    let mut v = vec![rec.store.clone()];
    for c in vault.catalog.copies(&rec.id)? {
        if c.status == CopyStatus::Present && !v.contains(&c.store) {
            v.push(c.store);
        }
    }
    Ok(v)
}

/// Where to read an archive from: `from` alone when given, else the primary
/// store, then each store with a present copy, in catalog order. The first
/// whose keyless check passes wins; the others' failures come back as
/// warnings.
pub fn locate(
    vault: &Vault,
    rec: &ArchiveRecord,
    from: Option<&str>,
) -> Result<(String, Keyless, Vec<String>)> {
    let candidates: Vec<String> = match from {
        Some(f) => {
            if !class_stores(&vault.config, &rec.class)
                .iter()
                .any(|s| s == f)
            {
                return Err(Error::Input(format!(
                    "store {f} is not a store of class {} (its stores: {})",
                    rec.class,
                    class_stores(&vault.config, &rec.class).join(", ")
                )));
            }
            vec![f.to_owned()]
        }
        None => candidates(vault, rec)?,
    };
    let mut warnings = Vec::new();
    let mut last = None;
    let mut all_integrity = true;
    for name in &candidates {
        match check_copy(vault, rec, name) {
            Ok(k) => {
                if !warnings.is_empty() {
                    warnings.push(format!("reading archive {} from store {name}", rec.id));
                }
                return Ok((name.clone(), k, warnings));
            }
            Err(e) => {
                warnings.push(format!("archive {} in store {name}: {e}", rec.id));
                all_integrity &= matches!(&e, Error::Format(f) if is_integrity(f.class));
                last = Some(e);
            }
        }
    }
    let message = format!(
        "no store holds a good copy of archive {}: {}",
        rec.id,
        warnings.join("; ")
    );
    Err(match (last, candidates.len()) {
        (Some(e), 1) => e,
        // Every copy was there and failed its check (swapped, damaged,
        // forged): an integrity failure (exit 5), not a storage error.
        (Some(Error::Format(f)), _) if all_integrity => {
            Error::Format(format::Error::new(f.class, message))
        }
        _ => Error::Store(message),
    })
}

/// A failure class that means the bytes are there but not the sealed
/// archive's (README "Exit codes": 5), as opposed to a store that failed.
fn is_integrity(class: ErrorClass) -> bool {
    // A missing seal is a lost copy rather than a wrong one: left out.
    matches!(
        class,
        ErrorClass::DigestMismatch
            | ErrorClass::SealMismatch
            | ErrorClass::SealInvalid
            | ErrorClass::SignatureInvalid
            | ErrorClass::Truncated
            | ErrorClass::Corrupt
            | ErrorClass::HeaderInvalid
            | ErrorClass::ManifestInvalid
            | ErrorClass::EntryInvalid
            | ErrorClass::NotAnArchive
    )
}

/// One copy pushed (or found already there).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Pushed {
    pub archive_id: String,
    pub store: String,
    /// "copied", "present" (already recorded), "extended" (present, its
    /// object lock extended), or "failed".
    pub outcome: String,
    pub bytes: u64,
    pub duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retain_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PushReport {
    pub copies: Vec<Pushed>,
    /// Erasure ledger objects copied to the general class's offsite stores.
    pub ledger_objects: usize,
    /// Archives that still have fewer hash-checked copies than their class
    /// requires.
    pub incomplete: Vec<String>,
}

impl Pushed {
    fn failed(archive_id: &str, store: &str, duration_ms: u64, error: String) -> Pushed {
        Pushed {
            archive_id: archive_id.to_owned(),
            store: store.to_owned(),
            outcome: "failed".into(),
            bytes: 0,
            duration_ms,
            retain_until: None,
            error: Some(error),
        }
    }
}

impl PushReport {
    pub fn failed(&self) -> impl Iterator<Item = &Pushed> {
        self.copies.iter().filter(|p| p.outcome == "failed")
    }
}

/// Copies each archive to every offsite store of its class that lacks a
/// good copy (or to `to` alone), reading each upload back before recording
/// it. Failures are collected, not fatal: the report says what is missing.
pub fn push(
    vault: &Vault,
    archives: &[ArchiveRecord],
    to: Option<&str>,
    progress: &mut dyn FnMut(&str),
) -> Result<PushReport> {
    let mut report = PushReport::default();
    let mut created = Created::new();
    if let Some(t) = to
        && !archives
            .iter()
            .any(|a| vault.config.class_offsite(&a.class).iter().any(|s| s == t))
        && !archives.is_empty()
    {
        return Err(Error::Input(format!(
            "store {t} is not an offsite store of {} (see offsite = [...] in coffer.toml)",
            if archives.len() == 1 {
                format!("class {}", archives[0].class)
            } else {
                "these archives' classes".into()
            }
        )));
    }
    for rec in archives {
        if rec.status != ArchiveStatus::Good || crate::interrupt::requested() {
            continue;
        }
        for name in vault.config.class_offsite(&rec.class) {
            if to.is_some_and(|t| t != name) {
                continue;
            }
            let t = Instant::now();
            let existing = vault.catalog.copy(&rec.id, name)?;
            if existing
                .as_ref()
                .is_some_and(|c| c.status == CopyStatus::Present)
            {
                if vault.catalog.hold(&rec.id)?.is_some()
                    && let Err(e) = sync_hold(vault, rec, name)
                {
                    report.copies.push(Pushed::failed(
                        &rec.id,
                        name,
                        0,
                        format!("copying the hold record: {e}"),
                    ));
                    continue;
                }
                if let Some(copy) = &existing {
                    report
                        .copies
                        .push(extend_lock_report(vault, rec, name, copy, &mut created));
                }
                continue;
            }
            progress(&format!("pushing {} to {name}", rec.id));
            let run = vault.catalog.start_run(
                RunKind::Push,
                Some(&rec.id),
                json!({ "store": name, "size": rec.size }),
            )?;
            let result = push_one(vault, rec, name, &mut created);
            let ms = ms(t);
            vault.audit(
                crate::audit::Action::Push,
                crate::audit::Object::Archive(rec.id.clone()),
                crate::audit::Outcome::of(&result),
                json!({ "store": name, "bytes": rec.size, "duration_ms": ms,
                    "retain_until": result.as_ref().ok().and_then(|c| c.retain_until).map(|t| t.to_string()),
                    "error": result.as_ref().err().map(ToString::to_string) }),
            );
            match result {
                Ok(copy) => {
                    vault.catalog.finish_run(
                        run,
                        Outcome::Ok,
                        None,
                        json!({ "store": name, "bytes": rec.size, "duration_ms": ms }),
                    )?;
                    report.copies.push(Pushed {
                        archive_id: rec.id.clone(),
                        store: name.clone(),
                        outcome: "copied".into(),
                        bytes: rec.size,
                        duration_ms: ms,
                        retain_until: copy.retain_until.map(|t| t.to_string()),
                        error: None,
                    });
                }
                Err(e) => {
                    vault.catalog.finish_run(
                        run,
                        Outcome::Failed,
                        Some(&e.to_string()),
                        json!({ "store": name }),
                    )?;
                    report
                        .copies
                        .push(Pushed::failed(&rec.id, name, ms, e.to_string()));
                }
            }
        }
        if incomplete(vault, rec)? {
            report.incomplete.push(rec.id.clone());
        }
    }
    let general_offsite = vault.config.class_offsite(crate::format::names::GENERAL);
    for name in general_offsite {
        if to.is_some_and(|t| t != name) {
            continue;
        }
        match push_ledger(vault, name) {
            Ok(n) => report.ledger_objects += n,
            Err(e) => report
                .copies
                .push(Pushed::failed("ledger", name, 0, e.to_string())),
        }
    }
    // The audit log goes where the erasure ledger goes: the general class's
    // offsite stores (spec/audit.md "Segments").
    vault.publish_audit(
        general_offsite
            .iter()
            .map(String::as_str)
            .filter(|s| to.is_none_or(|t| t == *s)),
    );
    Ok(report)
}

/// Whether fewer stores hold a present copy of `rec` than its class requires.
pub fn incomplete(vault: &Vault, rec: &ArchiveRecord) -> Result<bool> {
    Ok(
        vault.catalog.present_copies(&rec.id)?
            < u64::from(vault.config.copies_required(&rec.class)),
    )
}

/// Uploads one archive's copy to `name` and checks it, then records it.
fn push_one(
    vault: &Vault,
    rec: &ArchiveRecord,
    name: &str,
    created: &mut Created,
) -> Result<CopyRecord> {
    let dest = vault.store(name)?;
    let retain_until = lock_until(vault, rec, name, created)?;
    let sources: Vec<String> = if retain_until.is_some() {
        // A locked object that turned out bad could not be deleted until
        // its lock ends: check the source before uploading (one more read).
        vec![locate(vault, rec, None)?.0]
    } else {
        // The upload's own size and SHA-256 are compared with the seal and
        // the copy is read back, so a bad source shows without a read of its
        // own; the next store with a copy is tried then.
        candidates(vault, rec)?
            .into_iter()
            .filter(|s| s != name)
            .collect()
    };
    let want = Digest::from_hex(&rec.sha256).ok_or_else(|| {
        Error::Other(format!(
            "archive {} has a bad sha256 in the catalog",
            rec.id
        ))
    })?;
    let mut bad_sources = Vec::new();
    let mut uploaded = None;
    for src_name in &sources {
        let src = vault.store(src_name)?;
        let mut reader = match src.get(&rec.key) {
            Ok(r) => ReadTracked {
                inner: r,
                failed: None,
            },
            Err(e) => {
                bad_sources.push(format!("{src_name}: {e}"));
                continue;
            }
        };
        let put = match dest.put_with_retention(&rec.key, &mut reader, Some(rec.size), retain_until)
        {
            Ok(put) => put,
            // The source failed, not the destination (the upload was
            // aborted): try the next source.
            Err(_) if reader.failed.is_some() => {
                bad_sources.push(format!(
                    "{src_name}: reading it failed: {}",
                    reader.failed.unwrap_or_default()
                ));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if put.size != rec.size || put.sha256 != want {
            // Not the sealed archive: leave no bad copy behind.
            let _ = dest.delete(&rec.key);
            bad_sources.push(format!(
                "{src_name}: the copy does not match its seal ({} bytes, sha256 {})",
                put.size,
                put.sha256.to_hex()
            ));
            continue;
        }
        uploaded = Some((src, put));
        break;
    }
    let Some((src, put)) = uploaded else {
        return Err(Error::Store(format!(
            "no store holds a good copy of archive {} to push; nothing was recorded ({})",
            rec.id,
            bad_sources.join("; ")
        )));
    };
    crate::fault("push-after-store-write");
    for suffix in [SIG_SUFFIX, HOLD_SUFFIX, SEAL_SUFFIX] {
        let key = sidecar(&rec.key, suffix);
        let bytes = match read_small(src.as_ref(), &key) {
            Ok(b) => b,
            Err(store::Error::NotFound { .. }) if suffix == HOLD_SUFFIX => continue,
            Err(e) => return Err(e.into()),
        };
        dest.put(&key, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
    }
    // Read back what the store now holds: seal, signature, size, SHA-256.
    let k = check_copy(vault, rec, name)?;
    drop(k);
    let meta = dest.head(&rec.key)?;
    let copy = CopyRecord {
        retain_until: meta.and_then(|m| m.retain_until).or(put.retain_until),
        ..CopyRecord::of(rec, name, crate::now())
    };
    vault.catalog.put_copy(&copy)?;
    Ok(copy)
}

/// Makes the hold record of `rec` in store `name` the same as in the
/// primary store (a hold placed or released after the copy was made).
pub fn sync_hold(vault: &Vault, rec: &ArchiveRecord, name: &str) -> Result<()> {
    let key = sidecar(&rec.key, HOLD_SUFFIX);
    let src = vault.store(&rec.store)?;
    let dest = vault.store(name)?;
    let want = match read_small(src.as_ref(), &key) {
        Ok(b) => b,
        Err(store::Error::NotFound { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    match read_small(dest.as_ref(), &key) {
        Ok(have) if have == want => Ok(()),
        Ok(_) | Err(store::Error::NotFound { .. }) => {
            dest.put(&key, &mut want.as_slice(), Some(want.len() as u64))?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// Extends the object lock of every present copy whose retention term has
/// grown since it was pushed (an archive that became its month's or year's
/// newest when the period closed): spec/retention.md "Object lock". Run
/// after each backup's pushes and by `push --missing` (for each present
/// copy it visits). One entry per extended or failed copy.
pub fn extend_locks(vault: &Vault) -> Result<Vec<Pushed>> {
    let locking: Vec<&String> = vault
        .config
        .stores
        .keys()
        .filter(|name| locks(vault, name))
        .collect();
    let mut out = Vec::new();
    if locking.is_empty() {
        return Ok(out);
    }
    let mut created = Created::new();
    for rec in vault
        .catalog
        .archives(crate::catalog::ArchiveFilter::default())?
    {
        if rec.status != ArchiveStatus::Good {
            continue;
        }
        for name in vault.config.class_offsite(&rec.class) {
            if !locking.contains(&name) {
                continue;
            }
            if let Some(copy) = vault.catalog.copy(&rec.id, name)?
                && copy.status == CopyStatus::Present
            {
                let p = extend_lock_report(vault, &rec, name, &copy, &mut created);
                if p.outcome != "present" {
                    out.push(p);
                }
            }
        }
    }
    Ok(out)
}

/// [`extend_lock`] as a push report entry: "present" (nothing to do),
/// "extended" or "failed".
fn extend_lock_report(
    vault: &Vault,
    rec: &ArchiveRecord,
    name: &str,
    copy: &CopyRecord,
    created: &mut Created,
) -> Pushed {
    let t = Instant::now();
    let result = extend_lock(vault, rec, name, copy, created);
    if !matches!(result, Ok(None)) {
        vault.audit(
            crate::audit::Action::LockExtend,
            crate::audit::Object::Archive(rec.id.clone()),
            crate::audit::Outcome::of(&result),
            json!({ "store": name, "from": copy.retain_until.map(|t| t.to_string()),
                "until": result.as_ref().ok().copied().flatten().map(|t| t.to_string()),
                "error": result.as_ref().err().map(ToString::to_string) }),
        );
    }
    match result {
        Ok(until) => Pushed {
            archive_id: rec.id.clone(),
            store: name.to_owned(),
            outcome: if until.is_some() {
                "extended"
            } else {
                "present"
            }
            .into(),
            bytes: 0,
            duration_ms: ms(t),
            retain_until: until.map(|u| u.to_string()),
            error: None,
        },
        Err(e) => Pushed::failed(
            &rec.id,
            name,
            ms(t),
            format!("extending the object lock: {e}"),
        ),
    }
}

/// Extends the lock of `rec`'s copy in `name` when the policy now asks for
/// a later date than the copy has, reads the date back and records it.
/// `Some(date)` if extended.
fn extend_lock(
    vault: &Vault,
    rec: &ArchiveRecord,
    name: &str,
    copy: &CopyRecord,
    created: &mut Created,
) -> Result<Option<Timestamp>> {
    let Some(want) = lock_until(vault, rec, name, created)? else {
        return Ok(None);
    };
    if copy.retain_until.is_some_and(|have| have >= want) {
        return Ok(None);
    }
    let store = vault.store(name)?;
    // The object may already be locked longer than the catalog knows (a
    // copy recorded after a rebuild): record that, ask for nothing.
    let now_locked = store.head(&rec.key)?.and_then(|m| m.retain_until);
    if let Some(have) = now_locked.filter(|have| *have >= want) {
        vault.catalog.put_copy(&CopyRecord {
            retain_until: Some(have),
            ..copy.clone()
        })?;
        return Ok(None);
    }
    store.extend_retention(&rec.key, want)?;
    let got = store.head(&rec.key)?.and_then(|m| m.retain_until);
    if got.is_none_or(|g| g < want) {
        return Err(Error::Store(format!(
            "{name} reports the object lock of {} until {} after it was set to {want}",
            rec.id,
            got.map_or_else(|| "never".to_owned(), |g| g.to_string())
        )));
    }
    vault.catalog.put_copy(&CopyRecord {
        retain_until: got,
        ..copy.clone()
    })?;
    Ok(got)
}

/// The object-lock date for a copy in store `name`, if the store asks for
/// object lock (spec/retention.md "Object lock"). `created` caches each
/// class's creation times for the length of one command.
fn lock_until(
    vault: &Vault,
    rec: &ArchiveRecord,
    name: &str,
    created: &mut Created,
) -> Result<Option<Timestamp>> {
    if !locks(vault, name) {
        return Ok(None);
    }
    let policy = vault.config.policy(&rec.class);
    if !created.contains_key(&rec.class) {
        let siblings = vault.catalog.archives(crate::catalog::ArchiveFilter {
            class: Some(rec.class.clone()),
            ..Default::default()
        })?;
        created.insert(
            rec.class.clone(),
            siblings.iter().map(|a| a.created).collect(),
        );
    }
    let all = created.get(&rec.class).map_or(&[][..], Vec::as_slice);
    Ok(crate::retention::lock_until(
        policy,
        all,
        rec.created,
        crate::now(),
    ))
}

/// Whether store `name` puts its copies under object lock.
fn locks(vault: &Vault, name: &str) -> bool {
    matches!(vault.config.stores.get(name), Some(StoreSection::S3(s3)) if s3.object_lock.is_some())
}

/// Creation times of each class's archives, by class.
type Created = std::collections::BTreeMap<String, Vec<Timestamp>>;

/// Copies the erasure ledger's objects missing from `name` (entries are
/// immutable, so a present key is the same object).
fn push_ledger(vault: &Vault, name: &str) -> Result<usize> {
    let src = vault.store(LOCAL)?;
    let dest = vault.store(name)?;
    let have = dest.list("ledger/")?;
    let mut n = 0;
    for key in src.list("ledger/")? {
        if have.contains(&key) {
            continue;
        }
        let bytes = read_small(src.as_ref(), &key)?;
        dest.put(&key, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
        n += 1;
    }
    Ok(n)
}

/// Result of a keyless check of one remote copy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CopyCheck {
    pub archive_id: String,
    pub store: String,
    pub ok: bool,
    pub deep: bool,
    pub error: Option<String>,
    pub duration_ms: u64,
}

/// `verify --store NAME`: the keyless check (or deep, with keys) of
/// `rec`'s copy in `name`, recorded as a verification of that store; a
/// failure marks the copy bad (push --missing then replaces it).
pub fn verify_copy(
    vault: &Vault,
    rec: &ArchiveRecord,
    name: &str,
    keys: Option<&crate::crypto::Keys>,
) -> Result<CopyCheck> {
    let t = Instant::now();
    let result: Result<()> = (|| {
        let k = check_copy(vault, rec, name)?;
        if let Some(keys) = keys {
            let store = vault.store(name)?;
            let src = StoreSource {
                name,
                store: store.as_ref(),
                key: &rec.key,
            };
            let mut sink = |_: &str, _: &[u8]| Ok(());
            loose::read_checked_against(&src, Some(&k), keys, &mut sink)?;
        }
        Ok(())
    })();
    let duration_ms = ms(t);
    let error = result.as_ref().err().map(ToString::to_string);
    // A key that does not open the archive says nothing about the copy
    // (as for `coffer verify ID -i`): no verification is recorded and the
    // copy's state stays; the run and the audit entry record the attempt,
    // and the error goes back to the caller (exit 4, not 5).
    let key_problem = matches!(&result, Err(Error::Format(f))
        if matches!(f.class, ErrorClass::NoMatchingKey | ErrorClass::KeyInvalid));
    if !key_problem {
        vault
            .catalog
            .record_verification(crate::catalog::VerificationRecord {
                archive_id: rec.id.clone(),
                at: crate::now(),
                deep: keys.is_some(),
                store: name.to_owned(),
                ok: result.is_ok(),
                error: error.clone(),
                duration_ms,
            })?;
    }
    let known = if key_problem {
        None
    } else {
        vault.catalog.copy(&rec.id, name)?
    };
    match (&result, known) {
        (Ok(()), Some(_)) => vault.catalog.mark_copy_checked(&rec.id, name)?,
        (Ok(()), None) => {
            // A copy the catalog did not know of (put there by hand, or
            // before a rebuild): it checks out, so it counts.
            let store = vault.store(name)?;
            let meta = store.head(&rec.key)?;
            vault.catalog.put_copy(&CopyRecord {
                retain_until: meta.and_then(|m| m.retain_until),
                ..CopyRecord::of(rec, name, crate::now())
            })?;
        }
        (Err(e), Some(c)) if c.status != CopyStatus::Deleted => {
            vault.catalog.mark_copy_bad(&rec.id, name, &e.to_string())?
        }
        _ => {}
    }
    let details = json!({ "store": name, "deep": keys.is_some(), "ok": result.is_ok() });
    let run = vault
        .catalog
        .start_run(RunKind::Verify, Some(&rec.id), details)?;
    vault.catalog.finish_run(
        run,
        if result.is_ok() {
            Outcome::Ok
        } else {
            Outcome::Failed
        },
        error.as_deref(),
        Value::Null,
    )?;
    vault.audit(
        crate::audit::Action::Verify,
        crate::audit::Object::Archive(rec.id.clone()),
        crate::audit::Outcome::of(&result),
        json!({ "mode": "store", "store": name, "deep": keys.is_some(),
            "duration_ms": duration_ms, "error": error }),
    );
    let ok = result.is_ok();
    if key_problem {
        result?;
    }
    Ok(CopyCheck {
        archive_id: rec.id.clone(),
        store: name.to_owned(),
        ok,
        deep: keys.is_some(),
        error,
        duration_ms,
    })
}
