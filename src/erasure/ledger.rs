//! The erasure ledger (spec/erasure.md "Ledger").
//!
//! An append-only list of requests. Entry `n` carries `prev`, the hash of
//! entry `n-1` (64 zeros for the first), and `hash`, the SHA-256 of its own
//! canonical JSON (the entry without `hash`: keys in lexicographic order, no
//! whitespace). Editing, removing or reordering an entry breaks the chain.
//!
//! Each entry is written to the store as `<store>/ledger/<seq:08>.json`, with
//! an SSH signature by the vault's signing key (namespace [`NAMESPACE`]) in
//! `<seq:08>.json.sig`, then cached in the catalog. The store is the truth:
//! `catalog rebuild` reloads it ([`reload_from_store`]), and a request
//! first imports entries the catalog lacks (a crash between the two writes).
//!
//! The subject id is personal data. It is stored only (a) encrypted to the
//! vault's age recipients, so that the backup host cannot read it back, and
//! (b) as HMAC-SHA256(key, kind || 0x00 || id), so that coffer can find a
//! subject's requests without decrypting. The HMAC key lives beside the
//! signing key (`keys/erasure-hmac.key`) and, encrypted to the recipients, in
//! the store (`<store>/ledger/hmac-key.age`), from which a rebuilt host
//! recovers it with the identity (`-i`).

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{KeyInit, Mac};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

use crate::catalog::{Catalog, LedgerRow};
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::crypto::{Encryption, Keys};
use crate::error::{Error, Result};
use crate::pipeline::loose::write_atomic;
use crate::pipeline::vault::Vault;

/// The SSHSIG namespace of ledger signatures: a seal signature never
/// verifies as a ledger entry, nor the reverse.
pub const NAMESPACE: &str = "coffer-ledger";
/// The ledger's directory in the store.
pub const STORE_DIR: &str = "ledger";
/// The HMAC key's file name, beside the signing key.
pub const KEY_FILE: &str = "erasure-hmac.key";
/// The HMAC key encrypted to the recipients, in the store's ledger directory.
pub const STORE_KEY_FILE: &str = "hmac-key.age";
/// The entry format version.
pub const VERSION: u32 = 1;
/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Longest subject id, in bytes.
pub const MAX_SUBJECT_LEN: usize = 256;
/// Subject ids are padded with NUL bytes to a multiple of this before
/// encryption, so the ciphertext does not reveal the id's length.
const PAD: usize = 64;
/// Longest reference text.
const MAX_REFERENCE_LEN: usize = 500;

/// One ledger entry. Fields are declared in lexicographic order: the
/// canonical JSON is this struct serialized without `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub hash: String,
    /// Names the HMAC key (the first 16 bytes of HMAC(key, "coffer erasure key id"),
    /// hex), so a wrong key is detected instead of silently matching nothing.
    pub key_id: String,
    pub kind: String,
    pub prev: String,
    /// When coffer recorded the request (RFC 3339, UTC, seconds).
    pub recorded_at: String,
    /// The OS user who recorded it.
    pub recorded_by: String,
    /// The request's reference (a ticket number; no personal data).
    pub reference: String,
    /// When the subject asked (RFC 3339), `--requested-at` or the recording time.
    pub requested_at: String,
    pub seq: u64,
    /// Base64 of the age ciphertext of the padded subject id.
    pub subject_age: String,
    /// Hex HMAC-SHA256(key, kind || 0x00 || subject id).
    pub subject_hmac: String,
    pub v: u32,
}

/// [`Entry`] without `hash`, borrowed: what the hash covers.
#[derive(Serialize)]
struct Canonical<'a> {
    key_id: &'a str,
    kind: &'a str,
    prev: &'a str,
    recorded_at: &'a str,
    recorded_by: &'a str,
    reference: &'a str,
    requested_at: &'a str,
    seq: u64,
    subject_age: &'a str,
    subject_hmac: &'a str,
    v: u32,
}

impl Entry {
    /// The canonical JSON the hash is computed over.
    pub fn canonical(&self) -> Vec<u8> {
        let c = Canonical {
            key_id: &self.key_id,
            kind: &self.kind,
            prev: &self.prev,
            recorded_at: &self.recorded_at,
            recorded_by: &self.recorded_by,
            reference: &self.reference,
            requested_at: &self.requested_at,
            seq: self.seq,
            subject_age: &self.subject_age,
            subject_hmac: &self.subject_hmac,
            v: self.v,
        };
        serde_json::to_vec(&c).unwrap_or_default()
    }

