//! The WAL archive's catalog index brought back from the stores
//! (spec/wal.md "Catalog rebuild"): `catalog rebuild` registers every sealed
//! WAL file it finds under `wal/<TLI>/`, and `wal verify --identity` fills in
//! the plaintext hashes a rebuild cannot know (W3: they are never in a store).
//!
//! A rebuilt row has an empty `payload_sha256` (and `payload_size` 0):
//! "unknown". A push of that name cannot compare content without the key
//! (the ciphertext is not comparable: age encrypts to a fresh key each time)
//! and the backup host holds no key, so it refuses (exit 3) and says how to
//! fill the hash in; it never overwrites nor acknowledges a file it could
//! not compare (spec/wal.md W2).

use serde_json::Value;

use super::copies::{self, StoreSource};
use super::loose;
use super::vault::Vault;
use super::wal::{self, WAL_KIND, WAL_PREFIX};
use crate::catalog::{ArchiveFilter, Catalog, WalFileRecord};
use crate::crypto::Keys;
use crate::crypto::sign::VerifyingKey;
use crate::error::Result;
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::pg::walname;

/// True when the row's plaintext hash is known (not a rebuilt row).
pub fn hash_known(rec: &WalFileRecord) -> bool {
    !rec.payload_sha256.is_empty()
}

/// The segment size of the newest physical backup in `cat`, else 16 MiB.
fn segment_size(cat: &Catalog) -> Result<u64> {
    let archives = cat.archives(ArchiveFilter {
        class: None,
        include_deleted: false,
    })?;
    Ok(archives
        .iter()
        .filter(|a| a.payload_kind == super::physical::PHYSICAL_KIND)
        .filter_map(super::physical::info_of)
        .filter_map(|i| i.segment_size)
        .next_back()
        .unwrap_or(wal::DEFAULT_SEGMENT_SIZE))
}

