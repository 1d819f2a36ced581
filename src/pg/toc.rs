//! The table of contents at the head of a custom-format dump (`pg_dump
//! -Fc`), read as pg_restore's `ReadHead`/`ReadToc` read it, and the
//! entries a selective restore of some tables needs.
//!
//! `pg_restore -t T` restores the table's definition and rows, nothing
//! else: a column default whose sequence is a TOC entry of its own (a
//! serial column's `DEFAULT`, an identity's `SEQUENCE`) is left out, and a
//! default written inside `CREATE TABLE` names a sequence that is not
//! restored, so the table fails to restore, or restores with ids that no
//! longer fill themselves. [`selection`] picks, beside what `-t` picks, the
//! sequences the tables' defaults use with their current values, those
//! defaults, and the `OWNED BY` of a sequence that one of the tables owns;
//! the caller hands the list to `pg_restore -L`.

use std::collections::BTreeSet;

/// One TOC entry (the fields a selection needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i32,
    /// `TABLE`, `TABLE DATA`, `SEQUENCE`, `SEQUENCE SET`, `DEFAULT`, ...
    pub desc: String,
    /// The schema, if any.
    pub namespace: Option<String>,
    /// The object's name (`t`, or `t col` for a default, ...).
    pub tag: String,
    /// The entries this one depends on.
    pub deps: Vec<i32>,
}

/// Why a TOC could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TocError {
    /// The bytes end before the TOC does: read more.
    Short,
    /// Not a custom dump, or a version this reader does not know.
    Unsupported(String),
}

/// The archive versions read here: 1.12 (PostgreSQL 9.6) to 1.16 (17).
const MIN_VERSION: (u8, u8) = (1, 12);
const MAX_VERSION: (u8, u8) = (1, 16);

struct Cursor<'a> {
    buf: &'a [u8],
    at: usize,
    int_size: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Result<u8, TocError> {
        let b = *self.buf.get(self.at).ok_or(TocError::Short)?;
        self.at += 1;
        Ok(b)
    }

    fn bytes(&mut self, n: usize) -> Result<&[u8], TocError> {
        let end = self.at.checked_add(n).ok_or(TocError::Short)?;
        let s = self.buf.get(self.at..end).ok_or(TocError::Short)?;
        self.at = end;
        Ok(s)
    }

    /// `ReadInt`: a sign byte, then `int_size` bytes, least significant first.
    fn int(&mut self) -> Result<i64, TocError> {
        let negative = self.byte()? != 0;
        let mut v: i64 = 0;
        for i in 0..self.int_size {
            let b = i64::from(self.byte()?);
            if i < 8 {
                v |= b << (8 * i);
            }
        }
        Ok(if negative { v.wrapping_neg() } else { v })
    }

    /// `ReadStr`: a length (-1 for NULL), then the bytes.
    fn str(&mut self) -> Result<Option<String>, TocError> {
        let n = self.int()?;
        if n < 0 {
            return Ok(None);
        }
        let n = usize::try_from(n).map_err(|_| TocError::Short)?;
        if n > self.buf.len() {
            return Err(TocError::Short);
        }
        Ok(Some(String::from_utf8_lossy(self.bytes(n)?).into_owned()))
    }
}

