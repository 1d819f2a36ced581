//! Offsite copies end to end (issue 7), through the real `coffer` binary,
//! a real PostgreSQL cluster and a real S3 API (moto_server on loopback):
//! backup pushes and reads back, `verify --store` finds a damaged remote
//! copy and `push --missing` replaces it, an upload cut off by killing the
//! server is completed by `push --missing`, restore reads from the offsite
//! copy once the local store is gone, `catalog rebuild --from` works from
//! the bucket alone, prune deletes from every store, and object lock keeps
//! prune's hands off a locked copy.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod s3_support;
mod vault_support;

use std::time::{Duration, Instant};

use coffer::catalog::{CopyStatus, RunKind};
use coffer::store::Store;
use serde_json::Value;

use common::{TestDb, fresh_db};
use s3_support::Moto;
use vault_support::{ScratchDb, TestVault};

const EXIT_INTEGRITY: i32 = 5;
const EXIT_WRONG_KEY: i32 = 4;
const EXIT_STORAGE: i32 = 8;

/// A vault whose general class has one offsite S3 store, `offsite`, on
/// `bucket` of `moto` (two copies required: local + offsite).
struct OffsiteVault {
    v: TestVault,
    bucket: String,
}

impl OffsiteVault {
    fn new(db: &TestDb, moto: &Moto, name: &str, extra_store: &str, retention: &str) -> Self {
        let v = TestVault::new(&db.url());
        let bucket = s3_support::unique_bucket_name(name);
        let lock = extra_store.contains("object_lock");
        moto.create_bucket(&bucket, lock);
        let text = std::fs::read_to_string(v.config()).unwrap();
        let mut text = text.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1);
        if !retention.is_empty() {
            let start = text.find("[retention]").unwrap();
            let end = text[start..].find("\n# Per-class").unwrap() + start;
            text.replace_range(start..end, &format!("[retention]\n{retention}\n"));
        }
        text.push_str(&format!(
            "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"school/\"\n\
             endpoint = \"{}\"\nregion = \"{}\"\nretries = 1\n{extra_store}\n",
            moto.endpoint(),
            s3_support::REGION
        ));
        std::fs::write(v.config(), text).unwrap();
        OffsiteVault { v, bucket }
    }

    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.v.cmd();
        c.envs(s3_support::env()).args(args);
        c
    }

    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = self.cmd(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, Some(0), "coffer {args:?}:\n{out}{err}");
        out
    }

    fn ok_json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    fn copy_status(&self, id: &str, store: &str) -> Option<CopyStatus> {
        self.v.catalog().copy(id, store).unwrap().map(|c| c.status)
    }

    fn keys(&self, moto: &Moto) -> Vec<String> {
        moto.raw_keys(&self.bucket)
    }

    /// The offsite store, opened in-process (for damage done behind
    /// coffer's back).
    fn store(&self, moto: &Moto) -> coffer::store::S3Store {
        let mut c = moto.config(&self.bucket);
        c.prefix = "school".into();
        coffer::store::S3Store::new(c).unwrap()
    }
}

fn small_db(name: &str) -> TestDb {
    let db = fresh_db(name);
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 500) g; \
         CREATE TABLE grades (pupil int REFERENCES pupils, grade int); \
         INSERT INTO grades SELECT g % 500 + 1, g % 6 FROM generate_series(1, 2000) g;",
    );
    db
}