    /// Hex SHA-256 of the canonical JSON.
    pub fn compute_hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical()))
    }

    pub fn recorded(&self) -> Result<Timestamp> {
        parse_time(&self.recorded_at, self.seq, "recorded_at")
    }

    pub fn requested(&self) -> Result<Timestamp> {
        parse_time(&self.requested_at, self.seq, "requested_at")
    }

    /// The archives that may hold the subject are those created before this.
    /// `requested_at` is never later than `recorded_at` (a request cannot be
    /// recorded before it is made), so this is the recording time: an
    /// archive taken before coffer knew of the request may hold the subject.
    pub fn cutoff(&self) -> Result<Timestamp> {
        Ok(self.recorded()?.max(self.requested()?))
    }
}

fn parse_time(s: &str, seq: u64, what: &str) -> Result<Timestamp> {
    s.parse()
        .map_err(|e| Error::Ledger(format!("ledger entry {seq}: bad {what} {s:?}: {e}")))
}

fn fmt_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A request with its subject id in the clear (after [`decrypt_subjects`]).
/// Debug output never shows the id.
pub struct ClearRequest {
    pub seq: u64,
    pub kind: String,
    pub subject: Zeroizing<String>,
}

impl std::fmt::Debug for ClearRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClearRequest")
            .field("seq", &self.seq)
            .field("kind", &self.kind)
            .field("subject", &"<redacted>")
            .finish()
    }
}

// --- signatures ------------------------------------------------------------------------

fn sign(vault: &Vault, bytes: &[u8]) -> Result<String> {
    let path = vault.config.signing_key_path();
    // The same checks as for seals (Ed25519, not passphrase-protected).
    SigningKey::load(&path)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    let key = ssh_key::PrivateKey::from_openssh(text.trim())
        .map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    let sig = key
        .sign(NAMESPACE, ssh_key::HashAlg::Sha512, bytes)
        .map_err(|e| Error::Other(format!("cannot sign a ledger entry: {e}")))?;
    sig.to_pem(ssh_key::LineEnding::LF)
        .map_err(|e| Error::Other(format!("cannot sign a ledger entry: {e}")))
}

/// Checks that `armored` is the trusted signer's signature of `bytes` in the
/// ledger namespace; the problem in words otherwise.
/// The vault's key or, after signing-key rotations, an earlier key of its
/// chain (spec/format.md "Signing-key rotation").
fn verify_sig(signer: &VerifyingKey, bytes: &[u8], armored: &str) -> Result<(), String> {
    let sig = ssh_key::SshSig::from_pem(armored.trim())
        .map_err(|e| format!("malformed signature: {e}"))?;
    for k in signer.accepted_keys() {
        let key = ssh_key::PublicKey::from_openssh(&k.to_openssh())
            .map_err(|e| format!("the vault's signing key: {e}"))?;
        if sig.public_key() == key.key_data() {
            return key
                .verify(NAMESPACE, bytes, &sig)
                .map_err(|_| "the signature does not verify".into());
        }
    }
    Err("signed by another key than the vault's".into())
}

// --- the chain -------------------------------------------------------------------------

/// An entry as stored: its exact bytes, its signature, and the parse.
#[derive(Debug, Clone)]
struct Stored {
    entry: Entry,
    bytes: Vec<u8>,
    signature: String,
}

impl Stored {
    fn row(&self) -> LedgerRow {
        LedgerRow {
            seq: self.entry.seq,
            kind: self.entry.kind.clone(),
            subject_hmac: self.entry.subject_hmac.clone(),
            hash: self.entry.hash.clone(),
            entry: String::from_utf8_lossy(&self.bytes).into_owned(),
            signature: self.signature.clone(),
        }
    }
}

/// Checks one entry: parse, version, seq, prev, own hash, signature.
fn check_one(
    bytes: &[u8],
    signature: &str,
    expect_seq: u64,
    prev: &str,
    signer: &VerifyingKey,
) -> Result<Entry, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
    let e: Entry =
        serde_json::from_str(text.trim_end()).map_err(|e| format!("not a ledger entry: {e}"))?;
    if e.v != VERSION {
        return Err(format!(
            "entry version {} is not supported (upgrade coffer)",
            e.v
        ));
    }
    if e.seq != expect_seq {
        return Err(format!("has seq {} where {expect_seq} belongs", e.seq));
    }
    if e.prev != prev {
        return Err("does not follow the previous entry (prev hash differs)".into());
    }
    if e.compute_hash() != e.hash {
        return Err("was modified (its hash does not match its content)".into());
    }
    verify_sig(signer, bytes, signature)?;
    Ok(e)
}

