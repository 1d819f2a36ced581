//! Loose archives: pack, verify, unpack and inspect a single archive file
//! and its seal (the `coffer pack/unpack/verify/inspect FILE` commands).
//! The vault's backup and restore use the same pieces.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::crypto::{Encryption, Keys};
use crate::digest::{self, HashingReader};
use crate::format::seal::{Ciphertext, SEAL_FORMAT_ID, SEAL_SUFFIX, SEAL_VERSION, SIG_SUFFIX};
use crate::format::{
    self, ArchiveWriter, Contents, Error, ErrorClass, Header, Seal, SignedSeal, Signer,
    WriteOptions, Written,
};

/// `A.seal` and `A.seal.sig` beside archive `A`.
pub fn seal_paths(archive: &Path) -> (PathBuf, PathBuf) {
    let mut seal = archive.as_os_str().to_owned();
    seal.push(SEAL_SUFFIX);
    let mut sig = archive.as_os_str().to_owned();
    sig.push(SIG_SUFFIX);
    (PathBuf::from(seal), PathBuf::from(sig))
}

fn io_at(path: &Path, what: &str, e: io::Error) -> Error {
    Error::new(ErrorClass::Io, format!("{what} {}: {e}", path.display()))
}

/// Writes `bytes` to `path` atomically: a temporary name in the same
/// directory, fsync, rename, fsync of the directory.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::Builder::new()
        .prefix(".coffer-tmp-")
        .tempfile_in(&dir)
        .map_err(|e| io_at(&dir, "cannot write in", e))?;
    set_mode(tmp.as_file(), mode).map_err(|e| io_at(path, "cannot write", e))?;
    tmp.write_all(bytes)
        .map_err(|e| io_at(path, "cannot write", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_at(path, "cannot write", e))?;
    tmp.persist(path)
        .map_err(|e| io_at(path, "cannot write", e.error))?;
    sync_dir(&dir);
    Ok(())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn set_mode(f: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// Makes a rename durable. Best effort: some filesystems refuse to fsync a directory.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// What pack produced.
#[derive(Debug, Clone)]
pub struct Packed {
    pub path: PathBuf,
    pub written: Written,
    pub seal: SignedSeal,
}

/// Everything needed to write one archive.
pub struct PackRequest<'a> {
    pub encryption: &'a Encryption,
    pub signing_key: &'a SigningKey,
    pub options: WriteOptions,
    pub header: Header,
    pub stream_name: String,
}

/// An archive written under a temporary name in its final directory,
/// fsynced, not yet visible under its name (spec "Write order").
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    dir: PathBuf,
    pub written: Written,
}

/// Bytes written between two early syncs of an archive being written.
const SYNC_STEP: u64 = 32 << 20;

/// The file under an archive being written. Every [`SYNC_STEP`] bytes it asks
/// a helper thread to `fdatasync` the file, so that the kernel writes the
/// archive to disk while it is still being produced and the fsync of spec
/// W4 step (2) only has the tail left to write, instead of the whole archive
/// after the last byte. The helper never blocks the writer (a request while
/// one is running is dropped); its errors are ignored, since that final fsync
/// reports them.
struct EarlySync {
    file: File,
    since: u64,
    tx: Option<mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EarlySync {
    fn new(file: File) -> io::Result<EarlySync> {
        let syncing = file.try_clone()?;
        let (tx, rx) = mpsc::sync_channel::<()>(1);
        // Without the helper the archive is still synced at the end.
        let thread = std::thread::Builder::new()
            .name("coffer-sync".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    let _ = syncing.sync_data();
                }
            })
            .ok();
        Ok(EarlySync {
            file,
            since: 0,
            tx: thread.is_some().then_some(tx),
            thread,
        })
    }
}

