//! The read side's threads (spec/format.md "Reading"; DESIGN.md
//! "Performance targets": deep verify within 1.2x of `age -d | zstd -d`).
//!
//! ```text
//! decrypted bytes --[coffer-decrypt]--> zstd + tar walk [coffer-unpack]
//!   --> SHA-256 of each part [coffer-hash] --> the caller's sink
//! ```
//!
//! The decryption layer (and the caller's ciphertext hash beneath it) runs on
//! one thread, decompression and every tar check of [`super::reader`] on the
//! next, the parts' SHA-256 on a third, and the sink on the caller's own
//! thread, as the writer overlaps its layers. Stages pass owned buffers of
//! [`CHUNK`] bytes through bounded channels and get them back for reuse, so
//! memory stays constant: at most `QUEUE + 2` buffers between decryption and
//! decompression and `2 * QUEUE + 3` after it (5.25 MiB in all).
//!
//! Order and errors: each stage passes an error on after the bytes that came
//! before it, so the first error in stream order is the one reported, with
//! the class the single-threaded [`super::reader::read_plain`] gives
//! (tests/fuzz_corpus.rs holds the two to that on every corpus input). The
//! comparison with the manifest is made on the caller's thread once every
//! part's digest is in; nothing before it says the output is good.
//!
//! Ending: the threads are scoped, so [`read_overlapped`] returns only after
//! every one of them has ended. A stage that stops (the sink failed, the tar
//! is damaged, the end was reached) drops its channels; the stage before it
//! fails its next send and stops as well, so nothing reads on after an error
//! and nothing waits forever.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread::{Scope, ScopedJoinHandle};

use super::error::{Error, ErrorClass, Result};
use super::reader::{Contents, PartOut, Sink, Walked, data_err, sink_err, walk_tar};
use crate::digest::{Digest, Hasher};

/// Bytes per buffer handed from one stage to the next.
const CHUNK: usize = 256 << 10;
/// Filled buffers that may wait between two stages.
const QUEUE: usize = 4;

/// Decrypted bytes: `(buffer, length)`, length 0 at the end, or the
/// decryption layer's error (authentication, truncation, I/O) as it was.
type Chunk = io::Result<(Vec<u8>, usize)>;

/// What flows from the tar walk to the hashing thread and on to the caller.
enum Msg {
    /// A part of this stream begins.
    Begin(String),
    /// Bytes of the current part: `(buffer, length)`.
    Data(Vec<u8>, usize),
    /// The current part is complete.
    End,
    /// The walk ended well; the hashing thread fills in the digests.
    Done(Box<Walked>),
    Failed(Error),
}

fn stopped(stage: &str) -> Error {
    Error::new(
        ErrorClass::Io,
        format!("reading the archive failed: the {stage} thread stopped"),
    )
}

/// Reads the decrypted layer `plain` (zstd around the tar) with decryption,
/// decompression and hashing overlapped, sending payload bytes to `sink`
/// on this thread. Every check is that of [`super::reader::read_plain`].
pub(super) fn read_overlapped(plain: Box<dyn Read + Send>, sink: Sink<'_>) -> Result<Contents> {
    std::thread::scope(|s| {
        let (to_unpack, from_decrypt) = mpsc::sync_channel::<Chunk>(QUEUE);
        let (free_plain, free_plain_rx) = mpsc::channel::<Vec<u8>>();
        let (to_hash, from_unpack) = mpsc::sync_channel::<Msg>(QUEUE);
        let (free_part, free_part_rx) = mpsc::channel::<Vec<u8>>();
        let (to_caller, from_hash) = mpsc::sync_channel::<Msg>(QUEUE);
        let mut threads = Vec::with_capacity(3);
        let upstream = Upstream::new(from_decrypt, free_plain);
        let started = (|| -> Result<()> {
            spawn(s, "decrypt", &mut threads, move || {
                decrypt(plain, to_unpack, free_plain_rx);
            })?;
            spawn(s, "unpack", &mut threads, move || {
                unpack(upstream, to_hash, free_part_rx);
            })?;
            spawn(s, "hash", &mut threads, move || {
                hash(from_unpack, to_caller)
            })
        })();
        // The caller's ends drop when `deliver` returns (or here, when a
        // thread did not start): every stage then sees that it must stop,
        // before the joins below wait for it.
        let result = match started {
            Ok(()) => deliver(from_hash, free_part, sink),
            Err(e) => {
                drop((from_hash, free_part));
                Err(e)
            }
        };
        let mut panicked = None;
        for (stage, t) in threads {
            if t.join().is_err() && panicked.is_none() {
                panicked = Some(Error::new(
                    ErrorClass::Io,
                    format!("reading the archive failed: the {stage} thread panicked"),
                ));
            }
        }
        match panicked {
            Some(e) => Err(e),
            None => result,
        }
    })
}

