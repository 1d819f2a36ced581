//! The PostgreSQL layer (`coffer::pg`) against a real server: the throwaway
//! cluster, connections the libpq way, the exported snapshot and its row
//! counts, and pg_dump -> pipe -> pg_restore/psql round trips whose result
//! must dump identically to the source.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;

use coffer::pg::{self, ConnTarget, DumpFormat, Error, RestoreOptions, RowCountMode};
use common::{TestDb, assert_same_dump, fresh_db, server};

// --- harness -----------------------------------------------------------------

#[test]
fn harness_starts_a_server_and_makes_databases() {
    let db = fresh_db("smoke");
    assert_eq!(db.scalar("SELECT 1 + 1"), "2");
    let other = fresh_db("smoke");
    assert_ne!(db.name(), other.name());
    assert!(pg::database_exists(server().target(), db.name()).unwrap());
    let name = other.name().to_owned();
    drop(other);
    assert!(!pg::database_exists(server().target(), &name).unwrap());

    // The private unix socket works too, for the client and for child tools.
    if let Some(cluster) = server().cluster() {
        let conninfo = format!(
            "host='{}' port={} user=postgres dbname={}",
            cluster.socket_dir().display(),
            cluster.port(),
            db.name()
        );
        let target = ConnTarget::new(Some(&conninfo)).unwrap();
        let mut client = target.connect().unwrap();
        let row = client
            .query_one("SELECT coalesce(inet_client_addr()::text, 'socket')", &[])
            .unwrap();
        assert_eq!(row.get::<_, String>(0), "socket");
        let via_url = ConnTarget::new(Some(&target.to_url())).unwrap();
        assert_eq!(via_url.host(), cluster.socket_dir().to_str().unwrap());
        via_url.connect().unwrap();
        assert!(common::pg_dump_normalized(&target.to_url()).contains("PostgreSQL database dump"));
    }
}

#[test]
fn mixed_case_database_names_are_quoted() {
    let target = server().target();
    let name = format!("Mixed \"Case\" {}", std::process::id());
    pg::create_database(target, &name).unwrap();
    assert!(pg::database_exists(target, &name).unwrap());
    let mut client = target.with_database(&name).connect().unwrap();
    let row = client.query_one("SELECT current_database()", &[]).unwrap();
    assert_eq!(row.get::<_, String>(0), name);
    drop(client);
    pg::drop_database(target, &name).unwrap();
    assert!(!pg::database_exists(target, &name).unwrap());
}

// --- connections -------------------------------------------------------------

#[test]
fn password_in_url_is_refused() {
    let err = ConnTarget::new(Some("postgresql://postgres:hunter2@127.0.0.1:5432/db")).unwrap_err();
    assert!(matches!(err, Error::PasswordInUrl), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("PGPASSWORD"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    let err = ConnTarget::new(Some("host=127.0.0.1 password=hunter2")).unwrap_err();
    assert!(matches!(err, Error::PasswordInUrl), "{err:?}");
}

#[test]
fn unreachable_port_is_a_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let target = ConnTarget::new(Some(&format!(
        "postgresql://postgres@127.0.0.1:{port}/postgres"
    )))
    .unwrap();
    let err = target.connect().err().expect("connect must fail");
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&port.to_string()), "{message}");
    assert!(!message.contains('\n'), "{message}");
    // The snapshot path reports the same.
    assert!(matches!(target.snapshot(), Err(Error::Connect { .. })));
}

#[test]
fn missing_database_is_a_clear_connect_error() {
    let target = server().target().with_database("coffer_no_such_db");
    let err = target.connect().err().expect("connect must fail");
    let message = err.to_string();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        message.contains("database \"coffer_no_such_db\" does not exist"),
        "{message}"
    );
    // pg_dump says so too, through finish().
    let mut dump = pg::spawn_dump(&target, "00000003-00000002-1", DumpFormat::Custom, &[]).unwrap();
    let mut sink = Vec::new();
    dump.read_to_end(&mut sink).unwrap();
    let err = dump.finish().unwrap_err();
    assert!(
        matches!(&err, Error::ToolFailed { tool: "pg_dump", code: Some(1), stderr_tail, .. }
            if stderr_tail.contains("does not exist")),
        "{err:?}"
    );
}

