//! The WAL archive (spec/wal.md): `coffer wal push %p` (PostgreSQL's
//! `archive_command`), `coffer wal fetch %f %p` (its `restore_command`) and
//! `coffer wal verify` (no gap from each base backup's start to the newest
//! segment, per timeline).
//!
//! Each file the archiver hands over becomes one small archive of the
//! ordinary format (payload kind `wal`, one stream `wal`), sealed and signed
//! like any other, under `wal/<TLI>/<name>.age` in the WAL class's primary
//! store, then copied to the class's offsite stores under the same key.
//!
//! Concurrency: a push takes no writer lock. It writes only its own files
//! (a temp name, then a rename) and one catalog row (SQLite's busy timeout
//! covers another writer's short transactions), so the archiver never
//! waits for `coffer run` or `prune`. Prune removes only WAL older than
//! every kept base backup needs, which a push never writes.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::copies::{self, StoreSource, sidecar};
use super::loose::{self, Source};
use super::vault::{Vault, ms, store_err};
use crate::catalog::{WalFileRecord, WalKind};
use crate::config::Config;
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::crypto::{Encryption, Keys};
use crate::digest::{Digest, HashingReader};
use crate::error::{Error, Result};
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::format::{self, ErrorClass, Header, names};
use crate::pg::walname::{self, WalFileKind, WalName};
use crate::store::{self as blob, Store};

/// The payload kind of a WAL file's archive.
pub const WAL_KIND: &str = "wal";
/// Its one payload stream.
pub const WAL_STREAM: &str = "wal";
/// The store prefix of the WAL archive.
pub const WAL_PREFIX: &str = "wal/";
/// The segment size assumed when no base backup recorded one.
pub const DEFAULT_SEGMENT_SIZE: u64 = 16 << 20;

pub(super) fn kind_of(n: &WalName) -> WalKind {
    match n.kind {
        WalFileKind::Segment => WalKind::Segment,
        WalFileKind::Partial => WalKind::Partial,
        WalFileKind::History => WalKind::History,
        WalFileKind::Backup => WalKind::Backup,
    }
}

/// Parses `%f`, refusing anything that is not a WAL file name.
pub fn parse_name(name: &str) -> Result<WalName> {
    walname::parse(name).ok_or_else(|| {
        Error::Input(format!(
            "{name:?} is not a WAL file name (a segment, .partial, .history or .backup file as PostgreSQL names them)"
        ))
    })
}

/// The store key of WAL file `name`: `wal/<TLI>/<name>.age`.
pub fn key_for(name: &str, timeline: u32) -> String {
    format!("{WAL_PREFIX}{timeline:08X}/{name}.age")
}

/// What a push did.
#[derive(Debug, Clone, Serialize)]
pub struct PushReport {
    pub name: String,
    pub key: String,
    /// False when the same file was archived before (an idempotent retry).
    pub archived: bool,
    pub size: u64,
    pub payload_size: u64,
    /// Offsite stores a copy was made in by this push.
    pub offsite: Vec<String>,
    pub ms: u64,
}

