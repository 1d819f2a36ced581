//! Plaintext and secrets (issue 14, DESIGN non-negotiables 1 and 7), through
//! the real `coffer` binary under the real `strace`:
//!
//! - a vault's init, erasure requests, backup, restore, drill, and a loose
//!   pack/verify with a passphrase run under `strace -ff -y -v`, on a
//!   database holding marker rows (a random token in a text column, random
//!   bytes in a bytea) and reached as a role whose password the server
//!   demands (scram-sha-256), given as `PGPASSWORD`;
//! - no dump byte is written to a file (every write-like syscall carrying a
//!   marker goes to a pipe or a socket, and the trace must see such writes,
//!   so the check can fail), every file opened for writing is inside the
//!   vault or under /dev, and afterwards no marker is in any file under the
//!   vault, the working directory or /tmp;
//! - no passphrase, database password, age identity, signing key, ledger
//!   HMAC key or stdin-given subject id is in any child's argv or
//!   environment (PGPASSWORD only for the PostgreSQL tools, which need it),
//!   in any write, in coffer's stderr or JSON output, the catalog's bytes or
//!   the audit log;
//! - files 0600 and directories 0700 after every command that creates them
//!   (init, backup, push, import, erasure request, hold, drill, report,
//!   evidence, keygen), under umask 077, 022 and 000 (the Prometheus file
//!   0644, as documented).
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod vault_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use common::{TestDb, fresh_db};

/// Syscalls that create, name or fill a file, or start a program.
const TRACED: &str = "trace=open,openat,creat,write,writev,pwrite64,pwritev,pwritev2,\
                      rename,renameat,renameat2,link,linkat,execve,execveat,\
                      sendfile,splice,copy_file_range,tee";
/// strace's string limit: whole write payloads (a few hundred KiB here), so
/// a marker deep inside a 64 KiB write is seen, not cut off as with -s 256.
const STRACE_STRLEN: &str = "1048576";
/// Files bigger than this are not grepped (nothing of a test is that big).
const GREP_MAX_BYTES: u64 = 64 << 20;

fn coffer_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("coffer")
}

/// `strace` from PATH; missing is a failure (./scripts/setup installs it).
fn strace_bin() -> PathBuf {
    let out = Command::new("sh")
        .args(["-c", "command -v strace"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "strace is not installed: run ./scripts/setup (it installs the Debian package strace)"
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// `n` random characters of [A-Za-z0-9]: a needle nothing else contains.
fn token(prefix: &str, n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = vec![0u8; n];
    getrandom(&mut bytes);
    let body: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    format!("{prefix}{body}")
}

fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .unwrap()
        .read_exact(buf)
        .unwrap();
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------- strace --

/// One syscall of a traced process (one line of a `strace -ff` file).
#[derive(Debug)]
struct Call {
    pid: String,
    name: String,
    line: String,
}

impl Call {
    /// The path strace -y shows for the first argument (`3</tmp/x>`), or
    /// for the fd returned (`= 3</tmp/x>`), whichever the call has.
    fn fd_path(&self, of_return: bool) -> Option<String> {
        let s = if of_return {
            &self.line[self.line.rfind(") = ")? + 4..]
        } else {
            &self.line[self.name.len() + 1..]
        };
        let digits = s.find(|c: char| !c.is_ascii_digit())?;
        if digits == 0 || !s[digits..].starts_with('<') {
            return None;
        }
        let rest = &s[digits + 1..];
        Some(rest[..rest.find('>')?].to_owned())
    }

    fn failed(&self) -> bool {
        self.line
            .rsplit(") = ")
            .next()
            .is_some_and(|r| r.starts_with('-'))
    }

    /// The quoted strings of an execve line, grouped: the file name, argv, envp.
    fn exec_parts(&self) -> (String, Vec<String>, Vec<String>) {
        let mut groups: Vec<Vec<String>> = vec![Vec::new()];
        let mut depth = 0;
        let mut chars = self.line[self.name.len() + 1..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let mut s = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => {
                                if let Some(e) = chars.next() {
                                    s.push('\\');
                                    s.push(e);
                                }
                            }
                            '"' => break,
                            c => s.push(c),
                        }
                    }
                    groups.last_mut().unwrap().push(s);
                }
                '[' => {
                    depth += 1;
                    groups.push(Vec::new());
                }
                ']' => depth -= 1,
                ')' if depth == 0 => break,
                _ => {}
            }
        }
        let mut it = groups.into_iter();
        let file = it
            .next()
            .and_then(|g| g.into_iter().next())
            .unwrap_or_default();
        (
            file,
            it.next().unwrap_or_default(),
            it.next().unwrap_or_default(),
        )
    }

    fn is_write_like(&self) -> bool {
        matches!(
            self.name.as_str(),
            "write" | "writev" | "pwrite64" | "pwritev" | "pwritev2"
        )
    }
}

