//! The fault-injection matrix of issue 14, families "offsite" and
//! "restore", through the real `coffer` binary, a real PostgreSQL cluster
//! and a real S3 API (moto_server on loopback, behind a fault-injecting
//! proxy: tests/faults_remote_support/proxy.rs).
//!
//! Every case asserts: nothing is registered or left looking good (no copy,
//! no successful restore or drill), the run is recorded as failed with its
//! cause, the exit code is the documented one (README "Exit codes"), the
//! catalog passes `PRAGMA integrity_check`, and a following normal run
//! succeeds. Each case prints one line `MATRIX | case | expected |
//! observed` (run with `--nocapture` to see the table).
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod faults_remote_support;
mod s3_support;
mod vault_support;

use std::collections::BTreeMap;
use std::time::Duration;

use coffer::catalog::{CopyStatus, RunKind};
use coffer::store::Store;
use serde_json::Value;

use common::{TestDb, fresh_db};
use faults_remote_support::proxy::{Fault, Proxy, Target};
use faults_remote_support::{OffsiteVault, assert_catalog_intact, assert_failed_run, find_objects};
use vault_support::ScratchDb;

const EXIT_BAD_INPUT: i32 = 3;
const EXIT_INTEGRITY: i32 = 5;
const EXIT_DATABASE: i32 = 7;
const EXIT_STORAGE: i32 = 8;

/// `retries` and `timeout_secs` of the offsite store in every offsite case.
const RETRIES: usize = 2;
const TIMEOUT_SECS: u64 = 2;

/// The last `n` characters of `s` (error messages end in their cause).
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    // From a word's start.
    match (i > 0).then(|| s[i..].find(' ')).flatten() {
        Some(space) => &s[i + space + 1..],
        None => &s[i..],
    }
}

// --- offsite ---------------------------------------------------------------------

/// What a case must come to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// The push fails (exit 8) after this many attempts of the targeted
    /// request (per part, for part uploads: the most any part got).
    Fails {
        attempts: usize,
        cause: &'static str,
    },
    /// The push succeeds after this many attempts (retries that worked, or
    /// a fault coffer's read-back shows to be harmless).
    Succeeds { attempts: usize },
}

struct OffsiteCase {
    name: &'static str,
    /// An archive of several parts (multipart upload) or a single PUT.
    multipart: bool,
    target: Target,
    fault: Fault,
    expect: Expect,
}

fn small_db() -> TestDb {
    let db = fresh_db("faults_small");
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 500) g;",
    );
    db
}

/// About 8 MiB of random bytes: an archive of two 5 MiB parts.
fn multipart_db() -> TestDb {
    let db = fresh_db("faults_multi");
    db.psql(
        "CREATE TABLE noise (id int, b bytea); \
         INSERT INTO noise SELECT g, decode(md5(random()::text) || md5(random()::text), 'hex') \
         FROM generate_series(1, 250000) g;",
    );
    db
}

