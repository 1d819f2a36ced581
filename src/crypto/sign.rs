//! The vault's signing key and seal signatures (spec "Seal signature").
//!
//! Seals are signed with an Ed25519 key in the OpenSSH SSHSIG format
//! (namespace [`NAMESPACE`]), so that a stock `ssh-keygen -Y verify` can
//! check them without coffer.

use std::path::Path;

use ssh_key::rand_core::OsRng;
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The SSHSIG namespace of seal signatures. Signatures made for another
/// purpose with the same key never verify as a seal.
pub const NAMESPACE: &str = "coffer-seal";

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    #[error("{path}: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("the signature does not verify")]
    BadSignature,
    #[error("signed by {found}, not by the trusted signer {expected}")]
    UntrustedSigner { found: String, expected: String },
    #[error("malformed signature: {0}")]
    Malformed(String),
}

/// The private half, kept on the backup host (it signs seals).
pub struct SigningKey {
    key: PrivateKey,
}

/// The public half: who may sign seals. After signing-key rotations it
/// also accepts the earlier keys of the vault's chain
/// ([`super::chain::resolve`]), each with the time after which a
/// revocation refuses its signatures.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    key: PublicKey,
    chain: Vec<(PublicKey, Option<jiff::Timestamp>)>,
    revoked_after: Option<jiff::Timestamp>,
}

impl SigningKey {
    /// A new Ed25519 key pair.
    pub fn generate(comment: &str) -> Result<SigningKey, SignError> {
        let mut key =
            PrivateKey::random(&mut OsRng, Algorithm::Ed25519).map_err(|e| SignError::KeyFile {
                path: "<new key>".into(),
                reason: e.to_string(),
            })?;
        key.set_comment(comment);
        Ok(SigningKey { key })
    }

    pub fn load(path: &Path) -> Result<SigningKey, SignError> {
        let bad = |reason: String| SignError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        // The file is the private key: zeroized once parsed (ssh-key
        // zeroizes the parsed key on drop).
        let text =
            zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?);
        let key = PrivateKey::from_openssh(text.trim())
            .map_err(|e| bad(format!("not an OpenSSH private key: {e}")))?;
        if key.algorithm() != Algorithm::Ed25519 {
            return Err(bad("the signing key must be ssh-ed25519".into()));
        }
        if key.is_encrypted() {
            return Err(bad(
                "the signing key is passphrase-protected; coffer needs an unencrypted key".into(),
            ));
        }
        Ok(SigningKey { key })
    }

    /// The OpenSSH private key file text (write it 0600), zeroized on drop.
    pub fn to_openssh(&self) -> Result<zeroize::Zeroizing<String>, SignError> {
        self.key
            .to_openssh(LineEnding::LF)
            .map_err(|e| SignError::Malformed(e.to_string()))
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey::of(self.key.public_key().clone())
    }

    /// Signs `msg` (the seal's exact bytes): an armored SSH SIGNATURE block.
    pub fn sign(&self, msg: &[u8]) -> Result<String, SignError> {
        self.sign_in(NAMESPACE, msg)
    }

    /// Signs `msg` in another SSHSIG namespace (the evidence bundle's): a
    /// signature made for one purpose never passes for another.
    pub fn sign_in(&self, namespace: &str, msg: &[u8]) -> Result<String, SignError> {
        let sig = self
            .key
            .sign(namespace, HashAlg::Sha512, msg)
            .map_err(|e| SignError::Malformed(e.to_string()))?;
        sig.to_pem(LineEnding::LF)
            .map_err(|e| SignError::Malformed(e.to_string()))
    }
}

impl VerifyingKey {
    /// Reads a public key file (`ssh-ed25519 AAAA... comment`), or the
    /// private key file, whose public half is used.
    pub fn load(path: &Path) -> Result<VerifyingKey, SignError> {
        let bad = |reason: String| SignError::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        if text.contains("BEGIN OPENSSH PRIVATE KEY") {
            return SigningKey::load(path).map(|k| k.verifying_key());
        }
        Self::parse(text.trim()).map_err(bad)
    }

