//! The vault's chain of signing keys (spec/format.md "Signing-key
//! rotation"): each rotation is a statement naming the previous and the
//! next public key, signed by both (the previous key's last act), and a
//! revocation names a key of the chain whose signatures made after a time
//! are refused. From a pinned first key and the statements, [`resolve`]
//! gives the trusted [`VerifyingKey`]: the current key, accepting its
//! predecessors.

use serde::{Deserialize, Serialize};

use super::sign::{SignError, SigningKey, VerifyingKey};

/// The SSHSIG namespace of rotation and revocation statements.
pub const NAMESPACE: &str = "coffer-signer-rotation";
pub const ROTATION_FORMAT: &str = "coffer-signer-rotation";
pub const REVOCATION_FORMAT: &str = "coffer-signer-revocation";

/// "Key `previous` hands over to key `next`."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rotation {
    pub format: String,
    pub version: u32,
    /// 1 for the first rotation of the vault, then 2, 3, ...
    pub seq: u64,
    /// RFC 3339, UTC.
    pub at: String,
    /// `ssh-ed25519 AAAA...` (no comment).
    pub previous: String,
    pub next: String,
}

/// A rotation with its exact bytes and both signatures.
#[derive(Debug, Clone)]
pub struct SignedRotation {
    pub statement: Rotation,
    pub bytes: Vec<u8>,
    pub sig_previous: String,
    pub sig_next: String,
}

/// "Signatures by key `fingerprint` made after `after` are forged."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub format: String,
    pub version: u32,
    pub fingerprint: String,
    /// RFC 3339: seals created after this time by that key are refused.
    pub after: String,
    pub at: String,
}

#[derive(Debug, Clone)]
pub struct SignedRevocation {
    pub statement: Revocation,
    pub bytes: Vec<u8>,
    pub signature: String,
}

fn bare(k: &VerifyingKey) -> String {
    // The key without its comment: comments are not part of the identity.
    let s = k.to_openssh();
    s.split(' ').take(2).collect::<Vec<_>>().join(" ")
}

fn json(v: &impl Serialize) -> Result<Vec<u8>, SignError> {
    let mut b = serde_json::to_vec_pretty(v).map_err(|e| SignError::Malformed(e.to_string()))?;
    b.push(b'\n');
    Ok(b)
}

/// The statement handing `old` over to `new`, signed by both.
pub fn rotate(
    old: &SigningKey,
    new: &SigningKey,
    seq: u64,
    at: &str,
) -> Result<SignedRotation, SignError> {
    let statement = Rotation {
        format: ROTATION_FORMAT.into(),
        version: 1,
        seq,
        at: at.into(),
        previous: bare(&old.verifying_key()),
        next: bare(&new.verifying_key()),
    };
    let bytes = json(&statement)?;
    Ok(SignedRotation {
        sig_previous: old.sign_in(NAMESPACE, &bytes)?,
        sig_next: new.sign_in(NAMESPACE, &bytes)?,
        statement,
        bytes,
    })
}

/// The statement revoking `fingerprint` after `after`, signed by `by`.
pub fn revoke(
    by: &SigningKey,
    fingerprint: &str,
    after: &str,
    at: &str,
) -> Result<SignedRevocation, SignError> {
    let statement = Revocation {
        format: REVOCATION_FORMAT.into(),
        version: 1,
        fingerprint: fingerprint.into(),
        after: after.into(),
        at: at.into(),
    };
    let bytes = json(&statement)?;
    Ok(SignedRevocation {
        signature: by.sign_in(NAMESPACE, &bytes)?,
        statement,
        bytes,
    })
}

impl SignedRotation {
    pub fn parse(
        bytes: Vec<u8>,
        sig_previous: String,
        sig_next: String,
    ) -> Result<Self, SignError> {
        let statement: Rotation = serde_json::from_slice(&bytes)
            .map_err(|e| SignError::Malformed(format!("rotation statement: {e}")))?;
        if statement.format != ROTATION_FORMAT || statement.version != 1 {
            return Err(SignError::Malformed(
                "not a coffer signer rotation statement of version 1".into(),
            ));
        }
        Ok(SignedRotation {
            statement,
            bytes,
            sig_previous,
            sig_next,
        })
    }
}