impl Write for EarlySync {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.since += n as u64;
        if self.since >= SYNC_STEP {
            self.since = 0;
            if let Some(tx) = &self.tx {
                let _ = tx.try_send(());
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for EarlySync {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Writes an archive into a temporary file in `dir`: `body` streams the
/// payload and returns the manifest facts; any error (from `body` too)
/// removes the temporary file and leaves nothing behind.
pub fn stage<E: From<Error>>(
    req: &PackRequest<'_>,
    dir: &Path,
    body: impl FnOnce(&mut ArchiveWriter) -> Result<serde_json::Map<String, serde_json::Value>, E>,
) -> Result<Staged, E> {
    let tmp = tempfile::Builder::new()
        .prefix(".coffer-tmp-")
        .tempfile_in(dir)
        .map_err(|e| io_at(dir, "cannot write in", e))?;
    set_mode(tmp.as_file(), 0o600).map_err(|e| io_at(dir, "cannot write in", e))?;
    let written = {
        // The writer's encryption thread owns its handle (the same open file).
        let file = tmp
            .as_file()
            .try_clone()
            .and_then(EarlySync::new)
            .map_err(|e| io_at(dir, "cannot write in", e))?;
        let buffered = io::BufWriter::with_capacity(1 << 20, file);
        let mut w = ArchiveWriter::new(buffered, req.encryption, req.header.clone(), &req.options)?;
        let facts = body(&mut w)?;
        w.finish(facts)?
    };
    tmp.as_file()
        .sync_all()
        .map_err(|e| io_at(dir, "cannot write in", e))?;
    Ok(Staged {
        tmp,
        dir: dir.to_path_buf(),
        written,
    })
}

impl Staged {
    /// Signs the seal, renames the archive into place, then writes the seal
    /// and its signature beside it. Only after this may anything register it.
    pub fn commit(
        self,
        out: &Path,
        encryption: &Encryption,
        key: &SigningKey,
    ) -> Result<Packed, Error> {
        let seal = seal_for(&self.written, encryption, key)?;
        crate::fault("backup-before-rename");
        self.tmp
            .persist(out)
            .map_err(|e| io_at(out, "cannot write", e.error))?;
        sync_dir(&self.dir);
        crate::fault("backup-before-seal");
        let (seal_path, sig_path) = seal_paths(out);
        // 0600 like the archive: the seal names tables and row counts.
        let sealed = write_atomic(&seal_path, &seal.bytes, 0o600)
            .and_then(|()| write_atomic(&sig_path, seal.signature.as_bytes(), 0o600));
        if let Err(e) = sealed {
            // An archive without its seal is rejected by every reader, but
            // it is a stray file in the store all the same (disk full: the
            // seal did not fit): it goes, with whatever of the seal was written.
            for p in [&sig_path, &seal_path, &out.to_path_buf()] {
                let _ = std::fs::remove_file(p);
            }
            sync_dir(&self.dir);
            return Err(e);
        }
        Ok(Packed {
            path: out.to_path_buf(),
            written: self.written,
            seal,
        })
    }
}

/// Streams `input` into a sealed archive at `out`. On any error nothing is
/// left at `out`.
pub fn pack_to_path(
    req: &PackRequest<'_>,
    input: &mut dyn Read,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Packed, Error> {
    pack_with(req, out, |w| {
        w.copy_stream(&req.stream_name, input, progress).map(drop)
    })
}

/// As [`pack_to_path`], reading `input` on a thread of its own so that
/// reading overlaps compression (the CLI's `pack`, large inputs).
pub fn pack_reader(
    req: &PackRequest<'_>,
    input: Box<dyn Read + Send>,
    out: &Path,
    progress: &mut dyn FnMut(u64),
) -> Result<Packed, Error> {
    pack_with(req, out, |w| {
        w.copy_stream_threaded(&req.stream_name, input, progress)
            .map(drop)
    })
}

fn pack_with(
    req: &PackRequest<'_>,
    out: &Path,
    body: impl FnOnce(&mut ArchiveWriter) -> Result<(), Error>,
) -> Result<Packed, Error> {
    if is_special(out) || out.is_dir() {
        return Err(Error::new(
            ErrorClass::Io,
            format!(
                "{} is not a regular file path: an archive is written under a temporary name and renamed into place",
                out.display()
            ),
        ));
    }
    let dir = parent_dir(out);
    let staged = stage(req, &dir, |w| -> Result<_, Error> {
        body(w)?;
        Ok(serde_json::Map::new())
    })?;
    staged.commit(out, req.encryption, req.signing_key)
}

/// Builds and signs the seal of a written archive.
pub fn seal_for(
    written: &Written,
    encryption: &Encryption,
    key: &SigningKey,
) -> Result<SignedSeal, Error> {
    let seal = Seal {
        format: SEAL_FORMAT_ID.into(),
        version: SEAL_VERSION,
        archive_id: written.header.archive_id.clone(),
        class: written.header.class.clone(),
        created: written.header.created.clone(),
        encryption: encryption.mode(),
        recipients: encryption.fingerprints(),
        ciphertext: Ciphertext {
            size: written.ciphertext_size,
            sha256: written.ciphertext_sha256.to_hex(),
        },
        signer: key.verifying_key().fingerprint(),
        payload_kind: Some(written.header.payload_kind.clone()),
        facts: (!written.manifest.facts.is_empty()).then(|| written.manifest.facts.clone()),
        rekeyed: None,
    };
    seal.sign(key)
}

/// Reads the seal beside `archive`.
pub fn read_seal(archive: &Path) -> Result<SignedSeal, Error> {
    let (seal_path, sig_path) = seal_paths(archive);
    let missing = |p: &Path| {
        Error::new(
            ErrorClass::SealMissing,
            format!(
                "the seal {} is missing; an archive without its seal cannot be trusted (--no-seal skips this check)",
                p.display()
            ),
        )
    };
    let bytes = match std::fs::read(&seal_path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing(&seal_path)),
        Err(e) => return Err(io_at(&seal_path, "cannot read", e)),
    };
    let sig = match std::fs::read_to_string(&sig_path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(missing(&sig_path)),
        Err(e) => return Err(io_at(&sig_path, "cannot read", e)),
    };
    SignedSeal::parse(bytes, sig)
}

fn open(archive: &Path) -> Result<File, Error> {
    File::open(archive).map_err(|e| io_at(archive, "cannot open", e))
}

/// The keyless check (spec "Verification"): seal, signature, ciphertext size
/// and SHA-256. Needs no decryption key.
#[derive(Debug, Clone)]
pub struct Keyless {
    pub seal: SignedSeal,
    pub signer: Signer,
}

pub fn verify_keyless(archive: &Path, trusted: Option<&VerifyingKey>) -> Result<Keyless, Error> {
    verify_keyless_at(&FileSource(archive), trusted)
}

/// Where an archive and its seal are read from: a file with its seal
/// beside it, or a key in a store (`super::copies::StoreSource`).
pub trait Source {
    /// For messages: the path, or `store:key`.
    fn describe(&self) -> String;
    fn read_seal(&self) -> Result<SignedSeal, Error>;
    /// The archive's bytes, from the start.
    fn open(&self) -> Result<Box<dyn Read + Send>, Error>;
}

/// An archive file with its seal beside it.
pub struct FileSource<'a>(pub &'a Path);

impl Source for FileSource<'_> {
    fn describe(&self) -> String {
        self.0.display().to_string()
    }
    fn read_seal(&self) -> Result<SignedSeal, Error> {
        read_seal(self.0)
    }
    fn open(&self) -> Result<Box<dyn Read + Send>, Error> {
        Ok(Box::new(open(self.0)?))
    }
}

/// [`verify_keyless`] of any source.
pub fn verify_keyless_at(
    src: &dyn Source,
    trusted: Option<&VerifyingKey>,
) -> Result<Keyless, Error> {
    let seal = src.read_seal()?;
    let signer = seal.verify_signature(trusted)?;
    let (digest, size) = digest::hash_reader(src.open()?).map_err(|e| {
        Error::new(
            ErrorClass::Io,
            format!("cannot read {}: {e}", src.describe()),
        )
    })?;
    seal.check_ciphertext(&digest, size)?;
    Ok(Keyless { seal, signer })
}

/// The deep check: keyless first (unless `no_seal`), then decrypt,
/// decompress and check every entry against the manifest. Payload bytes go to
/// `sink`; they are good only if this returns Ok.
pub fn read_checked(
    archive: &Path,
    keys: &Keys,
    trusted: Option<&VerifyingKey>,
    no_seal: bool,
    sink: format::reader::Sink<'_>,
) -> Result<(Option<Keyless>, Contents), Error> {
    let keyless = if no_seal {
        None
    } else {
        Some(verify_keyless(archive, trusted)?)
    };
    let contents = read_checked_against(&FileSource(archive), keyless.as_ref(), keys, sink)?;
    Ok((keyless, contents))
}

/// Decrypts and checks `src` after its keyless check gave `keyless`,
/// hashing the ciphertext again while decrypting: the bytes must not change
/// between the checks.
pub fn read_checked_against(
    src: &dyn Source,
    keyless: Option<&Keyless>,
    keys: &Keys,
    sink: format::reader::Sink<'_>,
) -> Result<Contents, Error> {
    let input = SyncReader(std::sync::Mutex::new(src.open()?));
    let (reader, tap) = HashingReader::new(io::BufReader::with_capacity(1 << 20, input));
    let contents = format::read(reader, keys, sink)?;
    if let Some(k) = keyless {
        let (digest, size) = tap.snapshot();
        k.seal.check_ciphertext(&digest, size)?;
        let s = &k.seal.seal;
        if s.archive_id != contents.header.archive_id
            || s.class != contents.header.class
            || s.created != contents.header.created
        {
            return Err(Error::new(
                ErrorClass::SealMismatch,
                "the seal belongs to another archive (archive id, class or created time differs from the header)",
            ));
        }
        if Some(s.encryption) != contents.mode {
            return Err(Error::new(
                ErrorClass::SealMismatch,
                "the seal names another encryption mode",
            ));
        }
    }
    Ok(contents)
}

/// A `Send` reader made `Sync` (the decryptor wants both; it is only ever
/// read from one thread at a time).
pub struct SyncReader(pub std::sync::Mutex<Box<dyn Read + Send>>);

impl SyncReader {
    pub fn new(inner: Box<dyn Read + Send>) -> SyncReader {
        SyncReader(std::sync::Mutex::new(inner))
    }
}

impl Read for SyncReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.get_mut() {
            Ok(r) => r.read(buf),
            Err(_) => Err(io::Error::other("reader poisoned")),
        }
    }
}