/// Verifies a chain from its first entry; returns the entries or every problem.
fn check_chain<'a>(
    items: impl IntoIterator<Item = (u64, &'a [u8], &'a str)>,
    signer: &VerifyingKey,
    where_: &str,
) -> (Vec<Entry>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_owned();
    for (i, (seq, bytes, sig)) in items.into_iter().enumerate() {
        let expect = i as u64 + 1;
        match check_one(bytes, sig, expect, &prev, signer) {
            Ok(e) if e.seq == seq => {
                prev = e.hash.clone();
                out.push(e);
            }
            Ok(e) => problems.push(format!(
                "{where_}: entry {seq} holds entry {} (misplaced)",
                e.seq
            )),
            Err(m) => {
                problems.push(format!("{where_}: ledger entry {seq} {m}"));
                // Everything after a broken link is unverifiable.
                break;
            }
        }
    }
    (out, problems)
}

fn ledger_dir(vault: &Vault) -> PathBuf {
    vault.store.root().join(STORE_DIR)
}

fn entry_path(dir: &Path, seq: u64) -> PathBuf {
    dir.join(format!("{seq:08}.json"))
}

fn sig_path(dir: &Path, seq: u64) -> PathBuf {
    dir.join(format!("{seq:08}.json.sig"))
}

/// The store's entries, in order: (seq, bytes, signature). A missing
/// signature is an empty string (it then fails verification).
fn read_store(dir: &Path) -> Result<Vec<(u64, Vec<u8>, String)>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Store(format!("cannot read {}: {e}", dir.display()))),
    };
    let mut seqs = Vec::new();
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(n) = name.strip_suffix(".json")
            && n.len() == 8
            && n.bytes().all(|b| b.is_ascii_digit())
            && let Ok(seq) = n.parse::<u64>()
        {
            seqs.push(seq);
        }
    }
    seqs.sort_unstable();
    let mut out = Vec::new();
    for seq in seqs {
        let p = entry_path(dir, seq);
        let bytes = std::fs::read(&p)
            .map_err(|e| Error::Store(format!("cannot read {}: {e}", p.display())))?;
        let sig = std::fs::read_to_string(sig_path(dir, seq)).unwrap_or_default();
        out.push((seq, bytes, sig));
    }
    Ok(out)
}

/// The store's ledger, verified from the first entry (seq, prev, hashes,
/// signatures, no gaps).
fn store_chain(vault: &Vault, signer: &VerifyingKey) -> Result<Vec<Stored>> {
    let raw = read_store(&ledger_dir(vault))?;
    let (entries, problems) = check_chain(
        raw.iter()
            .map(|(s, b, sig)| (*s, b.as_slice(), sig.as_str())),
        signer,
        "store",
    );
    if let Some(p) = problems.first() {
        return Err(Error::Ledger(p.clone()));
    }
    Ok(entries
        .into_iter()
        .zip(raw)
        .map(|(entry, (_, bytes, signature))| Stored {
            entry,
            bytes,
            signature,
        })
        .collect())
}

/// The catalog's ledger, verified (chain, signatures, and the columns copied
/// out of each entry).
fn catalog_chain(catalog: &Catalog, signer: &VerifyingKey) -> Result<(Vec<Entry>, Vec<String>)> {
    let rows = catalog.ledger()?;
    let (entries, mut problems) = check_chain(
        rows.iter()
            .map(|r| (r.seq, r.entry.as_bytes(), r.signature.as_str())),
        signer,
        "catalog",
    );
    for (e, r) in entries.iter().zip(&rows) {
        if e.kind != r.kind || e.subject_hmac != r.subject_hmac || e.hash != r.hash {
            problems.push(format!(
                "catalog: the columns of ledger entry {} differ from its JSON",
                e.seq
            ));
        }
    }
    Ok((entries, problems))
}

/// The ledger head (last seq and hash) from the catalog, for the manifest of
/// a new archive. `None`: no request yet.
pub fn head(catalog: &Catalog) -> Result<Option<(u64, String)>> {
    Ok(catalog.ledger_head()?)
}

/// The verified ledger of the catalog, in order. Fails on any problem.
pub fn entries(vault: &Vault) -> Result<Vec<Entry>> {
    let (entries, problems) = catalog_chain(&vault.catalog, &vault.signer()?)?;
    match problems.first() {
        Some(p) => Err(Error::Ledger(format!(
            "{p}; run `coffer erasure verify-ledger`"
        ))),
        None => Ok(entries),
    }
}

