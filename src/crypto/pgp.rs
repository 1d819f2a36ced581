//! The OpenPGP encryption layer through sequoia (spec "Layer 1: OpenPGP").
//!
//! gpg 2.2 must read what we write, so messages are always SEIPD v1 (with
//! MDC) and AES-256: we never call `aead_algo()`, and certificate recipients
//! are built with features that only advertise SEIPD v1 (research/crates.md §5).

use std::io::{self, BufRead, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use age::secrecy::{ExposeSecret, SecretString};
use sequoia_openpgp as openpgp;

use openpgp::cert::CertParser;
use openpgp::crypto::{Password, SessionKey};
use openpgp::packet::{Key, PKESK, SKESK, key};
use openpgp::parse::Parse;
use openpgp::parse::stream::{
    DecryptionHelper, DecryptorBuilder, MessageStructure, VerificationHelper,
};
use openpgp::policy::StandardPolicy;
use openpgp::serialize::stream::{Encryptor, LiteralWriter, Message, Recipient};
use openpgp::types::{Features, SymmetricAlgorithm};
use openpgp::{Cert, KeyHandle};

use super::{Error, Mode, Result};

static POLICY: StandardPolicy<'static> = StandardPolicy::new();

pub fn fingerprint(cert: &Cert) -> String {
    format!("openpgp:{}", cert.fingerprint().to_hex())
}

/// The keys of `cert` that messages are encrypted to: valid under the
/// standard policy, alive, not revoked, for storage and transport.
pub(super) fn encryption_keys(
    cert: &Cert,
) -> impl Iterator<Item = &Key<key::PublicParts, key::UnspecifiedRole>> {
    cert.keys()
        .with_policy(&POLICY, None)
        .supported()
        .alive()
        .revoked(false)
        .for_storage_encryption()
        .for_transport_encryption()
        .map(|ka| ka.key())
}

pub fn read_certs(path: &Path) -> Result<Vec<Cert>> {
    let bad = |reason: String| Error::KeyFile {
        path: path.display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let certs = CertParser::from_bytes(&bytes)
        .map_err(|e| bad(format!("not an OpenPGP certificate: {e}")))?
        .collect::<openpgp::Result<Vec<Cert>>>()
        .map_err(|e| bad(format!("not an OpenPGP certificate: {e}")))?;
    if certs.is_empty() {
        return Err(bad("no OpenPGP certificate in file".into()));
    }
    for c in &certs {
        if encryption_keys(c).next().is_none() {
            return Err(bad(format!(
                "certificate {} has no usable encryption key",
                c.fingerprint()
            )));
        }
    }
    Ok(certs)
}

pub fn read_secret_certs(bytes: &[u8]) -> std::result::Result<Vec<Cert>, String> {
    let certs = CertParser::from_bytes(bytes)
        .map_err(|e| format!("not an OpenPGP key: {e}"))?
        .collect::<openpgp::Result<Vec<Cert>>>()
        .map_err(|e| format!("not an OpenPGP key: {e}"))?;
    if !certs.iter().any(|c| c.is_tsk()) {
        return Err("the OpenPGP key file holds no secret key".into());
    }
    Ok(certs)
}

pub fn encrypt_to_certs<'a, W: Write + Send + Sync + 'a>(
    certs: &'a [Cert],
    out: W,
) -> Result<Message<'a>> {
    let mut recipients: Vec<Recipient<'_>> = Vec::new();
    for c in certs {
        for key in encryption_keys(c) {
            // Force SEIPD v1 even for v6-capable keys: gpg 2.2 cannot read v2.
            recipients.push(Recipient::new(
                Features::empty().set_seipdv1(),
                KeyHandle::from(key.keyid()),
                key,
            ));
        }
    }
    let message = Message::new(out);
    let message = Encryptor::for_recipients(message, recipients)
        .symmetric_algo(SymmetricAlgorithm::AES256)
        .build()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    LiteralWriter::new(message)
        .build()
        .map_err(|e| Error::Corrupt(e.to_string()))
}

pub fn encrypt_with_password<'a, W: Write + Send + Sync + 'a>(
    p: &SecretString,
    out: W,
) -> Result<Message<'a>> {
    let message = Message::new(out);
    let password = Password::from(p.expose_secret());
    let message = Encryptor::with_passwords(message, Some(password))
        .symmetric_algo(SymmetricAlgorithm::AES256)
        .build()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    LiteralWriter::new(message)
        .build()
        .map_err(|e| Error::Corrupt(e.to_string()))
}