/// A role that must log in with a password (scram), through a pg_hba line
/// for it alone; the password comes from a password file.
#[test]
fn pgpass_supplies_the_password() {
    let Some(cluster) = server().cluster() else {
        eprintln!("COFFER_TEST_PGURL is set: pg_hba.conf is not ours, password test limited");
        return;
    };
    let role = format!("coffer_pw_{}", std::process::id());
    let admin = server().target();
    let mut client = admin.connect().unwrap();
    client
        .batch_execute(&format!(
            "SET password_encryption = 'scram-sha-256'; \
             CREATE ROLE {role} LOGIN PASSWORD 'pa:ss\\word'"
        ))
        .unwrap();
    let hba = cluster.data_dir().join("pg_hba.conf");
    let old = std::fs::read_to_string(&hba).unwrap();
    std::fs::write(
        &hba,
        format!("host all {role} 127.0.0.1/32 scram-sha-256\n{old}"),
    )
    .unwrap();
    client.batch_execute("SELECT pg_reload_conf()").unwrap();

    let port = cluster.port();
    let dir = tempfile::tempdir().unwrap();
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!(
            "# comment\notherhost:{port}:*:{role}:wrong\n127.0.0.1:{port}:*:{role}:pa\\:ss\\\\word\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o600)).unwrap();

    let base = ConnTarget::new(Some(&format!(
        "postgresql://{role}@127.0.0.1:{port}/postgres"
    )))
    .unwrap();
    // Without a password: a clear error (retry while the reload lands).
    let no_password = base.with_passfile(&empty);
    let mut err = None;
    for _ in 0..50 {
        match no_password.connect() {
            Ok(_) => std::thread::sleep(std::time::Duration::from_millis(100)),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    let err = err.expect("pg_hba.conf reload never required a password");
    assert!(err.to_string().contains("PGPASSWORD"), "{err}");

    // With the password file: connects, and child tools get it by env.
    let with_pass = base.with_passfile(&pgpass);
    let mut c = with_pass.connect().unwrap();
    assert_eq!(
        c.query_one("SELECT current_user::text", &[])
            .unwrap()
            .get::<_, String>(0),
        role
    );
    drop(c);
    let mut cmd = std::process::Command::new("true");
    with_pass.apply_env(&mut cmd);
    let envs: BTreeMap<String, Option<String>> = cmd
        .get_envs()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.map(|v| v.to_string_lossy().into_owned()),
            )
        })
        .collect();
    assert_eq!(envs["PGPASSWORD"].as_deref(), Some("pa:ss\\word"));
    assert_eq!(envs["PGUSER"].as_deref(), Some(role.as_str()));
    assert_eq!(envs["PGPORT"].as_deref(), Some(port.to_string().as_str()));
    let mut session = with_pass.snapshot().unwrap();
    let mut dump = pg::spawn_dump(&with_pass, session.id(), DumpFormat::SchemaOnly, &[]).unwrap();
    let mut out = String::new();
    dump.read_to_string(&mut out).unwrap();
    dump.finish().unwrap();
    session.client().batch_execute("SELECT 1").unwrap();

    // A group/world-readable file is ignored, as libpq does.
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(matches!(
        base.with_passfile(&pgpass).connect(),
        Err(Error::Connect { .. })
    ));
    // A wrong password is an authentication error naming the role.
    std::fs::write(&pgpass, format!("*:*:*:{role}:nope\n")).unwrap();
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let err = base
        .with_passfile(&pgpass)
        .connect()
        .err()
        .expect("wrong password");
    assert!(
        err.to_string().contains("password authentication failed"),
        "{err}"
    );

    std::fs::write(&hba, old).unwrap();
    client.batch_execute("SELECT pg_reload_conf()").unwrap();
    drop(session);
    client.batch_execute(&format!("DROP ROLE {role}")).unwrap();
}

// --- snapshot and row counts -------------------------------------------------------

