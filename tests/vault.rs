//! The vault end to end, through the real `coffer` binary, against a real
//! PostgreSQL cluster with the real pg_dump / pg_restore / psql (issue 3).
//!
//! Fidelity (every format, pagila and the rich-types schema, compared with
//! `pg_dump`), the marker row, selective restore, drills, the catalog
//! commands' JSON, and the failure cases: each failure exits with its
//! documented code, says what happened in one `coffer: error:` line, leaves
//! nothing registered as good and no stray file, and is recorded as a run.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod vault_support;

use std::collections::BTreeMap;
use std::path::Path;

use coffer::catalog::{Outcome, RunKind};
use coffer::pg;
use serde_json::Value;

use common::{TestDb, assert_same_dump, fresh_db, server};
use vault_support::{
    FakePgBin, Mount, ScratchDb, TestVault, flip_byte, pagila, reseal_as_signer,
    tamper_manifest_digest, user_relations,
};

/// Exit codes of README.md "Exit codes".
const EXIT_BAD_INPUT: i32 = 3;
const EXIT_NO_KEY: i32 = 4;
const EXIT_INTEGRITY: i32 = 5;
const EXIT_DATABASE: i32 = 7;
const EXIT_STORAGE: i32 = 8;

// --- fidelity ------------------------------------------------------------------------

/// Backs `src` up in every format through the CLI, restores each archive into
/// a fresh database (custom with `--create`, the SQL formats into a database
/// made beforehand) and compares `pg_dump` of both and the row counts.
fn check_vault_round_trips(src: &TestDb, what: &str) {
    let v = TestVault::new(&src.url());
    let expected = src.dump_normalized();
    let expected_schema = src.dump_normalized_args(&["--schema-only"]);
    let counts = src.row_counts();
    assert!(!counts.is_empty(), "{what}: the source has tables");

    // custom, restored with --create.
    let id = v.backup("custom");
    let show = v.show(&id);
    assert_eq!(show["facts"]["dump_format"], "custom");
    assert_eq!(
        manifest_counts(&show),
        counts,
        "{what}: the manifest's row counts are the source's"
    );
    let target = ScratchDb::new(&format!("{what}_custom"));
    let out = v.ok_json(&[
        "restore",
        &id,
        "--to",
        &target.url(),
        "-i",
        v.identity_str(),
        "--create",
        "--json",
    ]);
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(
        out["report"]["tables_checked"].as_u64(),
        Some(counts.len() as u64),
        "{out}"
    );
    assert_eq!(out["report"]["mismatches"], serde_json::json!([]), "{out}");
    assert_same_dump(
        &expected,
        &target.dump_normalized(),
        &format!("{what}, custom"),
    );
    assert_eq!(target.row_counts(), counts, "{what}, custom: row counts");

    // plain, into a database created beforehand (psql, CREATE EXTENSION, large objects).
    let id = v.backup("plain");
    assert_eq!(v.show(&id)["archive"]["payload_kind"], "pg_dump/plain");
    let dst = fresh_db(&format!("{what}_plain"));
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_same_dump(&expected, &dst.dump_normalized(), &format!("{what}, plain"));
    assert_eq!(dst.row_counts(), counts, "{what}, plain: row counts");

    // schema-only: the definitions, no rows.
    let id = v.backup("schema-only");
    let dst = fresh_db(&format!("{what}_schema"));
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_same_dump(
        &expected_schema,
        &dst.dump_normalized_args(&["--schema-only"]),
        &format!("{what}, schema-only"),
    );
    let restored = dst.row_counts();
    assert_eq!(
        restored.keys().collect::<Vec<_>>(),
        counts.keys().collect::<Vec<_>>(),
        "{what}, schema-only: the same tables"
    );
    assert!(restored.values().all(|n| *n == 0), "{restored:?}");

    // Three archives, all good, in the catalog and the store.
    let list = v.list();
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(
        v.store_files().len(),
        9,
        "archive + seal + signature, three times"
    );
}

fn manifest_counts(show: &Value) -> BTreeMap<String, i64> {
    serde_json::from_value(show["facts"]["row_counts"].clone()).expect("row_counts in the facts")
}

#[test]
fn pagila_round_trips_through_the_vault_in_every_format() {
    let src = pagila();
    assert_eq!(src.scalar("SELECT count(*) FROM public.rental"), "16044");
    check_vault_round_trips(src, "pagila");
}

