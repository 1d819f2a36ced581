//! The streaming archive reader (spec/format.md "Reading").
//!
//! Every check of the spec is made as the bytes stream past; payload bytes go
//! to the caller's sink before the manifest (the last entry) has been seen,
//! so callers MUST NOT treat the output as good before [`read`] returns Ok:
//! unpack writes to a temporary name, restore holds back the stream's tail.

use std::collections::HashSet;
use std::io::{self, Read};

use super::error::{Error, ErrorClass, Result};
use super::meta::{Entry, Header, Manifest, Stream};
use super::names;
use crate::crypto::{Keys, Mode};
use crate::digest::{Digest, Hasher};

/// What a successful read proved: the header and manifest, all hashes checked.
#[derive(Debug, Clone)]
pub struct Contents {
    pub mode: Option<Mode>,
    pub header: Header,
    pub manifest: Manifest,
}

/// Receives payload bytes: (stream name, bytes), in order.
pub type Sink<'s> = &'s mut dyn FnMut(&str, &[u8]) -> io::Result<()>;

/// Decrypts and reads a whole archive, sending payload bytes to `sink`.
///
/// The work is spread over threads (decryption, decompression and tar
/// checks, the parts' SHA-256; `sink` runs on the caller's thread): see
/// [`super::read_threads`]. Every check is the one [`read_plain`] makes.
pub fn read<R: Read + Send + Sync + 'static>(
    input: R,
    keys: &Keys,
    sink: Sink<'_>,
) -> Result<Contents> {
    let (mode, plain) = keys.decrypt(input)?;
    let mut c = super::read_threads::read_overlapped(plain, sink)?;
    c.mode = Some(mode);
    Ok(c)
}

/// The largest zstd window a reader accepts, as a log2 (spec "Limits"):
/// 16 MiB. coffer writes at most 8 MiB (level 19; level 3 uses 2 MiB);
/// zstd's own default bound is 128 MiB, which a hostile archive could
/// make every reader allocate.
pub const ZSTD_WINDOW_LOG_MAX: u32 = 24;

/// A zstd decoder of `compressed` bounded by [`ZSTD_WINDOW_LOG_MAX`].
pub(super) fn zstd_decoder<R: io::BufRead>(
    compressed: R,
) -> Result<zstd::stream::read::Decoder<'static, R>> {
    let mut d = zstd::stream::read::Decoder::with_buffer(compressed).map_err(data_err)?;
    d.window_log_max(ZSTD_WINDOW_LOG_MAX).map_err(data_err)?;
    Ok(d)
}

/// Reads the decrypted layer: a zstd stream holding the tar, on this thread.
pub fn read_plain(compressed: impl Read, sink: Sink<'_>) -> Result<Contents> {
    let decoder = zstd_decoder(io::BufReader::with_capacity(
        zstd::zstd_safe::DCtx::in_size(),
        compressed,
    ))?;
    read_tar(decoder, sink)
}

/// As [`read_plain`], with decompression and the parts' hashing on threads
/// of their own beside `sink` (the layer below [`read`]).
pub fn read_plain_threaded(compressed: Box<dyn Read + Send>, sink: Sink<'_>) -> Result<Contents> {
    super::read_threads::read_overlapped(compressed, sink)
}

/// Errors while reading decrypted/decompressed data: truncation keeps its
/// class, anything else is damage (authentication, zstd or tar checksum).
pub(super) fn data_err(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::UnexpectedEof || e.to_string().contains("unexpected end of file")
    {
        Error::new(ErrorClass::Truncated, "the archive ends early (truncated)")
    } else if e.to_string().contains("Frame requires too much memory") {
        Error::new(
            ErrorClass::Corrupt,
            "the archive's zstd frame asks for a window larger than 16 MiB (spec/format.md \"Limits\"; coffer writes at most 8 MiB): refused rather than allocated",
        )
    } else {
        Error::new(ErrorClass::Corrupt, format!("the archive is damaged: {e}"))
    }
}

fn entry_err(msg: String) -> Error {
    Error::new(ErrorClass::EntryInvalid, msg)
}

pub(super) fn sink_err(e: io::Error) -> Error {
    Error::new(ErrorClass::Io, format!("writing the payload failed: {e}"))
}

/// Where the bytes of a payload part go as the tar is walked: hashed and
/// handed to the sink right here ([`Inline`]), or passed to the threads of
/// [`super::read_threads`], which hash them beside decompression.
pub(super) trait PartOut {
    /// Reads one part of `stream` from `entry` to its end. Returns the bytes
    /// read and, when they were hashed here, their SHA-256; `None` leaves the
    /// digest to be filled into [`Walked::seen`] before [`Walked::check`].
    fn part(&mut self, stream: &str, entry: &mut dyn Read) -> Result<(u64, Option<Digest>)>;
}

