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