/// Registers in `cat` every WAL file sealed under `wal/` in store
/// `store_name` whose seal is signed by `signer`, names this very file and
/// matches the ciphertext. `offsite`: the store is a copy (a rebuild
/// `--from` it): the row names the WAL class's primary store and the copy
/// is recorded. Files that fail a check are not registered (a push of the
/// name replaces them, W2) and are listed in `rejected`. Returns how many
/// were registered.
pub fn rebuild_store(
    vault: &Vault,
    cat: &Catalog,
    signer: &VerifyingKey,
    store_name: &str,
    offsite: bool,
    rejected: &mut Vec<String>,
) -> Result<usize> {
    let cfg = &vault.config;
    let store = vault.store(store_name)?;
    let keys = store.list(WAL_PREFIX)?;
    let archives: Vec<&String> = keys
        .iter()
        .filter(|k| k.ends_with(".age"))
        .filter(|k| !k.ends_with(SEAL_SUFFIX) && !k.ends_with(SIG_SUFFIX))
        .collect();
    if archives.is_empty() {
        return Ok(0);
    }
    let class = match cfg.wal_class() {
        Ok(c) => c,
        Err(e) => {
            rejected.push(format!(
                "{store_name}:{WAL_PREFIX}: {} WAL files not registered: {e}",
                archives.len()
            ));
            return Ok(0);
        }
    };
    let primary = cfg.primary_store_name(&class);
    let belongs = if offsite {
        copies::class_stores(cfg, &class).contains(&store_name.to_owned())
    } else {
        primary == store_name
    };
    if !belongs {
        rejected.push(format!(
            "{store_name}:{WAL_PREFIX}: the WAL class {class} does not keep its WAL in this store; {} files not registered",
            archives.len()
        ));
        return Ok(0);
    }
    let segment_size = segment_size(cat)?;
    let mut registered = 0;
    for key in archives {
        let Some((name, parsed)) = key
            .rsplit('/')
            .next()
            .and_then(|f| f.strip_suffix(".age"))
            .and_then(|n| walname::parse(n).map(|p| (n.to_owned(), p)))
        else {
            rejected.push(format!("{store_name}:{key}: not a WAL file name"));
            continue;
        };
        if *key != wal::key_for(&name, parsed.timeline) {
            rejected.push(format!(
                "{store_name}:{key}: not under its timeline's directory"
            ));
            continue;
        }
        let src = StoreSource {
            name: store_name,
            store: store.as_ref(),
            key,
        };
        let keyless = match loose::verify_keyless_at(&src, Some(signer)) {
            Ok(k) => k,
            Err(e) => {
                rejected.push(format!("{store_name}:{key}: {e}"));
                continue;
            }
        };
        let s = &keyless.seal.seal;
        let sealed_name = s
            .facts
            .as_ref()
            .and_then(|f| f.get("wal_file"))
            .and_then(Value::as_str);
        if s.payload_kind.as_deref() != Some(WAL_KIND)
            || sealed_name != Some(name.as_str())
            || s.class != class
        {
            rejected.push(format!(
                "{store_name}:{key}: sealed as another file ({sealed_name:?}, class {}), not WAL file {name}",
                s.class
            ));
            continue;
        }
        let pushed_at: jiff::Timestamp = match s.created.parse() {
            Ok(t) => t,
            Err(e) => {
                rejected.push(format!(
                    "{store_name}:{key}: bad seal time {:?}: {e}",
                    s.created
                ));
                continue;
            }
        };
        if let Some(have) = cat.wal_file(&name)? {
            // Seen in another store read by this rebuild.
            if have.sha256 != s.ciphertext.sha256 {
                rejected.push(format!(
                    "{store_name}:{key}: differs from the copy in store {} (two different archives of one WAL file)",
                    have.store
                ));
            } else if offsite && store_name != have.store {
                cat.put_wal_copy(&name, store_name)?;
            }
            continue;
        }
        let rec = WalFileRecord {
            name: name.clone(),
            timeline: parsed.timeline,
            kind: super::wal::kind_of(&parsed),
            segno: parsed.segno(segment_size),
            archive_id: s.archive_id.clone(),
            class: class.clone(),
            store: primary.clone(),
            key: key.clone(),
            size: s.ciphertext.size,
            sha256: s.ciphertext.sha256.clone(),
            // Unknown: never in a store (W3). `wal verify --identity` fills it.
            payload_size: 0,
            payload_sha256: String::new(),
            pushed_at,
            present: true,
        };
        cat.put_wal_file(&rec)?;
        if offsite && store_name != primary {
            cat.put_wal_copy(&name, store_name)?;
        }
        registered += 1;
    }
    Ok(registered)
}

/// What `wal verify --identity` filled in.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Filled {
    /// WAL files whose plaintext hash is now in the catalog.
    pub filled: Vec<String>,
    /// WAL files that could not be decrypted and checked (name: reason).
    pub failed: Vec<String>,
}

/// Decrypts (every check of `wal fetch`) each present WAL file whose
/// plaintext hash the catalog does not know and records its SHA-256 and
/// size. The plaintext is hashed as it is decrypted, never written.
pub fn fill_hashes(vault: &Vault, keys: &Keys) -> Result<Filled> {
    let mut out = Filled::default();
    let todo: Vec<WalFileRecord> = vault
        .catalog
        .wal_files()?
        .into_iter()
        .filter(|r| !hash_known(r))
        .collect();
    if todo.is_empty() {
        return Ok(out);
    }
    let signer = vault.signer()?;
    for rec in todo {
        match fill_one(vault, &rec, &signer, keys) {
            Ok(()) => out.filled.push(rec.name),
            Err(e) => out.failed.push(format!("{}: {e}", rec.name)),
        }
    }
    Ok(out)
}

fn fill_one(vault: &Vault, rec: &WalFileRecord, signer: &VerifyingKey, keys: &Keys) -> Result<()> {
    let store = vault.store(&rec.store)?;
    let src = StoreSource {
        name: &rec.store,
        store: store.as_ref(),
        key: &rec.key,
    };
    let mut hasher = crate::digest::Hasher::new();
    wal::read_checked(&src, signer, keys, &rec.name, &rec.class, &mut |data| {
        hasher.update(data);
        Ok(())
    })?;
    let (sha, size) = hasher.finish();
    vault.catalog.put_wal_file(&WalFileRecord {
        payload_sha256: sha.to_hex(),
        payload_size: size,
        ..rec.clone()
    })?;
    Ok(())
}