#[test]
fn rich_types_round_trip_through_the_vault_in_every_format() {
    let src = fresh_db("vrich_src");
    src.load_fixture("rich_types.sql");
    check_vault_round_trips(&src, "rich");

    // The bytes that matter, checked directly as well: a fresh restore.
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    let dst = fresh_db("vrich_bytes");
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    let all_bytes = "SELECT encode(data, 'hex') FROM blobs WHERE id = 1";
    assert_eq!(
        dst.scalar(all_bytes).len(),
        512,
        "bytea with all 256 values"
    );
    assert_eq!(dst.scalar(all_bytes), src.scalar(all_bytes));
    let lo = "SELECT encode(lo_get(oid), 'hex') FROM pg_largeobject_metadata";
    assert!(!src.scalar(lo).is_empty(), "the fixture has a large object");
    assert_eq!(dst.scalar(lo), src.scalar(lo), "the large object's bytes");
}

// --- the marker row (pgBackRest style) -------------------------------------------

#[test]
fn marker_row_before_the_backup_is_restored_and_a_later_row_is_not() {
    let src = fresh_db("marker_src");
    src.psql(
        "CREATE TABLE marker (id int PRIMARY KEY, note text NOT NULL);
         INSERT INTO marker VALUES (1, 'before the backup');",
    );
    // A pg_dump that first commits a row from another connection: the
    // snapshot was exported (and the rows counted) before pg_dump starts, so
    // that row is after the snapshot.
    let bin = FakePgBin::new(
        r#""$REAL/psql" -X -q -v ON_ERROR_STOP=1 -c "INSERT INTO marker VALUES (2, 'after the snapshot')" >&2 || exit 99
exec "$REAL/pg_dump" "$@""#,
    );
    let v = TestVault::new(&src.url());
    let out = v
        .cmd()
        .env("COFFER_PG_BIN", bin.path())
        .args(["backup", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "backup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = serde_json::from_slice::<Value>(&out.stdout).unwrap()["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The wrapper did run: the row is there, live.
    assert_eq!(src.scalar("SELECT count(*) FROM marker"), "2");
    let show = v.show(&id);
    assert_eq!(
        manifest_counts(&show).get("public.marker"),
        Some(&1),
        "the manifest counts under the snapshot: {}",
        show["facts"]
    );

    let dst = fresh_db("marker_dst");
    v.ok(&[
        "restore",
        "latest",
        "--to",
        &dst.url(),
        "-i",
        v.identity_str(),
    ]);
    assert_eq!(
        dst.psql("SELECT id, note FROM marker ORDER BY id"),
        "1|before the backup\n",
        "the marker row is back and the row committed after the snapshot is not"
    );
}

// --- selective restore -----------------------------------------------------------

#[test]
fn selective_restore_of_one_pagila_table() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    let dst = fresh_db("sel_actor");
    // pagila's actor_id default uses a sequence that is not OWNED BY the
    // column, so `pg_restore -t actor` does not bring it: the table is
    // restored into a database that has the sequence (the usual case: a
    // table lost from a database that is otherwise there).
    dst.psql("CREATE SEQUENCE public.actor_actor_id_seq");
    let out = v.ok_json(&[
        "restore",
        &id,
        "--to",
        &dst.url(),
        "-i",
        v.identity_str(),
        "--table",
        "public.actor",
        "--json",
    ]);
    assert_eq!(out["report"]["tables_checked"], 1, "{out}");
    assert_eq!(
        dst.row_counts(),
        BTreeMap::from([("public.actor".to_owned(), 200)]),
        "only public.actor, with all its rows"
    );
    assert_eq!(
        dst.scalar("SELECT first_name || ' ' || last_name FROM actor WHERE actor_id = 1"),
        src.scalar("SELECT first_name || ' ' || last_name FROM actor WHERE actor_id = 1"),
    );
}

// --- drill ----------------------------------------------------------------------

#[test]
fn drill_restores_compares_records_and_drops_the_scratch_database() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    let out = v.ok_json(&["drill", "latest", "-i", v.identity_str(), "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    let scratch = out["report"]["scratch_db"].as_str().unwrap().to_owned();
    assert!(scratch.starts_with("coffer_drill_"), "{scratch}");
    let tables = src.row_counts().len() as u64;
    assert_eq!(
        out["report"]["tables_checked"].as_u64(),
        Some(tables),
        "{out}"
    );

    let show = v.show("latest");
    assert_eq!(show["archive"]["id"], id.as_str());
    let drills = show["drills"].as_array().unwrap();
    assert_eq!(drills.len(), 1, "{show}");
    let d = &drills[0];
    assert_eq!(d["ok"], true, "{d}");
    assert_eq!(d["scratch_db"], scratch.as_str());
    assert!(d["restore_ms"].as_u64().is_some(), "{d}");
    assert!(d["total_ms"].as_u64().unwrap() >= d["restore_ms"].as_u64().unwrap());
    assert_eq!(d["tables_checked"].as_u64(), Some(tables));
    assert!(d["error"].is_null(), "{d}");
    assert!(
        show["runs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "drill" && r["outcome"] == "ok"),
        "the drill is a recorded run: {}",
        show["runs"]
    );
    assert!(
        !pg::database_exists(server().target(), &scratch).unwrap(),
        "the scratch database {scratch} was dropped"
    );
}

// --- the catalog commands ----------------------------------------------------------

#[test]
fn list_show_and_verify_report_in_json() {
    let src = fresh_db("json_src");
    src.psql("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 100) g");
    let v = TestVault::new(&src.url());
    assert_eq!(v.list(), Vec::<Value>::new(), "a new vault is empty");

    let b = v.ok_json(&["backup", "--json"]);
    assert_eq!(b["ok"], true);
    assert_eq!(b["format"], "custom", "the config's default");
    assert_eq!(b["tables"], 1);
    let id = b["archive_id"].as_str().unwrap().to_owned();
    assert!(Path::new(b["path"].as_str().unwrap()).is_file(), "{b}");
    for stage in ["snapshot", "row_counts", "dump_and_pack", "total"] {
        assert!(b["timings_ms"][stage].as_u64().is_some(), "{stage}: {b}");
    }

    let list = v.list();
    assert_eq!(list.len(), 1, "{list:?}");
    let a = &list[0];
    assert_eq!(a["id"], id.as_str());
    assert_eq!(a["class"], "general");
    assert_eq!(a["status"], "good");
    assert_eq!(a["encryption"], "age");
    assert_eq!(a["payload_kind"], "pg_dump/custom");
    assert_eq!(a["database"], src.name());
    assert_eq!(a["key"], format!("general/{id}.tar.zst.age"));
    // The backup read its archive back against the seal: a keyless verification.
    assert_eq!(a["last_verified"]["ok"], true, "{a}");
    assert_eq!(a["last_verified"]["deep"], false, "{a}");

    // The config is found as ./coffer.toml too.
    let out = v
        .bare_cmd()
        .current_dir(v.dir())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        Value::Array(list.clone())
    );

    let show = v.show(&id);
    assert_eq!(show["seal"]["archive_id"], id.as_str());
    assert_eq!(show["seal"]["ciphertext"]["sha256"], a["sha256"]);
    let facts = &show["facts"];
    assert_eq!(facts["database"], src.name());
    assert_eq!(facts["row_counts"]["public.t"], 100);
    assert_eq!(facts["row_counts_mode"], "exact");
    assert!(
        facts["server_version"].as_str().unwrap().starts_with("1"),
        "{facts}"
    );
    assert!(facts["pg_dump_version"].is_string(), "{facts}");
    assert!(facts["encoding"].is_string(), "{facts}");
    for stage in ["snapshot", "row_counts", "dump_and_pack"] {
        assert!(facts["timings_ms"][stage].is_u64(), "{stage}: {facts}");
    }
    let runs = show["runs"].as_array().unwrap();
    assert!(
        runs.iter().all(|r| r["kind"] != "backup"),
        "the backup run has no archive id yet when it starts"
    );

    // Keyless, all of them.
    let out = v.ok_json(&["verify", "--all", "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["archives"][0]["archive_id"], id.as_str());
    assert_eq!(out["archives"][0]["deep"], false);
    // Deep, with the identity.
    let out = v.ok_json(&["verify", &id, "-i", v.identity_str(), "--json"]);
    assert_eq!(out["archives"][0]["deep"], true, "{out}");
    assert_eq!(out["archives"][0]["ok"], true, "{out}");
    let text = v.ok(&["verify", "latest", "-i", v.identity_str()]);
    assert_eq!(text, format!("ok {id} (deep)\n"));

    let show = v.show("latest");
    let ver = show["verifications"].as_array().unwrap();
    // The backup's own keyless read-back, verify --all, and two deep ones.
    assert_eq!(ver.len(), 4, "{show}");
    assert_eq!(
        ver.iter()
            .map(|x| (x["deep"].as_bool().unwrap(), x["ok"].as_bool().unwrap()))
            .filter(|(deep, _)| *deep)
            .count(),
        2
    );
    assert!(ver.iter().all(|x| x["ok"] == true), "{show}");
    assert_eq!(v.list()[0]["last_verified"]["ok"], true);
    assert_eq!(v.list()[0]["last_verified"]["deep"], true);

    // The backup run is recorded with the archive it made.
    let runs = v.catalog().runs(coffer::catalog::RunFilter {
        kind: Some(RunKind::Backup),
        ..Default::default()
    });
    let runs = runs.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, Some(Outcome::Ok));
    assert_eq!(runs[0].details["archive_id"], id.as_str());
}

// --- failures: backup ------------------------------------------------------------

#[test]
fn pg_dump_killed_mid_stream_registers_nothing() {
    let src = fresh_db("killed_src");
    // About 2 MB of dump: the wrapper dies after 300 kB of it.
    src.psql(
        "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 3) AS filler \
         FROM generate_series(1, 20000) g",
    );
    let bin = FakePgBin::new(
        r#""$REAL/pg_dump" "$@" | head -c 300000
echo "pg_dump: error: simulated crash after 300000 bytes" >&2
kill -9 $$"#,
    );
    let v = TestVault::new(&src.url());
    let before = v.snapshot_state();
    let err = v.fails_with(
        v.cmd()
            .env("COFFER_PG_BIN", bin.path())
            .args(["backup", "--format", "custom"]),
        EXIT_DATABASE,
    );
    assert!(err.contains("pg_dump failed"), "{err}");
    assert!(err.contains("SIGKILL"), "{err}");
    assert!(err.contains("simulated crash"), "the stderr tail: {err}");
    v.assert_unchanged(&before);
    v.assert_failed_backup_recorded("simulated crash after 300000 bytes");

    // The same vault backs up fine with the real pg_dump.
    v.backup("custom");
    assert_eq!(v.list().len(), 1);
}

#[test]
fn unreachable_server_and_missing_database_exit_7() {
    for (what, url, needle) in [
        (
            "unreachable",
            "postgresql://postgres@127.0.0.1:1/postgres".to_owned(),
            "127.0.0.1:1",
        ),
        (
            "missing database",
            server().url("coffer_no_such_database"),
            "coffer_no_such_database",
        ),
    ] {
        let v = TestVault::new(&url);
        let before = v.snapshot_state();
        let err = v.fails_with(v.cmd().args(["backup"]), EXIT_DATABASE);
        assert!(err.contains("cannot connect"), "{what}: {err}");
        assert!(err.contains(needle), "{what}: {err}");
        if what == "missing database" {
            assert!(err.contains("does not exist"), "{what}: {err}");
        }
        v.assert_unchanged(&before);
        v.assert_failed_backup_recorded("cannot connect");
    }
}

#[test]
fn store_that_cannot_be_written_exits_8() {
    let src = fresh_db("store_src");
    src.psql("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g");

    // The class directory is a regular file (root cannot write into that either).
    let v = TestVault::new(&src.url());
    let general = v.store_dir().join("general");
    std::fs::write(&general, b"not a directory").unwrap();
    let before = v.snapshot_state();
    let err = v.fails_with(v.cmd().args(["backup"]), EXIT_STORAGE);
    assert!(err.contains("store"), "{err}");
    v.assert_unchanged(&before);
    v.assert_failed_backup_recorded("store");
    assert_eq!(std::fs::read(&general).unwrap(), b"not a directory");

    // The store on a read-only file system (EROFS stops root too), its class
    // directory already there: the temporary file cannot be created.
    let mut v = TestVault::new(&src.url());
    let mnt = Mount::tmpfs(&v.dir().join("ro-store"), "size=1m");
    std::fs::create_dir(mnt.path().join("general")).unwrap();
    mnt.remount("ro");
    v.set_store(mnt.path());
    let before = v.snapshot_state();
    let err = v.fails_with(v.cmd().args(["backup"]), EXIT_STORAGE);
    assert!(err.to_lowercase().contains("read-only"), "{err}");
    v.assert_unchanged(&before);
    v.assert_failed_backup_recorded("Read-only");
}

#[test]
fn disk_full_during_backup_exits_8_and_leaves_no_file() {
    let src = fresh_db("full_src");
    // ~5 MB of random bytes: incompressible, larger than the 2 MiB store.
    src.psql(
        "CREATE TABLE noise AS SELECT g AS id, \
         decode(md5(random()::text) || md5(random()::text), 'hex') AS b \
         FROM generate_series(1, 150000) g",
    );
    let mut v = TestVault::new(&src.url());
    let mnt = Mount::tmpfs(&v.dir().join("small-store"), "size=2m");
    v.set_store(mnt.path());
    let before = v.snapshot_state();
    let err = v.fails_with(v.cmd().args(["backup"]), EXIT_STORAGE);
    assert!(err.contains("No space left on device"), "{err}");
    v.assert_unchanged(&before);
    v.assert_failed_backup_recorded("No space left on device");
    let mut left = Vec::new();
    vault_support::walk(mnt.path(), &mut left);
    assert!(
        left.is_empty(),
        "nothing is left on the full store: {left:?}"
    );
    // No pg_dump is left behind either: nothing else is connected to the source.
    let others = "SELECT count(*) FROM pg_stat_activity \
                  WHERE datname = current_database() AND pid <> pg_backend_pid()";
    let mut waited = 0;
    while src.scalar(others) != "0" && waited < 100 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        waited += 1;
    }
    assert_eq!(src.scalar(others), "0", "a pg_dump is still connected");
}

// --- failures: restore --------------------------------------------------------------

#[test]
fn wrong_identity_exits_4_and_touches_nothing() {
    let src = fresh_db("wrongkey_src");
    src.psql("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g");
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    let other = TestVault::new(&src.url());
    let dst = fresh_db("wrongkey_dst");
    let err = v.fails_with(
        v.cmd().args([
            "restore",
            &id,
            "--to",
            &dst.url(),
            "-i",
            other.identity_str(),
        ]),
        EXIT_NO_KEY,
    );
    assert!(err.contains("no identity can decrypt"), "{err}");
    assert_eq!(
        user_relations(&dst.url()),
        0,
        "the target database is untouched"
    );
    // --create with the wrong key: the database is created, and stays empty.
    let scratch = ScratchDb::new("wrongkey_create");
    v.fails_with(
        v.cmd().args([
            "restore",
            &id,
            "--to",
            &scratch.url(),
            "-i",
            other.identity_str(),
            "--create",
        ]),
        EXIT_NO_KEY,
    );
    if pg::database_exists(server().target(), scratch.name()).unwrap() {
        assert_eq!(user_relations(&scratch.url()), 0);
    }
    let runs = v.runs(RunKind::Restore);
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.outcome == Some(Outcome::Failed)));
    // The deep verify says the same, and is recorded as a failure.
    v.fails_with(
        v.cmd().args(["verify", &id, "-i", other.identity_str()]),
        EXIT_NO_KEY,
    );
    // The right key still works.
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_eq!(dst.scalar("SELECT count(*) FROM t"), "1000");
}

