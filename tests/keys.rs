//! Key lifecycle (issue 15), through the real `coffer` binary, a real
//! PostgreSQL cluster, the real `age` CLI and a real S3 API (moto_server on
//! loopback): recipients as named custodians (`keys list`), `rekey` of
//! local and offsite archives (the payload section byte-identical, the
//! removed identity refused, the new one and stock `age -d` accepted,
//! seals verifying, restore and drill working), object lock keeping the
//! previous version, a rekey killed at each of its fault points
//! finished or undone by the next writing command, and OpenPGP archives
//! (to a certificate, or a passphrase) rekeyed to a certificate made by
//! the real gpg, which then decrypts them.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod common_archive;
mod s3_support;
mod vault_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use coffer::catalog::CopyStatus;
use coffer::digest::Digest;
use coffer::store::Store;
use serde_json::Value;

use common::{TestDb, fresh_db};
use s3_support::Moto;
use vault_support::{ScratchDb, TestVault};

const EXIT_BAD_INPUT: i32 = 3;
const EXIT_NO_KEY: i32 = 4;

fn small_db(name: &str) -> TestDb {
    let db = fresh_db(name);
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 3000) g; \
         CREATE TABLE marker (note text); INSERT INTO marker VALUES ('before rekey');",
    );
    db
}

