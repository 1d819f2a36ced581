//! The header and manifest (CBOR) of spec/format.md "Header" and "Manifest".

use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorClass, Result};
use super::names;
use crate::digest::Digest;

/// The archive format's major version. Readers reject any other.
pub const FORMAT_VERSION: u64 = 1;

/// The header version of an archive whose payload streams' parts may
/// interleave (a parallel dump, spec/format.md "Versions"); its manifest
/// and seal stay at version 1.
pub const INTERLEAVED_VERSION: u64 = 2;
pub const FORMAT_ID: &str = "coffer";
pub const MANIFEST_FORMAT_ID: &str = "coffer-manifest";

/// The first tar entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u64,
    pub archive_id: String,
    /// RFC 3339, UTC, whole seconds.
    pub created: String,
    pub class: String,
    pub payload_kind: String,
    pub part_size: u64,
    #[serde(default)]
    pub source: serde_json::Map<String, serde_json::Value>,
    /// Set only on an archive made by `coffer import` from an existing dump
    /// file (spec "Header", `imported`, version 1 addition): absent keys are
    /// not written, so other archives' headers keep their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
}

/// The `imported` marker of a header: where an imported archive's payload
/// came from. Values are open strings: a reader MUST NOT fail on a layer or
/// origin it does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    /// The source file's name (no directory).
    pub file: String,
    /// The layers removed from the file, outermost first: `openpgp-symmetric`, `gzip`.
    #[serde(default)]
    pub layers: Vec<String>,
    /// Where `created` came from: `name` (the file name's pattern) or `mtime`.
    pub created_from: String,
}

/// One tar entry as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    #[serde(with = "digest_bytes")]
    pub sha256: Digest,
}

/// One payload stream as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stream {
    pub name: String,
    pub size: u64,
    pub parts: u64,
}

/// The last tar entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u64,
    pub archive_id: String,
    pub entries: Vec<Entry>,
    pub streams: Vec<Stream>,
    #[serde(default)]
    pub facts: serde_json::Map<String, serde_json::Value>,
    pub tool: String,
}

/// The tool string written into manifests.
pub fn tool_version() -> String {
    format!("coffer {}", env!("CARGO_PKG_VERSION"))
}

impl Header {
    pub fn new(
        archive_id: String,
        created: jiff::Timestamp,
        class: &str,
        payload_kind: &str,
        part_size: u64,
    ) -> Header {
        Header {
            format: FORMAT_ID.into(),
            version: FORMAT_VERSION,
            archive_id,
            created: rfc3339(created),
            class: class.into(),
            payload_kind: payload_kind.into(),
            part_size,
            source: serde_json::Map::new(),
            imported: None,
        }
    }

    pub fn to_cbor(&self) -> Result<Vec<u8>> {
        to_cbor(self)
    }

    /// Decodes and validates a header (version first, so a future format
    /// fails as "unsupported version", not as "invalid").
    pub fn from_cbor(bytes: &[u8]) -> Result<Header> {
        let v = decode_value(bytes, ErrorClass::HeaderInvalid, "header")?;
        check_format_and_version(
            &v,
            FORMAT_ID,
            ErrorClass::HeaderInvalid,
            "header",
            INTERLEAVED_VERSION,
        )?;
        let h: Header = v.deserialized().map_err(|e| {
            Error::new(
                ErrorClass::HeaderInvalid,
                format!("archive header is invalid: {e}"),
            )
        })?;
        let bad = |what: &str| {
            Error::new(
                ErrorClass::HeaderInvalid,
                format!("archive header is invalid: {what}"),
            )
        };
        if !names::valid_archive_id(&h.archive_id) {
            return Err(bad("malformed archive id"));
        }
        if !names::valid_class(&h.class) {
            return Err(bad("malformed class"));
        }
        if !(names::MIN_PART_SIZE..=names::MAX_PART_SIZE).contains(&h.part_size) {
            return Err(bad("part size out of range"));
        }
        if h.created.parse::<jiff::Timestamp>().is_err() {
            return Err(bad("malformed created time"));
        }
        Ok(h)
    }
}

impl Manifest {
    pub fn to_cbor(&self) -> Result<Vec<u8>> {
        to_cbor(self)
    }

    pub fn from_cbor(bytes: &[u8]) -> Result<Manifest> {
        let v = decode_value(bytes, ErrorClass::ManifestInvalid, "manifest")?;
        check_format_and_version(
            &v,
            MANIFEST_FORMAT_ID,
            ErrorClass::ManifestInvalid,
            "manifest",
            FORMAT_VERSION,
        )?;
        v.deserialized().map_err(|e| {
            Error::new(
                ErrorClass::ManifestInvalid,
                format!("archive manifest is invalid: {e}"),
            )
        })
    }

    /// The payload size of all streams.
    pub fn payload_size(&self) -> u64 {
        self.streams.iter().map(|s| s.size).sum()
    }
}

pub fn rfc3339(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn to_cbor<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    ciborium::into_writer(v, &mut out)
        .map_err(|e| Error::new(ErrorClass::Io, format!("CBOR encoding failed: {e}")))?;
    Ok(out)
}

fn decode_value(bytes: &[u8], class: ErrorClass, what: &str) -> Result<ciborium::Value> {
    // ciborium bounds recursion depth, so hostile nesting is an error, not a stack overflow.
    let mut rest = bytes;
    let v = ciborium::from_reader(&mut rest)
        .map_err(|e| Error::new(class, format!("archive {what} is not valid CBOR: {e}")))?;
    // Exactly one data item: two readers must not see two documents in the same bytes.
    if !rest.is_empty() {
        return Err(Error::new(
            class,
            format!("archive {what} has bytes after its CBOR item"),
        ));
    }
    Ok(v)
}

