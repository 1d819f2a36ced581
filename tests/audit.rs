//! The tamper-evident audit log (issue 13) through the real `coffer`
//! binary: every action family leaves its entry; an altered, removed,
//! reordered or cut entry in the catalog or in a store segment is found at
//! its sequence number (exit 5); a segment signed by another key is
//! refused; `catalog rebuild` brings the log back from the local store and
//! from a real S3 server (moto); and a segment checks by hand with
//! `ssh-keygen -Y verify`, `sha256sum` and `jq` as spec/audit.md says.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod s3_support;
mod vault_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::{TestDb, fresh_db};
use vault_support::{ScratchDb, TestVault, walk};

const EXIT_INTEGRITY: i32 = 5;

const RULES: &str = r#"
[erasure.user]
statements = ['DELETE FROM pupils WHERE id = $1::int']
check = 'SELECT count(*) FROM pupils WHERE id = $1::int'
"#;

fn append_config(v: &TestVault, text: &str) {
    let mut t = std::fs::read_to_string(v.config()).unwrap();
    t.push_str(text);
    std::fs::write(v.config(), t).unwrap();
}

/// A vault whose database is never contacted.
fn offline_vault() -> TestVault {
    let v = TestVault::new("postgresql://nobody@127.0.0.1:1/none");
    append_config(&v, RULES);
    v
}

fn small_db(name: &str) -> TestDb {
    let db = fresh_db(name);
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 300) g;",
    );
    db
}

fn db_vault(db: &TestDb) -> TestVault {
    let v = TestVault::new(&db.url());
    append_config(&v, RULES);
    v
}

