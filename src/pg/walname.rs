//! PostgreSQL's WAL file names and LSNs (spec/wal.md "Names"): what
//! `archive_command`'s `%f` may be, its timeline and segment number, and
//! the segment an LSN falls in. Pure functions; nothing here touches a file.

/// A parsed `%f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalName {
    pub timeline: u32,
    pub kind: WalFileKind,
    /// `(log, seg)` of a segment-named file; `None` for a history file.
    pub log_seg: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalFileKind {
    Segment,
    Partial,
    History,
    Backup,
}

fn hex8(s: &str) -> Option<u32> {
    (s.len() == 8
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_lowercase()))
    .then(|| u32::from_str_radix(s, 16).ok())
    .flatten()
}

/// Parses a WAL file name as the archiver hands it over. Anything else (a
/// path, a lowercase or short name) is `None`: the name becomes part of a
/// store key, so only these exact shapes are accepted.
pub fn parse(name: &str) -> Option<WalName> {
    // Every valid name is ASCII; slicing below relies on it.
    if !name.is_ascii() {
        return None;
    }
    if let Some(t) = name.strip_suffix(".history") {
        let timeline = hex8(t).filter(|t| *t >= 1)?;
        return Some(WalName {
            timeline,
            kind: WalFileKind::History,
            log_seg: None,
        });
    }
    if name.len() < 24 {
        return None;
    }
    let (seg, rest) = name.split_at(24);
    let timeline = hex8(&seg[..8]).filter(|t| *t >= 1)?;
    let log_seg = Some((hex8(&seg[8..16])?, hex8(&seg[16..24])?));
    let kind = match rest {
        "" => WalFileKind::Segment,
        ".partial" => WalFileKind::Partial,
        r if r.len() == 16 && r.starts_with('.') && r.ends_with(".backup") => {
            hex8(&r[1..9])?;
            WalFileKind::Backup
        }
        _ => return None,
    };
    Some(WalName {
        timeline,
        kind,
        log_seg,
    })
}

/// Segments per "log" (xlogid) for a segment size: 2^32 / size.
pub fn segments_per_log(segment_size: u64) -> u64 {
    0x1_0000_0000 / segment_size.max(1)
}

impl WalName {
    /// The segment number on its timeline (`log * segments_per_log + seg`).
    pub fn segno(&self, segment_size: u64) -> Option<u64> {
        self.log_seg
            .map(|(log, seg)| u64::from(log) * segments_per_log(segment_size) + u64::from(seg))
    }
}

/// The segment file name of segment number `segno` on `timeline`.
pub fn segment_name(timeline: u32, segno: u64, segment_size: u64) -> String {
    let per = segments_per_log(segment_size);
    format!("{timeline:08X}{:08X}{:08X}", segno / per, segno % per)
}

/// Parses an LSN written as `X/Y` (hex).
pub fn parse_lsn(s: &str) -> Option<u64> {
    let (hi, lo) = s.trim().split_once('/')?;
    let hi = u64::from_str_radix(hi, 16).ok()?;
    let lo = u64::from_str_radix(lo, 16).ok()?;
    (hi <= u64::from(u32::MAX) && lo <= u64::from(u32::MAX)).then_some((hi << 32) | lo)
}

/// An LSN as PostgreSQL writes it.
pub fn format_lsn(lsn: u64) -> String {
    format!("{:X}/{:X}", lsn >> 32, lsn & 0xFFFF_FFFF)
}

/// The segment number holding the byte at `lsn`.
pub fn segno_of(lsn: u64, segment_size: u64) -> u64 {
    lsn / segment_size.max(1)
}

/// The last segment a backup that stopped at `stop_lsn` needs (the one
/// holding the byte before it, as PostgreSQL's `XLByteToPrevSeg`).
pub fn stop_segno(stop_lsn: u64, segment_size: u64) -> u64 {
    segno_of(stop_lsn.saturating_sub(1), segment_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEG: u64 = 16 << 20;

    #[test]
    fn names_parse() {
        let n = parse("000000010000000000000002").expect("segment");
        assert_eq!(n.timeline, 1);
        assert_eq!(n.kind, WalFileKind::Segment);
        assert_eq!(n.segno(SEG), Some(2));
        let b = parse("000000010000000000000002.00000028.backup").expect("backup");
        assert_eq!(b.kind, WalFileKind::Backup);
        assert_eq!(b.segno(SEG), Some(2));
        let h = parse("00000002.history").expect("history");
        assert_eq!(
            (h.timeline, h.kind, h.log_seg),
            (2, WalFileKind::History, None)
        );
        let p = parse("0000000100000001000000FF.partial").expect("partial");
        assert_eq!(p.segno(SEG), Some(256 + 255));
        for bad in [
            "",
            "00000001000000000000000",
            "000000010000000000000002x",
            "000000000000000000000002",
            "00000001000000000000000a",
            "../000000010000000000000",
            "000000010000000000000002.backup",
            "000000010000000000000002.0000002G.backup",
            "00000000.history",
            "pg_wal/000000010000000000000002",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn segment_names_round_trip(t in 1u32.., segno in 0u64..(1 << 40), shift in 20u32..=30) {
            let size = 1u64 << shift;
            let per = segments_per_log(size);
            let segno = segno % (per << 32);
            let name = segment_name(t, segno, size);
            let n = parse(&name).expect("a made name parses");
            proptest::prop_assert_eq!(n.timeline, t);
            proptest::prop_assert_eq!(n.segno(size), Some(segno));
        }

        #[test]
        fn any_text_parses_or_not_without_panic(s in ".{0,48}") {
            let _ = parse(&s);
            let _ = parse_lsn(&s);
        }
    }

    #[test]
    fn lsn_arithmetic() {
        assert_eq!(parse_lsn("0/2000028"), Some(0x200_0028));
        assert_eq!(parse_lsn("1/0"), Some(1 << 32));
        assert_eq!(parse_lsn("x/0"), None);
        assert_eq!(format_lsn(0x1_0200_0028), "1/2000028");
        assert_eq!(segno_of(0x200_0028, SEG), 2);
        assert_eq!(stop_segno(0x300_0000, SEG), 2, "a stop at a boundary");
        assert_eq!(stop_segno(0x300_0001, SEG), 3);
        assert_eq!(segment_name(1, 2, SEG), "000000010000000000000002");
        assert_eq!(segment_name(3, 256 + 1, SEG), "000000030000000100000001");
        assert_eq!(
            segment_name(1, 2, 1 << 30),
            "000000010000000000000002",
            "1 GiB segments: 4 per log"
        );
        assert_eq!(segment_name(1, 5, 1 << 30), "000000010000000100000001");
    }
}
