//! pg_dump's plain SQL scripts read as they stream past (the output of
//! `pg_dump -Fp`, or of `pg_restore -f -`): where each TOC entry begins and
//! of which type, which lines are COPY data, where the post-data section
//! begins, and which foreign keys reference a given table.
//!
//! Two uses, both in restores of an archive set (spec/classes.md):
//! - a plain set restore runs the general script in two parts, everything
//!   before the post-data section, then the class archives' rows, then the
//!   post-data section (indexes, constraints, triggers), as
//!   `pg_restore --section` does for a custom dump;
//! - a restore without some class's rows creates each foreign key that
//!   references one of that class's (now empty) tables as it is if the
//!   restored rows allow, else `NOT VALID` (a partitioned table, which cannot
//!   take that, goes without the key), so that the database is usable; the
//!   caller reports the keys ([`key_states`]).
//!
//! The reader relies on what pg_dump writes: a TOC entry starts with a
//! comment line `-- Name: N; Type: T; Schema: S; Owner: O` (or `-- Data for
//! Name: ...`, with `; Tablespace: X` after the owner for some) at the start
//! of a line outside any literal, COPY data runs from a `COPY ... FROM
//! stdin;` statement to a line `\.`, and pg_dump emits the pre-data, data
//! and post-data sections in that order (ACLs after them). Literals and
//! comments are tracked across lines (quotes, dollar quotes, nested block
//! comments), so that a function body cannot pose as an entry, and a COPY
//! statement may span lines (a quoted table or column name with a newline).
//!
//! pg_dump does not quote the names in the header (only replaces newlines
//! with spaces), so a name, schema, owner or tablespace that contains
//! `; Type: INDEX; Schema: ...` makes the header ambiguous: see [`header`]
//! for how the reader settles it from the entry's own statement.
//!
//! Memory is bounded whatever the script holds: a line longer than
//! [`LINE_LIMIT`] (a huge bytea literal in an `INSERT` of `pg_dump
//! --inserts`, a long COPY row) streams through in pieces rather than being
//! held whole; only a foreign key's statement is held (at most
//! [`FK_LIMIT`]), and an ambiguous header's first statement (at most
//! [`PENDING_LIMIT`]).

use std::io::{self, Write};

/// Which part of the script passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of it.
    All,
    /// Everything before the first post-data entry.
    Main,
    /// The session set-up (the lines before the first entry and every
    /// top-level `SET`), then everything from the first post-data entry on.
    Post,
}

/// Entry types of pg_dump's post-data section, and those that pg_dump's
/// plain output places after it (ACLs, event triggers).
const POST_DATA: &[&str] = &[
    "INDEX",
    "INDEX ATTACH",
    "STATISTICS",
    "CONSTRAINT",
    "FK CONSTRAINT",
    "CHECK CONSTRAINT",
    "TRIGGER",
    "EVENT TRIGGER",
    "RULE",
    "POLICY",
    "ROW SECURITY",
    "MATERIALIZED VIEW DATA",
    "PUBLICATION TABLE",
    "PUBLICATION TABLES IN SCHEMA",
    "SUBSCRIPTION",
    "SUBSCRIPTION TABLE",
    "DEFAULT ACL",
    "ACL",
];

/// Entry types that hold rows: none may follow the post-data section.
const DATA: &[&str] = &[
    "TABLE DATA",
    "SEQUENCE SET",
    "BLOBS",
    "BLOB DATA",
    "LARGE OBJECTS",
];

/// Lines up to this long (without the newline) are read whole; a longer one
/// streams through in pieces. No TOC header or session `SET` that pg_dump
/// writes comes near it (names are at most 63 bytes), so a longer line is
/// never taken for one.
pub const LINE_LIMIT: usize = 1 << 20;

/// The longest foreign-key statement held for rewriting (pg_dump's are a
/// few hundred bytes: two names and two column lists).
pub const FK_LIMIT: usize = 16 << 20;

/// The most held after an ambiguous TOC header while its first statement
/// is read to settle it; a longer statement settles it with what came.
pub const PENDING_LIMIT: usize = 64 << 10;

/// How much of a long line's start is read before it streams.
const HEAD: usize = 64;

/// A table as (schema, name), unquoted.
pub type Table = (String, String);

/// Passes a plain script through to `inner`, keeping `part` and rewriting
/// the foreign keys that reference an `absent` table (see the module docs).
/// Lines up to [`LINE_LIMIT`] are handled whole, longer ones in pieces;
/// [`ScriptFilter::finish`] writes a last line without a newline.
pub struct ScriptFilter<W: Write> {
    inner: W,
    part: Part,
    absent: Vec<Table>,
    line: Vec<u8>,
    line_limit: usize,
    lex: Lex,
    /// Inside a statement (the last top-level line did not end it).
    in_statement: bool,
    /// The current statement began with `COPY `.
    stmt_copy: bool,
    copy: bool,
    seen_entry: bool,
    post: bool,
    /// The current entry is a foreign key whose statement has not ended.
    fk_entry: bool,
    fk: Vec<u8>,
    keys: Vec<ForeignKey>,
    /// The line being streamed in pieces (longer than `line_limit`).
    long: Option<Box<Long>>,
    /// An ambiguous header waiting for its entry's first statement.
    pending: Option<Box<Pending>>,
}

/// Lexical state at a line boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lex {
    Top,
    Single { backslash: bool },
    Double,
    Dollar(Vec<u8>),
    Block(u32),
}

/// A line too long to hold, as it streams past.
struct Long {
    /// COPY data: passes through, nothing to read.
    pass: bool,
    /// Bytes not yet scanned, after `ctx` bytes already scanned (kept for
    /// look-behind).
    carry: Vec<u8>,
    ctx: usize,
    /// A `--` comment runs to the end of the line.
    comment: bool,
    /// The line's last bytes (for ` FROM stdin;`).
    tail: Vec<u8>,
    /// The line's last byte that is not ASCII whitespace.
    last: Option<u8>,
    content: bool,
    meta: bool,
    /// Part of a foreign key's statement (held, not emitted).
    fk: bool,
}

/// An ambiguous TOC header and the lines after it, held until the entry's
/// first statement has been read.
struct Pending {
    header: Vec<u8>,
    candidates: Vec<Candidate>,
    lines: Vec<u8>,
    lex: Lex,
    content: bool,
}

/// One way to read a header: its type, and the name and schema that
/// reading gives (as pg_dump printed them).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    kind: &'static str,
    name: Vec<u8>,
    schema: Vec<u8>,
    /// Where its `; Type: ` starts (further right wins a tie).
    at: usize,
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

impl<W: Write> ScriptFilter<W> {
    pub fn new(inner: W, part: Part, absent: Vec<Table>) -> Self {
        ScriptFilter {
            inner,
            part,
            absent,
            line: Vec::with_capacity(64 * 1024),
            line_limit: LINE_LIMIT,
            lex: Lex::Top,
            in_statement: false,
            stmt_copy: false,
            copy: false,
            seen_entry: false,
            post: false,
            fk_entry: false,
            fk: Vec::new(),
            keys: Vec::new(),
            long: None,
            pending: None,
        }
    }