/// Reads the TOC from the first bytes of a custom dump. [`TocError::Short`]
/// says that `buf` ends before the TOC does.
pub fn read(buf: &[u8]) -> Result<Vec<Entry>, TocError> {
    let unsupported = |m: &str| Err(TocError::Unsupported(m.to_owned()));
    if buf.len() < 5 {
        return Err(TocError::Short);
    }
    if &buf[..5] != b"PGDMP" {
        return unsupported("not a custom-format dump");
    }
    let mut c = Cursor {
        buf,
        at: 5,
        int_size: 4,
    };
    let version = (c.byte()?, c.byte()?);
    let _rev = c.byte()?;
    if version < MIN_VERSION || version > MAX_VERSION {
        return unsupported(&format!(
            "archive version {}.{} (this reader knows {}.{} to {}.{})",
            version.0, version.1, MIN_VERSION.0, MIN_VERSION.1, MAX_VERSION.0, MAX_VERSION.1
        ));
    }
    c.int_size = usize::from(c.byte()?);
    let off_size = usize::from(c.byte()?);
    if !(1..=8).contains(&c.int_size) || !(1..=16).contains(&off_size) {
        return unsupported("implausible integer or offset size");
    }
    if c.byte()? != 1 {
        return unsupported("not the custom format");
    }
    if version >= (1, 15) {
        c.byte()?; // compression algorithm
    } else {
        c.int()?; // compression level
    }
    for _ in 0..7 {
        c.int()?; // creation time
    }
    c.str()?; // database name
    c.str()?; // server version
    c.str()?; // pg_dump version
    let count = c.int()?;
    if count < 0 || count > i64::from(i32::MAX) {
        return unsupported("implausible TOC entry count");
    }
    let mut out = Vec::new();
    for _ in 0..count {
        let id =
            i32::try_from(c.int()?).map_err(|_| TocError::Unsupported("bad entry id".into()))?;
        c.int()?; // had dumper
        c.str()?; // table oid
        c.str()?; // oid
        let tag = c.str()?.unwrap_or_default();
        let desc = c.str()?.unwrap_or_default();
        c.int()?; // section
        c.str()?; // defn
        c.str()?; // drop statement
        c.str()?; // copy statement
        let namespace = c.str()?;
        c.str()?; // tablespace
        c.str()?; // table access method
        if version >= (1, 16) {
            c.int()?; // relkind
        }
        c.str()?; // owner
        c.str()?; // "false" (WITH OIDS)
        let mut deps = Vec::new();
        while let Some(d) = c.str()? {
            if let Ok(d) = d.trim().parse() {
                deps.push(d);
            }
        }
        c.byte()?; // data offset: a flag byte, then the offset
        c.bytes(off_size)?;
        out.push(Entry {
            id,
            desc,
            namespace,
            tag,
            deps,
        });
    }
    Ok(out)
}