/// Where unpack writes the payload.
pub enum Output<'a> {
    File(&'a Path),
    Stdout,
}

/// Decrypts and checks everything, then writes the payload stream. A file
/// output is written under a temporary name and renamed only after every
/// check passed; on failure nothing is left at the output path.
pub fn unpack(
    archive: &Path,
    keys: &Keys,
    trusted: Option<&VerifyingKey>,
    no_seal: bool,
    stream: Option<&str>,
    output: Output<'_>,
) -> Result<(Option<Keyless>, Contents), Error> {
    let mut chosen: Option<String> = stream.map(str::to_owned);
    let mut accept = |name: &str| -> io::Result<bool> {
        match &chosen {
            Some(c) => Ok(c == name),
            None => {
                chosen = Some(name.to_owned());
                Ok(true)
            }
        }
    };
    match output {
        Output::Stdout => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let mut sink = |name: &str, data: &[u8]| -> io::Result<()> {
                if accept(name)? {
                    out.write_all(data)?;
                }
                Ok(())
            };
            let r = read_checked(archive, keys, trusted, no_seal, &mut sink)?;
            out.flush()
                .map_err(|e| Error::new(ErrorClass::Io, format!("writing to stdout: {e}")))?;
            check_stream_exists(&r.1, stream)?;
            Ok(r)
        }
        Output::File(path) if is_special(path) => {
            // A device or FIFO (e.g. /dev/null) cannot be replaced by a rename
            // (and must not be): write through it, like stdout.
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| io_at(path, "cannot write", e))?;
            let mut out = io::BufWriter::with_capacity(1 << 20, f);
            let mut sink = |name: &str, data: &[u8]| -> io::Result<()> {
                if accept(name)? {
                    out.write_all(data)?;
                }
                Ok(())
            };
            let r = read_checked(archive, keys, trusted, no_seal, &mut sink)?;
            out.flush().map_err(|e| io_at(path, "cannot write", e))?;
            check_stream_exists(&r.1, stream)?;
            Ok(r)
        }
        Output::File(path) => {
            let dir = parent_dir(path);
            let tmp = tempfile::Builder::new()
                .prefix(".coffer-tmp-")
                .tempfile_in(&dir)
                .map_err(|e| io_at(&dir, "cannot write in", e))?;
            set_mode(tmp.as_file(), 0o600).map_err(|e| io_at(path, "cannot write", e))?;
            let r = {
                let mut out = io::BufWriter::with_capacity(1 << 20, tmp.as_file());
                let mut sink = |name: &str, data: &[u8]| -> io::Result<()> {
                    if accept(name)? {
                        out.write_all(data)?;
                    }
                    Ok(())
                };
                let r = read_checked(archive, keys, trusted, no_seal, &mut sink)?;
                out.flush().map_err(|e| io_at(path, "cannot write", e))?;
                r
            };
            check_stream_exists(&r.1, stream)?;
            tmp.as_file()
                .sync_all()
                .map_err(|e| io_at(path, "cannot write", e))?;
            tmp.persist(path)
                .map_err(|e| io_at(path, "cannot write", e.error))?;
            sync_dir(&dir);
            Ok(r)
        }
    }
}

/// An existing path that is not a regular file or directory: a device, FIFO or socket.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn check_stream_exists(c: &Contents, stream: Option<&str>) -> Result<(), Error> {
    if let Some(s) = stream
        && !c.manifest.streams.iter().any(|x| x.name == s)
    {
        return Err(Error::new(
            ErrorClass::EntryInvalid,
            format!("the archive has no payload stream {s:?}"),
        ));
    }
    Ok(())
}
