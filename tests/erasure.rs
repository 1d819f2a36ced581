//! GDPR erasure (issue 5) through the real `coffer` binary: the ledger
//! (hash chain, signatures, encrypted subject ids, duplicates by keyed hash,
//! tamper detection, reload from the store, HMAC key recovery), replay on a
//! real PostgreSQL database of the school fixture (rows gone, everyone else
//! intact, a failing check rolls everything back with exit 12), rule checks,
//! and the "gone from every backup" dates.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod vault_support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use coffer::catalog::Catalog;
use serde_json::Value;

use common::{TestDb, fresh_db};
use vault_support::{TestVault, walk};

/// Exit codes of README.md "Exit codes".
const EXIT_BAD_INPUT: i32 = 3;
const EXIT_INTEGRITY: i32 = 5;
const EXIT_ERASURE_REPLAY: i32 = 12;

/// A distinctive subject id, to grep for.
const SECRET_ID: &str = "424242";

/// Erases a user of the school fixture: every row that references them,
/// explicitly (so that the replay's per-statement counts account for every
/// deleted row, with no cascade behind them), then the user.
const USER_RULE: &str = r#"
[erasure.user]
statements = [
  'DELETE FROM "Student Records".grades WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = $1)',
  'DELETE FROM learning.submissions WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = $1)',
  'DELETE FROM learning.enrollments WHERE student_id = $1',
  'DELETE FROM "Student Records".transcripts WHERE student_id = $1',
  'DELETE FROM public.guardians WHERE student_id = $1 OR parent_id = $1',
  'DELETE FROM public.login_events WHERE user_id = $1',
  'DELETE FROM public.users WHERE id = $1',
]
check = 'SELECT count(*) FROM public.users WHERE id = $1'

[erasure.parent_email]
statements = [
  'DELETE FROM public.guardians WHERE parent_id IN (SELECT id FROM public.users WHERE email = $1)',
  'DELETE FROM public.login_events WHERE user_id IN (SELECT id FROM public.users WHERE email = $1)',
  "DELETE FROM public.users WHERE email = $1 AND role = 'parent'",
]
check = 'SELECT count(*) FROM public.users WHERE email = $1'
"#;

/// What the application itself runs to delete user 42 (USER_RULE with $1 = 42).
const DELETE_USER_42: [&str; 7] = [
    r#"DELETE FROM "Student Records".grades WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = 42)"#,
    "DELETE FROM learning.submissions WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = 42)",
    "DELETE FROM learning.enrollments WHERE student_id = 42",
    r#"DELETE FROM "Student Records".transcripts WHERE student_id = 42"#,
    "DELETE FROM public.guardians WHERE student_id = 42 OR parent_id = 42",
    "DELETE FROM public.login_events WHERE user_id = 42",
    "DELETE FROM public.users WHERE id = 42",
];

fn with_rules(v: &TestVault, rules: &str) {
    let mut text = std::fs::read_to_string(v.config()).unwrap();
    text.push_str(rules);
    std::fs::write(v.config(), text).unwrap();
}

/// A vault with the rules; its database URL is never contacted.
fn ledger_vault() -> TestVault {
    let v = TestVault::new("postgresql://nobody@127.0.0.1:1/none");
    with_rules(&v, USER_RULE);
    v
}

fn school() -> TestDb {
    let db = fresh_db("erasure_school");
    db.psql_file(common::crate_dir().join("src/demo/school.sql"));
    db
}

fn cmd(v: &TestVault, args: &[&str]) -> assert_cmd::Command {
    let mut c = v.bare_cmd();
    c.arg("--config").arg(v.config()).args(args);
    c
}

fn ledger_dir(v: &TestVault) -> PathBuf {
    v.store_dir().join("ledger")
}

/// Every file of the vault directory (catalog, WAL, store, keys, config)
/// that contains `needle`, except the identity file (the secret key).
fn files_containing(v: &TestVault, needle: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(v.dir(), &mut files);
    files
        .into_iter()
        .filter(|p| !p.ends_with("identity.txt"))
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .collect()
}

fn counts(db: &TestDb) -> BTreeMap<String, i64> {
    db.row_counts()
}

// --- the ledger ------------------------------------------------------------------------