fn check_format_and_version(
    v: &ciborium::Value,
    format: &str,
    class: ErrorClass,
    what: &str,
    highest: u64,
) -> Result<()> {
    let map = v
        .as_map()
        .ok_or_else(|| Error::new(class, format!("archive {what} is not a CBOR map")))?;
    let get = |k: &str| {
        map.iter()
            .find(|(key, _)| key.as_text() == Some(k))
            .map(|(_, v)| v)
    };
    if get("format").and_then(|f| f.as_text()) != Some(format) {
        return Err(Error::new(
            class,
            format!("archive {what} has the wrong format id (expected {format:?})"),
        ));
    }
    let version = get("version")
        .and_then(|v| v.as_integer())
        .and_then(|i| u64::try_from(i).ok())
        .ok_or_else(|| Error::new(class, format!("archive {what} has no version")))?;
    if version == 0 {
        return Err(Error::new(class, format!("archive {what} has version 0")));
    }
    if version > highest {
        return Err(Error::new(
            ErrorClass::UnsupportedVersion,
            format!(
                "archive format version {version} is newer than this coffer supports ({highest}); upgrade coffer"
            ),
        ));
    }
    Ok(())
}

/// Digests are CBOR byte strings (major type 2), not arrays of integers.
mod digest_bytes {
    use serde::{Deserializer, Serializer, de};

    use crate::digest::Digest;

    pub fn serialize<S: Serializer>(d: &Digest, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&d.0)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Digest;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a 32-byte string")
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Digest, E> {
                Digest::from_slice(b).ok_or_else(|| E::invalid_length(b.len(), &self))
            }
            fn visit_byte_buf<E: de::Error>(self, b: Vec<u8>) -> Result<Digest, E> {
                self.visit_bytes(&b)
            }
        }
        d.deserialize_bytes(V)
    }
}

/// Entry point of the `header` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as an archive header (spec/format.md "Header"). Must never panic;
/// a header that validates must encode and validate again, to the same value.
#[doc(hidden)]
pub fn fuzz_header(data: &[u8]) {
    if let Ok(h) = Header::from_cbor(data) {
        let again = h.to_cbor().and_then(|b| Header::from_cbor(&b));
        assert!(
            again.as_ref().is_ok_and(|a| *a == h),
            "a valid header does not round-trip: {h:?} -> {again:?}"
        );
    }
}

/// Entry point of the `manifest` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as an archive manifest (spec/format.md "Manifest"). Must never
/// panic; a manifest that validates must round-trip like a header.
#[doc(hidden)]
pub fn fuzz_manifest(data: &[u8]) {
    if let Ok(m) = Manifest::from_cbor(data) {
        let _ = m.payload_size();
        for e in &m.entries {
            let _ = names::parse_part_name(&e.name);
        }
        let again = m.to_cbor().and_then(|b| Manifest::from_cbor(&b));
        assert!(
            again.as_ref().is_ok_and(|a| *a == m),
            "a valid manifest does not round-trip: {m:?} -> {again:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        let t: jiff::Timestamp = "2026-11-24T11:35:00Z".parse().unwrap_or_default();
        Header::new(
            "20261124T113500Z-3f9a1c2b".into(),
            t,
            "general",
            "file",
            1 << 20,
        )
    }

    #[test]
    fn header_round_trip() {
        let h = header();
        let bytes = h.to_cbor().unwrap_or_default();
        assert_eq!(Header::from_cbor(&bytes).ok(), Some(h));
    }

    #[test]
    fn imported_marker_round_trips_and_is_absent_by_default() {
        let plain = header().to_cbor().unwrap_or_default();
        // The key is not written at all when unset: version 1.0 headers keep their bytes.
        assert!(!plain.windows(8).any(|w| w == b"imported"));
        let mut h = header();
        h.imported = Some(Imported {
            file: "fis_learn_20240206_120000.sql.gz.gpg".into(),
            layers: vec!["openpgp-symmetric".into(), "gzip".into()],
            created_from: "name".into(),
        });
        let bytes = h.to_cbor().unwrap_or_default();
        assert_eq!(Header::from_cbor(&bytes).ok(), Some(h));
    }

    #[test]
    fn unknown_major_version_is_unsupported() {
        let mut h = header();
        h.version = INTERLEAVED_VERSION + 1;
        let bytes = h.to_cbor().unwrap_or_default();
        let err = Header::from_cbor(&bytes).err().map(|e| e.class);
        assert_eq!(err, Some(ErrorClass::UnsupportedVersion));
        // Version 2 (interleaved streams) reads; a manifest stays at 1.
        h.version = INTERLEAVED_VERSION;
        let bytes = h.to_cbor().unwrap_or_default();
        assert_eq!(Header::from_cbor(&bytes).ok(), Some(h));
    }

    #[test]
    fn garbage_is_header_invalid() {
        for bytes in [&b""[..], b"\xff\xff", b"\x01", b"\xa1\x61a\x61b"] {
            assert_eq!(
                Header::from_cbor(bytes).err().map(|e| e.class),
                Some(ErrorClass::HeaderInvalid)
            );
        }
    }

    #[test]
    fn digests_are_byte_strings() {
        let e = Entry {
            name: "x".into(),
            size: 1,
            sha256: Digest::of(b"x"),
        };
        let bytes = to_cbor(&e).unwrap_or_default();
        // 0x58 0x20: a byte string of 32 bytes.
        assert!(bytes.windows(2).any(|w| w == [0x58, 0x20]));
    }
}