/// The entries a restore of `tables` ((schema or any, name) as PostgreSQL
/// reads names) needs, in TOC order: what `pg_restore -n S -t T` restores
/// (each table's definition and rows, the comments, security labels and
/// ACLs that depend on nothing else), plus
/// - each sequence a table's defaults use (named in `CREATE TABLE`, or by a
///   `DEFAULT` entry of the table's), and its `SEQUENCE SET` (the value);
/// - the table's `DEFAULT` entries, and its identity sequences (a
///   `SEQUENCE` entry that depends on the table);
/// - a sequence's `OWNED BY` when the owning table is among `tables`
///   (pg_dump makes an owned sequence depend on its table).
///
/// A sequence owned by a table outside `tables` comes without `OWNED BY`:
/// that table is not there to own it. A sequence that `present` says the
/// target already has (schema, name) is left as it is, value and owner
/// too: a table restored into a database that still has its sequence
/// continues that sequence. Returns the ids and the indexes of the
/// `tables` that the TOC lacks.
pub fn selection(
    toc: &[Entry],
    tables: &[(Option<String>, String)],
    present: &dyn Fn(&str, &str) -> bool,
) -> (Vec<i32>, Vec<usize>) {
    let wanted = |e: &Entry| {
        tables.iter().position(|(s, t)| {
            *t == e.tag && s.as_ref().is_none_or(|s| Some(s) == e.namespace.as_ref())
        })
    };
    let mut chosen: BTreeSet<i32> = BTreeSet::new();
    let mut table_ids: BTreeSet<i32> = BTreeSet::new();
    let mut found = vec![false; tables.len()];
    for e in toc {
        if matches!(
            e.desc.as_str(),
            "TABLE" | "VIEW" | "FOREIGN TABLE" | "MATERIALIZED VIEW"
        ) && let Some(i) = wanted(e)
        {
            found[i] = true;
            table_ids.insert(e.id);
        }
    }
    let by_id = |id: i32| toc.iter().find(|e| e.id == id);
    let mut sequences: BTreeSet<i32> = BTreeSet::new();
    for e in toc {
        let on_table = e.deps.iter().any(|d| table_ids.contains(d));
        match e.desc.as_str() {
            "TABLE" | "VIEW" | "FOREIGN TABLE" | "MATERIALIZED VIEW"
                if table_ids.contains(&e.id) =>
            {
                chosen.insert(e.id);
                // A default inside CREATE TABLE: the table depends on its sequence.
                sequences.extend(
                    e.deps
                        .iter()
                        .filter(|d| by_id(**d).is_some_and(|s| s.desc == "SEQUENCE")),
                );
            }
            "TABLE DATA" | "MATERIALIZED VIEW DATA" if wanted(e).is_some() && on_table => {
                chosen.insert(e.id);
            }
            "DEFAULT" if on_table => {
                chosen.insert(e.id);
                sequences.extend(
                    e.deps
                        .iter()
                        .filter(|d| by_id(**d).is_some_and(|s| s.desc == "SEQUENCE")),
                );
            }
            // Owned by the table (serial), or its identity.
            "SEQUENCE" if on_table => {
                sequences.insert(e.id);
            }
            _ => {}
        }
    }
    sequences.retain(|id| {
        by_id(*id).is_none_or(|e| !present(e.namespace.as_deref().unwrap_or(""), &e.tag))
    });
    chosen.extend(&sequences);
    for e in toc {
        let on_sequence = e.deps.iter().any(|d| sequences.contains(d));
        match e.desc.as_str() {
            "SEQUENCE SET" if on_sequence => {
                chosen.insert(e.id);
            }
            "SEQUENCE OWNED BY" if on_sequence => {
                // Owned by one of the tables: the sequence depends on it.
                let owner_here =
                    e.deps.iter().filter_map(|d| by_id(*d)).any(|s| {
                        s.desc == "SEQUENCE" && s.deps.iter().any(|d| table_ids.contains(d))
                    });
                if owner_here {
                    chosen.insert(e.id);
                }
            }
            _ => {}
        }
    }
    // What follows its one parent, as pg_restore's selective restore does.
    for e in toc {
        if matches!(e.desc.as_str(), "COMMENT" | "ACL" | "SECURITY LABEL")
            && e.deps.len() == 1
            && chosen.contains(&e.deps[0])
        {
            chosen.insert(e.id);
        }
    }
    let ids = toc
        .iter()
        .map(|e| e.id)
        .filter(|id| chosen.contains(id))
        .collect();
    let missing = (0..tables.len()).filter(|i| !found[*i]).collect();
    (ids, missing)
}

