//! Parallel dump and restore (`coffer backup --jobs N`, `coffer restore
//! --jobs N`; spec/format.md "Parallel dumps"): real pg_dump processes in
//! one snapshot, their streams interleaved in one archive per class, and
//! restored by one pg_restore per stream. Checked by pg_dump comparison as
//! the vault tests do, on the rich-types fixture, pagila and the school
//! schema with a FERPA class; snapshot consistency by a row committed after
//! the snapshot; a killed stream fails the whole backup; the stock-tool
//! recipe restores a parallel archive without coffer.

#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod classes_support;
mod common;
#[path = "vault_support/mod.rs"]
mod vault_support;

use std::process::Command;

use serde_json::Value;

use classes_support::{ClassVault, FERPA_TABLES, school_sql};
use common::{TestDb, assert_same_dump, fresh_db};
use vault_support::{FakePgBin, ScratchDb, TestVault, pagila};

const EXIT_DATABASE: i32 = 7;

/// Creates the (empty) database of a ScratchDb URL, for psql to restore into.
fn pg_create(url: &str) {
    let target = coffer::pg::ConnTarget::new(Some(url)).unwrap();
    coffer::pg::create_database(&target.with_database("postgres"), &target.database()).unwrap();
}

fn backup_jobs(v: &TestVault, jobs: usize) -> Value {
    backup_format_jobs(v, "custom", jobs)
}

fn backup_format_jobs(v: &TestVault, format: &str, jobs: usize) -> Value {
    let out = v.ok_json(&[
        "backup",
        "--format",
        format,
        "--jobs",
        &jobs.to_string(),
        "--json",
    ]);
    assert_eq!(out["ok"], true, "{out}");
    out
}

