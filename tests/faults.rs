//! The fault-injection matrix (issue #14), families "backup" and "catalog":
//! one table-driven test per family. Every case checks that nothing is
//! registered or left looking good (`list --json` unchanged, no stray
//! archive, seal or temporary file, `verify --all` passes on what was
//! there), that the run is recorded as failed with its cause (but where
//! the process was SIGKILLed or the catalog itself could not be written),
//! the documented exit code, the catalog's integrity (`PRAGMA
//! integrity_check`, `coffer catalog check`) and that a following normal
//! backup succeeds. Each test prints its matrix (case | expected |
//! observed) and fails if any case did.
//!
//! Real faults wherever the machine allows: pg_dump killed by the test
//! (found as coffer's child in /proc, killed when /proc/PID/io says it has
//! written the fraction of a dump size measured first), a real `pg_ctl
//! restart -m fast` of a cluster of this test's own, a real
//! `pg_terminate_backend` of coffer's row-count session, real tmpfs file
//! systems filled up (the tests run as root: a mount that is refused is a
//! loud failure), SIGKILL at each stage of the write path through
//! `COFFER_FAULT=POINT:kill` (src/lib.rs `FAULT_POINTS`), and another
//! process holding SQLite locks on the catalog.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod faults_support;
mod vault_support;

use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use coffer::catalog::RunKind;
use serde_json::Value;

use common::{TestDb, fresh_db};
use faults_support::*;
use vault_support::{Mount, TestVault};

/// A database whose dump is large enough to be killed at a chosen
/// fraction (~20 MB of incompressible hex), with enough tables that the
/// row counts take a while: shared read-only by the cases.
fn big() -> &'static TestDb {
    static DB: OnceLock<TestDb> = OnceLock::new();
    DB.get_or_init(|| {
        let db = fresh_db("faults_big");
        fill(&db, 300_000, 150);
        db
    })
}

/// A small database (~1 MB dump) for the cases where size does not matter.
fn small() -> &'static TestDb {
    static DB: OnceLock<TestDb> = OnceLock::new();
    DB.get_or_init(|| {
        let db = fresh_db("faults_small");
        fill(&db, 15_000, 5);
        db
    })
}

/// `rows` rows of 32 random bytes each, and `tables` small tables.
fn fill(db: &TestDb, rows: u32, tables: u32) {
    db.psql(&format!(
        "CREATE TABLE noise AS SELECT g AS id, \
         decode(md5(random()::text) || md5(random()::text), 'hex') AS b \
         FROM generate_series(1, {rows}) g; \
         DO $$ BEGIN FOR i IN 1..{tables} LOOP \
           EXECUTE format('CREATE TABLE side_%s AS SELECT g AS id FROM generate_series(1, 100) g', i); \
         END LOOP; END $$;"
    ));
}

/// A case of a matrix: its name, what is expected, and the check, which
/// returns what it observed.
type Case = (String, String, Box<dyn FnOnce() -> String>);

/// One row of a matrix.
struct Row {
    case: String,
    expected: String,
    observed: String,
    passed: bool,
}

/// Runs each case, catching its failure, prints the matrix, and fails if
/// any case did.
fn matrix(family: &str, cases: Vec<Case>) {
    let mut rows = Vec::new();
    for (case, expected, f) in cases {
        eprintln!("--- {family}: {case}");
        let r = std::panic::catch_unwind(AssertUnwindSafe(f));
        let (observed, passed) = match r {
            Ok(o) => (o, true),
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "panic".into());
                (format!("FAILED: {msg}"), false)
            }
        };
        rows.push(Row {
            case,
            expected,
            observed,
            passed,
        });
    }
    println!("\n{family} family:\n| case | expected | observed |\n|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} |",
            r.case,
            r.expected,
            r.observed.replace('\n', " ")
        );
    }
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.case.as_str())
        .collect();
    assert!(failed.is_empty(), "{family}: cases failed: {failed:?}");
}