#[test]
fn restore_that_the_database_refuses_exits_7_and_rolls_back() {
    let src = fresh_db("inway_src");
    src.psql(
        "CREATE TABLE a AS SELECT g AS id FROM generate_series(1, 500) g;
         CREATE TABLE b (id int PRIMARY KEY, note text);
         INSERT INTO b SELECT g, 'row ' || g FROM generate_series(1, 500) g;",
    );
    let v = TestVault::new(&src.url());
    for format in ["custom", "plain"] {
        let id = v.backup(format);
        let dst = fresh_db(&format!("inway_dst_{format}"));
        // A table of the same name is in the way: CREATE TABLE b fails after a is made.
        dst.psql("CREATE TABLE b (x int); INSERT INTO b VALUES (42);");
        let err = v.fails_with(
            v.cmd().args([
                "restore",
                &id,
                "--to",
                &dst.url(),
                "-i",
                v.identity_str(),
                "--into-existing",
            ]),
            EXIT_DATABASE,
        );
        assert!(err.contains("already exists"), "{format}: {err}");
        assert_eq!(
            dst.row_counts(),
            BTreeMap::from([("public.b".to_owned(), 1)]),
            "{format}: one transaction, rolled back"
        );
        let run = &v.runs(RunKind::Restore)[0];
        assert_eq!(run.outcome, Some(Outcome::Failed), "{run:?}");
        assert!(
            run.error
                .as_deref()
                .unwrap_or_default()
                .contains("already exists"),
            "{run:?}"
        );
    }
}

