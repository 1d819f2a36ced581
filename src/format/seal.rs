//! The seal: a small signed plaintext record beside each archive
//! (spec/format.md "Seal"). It lets anyone check an archive's integrity and
//! origin without the decryption key.

use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorClass, Result};
use super::names;
use crate::crypto::Mode;
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::digest::Digest;

pub const SEAL_FORMAT_ID: &str = "coffer-seal";
pub const SEAL_VERSION: u64 = 1;
/// Seals are small; anything larger is not a seal.
pub const MAX_SEAL_SIZE: usize = 64 * 1024;

/// Suffixes of the two files beside an archive.
pub const SEAL_SUFFIX: &str = ".seal";
pub const SIG_SUFFIX: &str = ".seal.sig";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ciphertext {
    pub size: u64,
    pub sha256: String,
}

/// The seal's fields, in the order they are written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub format: String,
    pub version: u64,
    pub archive_id: String,
    pub class: String,
    pub created: String,
    pub encryption: Mode,
    pub recipients: Vec<String>,
    pub ciphertext: Ciphertext,
    pub signer: String,
    /// The header's payload kind (optional, v1 addition): lets a catalog be
    /// rebuilt, and a restore choose its tool, without the decryption key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_kind: Option<String>,
    /// A copy of the manifest's facts (optional): versions, row counts,
    /// timings. Plaintext: names and counts of tables, never row values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<serde_json::Map<String, serde_json::Value>>,
    /// Set when `coffer rekey` rewrote the archive's recipients (optional,
    /// v1 addition, spec "Rekey"): the seal it replaced, by hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rekeyed: Option<Rekeyed>,
}

/// The seal's record of a rekey (spec/format.md "Rekey").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rekeyed {
    /// When the recipients were rewritten (RFC 3339, UTC).
    pub at: String,
    /// Hex SHA-256 of the previous seal file's exact bytes.
    pub previous_seal_sha256: String,
    /// Hex SHA-256 of the previous ciphertext.
    pub previous_sha256: String,
    /// Copies of the previous ciphertext that a store keeps under object
    /// lock until the date given: readable there, by the previous
    /// recipients, until then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retained: Vec<Retained>,
}

/// A locked copy of a previous ciphertext.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retained {
    pub store: String,
    pub until: String,
}

/// A seal as read from disk: its exact bytes (what the signature covers),
/// the parsed fields and the armored signature.
#[derive(Debug, Clone)]
pub struct SignedSeal {
    pub seal: Seal,
    pub bytes: Vec<u8>,
    pub signature: String,
}

/// Who signed a seal, as far as the check could tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    /// The signature verifies against the trusted key given.
    Trusted(String),
    /// The signature verifies against the key inside it, but nobody said
    /// that key is trusted (no --signer): integrity yes, origin unknown.
    Untrusted(String),
}

impl Seal {
    /// The canonical text: pretty JSON, keys in declaration order, LF at the end.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut s = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::new(ErrorClass::Io, e.to_string()))?;
        s.push(b'\n');
        Ok(s)
    }

    pub fn digest(&self) -> Option<Digest> {
        Digest::from_hex(&self.ciphertext.sha256)
    }

    /// Signs the seal with the vault's key.
    pub fn sign(&self, key: &SigningKey) -> Result<SignedSeal> {
        let bytes = self.to_bytes()?;
        let signature = key.sign(&bytes)?;
        Ok(SignedSeal {
            seal: self.clone(),
            bytes,
            signature,
        })
    }
}