    /// With another line limit (tests and fuzzing: a small one sends most
    /// lines down the streaming path).
    #[doc(hidden)]
    pub fn with_line_limit(mut self, limit: usize) -> Self {
        // The first bytes of a line decide what it is (`COPY `, `SET `).
        self.line_limit = limit.max(HEAD);
        self
    }

    /// Writes what is left and returns the inner writer and the foreign
    /// keys into absent tables (in the order of the script). Fails on a
    /// script that ends inside a literal, COPY data or a foreign key's
    /// statement.
    pub fn finish(mut self) -> io::Result<(W, Vec<ForeignKey>)> {
        if self.long.is_some() {
            self.long_piece(&[], true)?;
        }
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.handle(&line)?;
        }
        self.settle()?;
        if self.copy || self.lex != Lex::Top || !self.fk.is_empty() {
            return Err(invalid(
                "the SQL script ends inside COPY data, a literal or a statement".into(),
            ));
        }
        self.inner.flush()?;
        Ok((self.inner, self.keys))
    }

    fn handle(&mut self, line: &[u8]) -> io::Result<()> {
        if self.copy {
            if trim_newline(line) == b"\\." {
                self.copy = false;
            }
            return self.emit(line, false);
        }
        if self.pending.is_some() {
            return self.hold(line);
        }
        let at_top = self.lex == Lex::Top;
        if at_top && !self.in_statement && self.fk.is_empty() {
            match header(line) {
                Header::No => {}
                Header::Kind(kind) => return self.enter(kind, line),
                Header::Ambiguous(candidates) => {
                    self.pending = Some(Box::new(Pending {
                        header: line.to_vec(),
                        candidates,
                        lines: Vec::new(),
                        lex: Lex::Top,
                        content: false,
                    }));
                    return Ok(());
                }
            }
        }
        self.lex = scan(std::mem::replace(&mut self.lex, Lex::Top), line);
        // A line that starts inside a literal belongs to its statement,
        // whatever it looks like (`-- b';` closing a comment string).
        let content = !at_top || has_content(line);
        let starts = at_top && !self.in_statement && content;
        // A psql meta-command (`\restrict KEY`) is a line of its own.
        let meta = starts && line.starts_with(b"\\");
        let ends = meta || (self.lex == Lex::Top && ends_statement(line));
        if self.fk_entry && (starts || !self.fk.is_empty()) {
            self.hold_fk(line)?;
            return self.end_fk(ends);
        }
        let session = starts && ends && is_session_setting(line);
        if starts {
            self.stmt_copy = line.starts_with(b"COPY ");
        }
        self.end_statement(content, ends, line);
        self.emit(line, session)
    }

    /// A TOC entry of type `kind` begins with header `line`.
    fn enter(&mut self, kind: &'static str, line: &[u8]) -> io::Result<()> {
        self.seen_entry = true;
        self.fk_entry = kind == "FK CONSTRAINT";
        if !self.post && POST_DATA.contains(&kind) {
            self.post = true;
        } else if self.post && DATA.contains(&kind) {
            return Err(invalid(format!(
                "the SQL script has a {kind} entry after its post-data section; coffer cannot split it"
            )));
        }
        self.emit(line, false)
    }

    /// After a content line: whether the statement goes on, and whether it
    /// was a `COPY ... FROM stdin;` (its data follows). `last_line` is the
    /// line that ended it, or its tail.
    fn end_statement(&mut self, content: bool, ends: bool, last_line: &[u8]) {
        if !content {
            return;
        }
        self.in_statement = !ends;
        if ends {
            // The statement may have spanned lines (`COPY public."a<NL>b"`).
            self.copy = self.stmt_copy && trim_newline(last_line).ends_with(b" FROM stdin;");
            self.stmt_copy = false;
        }
    }

    fn hold_fk(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.fk.len() + bytes.len() > FK_LIMIT {
            return Err(invalid(format!(
                "the SQL script has a foreign key statement longer than {} MiB; coffer cannot rewrite it",
                FK_LIMIT >> 20
            )));
        }
        self.fk.extend_from_slice(bytes);
        Ok(())
    }

    fn end_fk(&mut self, ends: bool) -> io::Result<()> {
        if ends {
            self.in_statement = false;
            self.fk_entry = false;
            let stmt = std::mem::take(&mut self.fk);
            let out = self.rewrite_fk(stmt);
            return self.emit(&out, false);
        }
        self.in_statement = true;
        Ok(())
    }

    /// A line after an ambiguous header: held until the entry's first
    /// statement has ended (or another header comes, or the limit).
    fn hold(&mut self, line: &[u8]) -> io::Result<()> {
        let Some(p) = self.pending.as_mut() else {
            return Ok(());
        };
        if p.lex == Lex::Top && !p.content && is_header_line(line) {
            // An entry without a statement (an empty table's data).
            self.settle()?;
            return self.handle(line);
        }
        p.lines.extend_from_slice(line);
        let at_top = p.lex == Lex::Top;
        p.lex = scan(std::mem::replace(&mut p.lex, Lex::Top), line);
        let content = !at_top || has_content(line);
        let meta = at_top && !p.content && content && line.starts_with(b"\\");
        p.content |= content;
        let ends = content && (meta || (p.lex == Lex::Top && ends_statement(line)));
        if ends || p.lines.len() > PENDING_LIMIT {
            self.settle()?;
        }
        Ok(())
    }

    /// Settles a pending header from the statement read after it, then
    /// passes the held lines on as usual.
    fn settle(&mut self) -> io::Result<()> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let kind = choose(&p.candidates, &p.lines);
        self.enter(kind, &p.header)?;
        for line in p.lines.split_inclusive(|b| *b == b'\n') {
            self.handle(line)?;
        }
        Ok(())
    }

    /// The first bytes of a line longer than the limit (`head`: at least
    /// [`HEAD`] bytes of it).
    fn long_begin(&mut self, head: &[u8]) -> io::Result<()> {
        // A header's statement cannot be this long: settle it first.
        self.settle()?;
        if self.copy {
            self.long = Some(Box::new(Long {
                pass: true,
                carry: Vec::new(),
                ctx: 0,
                comment: false,
                tail: Vec::new(),
                last: None,
                content: false,
                meta: false,
                fk: false,
            }));
            return Ok(());
        }
        let at_top = self.lex == Lex::Top;
        let content = !at_top || has_content(head);
        let starts = at_top && !self.in_statement && content;
        if starts {
            self.stmt_copy = head.starts_with(b"COPY ");
        }
        self.long = Some(Box::new(Long {
            pass: false,
            carry: Vec::new(),
            ctx: 0,
            comment: false,
            tail: Vec::new(),
            last: None,
            content,
            meta: starts && head.starts_with(b"\\"),
            fk: self.fk_entry && (starts || !self.fk.is_empty()),
        }));
        Ok(())
    }

    /// The next piece of a long line; `done`: it ends the line.
    fn long_piece(&mut self, piece: &[u8], done: bool) -> io::Result<()> {
        let Some(mut long) = self.long.take() else {
            return Ok(());
        };
        if long.pass {
            self.emit(piece, false)?;
            if !done {
                self.long = Some(long);
            }
            return Ok(());
        }
        if let Some(b) = piece.iter().rev().find(|b| !b.is_ascii_whitespace()) {
            long.last = Some(*b);
        }
        long.tail.extend_from_slice(piece);
        if long.tail.len() > 32 {
            long.tail.drain(..long.tail.len() - 32);
        }
        if !long.comment {
            long.carry.extend_from_slice(piece);
            let state = std::mem::replace(&mut self.lex, Lex::Top);
            let (state, used, comment) = scan_part(state, &long.carry, long.ctx, done);
            self.lex = state;
            long.comment = comment;
            if comment {
                long.carry.clear();
                long.ctx = 0;
            } else {
                let keep = used.saturating_sub(2);
                long.carry.drain(..keep);
                long.ctx = used - keep;
            }
        }
        if long.fk {
            self.hold_fk(piece)?;
        } else {
            self.emit(piece, false)?;
        }
        if !done {
            self.long = Some(long);
            return Ok(());
        }
        let ends = long.meta || (self.lex == Lex::Top && long.last == Some(b';'));
        if long.fk {
            return self.end_fk(ends);
        }
        self.end_statement(long.content, ends, &long.tail);
        Ok(())
    }

    fn emit(&mut self, bytes: &[u8], session: bool) -> io::Result<()> {
        let keep = match self.part {
            Part::All => true,
            Part::Main => !self.post,
            Part::Post => self.post || !self.seen_entry || session,
        };
        if keep {
            self.inner.write_all(bytes)?;
        }
        Ok(())
    }

    /// `ALTER TABLE [ONLY] T ADD CONSTRAINT C FOREIGN KEY (...) REFERENCES R(...) ...;`
    /// with R absent becomes a block that adds the key as it is and, if
    /// the rows violate it, `NOT VALID` instead (left out on a partitioned
    /// table, whose statement lacks ONLY: it cannot take NOT VALID).
    /// Anything else passes unchanged.
    fn rewrite_fk(&mut self, stmt: Vec<u8>) -> Vec<u8> {
        let Some(fk) = parse_fk(&stmt) else {
            return stmt;
        };
        if fk.not_valid || !self.absent.contains(&fk.references) {
            return stmt;
        }
        let text = String::from_utf8_lossy(&stmt).trim_end().to_owned();
        let fallback = if fk.only {
            let semi = text.len() - 1;
            format!("{} NOT VALID;", &text[..semi])
        } else {
            "NULL;".to_owned()
        };
        // A dollar-quote tag that the statement does not contain.
        let mut tag = "$coffer$".to_owned();
        let mut n = 0u32;
        while text.contains(&tag) {
            n += 1;
            tag = format!("$coffer{n}$");
        }
        self.keys.push(fk);
        format!(
            "DO {tag}\nBEGIN\n{text}\nEXCEPTION WHEN foreign_key_violation THEN\n{fallback}\nEND\n{tag};\n"
        )
        .into_bytes()
    }
}

