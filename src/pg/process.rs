//! The `pg_dump` process a backup reads from, and the `pg_restore` / `psql`
//! process a restore writes into. Their byte streams are the caller's to
//! carry; nothing here touches disk. stderr is read in a thread and its tail
//! kept for the error message.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::tools::{StderrTail, check_status, spawn, tool_command};
use super::{ConnTarget, Error};

/// What `pg_dump` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DumpFormat {
    /// `-Fc -Z0`: pg_restore's custom format, uncompressed (coffer
    /// compresses with zstd). Allows selective restore.
    #[default]
    Custom,
    /// `-Fp`: a plain SQL script, restored with psql.
    Plain,
    /// `-Fp --schema-only`: definitions without rows, restored with psql.
    SchemaOnly,
}

/// The kind of a dump being restored: the same three formats.
pub type RestoreKind = DumpFormat;

impl DumpFormat {
    /// "custom", "plain", "schema-only".
    pub fn as_str(self) -> &'static str {
        match self {
            DumpFormat::Custom => "custom",
            DumpFormat::Plain => "plain",
            DumpFormat::SchemaOnly => "schema-only",
        }
    }

    /// Whether the dump is an SQL script (restored by psql).
    pub fn is_sql(self) -> bool {
        !matches!(self, DumpFormat::Custom)
    }

    fn pg_dump_args(self) -> &'static [&'static str] {
        match self {
            DumpFormat::Custom => &["--format=custom", "--compress=0"],
            DumpFormat::Plain => &["--format=plain"],
            DumpFormat::SchemaOnly => &["--format=plain", "--schema-only"],
        }
    }
}

impl FromStr for DumpFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "custom" => Ok(DumpFormat::Custom),
            "plain" => Ok(DumpFormat::Plain),
            "schema-only" => Ok(DumpFormat::SchemaOnly),
            other => Err(format!(
                "unknown dump format \"{other}\" (custom, plain, schema-only)"
            )),
        }
    }
}

impl fmt::Display for DumpFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A running `pg_dump`. Read its output through `Read` (or take the pipe
/// with [`DumpProcess::take_stdout`]), then call [`DumpProcess::finish`]:
/// only a clean exit means the dump is complete. Dropped unfinished, the
/// process is killed.
#[derive(Debug)]
pub struct DumpProcess {
    child: Child,
    stdout: Option<ChildStdout>,
    stderr: Option<StderrTail>,
    finished: bool,
}

impl fmt::Debug for StderrTail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StderrTail")
    }
}

/// Starts `pg_dump --snapshot=ID --no-password` in `format` for `target`'s
/// database, connection details in its environment (see
/// [`ConnTarget::apply_env`]), output on a pipe.
pub fn spawn_dump(
    target: &ConnTarget,
    snapshot_id: &str,
    format: DumpFormat,
    extra_args: &[String],
) -> Result<DumpProcess, Error> {
    let mut cmd = tool_command("pg_dump");
    target.apply_env(&mut cmd);
    cmd.arg(format!("--snapshot={snapshot_id}"))
        .arg("--no-password")
        .args(format.pg_dump_args())
        .args(extra_args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = spawn("pg_dump", &mut cmd)?;
    let stderr = StderrTail::capture(&mut child);
    Ok(DumpProcess {
        stdout: child.stdout.take(),
        child,
        stderr: Some(stderr),
        finished: false,
    })
}

impl DumpProcess {
    /// The output pipe, for a caller that wants to own it (e.g. in another
    /// thread). `None` if already taken.
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.stdout.take()
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills pg_dump (SIGKILL); [`DumpProcess::finish`] then reports it.
    pub fn kill(&mut self) -> io::Result<()> {
        kill_child(&mut self.child)
    }

    /// Closes the output (if not yet taken) and waits: `Ok` only if pg_dump
    /// exited 0, else [`Error::ToolFailed`] with its stderr tail.
    pub fn finish(mut self) -> Result<(), Error> {
        self.finished = true;
        drop(self.stdout.take());
        wait_checked("pg_dump", &mut self.child, self.stderr.take())
    }
}

impl Read for DumpProcess {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.stdout.as_mut() {
            Some(out) => out.read(buf),
            None => Err(io::Error::other("pg_dump's output was taken")),
        }
    }
}