#[test]
fn snapshot_hides_rows_committed_after_the_export() {
    let db = fresh_db("snapshot");
    db.psql(
        "CREATE TABLE t (id int, note text); \
         INSERT INTO t SELECT g, 'early-row' FROM generate_series(1, 10) g; \
         CREATE TABLE u (id int); ANALYZE;",
    );
    let mut session = db.target().snapshot().unwrap();
    assert_eq!(session.database(), db.name());
    assert_eq!(session.encoding(), "UTF8");
    assert!(
        session
            .server_version()
            .starts_with(|c: char| c.is_ascii_digit())
    );
    assert!(!session.id().is_empty());

    // Another connection commits more rows and a new table.
    db.psql(
        "INSERT INTO t SELECT g, 'late-row' FROM generate_series(11, 15) g; \
         CREATE TABLE later (id int); INSERT INTO u VALUES (1);",
    );

    let counts = session.row_counts(RowCountMode::Exact).unwrap();
    assert_eq!(
        counts,
        BTreeMap::from([("public.t".to_owned(), 10), ("public.u".to_owned(), 0)])
    );
    assert_eq!(
        session.row_counts(RowCountMode::Off).unwrap(),
        BTreeMap::new()
    );
    let estimates = session.row_counts(RowCountMode::Estimate).unwrap();
    assert_eq!(estimates.get("public.t"), Some(&10));
    assert_eq!(
        session.row_counts_for(&["public.u".to_owned()]).unwrap(),
        BTreeMap::from([("public.u".to_owned(), 0)])
    );
    assert!(matches!(
        session.row_counts_for(&["public.later".to_owned()]),
        Err(Error::UnknownTable(_))
    ));

    let mut dump = pg::spawn_dump(&db.target(), session.id(), DumpFormat::Plain, &[]).unwrap();
    let mut sql = String::new();
    dump.read_to_string(&mut sql).unwrap();
    dump.finish().unwrap();
    assert!(sql.contains("early-row"));
    assert!(
        !sql.contains("late-row"),
        "the dump holds rows committed after the snapshot"
    );
    assert!(
        !sql.contains("later"),
        "the dump holds a table created after the snapshot"
    );
    session.finish().unwrap();

    // Now, outside the snapshot, all rows are counted.
    assert_eq!(db.row_counts().get("public.t"), Some(&15));
}

#[test]
fn tables_are_those_pg_dump_dumps_rows_of() {
    let db = fresh_db("tables");
    db.load_fixture("rich_types.sql");
    let mut session = db.target().snapshot().unwrap();
    let tables = session.tables().unwrap();
    for present in [
        "\"Student Records\".\"Grade Book\"",
        "\"Student Records\".\"Transcripts\"",
        "public.\"MixedCase\"",
        "public.measurements_2023",
        "public.measurements_other",
        "public.cache_entries",
        "public.people",
    ] {
        assert!(
            tables.iter().any(|t| t == present),
            "{present} missing from {tables:?}"
        );
    }
    for absent in [
        "public.measurements",
        "public.invoice_totals",
        "public.happy_people",
    ] {
        assert!(
            !tables.iter().any(|t| t == absent),
            "{absent} listed in {tables:?}"
        );
    }
    let counts = session.row_counts(RowCountMode::Exact).unwrap();
    assert_eq!(counts["\"Student Records\".\"Grade Book\""], 3);
    assert_eq!(counts["public.invoices"], 20);
    assert_eq!(counts["public.cache_entries"], 2);
    assert_eq!(
        counts["public.measurements_2023"]
            + counts["public.measurements_2024"]
            + counts["public.measurements_other"],
        753
    );
}

// --- dump and restore ---------------------------------------------------------------

/// Backs `src` up with `format` through a pipe into a fresh database and
/// returns it, after checking the row counts taken under the snapshot.
fn round_trip(src: &TestDb, format: DumpFormat, prefix: &str) -> TestDb {
    let dst = fresh_db(prefix);
    let mut session = src.target().snapshot().unwrap();
    let counts = session.row_counts(RowCountMode::Exact).unwrap();
    let mut dump = pg::spawn_dump(&src.target(), session.id(), format, &[]).unwrap();
    let mut restore =
        pg::spawn_restore(&dst.target(), format, &[], &RestoreOptions::default()).unwrap();
    let copied = std::io::copy(&mut dump, &mut restore).unwrap();
    assert!(copied > 0);
    dump.finish().unwrap();
    restore.finish().unwrap();
    session.finish().unwrap();
    let restored = dst.row_counts();
    if format == DumpFormat::SchemaOnly {
        assert!(restored.values().all(|n| *n == 0), "{restored:?}");
        assert_eq!(
            restored.keys().collect::<Vec<_>>(),
            counts.keys().collect::<Vec<_>>()
        );
    } else {
        assert_eq!(restored, counts, "row counts after a {format} round trip");
    }
    dst
}