/// Hashes each part and sends it to the sink on the walking thread.
struct Inline<'s> {
    sink: Sink<'s>,
    buf: Vec<u8>,
}

impl PartOut for Inline<'_> {
    fn part(&mut self, stream: &str, entry: &mut dyn Read) -> Result<(u64, Option<Digest>)> {
        let mut hasher = Hasher::new();
        loop {
            let n = match entry.read(&mut self.buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(data_err(e)),
            };
            hasher.update(&self.buf[..n]);
            (self.sink)(stream, &self.buf[..n]).map_err(sink_err)?;
        }
        let (sha256, got) = hasher.finish();
        Ok((got, Some(sha256)))
    }
}

/// Reads the tar layer.
pub fn read_tar(input: impl Read, sink: Sink<'_>) -> Result<Contents> {
    let mut out = Inline {
        sink,
        buf: vec![0u8; 256 * 1024],
    };
    walk_tar(input, &mut out)?.check()
}

/// What a walk of the tar layer found: every check of spec "Reading" made
/// except the comparison with the manifest ([`Walked::check`]), which needs
/// the parts' digests.
pub(super) struct Walked {
    header: Header,
    manifest: Manifest,
    /// Every entry but the manifest, in order.
    seen: Vec<Entry>,
    streams: Vec<Stream>,
    /// Indices into `seen` of the parts whose SHA-256 [`PartOut`] left
    /// open, in order.
    unhashed: Vec<usize>,
}

impl Walked {
    /// Fills in the digests [`PartOut`] left open, one per such part, in
    /// the order the parts were walked.
    pub(super) fn fill_digests(&mut self, digests: Vec<Digest>) -> Result<()> {
        if digests.len() != self.unhashed.len() {
            return Err(Error::new(
                ErrorClass::Io,
                format!(
                    "internal error: {} part digests for {} parts",
                    digests.len(),
                    self.unhashed.len()
                ),
            ));
        }
        for (i, d) in self.unhashed.drain(..).zip(digests) {
            if let Some(e) = self.seen.get_mut(i) {
                e.sha256 = d;
            }
        }
        Ok(())
    }

    /// The last check: every entry and stream is what the manifest lists.
    pub(super) fn check(self) -> Result<Contents> {
        if !self.unhashed.is_empty() {
            return Err(Error::new(
                ErrorClass::Io,
                "internal error: a payload part was not hashed",
            ));
        }
        check_manifest(&self.header, &self.manifest, &self.seen, &self.streams)?;
        Ok(Contents {
            mode: None,
            header: self.header,
            manifest: self.manifest,
        })
    }
}

