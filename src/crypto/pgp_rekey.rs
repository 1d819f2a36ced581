//! Rewriting the recipients of an OpenPGP message without touching its
//! encrypted data (spec/format.md "Rekey"; RFC 4880 §5.1, §5.3, §5.13).
//!
//! A message coffer writes is a run of session-key packets (a PKESK v3 per
//! recipient key, or one SKESK v4 for a passphrase), each giving the same
//! session key, then one SEIPD v1 packet: the payload, encrypted under that
//! session key alone, ended by its MDC. The session key is recovered with
//! an identity (or the passphrase) by decrypting the whole message, so that
//! the MDC vouches for the key before anything is written; it is then
//! wrapped to the new recipients as fresh PKESK v3 packets, which go in
//! front of the very same SEIPD packet bytes.

use std::io::{self, BufReader, Read};
use std::sync::{Arc, Mutex};

use openpgp::Cert;
use openpgp::Packet;
use openpgp::crypto::SessionKey;
use openpgp::packet::pkesk::PKESK3;
use openpgp::serialize::Serialize;
use openpgp::types::SymmetricAlgorithm;
use sequoia_openpgp as openpgp;

use super::pgp::{self, Captured};
use super::{Error, Keys, Mode, Result};

/// The most session-key bytes read before the encrypted data: thousands of
/// recipients fit; a message whose packets run on beyond it is not one
/// coffer wrote.
pub const MAX_HEADER: usize = 1 << 20;

/// Packet tags (RFC 4880 §4.3, RFC 9580 §5).
const PKESK_TAG: u8 = 1;
const SKESK_TAG: u8 = 3;
const MARKER_TAG: u8 = 10;
const SEIPD_TAG: u8 = 18;
const OCB_TAG: u8 = 20;

/// What precedes the encrypted data of an OpenPGP message.
#[derive(Debug)]
pub struct PgpHeader {
    /// The session-key (and marker) packets, exactly as read.
    pub bytes: Vec<u8>,
    /// The bytes of the SEIPD packet already consumed (its packet header
    /// and version octet): the first bytes of the payload section.
    pub payload_start: Vec<u8>,
    /// How many public-key session-key packets there were.
    pub pkesks: usize,
    /// How many passphrase session-key packets there were.
    pub skesks: usize,
}

/// A packet body length (RFC 4880 §4.2).
enum Len {
    Definite(u64),
    /// A partial body length: this chunk, then more.
    Partial(u64),
    /// An old-format packet running to the end of the input.
    ToEnd,
}

impl PgpHeader {
    /// Reads the session-key packets from `input`, leaving `input` inside
    /// the SEIPD packet, just after its version octet.
    pub fn read<R: Read + ?Sized>(input: &mut R) -> Result<PgpHeader> {
        let mut bytes = Vec::new();
        let (mut pkesks, mut skesks) = (0usize, 0usize);
        loop {
            let mut head = Vec::with_capacity(6);
            let (tag, len) = read_packet_header(input, &mut head)?;
            match tag {
                PKESK_TAG | SKESK_TAG | MARKER_TAG => {
                    let Len::Definite(n) = len else {
                        return Err(damaged("a session-key packet without a definite length"));
                    };
                    let room = MAX_HEADER.saturating_sub(bytes.len() + head.len()) as u64;
                    if n > room {
                        return Err(damaged(
                            "more than 1 MiB of session-key packets before the encrypted data",
                        ));
                    }
                    bytes.extend_from_slice(&head);
                    let at = bytes.len();
                    bytes.resize(at + n as usize, 0);
                    input
                        .read_exact(&mut bytes[at..])
                        .map_err(Error::from_read)?;
                    match tag {
                        PKESK_TAG => pkesks += 1,
                        SKESK_TAG => skesks += 1,
                        _ => {}
                    }
                }
                SEIPD_TAG => {
                    if matches!(len, Len::Definite(0) | Len::Partial(0)) {
                        return Err(damaged("an empty encrypted-data packet"));
                    }
                    let mut version = [0u8; 1];
                    input.read_exact(&mut version).map_err(Error::from_read)?;
                    if version[0] != 1 {
                        return Err(Error::Corrupt(format!(
                            "the OpenPGP message's encrypted data is SEIPD version {}: this build rekeys version 1 (what coffer and gpg 2.2 write) only",
                            version[0]
                        )));
                    }
                    if pkesks + skesks == 0 {
                        return Err(damaged("no session-key packet before the encrypted data"));
                    }
                    head.push(version[0]);
                    return Ok(PgpHeader {
                        bytes,
                        payload_start: head,
                        pkesks,
                        skesks,
                    });
                }
                OCB_TAG => {
                    return Err(Error::Corrupt(
                        "the OpenPGP message is AEAD-encrypted (LibrePGP OCB, packet 20): this build rekeys SEIPD version 1 only".into(),
                    ));
                }
                other => {
                    return Err(damaged(&format!(
                        "packet tag {other} before the encrypted data (coffer writes session-key packets, then SEIPD)"
                    )));
                }
            }
        }
    }