impl SignedSeal {
    /// Parses a seal file and its signature file (not yet verified).
    pub fn parse(bytes: Vec<u8>, signature: String) -> Result<SignedSeal> {
        let bad = |what: String| {
            Error::new(
                ErrorClass::SealInvalid,
                format!("the seal is invalid: {what}"),
            )
        };
        if bytes.len() > MAX_SEAL_SIZE {
            return Err(bad("too large".into()));
        }
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if v.get("format").and_then(|f| f.as_str()) != Some(SEAL_FORMAT_ID) {
            return Err(bad("not a coffer seal".into()));
        }
        match v.get("version").and_then(|v| v.as_u64()) {
            Some(SEAL_VERSION) => {}
            Some(0) => return Err(bad("version 0".into())),
            Some(n) => {
                return Err(Error::new(
                    ErrorClass::UnsupportedVersion,
                    format!(
                        "seal version {n} is newer than this coffer supports ({SEAL_VERSION}); upgrade coffer"
                    ),
                ));
            }
            None => return Err(bad("no version".into())),
        }
        let seal: Seal = serde_json::from_value(v).map_err(|e| bad(e.to_string()))?;
        if !names::valid_archive_id(&seal.archive_id) {
            return Err(bad("malformed archive id".into()));
        }
        if !names::valid_class(&seal.class) {
            return Err(bad("malformed class".into()));
        }
        if seal.digest().is_none() {
            return Err(bad("malformed ciphertext sha256".into()));
        }
        if let Some(r) = &seal.rekeyed
            && (Digest::from_hex(&r.previous_seal_sha256).is_none()
                || Digest::from_hex(&r.previous_sha256).is_none())
        {
            return Err(bad("malformed rekey hashes".into()));
        }
        Ok(SignedSeal {
            seal,
            bytes,
            signature,
        })
    }

    /// Checks the signature: against `trusted` when given, else against the
    /// key inside the signature (reported as untrusted).
    pub fn verify_signature(&self, trusted: Option<&VerifyingKey>) -> Result<Signer> {
        let sig_err = |e: crate::crypto::sign::SignError| {
            Error::new(
                ErrorClass::SignatureInvalid,
                format!("the seal's signature is invalid: {e}"),
            )
        };
        let key = match trusted {
            Some(k) => k.clone(),
            None => VerifyingKey::signer_of(&self.signature).map_err(sig_err)?,
        };
        key.verify(&self.bytes, &self.signature).map_err(sig_err)?;
        // The key that signed: the trusted one, or (after signing-key
        // rotations) an earlier key of its chain.
        let actual = VerifyingKey::signer_of(&self.signature)
            .map_err(sig_err)?
            .fingerprint();
        if actual != self.seal.signer {
            return Err(Error::new(
                ErrorClass::SignatureInvalid,
                format!(
                    "the seal names signer {} but was signed by {actual}",
                    self.seal.signer,
                ),
            ));
        }
        if let Some(after) = key.revoked_after(&actual) {
            let created = self.seal.created.parse::<jiff::Timestamp>().ok();
            if created.is_none_or(|c| c > after) {
                return Err(Error::new(
                    ErrorClass::SignatureInvalid,
                    format!(
                        "the seal was signed by {actual}, revoked for signatures after {after}, and says it was made {}",
                        self.seal.created
                    ),
                ));
            }
        }
        Ok(match trusted {
            Some(_) => Signer::Trusted(actual),
            None => Signer::Untrusted(actual),
        })
    }

    /// Compares the archive's ciphertext (as hashed) with the seal.
    pub fn check_ciphertext(&self, digest: &Digest, size: u64) -> Result<()> {
        let c = &self.seal.ciphertext;
        if size < c.size {
            return Err(Error::new(
                ErrorClass::Truncated,
                format!(
                    "the archive is shorter than its seal says ({size} bytes, the seal says {}): truncated, or not the archive the seal describes",
                    c.size
                ),
            ));
        }
        if size != c.size || self.seal.digest().as_ref() != Some(digest) {
            return Err(Error::new(
                ErrorClass::SealMismatch,
                "the archive does not match its seal (ciphertext SHA-256 or size differs): it was modified or the seal belongs to another archive",
            ));
        }
        Ok(())
    }
}

/// Entry point of the `seal` fuzz target and of tests/fuzz_corpus.rs: `data`
/// is a seal file, a NUL byte and its signature file (the NUL and the
/// signature may be missing); both are parsed and the signature checked
/// against `trusted` and against the key inside it. Must never panic.
#[doc(hidden)]
pub fn fuzz_seal(data: &[u8], trusted: &VerifyingKey) {
    let (seal, sig) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(s) = SignedSeal::parse(seal.to_vec(), String::from_utf8_lossy(sig).into_owned()) else {
        return;
    };
    let _ = s.verify_signature(Some(trusted));
    let _ = s.verify_signature(None);
    if let Some(d) = s.seal.digest() {
        let size = s.seal.ciphertext.size;
        let _ = s.check_ciphertext(&d, size);
        let _ = s.check_ciphertext(&d, size.wrapping_add(1));
        let _ = s.check_ciphertext(&Digest::of(b""), size.saturating_sub(1));
    }
    let _ = s.seal.to_bytes();
}