/// Walks the tar layer, making every check of spec "Reading" as the bytes
/// stream past; parts go to `out`.
pub(super) fn walk_tar(input: impl Read, out: &mut dyn PartOut) -> Result<Walked> {
    let mut archive = tar::Archive::new(Counted { inner: input, n: 0 });
    // Where the last entry's data (padded to a block) ends.
    let mut last_end = 0u64;
    let mut header: Option<Header> = None;
    let mut manifest: Option<Manifest> = None;
    let mut seen: Vec<Entry> = Vec::new();
    let mut unhashed: Vec<usize> = Vec::new();
    let mut seen_streams: Vec<Stream> = Vec::new();
    let mut names_seen: HashSet<String> = HashSet::new();
    {
        // Raw: pax and GNU long-name records come through as entries of
        // their own (and are refused), so the name checked here is the name
        // stock tar would extract (spec "Tar").
        let entries = archive.entries().map_err(data_err)?.raw(true);
        for entry in entries {
            let mut entry = entry.map_err(|e| {
                if e.to_string().contains("checksum") {
                    entry_err(format!("a tar header is invalid: {e}"))
                } else {
                    data_err(e)
                }
            })?;
            if manifest.is_some() {
                return Err(entry_err(
                    "an entry follows the manifest (the manifest must be last)".into(),
                ));
            }
            if seen.len() >= names::MAX_ENTRIES {
                return Err(entry_err(format!(
                    "more than {} entries",
                    names::MAX_ENTRIES
                )));
            }
            let name = String::from_utf8(entry.path_bytes().into_owned())
                .map_err(|_| entry_err("an entry name is not UTF-8".into()))?;
            let kind = entry.header().entry_type();
            if !matches!(kind, tar::EntryType::Regular) {
                // (tar-rs reads typeflag NUL as Regular too.)
                return Err(entry_err(format!(
                    "entry {name:?} is not a regular file ({kind:?}); links, directories and devices are refused"
                )));
            }
            if !names_seen.insert(name.clone()) {
                return Err(entry_err(format!("duplicate entry {name:?}")));
            }
            let size = entry.size();
            last_end = entry
                .raw_file_position()
                .saturating_add(size.div_ceil(BLOCK) * BLOCK);
            let Some(h) = &header else {
                if name != names::HEADER_NAME {
                    return Err(Error::new(
                        ErrorClass::HeaderInvalid,
                        format!(
                            "the first entry must be {}, found {name:?}",
                            names::HEADER_NAME
                        ),
                    ));
                }
                // A size limit is a tar-entry rule (spec "Limits"): EntryInvalid.
                if size > names::MAX_HEADER_SIZE {
                    return Err(entry_err("the header entry exceeds 64 KiB".into()));
                }
                let bytes = read_small(&mut entry, size)?;
                header = Some(Header::from_cbor(&bytes)?);
                seen.push(entry_of(name, &bytes));
                continue;
            };
            if name == names::MANIFEST_NAME {
                if size > names::MAX_MANIFEST_SIZE {
                    return Err(entry_err("the manifest entry exceeds 16 MiB".into()));
                }
                // An archive holds 1 to 16 payload streams (spec "Entries").
                if seen_streams.is_empty() {
                    return Err(entry_err(
                        "the manifest comes before any payload part".into(),
                    ));
                }
                let bytes = read_small(&mut entry, size)?;
                manifest = Some(Manifest::from_cbor(&bytes)?);
                continue;
            }
            let Some((stream, seq)) = names::parse_part_name(&name) else {
                return Err(entry_err(format!("unexpected entry {name:?}")));
            };
            // Parts come in order, stream by stream (version 1), or with the
            // streams' parts interleaved (version 2, spec "Entries and
            // parts"); only a stream's last part may be short.
            let part_size = h.part_size;
            let interleaved = h.version >= super::meta::INTERLEAVED_VERSION;
            let at = seen_streams.iter().position(|s| s.name == stream);
            let current = match at {
                Some(i) if interleaved || i + 1 == seen_streams.len() => &mut seen_streams[i],
                Some(_) => {
                    return Err(entry_err(format!(
                        "parts of stream {stream:?} are not contiguous"
                    )));
                }
                None => {
                    if seen_streams.len() >= names::MAX_STREAMS {
                        return Err(entry_err(format!(
                            "more than {} payload streams",
                            names::MAX_STREAMS
                        )));
                    }
                    if let Some(prev) = seen_streams.last().filter(|_| !interleaved) {
                        check_stream_end(prev)?;
                    }
                    seen_streams.push(Stream {
                        name: stream.to_owned(),
                        size: 0,
                        parts: 0,
                    });
                    seen_streams
                        .last_mut()
                        .ok_or_else(|| entry_err("internal".into()))?
                }
            };
            if u64::from(seq) != current.parts {
                return Err(entry_err(format!("part {name:?} is out of order")));
            }
            if current.parts > 0 && current.size != current.parts * part_size {
                return Err(entry_err(format!("a part before {name:?} is short")));
            }
            if size > part_size {
                return Err(entry_err(format!("part {name:?} exceeds the part size")));
            }
            let (got, sha256) = out.part(stream, &mut entry)?;
            if got != size {
                return Err(Error::new(
                    ErrorClass::Truncated,
                    format!("entry {name:?} ends early"),
                ));
            }
            current.parts += 1;
            current.size += got;
            if sha256.is_none() {
                unhashed.push(seen.len());
            }
            seen.push(Entry {
                name,
                size,
                sha256: sha256.unwrap_or(Digest([0; 32])),
            });
        }
    }
    let header = header
        .ok_or_else(|| Error::new(ErrorClass::HeaderInvalid, "the archive holds no entries"))?;
    let manifest = manifest
        .ok_or_else(|| Error::new(ErrorClass::ManifestInvalid, "the archive has no manifest"))?;
    for s in &seen_streams {
        check_stream_end(s)?;
    }
    // tar-rs stops at the first zero block, or at the end of the input
    // right after an entry: then the end-of-archive marker is missing.
    let mut rest = archive.into_inner();
    if rest.n <= last_end {
        return Err(Error::new(
            ErrorClass::Truncated,
            "the tar archive ends without its end-of-archive marker (truncated)",
        ));
    }
    // The marker's second block, then only zero padding. Reading to the
    // very end also makes zstd check its checksum and the encryption layer
    // authenticate the final chunk (truncation).
    let mut zeros = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match rest.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(data_err(e)),
        };
        if buf[..n].iter().any(|&b| b != 0) {
            return Err(entry_err("data follows the end of the tar archive".into()));
        }
        zeros += n as u64;
    }
    if zeros < BLOCK {
        return Err(Error::new(
            ErrorClass::Truncated,
            "the tar archive's end-of-archive marker is cut short (truncated)",
        ));
    }
    Ok(Walked {
        header,
        manifest,
        seen,
        streams: seen_streams,
        unhashed,
    })
}