/// The ledger to replay: the catalog's, extended by entries that only the
/// store holds (a request interrupted between its two writes, or a catalog
/// restored from an old copy): an erasure must never be skipped because the
/// catalog is behind. The two must agree where both have an entry.
pub fn entries_for_replay(vault: &Vault) -> Result<Vec<Entry>> {
    let signer = vault.signer()?;
    let mut ours = entries(vault)?;
    let store = store_chain(vault, &signer)?;
    for (a, b) in ours.iter().zip(&store) {
        if a.hash != b.entry.hash {
            return Err(Error::Ledger(format!(
                "ledger entry {} differs between the catalog and the store",
                a.seq
            )));
        }
    }
    let n = ours.len();
    ours.extend(store.into_iter().skip(n).map(|s| s.entry));
    Ok(ours)
}

/// `catalog rebuild`: loads the store's ledger into `catalog` (a new, empty
/// catalog being built), verifying the chain and every signature. Returns
/// how many entries were loaded. A broken chain fails the rebuild: a
/// rebuilt catalog must not silently lose erasure requests.
pub fn reload_from_store(vault: &Vault, catalog: &Catalog) -> Result<usize> {
    let signer = vault.signer()?;
    let store = store_chain(vault, &signer)?;
    let have = catalog.ledger_head()?.map_or(0, |(s, _)| s);
    let mut loaded = 0;
    for s in store.iter().filter(|s| s.entry.seq > have) {
        catalog.append_ledger(&s.row())?;
        loaded += 1;
    }
    Ok(loaded)
}

/// Brings the catalog and the store level before an append (under the
/// writer lock): entries only the store holds are imported, entries only the
/// catalog holds are written back to the store.
fn sync(vault: &Vault, signer: &VerifyingKey) -> Result<()> {
    let (cat, problems) = catalog_chain(&vault.catalog, signer)?;
    if let Some(p) = problems.first() {
        return Err(Error::Ledger(format!(
            "{p}; nothing was recorded (run `coffer erasure verify-ledger`)"
        )));
    }
    let store = store_chain(vault, signer)?;
    for (a, b) in cat.iter().zip(&store) {
        if a.hash != b.entry.hash {
            return Err(Error::Ledger(format!(
                "ledger entry {} differs between the catalog and the store; nothing was recorded",
                a.seq
            )));
        }
    }
    if store.len() > cat.len() {
        for s in &store[cat.len()..] {
            vault.catalog.append_ledger(&s.row())?;
        }
    } else if cat.len() > store.len() {
        let rows = vault.catalog.ledger()?;
        let dir = ledger_dir(vault);
        ensure_dir(&dir)?;
        for r in &rows[store.len()..] {
            write_entry(&dir, r.seq, r.entry.as_bytes(), &r.signature)?;
        }
    }
    Ok(())
}

fn ensure_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::Store(format!("cannot create {}: {e}", dir.display())))
}

/// Signature first, entry second: the `.json` is what names an entry, so a
/// crash in between leaves only an orphan signature, which nothing reads.
/// Mode 0600 like every file of the vault.
fn write_entry(dir: &Path, seq: u64, bytes: &[u8], signature: &str) -> Result<()> {
    write_atomic(&sig_path(dir, seq), signature.as_bytes(), 0o600)?;
    write_atomic(&entry_path(dir, seq), bytes, 0o600)?;
    Ok(())
}

// --- the HMAC key ----------------------------------------------------------------------

type HmacKey = Zeroizing<[u8; 32]>;

fn key_path(vault: &Vault) -> PathBuf {
    vault
        .config
        .signing_key_path()
        .parent()
        .map_or_else(|| PathBuf::from(KEY_FILE), |d| d.join(KEY_FILE))
}

fn parse_key(text: &str, what: &str) -> Result<HmacKey> {
    let mut key = Zeroizing::new([0u8; 32]);
    let raw = Zeroizing::new(
        hex::decode(text.trim())
            .map_err(|_| Error::Input(format!("{what} is not 64 hex digits")))?,
    );
    if raw.len() != 32 {
        return Err(Error::Input(format!("{what} is not 64 hex digits")));
    }
    key.copy_from_slice(&raw);
    Ok(key)
}