/// The data streams an archive's facts name, with their tables.
fn data_streams(v: &TestVault, id: &str) -> serde_json::Map<String, Value> {
    v.show(id)["facts"]["data_streams"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

/// Backs `src` up with `--jobs 1, 2, 3`, custom and plain, and restores
/// each (all streams at once, and for one of them `--jobs 1`: a pass per
/// stream), compared with pg_dump of the source.
fn round_trips(src: &TestDb, what: &str) {
    let v = TestVault::new(&src.url());
    let expected = src.dump_normalized();
    let counts = src.row_counts();
    assert!(counts.len() >= 2, "{what}: tables to share out");
    for (format, jobs) in [
        ("custom", 1usize),
        ("custom", 2),
        ("custom", 3),
        ("plain", 2),
        ("plain", 3),
    ] {
        let what = &format!("{what}_{format}");
        let id = backup_format_jobs(&v, format, jobs)["archive_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let streams = data_streams(&v, &id);
        if jobs == 1 {
            assert!(streams.is_empty(), "{what}: --jobs 1 is one stream");
        } else {
            assert_eq!(streams.len(), jobs.min(counts.len()), "{what}: {streams:?}");
            // Every table's rows in exactly one data stream.
            let mut shared: Vec<String> = streams
                .values()
                .flat_map(|t| t.as_array().unwrap().iter())
                .map(|t| t.as_str().unwrap().to_owned())
                .collect();
            shared.sort();
            let mut all: Vec<String> = counts.keys().cloned().collect();
            all.sort();
            assert_eq!(shared, all, "{what}: shares cover every table once");
        }
        let mut restore_jobs: Vec<Option<&str>> = vec![None];
        if jobs == 3 && format == "custom" {
            restore_jobs.push(Some("1"));
        }
        for rj in restore_jobs {
            let dst = ScratchDb::new(&format!("{what}_j{jobs}_{}", rj.unwrap_or("all")));
            let url = dst.url();
            let mut args = vec![
                "restore",
                &id,
                "--to",
                &url,
                "-i",
                v.identity_str(),
                "--json",
            ];
            // psql restores into a database that exists; pg_restore's gets created.
            if format == "custom" {
                args.push("--create");
            } else {
                pg_create(&url);
            }
            if let Some(n) = rj {
                args.extend(["--jobs", n]);
            }
            let out = v.ok_json(&args);
            assert_eq!(out["report"]["mismatches"], serde_json::json!([]), "{out}");
            assert_eq!(
                out["report"]["tables_checked"].as_u64(),
                Some(counts.len() as u64),
                "{out}"
            );
            assert_same_dump(
                &expected,
                &dst.dump_normalized(),
                &format!("{what}, --jobs {jobs}, restore --jobs {rj:?}"),
            );
        }
    }
}

#[test]
fn rich_types_round_trip_with_1_2_and_3_jobs() {
    let src = fresh_db("par_rich");
    src.load_fixture("rich_types.sql");
    round_trips(&src, "rich");
}

#[test]
fn pagila_round_trips_with_1_2_and_3_jobs() {
    round_trips(pagila(), "pagila");
}

#[test]
fn school_set_with_a_ferpa_class_round_trips_with_2_jobs() {
    let src = fresh_db("par_school");
    src.psql(&school_sql(true));
    let expected = src.dump_normalized();
    let cv = ClassVault::new(&src.url());
    let out = backup_jobs(&cv.v, 2);
    let id = out["archive_id"].as_str().unwrap().to_owned();
    let members = out["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "one ferpa archive: {out}");
    assert_eq!(members[0]["store"], "ferpa-local", "{out}");
    let ferpa_id = members[0]["archive_id"].as_str().unwrap();
    // --jobs splits within each class: both archives have two data streams.
    assert_eq!(data_streams(&cv.v, &id).len(), 2);
    let ferpa_streams = data_streams(&cv.v, ferpa_id);
    assert_eq!(ferpa_streams.len(), 2, "{ferpa_streams:?}");
    let mut ferpa_tables: Vec<&str> = ferpa_streams
        .values()
        .flat_map(|t| t.as_array().unwrap().iter().map(|s| s.as_str().unwrap()))
        .collect();
    ferpa_tables.sort_unstable();
    assert_eq!(ferpa_tables, FERPA_TABLES, "the FERPA tables, each once");
    let dst = ScratchDb::new("par_school_dst");
    let report = cv.restore(
        &id,
        &dst.url(),
        &[cv.general_identity(), cv.ferpa_identity()],
        &["--create"],
    );
    assert_eq!(report["mismatches"], serde_json::json!([]), "{report}");
    assert_same_dump(&expected, &dst.dump_normalized(), "school set, --jobs 2");
}

#[test]
fn a_row_committed_after_the_snapshot_is_in_no_stream() {
    let src = fresh_db("par_marker");
    src.psql(
        "CREATE TABLE marker (id int PRIMARY KEY, note text NOT NULL);
         CREATE TABLE other (id int PRIMARY KEY);
         CREATE SEQUENCE later START 2;
         INSERT INTO marker VALUES (1, 'before the backup');
         INSERT INTO other SELECT generate_series(1, 1000);",
    );
    // Every pg_dump of the backup first commits a row from a connection of
    // its own: all of them start after the snapshot was exported.
    let bin = FakePgBin::new(
        r#""$REAL/psql" -X -q -v ON_ERROR_STOP=1 -c "INSERT INTO marker VALUES (nextval('later'), 'after the snapshot')" >&2 || exit 99
exec "$REAL/pg_dump" "$@""#,
    );
    let v = TestVault::new(&src.url());
    let out = v
        .cmd()
        .env("COFFER_PG_BIN", bin.path())
        .args(["backup", "--jobs", "2", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = serde_json::from_slice::<Value>(&out.stdout).unwrap()["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(data_streams(&v, &id).len(), 2);
    // Three pg_dumps ran (schema and two data streams), each added a row.
    assert_eq!(src.scalar("SELECT count(*) FROM marker"), "4");
    let dst = fresh_db("par_marker_dst");
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_eq!(
        dst.psql("SELECT id, note FROM marker ORDER BY id"),
        "1|before the backup\n",
        "no row committed after the snapshot"
    );
    assert_eq!(dst.scalar("SELECT count(*) FROM other"), "1000");
}

#[test]
fn one_killed_stream_fails_the_whole_backup_and_registers_nothing() {
    let src = fresh_db("par_kill");
    src.psql(
        "CREATE TABLE big (id int PRIMARY KEY, t text);
         INSERT INTO big SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g;
         CREATE TABLE small (id int PRIMARY KEY);
         INSERT INTO small SELECT generate_series(1, 10);",
    );
    // The pg_dump of the stream that holds table `small` dies (SIGKILL) after
    // its first bytes; the others run as they are.
    let bin = FakePgBin::new(
        r#"case " $* " in
  *"--table=public.small"*) "$REAL/pg_dump" "$@" | head -c 100; kill -9 $$ ;;
esac
exec "$REAL/pg_dump" "$@""#,
    );
    let v = TestVault::new(&src.url());
    let before = v.snapshot_state();
    let out = v
        .cmd()
        .env("COFFER_PG_BIN", bin.path())
        .args(["backup", "--jobs", "2"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(EXIT_DATABASE),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pg_dump"), "names pg_dump: {stderr}");
    v.assert_unchanged(&before);
    v.assert_failed_backup_recorded("pg_dump");
    // And the next backup is whole.
    let id = backup_jobs(&v, 2)["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dst = fresh_db("par_kill_dst");
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_eq!(dst.scalar("SELECT count(*) FROM big"), "20000");
}

#[test]
fn a_schema_only_dump_ignores_jobs() {
    let src = fresh_db("par_schema");
    src.psql("CREATE TABLE a (id int); CREATE TABLE b (id int); INSERT INTO a VALUES (1);");
    let v = TestVault::new(&src.url());
    let id = backup_format_jobs(&v, "schema-only", 2)["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(data_streams(&v, &id).is_empty(), "one stream");
    let dst = fresh_db("par_schema_dst");
    v.ok(&["restore", &id, "--to", &dst.url(), "-i", v.identity_str()]);
    assert_eq!(dst.scalar("SELECT count(*) FROM a"), "0");
}

/// spec/format.md "Parallel dumps": the recipe restores a parallel archive
/// with age, zstd, tar and pg_restore alone.
#[test]
fn the_stock_tool_recipe_restores_a_parallel_archive() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = backup_jobs(&v, 3)["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let archive = v.archive_path(&id);
    let work = tempfile::tempdir().unwrap();
    let tar = work.path().join("archive.tar");
    let sh = |script: &str| {
        let out = Command::new("sh")
            .arg("-ec")
            .arg(script)
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    sh(&format!(
        "age -d -i '{}' '{}' | zstd -dc > '{}'",
        v.identity_str(),
        archive.display(),
        tar.display()
    ));
    let streams = sh("tar -tf archive.tar | sed -n 's|^payload/\\([^/]*\\)/.*|\\1|p' | sort -u");
    let streams: Vec<&str> = streams.lines().collect();
    assert_eq!(streams, ["data.1", "data.2", "data.3", "dump"]);
    let dst = fresh_db("par_recipe");
    let url = dst.url();
    let bin = coffer::pg::tools::bin_dir().unwrap();
    sh(&format!(
        "PATH='{}':$PATH
         tar -xOf archive.tar --wildcards 'payload/dump/*' | pg_restore --section=pre-data -d '{url}'
         tar -xOf archive.tar --wildcards 'payload/dump/*' | pg_restore --section=data -d '{url}'
         pids=
         for s in data.1 data.2 data.3; do
           tar -xOf archive.tar --wildcards \"payload/$s/*\" | pg_restore -d '{url}' &
           pids=\"$pids $!\"
         done
         for p in $pids; do wait $p; done
         tar -xOf archive.tar --wildcards 'payload/dump/*' | pg_restore --section=post-data -d '{url}'",
        bin.display()
    ));
    assert_same_dump(
        &src.dump_normalized(),
        &dst.dump_normalized(),
        "pagila by the stock-tool recipe",
    );
}

#[test]
fn selective_restore_of_a_table_of_a_parallel_archive_brings_its_rows() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = backup_jobs(&v, 3)["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let dst = fresh_db("par_sel");
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
    assert_eq!(dst.scalar("SELECT count(*) FROM public.actor"), "200");
    assert_eq!(
        dst.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
        "1",
        "only public.actor"
    );
}
