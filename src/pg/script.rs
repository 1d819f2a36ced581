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
//! Name: ...`) at the start of a line outside any literal, COPY data runs
//! from a line `COPY ... FROM stdin;` to a line `\.`, and pg_dump emits the
//! pre-data, data and post-data sections in that order (ACLs after them).
//! Literals and comments are tracked across lines (quotes, dollar quotes,
//! nested block comments), so that a function body cannot pose as an entry.

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

/// A table as (schema, name), unquoted.
pub type Table = (String, String);

/// Passes a plain script through to `inner`, keeping `part` and rewriting
/// the foreign keys that reference an `absent` table (see the module docs).
/// Lines are handled whole; [`ScriptFilter::finish`] writes a last line
/// without a newline.
pub struct ScriptFilter<W: Write> {
    inner: W,
    part: Part,
    absent: Vec<Table>,
    line: Vec<u8>,
    lex: Lex,
    /// Inside a statement (the last top-level line did not end it).
    in_statement: bool,
    copy: bool,
    seen_entry: bool,
    post: bool,
    /// The current entry is a foreign key whose statement has not ended.
    fk_entry: bool,
    fk: Vec<u8>,
    keys: Vec<ForeignKey>,
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
            lex: Lex::Top,
            in_statement: false,
            copy: false,
            seen_entry: false,
            post: false,
            fk_entry: false,
            fk: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Writes what is left and returns the inner writer and the foreign
    /// keys into absent tables (in the order of the script). Fails on a
    /// script that ends inside a literal, COPY data or a foreign key's
    /// statement.
    pub fn finish(mut self) -> io::Result<(W, Vec<ForeignKey>)> {
        if !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.handle(&line)?;
        }
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
        let at_top = self.lex == Lex::Top;
        if at_top
            && !self.in_statement
            && self.fk.is_empty()
            && let Some(kind) = entry_type(line)
        {
            self.seen_entry = true;
            self.fk_entry = kind == "FK CONSTRAINT";
            if !self.post && POST_DATA.contains(&kind) {
                self.post = true;
            } else if self.post && DATA.contains(&kind) {
                return Err(invalid(format!(
                    "the SQL script has a {kind} entry after its post-data section; coffer cannot split it"
                )));
            }
            return self.emit(line, false);
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
            self.fk.extend_from_slice(line);
            if ends {
                self.in_statement = false;
                self.fk_entry = false;
                let stmt = std::mem::take(&mut self.fk);
                let out = self.rewrite_fk(stmt);
                return self.emit(&out, false);
            }
            self.in_statement = true;
            return Ok(());
        }
        let session = starts && ends && is_session_setting(line);
        if starts && self.lex == Lex::Top && line.starts_with(b"COPY ") && ends {
            self.copy = trim_newline(line).ends_with(b" FROM stdin;");
        }
        if content {
            self.in_statement = !ends;
        }
        self.emit(line, session)
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
        while let Some(nl) = memchr(b'\n', rest) {
            let (head, tail) = rest.split_at(nl + 1);
            if self.line.is_empty() {
                self.handle(head)?;
            } else {
                self.line.extend_from_slice(head);
                let line = std::mem::take(&mut self.line);
                self.handle(&line)?;
                self.line = line;
                self.line.clear();
            }
            rest = tail;
        }
        self.line.extend_from_slice(rest);
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

/// The type of a TOC entry header line, if `line` is one.
///
/// Read as bytes (the script is in the database's encoding), and from the
/// right: pg_dump does not escape `;` in names, so a table named
/// `x; Type: INDEX; Schema: y` must not pose as an index. The fields after
/// the type (schema, owner, tablespace) are names too, but creating those
/// takes more privileges than creating a table.
fn entry_type(line: &[u8]) -> Option<&'static str> {
    let line = trim_newline(line);
    let rest = line
        .strip_prefix(b"-- Name: ")
        .or_else(|| line.strip_prefix(b"-- Data for Name: "))?;
    const TYPE: &[u8] = b"; Type: ";
    let at = rest.windows(TYPE.len()).rposition(|w| w == TYPE)?;
    let after = &rest[at + TYPE.len()..];
    let end = after.windows(2).position(|w| w == b"; ")?;
    let kind = &after[..end];
    POST_DATA
        .iter()
        .chain(DATA)
        .copied()
        .find(|k| k.as_bytes() == kind)
        .or(Some("OTHER"))
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
fn scan(mut state: Lex, line: &[u8]) -> Lex {
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match &mut state {
            Lex::Top => match b {
                b'-' if line.get(i + 1) == Some(&b'-') => return Lex::Top,
                b'/' if line.get(i + 1) == Some(&b'*') => {
                    state = Lex::Block(1);
                    i += 1;
                }
                b'\'' => {
                    let e = i >= 1
                        && matches!(line[i - 1], b'E' | b'e')
                        && (i < 2 || !is_ident_byte(line[i - 2]));
                    state = Lex::Single { backslash: e };
                }
                b'"' => state = Lex::Double,
                b'$' if i == 0 || !is_ident_byte(line[i - 1]) => {
                    let tag_end = line[i + 1..]
                        .iter()
                        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80))
                        .map(|p| i + 1 + p);
                    if let Some(end) = tag_end
                        && line[end] == b'$'
                        && !line.get(i + 1).is_some_and(u8::is_ascii_digit)
                    {
                        state = Lex::Dollar(line[i..=end].to_vec());
                        i = end;
                    }
                }
                _ => {}
            },
            Lex::Single { backslash } => match b {
                b'\\' if *backslash => i += 1,
                b'\'' if line.get(i + 1) == Some(&b'\'') => i += 1,
                b'\'' => state = Lex::Top,
                _ => {}
            },
            Lex::Double => match b {
                b'"' if line.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => state = Lex::Top,
                _ => {}
            },
            Lex::Dollar(tag) => {
                if line[i..].starts_with(tag) {
                    i += tag.len() - 1;
                    state = Lex::Top;
                }
            }
            Lex::Block(depth) => {
                if b == b'/' && line.get(i + 1) == Some(&b'*') {
                    *depth += 1;
                    i += 1;
                } else if b == b'*' && line.get(i + 1) == Some(&b'/') {
                    *depth -= 1;
                    i += 1;
                    if *depth == 0 {
                        state = Lex::Top;
                    }
                }
            }
        }
        i += 1;
    }
    state
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
/// in every mode (written in two pieces, split where its first byte says),
/// and through the foreign-key parser. Must never panic, whatever `data` holds.
pub fn fuzz_one(data: &[u8]) {
    let cut = data
        .first()
        .map_or(0, |b| usize::from(*b) % (data.len() + 1));
    for part in [Part::All, Part::Main, Part::Post] {
        let absent = vec![("public".to_owned(), "t".to_owned())];
        let mut f = ScriptFilter::new(io::sink(), part, absent);
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
        assert_eq!(
            entry_type(
                b"-- Name: x; Type: INDEX; Schema: y; Type: TABLE; Schema: public; Owner: o\n"
            ),
            Some("OTHER")
        );
        assert_eq!(
            entry_type(b"-- Data for Name: caf\xe9; Type: TABLE DATA; Schema: public; Owner: o\n"),
            Some("TABLE DATA"),
            "not UTF-8 (a LATIN1 database)"
        );
        assert_eq!(
            entry_type(b"-- Name: t t_pkey; Type: CONSTRAINT; Schema: public; Owner: -\n"),
            Some("CONSTRAINT")
        );
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