impl SignedRevocation {
    pub fn parse(bytes: Vec<u8>, signature: String) -> Result<Self, SignError> {
        let statement: Revocation = serde_json::from_slice(&bytes)
            .map_err(|e| SignError::Malformed(format!("revocation statement: {e}")))?;
        if statement.format != REVOCATION_FORMAT || statement.version != 1 {
            return Err(SignError::Malformed(
                "not a coffer signer revocation statement of version 1".into(),
            ));
        }
        Ok(SignedRevocation {
            statement,
            bytes,
            signature,
        })
    }
}

/// The trusted signer from the vault's first key `root`, the rotation
/// statements (any order) and revocations: `head` (the current key), which
/// must be the chain's last key, accepting every earlier key of the chain
/// (each with its revocation time, if revoked). A statement that does not
/// verify, a gap, a fork or a chain that does not end at `head` is an
/// error: then no predecessor is trusted.
pub fn resolve(
    root: &VerifyingKey,
    head: &VerifyingKey,
    rotations: &[SignedRotation],
    revocations: &[SignedRevocation],
) -> Result<VerifyingKey, SignError> {
    let mut sorted: Vec<&SignedRotation> = rotations.iter().collect();
    sorted.sort_by_key(|r| r.statement.seq);
    let mut cur = root.clone();
    let mut earlier: Vec<VerifyingKey> = Vec::new();
    for (i, r) in sorted.iter().enumerate() {
        let want = i as u64 + 1;
        let broken = |why: String| {
            SignError::Malformed(format!(
                "signing-key chain broken at rotation {want}: {why}"
            ))
        };
        if r.statement.seq != want {
            return Err(broken(format!(
                "found seq {} (a rotation is missing or duplicated)",
                r.statement.seq
            )));
        }
        if r.statement.previous != bare(&cur) {
            return Err(broken(format!(
                "it hands over from {}, not from the chain's key {}",
                r.statement.previous,
                cur.fingerprint()
            )));
        }
        cur.verify_in(NAMESPACE, &r.bytes, &r.sig_previous)
            .map_err(|e| broken(format!("the previous key's signature: {e}")))?;
        let next = VerifyingKey::parse(&r.statement.next).map_err(broken)?;
        next.verify_in(NAMESPACE, &r.bytes, &r.sig_next)
            .map_err(|e| broken(format!("the next key's signature: {e}")))?;
        earlier.push(cur);
        cur = next;
    }
    if bare(&cur) != bare(head) {
        return Err(SignError::Malformed(format!(
            "signing-key chain: it ends at {}, but the vault signs with {}",
            cur.fingerprint(),
            head.fingerprint()
        )));
    }
    let chain_keys: Vec<VerifyingKey> = earlier.iter().chain([head]).cloned().collect();
    let mut revoked: Vec<(String, jiff::Timestamp)> = Vec::new();
    for rv in revocations {
        // Signed by a key of the chain other than the one it revokes.
        let by = VerifyingKey::signer_of(&rv.signature)?;
        if by.fingerprint() == rv.statement.fingerprint
            || !chain_keys.iter().any(|k| bare(k) == bare(&by))
        {
            return Err(SignError::Malformed(format!(
                "a revocation of {} is not signed by another key of the chain",
                rv.statement.fingerprint
            )));
        }
        by.verify_in(NAMESPACE, &rv.bytes, &rv.signature)?;
        let after = rv.statement.after.parse::<jiff::Timestamp>().map_err(|e| {
            SignError::Malformed(format!(
                "revocation of {}: after: {e}",
                rv.statement.fingerprint
            ))
        })?;
        revoked.push((rv.statement.fingerprint.clone(), after));
    }
    let preds = earlier
        .into_iter()
        .map(|k| {
            let r = revoked
                .iter()
                .filter(|(f, _)| *f == k.fingerprint())
                .map(|(_, t)| *t)
                .min();
            (k, r)
        })
        .collect();
    let head_revoked = revoked
        .iter()
        .filter(|(f, _)| *f == head.fingerprint())
        .map(|(_, t)| *t)
        .min();
    Ok(head.clone().with_chain(preds, head_revoked))
}