type Threads<'s> = Vec<(&'static str, ScopedJoinHandle<'s, ()>)>;

fn spawn<'s>(
    s: &'s Scope<'s, '_>,
    stage: &'static str,
    threads: &mut Threads<'s>,
    f: impl FnOnce() + Send + 's,
) -> Result<()> {
    let t = std::thread::Builder::new()
        .name(format!("coffer-{stage}"))
        .spawn_scoped(s, f)
        .map_err(|e| {
            Error::new(
                ErrorClass::Io,
                format!("cannot start the {stage} thread: {e}"),
            )
        })?;
    threads.push((stage, t));
    Ok(())
}

/// The caller's stage: payload bytes to the sink, buffers back to the tar
/// walk, and the manifest check at the end.
fn deliver(from_hash: Receiver<Msg>, free: Sender<Vec<u8>>, sink: Sink<'_>) -> Result<Contents> {
    let mut stream = String::new();
    loop {
        match from_hash.recv() {
            Ok(Msg::Begin(s)) => stream = s,
            Ok(Msg::Data(buf, n)) => {
                sink(&stream, &buf[..n]).map_err(sink_err)?;
                // The walk may have ended already: then the buffer just drops.
                let _ = free.send(buf);
            }
            Ok(Msg::End) => {}
            Ok(Msg::Done(walked)) => return walked.check(),
            Ok(Msg::Failed(e)) => return Err(e),
            Err(_) => return Err(stopped("hash")),
        }
    }
}

/// Reads the decryption layer to its end (which also authenticates its
/// last chunk) into buffers for the tar walk.
fn decrypt(mut plain: Box<dyn Read + Send>, out: SyncSender<Chunk>, free: Receiver<Vec<u8>>) {
    loop {
        let mut buf = free.try_recv().unwrap_or_else(|_| vec![0u8; CHUNK]);
        let mut n = 0;
        let mut end = None;
        while n < buf.len() {
            match plain.read(&mut buf[n..]) {
                Ok(0) => {
                    end = Some(Ok(()));
                    break;
                }
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    end = Some(Err(e));
                    break;
                }
            }
        }
        if n > 0 && out.send(Ok((buf, n))).is_err() {
            return;
        }
        match end {
            None => {}
            Some(Ok(())) => {
                let _ = out.send(Ok((Vec::new(), 0)));
                return;
            }
            Some(Err(e)) => {
                let _ = out.send(Err(e));
                return;
            }
        }
    }
}

/// The decrypted bytes as the zstd decoder reads them: the buffers from the
/// decryption thread, each handed back once consumed.
struct Upstream {
    from: Receiver<Chunk>,
    free: Sender<Vec<u8>>,
    buf: Vec<u8>,
    len: usize,
    pos: usize,
    eof: bool,
    /// The decryption layer's error, given again if asked again.
    failed: Option<(io::ErrorKind, String)>,
}

impl Upstream {
    fn new(from: Receiver<Chunk>, free: Sender<Vec<u8>>) -> Upstream {
        Upstream {
            from,
            free,
            buf: Vec::new(),
            len: 0,
            pos: 0,
            eof: false,
            failed: None,
        }
    }
}