    pub fn parse(line: &str) -> Result<VerifyingKey, String> {
        let key =
            PublicKey::from_openssh(line).map_err(|e| format!("not an OpenSSH public key: {e}"))?;
        if key.algorithm() != Algorithm::Ed25519 {
            return Err("the signing key must be ssh-ed25519".into());
        }
        Ok(VerifyingKey::of(key))
    }

    fn of(key: PublicKey) -> VerifyingKey {
        VerifyingKey {
            key,
            chain: Vec::new(),
            revoked_after: None,
        }
    }

    /// This key, also accepting `earlier` keys (of its rotation chain),
    /// each refused after its revocation time; `revoked_after` for itself.
    pub fn with_chain(
        mut self,
        earlier: Vec<(VerifyingKey, Option<jiff::Timestamp>)>,
        revoked_after: Option<jiff::Timestamp>,
    ) -> VerifyingKey {
        self.chain = earlier.into_iter().map(|(k, t)| (k.key, t)).collect();
        self.revoked_after = revoked_after;
        self
    }

    /// Every key accepted: this one first, then its chain's earlier keys.
    pub fn accepted_keys(&self) -> Vec<VerifyingKey> {
        std::iter::once(VerifyingKey::of(self.key.clone()))
            .chain(self.chain.iter().map(|(k, _)| VerifyingKey::of(k.clone())))
            .collect()
    }

    /// When signatures by the accepted key `fingerprint` stop being
    /// accepted (a revocation), if ever.
    pub fn revoked_after(&self, fingerprint: &str) -> Option<jiff::Timestamp> {
        if self.fingerprint() == fingerprint {
            return self.revoked_after;
        }
        self.chain
            .iter()
            .find(|(k, _)| k.fingerprint(HashAlg::Sha256).to_string() == fingerprint)
            .and_then(|(_, t)| *t)
    }

    /// `ssh-ed25519 AAAA... comment`, as in a `.pub` file.
    pub fn to_openssh(&self) -> String {
        self.key.to_openssh().unwrap_or_default()
    }

    /// `SHA256:...`, as `ssh-keygen -l` prints it.
    pub fn fingerprint(&self) -> String {
        self.key.fingerprint(HashAlg::Sha256).to_string()
    }

    /// Verifies an armored signature over `msg` by this key.
    pub fn verify(&self, msg: &[u8], armored: &str) -> Result<(), SignError> {
        self.verify_in(NAMESPACE, msg, armored)
    }

    /// As [`VerifyingKey::verify`], in another namespace.
    pub fn verify_in(&self, namespace: &str, msg: &[u8], armored: &str) -> Result<(), SignError> {
        let sig =
            SshSig::from_pem(armored.trim()).map_err(|e| SignError::Malformed(e.to_string()))?;
        let signer = VerifyingKey::from_sig(&sig);
        let key = if signer.key.key_data() == self.key.key_data() {
            &self.key
        } else if let Some((k, _)) = self
            .chain
            .iter()
            .find(|(k, _)| k.key_data() == signer.key.key_data())
        {
            k
        } else {
            return Err(SignError::UntrustedSigner {
                found: signer.fingerprint(),
                expected: self.fingerprint(),
            });
        };
        key.verify(namespace, msg, &sig)
            .map_err(|_| SignError::BadSignature)
    }

    fn from_sig(sig: &SshSig) -> VerifyingKey {
        VerifyingKey::of(PublicKey::from(sig.public_key().clone()))
    }

    /// The key that made `armored` (not a trust decision: the caller must
    /// compare it with a key it trusts).
    pub fn signer_of(armored: &str) -> Result<VerifyingKey, SignError> {
        let sig =
            SshSig::from_pem(armored.trim()).map_err(|e| SignError::Malformed(e.to_string()))?;
        Ok(VerifyingKey::from_sig(&sig))
    }
}