/// The sequences of `target`'s database, as (schema, name).
pub fn sequences(target: &super::ConnTarget) -> Result<BTreeSet<(String, String)>, super::Error> {
    let mut client = target.connect()?;
    let rows = client
        .query(
            "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S'",
            &[],
        )
        .map_err(|e| super::query_err("cannot list the target's sequences", e))?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// The `-L` list of `ids`, one `ID;` a line, in restore order.
pub fn list(ids: &[i32]) -> String {
    ids.iter().map(|id| format!("{id};\n")).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn e(id: i32, desc: &str, tag: &str, deps: &[i32]) -> Entry {
        Entry {
            id,
            desc: desc.into(),
            namespace: Some("public".into()),
            tag: tag.into(),
            deps: deps.to_vec(),
        }
    }

    /// The TOC pg_dump 15 writes for: a (serial), b (default from a's
    /// sequence), c (default from a free sequence), d (identity), e
    /// (defaults from other.s and free_seq).
    fn toc() -> Vec<Entry> {
        let mut other = e(222, "SEQUENCE", "s", &[6]);
        other.namespace = Some("other".into());
        let mut other_set = e(3384, "SEQUENCE SET", "s", &[222]);
        other_set.namespace = Some("other".into());
        vec![
            e(6, "SCHEMA", "other", &[]),
            other,
            e(216, "TABLE", "a", &[]),
            e(215, "SEQUENCE", "a_id_seq", &[216]),
            e(3383, "SEQUENCE OWNED BY", "a_id_seq", &[215]),
            e(217, "TABLE", "b", &[215]),
            e(218, "SEQUENCE", "free_seq", &[]),
            e(219, "TABLE", "c", &[218]),
            e(221, "TABLE", "d", &[]),
            e(220, "SEQUENCE", "d_id_seq", &[221]),
            e(223, "TABLE", "e", &[222, 218]),
            e(3217, "DEFAULT", "a id", &[215, 216, 216]),
            e(3369, "TABLE DATA", "a", &[216]),
            e(3370, "TABLE DATA", "b", &[217]),
            e(3372, "TABLE DATA", "c", &[219]),
            e(3374, "TABLE DATA", "d", &[221]),
            e(3376, "TABLE DATA", "e", &[223]),
            other_set,
            e(3385, "SEQUENCE SET", "a_id_seq", &[215]),
            e(3386, "SEQUENCE SET", "d_id_seq", &[220]),
            e(3387, "SEQUENCE SET", "free_seq", &[218]),
            e(3223, "CONSTRAINT", "a a_pkey", &[216]),
            e(9000, "COMMENT", "TABLE a", &[216]),
        ]
    }

    fn pick(t: &str) -> Vec<i32> {
        let (ids, missing) = selection(&toc(), &[(Some("public".into()), t.into())], &|_, _| false);
        assert!(missing.is_empty());
        ids
    }

    #[test]
    fn a_table_comes_with_the_sequences_its_defaults_use() {
        // Serial: the sequence, its OWNED BY, the default, the value.
        assert_eq!(pick("a"), [216, 215, 3383, 3217, 3369, 3385, 9000]);
        // a's sequence, without OWNED BY (a is not restored).
        assert_eq!(pick("b"), [215, 217, 3370, 3385]);
        assert_eq!(pick("c"), [218, 219, 3372, 3387]);
        // Identity.
        assert_eq!(pick("d"), [221, 220, 3374, 3386]);
        // Two sequences, one in another schema.
        assert_eq!(pick("e"), [222, 218, 223, 3376, 3384, 3387]);
        let (_, missing) = selection(
            &toc(),
            &[(None, "a".into()), (Some("other".into()), "a".into())],
            &|_, _| false,
        );
        assert_eq!(missing, [1]);
        // A sequence the target has is left alone (its value too).
        let (ids, _) = selection(&toc(), &[(None, "e".into())], &|s, n| {
            s == "public" && n == "free_seq"
        });
        assert_eq!(ids, [222, 223, 3376, 3384]);
    }

    #[test]
    fn short_and_foreign_input_is_told_apart() {
        assert_eq!(read(b"PGD"), Err(TocError::Short));
        assert!(matches!(
            read(b"-- PostgreSQL"),
            Err(TocError::Unsupported(_))
        ));
        assert!(matches!(
            read(b"PGDMP\x01\x0e\x00\x04\x08\x03"),
            Err(TocError::Unsupported(_))
        ));
        assert!(matches!(
            read(b"PGDMP\x01\x09\x00"),
            Err(TocError::Unsupported(_))
        ));
        assert_eq!(
            read(b"PGDMP\x01\x0e\x00\x04\x08\x01\x00"),
            Err(TocError::Short)
        );
    }

    /// Entry point for fuzzing: never panics.
    #[test]
    fn any_prefix_of_a_header_is_short() {
        let mut head = b"PGDMP\x01\x0e\x00\x04\x08\x01".to_vec();
        head.extend([1, 1, 0, 0, 0]);
        for _ in 0..7 {
            head.extend([0, 1, 0, 0, 0]);
        }
        for s in ["db", "15", "15"] {
            head.extend([0, s.len() as u8, 0, 0, 0]);
            head.extend(s.as_bytes());
        }
        head.extend([0, 0, 0, 0, 0]);
        assert_eq!(read(&head), Ok(Vec::new()));
        for n in 0..head.len() {
            assert_eq!(read(&head[..n]), Err(TocError::Short), "{n}");
        }
    }
}
