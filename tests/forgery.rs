//! Forgery and trust (issue 14), through the real `coffer` binary, a real
//! PostgreSQL cluster and the stock `age`, `zstd` and `ssh-keygen` CLIs:
//!
//! - an archive changed and re-encrypted to the vault's public recipient by
//!   someone without the signing key, under its old seal, a new unsigned
//!   seal, or a new seal signed by another key: refused by verify (keyless
//!   and deep), restore and drill with exit 5, nothing restored;
//! - a seal replayed from another archive: refused with exit 5;
//! - a store that returns an older, validly signed archive under the newest
//!   one's name (rollback), locally and in an S3 store (moto): the catalog's
//!   record catches it in verify, restore, drill and `check`, and a
//!   `catalog rebuild` from such a store names it instead of accepting it.
//!
//! Each forgery is first made internally perfect (the manifest's digests
//! follow the changed payload): a control at the end seals it with the
//! vault's own key and shows it would then restore, so what refuses it in
//! the cases before is the seal and the catalog, nothing else.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod s3_support;
mod vault_support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use coffer::pg;
use serde_json::Value;

use common::{TestDb, fresh_db, server};
use vault_support::{ScratchDb, TestVault, reseal_as_signer};

const EXIT_INTEGRITY: i32 = 5;
/// `coffer check`: Nagios "critical".
const CHECK_CRITICAL: i32 = 2;

/// The row every forgery changes: mallory's balance, 10 in the database.
const GENUINE_ROW: &[u8] = b"2\tmallory\t10\n";
const FORGED_ROW: &[u8] = b"2\tmallory\t99\n";

fn ledger_db(name: &str) -> TestDb {
    let db = fresh_db(name);
    db.psql(
        "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL); \
         INSERT INTO accounts VALUES (1, 'alice', 1000), (2, 'mallory', 10);",
    );
    db
}

