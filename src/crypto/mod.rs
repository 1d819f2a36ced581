//! Recipients, identities and the encryption layer of an archive
//! (spec/format.md "Layer 1: encryption"), and the seal's signing key.
//!
//! This module knows nothing of tar, zstd, stores or the catalog: it turns a
//! writer into an encrypting writer and a reader into a decrypting reader.

pub mod chain;
pub mod rekey;
pub mod sign;

#[cfg(feature = "openpgp")]
mod pgp;
#[cfg(feature = "openpgp")]
pub mod pgp_rekey;

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};

use crate::digest::Digest;

/// The first bytes of every binary age v1 file (age-encryption.org/v1).
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Crypto-layer errors. The CLI maps them to exit codes (spec "Failure classes").
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("no identity can decrypt this archive")]
    NoMatchingKey,
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("not a coffer archive: the file is neither an age file nor an OpenPGP message")]
    NotAnArchive,
    #[error("the archive is passphrase-encrypted; pass --passphrase-file")]
    NeedsPassphrase,
    #[error("the archive is encrypted to keys; pass -i/--identity, not a passphrase")]
    NeedsIdentity,
    #[error("decryption failed: {0}")]
    Corrupt(String),
    #[error("the archive ends early (truncated)")]
    Truncated,
    #[error("{path}: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("invalid recipient {0:?}: expected an age X25519 recipient (age1...)")]
    BadRecipient(String),
    /// A recipient of a type this build cannot encrypt to (the hybrid
    /// post-quantum `mlkem768x25519` type: not in the age crate 0.12.1).
    #[error("{0}")]
    UnsupportedRecipient(String),
    #[error("OpenPGP support was not built into this coffer (cargo feature \"openpgp\")")]
    OpenPgpDisabled,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl Error {
    /// Classifies an I/O error raised while reading decrypted data.
    pub fn from_read(e: io::Error) -> Error {
        match e.kind() {
            io::ErrorKind::UnexpectedEof => Error::Truncated,
            io::ErrorKind::InvalidData => Error::Corrupt(e.to_string()),
            _ => Error::Io(e),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The encryption mode of an archive, as named in the seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    #[serde(rename = "age")]
    Age,
    #[serde(rename = "age-scrypt")]
    AgeScrypt,
    #[serde(rename = "openpgp")]
    OpenPgp,
    #[serde(rename = "openpgp-symmetric")]
    OpenPgpSymmetric,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Age => "age",
            Mode::AgeScrypt => "age-scrypt",
            Mode::OpenPgp => "openpgp",
            Mode::OpenPgpSymmetric => "openpgp-symmetric",
        }
    }

    /// The file-name suffix conventionally used for archives in this mode.
    pub fn extension(self) -> &'static str {
        match self {
            Mode::Age | Mode::AgeScrypt => "tar.zst.age",
            Mode::OpenPgp | Mode::OpenPgpSymmetric => "tar.zst.gpg",
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A passphrase, read from a file (first line, without its newline) or the environment.
pub fn read_passphrase_file(path: &Path) -> Result<SecretString> {
    // The whole file is secret while it is in memory, not only its first line.
    let text =
        zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| Error::KeyFile {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?);
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(Error::KeyFile {
            path: path.display().to_string(),
            reason: "the passphrase file is empty".into(),
        });
    }
    Ok(SecretString::from(line.to_owned()))
}

/// Who an archive is encrypted to (the writing side). The backup host needs
/// only this: public recipients, or a passphrase. Cloned by the archive
/// writer for its encryption thread.
#[derive(Clone)]
pub enum Encryption {
    /// age X25519 recipients, one or more.
    Age(Vec<age::x25519::Recipient>),
    /// age scrypt passphrase.
    AgePassphrase(SecretString),
    /// OpenPGP certificates (public keys), one or more.
    #[cfg(feature = "openpgp")]
    OpenPgp(Vec<sequoia_openpgp::Cert>),
    /// OpenPGP symmetric AES-256 with a passphrase.
    #[cfg(feature = "openpgp")]
    OpenPgpPassphrase(SecretString),
}

impl Encryption {
    pub fn mode(&self) -> Mode {
        match self {
            Encryption::Age(_) => Mode::Age,
            Encryption::AgePassphrase(_) => Mode::AgeScrypt,
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgp(_) => Mode::OpenPgp,
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgpPassphrase(_) => Mode::OpenPgpSymmetric,
        }
    }

    /// Recipient fingerprints as written to the seal (spec "Seal").
    pub fn fingerprints(&self) -> Vec<String> {
        match self {
            Encryption::Age(rs) => rs.iter().map(age_fingerprint).collect(),
            Encryption::AgePassphrase(_) => vec!["scrypt".into()],
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgp(certs) => certs.iter().map(pgp::fingerprint).collect(),
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgpPassphrase(_) => vec!["passphrase".into()],
        }
    }

    /// Wraps `out` so that what is written to the result is encrypted into it.
    /// [`EncryptWriter::finish`] must be called to write the final chunk.
    pub fn wrap<'a, W: Write + Send + Sync + 'a>(&'a self, out: W) -> Result<EncryptWriter<'a, W>> {
        match self {
            Encryption::Age(rs) => {
                let enc =
                    age::Encryptor::with_recipients(rs.iter().map(|r| r as &dyn age::Recipient))
                        .map_err(|e| Error::Corrupt(e.to_string()))?;
                Ok(EncryptWriter::Age(enc.wrap_output(out)?))
            }
            Encryption::AgePassphrase(p) => {
                let enc = age::Encryptor::with_user_passphrase(p.clone());
                Ok(EncryptWriter::Age(enc.wrap_output(out)?))
            }
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgp(certs) => {
                Ok(EncryptWriter::Pgp(pgp::encrypt_to_certs(certs, out)?))
            }
            #[cfg(feature = "openpgp")]
            Encryption::OpenPgpPassphrase(p) => {
                Ok(EncryptWriter::Pgp(pgp::encrypt_with_password(p, out)?))
            }
        }
    }
}

/// The fingerprint of an age recipient: "age:" + the first 16 bytes of the
/// SHA-256 of its bech32 string, in hex (spec "Seal").
pub fn age_fingerprint(r: &age::x25519::Recipient) -> String {
    let d = Digest::of(r.to_string().as_bytes());
    format!("age:{}", hex::encode(&d.0[..16]))
}

/// Parses age recipients given with -r (and in coffer.toml).
///
/// The hybrid post-quantum types are recognised by their Bech32 prefix and
/// refused by name: `age1pq1...` (ML-KEM-768 + X25519, `mlkem768x25519`
/// stanzas, age v1.3) is not implemented by the age crate this build uses
/// (0.12.1, the newest on crates.io when checked); `age1tagpq1...`
/// (ML-KEM-768 + P-256, `mlkem768p256tag`, for hardware keys) is, but no
/// stock `age` CLI a restorer has can open it, so coffer does not write it.
pub fn parse_age_recipient(s: &str) -> Result<age::x25519::Recipient> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("age1pq1") || lower.starts_with("age1tagpq1") {
        return Err(Error::UnsupportedRecipient(format!(
            "recipient {}...: hybrid post-quantum age recipients (mlkem768x25519) are not supported by this build (age crate 0.12.1); use an X25519 recipient (age1...)",
            &t[..t.len().min(16)]
        )));
    }
    age::x25519::Recipient::from_str(t).map_err(|_| Error::BadRecipient(s.to_owned()))
}

/// Reads a recipients file (-R): one age recipient per line, `#` comments.
pub fn read_recipients_file(path: &Path) -> Result<Vec<age::x25519::Recipient>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::KeyFile {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push(parse_age_recipient(line)?);
    }
    if out.is_empty() {
        return Err(Error::KeyFile {
            path: path.display().to_string(),
            reason: "no recipients in file".into(),
        });
    }
    Ok(out)
}