    /// Whether the message is encrypted to a passphrase only.
    pub fn is_symmetric(&self) -> bool {
        self.pkesks == 0
    }
}

fn damaged(what: &str) -> Error {
    Error::Corrupt(format!("the OpenPGP message is damaged: {what}"))
}

fn read_byte<R: Read + ?Sized>(input: &mut R, raw: &mut Vec<u8>) -> Result<u8> {
    let mut b = [0u8; 1];
    input.read_exact(&mut b).map_err(Error::from_read)?;
    raw.push(b[0]);
    Ok(b[0])
}

fn read_be<R: Read + ?Sized>(input: &mut R, raw: &mut Vec<u8>, octets: usize) -> Result<u64> {
    let mut n = 0u64;
    for _ in 0..octets {
        n = (n << 8) | u64::from(read_byte(input, raw)?);
    }
    Ok(n)
}

/// One packet header (RFC 4880 §4.2), its bytes appended to `raw`.
fn read_packet_header<R: Read + ?Sized>(input: &mut R, raw: &mut Vec<u8>) -> Result<(u8, Len)> {
    let ctb = read_byte(input, raw)?;
    if ctb & 0x80 == 0 {
        return Err(damaged("a packet header without its high bit"));
    }
    if ctb & 0x40 != 0 {
        let tag = ctb & 0x3f;
        let o1 = read_byte(input, raw)?;
        let len = match o1 {
            0..=191 => Len::Definite(u64::from(o1)),
            192..=223 => {
                let o2 = read_byte(input, raw)?;
                Len::Definite(((u64::from(o1) - 192) << 8) + u64::from(o2) + 192)
            }
            255 => Len::Definite(read_be(input, raw, 4)?),
            _ => Len::Partial(1 << (o1 & 0x1f)),
        };
        Ok((tag, len))
    } else {
        let tag = (ctb >> 2) & 0x0f;
        let len = match ctb & 3 {
            0 => Len::Definite(read_be(input, raw, 1)?),
            1 => Len::Definite(read_be(input, raw, 2)?),
            2 => Len::Definite(read_be(input, raw, 4)?),
            _ => Len::ToEnd,
        };
        Ok((tag, len))
    }
}

/// The session key of an OpenPGP message and the cipher it is for.
pub struct OpenedKey {
    algo: SymmetricAlgorithm,
    key: SessionKey,
    /// How the message was opened: to certificates, or with a passphrase.
    pub mode: Mode,
}

impl Keys {
    /// The session key of the OpenPGP message `input`, unwrapped with
    /// these keys (an OpenPGP secret key, or the passphrase). The whole
    /// message is decrypted: only a key under which its MDC checks is
    /// returned, so new recipients are never handed a wrong one.
    pub fn pgp_session_key<R: Read + Send + Sync + 'static>(&self, input: R) -> Result<OpenedKey> {
        let captured: Captured = Arc::new(Mutex::new(None));
        let (mode, mut plain) = pgp::decrypt_capturing(
            self.pgp.clone(),
            self.passphrase.clone(),
            BufReader::with_capacity(1 << 16, input),
            Some(captured.clone()),
        )?;
        io::copy(&mut plain, &mut io::sink()).map_err(Error::from_read)?;
        drop(plain);
        let (algo, key) = captured
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
            .ok_or_else(|| {
                Error::Corrupt("the OpenPGP message opened without a session key".into())
            })?;
        Ok(OpenedKey { algo, key, mode })
    }
}

