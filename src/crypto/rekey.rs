//! Rewriting the recipients of an age file without touching its payload
//! (spec/format.md "Rekey"; age-encryption.org/v1).
//!
//! An age file is a text header (the version line, one recipient stanza
//! per recipient, each wrapping the same 16-byte file key, and a MAC line)
//! followed by the payload: a 16-byte nonce and the STREAM ciphertext,
//! both keyed from the file key and that nonce alone. Unwrapping the file
//! key with one identity and wrapping it again to new recipients therefore
//! gives a new header in front of the very same payload bytes.
//!
//! The header MAC is HMAC-SHA256 keyed with HKDF-SHA256(ikm = file key,
//! salt = empty, info = "header"), over the header up to and including the
//! `---` of the MAC line. The old MAC is checked before anything is
//! trusted: an identity that unwraps a stanza of a forged header gets
//! nowhere.

use std::io::{BufRead, Read};

use age::secrecy::ExposeSecret;
use age_core::format::{FileKey, Stanza};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

use super::{AGE_MAGIC, Error, Keys, Result};

/// The largest header read: thousands of recipients fit; a file whose
/// header runs on beyond it is not one coffer wrote.
pub const MAX_HEADER: usize = 1 << 20;

/// The stanza type of a passphrase (scrypt) recipient: alone in its header.
const SCRYPT_TAG: &str = "scrypt";

/// A parsed age v1 header.
#[derive(Debug)]
pub struct AgeHeader {
    pub stanzas: Vec<Stanza>,
    /// The header's exact bytes, MAC line included (what precedes the payload).
    pub bytes: Vec<u8>,
    /// How many of `bytes` the MAC covers (through `---`).
    mac_input: usize,
    mac: [u8; 32],
}

impl AgeHeader {
    /// Whether this is a passphrase (scrypt) file.
    pub fn is_scrypt(&self) -> bool {
        self.stanzas.iter().any(|s| s.tag == SCRYPT_TAG)
    }

    /// Reads the header from `input`, leaving `input` at the first payload
    /// byte (the nonce).
    pub fn read<R: BufRead>(input: &mut R) -> Result<AgeHeader> {
        let damaged = |what: &str| Error::Corrupt(format!("the age header is damaged: {what}"));
        let mut bytes = Vec::new();
        let mut line = Vec::new();
        let mut next_line = |bytes: &mut Vec<u8>, line: &mut Vec<u8>| -> Result<()> {
            line.clear();
            let limit = (MAX_HEADER - bytes.len().min(MAX_HEADER)) as u64 + 1;
            let n = input
                .by_ref()
                .take(limit)
                .read_until(b'\n', line)
                .map_err(Error::from_read)?;
            if n == 0 || line.last() != Some(&b'\n') {
                return Err(if bytes.len() + n > MAX_HEADER {
                    damaged("longer than 1 MiB")
                } else {
                    Error::Truncated
                });
            }
            bytes.extend_from_slice(line);
            Ok(())
        };
        next_line(&mut bytes, &mut line)?;
        if line != AGE_MAGIC {
            return Err(Error::NotAnArchive);
        }
        let mut stanzas = Vec::new();
        loop {
            next_line(&mut bytes, &mut line)?;
            if let Some(mac) = line.strip_prefix(b"--- ") {
                let mac_input = bytes.len() - line.len() + 3;
                let text = mac.strip_suffix(b"\n").unwrap_or(mac);
                let mac = B64
                    .decode(text)
                    .ok()
                    .and_then(|m| <[u8; 32]>::try_from(m).ok())
                    .ok_or_else(|| damaged("bad MAC line"))?;
                if stanzas.is_empty() {
                    return Err(damaged("no recipient stanza"));
                }
                return Ok(AgeHeader {
                    stanzas,
                    bytes,
                    mac_input,
                    mac,
                });
            }
            let Some(args) = line.strip_prefix(b"-> ") else {
                return Err(damaged("expected a stanza or the MAC line"));
            };
            let args = std::str::from_utf8(args.strip_suffix(b"\n").unwrap_or(args))
                .map_err(|_| damaged("a stanza line is not ASCII"))?;
            let mut parts = args.split(' ');
            let tag = parts.next().unwrap_or_default().to_owned();
            let args: Vec<String> = parts.map(str::to_owned).collect();
            if std::iter::once(&tag)
                .chain(&args)
                .any(|a| a.is_empty() || !a.bytes().all(|b| (33..=126).contains(&b)))
            {
                return Err(damaged("a stanza argument is empty or not printable"));
            }
            // Body: base64 lines of 64 characters, ended by a shorter one.
            let mut body = Vec::new();
            loop {
                next_line(&mut bytes, &mut line)?;
                let l = &line[..line.len() - 1];
                if l.len() > 64
                    || !l
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
                {
                    return Err(damaged("a stanza body line is not base64"));
                }
                body.extend_from_slice(l);
                if l.len() < 64 {
                    break;
                }
            }
            let body = B64
                .decode(&body)
                .map_err(|_| damaged("a stanza body is not canonical base64"))?;
            stanzas.push(Stanza { tag, args, body });
        }
    }

