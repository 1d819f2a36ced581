//! The streaming archive writer (spec/format.md "Write order").
//!
//! payload bytes -> bounded parts -> tar -> zstd (multithreaded) -> encryption
//! -> SHA-256 of the ciphertext -> `W`. One pass, constant memory: one part
//! buffer plus zstd's window and the encryption chunk.
//!
//! Threads: the caller's thread frames tar entries and feeds zstd; zstd's
//! workers compress; a thread of the writer's own ("coffer-encrypt") encrypts,
//! hashes the ciphertext and writes it to `W`, behind a bounded channel
//! (`ToCipher`). [`ArchiveWriter::copy_stream_threaded`] adds a reader
//! thread that also hashes each part as it reads it.

use std::io::{self, Read, Write};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use super::error::{Error, ErrorClass, Result};
use super::meta::{Entry, Header, Manifest, Stream, tool_version};
use super::names;
use crate::crypto::Encryption;
use crate::digest::{Digest, HashTap, Hasher, HashingWriter};

#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// zstd level (1..=19; 3 is zstd's default).
    pub level: i32,
    /// zstd worker threads (0 = single-threaded).
    pub threads: u32,
    /// Payload part size (spec "Parts").
    pub part_size: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            level: 3,
            threads: std::thread::available_parallelism()
                .map_or(1, |n| n.get() as u32)
                .min(4),
            part_size: names::DEFAULT_PART_SIZE,
        }
    }
}

/// What the writer produced: the manifest it wrote and the ciphertext's
/// digest and size (for the seal).
#[derive(Debug, Clone)]
pub struct Written {
    pub header: Header,
    pub manifest: Manifest,
    pub ciphertext_sha256: Digest,
    pub ciphertext_size: u64,
}

/// The zstd multithreading job size (bytes of input per worker job).
const ZSTD_JOB_SIZE: u32 = 2 << 20;

type Compressed = zstd::stream::write::Encoder<'static, ToCipher>;

/// Compressed bytes go to the encryption thread in buffers of this size.
const CIPHER_BUF: usize = 256 << 10;
/// Filled buffers that may wait for the encryption thread. With the one it
/// works on and the one being filled, at most `CIPHER_QUEUE + 3` buffers
/// (1.75 MiB) ever exist.
const CIPHER_QUEUE: usize = 4;

enum ToCipherMsg {
    Data(Vec<u8>),
    /// Everything was sent: write the final chunk.
    Finish,
}