/// Fresh PKESK v3 packets wrapping `key` to every encryption key of each
/// of `certs` (at least one): what goes in front of the unchanged SEIPD
/// packet.
pub fn new_header(key: &OpenedKey, certs: &[Cert]) -> Result<Vec<u8>> {
    if certs.is_empty() {
        return Err(Error::BadRecipient(
            "(none): an archive needs at least one recipient".into(),
        ));
    }
    let mut out = Vec::new();
    for cert in certs {
        let mut wrapped = 0;
        for k in pgp::encryption_keys(cert) {
            let pkesk = PKESK3::for_recipient(key.algo, &key.key, k)
                .map_err(|e| Error::Corrupt(format!("wrapping the session key: {e}")))?;
            Packet::from(pkesk)
                .serialize(&mut out)
                .map_err(|e| Error::Corrupt(format!("writing a session-key packet: {e}")))?;
            wrapped += 1;
        }
        if wrapped == 0 {
            return Err(Error::BadRecipient(format!(
                "{}: the certificate has no usable encryption key",
                pgp::fingerprint(cert)
            )));
        }
    }
    Ok(out)
}

/// Entry point of the `pgpheader` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as an OpenPGP message whose session-key packets
/// [`PgpHeader::read`] parses. A header that parses must parse again from
/// its own bytes; a message that opens with `keys` (a secret key or the
/// passphrase) is rewritten to a new certificate as `coffer rekey` does,
/// and must open with that certificate's key to the same plaintext. Must
/// never panic.
#[doc(hidden)]
pub fn fuzz_pgp_header(keys: &Keys, data: &[u8]) {
    let mut input = io::Cursor::new(data);
    let Ok(h) = PgpHeader::read(&mut input) else {
        return;
    };
    let read = h.bytes.len() + h.payload_start.len();
    assert_eq!(input.position() as usize, read, "consumed {read} bytes");
    let again = PgpHeader::read(&mut io::Cursor::new(&data[..read]));
    assert!(
        again.as_ref().is_ok_and(|a| a.bytes == h.bytes
            && a.payload_start == h.payload_start
            && (a.pkesks, a.skesks) == (h.pkesks, h.skesks)),
        "a parsed OpenPGP header does not parse again from its own bytes: {again:?}"
    );
    let Ok(key) = keys.pgp_session_key(io::Cursor::new(data.to_vec())) else {
        return;
    };
    static TO: std::sync::OnceLock<(Cert, Keys)> = std::sync::OnceLock::new();
    let (cert, to) = TO.get_or_init(|| {
        let (secret, _) = pgp::generate("fuzz <fuzz@example.invalid>").expect("a new key");
        let certs = pgp::read_secret_certs(&secret).expect("the new key parses");
        let mut keys = Keys::new();
        keys.pgp.extend(certs.iter().cloned());
        (certs[0].clone().strip_secret_key_material(), keys)
    });
    let mut rewritten = new_header(&key, std::slice::from_ref(cert)).expect("wraps");
    rewritten.extend_from_slice(&data[h.bytes.len()..]);
    let plain = |k: &Keys, m: Vec<u8>| -> Option<Vec<u8>> {
        let (_, mut r) = k.decrypt(io::Cursor::new(m)).ok()?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).ok()?;
        Some(out)
    };
    let before = plain(keys, data.to_vec());
    let after = plain(to, rewritten);
    assert!(
        before.is_some() && before == after,
        "a rewritten OpenPGP message does not open to the same plaintext"
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn cert() -> (Cert, Keys) {
        let (secret, _) = pgp::generate("t <t@example.org>").unwrap();
        let certs = pgp::read_secret_certs(&secret).unwrap();
        let mut keys = Keys::new();
        keys.pgp.extend(certs.iter().cloned());
        (certs[0].clone().strip_secret_key_material(), keys)
    }

    fn encrypt(to: &[Cert], plain: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = pgp::encrypt_to_certs(to, &mut out).unwrap();
        w.write_all(plain).unwrap();
        w.finalize().unwrap();
        out
    }

    fn open(keys: &Keys, file: Vec<u8>) -> Result<Vec<u8>> {
        let (_, mut r) = keys.decrypt(Cursor::new(file))?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(Error::from_read)?;
        Ok(out)
    }

    #[test]
    fn a_rewritten_message_opens_with_the_new_key_only_and_the_payload_is_untouched() {
        let ((old_cert, old), (new_cert, new)) = (cert(), cert());
        let plain = vec![9u8; 300_000];
        let file = encrypt(std::slice::from_ref(&old_cert), &plain);
        let mut input = Cursor::new(&file[..]);
        let h = PgpHeader::read(&mut input).unwrap();
        assert_eq!((h.pkesks, h.skesks), (1, 0));
        let payload_at = h.bytes.len();
        assert_eq!(
            input.position() as usize,
            payload_at + h.payload_start.len()
        );

        let key = old.pgp_session_key(Cursor::new(file.clone())).unwrap();
        assert_eq!(key.mode, Mode::OpenPgp);
        let mut rekeyed = new_header(&key, std::slice::from_ref(&new_cert)).unwrap();
        rekeyed.extend_from_slice(&file[payload_at..]);
        assert_eq!(open(&new, rekeyed.clone()).unwrap(), plain);
        assert!(matches!(
            open(&old, rekeyed.clone()),
            Err(Error::NoMatchingKey)
        ));
        let h2 = PgpHeader::read(&mut Cursor::new(&rekeyed[..])).unwrap();
        assert_eq!(&rekeyed[h2.bytes.len()..], &file[payload_at..]);
    }

    #[test]
    fn a_passphrase_message_moves_to_a_certificate() {
        let pass = age::secrecy::SecretString::from("correct horse".to_owned());
        let mut file = Vec::new();
        let mut w = pgp::encrypt_with_password(&pass, &mut file).unwrap();
        w.write_all(b"the seed's gpg habit").unwrap();
        w.finalize().unwrap();
        let h = PgpHeader::read(&mut Cursor::new(&file[..])).unwrap();
        assert!(h.is_symmetric());

        let mut wrong = Keys::new();
        wrong.set_passphrase(age::secrecy::SecretString::from("nope".to_owned()));
        assert!(matches!(
            wrong.pgp_session_key(Cursor::new(file.clone())),
            Err(Error::WrongPassphrase)
        ));
        let mut keys = Keys::new();
        keys.set_passphrase(pass);
        let key = keys.pgp_session_key(Cursor::new(file.clone())).unwrap();
        assert_eq!(key.mode, Mode::OpenPgpSymmetric);
        let (to_cert, to) = cert();
        let mut moved = new_header(&key, &[to_cert]).unwrap();
        moved.extend_from_slice(&file[h.bytes.len()..]);
        assert_eq!(open(&to, moved.clone()).unwrap(), b"the seed's gpg habit");
        assert!(
            open(&keys, moved).is_err(),
            "the passphrase no longer opens it"
        );
    }

    #[test]
    fn a_damaged_payload_gives_no_session_key() {
        let (c, keys) = cert();
        let mut file = encrypt(&[c], &vec![1u8; 50_000]);
        let at = file.len() - 30;
        file[at] ^= 0x40;
        assert!(keys.pgp_session_key(Cursor::new(file)).is_err());
    }

    #[test]
    fn truncated_foreign_and_unsupported_messages_are_errors() {
        let (c, _) = cert();
        let file = encrypt(&[c], b"x");
        let h = PgpHeader::read(&mut Cursor::new(&file[..])).unwrap();
        for cut in [0, 1, 2, h.bytes.len() - 1, h.bytes.len() + 1] {
            let r = PgpHeader::read(&mut Cursor::new(&file[..cut]));
            assert!(matches!(r, Err(Error::Truncated)), "{cut}: {r:?}");
        }
        let r = PgpHeader::read(&mut Cursor::new(&b"age-encryption.org/v1\n"[..]));
        assert!(matches!(r, Err(Error::Corrupt(_))), "{r:?}");
        // A literal data packet (tag 11) first: not an encrypted message.
        let r = PgpHeader::read(&mut Cursor::new(&[0xcb, 0x03, b'b', 0, 0][..]));
        assert!(matches!(r, Err(Error::Corrupt(_))), "{r:?}");
        // SEIPD v2 after a PKESK.
        let mut v2 = h.bytes.clone();
        v2.extend_from_slice(&[0xd2, 0x05, 2, 0, 0, 0, 0]);
        let r = PgpHeader::read(&mut Cursor::new(&v2[..]));
        assert!(
            matches!(&r, Err(Error::Corrupt(m)) if m.contains("version 2")),
            "{r:?}"
        );
        // No session-key packet at all.
        let r = PgpHeader::read(&mut Cursor::new(&[0xd2, 0x05, 1, 0, 0, 0, 0][..]));
        assert!(matches!(r, Err(Error::Corrupt(_))), "{r:?}");
    }
}