impl Drop for DumpProcess {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn wait_checked(
    tool: &'static str,
    child: &mut Child,
    stderr: Option<StderrTail>,
) -> Result<(), Error> {
    let status = child.wait().map_err(|e| Error::Io {
        context: format!("cannot wait for {tool}"),
        source: e,
    })?;
    let tail = stderr.map(StderrTail::join).unwrap_or_default();
    check_status(tool, status, tail)
}

/// How to restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreOptions {
    /// One transaction: all or nothing (default on).
    pub single_transaction: bool,
    /// Rows only, into tables that exist (custom format only).
    pub data_only: bool,
    /// Skip `ALTER ... OWNER` (custom format only): for a server without the
    /// original roles.
    pub no_owner: bool,
    /// Skip GRANT/REVOKE (custom format only).
    pub no_privileges: bool,
    /// Every table in the dump (e.g. the manifest's row-count keys). With it
    /// a selective restore can prove it restores exactly the tables named;
    /// without it, tables from several schemas are refused.
    pub dump_tables: Option<Vec<String>>,
    /// More arguments for pg_restore / psql.
    pub extra_args: Vec<String>,
    /// pg_restore prints the SQL on its stdout ([`RestoreProcess::take_stdout`])
    /// instead of connecting (custom format only).
    pub to_script: bool,
    /// Restore exactly these TOC entries, in this order: a `pg_restore -L`
    /// list ([`super::toc::list`]; custom format only, no `tables` beside
    /// it). Handed over in memory (a memfd the tool opens as `/dev/fd/N`),
    /// never written to disk.
    pub list: Option<String>,
    /// The dump itself from memory rather than stdin (custom format only):
    /// an anonymous memory file the tool opens as `/dev/fd/N`, which is
    /// seekable, so that `jobs` above 1 can run (`pg_restore -j`; without
    /// `--single-transaction`, which pg_restore does not allow with it).
    pub in_memory: Option<std::sync::Arc<[u8]>>,
    /// `pg_restore -j N` with `in_memory`.
    pub jobs: usize,
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions {
            single_transaction: true,
            data_only: false,
            no_owner: false,
            no_privileges: false,
            dump_tables: None,
            extra_args: Vec::new(),
            to_script: false,
            list: None,
            in_memory: None,
            jobs: 1,
        }
    }
}

/// A running `pg_restore` or `psql` reading a dump on its stdin. Write the
/// dump through `Write` (or take the pipe), then [`RestoreProcess::finish`].
/// A write failing with `BrokenPipe` means the tool gave up: `finish` says
/// why. Dropped unfinished, the process is killed (in one transaction,
/// nothing is restored).
#[derive(Debug)]
pub struct RestoreProcess {
    tool: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Option<StderrTail>,
    finished: bool,
    input_closed: bool,
}