/// Restores `id` (expected to fail with exit 5) into a fresh database and
/// asserts nothing arrived there.
fn assert_restore_fails_clean(v: &TestVault, id: &str, what: &str) -> String {
    let dst = fresh_db(&format!("corrupt_{what}"));
    let err = v.fails_with(
        v.cmd()
            .args(["restore", id, "--to", &dst.url(), "-i", v.identity_str()]),
        EXIT_INTEGRITY,
    );
    assert_eq!(
        user_relations(&dst.url()),
        0,
        "{what}: no table, view or sequence was restored ({err})"
    );
    assert_eq!(
        dst.scalar("SELECT count(*) FROM pg_largeobject_metadata"),
        "0",
        "{what}"
    );
    err
}

#[test]
fn corrupted_archive_fails_verify_and_restore_restores_nothing() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    let path = v.archive_path(&id);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size > 512 << 10,
        "pagila makes an archive of many age chunks: {size}"
    );
    flip_byte(&path, size / 2);

    // Keyless verify: the ciphertext hash.
    let err = v.fails_with(v.cmd().args(["verify", &id]), EXIT_INTEGRITY);
    assert!(
        err.contains(&id) || err.contains("hash") || err.contains("SHA"),
        "{err}"
    );
    // verify --all: one summary error line, same code.
    v.fails_with(v.cmd().args(["verify", "--all"]), EXIT_INTEGRITY);
    // Deep.
    v.fails_with(
        v.cmd().args(["verify", &id, "-i", v.identity_str()]),
        EXIT_INTEGRITY,
    );
    let show = v.show(&id);
    let ver = show["verifications"].as_array().unwrap();
    // The first is the backup's own read-back (ok), then the three failures.
    assert_eq!(ver.len(), 4, "{show}");
    assert_eq!(ver[0]["ok"], true, "{show}");
    assert!(
        ver[1..]
            .iter()
            .all(|x| x["ok"] == false && x["error"].as_str().is_some_and(|e| !e.is_empty())),
        "every failed verification is recorded with its error: {show}"
    );
    assert_eq!(v.list()[0]["last_verified"]["ok"], false);

    // Restore: refused by the keyless check before anything reaches the server.
    assert_restore_fails_clean(&v, &id, "custom_mid");

    // The same corruption under a valid seal (as if the signer had sealed a
    // damaged file): only decryption finds it, half the dump has gone to
    // pg_restore by then; the hold-back and the single transaction must
    // leave nothing.
    reseal_as_signer(&v, &id);
    v.ok(&["verify", &id]);
    let err = assert_restore_fails_clean(&v, &id, "custom_mid_sealed");
    assert!(
        !err.contains("seal"),
        "decryption, not the seal, refused it: {err}"
    );
    let runs = v.runs(RunKind::Restore);
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter()
            .all(|r| r.outcome == Some(Outcome::Failed) && r.error.is_some()),
        "{runs:?}"
    );
}