/// `coffer wal push PATH`: seals the file at `path` into the WAL archive.
/// The same name pushed again with the same content succeeds without
/// writing anything (but makes the offsite copies still missing); with
/// different content it fails and changes nothing (PostgreSQL's
/// `archive_command` contract).
pub fn push(vault: &Vault, path: &Path) -> Result<PushReport> {
    let started = Instant::now();
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Input(format!("{} has no file name", path.display())))?
        .to_owned();
    let parsed = parse_name(&name)?;
    let cfg = &vault.config;
    let class = cfg.wal_class()?;
    let (payload_sha256, payload_size) = hash_file(path)?;
    let key = key_for(&name, parsed.timeline);
    if let Some(have) = vault.catalog.wal_file(&name)?
        && have.present
    {
        if !super::wal_index::hash_known(&have) {
            // A row `catalog rebuild` brought back from the store: the
            // plaintext hash is not there (W3), the ciphertext cannot be
            // compared, and this host has no key. Never acknowledge (nor
            // overwrite) what could not be compared.
            vault.audit(
                crate::audit::Action::Backup,
                crate::audit::Object::Vault,
                crate::audit::Outcome::Failed,
                json!({ "wal_file": name, "error": "archived, content hash unknown since a catalog rebuild" }),
            );
            return Err(Error::Input(format!(
                "WAL file {name} is already archived, but the catalog was rebuilt from the stores and does not know its content hash \
                 (never stored, spec/wal.md W3): run `coffer wal verify --identity FILE` with the WAL class's key to fill it in; \
                 PostgreSQL's next retry then succeeds if the content is the same"
            )));
        }
        if have.payload_sha256 != payload_sha256.to_hex() || have.payload_size != payload_size {
            // A refusal is evidence (two clusters in one vault, or a forged
            // file): on the audit log. Successful pushes are not: one entry
            // per segment would bury it; `wal_files` lists them.
            vault.audit(
                crate::audit::Action::Backup,
                crate::audit::Object::Vault,
                crate::audit::Outcome::Failed,
                json!({ "wal_file": name, "error": "already archived with different content",
                    "archived_size": have.payload_size, "offered_size": payload_size }),
            );
            return Err(Error::Input(format!(
                "WAL file {name} is already archived with different content ({} bytes, sha256 {}; this one {} bytes, sha256 {}): \
                 refusing to overwrite it. Two clusters may be archiving into one vault, or a restored cluster still archives into its origin's vault",
                have.payload_size,
                short(&have.payload_sha256),
                payload_size,
                short(&payload_sha256.to_hex())
            )));
        }
        let offsite = push_offsite(vault, &have)?;
        return Ok(PushReport {
            name,
            key: have.key,
            archived: false,
            size: have.size,
            payload_size,
            offsite,
            ms: ms(started),
        });
    }
    // Not registered: a file under the key is what a push killed before
    // registering left behind, never acknowledged to PostgreSQL: replaced.
    let store = crate::store::LocalStore::new(cfg.class_store_dir(&class));
    let dir = store
        .root()
        .join(WAL_PREFIX)
        .join(format!("{:08X}", parsed.timeline));
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| store_err("cannot create the WAL directory", &dir, e))?;
    }
    let out = store
        .path(&key)
        .ok_or_else(|| Error::Store(format!("invalid store key {key}")))?;
    let created =
        jiff::Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let id = names::new_archive_id(created);
    let mut header = Header::new(id.clone(), created, &class, WAL_KIND, cfg.backup.part_size);
    header.source.insert("wal_file".into(), json!(name));
    let encryption = Encryption::Age(cfg.class_recipients(&class)?);
    let signing_key = SigningKey::load(&cfg.signing_key_path())?;
    let req = loose::PackRequest {
        encryption: &encryption,
        signing_key: &signing_key,
        options: format::WriteOptions {
            level: cfg.backup.compression_level,
            // One segment is small: zstd's workers would cost more to
            // start than they save.
            threads: 0,
            part_size: cfg.backup.part_size as usize,
        },
        header,
        stream_name: WAL_STREAM.into(),
    };
    let file = std::fs::File::open(path)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    let staged = loose::stage(&req, &dir, |w| -> Result<Map<String, Value>> {
        let (mut reader, tap) = HashingReader::new(io::BufReader::new(file));
        w.copy_stream(WAL_STREAM, &mut reader, &mut |_| {})?;
        // The file must not change between the hash and the copy.
        if tap.snapshot() != (payload_sha256, payload_size) {
            return Err(Error::Input(format!(
                "{} changed while it was being archived",
                path.display()
            )));
        }
        let mut facts = Map::new();
        facts.insert("wal_file".into(), json!(name));
        facts.insert("timeline".into(), json!(parsed.timeline));
        facts.insert("wal_kind".into(), json!(kind_of(&parsed).as_str()));
        Ok(facts)
    })?;
    let packed = staged.commit(&out, &encryption, &signing_key)?;
    // Read back against the seal before telling PostgreSQL it is safe.
    let signer = vault.signer()?;
    loose::verify_keyless(&out, Some(&signer))?;
    let segment_size = segment_size(vault)?;
    let rec = WalFileRecord {
        name: name.clone(),
        timeline: parsed.timeline,
        kind: kind_of(&parsed),
        segno: parsed.segno(segment_size),
        archive_id: id,
        class: class.clone(),
        store: super::backup::store_name(cfg, &class),
        key: key.clone(),
        size: packed.written.ciphertext_size,
        sha256: packed.written.ciphertext_sha256.to_hex(),
        payload_size,
        payload_sha256: payload_sha256.to_hex(),
        pushed_at: created,
        present: true,
    };
    vault.catalog.put_wal_file(&rec)?;
    let offsite = push_offsite(vault, &rec)?;
    Ok(PushReport {
        name,
        key,
        archived: true,
        size: rec.size,
        payload_size,
        offsite,
        ms: ms(started),
    })
}