fn encrypt(vault: &Vault, plain: &[u8]) -> Result<Vec<u8>> {
    let enc = Encryption::Age(vault.config.recipients()?);
    let mut out = Vec::new();
    let mut w = enc.wrap(&mut out)?;
    w.write_all(plain)
        .map_err(|e| Error::Other(format!("encryption failed: {e}")))?;
    w.finish()
        .map_err(|e| Error::Other(format!("encryption failed: {e}")))?;
    Ok(out)
}

fn decrypt(keys: &Keys, ciphertext: Vec<u8>) -> Result<Zeroizing<Vec<u8>>> {
    let (_, mut r) = keys.decrypt(Cursor::new(ciphertext))?;
    let mut out = Zeroizing::new(Vec::new());
    r.read_to_end(&mut out)
        .map_err(crate::crypto::Error::from_read)?;
    Ok(out)
}

/// The ledger's HMAC key: the local file; else recovered from the store's
/// encrypted copy with `keys`; else, for a ledger with no entry yet and when
/// `create`, a new one (store copy first, then the local file).
fn hmac_key(vault: &Vault, keys: Option<&Keys>, create: bool) -> Result<HmacKey> {
    let local = key_path(vault);
    let stored = ledger_dir(vault).join(STORE_KEY_FILE);
    match std::fs::read_to_string(&local).map(Zeroizing::new) {
        Ok(text) => {
            let key = parse_key(&text, &local.display().to_string())?;
            if create && !stored.exists() {
                // The store lost its copy (or predates it): a host loss must not lose the key.
                ensure_dir(&ledger_dir(vault))?;
                write_atomic(&stored, &encrypt(vault, key_hex(&key).as_bytes())?, 0o600)?;
            }
            return Ok(key);
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::Input(format!(
                "cannot read {}: {e}",
                local.display()
            )));
        }
        Err(_) => {}
    }
    if stored.exists() {
        let Some(keys) = keys.filter(|k| !k.is_empty()) else {
            return Err(Error::Input(format!(
                "this host has no copy of the erasure ledger's HMAC key ({}), e.g. after a rebuild: pass -i/--identity once to recover it from {}",
                local.display(),
                stored.display()
            )));
        };
        let bytes = std::fs::read(&stored)
            .map_err(|e| Error::Store(format!("cannot read {}: {e}", stored.display())))?;
        let plain = decrypt(keys, bytes)?;
        let text = Zeroizing::new(String::from_utf8_lossy(&plain).into_owned());
        let key = parse_key(&text, &stored.display().to_string())?;
        write_atomic(&local, key_line(&key).as_bytes(), 0o600)?;
        return Ok(key);
    }
    let has_entries =
        vault.catalog.ledger_head()?.is_some() || !read_store(&ledger_dir(vault))?.is_empty();
    if has_entries {
        return Err(Error::Input(format!(
            "the erasure ledger's HMAC key is lost: neither {} nor {} exists; subjects can no longer be matched",
            local.display(),
            stored.display()
        )));
    }
    if !create {
        return Err(Error::Input(
            "the erasure ledger is empty: no request has been recorded".into(),
        ));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut *key).map_err(|e| Error::Other(format!("no randomness: {e}")))?;
    ensure_dir(&ledger_dir(vault))?;
    write_atomic(&stored, &encrypt(vault, key_hex(&key).as_bytes())?, 0o600)?;
    write_atomic(&local, key_line(&key).as_bytes(), 0o600)?;
    Ok(key)
}

/// The key in hex, zeroized on drop (as every copy of the key is).
fn key_hex(key: &HmacKey) -> Zeroizing<String> {
    Zeroizing::new(hex::encode(&key[..]))
}

/// The local key file's text: the key in hex and a newline.
fn key_line(key: &HmacKey) -> Zeroizing<String> {
    // Sized up front: a reallocation would leave a copy behind, unzeroized.
    let mut line = Zeroizing::new(String::with_capacity(65));
    line.push_str(&key_hex(key));
    line.push('\n');
    line
}

fn mac(key: &HmacKey, parts: &[&[u8]]) -> Result<[u8; 32]> {
    let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(&key[..])
        .map_err(|e| Error::Other(format!("HMAC: {e}")))?;
    for p in parts {
        m.update(p);
    }
    let out = m.finalize().into_bytes();
    let mut a = [0u8; 32];
    a.copy_from_slice(&out);
    Ok(a)
}

/// HMAC-SHA256(key, kind || 0x00 || subject), hex.
fn subject_hmac(key: &HmacKey, kind: &str, subject: &str) -> Result<String> {
    Ok(hex::encode(mac(
        key,
        &[kind.as_bytes(), &[0], subject.as_bytes()],
    )?))
}