fn check_round_trips(src: &TestDb, what: &str) {
    let expected = src.dump_normalized();
    let expected_schema = src.dump_normalized_args(&["--schema-only"]);
    for format in [
        DumpFormat::Custom,
        DumpFormat::Plain,
        DumpFormat::SchemaOnly,
    ] {
        let dst = round_trip(src, format, &format!("{what}_{format}"));
        if format == DumpFormat::SchemaOnly {
            assert_same_dump(
                &expected_schema,
                &dst.dump_normalized_args(&["--schema-only"]),
                &format!("{what}, {format}"),
            );
        } else {
            assert_same_dump(
                &expected,
                &dst.dump_normalized(),
                &format!("{what}, {format}"),
            );
        }
    }
}

#[test]
fn rich_types_round_trip_in_every_format() {
    let src = fresh_db("rich_src");
    src.load_fixture("rich_types.sql");
    check_round_trips(&src, "rich");
    // The bytes that matter, checked directly too.
    let dst = round_trip(&src, DumpFormat::Custom, "rich_bytes");
    let all_bytes = "SELECT encode(data, 'hex') FROM blobs WHERE id = 1";
    assert_eq!(dst.scalar(all_bytes).len(), 512);
    assert_eq!(dst.scalar(all_bytes), src.scalar(all_bytes));
    assert_eq!(
        dst.scalar("SELECT count(*) FROM pg_largeobject_metadata"),
        "1"
    );
    assert_eq!(
        dst.scalar("SELECT string_agg(big::text, ',' ORDER BY id) FROM numbers"),
        src.scalar("SELECT string_agg(big::text, ',' ORDER BY id) FROM numbers"),
    );
}

#[test]
fn pagila_round_trips_in_every_format() {
    let src = fresh_db("pagila_src");
    src.load_pagila();
    assert_eq!(src.scalar("SELECT count(*) FROM public.rental"), "16044");
    check_round_trips(&src, "pagila");
}

#[test]
fn selective_restore_of_named_tables() {
    let src = fresh_db("sel_src");
    src.load_fixture("rich_types.sql");
    let mut session = src.target().snapshot().unwrap();
    let all = session.tables().unwrap();
    let wanted = vec![
        "\"Student Records\".\"Grade Book\"".to_owned(),
        "\"Student Records\".\"Transcripts\"".to_owned(),
    ];
    let dst = fresh_db("sel_dst");
    dst.psql("CREATE SCHEMA \"Student Records\"");
    let opts = RestoreOptions {
        dump_tables: Some(all.clone()),
        ..RestoreOptions::default()
    };
    let mut dump = pg::spawn_dump(&src.target(), session.id(), DumpFormat::Custom, &[]).unwrap();
    let mut restore = pg::spawn_restore(&dst.target(), DumpFormat::Custom, &wanted, &opts).unwrap();
    std::io::copy(&mut dump, &mut restore).unwrap();
    dump.finish().unwrap();
    restore.finish().unwrap();
    let counts = dst.row_counts();
    assert_eq!(
        counts,
        BTreeMap::from([(wanted[0].clone(), 3), (wanted[1].clone(), 2)])
    );
    assert_eq!(
        dst.scalar("SELECT \"Weird \"\"Quoted\"\" Column\" FROM \"Student Records\".\"Grade Book\" WHERE \"Course\" = 'Physics 101' AND \"Student ID\" = 1"),
        "she said \"hi\""
    );

    // A selection pg_restore cannot make exactly is refused up front.
    let err = pg::spawn_restore(
        &dst.target(),
        DumpFormat::Custom,
        &[
            "public.people".to_owned(),
            "\"Student Records\".\"Transcripts\"".to_owned(),
        ],
        &RestoreOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
    // Plain SQL restores only as a whole.
    let err = pg::spawn_restore(&dst.target(), DumpFormat::Plain, &wanted, &opts).unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)), "{err:?}");
    session.finish().unwrap();
}

// --- failures ------------------------------------------------------------------------

