//! Signing-key rotation and revocation (spec/format.md "Signing-key
//! rotation"): `coffer keys rotate-signing` and `coffer keys
//! revoke-signing`, and the chain every verification trusts.
//!
//! Statements live in every store under `signers/` (the store is the
//! truth); the vault's first key is pinned beside the signing key
//! (`signing.key.root.pub`) at the first rotation, so a chain written into
//! a store by someone else never starts anywhere but there.

use std::path::PathBuf;

use serde::Serialize;
use serde_json::json;

use super::copies::{LOCAL, read_small};
use super::loose;
use super::vault::Vault;
use crate::audit::{Action, Object, Outcome};
use crate::config::Config;
use crate::crypto::chain::{self, SignedRevocation, SignedRotation};
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::error::{Error, Result};
use crate::store::{LocalDir, Store};

/// The store prefix of the statements.
pub const PREFIX: &str = "signers/";
const SIG_PREVIOUS: &str = ".sig-previous";
const SIG_NEXT: &str = ".sig-next";
const SIG: &str = ".sig";

/// Where the vault's first signing key is pinned.
pub fn root_pin_path(cfg: &Config) -> PathBuf {
    let mut p = cfg.signing_key_path().into_os_string();
    p.push(".root.pub");
    PathBuf::from(p)
}

fn rotation_key(seq: u64) -> String {
    format!("{PREFIX}rotation-{seq:06}.json")
}

fn revocation_key(seq: u64) -> String {
    format!("{PREFIX}revocation-{seq:06}.json")
}

fn text(store: &dyn Store, key: &str) -> Result<String> {
    String::from_utf8(read_small(store, key)?)
        .map_err(|_| Error::Store(format!("{key} is not text")))
}

/// The statements in `store`.
fn statements(store: &dyn Store) -> Result<(Vec<SignedRotation>, Vec<SignedRevocation>)> {
    let keys = store.list(PREFIX)?;
    let mut rotations = Vec::new();
    let mut revocations = Vec::new();
    for k in keys.iter().filter(|k| k.ends_with(".json")) {
        let name = &k[PREFIX.len()..];
        if name.starts_with("rotation-") {
            rotations.push(SignedRotation::parse(
                read_small(store, k)?,
                text(store, &format!("{k}{SIG_PREVIOUS}")).unwrap_or_default(),
                text(store, &format!("{k}{SIG_NEXT}")).unwrap_or_default(),
            )?);
        } else if name.starts_with("revocation-") {
            revocations.push(SignedRevocation::parse(
                read_small(store, k)?,
                text(store, &format!("{k}{SIG}")).unwrap_or_default(),
            )?);
        }
    }
    Ok((rotations, revocations))
}

/// The trusted signer: `head` (the vault's current public key), accepting
/// the earlier keys of its chain as the local store's statements prove it
/// from the pinned first key. No statements: `head` alone.
pub fn trusted(cfg: &Config, head: VerifyingKey) -> Result<VerifyingKey> {
    let local = LocalDir::new(cfg.store_dir());
    let (rotations, revocations) = statements(&local)?;
    if rotations.is_empty() && revocations.is_empty() {
        return Ok(head);
    }
    let pin = root_pin_path(cfg);
    let root = VerifyingKey::load(&pin).map_err(|e| {
        Error::Config(format!(
            "the store holds signing-key rotation statements, but the vault's first key is not pinned ({e})"
        ))
    })?;
    Ok(chain::resolve(&root, &head, &rotations, &revocations)?)
}

#[derive(Debug, Clone, Serialize)]
pub struct SignerReport {
    /// "rotation" or "revocation".
    pub statement: String,
    pub seq: u64,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub revoked: Option<String>,
    pub stores: Vec<String>,
    pub warnings: Vec<String>,
}

/// Every store of the config: the vault's own and each `[stores.NAME]`.
fn all_stores(cfg: &Config) -> Vec<String> {
    std::iter::once(LOCAL.to_owned())
        .chain(cfg.stores.keys().cloned())
        .collect()
}