    /// Checks the header MAC with `file_key`.
    fn check_mac(&self, file_key: &FileKey) -> Result<()> {
        let mut m = header_mac(file_key)?;
        m.update(&self.bytes[..self.mac_input]);
        m.verify_slice(&self.mac)
            .map_err(|_| Error::Corrupt("the age header's MAC does not verify".into()))
    }
}

/// HMAC-SHA256 keyed with HKDF-SHA256(file key, salt "", info "header").
fn header_mac(file_key: &FileKey) -> Result<hmac::Hmac<Sha256>> {
    let hmac = |key: &[u8]| {
        <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
            .map_err(|e| Error::Corrupt(format!("HMAC: {e}")))
    };
    // HKDF-Extract with an empty salt is HMAC keyed with HashLen zeros
    // (RFC 5869 §2.2); one Expand block gives the 32 bytes needed.
    let mut extract = hmac(&[0u8; 32])?;
    extract.update(file_key.expose_secret());
    let mut prk = zeroize::Zeroizing::new([0u8; 32]);
    prk.copy_from_slice(&extract.finalize().into_bytes());
    let mut expand = hmac(&prk[..])?;
    expand.update(b"header");
    expand.update(&[1]);
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&expand.finalize().into_bytes());
    hmac(&key[..])
}

impl Keys {
    /// The file key of an age header, unwrapped with these keys (an age
    /// identity, or the passphrase of a scrypt file) and checked against
    /// the header's MAC.
    pub fn age_file_key(&self, header: &AgeHeader) -> Result<FileKey> {
        let found = if header.is_scrypt() {
            if header.stanzas.len() != 1 {
                return Err(Error::Corrupt(
                    "an age passphrase stanza must be the only one in its header".into(),
                ));
            }
            let Some(p) = &self.passphrase else {
                return Err(Error::NeedsPassphrase);
            };
            let mut id = age::scrypt::Identity::new(age::secrecy::SecretString::from(
                p.expose_secret().to_owned(),
            ));
            if let Some(n) = self.max_scrypt_log_n {
                id.set_max_work_factor(n);
            }
            match age::Identity::unwrap_stanzas(&id, &header.stanzas) {
                Some(Ok(k)) => k,
                Some(Err(age::DecryptError::DecryptionFailed)) | None => {
                    return Err(Error::WrongPassphrase);
                }
                Some(Err(e)) => return Err(super::age_error(e)),
            }
        } else {
            if self.age.is_empty() {
                return Err(if self.passphrase.is_some() {
                    Error::NeedsIdentity
                } else {
                    Error::NoMatchingKey
                });
            }
            let mut found = None;
            for id in &self.age {
                match id.unwrap_stanzas(&header.stanzas) {
                    Some(Ok(k)) => {
                        found = Some(k);
                        break;
                    }
                    Some(Err(e)) => return Err(super::age_error(e)),
                    None => {}
                }
            }
            found.ok_or(Error::NoMatchingKey)?
        };
        header.check_mac(&found)?;
        Ok(found)
    }
}