#[test]
fn requests_are_chained_signed_encrypted_and_deduplicated_by_keyed_hash() {
    let v = ledger_vault();
    let out = v.ok(&[
        "erasure",
        "request",
        "user",
        SECRET_ID,
        "--reference",
        "DSR-1",
    ]);
    assert!(out.contains("#1"), "{out}");
    let e1 = v.ok_json(&["erasure", "show", "1", "--json"]);
    assert_eq!(e1["entry"]["seq"], 1);
    assert_eq!(e1["entry"]["prev"], "0".repeat(64));
    assert_eq!(e1["entry"]["reference"], "DSR-1");
    assert!(e1.get("subject_id").is_none(), "no id without the identity");

    // The same subject again: found by its keyed hash, refused, nothing written.
    let before = std::fs::read_dir(ledger_dir(&v)).unwrap().count();
    let line = v.fails_with(
        &mut cmd(
            &v,
            &[
                "erasure",
                "request",
                "user",
                SECRET_ID,
                "--reference",
                "DSR-2",
            ],
        ),
        EXIT_BAD_INPUT,
    );
    assert!(line.contains("already has erasure request #1"), "{line}");
    assert!(line.contains("--again"), "{line}");
    assert_eq!(std::fs::read_dir(ledger_dir(&v)).unwrap().count(), before);

    // Same id, another kind: another subject. --again records a repeat.
    v.ok(&[
        "erasure",
        "request",
        "parent_email",
        SECRET_ID,
        "--reference",
        "DSR-3",
    ]);
    v.ok(&[
        "erasure",
        "request",
        "user",
        SECRET_ID,
        "--reference",
        "DSR-4",
        "--again",
        "--requested-at",
        "2020-01-02",
    ]);
    // From stdin, so the id stays out of argv and shell history.
    cmd(
        &v,
        &["erasure", "request", "user", "-", "--reference", "DSR-5"],
    )
    .write_stdin("77\n")
    .assert()
    .success();

    let list = v.ok_json(&["erasure", "list", "--json"]);
    let entries = list.as_array().unwrap();
    assert_eq!(entries.len(), 4, "{list}");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["entry"]["seq"], i as u64 + 1);
        if i > 0 {
            assert_eq!(
                e["entry"]["prev"],
                entries[i - 1]["entry"]["hash"],
                "chained"
            );
        }
        // No archive yet: nothing to wait for.
        assert_eq!(e["gone_by"]["state"], "gone", "{e}");
    }
    let hmac = |i: usize| {
        entries[i]["entry"]["subject_hmac"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(hmac(0), hmac(2), "one subject, one keyed hash");
    assert_ne!(hmac(0), hmac(1), "the kind is part of the keyed hash");
    assert_eq!(entries[2]["entry"]["requested_at"], "2020-01-02T00:00:00Z");
    // Two entries of one id encrypt differently (fresh age file keys).
    assert_ne!(
        entries[0]["entry"]["subject_age"],
        entries[2]["entry"]["subject_age"]
    );

    // The identity decrypts; the backup host alone cannot.
    let shown = v.ok_json(&["erasure", "show", "4", "-i", v.identity_str(), "--json"]);
    assert_eq!(shown["subject_id"], "77");
    let text = v.ok(&["erasure", "show", "1", "-i", v.identity_str()]);
    assert!(
        text.contains(&format!("subject id:    {SECRET_ID}")),
        "{text}"
    );

    // Every entry is in the store, signed; the HMAC key is in the store
    // encrypted, and beside the signing key with mode 0600.
    for seq in 1..=4 {
        assert!(ledger_dir(&v).join(format!("{seq:08}.json")).is_file());
        let sig =
            std::fs::read_to_string(ledger_dir(&v).join(format!("{seq:08}.json.sig"))).unwrap();
        assert!(sig.starts_with("-----BEGIN SSH SIGNATURE-----"), "{sig}");
    }
    let key = std::fs::read(ledger_dir(&v).join("hmac-key.age")).unwrap();
    assert!(key.starts_with(b"age-encryption.org/v1\n"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(v.dir().join("keys/erasure-hmac.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let ok = v.ok(&["erasure", "verify-ledger"]);
    assert!(ok.contains("ledger ok: 4 entries"), "{ok}");

    // The id is nowhere in the clear: not in catalog.db (nor its WAL), not in
    // the store, not in the keys or config.
    let leaks = files_containing(&v, SECRET_ID);
    assert!(leaks.is_empty(), "{SECRET_ID} in the clear in {leaks:?}");
    assert!(
        files_containing(&v, "DSR-1")
            .iter()
            .any(|p| p.ends_with("catalog.db") || p.to_string_lossy().ends_with("catalog.db-wal")),
        "the grep does see what the catalog holds"
    );

    // Refused: an unknown kind, a blank-padded id, a future date, no reference.
    for args in [
        &["erasure", "request", "nobody", "1", "--reference", "x"][..],
        &["erasure", "request", "user", " 1", "--reference", "x"],
        &[
            "erasure",
            "request",
            "user",
            "1",
            "--reference",
            "x",
            "--requested-at",
            "2999-01-01",
        ],
        &["erasure", "request", "user", "1", "--reference", " "],
    ] {
        v.fails_with(&mut cmd(&v, args), EXIT_BAD_INPUT);
    }
    assert_eq!(
        v.ok_json(&["erasure", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

fn set_reference(bytes: &[u8], to: &str) -> Vec<u8> {
    let mut e: Value = serde_json::from_slice(bytes).unwrap();
    e["reference"] = Value::String(to.into());
    let mut out = serde_json::to_vec(&e).unwrap();
    out.push(b'\n');
    out
}

#[test]
fn a_tampered_entry_in_the_store_or_the_catalog_is_detected() {
    let v = ledger_vault();
    for (i, id) in ["1", "2", "3"].iter().enumerate() {
        v.ok(&[
            "erasure",
            "request",
            "user",
            id,
            "--reference",
            &format!("R{i}"),
        ]);
    }
    v.ok(&["erasure", "verify-ledger"]);

    // Edit an entry in the store.
    let p = ledger_dir(&v).join("00000002.json");
    let original = std::fs::read(&p).unwrap();
    std::fs::write(&p, set_reference(&original, "edited")).unwrap();
    let line = v.fails_with(&mut cmd(&v, &["erasure", "verify-ledger"]), EXIT_INTEGRITY);
    assert!(
        line.contains("store: ledger entry 2 was modified"),
        "{line}"
    );
    // Nothing is recorded on top of a broken ledger.
    v.fails_with(
        &mut cmd(&v, &["erasure", "request", "user", "9", "--reference", "x"]),
        EXIT_INTEGRITY,
    );

    // Re-hashed by the forger: the chain and signature still catch it.
    let mut e: Value = serde_json::from_slice(&original).unwrap();
    e["reference"] = "forged".into();
    let canonical = {
        let mut c = e.as_object().unwrap().clone();
        c.remove("hash");
        serde_json::to_vec(&c).unwrap()
    };
    use sha2::Digest;
    e["hash"] = hex::encode(sha2::Sha256::digest(&canonical)).into();
    std::fs::write(&p, serde_json::to_vec(&e).unwrap()).unwrap();
    let line = v.fails_with(&mut cmd(&v, &["erasure", "verify-ledger"]), EXIT_INTEGRITY);
    assert!(line.contains("ledger entry"), "{line}");
    let report = cmd(&v, &["erasure", "verify-ledger", "--json"])
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(EXIT_INTEGRITY));
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let problems = report["report"]["problems"].to_string();
    assert!(problems.contains("signature does not verify"), "{problems}");
    assert!(
        problems.contains("differs between the catalog and the store"),
        "{problems}"
    );

    // A signature moved from another entry does not verify either.
    std::fs::write(&p, &original).unwrap();
    v.ok(&["erasure", "verify-ledger"]);
    std::fs::copy(
        ledger_dir(&v).join("00000001.json.sig"),
        ledger_dir(&v).join("00000002.json.sig"),
    )
    .unwrap();
    v.fails_with(&mut cmd(&v, &["erasure", "verify-ledger"]), EXIT_INTEGRITY);
    std::fs::remove_file(ledger_dir(&v).join("00000002.json.sig")).unwrap();
    v.fails_with(&mut cmd(&v, &["erasure", "verify-ledger"]), EXIT_INTEGRITY);

    // Edit the catalog's copy (past its append-only triggers).
    let v = ledger_vault();
    for id in ["1", "2"] {
        v.ok(&["erasure", "request", "user", id, "--reference", "R"]);
    }
    let conn = rusqlite::Connection::open(v.dir().join("catalog.db")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER erasure_ledger_no_update; \
         UPDATE erasure_ledger SET entry = replace(entry, '\"reference\":\"R\"', '\"reference\":\"X\"') WHERE seq = 1;",
    )
    .unwrap();
    drop(conn);
    let line = v.fails_with(&mut cmd(&v, &["erasure", "verify-ledger"]), EXIT_INTEGRITY);
    assert!(
        line.contains("catalog: ledger entry 1 was modified"),
        "{line}"
    );
    v.fails_with(&mut cmd(&v, &["erasure", "list"]), EXIT_INTEGRITY);
}

#[test]
fn the_ledger_and_its_key_survive_losing_the_catalog_and_the_host() {
    let v = ledger_vault();
    v.ok(&["erasure", "request", "user", SECRET_ID, "--reference", "R1"]);
    v.ok(&["erasure", "request", "user", "43", "--reference", "R2"]);
    let head = v.ok_json(&["erasure", "list", "--json"])[1]["entry"]["hash"].clone();

    // Lose the catalog: `catalog rebuild` reloads the ledger from the store
    // (reload_from_store, checked here directly).
    let remove_catalog = || {
        for s in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(v.dir().join(format!("catalog.db{s}")));
        }
    };
    remove_catalog();
    {
        let vault = coffer::pipeline::vault::Vault::open(v.config()).unwrap();
        let fresh = Catalog::open_in_memory().unwrap();
        assert_eq!(
            coffer::erasure::reload_from_store(&vault, &fresh).unwrap(),
            2
        );
        assert_eq!(
            coffer::erasure::head(&fresh)
                .unwrap()
                .map(|(s, h)| (s, Value::String(h))),
            Some((2, head.clone()))
        );
        assert_eq!(
            coffer::erasure::reload_from_store(&vault, &fresh).unwrap(),
            0
        );
        // A tampered store fails the reload instead of losing requests silently.
        let p = ledger_dir(&v).join("00000001.json");
        let original = std::fs::read(&p).unwrap();
        std::fs::write(&p, set_reference(&original, "edited")).unwrap();
        let e = coffer::erasure::reload_from_store(&vault, &Catalog::open_in_memory().unwrap());
        assert!(e.is_err());
        std::fs::write(&p, &original).unwrap();
    }
    // And without a rebuild, the next request imports the store's entries first.
    remove_catalog();
    v.ok(&["erasure", "request", "user", "44", "--reference", "R3"]);
    let list = v.ok_json(&["erasure", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
    assert_eq!(list[1]["entry"]["hash"], head);
    assert_eq!(list[2]["entry"]["prev"], head);
    v.ok(&["erasure", "verify-ledger"]);
    // The duplicate check still works on the imported entries.
    v.fails_with(
        &mut cmd(
            &v,
            &[
                "erasure",
                "request",
                "user",
                SECRET_ID,
                "--reference",
                "again",
            ],
        ),
        EXIT_BAD_INPUT,
    );

    // Lose the host's HMAC key: the identity recovers it from the store.
    let key_file = v.dir().join("keys/erasure-hmac.key");
    let key = std::fs::read(&key_file).unwrap();
    std::fs::remove_file(&key_file).unwrap();
    let line = v.fails_with(
        &mut cmd(&v, &["erasure", "status", "user", SECRET_ID]),
        EXIT_BAD_INPUT,
    );
    assert!(line.contains("-i/--identity"), "{line}");
    let s = v.ok_json(&[
        "erasure",
        "status",
        "user",
        SECRET_ID,
        "-i",
        v.identity_str(),
        "--json",
    ]);
    assert_eq!(s["status"]["requests"][0]["seq"], 1, "{s}");
    assert_eq!(
        std::fs::read(&key_file).unwrap(),
        key,
        "the same key, recovered"
    );
    // A key that is not the ledger's is refused, not silently mismatched.
    std::fs::write(&key_file, format!("{}\n", "ab".repeat(32))).unwrap();
    let line = v.fails_with(
        &mut cmd(&v, &["erasure", "status", "user", SECRET_ID]),
        EXIT_BAD_INPUT,
    );
    assert!(
        line.contains("not the key this ledger was written with"),
        "{line}"
    );
}

// --- replay ----------------------------------------------------------------------------

fn replays(v: &TestVault) -> Vec<coffer::catalog::ReplayRecord> {
    v.catalog().erasure_replays(None, None).unwrap()
}

#[test]
fn replay_erases_the_subjects_rows_and_nothing_else() {
    let db = school();
    let v = TestVault::new(&db.url());
    with_rules(&v, USER_RULE);
    let out = v.ok(&["erasure", "rules", "--check"]);
    assert!(
        out.contains("all 12 statements and checks prepare"),
        "{out}"
    );

    let enrolled = |id: u32| {
        db.scalar(&format!(
            "SELECT count(*) FROM learning.enrollments WHERE student_id = {id}"
        ))
    };
    assert_eq!(enrolled(42), "8");
    assert_eq!(
        db.scalar("SELECT count(*) FROM public.users WHERE id IN (42, 43)"),
        "2"
    );
    let email = db.scalar("SELECT email FROM public.users WHERE id = 640");
    v.ok(&["erasure", "request", "user", "42", "--reference", "DSR-42"]);
    v.ok(&[
        "erasure",
        "request",
        "parent_email",
        &email,
        "--reference",
        "DSR-640",
    ]);
    let before = counts(&db);

    // No identity: refused before anything happens.
    v.fails_with(
        &mut cmd(&v, &["erasure", "replay", "--to", &db.url()]),
        EXIT_BAD_INPUT,
    );
    let r = v.ok_json(&[
        "erasure",
        "replay",
        "--to",
        &db.url(),
        "-i",
        v.identity_str(),
        "--json",
    ]);
    let report = &r["report"];
    assert_eq!(report["requests_applied"], 2, "{r}");
    assert_eq!(report["ledger_seq"], 2);
    assert_eq!(report["checks"][0]["count"], 0);
    assert_eq!(report["checks"][1]["count"], 0);
    assert_eq!(
        db.scalar("SELECT count(*) FROM public.users WHERE id IN (42, 640)"),
        "0"
    );
    assert_eq!(enrolled(42), "0");
    assert_eq!(enrolled(43), "8", "another student is untouched");

    // Every table lost exactly what the report says, and nothing else changed.
    let after = counts(&db);
    let deleted: BTreeMap<String, i64> = serde_json::from_value(report["tables"].clone())
        .map_or_else(
            |_| BTreeMap::new(),
            |t: BTreeMap<String, Value>| {
                t.into_iter()
                    .map(|(k, v)| (k, v["deleted"].as_i64().unwrap()))
                    .collect()
            },
        );
    for (table, n) in &before {
        assert_eq!(
            after[table],
            n - deleted.get(table).copied().unwrap_or(0),
            "{table}: {report}"
        );
    }
    assert_eq!(deleted["public.users"], 2);
    assert_eq!(deleted["learning.enrollments"], 8);
    // The per-statement counts add up to the same (no cascade did any work).
    let by_statement: i64 = report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rows"].as_i64().unwrap())
        .sum();
    assert_eq!(by_statement, deleted.values().sum::<i64>(), "{report}");

    let rec = replays(&v);
    assert_eq!(rec.len(), 1);
    assert!(rec[0].ok && rec[0].error.is_none(), "{:?}", rec[0]);
    assert_eq!(rec[0].requests_applied, 2);
    assert_eq!(rec[0].ledger_seq, Some(2));
    assert_eq!(
        rec[0].rows_per_statement["tables"]["public.users"]["deleted"],
        2
    );

    // Replaying again changes nothing and succeeds.
    let again = v.ok_json(&[
        "erasure",
        "replay",
        "--to",
        &db.url(),
        "-i",
        v.identity_str(),
        "--json",
    ]);
    assert_eq!(again["report"]["tables"], serde_json::json!({}), "{again}");
    assert_eq!(counts(&db), after);
    assert_eq!(replays(&v).len(), 2);
    // The subject ids are not in the catalog's replay records either.
    assert!(files_containing(&v, &email).is_empty());
}

#[test]
fn a_failing_check_rolls_back_the_whole_replay_with_exit_12() {
    let db = school();
    let v = TestVault::new(&db.url());
    // The user's rows go, but the check counts the teacher of a course too.
    with_rules(
        &v,
        r#"
[erasure.user]
statements = [
  'DELETE FROM learning.enrollments WHERE student_id = $1',
  'DELETE FROM public.users WHERE id = $1',
]
check = 'SELECT count(*) FROM public.users WHERE id = $1 OR id = 601'
"#,
    );
    v.ok(&["erasure", "request", "user", "42", "--reference", "DSR-42"]);
    v.ok(&["erasure", "request", "user", "43", "--reference", "DSR-43"]);
    let before = counts(&db);
    let line = v.fails_with(
        &mut cmd(
            &v,
            &[
                "erasure",
                "replay",
                "--to",
                &db.url(),
                "-i",
                v.identity_str(),
            ],
        ),
        EXIT_ERASURE_REPLAY,
    );
    assert!(
        line.contains("still contains erased subjects and must not be used"),
        "{line}"
    );
    assert!(line.contains("counted 1, not 0"), "{line}");
    assert!(
        line.contains(&db.name().to_string()),
        "names the database: {line}"
    );
    // Rolled back: both users and every enrollment are still there.
    assert_eq!(counts(&db), before);
    assert_eq!(
        db.scalar("SELECT count(*) FROM public.users WHERE id IN (42, 43)"),
        "2"
    );
    let rec = replays(&v);
    assert_eq!(rec.len(), 1);
    assert!(!rec[0].ok);
    assert!(
        rec[0]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("must not be used")
    );

    // A statement the database refuses: exit 12 as well; the server's
    // message is shown without the subject id.
    with_rules(
        &v,
        "\n[erasure.email]\nstatements = ['DELETE FROM public.users WHERE id = $1']\ncheck = 'SELECT count(*) FROM public.users WHERE id = $1'\n",
    );
    v.ok(&[
        "erasure",
        "request",
        "email",
        "ada@x.example",
        "--reference",
        "DSR-7",
    ]);
    let line = v.fails_with(
        &mut cmd(
            &v,
            &[
                "erasure",
                "replay",
                "--to",
                &db.url(),
                "-i",
                v.identity_str(),
            ],
        ),
        EXIT_ERASURE_REPLAY,
    );
    assert!(line.contains("invalid input syntax"), "{line}");
    assert!(!line.contains("ada@x.example"), "{line}");
    assert_eq!(counts(&db), before);
    assert!(files_containing(&v, "ada@x.example").is_empty());
}

#[test]
fn rules_check_names_every_typo_and_changes_nothing() {
    let db = school();
    let v = TestVault::new(&db.url());
    with_rules(
        &v,
        r#"
[erasure.user]
statements = [
  'DELETE FROM public.usres WHERE id = $1',
  'DELETE FROM learning.enrollments WHERE student_id = $1',
]
check = 'SELECT email FROM public.users WHERE id = $1'
"#,
    );
    let out = cmd(&v, &["erasure", "rules", "--check", "--to", &db.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(EXIT_BAD_INPUT));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("FAILED user statement 1"), "{stdout}");
    assert!(stdout.contains("public.usres"), "{stdout}");
    assert!(stdout.contains("ok     user statement 2"), "{stdout}");
    assert!(
        stdout.contains("FAILED user check: returns text"),
        "{stdout}"
    );
    // Nothing was changed by the check.
    assert_eq!(
        db.scalar("SELECT count(*) FROM learning.enrollments"),
        "4800"
    );
    let listed = v.ok(&["erasure", "rules"]);
    assert!(listed.contains("[erasure.user]"), "{listed}");
}

// --- status ----------------------------------------------------------------------------

fn at(v: &TestVault, now: &str, args: &[&str]) -> String {
    let out = cmd(v, args).env("COFFER_NOW", now).output().unwrap();
    assert!(
        out.status.success(),
        "coffer {args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn status_names_the_archives_that_may_hold_the_subject_and_when_the_last_expires() {
    let db = fresh_db("erasure_status");
    db.psql("CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (42), (43);");
    let v = TestVault::new(&db.url());
    with_rules(
        &v,
        "\n[erasure.user]\nstatements = ['DELETE FROM users WHERE id = $1']\ncheck = 'SELECT count(*) FROM users WHERE id = $1'\n",
    );
    // Monday 2026-03-02: a backup. Tuesday: the request. Wednesday: a backup.
    let backup = |now: &str| -> String {
        let out: Value = serde_json::from_str(&at(&v, now, &["backup", "--json"])).unwrap();
        out["archive_id"].as_str().unwrap().to_owned()
    };
    let monday = backup("2026-03-02T02:00:00Z");
    db.psql("DELETE FROM users WHERE id = 42");
    at(
        &v,
        "2026-03-03T10:00:00Z",
        &["erasure", "request", "user", "42", "--reference", "DSR-9"],
    );
    let _wednesday = backup("2026-03-04T02:00:00Z");

    let s: Value = serde_json::from_str(&at(
        &v,
        "2026-03-04T03:00:00Z",
        &["erasure", "status", "user", "42", "--json"],
    ))
    .unwrap();
    let status = &s["status"];
    let archives = status["archives"].as_array().unwrap();
    assert_eq!(
        archives.len(),
        1,
        "only the archive taken before the request: {s}"
    );
    assert_eq!(archives[0]["archive_id"], monday.as_str());
    // Monday's archive is the newest of its day only (Wednesday's holds its
    // week, month and year): kept while its day is among the 30 newest days
    // with archives. Tuesday has none, so the 31st such day is April 2.
    assert_eq!(archives[0]["expires"], "2026-04-02T02:00:00Z", "{s}");
    assert_eq!(status["gone_by"]["state"], "at");
    assert_eq!(status["gone_by"]["at"], "2026-04-02T02:00:00Z");
    let text = at(
        &v,
        "2026-03-04T03:00:00Z",
        &["erasure", "status", "user", "42"],
    );
    assert!(
        text.contains("gone from every backup: 2026-04-02 02:00 UTC"),
        "{text}"
    );
    let list = at(&v, "2026-03-04T03:00:00Z", &["erasure", "list"]);
    assert!(list.contains("2026-04-02 02:00 UTC"), "{list}");

    // Under a legal hold: no expiry, and the hold's reason.
    at(
        &v,
        "2026-03-04T04:00:00Z",
        &["hold", "add", &monday, "--reason", "litigation 7"],
    );
    let text = at(
        &v,
        "2026-03-04T05:00:00Z",
        &["erasure", "status", "user", "42"],
    );
    assert!(text.contains("held: no expiry (litigation 7)"), "{text}");
    let list = at(&v, "2026-03-04T05:00:00Z", &["erasure", "list", "--json"]);
    assert!(list.contains("held: no expiry (litigation 7)"), "{list}");

    // A subject never requested.
    let text = at(
        &v,
        "2026-03-04T05:00:00Z",
        &["erasure", "status", "user", "43"],
    );
    assert!(text.contains("no erasure request"), "{text}");
}

/// The issue's scenario: back up, erase user 42 in the live database the way
/// the application would and record the request, back up again, restore the
/// FIRST archive: user 42 is gone when the command returns, everyone else's
/// rows are the manifest's counts minus exactly what the replay deleted.
#[test]
fn restoring_an_old_archive_replays_the_erasure_before_it_reports_success() {
    let db = school();
    let v = TestVault::new(&db.url());
    with_rules(&v, USER_RULE);
    let first = v.backup("custom");
    let manifest_counts: BTreeMap<String, i64> =
        serde_json::from_value(v.show(&first)["facts"]["row_counts"].clone()).unwrap();
    assert_eq!(manifest_counts["public.users"], counts(&db)["public.users"]);

    // The application deletes user 42, and the DPO records the request.
    for sql in DELETE_USER_42 {
        db.psql(sql);
    }
    v.ok(&["erasure", "request", "user", "42", "--reference", "DSR-42"]);
    let second = v.backup("custom");
    // The second archive records the ledger head it was taken after.
    assert_eq!(v.show(&second)["facts"]["erasure_ledger_head"]["seq"], 1);
    assert!(v.show(&first)["facts"]["erasure_ledger_head"].is_null());

    // Restore the first archive (taken before the request).
    let target = common::fresh_db("erasure_restored");
    let out = v.ok_json(&[
        "restore",
        &first,
        "--to",
        &target.url(),
        "-i",
        v.identity_str(),
        "--json",
    ]);
    let report = &out["report"];
    assert_eq!(report["erasure"]["requests_applied"], 1, "{out}");
    assert_eq!(
        target.scalar("SELECT count(*) FROM public.users WHERE id = 42"),
        "0"
    );
    assert_eq!(
        target.scalar("SELECT count(*) FROM learning.enrollments WHERE student_id = 42"),
        "0"
    );
    assert_eq!(
        target.scalar("SELECT count(*) FROM learning.enrollments WHERE student_id = 43"),
        "8",
        "everyone else is intact"
    );
    let deleted: BTreeMap<String, i64> = report["erasure"]["tables"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(t, c)| (t.clone(), c["deleted"].as_i64().unwrap()))
        .collect();
    assert_eq!(deleted["public.users"], 1, "{out}");
    let restored = counts(&target);
    for (table, n) in &manifest_counts {
        assert_eq!(
            restored[table],
            n - deleted.get(table).copied().unwrap_or(0),
            "{table}: manifest minus what the replay deleted"
        );
    }
    // And that is the live database's state too.
    assert_eq!(restored, counts(&db));
    let rec = replays(&v);
    assert!(
        rec.iter()
            .any(|r| r.ok && r.archive_id.as_deref() == Some(first.as_str()))
    );

    // A drill replays too, on its scratch database.
    let d = v.ok_json(&["drill", &first, "-i", v.identity_str(), "--json"]);
    assert_eq!(d["report"]["erasure_requests_applied"], 1, "{d}");

    // Skipping needs a reason, is recorded, and is said loudly.
    let target2 = common::fresh_db("erasure_skipped");
    let mut c = cmd(
        &v,
        &[
            "restore",
            &first,
            "--to",
            &target2.url(),
            "-i",
            v.identity_str(),
            "--no-erasure-replay",
        ],
    );
    c.assert().code(2);
    let out = cmd(
        &v,
        &[
            "restore",
            &first,
            "--to",
            &target2.url(),
            "-i",
            v.identity_str(),
            "--no-erasure-replay",
            "--reason",
            "forensic copy for the DPO",
        ],
    )
    .assert()
    .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("NOT replayed") && stderr.contains("forensic copy"),
        "{stderr}"
    );
    assert_eq!(
        target2.scalar("SELECT count(*) FROM public.users WHERE id = 42"),
        "1"
    );
    assert!(
        replays(&v)
            .iter()
            .any(|r| r.skipped_reason.as_deref() == Some("forensic copy for the DPO"))
    );
}

/// A check that cannot reach 0 fails the restore with exit 12 after the data
/// is in: the replay is rolled back and the message says not to use it.
#[test]
fn a_restore_whose_replay_fails_exits_12_and_says_the_database_must_not_be_used() {
    let db = school();
    let v = TestVault::new(&db.url());
    with_rules(
        &v,
        r#"
[erasure.user]
statements = ['DELETE FROM public.login_events WHERE user_id = $1']
check = 'SELECT count(*) FROM public.users WHERE id = $1'
"#,
    );
    let id = v.backup("custom");
    v.ok(&["erasure", "request", "user", "42", "--reference", "DSR-42"]);
    let target = common::fresh_db("erasure_fail");
    let err = v.fails_with(
        &mut cmd(
            &v,
            &[
                "restore",
                &id,
                "--to",
                &target.url(),
                "-i",
                v.identity_str(),
            ],
        ),
        EXIT_ERASURE_REPLAY,
    );
    assert!(err.contains("must not be used"), "{err}");
    // Rolled back: every table holds what the manifest says, user 42 included.
    let manifest_counts: BTreeMap<String, i64> =
        serde_json::from_value(v.show(&id)["facts"]["row_counts"].clone()).unwrap();
    assert_eq!(counts(&target), manifest_counts);
    assert_eq!(
        target.scalar("SELECT count(*) FROM public.users WHERE id = 42"),
        "1"
    );
    assert!(replays(&v).iter().any(|r| !r.ok && r.error.is_some()));
}

/// Issue 6: "drill and erasure replay work on the combined restore". The
/// school's "Student Records" tables in a `ferpa` class of their own: an
/// archive set taken before user 42's erasure is restored whole (both
/// identities) and drilled, and the replay removes 42's rows from the
/// general and the FERPA tables alike; a general-only restore replays too
/// (the FERPA statements find empty tables).
#[test]
fn set_restores_and_drills_replay_the_erasure_across_classes() {
    let db = school();
    let v = TestVault::new(&db.url());
    with_rules(&v, USER_RULE);
    let ferpa_id = v.dir().join("keys/ferpa.txt");
    let (secret, recipient) = coffer::crypto::generate_age_identity();
    std::fs::write(
        &ferpa_id,
        age::secrecy::ExposeSecret::expose_secret(&secret),
    )
    .unwrap();
    with_rules(
        &v,
        &format!(
            "\n[classes.ferpa]\ntables = ['\"Student Records\".*']\nrecipients = [{recipient:?}]\nstore = \"ferpa-local\"\n\n\
             [stores.ferpa-local]\ntype = \"local\"\npath = \"ferpa-archives\"\n"
        ),
    );
    let out = v.ok_json(&["backup", "--json"]);
    assert_eq!(out["members"][0]["class"], "ferpa", "{out}");
    let first = out["archive_id"].as_str().unwrap().to_owned();
    let transcripts_42 =
        r#"SELECT count(*) FROM "Student Records".transcripts WHERE student_id = 42"#;
    assert_eq!(
        db.scalar(transcripts_42),
        "1",
        "the fixture has 42's transcript"
    );

    for sql in DELETE_USER_42 {
        db.psql(sql);
    }
    v.ok(&["erasure", "request", "user", "42", "--reference", "DSR-42"]);

    let ferpa = ferpa_id.to_str().unwrap();
    let target = common::fresh_db("erasure_set_restored");
    let out = v.ok_json(&[
        "restore",
        &first,
        "--to",
        &target.url(),
        "-i",
        v.identity_str(),
        "-i",
        ferpa,
        "--json",
    ]);
    let report = &out["report"];
    assert_eq!(report["archives"].as_array().unwrap().len(), 2, "{out}");
    assert_eq!(report["erasure"]["requests_applied"], 1, "{out}");
    assert_eq!(target.scalar(transcripts_42), "0");
    assert_eq!(
        target.scalar("SELECT count(*) FROM public.users WHERE id = 42"),
        "0"
    );
    assert_eq!(
        counts(&target),
        counts(&db),
        "the set restore equals the live database"
    );

    let d = v.ok_json(&[
        "drill",
        &first,
        "-i",
        v.identity_str(),
        "-i",
        ferpa,
        "--json",
    ]);
    assert_eq!(d["report"]["ok"], true, "{d}");
    assert_eq!(d["report"]["erasure_requests_applied"], 1, "{d}");

    let general = common::fresh_db("erasure_set_general");
    let out = v.ok_json(&[
        "restore",
        &first,
        "--to",
        &general.url(),
        "-i",
        v.identity_str(),
        "--classes",
        "general",
        "--json",
    ]);
    assert_eq!(out["report"]["erasure"]["requests_applied"], 1, "{out}");
    assert_eq!(
        general.scalar("SELECT count(*) FROM public.users WHERE id = 42"),
        "0"
    );
    assert_eq!(
        general.scalar(r#"SELECT count(*) FROM "Student Records".transcripts"#),
        "0"
    );
    assert_eq!(
        general.scalar("SELECT count(*) FROM public.users"),
        db.scalar("SELECT count(*) FROM public.users")
    );
}