#[test]
fn backup_pushes_verify_store_finds_damage_push_missing_repairs_prune_deletes_everywhere() {
    let moto = s3_support::shared();
    let db = small_db("off_push");
    let o = OffsiteVault::new(
        &db,
        moto,
        "push",
        "",
        "keep_last = 1\nkeep_daily = 0\nkeep_weekly = 0\nkeep_monthly = 0\nkeep_yearly = 0",
    );

    // The backup pushes, reads back, and counts as complete.
    let out = o.ok_json(&["backup", "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["complete"], true, "{out}");
    let id = out["archive_id"].as_str().unwrap().to_owned();
    let copied = &out["push"]["copies"][0];
    assert_eq!(copied["outcome"], "copied", "{out}");
    assert_eq!(copied["store"], "offsite", "{out}");
    assert_eq!(o.copy_status(&id, "local"), Some(CopyStatus::Present));
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Present));
    let keys = o.keys(moto);
    let key = format!("school/general/{id}.tar.zst.age");
    for suffix in ["", ".seal", ".seal.sig"] {
        assert!(
            keys.contains(&format!("{key}{suffix}")),
            "{key}{suffix} in {keys:?}"
        );
    }
    let show = o.v.show(&id);
    assert_eq!(show["copies_required"], 2, "{show}");
    assert_eq!(show["copies"].as_array().map(Vec::len), Some(2), "{show}");
    let push_runs = o.v.runs(RunKind::Push);
    assert_eq!(push_runs.len(), 1, "one recorded push");

    // Keyless verification of the remote copy (no identity given).
    let ok = o.ok_json(&["verify", "--store", "offsite", &id, "--json"]);
    assert_eq!(ok["ok"], true, "{ok}");

    // Damage the remote copy behind coffer's back: same size, one byte off.
    let s3 = o.store(moto);
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut s3.get(&format!("general/{id}.tar.zst.age")).unwrap(),
        &mut bytes,
    )
    .unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    s3.put(
        &format!("general/{id}.tar.zst.age"),
        &mut bytes.as_slice(),
        None,
    )
    .unwrap();
    let (code, stdout, stderr) = o.run(&["verify", "--store", "offsite", "--all"]);
    assert_eq!(code, Some(EXIT_INTEGRITY), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("FAILED {id} in offsite")),
        "{stdout}"
    );
    assert!(stderr.contains("push --missing"), "{stderr}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Bad));
    // The local copy is fine and untouched by this.
    o.ok(&["verify", &id]);

    // push --missing uploads it again from the good local copy.
    let pushed = o.ok_json(&["push", "--missing", "--json"]);
    assert_eq!(pushed["push"]["copies"][0]["outcome"], "copied", "{pushed}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Present));
    o.ok(&["verify", "--store", "offsite", &id]);
    // Deep, with the identity, straight from the bucket.
    o.ok(&[
        "verify",
        "--store",
        "offsite",
        &id,
        "--deep",
        "-i",
        o.v.identity_str(),
    ]);
    // A key that does not open it says nothing about the copy: exit 4
    // (wrong key), not 5, and the copy stays good.
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("other-identity.txt");
    o.ok(&["keygen", "-o", other.to_str().unwrap()]);
    let (code, stdout, stderr) = o.run(&[
        "verify",
        "--store",
        "offsite",
        &id,
        "--deep",
        "-i",
        other.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(EXIT_WRONG_KEY), "{stdout}{stderr}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Present));

    // A second backup; retention keeps one: prune deletes the first
    // archive from the bucket and from the local store.
    std::thread::sleep(Duration::from_millis(1100));
    let second = o.ok_json(&["backup", "--json"]);
    let second = second["archive_id"].as_str().unwrap().to_owned();
    o.ok(&["verify", "--all"]);
    let pruned = o.ok_json(&["prune", "--json"]);
    assert_eq!(
        pruned["report"]["deleted"],
        serde_json::json!([id]),
        "{pruned}"
    );
    let keys = o.keys(moto);
    assert!(
        !keys.iter().any(|k| k.contains(&id)),
        "nothing of {id} left in the bucket: {keys:?}"
    );
    assert!(keys.iter().any(|k| k.contains(&second)), "{keys:?}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Deleted));
    assert_eq!(o.copy_status(&id, "local"), Some(CopyStatus::Deleted));
}

#[test]
fn no_push_backup_is_incomplete_until_push_missing_and_retention_keeps_it() {
    let moto = s3_support::shared();
    let db = small_db("off_nopush");
    let o = OffsiteVault::new(
        &db,
        moto,
        "nopush",
        "",
        "keep_last = 1\nkeep_daily = 0\nkeep_weekly = 0\nkeep_monthly = 0\nkeep_yearly = 0",
    );
    let first = o.ok_json(&["backup", "--no-push", "--json"]);
    assert_eq!(first["complete"], false, "{first}");
    let first = first["archive_id"].as_str().unwrap().to_owned();
    assert!(o.keys(moto).is_empty(), "nothing uploaded");
    std::thread::sleep(Duration::from_millis(1100));
    let second = o.ok_json(&["backup", "--no-push", "--json"]);
    let second = second["archive_id"].as_str().unwrap().to_owned();
    o.ok(&["verify", "--all"]);
    // The older archive is past retention but not yet offsite: kept.
    let plan = o.ok_json(&["prune", "--dry-run", "--json"]);
    let text = plan.to_string();
    assert!(text.contains("not yet copied offsite"), "{plan}");
    let items = &plan["report"]["classes"][0]["plan"]["items"];
    let first_item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == first.as_str())
        .unwrap();
    assert_eq!(first_item["decision"], "keep", "{plan}");

    // push --to a store that is no store of the class: refused.
    let (code, _, err) = o.run(&["push", "--missing", "--to", "elsewhere"]);
    assert_eq!(code, Some(3), "{err}");

    let pushed = o.ok_json(&["push", "--missing", "--json"]);
    let outcomes: Vec<&str> = pushed["push"]["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["copied", "copied"], "{pushed}");
    for id in [&first, &second] {
        assert_eq!(o.copy_status(id, "offsite"), Some(CopyStatus::Present));
    }
    // Now the older one goes, from both stores.
    let pruned = o.ok_json(&["prune", "--json"]);
    assert_eq!(
        pruned["report"]["deleted"],
        serde_json::json!([first]),
        "{pruned}"
    );
    // Nothing left to push.
    let again = o.ok_json(&["push", "--missing", "--json"]);
    assert!(
        again["push"]["copies"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["outcome"] == "present"),
        "{again}"
    );
}

#[test]
fn upload_cut_off_by_killing_the_server_is_completed_by_push_missing() {
    let moto = Moto::start();
    let db = fresh_db("off_kill");
    // About 16 MiB of random bytes: an archive of several 5 MiB parts.
    db.psql(
        "CREATE TABLE noise (id int, b bytea); \
         INSERT INTO noise SELECT g, decode(md5(random()::text) || md5(random()::text), 'hex') \
         FROM generate_series(1, 500000) g;",
    );
    let o = OffsiteVault::new(&db, &moto, "kill", "part_size_mib = 5", "");
    let out = o.ok_json(&["backup", "--no-push", "--json"]);
    let id = out["archive_id"].as_str().unwrap().to_owned();
    assert!(
        out["size"].as_u64().unwrap() > 12 << 20,
        "a multipart-sized archive: {out}"
    );

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("coffer"))
        .env("COFFER_CONFIG", o.v.config())
        .envs(s3_support::env())
        .args(["push", &id])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Kill the server once the multipart upload is under way.
    let deadline = Instant::now() + Duration::from_secs(60);
    while moto.pending_uploads(&o.bucket) == 0 {
        assert!(
            Instant::now() < deadline,
            "the upload never started; moto log:\n{}",
            moto.log()
        );
        if let Ok(Some(status)) = child.try_wait() {
            panic!("push ended before the server was killed: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    moto.kill();
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("push did not give up after the server was killed");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        status.code(),
        Some(EXIT_STORAGE),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(o.copy_status(&id, "offsite"), None, "no copy recorded");
    let push = o.v.runs(RunKind::Push);
    assert!(
        push.first().is_some_and(|r| r.error.is_some()),
        "the failed push is recorded"
    );

    // The server comes back (empty: moto keeps nothing); push --missing
    // completes the copy.
    moto.restart();
    moto.create_bucket(&o.bucket, false);
    let pushed = o.ok_json(&["push", "--missing", "--json"]);
    assert_eq!(pushed["ok"], true, "{pushed}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Present));
    assert_eq!(moto.pending_uploads(&o.bucket), 0);
    o.ok(&["verify", "--store", "offsite", &id]);
}

#[test]
fn restore_and_rebuild_from_the_bucket_alone_after_the_local_store_is_lost() {
    let moto = s3_support::shared();
    let db = small_db("off_lost");
    let o = OffsiteVault::new(&db, moto, "lost", "", "");
    let id = o.ok_json(&["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    o.ok(&["hold", "add", &id, "--reason", "inspection"]);
    let counts = db.row_counts();

    // The backup host loses its store and its catalog.
    std::fs::remove_dir_all(o.v.store_dir()).unwrap();
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(o.v.dir().join(f));
    }
    std::fs::create_dir(o.v.store_dir()).unwrap();

    // Rebuild from the bucket alone.
    let rebuilt = o.ok_json(&["catalog", "rebuild", "--from", "offsite", "--json"]);
    assert_eq!(rebuilt["ok"], true, "{rebuilt}");
    assert_eq!(rebuilt["report"]["archives"], 1, "{rebuilt}");
    assert_eq!(
        rebuilt["report"]["holds"], 1,
        "the hold came back: {rebuilt}"
    );
    let list = o.ok_json(&["list", "--json"]);
    assert_eq!(list[0]["id"], id.as_str(), "{list}");
    assert_eq!(o.copy_status(&id, "offsite"), Some(CopyStatus::Present));
    assert_eq!(o.copy_status(&id, "local"), Some(CopyStatus::Bad));

    // Restore falls back to the offsite copy by itself, saying so.
    let target = ScratchDb::new("off_lost");
    let (code, stdout, stderr) = o.run(&[
        "restore",
        "latest",
        "--to",
        &target.url(),
        "-i",
        o.v.identity_str(),
        "--create",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(out["report"]["sources"][&id], "offsite", "{out}");
    assert!(stderr.contains("in store local"), "{stderr}");
    assert_eq!(target.row_counts(), counts);

    // A drill names the store outright.
    let drill = o.ok_json(&[
        "drill",
        "-i",
        o.v.identity_str(),
        "--from",
        "offsite",
        "--json",
    ]);
    assert_eq!(drill["ok"], true, "{drill}");
    // --from a store that does not hold it: a clear failure, nothing restored.
    let target2 = ScratchDb::new("off_lost_local");
    let (code, _, stderr) = o.run(&[
        "restore",
        "latest",
        "--to",
        &target2.url(),
        "-i",
        o.v.identity_str(),
        "--create",
        "--from",
        "local",
    ]);
    assert_ne!(code, Some(0), "{stderr}");
    assert!(stderr.contains("coffer: error:"), "{stderr}");
}

#[test]
fn object_lock_dates_follow_retention_and_prune_leaves_locked_copies_alone() {
    let moto = s3_support::shared();
    let db = small_db("off_lock");
    let o = OffsiteVault::new(
        &db,
        moto,
        "lock",
        "object_lock = \"governance\"",
        "keep_last = 1\nkeep_daily = 3\nkeep_weekly = 0\nkeep_monthly = 0\nkeep_yearly = 0",
    );
    let first = o.ok_json(&["backup", "--json"]);
    let first_id = first["archive_id"].as_str().unwrap().to_owned();
    let until = first["push"]["copies"][0]["retain_until"]
        .as_str()
        .unwrap_or_else(|| panic!("a retain-until date: {first}"))
        .parse::<jiff::Timestamp>()
        .unwrap();
    // keep_daily = 3: three days from the start of the archive's day.
    let created = o.v.catalog().archive(&first_id).unwrap().unwrap().created;
    let day = created.as_second() - created.as_second().rem_euclid(86_400);
    assert_eq!(until.as_second(), day + 3 * 86_400, "{first}");
    let copy = o.v.catalog().copy(&first_id, "offsite").unwrap().unwrap();
    assert_eq!(
        copy.retain_until.map(|t| t.as_second()),
        Some(until.as_second())
    );

    // A second backup the same day replaces the first as the day's archive:
    // retention deletes the first, but its copy is locked: prune says so
    // and deletes it nowhere.
    std::thread::sleep(Duration::from_millis(1100));
    o.ok(&["backup"]);
    o.ok(&["verify", "--all"]);
    let pruned = o.ok_json(&["prune", "--json"]);
    assert_eq!(
        pruned["report"]["deleted"],
        serde_json::json!([]),
        "{pruned}"
    );
    let locked = &pruned["report"]["locked"][0];
    assert_eq!(locked["archive_id"], first_id.as_str(), "{pruned}");
    assert_eq!(locked["store"], "offsite", "{pruned}");
    assert!(
        o.v.store_dir()
            .join("general")
            .read_dir()
            .unwrap()
            .any(|e| e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(&first_id))
    );
    assert!(o.keys(moto).iter().any(|k| k.contains(&first_id)));
}

/// An archive pushed on the last day of a month is locked for its daily
/// term; once the month has closed and it is that month's newest, the
/// monthly term applies, and the next `push --missing` (or backup) extends
/// the lock in the bucket (PutObjectRetention), reads it back and records it.
#[test]
fn object_lock_grows_when_an_archive_becomes_its_months_newest() {
    let moto = s3_support::shared();
    let db = small_db("off_lock_grow");
    let o = OffsiteVault::new(
        &db,
        moto,
        "lockgrow",
        "object_lock = \"governance\"",
        "keep_last = 1\nkeep_daily = 3\nkeep_weekly = 0\nkeep_monthly = 6\nkeep_yearly = 0",
    );
    let at = |now: &str, args: &[&str]| -> Value {
        let out = o.cmd(args).env("COFFER_NOW", now).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "coffer {args:?} at {now}:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(stdout.trim()).unwrap()
    };
    let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    // Far enough ahead of the real clock that every date is in moto's future.
    let first = at("2031-12-31T12:00:00Z", &["backup", "--json"]);
    let id = first["archive_id"].as_str().unwrap().to_owned();
    assert_eq!(
        first["push"]["copies"][0]["retain_until"], "2032-01-03T00:00:00Z",
        "the daily term: {first}"
    );
    // Still December: nothing to extend.
    let same = at("2031-12-31T18:00:00Z", &["push", "--missing", "--json"]);
    assert_eq!(same["push"]["copies"][0]["outcome"], "present", "{same}");

    // January: December has closed and this is its newest archive.
    let grown = at("2032-01-02T08:00:00Z", &["push", "--missing", "--json"]);
    let c = &grown["push"]["copies"][0];
    assert_eq!(c["archive_id"], id.as_str(), "{grown}");
    assert_eq!(c["outcome"], "extended", "{grown}");
    assert_eq!(c["retain_until"], "2032-06-01T00:00:00Z", "{grown}");
    let copy = o.v.catalog().copy(&id, "offsite").unwrap().unwrap();
    assert_eq!(copy.retain_until, Some(ts("2032-06-01T00:00:00Z")));
    // What the bucket itself says.
    let key = format!(
        "school/{}",
        o.v.catalog().archive(&id).unwrap().unwrap().key
    );
    let store = coffer::store::S3Store::new(moto.config(&o.bucket)).unwrap();
    let meta = coffer::store::Store::head(&store, &key).unwrap().unwrap();
    assert_eq!(
        meta.retain_until,
        Some(ts("2032-06-01T00:00:00Z")),
        "the object's retention in moto, read by a client of its own"
    );
    // Done once: the next run has nothing to do.
    let again = at("2032-01-02T09:00:00Z", &["push", "--missing", "--json"]);
    assert_eq!(again["push"]["copies"][0]["outcome"], "present", "{again}");
}

/// A push whose only source is damaged (the local archive changed after the
/// backup): the upload's own hash does not match the seal, the object is
/// deleted again, nothing is recorded, and the push fails (exit 8) saying so.
#[test]
fn a_damaged_source_is_never_left_behind_as_a_copy() {
    let moto = s3_support::shared();
    let db = small_db("off_badsrc");
    let o = OffsiteVault::new(&db, moto, "badsrc", "", "");
    let out = o.ok_json(&["backup", "--no-push", "--json"]);
    let id = out["archive_id"].as_str().unwrap().to_owned();
    let path = o.v.archive_path(&id);
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    let (code, stdout, stderr) = o.run(&["push", "--missing"]);
    assert_eq!(code, Some(EXIT_STORAGE), "{stdout}{stderr}");
    assert!(
        stdout.contains("does not match its seal"),
        "{stdout}{stderr}"
    );
    assert!(
        !o.keys(moto)
            .iter()
            .any(|k| k.contains(&id) && k.ends_with(".age")),
        "no copy left in the bucket: {:?}",
        o.keys(moto)
    );
    assert!(o.v.catalog().copy(&id, "offsite").unwrap().is_none());
}