/// Writes `objects` to every store: the vault's own must take them, the
/// others' failures are warnings (`rotate-signing` again later publishes
/// nothing new: copy `signers/` by hand, or rerun after fixing the store).
fn publish(vault: &Vault, objects: &[(String, Vec<u8>)], report: &mut SignerReport) -> Result<()> {
    for name in all_stores(&vault.config) {
        let r = vault.store(&name).and_then(|s| {
            for (k, bytes) in objects {
                s.put(k, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
            }
            Ok(())
        });
        match r {
            Ok(()) => report.stores.push(name),
            Err(e) if name == LOCAL => return Err(e),
            Err(e) => report.warnings.push(format!(
                "store {name}: the statement could not be written: {e}"
            )),
        }
    }
    Ok(())
}

/// A new signing key for the vault, chained to the current one by a
/// statement both sign (the current key's last act); the current private
/// key is then replaced. The caller holds the writer lock.
pub fn rotate(vault: &Vault) -> Result<SignerReport> {
    let cfg = &vault.config;
    let local = LocalDir::new(cfg.store_dir());
    let (rotations, _) = statements(&local)?;
    let old = SigningKey::load(&cfg.signing_key_path())?;
    // Never extend a chain that does not verify.
    trusted(cfg, old.verifying_key())?;
    let seq = rotations.len() as u64 + 1;
    let pin = root_pin_path(cfg);
    if seq == 1 && !pin.exists() {
        loose::write_atomic(
            &pin,
            format!("{}\n", old.verifying_key().to_openssh()).as_bytes(),
            0o600,
        )?;
    }
    let now = crate::now();
    let at = now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let new = SigningKey::generate(&format!("coffer vault signing key (from {at})"))?;
    let st = chain::rotate(&old, &new, seq, &at)?;
    let key = rotation_key(seq);
    let mut report = SignerReport {
        statement: "rotation".into(),
        seq,
        previous: Some(old.verifying_key().fingerprint()),
        next: Some(new.verifying_key().fingerprint()),
        revoked: None,
        stores: Vec::new(),
        warnings: Vec::new(),
    };
    publish(
        vault,
        &[
            (
                format!("{key}{SIG_PREVIOUS}"),
                st.sig_previous.clone().into_bytes(),
            ),
            (format!("{key}{SIG_NEXT}"), st.sig_next.clone().into_bytes()),
            (key.clone(), st.bytes.clone()),
        ],
        &mut report,
    )?;
    // The entry is signed by the old key (it is in the chain); then the
    // key files are replaced, the public half last.
    vault.audit(
        Action::SignerRotate,
        Object::Vault,
        Outcome::Ok,
        json!({ "seq": seq, "previous": report.previous, "next": report.next, "stores": report.stores }),
    );
    loose::write_atomic(&cfg.signing_key_path(), new.to_openssh()?.as_bytes(), 0o600)?;
    loose::write_atomic(
        &cfg.signer_pub_path(),
        format!("{}\n", new.verifying_key().to_openssh()).as_bytes(),
        0o600,
    )?;
    Ok(report)
}

/// Revokes key `fingerprint` of the chain for signatures made after
/// `after`, signed by the current key (which cannot revoke itself: rotate
/// first).
pub fn revoke(vault: &Vault, fingerprint: &str, after: jiff::Timestamp) -> Result<SignerReport> {
    let cfg = &vault.config;
    let current = SigningKey::load(&cfg.signing_key_path())?;
    let head = current.verifying_key();
    if head.fingerprint() == fingerprint {
        return Err(Error::Input(format!(
            "{fingerprint} is the vault's current signing key: rotate it first (`coffer keys rotate-signing`), then revoke it"
        )));
    }
    let chain = trusted(cfg, head)?;
    if !chain
        .accepted_keys()
        .iter()
        .any(|k| k.fingerprint() == fingerprint)
    {
        return Err(Error::Input(format!(
            "{fingerprint} is not a signing key of this vault's chain"
        )));
    }
    let local = LocalDir::new(cfg.store_dir());
    let (_, revocations) = statements(&local)?;
    let seq = revocations.len() as u64 + 1;
    let at = crate::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let after_text = after.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let st = chain::revoke(&current, fingerprint, &after_text, &at)?;
    let key = revocation_key(seq);
    let mut report = SignerReport {
        statement: "revocation".into(),
        seq,
        previous: None,
        next: None,
        revoked: Some(fingerprint.to_owned()),
        stores: Vec::new(),
        warnings: Vec::new(),
    };
    publish(
        vault,
        &[
            (format!("{key}{SIG}"), st.signature.clone().into_bytes()),
            (key.clone(), st.bytes.clone()),
        ],
        &mut report,
    )?;
    vault.audit(
        Action::SignerRevoke,
        Object::Vault,
        Outcome::Ok,
        json!({ "seq": seq, "revoked": fingerprint, "after": after_text, "stores": report.stores }),
    );
    Ok(report)
}