impl BufRead for Upstream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.len && !self.eof {
            if let Some((kind, msg)) = &self.failed {
                return Err(io::Error::new(*kind, msg.clone()));
            }
            match self.from.recv() {
                Ok(Ok((buf, n))) => {
                    let used = std::mem::replace(&mut self.buf, buf);
                    if used.capacity() > 0 {
                        let _ = self.free.send(used);
                    }
                    (self.len, self.pos, self.eof) = (n, 0, n == 0);
                }
                Ok(Err(e)) => {
                    self.failed = Some((e.kind(), e.to_string()));
                    return Err(e);
                }
                Err(_) => {
                    return Err(io::Error::other(
                        "the decryption thread stopped before the end",
                    ));
                }
            }
        }
        Ok(&self.buf[self.pos..self.len])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.len);
    }
}

impl Read for Upstream {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let have = self.fill_buf()?;
        let n = have.len().min(out.len());
        out[..n].copy_from_slice(&have[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Decompresses and walks the tar (every check but the manifest's); the
/// parts' bytes go on to the hashing thread.
fn unpack(upstream: Upstream, out: SyncSender<Msg>, free: Receiver<Vec<u8>>) {
    let walked = super::reader::zstd_decoder(upstream)
        .and_then(|decoder| walk_tar(decoder, &mut Forward { out: &out, free }));
    let _ = out.send(match walked {
        Ok(w) => Msg::Done(Box::new(w)),
        Err(e) => Msg::Failed(e),
    });
}

/// [`PartOut`] of the unpack thread: reads each part into owned buffers and
/// sends them on; the digest comes from the hashing thread.
struct Forward<'a> {
    out: &'a SyncSender<Msg>,
    free: Receiver<Vec<u8>>,
}

impl Forward<'_> {
    fn send(&self, msg: Msg) -> Result<()> {
        self.out.send(msg).map_err(|_| stopped("hash"))
    }
}

impl PartOut for Forward<'_> {
    fn part(&mut self, stream: &str, entry: &mut dyn Read) -> Result<(u64, Option<Digest>)> {
        self.send(Msg::Begin(stream.to_owned()))?;
        let mut total = 0u64;
        loop {
            let mut buf = self.free.try_recv().unwrap_or_else(|_| vec![0u8; CHUNK]);
            let n = fill(entry, &mut buf).map_err(data_err)?;
            if n > 0 {
                total += n as u64;
                self.send(Msg::Data(buf, n))?;
            }
            if n < CHUNK {
                break;
            }
        }
        self.send(Msg::End)?;
        Ok((total, None))
    }
}

/// Reads until `buf` is full or `r` ends.
fn fill(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Hashes each part as it passes to the caller; at the end, hands the walk
/// its parts' digests.
fn hash(from: Receiver<Msg>, out: SyncSender<Msg>) {
    let mut hasher: Option<Hasher> = None;
    let mut digests = Vec::new();
    while let Ok(msg) = from.recv() {
        let msg = match msg {
            Msg::Begin(s) => {
                hasher = Some(Hasher::new());
                Msg::Begin(s)
            }
            Msg::Data(buf, n) => {
                if let Some(h) = hasher.as_mut() {
                    h.update(&buf[..n]);
                }
                Msg::Data(buf, n)
            }
            Msg::End => {
                if let Some(h) = hasher.take() {
                    digests.push(h.finish().0);
                }
                continue;
            }
            Msg::Done(mut walked) => {
                let _ = out.send(match walked.fill_digests(std::mem::take(&mut digests)) {
                    Ok(()) => Msg::Done(walked),
                    Err(e) => Msg::Failed(e),
                });
                return;
            }
            Msg::Failed(e) => {
                let _ = out.send(Msg::Failed(e));
                return;
            }
        };
        if out.send(msg).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::crypto::{Encryption, Keys};
    use crate::format::meta::Header;
    use crate::format::names;
    use crate::format::writer::{ArchiveWriter, WriteOptions};

    /// Counts the bytes read through it; the count outlives the reader, and
    /// its strong count says whether the reader is still alive.
    struct Counting {
        data: io::Cursor<Vec<u8>>,
        read: Arc<AtomicU64>,
    }

    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.data.read(buf)?;
            self.read.fetch_add(n as u64, Ordering::SeqCst);
            Ok(n)
        }
    }

    fn counting(data: Vec<u8>) -> (Counting, Arc<AtomicU64>) {
        let read = Arc::new(AtomicU64::new(0));
        (
            Counting {
                data: io::Cursor::new(data),
                read: read.clone(),
            },
            read,
        )
    }

    /// Incompressible bytes, so that every layer is as large as the payload.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    const PART: usize = 1 << 20;

    /// An age archive of `streams` (name, bytes), parts of 1 MiB, and the
    /// keys that open it.
    fn archive(streams: &[(&str, &[u8])]) -> (Vec<u8>, Keys) {
        let id = age::x25519::Identity::generate();
        let enc = Encryption::Age(vec![id.to_public()]);
        let mut keys = Keys::new();
        keys.add_age_identity(id);
        let now = jiff::Timestamp::now();
        let header = Header::new(
            names::new_archive_id(now),
            now,
            "general",
            "file",
            PART as u64,
        );
        let opts = WriteOptions {
            part_size: PART,
            ..WriteOptions::default()
        };
        let shared = Shared::default();
        let mut w = ArchiveWriter::new(shared.clone(), &enc, header, &opts).expect("writer starts");
        for (name, data) in streams {
            w.copy_stream(name, &mut &data[..], &mut |_| {})
                .expect("stream copies");
        }
        w.finish(serde_json::Map::new()).expect("archive finishes");
        (shared.take(), keys)
    }

    #[derive(Clone, Default)]
    struct Shared(Arc<std::sync::Mutex<Vec<u8>>>);

    impl io::Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if let Ok(mut v) = self.0.lock() {
                v.extend_from_slice(buf);
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Shared {
        fn take(&self) -> Vec<u8> {
            self.0
                .lock()
                .map(|mut v| std::mem::take(&mut *v))
                .unwrap_or_default()
        }
    }

    /// Runs `f` on a thread of its own and fails the test if it takes more
    /// than a minute: a reader thread that never ends shows up as a hang.
    fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the read ended within a minute")
    }

    /// Every byte of every stream reaches the sink, in order, on the
    /// caller's thread, and the archive checks out.
    #[test]
    fn streams_arrive_whole_and_in_order() {
        let a = noise(3 * PART + 12_345, 1);
        let b = noise(PART, 2);
        let c: Vec<u8> = Vec::new();
        let (bytes, keys) = archive(&[("a", &a), ("b", &b), ("c", &c)]);
        let caller = std::thread::current().id();
        let mut got: Vec<(String, Vec<u8>)> = Vec::new();
        let contents = crate::format::read(io::Cursor::new(bytes), &keys, &mut |s, d| {
            assert_eq!(
                std::thread::current().id(),
                caller,
                "the sink runs on the caller's thread"
            );
            match got.last_mut() {
                Some((name, buf)) if name == s => buf.extend_from_slice(d),
                _ => got.push((s.to_owned(), d.to_vec())),
            }
            Ok(())
        })
        .expect("the archive reads");
        assert_eq!(contents.manifest.streams.len(), 3);
        assert_eq!(got.len(), 2, "an empty stream sends no bytes");
        assert_eq!((got[0].0.as_str(), got[0].1 == a), ("a", true));
        assert_eq!((got[1].0.as_str(), got[1].1 == b), ("b", true));
    }

    /// A sink that fails stops the read at once: the error is the sink's,
    /// the input is not read on to its end, and every thread has ended
    /// (the decryption thread owned the input: it has been dropped).
    #[test]
    fn a_failing_sink_stops_every_thread() {
        let payload = noise(24 * PART, 3);
        let (bytes, keys) = archive(&[("data", &payload)]);
        let total = bytes.len() as u64;
        let (input, read) = counting(bytes);
        let e = within_a_minute(move || {
            let mut calls = 0;
            crate::format::read(input, &keys, &mut |_, _| {
                calls += 1;
                if calls > 2 {
                    return Err(io::Error::other("disk full (test)"));
                }
                Ok(())
            })
            .err()
        })
        .expect("a failing sink fails the read");
        assert_eq!(e.class, ErrorClass::Io, "{e}");
        assert!(e.to_string().contains("disk full (test)"), "{e}");
        assert!(
            read.load(Ordering::SeqCst) < total / 2,
            "read {} of {total} bytes after the sink failed",
            read.load(Ordering::SeqCst)
        );
        assert_eq!(
            Arc::strong_count(&read),
            1,
            "the input is still held by a thread"
        );
    }

    /// Damage in the middle of the ciphertext, or a cut: the class is the
    /// one the single-threaded reader gives, nothing after the bad chunk is
    /// read, every thread has ended.
    #[test]
    fn damaged_or_cut_ciphertext_keeps_its_class_and_stops_the_threads() {
        let payload = noise(24 * PART, 4);
        let (good, keys) = archive(&[("data", &payload)]);
        let keys = Arc::new(keys);
        let total = good.len() as u64;
        let mut flipped = good.clone();
        flipped[good.len() / 4] ^= 0x40;
        let cut = good[..good.len() / 2].to_vec();
        for (what, bytes, classes) in [
            ("flip", flipped, &[ErrorClass::Corrupt][..]),
            // age cannot tell a cut inside a chunk from damage to it.
            (
                "cut",
                cut,
                &[ErrorClass::Truncated, ErrorClass::Corrupt][..],
            ),
        ] {
            let sequential = keys
                .decrypt(io::Cursor::new(bytes.clone()))
                .map_err(Error::from)
                .and_then(|(_, plain)| crate::format::read_plain(plain, &mut |_, _| Ok(())))
                .err()
                .map(|e| e.class);
            let (input, read) = counting(bytes);
            let k = keys.clone();
            let e =
                within_a_minute(move || crate::format::read(input, &k, &mut |_, _| Ok(())).err())
                    .unwrap_or_else(|| panic!("{what}: the damaged archive was accepted"));
            assert!(classes.contains(&e.class), "{what}: {e}");
            assert_eq!(Some(e.class), sequential, "{what}: {e}");
            assert!(
                read.load(Ordering::SeqCst) <= total / 2 + 2 * CHUNK as u64,
                "{what}: read {} of {total} bytes",
                read.load(Ordering::SeqCst)
            );
            assert_eq!(
                Arc::strong_count(&read),
                1,
                "{what}: the input is still held"
            );
        }
    }

    /// Damage in the tar layer halfway through: the unpack thread fails
    /// with the single-threaded reader's class, and the decryption side
    /// stops reading instead of draining the rest.
    #[test]
    fn a_bad_tar_header_midway_stops_the_decryption_side() {
        let payload = noise(24 * PART, 5);
        let (bytes, keys) = archive(&[("data", &payload)]);
        let (_, mut plain) = keys.decrypt(io::Cursor::new(bytes)).expect("decrypts");
        let mut compressed = Vec::new();
        plain.read_to_end(&mut compressed).expect("decrypts");
        let mut tar = zstd::stream::decode_all(&compressed[..]).expect("decompresses");
        let at = tar
            .windows(21)
            .position(|w| w == b"payload/data/00000012")
            .expect("part 12 is there");
        tar[at + 20] = b'X';
        let damaged = zstd::stream::encode_all(&tar[..], 1).expect("compresses");
        let total = damaged.len() as u64;
        let sequential = crate::format::read_plain(&damaged[..], &mut |_, _| Ok(()))
            .err()
            .map(|e| e.class);
        assert_eq!(sequential, Some(ErrorClass::EntryInvalid));
        let (input, read) = counting(damaged);
        let e = within_a_minute(move || read_overlapped(Box::new(input), &mut |_, _| Ok(())).err())
            .expect("the damaged tar is refused");
        assert_eq!(Some(e.class), sequential, "{e}");
        assert!(
            read.load(Ordering::SeqCst) < total * 3 / 4,
            "read {} of {total} bytes",
            read.load(Ordering::SeqCst)
        );
        assert_eq!(Arc::strong_count(&read), 1, "the input is still held");
    }
}