#[test]
fn offsite_faults_are_retried_as_configured_then_fail_cleanly() {
    let moto = s3_support::shared();
    let proxy = Proxy::start(moto.port());
    let small = small_db();
    let multi = multipart_db();
    let all = RETRIES + 1;
    let cases = [
        OffsiteCase {
            name: "500 for the first 2 requests of a PUT",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Status500(Some(RETRIES)),
            expect: Expect::Succeeds { attempts: all },
        },
        OffsiteCase {
            name: "500 for every PUT",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Status500(None),
            expect: Expect::Fails {
                attempts: all,
                cause: "500",
            },
        },
        OffsiteCase {
            name: "500 for every part upload",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::Status500(None),
            expect: Expect::Fails {
                attempts: all,
                cause: "500",
            },
        },
        OffsiteCase {
            name: "PUT answered after the request timeout",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Delay(Duration::from_secs(2 * TIMEOUT_SECS)),
            expect: Expect::Fails {
                attempts: all,
                cause: "timed out",
            },
        },
        OffsiteCase {
            name: "part answered after the request timeout",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::Delay(Duration::from_secs(2 * TIMEOUT_SECS)),
            expect: Expect::Fails {
                attempts: all,
                cause: "timed out",
            },
        },
        OffsiteCase {
            name: "connection reset after 64 KiB of a PUT body",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::ResetAfter(64 << 10),
            expect: Expect::Fails {
                attempts: all,
                cause: "error sending request",
            },
        },
        OffsiteCase {
            name: "connection reset after 1 MiB of a part body",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::ResetAfter(1 << 20),
            expect: Expect::Fails {
                attempts: all,
                cause: "error sending request",
            },
        },
        OffsiteCase {
            name: "wrong ETag on a single PUT's answer",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::WrongEtag,
            expect: Expect::Succeeds { attempts: 1 },
        },
        OffsiteCase {
            name: "wrong ETag on every part's answer",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::WrongEtag,
            expect: Expect::Fails {
                attempts: 1,
                cause: "InvalidPart",
            },
        },
    ];
    let store_config = format!(
        "retries = {RETRIES}\ntimeout_secs = {TIMEOUT_SECS}\nconnect_timeout_secs = 2\npart_size_mib = 5"
    );
    let mut matrix = Vec::new();
    for case in &cases {
        let db = if case.multipart { &multi } else { &small };
        proxy.set(case.target, Fault::Pass);
        let o = OffsiteVault::new(&db.url(), moto, &proxy.endpoint(), &store_config);
        let backup = o.ok_json(&["backup", "--no-push", "--json"]);
        let id = backup["archive_id"].as_str().unwrap().to_owned();
        let size = backup["size"].as_u64().unwrap();
        assert_eq!(
            size > 5 << 20,
            case.multipart,
            "{}: archive of {size} bytes",
            case.name
        );
        let key = format!(
            "school/{}",
            o.v.catalog().archive(&id).unwrap().unwrap().key
        );

        proxy.set(case.target, case.fault.clone());
        let out = o.run(&["push", &id, "--json"]);
        proxy.pass();
        let attempts = proxy.attempts(case.target);
        let most = if case.multipart {
            let mut per_part: BTreeMap<u32, usize> = BTreeMap::new();
            for a in &attempts {
                *per_part.entry(a.part_number().unwrap_or(0)).or_default() += 1;
            }
            per_part.values().copied().max().unwrap_or(0)
        } else {
            attempts.len()
        };
        let what = format!(
            "{}: exit {:?} after {:.1}s\nstdout: {}\nstderr: {}\nrequests: {:?}",
            case.name,
            out.code,
            out.elapsed.as_secs_f64(),
            out.stdout,
            out.stderr,
            proxy.log()
        );
        assert_eq!(
            moto.pending_uploads(&o.bucket),
            0,
            "no multipart upload left pending: {what}"
        );
        let observed = match case.expect {
            Expect::Succeeds { attempts } => {
                assert_eq!(out.code, Some(0), "{what}");
                assert_eq!(most, attempts, "attempts: {what}");
                assert_eq!(
                    o.copy_status(&id, "offsite"),
                    Some(CopyStatus::Present),
                    "{what}"
                );
                // The copy is the sealed archive, read straight from moto.
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(
                    &mut o
                        .store(moto)
                        .get(key.strip_prefix("school/").unwrap())
                        .unwrap(),
                    &mut bytes,
                )
                .unwrap();
                assert_eq!(
                    coffer::digest::Digest::of(&bytes).to_hex(),
                    o.v.catalog().archive(&id).unwrap().unwrap().sha256,
                    "{what}"
                );
                format!(
                    "exit 0 after {most} attempt(s); copy read back, SHA-256 = seal, recorded present"
                )
            }
            Expect::Fails { attempts, cause } => {
                assert_eq!(out.code, Some(EXIT_STORAGE), "{what}");
                assert_eq!(most, attempts, "attempts as configured: {what}");
                let json: Value = serde_json::from_str(&out.stdout)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {what}"));
                assert_eq!(json["ok"], false, "{what}");
                // No copy, in the catalog or in the bucket's eyes.
                assert_eq!(o.copy_status(&id, "offsite"), None, "{what}");
                let show = o.v.show(&id);
                let stores: Vec<&str> = show["copies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["store"].as_str().unwrap())
                    .collect();
                assert_eq!(stores, ["local"], "only the local copy: {show}");
                let keys = moto.raw_keys(&o.bucket);
                assert!(
                    !keys.contains(&format!("{key}.seal")),
                    "no seal in the bucket (a seal names a complete copy): {keys:?}"
                );
                let leftover = keys.contains(&key);
                let run = assert_failed_run(&o.v, RunKind::Push, cause);
                assert_eq!(run.archive_id.as_deref(), Some(id.as_str()));
                // `coffer check` names the missing copy.
                let check = o.run(&["check", "--json"]);
                assert_eq!(check.code, Some(2), "critical: {}", check.stdout);
                let report: Value = serde_json::from_str(&check.stdout).unwrap();
                let mut found = Vec::new();
                find_objects(&report, "check", "offsite-copies", &mut found);
                assert!(
                    found.iter().any(|f| f["severity"] == "critical"),
                    "an offsite-copies finding: {report}"
                );
                let error = run.error.unwrap_or_default();
                format!(
                    "exit 8 after {most} attempt(s) in {:.1}s; no copy, no seal, no pending upload{}; run failed: ...{}",
                    out.elapsed.as_secs_f64(),
                    if leftover {
                        ", the unsealed object is in the bucket (the server stored it before the answer was lost)"
                    } else {
                        ""
                    },
                    tail(&error, 120)
                )
            }
        };
        assert_catalog_intact(o.v.dir());

        // Pass-through again: a normal push completes the copy.
        let again = o.ok_json(&["push", "--missing", "--json"]);
        assert_eq!(again["ok"], true, "{}: {again}", case.name);
        assert_eq!(
            o.copy_status(&id, "offsite"),
            Some(CopyStatus::Present),
            "{}",
            case.name
        );
        o.ok_json(&["verify", "--store", "offsite", &id, "--json"]);
        assert_eq!(moto.pending_uploads(&o.bucket), 0);
        assert_catalog_intact(o.v.dir());
        let expected = match case.expect {
            Expect::Succeeds { attempts } => format!("exit 0 after {attempts} attempt(s)"),
            Expect::Fails { attempts, .. } => {
                format!("exit 8 after {attempts} attempt(s), no copy recorded")
            }
        };
        matrix.push(format!(
            "MATRIX | offsite: {} | {expected} | {observed}",
            case.name
        ));
    }
    for line in &matrix {
        println!("{line}");
    }
}

// --- restore ---------------------------------------------------------------------

/// What the restore cases share: a vault with an offsite copy of two
/// archives of a database big enough that pg_restore is caught mid-COPY.
struct RestoreCtx {
    moto: &'static s3_support::Moto,
    db: TestDb,
    o: OffsiteVault,
    /// The older and the newer archive.
    a: String,
    b: String,
}

impl RestoreCtx {
    fn identity(&self) -> &str {
        self.o.v.identity_str()
    }

    /// `coffer ARGS` in the background while `during` runs against it;
    /// `during` gets whether the child is still running.
    fn run_during<T>(
        &self,
        args: &[&str],
        during: impl FnOnce(&dyn Fn() -> bool) -> T,
    ) -> (faults_remote_support::Output, T) {
        use std::process::{Command, Stdio};
        let t = std::time::Instant::now();
        let child = Command::new(assert_cmd::cargo::cargo_bin("coffer"))
            .env("COFFER_CONFIG", self.o.v.config())
            .envs(s3_support::env())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let child = std::sync::Mutex::new(child);
        let running = || matches!(child.lock().unwrap().try_wait(), Ok(None));
        let value = during(&running);
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while running() {
            if std::time::Instant::now() > deadline {
                let _ = child.lock().unwrap().kill();
                panic!("coffer {args:?} did not end within 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.into_inner().unwrap().wait_with_output().unwrap();
        (
            faults_remote_support::Output {
                code: out.status.code(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                elapsed: t.elapsed(),
            },
            value,
        )
    }

    fn ok_restores(&self) -> usize {
        self.o
            .v
            .runs(RunKind::Restore)
            .iter()
            .filter(|r| r.outcome == Some(coffer::catalog::Outcome::Ok))
            .count()
    }
}

/// Waits (bounded, while `running`) for a pg_restore session on a database
/// named like `db_like` of the server at `admin_url` to be loading rows
/// (`COPY ...`), then `act`s; returns what `act` said, or panics if
/// pg_restore was never seen loading.
fn when_pg_restore_copies<T>(
    admin_url: &str,
    db_like: &str,
    running: &dyn Fn() -> bool,
    act: impl FnOnce(&mut postgres::Client, i32) -> T,
) -> T {
    let mut client = coffer::pg::ConnTarget::new(Some(admin_url))
        .unwrap()
        .connect()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while running() && std::time::Instant::now() < deadline {
        let rows = client
            .query(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'pg_restore' \
                 AND datname LIKE $1 AND query LIKE 'COPY %'",
                &[&db_like],
            )
            .unwrap();
        if let Some(row) = rows.first() {
            return act(&mut client, row.get(0));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("pg_restore was never seen loading rows into {db_like}");
}

fn terminate(client: &mut postgres::Client, pid: i32) -> bool {
    client
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0)
}

/// Asserts the one-line error of a failed command and returns it.
fn error_line(out: &faults_remote_support::Output, code: i32, what: &str) -> String {
    assert_eq!(
        out.code,
        Some(code),
        "{what}: stdout: {}\nstderr: {}",
        out.stdout,
        out.stderr
    );
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("coffer: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{what}: one error line: {}", out.stderr);
    errors[0].to_owned()
}

fn db_exists(name: &str) -> bool {
    coffer::pg::database_exists(common::server().target(), name).unwrap()
}

struct RestoreCase {
    name: &'static str,
    expected: &'static str,
    run: fn(&RestoreCtx) -> String,
}

#[test]
fn restore_faults_fail_cleanly_and_change_nothing() {
    let moto = s3_support::shared();
    let db = fresh_db("faults_restore");
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 500) g; \
         CREATE TABLE events (id bigint, pupil int, note text); \
         INSERT INTO events SELECT g, g % 500 + 1, md5(g::text) || md5((g * 7)::text) \
         FROM generate_series(1, 600000) g; \
         CREATE INDEX ON events (pupil);",
    );
    let o = OffsiteVault::new(&db.url(), moto, &moto.endpoint(), "retries = 1");
    let a = o.ok_json(&["backup", "--json"]);
    assert_eq!(a["complete"], true, "{a}");
    std::thread::sleep(Duration::from_millis(1100));
    let b = o.ok_json(&["backup", "--json"]);
    let ctx = RestoreCtx {
        moto,
        a: a["archive_id"].as_str().unwrap().to_owned(),
        b: b["archive_id"].as_str().unwrap().to_owned(),
        db,
        o,
    };
    let cases = [
        RestoreCase {
            name: "pg_restore's session terminated mid-COPY (restore --create)",
            expected: "exit 7, one error line, run failed, the database it created dropped",
            run: terminated_restore_create,
        },
        RestoreCase {
            name: "pg_restore's session terminated mid-COPY (restore into an empty database)",
            expected: "exit 7, run failed, the target as empty as before (one transaction)",
            run: terminated_restore_existing,
        },
        RestoreCase {
            name: "pg_restore's session terminated mid-COPY (drill)",
            expected: "exit 7, drill recorded failed, scratch database dropped",
            run: terminated_drill,
        },
        RestoreCase {
            name: "drill server stopped (pg_ctl stop -m immediate) mid-COPY",
            expected: "exit 7, drill recorded failed, the scratch database left behind named in the error",
            run: stopped_server_drill,
        },
        RestoreCase {
            name: "target exists and is not empty",
            expected: "refused (exit 3) naming --create/--into-existing; target unchanged",
            run: non_empty_target,
        },
        RestoreCase {
            name: "target exists, restore --create",
            expected: "refused (exit 7, already exists); target unchanged",
            run: existing_target_create,
        },
        RestoreCase {
            name: "target not empty, restore --into-existing (told)",
            expected: "exit 0: the archive's tables restored beside the others",
            run: into_existing,
        },
        RestoreCase {
            name: "store copy swapped for another archive's (local and S3; seal good)",
            expected: "verify, verify --store, restore, drill: exit 5 naming the mismatch; nothing created",
            run: swapped_copy,
        },
    ];
    let mut matrix = Vec::new();
    for case in &cases {
        let observed = (case.run)(&ctx);
        assert_catalog_intact(ctx.o.v.dir());
        matrix.push(format!(
            "MATRIX | restore: {} | {} | {observed}",
            case.name, case.expected
        ));
    }
    for line in &matrix {
        println!("{line}");
    }
}

/// A following normal restore into a new database succeeds and matches.
fn normal_restore(ctx: &RestoreCtx, id: &str) {
    let target = ScratchDb::new("faults_after");
    ctx.o.ok_json(&[
        "restore",
        id,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--create",
        "--json",
    ]);
    assert_eq!(target.row_counts(), ctx.db.row_counts());
}

fn terminated_restore_create(ctx: &RestoreCtx) -> String {
    let target = ScratchDb::new("faults_term");
    let before = ctx.ok_restores();
    let admin = common::server().url("postgres");
    let (out, killed) = ctx.run_during(
        &[
            "restore",
            &ctx.b,
            "--to",
            &target.url(),
            "-i",
            ctx.identity(),
            "--create",
        ],
        |running| when_pg_restore_copies(&admin, target.name(), running, terminate),
    );
    assert!(killed, "pg_terminate_backend found the session");
    let line = error_line(&out, EXIT_DATABASE, "terminated restore");
    assert!(line.contains("pg_restore"), "{line}");
    assert_failed_run(&ctx.o.v, RunKind::Restore, "pg_restore");
    assert_eq!(ctx.ok_restores(), before, "no successful restore recorded");
    assert!(
        !db_exists(target.name()),
        "the database coffer created is dropped again"
    );
    normal_restore(ctx, &ctx.b);
    format!(
        "exit 7 ({}); run failed; created database dropped; next restore ok",
        tail(&line, 110)
    )
}

fn terminated_restore_existing(ctx: &RestoreCtx) -> String {
    let target = fresh_db("faults_term_existing");
    let admin = common::server().url("postgres");
    let (out, killed) = ctx.run_during(
        &[
            "restore",
            &ctx.b,
            "--to",
            &target.url(),
            "-i",
            ctx.identity(),
        ],
        |running| when_pg_restore_copies(&admin, target.name(), running, terminate),
    );
    assert!(killed);
    let line = error_line(
        &out,
        EXIT_DATABASE,
        "terminated restore into an existing db",
    );
    assert_failed_run(&ctx.o.v, RunKind::Restore, "pg_restore");
    assert_eq!(
        vault_support::user_relations(&target.url()),
        0,
        "one transaction: nothing of the archive stayed"
    );
    // The same database, now again: it is still empty, so no flag is needed.
    ctx.o.ok_json(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--json",
    ]);
    assert_eq!(target.row_counts(), ctx.db.row_counts());
    format!(
        "exit 7 ({}); run failed; target still empty; the same restore again ok",
        tail(&line, 80)
    )
}

fn scratch_name(id: &str) -> String {
    format!("coffer_drill_{}", id.to_lowercase().replace('-', "_"))
}

fn assert_failed_drill(ctx: &RestoreCtx, id: &str, needle: &str) {
    assert_failed_run(&ctx.o.v, RunKind::Drill, needle);
    let drills = ctx.o.v.catalog().drills(id).unwrap();
    let last = drills.last().expect("the drill is recorded");
    assert!(!last.ok, "{last:?}");
    assert!(
        last.error.as_deref().unwrap_or_default().contains(needle),
        "{last:?}"
    );
}

fn terminated_drill(ctx: &RestoreCtx) -> String {
    let admin = common::server().url("postgres");
    let scratch = scratch_name(&ctx.b);
    let (out, killed) = ctx.run_during(&["drill", &ctx.b, "-i", ctx.identity()], |running| {
        when_pg_restore_copies(&admin, &scratch, running, terminate)
    });
    assert!(killed);
    let line = error_line(&out, EXIT_DATABASE, "terminated drill");
    assert_failed_drill(ctx, &ctx.b, "pg_restore");
    assert!(!db_exists(&scratch), "the scratch database is dropped");
    let ok = ctx
        .o
        .ok_json(&["drill", &ctx.b, "-i", ctx.identity(), "--json"]);
    assert_eq!(ok["report"]["ok"], true, "{ok}");
    assert!(!db_exists(&scratch));
    format!(
        "exit 7 ({}); drill recorded failed; scratch dropped; next drill ok",
        tail(&line, 80)
    )
}

fn stopped_server_drill(ctx: &RestoreCtx) -> String {
    let cluster = coffer::pg::TempCluster::start().expect("a dedicated cluster");
    let server_url = cluster.url("postgres");
    let scratch = scratch_name(&ctx.a);
    let data_dir = cluster.data_dir().to_path_buf();
    let (out, stopped) = ctx.run_during(
        &[
            "drill",
            &ctx.a,
            "-i",
            ctx.identity(),
            "--server",
            &server_url,
        ],
        |running| {
            when_pg_restore_copies(&server_url, &scratch, running, |_, _| {
                pg_ctl_stop_immediate(&data_dir)
            })
        },
    );
    assert!(stopped, "pg_ctl stop -m immediate");
    let line = error_line(&out, EXIT_DATABASE, "drill on a stopped server");
    assert!(
        line.contains(&format!(
            "the scratch database {scratch} could not be dropped"
        )),
        "the error says the scratch database may be left: {line}"
    );
    assert_failed_drill(ctx, &ctx.a, "could not be dropped");
    drop(cluster);
    // The drill again, on the vault's own server.
    let ok = ctx
        .o
        .ok_json(&["drill", &ctx.a, "-i", ctx.identity(), "--json"]);
    assert_eq!(ok["report"]["ok"], true, "{ok}");
    format!(
        "exit 7 ({}); drill recorded failed; next drill ok",
        tail(&line, 150)
    )
}

/// `pg_ctl stop -m immediate` on a data directory, as its owner.
fn pg_ctl_stop_immediate(data_dir: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::process::CommandExt;
    let meta = std::fs::metadata(data_dir).unwrap();
    let mut cmd = std::process::Command::new(coffer::pg::tool_path("pg_ctl"));
    cmd.arg("-D")
        .arg(data_dir)
        .args(["-m", "immediate", "-w", "stop"])
        .current_dir("/");
    if meta.uid() != 0 {
        cmd.uid(meta.uid()).gid(meta.gid());
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "pg_ctl stop: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// A database of someone else's, with a table the archive does not have.
fn occupied_db(prefix: &str) -> TestDb {
    let db = fresh_db(prefix);
    db.psql("CREATE TABLE someone_elses (x int); INSERT INTO someone_elses VALUES (42);");
    db
}

fn non_empty_target(ctx: &RestoreCtx) -> String {
    let target = occupied_db("faults_occupied");
    let before = target.dump_normalized();
    let out = ctx.o.run(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
    ]);
    let line = error_line(&out, EXIT_BAD_INPUT, "non-empty target");
    for needle in [
        "not empty",
        "public.someone_elses",
        "--create",
        "--into-existing",
    ] {
        assert!(line.contains(needle), "{needle}: {line}");
    }
    assert_eq!(target.dump_normalized(), before, "nothing changed");
    assert_failed_run(&ctx.o.v, RunKind::Restore, "not empty");
    // A selective restore goes into an existing database by design.
    let out = ctx.o.ok_json(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--table",
        "public.pupils",
        "--json",
    ]);
    assert_eq!(out["report"]["tables_checked"], 1, "{out}");
    normal_restore(ctx, &ctx.b);
    format!(
        "exit 3 ({}); target unchanged (pg_dump equal); run failed; --table restore into it ok",
        tail(&line, 120)
    )
}

fn existing_target_create(ctx: &RestoreCtx) -> String {
    let target = occupied_db("faults_exists");
    let before = target.dump_normalized();
    let out = ctx.o.run(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--create",
    ]);
    let line = error_line(&out, EXIT_DATABASE, "--create of an existing database");
    assert!(line.contains("already exists"), "{line}");
    assert_eq!(target.dump_normalized(), before, "nothing changed");
    assert!(db_exists(target.name()), "not dropped either");
    assert_failed_run(&ctx.o.v, RunKind::Restore, "already exists");
    format!(
        "exit 7 ({}); target unchanged, not dropped",
        tail(&line, 80)
    )
}

fn into_existing(ctx: &RestoreCtx) -> String {
    let target = occupied_db("faults_into");
    ctx.o.ok_json(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--into-existing",
        "--json",
    ]);
    let mut want = ctx.db.row_counts();
    want.insert("public.someone_elses".into(), 1);
    assert_eq!(target.row_counts(), want);
    // Again: now the archive's tables are in the way; one transaction.
    let before = target.dump_normalized();
    let out = ctx.o.run(&[
        "restore",
        &ctx.b,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--into-existing",
    ]);
    let line = error_line(&out, EXIT_DATABASE, "--into-existing with a conflict");
    assert!(line.contains("already exists"), "{line}");
    assert_eq!(target.dump_normalized(), before, "rolled back");
    "exit 0, tables beside someone_elses; a second one fails on the first existing table (exit 7), rolled back".into()
}

fn swapped_copy(ctx: &RestoreCtx) -> String {
    let (a, b) = (&ctx.a, &ctx.b);
    let rec = ctx.o.v.catalog().archive(a).unwrap().unwrap();
    let path_a = ctx.o.v.archive_path(a);
    let original = std::fs::read(&path_a).unwrap();
    let bytes_b = std::fs::read(ctx.o.v.archive_path(b)).unwrap();
    assert_ne!(original, bytes_b);
    // B's bytes under A's name, in the local store and in the bucket; A's
    // seal and signature stay as they were.
    std::fs::write(&path_a, &bytes_b).unwrap();
    let s3 = ctx.o.store(ctx.moto);
    s3.put(&rec.key, &mut bytes_b.as_slice(), None).unwrap();
    let before = ctx.ok_restores();
    let mut seen = Vec::new();
    let mismatch = |line: &str| {
        assert!(
            [
                "does not match its seal",
                "not the archive the seal describes"
            ]
            .iter()
            .any(|w| line.to_lowercase().contains(w)),
            "names the mismatch: {line}"
        );
    };

    // Restore: every copy fails its check before anything is created.
    let target = ScratchDb::new("faults_swapped");
    let out = ctx.o.run(&[
        "restore",
        a,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--create",
    ]);
    let line = error_line(&out, EXIT_INTEGRITY, "restore of a swapped archive");
    mismatch(&line);
    assert!(line.contains(a.as_str()), "names the archive: {line}");
    assert!(
        line.contains("offsite") && line.contains("local"),
        "both stores named: {line}"
    );
    seen.push(format!("restore: {}", tail(&line, 100)));
    assert!(!db_exists(target.name()), "no database was created");
    assert_failed_run(&ctx.o.v, RunKind::Restore, a);
    for from in ["local", "offsite"] {
        let out = ctx.o.run(&[
            "restore",
            a,
            "--to",
            &target.url(),
            "-i",
            ctx.identity(),
            "--create",
            "--from",
            from,
        ]);
        mismatch(&error_line(&out, EXIT_INTEGRITY, from));
        assert!(!db_exists(target.name()));
    }
    assert_eq!(ctx.ok_restores(), before, "no successful restore recorded");

    // Drill: refused the same way, no scratch database.
    let out = ctx.o.run(&["drill", a, "-i", ctx.identity()]);
    let line = error_line(&out, EXIT_INTEGRITY, "drill of a swapped archive");
    mismatch(&line);
    seen.push("drill: exit 5".into());
    assert_failed_drill(ctx, a, "");
    assert!(!db_exists(&scratch_name(a)));

    // Verify, local and offsite: exit 5, the offsite copy marked bad.
    let out = ctx.o.run(&["verify", a]);
    let line = error_line(&out, EXIT_INTEGRITY, "verify");
    mismatch(&line);
    seen.push(format!("verify: {}", tail(&line, 100)));
    let out = ctx.o.run(&["verify", "--store", "offsite", a]);
    assert_eq!(
        out.code,
        Some(EXIT_INTEGRITY),
        "{}{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(ctx.o.copy_status(a, "offsite"), Some(CopyStatus::Bad));
    seen.push("verify --store offsite: exit 5, copy marked bad".into());

    // The real archive back in the local store: push --missing replaces
    // the bad offsite copy, and restore works from either store.
    std::fs::write(&path_a, &original).unwrap();
    ctx.o.ok_json(&["verify", a, "--json"]);
    let pushed = ctx.o.ok_json(&["push", "--missing", "--json"]);
    assert_eq!(pushed["ok"], true, "{pushed}");
    assert_eq!(ctx.o.copy_status(a, "offsite"), Some(CopyStatus::Present));
    let target = ScratchDb::new("faults_unswapped");
    ctx.o.ok_json(&[
        "restore",
        a,
        "--to",
        &target.url(),
        "-i",
        ctx.identity(),
        "--create",
        "--from",
        "offsite",
        "--json",
    ]);
    assert_eq!(target.row_counts(), ctx.db.row_counts());
    format!(
        "{}; restore/drill created nothing; after repair (push --missing) restore --from offsite ok",
        seen.join("; ")
    )
}