/// Runs a stock tool; a missing tool or a failure is a loud panic.
fn tool(cmd: &mut Command) -> Vec<u8> {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?} (is it installed? ./scripts/setup): {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The vault's public age recipient, as anyone who configures a backup
/// host knows it (`age-keygen -y` of the identity, here for brevity).
fn recipient(v: &TestVault) -> String {
    let out = tool(Command::new("age-keygen").arg("-y").arg(v.identity_str()));
    String::from_utf8(out).unwrap().trim().to_owned()
}

fn replace_all(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

/// What an attacker with the archive, the identity (a custodian's key, say)
/// and the public recipient but not the signing key can make: archive `id`
/// decrypted with `age -d`, mallory's balance changed in the plain dump
/// inside the tar, the manifest's digests of that part (and stream) made to
/// match, compressed with `zstd` and encrypted with `age -r` to the vault's
/// recipient. Written over the archive in the store; the seal is left as
/// it was. Returns the forged bytes.
fn forge(v: &TestVault, id: &str, work: &Path) -> Vec<u8> {
    let path = v.archive_path(id);
    let compressed = work.join("payload.tar.zst");
    tool(
        Command::new("age")
            .args(["-d", "-i", v.identity_str(), "-o"])
            .arg(&compressed)
            .arg(&path),
    );
    let mut tar_bytes = tool(
        Command::new("zstd")
            .args(["-d", "-q", "-c"])
            .arg(&compressed),
    );

    // The dump's part, before and after, and its digest.
    let part = |tar_bytes: &[u8]| -> Vec<u8> {
        let mut archive = tar::Archive::new(tar_bytes);
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            if name == "payload/dump.sql/00000000" {
                let mut data = Vec::new();
                entry.read_to_end(&mut data).unwrap();
                return data;
            }
        }
        panic!("a plain dump in one part");
    };
    let before = coffer::digest::Digest::of(&part(&tar_bytes)).to_hex();
    assert_eq!(
        replace_all(&mut tar_bytes, GENUINE_ROW, FORGED_ROW),
        1,
        "the dump holds mallory's row once"
    );
    let after = coffer::digest::Digest::of(&part(&tar_bytes)).to_hex();
    let fixed = replace_all(
        &mut tar_bytes,
        &hex::decode(&before).unwrap(),
        &hex::decode(&after).unwrap(),
    );
    assert!(fixed >= 1, "the manifest holds the part's digest");

    let tar_path = work.join("payload.tar");
    std::fs::write(&tar_path, &tar_bytes).unwrap();
    let recompressed = work.join("forged.tar.zst");
    tool(
        Command::new("zstd")
            .args(["-q", "-f", "-o"])
            .arg(&recompressed)
            .arg(&tar_path),
    );
    tool(
        Command::new("age")
            .args(["-r", &recipient(v), "-o"])
            .arg(&path)
            .arg(&recompressed),
    );
    for f in [&compressed, &tar_path, &recompressed] {
        std::fs::remove_file(f).unwrap();
    }
    std::fs::read(&path).unwrap()
}

fn seal_paths(archive: &Path) -> (PathBuf, PathBuf) {
    coffer::pipeline::loose::seal_paths(archive)
}

/// The seal of `archive` rewritten to describe `bytes` (and name `signer`),
/// in the seal's own layout: what a forger writes beside a forged archive.
fn rewritten_seal(archive: &Path, bytes: &[u8], signer: Option<&str>) -> Vec<u8> {
    let (seal, _) = seal_paths(archive);
    let mut s: Value = serde_json::from_slice(&std::fs::read(&seal).unwrap()).unwrap();
    s["ciphertext"]["sha256"] = coffer::digest::Digest::of(bytes).to_hex().into();
    s["ciphertext"]["size"] = (bytes.len() as u64).into();
    if let Some(signer) = signer {
        s["signer"] = signer.into();
    }
    let mut out = serde_json::to_vec_pretty(&s).unwrap();
    out.push(b'\n');
    out
}

/// An attacker's own Ed25519 SSH key (`ssh-keygen`): its path and fingerprint.
fn attacker_key(work: &Path) -> (PathBuf, String) {
    let key = work.join("attacker");
    tool(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f"])
            .arg(&key),
    );
    let out = tool(
        Command::new("ssh-keygen")
            .arg("-lf")
            .arg(key.with_extension("pub")),
    );
    let text = String::from_utf8(out).unwrap();
    let fp = text.split_whitespace().nth(1).unwrap().to_owned();
    assert!(fp.starts_with("SHA256:"), "{text}");
    (key, fp)
}

/// `ssh-keygen -Y sign` of the seal file with `key`, namespace coffer-seal:
/// writes `SEAL.sig`, which is the seal's signature file.
fn ssh_sign(key: &Path, seal: &Path) {
    let sig = PathBuf::from(format!("{}.sig", seal.display()));
    let _ = std::fs::remove_file(&sig);
    tool(
        Command::new("ssh-keygen")
            .args(["-q", "-Y", "sign", "-n", "coffer-seal", "-f"])
            .arg(key)
            .arg(seal),
    );
    assert!(sig.exists());
}

fn drill_db(id: &str) -> String {
    format!("coffer_drill_{}", id.to_lowercase().replace('-', "_"))
}

/// Every way to use archive `id` is refused with exit 5 and an error line
/// holding one of `causes`; nothing reaches a database. Returns the
/// errors (keyless verify, deep verify, restore, drill).
fn assert_refused_everywhere(v: &TestVault, id: &str, causes: &[&str], what: &str) -> Vec<String> {
    let named = |e: &str| {
        assert!(
            causes.iter().any(|c| e.contains(c)),
            "{what}: the error names the cause ({causes:?}): {e}"
        );
    };
    let mut errors = Vec::new();
    let keyless = v.fails_with(v.cmd().args(["verify", id]), EXIT_INTEGRITY);
    named(&keyless);
    errors.push(keyless);
    let deep = v.fails_with(
        v.cmd().args(["verify", id, "-i", v.identity_str()]),
        EXIT_INTEGRITY,
    );
    named(&deep);
    errors.push(deep);

    // Restore into a database that does not exist yet: never created.
    let target = ScratchDb::new("forged");
    let restore = v.fails_with(
        v.cmd().args([
            "restore",
            id,
            "--to",
            &target.url(),
            "--create",
            "-i",
            v.identity_str(),
        ]),
        EXIT_INTEGRITY,
    );
    named(&restore);
    assert!(
        !pg::database_exists(server().target(), target.name()).unwrap(),
        "{what}: restore created no database"
    );
    errors.push(restore);
    // Restore into an existing empty database: still empty.
    let empty = fresh_db("forged_into");
    let restore = v.fails_with(
        v.cmd()
            .args(["restore", id, "--to", &empty.url(), "-i", v.identity_str()]),
        EXIT_INTEGRITY,
    );
    named(&restore);
    assert_eq!(
        vault_support::user_relations(&empty.url()),
        0,
        "{what}: nothing restored into the existing database"
    );

    let out = v
        .cmd()
        .args(["drill", id, "-i", v.identity_str()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(EXIT_INTEGRITY),
        "{what}: drill: {stderr}"
    );
    named(&stderr);
    assert!(
        !pg::database_exists(server().target(), &drill_db(id)).unwrap(),
        "{what}: the drill left no scratch database"
    );
    let show = v.show(id);
    let drill = &show["drills"][0];
    assert_eq!(
        drill["ok"], false,
        "{what}: the failed drill is recorded: {show}"
    );
    errors.push(stderr);
    errors
}

#[test]
fn archive_re_encrypted_to_the_vault_recipient_without_the_signing_key_is_refused() {
    let db = ledger_db("forge");
    let v = TestVault::new(&db.url());
    let id = v.backup("plain");
    let path = v.archive_path(&id);
    let (seal, sig) = seal_paths(&path);
    let genuine = (
        std::fs::read(&path).unwrap(),
        std::fs::read(&seal).unwrap(),
        std::fs::read(&sig).unwrap(),
    );
    let work = tempfile::tempdir().unwrap();
    let forged = forge(&v, &id, work.path());
    assert_ne!(forged, genuine.0);

    // (a) The old seal kept: the ciphertext no longer matches it.
    // (stock zstd compresses better, so the forgery is also shorter.)
    assert_refused_everywhere(
        &v,
        &id,
        &["does not match its seal", "than its seal says"],
        "old seal",
    );
    // The loose check with the vault's public key says the same.
    let signer = v.dir().join("keys/signing.key.pub");
    let err = v.fails_with(
        v.bare_cmd()
            .arg("verify")
            .arg(&path)
            .arg("--signer")
            .arg(&signer),
        EXIT_INTEGRITY,
    );
    assert!(err.contains("its seal"), "{err}");

    // (b) A new seal describing the forged bytes, unsigned: no signature
    // file, then an empty one.
    std::fs::write(&seal, rewritten_seal(&path, &forged, None)).unwrap();
    std::fs::remove_file(&sig).unwrap();
    assert_refused_everywhere(&v, &id, &["seal", "signature"], "unsigned seal, no .sig");
    std::fs::write(&sig, b"").unwrap();
    assert_refused_everywhere(&v, &id, &["signature"], "unsigned seal, empty .sig");

    // (c) A new seal signed by the attacker's own SSH key, naming that key
    // as the signer (a self-consistent seal), then naming the vault's.
    let (key, fp) = attacker_key(work.path());
    std::fs::write(&seal, rewritten_seal(&path, &forged, Some(&fp))).unwrap();
    ssh_sign(&key, &seal);
    // The signature is good for the attacker's key (stock ssh-keygen agrees),
    // so only trust in the vault's key refuses it.
    let allowed = work.path().join("allowed_signers");
    let pubkey = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    std::fs::write(
        &allowed,
        format!("mallory namespaces=\"coffer-seal\" {pubkey}"),
    )
    .unwrap();
    tool(
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-n", "coffer-seal", "-I", "mallory", "-f"])
            .arg(&allowed)
            .arg("-s")
            .arg(&sig)
            .stdin(std::fs::File::open(&seal).unwrap()),
    );
    let errors = assert_refused_everywhere(&v, &id, &["signature is invalid"], "attacker's seal");
    assert!(errors[0].contains("seal"), "{}", errors[0]);
    let genuine_seal: Value = serde_json::from_slice(&genuine.1).unwrap();
    let vault_fp = genuine_seal["signer"].as_str().unwrap().to_owned();
    std::fs::write(&seal, rewritten_seal(&path, &forged, Some(&vault_fp))).unwrap();
    ssh_sign(&key, &seal);
    assert_refused_everywhere(
        &v,
        &id,
        &["signature is invalid"],
        "attacker's seal naming the vault's signer",
    );

    // Every refusal is recorded; the catalog still describes the genuine archive.
    let show = v.show(&id);
    let ver = show["verifications"].as_array().unwrap();
    assert!(
        ver[1..].iter().all(|x| x["ok"] == false),
        "every check after the backup's own failed: {show}"
    );
    assert_eq!(
        show["archive"]["sha256"].as_str(),
        Some(coffer::digest::Digest::of(&genuine.0).to_hex().as_str()),
        "{show}"
    );

    // The genuine archive, put back, restores (nothing was consumed).
    std::fs::write(&path, &genuine.0).unwrap();
    std::fs::write(&seal, &genuine.1).unwrap();
    std::fs::write(&sig, &genuine.2).unwrap();
    v.ok(&["verify", &id, "-i", v.identity_str()]);

    // Control: the same forgery sealed by the holder of the vault's signing
    // key passes every check and restores mallory's forged balance. So the
    // forgery was perfect inside, and the seal alone refused it above.
    let work2 = tempfile::tempdir().unwrap();
    forge(&v, &id, work2.path());
    reseal_as_signer(&v, &id);
    v.ok(&["verify", &id, "-i", v.identity_str()]);
    let target = ScratchDb::new("forged_control");
    v.ok(&[
        "restore",
        &id,
        "--to",
        &target.url(),
        "--create",
        "-i",
        v.identity_str(),
    ]);
    let mut c = pg::ConnTarget::new(Some(&target.url()))
        .unwrap()
        .connect()
        .unwrap();
    let balance: i32 = c
        .query_one("SELECT balance FROM accounts WHERE owner = 'mallory'", &[])
        .unwrap()
        .get(0);
    assert_eq!(balance, 99, "the control restores the forged row");
}

#[test]
fn seal_replayed_from_another_archive_is_refused() {
    let db = ledger_db("replay");
    let v = TestVault::new(&db.url());
    let a = v.backup("plain");
    db.psql("INSERT INTO accounts VALUES (3, 'carol', 7)");
    let b = v.backup("plain");
    let (a_seal, a_sig) = seal_paths(&v.archive_path(&a));
    let (b_seal, b_sig) = seal_paths(&v.archive_path(&b));
    // B's seal is genuine and validly signed by the vault: only its
    // ciphertext hash and id tie it to B.
    std::fs::copy(&b_seal, &a_seal).unwrap();
    std::fs::copy(&b_sig, &a_sig).unwrap();
    assert_refused_everywhere(
        &v,
        &a,
        &["does not match its seal", "than its seal says"],
        "replayed seal",
    );
    // B itself is untouched and fine.
    v.ok(&["verify", &b, "-i", v.identity_str()]);
}

/// Two backups, OLD and NEW (a row added between them), then the store
/// rolled back: NEW's archive, seal and signature replaced by OLD's,
/// renamed to NEW's names. OLD stays where it was. Returns (OLD, NEW).
fn rolled_back_vault(db: &TestDb) -> (TestVault, String, String) {
    let v = TestVault::new(&db.url());
    let old = v.backup("plain");
    db.psql("INSERT INTO accounts VALUES (3, 'carol', 7)");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let new = v.backup("plain");
    assert_eq!(v.show("latest")["archive"]["id"], new.as_str());
    roll_back(&v.archive_path(&old), &v.archive_path(&new));
    (v, old, new)
}

/// Copies the archive at `old` and its seal files over those at `new`.
fn roll_back(old: &Path, new: &Path) {
    let (os, og) = seal_paths(old);
    let (ns, ng) = seal_paths(new);
    for (from, to) in [
        (old, new),
        (os.as_path(), ns.as_path()),
        (og.as_path(), ng.as_path()),
    ] {
        std::fs::copy(from, to).unwrap();
    }
}

fn check_json(v: &TestVault) -> (Option<i32>, Value) {
    let out = v.cmd().args(["check", "--json"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let j = serde_json::from_str(&text).unwrap_or_else(|e| panic!("check --json ({e}): {text}"));
    (out.status.code(), j)
}

fn critical_findings(j: &Value) -> Vec<Value> {
    let findings = j["findings"]
        .as_array()
        .or_else(|| j["report"]["findings"].as_array())
        .unwrap_or_else(|| panic!("findings in {j}"));
    findings
        .iter()
        .filter(|f| f["severity"] == "critical")
        .cloned()
        .collect()
}

#[test]
fn store_rolled_back_to_an_older_archive_under_the_newest_name_is_caught() {
    let db = ledger_db("rollback");
    let (v, old, new) = rolled_back_vault(&db);

    // `check` sees it before anything was verified: the store's seal is
    // not the one the catalog registered.
    let (code, j) = check_json(&v);
    assert_eq!(code, Some(CHECK_CRITICAL), "{j}");
    let crit = critical_findings(&j);
    assert_eq!(crit.len(), 1, "{j}");
    assert_eq!(crit[0]["check"], "store-seals", "{j}");
    assert_eq!(crit[0]["subject"], new.as_str(), "{j}");
    let msg = crit[0]["message"].as_str().unwrap();
    assert!(msg.contains(&format!("archive {old}'s")), "{msg}");

    // The rolled-back copy carries a genuine seal, so it passes the seal's
    // own check; the catalog's record (id, hash, size) refuses it.
    let errors = assert_refused_everywhere(&v, "latest", &["as the catalog knows it"], "rollback");
    assert!(errors.iter().all(|e| e.contains(&new)), "{errors:?}");
    // OLD is untouched and restores as itself.
    v.ok(&["verify", &old, "-i", v.identity_str()]);

    // After the failed verifications, `check` also reports them.
    let (code, j) = check_json(&v);
    assert_eq!(code, Some(CHECK_CRITICAL), "{j}");
    let crit = critical_findings(&j);
    assert!(
        crit.iter()
            .any(|f| f["check"] == "verify-failed" && f["subject"] == new.as_str()),
        "{j}"
    );

    // The audit chain itself is intact (nothing was cut); its record of
    // NEW's backup, with NEW's hash, is what a rebuild compares with below.
    v.ok(&["audit", "verify"]);
}

#[test]
fn catalog_rebuild_from_a_rolled_back_store_names_the_rollback() {
    let db = ledger_db("rollback_rebuild");
    let (v, old, new) = rolled_back_vault(&db);

    // With the catalog at hand (its log goes to the store first).
    let out = v.ok_json(&["catalog", "rebuild", "--json"]);
    assert_eq!(out["ok"], false, "{out}");
    let rejected: Vec<&str> = out["report"]["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        rejected
            .iter()
            .any(|r| r.contains(&format!("archive {old}'s, stored under another name"))),
        "the renamed seal is refused: {rejected:?}"
    );
    assert!(
        rejected
            .iter()
            .any(|r| r.contains(&format!("archive {new}: the audit log records its backup"))),
        "the audit log's record of NEW is not silently dropped: {rejected:?}"
    );
    let list = v.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        list[0]["id"],
        old.as_str(),
        "OLD is registered as itself, not as NEW"
    );
    let stderr = {
        let o = v.cmd().args(["catalog", "rebuild"]).output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(
        stderr.contains(&new),
        "the text output names NEW too: {stderr}"
    );

    // With the catalog lost: the store's own audit segments say the same.
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    let out = v.ok_json(&["catalog", "rebuild", "--json"]);
    assert_eq!(out["ok"], false, "{out}");
    let text = out["report"]["rejected"].to_string();
    assert!(
        text.contains(&format!("archive {new}: the audit log records its backup")),
        "{text}"
    );
    assert!(text.contains("stored under another name"), "{text}");
    assert_eq!(v.list().len(), 1);

    // The rollback as a move: OLD's own files gone too, so the renamed copy
    // is the only one (before the name check, rebuild registered it without
    // a word). Both archives the log knows are named as missing.
    let old_path = v.archive_path(&old);
    let (os, og) = seal_paths(&old_path);
    for f in [&old_path, &os, &og] {
        std::fs::remove_file(f).unwrap();
    }
    let out = v.ok_json(&["catalog", "rebuild", "--json"]);
    assert_eq!(out["ok"], false, "{out}");
    let text = out["report"]["rejected"].to_string();
    for id in [&old, &new] {
        assert!(
            text.contains(&format!("archive {id}: the audit log records its backup")),
            "{id}: {text}"
        );
    }
    assert!(
        text.contains(&format!("archive {old}'s, stored under another name")),
        "{text}"
    );
    assert_eq!(v.list().len(), 0, "{:?}", v.list());
}

#[test]
fn s3_store_rolled_back_to_an_older_archive_is_caught_and_rebuild_names_it() {
    use coffer::store::Store;
    let moto = s3_support::shared();
    let db = ledger_db("rollback_s3");
    let v = TestVault::new(&db.url());
    let bucket = s3_support::unique_bucket_name("rollback");
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
    let s3_cmd = |args: &[&str]| {
        let mut c = v.cmd();
        c.envs(s3_support::env()).args(args);
        c
    };
    let backup = || {
        let out = s3_cmd(&["backup", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let j: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(j["complete"], true, "{j}");
        j["archive_id"].as_str().unwrap().to_owned()
    };
    let old = backup();
    db.psql("INSERT INTO accounts VALUES (3, 'carol', 7)");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let new = backup();

    // The bucket's holder puts OLD's objects under NEW's names.
    let mut c = moto.config(&bucket);
    c.prefix = "school".into();
    let s3 = coffer::store::S3Store::new(c).unwrap();
    for suffix in ["", ".seal", ".seal.sig"] {
        let mut bytes = Vec::new();
        s3.get(&format!("general/{old}.tar.zst.age{suffix}"))
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        s3.put(
            &format!("general/{new}.tar.zst.age{suffix}"),
            &mut bytes.as_slice(),
            None,
        )
        .unwrap();
    }

    let out = s3_cmd(&["verify", "--store", "offsite", &new])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(EXIT_INTEGRITY), "{stdout}");
    assert!(
        stdout.contains(&format!("FAILED {new} in offsite"))
            && stdout.contains("as the catalog knows it"),
        "{stdout}"
    );
    let copy = v.catalog().copy(&new, "offsite").unwrap().unwrap();
    assert_eq!(copy.status, coffer::catalog::CopyStatus::Bad, "{copy:?}");
    let target = ScratchDb::new("rollback_s3");
    let err = v.fails_with(
        &mut s3_cmd(&[
            "restore",
            &new,
            "--to",
            &target.url(),
            "--create",
            "--from",
            "offsite",
            "-i",
            v.identity_str(),
        ]),
        EXIT_INTEGRITY,
    );
    assert!(err.contains("as the catalog knows it"), "{err}");
    assert!(!pg::database_exists(server().target(), target.name()).unwrap());
    let out = s3_cmd(&["drill", &new, "--from", "offsite", "-i", v.identity_str()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(EXIT_INTEGRITY), "{out:?}");
    assert!(!pg::database_exists(server().target(), &drill_db(&new)).unwrap());
    // The local copy is the genuine NEW.
    v.ok(&["verify", &new, "-i", v.identity_str()]);

    // The backup host is lost; the catalog is rebuilt from the bucket alone.
    std::fs::remove_dir_all(v.store_dir()).unwrap();
    std::fs::create_dir(v.store_dir()).unwrap();
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    let out = s3_cmd(&["catalog", "rebuild", "--from", "offsite", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["ok"], false, "{j}");
    let text = j["report"]["rejected"].to_string();
    assert!(
        text.contains(&format!("archive {old}'s, stored under another name")),
        "{text}"
    );
    assert!(
        text.contains(&format!("archive {new}: the audit log records its backup")),
        "{text}"
    );
    let list = v.list();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], old.as_str());
}

#[test]
fn a_former_employees_key_opens_only_the_archives_written_while_it_was_a_recipient() {
    let db = ledger_db("former");
    let v = TestVault::new(&db.url());
    let work = tempfile::tempdir().unwrap();
    let employee = work.path().join("employee.txt");
    tool(Command::new("age-keygen").arg("-o").arg(&employee));
    let employee_recipient =
        String::from_utf8(tool(Command::new("age-keygen").arg("-y").arg(&employee)))
            .unwrap()
            .trim()
            .to_owned();
    let vault_recipient = recipient(&v);
    let set_recipients = |list: &[&str]| {
        let text = std::fs::read_to_string(v.config()).unwrap();
        let start = text.find("\nrecipients = [").unwrap() + 1;
        let end = text[start..].find('\n').unwrap() + start;
        let mut text = text.clone();
        text.replace_range(start..end, &format!("recipients = {list:?}"));
        std::fs::write(v.config(), text).unwrap();
    };
    set_recipients(&[&vault_recipient, &employee_recipient]);
    let before = v.backup("plain");
    // The employee leaves: the recipient is removed (a config change the
    // audit log records).
    set_recipients(&[&vault_recipient]);
    let after = v.backup("plain");

    // With a copy of the old ciphertext, the old key still opens it: keys
    // cannot be revoked from archives already written.
    let old_path = v.archive_path(&before);
    let plain = tool(
        Command::new("age")
            .args(["-d", "-i"])
            .arg(&employee)
            .arg(&old_path),
    );
    assert!(!plain.is_empty());
    // Nothing written after the removal: coffer says which key is needed
    // (exit 4), stock age refuses too.
    let err = v.fails_with(
        v.cmd()
            .args(["verify", &after, "-i", employee.to_str().unwrap()]),
        4,
    );
    assert!(err.contains("no identity") || err.contains("key"), "{err}");
    let target = ScratchDb::new("former");
    v.fails_with(
        v.cmd().args([
            "restore",
            &after,
            "--to",
            &target.url(),
            "--create",
            "-i",
            employee.to_str().unwrap(),
        ]),
        4,
    );
    assert!(!pg::database_exists(server().target(), target.name()).unwrap());
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(&employee)
        .arg(v.archive_path(&after))
        .output()
        .unwrap();
    assert!(!out.status.success(), "age refuses the new archive");
    // The seals say so without any key: two recipients before, one after.
    let seal = |id: &str| -> Value {
        let (s, _) = seal_paths(&v.archive_path(id));
        serde_json::from_slice(&std::fs::read(s).unwrap()).unwrap()
    };
    assert_eq!(seal(&before)["recipients"].as_array().unwrap().len(), 2);
    assert_eq!(seal(&after)["recipients"].as_array().unwrap().len(), 1);
    // And the old key, being no signing key, cannot make a seal the vault trusts
    // (archive_re_encrypted_to_the_vault_recipient_without_the_signing_key_is_refused).
}