fn short(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

pub(super) fn hash_file(path: &Path) -> Result<(Digest, u64)> {
    let f = std::fs::File::open(path)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    crate::digest::hash_reader(io::BufReader::with_capacity(1 << 20, f))
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))
}

/// The segment size of the newest physical backup, else 16 MiB.
fn segment_size(vault: &Vault) -> Result<u64> {
    Ok(super::physical::physical_backups(vault)?
        .iter()
        .rev()
        .find_map(|b| b.segment_size)
        .unwrap_or(DEFAULT_SEGMENT_SIZE))
}

/// Copies a WAL file to every offsite store of its class that has no
/// checked copy yet: archive, signature, seal (a seal always names a
/// complete archive), then reads it back against the seal.
fn push_offsite(vault: &Vault, rec: &WalFileRecord) -> Result<Vec<String>> {
    let have = vault.catalog.wal_copies(&rec.name)?;
    let mut done = Vec::new();
    let offsite: Vec<String> = vault.config.class_offsite(&rec.class).to_vec();
    if offsite.iter().all(|s| have.contains(s)) {
        return Ok(done);
    }
    let src = vault.store(&rec.store)?;
    let signer = vault.signer()?;
    for name in offsite.iter().filter(|s| !have.contains(s)) {
        let dest = vault.store(name)?;
        let mut reader = src.get(&rec.key)?;
        let put = dest.put(&rec.key, &mut reader, Some(rec.size))?;
        if put.sha256.to_hex() != rec.sha256 || put.size != rec.size {
            let _ = dest.delete(&rec.key);
            return Err(Error::Store(format!(
                "the copy of WAL file {} in store {name} does not match its seal",
                rec.name
            )));
        }
        for suffix in [SIG_SUFFIX, SEAL_SUFFIX] {
            let key = sidecar(&rec.key, suffix);
            let bytes = copies::read_small(src.as_ref(), &key)?;
            dest.put(&key, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
        }
        let check = StoreSource {
            name,
            store: dest.as_ref(),
            key: &rec.key,
        };
        loose::verify_keyless_at(&check, Some(&signer))?;
        vault.catalog.put_wal_copy(&rec.name, name)?;
        done.push(name.clone());
    }
    Ok(done)
}

/// The trusted seal signer, from the config alone (a restore host may have
/// no catalog).
fn signer_of(cfg: &Config) -> Result<VerifyingKey> {
    let pub_path = cfg.signer_pub_path();
    if pub_path.exists() {
        return Ok(VerifyingKey::load(&pub_path)?);
    }
    Ok(VerifyingKey::load(&cfg.signing_key_path())?)
}

/// What a fetch did.
#[derive(Debug, Clone, Serialize)]
pub struct FetchReport {
    pub name: String,
    /// The store it was read from.
    pub store: String,
    pub payload_size: u64,
    /// Copies that failed their check before a good one was found.
    pub refused: Vec<String>,
}

/// `coffer wal fetch NAME DEST`: finds WAL file `name` in the WAL class's
/// stores (primary first), checks seal, signature, ciphertext hash and every
/// entry hash, and only then writes `dest` (a temp name, renamed). `Ok(None)`:
/// no store has it (for recovery, the normal end of the archive). A copy
/// that fails a check is never written; if no good copy exists the error
/// says why (recovery must stop: spec/wal.md "Fetch").
pub fn fetch(cfg: &Config, name: &str, dest: &Path, keys: &Keys) -> Result<Option<FetchReport>> {
    let parsed = parse_name(name)?;
    let class = cfg.wal_class()?;
    let key = key_for(name, parsed.timeline);
    let signer = signer_of(cfg)?;
    let mut refused = Vec::new();
    let mut found = false;
    for store_name in copies::class_stores(cfg, &class) {
        let store = match copies::open_store(cfg, &store_name) {
            Ok(s) => s,
            Err(e) => {
                refused.push(format!("{store_name}: {e}"));
                continue;
            }
        };
        match store.head(&key) {
            Ok(None) => continue,
            Ok(Some(_)) => found = true,
            Err(e) => {
                refused.push(format!("{store_name}: {e}"));
                continue;
            }
        }
        let src = StoreSource {
            name: &store_name,
            store: store.as_ref(),
            key: &key,
        };
        match fetch_from(&src, &signer, keys, name, &class, dest) {
            Ok(payload_size) => {
                return Ok(Some(FetchReport {
                    name: name.to_owned(),
                    store: store_name,
                    payload_size,
                    refused,
                }));
            }
            Err(e) => refused.push(format!("{store_name}: {e}")),
        }
    }
    if !found && refused.is_empty() {
        return Ok(None);
    }
    Err(match refused.len() {
        0 => Error::Other(format!("WAL file {name}: no good copy")),
        _ => Error::Format(format::Error::new(
            ErrorClass::DigestMismatch,
            format!(
                "WAL file {name} was refused, nothing was written: {}",
                refused.join("; ")
            ),
        )),
    })
}

/// One store's copy: every check, then the payload to `dest`.
fn fetch_from(
    src: &StoreSource<'_>,
    signer: &VerifyingKey,
    keys: &Keys,
    name: &str,
    class: &str,
    dest: &Path,
) -> Result<u64> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".coffer-tmp-")
        .tempfile_in(&dir)
        .map_err(|e| store_err("cannot write in", &dir, e))?;
    let payload_size = {
        let mut out = io::BufWriter::with_capacity(1 << 20, tmp.as_file());
        let n = read_checked(src, signer, keys, name, class, &mut |data| {
            io::Write::write_all(&mut out, data)
        })?;
        io::Write::flush(&mut out).map_err(|e| store_err("cannot write", dest, e))?;
        n
    };
    tmp.as_file()
        .sync_all()
        .map_err(|e| store_err("cannot write", dest, e))?;
    tmp.persist(dest)
        .map_err(|e| store_err("cannot write", dest, e.error))?;
    Ok(payload_size)
}