/// An OpenPGP certificate (a public key); nothing in a build without
/// OpenPGP support.
#[cfg(feature = "openpgp")]
pub type PgpCert = sequoia_openpgp::Cert;
#[cfg(not(feature = "openpgp"))]
pub type PgpCert = ();

/// Reads OpenPGP certificates (public keys) for encryption.
#[cfg(feature = "openpgp")]
pub fn read_pgp_certs(path: &Path) -> Result<Vec<PgpCert>> {
    pgp::read_certs(path)
}

#[cfg(not(feature = "openpgp"))]
pub fn read_pgp_certs(_path: &Path) -> Result<Vec<PgpCert>> {
    Err(Error::OpenPgpDisabled)
}

/// The recipient fingerprint of an OpenPGP certificate, as seals name it
/// (`openpgp:` and the primary key's fingerprint).
#[cfg(feature = "openpgp")]
pub fn pgp_fingerprint(cert: &PgpCert) -> String {
    pgp::fingerprint(cert)
}

#[cfg(not(feature = "openpgp"))]
pub fn pgp_fingerprint(_cert: &PgpCert) -> String {
    String::new()
}

/// An encrypting writer; call [`EncryptWriter::finish`] to complete the file.
pub enum EncryptWriter<'a, W: Write + Send + Sync + 'a> {
    Age(age::stream::StreamWriter<W>),
    #[cfg(feature = "openpgp")]
    Pgp(sequoia_openpgp::serialize::stream::Message<'a>),
    #[doc(hidden)]
    _Unused(std::marker::PhantomData<&'a W>),
}

impl<'a, W: Write + Send + Sync + 'a> EncryptWriter<'a, W> {
    /// Writes the final (authenticated) chunk and flushes the output.
    /// Without it the file is truncated.
    pub fn finish(self) -> io::Result<()> {
        match self {
            EncryptWriter::Age(w) => w.finish().and_then(|mut out| out.flush()),
            #[cfg(feature = "openpgp")]
            EncryptWriter::Pgp(m) => m.finalize().map_err(io::Error::other),
            EncryptWriter::_Unused(_) => Ok(()),
        }
    }
}

impl<'a, W: Write + Send + Sync + 'a> Write for EncryptWriter<'a, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            EncryptWriter::Age(w) => w.write(buf),
            #[cfg(feature = "openpgp")]
            EncryptWriter::Pgp(m) => m.write(buf),
            EncryptWriter::_Unused(_) => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            EncryptWriter::Age(w) => w.flush(),
            #[cfg(feature = "openpgp")]
            EncryptWriter::Pgp(m) => m.flush(),
            EncryptWriter::_Unused(_) => Ok(()),
        }
    }
}