fn key_id(key: &HmacKey) -> Result<String> {
    Ok(hex::encode(&mac(key, &[b"coffer erasure key id"])?[..16]))
}

/// The keyed hash of a subject, with the key (recovered with `keys` if this
/// host lacks it). Fails if the key is not the one the ledger was written with.
pub fn lookup_hmac(
    vault: &Vault,
    keys: Option<&Keys>,
    kind: &str,
    subject: &str,
) -> Result<String> {
    check_subject(subject)?;
    let key = hmac_key(vault, keys, false)?;
    let id = key_id(&key)?;
    if let Some(row) = vault.catalog.ledger_entry(1)?
        && let Ok(e) = serde_json::from_str::<Entry>(row.entry.trim_end())
        && e.key_id != id
    {
        return Err(Error::Input(format!(
            "{} is not the key this ledger was written with (key id {} vs {})",
            key_path(vault).display(),
            id,
            e.key_id
        )));
    }
    subject_hmac(&key, kind, subject)
}

// --- requests --------------------------------------------------------------------------

/// What `coffer erasure request` records.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub kind: &'a str,
    pub subject: &'a str,
    pub reference: &'a str,
    /// When the subject asked; default: now. Not in the future.
    pub requested_at: Option<Timestamp>,
    /// Record it even though the subject already has a request (e.g. the
    /// person signed up again after an earlier erasure).
    pub again: bool,
}

/// A subject id: 1 to 256 bytes, no control characters, no surrounding
/// blanks (" 42" and "42" would hash differently and never match).
pub fn check_subject(s: &str) -> Result<()> {
    if s.is_empty() || s.len() > MAX_SUBJECT_LEN {
        return Err(Error::Input(format!(
            "a subject id is 1 to {MAX_SUBJECT_LEN} bytes"
        )));
    }
    if s.chars().any(char::is_control) || s.trim() != s {
        return Err(Error::Input(
            "a subject id may not contain control characters or start or end with blanks".into(),
        ));
    }
    Ok(())
}

fn pad(subject: &str) -> Zeroizing<Vec<u8>> {
    let mut v = Zeroizing::new(subject.as_bytes().to_vec());
    let len = v.len().div_ceil(PAD).max(1) * PAD;
    v.resize(len, 0);
    v
}

/// Records a request (the caller holds the writer lock): checks the kind has
/// a rule and the subject has no request yet (unless `again`), then writes
/// the signed entry to the store and the catalog.
pub fn request(vault: &Vault, keys: Option<&Keys>, r: &NewRequest<'_>) -> Result<Entry> {
    if !vault.config.erasure.contains_key(r.kind) {
        let known: Vec<&str> = vault.config.erasure.keys().map(String::as_str).collect();
        return Err(Error::Input(format!(
            "no erasure rule for subject kind {:?} in the config (known: {})",
            r.kind,
            if known.is_empty() {
                "none; add an [erasure.KIND] table".to_owned()
            } else {
                known.join(", ")
            }
        )));
    }
    check_subject(r.subject)?;
    let reference = r.reference.trim();
    if reference.is_empty() || reference.len() > MAX_REFERENCE_LEN {
        return Err(Error::Input(format!(
            "--reference is required (1 to {MAX_REFERENCE_LEN} bytes): the ticket or case it answers; no personal data"
        )));
    }
    let now = Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let requested = r.requested_at.unwrap_or(now);
    if requested > now {
        return Err(Error::Input(format!(
            "--requested-at {} is in the future",
            fmt_time(requested)
        )));
    }
    let signer = vault.signer()?;
    sync(vault, &signer)?;
    let key = hmac_key(vault, keys, true)?;
    let hmac = lookup_hmac(vault, keys, r.kind, r.subject)?;
    let earlier = vault.catalog.ledger_by_subject(r.kind, &hmac)?;
    if let (Some(first), false) = (earlier.first(), r.again) {
        let e: Entry = serde_json::from_str(first.entry.trim_end())
            .map_err(|e| Error::Ledger(format!("ledger entry {}: {e}", first.seq)))?;
        return Err(Error::Input(format!(
            "this {} already has erasure request #{} (recorded {}, reference {:?}); pass --again to record another",
            r.kind, e.seq, e.recorded_at, e.reference
        )));
    }
    let (seq, prev) = match vault.catalog.ledger_head()? {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let mut entry = Entry {
        hash: String::new(),
        key_id: key_id(&key)?,
        kind: r.kind.to_owned(),
        prev,
        recorded_at: fmt_time(now),
        recorded_by: os_user(),
        reference: reference.to_owned(),
        requested_at: fmt_time(requested),
        seq,
        subject_age: B64.encode(encrypt(vault, &pad(r.subject))?),
        subject_hmac: hmac,
        v: VERSION,
    };
    entry.hash = entry.compute_hash();
    let mut bytes = serde_json::to_vec(&entry).map_err(|e| Error::Other(e.to_string()))?;
    bytes.push(b'\n');
    let signature = sign(vault, &bytes)?;
    let dir = ledger_dir(vault);
    ensure_dir(&dir)?;
    write_entry(&dir, seq, &bytes, &signature)?;
    crate::fault("erasure-after-store-write");
    vault.catalog.append_ledger(
        &Stored {
            entry: entry.clone(),
            bytes,
            signature,
        }
        .row(),
    )?;
    // The audit log names the request by its reference and keyed hash only.
    vault.audit(
        crate::audit::Action::ErasureRequest,
        crate::audit::Object::Request(entry.reference.clone()),
        crate::audit::Outcome::Ok,
        serde_json::json!({ "kind": entry.kind, "ledger_seq": entry.seq,
            "subject_hmac": entry.subject_hmac, "requested_at": entry.requested_at }),
    );
    vault.publish_audit([crate::pipeline::copies::LOCAL]);
    Ok(entry)
}

fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| {
            format!(
                "uid {}",
                crate::pg::conn::effective_uid().unwrap_or_default()
            )
        })
}

