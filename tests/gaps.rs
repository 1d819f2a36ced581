//! Issue 14's known gaps of the plain-script reader and the selective
//! restore, each against a real PostgreSQL, real pg_dump and the real
//! `coffer` binary:
//! - a table and column whose quoted names hold a newline (the COPY
//!   statement spans lines) round-trip through a plain set restore, whole
//!   and general-only, with the right row counts and the index in place;
//! - objects whose name, schema or owner reads `; Type: INDEX; ...` do not
//!   move the reader's section boundary (pg_dump's real output through the
//!   reader, and a plain set restore equal to the source);
//! - `restore --table` of a custom dump brings the sequences its column
//!   defaults use (serial, identity, shared, free-standing) with their
//!   values: an INSERT without an id continues after the last one.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod classes_support;
mod common;
#[path = "vault_support/mod.rs"]
mod vault_support;

use std::io::Write;

use classes_support::ClassVault;
use coffer::pg::script::{Part, ScriptFilter};
use common::{TestDb, assert_same_dump, fresh_db};
use vault_support::{TestVault, pagila};

/// The source's plain pg_dump, as coffer's backup runs it.
fn plain_dump(db: &TestDb) -> Vec<u8> {
    let mut cmd = std::process::Command::new(coffer::pg::tool_path("pg_dump"));
    db.target().apply_env(&mut cmd);
    let out = cmd
        .args(["--no-password", "--format=plain"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `script` through the reader keeping `part`, in 4 KiB writes.
fn part_of(script: &[u8], part: Part) -> String {
    let mut f = ScriptFilter::new(Vec::new(), part, Vec::new());
    for c in script.chunks(4096) {
        f.write_all(c).unwrap();
    }
    String::from_utf8(f.finish().unwrap().0).unwrap()
}

// --- newlines in names ---------------------------------------------------------------

#[test]
fn a_copy_statement_split_by_newlines_in_names_round_trips_in_plain_format() {
    let src = fresh_db("gaps_nl");
    src.psql(
        "CREATE TABLE public.\"a\nb\" (id serial PRIMARY KEY, \"x\ny\" text);
         INSERT INTO public.\"a\nb\" (\"x\ny\") VALUES ('it''s'), (E'q\"\\\\.'), ('/* $x$ --'), (NULL);
         CREATE INDEX \"a\nb_x\ny_idx\" ON public.\"a\nb\" (\"x\ny\");
         CREATE TABLE public.students (id integer PRIMARY KEY, name text);
         INSERT INTO public.students VALUES (1, 'Ann'), (2, 'Bo');",
    );
    // The reader: the rows' quote and comment opener did not start a
    // literal, so the index is post-data and the rows are not.
    let script = plain_dump(&src);
    let main = part_of(&script, Part::Main);
    let post = part_of(&script, Part::Post);
    assert!(
        main.contains("COPY public.\"a\nb\" (id, \"x\ny\") FROM stdin;\n"),
        "{main}"
    );
    assert!(
        main.contains("it's") && !main.contains("CREATE INDEX"),
        "{main}"
    );
    assert!(
        post.contains("CREATE INDEX \"a\nb_x\ny_idx\"") && !post.contains("COPY "),
        "{post}"
    );

    let cv = ClassVault::with_patterns(&src.url(), "[\"public.students\"]");
    let (id, _) = cv.backup("plain");
    let ids = [cv.general_identity(), cv.ferpa_identity()];
    let dst = fresh_db("gaps_nl_dst");
    let report = cv.restore(&id, &dst.url(), &ids, &[]);
    assert_eq!(report["mismatches"], serde_json::json!([]), "{report}");
    assert_eq!(dst.row_counts(), src.row_counts());
    assert_same_dump(
        &src.dump_normalized(),
        &dst.dump_normalized(),
        "newline names",
    );
    assert_eq!(
        dst.scalar(
            "SELECT string_agg(coalesce(\"x\ny\", 'NULL'), '|' ORDER BY id) FROM public.\"a\nb\""
        ),
        "it's|q\"\\.|/* $x$ --|NULL"
    );
    // General only: the whole script through the reader (Part::All).
    let dst = fresh_db("gaps_nl_gen");
    let report = cv.restore(
        &id,
        &dst.url(),
        &[cv.general_identity()],
        &["--classes", "general"],
    );
    assert_eq!(report["mismatches"], serde_json::json!([]), "{report}");
    assert_eq!(dst.scalar("SELECT count(*) FROM public.\"a\nb\""), "4");
    assert_eq!(
        dst.scalar("SELECT count(*) FROM pg_indexes WHERE tablename = E'a\\nb'"),
        "2"
    );
}

// --- fake types in TOC headers ---------------------------------------------------------

#[test]
fn names_schemas_and_owners_that_read_as_other_types_do_not_fool_the_reader() {
    let src = fresh_db("gaps_fake");
    let role = format!(
        "o{}; Type: INDEX; Schema: public; Owner: postgres",
        std::process::id()
    );
    src.psql(&format!(
        "CREATE ROLE \"{role}\";
         CREATE SCHEMA \"s; Type: INDEX; Schema: public\";
         CREATE TABLE \"s; Type: INDEX; Schema: public\".t (a integer);
         INSERT INTO \"s; Type: INDEX; Schema: public\".t VALUES (1), (2);
         CREATE TABLE public.\"x; Type: INDEX; Schema: public; Owner: postgres\" (a integer);
         INSERT INTO public.\"x; Type: INDEX; Schema: public; Owner: postgres\" VALUES (3);
         CREATE TABLE public.owned (a integer);
         INSERT INTO public.owned VALUES (4), (5), (6);
         ALTER TABLE public.owned OWNER TO \"{role}\";
         CREATE INDEX \"i; Type: TABLE DATA; Schema: public; Owner: postgres\" ON public.owned (a);
         CREATE TABLE public.students (id integer PRIMARY KEY, name text);
         INSERT INTO public.students VALUES (1, 'Ann');"
    ));
    let script = plain_dump(&src);
    let text = String::from_utf8_lossy(&script);
    assert!(
        text.contains("; Type: TABLE; Schema: s; Type: INDEX; Schema: public; Owner: postgres")
            && text.contains(&format!("Owner: {role}")),
        "pg_dump writes the ambiguous headers: {text}"
    );
    let main = part_of(&script, Part::Main);
    let post = part_of(&script, Part::Post);
    for copy in [
        "COPY \"s; Type: INDEX; Schema: public\".t (a) FROM stdin;",
        "COPY public.\"x; Type: INDEX; Schema: public; Owner: postgres\" (a) FROM stdin;",
        "COPY public.owned (a) FROM stdin;",
    ] {
        assert!(main.contains(copy), "{copy} in the main part: {main}");
        assert!(!post.contains(copy), "{copy} not in the post-data part");
    }
    assert!(main.contains("CREATE TABLE public.owned") && !main.contains("CREATE INDEX"));
    assert!(post.contains("CREATE INDEX \"i; Type: TABLE DATA; Schema: public; Owner: postgres\""));

    let cv = ClassVault::with_patterns(&src.url(), "[\"public.students\"]");
    let (id, _) = cv.backup("plain");
    let dst = fresh_db("gaps_fake_dst");
    let report = cv.restore(
        &id,
        &dst.url(),
        &[cv.general_identity(), cv.ferpa_identity()],
        &[],
    );
    assert_eq!(report["mismatches"], serde_json::json!([]), "{report}");
    assert_eq!(dst.row_counts(), src.row_counts());
    assert_same_dump(&src.dump_normalized(), &dst.dump_normalized(), "fake types");
}

// --- selective restore and sequences -------------------------------------------------------

#[test]
fn restore_table_brings_the_sequences_its_defaults_use() {
    let src = fresh_db("gaps_seq");
    src.psql(
        "CREATE TABLE a (id serial PRIMARY KEY, v text);
         CREATE TABLE b (id integer DEFAULT nextval('a_id_seq') PRIMARY KEY, v text);
         CREATE SEQUENCE free_seq START 100;
         CREATE TABLE c (id bigint DEFAULT nextval('free_seq') NOT NULL, v text);
         CREATE TABLE d (id integer GENERATED BY DEFAULT AS IDENTITY, v text);
         INSERT INTO a (v) SELECT 'a' FROM generate_series(1, 5);
         INSERT INTO b (v) SELECT 'b' FROM generate_series(1, 3);
         INSERT INTO c (v) VALUES ('x'), ('y');
         INSERT INTO d (v) VALUES ('x'), ('y'), ('z');",
    );
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    // Serial (owned), a sequence owned by another table, a free sequence,
    // an identity: the next id continues each sequence's current value.
    for (table, next, owned_by) in [
        ("a", "9", Some("public.a.id")),
        ("b", "9", None),
        ("c", "102", None),
        ("d", "4", Some("public.d.id")),
    ] {
        let dst = fresh_db("gaps_seq_dst");
        v.ok(&[
            "restore",
            &id,
            "--to",
            &dst.url(),
            "-i",
            v.identity_str(),
            "--table",
            &format!("public.{table}"),
        ]);
        assert_eq!(
            dst.scalar(&format!("SELECT count(*) FROM {table}")),
            src.scalar(&format!("SELECT count(*) FROM {table}")),
        );
        assert_eq!(
            dst.scalar(&format!(
                "INSERT INTO {table} (v) VALUES ('new') RETURNING id"
            )),
            next,
            "{table}"
        );
        let owner = dst.scalar(&format!(
            "SELECT coalesce(d.refobjid::regclass::text || '.' || a.attname, '-') FROM pg_class s \
             LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') \
             LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid \
             WHERE s.relkind = 'S' AND s.oid = pg_get_serial_sequence('{table}', 'id')::regclass"
        ));
        if let Some(o) = owned_by {
            assert_eq!(owner, o.trim_start_matches("public."), "{table}");
        }
        assert_eq!(
            dst.scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
            "1",
            "only {table}"
        );
    }
}

#[test]
fn restore_table_of_pagila_continues_its_shared_sequence() {
    let src = pagila();
    let v = TestVault::new(&src.url());
    let id = v.backup("custom");
    // actor_id's sequence is not OWNED BY the column: before, pg_restore
    // -t failed on it (`relation "public.actor_actor_id_seq" does not exist`).
    let dst = fresh_db("gaps_actor");
    v.ok(&[
        "restore",
        &id,
        "--to",
        &dst.url(),
        "-i",
        v.identity_str(),
        "--table",
        "public.actor",
    ]);
    assert_eq!(dst.scalar("SELECT count(*) FROM actor"), "200");
    assert_eq!(
        dst.scalar(
            "INSERT INTO actor (first_name, last_name) VALUES ('A', 'B') RETURNING actor_id"
        ),
        "201"
    );
    // An unknown table is refused (exit 7, as before) before anything is restored.
    let mut cmd = v.cmd();
    cmd.args([
        "restore",
        &id,
        "--to",
        &dst.url(),
        "-i",
        v.identity_str(),
        "--table",
        "public.nosuch",
    ]);
    let err = v.fails_with(&mut cmd, 7);
    assert!(err.contains("nosuch"), "{err}");
}