/// Secret material that can open archives (the reading side): age identities,
/// OpenPGP secret keys, passphrases. Never needed on the backup path.
#[derive(Default)]
pub struct Keys {
    age: Vec<Box<dyn age::Identity + Send + Sync>>,
    #[cfg(feature = "openpgp")]
    pgp: Vec<sequoia_openpgp::Cert>,
    passphrase: Option<SecretString>,
    /// The highest age scrypt work factor (log2 N) accepted; `None`: the
    /// age crate's bound (about 16 s of work on this machine).
    max_scrypt_log_n: Option<u8>,
}

impl Keys {
    pub fn new() -> Keys {
        Keys::default()
    }

    pub fn is_empty(&self) -> bool {
        #[cfg(feature = "openpgp")]
        let pgp_empty = self.pgp.is_empty();
        #[cfg(not(feature = "openpgp"))]
        let pgp_empty = true;
        self.age.is_empty() && pgp_empty && self.passphrase.is_none()
    }

    pub fn set_passphrase(&mut self, p: SecretString) {
        self.passphrase = Some(p);
    }

    /// Lowers the highest scrypt work factor a passphrase-encrypted age
    /// file may ask for (the fuzz target's keys: a fuzzed file must cost
    /// milliseconds, not seconds).
    #[doc(hidden)]
    pub fn set_max_scrypt_work_factor(&mut self, log_n: u8) {
        self.max_scrypt_log_n = Some(log_n);
    }