impl<W: Write> Write for ScriptFilter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while !rest.is_empty() {
            let nl = memchr(b'\n', rest);
            let (piece, done) = match nl {
                Some(i) => (&rest[..=i], true),
                None => (rest, false),
            };
            rest = &rest[piece.len()..];
            if self.long.is_some() {
                self.long_piece(piece, done)?;
                continue;
            }
            if self.copy && done && self.line.is_empty() {
                // A whole COPY data line: passes through as it is.
                self.handle(piece)?;
                continue;
            }
            // COPY data needs no more than `\.` (and a CR) to be told apart.
            let limit = if self.copy { 3 } else { self.line_limit };
            let len = self.line.len() + piece.len() - usize::from(done);
            if len > limit {
                let mut head = std::mem::take(&mut self.line);
                let held = head.len();
                head.extend_from_slice(&piece[..piece.len().min(HEAD)]);
                self.long_begin(&head)?;
                head.truncate(held);
                if !head.is_empty() {
                    self.long_piece(&head, false)?;
                }
                self.long_piece(piece, done)?;
                head.clear();
                self.line = head;
            } else if done {
                if self.line.is_empty() {
                    self.handle(piece)?;
                } else {
                    self.line.extend_from_slice(piece);
                    let line = std::mem::take(&mut self.line);
                    self.handle(&line)?;
                    self.line = line;
                    self.line.clear();
                }
            } else {
                self.line.extend_from_slice(piece);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|b| *b == needle)
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn find_all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    (0..=hay.len().saturating_sub(needle.len())).filter(move |&i| hay[i..].starts_with(needle))
}

/// What a line says as a TOC entry header.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    No,
    Kind(&'static str),
    /// Names that contain `; Type: ...` allow readings of different kinds.
    Ambiguous(Vec<Candidate>),
}

/// The most readings of one header line considered; a line that allows
/// more is read from the right (no header pg_dump writes comes near it).
const MAX_READINGS: usize = 64;

fn is_header_line(line: &[u8]) -> bool {
    line.starts_with(b"-- Name: ") || line.starts_with(b"-- Data for Name: ")
}

/// Reads a TOC entry header line: `-- [Data for ]Name: N; Type: T; Schema:
/// S; Owner: O[; Tablespace: X]`.
///
/// Read as bytes (the script is in the database's encoding). pg_dump does
/// not quote N, S, O or X, so each may contain `; Type: INDEX; Schema: `:
/// every split into fields whose T is a type name (capitals and spaces) is
/// a reading. Readings that agree on what matters here (data, post-data,
/// foreign key, other) settle it; readings that disagree are
/// [`Header::Ambiguous`], settled by [`choose`] from the entry's statement.
fn header(line: &[u8]) -> Header {
    let line = trim_newline(line);
    let Some(rest) = line
        .strip_prefix(b"-- Name: ")
        .or_else(|| line.strip_prefix(b"-- Data for Name: "))
    else {
        return Header::No;
    };
    if rest.len() > PENDING_LIMIT {
        return Header::No;
    }
    const TYPE: &[u8] = b"; Type: ";
    const SCHEMA: &[u8] = b"; Schema: ";
    const OWNER: &[u8] = b"; Owner: ";
    let mut readings = Vec::new();
    'all: for p in find_all(rest, TYPE) {
        let after = &rest[p + TYPE.len()..];
        for q in find_all(after, SCHEMA) {
            let t = &after[..q];
            if t.is_empty() || !t.iter().all(|b| b.is_ascii_uppercase() || *b == b' ') {
                continue;
            }
            let after = &after[q + SCHEMA.len()..];
            for r in find_all(after, OWNER) {
                readings.push(Candidate {
                    kind: kind_of(t),
                    name: rest[..p].to_vec(),
                    schema: after[..r].to_vec(),
                    at: p,
                });
                if readings.len() > MAX_READINGS {
                    break 'all;
                }
            }
        }
    }
    if readings.len() > MAX_READINGS {
        // Read from the right: the name, the field anyone may choose, is on the left.
        let mut types: Vec<usize> = find_all(rest, TYPE).collect();
        types.reverse();
        for p in types {
            let after = &rest[p + TYPE.len()..];
            if let Some(q) = find_all(after, SCHEMA).next() {
                let t = &after[..q];
                if !t.is_empty() && t.iter().all(|b| b.is_ascii_uppercase() || *b == b' ') {
                    return Header::Kind(kind_of(t));
                }
            }
        }
        return Header::No;
    }
    let Some(last) = readings.iter().max_by_key(|c| c.at) else {
        return Header::No;
    };
    if readings.iter().all(|c| class(c.kind) == class(last.kind)) {
        return Header::Kind(last.kind);
    }
    Header::Ambiguous(readings)
}