/// Every check of a fetch (seal, signature, ciphertext hash, the seal and
/// header naming this very file in `class`, every entry's hash), the
/// payload passed to `sink` as it is read. The caller must discard what
/// `sink` got when this fails. Returns the payload size.
pub(super) fn read_checked(
    src: &StoreSource<'_>,
    signer: &VerifyingKey,
    keys: &Keys,
    name: &str,
    class: &str,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<u64> {
    let keyless = loose::verify_keyless_at(src, Some(signer))?;
    let s = &keyless.seal.seal;
    let sealed_name = s
        .facts
        .as_ref()
        .and_then(|f| f.get("wal_file"))
        .and_then(Value::as_str);
    if s.payload_kind.as_deref() != Some(WAL_KIND) || sealed_name != Some(name) || s.class != class
    {
        return Err(Error::Format(format::Error::new(
            ErrorClass::SealMismatch,
            format!(
                "{} is sealed as another file ({:?}), not WAL file {name}",
                src.describe(),
                sealed_name
            ),
        )));
    }
    let contents = {
        let mut stream_sink = |stream: &str, data: &[u8]| -> io::Result<()> {
            if stream != WAL_STREAM {
                return Err(io::Error::other(format!(
                    "unexpected payload stream {stream:?}"
                )));
            }
            sink(data)
        };
        loose::read_checked_against(src, Some(&keyless), keys, &mut stream_sink)?
    };
    let header_name = contents
        .header
        .source
        .get("wal_file")
        .and_then(Value::as_str);
    if contents.header.payload_kind != WAL_KIND || header_name != Some(name) {
        return Err(Error::Format(format::Error::new(
            ErrorClass::HeaderInvalid,
            format!("{} holds another file, not WAL file {name}", src.describe()),
        )));
    }
    Ok(contents.manifest.payload_size())
}

/// One timeline's state in `wal verify`.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineReport {
    pub timeline: u32,
    /// The first segment that must be there (the oldest base backup's
    /// start on this timeline, else the oldest segment archived).
    pub from: String,
    /// The newest segment archived (or a base backup's last needed one).
    pub to: String,
    pub segments: usize,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub timelines: Vec<TimelineReport>,
    /// WAL files whose seal, signature or hash failed.
    pub bad: Vec<String>,
    pub files: usize,
    pub ok: bool,
}