    /// The public certificates of the OpenPGP secret keys loaded (`-i`).
    pub fn pgp_public_certs(&self) -> Vec<PgpCert> {
        #[cfg(feature = "openpgp")]
        return self
            .pgp
            .iter()
            .map(|c| c.clone().strip_secret_key_material())
            .collect();
        #[cfg(not(feature = "openpgp"))]
        Vec::new()
    }

    pub fn add_age_identity(&mut self, id: age::x25519::Identity) {
        self.age.push(Box::new(id));
    }

    /// Loads an identity file (-i): an age identity file (AGE-SECRET-KEY-1...
    /// lines) or an OpenPGP secret key (armored or binary).
    pub fn add_identity_file(&mut self, path: &Path) -> Result<()> {
        let bad = |reason: String| Error::KeyFile {
            path: path.display().to_string(),
            reason,
        };
        // The file's bytes are a private key: zeroized once parsed (the
        // parsed keys are zeroized by the age and sequoia crates).
        let bytes = zeroize::Zeroizing::new(std::fs::read(path).map_err(|e| bad(e.to_string()))?);
        let text = zeroize::Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned());
        if text.contains("AGE-SECRET-KEY-") {
            let mut found = 0;
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let id = age::x25519::Identity::from_str(line)
                    .map_err(|_| bad("malformed age identity line".into()))?;
                self.age.push(Box::new(id));
                found += 1;
            }
            if found == 0 {
                return Err(bad("no age identity in file".into()));
            }
            return Ok(());
        }
        if looks_like_openpgp(&bytes) || text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----") {
            #[cfg(feature = "openpgp")]
            {
                let certs = pgp::read_secret_certs(&bytes).map_err(bad)?;
                self.pgp.extend(certs);
                return Ok(());
            }
            #[cfg(not(feature = "openpgp"))]
            return Err(Error::OpenPgpDisabled);
        }
        Err(bad(
            "not an identity file: expected an age identity (AGE-SECRET-KEY-1...) or an OpenPGP secret key".into(),
        ))
    }

    /// Opens the encryption layer of `input`, detected by its first bytes.
    pub fn decrypt<R: Read + Send + Sync + 'static>(
        &self,
        input: R,
    ) -> Result<(Mode, Box<dyn Read + Send>)> {
        let mut input = BufReader::with_capacity(1 << 16, input);
        let head = input.fill_buf()?;
        if head.is_empty() {
            return Err(Error::Truncated);
        }
        if head.starts_with(&AGE_MAGIC[..head.len().min(AGE_MAGIC.len())]) {
            return self.decrypt_age(input);
        }
        if looks_like_openpgp(head) {
            #[cfg(feature = "openpgp")]
            return pgp::decrypt(self.pgp.clone(), self.passphrase.clone(), input);
            #[cfg(not(feature = "openpgp"))]
            return Err(Error::OpenPgpDisabled);
        }
        Err(Error::NotAnArchive)
    }

    fn decrypt_age<R: BufRead + Send + Sync + 'static>(
        &self,
        input: R,
    ) -> Result<(Mode, Box<dyn Read + Send>)> {
        let dec = age::Decryptor::new_buffered(input).map_err(|e| match e {
            age::DecryptError::Io(e) => Error::from_read(e),
            // Only called once the age magic line matched: a header that
            // does not parse after it is a damaged age file, not another
            // format (the age crate reports both as UnknownFormat).
            age::DecryptError::UnknownFormat => Error::Corrupt("the age header is damaged".into()),
            other => age_error(other),
        })?;
        if dec.is_scrypt() {
            let Some(p) = &self.passphrase else {
                return Err(Error::NeedsPassphrase);
            };
            let mut id =
                age::scrypt::Identity::new(SecretString::from(p.expose_secret().to_owned()));
            if let Some(n) = self.max_scrypt_log_n {
                id.set_max_work_factor(n);
            }
            let r = dec
                .decrypt(std::iter::once(&id as &dyn age::Identity))
                .map_err(|e| match e {
                    age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                        Error::WrongPassphrase
                    }
                    age::DecryptError::Io(e) => Error::from_read(e),
                    other => age_error(other),
                })?;
            return Ok((Mode::AgeScrypt, Box::new(r)));
        }
        if self.age.is_empty() {
            return Err(if self.passphrase.is_some() {
                Error::NeedsIdentity
            } else {
                Error::NoMatchingKey
            });
        }
        let r = dec
            .decrypt(self.age.iter().map(|i| i.as_ref() as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => Error::NoMatchingKey,
                age::DecryptError::Io(e) => Error::from_read(e),
                other => age_error(other),
            })?;
        Ok((Mode::Age, Box::new(r)))
    }
}