/// The syscalls of one traced command, every process and thread.
struct Trace {
    calls: Vec<Call>,
}

impl Trace {
    fn read(dir: &Path) -> Trace {
        let mut calls = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid = name.rsplit('.').next().unwrap_or_default().to_owned();
            let text = std::fs::read(e.path()).unwrap();
            for line in String::from_utf8_lossy(&text).lines() {
                let Some(open) = line.find('(') else { continue };
                let name = &line[..open];
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    continue;
                }
                calls.push(Call {
                    pid: pid.clone(),
                    name: name.to_owned(),
                    line: line.to_owned(),
                });
            }
        }
        assert!(
            calls.iter().any(|c| c.name == "execve"),
            "strace recorded no execve in {}: is it tracing at all?",
            dir.display()
        );
        Trace { calls }
    }

    fn execs(&self) -> impl Iterator<Item = &Call> {
        self.calls
            .iter()
            .filter(|c| c.name == "execve" || c.name == "execveat")
    }

    /// Paths opened for writing or created (O_WRONLY, O_RDWR, O_CREAT, creat),
    /// and rename/link targets, as strace -y resolved them.
    fn written_paths(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for c in &self.calls {
            if c.failed() {
                continue;
            }
            match c.name.as_str() {
                "open" | "openat" | "creat" => {
                    let writes = c.name == "creat"
                        || ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"]
                            .iter()
                            .any(|f| c.line.contains(f));
                    if writes && let Some(p) = c.fd_path(true) {
                        out.insert(p);
                    }
                }
                "rename" | "renameat" | "renameat2" | "link" | "linkat" => {
                    // The last quoted string is the new name, relative to
                    // the last dirfd strace -y resolved before it.
                    let Some(end) = c.line.rfind('"') else {
                        continue;
                    };
                    let Some(start) = c.line[..end].rfind('"') else {
                        continue;
                    };
                    let name = &c.line[start + 1..end];
                    if name.starts_with('/') {
                        out.insert(name.to_owned());
                    } else if let Some(open) = c.line[..start].rfind('<') {
                        let dir = &c.line[open + 1..];
                        let dir = &dir[..dir.find('>').unwrap_or(dir.len())];
                        out.insert(format!("{dir}/{name}"));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// A command run under strace, with what it printed.
struct Traced {
    out: Output,
    trace: Trace,
}

impl Traced {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

// ------------------------------------------------------------ the vault --

/// A vault of its own (init under strace), on a database reached as a role
/// with a password.
struct Fixture {
    tmp: tempfile::TempDir,
    dir: PathBuf,
    db: TestDb,
    role: String,
    password: String,
    /// An AWS secret in coffer's environment: it must not reach any child.
    aws_secret: String,
    marker: String,
    /// The bytea marker's bytes, and as pg_dump writes them (hex digits).
    blob: Vec<u8>,
    blob_hex: String,
    targets: Vec<String>,
}

impl Fixture {
    fn new() -> Fixture {
        let server = common::server();
        let Some(cluster) = server.cluster() else {
            panic!(
                "tests/plaintext.rs needs the harness's own cluster (it edits pg_hba.conf to \
                 demand a password): unset COFFER_TEST_PGURL"
            );
        };
        let db = fresh_db("plaintext");
        let marker = token("MRK", 32);
        let mut blob = vec![0u8; 24];
        getrandom(&mut blob);
        let blob_hex = hex::encode(&blob);
        let role = format!("pt_{}_{}", std::process::id(), &token("", 6).to_lowercase());
        let password = token("PW", 32);

        // The role must authenticate with its password over TCP (the rest of
        // the harness keeps trust): the password is really used.
        let hba = cluster.data_dir().join("pg_hba.conf");
        let text = std::fs::read_to_string(&hba).unwrap();
        std::fs::write(
            &hba,
            format!("host all {role} 127.0.0.1/32 scram-sha-256\n{text}"),
        )
        .unwrap();
        db.psql(&format!(
            "SET password_encryption = 'scram-sha-256';\n\
             CREATE ROLE {role} LOGIN SUPERUSER PASSWORD '{password}';\n\
             SELECT pg_reload_conf();\n\
             CREATE TABLE secrets_demo (id int PRIMARY KEY, subject text, note text, blob bytea);\n\
             INSERT INTO secrets_demo SELECT g, 'S' || g, repeat(md5(g::text), 8), NULL \
               FROM generate_series(1, 3000) g;\n\
             INSERT INTO secrets_demo VALUES (5000, 'nobody', 'the note {marker} in a row', '\\x{blob_hex}');\n\
             ALTER TABLE secrets_demo OWNER TO {role};"
        ));

        let tmp = tempfile::Builder::new()
            .prefix("coffer-plaintext-")
            .tempdir()
            .unwrap();
        let fixture = Fixture {
            dir: tmp.path().join("vault"),
            tmp,
            role,
            password,
            aws_secret: token("AWSSECRET", 32),
            marker,
            blob,
            blob_hex,
            targets: Vec::new(),
            db,
        };
        fixture.assert_password_required();
        fixture
    }

    fn url(&self, db: &str) -> String {
        let port = common::server().cluster().unwrap().port();
        format!("postgresql://{}@127.0.0.1:{port}/{db}", self.role)
    }

    /// A positive control: without PGPASSWORD the role cannot connect.
    fn assert_password_required(&self) {
        let run = |password: Option<&str>| {
            let mut cmd = Command::new(coffer::pg::tool_path("psql"));
            cmd.arg("--no-password")
                .arg("-XAtc")
                .arg("SELECT current_user")
                .arg(self.url(self.db.name()))
                .env_remove("PGPASSWORD")
                .env_remove("PGPASSFILE")
                .env("HOME", self.tmp.path())
                .stdin(Stdio::null());
            if let Some(p) = password {
                cmd.env("PGPASSWORD", p);
            }
            cmd.output().unwrap()
        };
        let without = run(None);
        assert!(
            !without.status.success(),
            "the role connects without its password: pg_hba.conf was not applied"
        );
        let with = run(Some(&self.password));
        assert!(
            with.status.success(),
            "the role cannot connect with its password: {}",
            String::from_utf8_lossy(&with.stderr)
        );
    }

    fn config(&self) -> PathBuf {
        self.dir.join("coffer.toml")
    }

    fn identity(&self) -> PathBuf {
        self.dir.join("keys/identity.txt")
    }

    /// `coffer ARGS` under strace, in the temp dir, with the password and an
    /// AWS secret in its environment.
    fn traced(&self, args: &[&str], stdin: &[u8]) -> Traced {
        use std::io::Write;
        let dir = tempfile::Builder::new()
            .prefix("coffer-strace-")
            .tempdir()
            .unwrap();
        let mut cmd = Command::new(strace_bin());
        cmd.args([
            "-ff",
            "-qq",
            "-y",
            "-v",
            "-e",
            "signal=none",
            "-s",
            STRACE_STRLEN,
        ])
        .arg("-e")
        .arg(TRACED)
        .arg("-o")
        .arg(dir.path().join("t"))
        .arg("--")
        .arg(coffer_bin())
        .args(args)
        .current_dir(self.tmp.path())
        .env_remove("COFFER_CONFIG")
        .env_remove("PGPASSFILE")
        .env("HOME", self.tmp.path())
        .env("PGPASSWORD", &self.password)
        .env("AWS_SECRET_ACCESS_KEY", &self.aws_secret)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start strace");
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        let out = wait_bounded(child, 300);
        let trace = Trace::read(dir.path());
        // The trace files hold every pipe payload (the dump): gone before
        // anything greps /tmp.
        drop(dir);
        Traced { out, trace }
    }

    fn traced_ok(&self, args: &[&str], stdin: &[u8]) -> Traced {
        let t = self.traced(args, stdin);
        assert!(
            t.out.status.success(),
            "coffer {args:?} failed ({}):\n{}{}",
            t.out.status,
            t.stdout(),
            t.stderr()
        );
        t
    }

    /// The markers of the dump, as text in files and strace lines.
    fn dump_needles(&self) -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("text marker", self.marker.as_bytes().to_vec()),
            ("bytea marker (hex)", self.blob_hex.as_bytes().to_vec()),
            ("bytea marker (raw)", self.blob.clone()),
        ]
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let admin = common::server().target();
        for db in &self.targets {
            let _ = coffer::pg::drop_database(admin, db);
        }
    }
}

fn wait_bounded(mut child: std::process::Child, secs: u64) -> Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "timed out after {secs} s: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A secret, as the places it may show up would hold it.
struct Secret {
    what: &'static str,
    /// Needles for text (argv, env, stderr, JSON, strace lines).
    text: Vec<String>,
    /// Needles for file bytes (may include raw binary forms).
    bytes: Vec<Vec<u8>>,
    /// The files that legitimately hold it (its key file).
    home: Vec<PathBuf>,
    /// It is also a value in the database, so it flows through pipes and
    /// sockets with the dump (never into a file).
    in_data: bool,
}

/// Every file under `root` (not following links; bounded in size), minus
/// the subtrees in `skip`.
fn files_under(root: &Path, skip: &[PathBuf], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if skip.iter().any(|s| p.starts_with(s)) {
            continue;
        }
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            files_under(&p, skip, out);
        } else if t.is_file() && e.metadata().is_ok_and(|m| m.len() <= GREP_MAX_BYTES) {
            out.push(p);
        }
    }
}

/// What a traced command must not have done with dump bytes and secrets.
/// Returns how many writes to pipes carried a dump marker (the positive
/// control of the write check).
fn check_trace(f: &Fixture, t: &Traced, what: &str, secrets: &[Secret]) -> usize {
    let vault = f.dir.to_string_lossy().into_owned();
    let mut pipe_writes = 0;
    for c in &t.trace.calls {
        let carries_dump = f
            .dump_needles()
            .iter()
            .filter(|(n, _)| !n.ends_with("(raw)"))
            .any(|(_, n)| contains(c.line.as_bytes(), n));
        if c.is_write_like() && carries_dump {
            let target = c.fd_path(false).unwrap_or_default();
            assert!(
                target.starts_with("pipe:") || target.starts_with("socket:"),
                "{what}: dump bytes written to {target:?} (not a pipe or socket): {}",
                &c.line[..c.line.len().min(300)]
            );
            if target.starts_with("pipe:") {
                pipe_writes += 1;
            }
        }
        // A copy between fds in the kernel shows no payload: none may end
        // in a file outside the vault's store.
        if matches!(
            c.name.as_str(),
            "sendfile" | "splice" | "copy_file_range" | "tee"
        ) {
            let paths: Vec<&str> = c.line.split('<').skip(1).collect();
            for p in paths {
                let p = p.split('>').next().unwrap_or_default();
                assert!(
                    !p.starts_with('/') || p.starts_with(&format!("{vault}/archives")),
                    "{what}: {} into {p}",
                    c.name
                );
            }
        }
        for s in secrets {
            for n in &s.text {
                if !contains(c.line.as_bytes(), n.as_bytes()) || c.name.starts_with("exec") {
                    continue;
                }
                // Its own key file, or the temporary name it is written
                // under before the rename.
                let target = c.fd_path(false).unwrap_or_default();
                let through_pipe =
                    s.in_data && (target.starts_with("pipe:") || target.starts_with("socket:"));
                let target = Path::new(&target);
                let allowed = through_pipe
                    || c.is_write_like()
                        && s.home.iter().any(|h| {
                            target == h
                                || (target.parent() == h.parent()
                                    && target.file_name().is_some_and(|n| {
                                        n.to_string_lossy().starts_with(".coffer-tmp-")
                                    }))
                        });
                assert!(
                    allowed || c.name == "openat" || c.name == "open",
                    "{what}: {} in a {} to {}",
                    s.what,
                    c.name,
                    target.display()
                );
            }
        }
    }

    // Files created or opened for writing: in the vault, or devices.
    let written = t.trace.written_paths();
    for p in &written {
        assert!(
            p.starts_with(&format!("{vault}/")) || p.starts_with("/dev/"),
            "{what}: opened {p} for writing, outside the vault ({written:?})"
        );
        let path = Path::new(p);
        if path.is_file() {
            let bytes = std::fs::read(path).unwrap();
            for (n, needle) in f.dump_needles() {
                assert!(!contains(&bytes, &needle), "{what}: {n} in {p}");
            }
        }
    }

    // Children: no secret on argv; in the environment, PGPASSWORD for the
    // PostgreSQL tools (libpq reads it) and nothing else secret.
    for c in t.trace.execs() {
        let (file, argv, envp) = c.exec_parts();
        let is_coffer = Path::new(&file) == coffer_bin();
        let tool = Path::new(&file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for s in secrets {
            for n in &s.text {
                for a in &argv {
                    assert!(
                        !a.contains(n.as_str()),
                        "{what}: {} on the argv of {file}: {argv:?}",
                        s.what
                    );
                }
                if is_coffer {
                    continue;
                }
                for e in &envp {
                    let libpq_needs = e.starts_with("PGPASSWORD=")
                        && is_pg_tool(&tool)
                        && s.what == "database password";
                    assert!(
                        libpq_needs || !e.contains(n.as_str()),
                        "{what}: {} in the environment of {file} (pid {}): {e}",
                        s.what,
                        c.pid
                    );
                }
            }
        }
        if !is_coffer && !c.failed() {
            for e in &envp {
                assert!(
                    !e.starts_with("AWS_SECRET_ACCESS_KEY="),
                    "{what}: {file} inherits AWS_SECRET_ACCESS_KEY"
                );
                if e.starts_with("PGPASSWORD=") {
                    assert!(is_pg_tool(&tool), "{what}: {file} gets PGPASSWORD");
                }
            }
        }
    }

    // Nothing secret or from the dump on stderr or stdout (the JSON).
    let printed = [t.stdout(), t.stderr()].concat();
    for s in secrets {
        for n in &s.text {
            assert!(
                !printed.contains(n.as_str()),
                "{what}: {} printed:\n{printed}",
                s.what
            );
        }
    }
    for (n, needle) in f.dump_needles() {
        assert!(
            !contains(printed.as_bytes(), &needle),
            "{what}: {n} printed"
        );
    }
    pipe_writes
}

fn is_pg_tool(name: &str) -> bool {
    matches!(name, "pg_dump" | "pg_restore" | "psql" | "pg_dumpall")
}

fn child_programs(t: &Traced) -> Vec<String> {
    t.trace
        .execs()
        .filter(|c| !c.failed())
        .map(|c| c.exec_parts().0)
        .filter(|f| Path::new(f) != coffer_bin())
        .collect()
}

/// The secrets of the vault, once init made them.
fn vault_secrets(f: &Fixture, extra: Vec<Secret>) -> Vec<Secret> {
    let identity_text = std::fs::read_to_string(f.identity()).unwrap();
    let age_key = identity_text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("an age identity")
        .to_owned();
    let signing_path = f.dir.join("keys/signing.key");
    let signing_text = std::fs::read_to_string(&signing_path).unwrap();
    let key = ssh_key::PrivateKey::from_openssh(signing_text.trim()).unwrap();
    let seed = key
        .key_data()
        .ed25519()
        .unwrap()
        .private
        .to_bytes()
        .to_vec();
    // The base64 lines after the public part (the first two) hold the
    // private section.
    let body: Vec<String> = signing_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .skip(2)
        .map(str::to_owned)
        .collect();
    assert!(!body.is_empty(), "{signing_text}");
    let mut secrets = vec![
        Secret {
            what: "database password",
            text: vec![f.password.clone()],
            bytes: vec![f.password.as_bytes().to_vec()],
            home: vec![],
            in_data: false,
        },
        Secret {
            what: "AWS secret",
            text: vec![f.aws_secret.clone()],
            bytes: vec![f.aws_secret.as_bytes().to_vec()],
            home: vec![],
            in_data: false,
        },
        Secret {
            what: "age identity",
            text: vec!["AGE-SECRET-KEY-".into(), age_key.clone()],
            bytes: vec![age_key.into_bytes()],
            home: vec![f.identity()],
            in_data: false,
        },
        Secret {
            what: "signing key",
            text: [
                vec!["BEGIN OPENSSH PRIVATE KEY".to_owned(), hex::encode(&seed)],
                body.clone(),
            ]
            .concat(),
            bytes: [
                vec![seed.clone(), hex::encode(&seed).into_bytes()],
                body.into_iter().map(String::into_bytes).collect(),
            ]
            .concat(),
            home: vec![signing_path],
            in_data: false,
        },
    ];
    let hmac_path = f.dir.join("keys/erasure-hmac.key");
    if let Ok(hmac) = std::fs::read_to_string(&hmac_path) {
        let hmac = hmac.trim().to_owned();
        assert_eq!(hmac.len(), 64, "a hex HMAC key");
        secrets.push(Secret {
            what: "ledger HMAC key",
            text: vec![hmac.clone()],
            bytes: vec![hmac.into_bytes()],
            home: vec![hmac_path],
            in_data: false,
        });
    }
    secrets.extend(extra);
    secrets
}

/// The catalog's bytes (and its WAL/journal) and the audit log, as files.
fn catalog_and_audit_files(f: &Fixture) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(&f.dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("catalog.db") {
            out.push(e.path());
        }
    }
    assert!(out.iter().any(|p| p.ends_with("catalog.db")), "{out:?}");
    let mut audit = Vec::new();
    vault_support::walk(&f.dir.join("archives/audit"), &mut audit);
    assert!(!audit.is_empty(), "the store holds audit segments");
    out.extend(audit);
    out
}

#[test]
fn backup_restore_drill_leave_no_plaintext_and_no_secret() {
    let mut f = Fixture::new();
    let vault = f.dir.to_str().unwrap().to_owned();
    let db_url = f.url(f.db.name());

    // init: the only writes of key material go to the key files.
    let init = f.traced_ok(&["init", "--dir", &vault, "--database-url", &db_url], b"");
    let rules = "\n[erasure.user]\nstatements = ['DELETE FROM secrets_demo WHERE subject = $1']\n\
                 check = 'SELECT count(*) FROM secrets_demo WHERE subject = $1'\n";
    let mut text = std::fs::read_to_string(f.config()).unwrap();
    text.push_str(rules);
    std::fs::write(f.config(), text).unwrap();
    let config = f.config().to_str().unwrap().to_owned();
    let identity = f.identity().to_str().unwrap().to_owned();

    // A subject id given on stdin, one on argv (the control: the trace does
    // see argv, and coffer's own argv is where `ps` shows it).
    let stdin_subject = token("SUBJ", 24);
    let argv_subject = token("ARGV", 24);
    f.db.psql(&format!(
        "INSERT INTO secrets_demo VALUES (6000, '{stdin_subject}', 'erased', NULL)"
    ));
    let erase_stdin = f.traced_ok(
        &[
            "--config",
            &config,
            "erasure",
            "request",
            "user",
            "-",
            "--reference",
            "R1",
            "--json",
        ],
        format!("{stdin_subject}\n").as_bytes(),
    );
    let erase_argv = f.traced_ok(
        &[
            "--config",
            &config,
            "erasure",
            "request",
            "user",
            &argv_subject,
            "--reference",
            "R2",
        ],
        b"",
    );
    assert!(
        erase_argv
            .trace
            .execs()
            .any(|c| c.exec_parts().1.contains(&argv_subject)),
        "the trace shows coffer's argv (control of the argv check)"
    );

    let passphrase = token("PASS", 32);
    let pass_file = f.tmp.path().join("passphrase.txt");
    std::fs::write(&pass_file, format!("{passphrase}\n")).unwrap();
    let subject_secret = Secret {
        what: "subject id given on stdin",
        text: vec![stdin_subject.clone()],
        bytes: vec![stdin_subject.as_bytes().to_vec()],
        home: vec![],
        in_data: true,
    };
    let pass_secret = Secret {
        what: "passphrase",
        text: vec![passphrase.clone()],
        bytes: vec![passphrase.as_bytes().to_vec()],
        home: vec![pass_file.clone()],
        in_data: false,
    };
    let secrets = vault_secrets(&f, vec![subject_secret, pass_secret]);
    check_trace(&f, &init, "init", &secrets);
    check_trace(&f, &erase_stdin, "erasure request (stdin)", &secrets);

    // backup
    let backup = f.traced_ok(&["--config", &config, "backup", "--json"], b"");
    let pipes = check_trace(&f, &backup, "backup", &secrets);
    assert!(
        pipes > 0,
        "the trace sees the marker in pg_dump's output (control of the write check)"
    );
    let children = child_programs(&backup);
    assert!(
        children.iter().any(|c| c.ends_with("/pg_dump")),
        "backup ran pg_dump: {children:?}"
    );
    let backup_json: Value = serde_json::from_str(&backup.stdout()).unwrap();
    assert_eq!(backup_json["ok"], true, "{backup_json}");

    // restore into a new database, as the role with the password
    let target = format!("pt_restore_{}", std::process::id());
    coffer::pg::drop_database(common::server().target(), &target).unwrap();
    f.targets.push(target.clone());
    let restore = f.traced_ok(
        &[
            "--config",
            &config,
            "restore",
            "latest",
            "--to",
            &f.url(&target),
            "--create",
            "-i",
            &identity,
            "--json",
        ],
        b"",
    );
    let pipes = check_trace(&f, &restore, "restore", &secrets);
    assert!(pipes > 0, "the trace sees the marker going to pg_restore");
    let restored = coffer::pg::ConnTarget::new(Some(&common::server().url(&target)))
        .unwrap()
        .connect()
        .unwrap()
        .query_one("SELECT count(*) FILTER (WHERE note LIKE '%' || $1 || '%'), count(*) FILTER (WHERE subject = $2) FROM secrets_demo", &[&f.marker, &stdin_subject])
        .unwrap();
    assert_eq!(restored.get::<_, i64>(0), 1, "the marker row is restored");
    assert_eq!(restored.get::<_, i64>(1), 0, "the erasure replay ran");

    // drill
    let drill = f.traced_ok(
        &[
            "--config", &config, "drill", "latest", "-i", &identity, "--json",
        ],
        b"",
    );
    let pipes = check_trace(&f, &drill, "drill", &secrets);
    assert!(
        pipes > 0,
        "the trace sees the marker going to pg_restore in the drill"
    );

    // A loose archive with a passphrase: pack from stdin, deep verify.
    let loose = f.tmp.path().join("vault/loose.tar.zst.age");
    let signing = f.dir.join("keys/signing.key");
    let pack = f.traced_ok(
        &[
            "pack",
            "--passphrase-file",
            pass_file.to_str().unwrap(),
            "--sign-key",
            signing.to_str().unwrap(),
            "-o",
            loose.to_str().unwrap(),
            "-",
        ],
        b"some bytes that are not the dump\n",
    );
    check_trace(&f, &pack, "pack", &secrets);
    let verify = f.traced_ok(
        &[
            "verify",
            loose.to_str().unwrap(),
            "--passphrase-file",
            pass_file.to_str().unwrap(),
            "--json",
        ],
        b"",
    );
    check_trace(&f, &verify, "verify --passphrase-file", &secrets);

    // The catalog's bytes and the audit log hold no secret and no dump byte.
    let audit_log = f.traced_ok(&["--config", &config, "audit", "log", "--json"], b"");
    check_trace(&f, &audit_log, "audit log", &secrets);
    for file in catalog_and_audit_files(&f) {
        let bytes = std::fs::read(&file).unwrap();
        for s in &secrets {
            for n in &s.bytes {
                assert!(!contains(&bytes, n), "{} in {}", s.what, file.display());
            }
        }
        for (n, needle) in f.dump_needles() {
            assert!(!contains(&bytes, &needle), "{n} in {}", file.display());
        }
    }

    // Afterwards: no marker in any file under the vault, the working
    // directory (the temp dir holding the vault) or /tmp. Left out: the
    // harness cluster's directory (PostgreSQL's own data files and WAL
    // legitimately hold the rows). Secrets only in their own files.
    let cluster_root = common::server()
        .cluster()
        .unwrap()
        .data_dir()
        .parent()
        .unwrap()
        .to_path_buf();
    let mut needles: Vec<(String, Vec<u8>, Vec<PathBuf>)> = f
        .dump_needles()
        .into_iter()
        .map(|(n, b)| (n.to_owned(), b, Vec::new()))
        .collect();
    for s in &secrets {
        for b in &s.bytes {
            needles.push((s.what.to_owned(), b.clone(), s.home.clone()));
        }
    }
    // The control: a needle planted in a file of /tmp must be found there.
    let control_needle = token("CTRL", 32);
    let mut control = tempfile::Builder::new()
        .prefix("coffer-plaintext-control-")
        .tempfile_in("/tmp")
        .unwrap();
    std::io::Write::write_all(&mut control, control_needle.as_bytes()).unwrap();
    needles.push((
        "control".into(),
        control_needle.into_bytes(),
        vec![control.path().to_path_buf()],
    ));
    let mut control_found = false;
    let mut local = Vec::new();
    files_under(f.tmp.path(), &[], &mut local);
    let mut elsewhere = Vec::new();
    files_under(
        Path::new("/tmp"),
        &[cluster_root, f.tmp.path().to_path_buf()],
        &mut elsewhere,
    );
    assert!(local.len() > 10, "grepped {} files", local.len());
    assert!(elsewhere.len() > 10, "grepped {} files", elsewhere.len());
    for (file, is_local) in local
        .iter()
        .map(|p| (p, true))
        .chain(elsewhere.iter().map(|p| (p, false)))
    {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        // The text needles through std's (optimized) substring search; the
        // raw binary ones (bytea bytes, the key seed) byte by byte, in the
        // vault's temp dir only: a leaked dump holds the bytea as hex.
        let text = String::from_utf8_lossy(&bytes);
        for (what, needle, home) in &needles {
            let found = match std::str::from_utf8(needle) {
                Ok(n) => text.contains(n),
                Err(_) => is_local && contains(&bytes, needle),
            };
            assert!(
                !found || home.contains(file),
                "{what} found in {}",
                file.display()
            );
            control_found |= found && what == "control";
        }
    }
    assert!(control_found, "the grep of /tmp finds a planted needle");
}

// ----------------------------------------------------------- file modes --

/// `coffer ARGS` under `umask U` (through `sh -c 'umask U; exec coffer ...'`).
fn under_umask(umask: &str, cwd: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(coffer_bin())
        .args(args)
        .current_dir(cwd)
        .env_remove("COFFER_CONFIG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    wait_bounded(cmd.spawn().unwrap(), 120)
}

fn under_umask_ok(umask: &str, cwd: &Path, args: &[&str]) -> String {
    let out = under_umask(umask, cwd, args);
    assert!(
        out.status.success(),
        "umask {umask}: coffer {args:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Every directory under `dir` (itself included) is 0700 and every file
/// 0600, except the public signing key, which may be 0644 (what
/// `ssh-keygen` writes) but never more.
fn assert_private_tree(dir: &Path, after: &str, umask: &str) {
    let m = mode(dir);
    assert_eq!(
        m,
        0o700,
        "umask {umask}, after {after}: {} is {m:o}",
        dir.display()
    );
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            assert_private_tree(&p, after, umask);
            continue;
        }
        assert!(
            t.is_file(),
            "umask {umask}, after {after}: {} is not a file",
            p.display()
        );
        let m = mode(&p);
        let public = p.ends_with("keys/signing.key.pub");
        assert!(
            m == 0o600 || (public && m == 0o644),
            "umask {umask}, after {after}: {} is {m:o}",
            p.display()
        );
    }
}

#[test]
fn files_0600_and_directories_0700_under_any_umask() {
    let db = fresh_db("plaintext_modes");
    db.psql("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'x');");
    let dump = {
        let mut cmd = Command::new(coffer::pg::tool_path("pg_dump"));
        db.target().apply_env(&mut cmd);
        let out = cmd
            .arg("--no-password")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    for umask in ["077", "022", "000"] {
        let tmp = tempfile::Builder::new()
            .prefix("coffer-modes-")
            .tempdir()
            .unwrap();
        let cwd = tmp.path();
        let vault = cwd.join("vault");
        let v = vault.to_str().unwrap();
        under_umask_ok(
            umask,
            cwd,
            &["init", "--dir", v, "--database-url", &db.url()],
        );
        assert_private_tree(&vault, "init", umask);

        // A local offsite store, and an erasure rule.
        let config = vault.join("coffer.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let mut text = text.replacen("[vault]\n", "[vault]\noffsite = [\"copy\"]\n", 1);
        text.push_str(
            "\n[stores.copy]\ntype = \"local\"\npath = \"copy\"\n\n[erasure.user]\n\
             statements = ['DELETE FROM t WHERE v = $1']\ncheck = 'SELECT count(*) FROM t WHERE v = $1'\n",
        );
        std::fs::write(&config, text).unwrap();
        let c = config.to_str().unwrap();

        under_umask_ok(umask, cwd, &["--config", c, "backup", "--no-push"]);
        assert_private_tree(&vault, "backup", umask);
        under_umask_ok(umask, cwd, &["--config", c, "push", "--missing"]);
        assert!(
            vault.join("copy").is_dir(),
            "push wrote the local offsite store"
        );
        assert_private_tree(&vault, "push --missing", umask);
        under_umask_ok(umask, cwd, &["--config", c, "backup"]);
        assert_private_tree(&vault, "backup with push", umask);

        let seed = cwd.join("fis_learn_20240101_120000.sql");
        std::fs::write(&seed, &dump).unwrap();
        under_umask_ok(
            umask,
            cwd,
            &["--config", c, "import", seed.to_str().unwrap()],
        );
        assert_private_tree(&vault, "import", umask);

        under_umask_ok(
            umask,
            cwd,
            &[
                "--config",
                c,
                "erasure",
                "request",
                "user",
                "x",
                "--reference",
                "R",
            ],
        );
        assert_private_tree(&vault, "erasure request", umask);

        under_umask_ok(
            umask,
            cwd,
            &["--config", c, "hold", "add", "latest", "--reason", "R"],
        );
        assert_private_tree(&vault, "hold add", umask);

        let identity = vault.join("keys/identity.txt");
        under_umask_ok(
            umask,
            cwd,
            &[
                "--config",
                c,
                "drill",
                "latest",
                "-i",
                identity.to_str().unwrap(),
            ],
        );
        assert_private_tree(&vault, "drill", umask);

        for (args, file) in [
            (vec!["report", "-o"], "report.html"),
            (vec!["evidence", "-o"], "bundle.tar"),
        ] {
            let out = cwd.join(file);
            let mut a = vec!["--config", c];
            a.extend(args);
            a.push(out.to_str().unwrap());
            under_umask_ok(umask, cwd, &a);
            let m = mode(&out);
            assert_eq!(m, 0o600, "umask {umask}: {file} is {m:o}");
            assert_private_tree(&vault, file, umask);
        }

        // The Prometheus file is for node_exporter: 0644, whatever the umask
        // (SECURITY.md, "The nightly job"). `check` may warn or be
        // critical (exit 1, 2: e.g. the imported 2024 archive's age); it writes the file.
        let prom = cwd.join("coffer.prom");
        let out = under_umask(
            umask,
            cwd,
            &[
                "--config",
                c,
                "check",
                "--prometheus",
                prom.to_str().unwrap(),
            ],
        );
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "check ({}): {}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let m = mode(&prom);
        assert_eq!(m, 0o644, "umask {umask}: the Prometheus file is {m:o}");
        assert_private_tree(&vault, "check --prometheus", umask);

        // Loose key files.
        let id = cwd.join("id.txt");
        under_umask_ok(umask, cwd, &["keygen", "-o", id.to_str().unwrap()]);
        assert_eq!(mode(&id), 0o600, "umask {umask}: keygen -o");
        let sk = cwd.join("sign.key");
        under_umask_ok(
            umask,
            cwd,
            &["keygen", "--signing", "-o", sk.to_str().unwrap()],
        );
        assert_eq!(mode(&sk), 0o600, "umask {umask}: keygen --signing -o");
    }
}