/// The type names that matter here, else "OTHER".
fn kind_of(t: &[u8]) -> &'static str {
    POST_DATA
        .iter()
        .chain(DATA)
        .copied()
        .find(|k| k.as_bytes() == t)
        .unwrap_or("OTHER")
}

/// What the reader does with an entry of `kind`: 0 nothing, 1 data, 2
/// post-data, 3 a foreign key (post-data too).
fn class(kind: &str) -> u8 {
    if kind == "FK CONSTRAINT" {
        3
    } else if POST_DATA.contains(&kind) {
        2
    } else if DATA.contains(&kind) {
        1
    } else {
        0
    }
}

/// Settles an ambiguous header from the entry's first statement (`stmt`,
/// with the comment lines before it). Each reading scores a point for a
/// statement that can begin such an entry (`COPY` or `INSERT` for rows,
/// `ALTER TABLE` for a foreign key, ...), one for a name that the
/// statement names (the whole name, or a table and a column, constraint or
/// trigger name: `t t_pkey`), one for a schema that it names; the best
/// wins, and of equals the one read furthest right (the name, which anyone
/// who may create a table chooses, is on the left; a schema, owner or
/// tablespace takes more privilege to name).
fn choose(readings: &[Candidate], stmt: &[u8]) -> &'static str {
    let words = idents(stmt);
    let first = words.iter().find(|w| !w.quoted).map(|w| w.text.as_slice());
    let has = |x: &[u8]| words.iter().any(|w| w.is(x));
    let score = |c: &Candidate| {
        let kw = |ks: &[&str]| {
            first.is_some_and(|f| ks.iter().any(|k| f.eq_ignore_ascii_case(k.as_bytes())))
        };
        let verb = match class(c.kind) {
            1 => first.is_none() || kw(&["COPY", "INSERT", "SELECT", "BEGIN"]),
            2 => kw(&[
                "CREATE", "ALTER", "GRANT", "REVOKE", "REFRESH", "SELECT", "COMMENT", "SECURITY",
            ]),
            3 => kw(&["ALTER"]),
            _ => true,
        };
        let name = has(&c.name)
            || find_all(&c.name, b" ").any(|i| has(&c.name[..i]) && has(&c.name[i + 1..]));
        let schema = c.schema == b"-" || has(&c.schema);
        (u8::from(verb) + u8::from(name) + u8::from(schema), c.at)
    };
    readings
        .iter()
        .max_by_key(|c| score(c))
        .map_or("OTHER", |c| c.kind)
}

/// An identifier or key word of a statement.
struct Word {
    /// Unquoted (`""` made `"`), line breaks as spaces (as in a header).
    text: Vec<u8>,
    quoted: bool,
}

impl Word {
    fn is(&self, name: &[u8]) -> bool {
        if self.quoted {
            self.text == name
        } else {
            self.text.eq_ignore_ascii_case(name)
        }
    }
}