/// A new header wrapping `file_key` to `recipients` (at least one), MAC
/// line included: what goes in front of the unchanged payload.
pub fn new_header(file_key: &FileKey, recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>> {
    if recipients.is_empty() {
        return Err(Error::BadRecipient(
            "(none): an archive needs at least one recipient".into(),
        ));
    }
    let mut out = AGE_MAGIC.to_vec();
    for r in recipients {
        let (stanzas, _labels) = age::Recipient::wrap_file_key(r, file_key)
            .map_err(|e| Error::Corrupt(format!("wrapping the file key: {e}")))?;
        for s in stanzas {
            out.extend_from_slice(b"-> ");
            out.extend_from_slice(s.tag.as_bytes());
            for a in &s.args {
                out.push(b' ');
                out.extend_from_slice(a.as_bytes());
            }
            out.push(b'\n');
            let body = B64.encode(&s.body);
            let mut rest = body.as_bytes();
            // Full 64-column lines, then a short (possibly empty) last one.
            while rest.len() >= 64 {
                out.extend_from_slice(&rest[..64]);
                out.push(b'\n');
                rest = &rest[64..];
            }
            out.extend_from_slice(rest);
            out.push(b'\n');
        }
    }
    out.extend_from_slice(b"---");
    let mut m = header_mac(file_key)?;
    m.update(&out);
    let mac = m.finalize().into_bytes();
    out.push(b' ');
    out.extend_from_slice(B64.encode(mac).as_bytes());
    out.push(b'\n');
    Ok(out)
}

/// Entry point of the `rekey` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as an age file whose header [`AgeHeader::read`] parses. A header
/// that parses must parse again from its own bytes to the same header; its
/// file key is unwrapped with `keys` (an identity or the passphrase) and
/// the MAC checked, and a header that opens is rewritten to a new recipient
/// as `coffer rekey` does, which must parse and carry a MAC that verifies
/// with the same file key. Must never panic.
#[doc(hidden)]
pub fn fuzz_age_header(keys: &Keys, data: &[u8]) {
    let mut input = std::io::Cursor::new(data);
    let Ok(h) = AgeHeader::read(&mut input) else {
        return;
    };
    let again = AgeHeader::read(&mut std::io::Cursor::new(&h.bytes[..]));
    assert!(
        again.as_ref().is_ok_and(|a| a.bytes == h.bytes
            && a.stanzas.len() == h.stanzas.len()
            && a.mac_input == h.mac_input
            && a.mac == h.mac),
        "a parsed age header does not parse again from its own bytes: {again:?}"
    );
    let _ = h.is_scrypt();
    let Ok(file_key) = keys.age_file_key(&h) else {
        return;
    };
    let to = age::x25519::Identity::generate().to_public();
    let rewritten = new_header(&file_key, std::slice::from_ref(&to));
    let reread = rewritten.as_ref().map_err(|e| e.to_string()).and_then(|b| {
        AgeHeader::read(&mut std::io::Cursor::new(&b[..])).map_err(|e| e.to_string())
    });
    assert!(
        reread
            .as_ref()
            .is_ok_and(|r| r.check_mac(&file_key).is_ok() && r.stanzas.len() == 1),
        "a rewritten age header does not parse or verify: {reread:?}"
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;

    fn encrypt(to: &age::x25519::Recipient, plain: &[u8]) -> Vec<u8> {
        let enc =
            age::Encryptor::with_recipients(std::iter::once(to as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = enc.wrap_output(&mut out).unwrap();
        w.write_all(plain).unwrap();
        w.finish().unwrap();
        out
    }

    fn decrypt(id: &age::x25519::Identity, file: &[u8]) -> Option<Vec<u8>> {
        age::decrypt(id, file).ok()
    }

    #[test]
    fn a_rewritten_header_opens_with_the_new_key_only_and_the_payload_is_untouched() {
        let (old, new) = (
            age::x25519::Identity::generate(),
            age::x25519::Identity::generate(),
        );
        let plain = vec![7u8; 200_000];
        let file = encrypt(&old.to_public(), &plain);
        let mut input = std::io::Cursor::new(&file[..]);
        let header = AgeHeader::read(&mut input).unwrap();
        let payload = &file[header.bytes.len()..];
        assert_eq!(input.position() as usize, header.bytes.len());

        let mut keys = Keys::new();
        keys.add_age_identity(old.clone());
        let fk = keys.age_file_key(&header).unwrap();
        let mut rekeyed = new_header(&fk, &[new.to_public()]).unwrap();
        rekeyed.extend_from_slice(payload);
        assert_eq!(decrypt(&new, &rekeyed).as_deref(), Some(&plain[..]));
        assert_eq!(decrypt(&old, &rekeyed), None, "the old key was removed");

        // The new header parses again and its MAC checks with the same key.
        let h2 = AgeHeader::read(&mut std::io::Cursor::new(&rekeyed[..])).unwrap();
        assert_eq!(&rekeyed[h2.bytes.len()..], payload);
        let mut k2 = Keys::new();
        k2.add_age_identity(new.clone());
        assert!(k2.age_file_key(&h2).is_ok());
        assert!(matches!(keys.age_file_key(&h2), Err(Error::NoMatchingKey)));
    }

    #[test]
    fn a_passphrase_file_moves_to_a_recipient_and_the_wrong_passphrase_is_refused() {
        let mut pass = age::scrypt::Recipient::new(age::secrecy::SecretString::from(
            "correct horse".to_owned(),
        ));
        pass.set_work_factor(10);
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&pass as &dyn age::Recipient)).unwrap();
        let mut file = Vec::new();
        let mut w = enc.wrap_output(&mut file).unwrap();
        w.write_all(b"the seed's gpg habit").unwrap();
        w.finish().unwrap();
        let header = AgeHeader::read(&mut std::io::Cursor::new(&file[..])).unwrap();
        assert!(header.is_scrypt());

        let mut wrong = Keys::new();
        wrong.set_passphrase(age::secrecy::SecretString::from("nope".to_owned()));
        assert!(matches!(
            wrong.age_file_key(&header),
            Err(Error::WrongPassphrase)
        ));
        let mut none = Keys::new();
        none.add_age_identity(age::x25519::Identity::generate());
        assert!(matches!(
            none.age_file_key(&header),
            Err(Error::NeedsPassphrase)
        ));

        let mut keys = Keys::new();
        keys.set_passphrase(age::secrecy::SecretString::from("correct horse".to_owned()));
        let fk = keys.age_file_key(&header).unwrap();
        let to = age::x25519::Identity::generate();
        let mut moved = new_header(&fk, &[to.to_public()]).unwrap();
        moved.extend_from_slice(&file[header.bytes.len()..]);
        assert_eq!(
            decrypt(&to, &moved).as_deref(),
            Some(&b"the seed's gpg habit"[..])
        );
    }

    #[test]
    fn a_header_with_a_forged_mac_is_refused() {
        let id = age::x25519::Identity::generate();
        let mut file = encrypt(&id.to_public(), b"x");
        let h = AgeHeader::read(&mut std::io::Cursor::new(&file[..])).unwrap();
        // Flip a bit in the MAC's base64 (its first character).
        let at = h.mac_input + 1;
        file[at] = if file[at] == b'A' { b'B' } else { b'A' };
        let h = AgeHeader::read(&mut std::io::Cursor::new(&file[..])).unwrap();
        let mut keys = Keys::new();
        keys.add_age_identity(id);
        assert!(matches!(keys.age_file_key(&h), Err(Error::Corrupt(_))));
    }

    #[test]
    fn truncated_and_foreign_headers_are_errors() {
        let id = age::x25519::Identity::generate();
        let file = encrypt(&id.to_public(), b"x");
        let h = AgeHeader::read(&mut std::io::Cursor::new(&file[..])).unwrap();
        for cut in [5, 30, h.bytes.len() - 2] {
            let r = AgeHeader::read(&mut std::io::Cursor::new(&file[..cut]));
            assert!(
                matches!(r, Err(Error::Truncated | Error::NotAnArchive)),
                "{cut}: {r:?}"
            );
        }
        let r = AgeHeader::read(&mut std::io::Cursor::new(&b"\x85\x01garbage\n"[..]));
        assert!(matches!(r, Err(Error::NotAnArchive)));
    }
}