/// The entries, parsed, through `coffer audit log --json`.
fn entries(v: &TestVault) -> Vec<Value> {
    v.ok_json(&["audit", "log", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn of_action(v: &TestVault, action: &str) -> Vec<Value> {
    v.ok_json(&["audit", "log", "--action", action, "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn run(v: &TestVault, args: &[&str]) -> (i32, String, String) {
    let out = v
        .bare_cmd()
        .arg("--config")
        .arg(v.config())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `coffer audit verify ARGS` must pass.
fn intact(v: &TestVault, args: &[&str]) -> Value {
    let mut a = vec!["audit", "verify", "--json"];
    a.extend_from_slice(args);
    let (code, out, err) = run(v, &a);
    assert_eq!(code, 0, "audit verify {args:?}:\n{out}{err}");
    let status: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["ok"], true, "{status}");
    status["status"].clone()
}

/// `coffer audit verify ARGS` must exit 5 naming `seq`; returns stderr.
fn broken_at(v: &TestVault, args: &[&str], seq: u64) -> String {
    let mut a = vec!["audit", "verify"];
    a.extend_from_slice(args);
    let (code, out, err) = run(v, &a);
    assert_eq!(code, EXIT_INTEGRITY, "audit verify {args:?}:\n{out}{err}");
    let line = err.lines().next().unwrap_or_default();
    assert!(
        line.starts_with(&format!("coffer: audit chain broken at seq {seq}:")),
        "expected a break at seq {seq}: {err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

fn request(v: &TestVault, subject: &str, reference: &str) {
    v.ok(&[
        "erasure",
        "request",
        "user",
        subject,
        "--reference",
        reference,
    ]);
}

/// A vault with 7 entries: init, config-seen, then (the rules changed the
/// config) config-change and 4 erasure requests. Segments in the store:
/// 1-2, 3-4, 5-5, 6-6, 7-7.
fn seven_entries() -> TestVault {
    let v = offline_vault();
    for i in 1..=4 {
        request(&v, &format!("{}", 100 + i), &format!("TICKET-{i}"));
    }
    let actions: Vec<String> = entries(&v)
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "init",
            "config-seen",
            "config-change",
            "erasure-request",
            "erasure-request",
            "erasure-request",
            "erasure-request"
        ]
    );
    assert_eq!(
        segment_names(&v),
        [
            "000000000001-000000000002.jsonl",
            "000000000003-000000000004.jsonl",
            "000000000005-000000000005.jsonl",
            "000000000006-000000000006.jsonl",
            "000000000007-000000000007.jsonl"
        ]
    );
    v
}

fn audit_dir(v: &TestVault) -> PathBuf {
    v.store_dir().join("audit")
}

fn segment_names(v: &TestVault) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(audit_dir(v))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    names
}

fn segment(v: &TestVault, first: u64, last: u64) -> PathBuf {
    audit_dir(v).join(format!("{first:012}-{last:012}.jsonl"))
}

fn sig_of(p: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sig", p.display()))
}

/// The catalog, opened with rusqlite directly, with the append-only
/// triggers dropped: what someone with write access to the file can do.
fn raw_catalog(v: &TestVault) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(v.dir().join("catalog.db")).unwrap();
    c.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    c
}

fn catalog_line(c: &rusqlite::Connection, seq: i64) -> String {
    c.query_row("SELECT line FROM audit_log WHERE seq = ?1", [seq], |r| {
        r.get(0)
    })
    .unwrap()
}

/// Copies of the catalog files, to put back between tamper cases.
fn save_catalog(v: &TestVault) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    ["catalog.db", "catalog.db-wal", "catalog.db-shm"]
        .iter()
        .map(|f| {
            let p = v.dir().join(f);
            let b = std::fs::read(&p).ok();
            (p, b)
        })
        .collect()
}

fn restore_catalog(saved: &[(PathBuf, Option<Vec<u8>>)]) {
    for (p, b) in saved {
        match b {
            Some(b) => std::fs::write(p, b).unwrap(),
            None => {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

fn sh(script: &str, dir: &Path) -> std::process::Output {
    Command::new("bash")
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn require_tool(tool: &str, package: &str) {
    let ok = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "{tool} is needed: install the {package} package");
}

// --- every action family leaves its entry ------------------------------------------------

#[test]
fn init_and_each_change_of_coffer_toml_are_logged_with_the_recipients_added() {
    let v = TestVault::new("postgresql://nobody@127.0.0.1:1/none");
    let e = entries(&v);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0]["action"], "init");
    assert_eq!(e[0]["seq"], 1);
    assert_eq!(e[0]["prev"], "0".repeat(64));
    assert_eq!(e[1]["action"], "config-seen");
    let sha = e[1]["facts"]["sha256"].as_str().unwrap().to_owned();
    assert_eq!(sha.len(), 64);
    assert!(!e[0]["actor"]["user"].as_str().unwrap().is_empty());
    assert!(!e[0]["actor"]["host"].as_str().unwrap().is_empty());

    // A writer with the same config: no new entry.
    v.ok(&["prune"]);
    assert_eq!(entries(&v).len(), 2);

    // A new recipient: config-change, naming it.
    let key = std::env::temp_dir().join(format!("coffer-audit-{}.key", std::process::id()));
    let _ = std::fs::remove_file(&key);
    let out = Command::new("age-keygen")
        .arg("-o")
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success(), "age-keygen (package age)");
    let text = std::fs::read_to_string(&key).unwrap();
    let _ = std::fs::remove_file(&key);
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    let config = std::fs::read_to_string(v.config()).unwrap();
    let config = config.replacen(
        "recipients = [",
        &format!("recipients = [\"{recipient}\", "),
        1,
    );
    assert!(config.contains(&recipient));
    std::fs::write(v.config(), config).unwrap();
    v.ok(&["prune"]);
    let change = of_action(&v, "config-change");
    assert_eq!(change.len(), 1, "{change:?}");
    assert_eq!(change[0]["facts"]["previous_sha256"], sha.as_str());
    assert_eq!(
        change[0]["facts"]["recipients_added"]["general"],
        serde_json::json!([recipient]),
        "{}",
        change[0]
    );
    // Readers do not record the config.
    v.ok(&["list"]);
    assert_eq!(entries(&v).len(), 3);
    intact(&v, &[]);
    intact(&v, &["--every-signature"]);
}

#[test]
fn backups_log_each_archive_and_a_failed_run_and_seals_carry_the_head() {
    let db = small_db("audit_backup");
    let v = db_vault(&db);
    let id = v.ok_json(&["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = of_action(&v, "backup");
    assert_eq!(b.len(), 1, "{b:?}");
    assert_eq!(
        b[0]["object"],
        serde_json::json!({"kind": "archive", "id": id})
    );
    assert_eq!(b[0]["outcome"], "ok");
    assert_eq!(b[0]["facts"]["class"], "general");
    // The seal records the log's head as it was when the archive was made.
    let show = v.show(&id);
    let head = show.to_string();
    assert!(head.contains("audit_head"), "{show}");

    // A failed run: the database is gone.
    let config = std::fs::read_to_string(v.config()).unwrap();
    std::fs::write(
        v.config(),
        config.replace(&db.url(), "postgresql://nobody@127.0.0.1:1/none"),
    )
    .unwrap();
    let (code, _, _) = run(&v, &["backup"]);
    assert_ne!(code, 0);
    let b = of_action(&v, "backup");
    assert_eq!(b.len(), 2, "{b:?}");
    assert_eq!(b[1]["outcome"], "failed");
    assert_eq!(b[1]["object"]["kind"], "vault");
    assert!(b[1]["facts"]["error"].as_str().unwrap().len() > 5);
    // The rules appended after init, then the database URL.
    assert_eq!(of_action(&v, "config-change").len(), 2);
    // The failed run is not published (its store may be what failed): the
    // store lags the catalog until the next good run.
    intact(&v, &[]);
    let st = intact(&v, &["--from-store", "local"]);
    assert!(
        st["entries"].as_u64().unwrap() < entries(&v).len() as u64,
        "{st}"
    );
    let config = std::fs::read_to_string(v.config()).unwrap();
    std::fs::write(
        v.config(),
        config.replace("postgresql://nobody@127.0.0.1:1/none", &db.url()),
    )
    .unwrap();
    v.ok(&["backup"]);
    let st = intact(&v, &["--from-store", "local"]);
    assert_eq!(st["entries"], entries(&v).len(), "{st}");
}

#[test]
fn keyless_deep_and_store_verifications_each_leave_an_entry() {
    let db = small_db("audit_verify");
    let v = db_vault(&db);
    let id = v.ok_json(&["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The registration's own keyless check.
    assert_eq!(of_action(&v, "verify").len(), 1);
    v.ok(&["verify", &id]);
    v.ok(&["verify", &id, "-i", v.identity_str()]);
    v.ok(&["verify", &id, "--store", "local"]);
    let modes: Vec<Value> = of_action(&v, "verify")
        .iter()
        .map(|e| {
            assert_eq!(e["object"]["id"], id.as_str());
            assert_eq!(e["outcome"], "ok");
            e["facts"]["mode"].clone()
        })
        .collect();
    assert_eq!(
        modes,
        serde_json::json!(["keyless", "keyless", "deep", "store"])
            .as_array()
            .unwrap()
            .clone()
    );
    // A damaged archive: the failed verification is logged too.
    vault_support::flip_byte(&v.archive_path(&id), 200);
    let (code, _, _) = run(&v, &["verify", &id]);
    assert_eq!(code, EXIT_INTEGRITY);
    let last = of_action(&v, "verify").pop().unwrap();
    assert_eq!(last["outcome"], "failed", "{last}");
    intact(&v, &[]);
}

#[test]
fn restores_drills_and_erasure_replays_or_skips_are_logged() {
    let db = small_db("audit_restore");
    let v = db_vault(&db);
    request(&v, "7", "TICKET-7");
    let req = of_action(&v, "erasure-request");
    assert_eq!(req.len(), 1);
    assert_eq!(
        req[0]["object"],
        serde_json::json!({"kind": "request", "id": "TICKET-7"})
    );
    let id = v.ok_json(&["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let target = ScratchDb::new("audit_restore");
    v.ok(&[
        "restore",
        &id,
        "--to",
        &target.url(),
        "-i",
        v.identity_str(),
        "--create",
    ]);
    let r = of_action(&v, "restore");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0]["outcome"], "ok");
    assert_eq!(r[0]["facts"]["database"], target.name());
    assert_eq!(r[0]["facts"]["erasure_requests_applied"], 1);
    let target2 = ScratchDb::new("audit_restore_skip");
    v.ok(&[
        "restore",
        &id,
        "--to",
        &target2.url(),
        "-i",
        v.identity_str(),
        "--create",
        "--no-erasure-replay",
        "--reason",
        "forensic copy",
    ]);
    v.ok(&["drill", &id, "-i", v.identity_str()]);
    let d = of_action(&v, "drill");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["outcome"], "ok");
    assert!(d[0]["facts"]["rto_ms"].as_u64().is_some(), "{}", d[0]);
    let replays = of_action(&v, "erasure-replay");
    let outcomes: Vec<&str> = replays
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    // restore (ok), restore (skipped, with its reason), drill (ok).
    assert_eq!(outcomes, ["ok", "skipped", "ok"], "{replays:?}");
    assert_eq!(replays[1]["facts"]["reason"], "forensic copy");
    // The subject id never appears in the log, only its keyed hash.
    let all = serde_json::to_string(&entries(&v)).unwrap();
    assert!(
        !all.contains("\"7\""),
        "the subject id is in the log: {all}"
    );
    assert_eq!(
        req[0]["facts"]["subject_hmac"].as_str().unwrap().len(),
        64,
        "{}",
        req[0]
    );
    intact(&v, &[]);
}

#[test]
fn prune_deletions_name_their_rule_and_holds_are_logged() {
    let db = small_db("audit_prune");
    let v = db_vault(&db);
    let config = std::fs::read_to_string(v.config()).unwrap();
    let config = config
        .replace("keep_last = 3", "keep_last = 1")
        .replace("keep_daily = 30", "keep_daily = 1")
        .replace("keep_weekly = 12", "keep_weekly = 0")
        .replace("keep_monthly = 12", "keep_monthly = 0")
        .replace("keep_yearly = 7", "keep_yearly = 0");
    std::fs::write(v.config(), config).unwrap();
    let at = |now: &str, args: &[&str]| {
        let out = v
            .bare_cmd()
            .env("COFFER_NOW", now)
            .arg("--config")
            .arg(v.config())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let first: Value =
        serde_json::from_str(&at("2026-03-01T02:00:00Z", &["backup", "--json"])).unwrap();
    let first = first["archive_id"].as_str().unwrap().to_owned();
    let second: Value =
        serde_json::from_str(&at("2026-03-02T02:00:00Z", &["backup", "--json"])).unwrap();
    let second = second["archive_id"].as_str().unwrap().to_owned();
    at(
        "2026-03-02T03:00:00Z",
        &["hold", "add", &second, "--reason", "case 12"],
    );
    at(
        "2026-03-02T03:01:00Z",
        &["hold", "release", &second, "--reason", "closed"],
    );
    at("2026-03-02T04:00:00Z", &["prune"]);
    let p = of_action(&v, "prune");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0]["object"]["id"], first.as_str());
    assert_eq!(p[0]["outcome"], "ok");
    assert_eq!(p[0]["at"], "2026-03-02T04:00:00Z");
    let rule = p[0]["facts"]["rule"].to_string();
    assert!(rule.len() > 4, "the rule that let it go: {}", p[0]);
    let h = of_action(&v, "hold-add");
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["facts"]["reason"], "case 12");
    assert_eq!(
        of_action(&v, "hold-release")[0]["object"]["id"],
        second.as_str()
    );
    // --since filters by time.
    let since = v.ok_json(&["audit", "log", "--since", "2026-03-02", "--json"]);
    assert!(
        since
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["at"].as_str().unwrap() >= "2026-03-02")
    );
    assert!(since.as_array().unwrap().len() < entries(&v).len());
    intact(&v, &[]);
    intact(&v, &["--from-store", "local"]);
}

// --- tampering --------------------------------------------------------------------------

#[test]
fn altering_deleting_reordering_or_cutting_catalog_entries_is_found_at_its_seq() {
    let v = seven_entries();
    let saved = save_catalog(&v);
    intact(&v, &[]);

    // Altered: a fact of entry 4.
    {
        let c = raw_catalog(&v);
        let line = catalog_line(&c, 4).replace("TICKET-1", "TICKET-X");
        c.execute("UPDATE audit_log SET line = ?1 WHERE seq = 4", [line])
            .unwrap();
    }
    let err = broken_at(&v, &[], 4);
    assert!(err.contains("altered"), "{err}");
    restore_catalog(&saved);

    // Altered: the head (no later entry links to it; its signature fails).
    {
        let c = raw_catalog(&v);
        let line = catalog_line(&c, 7).replace("TICKET-4", "TICKET-Y");
        c.execute("UPDATE audit_log SET line = ?1 WHERE seq = 7", [line])
            .unwrap();
    }
    broken_at(&v, &[], 7);
    restore_catalog(&saved);

    // Deleted: entry 5.
    raw_catalog(&v)
        .execute("DELETE FROM audit_log WHERE seq = 5", [])
        .unwrap();
    let err = broken_at(&v, &[], 5);
    assert!(err.contains("missing"), "{err}");
    restore_catalog(&saved);

    // Reordered: entries 5 and 6 swap places.
    {
        let c = raw_catalog(&v);
        let (l5, l6) = (catalog_line(&c, 5), catalog_line(&c, 6));
        c.execute("UPDATE audit_log SET line = ?1 WHERE seq = 5", [&l6])
            .unwrap();
        c.execute("UPDATE audit_log SET line = ?1 WHERE seq = 6", [&l5])
            .unwrap();
    }
    broken_at(&v, &[], 5);
    restore_catalog(&saved);

    // Cut: the last two entries; the store still holds them.
    raw_catalog(&v)
        .execute("DELETE FROM audit_log WHERE seq >= 6", [])
        .unwrap();
    let err = broken_at(&v, &[], 6);
    assert!(err.contains("truncated"), "{err}");
    restore_catalog(&saved);

    intact(&v, &[]);
}

#[test]
fn altering_deleting_or_reordering_entries_in_a_store_segment_is_found_at_its_seq() {
    let v = seven_entries();
    intact(&v, &["--from-store", "local"]);

    // Altered: entry 5, in its own segment.
    let s5 = segment(&v, 5, 5);
    let orig5 = std::fs::read_to_string(&s5).unwrap();
    std::fs::write(&s5, orig5.replace("TICKET-2", "TICKET-Z")).unwrap();
    let err = broken_at(&v, &["--from-store", "local"], 5);
    assert!(err.contains("altered"), "{err}");
    std::fs::write(&s5, &orig5).unwrap();

    // Altered: entry 4, the second line of segment 3-4.
    let s34 = segment(&v, 3, 4);
    let orig34 = std::fs::read_to_string(&s34).unwrap();
    std::fs::write(&s34, orig34.replace("TICKET-1", "TICKET-Z")).unwrap();
    broken_at(&v, &["--from-store", "local"], 4);

    // Reordered: the two lines of segment 3-4 swap.
    let lines: Vec<&str> = orig34.lines().collect();
    std::fs::write(&s34, format!("{}\n{}\n", lines[1], lines[0])).unwrap();
    let err = broken_at(&v, &["--from-store", "local"], 3);
    assert!(err.contains("out of order"), "{err}");
    std::fs::write(&s34, &orig34).unwrap();

    // Removed: segment 5-5 and its signature.
    std::fs::rename(&s5, audit_dir(&v).join("gone")).unwrap();
    let err = broken_at(&v, &["--from-store", "local"], 5);
    assert!(err.contains("missing"), "{err}");
    std::fs::rename(audit_dir(&v).join("gone"), &s5).unwrap();

    // Removed: one entry out of segment 3-4 (the name still says 3-4).
    std::fs::write(&s34, format!("{}\n", lines[0])).unwrap();
    broken_at(&v, &["--from-store", "local"], 4);
    std::fs::write(&s34, &orig34).unwrap();

    intact(&v, &["--from-store", "local"]);
    // The catalog's copy was never touched.
    intact(&v, &[]);
}

#[test]
fn a_cut_tail_is_visible_in_the_catalog_and_in_a_store_whose_seals_are_newer() {
    let db = small_db("audit_cut");
    let v = db_vault(&db);
    v.ok(&["backup"]);
    let after_first = segment_names(&v);
    v.ok(&["backup"]);
    // The newest seal records the head as it was before the second backup.
    let list = v.list();
    let newest = list
        .iter()
        .max_by_key(|a| a["created"].as_str().unwrap().to_owned())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let head = v.show(&newest).to_string();
    assert!(head.contains("audit_head"), "{head}");
    let seal_seq = of_action(&v, "backup")[0]["seq"].as_u64().unwrap();

    // Cut the store's log back to what init wrote (segment 1-2): the
    // newest seal names entry `seal_seq` or later, so the cut shows.
    for name in segment_names(&v) {
        if name != "000000000001-000000000002.jsonl" {
            let p = audit_dir(&v).join(&name);
            std::fs::remove_file(sig_of(&p)).unwrap();
            std::fs::remove_file(&p).unwrap();
        }
    }
    assert!(after_first.len() >= 2, "{after_first:?}");
    let err = broken_at(&v, &["--from-store", "local"], 3);
    assert!(err.contains("truncated"), "{err} (seal head >= {seal_seq})");
    // The catalog still holds everything, and the next publish puts the
    // store back.
    intact(&v, &[]);
    v.ok(&["hold", "add", &newest, "--reason", "x"]);
    intact(&v, &["--from-store", "local"]);

    // Cut the catalog's tail: the store's segments and the seal show it.
    let n = entries(&v).len() as i64;
    raw_catalog(&v)
        .execute("DELETE FROM audit_log WHERE seq > ?1", [n - 3])
        .unwrap();
    let err = broken_at(&v, &[], (n - 2) as u64);
    assert!(err.contains("truncated"), "{err}");
}

#[test]
fn a_forged_segment_signed_by_another_key_is_refused_by_verify_and_rebuild() {
    require_tool("ssh-keygen", "openssh-client");
    let v = seven_entries();
    // Re-signed with another key: the bytes are the vault's, the signature not.
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("other");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f"])
        .arg(&other)
        .output()
        .unwrap();
    assert!(out.status.success());
    let s6 = segment(&v, 6, 6);
    let forged = tmp.path().join("seg.jsonl");
    std::fs::copy(&s6, &forged).unwrap();
    let out = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "coffer-audit", "-f"])
        .arg(&other)
        .arg(&forged)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let orig_sig = std::fs::read(sig_of(&s6)).unwrap();
    std::fs::copy(sig_of(&forged), sig_of(&s6)).unwrap();
    let err = broken_at(&v, &["--from-store", "local"], 6);
    assert!(err.contains("another key"), "{err}");
    std::fs::write(sig_of(&s6), &orig_sig).unwrap();

    // A whole log made by another vault (its own key, a valid chain) put in
    // place of the first segment.
    let w = offline_vault();
    std::fs::copy(segment(&w, 1, 2), segment(&v, 1, 2)).unwrap();
    std::fs::copy(sig_of(&segment(&w, 1, 2)), sig_of(&segment(&v, 1, 2))).unwrap();
    let err = broken_at(&v, &["--from-store", "local"], 1);
    assert!(err.contains("another key"), "{err}");

    // A rebuild from that store keeps none of it and says so.
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    let r = v.ok_json(&["catalog", "rebuild", "--json"]);
    assert_eq!(r["report"]["audit_entries"], 0, "{r}");
    assert!(
        r["report"]["rejected"]
            .to_string()
            .contains("audit chain broken at seq 1"),
        "{r}"
    );
    // The new log starts afresh with the rebuild itself; the store's forged
    // segment is not extended.
    let e = entries(&v);
    assert_eq!(e[0]["action"], "catalog-rebuild", "{e:?}");
}

// --- rebuild ----------------------------------------------------------------------------

#[test]
fn catalog_rebuild_restores_the_log_from_the_local_store_and_it_verifies() {
    let v = seven_entries();
    let before = entries(&v);
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    let r = v.ok_json(&["catalog", "rebuild", "--json"]);
    assert_eq!(r["report"]["audit_entries"], 7, "{r}");
    let after = entries(&v);
    assert_eq!(&after[..7], &before[..], "the same entries, byte for byte");
    assert_eq!(after[7]["action"], "catalog-rebuild");
    assert_eq!(after[7]["seq"], 8);
    let st = intact(&v, &[]);
    assert_eq!(st["head_seq"], 8);
    // The rebuild's own entry is in the store too.
    let st = intact(&v, &["--from-store", "local"]);
    assert_eq!(st["head_seq"], 8, "{st}");
}

#[test]
fn push_logs_each_copy_and_a_rebuild_from_s3_alone_brings_the_log_back() {
    let moto = s3_support::shared();
    let db = small_db("audit_s3");
    let v = db_vault(&db);
    let bucket = s3_support::unique_bucket_name("audit");
    moto.create_bucket(&bucket, false);
    let text = std::fs::read_to_string(v.config()).unwrap();
    let mut text = text.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1);
    text.push_str(&format!(
        "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"school/\"\n\
         endpoint = \"{}\"\nregion = \"{}\"\nretries = 1\n",
        moto.endpoint(),
        s3_support::REGION
    ));
    std::fs::write(v.config(), text).unwrap();
    let s3 = |args: &[&str]| {
        let out = v.cmd().envs(s3_support::env()).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let b: Value = serde_json::from_str(&s3(&["backup", "--json"])).unwrap();
    let id = b["archive_id"].as_str().unwrap().to_owned();
    let push: Vec<Value> =
        serde_json::from_str(&s3(&["audit", "log", "--action", "push", "--json"])).unwrap();
    assert_eq!(push.len(), 1, "{push:?}");
    assert_eq!(push[0]["object"]["id"], id.as_str());
    assert_eq!(push[0]["facts"]["store"], "offsite");
    assert_eq!(push[0]["outcome"], "ok");
    let keys = moto.raw_keys(&bucket);
    assert!(
        keys.iter()
            .any(|k| k.starts_with("school/audit/") && k.ends_with(".jsonl")),
        "{keys:?}"
    );
    let store_status: Value = serde_json::from_str(&s3(&[
        "audit",
        "verify",
        "--from-store",
        "offsite",
        "--json",
    ]))
    .unwrap();
    assert_eq!(store_status["ok"], true, "{store_status}");
    let n = store_status["status"]["head_seq"].as_u64().unwrap();
    let before: Vec<Value> = entries(&v).into_iter().take(n as usize).collect();

    // The backup host loses its store and its catalog.
    std::fs::remove_dir_all(v.store_dir()).unwrap();
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    std::fs::create_dir(v.store_dir()).unwrap();
    let r: Value =
        serde_json::from_str(&s3(&["catalog", "rebuild", "--from", "offsite", "--json"])).unwrap();
    assert_eq!(r["report"]["audit_entries"], n, "{r}");
    let after = entries(&v);
    assert_eq!(&after[..n as usize], &before[..]);
    assert_eq!(after.last().unwrap()["action"], "catalog-rebuild");
    let st: Value = serde_json::from_str(&s3(&["audit", "verify", "--json"])).unwrap();
    assert_eq!(st["ok"], true, "{st}");
    // The local store has the whole log again.
    let st: Value =
        serde_json::from_str(&s3(&["audit", "verify", "--from-store", "local", "--json"])).unwrap();
    assert_eq!(st["status"]["head_seq"], after.len(), "{st}");
}

// --- by hand ----------------------------------------------------------------------------

#[test]
fn a_segment_checks_by_hand_with_ssh_keygen_sha256sum_and_jq() {
    require_tool("ssh-keygen", "openssh-client");
    require_tool("jq", "jq");
    require_tool("sha256sum", "coreutils");
    let v = seven_entries();
    let pubkey = std::fs::read_to_string(v.dir().join("keys/signing.key.pub")).unwrap();
    std::fs::write(
        audit_dir(&v).join("allowed_signers"),
        format!("coffer {pubkey}"),
    )
    .unwrap();
    // The recipe of spec/audit.md "Checking by hand".
    let script = r#"
seg=000000000003-000000000004.jsonl
ssh-keygen -Y verify -f allowed_signers -I coffer -n coffer-audit -s "$seg.sig" < "$seg"
# prev of each line is the SHA-256 of the line before (without its newline).
test "$(sed -n 2p "$seg" | jq -r .prev)" = "$(sed -n 1p "$seg" | tr -d '\n' | sha256sum | cut -d' ' -f1)"
# ... across segments too: the first line's prev is the last line of 1-2.
test "$(head -n1 "$seg" | jq -r .prev)" = "$(tail -n1 000000000001-000000000002.jsonl | tr -d '\n' | sha256sum | cut -d' ' -f1)"
# One entry's own signature: the line without its "sig" member.
line=$(sed -n 2p "$seg")
printf '%s}' "${line%,\"sig\":*}" > entry.msg
{ echo '-----BEGIN SSH SIGNATURE-----'; printf '%s' "$line" | jq -r .sig | fold -w 70; echo '-----END SSH SIGNATURE-----'; } > entry.sig
ssh-keygen -Y verify -f allowed_signers -I coffer -n coffer-audit -s entry.sig < entry.msg
jq -r '"\(.seq) \(.action) \(.object.id)"' "$seg"
"#;
    let out = sh(script, &audit_dir(&v));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 config-change"), "{stdout}");
    assert!(stdout.contains("4 erasure-request TICKET-1"), "{stdout}");
    assert_eq!(
        stdout.matches("Good \"coffer-audit\" signature").count(),
        2,
        "{stdout}"
    );
    // The same recipe fails on an altered entry.
    let bad = sh(
        r#"line=$(sed -n 2p 000000000003-000000000004.jsonl | sed s/TICKET-1/TICKET-9/)
printf '%s}' "${line%,\"sig\":*}" > entry.msg
ssh-keygen -Y verify -f allowed_signers -I coffer -n coffer-audit -s entry.sig < entry.msg"#,
        &audit_dir(&v),
    );
    assert!(!bad.status.success());
    // No file of the store names a subject id.
    let mut files = Vec::new();
    walk(&audit_dir(&v), &mut files);
    for f in files {
        let t = std::fs::read_to_string(&f).unwrap_or_default();
        assert!(!t.contains("\"101\""), "{}", f.display());
    }
}