/// The zstd encoder's sink: hands compressed bytes to the encryption thread,
/// which encrypts them, hashes the ciphertext (spec "Seal": W5) and writes
/// it to `W`, so that this work overlaps tar framing and compression.
///
/// If the thread fails, the next write here returns its error. If this side
/// is dropped before [`ToCipher::finish`], the thread sees the channel close
/// and stops without writing the final chunk (the output stays truncated,
/// which every reader rejects); drop waits for it, so nothing writes to `W`
/// afterwards.
struct ToCipher {
    buf: Vec<u8>,
    tx: Option<SyncSender<ToCipherMsg>>,
    free: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl ToCipher {
    /// Starts the encryption thread; returns once the encryption header is
    /// written (or with the error that prevented it).
    fn start<W: Write + Send + Sync + 'static>(
        out: W,
        encryption: Encryption,
    ) -> Result<(ToCipher, HashTap)> {
        let (hashing, tap) = HashingWriter::new(out);
        let (tx, rx) = mpsc::sync_channel::<ToCipherMsg>(CIPHER_QUEUE);
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<()>>(1);
        let thread = std::thread::Builder::new()
            .name("coffer-encrypt".into())
            .spawn(move || -> io::Result<()> {
                let mut enc = match encryption.wrap(hashing) {
                    Ok(enc) => enc,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.into()));
                        return Ok(());
                    }
                };
                let _ = ready_tx.send(Ok(()));
                loop {
                    match rx.recv() {
                        Ok(ToCipherMsg::Data(buf)) => {
                            enc.write_all(&buf)?;
                            // The writer may be gone (it failed): then the buffer just drops.
                            let _ = free_tx.send(buf);
                        }
                        Ok(ToCipherMsg::Finish) => return enc.finish(),
                        Err(_) => {
                            return Err(io::Error::other("the archive writer stopped early"));
                        }
                    }
                }
            })
            .map_err(|e| {
                Error::new(
                    ErrorClass::Io,
                    format!("cannot start the encryption thread: {e}"),
                )
            })?;
        let mut sink = ToCipher {
            buf: Vec::with_capacity(CIPHER_BUF),
            tx: Some(tx),
            free: free_rx,
            thread: Some(thread),
        };
        match ready_rx.recv() {
            Ok(Ok(())) => Ok((sink, tap)),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(write_err(sink.stopped())),
        }
    }

    /// Sends the buffer being filled (if any) and takes a fresh one.
    fn send_buf(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = match self.free.try_recv() {
            Ok(mut b) => {
                b.clear();
                b
            }
            Err(_) => Vec::with_capacity(CIPHER_BUF),
        };
        let full = std::mem::replace(&mut self.buf, next);
        self.send(ToCipherMsg::Data(full))
    }

    fn send(&mut self, msg: ToCipherMsg) -> io::Result<()> {
        match &self.tx {
            Some(tx) if tx.send(msg).is_ok() => Ok(()),
            _ => Err(self.stopped()),
        }
    }

    /// The thread has ended before it was told to: its own error.
    fn stopped(&mut self) -> io::Error {
        self.tx = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => io::Error::other("the encryption thread panicked"),
            Some(Ok(Ok(()))) | None => io::Error::other("the encryption thread stopped"),
        }
    }

    /// Sends the rest, has the thread write the final chunk, and waits for it.
    fn finish(mut self) -> io::Result<()> {
        self.send_buf()?;
        self.send(ToCipherMsg::Finish)?;
        self.tx = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(io::Error::other("the encryption thread panicked")),
            None => Err(io::Error::other("the encryption thread stopped")),
        }
    }
}