/// The subject ids in the clear, with the identity (never needed on the backup path).
pub fn decrypt_subjects(ledger: &[Entry], keys: &Keys) -> Result<Vec<ClearRequest>> {
    ledger
        .iter()
        .map(|e| {
            let ct = B64.decode(e.subject_age.as_bytes()).map_err(|err| {
                Error::Ledger(format!("ledger entry {}: subject_age: {err}", e.seq))
            })?;
            let plain = decrypt(keys, ct)?;
            let end = plain.iter().position(|b| *b == 0).unwrap_or(plain.len());
            let subject = std::str::from_utf8(&plain[..end]).map_err(|_| {
                Error::Ledger(format!("ledger entry {}: the subject is not UTF-8", e.seq))
            })?;
            Ok(ClearRequest {
                seq: e.seq,
                kind: e.kind.clone(),
                subject: Zeroizing::new(subject.to_owned()),
            })
        })
        .collect()
}

// --- verify-ledger ---------------------------------------------------------------------

/// What `coffer erasure verify-ledger` found.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerCheck {
    pub catalog_entries: usize,
    pub store_entries: usize,
    pub head: Option<(u64, String)>,
    /// Empty when the ledger is intact.
    pub problems: Vec<String>,
}

/// Checks the catalog's chain, the store's chain (hashes, links, signatures)
/// and that they hold the same entries.
pub fn verify_ledger(vault: &Vault) -> Result<LedgerCheck> {
    let signer = vault.signer()?;
    let (cat, mut problems) = catalog_chain(&vault.catalog, &signer)?;
    let raw = read_store(&ledger_dir(vault))?;
    let (store, store_problems) = check_chain(
        raw.iter()
            .map(|(s, b, sig)| (*s, b.as_slice(), sig.as_str())),
        &signer,
        "store",
    );
    problems.extend(store_problems);
    let rows = vault.catalog.ledger()?;
    let catalog_rows = rows.len();
    drop((cat, store));
    // Entry by entry, whether or not either chain verifies: the hash each
    // side claims.
    for r in &rows {
        let in_store = raw
            .iter()
            .find(|(s, _, _)| *s == r.seq)
            .map(|(_, b, _)| serde_json::from_slice::<Entry>(b.trim_ascii_end()).map(|e| e.hash));
        if let Some(h) = in_store
            && h.as_ref().ok() != Some(&r.hash)
        {
            problems.push(format!(
                "ledger entry {} differs between the catalog and the store",
                r.seq
            ));
        }
    }
    if raw.len() < catalog_rows {
        problems.push(format!(
            "the store holds {} ledger entries, the catalog {catalog_rows}: the next request writes the missing ones back",
            raw.len()
        ));
    } else if raw.len() > catalog_rows {
        problems.push(format!(
            "the store holds {} ledger entries, the catalog {catalog_rows}: the next request (or `catalog rebuild`) imports them",
            raw.len()
        ));
    }
    Ok(LedgerCheck {
        catalog_entries: catalog_rows,
        store_entries: raw.len(),
        head: vault.catalog.ledger_head()?,
        problems,
    })
}