#[test]
fn plain_archive_corrupted_near_its_end_restores_nothing() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = v.backup("plain");
    let path = v.archive_path(&id);
    let size = std::fs::metadata(&path).unwrap().len();
    flip_byte(&path, size - 3000);
    assert_restore_fails_clean(&v, &id, "plain_end");
    // Under a valid seal: psql has had everything but the held-back tail.
    reseal_as_signer(&v, &id);
    assert_restore_fails_clean(&v, &id, "plain_end_sealed");

    // Corrupt the very last bytes of ciphertext too (the tag of the last chunk).
    let id = v.backup("plain");
    let path = v.archive_path(&id);
    let size = std::fs::metadata(&path).unwrap().len();
    flip_byte(&path, size - 1);
    reseal_as_signer(&v, &id);
    assert_restore_fails_clean(&v, &id, "plain_last_byte_sealed");
}

#[test]
fn archive_whose_damage_shows_only_at_the_end_restores_nothing() {
    // Every byte of the dump decrypts and streams; only the manifest check
    // after the last byte fails. The held-back tail and the single
    // transaction are all that stand between the damage and a COMMIT.
    let src = pagila();
    let v = TestVault::new(&src.url());
    for format in ["plain", "custom"] {
        let id = v.backup(format);
        tamper_manifest_digest(&v, &id);
        reseal_as_signer(&v, &id);
        v.ok(&["verify", &id]);
        let err = v.fails_with(
            v.cmd().args(["verify", &id, "-i", v.identity_str()]),
            EXIT_INTEGRITY,
        );
        assert!(err.contains("manifest"), "{format}: {err}");
        let err = assert_restore_fails_clean(&v, &id, &format!("{format}_manifest"));
        assert!(err.contains("manifest"), "{format}: {err}");
        // A drill of it fails the same way, is recorded, and drops its scratch database.
        let out = v
            .cmd()
            .args(["drill", &id, "-i", v.identity_str()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(EXIT_INTEGRITY), "{format}: drill");
        let show = v.show(&id);
        let d = &show["drills"][0];
        assert_eq!(d["ok"], false, "{d}");
        assert!(d["error"].as_str().unwrap().contains("manifest"), "{d}");
        let scratch = d["scratch_db"].as_str().unwrap();
        assert!(!pg::database_exists(server().target(), scratch).unwrap());
    }
}

// --- failures: config ---------------------------------------------------------------

#[test]
fn malformed_config_exits_3_naming_the_file() {
    let good = TestVault::new("postgresql://postgres@127.0.0.1:5432/x");
    let text = std::fs::read_to_string(good.config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, content, needle) in [
        ("bad-toml.toml", "[vault\nstore = 1\n".to_owned(), "line 1"),
        (
            "unknown-key.toml",
            text.replace("[backup]\n", "[backup]\nbogus_key = 1\n"),
            "bogus_key",
        ),
        (
            "password.toml",
            text.replace(
                "postgresql://postgres@127.0.0.1",
                "postgresql://postgres:hunter2@127.0.0.1",
            ),
            "password",
        ),
    ] {
        assert_ne!(content, text, "{name}: the edit applied");
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        // Through --config and through COFFER_CONFIG.
        for via_env in [false, true] {
            let mut cmd = good.bare_cmd();
            if via_env {
                cmd.env("COFFER_CONFIG", &path);
            } else {
                cmd.arg("--config").arg(&path);
            }
            let err = good.fails_with(cmd.arg("list"), EXIT_BAD_INPUT);
            assert!(
                err.contains(path.to_str().unwrap()),
                "{name}: the message names the file: {err}"
            );
            assert!(err.contains(needle), "{name}: {err}");
            assert!(
                !err.contains("hunter2"),
                "{name}: the password is not echoed: {err}"
            );
        }
    }
    // No config at all.
    let missing = dir.path().join("nope.toml");
    let err = good.fails_with(
        good.bare_cmd().arg("--config").arg(&missing).arg("list"),
        EXIT_BAD_INPUT,
    );
    assert!(err.contains(missing.to_str().unwrap()), "{err}");
}

// --- the demo -----------------------------------------------------------------------

#[test]
fn demo_runs_end_to_end() {
    let out = assert_cmd::Command::cargo_bin("coffer")
        .unwrap()
        .arg("demo")
        .env_remove("COFFER_CONFIG")
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "coffer demo failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "backed up",
        "verified 2 archives keyless",
        "class ferpa",
        "the general key alone cannot open the ferpa archive",
        "restore drill of the whole set",
        "row counts of 9 tables match",
        "a second time today: backup skipped, verify skipped, push skipped, prune skipped, drill skipped (nothing twice); exit code 0",
        "`coffer check`: warning",
        "a private identity is on the backup host",
        "`coffer rekey`: the general archive now opens for a second custodian too (1 -> 2 recipients; payload SHA-256",
        "8. point-in-time recovery: archive_command `coffer wal push %p` sealed",
        "a physical base backup (",
        "restored to just before it with `coffer wal fetch` as restore_command: pg_verifybackup passed, promoted in",
        "enrollments back",
        "the audit report of today: 3 archives, audit chain verified",
        "and the signed evidence bundle (",
    ] {
        assert!(stdout.contains(needle), "{needle}: {stdout}");
    }
}