/// Missing segments are listed up to this many per timeline.
const MISSING_SHOWN: usize = 100;

/// `coffer wal verify`: the WAL class's primary store (the truth, not the
/// catalog) has every segment from each base backup's start to the newest
/// segment, per timeline, and each file's seal, signature and ciphertext
/// hash hold.
pub fn verify(vault: &Vault) -> Result<VerifyReport> {
    let cfg = &vault.config;
    let class = cfg.wal_class()?;
    let store = vault.store(&cfg.primary_store_name(&class))?;
    let signer = vault.signer()?;
    let segment_size = segment_size(vault)?;
    let keys = store.list(WAL_PREFIX)?;
    let mut by_tl: std::collections::BTreeMap<u32, std::collections::BTreeSet<u64>> =
        Default::default();
    let mut bad = Vec::new();
    let mut files = 0;
    for key in &keys {
        if key.ends_with(SEAL_SUFFIX) || key.ends_with(SIG_SUFFIX) {
            continue;
        }
        let Some(name) = key
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".age"))
            .and_then(|n| walname::parse(n).map(|p| (n, p)))
        else {
            continue;
        };
        let (file, parsed) = name;
        files += 1;
        let src = StoreSource {
            name: "primary",
            store: store.as_ref(),
            key,
        };
        if let Err(e) = loose::verify_keyless_at(&src, Some(&signer)) {
            bad.push(format!("{file}: {e}"));
            continue;
        }
        if parsed.kind == WalFileKind::Segment
            && let Some(segno) = parsed.segno(segment_size)
        {
            by_tl.entry(parsed.timeline).or_default().insert(segno);
        }
    }
    // What each base backup needs: (timeline, start, stop).
    let mut needs: Vec<(u32, u64, u64)> = Vec::new();
    for b in super::physical::physical_backups(vault)? {
        needs.push((b.timeline, b.start_segno, b.stop_segno));
    }
    let mut timelines: Vec<u32> = by_tl.keys().copied().collect();
    for (t, _, _) in &needs {
        if !timelines.contains(t) {
            timelines.push(*t);
        }
    }
    timelines.sort_unstable();
    let empty = std::collections::BTreeSet::new();
    let mut reports = Vec::new();
    for t in timelines {
        let have = by_tl.get(&t).unwrap_or(&empty);
        let starts = needs.iter().filter(|n| n.0 == t);
        let from = starts
            .clone()
            .map(|n| n.1)
            .min()
            .or_else(|| have.first().copied());
        let to = starts.map(|n| n.2).chain(have.last().copied()).max();
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let mut missing = Vec::new();
        let mut count = 0usize;
        let mut s = from;
        while s <= to {
            if !have.contains(&s) {
                count += 1;
                if missing.len() < MISSING_SHOWN {
                    missing.push(walname::segment_name(t, s, segment_size));
                }
            }
            s += 1;
        }
        if count > missing.len() {
            missing.push(format!("... {} more", count - missing.len()));
        }
        reports.push(TimelineReport {
            timeline: t,
            from: walname::segment_name(t, from, segment_size),
            to: walname::segment_name(t, to, segment_size),
            segments: have.range(from..=to).count(),
            missing,
        });
    }
    let ok = bad.is_empty() && reports.iter().all(|r| r.missing.is_empty());
    Ok(VerifyReport {
        timelines: reports,
        bad,
        files,
        ok,
    })
}