struct Helper {
    certs: Vec<Cert>,
    passphrase: Option<SecretString>,
    /// Set when a session key was accepted, so a later failure is corruption,
    /// not a wrong key.
    opened: Arc<AtomicBool>,
    symmetric: Arc<AtomicBool>,
    /// Where the session key sequoia accepted is kept, when asked for
    /// (`coffer rekey` wraps it again to new recipients).
    captured: Option<Captured>,
}

/// The payload's cipher and session key, once sequoia accepted them.
pub(super) type Captured = Arc<Mutex<Option<(SymmetricAlgorithm, SessionKey)>>>;

impl VerificationHelper for Helper {
    fn get_certs(&mut self, _ids: &[KeyHandle]) -> openpgp::Result<Vec<Cert>> {
        Ok(Vec::new())
    }
    fn check(&mut self, _structure: MessageStructure) -> openpgp::Result<()> {
        // Authenticity comes from the signed seal (spec "Seal"), not from
        // OpenPGP signatures; coffer writes none.
        Ok(())
    }
}

impl DecryptionHelper for Helper {
    fn decrypt(
        &mut self,
        pkesks: &[PKESK],
        skesks: &[SKESK],
        sym_algo: Option<SymmetricAlgorithm>,
        decrypt: &mut dyn FnMut(Option<SymmetricAlgorithm>, &SessionKey) -> bool,
    ) -> openpgp::Result<Option<Cert>> {
        let captured = self.captured.clone();
        let mut decrypt = |algo: Option<SymmetricAlgorithm>, sk: &SessionKey| {
            let accepted = decrypt(algo, sk);
            if accepted
                && let Some(c) = &captured
                && let Ok(mut slot) = c.lock()
            {
                *slot = algo.or(sym_algo).map(|a| (a, sk.clone()));
            }
            accepted
        };
        for pkesk in pkesks {
            for cert in &self.certs {
                for ka in cert
                    .keys()
                    .with_policy(&POLICY, None)
                    .supported()
                    .unencrypted_secret()
                    .for_storage_encryption()
                    .for_transport_encryption()
                {
                    let Ok(mut pair) = ka.key().clone().into_keypair() else {
                        continue;
                    };
                    if let Some((algo, sk)) = pkesk.decrypt(&mut pair, sym_algo)
                        && decrypt(algo, &sk)
                    {
                        self.opened.store(true, Ordering::SeqCst);
                        return Ok(Some(cert.clone()));
                    }
                }
            }
        }
        if !skesks.is_empty() {
            self.symmetric.store(true, Ordering::SeqCst);
        }
        if let Some(p) = &self.passphrase {
            let password = Password::from(p.expose_secret());
            for skesk in skesks {
                if let Ok((algo, sk)) = skesk.decrypt(&password)
                    && decrypt(algo, &sk)
                {
                    self.opened.store(true, Ordering::SeqCst);
                    return Ok(None);
                }
            }
        }
        Err(anyhow::anyhow!("no matching key"))
    }
}

pub fn decrypt<R: BufRead + Send + Sync + 'static>(
    certs: Vec<Cert>,
    passphrase: Option<SecretString>,
    input: R,
) -> Result<(Mode, Box<dyn Read + Send>)> {
    decrypt_capturing(certs, passphrase, input, None)
}

/// [`decrypt`], keeping the session key sequoia accepts in `captured`.
pub(super) fn decrypt_capturing<R: BufRead + Send + Sync + 'static>(
    certs: Vec<Cert>,
    passphrase: Option<SecretString>,
    mut input: R,
    captured: Option<Captured>,
) -> Result<(Mode, Box<dyn Read + Send>)> {
    let mut head = Vec::with_capacity(HEAD);
    (&mut input)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(Error::from_read)?;
    if seipd_body_too_short(&head) {
        return Err(Error::Truncated);
    }
    let input = io::Cursor::new(head).chain(input);
    let opened = Arc::new(AtomicBool::new(false));
    let symmetric = Arc::new(AtomicBool::new(false));
    let has_pass = passphrase.is_some();
    let helper = Helper {
        certs,
        passphrase,
        opened: opened.clone(),
        symmetric: symmetric.clone(),
        captured,
    };
    let builder = DecryptorBuilder::from_reader(input).map_err(|e| classify(e, false))?;
    // Small buffer: coffer checks integrity itself (seal + manifest), so the
    // decryptor need not hold back data to verify signatures.
    let dec = builder
        .buffer_size(PGP_BUFFER)
        .with_policy(&POLICY, None, helper)
        .map_err(|e| {
            if opened.load(Ordering::SeqCst) {
                classify(e, true)
            } else if symmetric.load(Ordering::SeqCst) {
                if has_pass {
                    Error::WrongPassphrase
                } else {
                    Error::NeedsPassphrase
                }
            } else if is_eof(&e) {
                Error::Truncated
            } else if e.to_string().contains("no matching key") {
                Error::NoMatchingKey
            } else {
                classify(e, false)
            }
        })?;
    let mode = if symmetric.load(Ordering::SeqCst) {
        Mode::OpenPgpSymmetric
    } else {
        Mode::OpenPgp
    };
    Ok((mode, Box::new(PgpReader(dec))))
}