/// `coffer keygen -o DIR/NAME`: the identity file and its recipient.
fn keygen(v: &TestVault, name: &str) -> (PathBuf, String) {
    let path = v.dir().join("keys").join(name);
    let out = v
        .bare_cmd()
        .args(["keygen", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (path.clone(), recipient_of(&path))
}

fn recipient_of(identity: &Path) -> String {
    std::fs::read_to_string(identity)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap_or_else(|| panic!("no public key line in {}", identity.display()))
        .trim()
        .to_owned()
}

fn fingerprint(recipient: &str) -> String {
    coffer::crypto::age_fingerprint(&coffer::crypto::parse_age_recipient(recipient).unwrap())
}

/// Replaces the `recipients = [...]` line of `[vault]` with `value`.
fn set_recipients(v: &TestVault, value: &str) {
    let text = std::fs::read_to_string(v.config()).unwrap();
    let mut out = String::new();
    let mut done = false;
    for line in text.lines() {
        if !done && line.starts_with("recipients = ") {
            out.push_str(&format!("recipients = {value}\n"));
            done = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(done, "no recipients line in {text}");
    std::fs::write(v.config(), out).unwrap();
}

fn sha_file(p: &Path) -> String {
    Digest::of(&std::fs::read(p).unwrap()).to_hex()
}

/// Stock `age -d -i IDENTITY FILE`: the SHA-256 of the plaintext, or the
/// error. The `age` CLI must be installed (never skipped).
fn stock_age(identity: &Path, file: &Path) -> Result<String, String> {
    let out = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity)
        .arg(file)
        .output()
        .expect("the `age` CLI (Debian package age) must be installed for these tests");
    if out.status.success() {
        Ok(Digest::of(&out.stdout).to_hex())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn run(v: &TestVault, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut c = v.cmd();
    c.envs(s3_support::env()).args(args);
    for (k, val) in env {
        c.env(k, val);
    }
    let out = c.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok_json(v: &TestVault, args: &[&str]) -> Value {
    let (code, out, err) = run(v, args, &[]);
    assert_eq!(code, Some(0), "coffer {args:?}:\n{out}{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

fn fails(v: &TestVault, args: &[&str], code: i32) -> String {
    let (got, out, err) = run(v, args, &[]);
    assert_eq!(got, Some(code), "coffer {args:?}:\n{out}{err}");
    assert!(err.contains("coffer: error:"), "{err}");
    err
}

fn key_entry<'a>(list: &'a Value, fp: &str) -> &'a Value {
    list["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["fingerprint"] == fp)
        .unwrap_or_else(|| panic!("{fp} not in {list}"))
}

#[test]
fn rekey_hands_a_local_archive_to_a_new_custodian_and_the_old_key_no_longer_opens_it() {
    let db = small_db("keys_local");
    let v = TestVault::new(&db.url());
    let old_id = PathBuf::from(v.identity_str());
    let old_r = recipient_of(&old_id);
    let old_fp = fingerprint(&old_r);
    let (new_id, new_r) = keygen(&v, "new.txt");
    let new_fp = fingerprint(&new_r);
    let (other_id, _) = keygen(&v, "other.txt");

    // Named custodians in coffer.toml; old-style strings keep working.
    set_recipients(
        &v,
        &format!("[{{ key = {old_r:?}, label = \"ops-2026\", custodian = \"DBA on call\" }}]"),
    );
    let id = v.backup("custom");
    let list = ok_json(&v, &["keys", "list", "--json"]);
    let old = key_entry(&list, &old_fp);
    assert_eq!(old["label"], "ops-2026", "{list}");
    assert_eq!(old["custodian"], "DBA on call", "{list}");
    assert_eq!(old["archives"], 1, "{list}");
    assert_eq!(old["configured"], true, "{list}");
    assert!(old["added"].is_string(), "{list}");

    // The custodian leaves: the config names the new key only, which the
    // next writing command records (audit log and catalog).
    set_recipients(
        &v,
        &format!("[{{ key = {new_r:?}, label = \"ops-2027\", custodian = \"Security officer\" }}]"),
    );
    let path = v.archive_path(&id);
    let before = v.dir().join("before.age");
    std::fs::copy(&path, &before).unwrap();
    let seal_before = std::fs::read(format!("{}.seal", path.display())).unwrap();
    let payload_before = coffer::pipeline::rekey::payload_sha256(&path)
        .unwrap()
        .to_hex();

    // Refusals: a key that cannot open it (exit 4, nothing changed), and
    // removing the last recipient (exit 3).
    let err = fails(
        &v,
        &[
            "rekey",
            &id,
            "-i",
            other_id.to_str().unwrap(),
            "--add",
            &new_r,
            "--remove",
            &old_fp,
        ],
        EXIT_NO_KEY,
    );
    assert!(err.contains("no identity can decrypt"), "{err}");
    let err = fails(
        &v,
        &[
            "rekey",
            &id,
            "-i",
            old_id.to_str().unwrap(),
            "--remove",
            &old_fp,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("last recipient"), "{err}");
    let err = fails(
        &v,
        &[
            "rekey",
            &id,
            "-i",
            old_id.to_str().unwrap(),
            "--remove",
            "age:00000000000000000000000000000000",
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("no selected archive is encrypted to"), "{err}");
    assert_eq!(
        sha_file(&path),
        sha_file(&before),
        "refusals change nothing"
    );

    let out = ok_json(
        &v,
        &[
            "rekey",
            &id,
            "-i",
            old_id.to_str().unwrap(),
            "--add",
            &new_r,
            "--remove",
            &old_fp,
            "--json",
        ],
    );
    let r = &out["rekey"]["archives"][0];
    assert_eq!(r["outcome"], "rekeyed", "{out}");
    assert_eq!(r["recipients_after"], serde_json::json!([new_fp]), "{out}");
    assert_eq!(r["payload_sha256"], payload_before.as_str(), "{out}");

    // The payload section is byte-identical; the file (header) is not.
    assert_eq!(
        coffer::pipeline::rekey::payload_sha256(&path)
            .unwrap()
            .to_hex(),
        payload_before
    );
    assert_ne!(sha_file(&path), sha_file(&before));
    assert_eq!(r["sha256_after"], sha_file(&path).as_str(), "{out}");
    let meta = std::fs::metadata(&path).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);

    // The old identity is refused, the new one opens it, with coffer and
    // with stock age (the same plaintext as the old file under the old key).
    let err = fails(
        &v,
        &["verify", &id, "--deep", "-i", old_id.to_str().unwrap()],
        EXIT_NO_KEY,
    );
    assert!(err.contains("no identity"), "{err}");
    let deep = ok_json(
        &v,
        &[
            "verify",
            &id,
            "--deep",
            "-i",
            new_id.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(deep["ok"], true, "{deep}");
    let keyless = ok_json(&v, &["verify", &id, "--json"]);
    assert_eq!(keyless["ok"], true, "{keyless}");
    let plain_before = stock_age(&old_id, &before).unwrap();
    assert_eq!(stock_age(&new_id, &path).unwrap(), plain_before);
    assert!(
        stock_age(&old_id, &path).is_err(),
        "the removed key must not open it"
    );

    // The new seal names the one it replaced.
    let seal: Value =
        serde_json::from_slice(&std::fs::read(format!("{}.seal", path.display())).unwrap())
            .unwrap();
    assert_eq!(
        seal["rekeyed"]["previous_seal_sha256"],
        Digest::of(&seal_before).to_hex().as_str(),
        "{seal}"
    );
    assert_eq!(seal["recipients"], serde_json::json!([new_fp]));
    assert_eq!(seal["ciphertext"]["sha256"], sha_file(&path).as_str());

    // Who can open what, now: the removed key none, the new one the archive.
    let list = ok_json(&v, &["keys", "list", "--json"]);
    let new = key_entry(&list, &new_fp);
    assert_eq!(new["archives"], 1, "{list}");
    assert_eq!(new["custodian"], "Security officer", "{list}");
    let old = key_entry(&list, &old_fp);
    assert_eq!(old["archives"], 0, "{list}");
    assert_eq!(old["configured"], false, "{list}");
    assert!(old["removed"].is_string(), "{list}");

    // Restore and drill with the new key.
    let dst = ScratchDb::new("keys_restore");
    v.ok(&[
        "restore",
        &id,
        "--to",
        &dst.url(),
        "--create",
        "-i",
        new_id.to_str().unwrap(),
    ]);
    common::assert_same_dump(&db.dump_normalized(), &dst.dump_normalized(), "after rekey");
    let drill = ok_json(
        &v,
        &["drill", &id, "-i", new_id.to_str().unwrap(), "--json"],
    );
    assert_eq!(drill["ok"], true, "{drill}");

    // The audit log chains the rekey; a catalog rebuilt from the store
    // agrees with it (the log's rekey entry names the new ciphertext).
    let audit = ok_json(&v, &["audit", "log", "--action", "rekey", "--json"]);
    assert!(audit.to_string().contains(&sha_file(&path)), "{audit}");
    v.ok(&["audit", "verify"]);
    let rebuilt = ok_json(&v, &["catalog", "rebuild", "--json"]);
    assert_eq!(rebuilt["ok"], true, "{rebuilt}");
    assert_eq!(
        v.catalog().archive(&id).unwrap().unwrap().sha256,
        sha_file(&path)
    );
    v.ok(&["catalog", "check"]);
    assert!(
        !v.store_dir()
            .join("general")
            .join(".coffer-tmp-rekey")
            .exists(),
        "no staging left behind"
    );

    // An archive damaged on disk is refused as not the sealed one (exit 5)
    // and left as it is: one payload byte (the hash is checked while it is
    // copied, before the rekey commits), one byte of a stanza (the key
    // cannot unwrap it, but the seal says the archive is damaged, not the
    // key wrong), the last byte cut off (the size, before anything is read).
    let good = std::fs::read(&path).unwrap();
    let header_len = {
        let mut r = std::io::Cursor::new(&good[..]);
        coffer::crypto::rekey::AgeHeader::read(&mut r)
            .unwrap()
            .bytes
            .len()
    };
    let rekey_back = [
        "rekey",
        &id,
        "-i",
        new_id.to_str().unwrap(),
        "--add",
        &old_r,
    ];
    for (what, at) in [("payload", good.len() - 100), ("stanza", header_len - 60)] {
        let mut damaged = good.clone();
        damaged[at] ^= 0x01;
        std::fs::write(&path, &damaged).unwrap();
        let err = fails(&v, &rekey_back, 5);
        assert!(err.contains("does not match its seal"), "{what}: {err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            damaged,
            "{what}: left as it was"
        );
        assert!(
            !v.store_dir()
                .join("general")
                .join(".coffer-tmp-rekey")
                .exists(),
            "{what}: the staged copy is removed"
        );
    }
    std::fs::write(&path, &good[..good.len() - 1]).unwrap();
    let err = fails(&v, &rekey_back, 5);
    assert!(err.contains("shorter than its seal"), "{err}");
    std::fs::write(&path, &good).unwrap();
}

/// The SHA-256 of object `key` under the `school/` prefix of `bucket`.
fn s3_sha(moto: &Moto, bucket: &str, key: &str) -> String {
    let mut c = moto.config(bucket);
    c.prefix = "school".into();
    let s3 = coffer::store::S3Store::new(c).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut s3.get(key).unwrap(), &mut bytes).unwrap();
    Digest::of(&bytes).to_hex()
}

/// A vault whose general class has an offsite S3 store (`offsite`).
fn offsite_vault(db: &TestDb, moto: &Moto, name: &str, lock: bool) -> (TestVault, String) {
    let v = TestVault::new(&db.url());
    let bucket = s3_support::unique_bucket_name(name);
    moto.create_bucket(&bucket, lock);
    let text = std::fs::read_to_string(v.config()).unwrap();
    let mut text = text.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1);
    text.push_str(&format!(
        "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"school/\"\n\
         endpoint = \"{}\"\nregion = \"{}\"\nretries = 1\n{}\n",
        moto.endpoint(),
        s3_support::REGION,
        if lock {
            "object_lock = \"governance\""
        } else {
            ""
        }
    ));
    std::fs::write(v.config(), text).unwrap();
    (v, bucket)
}

#[test]
fn rekey_replaces_the_s3_copy_and_object_lock_keeps_the_previous_version() {
    let moto = s3_support::shared();
    let db = small_db("keys_s3");
    let (v, bucket) = offsite_vault(&db, moto, "keys-lock", true);
    let old_id = PathBuf::from(v.identity_str());
    let old_fp = fingerprint(&recipient_of(&old_id));
    let (new_id, new_r) = keygen(&v, "new.txt");

    let b = ok_json(&v, &["backup", "--json"]);
    assert_eq!(b["complete"], true, "{b}");
    let id = b["archive_id"].as_str().unwrap().to_owned();
    let key = format!("general/{id}.tar.zst.age");
    assert_eq!(moto.versions(&bucket, &format!("school/{key}")), 1);

    let out = ok_json(
        &v,
        &[
            "rekey",
            "latest",
            "-i",
            old_id.to_str().unwrap(),
            "--add",
            &new_r,
            "--remove",
            &old_fp,
            "--json",
        ],
    );
    let r = &out["rekey"]["archives"][0];
    assert_eq!(r["offsite"][0]["outcome"], "copied", "{out}");
    assert_eq!(r["retained"][0]["store"], "offsite", "{out}");

    // The bucket holds the new archive, and (object lock) the old version.
    let path = v.archive_path(&id);
    let new_sha = sha_file(&path);
    let mut c = moto.config(&bucket);
    c.prefix = "school".into();
    let s3 = coffer::store::S3Store::new(c).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut s3.get(&key).unwrap(), &mut bytes).unwrap();
    assert_eq!(Digest::of(&bytes).to_hex(), new_sha);
    assert_eq!(
        moto.versions(&bucket, &format!("school/{key}")),
        2,
        "the locked version stays"
    );
    let copy = v.catalog().copy(&id, "offsite").unwrap().unwrap();
    assert_eq!(
        (copy.status, copy.sha256.as_str()),
        (CopyStatus::Present, new_sha.as_str())
    );
    let seal: Value =
        serde_json::from_slice(&std::fs::read(format!("{}.seal", path.display())).unwrap())
            .unwrap();
    assert!(
        seal["rekeyed"]["retained"][0]["until"].is_string(),
        "{seal}"
    );

    // The offsite copy opens with the new key only (stock age on the bytes
    // from the bucket), and coffer's deep verify of it passes.
    let downloaded = v.dir().join("from-s3.age");
    std::fs::write(&downloaded, &bytes).unwrap();
    assert!(stock_age(&new_id, &downloaded).is_ok());
    assert!(
        stock_age(&old_id, &downloaded).is_err(),
        "the removed key must not open the S3 copy"
    );
    let deep = ok_json(
        &v,
        &[
            "verify",
            "--store",
            "offsite",
            &id,
            "--deep",
            "-i",
            new_id.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(deep["ok"], true, "{deep}");
    // Restore reads from the offsite copy once the local store is gone.
    std::fs::remove_file(&path).unwrap();
    let dst = ScratchDb::new("keys_s3_restore");
    let (code, out, err) = run(
        &v,
        &[
            "restore",
            &id,
            "--to",
            &dst.url(),
            "--create",
            "-i",
            new_id.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, Some(0), "restore from S3:\n{out}{err}");
    common::assert_same_dump(
        &db.dump_normalized(),
        &dst.dump_normalized(),
        "from S3 after rekey",
    );
}

#[test]
fn a_rekey_killed_at_any_point_is_finished_or_undone_by_the_next_writer() {
    let moto = s3_support::shared();
    let db = small_db("keys_faults");
    for point in [
        "rekey-staged",
        "rekey-after-archive-rename",
        "rekey-before-register",
        "rekey-before-push",
    ] {
        let (v, _bucket) = offsite_vault(&db, moto, &format!("kf-{}", &point[6..]), false);
        let old_id = PathBuf::from(v.identity_str());
        let old_fp = fingerprint(&recipient_of(&old_id));
        let (new_id, new_r) = keygen(&v, "new.txt");
        let b = ok_json(&v, &["backup", "--json"]);
        let id = b["archive_id"].as_str().unwrap().to_owned();
        let old_sha = v.catalog().archive(&id).unwrap().unwrap().sha256;
        let path = v.archive_path(&id);

        let fault = format!("{point}:kill");
        let (code, out, err) = run(
            &v,
            &[
                "rekey",
                &id,
                "-i",
                old_id.to_str().unwrap(),
                "--add",
                &new_r,
                "--remove",
                &old_fp,
            ],
            &[("COFFER_FAULT", &fault)],
        );
        assert_eq!(code, None, "{point}: killed by SIGKILL:\n{out}{err}");
        assert!(
            err.contains(&format!("COFFER_FAULT={fault}")),
            "{point}: {err}"
        );

        // The next writing command finishes (or undoes) it, then pushes.
        let (code, out, err) = run(&v, &["push", "--missing", "--json"], &[]);
        assert_eq!(code, Some(0), "{point}: push --missing:\n{out}{err}");
        let undone = point == "rekey-staged";
        if point != "rekey-before-push" {
            let expect = if undone {
                "the archive was not changed"
            } else {
                "finished the rekey"
            };
            assert!(err.contains(expect), "{point}: {err}");
        }

        let rec = v.catalog().archive(&id).unwrap().unwrap();
        assert_eq!(
            rec.sha256,
            sha_file(&path),
            "{point}: catalog agrees with the store"
        );
        let (opens, refused) = if undone {
            assert_eq!(rec.sha256, old_sha, "{point}");
            (&old_id, &new_id)
        } else {
            assert_ne!(rec.sha256, old_sha, "{point}");
            (&new_id, &old_id)
        };
        assert!(stock_age(opens, &path).is_ok(), "{point}");
        assert!(stock_age(refused, &path).is_err(), "{point}");
        let all = ok_json(&v, &["verify", "--all", "--json"]);
        assert_eq!(all["ok"], true, "{point}: {all}");
        let remote = ok_json(&v, &["verify", "--store", "offsite", &id, "--json"]);
        assert_eq!(remote["ok"], true, "{point}: {remote}");
        let copy = v.catalog().copy(&id, "offsite").unwrap().unwrap();
        assert_eq!(copy.status, CopyStatus::Present, "{point}");
        assert_eq!(copy.sha256, rec.sha256, "{point}");
        assert!(
            !path.parent().unwrap().join(".coffer-tmp-rekey").exists(),
            "{point}: staging cleaned"
        );
        // One audit entry per rekey, recovered or not.
        let audit = ok_json(&v, &["audit", "log", "--action", "rekey", "--json"]);
        let n = audit.to_string().matches(&rec.sha256).count();
        assert_eq!(n > 0, !undone, "{point}: {audit}");
        v.ok(&["audit", "verify"]);
        // The health check finds every local seal as the catalog has it.
        let (_, out, _) = run(&v, &["check", "--json"], &[]);
        let check: Value = serde_json::from_str(&out).unwrap();
        let seals = check["report"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == "store-seals")
            .unwrap_or_else(|| panic!("{point}: {check}"));
        assert_eq!(seals["severity"], "ok", "{point}: {seals}");
    }
}

#[test]
fn a_passphrase_archive_moves_to_recipients_and_another_class_key_is_refused() {
    let moto = s3_support::shared();
    let db = small_db("keys_scrypt");
    let (v, bucket) = offsite_vault(&db, moto, "keys-scrypt", false);
    let (new_id, new_r) = keygen(&v, "new.txt");
    let (ferpa_id, ferpa_r) = keygen(&v, "ferpa.txt");
    // A FERPA class with recipients of its own.
    let mut text = std::fs::read_to_string(v.config()).unwrap();
    text.push_str(&format!(
        "\n[classes.ferpa]\ntables = [\"public.grades\"]\nrecipients = [{{ key = {ferpa_r:?}, label = \"registrar\" }}]\nstore = \"ferpa-local\"\n\n[stores.ferpa-local]\ntype = \"local\"\npath = \"archives-ferpa\"\n"
    ));
    std::fs::write(v.config(), text).unwrap();

    // An archive in the seed's passphrase habit, sealed by the vault's key
    // and taken into the catalog by a rebuild.
    let pass = v.dir().join("pass.txt");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let data = v.dir().join("data.bin");
    std::fs::write(&data, vec![42u8; 300_000]).unwrap();
    let id = adopt_archive(
        &v,
        &data,
        ["--passphrase-file", pass.to_str().unwrap()],
        "tar.zst.age",
    );
    let rebuilt = ok_json(&v, &["catalog", "rebuild", "--json"]);
    assert_eq!(rebuilt["ok"], true, "{rebuilt}");
    let rec = v.catalog().archive(&id).unwrap().unwrap();
    assert_eq!(rec.encryption, "age-scrypt");

    // Another class's key is refused, as coffer.toml refuses it.
    let err = fails(
        &v,
        &[
            "rekey",
            &id,
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--add",
            &ferpa_r,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("class ferpa"), "{err}");
    // One new key for archives of both classes in one `--all`: refused
    // too, before anything is touched (each class gets its own rekey).
    db.psql(
        "CREATE TABLE grades (id int PRIMARY KEY, grade text); INSERT INTO grades VALUES (1, 'A');",
    );
    let b = ok_json(&v, &["backup", "--json"]);
    assert_eq!(b["complete"], true, "{b}");
    let (_, shared_r) = keygen(&v, "shared.txt");
    let before: Vec<String> = v
        .catalog()
        .archives(coffer::catalog::ArchiveFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| a.sha256)
        .collect();
    let err = fails(
        &v,
        &[
            "rekey",
            "--all",
            "-i",
            v.identity_str(),
            "-i",
            ferpa_id.to_str().unwrap(),
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--add",
            &shared_r,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(
        err.contains("rekey each class with its own --class"),
        "{err}"
    );
    let after: Vec<String> = v
        .catalog()
        .archives(coffer::catalog::ArchiveFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| a.sha256)
        .collect();
    assert_eq!(before, after, "nothing was rekeyed");
    // An identity where the passphrase is needed: exit 4.
    fails(
        &v,
        &[
            "rekey",
            &id,
            "-i",
            new_id.to_str().unwrap(),
            "--add",
            &new_r,
        ],
        EXIT_NO_KEY,
    );

    let path = v.archive_path(&id);
    let payload_before = coffer::pipeline::rekey::payload_sha256(&path)
        .unwrap()
        .to_hex();
    let out = ok_json(
        &v,
        &[
            "rekey",
            &id,
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--add",
            &new_r,
            "--json",
        ],
    );
    let r = &out["rekey"]["archives"][0];
    assert_eq!(r["encryption_before"], "age-scrypt", "{out}");
    assert_eq!(r["encryption_after"], "age", "{out}");
    assert_eq!(
        r["recipients_after"],
        serde_json::json!([fingerprint(&new_r)]),
        "{out}"
    );
    assert_eq!(r["payload_sha256"], payload_before.as_str(), "{out}");
    // The new key opens it (coffer and stock age); the passphrase no longer does.
    let deep = ok_json(
        &v,
        &[
            "verify",
            &id,
            "--deep",
            "-i",
            new_id.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(deep["ok"], true, "{deep}");
    fails(
        &v,
        &[
            "verify",
            &id,
            "--deep",
            "--passphrase-file",
            pass.to_str().unwrap(),
        ],
        EXIT_NO_KEY,
    );
    let plain = v.dir().join("out.bin");
    v.ok(&[
        "unpack",
        "-i",
        new_id.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
        path.to_str().unwrap(),
        "--signer",
        v.dir().join("keys/signing.key.pub").to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&data).unwrap()
    );
    assert!(stock_age(&new_id, &path).is_ok());
    // The offsite copy (made by the rekey's push) is the rekeyed file.
    assert_eq!(r["offsite"][0]["outcome"], "copied", "{out}");
    assert_eq!(
        s3_sha(moto, &bucket, &format!("general/{id}.tar.zst.age")),
        sha_file(&path)
    );
    let list = ok_json(&v, &["keys", "list", "--json"]);
    assert_eq!(
        key_entry(&list, &fingerprint(&ferpa_r))["label"],
        "registrar",
        "{list}"
    );
    assert_eq!(
        key_entry(&list, &fingerprint(&ferpa_r))["class"],
        "ferpa",
        "{list}"
    );
}

#[test]
fn a_chain_of_three_signing_keys_verifies_a_broken_chain_and_a_revoked_key_are_refused() {
    let db = small_db("keys_signers");
    let v = TestVault::new(&db.url());
    let seal_signer = |id: &str| -> String {
        let p = format!("{}.seal", v.archive_path(id).display());
        let s: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        s["signer"].as_str().unwrap().to_owned()
    };
    // An erasure request (a signed ledger entry) made under the first key.
    let mut text = std::fs::read_to_string(v.config()).unwrap();
    text.push_str(
        "\n[erasure.pupil]\nstatements = ['DELETE FROM public.pupils WHERE id = $1']\ncheck = 'SELECT count(*) FROM public.pupils WHERE id = $1'\n",
    );
    std::fs::write(v.config(), text).unwrap();
    v.ok(&["erasure", "request", "pupil", "7", "--reference", "DSR-1"]);
    let a1 = v.backup("custom");
    let r1 = ok_json(&v, &["keys", "rotate-signing", "--json"]);
    assert_eq!(r1["signer"]["seq"], 1, "{r1}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let a2 = v.backup("custom");
    let r2 = ok_json(&v, &["keys", "rotate-signing", "--json"]);
    assert_eq!(r2["signer"]["seq"], 2, "{r2}");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let a3 = v.backup("custom");
    let (k1, k2, k3) = (seal_signer(&a1), seal_signer(&a2), seal_signer(&a3));
    assert_eq!(r1["signer"]["previous"], k1.as_str());
    assert_eq!(r1["signer"]["next"], k2.as_str());
    assert_eq!(r2["signer"]["next"], k3.as_str());
    assert!(k1 != k2 && k2 != k3);
    assert!(
        v.dir().join("keys/signing.key.root.pub").exists(),
        "the first key is pinned"
    );

    // Seals and audit entries of all three keys verify through the chain.
    let all = ok_json(&v, &["verify", "--all", "--json"]);
    assert_eq!(all["ok"], true, "{all}");
    v.ok(&["audit", "verify"]);
    v.ok(&["erasure", "verify-ledger"]);
    let audit = ok_json(&v, &["audit", "log", "--action", "signer-rotate", "--json"]);
    assert_eq!(
        audit.to_string().matches("signer-rotate").count(),
        2,
        "{audit}"
    );
    // Stock ssh-keygen checks a rotation statement with the old key.
    let stmt = v.store_dir().join("signers/rotation-000001.json");
    let allowed = v.dir().join("allowed");
    let root = std::fs::read_to_string(v.dir().join("keys/signing.key.root.pub")).unwrap();
    std::fs::write(&allowed, format!("coffer {root}")).unwrap();
    let out = Command::new("ssh-keygen")
        .args([
            "-Y",
            "verify",
            "-n",
            "coffer-signer-rotation",
            "-I",
            "coffer",
            "-f",
        ])
        .arg(&allowed)
        .arg("-s")
        .arg(format!("{}.sig-previous", stmt.display()))
        .stdin(std::fs::File::open(&stmt).unwrap())
        .output()
        .expect("ssh-keygen (openssh-client) must be installed");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A revoked key: its seals made after the time given are refused.
    let created = v.catalog().archive(&a1).unwrap().unwrap().created;
    let before = (created - jiff::SignedDuration::from_secs(60)).to_string();
    let err = fails(
        &v,
        &["keys", "revoke-signing", &k3, "--after", &before],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("current signing key"), "{err}");
    ok_json(
        &v,
        &["keys", "revoke-signing", &k1, "--after", &before, "--json"],
    );
    let err = fails(&v, &["verify", &a1], 5);
    assert!(err.contains("revoked"), "{err}");
    ok_json(&v, &["verify", &a2, "--json"]);

    // A broken chain: the second hand-over's old-key signature replaced by
    // the new key's. Only the current key is trusted then, and says so.
    let sig = v
        .store_dir()
        .join("signers/rotation-000002.json.sig-previous");
    let next = std::fs::read(v.store_dir().join("signers/rotation-000002.json.sig-next")).unwrap();
    std::fs::write(&sig, next).unwrap();
    let (code, out, err) = run(&v, &["verify", &a2], &[]);
    assert_eq!(code, Some(5), "{out}{err}");
    assert!(err.contains("chain broken at rotation 2"), "{err}");
    ok_json(&v, &["verify", &a3, "--json"]);
}

/// The `removed-recipients` finding of `coffer check --json`.
fn removed_finding(v: &TestVault, prom: &Path) -> Vec<Value> {
    let (_, out, err) = run(
        v,
        &["check", "--json", "--prometheus", prom.to_str().unwrap()],
        &[],
    );
    let check: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}{err}"));
    check["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "removed-recipients")
        .cloned()
        .collect()
}

#[test]
fn check_warns_of_a_removed_recipient_that_still_opens_archives_until_rekey() {
    let db = small_db("keys_check_removed");
    let v = TestVault::new(&db.url());
    let old_id = PathBuf::from(v.identity_str());
    let old_r = recipient_of(&old_id);
    let old_fp = fingerprint(&old_r);
    let (_, new_r) = keygen(&v, "new.txt");
    let new_fp = fingerprint(&new_r);
    let prom = v.dir().join("coffer.prom");
    set_recipients(
        &v,
        &format!("[{{ key = {old_r:?}, label = \"ops-2026\", custodian = \"DBA on call\" }}]"),
    );
    let first = v.backup("custom");
    let found = removed_finding(&v, &prom);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "ok", "{found:?}");

    // The custodian leaves: the config names the new key; the next backup
    // records the removal. The old key still opens the first archive.
    set_recipients(
        &v,
        &format!("[{{ key = {new_r:?}, label = \"ops-2027\", custodian = \"Security officer\" }}]"),
    );
    v.backup("custom");
    let found = removed_finding(&v, &prom);
    assert_eq!(found.len(), 1, "{found:?}");
    let w = &found[0];
    assert_eq!(w["severity"], "warning", "{w}");
    let msg = w["message"].as_str().unwrap();
    for part in [old_fp.as_str(), "ops-2026", "DBA on call", "1 good archive"] {
        assert!(msg.contains(part), "{part:?} not in {msg}");
    }
    assert!(!msg.contains(&new_fp), "{msg}");
    assert_eq!(
        w["next_step"],
        format!("coffer rekey --all --remove {old_fp}").as_str(),
        "{w}"
    );
    let metrics = std::fs::read_to_string(&prom).unwrap();
    assert!(
        metrics.contains("coffer_removed_recipient_archives 1"),
        "{metrics}"
    );

    // The hint, followed: the old key opens nothing, the finding is ok.
    v.ok(&[
        "rekey",
        "--all",
        "-i",
        old_id.to_str().unwrap(),
        "--add",
        &new_r,
        "--remove",
        &old_fp,
    ]);
    assert!(stock_age(&old_id, &v.archive_path(&first)).is_err());
    let found = removed_finding(&v, &prom);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "ok", "{found:?}");
    let metrics = std::fs::read_to_string(&prom).unwrap();
    assert!(
        metrics.contains("coffer_removed_recipient_archives 0"),
        "{metrics}"
    );
}

/// A key pair made by the real gpg in a home of its own (kept for
/// `gpg --decrypt`): the home, the certificate file, the secret key file
/// and the fingerprint as seals name it.
struct GpgPair {
    home: tempfile::TempDir,
    cert: PathBuf,
    secret: PathBuf,
    fp: String,
}

impl GpgPair {
    fn new(v: &TestVault, name: &str) -> GpgPair {
        use common_archive::{gpg, gpg_home, ok};
        let home = gpg_home();
        let pass = ["--pinentry-mode", "loopback", "--passphrase", ""];
        ok(gpg(home.path()).args(pass).args([
            "--quick-gen-key",
            &format!("{name} <{name}@example.invalid>"),
            "default",
            "default",
            "never",
        ]));
        let cert = v.dir().join("keys").join(format!("{name}.cert.asc"));
        let secret = v.dir().join("keys").join(format!("{name}.sec.asc"));
        std::fs::write(
            &cert,
            ok(gpg(home.path()).args(["--armor", "--export"])).stdout,
        )
        .unwrap();
        std::fs::write(
            &secret,
            ok(gpg(home.path())
                .args(pass)
                .args(["--armor", "--export-secret-keys"]))
            .stdout,
        )
        .unwrap();
        let colons = ok(gpg(home.path()).args(["--with-colons", "--list-keys"])).stdout;
        let fpr = String::from_utf8_lossy(&colons)
            .lines()
            .find_map(|l| {
                l.strip_prefix("fpr:")
                    .map(|r| r.trim_matches(':').to_owned())
            })
            .expect("gpg lists a fingerprint");
        GpgPair {
            home,
            cert,
            secret,
            fp: format!("openpgp:{}", fpr.to_uppercase()),
        }
    }

    /// `gpg --decrypt FILE` with this pair's home (and a passphrase file,
    /// for a passphrase message): the SHA-256 of what it prints, or its error.
    fn decrypt(&self, file: &Path, passphrase: Option<&Path>) -> Result<String, String> {
        let mut c = common_archive::gpg(self.home.path());
        if let Some(p) = passphrase {
            c.args(["--pinentry-mode", "loopback", "--passphrase-file"])
                .arg(p);
        }
        let out = common_archive::run(c.arg("--decrypt").arg(file));
        if out.status.success() {
            Ok(Digest::of(&out.stdout).to_hex())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for GpgPair {
    fn drop(&mut self) {
        common_archive::gpg_kill_agent(self.home.path());
    }
}

/// `coffer pack` of `data` with `encryption` (flag and file), sealed by the
/// vault's signing key and moved into the vault's general store as
/// `ID.EXT`, as an archive made elsewhere would be (a `catalog rebuild`
/// then takes it in): its id.
fn adopt_archive(v: &TestVault, data: &Path, encryption: [&str; 2], ext: &str) -> String {
    let loose = v.dir().join(format!("loose.{ext}"));
    let packed = ok_json(
        v,
        &[
            "pack",
            encryption[0],
            encryption[1],
            "--sign-key",
            v.dir().join("keys/signing.key").to_str().unwrap(),
            "-o",
            loose.to_str().unwrap(),
            data.to_str().unwrap(),
            "--json",
        ],
    );
    let id = packed["archive_id"].as_str().unwrap().to_owned();
    let dir = v.store_dir().join("general");
    std::fs::create_dir_all(&dir).unwrap();
    for suffix in ["", ".seal", ".seal.sig"] {
        std::fs::rename(
            format!("{}{suffix}", loose.display()),
            dir.join(format!("{id}.{ext}{suffix}")),
        )
        .unwrap();
    }
    id
}

#[test]
fn openpgp_archives_are_rekeyed_to_a_gpg_certificate_locally_and_in_s3() {
    let moto = s3_support::shared();
    let db = small_db("keys_pgp");
    let (v, bucket) = offsite_vault(&db, moto, "keys-pgp", false);
    let (old, new) = (GpgPair::new(&v, "old"), GpgPair::new(&v, "new"));
    let pass = v.dir().join("pgp-pass.txt");
    std::fs::write(&pass, "the seed's gpg passphrase\n").unwrap();
    let data = v.dir().join("records.bin");
    let bytes: Vec<u8> = (0..400_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&data, &bytes).unwrap();

    let to_cert = adopt_archive(
        &v,
        &data,
        ["--pgp-cert", old.cert.to_str().unwrap()],
        "tar.zst.gpg",
    );
    let to_pass = adopt_archive(
        &v,
        &data,
        ["--pgp-passphrase-file", pass.to_str().unwrap()],
        "tar.zst.gpg",
    );
    let rebuilt = ok_json(&v, &["catalog", "rebuild", "--json"]);
    assert_eq!(rebuilt["ok"], true, "{rebuilt}");
    for (id, mode) in [(&to_cert, "openpgp"), (&to_pass, "openpgp-symmetric")] {
        assert_eq!(v.catalog().archive(id).unwrap().unwrap().encryption, mode);
    }
    // A `--all` that adds an age recipient rewrites the age archive and
    // leaves the OpenPGP ones alone (nothing of their kind to add).
    let b = ok_json(&v, &["backup", "--json"]);
    let dump = b["archive_id"].as_str().unwrap().to_owned();
    let (_, age_r) = keygen(&v, "age.txt");
    let all = ok_json(
        &v,
        &[
            "rekey",
            "--all",
            "-i",
            v.identity_str(),
            "--add",
            &age_r,
            "--no-push",
            "--json",
        ],
    );
    for a in all["rekey"]["archives"].as_array().unwrap() {
        let want = if a["archive_id"] == dump.as_str() {
            "rekeyed"
        } else {
            "unchanged"
        };
        assert_eq!(a["outcome"], want, "{all}");
    }
    let pushed = ok_json(&v, &["push", "--missing", "--json"]);
    assert_eq!(pushed["ok"], true, "{pushed}");
    let (cert_path, pass_path) = (v.archive_path(&to_cert), v.archive_path(&to_pass));
    // What the stock tool reads out of each (the tar.zst) before the rekey.
    // (Each archive's own: their headers and manifests differ.)
    let plain = old.decrypt(&cert_path, None).unwrap();
    let plain_pass = new.decrypt(&pass_path, Some(&pass)).unwrap();
    let payload_before = coffer::pipeline::rekey::payload_sha256(&cert_path)
        .unwrap()
        .to_hex();

    // Refusals: an age recipient for an OpenPGP archive, the last
    // recipient removed, a key that does not open it, a kept recipient
    // whose certificate is not given.
    let err = fails(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            old.secret.to_str().unwrap(),
            "--add",
            &age_r,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("OpenPGP"), "{err}");
    let err = fails(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            old.secret.to_str().unwrap(),
            "--remove",
            &old.fp,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("last recipient"), "{err}");
    fails(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            new.secret.to_str().unwrap(),
            "--add-pgp-cert",
            new.cert.to_str().unwrap(),
            "--add-pgp-cert",
            old.cert.to_str().unwrap(),
        ],
        EXIT_NO_KEY,
    );
    let err = fails(
        &v,
        &[
            "rekey",
            &to_cert,
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--add-pgp-cert",
            new.cert.to_str().unwrap(),
            "--add-pgp-cert",
            old.cert.to_str().unwrap(),
        ],
        EXIT_NO_KEY,
    );
    assert!(err.contains("no identity"), "{err}");
    assert_eq!(
        sha_file(&cert_path),
        v.catalog().archive(&to_cert).unwrap().unwrap().sha256,
        "refusals change nothing"
    );

    // Handed from the old certificate to the new one.
    let out = ok_json(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            old.secret.to_str().unwrap(),
            "--add-pgp-cert",
            new.cert.to_str().unwrap(),
            "--remove",
            &old.fp,
            "--json",
        ],
    );
    let r = &out["rekey"]["archives"][0];
    assert_eq!(r["outcome"], "rekeyed", "{out}");
    assert_eq!(
        (
            r["encryption_before"].as_str(),
            r["encryption_after"].as_str()
        ),
        (Some("openpgp"), Some("openpgp")),
        "{out}"
    );
    assert_eq!(r["recipients_before"], serde_json::json!([old.fp]), "{out}");
    assert_eq!(r["recipients_after"], serde_json::json!([new.fp]), "{out}");
    assert_eq!(
        r["payload_sha256"],
        payload_before.as_str(),
        "the SEIPD packet is byte-identical: {out}"
    );
    assert_eq!(
        coffer::pipeline::rekey::payload_sha256(&cert_path)
            .unwrap()
            .to_hex(),
        payload_before
    );
    assert_eq!(r["offsite"][0]["outcome"], "copied", "{out}");
    assert_eq!(
        new.decrypt(&cert_path, None).unwrap(),
        plain,
        "gpg opens it with the new key"
    );
    assert!(
        old.decrypt(&cert_path, None).is_err(),
        "the removed key must not open it"
    );
    // The S3 copy is the new file, and gpg opens it with the new key.
    let mut c = moto.config(&bucket);
    c.prefix = "school".into();
    let s3 = coffer::store::S3Store::new(c).unwrap();
    let mut remote = Vec::new();
    std::io::Read::read_to_end(
        &mut s3.get(&format!("general/{to_cert}.tar.zst.gpg")).unwrap(),
        &mut remote,
    )
    .unwrap();
    assert_eq!(Digest::of(&remote).to_hex(), sha_file(&cert_path));
    let downloaded = v.dir().join("from-s3.gpg");
    std::fs::write(&downloaded, &remote).unwrap();
    assert_eq!(new.decrypt(&downloaded, None).unwrap(), plain);
    // coffer's seal and deep checks: the new key opens it, the old does not.
    assert_eq!(ok_json(&v, &["verify", &to_cert, "--json"])["ok"], true);
    let deep = ok_json(
        &v,
        &[
            "verify",
            &to_cert,
            "--deep",
            "-i",
            new.secret.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(deep["ok"], true, "{deep}");
    fails(
        &v,
        &[
            "verify",
            &to_cert,
            "--deep",
            "-i",
            old.secret.to_str().unwrap(),
        ],
        EXIT_NO_KEY,
    );
    let unpacked = v.dir().join("unpacked.bin");
    v.ok(&[
        "unpack",
        "-i",
        new.secret.to_str().unwrap(),
        "-o",
        unpacked.to_str().unwrap(),
        cert_path.to_str().unwrap(),
        "--signer",
        v.dir().join("keys/signing.key.pub").to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&unpacked).unwrap(), bytes);

    // A kept recipient's certificate must be given: the old key added back
    // (the -i key's own certificate is known), then the new one removed
    // with the old one's certificate missing.
    let back = ok_json(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            new.secret.to_str().unwrap(),
            "--add-pgp-cert",
            old.cert.to_str().unwrap(),
            "--no-push",
            "--json",
        ],
    );
    let mut after: Vec<String> = back["rekey"]["archives"][0]["recipients_after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    after.sort();
    let mut want = vec![old.fp.clone(), new.fp.clone()];
    want.sort();
    assert_eq!(after, want, "{back}");
    assert_eq!(old.decrypt(&cert_path, None).unwrap(), plain);
    assert_eq!(new.decrypt(&cert_path, None).unwrap(), plain);
    let err = fails(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            new.secret.to_str().unwrap(),
            "--remove",
            &new.fp,
        ],
        EXIT_BAD_INPUT,
    );
    assert!(err.contains("--add-pgp-cert"), "{err}");

    // Killed after the archive was renamed into place: the next writing
    // command finishes it (the journal is format-blind), and gpg agrees.
    let fault = "rekey-after-archive-rename:kill";
    let (code, out, err) = run(
        &v,
        &[
            "rekey",
            &to_cert,
            "-i",
            new.secret.to_str().unwrap(),
            "--add-pgp-cert",
            old.cert.to_str().unwrap(),
            "--remove",
            &new.fp,
        ],
        &[("COFFER_FAULT", fault)],
    );
    assert_eq!(code, None, "killed by SIGKILL:\n{out}{err}");
    let (code, out, err) = run(&v, &["push", "--missing", "--json"], &[]);
    assert_eq!(code, Some(0), "push --missing:\n{out}{err}");
    assert!(err.contains("finished the rekey"), "{err}");
    let rec = v.catalog().archive(&to_cert).unwrap().unwrap();
    assert_eq!(
        rec.sha256,
        sha_file(&cert_path),
        "catalog agrees with the store"
    );
    assert_eq!(rec.recipients, vec![old.fp.clone()]);
    assert_eq!(old.decrypt(&cert_path, None).unwrap(), plain);
    assert!(
        new.decrypt(&cert_path, None).is_err(),
        "the removed key must not open it"
    );
    let copy = v.catalog().copy(&to_cert, "offsite").unwrap().unwrap();
    assert_eq!(
        (copy.status, copy.sha256.as_str()),
        (CopyStatus::Present, rec.sha256.as_str())
    );

    // A passphrase archive (the seed's `gpg --symmetric` habit) moved to
    // the new certificate: the passphrase no longer opens it.
    let payload_before = coffer::pipeline::rekey::payload_sha256(&pass_path)
        .unwrap()
        .to_hex();
    let out = ok_json(
        &v,
        &[
            "rekey",
            &to_pass,
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--add-pgp-cert",
            new.cert.to_str().unwrap(),
            "--json",
        ],
    );
    let r = &out["rekey"]["archives"][0];
    assert_eq!(r["encryption_before"], "openpgp-symmetric", "{out}");
    assert_eq!(r["encryption_after"], "openpgp", "{out}");
    assert_eq!(r["recipients_after"], serde_json::json!([new.fp]), "{out}");
    assert_eq!(r["payload_sha256"], payload_before.as_str(), "{out}");
    assert_eq!(new.decrypt(&pass_path, None).unwrap(), plain_pass);
    assert_eq!(r["offsite"][0]["outcome"], "copied", "{out}");
    assert_eq!(
        s3_sha(moto, &bucket, &format!("general/{to_pass}.tar.zst.gpg")),
        sha_file(&pass_path)
    );
    assert!(
        old.decrypt(&pass_path, Some(&pass)).is_err(),
        "the passphrase must not open it"
    );
    fails(
        &v,
        &[
            "verify",
            &to_pass,
            "--deep",
            "--passphrase-file",
            pass.to_str().unwrap(),
        ],
        EXIT_NO_KEY,
    );
    assert_eq!(ok_json(&v, &["verify", "--all", "--json"])["ok"], true);

    // The catalog's history and the audit log know both rekeys.
    assert_eq!(v.catalog().rekeys(&to_cert).unwrap().len(), 3);
    assert_eq!(v.catalog().rekeys(&to_pass).unwrap().len(), 1);
    assert_eq!(ok_json(&v, &["audit", "verify", "--json"])["ok"], true);
}