/// A vault of `db` with one good backup already: what a failure must leave alone.
fn vault_with_backup(url: &str) -> (TestVault, Value) {
    let v = TestVault::new(url);
    let out = v.ok_json(&["backup", "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    (v, out)
}

/// The archive sizes as `list --json` has them, by id.
fn sizes(v: &TestVault) -> Vec<u64> {
    v.list()
        .iter()
        .map(|a| a["size"].as_u64().unwrap())
        .collect()
}

// --- backup family -------------------------------------------------------------------

fn pg_dump_killed(fraction: f64) -> String {
    let (v, first) = vault_with_backup(&big().url());
    let size = first["payload_size"].as_u64().unwrap();
    let b = before(&v);
    let mut r = spawn(&v, &["backup"], &[]);
    let at = (size as f64 * fraction) as u64;
    let n = when_dumped(&mut r, at, |pid, _| sigkill(pid))
        .expect("coffer and pg_dump still running at the fraction");
    let end = r.wait(Duration::from_secs(120));
    assert_eq!(end.code(), Some(EXIT_DATABASE), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("pg_dump"), "{line}");
    assert_untouched(&v, &b);
    assert_failed_run(&v, &b, "pg_dump");
    next_backup_ok(&v, &b);
    format!(
        "exit 7 after {:.0}% ({n} of {size} bytes): `{line}`; run failed; next backup ok",
        n as f64 * 100.0 / size as f64
    )
}

fn server_restarted() -> String {
    // A cluster of this case alone: the shared one serves the other tests.
    let cluster = coffer::pg::TempCluster::start().expect("a throwaway cluster");
    let admin = coffer::pg::ConnTarget::new(Some(&cluster.url("postgres"))).unwrap();
    coffer::pg::create_database(&admin, "restarted").unwrap();
    let url = cluster.url("restarted");
    let mut c = coffer::pg::ConnTarget::new(Some(&url))
        .unwrap()
        .connect()
        .unwrap();
    c.batch_execute(
        "CREATE TABLE noise AS SELECT g AS id, \
         decode(md5(random()::text) || md5(random()::text), 'hex') AS b \
         FROM generate_series(1, 300000) g",
    )
    .unwrap();
    drop(c);
    let (v, first) = vault_with_backup(&url);
    let size = first["payload_size"].as_u64().unwrap();
    let b = before(&v);
    let mut r = spawn(&v, &["backup"], &[]);
    let n = when_dumped(&mut r, size * 3 / 10, |_, _| {
        cluster.restart("fast").expect("pg_ctl restart -m fast");
    })
    .expect("the dump was running at 30%");
    let end = r.wait(Duration::from_secs(120));
    assert_eq!(end.code(), Some(EXIT_DATABASE), "{}", end.stderr);
    let line = end.error_line();
    assert_untouched(&v, &b);
    assert_failed_run(&v, &b, "pg_dump");
    next_backup_ok(&v, &b);
    drop(v);
    cluster.stop().unwrap();
    format!(
        "exit 7 (restart at {:.0}%): `{line}`; run failed; next backup ok",
        n as f64 * 100.0 / size as f64
    )
}

fn row_counts_lost() -> String {
    let db = big();
    let (v, _) = vault_with_backup(&db.url());
    let b = before(&v);
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let killed = std::sync::Arc::new(AtomicU64::new(0));
    let killer = {
        let (stop, killed) = (stop.clone(), killed.clone());
        let name = db.name().to_owned();
        std::thread::spawn(move || {
            let mut c = common::server().target().connect().unwrap();
            let q = "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = $1 AND application_name LIKE '% row-counts') t";
            let mut spins = 0u64;
            while !stop.load(Ordering::Relaxed) && spins < 200_000 {
                let n: i64 = c.query_one(q, &[&name]).unwrap().get(0);
                if n > 0 {
                    killed.fetch_add(n as u64, Ordering::Relaxed);
                }
                spins += 1;
            }
        })
    };
    let end = run(&v, &["backup"], &[]);
    stop.store(true, Ordering::Relaxed);
    killer.join().unwrap();
    assert!(
        killed.load(Ordering::Relaxed) > 0,
        "the row-count session was never seen: {}",
        end.stderr
    );
    assert_eq!(end.code(), Some(EXIT_DATABASE), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("row count"), "{line}");
    assert_untouched(&v, &b);
    assert_failed_run(&v, &b, "row count");
    next_backup_ok(&v, &b);
    format!("exit 7: `{line}`; run failed; next backup ok")
}

/// A vault whose store is on a tmpfs of its own (`fs/store`), one good
/// backup in it; `fs/` has room for fillers outside the store.
fn vault_on_tmpfs(size: &str) -> (TestVault, Mount) {
    let mut v = TestVault::new(&small().url());
    let mnt = Mount::tmpfs(&v.dir().join("fs"), &format!("size={size}"));
    let store = mnt.path().join("store");
    std::fs::create_dir(&store).unwrap();
    v.set_store(&store);
    v.ok_json(&["backup", "--json"]);
    (v, mnt)
}

fn full_while_archive() -> String {
    let (v, mnt) = vault_on_tmpfs("4m");
    let archive = sizes(&v)[0];
    let b = before(&v);
    // Half an archive's room: the archive itself cannot be written.
    let free = free_bytes(mnt.path());
    filler(&mnt.path().join("fill"), free - archive / 2);
    let end = run(&v, &["backup"], &[]);
    assert_eq!(end.code(), Some(EXIT_STORAGE), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("No space left on device"), "{line}");
    assert!(!line.contains(".seal"), "{line}");
    std::fs::remove_file(mnt.path().join("fill")).unwrap();
    assert_untouched(&v, &b);
    assert_failed_run(&v, &b, "No space left on device");
    next_backup_ok(&v, &b);
    format!("exit 8 (real tmpfs): `{line}`; run failed; next backup ok")
}

fn full_while_seal() -> String {
    let (v, mnt) = vault_on_tmpfs("4m");
    let archive = sizes(&v)[0];
    let b = before(&v);
    // Room for an archive of the same size to the page, and not a byte
    // more: the seal is what does not fit. (The next archive of the same
    // database differs from the first by a few bytes of timings.)
    let page = 4096;
    let pages = archive.div_ceil(page);
    let free = free_bytes(mnt.path());
    filler(&mnt.path().join("fill"), free - pages * page);
    let end = run(&v, &["backup"], &[]);
    assert_eq!(end.code(), Some(EXIT_STORAGE), "{}", end.stderr);
    let line = end.error_line();
    assert!(
        line.contains("No space left on device") && line.contains(".seal"),
        "the seal did not fit (archive {archive} bytes, {pages} pages free): {line}"
    );
    std::fs::remove_file(mnt.path().join("fill")).unwrap();
    assert_untouched(&v, &b);
    assert_failed_run(&v, &b, ".seal");
    next_backup_ok(&v, &b);
    format!("exit 8 (real tmpfs): `{line}`; archive removed with it; run failed; next backup ok")
}

fn full_catalog() -> String {
    let v = TestVault::new(&small().url());
    v.ok_json(&["backup", "--json"]);
    let mnt = Mount::tmpfs(&v.dir().join("catfs"), "size=1m");
    for suffix in ["", "-wal", "-shm"] {
        let from = v.dir().join(format!("catalog.db{suffix}"));
        if from.exists() {
            std::fs::copy(&from, mnt.path().join(format!("catalog.db{suffix}"))).unwrap();
            std::fs::remove_file(&from).unwrap();
        }
    }
    edit_config(
        &v,
        "catalog = \"catalog.db\"",
        "catalog = \"catfs/catalog.db\"",
    );
    let b = before(&v);
    fill_up(mnt.path());
    let end = run(&v, &["backup"], &[]);
    std::fs::remove_file(mnt.path().join("fill")).unwrap();
    assert_eq!(end.code(), Some(EXIT_STORAGE), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("disk full"), "{line}");
    // The catalog could not take the run either: nothing recorded, nothing half-written.
    assert_eq!(
        v.runs(RunKind::Backup).len(),
        b.runs,
        "no run row was half-written"
    );
    assert_untouched(&v, &b);
    next_backup_ok(&v, &b);
    format!(
        "exit 8 (real tmpfs): `{line}`; the run could not be recorded (the catalog's disk is full: said on stderr); next backup ok"
    )
}

/// SIGKILL at a stage of the backup's write path.
fn killed_at(point: &str) -> String {
    let (v, _) = vault_with_backup(&small().url());
    let b = before(&v);
    let fault = format!("{point}:kill");
    let end = run(&v, &["backup"], &[("COFFER_FAULT", &fault)]);
    assert_eq!(end.signal(), Some(9), "SIGKILL at {point}: {end:?}");
    assert!(
        end.stderr.contains(&format!("COFFER_FAULT={fault}")),
        "{}",
        end.stderr
    );
    let last = &v.runs(RunKind::Backup)[0];
    assert_eq!(last.outcome, None, "a killed run cannot record its end");
    let left: Vec<String> = all_store_files(&v)
        .difference(&b.files)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let registered = point == "backup-after-register";
    if registered {
        // Past the catalog's commit: the archive is whole, sealed and
        // registered (the run stays unfinished; `check` warns).
        let list = v.list();
        assert_eq!(list.len(), b.list.len() + 1, "registered before the kill");
        assert!(!left.iter().any(|f| f.ends_with(".pending")), "{left:?}");
    } else {
        assert_eq!(v.list(), b.list, "nothing registered");
        // What is left is a temporary file, or an archive with its pending marker.
        for f in &left {
            let ok = f.contains(".coffer-tmp-")
                || f.ends_with(".pending")
                || left.iter().any(|m| {
                    m.ends_with(".pending") && f.starts_with(m.trim_end_matches(".pending"))
                });
            assert!(ok, "an unmarked leftover {f}: {left:?}");
        }
    }
    verify_all(&v);
    assert_catalog_sound(&v);
    let next = run(&v, &["backup", "--json"], &[]);
    assert_eq!(next.code(), Some(0), "{}", next.stderr);
    let cleaned = next.stderr.contains("left it in the store");
    // Only the new archive(s) are new: the leftovers are gone.
    let added: Vec<String> = all_store_files(&v)
        .difference(&b.files)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(
        added
            .iter()
            .all(|f| !f.contains(".coffer-tmp-") && !f.ends_with(".pending")),
        "{added:?}"
    );
    let expected_new = if registered { 6 } else { 3 };
    assert_eq!(added.len(), expected_new, "{added:?}");
    verify_all(&v);
    assert_catalog_sound(&v);
    format!(
        "SIGKILL; leftovers {}; list {}; verify --all ok; next backup ok{}",
        if left.is_empty() {
            "none".to_owned()
        } else {
            left.iter()
                .map(|f| {
                    Path::new(f)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .map(|n| {
                    if n.starts_with(".coffer-tmp-") {
                        ".coffer-tmp-*".into()
                    } else {
                        n.split_once('.')
                            .map_or(n.clone(), |(_, e)| format!("ID.{e}"))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        },
        if registered {
            "+1 (registered, whole)"
        } else {
            "unchanged"
        },
        if cleaned {
            " and removed the unregistered archive"
        } else {
            ""
        }
    )
}

fn killed_in_push() -> String {
    let v = TestVault::new(&small().url());
    edit_config(&v, "[vault]\n", "[vault]\noffsite = [\"offsite\"]\n");
    append_config(
        &v,
        "\n[stores.offsite]\ntype = \"local\"\npath = \"offsite\"\n",
    );
    v.ok_json(&["backup", "--json"]);
    let b = before(&v);
    let end = run(
        &v,
        &["backup"],
        &[("COFFER_FAULT", "push-after-store-write:kill")],
    );
    assert_eq!(end.signal(), Some(9), "{end:?}");
    // The backup itself was done (registered, run ok) before its push.
    let list = v.list();
    assert_eq!(list.len(), 2);
    let new = list.iter().find(|a| !b.list.contains(a)).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        v.catalog()
            .copies(&new)
            .unwrap()
            .iter()
            .all(|c| c.store != "offsite"),
        "no offsite copy recorded"
    );
    verify_all(&v);
    assert_catalog_sound(&v);
    let push = run(&v, &["push", "--missing"], &[]);
    assert_eq!(push.code(), Some(0), "{}", push.stderr);
    let copies = v.catalog().copies(&new).unwrap();
    assert!(
        copies
            .iter()
            .any(|c| c.store == "offsite" && c.status == coffer::catalog::CopyStatus::Present),
        "{copies:?}"
    );
    let check = run(&v, &["verify", "--store", "offsite", "--all"], &[]);
    assert_eq!(check.code(), Some(0), "{}", check.stderr);
    let after = before(&v);
    next_backup_ok(&v, &after);
    "SIGKILL; archive registered, no offsite copy recorded; the next `push --missing` uploads and records it; `verify --store offsite --all` ok; next backup ok".into()
}

fn killed_in_prune() -> String {
    let v = TestVault::new(&small().url());
    edit_config(
        &v,
        "keep_last = 3\nkeep_daily = 30\nkeep_weekly = 12\nkeep_monthly = 12\nkeep_yearly = 7\n",
        "keep_last = 1\nkeep_daily = 0\nkeep_weekly = 0\nkeep_monthly = 0\nkeep_yearly = 0\n",
    );
    v.ok_json(&["backup", "--json"]);
    v.ok_json(&["backup", "--json"]);
    let end = run(
        &v,
        &["prune"],
        &[("COFFER_FAULT", "prune-after-store-delete:kill")],
    );
    assert_eq!(end.signal(), Some(9), "{end:?}");
    assert_catalog_sound(&v);
    let next = run(&v, &["prune", "--json"], &[]);
    assert_eq!(next.code(), Some(0), "{}", next.stderr);
    let r: Value = serde_json::from_str(&next.stdout).unwrap();
    let repaired = r["report"]["repaired"]
        .as_array()
        .or(r["repaired"].as_array())
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        repaired.len(),
        1,
        "the next prune completes the deletion: {r}"
    );
    assert_eq!(v.list().len(), 1);
    verify_all(&v);
    assert_catalog_sound(&v);
    let b = before(&v);
    next_backup_ok(&v, &b);
    "SIGKILL after the store delete; the next prune completes the deletion (repaired) and closes the run; verify --all ok; next backup ok".into()
}

#[test]
fn backup_family() {
    let mut cases: Vec<Case> = Vec::new();
    for pct in [10u32, 50, 90] {
        cases.push((
            format!("pg_dump SIGKILLed at {pct}% of its output"),
            "exit 7, run failed naming pg_dump, nothing registered or left".into(),
            Box::new(move || pg_dump_killed(f64::from(pct) / 100.0)),
        ));
    }
    cases.push((
        "server restarted mid-dump (pg_ctl restart -m fast)".into(),
        "exit 7, run failed, nothing left; next backup ok once the server is back".into(),
        Box::new(server_restarted),
    ));
    cases.push((
        "row-count session terminated (pg_terminate_backend)".into(),
        "exit 7, run failed naming the row counts, nothing left".into(),
        Box::new(row_counts_lost),
    ));
    cases.push((
        "ENOSPC while writing the archive".into(),
        "exit 8, run failed (No space left), no file left".into(),
        Box::new(full_while_archive),
    ));
    cases.push((
        "ENOSPC while writing the seal".into(),
        "exit 8, run failed, the unsealed archive removed too".into(),
        Box::new(full_while_seal),
    ));
    cases.push((
        "ENOSPC while writing the catalog".into(),
        "exit 8 (not 1), nothing registered, catalog sound".into(),
        Box::new(full_catalog),
    ));
    for point in [
        "backup-dump",
        "backup-before-rename",
        "backup-before-seal",
        "backup-before-register",
        "backup-after-register",
    ] {
        cases.push((
            format!("SIGKILL at {point}"),
            "nothing registered (after-register: registered whole); leftovers marked and removed by the next backup".into(),
            Box::new(move || killed_at(point)),
        ));
    }
    cases.push((
        "SIGKILL at push-after-store-write".into(),
        "no copy recorded; the next push records it".into(),
        Box::new(killed_in_push),
    ));
    cases.push((
        "SIGKILL at prune-after-store-delete".into(),
        "the next prune completes the deletion".into(),
        Box::new(killed_in_prune),
    ));
    // Every fault point of src/lib.rs is in the matrix (erasure's is
    // tests/erasure.rs's, rekey's are tests/keys.rs's).
    for (p, _) in coffer::FAULT_POINTS {
        assert!(
            cases.iter().any(|c| c.0.contains(p))
                || *p == "erasure-after-store-write"
                || p.starts_with("rekey-"),
            "fault point {p} has no case"
        );
    }
    matrix("backup", cases);
}

// --- catalog family ------------------------------------------------------------------

/// Another process's lock on the catalog: `how` is the SQL it holds.
fn catalog_locked(how: &'static str, args: &'static [&'static str]) -> String {
    let (v, _) = vault_with_backup(&small().url());
    let b = before(&v);
    // Another process: a child sqlite holder would do the same; a
    // connection of this test process is another SQLite connection with
    // its own POSIX locks (not shared with coffer's process).
    let holder = rusqlite::Connection::open(catalog_path(&v)).unwrap();
    holder.execute_batch(how).unwrap();
    let end = spawn(&v, args, &[]).wait(Duration::from_secs(60));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(end.code(), Some(EXIT_LOCK_HELD), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("locked"), "{line}");
    assert_untouched(&v, &b);
    assert_eq!(v.runs(RunKind::Backup).len(), b.runs, "nothing recorded");
    next_backup_ok(&v, &b);
    format!(
        "exit 9 after {:.1}s: `{line}`; nothing written; next backup ok",
        end.took.as_secs_f64()
    )
}

/// Overwrites the catalog file from `offset` (to its end if `len` is None).
fn corrupt(v: &TestVault, offset: usize, len: Option<usize>) {
    let path = catalog_path(v);
    assert!(
        !Path::new(&format!("{}-wal", path.display())).exists(),
        "no coffer runs: the WAL is checkpointed into the file"
    );
    let mut bytes = std::fs::read(&path).unwrap();
    let end = len.map_or(bytes.len(), |l| offset + l);
    for (i, b) in bytes[offset..end].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(151).wrapping_add(7);
    }
    std::fs::write(&path, bytes).unwrap();
}

fn catalog_corrupted(offset: usize, len: Option<usize>) -> String {
    let (v, _) = vault_with_backup(&small().url());
    v.ok_json(&["backup", "--json"]);
    let b = before(&v);
    corrupt(&v, offset, len);
    let end = run(&v, &["list"], &[]);
    assert_eq!(end.code(), Some(EXIT_INTEGRITY), "{}", end.stderr);
    let line = end.error_line();
    assert!(line.contains("coffer catalog rebuild"), "{line}");
    assert_eq!(end.stderr.lines().count(), 1, "one line: {}", end.stderr);
    let backup = run(&v, &["backup"], &[]);
    assert_eq!(backup.code(), Some(EXIT_INTEGRITY), "{}", backup.stderr);
    assert_eq!(
        all_store_files(&v),
        b.files,
        "a backup on a damaged catalog writes nothing"
    );
    let check = run(&v, &["catalog", "check"], &[]);
    assert_eq!(check.code(), Some(EXIT_INTEGRITY), "{}", check.stderr);
    let rebuilt = run(&v, &["catalog", "rebuild", "--json"], &[]);
    assert_eq!(rebuilt.code(), Some(0), "{}", rebuilt.stderr);
    assert!(rebuilt.stderr.contains("moved to"), "{}", rebuilt.stderr);
    assert_eq!(
        ids(&v.list()),
        ids(&b.list),
        "the rebuild brings back every archive"
    );
    verify_all(&v);
    assert_catalog_sound(&v);
    let after = before(&v);
    next_backup_ok(&v, &after);
    format!(
        "exit 5: `{line}`; backup refused (exit 5, nothing written); rebuild ok, damaged file kept aside; list equal; next backup ok"
    )
}

fn ids(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

fn catalog_deleted() -> String {
    let v = TestVault::new(&small().url());
    edit_config(&v, "[vault]\n", "[vault]\noffsite = [\"offsite\"]\n");
    append_config(
        &v,
        "\n[stores.offsite]\ntype = \"local\"\npath = \"offsite\"\n\n[erasure.user]\n\
         statements = ['DELETE FROM noise WHERE id = $1']\ncheck = 'SELECT count(*) FROM noise WHERE id = $1'\n",
    );
    let a = v.ok_json(&["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    v.ok(&["hold", "add", &a, "--reason", "litigation 2026-17"]);
    v.ok(&[
        "erasure",
        "request",
        "user",
        "42",
        "--reference",
        "DSR-2026-1",
    ]);
    v.ok_json(&["backup", "--json"]);
    v.ok(&["hold", "release", &a, "--reason", "settled"]);
    // A backup killed before registering its archive: the rebuild must not count it.
    let k = run(
        &v,
        &["backup"],
        &[("COFFER_FAULT", "backup-before-register:kill")],
    );
    assert_eq!(k.signal(), Some(9));
    let list = v.list();
    let holds = v.ok_json(&["hold", "list", "--json"]);
    let ledger = v.ok_json(&["erasure", "list", "--json"]);
    let audit = v.ok_json(&["audit", "log", "--json"]);
    let copies: Vec<_> = ids(&list)
        .iter()
        .map(|id| {
            let mut c: Vec<(String, String, u64)> = v
                .catalog()
                .copies(id)
                .unwrap()
                .into_iter()
                .map(|c| (c.store, c.sha256, c.size))
                .collect();
            c.sort();
            c
        })
        .collect();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(v.dir().join(format!("catalog.db{suffix}")));
    }
    let r = v.ok_json(&["catalog", "rebuild", "--json"]);
    let rejected = r["report"]["rejected"].to_string();
    assert!(rejected.contains("killed before registering"), "{r}");
    let back = run(&v, &["verify", "--store", "offsite", "--all"], &[]);
    assert_eq!(back.code(), Some(0), "{}", back.stderr);
    let list2 = v.list();
    assert_eq!(ids(&list2), ids(&list), "archives");
    let fields_differ: Vec<String> = list
        .iter()
        .zip(&list2)
        .flat_map(|(x, y)| {
            x.as_object()
                .unwrap()
                .iter()
                .filter(|(k, val)| y.get(k.as_str()) != Some(*val))
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(v.ok_json(&["hold", "list", "--json"]), holds, "holds");
    assert_eq!(
        v.ok_json(&["erasure", "list", "--json"]),
        ledger,
        "erasure ledger"
    );
    let copies2: Vec<_> = ids(&list2)
        .iter()
        .map(|id| {
            let mut c: Vec<(String, String, u64)> = v
                .catalog()
                .copies(id)
                .unwrap()
                .into_iter()
                .map(|c| (c.store, c.sha256, c.size))
                .collect();
            c.sort();
            c
        })
        .collect();
    assert_eq!(copies2, copies, "copies");
    let audit2 = v.ok_json(&["audit", "log", "--json"]);
    let (a1, a2) = (audit.as_array().unwrap(), audit2.as_array().unwrap());
    let published = a1.iter().take_while(|e| a2.contains(e)).count();
    assert!(
        published > 0 && a2.starts_with(&a1[..published]),
        "the audit log comes back as a prefix"
    );
    let audit_ok = run(&v, &["audit", "verify"], &[]);
    assert_eq!(audit_ok.code(), Some(0), "{}", audit_ok.stderr);
    verify_all(&v);
    assert_catalog_sound(&v);
    // The next backup removes the killed backup's archive and marker.
    let mut after = before(&v);
    let marked: Vec<String> = after
        .files
        .iter()
        .filter_map(|f| f.to_str()?.strip_suffix(".pending").map(str::to_owned))
        .collect();
    assert_eq!(marked.len(), 1, "{:?}", after.files);
    after
        .files
        .retain(|f| !f.to_string_lossy().starts_with(&marked[0]));
    next_backup_ok(&v, &after);
    assert!(
        !all_store_files(&v)
            .iter()
            .any(|f| f.to_string_lossy().starts_with(&marked[0]))
    );
    format!(
        "rebuild: {} archives (list fields that differ: {:?}), holds equal, {} ledger entries equal, copies equal after `verify --store offsite --all`, audit log: {published} of {} entries back (the rest were never published to the store), the killed backup's archive not counted; next backup ok",
        list2.len(),
        {
            let mut f = fields_differ;
            f.sort();
            f.dedup();
            f
        },
        ledger.as_array().map_or(0, Vec::len),
        a1.len()
    )
}

#[test]
fn catalog_family() {
    let cases: Vec<Case> = vec![
        (
            "catalog write-locked by another process (BEGIN IMMEDIATE held)".into(),
            "backup exits 9 within the busy timeout, nothing written".into(),
            Box::new(|| {
                catalog_locked(
                    "BEGIN IMMEDIATE; INSERT INTO runs (kind, started) VALUES ('holder', '2026-01-01T00:00:00Z')",
                    &["backup"],
                )
            }),
        ),
        (
            "catalog exclusively locked (locking_mode=EXCLUSIVE + write)".into(),
            "list exits 9 within the busy timeout".into(),
            Box::new(|| {
                catalog_locked(
                    "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO runs (kind, started) VALUES ('holder', '2026-01-01T00:00:00Z')",
                    &["list"],
                )
            }),
        ),
        (
            "catalog header overwritten".into(),
            "exit 5, one line naming `coffer catalog rebuild`; rebuild works".into(),
            Box::new(|| catalog_corrupted(0, Some(100))),
        ),
        (
            "catalog pages overwritten (all but the first)".into(),
            "exit 5, one line naming `coffer catalog rebuild`; rebuild works".into(),
            Box::new(|| catalog_corrupted(4096, None)),
        ),
        (
            "catalog deleted".into(),
            "rebuild brings back archives, holds, copies, ledger, audit log".into(),
            Box::new(catalog_deleted),
        ),
    ];
    matrix("catalog", cases);
}
