//! SHA-256 helpers: the `Digest` newtype and hashing/counting adapters.
//!
//! Every layer of the archive is hashed as it streams (spec/format.md
//! "Manifest" and "Seal"), so nothing is read twice.

use std::fmt;
use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest as _, Sha256};

/// A SHA-256 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// Hashes a byte slice in one go.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Digest> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(Digest(out))
    }

    pub fn from_slice(b: &[u8]) -> Option<Digest> {
        <[u8; 32]>::try_from(b).ok().map(Digest)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A running SHA-256 plus a byte count.
#[derive(Clone, Default)]
pub struct Hasher {
    sha: Sha256,
    len: u64,
}

impl Hasher {
    pub fn new() -> Hasher {
        Hasher::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        self.len += bytes.len() as u64;
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn finish(self) -> (Digest, u64) {
        (Digest(self.sha.finalize().into()), self.len)
    }
}

/// A writer that hashes and counts what passes through it.
///
/// The running state is shared (`HashTap`) so that it can be read after the
/// writer has been moved into a stack that does not give it back
/// (sequoia's `Message` consumes its sink).
pub struct HashingWriter<W> {
    inner: W,
    state: Arc<Mutex<Hasher>>,
}

/// A handle on a [`HashingWriter`]'s running hash.
#[derive(Clone)]
pub struct HashTap(Arc<Mutex<Hasher>>);

impl HashTap {
    /// The digest and length of everything written so far.
    pub fn snapshot(&self) -> (Digest, u64) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .finish()
    }
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> (HashingWriter<W>, HashTap) {
        let state = Arc::new(Mutex::new(Hasher::new()));
        (
            HashingWriter {
                inner,
                state: state.clone(),
            },
            HashTap(state),
        )
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that hashes and counts what is read through it.
pub struct HashingReader<R> {
    inner: R,
    state: Arc<Mutex<Hasher>>,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> (HashingReader<R>, HashTap) {
        let state = Arc::new(Mutex::new(Hasher::new()));
        (
            HashingReader {
                inner,
                state: state.clone(),
            },
            HashTap(state),
        )
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .update(&buf[..n]);
        Ok(n)
    }
}

/// Hashes a whole reader (keyless verification of a ciphertext).
pub fn hash_reader(mut r: impl Read) -> io::Result<(Digest, u64)> {
    let mut h = Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        h.update(&buf[..n]);
    }
    Ok(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer() {
        // FIPS 180-2 "abc".
        assert_eq!(
            Digest::of(b"abc").to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let (w, tap) = HashingWriter::new(Vec::new());
        let mut w = w;
        w.write_all(b"a").and_then(|_| w.write_all(b"bc")).ok();
        assert_eq!(tap.snapshot(), (Digest::of(b"abc"), 3));
        assert_eq!(
            Digest::from_hex(&Digest::of(b"x").to_hex()),
            Some(Digest::of(b"x"))
        );
    }
}