/// How much of a message [`seipd_body_too_short`] looks at.
const HEAD: usize = 64 * 1024;

/// The least a SEIPD v1 body holds: its version octet, the IV prefix
/// (block size + 2) and the MDC packet (22 bytes), for AES's 16-byte blocks.
const SEIPD_MIN_BODY: usize = 1 + 16 + 2 + 22;

/// Whether the first SEIPD v1 packet of `head` (the start of a message, or
/// all of it) has a body shorter than [`SEIPD_MIN_BODY`], counting only the
/// bytes present. sequoia 2.4 panics on such a packet (an `unwrap` in
/// `PacketParser::decrypt_` after the session key is accepted) instead of
/// reporting it, so it is refused before sequoia sees it: a cut (or a
/// damaged length) there is a truncated message. Only packet headers are
/// read (RFC 4880 4.2); anything unexpected is left to sequoia.
fn seipd_body_too_short(head: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&ctb) = head.get(i) {
        if ctb & 0x80 == 0 {
            return false;
        }
        // (tag, header length, body length or None for "to the end", partial)
        let (tag, hlen, len, partial) = if ctb & 0x40 != 0 {
            let Some((octets, len, partial)) = new_length(head, i + 1) else {
                return false;
            };
            (ctb & 0x3f, 1 + octets, len, partial)
        } else {
            let width = match ctb & 3 {
                0 => 1,
                1 => 2,
                2 => 4,
                _ => 0,
            };
            let Some(b) = head.get(i + 1..i + 1 + width) else {
                return false;
            };
            let len = (width > 0).then(|| b.iter().fold(0usize, |n, x| (n << 8) | usize::from(*x)));
            ((ctb >> 2) & 0x0f, 1 + width, len, false)
        };
        let body = i + hlen;
        if tag != 18 {
            match len {
                Some(n) if !partial => {
                    i = body.saturating_add(n);
                    continue;
                }
                _ => return false,
            }
        }
        // SEIPD: count the body bytes present, chunk by chunk.
        let mut have = 0usize;
        let (mut at, mut len, mut partial) = (body, len, partial);
        loop {
            let present = head.len().saturating_sub(at);
            have += len.map_or(present, |n| n.min(present));
            if have >= SEIPD_MIN_BODY || !partial {
                break;
            }
            let Some(n) = len else { break };
            at = at.saturating_add(n);
            let Some((octets, next, more)) = new_length(head, at) else {
                break;
            };
            (len, partial, at) = (next, more, at + octets);
        }
        // Near the end of what was read, more may follow in the input.
        let complete = head.len() < HEAD;
        return have < SEIPD_MIN_BODY && (complete || len.is_some_and(|n| n < SEIPD_MIN_BODY));
    }
    false
}

/// A new-format length at `head[at..]` (RFC 4880 4.2.2): the octets it
/// takes, the length (`None` if it does not fit a usize) and whether it is
/// a partial body length. `None` if `head` ends inside it.
pub(super) fn new_length(head: &[u8], at: usize) -> Option<(usize, Option<usize>, bool)> {
    let o1 = usize::from(*head.get(at)?);
    Some(match o1 {
        0..=191 => (1, Some(o1), false),
        192..=223 => {
            let o2 = usize::from(*head.get(at + 1)?);
            (2, Some(((o1 - 192) << 8) + o2 + 192), false)
        }
        255 => {
            let b = head.get(at + 1..at + 5)?;
            let n = u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            (5, usize::try_from(n).ok(), false)
        }
        _ => (1, Some(1 << (o1 & 0x1f)), true),
    })
}

fn is_eof(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::UnexpectedEof)
    }) || e.to_string().to_lowercase().contains("unexpected eof")
}

fn classify(e: anyhow::Error, _opened: bool) -> Error {
    if is_eof(&e) {
        Error::Truncated
    } else {
        Error::Corrupt(e.to_string())
    }
}

/// What sequoia's decryptor holds back, and the most [`PgpReader`] asks it
/// for at once. A read larger than the decryptor's buffer makes sequoia
/// (2.4) believe it is near the end of the message and buffer the whole
/// rest of it in memory (hundreds of MiB for a large archive), so reads are
/// capped at the buffer size: memory stays constant (spec "Limits").
const PGP_BUFFER: usize = 64 * 1024;