/// Keys and their sidecars a prune of WAL file `rec` deletes, seal last.
pub fn delete_keys(rec: &WalFileRecord) -> [String; 3] {
    [
        rec.key.clone(),
        sidecar(&rec.key, SIG_SUFFIX),
        sidecar(&rec.key, SEAL_SUFFIX),
    ]
}

/// Deletes WAL file `rec` from every store that holds it and marks it pruned.
pub fn delete(vault: &Vault, rec: &WalFileRecord) -> Result<()> {
    let mut stores = vec![rec.store.clone()];
    stores.extend(vault.catalog.wal_copies(&rec.name)?);
    for s in stores {
        let store: std::sync::Arc<dyn Store> = vault.store(&s)?;
        for key in delete_keys(rec) {
            match store.delete(&key) {
                Ok(()) | Err(blob::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    vault.catalog.mark_wal_deleted(&rec.name)?;
    Ok(())
}

/// Deletes the WAL no kept base backup needs (spec/wal.md "Retention"):
/// with `gone` the base backups deleted (or planned for deletion), the
/// oldest kept one on the lowest timeline anchors the archive; every WAL
/// file of an older timeline, and of its timeline before its start
/// segment, goes. History files stay (a few bytes each, and recovery reads
/// them to follow timelines). With no base backup kept nothing is
/// deleted: WAL without a base is useless, but deleting it would make a
/// base backup taken late useless too. Returns the names (to be) deleted.
pub fn prune(vault: &Vault, gone: &[String], dry_run: bool) -> Result<Vec<String>> {
    let files = vault.catalog.wal_files()?;
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let kept: Vec<_> = super::physical::physical_backups(vault)?
        .into_iter()
        .filter(|b| !gone.contains(&b.id))
        .collect();
    let Some(anchor) = kept.iter().min_by_key(|b| (b.timeline, b.start_segno)) else {
        return Ok(Vec::new());
    };
    let doomed: Vec<WalFileRecord> = files
        .into_iter()
        .filter(|w| w.kind != WalKind::History)
        .filter(|w| {
            // From the name with the anchor's segment size: a row pushed
            // before any base backup recorded one may carry another.
            let segno = walname::parse(&w.name)
                .and_then(|n| n.segno(anchor.segment_size.unwrap_or(DEFAULT_SEGMENT_SIZE)));
            w.timeline < anchor.timeline
                || (w.timeline == anchor.timeline && segno.is_some_and(|s| s < anchor.start_segno))
        })
        .collect();
    let names: Vec<String> = doomed.iter().map(|w| w.name.clone()).collect();
    if dry_run || doomed.is_empty() {
        return Ok(names);
    }
    let mut done = Vec::new();
    let mut failed = None;
    for w in &doomed {
        match delete(vault, w) {
            Ok(()) => done.push(w.name.clone()),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    vault.audit(
        crate::audit::Action::Prune,
        crate::audit::Object::Vault,
        if failed.is_none() {
            crate::audit::Outcome::Ok
        } else {
            crate::audit::Outcome::Failed
        },
        json!({ "wal": true, "deleted": done.len(), "first": done.first(), "last": done.last(),
            "anchor": anchor.id, "error": failed.as_ref().map(ToString::to_string) }),
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(done),
    }
}
