//! The OpenPGP encryption layer through sequoia (spec "Layer 1: OpenPGP").
//!
//! gpg 2.2 must read what we write, so messages are always SEIPD v1 (with
//! MDC) and AES-256: we never call `aead_algo()`, and certificate recipients
//! are built with features that only advertise SEIPD v1 (research/crates.md §5).

use std::io::{self, BufRead, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use age::secrecy::{ExposeSecret, SecretString};
use sequoia_openpgp as openpgp;

use openpgp::cert::CertParser;
use openpgp::crypto::{Password, SessionKey};
use openpgp::packet::{PKESK, SKESK};
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
        let usable = c
            .keys()
            .with_policy(&POLICY, None)
            .supported()
            .alive()
            .revoked(false)
            .for_storage_encryption()
            .for_transport_encryption()
            .next()
            .is_some();
        if !usable {
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
        for ka in c
            .keys()
            .with_policy(&POLICY, None)
            .supported()
            .alive()
            .revoked(false)
            .for_storage_encryption()
            .for_transport_encryption()
        {
            // Force SEIPD v1 even for v6-capable keys: gpg 2.2 cannot read v2.
            recipients.push(Recipient::new(
                Features::empty().set_seipdv1(),
                KeyHandle::from(ka.key().keyid()),
                ka.key(),
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
}

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
) -> Result<(Mode, Box<dyn Read>)> {
    let opened = Arc::new(AtomicBool::new(false));
    let symmetric = Arc::new(AtomicBool::new(false));
    let has_pass = passphrase.is_some();
    let helper = Helper {
        certs,
        passphrase,
        opened: opened.clone(),
        symmetric: symmetric.clone(),
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