/// Starts the restore of a `kind` dump into `target`'s database:
/// custom => `pg_restore --no-password --single-transaction --exit-on-error
/// -d DB [-n SCHEMA] [-t TABLE]...`; plain and schema-only => `psql
/// --no-password -X -q -v ON_ERROR_STOP=1 --single-transaction -f -`.
///
/// `tables` selects tables (names as the manifest has them, e.g.
/// `public.users` or `"Student Records"."Grade Book"`): pg_restore then
/// restores those tables' definitions and rows only (not their indexes,
/// constraints or triggers). Only a custom dump can be restored selectively.
pub fn spawn_restore(
    target: &ConnTarget,
    kind: RestoreKind,
    tables: &[String],
    opts: &RestoreOptions,
) -> Result<RestoreProcess, Error> {
    // Open until the tool has started: it inherits the descriptor.
    let mut list_fd = None;
    let mut input_fd = None;
    let (tool, mut cmd) = match kind {
        DumpFormat::Custom => {
            let mut cmd = tool_command("pg_restore");
            cmd.arg("--no-password").arg("--exit-on-error");
            let parallel = opts.in_memory.is_some() && opts.jobs > 1;
            if opts.single_transaction && !parallel {
                cmd.arg("--single-transaction");
            }
            if parallel {
                cmd.arg(format!("--jobs={}", opts.jobs));
            }
            if opts.data_only {
                cmd.arg("--data-only");
            }
            if opts.no_owner {
                cmd.arg("--no-owner");
            }
            if opts.no_privileges {
                cmd.arg("--no-privileges");
            }
            if opts.to_script {
                cmd.args(["-f", "-"]);
            } else {
                // -d is what makes pg_restore connect rather than print SQL; as a
                // conninfo string so that no database name is misread as one.
                cmd.arg("-d").arg(conninfo_dbname(&target.database()));
            }
            if let Some(list) = &opts.list {
                if !tables.is_empty() {
                    return Err(Error::Unsupported(
                        "a TOC list and a table selection together".into(),
                    ));
                }
                let file = list_file(list)?;
                cmd.arg("-L").arg(format!(
                    "/dev/fd/{}",
                    std::os::fd::AsRawFd::as_raw_fd(&file)
                ));
                list_fd = Some(file);
            }
            for arg in selection_args(tables, opts.dump_tables.as_deref())? {
                cmd.arg(arg);
            }
            if let Some(bytes) = &opts.in_memory {
                let file = memory_file("coffer-dump", bytes)?;
                input_fd = Some(file);
            }
            ("pg_restore", cmd)
        }
        DumpFormat::Plain | DumpFormat::SchemaOnly => {
            if !tables.is_empty() {
                return Err(Error::Unsupported(format!(
                    "selecting tables needs a custom-format dump; this one is {kind} SQL, which restores only as a whole"
                )));
            }
            if opts.data_only
                || opts.no_owner
                || opts.no_privileges
                || opts.to_script
                || opts.list.is_some()
            {
                return Err(Error::Unsupported(format!(
                    "--data-only, --no-owner, --no-privileges and printing SQL need a custom-format dump; this one is {kind} SQL"
                )));
            }
            let mut cmd = tool_command("psql");
            cmd.args(["--no-password", "-X", "-q", "-v", "ON_ERROR_STOP=1"]);
            if opts.single_transaction {
                cmd.arg("--single-transaction");
            }
            cmd.args(["-f", "-"]);
            ("psql", cmd)
        }
    };
    target.apply_env(&mut cmd);
    cmd.args(&opts.extra_args);
    if let Some(file) = &input_fd {
        cmd.arg(format!("/dev/fd/{}", std::os::fd::AsRawFd::as_raw_fd(file)));
    }
    cmd.stdin(if input_fd.is_some() {
        Stdio::null()
    } else {
        Stdio::piped()
    })
    .stdout(if opts.to_script {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stderr(Stdio::piped());
    let mut child = spawn(tool, &mut cmd)?;
    drop(list_fd);
    drop(input_fd);
    let stderr = StderrTail::capture(&mut child);
    Ok(RestoreProcess {
        tool,
        stdin: child.stdin.take(),
        child,
        stderr: Some(stderr),
        finished: false,
        input_closed: false,
    })
}

impl RestoreProcess {
    /// Whether the tool has stopped reading its input (see the `Write` impl).
    pub fn input_closed(&self) -> bool {
        self.input_closed
    }

    /// The input pipe, for a caller that wants to own it. `None` if taken.
    pub fn take_stdin(&mut self) -> Option<ChildStdin> {
        self.stdin.take()
    }

    /// The SQL pg_restore prints with [`RestoreOptions::to_script`]; `None`
    /// if taken or not printed.
    pub fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.stdout.take()
    }

    /// "pg_restore" or "psql".
    pub fn tool(&self) -> &'static str {
        self.tool
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Kills the tool (SIGKILL): its transaction is rolled back.
    pub fn kill(&mut self) -> io::Result<()> {
        kill_child(&mut self.child)
    }

    /// Closes the input (end of dump) and waits: `Ok` only on a clean exit.
    pub fn finish(mut self) -> Result<(), Error> {
        self.finished = true;
        drop(self.stdin.take());
        wait_checked(self.tool, &mut self.child, self.stderr.take())
    }
}

/// Writes go to the tool's stdin. Once the tool has closed it (it stopped
/// reading: a selective pg_restore that has what it wants, or a tool that
/// failed), further bytes are discarded rather than failing with
/// `BrokenPipe`, so that the caller can carry on (e.g. hashing the rest of
/// the archive); [`RestoreProcess::finish`] says whether the tool succeeded,
/// and [`RestoreProcess::input_closed`] tells early.
impl Write for RestoreProcess {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.input_closed {
            return Ok(buf.len());
        }
        match self.stdin.as_mut() {
            Some(input) => match input.write(buf) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    self.input_closed = true;
                    drop(self.stdin.take());
                    Ok(buf.len())
                }
                other => other,
            },
            None => Err(io::Error::other("the restore's input was taken")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.stdin.as_mut() {
            Some(input) => match input.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    self.input_closed = true;
                    Ok(())
                }
                other => other,
            },
            None => Ok(()),
        }
    }
}

