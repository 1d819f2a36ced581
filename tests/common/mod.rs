//! The shared test harness: one PostgreSQL server per test process, one
//! database per test.
//!
//! The server is a throwaway cluster started on first use (with a watchdog
//! that removes it when the test process ends), unless `COFFER_TEST_PGURL`
//! names a server to use instead. No server = a loud panic, never a skip.
//!
//! Use it from an integration test with `mod common;`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use coffer::pg::{self, ConnTarget, TempCluster};

/// The server the tests of this process use.
pub struct Server {
    /// `None` when `COFFER_TEST_PGURL` names the server.
    cluster: Option<TempCluster>,
    target: ConnTarget,
}

impl Server {
    /// The target of the server's `postgres` database.
    pub fn target(&self) -> &ConnTarget {
        &self.target
    }

    /// A `postgresql://` URL for database `db` (no password in it).
    pub fn url(&self, db: &str) -> String {
        self.target.with_database(db).to_url()
    }

    /// The throwaway cluster, if the tests started one.
    pub fn cluster(&self) -> Option<&TempCluster> {
        self.cluster.as_ref()
    }
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The server, started on first call. Panics (loudly) if there is none.
pub fn server() -> &'static Server {
    let server = SERVER.get_or_init(|| {
        if let Ok(url) = std::env::var("COFFER_TEST_PGURL")
            && !url.is_empty()
        {
            let target = ConnTarget::new(Some(&url))
                .map_err(|e| format!("COFFER_TEST_PGURL is not usable: {e}"))?;
            target
                .connect()
                .map_err(|e| format!("COFFER_TEST_PGURL names a server we cannot use: {e}"))?;
            return Ok(Server {
                cluster: None,
                target,
            });
        }
        let cluster = TempCluster::start_with_watchdog().map_err(|e| {
            format!(
                "could not start a throwaway PostgreSQL cluster: {e}. Install the PostgreSQL \
                 server programs (initdb, pg_ctl, postgres; or set COFFER_PG_BIN to their \
                 directory), or set COFFER_TEST_PGURL to a server the tests may use"
            )
        })?;
        let target = ConnTarget::new(Some(&cluster.url("postgres")))
            .map_err(|e| format!("the throwaway cluster's URL is unusable: {e}"))?;
        Ok(Server {
            cluster: Some(cluster),
            target,
        })
    });
    match server {
        Ok(s) => s,
        Err(message) => panic!(
            "\n\n*** NO POSTGRESQL SERVER FOR THE TESTS ***\n{message}\n\
             (These tests never skip: a missing server is a failure.)\n\n"
        ),
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A new, empty database (from template0) with a unique name made of
/// `prefix`, the process id and a counter. Dropped when the `TestDb` is,
/// unless `COFFER_TEST_KEEP_DB` is set.
pub fn fresh_db(prefix: &str) -> TestDb {
    let server = server();
    let clean: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let name = format!(
        "t_{clean}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let target = server.target();
    pg::drop_database(target, &name).expect("drop a leftover test database");
    pg::create_database(target, &name).expect("create a test database");
    TestDb {
        target: target.with_database(&name),
        name,
    }
}

/// A database of the test server, dropped on drop.
pub struct TestDb {
    name: String,
    target: ConnTarget,
}

impl TestDb {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `postgresql://...` without password.
    pub fn url(&self) -> String {
        self.target.to_url()
    }

    pub fn target(&self) -> ConnTarget {
        self.target.clone()
    }

    pub fn client(&self) -> postgres::Client {
        self.target.connect().expect("connect to the test database")
    }

    /// Runs SQL through `psql -X -q -At -v ON_ERROR_STOP=1` and returns its
    /// stdout (unaligned, tuples only: easy to compare). Panics on error.
    pub fn psql(&self, sql: &str) -> String {
        run_psql(&self.target, &["-f", "-"], Some(sql))
    }

    /// Loads an SQL file with `psql -v ON_ERROR_STOP=1`. Panics on error.
    pub fn psql_file(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        assert!(path.is_file(), "no such SQL file: {}", path.display());
        run_psql(
            &self.target,
            &["-f", path.to_str().expect("utf-8 path")],
            None,
        );
    }

    /// One value from a query, as text.
    pub fn scalar(&self, sql: &str) -> String {
        self.psql(sql).trim().to_owned()
    }

    /// Loads `tests/fixtures/NAME`.
    pub fn load_fixture(&self, name: &str) {
        self.psql_file(fixture_path(name));
    }

    /// Loads pagila (schema, then data) from `../shared/testdata/pagila`.
    pub fn load_pagila(&self) {
        let dir = pagila_dir();
        self.psql_file(dir.join("pagila-schema.sql"));
        self.psql_file(dir.join("pagila-data.sql"));
    }

    /// Exact row counts of every table the dump would contain.
    pub fn row_counts(&self) -> std::collections::BTreeMap<String, i64> {
        self.target
            .row_counts(pg::RowCountMode::Exact)
            .expect("row counts")
    }

    /// `pg_dump` (plain) of this database, normalized as
    /// [`pg_dump_normalized`] does.
    pub fn dump_normalized(&self) -> String {
        dump_normalized_target(&self.target, &[])
    }

    /// The same with more pg_dump arguments (e.g. `--schema-only`).
    pub fn dump_normalized_args(&self, args: &[&str]) -> String {
        dump_normalized_target(&self.target, args)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::env::var_os("COFFER_TEST_KEEP_DB").is_none() {
            let _ = pg::drop_database(server().target(), &self.name);
        }
    }
}

fn run_psql(target: &ConnTarget, args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut cmd = Command::new(pg::tool_path("psql"));
    target.apply_env(&mut cmd);
    cmd.args([
        "--no-password",
        "-X",
        "-q",
        "-A",
        "-t",
        "-v",
        "ON_ERROR_STOP=1",
    ])
    .args(args)
    .stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start psql");
    if let Some(sql) = stdin {
        let mut input = child.stdin.take().expect("psql stdin");
        let sql = sql.to_owned();
        // A thread: psql may fill its stdout before reading all its input.
        std::thread::spawn(move || {
            let _ = input.write_all(sql.as_bytes());
        });
    }
    let out = child.wait_with_output().expect("wait for psql");
    assert!(
        out.status.success(),
        "psql {args:?} on {target} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("psql output is UTF-8")
}

/// `pg_dump` (plain SQL) of the database at `url`, with only the lines that
/// differ by design between two dumps of the same data removed: `\restrict`
/// and `\unrestrict` (their key is random in newer pg_dump versions).
pub fn pg_dump_normalized(url: &str) -> String {
    dump_normalized_target(&ConnTarget::new(Some(url)).expect("a usable URL"), &[])
}

fn dump_normalized_target(target: &ConnTarget, args: &[&str]) -> String {
    let mut cmd = Command::new(pg::tool_path("pg_dump"));
    target.apply_env(&mut cmd);
    cmd.args(["--no-password", "--format=plain"])
        .args(args)
        .stdin(Stdio::null());
    let out = cmd.output().expect("start pg_dump");
    assert!(
        out.status.success(),
        "pg_dump of {target} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("pg_dump output is UTF-8");
    let mut kept = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !(line.starts_with("\\restrict") || line.starts_with("\\unrestrict")) {
            kept.push_str(line);
        }
    }
    kept
}

/// Asserts two dumps are equal, showing the first differing lines if not.
pub fn assert_same_dump(expected: &str, actual: &str, what: &str) {
    if expected == actual {
        return;
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    panic!(
        "{what}: dumps differ at line {} ({} vs {} lines)\n--- expected\n{}\n--- actual\n{}",
        first + 1,
        e.len(),
        a.len(),
        e[from..(first + 8).min(e.len())].join("\n"),
        a[from..(first + 8).min(a.len())].join("\n"),
    );
}

/// The crate root.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/NAME`.
pub fn fixture_path(name: &str) -> PathBuf {
    crate_dir().join("tests").join("fixtures").join(name)
}

/// `../shared/testdata/pagila` (pagila-schema.sql, pagila-data.sql).
pub fn pagila_dir() -> PathBuf {
    crate_dir()
        .join("..")
        .join("shared")
        .join("testdata")
        .join("pagila")
}