/// Entry point of the `chain` fuzz target and of tests/fuzz_corpus.rs:
/// `data` is a vault's `signers/` statements, NUL-separated: a rotation
/// statement's JSON followed by its previous and next key's signatures, a
/// revocation's JSON followed by its signature, in any order (a field that
/// is neither is skipped). Each is parsed as `pipeline::signers` parses it,
/// and the chain resolved from `root` to the key the last rotation names
/// (or `root` itself); a chain that resolves then checks every statement's
/// signatures and revocation times through the trusted key. Must never
/// panic.
#[doc(hidden)]
pub fn fuzz_chain(data: &[u8], root: &VerifyingKey) {
    let fields: Vec<&[u8]> = data.split(|b| *b == 0).collect();
    let text = |i: usize| {
        fields
            .get(i)
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .unwrap_or_default()
    };
    let mut rotations = Vec::new();
    let mut revocations = Vec::new();
    let mut i = 0;
    while i < fields.len() {
        let bytes = fields[i].to_vec();
        if let Ok(r) = SignedRotation::parse(bytes.clone(), text(i + 1), text(i + 2)) {
            rotations.push(r);
            i += 3;
        } else if let Ok(r) = SignedRevocation::parse(bytes, text(i + 1)) {
            revocations.push(r);
            i += 2;
        } else {
            i += 1;
        }
    }
    let head = rotations
        .iter()
        .max_by_key(|r| r.statement.seq)
        .and_then(|r| VerifyingKey::parse(&r.statement.next).ok())
        .unwrap_or_else(|| root.clone());
    let Ok(trusted) = resolve(root, &head, &rotations, &revocations) else {
        return;
    };
    for r in &rotations {
        let _ = trusted.verify_in(NAMESPACE, &r.bytes, &r.sig_previous);
        let _ = trusted.verify_in(NAMESPACE, &r.bytes, &r.sig_next);
    }
    for r in &revocations {
        let _ = trusted.verify_in(NAMESPACE, &r.bytes, &r.signature);
        let _ = trusted.revoked_after(&r.statement.fingerprint);
    }
    let _ = trusted.revoked_after(&root.fingerprint());
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(n: &str) -> SigningKey {
        SigningKey::generate(n).unwrap()
    }

    #[test]
    fn a_chain_of_three_keys_verifies_and_a_broken_one_is_refused() {
        let (k1, k2, k3) = (key("one"), key("two"), key("three"));
        let r1 = rotate(&k1, &k2, 1, "2027-01-01T00:00:00Z").unwrap();
        let r2 = rotate(&k2, &k3, 2, "2028-01-01T00:00:00Z").unwrap();
        let (root, head) = (k1.verifying_key(), k3.verifying_key());
        let trusted = resolve(&root, &head, &[r2.clone(), r1.clone()], &[]).unwrap();
        for k in [&k1, &k2, &k3] {
            let sig = k.sign(b"seal").unwrap();
            assert!(trusted.verify(b"seal", &sig).is_ok());
        }
        let stranger = key("stranger");
        assert!(
            trusted
                .verify(b"seal", &stranger.sign(b"seal").unwrap())
                .is_err()
        );

        // A gap, a forged hand-over, a chain not ending at the head.
        assert!(resolve(&root, &head, std::slice::from_ref(&r2), &[]).is_err());
        let forged = rotate(&stranger, &k3, 2, "2028-01-01T00:00:00Z").unwrap();
        assert!(resolve(&root, &head, &[r1.clone(), forged], &[]).is_err());
        let mut tampered = r2.clone();
        tampered.sig_previous = k3.sign_in(NAMESPACE, &r2.bytes).unwrap();
        assert!(resolve(&root, &head, &[r1.clone(), tampered], &[]).is_err());
        assert!(resolve(&root, &k2.verifying_key(), &[r1.clone(), r2.clone()], &[]).is_err());
        assert!(
            resolve(
                &stranger.verifying_key(),
                &head,
                &[r1.clone(), r2.clone()],
                &[]
            )
            .is_err()
        );

        // A revocation of k2 after a time, by k3.
        let fp2 = k2.verifying_key().fingerprint();
        let rv = revoke(&k3, &fp2, "2027-06-01T00:00:00Z", "2027-06-02T00:00:00Z").unwrap();
        let t = resolve(&root, &head, &[r1.clone(), r2.clone()], &[rv]).unwrap();
        assert_eq!(
            t.revoked_after(&fp2),
            Some("2027-06-01T00:00:00Z".parse().unwrap())
        );
        // A key cannot revoke itself, nor a stranger revoke anyone.
        let selfish = revoke(&k2, &fp2, "2027-06-01T00:00:00Z", "x").unwrap();
        assert!(resolve(&root, &head, &[r1.clone(), r2.clone()], &[selfish]).is_err());
        let alien = revoke(&stranger, &fp2, "2027-06-01T00:00:00Z", "x").unwrap();
        assert!(resolve(&root, &head, &[r1, r2], &[alien]).is_err());
    }
}