/// The age error as coffer's, worded here for the scrypt work factor: the
/// age crate's own message for it subtracts the machine's target work factor
/// from the file's, which overflows (a panic where overflow checks are on)
/// when a cap below that target refused the file, as the fuzz entry point's
/// cap of 2^12 does (found by tests/fuzz_corpus.rs on a fast machine).
fn age_error(e: age::DecryptError) -> Error {
    match e {
        age::DecryptError::ExcessiveWork { required, .. } => Error::Corrupt(format!(
            "the age passphrase stanza asks for scrypt work factor 2^{required}, more than coffer accepts on this machine"
        )),
        other => Error::Corrupt(other.to_string()),
    }
}

/// Entry point of the `decrypt` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as an archive file, opened with `keys` (the layer detected by its
/// first bytes, as `restore` and `verify` open it), and up to 4 MiB of the
/// plaintext read. Must never panic: a hostile file may only ever produce
/// an error.
#[doc(hidden)]
pub fn fuzz_decrypt(keys: &Keys, data: &[u8]) {
    let Ok((_mode, mut plain)) = keys.decrypt(io::Cursor::new(data.to_vec())) else {
        return;
    };
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0usize;
    while total < 4 << 20 {
        match plain.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// An OpenPGP packet stream starts with a byte whose high bit is set (RFC 4880 §4.2).
fn looks_like_openpgp(head: &[u8]) -> bool {
    head.first().is_some_and(|b| b & 0x80 != 0)
}

/// A new age X25519 identity, as the text of an identity file, and its recipient.
pub fn generate_age_identity() -> (SecretString, String) {
    let id = age::x25519::Identity::generate();
    let recipient = id.to_public().to_string();
    let created = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let text = format!(
        "# created: {created}\n# public key: {recipient}\n{}\n",
        id.to_string().expose_secret()
    );
    (SecretString::from(text), recipient)
}

/// A new OpenPGP key pair: (armored secret key, armored certificate).
#[cfg(feature = "openpgp")]
pub fn generate_pgp_key(user_id: &str) -> Result<(zeroize::Zeroizing<Vec<u8>>, Vec<u8>)> {
    pgp::generate(user_id).map(|(secret, cert)| (zeroize::Zeroizing::new(secret), cert))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excessive_scrypt_work_below_the_machine_target_is_an_error_not_a_panic() {
        // A cap (2^12) under the machine's target (2^18) refused a file
        // asking for 2^13: age's own message would compute 13 - 18 in u8.
        let e = age_error(age::DecryptError::ExcessiveWork {
            required: 13,
            target: 18,
        });
        assert!(matches!(&e, Error::Corrupt(m) if m.contains("2^13")), "{e}");
    }
}