/// A tar block.
const BLOCK: u64 = 512;

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n as u64;
        Ok(n)
    }
}

fn check_stream_end(s: &Stream) -> Result<()> {
    // An empty stream is exactly one empty part; otherwise no part is empty.
    if s.size == 0 && s.parts != 1 {
        return Err(entry_err(format!("stream {:?} has empty parts", s.name)));
    }
    Ok(())
}

fn entry_of(name: String, bytes: &[u8]) -> Entry {
    Entry {
        name,
        size: bytes.len() as u64,
        sha256: crate::digest::Digest::of(bytes),
    }
}

fn read_small(entry: &mut impl Read, size: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size as usize);
    entry.take(size).read_to_end(&mut bytes).map_err(data_err)?;
    if bytes.len() as u64 != size {
        return Err(Error::new(ErrorClass::Truncated, "an entry ends early"));
    }
    Ok(bytes)
}

/// Every entry and stream seen must be exactly what the manifest lists.
fn check_manifest(
    header: &Header,
    manifest: &Manifest,
    seen: &[Entry],
    streams: &[Stream],
) -> Result<()> {
    if manifest.archive_id != header.archive_id {
        return Err(Error::new(
            ErrorClass::ManifestInvalid,
            "the manifest belongs to another archive (archive ids differ)",
        ));
    }
    if manifest.entries.len() != seen.len() {
        return Err(Error::new(
            ErrorClass::DigestMismatch,
            format!(
                "the manifest lists {} entries, the archive holds {}",
                manifest.entries.len(),
                seen.len()
            ),
        ));
    }
    for (want, got) in manifest.entries.iter().zip(seen) {
        if want != got {
            return Err(Error::new(
                ErrorClass::DigestMismatch,
                format!(
                    "entry {:?} does not match the manifest (size or SHA-256 differs)",
                    got.name
                ),
            ));
        }
    }
    if manifest.streams != streams {
        return Err(Error::new(
            ErrorClass::DigestMismatch,
            "the payload streams do not match the manifest",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::Digest;

    /// A tar of parts a/0 (full), b/0, a/1 (both short): interleaved.
    fn interleaved(version: u64) -> Vec<u8> {
        let p = names::MIN_PART_SIZE;
        let now = jiff::Timestamp::now();
        let mut h = Header::new(names::new_archive_id(now), now, "general", "file", p);
        h.version = version;
        let hb = h.to_cbor().unwrap_or_default();
        let a0 = vec![1u8; p as usize];
        let (b0, a1) = (vec![2u8; 10], vec![3u8; 20]);
        let entries = [
            (names::HEADER_NAME.to_owned(), &hb),
            (names::part_name("a", 0), &a0),
            (names::part_name("b", 0), &b0),
            (names::part_name("a", 1), &a1),
        ];
        let m = Manifest {
            format: "coffer-manifest".into(),
            version: 1,
            archive_id: h.archive_id.clone(),
            entries: entries
                .iter()
                .map(|(n, d)| Entry {
                    name: n.clone(),
                    size: d.len() as u64,
                    sha256: Digest::of(d),
                })
                .collect(),
            streams: vec![
                Stream {
                    name: "a".into(),
                    size: p + 20,
                    parts: 2,
                },
                Stream {
                    name: "b".into(),
                    size: 10,
                    parts: 1,
                },
            ],
            facts: serde_json::Map::new(),
            tool: "test".into(),
        };
        let mb = m.to_cbor().unwrap_or_default();
        let mut t = tar::Builder::new(Vec::new());
        for (name, data) in entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())) {
            let mut th = tar::Header::new_ustar();
            th.set_size(data.len() as u64);
            th.set_mode(0o600);
            th.set_cksum();
            t.append_data(&mut th, name, data).unwrap_or_default();
        }
        let mut th = tar::Header::new_ustar();
        th.set_size(mb.len() as u64);
        th.set_mode(0o600);
        th.set_cksum();
        t.append_data(&mut th, names::MANIFEST_NAME, mb.as_slice())
            .unwrap_or_default();
        t.into_inner().unwrap_or_default()
    }

    #[test]
    fn interleaved_parts_read_in_version_2_and_are_refused_in_version_1() {
        let mut got: Vec<(String, usize)> = Vec::new();
        let c = read_tar(&interleaved(2)[..], &mut |s: &str, d: &[u8]| {
            got.push((s.to_owned(), d.len()));
            Ok(())
        });
        assert!(c.is_ok(), "{:?}", c.err());
        let total: usize = got.iter().map(|(_, n)| n).sum();
        assert_eq!(total, names::MIN_PART_SIZE as usize + 30);
        let e = read_tar(&interleaved(1)[..], &mut |_: &str, _: &[u8]| Ok(())).err();
        assert_eq!(e.map(|e| e.class), Some(ErrorClass::EntryInvalid));
    }
}