// --- fuzzing ---------------------------------------------------------------------------

/// Entry point of the `ledger` fuzz target and of tests/fuzz_corpus.rs.
/// `data` is a ledger as a store holds it, NUL-separated: entry 1's JSON,
/// its armored signature, entry 2's JSON, ... Each entry is parsed as
/// `verify-ledger` parses it, the chain is checked as `catalog rebuild`
/// checks it (links, hashes, signatures by `signer`), and the times of the
/// entries that verify are read. Must never panic.
#[doc(hidden)]
pub fn fuzz_one(data: &[u8], signer: &VerifyingKey) {
    let fields: Vec<&[u8]> = data.split(|b| *b == 0).collect();
    let items: Vec<(u64, &[u8], String)> = fields
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| {
            let sig = pair.get(1).map(|s| String::from_utf8_lossy(s).into_owned());
            (i as u64 + 1, pair[0], sig.unwrap_or_default())
        })
        .collect();
    for (_, bytes, _) in &items {
        if let Ok(e) = serde_json::from_slice::<Entry>(bytes.trim_ascii_end()) {
            let _ = (e.compute_hash(), e.cutoff());
        }
    }
    let (entries, _problems) = check_chain(
        items.iter().map(|(s, b, sig)| (*s, *b, sig.as_str())),
        signer,
        "fuzz",
    );
    for e in &entries {
        let _ = (e.recorded(), e.requested(), e.cutoff());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        let mut e = Entry {
            hash: String::new(),
            key_id: "k".into(),
            kind: "user".into(),
            prev: GENESIS.into(),
            recorded_at: "2026-01-02T03:04:05Z".into(),
            recorded_by: "dpo".into(),
            reference: "TICKET-1".into(),
            requested_at: "2026-01-01T00:00:00Z".into(),
            seq: 1,
            subject_age: "AAAA".into(),
            subject_hmac: "ff".into(),
            v: 1,
        };
        e.hash = e.compute_hash();
        e
    }

    #[test]
    fn canonical_json_is_sorted_compact_and_hashless() {
        let e = entry();
        let c = String::from_utf8(e.canonical()).unwrap_or_default();
        assert!(
            c.starts_with(r#"{"key_id":"k","kind":"user","prev":"000"#),
            "{c}"
        );
        assert!(c.ends_with(r#""subject_hmac":"ff","v":1}"#), "{c}");
        assert!(!c.contains("hash\"") && !c.contains(' '), "{c}");
        // Any change of content changes the hash.
        let mut f = e.clone();
        f.reference = "TICKET-2".into();
        assert_ne!(f.compute_hash(), e.hash);
        // The stored form round-trips and keeps the hash.
        let json = serde_json::to_string(&e).unwrap_or_default();
        let back: Option<Entry> = serde_json::from_str(&json).ok();
        assert_eq!(back.as_ref(), Some(&e));
        assert_eq!(back.map(|b| b.compute_hash()), Some(e.hash.clone()));
    }

    #[test]
    fn padding_hides_the_length() {
        assert_eq!(pad("42").len(), PAD);
        assert_eq!(pad("424242").len(), PAD);
        assert_eq!(pad(&"x".repeat(65)).len(), 2 * PAD);
    }

    #[test]
    fn subject_ids_are_checked() {
        assert!(check_subject("42").is_ok());
        assert!(check_subject("ada@example.org").is_ok());
        for bad in ["", " 42", "42 ", "4\n2", &"x".repeat(257)] {
            assert!(check_subject(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hmac_is_keyed_and_separates_kinds() -> Result<()> {
        let k1: HmacKey = Zeroizing::new([1u8; 32]);
        let k2: HmacKey = Zeroizing::new([2u8; 32]);
        let a = subject_hmac(&k1, "user", "42")?;
        assert_eq!(a.len(), 64);
        assert_eq!(a, subject_hmac(&k1, "user", "42")?);
        assert_ne!(a, subject_hmac(&k2, "user", "42")?);
        assert_ne!(a, subject_hmac(&k1, "parent", "42")?);
        // The 0x00 separator: ("ab", "c") and ("a", "bc") differ.
        assert_ne!(subject_hmac(&k1, "ab", "c")?, subject_hmac(&k1, "a", "bc")?);
        // RFC 4231 test case 2, through the same code path.
        let mut m = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(b"Jefe")
            .map_err(|e| Error::Other(e.to_string()))?;
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        Ok(())
    }
}
