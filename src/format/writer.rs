//! The streaming archive writer (spec/format.md "Write order").
//!
//! payload bytes -> bounded parts -> tar -> zstd (multithreaded) -> encryption
//! -> SHA-256 of the ciphertext -> `W`. One pass, constant memory: one part
//! buffer plus zstd's window and the encryption chunk.

use std::io::{self, Read, Write};
use std::sync::mpsc;

use super::error::{Error, ErrorClass, Result};
use super::meta::{Entry, Header, Manifest, Stream, tool_version};
use super::names;
use crate::crypto::{EncryptWriter, Encryption};
use crate::digest::{Digest, HashTap, HashingWriter};

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

type Compressed<'a, W> = zstd::stream::write::Encoder<'static, EncryptWriter<'a, HashingWriter<W>>>;

/// Writes one archive. Entries go out as they are produced: the header
/// first, then payload parts, then (in [`ArchiveWriter::finish`]) the manifest.
pub struct ArchiveWriter<'a, W: Write + Send + Sync + 'a> {
    tar: tar::Builder<Compressed<'a, W>>,
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

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn fill(input: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn write_err(e: io::Error) -> Error {
    Error::new(ErrorClass::Io, format!("writing the archive failed: {e}"))
}

impl<'a, W: Write + Send + Sync + 'a> ArchiveWriter<'a, W> {
    /// Starts an archive: writes the encryption header, the zstd frame start
    /// and the header entry.
    pub fn new(
        out: W,
        encryption: &'a Encryption,
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
        let (hashing, cipher) = HashingWriter::new(out);
        let encrypted = encryption.wrap(hashing)?;
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
            sha256: Digest::of(data),
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
            let filled = fill(input, &mut buf).map_err(read_err)?;
            if self.emit_part(&mut stream, &buf[..filled], progress)? {
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
    /// longer than one part. Memory: two part buffers.
    pub fn copy_stream_threaded(
        &mut self,
        name: &str,
        mut input: Box<dyn Read + Send>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Stream> {
        let mut stream = self.begin_stream(name)?;
        let part_size = self.header.part_size as usize;
        let (full_tx, full_rx) = mpsc::sync_channel::<io::Result<(Vec<u8>, usize)>>(1);
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
                    let done = !matches!(r, Ok(n) if n == part_size);
                    if full_tx.send(r.map(|n| (buf, n))).is_err() || done {
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
            let (buf, filled) = match full_rx.recv() {
                Ok(Ok(x)) => x,
                Ok(Err(e)) => return Err(read_err(e)),
                Err(_) => {
                    return Err(Error::new(
                        ErrorClass::Io,
                        "reading the payload failed: the reader stopped",
                    ));
                }
            };
            let last = self.emit_part(&mut stream, &buf[..filled], progress)?;
            if last {
                break;
            }
            let _ = free_tx.send(buf);
        }
        self.streams.push(stream.clone());
        Ok(stream)
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
    fn emit_part(
        &mut self,
        stream: &mut Stream,
        data: &[u8],
        progress: &mut dyn FnMut(u64),
    ) -> Result<bool> {
        if !data.is_empty() || stream.parts == 0 {
            let part_name = names::part_name(&stream.name, stream.parts as u32);
            self.append(&part_name, data)?;
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