impl Drop for RestoreProcess {
    fn drop(&mut self) {
        if !self.finished {
            drop(self.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A `pg_restore -L` list in an anonymous memory file that a child
/// inherits (no close-on-exec): the list names the archive's objects, and
/// nothing of a restore goes to disk.
fn list_file(list: &str) -> Result<std::fs::File, Error> {
    memory_file("coffer-toc-list", list.as_bytes())
}

/// `bytes` in an anonymous memory file a child inherits (no close-on-exec),
/// rewound: nothing of it goes to disk.
fn memory_file(name: &str, bytes: &[u8]) -> Result<std::fs::File, Error> {
    let io_err = |e: io::Error| Error::Io {
        context: format!("cannot hand pg_restore its input ({name})"),
        source: e,
    };
    let fd = rustix::fs::memfd_create(name, rustix::fs::MemfdFlags::empty())
        .map_err(|e| io_err(e.into()))?;
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes).map_err(io_err)?;
    io::Seek::rewind(&mut file).map_err(io_err)?;
    Ok(file)
}

/// `dbname='...'` with libpq's quoting.
fn conninfo_dbname(db: &str) -> String {
    format!("dbname='{}'", db.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Splits a possibly quoted, possibly schema-qualified name the way
/// PostgreSQL reads it: `"Mixed Case"."T"` -> (Some("Mixed Case"), "T"),
/// `Public.Users` -> (Some("public"), "users").
pub fn parse_qualified_name(name: &str) -> Result<(Option<String>, String), Error> {
    let bad = || Error::InvalidTableName(format!("{name:?}"));
    let mut parts = Vec::new();
    let mut chars = name.trim().chars().peekable();
    loop {
        let mut part = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    None => return Err(bad()),
                    Some('"') if chars.next_if_eq(&'"').is_some() => part.push('"'),
                    Some('"') => break,
                    Some(c) => part.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != '.') {
                part.extend(c.to_lowercase());
            }
            if part.is_empty() || part.contains('"') {
                return Err(bad());
            }
        }
        parts.push(part);
        match chars.next() {
            None => break,
            Some('.') => continue,
            Some(_) => return Err(bad()),
        }
    }
    match parts.len() {
        1 => Ok((None, parts.remove(0))),
        2 => {
            let table = parts.remove(1);
            Ok((Some(parts.remove(0)), table))
        }
        _ => Err(bad()),
    }
}

/// pg_restore's `-n SCHEMA` / `-t TABLE` for a table selection. pg_restore
/// matches schema and table names separately (`-n a -n b -t x -t y` restores
/// a.x, a.y, b.x and b.y), so a selection that would pull in more than was
/// asked for is refused.
fn selection_args(tables: &[String], dump_tables: Option<&[String]>) -> Result<Vec<String>, Error> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: BTreeSet<(Option<String>, String)> = tables
        .iter()
        .map(|t| parse_qualified_name(t))
        .collect::<Result<_, _>>()?;
    let schemas: BTreeSet<&String> = wanted.iter().filter_map(|(s, _)| s.as_ref()).collect();
    let names: BTreeSet<&String> = wanted.iter().map(|(_, t)| t).collect();
    if !schemas.is_empty() && wanted.iter().any(|(s, _)| s.is_none()) {
        return Err(Error::Unsupported(
            "name every table with its schema, or none of them".into(),
        ));
    }
    match dump_tables {
        Some(all) => {
            let all: BTreeSet<(Option<String>, String)> = all
                .iter()
                .map(|t| parse_qualified_name(t))
                .collect::<Result<_, _>>()?;
            for (want, original) in wanted.iter().zip(tables) {
                let present = all.iter().any(|(s, t)| {
                    t == &want.1 && (want.0.is_none() || want.0.as_ref() == s.as_ref())
                });
                if !present {
                    return Err(Error::UnknownTable(original.clone()));
                }
            }
            let extra: Vec<String> = all
                .iter()
                .filter(|(s, t)| {
                    names.contains(t)
                        && (schemas.is_empty() || s.as_ref().is_some_and(|s| schemas.contains(s)))
                        && !wanted.contains(&(s.clone(), t.clone()))
                        && !wanted.contains(&(None, t.clone()))
                })
                .map(|(s, t)| format!("{}.{t}", s.as_deref().unwrap_or("?")))
                .collect();
            if !extra.is_empty() {
                return Err(Error::Unsupported(format!(
                    "pg_restore selects schemas and table names separately, so this selection would also restore {}; restore those tables in separate runs",
                    extra.join(", ")
                )));
            }
        }
        None if schemas.len() > 1 => {
            return Err(Error::Unsupported(
                "tables from several schemas in one selective restore (pg_restore would restore every combination of schema and table name); restore one schema at a time".into(),
            ));
        }
        None => {}
    }
    let mut args = Vec::new();
    for s in &schemas {
        args.push("-n".to_owned());
        args.push((*s).clone());
    }
    for t in &names {
        args.push("-t".to_owned());
        args.push((*t).clone());
    }
    Ok(args)
}

/// SIGKILL; a child that already exited is not an error.
fn kill_child(child: &mut Child) -> io::Result<()> {
    match child.kill() {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_parse_like_postgres() {
        assert_eq!(
            parse_qualified_name(r#""Student Records"."Grade ""Book""""#).unwrap(),
            (Some("Student Records".into()), "Grade \"Book\"".into())
        );
        assert_eq!(
            parse_qualified_name("Public.Users").unwrap(),
            (Some("public".into()), "users".into())
        );
        assert_eq!(parse_qualified_name("t").unwrap(), (None, "t".into()));
        for bad in ["", "a.b.c", "\"open", "a.", "a\"b"] {
            assert!(parse_qualified_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn selection_is_exact_or_refused() {
        let all = v(&["public.a", "public.b", "s.a", "s.c"]);
        assert_eq!(
            selection_args(&v(&["public.a", "public.b"]), Some(&all)).unwrap(),
            v(&["-n", "public", "-t", "a", "-t", "b"])
        );
        // public.a + s.c would drag in s.a.
        assert!(matches!(
            selection_args(&v(&["public.a", "s.c"]), Some(&all)),
            Err(Error::Unsupported(_))
        ));
        assert!(matches!(
            selection_args(&v(&["public.zz"]), Some(&all)),
            Err(Error::UnknownTable(_))
        ));
        assert!(matches!(
            selection_args(&v(&["public.a", "s.c"]), None),
            Err(Error::Unsupported(_))
        ));
        assert!(selection_args(&v(&["public.b", "s.c"]), Some(&all)).is_ok());
    }

    #[test]
    fn dbname_quoting() {
        assert_eq!(conninfo_dbname(r"it's a\b"), r"dbname='it\'s a\\b'");
    }
}