/// The identifiers and key words of SQL text, outside literals and comments.
fn idents(sql: &[u8]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < sql.len() {
        let b = sql[i];
        let next = sql.get(i + 1).copied();
        if b == b'"' {
            let mut text = Vec::new();
            i += 1;
            while i < sql.len() {
                match sql[i] {
                    b'"' if sql.get(i + 1) == Some(&b'"') => {
                        text.push(b'"');
                        i += 1;
                    }
                    b'"' => break,
                    b'\n' | b'\r' => text.push(b' '),
                    c => text.push(c),
                }
                i += 1;
            }
            out.push(Word { text, quoted: true });
            i += 1;
        } else if b == b'-' && next == Some(b'-') {
            i = sql[i..]
                .iter()
                .position(|c| *c == b'\n')
                .map_or(sql.len(), |p| i + p + 1);
        } else if b == b'/' && next == Some(b'*') {
            let mut depth = 0u32;
            while i < sql.len() {
                if sql[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if sql[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b == b'\'' {
            let backslash = i >= 1 && matches!(sql[i - 1], b'E' | b'e');
            i += 1;
            while i < sql.len() {
                match sql[i] {
                    b'\\' if backslash => i += 1,
                    b'\'' if sql.get(i + 1) == Some(&b'\'') => i += 1,
                    b'\'' => break,
                    _ => {}
                }
                i += 1;
            }
            i += 1;
        } else if b == b'$' && (i == 0 || !is_ident_byte(sql[i - 1])) {
            let tag_end = sql[i + 1..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
                .map(|p| i + 1 + p);
            match tag_end {
                Some(e) if sql[e] == b'$' && !next.is_some_and(|c| c.is_ascii_digit()) => {
                    let tag = &sql[i..=e];
                    i = find_all(&sql[e + 1..], tag)
                        .next()
                        .map_or(sql.len(), |p| e + 1 + p + tag.len());
                }
                _ => i += 1,
            }
        } else if is_ident_byte(b) {
            let start = i;
            while i < sql.len() && is_ident_byte(sql[i]) {
                i += 1;
            }
            out.push(Word {
                text: sql[start..i].to_vec(),
                quoted: false,
            });
        } else {
            i += 1;
        }
    }
    out
}

/// A line with something besides whitespace and a `--` comment.
fn has_content(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    !(t.is_empty() || t.starts_with(b"--"))
}

/// The line's last token (before any `--` comment, which pg_dump does not
/// write after statements) is `;`.
fn ends_statement(line: &[u8]) -> bool {
    trim_newline(line).trim_ascii_end().ends_with(b";")
}

/// `SET x = y;` or `SELECT pg_catalog.set_config(...);`: session state that
/// the post-data part needs as well.
fn is_session_setting(line: &[u8]) -> bool {
    line.starts_with(b"SET ") || line.starts_with(b"SELECT pg_catalog.set_config(")
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The lexical state after `line`, starting in `state`.
fn scan(state: Lex, line: &[u8]) -> Lex {
    scan_part(state, line, 0, true).0
}

/// The longest dollar-quote tag looked for across pieces of a long line.
const MAX_TAG: usize = 1024;

/// Scans `buf[start..]` from `state` (`buf[..start]` was scanned before and
/// is there for look-behind). Returns the state, how far it got, and
/// whether a `--` comment runs from there to the end of the line. `end`:
/// `buf` ends the line; else the scan stops before a byte whose meaning
/// depends on bytes not yet come (`''`, `*/`, a dollar tag), to go on from
/// there with more.
fn scan_part(mut state: Lex, buf: &[u8], start: usize, end: bool) -> (Lex, usize, bool) {
    let mut i = start;
    while i < buf.len() {
        let b = buf[i];
        // Another byte is needed to read this one.
        let short = |n: usize| !end && i + n > buf.len();
        match &mut state {
            Lex::Top => match b {
                b'-' | b'/' if short(2) => return (state, i, false),
                b'-' if buf.get(i + 1) == Some(&b'-') => return (Lex::Top, i, true),
                b'/' if buf.get(i + 1) == Some(&b'*') => {
                    state = Lex::Block(1);
                    i += 1;
                }
                b'\'' => {
                    let e = i >= 1
                        && matches!(buf[i - 1], b'E' | b'e')
                        && (i < 2 || !is_ident_byte(buf[i - 2]));
                    state = Lex::Single { backslash: e };
                }
                b'"' => state = Lex::Double,
                b'$' if i == 0 || !is_ident_byte(buf[i - 1]) => {
                    let tag_end = buf[i + 1..]
                        .iter()
                        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
                        .map(|p| i + 1 + p);
                    if tag_end.is_none() && !end && buf.len() - i < MAX_TAG {
                        return (state, i, false);
                    }
                    if let Some(e) = tag_end
                        && buf[e] == b'$'
                        && !buf.get(i + 1).is_some_and(u8::is_ascii_digit)
                    {
                        state = Lex::Dollar(buf[i..=e].to_vec());
                        i = e;
                    }
                }
                _ => {}
            },
            Lex::Single { backslash } => match b {
                b'\\' | b'\'' if short(2) => return (state, i, false),
                b'\\' if *backslash => i += 1,
                b'\'' if buf.get(i + 1) == Some(&b'\'') => i += 1,
                b'\'' => state = Lex::Top,
                _ => {}
            },
            Lex::Double => match b {
                b'"' if short(2) => return (state, i, false),
                b'"' if buf.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => state = Lex::Top,
                _ => {}
            },
            Lex::Dollar(tag) => {
                if b == b'$' {
                    if buf[i..].starts_with(tag) {
                        i += tag.len() - 1;
                        state = Lex::Top;
                    } else if short(tag.len()) && tag.starts_with(&buf[i..]) {
                        return (state, i, false);
                    }
                }
            }
            Lex::Block(depth) => match b {
                b'/' | b'*' if short(2) => return (state, i, false),
                b'/' if buf.get(i + 1) == Some(&b'*') => {
                    *depth += 1;
                    i += 1;
                }
                b'*' if buf.get(i + 1) == Some(&b'/') => {
                    *depth -= 1;
                    i += 1;
                    if *depth == 0 {
                        state = Lex::Top;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    (state, buf.len().max(start), false)
}

/// A foreign key statement as pg_dump writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// The referencing table, as written (`public.t`, `"My Schema"."T"`).
    pub table: String,
    /// The constraint's name, as written (quoted if it needs to be).
    pub name: String,
    /// `ALTER TABLE ONLY`: not a partitioned table.
    pub only: bool,
    /// The referenced table.
    pub references: Table,
    /// Already NOT VALID in the dump.
    pub not_valid: bool,
}

/// How a rewritten foreign key ended up in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Created as in the source (no restored row violates it).
    Valid,
    /// Created NOT VALID: restored rows reference absent ones.
    NotValid,
    /// Not created (a partitioned table whose rows violate it).
    Missing,
}

/// The state of each key in `target`'s database, after a restore.
pub fn key_states(
    target: &super::ConnTarget,
    keys: &[ForeignKey],
) -> Result<Vec<KeyState>, super::Error> {
    let mut client = target.connect()?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let name = super::process::parse_qualified_name(&k.name)
            .map(|(_, n)| n)
            .unwrap_or_else(|_| k.name.clone());
        let row = client
            .query_opt(
                "SELECT convalidated FROM pg_catalog.pg_constraint \
                 WHERE conrelid = $1::text::regclass AND conname = $2 AND contype = 'f'",
                &[&k.table, &name],
            )
            .map_err(|e| super::query_err(format!("cannot look up foreign key {}", k.name), e))?;
        out.push(match row.map(|r| r.get::<_, bool>(0)) {
            Some(true) => KeyState::Valid,
            Some(false) => KeyState::NotValid,
            None => KeyState::Missing,
        });
    }
    Ok(out)
}

/// Tokens of a DDL statement: words (keywords, identifiers, `"quoted"`
/// identifiers, as written) and single punctuation bytes.
fn tokens(stmt: &str) -> Vec<&str> {
    let b = stmt.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() {
                if b[i] == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push(&stmt[start..i]);
        } else if is_ident_byte(c) {
            let start = i;
            while i < b.len() && is_ident_byte(b[i]) {
                i += 1;
            }
            out.push(&stmt[start..i]);
        } else {
            let len = stmt[i..].chars().next().map_or(1, char::len_utf8);
            out.push(&stmt[i..i + len]);
            i += len;
        }
    }
    out
}

/// `a.b` (or `a`) starting at `t[i]`: the text as written and the index after it.
fn qualified(t: &[&str], mut i: usize) -> Option<(String, usize)> {
    let mut text = (*t.get(i)?).to_owned();
    i += 1;
    while t.get(i) == Some(&".") {
        text.push('.');
        text.push_str(t.get(i + 1)?);
        i += 2;
    }
    Some((text, i))
}

fn parse_fk(stmt: &[u8]) -> Option<ForeignKey> {
    let stmt = std::str::from_utf8(stmt).ok()?;
    let t = tokens(stmt);
    let kw = |i: usize, w: &str| t.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
    if !(kw(0, "ALTER") && kw(1, "TABLE")) {
        return None;
    }
    let mut i = 2;
    let only = kw(i, "ONLY");
    if only {
        i += 1;
    }
    let (table, next) = qualified(&t, i)?;
    i = next;
    if !(kw(i, "ADD") && kw(i + 1, "CONSTRAINT")) {
        return None;
    }
    let name = (*t.get(i + 2)?).to_owned();
    i += 3;
    if !(kw(i, "FOREIGN") && kw(i + 1, "KEY")) {
        return None;
    }
    let refs = (i..t.len()).find(|&j| kw(j, "REFERENCES"))?;
    let (referenced, _) = qualified(&t, refs + 1)?;
    let references = table_of(&referenced)?;
    let not_valid = (refs..t.len()).any(|j| kw(j, "NOT") && kw(j + 1, "VALID"));
    Some(ForeignKey {
        table,
        name,
        only,
        references,
        not_valid,
    })
}

/// (schema, table) of a name as pg_dump and the manifest write it
/// (`public.users`, `"Student Records"."Grade Book"`).
pub fn table_of(name: &str) -> Option<Table> {
    let (s, t) = super::process::parse_qualified_name(name).ok()?;
    Some((s.unwrap_or_else(|| "public".into()), t))
}

/// Entry point for fuzzing and the corpus test: `data` through the filter
/// in every mode, with lines held whole and streamed (written in two
/// pieces, split where its first byte says),
/// and through the foreign-key parser. Must never panic, whatever `data` holds.
pub fn fuzz_one(data: &[u8]) {
    let cut = data
        .first()
        .map_or(0, |b| usize::from(*b) % (data.len() + 1));
    for (part, limit) in [
        (Part::All, LINE_LIMIT),
        (Part::Main, LINE_LIMIT),
        (Part::Post, LINE_LIMIT),
        (Part::All, HEAD),
        (Part::Post, 100),
    ] {
        let absent = vec![("public".to_owned(), "t".to_owned())];
        let mut f = ScriptFilter::new(io::sink(), part, absent).with_line_limit(limit);
        if f.write_all(&data[..cut]).is_ok() && f.write_all(&data[cut..]).is_ok() {
            let _ = f.finish();
        }
    }
    let _ = parse_fk(data);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"--
-- PostgreSQL database dump
--

\restrict abc
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: f(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.f() RETURNS text
    LANGUAGE sql
    SET search_path TO 'public'
    AS $_$
-- Name: fake; Type: INDEX; Schema: public; Owner: postgres
select 'x'
$_$;

SET default_tablespace = '';

--
-- Name: t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.t (
    id integer NOT NULL,
    s "Student Records".students_id
);

--
-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.t (id, s) FROM stdin;
1	-- Name: x; Type: INDEX; Schema: public; Owner: postgres
\.


--
-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);


--
-- Name: t t_s_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_s_fkey FOREIGN KEY (s) REFERENCES "Student Records".students(id) ON DELETE CASCADE;


--
-- Name: p p_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE public.p
    ADD CONSTRAINT p_fkey FOREIGN KEY (s) REFERENCES "Student Records".students(id);


--
-- Name: t t_u_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_u_fkey FOREIGN KEY (id) REFERENCES public.u(id);


--
-- PostgreSQL database dump complete
--

\unrestrict abc
"#;

    fn run(part: Part, absent: &[&str], chunk: usize) -> (String, Vec<ForeignKey>) {
        let absent = absent.iter().map(|n| table_of(n).unwrap()).collect();
        let mut f = ScriptFilter::new(Vec::new(), part, absent);
        for c in SCRIPT.as_bytes().chunks(chunk) {
            f.write_all(c).unwrap();
        }
        let (out, notes) = f.finish().unwrap();
        (String::from_utf8(out).unwrap(), notes)
    }

    #[test]
    fn all_without_absent_tables_is_unchanged() {
        for chunk in [1, 7, 4096] {
            assert_eq!(run(Part::All, &[], chunk).0, SCRIPT);
        }
    }

    #[test]
    fn main_and_post_split_at_the_first_post_data_entry() {
        let (main, _) = run(Part::Main, &[], 5);
        let (post, _) = run(Part::Post, &[], 5);
        let at = SCRIPT.find("-- Name: t t_pkey").unwrap();
        assert_eq!(main, SCRIPT[..at]);
        // The function body's fake header and the COPY line that looks like
        // one did not start the post-data part.
        assert!(main.contains("COPY public.t") && main.contains("$_$;"));
        assert!(post.starts_with("--\n-- PostgreSQL database dump\n"));
        assert!(post.contains("\\restrict abc\nSET statement_timeout = 0;"));
        assert!(post.contains("SET default_tablespace = '';"));
        assert!(!post.contains("CREATE TABLE") && !post.contains("COPY"));
        assert!(
            !post.contains("SET search_path TO"),
            "a function's SET clause is not a session setting"
        );
        assert!(post.ends_with(&SCRIPT[at..]));
    }

    #[test]
    fn foreign_keys_into_absent_tables_fall_back_to_not_valid() {
        let (out, keys) = run(Part::All, &["\"Student Records\".students"], 3);
        let t_s = "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_s_fkey FOREIGN KEY (s) REFERENCES \"Student Records\".students(id) ON DELETE CASCADE";
        assert!(out.contains(&format!(
            "DO $coffer$\nBEGIN\n{t_s};\nEXCEPTION WHEN foreign_key_violation THEN\n{t_s} NOT VALID;\nEND\n$coffer$;\n"
        )), "{out}");
        assert!(
            out.contains("EXCEPTION WHEN foreign_key_violation THEN\nNULL;\nEND"),
            "partitioned: left out"
        );
        assert!(out.contains("\nALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_u_fkey FOREIGN KEY (id) REFERENCES public.u(id);\n"), "other keys unchanged");
        let names: Vec<(&str, &str, bool)> = keys
            .iter()
            .map(|k| (k.table.as_str(), k.name.as_str(), k.only))
            .collect();
        assert_eq!(
            names,
            [
                ("public.t", "t_s_fkey", true),
                ("public.p", "p_fkey", false)
            ]
        );
    }

    #[test]
    fn the_dollar_quote_tag_avoids_the_statement() {
        let mut f = ScriptFilter::new(Vec::new(), Part::All, vec![table_of("public.s").unwrap()]);
        f.write_all(b"--\n-- Name: t k; Type: FK CONSTRAINT; Schema: public; Owner: o\n--\n\nALTER TABLE ONLY public.\"$coffer$\"\n    ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES public.s(id);\n").unwrap();
        let (out, keys) = f.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("DO $coffer1$\n") && out.ends_with("END\n$coffer1$;\n"),
            "{out}"
        );
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn a_data_entry_after_post_data_is_refused() {
        let bad = "--\n-- Name: i; Type: INDEX; Schema: public; Owner: o\n--\n\nCREATE INDEX i ON public.t (id);\n\n--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: o\n--\n";
        let mut f = ScriptFilter::new(Vec::new(), Part::Main, Vec::new());
        let e = f.write_all(bad.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("TABLE DATA entry after"), "{e}");
    }

    #[test]
    fn names_cannot_pose_as_entry_types_and_literals_hide_comments() {
        // The name reads as "x; Type: INDEX; Schema: y": ambiguous, and
        // settled by the statement, which names that table.
        assert!(matches!(
            header(b"-- Name: x; Type: INDEX; Schema: y; Type: TABLE; Schema: public; Owner: o\n"),
            Header::Ambiguous(_)
        ));
        assert_eq!(
            kind_with(
                "-- Name: x; Type: INDEX; Schema: y; Type: TABLE; Schema: public; Owner: o\n",
                "CREATE TABLE public.\"x; Type: INDEX; Schema: y\" (\n    a integer\n);\n"
            ),
            "OTHER"
        );
        assert_eq!(
            header(b"-- Data for Name: caf\xe9; Type: TABLE DATA; Schema: public; Owner: o\n"),
            Header::Kind("TABLE DATA"),
            "not UTF-8 (a LATIN1 database)"
        );
        assert_eq!(
            header(b"-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: -\n"),
            Header::Kind("CONSTRAINT")
        );
        assert_eq!(header(b"-- Name: t; Type: TABLE\n"), Header::No);
        // A comment string whose last line looks like a comment still ends
        // its statement: the COPY after it is found.
        let script = "COMMENT ON TABLE public.t IS 'a\n-- b';\n\n--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: o\n--\n\nCOPY public.t (a) FROM stdin;\n'\n\\.\n\n--\n-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: o\n--\n\nALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (a);\n";
        let mut f = ScriptFilter::new(Vec::new(), Part::Main, Vec::new());
        f.write_all(script.as_bytes()).unwrap();
        let (main, _) = f.finish().unwrap();
        let main = String::from_utf8(main).unwrap();
        assert!(
            main.contains("COPY public.t (a) FROM stdin;\n'\n\\.\n"),
            "{main}"
        );
        assert!(!main.contains("PRIMARY KEY"), "{main}");
    }

    /// The kind a header line settles on, given the entry's statement.
    fn kind_with(header_line: &str, stmt: &str) -> &'static str {
        match header(header_line.as_bytes()) {
            Header::No => "none",
            Header::Kind(k) => k,
            Header::Ambiguous(c) => choose(&c, format!("--\n\n{stmt}").as_bytes()),
        }
    }

    #[test]
    fn fake_types_in_the_schema_owner_or_tablespace_field_are_seen_through() {
        // Schema "s; Type: INDEX; Schema: public" holding a table t: read
        // from the right, it would be an index.
        let table = "-- Name: t; Type: TABLE; Schema: s; Type: INDEX; Schema: public; Owner: o\n";
        assert_eq!(
            kind_with(
                table,
                "CREATE TABLE \"s; Type: INDEX; Schema: public\".t (\n"
            ),
            "OTHER"
        );
        // Owner "o; Type: TABLE DATA; Schema: public; Owner: p" of an index.
        let index = "-- Name: i; Type: INDEX; Schema: public; Owner: o; Type: TABLE DATA; Schema: public; Owner: p\n";
        assert_eq!(
            kind_with(index, "CREATE INDEX i ON public.t USING btree (a);\n"),
            "INDEX"
        );
        // Tablespace "ts; Type: INDEX; Schema: public; Owner: o" of a table.
        let ts = "-- Name: t; Type: TABLE; Schema: public; Owner: o; Tablespace: ts; Type: INDEX; Schema: public; Owner: o\n";
        assert_eq!(kind_with(ts, "CREATE TABLE public.t (\n"), "OTHER");
        // The owner of a table's data poses as a foreign key's.
        let data = "-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: o; Type: FK CONSTRAINT; Schema: public; Owner: p\n";
        assert_eq!(
            kind_with(data, "COPY public.t (a) FROM stdin;\n"),
            "TABLE DATA"
        );
        // A constraint named "c; Type: TABLE DATA; Schema: public; Owner: o".
        let con = "-- Name: t c; Type: TABLE DATA; Schema: public; Owner: o; Type: CONSTRAINT; Schema: public; Owner: o\n";
        assert_eq!(
            kind_with(
                con,
                "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT \"c; Type: TABLE DATA; Schema: public; Owner: o\" PRIMARY KEY (a);\n"
            ),
            "CONSTRAINT"
        );
        // Literals and comments in the statement name nothing.
        let lit = "-- Name: t; Type: INDEX; Schema: public; Owner: o; Type: TABLE; Schema: public; Owner: o\n";
        assert_eq!(
            kind_with(
                lit,
                "CREATE TABLE public.\"t; Type: INDEX; Schema: public; Owner: o\" (\n    a text DEFAULT 't' /* t */\n);\n"
            ),
            "OTHER"
        );
    }

    #[test]
    fn an_ambiguous_header_is_settled_in_the_stream() {
        // pg_dump's layout: the index's schema poses as a table's data
        // after the post-data section began (which would be refused), and
        // a table's owner poses as an index (which would start post-data).
        let script = "--\n-- Name: t; Type: TABLE; Schema: public; Owner: o; Type: INDEX; Schema: public; Owner: o\n--\n\nCREATE TABLE public.t (\n    a integer\n);\n\n\
--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: o\n--\n\nCOPY public.t (a) FROM stdin;\n1\n\\.\n\n\
--\n-- Name: i; Type: INDEX; Schema: x; Type: TABLE DATA; Schema: public; Owner: o\n--\n\nCREATE INDEX i ON \"x; Type: TABLE DATA; Schema: public\".u USING btree (a);\n";
        for chunk in [1, 5, 4096] {
            let mut main = ScriptFilter::new(Vec::new(), Part::Main, Vec::new());
            let mut post = ScriptFilter::new(Vec::new(), Part::Post, Vec::new());
            for c in script.as_bytes().chunks(chunk) {
                main.write_all(c).unwrap();
                post.write_all(c).unwrap();
            }
            let main = String::from_utf8(main.finish().unwrap().0).unwrap();
            let post = String::from_utf8(post.finish().unwrap().0).unwrap();
            let at = script.find("-- Name: i;").unwrap();
            assert_eq!(main, script[..at], "chunk {chunk}");
            // The line before the first entry is session set-up, in both.
            assert_eq!(post, format!("--\n{}", &script[at..]), "chunk {chunk}");
        }
    }

    /// What pg_dump 15 writes for `CREATE TABLE "a<NL>b" (id serial, "x<NL>y"
    /// text)` with rows `it's` and `q"\.` and an index on "x<NL>y".
    const NEWLINE_NAMES: &str = "--\n-- Name: a b; Type: TABLE; Schema: public; Owner: postgres\n--\n\nCREATE TABLE public.\"a\nb\" (\n    id integer NOT NULL,\n    \"x\ny\" text\n);\n\n\n\
--\n-- Data for Name: a b; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\nCOPY public.\"a\nb\" (id, \"x\ny\") FROM stdin;\n1\tit's\n2\tq\"\\\\.\n3\t/* $x$ --\n\\.\n\n\n\
--\n-- Name: a b_x y_idx; Type: INDEX; Schema: public; Owner: postgres\n--\n\nCREATE INDEX \"a\nb_x\ny_idx\" ON public.\"a\nb\" USING btree (\"x\ny\");\n\n\n";

    #[test]
    fn a_copy_statement_split_by_a_newline_in_a_name_is_found() {
        let at = NEWLINE_NAMES.find("-- Name: a b_x y_idx").unwrap();
        for chunk in [1, 3, 7, 4096] {
            // 80: the headers are read whole, the rest mostly streams.
            for limit in [LINE_LIMIT, 80] {
                let run = |part| {
                    let mut f =
                        ScriptFilter::new(Vec::new(), part, Vec::new()).with_line_limit(limit);
                    for c in NEWLINE_NAMES.as_bytes().chunks(chunk) {
                        f.write_all(c).unwrap();
                    }
                    String::from_utf8(f.finish().unwrap().0).unwrap()
                };
                assert_eq!(run(Part::All), NEWLINE_NAMES);
                // The rows' quote, double quote and comment opener did not
                // start a literal: the index is found, and the script ends
                // outside any literal (finish succeeded).
                assert_eq!(
                    run(Part::Main),
                    NEWLINE_NAMES[..at],
                    "chunk {chunk} limit {limit}"
                );
                assert_eq!(
                    run(Part::Post),
                    format!("--\n{}", &NEWLINE_NAMES[at..]),
                    "chunk {chunk} limit {limit}"
                );
            }
        }
    }

    #[test]
    fn a_split_copy_statement_is_found_on_the_streaming_path_too() {
        let script = "COPY public.\"a\nb\" (id, \"x\ny\", a_column_with_a_long_name, and_another_one_as_long) FROM stdin;\n1\tit's\t-- not a comment, and long enough to stream through in pieces\n\\.\nSELECT 'x';\n";
        for limit in [1, 70, LINE_LIMIT] {
            for chunk in [1, 2, 5, 100] {
                let mut f =
                    ScriptFilter::new(Vec::new(), Part::All, Vec::new()).with_line_limit(limit);
                for c in script.as_bytes().chunks(chunk) {
                    f.write_all(c).unwrap();
                }
                assert!(f.lex == Lex::Top && !f.copy, "limit {limit} chunk {chunk}");
                assert_eq!(f.finish().unwrap().0, script.as_bytes());
            }
        }
    }

    /// A writer that counts what it was given.
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_line_longer_than_the_limit_streams_through() {
        // `pg_dump --inserts` of a 24 MiB bytea value: one line.
        let head = b"--\n-- Data for Name: b; Type: TABLE DATA; Schema: public; Owner: o\n--\n\nINSERT INTO public.b VALUES (1, '\\x";
        let mut f = ScriptFilter::new(Count(0), Part::Main, Vec::new());
        f.write_all(head).unwrap();
        let piece = vec![b'a'; 64 << 10];
        for _ in 0..(24 << 20) / piece.len() {
            f.write_all(&piece).unwrap();
        }
        assert!(f.line.capacity() <= 2 * LINE_LIMIT, "the line is not held");
        assert!(
            f.inner.0 >= (24 << 20) - LINE_LIMIT,
            "the line went on before its end: {}",
            f.inner.0
        );
        f.write_all(b"');\n\n--\n-- Name: b b_pkey; Type: CONSTRAINT; Schema: public; Owner: o\n--\n\nALTER TABLE ONLY public.b ADD CONSTRAINT b_pkey PRIMARY KEY (a);\n").unwrap();
        let (out, _) = f.finish().unwrap();
        // Main: the INSERT whole, the constraint not (the literal closed).
        assert_eq!(out.0, head.len() + (24 << 20) + "');\n\n--\n".len());
        // A long COPY row streams too, and `\.` still ends the data.
        let mut f = ScriptFilter::new(Vec::new(), Part::Main, Vec::new()).with_line_limit(8);
        f.write_all(b"COPY public.b (a) FROM stdin;\n").unwrap();
        f.write_all(b"\\x0102030405060708090a").unwrap();
        assert!(f.line.len() <= 8 && f.inner.len() > 30);
        f.write_all(b"0b\n\\.\nSELECT 1;\n").unwrap();
        let (out, _) = f.finish().unwrap();
        assert!(out.ends_with(b"0b\n\\.\nSELECT 1;\n"));
    }

    #[test]
    fn an_overlong_foreign_key_statement_is_refused() {
        let mut f = ScriptFilter::new(io::sink(), Part::All, Vec::new());
        f.write_all(b"--\n-- Name: t k; Type: FK CONSTRAINT; Schema: public; Owner: o\n--\n\nALTER TABLE ONLY public.t ADD CONSTRAINT k FOREIGN KEY (a) REFERENCES public.s(id) /*").unwrap();
        let piece = vec![b'x'; 1 << 20];
        let mut err = None;
        for _ in 0..(FK_LIMIT >> 20) + 1 {
            if let Err(e) = f.write_all(&piece) {
                err = Some(e);
                break;
            }
        }
        let e = err.expect("refused");
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(
            e.to_string().contains("foreign key statement longer than"),
            "{e}"
        );
    }

    #[test]
    fn a_script_cut_inside_copy_data_is_refused() {
        let mut f = ScriptFilter::new(Vec::new(), Part::All, Vec::new());
        f.write_all(b"COPY public.t (id) FROM stdin;\n1\n").unwrap();
        assert!(f.finish().is_err());
    }

    proptest::proptest! {
        /// Any bytes, any chunking: no panic; with nothing absent, `All`
        /// passes every byte unchanged, and `Main` + `Post` never lose a
        /// byte of the main part.
        #[test]
        fn any_input_passes_through_unchanged(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(SCRIPT.as_bytes().to_vec()),
                    proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                    proptest::strategy::Just(b"'$a$\"/*--\n\\.\nCOPY x FROM stdin;\n".to_vec()),
                ],
                0..6,
            ),
            chunk in 1usize..300,
        ) {
            let input: Vec<u8> = pieces.concat();
            let mut all = ScriptFilter::new(Vec::new(), Part::All, Vec::new());
            let mut main = ScriptFilter::new(Vec::new(), Part::Main, Vec::new());
            let mut post = ScriptFilter::new(Vec::new(), Part::Post, vec![table_of("public.u").unwrap()]);
            let mut ok = true;
            for c in input.chunks(chunk) {
                ok &= all.write_all(c).is_ok();
                let _ = main.write_all(c);
                let _ = post.write_all(c);
            }
            let _ = post.finish();
            if let (true, Ok((out, keys))) = (ok, all.finish()) {
                proptest::prop_assert_eq!(out, input.clone());
                proptest::prop_assert!(keys.is_empty());
            }
            if let Ok((m, _)) = main.finish() {
                proptest::prop_assert!(input.starts_with(&m));
            }
        }
    }

    proptest::proptest! {
        /// A line streamed in pieces is read as the same line held whole:
        /// every part, any chunking, any limit (above the longest header).
        #[test]
        fn streaming_reads_as_whole_lines_do(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(SCRIPT.as_bytes().to_vec()),
                    proptest::strategy::Just(NEWLINE_NAMES.as_bytes().to_vec()),
                    proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
                    proptest::strategy::Just(b"'$a$\"/*--\n\\.\nCOPY x FROM stdin;\nE'\\''$a$ $b$\n".to_vec()),
                ],
                0..6,
            ),
            chunk in 1usize..300,
            limit in 80usize..200,
        ) {
            let input: Vec<u8> = pieces.concat();
            for part in [Part::All, Part::Main, Part::Post] {
                let absent = vec![table_of("\"Student Records\".students").unwrap()];
                let mut whole = ScriptFilter::new(Vec::new(), part, absent.clone());
                let mut streamed = ScriptFilter::new(Vec::new(), part, absent).with_line_limit(limit);
                let (mut a, mut b) = (Ok(()), Ok(()));
                for c in input.chunks(chunk) {
                    a = a.and_then(|()| whole.write_all(c));
                    b = b.and_then(|()| streamed.write_all(c));
                }
                let a = a.and_then(|()| whole.finish()).map(|(o, k)| (o, k.len()));
                let b = b.and_then(|()| streamed.finish()).map(|(o, k)| (o, k.len()));
                match (a, b) {
                    (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                    (Err(_), Err(_)) => {}
                    (a, b) => proptest::prop_assert!(false, "{:?} vs {:?}", a.map(|_| ()), b.map(|_| ())),
                }
            }
        }
    }

    #[test]
    fn lexer_follows_literals_across_lines() {
        assert_eq!(
            scan(Lex::Top, b"select 'it''s"),
            Lex::Single { backslash: false }
        );
        assert_eq!(
            scan(Lex::Top, b"select E'a\\'b"),
            Lex::Single { backslash: true }
        );
        assert_eq!(
            scan(Lex::Top, b"select $a$ x"),
            Lex::Dollar(b"$a$".to_vec())
        );
        assert_eq!(scan(Lex::Dollar(b"$a$".to_vec()), b"$b$ $a$ ;"), Lex::Top);
        assert_eq!(scan(Lex::Top, b"select $1, a$b"), Lex::Top);
        assert_eq!(scan(Lex::Top, b"/* a /* b */"), Lex::Block(1));
        assert_eq!(scan(Lex::Top, b"x -- 'not a string"), Lex::Top);
        assert_eq!(scan(Lex::Top, b"\"a\"\"b"), Lex::Double);
    }

    #[test]
    fn parses_foreign_keys() {
        let fk = parse_fk(
            b"ALTER TABLE ONLY \"My Schema\".\"T\"\n    ADD CONSTRAINT \"fk 1\" FOREIGN KEY (a) REFERENCES public.grades(id) NOT VALID;\n",
        )
        .unwrap();
        assert_eq!(fk.table, "\"My Schema\".\"T\"");
        assert_eq!(fk.name, "\"fk 1\"");
        assert!(fk.only && fk.not_valid);
        assert_eq!(fk.references, ("public".into(), "grades".into()));
        assert!(
            parse_fk(b"ALTER TABLE ONLY public.t ADD CONSTRAINT c PRIMARY KEY (id);").is_none()
        );
    }
}