/// Maps sequoia's read errors to the archive's failure classes.
struct PgpReader<'a, H: VerificationHelper + DecryptionHelper>(
    openpgp::parse::stream::Decryptor<'a, H>,
);

impl<H: VerificationHelper + DecryptionHelper> Read for PgpReader<'_, H> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(PGP_BUFFER);
        self.0.read(&mut buf[..n]).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof
                || e.to_string().to_lowercase().contains("unexpected eof")
            {
                io::Error::new(io::ErrorKind::UnexpectedEof, e.to_string())
            } else if e.kind() == io::ErrorKind::Other || e.kind() == io::ErrorKind::InvalidData {
                io::Error::new(io::ErrorKind::InvalidData, e.to_string())
            } else {
                e
            }
        })
    }
}

/// A new OpenPGP key (for tests and `keygen --openpgp`): (secret key armored, cert armored).
pub fn generate(user_id: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    use openpgp::cert::CertBuilder;
    use openpgp::serialize::SerializeInto;
    let (cert, _rev) = CertBuilder::general_purpose(Some(user_id))
        .generate()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    let secret = cert
        .as_tsk()
        .armored()
        .to_vec()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    let public = cert
        .armored()
        .to_vec()
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok((secret, public))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// To a certificate (fast to open) or with a passphrase (an iterated
    /// S2K: slow, so only the cuts near the end are tried).
    enum Key {
        Cert(Vec<Cert>),
        Pass(SecretString),
    }

    fn message(key: &Key, len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = match key {
            Key::Cert(c) => encrypt_to_certs(c, &mut out).unwrap(),
            Key::Pass(p) => encrypt_with_password(p, &mut out).unwrap(),
        };
        w.write_all(&vec![7u8; len]).unwrap();
        w.finalize().unwrap();
        out
    }

    fn open(key: &Key, bytes: Vec<u8>) -> Result<Vec<u8>> {
        let (certs, pass) = match key {
            Key::Cert(c) => (c.clone(), None),
            Key::Pass(p) => (Vec::new(), Some(p.clone())),
        };
        let (_, mut r) = decrypt(certs, pass, io::Cursor::new(bytes))?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(Error::from_read)?;
        Ok(out)
    }

    /// sequoia 2.4 panics when a SEIPD v1 body is shorter than its version,
    /// IV prefix and MDC (an unwrap in `PacketParser::decrypt_`); every cut
    /// and every flipped byte of a message must be an error instead.
    #[test]
    fn every_cut_and_flip_is_an_error_not_a_panic() {
        let (secret, _) = generate("t <t@example.org>").unwrap();
        let cert = Key::Cert(read_secret_certs(&secret).unwrap());
        let pass = Key::Pass(SecretString::from("pw".to_owned()));
        for (key, len) in [(&cert, 0), (&cert, 1), (&cert, 700), (&pass, 0)] {
            let m = message(key, len);
            assert_eq!(open(key, m.clone()).unwrap(), vec![7u8; len]);
            let from = match key {
                Key::Cert(_) => 0,
                Key::Pass(_) => m.len() - 50,
            };
            for at in from..m.len() {
                assert!(open(key, m[..at].to_vec()).is_err(), "cut at {at}");
                if let Key::Cert(_) = key {
                    for bit in [0x01, 0x10, 0x80] {
                        let mut bad = m.clone();
                        bad[at] ^= bit;
                        let _ = open(key, bad);
                    }
                }
            }
        }
    }

    #[test]
    fn short_seipd_bodies_are_found_behind_other_packets() {
        // SKESK (new format, 3 bytes), then SEIPD with a 10-byte body.
        let mut m = vec![0xc3, 0x01, 0x04, 0xd2, 0x0a];
        m.extend([0u8; 10]);
        assert!(seipd_body_too_short(&m));
        // The same declared 60 bytes long but cut at 10: still short (the
        // whole message was read).
        m[4] = 60;
        assert!(seipd_body_too_short(&m));
        m.extend([0u8; 50]);
        assert!(!seipd_body_too_short(&m));
        // Partial body lengths: a 1-byte chunk, then the rest.
        let mut p = vec![0xd2, 0xe0, 0x01, 0x05, 1, 2, 3, 4, 5];
        assert!(seipd_body_too_short(&p));
        p[3] = 60;
        p.extend([0u8; 55]);
        assert!(!seipd_body_too_short(&p));
        // Not OpenPGP, or no SEIPD: left to sequoia.
        assert!(!seipd_body_too_short(b"age-encryption.org/v1"));
        assert!(!seipd_body_too_short(&[0xc3, 0x05, 1]));
    }
}
