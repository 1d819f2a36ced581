//! Tar entry names and identifiers (spec "Entries" and "Limits").
//!
//! The grammar is strict on purpose: a name that matches it cannot be
//! absolute, cannot contain `..`, and cannot collide with another entry kind.

/// The first entry.
pub const HEADER_NAME: &str = "coffer/header.cbor";
/// The last entry.
pub const MANIFEST_NAME: &str = "coffer/manifest.cbor";

pub const MAX_ENTRIES: usize = 100_000;
pub const MAX_STREAMS: usize = 16;
pub const MAX_HEADER_SIZE: u64 = 64 * 1024;
pub const MAX_MANIFEST_SIZE: u64 = 16 * 1024 * 1024;
pub const MIN_PART_SIZE: u64 = 64 * 1024;
pub const MAX_PART_SIZE: u64 = 64 * 1024 * 1024;
pub const DEFAULT_PART_SIZE: usize = 8 * 1024 * 1024;

/// `^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$`
pub fn valid_stream_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// `payload/NAME/NNNNNNNN`
pub fn part_name(stream: &str, seq: u32) -> String {
    format!("payload/{stream}/{seq:08}")
}

/// Splits a part entry name into (stream, sequence number).
pub fn parse_part_name(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix("payload/")?;
    let (stream, seq) = rest.split_once('/')?;
    if !valid_stream_name(stream) || seq.len() != 8 || !seq.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((stream, seq.parse().ok()?))
}

/// The class of archives holding every table no `[classes.NAME]` declares
/// (spec/classes.md); every other class is named in the config.
pub const GENERAL: &str = "general";

/// `^[a-z][a-z0-9_-]{0,31}$`
pub fn valid_class(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-'))
}

/// `^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$`
pub fn valid_archive_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 25
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
        && b[16] == b'-'
        && b[17..]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

/// A new archive id: the creation second (UTC) and 32 random bits.
pub fn new_archive_id(created: jiff::Timestamp) -> String {
    let mut r = [0u8; 4];
    // getrandom only fails without an OS entropy source; fall back to the
    // clock's nanoseconds so an id can still be made (ids need uniqueness,
    // not secrecy).
    if getrandom::fill(&mut r).is_err() {
        r = created.subsec_nanosecond().to_le_bytes();
    }
    format!("{}-{}", created.strftime("%Y%m%dT%H%M%SZ"), hex::encode(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names() {
        for ok in ["dump", "dump.sql", "a", "_x", "A-1.b_c"] {
            assert!(valid_stream_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", ".hidden", "a/b", "-x", "é", &"x".repeat(65)] {
            assert!(!valid_stream_name(bad), "{bad}");
        }
    }

    #[test]
    fn part_names() {
        assert_eq!(part_name("dump", 7), "payload/dump/00000007");
        assert_eq!(parse_part_name("payload/dump/00000007"), Some(("dump", 7)));
        for bad in [
            "payload/dump/7",
            "payload/../00000000",
            "/payload/dump/00000000",
            "payload/dump/00000000/x",
            "payload/dump/0000000a",
            "payload//00000000",
        ] {
            assert_eq!(parse_part_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids() {
        let t: jiff::Timestamp = "2026-11-24T11:35:00Z".parse().unwrap_or_default();
        let id = new_archive_id(t);
        assert!(id.starts_with("20261124T113500Z-"), "{id}");
        assert!(valid_archive_id(&id));
        assert!(!valid_archive_id("20261124T113500Z-3F9A1C2B"));
        assert!(!valid_archive_id("../../etc/passwd"));
        assert!(valid_class("ferpa") && !valid_class("Ferpa") && !valid_class("a/b"));
    }
}