impl Write for ToCipher {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(CIPHER_BUF - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() >= CIPHER_BUF {
            self.send_buf()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buf()
    }
}

impl Drop for ToCipher {
    fn drop(&mut self) {
        // Closing the channel stops the thread at its next message.
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Writes one archive. Entries go out as they are produced: the header
/// first, then payload parts, then (in [`ArchiveWriter::finish`]) the manifest.
pub struct ArchiveWriter {
    tar: tar::Builder<Compressed>,
    cipher: HashTap,
    header: Header,
    entries: Vec<Entry>,
    streams: Vec<Stream>,
    part: Vec<u8>,
    mtime: u64,
}

fn read_err(e: io::Error) -> Error {
    Error::new(ErrorClass::Io, format!("reading the payload failed: {e}"))
}

/// Reads at most this much at a time, so that each read is hashed while it
/// is still in the CPU's cache.
const READ_STEP: usize = 1 << 20;

/// Reads until `buf` is full or the input ends; returns the bytes read and
/// their SHA-256 (the part's digest for the manifest).
fn fill(input: &mut dyn Read, buf: &mut [u8]) -> io::Result<(usize, Digest)> {
    let mut filled = 0;
    let mut hash = Hasher::new();
    while filled < buf.len() {
        let end = buf.len().min(filled + READ_STEP);
        match input.read(&mut buf[filled..end]) {
            Ok(0) => break,
            Ok(n) => {
                hash.update(&buf[filled..filled + n]);
                filled += n;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((filled, hash.finish().0))
}

fn write_err(e: io::Error) -> Error {
    Error::new(ErrorClass::Io, format!("writing the archive failed: {e}"))
}

impl ArchiveWriter {
    /// Starts an archive: writes the encryption header, the zstd frame start
    /// and the header entry. `out` receives the ciphertext from the writer's
    /// encryption thread.
    pub fn new<W: Write + Send + Sync + 'static>(
        out: W,
        encryption: &Encryption,
        header: Header,
        opts: &WriteOptions,
    ) -> Result<Self> {
        let part_size = opts.part_size as u64;
        if !(names::MIN_PART_SIZE..=names::MAX_PART_SIZE).contains(&part_size)
            || header.part_size != part_size
        {
            return Err(Error::new(
                ErrorClass::HeaderInvalid,
                "part size out of range or not the header's",
            ));
        }
        let (encrypted, cipher) = ToCipher::start(out, encryption.clone())?;
        let mut zstd =
            zstd::stream::write::Encoder::new(encrypted, opts.level).map_err(write_err)?;
        zstd.include_checksum(true).map_err(write_err)?;
        if opts.threads > 0 {
            zstd.multithread(opts.threads).map_err(write_err)?;
            // zstd's default job is 4 windows (8 MiB at level 3) and each
            // worker holds input and output buffers for several jobs: about
            // 50 MiB with two workers. 2 MiB jobs keep the writer's memory
            // constant and small (spec "Limits": peak RSS under 64 MiB) at
            // the same ratio and speed.
            zstd.set_parameter(zstd::stream::raw::CParameter::JobSize(ZSTD_JOB_SIZE))
                .map_err(write_err)?;
        }
        let mtime = header
            .created
            .parse::<jiff::Timestamp>()
            .map_or(0, |t| t.as_second().max(0) as u64);
        let mut w = ArchiveWriter {
            tar: tar::Builder::new(zstd),
            cipher,
            header,
            entries: Vec::new(),
            streams: Vec::new(),
            part: Vec::new(),
            mtime,
        };
        let bytes = w.header.to_cbor()?;
        w.append(names::HEADER_NAME, &bytes)?;
        Ok(w)
    }

    fn append(&mut self, name: &str, data: &[u8]) -> Result<()> {
        self.append_hashed(name, data, Digest::of(data))
    }

    /// Appends an entry whose SHA-256 the caller computed already.
    fn append_hashed(&mut self, name: &str, data: &[u8], sha256: Digest) -> Result<()> {
        if self.entries.len() >= names::MAX_ENTRIES {
            return Err(Error::new(
                ErrorClass::EntryInvalid,
                format!(
                    "too many entries (limit {}); raise the part size",
                    names::MAX_ENTRIES
                ),
            ));
        }
        let mut h = tar::Header::new_ustar();
        h.set_path(name).map_err(write_err)?;
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(self.mtime);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        self.tar.append(&h, data).map_err(write_err)?;
        self.entries.push(Entry {
            name: name.to_owned(),
            size: data.len() as u64,
            sha256,
        });
        Ok(())
    }

    /// Streams `input` to its end as payload stream `name`, in parts of
    /// `part_size` bytes. `progress` is called with the stream's byte count so far.
    pub fn copy_stream(
        &mut self,
        name: &str,
        input: &mut dyn Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Stream> {
        let mut stream = self.begin_stream(name)?;
        let part_size = self.header.part_size as usize;
        let mut buf = std::mem::take(&mut self.part);
        buf.resize(part_size, 0);
        let result: Result<()> = (|| loop {
            let (filled, sha256) = fill(input, &mut buf).map_err(read_err)?;
            if self.emit_part(&mut stream, &buf[..filled], sha256, progress)? {
                return Ok(());
            }
        })();
        self.part = buf;
        result?;
        self.streams.push(stream.clone());
        Ok(stream)
    }

    /// As [`ArchiveWriter::copy_stream`], with the input read by a thread of
    /// its own into a second part buffer while this one is hashed and
    /// compressed: the producer (pg_dump) never waits for the compressor
    /// longer than one part. The reader thread also hashes each part, off
    /// this thread, which feeds zstd. Memory: two part buffers.
    pub fn copy_stream_threaded(
        &mut self,
        name: &str,
        mut input: Box<dyn Read + Send>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Stream> {
        let mut stream = self.begin_stream(name)?;
        let part_size = self.header.part_size as usize;
        let (full_tx, full_rx) = mpsc::sync_channel::<io::Result<(Vec<u8>, usize, Digest)>>(1);
        let (free_tx, free_rx) = mpsc::sync_channel::<Vec<u8>>(2);
        for _ in 0..2 {
            let _ = free_tx.send(Vec::new());
        }
        // Detached on purpose: if this side fails, dropping the channels ends
        // the reader at its next step, and a blocked read ends when the
        // caller kills or closes the producer.
        std::thread::Builder::new()
            .name("coffer-reader".into())
            .spawn(move || {
                while let Ok(mut buf) = free_rx.recv() {
                    buf.resize(part_size, 0);
                    let r = fill(&mut input, &mut buf);
                    let done = !matches!(r, Ok((n, _)) if n == part_size);
                    if full_tx.send(r.map(|(n, sha256)| (buf, n, sha256))).is_err() || done {
                        return;
                    }
                }
            })
            .map_err(|e| {
                Error::new(
                    ErrorClass::Io,
                    format!("cannot start the reader thread: {e}"),
                )
            })?;
        loop {
            let (buf, filled, sha256) = match full_rx.recv() {
                Ok(Ok(x)) => x,
                Ok(Err(e)) => return Err(read_err(e)),
                Err(_) => {
                    return Err(Error::new(
                        ErrorClass::Io,
                        "reading the payload failed: the reader stopped",
                    ));
                }
            };
            let last = self.emit_part(&mut stream, &buf[..filled], sha256, progress)?;
            if last {
                break;
            }
            let _ = free_tx.send(buf);
        }
        self.streams.push(stream.clone());
        Ok(stream)
    }

    /// Streams every input to its end as a payload stream of its own, each
    /// read by a thread of its own (two part buffers each), the parts of
    /// all of them written in the order they fill: a parallel dump's
    /// streams. More than one input needs a header of
    /// [`super::meta::INTERLEAVED_VERSION`] (spec "Entries and parts").
    /// `progress` is called with the bytes of every stream so far. The
    /// streams are listed in the order of their first part.
    pub fn copy_streams_interleaved(
        &mut self,
        inputs: Vec<(String, Box<dyn Read + Send>)>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Vec<Stream>> {
        if inputs.len() > 1 && self.header.version < super::meta::INTERLEAVED_VERSION {
            return Err(Error::new(
                ErrorClass::EntryInvalid,
                "interleaved payload streams need a version 2 header",
            ));
        }
        let mut streams = Vec::with_capacity(inputs.len());
        for (name, _) in &inputs {
            if streams.iter().any(|s: &Stream| &s.name == name) {
                return Err(Error::new(
                    ErrorClass::EntryInvalid,
                    format!("duplicate payload stream {name:?}"),
                ));
            }
            streams.push(self.begin_stream(name)?);
        }
        if self.streams.len() + streams.len() > names::MAX_STREAMS {
            return Err(Error::new(
                ErrorClass::EntryInvalid,
                format!("more than {} payload streams", names::MAX_STREAMS),
            ));
        }
        let part_size = self.header.part_size as usize;
        type Filled = (usize, io::Result<(Vec<u8>, usize, Digest)>);
        let (full_tx, full_rx) = mpsc::sync_channel::<Filled>(inputs.len());
        let mut free = Vec::with_capacity(inputs.len());
        for (i, (_, mut input)) in inputs.into_iter().enumerate() {
            let (free_tx, free_rx) = mpsc::sync_channel::<Vec<u8>>(2);
            for _ in 0..2 {
                let _ = free_tx.send(Vec::new());
            }
            free.push(free_tx);
            let full_tx = full_tx.clone();
            // Detached, as in copy_stream_threaded: a failure here drops the
            // channels, which ends each reader at its next step.
            std::thread::Builder::new()
                .name(format!("coffer-reader-{i}"))
                .spawn(move || {
                    while let Ok(mut buf) = free_rx.recv() {
                        buf.resize(part_size, 0);
                        let r = fill(&mut input, &mut buf);
                        let done = !matches!(r, Ok((n, _)) if n == part_size);
                        if full_tx.send((i, r.map(|(n, d)| (buf, n, d)))).is_err() || done {
                            return;
                        }
                    }
                })
                .map_err(|e| {
                    Error::new(
                        ErrorClass::Io,
                        format!("cannot start the reader thread: {e}"),
                    )
                })?;
        }
        drop(full_tx);
        let mut order = Vec::with_capacity(streams.len());
        let mut open = streams.len();
        let mut before = vec![0u64; streams.len()];
        let mut total = 0u64;
        while open > 0 {
            let (i, r) = full_rx.recv().map_err(|_| {
                Error::new(
                    ErrorClass::Io,
                    "reading the payload failed: a reader stopped",
                )
            })?;
            let (buf, filled, sha256) = r.map_err(read_err)?;
            if streams[i].parts == 0 {
                order.push(i);
            }
            let last = self.emit_part(&mut streams[i], &buf[..filled], sha256, &mut |n| {
                total += n - before[i];
                before[i] = n;
            })?;
            progress(total);
            if last {
                open -= 1;
            } else {
                let _ = free[i].send(buf);
            }
        }
        let listed: Vec<Stream> = order.into_iter().map(|i| streams[i].clone()).collect();
        self.streams.extend(listed.iter().cloned());
        Ok(listed)
    }

    fn begin_stream(&self, name: &str) -> Result<Stream> {
        if !names::valid_stream_name(name) {
            return Err(Error::new(
                ErrorClass::EntryInvalid,
                format!("invalid payload name {name:?}"),
            ));
        }
        if self.streams.iter().any(|s| s.name == name) || self.streams.len() >= names::MAX_STREAMS {
            return Err(Error::new(
                ErrorClass::EntryInvalid,
                format!("duplicate or too many payload streams ({name:?})"),
            ));
        }
        Ok(Stream {
            name: name.to_owned(),
            size: 0,
            parts: 0,
        })
    }

    /// Appends one part read from the input (`data` is at most a part);
    /// returns true when it was the stream's last (spec "Parts": the last
    /// part has 1..=part_size bytes; an empty stream is one empty part).
    /// `sha256` is `data`'s digest.
    fn emit_part(
        &mut self,
        stream: &mut Stream,
        data: &[u8],
        sha256: Digest,
        progress: &mut dyn FnMut(u64),
    ) -> Result<bool> {
        if !data.is_empty() || stream.parts == 0 {
            let part_name = names::part_name(&stream.name, stream.parts as u32);
            self.append_hashed(&part_name, data, sha256)?;
            stream.parts += 1;
            stream.size += data.len() as u64;
            progress(stream.size);
        }
        Ok(data.len() < self.header.part_size as usize)
    }

    /// Writes the manifest last, closes every layer and returns what the
    /// seal needs. Nothing is valid before this returns.
    pub fn finish(mut self, facts: serde_json::Map<String, serde_json::Value>) -> Result<Written> {
        self.part = Vec::new();
        let manifest = Manifest {
            format: super::meta::MANIFEST_FORMAT_ID.into(),
            version: super::meta::FORMAT_VERSION,
            archive_id: self.header.archive_id.clone(),
            entries: self.entries.clone(),
            streams: self.streams.clone(),
            facts,
            tool: tool_version(),
        };
        let bytes = manifest.to_cbor()?;
        if bytes.len() as u64 > names::MAX_MANIFEST_SIZE {
            return Err(Error::new(
                ErrorClass::ManifestInvalid,
                "the manifest would exceed 16 MiB",
            ));
        }
        self.append(names::MANIFEST_NAME, &bytes)?;
        let zstd = self.tar.into_inner().map_err(write_err)?;
        let encrypted = zstd.finish().map_err(write_err)?;
        // Waits for the encryption thread: after this the tap holds the
        // digest of every ciphertext byte.
        encrypted.finish().map_err(write_err)?;
        let (ciphertext_sha256, ciphertext_size) = self.cipher.snapshot();
        Ok(Written {
            header: self.header,
            manifest,
            ciphertext_sha256,
            ciphertext_size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink whose bytes the test reads afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A sink that fails once it has taken `room` bytes.
    struct Failing {
        room: usize,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::other("disk full (test)"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn setup() -> (Encryption, Header, WriteOptions) {
        let (_, recipient) = crate::crypto::generate_age_identity();
        let r = crate::crypto::parse_age_recipient(&recipient).expect("recipient parses");
        let now = jiff::Timestamp::now();
        let opts = WriteOptions {
            part_size: names::MIN_PART_SIZE as usize,
            ..WriteOptions::default()
        };
        let header = Header::new(
            names::new_archive_id(now),
            now,
            "general",
            "file",
            names::MIN_PART_SIZE,
        );
        (Encryption::Age(vec![r]), header, opts)
    }

    /// Incompressible bytes, so that the ciphertext is as large as the input.
    fn noise(len: usize) -> Vec<u8> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    /// The encryption thread's write error reaches the caller as an I/O
    /// error, from the stream copy or from finish: no hang, no panic.
    #[test]
    fn encryption_thread_failure_surfaces() {
        let data = noise(8 << 20);
        for room in [0, 100, 1 << 20] {
            let (enc, header, opts) = setup();
            let result =
                ArchiveWriter::new(Failing { room }, &enc, header, &opts).and_then(|mut w| {
                    w.copy_stream("data", &mut &data[..], &mut |_| {})?;
                    w.finish(serde_json::Map::new())
                });
            let e = result.expect_err("a failing sink fails the archive");
            assert_eq!(e.class, ErrorClass::Io, "room {room}: {e}");
            // (age reports a short header write in its own words.)
            if room != 100 {
                assert!(e.to_string().contains("disk full"), "room {room}: {e}");
            }
        }
    }

    /// What the writer compresses with, at levels 1, 3 (the default) and
    /// 19 (the highest it accepts, the largest window: 8 MiB), with one
    /// worker or several, declares a window that readers accept: at most
    /// 2^ZSTD_WINDOW_LOG_MAX (spec "Limits").
    #[test]
    fn every_level_stays_within_the_readers_window_limit() {
        use std::io::Read as _;
        let identity = age::x25519::Identity::generate();
        let r = identity.to_public();
        let mut keys = crate::crypto::Keys::new();
        keys.add_age_identity(identity);
        for (level, threads) in [(1, 0), (3, 2), (19, 0), (19, 2)] {
            let (_, header, opts) = setup();
            let opts = WriteOptions {
                level,
                threads,
                ..opts
            };
            let out = Shared::default();
            let mut w = ArchiveWriter::new(
                out.clone(),
                &Encryption::Age(vec![r.clone()]),
                header,
                &opts,
            )
            .expect("writer starts");
            w.copy_stream("data", &mut &noise(300_000)[..], &mut |_| {})
                .expect("stream copies");
            w.finish(serde_json::Map::new()).expect("archive finishes");
            let bytes = std::mem::take(&mut *out.0.lock().expect("not poisoned"));
            let (_, mut plain) = keys.decrypt(io::Cursor::new(bytes)).expect("decrypts");
            let mut zst = Vec::new();
            plain.read_to_end(&mut zst).expect("reads");
            let header = zstd::zstd_safe::get_frame_content_size(&zst);
            assert!(header.is_ok(), "level {level}: not a zstd frame");
            let mut d = zstd::stream::read::Decoder::new(&zst[..]).expect("decoder");
            d.window_log_max(crate::format::reader::ZSTD_WINDOW_LOG_MAX)
                .expect("window limit");
            let mut tar = Vec::new();
            d.read_to_end(&mut tar)
                .unwrap_or_else(|e| panic!("level {level}, {threads} workers: {e}"));
            assert!(tar.len() > 300_000, "level {level}");
        }
    }

    /// Dropping an unfinished writer stops its encryption thread without
    /// writing the final chunk.
    #[test]
    fn dropped_writer_stops_the_thread() {
        let (enc, header, opts) = setup();
        let mut w = ArchiveWriter::new(io::sink(), &enc, header, &opts).expect("writer starts");
        w.copy_stream("data", &mut &noise(1 << 20)[..], &mut |_| {})
            .expect("stream copies");
        drop(w);
    }
}