#[test]
fn pg_dump_killed_mid_stream_fails() {
    let db = fresh_db("killed");
    // About 10 MB of dump: far more than a pipe buffer, so pg_dump is still
    // writing when it is killed.
    db.psql(
        "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 3) AS filler \
         FROM generate_series(1, 100000) g",
    );
    let session = db.target().snapshot().unwrap();
    let mut dump = pg::spawn_dump(&db.target(), session.id(), DumpFormat::Custom, &[]).unwrap();
    let mut first = vec![0u8; 64 * 1024];
    dump.read_exact(&mut first).unwrap();
    assert_eq!(&first[..5], b"PGDMP", "custom format magic");
    dump.kill().unwrap();
    let mut rest = Vec::new();
    let _ = dump.read_to_end(&mut rest);
    let err = dump.finish().unwrap_err();
    assert!(
        matches!(
            err,
            Error::ToolFailed {
                tool: "pg_dump",
                signal: Some(9),
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("SIGKILL"), "{message}");
    assert!(!message.contains('\n'), "{message}");
}

#[test]
fn reader_closing_early_fails_the_dump() {
    let db = fresh_db("closed");
    db.psql("CREATE TABLE big AS SELECT g AS id, repeat('x', 200) AS f FROM generate_series(1, 50000) g");
    let session = db.target().snapshot().unwrap();
    let mut dump = pg::spawn_dump(&db.target(), session.id(), DumpFormat::Plain, &[]).unwrap();
    let mut first = [0u8; 1024];
    dump.read_exact(&mut first).unwrap();
    // finish() without reading everything: pg_dump's output is closed.
    let err = dump.finish().unwrap_err();
    assert!(matches!(err, Error::ToolFailed { .. }), "{err:?}");
}

#[test]
fn failed_restore_reports_the_tool_error_and_restores_nothing() {
    let src = fresh_db("fail_src");
    src.psql("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);");
    let dst = fresh_db("fail_dst");
    // A table of the same name already exists: CREATE TABLE fails.
    dst.psql("CREATE TABLE t (id int)");
    for format in [DumpFormat::Custom, DumpFormat::Plain] {
        let session = src.target().snapshot().unwrap();
        let mut dump = pg::spawn_dump(&src.target(), session.id(), format, &[]).unwrap();
        let mut restore =
            pg::spawn_restore(&dst.target(), format, &[], &RestoreOptions::default()).unwrap();
        // The tool may give up before it has read everything.
        let _ = std::io::copy(&mut dump, &mut restore);
        dump.finish().unwrap();
        let err = restore.finish().unwrap_err();
        let tool = if format == DumpFormat::Custom {
            "pg_restore"
        } else {
            "psql"
        };
        assert!(
            matches!(&err, Error::ToolFailed { tool: t, stderr_tail, .. }
                if *t == tool && stderr_tail.contains("already exists")),
            "{format}: {err:?}"
        );
        assert!(!err.to_string().contains('\n'));
        assert_eq!(
            dst.scalar("SELECT count(*) FROM t"),
            "0",
            "single transaction"
        );
    }

    // Garbage on a restore's stdin.
    let mut restore = pg::spawn_restore(
        &dst.target(),
        DumpFormat::Custom,
        &[],
        &RestoreOptions::default(),
    )
    .unwrap();
    let _ = restore.write_all(b"this is not a dump\n");
    let err = restore.finish().unwrap_err();
    assert!(
        matches!(
            err,
            Error::ToolFailed {
                tool: "pg_restore",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn tool_versions() {
    let v = pg::pg_dump_version().unwrap();
    assert!(
        v.split('.').next().unwrap().parse::<u32>().unwrap() >= 10,
        "{v}"
    );
    let mut session = server().target().snapshot().unwrap();
    let server_major: u32 = session
        .server_version()
        .split('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(session.server_version_num() >= (server_major * 10000) as i32);
    session.client().batch_execute("SELECT 1").unwrap();
}

#[test]
fn school_demo_database_loads_fast_and_round_trips() {
    let src = fresh_db("school");
    let started = std::time::Instant::now();
    src.psql_file(common::crate_dir().join("src/demo/school.sql"));
    let load = started.elapsed();
    eprintln!("school.sql loaded in {load:?}");
    assert!(
        load < std::time::Duration::from_secs(5),
        "school.sql took {load:?}"
    );
    let counts = src.row_counts();
    assert_eq!(counts["public.users"], 932);
    assert_eq!(counts["learning.enrollments"], 4800);
    assert_eq!(counts["\"Student Records\".grades"], 2400);
    assert_eq!(counts["\"Student Records\".transcripts"], 600);
    let dst = round_trip(&src, DumpFormat::Custom, "school_dst");
    assert_same_dump(&src.dump_normalized(), &dst.dump_normalized(), "school");

    // `coffer demo` may load it through a client instead of psql.
    let direct = fresh_db("school_direct");
    direct
        .client()
        .batch_execute(include_str!("../src/demo/school.sql"))
        .unwrap();
    assert_eq!(direct.row_counts(), counts);
}
