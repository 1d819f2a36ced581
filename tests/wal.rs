//! Point-in-time recovery (spec/wal.md): the encrypted WAL archive
//! (`wal push`/`wal fetch`/`wal verify`), physical base backups, restore to
//! a time, and the erasure replay after it.
//!
//! One binary, one PostgreSQL cluster (the harness's, restarted with
//! archive_mode on and `archive_command = 'coffer ... wal push %p'`); the
//! server runs as `postgres`, so the scenario's vault belongs to that user
//! and every coffer command of it runs as that user, as in production. The
//! small tests of push/fetch/verify use vaults of their own and files
//! named as WAL segments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod s3_support;

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The coffer binary as the server's user can run it (archive_command):
/// the build itself when that user can reach it, else a copy in a
/// directory anyone may traverse (a checkout under a 0700 home hides the
/// build from `postgres`).
fn coffer_bin() -> &'static str {
    static BIN: OnceLock<String> = OnceLock::new();
    BIN.get_or_init(|| {
        let built = env!("CARGO_BIN_EXE_coffer");
        let Some((uid, gid)) = server_user() else {
            return built.to_owned();
        };
        let reachable = Command::new(built)
            .arg("--version")
            .uid(uid)
            .gid(gid)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if reachable {
            return built.to_owned();
        }
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("coffer-wal-test-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = dir.join("coffer");
        std::fs::copy(built, &copy).unwrap();
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "tests/wal.rs: {built} is not reachable by the server's user; using a copy in {} (remove it after the run)",
            dir.display()
        );
        copy.to_string_lossy().into_owned()
    })
}

/// (uid, gid) of `postgres` when running as root (the server's user), else None.
fn server_user() -> Option<(u32, u32)> {
    if rustix::process::geteuid().as_raw() != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.len() >= 4 && f[0] == "postgres").then(|| (f[2].parse().unwrap(), f[3].parse().unwrap()))
    })
}

fn chown_r(path: &Path, who: Option<(u32, u32)>) {
    let Some((uid, gid)) = who else { return };
    let st = Command::new("chown")
        .arg("-R")
        .arg(format!("{uid}:{gid}"))
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success());
}

/// Runs coffer with `args` as `who` (None: this user).
fn coffer_as(who: Option<(u32, u32)>, dir: &Path, args: &[&str]) -> Output {
    coffer_env(who, dir, args, &[])
}

fn coffer_env(who: Option<(u32, u32)>, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(coffer_bin());
    cmd.args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env_remove("COFFER_CONFIG")
        .env("HOME", dir)
        .stdin(Stdio::null());
    if let Some((uid, gid)) = who {
        cmd.uid(uid).gid(gid);
    }
    cmd.output().expect("run coffer")
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A new vault in a temp dir owned by `who`.
fn new_vault(
    who: Option<(u32, u32)>,
    db_url: Option<&str>,
    extra_config: &str,
) -> tempfile::TempDir {
    let t = tempfile::Builder::new()
        .prefix("coffer-wal-")
        .tempdir()
        .unwrap();
    chown_r(t.path(), who);
    let vault = t.path().join("vault");
    let vs = vault.to_str().unwrap();
    let mut args = vec!["init", "--dir", vs];
    if let Some(u) = db_url {
        args.extend(["--database-url", u]);
    }
    let o = coffer_as(who, t.path(), &args);
    assert!(o.status.success(), "init: {}", text(&o));
    if !extra_config.is_empty() {
        let cfg = vault.join("coffer.toml");
        let mut c = std::fs::read_to_string(&cfg).unwrap();
        c.push_str(extra_config);
        std::fs::write(&cfg, c).unwrap();
    }
    t
}

fn config_of(t: &tempfile::TempDir) -> String {
    t.path().join("vault/coffer.toml").display().to_string()
}

fn identity_of(t: &tempfile::TempDir) -> String {
    t.path()
        .join("vault/keys/identity.txt")
        .display()
        .to_string()
}

/// A file named as WAL file `name` holding `data`.
fn wal_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn push_is_idempotent_and_refuses_a_different_file_under_the_same_name() {
    let t = new_vault(None, None, "");
    let cfg = config_of(&t);
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    let name = "000000010000000000000003";
    let seg = wal_file(&src, name, &noise(1 << 20, 3));
    let push = |p: &Path| {
        coffer_as(
            None,
            t.path(),
            &["--config", &cfg, "wal", "push", p.to_str().unwrap()],
        )
    };
    let o = push(&seg);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("archived 000000010000000000000003"),
        "{}",
        text(&o)
    );
    let stored = t
        .path()
        .join("vault/archives/wal/00000001")
        .join(format!("{name}.age"));
    let first = std::fs::read(&stored).unwrap();
    // The same file again: success, nothing rewritten.
    let o = push(&seg);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("archived before with the same content"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&stored).unwrap(), first);
    // Another file under the same name: refused loudly, the archive unchanged.
    let other = t.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let seg2 = wal_file(&other, name, &noise(1 << 20, 4));
    let o = push(&seg2);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already archived with different content"),
        "{err}"
    );
    assert_eq!(std::fs::read(&stored).unwrap(), first);
    // The archiver never waits for a writer: a push succeeds while another
    // process (a backup, a prune) holds the vault's writer lock.
    let lock = coffer::pipeline::lock::acquire(
        &t.path().join("vault/coffer.lock"),
        "test",
        Duration::from_secs(1),
    )
    .expect("take the writer lock");
    let held = wal_file(&src, "000000010000000000000004", &noise(1 << 20, 5));
    let o = push(&held);
    assert!(
        o.status.success(),
        "push under a held writer lock: {}",
        text(&o)
    );
    let o = coffer_as(
        None,
        t.path(),
        &["--config", &cfg, "--lock-wait", "0", "backup", "--physical"],
    );
    assert_eq!(
        o.status.code(),
        Some(9),
        "a second writer still waits: {}",
        text(&o)
    );
    drop(lock);
    // Not a WAL file name: refused before anything is written.
    let junk = wal_file(&other, "postgresql.conf", b"x");
    let o = push(&junk);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    // The archive is an ordinary sealed archive: keyless verify and the
    // stock tools open it.
    let o = coffer_as(None, t.path(), &["verify", stored.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "age -d -i '{}' '{}' | zstd -dc | tar -xO --wildcards 'payload/wal/*' | sha256sum",
            identity_of(&t),
            stored.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = sha256_hex(&noise(1 << 20, 3));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&want));
}

/// `catalog rebuild` brings `wal_files` back from the store; the plaintext
/// hashes are not there (W3), so a push of a rebuilt name is refused until
/// `wal verify --identity` filled them in (spec/wal.md "Catalog rebuild").
#[test]
fn catalog_rebuild_brings_back_the_wal_index_and_push_stays_safe() {
    let t = new_vault(None, None, "");
    let cfg = config_of(&t);
    let run = |args: &[&str]| {
        let mut a = vec!["--config", cfg.as_str()];
        a.extend_from_slice(args);
        coffer_as(None, t.path(), &a)
    };
    let json_of = |o: &Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
    };
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    let names = [
        "000000010000000000000001",
        "000000010000000000000002",
        "000000010000000000000003",
        "00000002.history",
    ];
    let mut data = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let d = noise(256 << 10, 20 + i as u64);
        let o = run(&["wal", "push", wal_file(&src, name, &d).to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        data.push(d);
    }
    let wal_dir = t.path().join("vault/archives/wal/00000001");
    // Something under wal/ that is not a sealed WAL file: never registered.
    std::fs::write(wal_dir.join("000000010000000000000009.age"), b"junk").unwrap();
    let before = json_of(&run(&["wal", "list", "--json"]));
    assert_eq!(before["wal_files"].as_array().unwrap().len(), 4, "{before}");

    // The catalog is lost; the rebuild reads the store alone.
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(t.path().join("vault").join(f));
    }
    let o = run(&["catalog", "rebuild", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let r = json_of(&o);
    assert_eq!(r["report"]["wal_files"], 4, "{r}");
    assert!(
        r["report"]["rejected"]
            .to_string()
            .contains("000000010000000000000009.age"),
        "the junk file is named as skipped: {r}"
    );
    let after = json_of(&run(&["wal", "list", "--json"]));
    let rows = after["wal_files"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{after}");
    for (a, b) in rows.iter().zip(before["wal_files"].as_array().unwrap()) {
        for k in [
            "name",
            "timeline",
            "kind",
            "segno",
            "archive_id",
            "key",
            "size",
            "sha256",
        ] {
            assert_eq!(a[k], b[k], "{k} of {a} against {b}");
        }
        assert_eq!(a["payload_sha256"], "", "unknown after a rebuild: {a}");
    }
    // wal verify (keyless) sees the same archive.
    let o = run(&["wal", "verify"]);
    assert_eq!(
        o.status.code(),
        Some(5),
        "the junk file is bad: {}",
        text(&o)
    );

    // A push of a rebuilt name cannot compare content: refused, nothing written.
    let stored = wal_dir.join(format!("{}.age", names[0]));
    let first = std::fs::read(&stored).unwrap();
    let seg1 = src.join(names[0]);
    let o = run(&["wal", "push", seg1.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("wal verify --identity"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&stored).unwrap(), first);

    // With the key, verify fills the hashes in (decrypting, every check).
    std::fs::remove_file(wal_dir.join("000000010000000000000009.age")).unwrap();
    let o = run(&["wal", "verify", "--identity", &identity_of(&t), "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v = json_of(&o);
    assert_eq!(v["hashes_filled"].as_array().unwrap().len(), 4, "{v}");
    let filled = json_of(&run(&["wal", "list", "--json"]));
    for (row, d) in filled["wal_files"].as_array().unwrap().iter().zip(
        // wal list orders by timeline, then name: the history file (timeline 2) last.
        &data,
    ) {
        assert_eq!(row["payload_sha256"], sha256_hex(d), "{row}");
        assert_eq!(row["payload_size"], d.len(), "{row}");
    }
    // Now the retry of the same file succeeds, a different one is refused.
    let o = run(&["wal", "push", seg1.to_str().unwrap()]);
    assert!(
        o.status.success()
            && String::from_utf8_lossy(&o.stdout).contains("archived before with the same content"),
        "{}",
        text(&o)
    );
    let other = t.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let forged = wal_file(&other, names[1], &noise(256 << 10, 99));
    let o = run(&["wal", "push", forged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("different content"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read(&stored).unwrap(), first);
}

/// `coffer check`'s `wal-archive` findings and gauges (spec/wal.md
/// "Monitoring"): the catalog's view, no store read.
#[test]
fn check_reports_the_wal_archive_age_gaps_and_base_backups() {
    let t = new_vault(None, None, "\n[wal]\nstale_after = \"1h\"\n");
    let cfg = config_of(&t);
    let prom = t.path().join("coffer.prom");
    let check_at = |now: &str| -> (Output, serde_json::Value) {
        let o = coffer_env(
            None,
            t.path(),
            &[
                "--config",
                &cfg,
                "check",
                "--json",
                "--prometheus",
                prom.to_str().unwrap(),
            ],
            &[("COFFER_NOW", now)],
        );
        let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)));
        (o, v)
    };
    let wal_findings = |v: &serde_json::Value| -> Vec<(String, String, String)> {
        v["report"]["findings"]
            .as_array()
            .or_else(|| v["findings"].as_array())
            .unwrap_or_else(|| panic!("no findings in {v}"))
            .iter()
            .filter(|f| f["check"] == "wal-archive")
            .map(|f| {
                (
                    f["subject"].as_str().unwrap().to_owned(),
                    f["severity"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let severity_of = |w: &[(String, String, String)], subject: &str| -> String {
        w.iter()
            .find(|f| f.0 == subject)
            .unwrap_or_else(|| panic!("no {subject} finding in {w:?}"))
            .1
            .clone()
    };
    // Configured, nothing archived: critical, and no base backup: critical.
    let (o, v) = check_at("2026-12-04T12:00:00Z");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let w = wal_findings(&v);
    assert_eq!(severity_of(&w, "wal"), "critical", "{w:?}");
    assert_eq!(severity_of(&w, "physical"), "critical", "{w:?}");

    // Segments 1, 2 and 4 pushed at 12:00: segment 3 is a gap.
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    for (i, n) in [1u8, 2, 4].iter().enumerate() {
        let name = format!("0000000100000000000000{n:02X}");
        let p = wal_file(&src, &name, &noise(64 << 10, 40 + i as u64));
        let o = coffer_env(
            None,
            t.path(),
            &["--config", &cfg, "wal", "push", p.to_str().unwrap()],
            &[("COFFER_NOW", "2026-12-04T12:00:00Z")],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let (_, v) = check_at("2026-12-04T12:30:00Z");
    let w = wal_findings(&v);
    assert_eq!(severity_of(&w, "wal"), "ok", "{w:?}");
    let gap = w
        .iter()
        .find(|f| f.0 == "wal timeline 1")
        .expect("a gap finding");
    assert_eq!(gap.1, "critical", "{w:?}");
    assert!(
        gap.2
            .contains("1 segments missing, the first 000000010000000000000003"),
        "{gap:?}"
    );
    let metrics = std::fs::read_to_string(&prom).unwrap();
    for line in [
        "coffer_wal_missing_segments 1",
        "coffer_wal_files 3",
        "coffer_wal_last_archived_timestamp_seconds 1796385600",
    ] {
        assert!(metrics.contains(line), "{line} not in {metrics}");
    }
    // The gap filled; 2 h later the newest segment is stale (warning), 5 h
    // later critical (4 x stale_after).
    let p = wal_file(&src, "000000010000000000000003", &noise(64 << 10, 43));
    let o = coffer_env(
        None,
        t.path(),
        &["--config", &cfg, "wal", "push", p.to_str().unwrap()],
        &[("COFFER_NOW", "2026-12-04T12:00:00Z")],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (_, v) = check_at("2026-12-04T14:00:00Z");
    let w = wal_findings(&v);
    assert_eq!(severity_of(&w, "wal"), "warning", "{w:?}");
    assert_eq!(severity_of(&w, "wal timeline 1"), "ok", "{w:?}");
    let (o, v) = check_at("2026-12-04T17:00:00Z");
    let w = wal_findings(&v);
    assert_eq!(severity_of(&w, "wal"), "critical", "{w:?}");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        std::fs::read_to_string(&prom)
            .unwrap()
            .contains("coffer_wal_missing_segments 0")
    );
}

fn sha256_hex(b: &[u8]) -> String {
    coffer::digest::Digest::of(b).to_hex()
}

#[test]
fn fetch_writes_only_checked_files_and_says_missing_apart_from_damaged() {
    let t = new_vault(None, None, "");
    let cfg = config_of(&t);
    let id = identity_of(&t);
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    let data = noise(3 << 20, 7);
    let name = "000000010000000000000007";
    let seg = wal_file(&src, name, &data);
    let o = coffer_as(
        None,
        t.path(),
        &["--config", &cfg, "wal", "push", seg.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let restore = t.path().join("restore");
    std::fs::create_dir(&restore).unwrap();
    let dest = restore.join("RECOVERYXLOG");
    let fetch = |n: &str| {
        coffer_as(
            None,
            t.path(),
            &[
                "--config",
                &cfg,
                "wal",
                "fetch",
                "--identity",
                &id,
                n,
                dest.to_str().unwrap(),
            ],
        )
    };
    let o = fetch(name);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    std::fs::remove_file(&dest).unwrap();
    // Not archived: exit 1, PostgreSQL's "end of the archive".
    let o = fetch("000000010000000000000008");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not in the archive"));
    let o = fetch("00000002.history");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // Damaged: exit 200 (recovery must stop), nothing written.
    let stored = t
        .path()
        .join("vault/archives/wal/00000001")
        .join(format!("{name}.age"));
    let mut bytes = std::fs::read(&stored).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&stored, &bytes).unwrap();
    let o = fetch(name);
    assert_eq!(o.status.code(), Some(200), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("recovery must stop"), "{err}");
    assert!(!dest.exists(), "a refused file is never written");
    let leftovers: Vec<_> = std::fs::read_dir(&restore).unwrap().collect();
    assert!(leftovers.is_empty(), "no temp file left: {leftovers:?}");
    // A wrong key: refused too, not "missing".
    bytes[mid] ^= 0x40;
    std::fs::write(&stored, &bytes).unwrap();
    let other = new_vault(None, None, "");
    let o = coffer_as(
        None,
        t.path(),
        &[
            "--config",
            &cfg,
            "wal",
            "fetch",
            "--identity",
            &identity_of(&other),
            name,
            dest.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(200), "{}", text(&o));
    assert!(!dest.exists());
    // A segment renamed to another segment's key: refused (its seal names it).
    let renamed = t
        .path()
        .join("vault/archives/wal/00000001/000000010000000000000009.age");
    for suffix in ["", ".seal", ".seal.sig"] {
        std::fs::copy(
            format!("{}{suffix}", stored.display()),
            format!("{}{suffix}", renamed.display()),
        )
        .unwrap();
    }
    let o = fetch("000000010000000000000009");
    assert_eq!(o.status.code(), Some(200), "{}", text(&o));
    assert!(!dest.exists());
}

/// WAL goes offsite too (a real S3 API on loopback), and fetch falls back
/// to the offsite copy when the local one is gone.
#[test]
fn push_copies_offsite_and_fetch_falls_back_to_it() {
    let moto = s3_support::shared();
    let bucket = s3_support::unique_bucket_name("wal");
    moto.create_bucket(&bucket, false);
    let t = new_vault(
        None,
        None,
        &format!(
            "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"pg/\"\nendpoint = \"{}\"\nregion = \"{}\"\nretries = 1\n",
            moto.endpoint(),
            s3_support::REGION
        ),
    );
    let cfg_path = t.path().join("vault/coffer.toml");
    let conf = std::fs::read_to_string(&cfg_path).unwrap();
    std::fs::write(
        &cfg_path,
        conf.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1),
    )
    .unwrap();
    let cfg = config_of(&t);
    let env = s3_support::env();
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    let name = "000000010000000000000011";
    let data = noise(2 << 20, 11);
    let seg = wal_file(&src, name, &data);
    let o = coffer_env(
        None,
        t.path(),
        &["--config", &cfg, "wal", "push", seg.to_str().unwrap()],
        &env,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("copied to offsite"),
        "{}",
        text(&o)
    );
    let keys = moto.raw_keys(&bucket);
    for suffix in ["", ".seal", ".seal.sig"] {
        let k = format!("pg/wal/00000001/{name}.age{suffix}");
        assert!(keys.contains(&k), "{k} not in {keys:?}");
    }
    // The local copy is lost: fetch reads the offsite one, checked.
    std::fs::remove_file(
        t.path()
            .join("vault/archives/wal/00000001")
            .join(format!("{name}.age")),
    )
    .unwrap();
    let dest = t.path().join("RECOVERYXLOG");
    let o = coffer_env(
        None,
        t.path(),
        &[
            "--config",
            &cfg,
            "wal",
            "fetch",
            "-i",
            &identity_of(&t),
            name,
            dest.to_str().unwrap(),
        ],
        &env,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    // The backup host is lost: a rebuild from the bucket alone brings the
    // WAL index back, with its offsite copy recorded.
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(t.path().join("vault").join(f));
    }
    let o = coffer_env(
        None,
        t.path(),
        &[
            "--config", &cfg, "catalog", "rebuild", "--from", "offsite", "--json",
        ],
        &env,
    );
    assert!(o.status.success(), "{}", text(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["report"]["wal_files"], 1, "{r}");
    let o = coffer_env(
        None,
        t.path(),
        &["--config", &cfg, "wal", "list", "--json"],
        &env,
    );
    let l: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(l["wal_files"][0]["name"], name, "{l}");
    assert_eq!(l["wal_files"][0]["store"], "local", "{l}");
}

#[test]
fn verify_finds_a_missing_segment() {
    let t = new_vault(None, None, "");
    let cfg = config_of(&t);
    let src = t.path().join("pg_wal");
    std::fs::create_dir(&src).unwrap();
    for n in [1u8, 2, 3, 4, 5] {
        let name = format!("0000000100000000000000{n:02X}");
        let seg = wal_file(&src, &name, &noise(64 << 10, u64::from(n)));
        let o = coffer_as(
            None,
            t.path(),
            &["--config", &cfg, "wal", "push", seg.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = coffer_as(None, t.path(), &["--config", &cfg, "wal", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("complete (5 segments)"),
        "{}",
        text(&o)
    );
    let gone = t
        .path()
        .join("vault/archives/wal/00000001/000000010000000000000003.age");
    std::fs::remove_file(&gone).unwrap();
    let o = coffer_as(
        None,
        t.path(),
        &["--config", &cfg, "wal", "verify", "--json"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(
        v["report"]["timelines"][0]["missing"],
        serde_json::json!(["000000010000000000000003"])
    );
    // A damaged file is found too.
    let bad = t
        .path()
        .join("vault/archives/wal/00000001/000000010000000000000004.age");
    let mut b = std::fs::read(&bad).unwrap();
    b[100] ^= 1;
    std::fs::write(&bad, &b).unwrap();
    let o = coffer_as(
        None,
        t.path(),
        &["--config", &cfg, "wal", "verify", "--json"],
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["report"]["bad"][0]
            .as_str()
            .unwrap()
            .starts_with("000000010000000000000004"),
        "{v}"
    );
}

/// The scenario's cluster: the harness's, with archive_mode on and its
/// archive_command pushing into `vault` (owned by the server's user).
struct Pitr {
    vault: tempfile::TempDir,
    who: Option<(u32, u32)>,
}

static PITR: OnceLock<Pitr> = OnceLock::new();

fn pitr() -> &'static Pitr {
    PITR.get_or_init(|| {
        let server = common::server();
        let cluster = server.cluster().expect("the WAL tests need the harness's own cluster");
        let who = server_user();
        let vault = new_vault(
            who,
            Some(&server.url("postgres")),
            "\n[erasure.person]\nstatements = ['DELETE FROM people WHERE name = $1']\ncheck = 'SELECT count(*) FROM people WHERE name = $1'\n",
        );
        let conf = format!(
            "\n# tests/wal.rs\nwal_level = replica\narchive_mode = on\narchive_command = '{} --config {} wal push %p'\narchive_timeout = 0\nmax_wal_senders = 4\n",
            coffer_bin(),
            config_of(&vault)
        );
        let mut c = std::fs::read_to_string(cluster.data_dir().join("postgresql.conf")).unwrap();
        c.push_str(&conf);
        std::fs::write(cluster.data_dir().join("postgresql.conf"), c).unwrap();
        cluster.restart("fast").expect("restart with archive_mode on");
        Pitr { vault, who }
    })
}

impl Pitr {
    fn coffer(&self, args: &[&str]) -> Output {
        let cfg = config_of(&self.vault);
        let mut all = vec!["--config", cfg.as_str()];
        all.extend_from_slice(args);
        coffer_as(self.who, self.vault.path(), &all)
    }
}

/// Switches to a new segment and waits until the archiver has pushed the
/// one just finished.
fn switch_and_wait(db: &common::TestDb) {
    let done = db.scalar("SELECT pg_walfile_name(pg_switch_wal())");
    let started = Instant::now();
    loop {
        let last = db.scalar("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
        if last.len() >= 24 && last[..24] >= *done.as_str() {
            return;
        }
        let failed = db.scalar("SELECT coalesce(last_failed_wal, '') FROM pg_stat_archiver");
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the archiver did not push {done} (last {last}, last failed {failed}):\n{}",
            common::server()
                .cluster()
                .map(|c| c.log())
                .unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn pgbench(db: &common::TestDb, args: &[&str]) {
    let mut cmd = Command::new(coffer::pg::tool_path("pgbench"));
    db.target().apply_env(&mut cmd);
    let out = cmd.args(args).arg(db.name()).output().expect("run pgbench");
    assert!(
        out.status.success(),
        "pgbench {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A restored server, stopped (and its directory removed) on drop.
struct Restored {
    dir: tempfile::TempDir,
    data: PathBuf,
    port: u16,
    who: Option<(u32, u32)>,
}

impl Restored {
    fn new(who: Option<(u32, u32)>) -> Restored {
        let dir = tempfile::Builder::new()
            .prefix("coffer-pitr-")
            .tempdir()
            .unwrap();
        chown_r(dir.path(), who);
        Restored {
            data: dir.path().join("data"),
            dir,
            port: free_port(),
            who,
        }
    }

    /// conninfo of database `db` on the restored server's socket.
    fn conninfo(&self, db: &str) -> String {
        format!(
            "host={} port={} user=postgres dbname={db}",
            self.data.display(),
            self.port
        )
    }

    fn scalar(&self, db: &str, sql: &str) -> String {
        let mut c = coffer::pg::ConnTarget::new(Some(&self.conninfo(db)))
            .unwrap()
            .connect()
            .unwrap();
        let rows = c.simple_query(sql).unwrap();
        rows.iter()
            .find_map(|m| match m {
                postgres::SimpleQueryMessage::Row(r) => Some(r.get(0).unwrap_or("").to_owned()),
                _ => None,
            })
            .unwrap_or_default()
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.data.join("coffer-restore.log")).unwrap_or_default()
    }
}

impl Drop for Restored {
    fn drop(&mut self) {
        if self.data.join("postmaster.pid").exists() {
            let mut cmd = Command::new(coffer::pg::tool_path("pg_ctl"));
            cmd.arg("-D")
                .arg(&self.data)
                .args(["-m", "immediate", "-w", "stop"]);
            if let Some((uid, gid)) = self.who {
                cmd.uid(uid).gid(gid);
            }
            let _ = cmd.current_dir(self.dir.path()).output();
        }
    }
}

/// The scenario: base backup, pgbench writes, a marker row at a
/// known time, more writes; restore to just before the marker (absent, the
/// earlier writes present, an erasure made after that time replayed), and
/// to the end (present). Then a damaged segment stops recovery.
#[test]
fn point_in_time_restore_with_erasure_replay() {
    let p = pitr();
    let db = common::fresh_db("pitr");
    pgbench(&db, &["-i", "-s", "1", "-q"]);
    db.psql(
        "CREATE TABLE people (name text PRIMARY KEY); INSERT INTO people VALUES ('ada'), ('bob');
             CREATE TABLE marker (at timestamptz NOT NULL);",
    );
    // The config's database is the scenario's.
    let cfg_path = p.vault.path().join("vault/coffer.toml");
    let cfg = std::fs::read_to_string(&cfg_path).unwrap();
    let cfg = cfg.replace(&common::server().url("postgres"), &db.url());
    std::fs::write(&cfg_path, cfg).unwrap();

    let o = p.coffer(&["backup", "--physical", "--json"]);
    assert!(o.status.success(), "backup --physical: {}", text(&o));
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let archive = b["archive_id"].as_str().unwrap().to_owned();
    let start_wal = b["start_wal"].as_str().unwrap().to_owned();
    assert_eq!(b["timeline"], 1);

    pgbench(&db, &["-n", "-t", "300", "-c", "2"]);
    let before = db.scalar("SELECT count(*) FROM pgbench_history");
    assert_eq!(before, "600");
    std::thread::sleep(Duration::from_millis(1100));
    let target =
        db.scalar("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
    std::thread::sleep(Duration::from_millis(1100));
    db.psql("INSERT INTO marker VALUES (now())");
    // bob asks to be erased after the target time: the live database drops
    // him and the ledger records it.
    db.psql("DELETE FROM people WHERE name = 'bob'");
    let o = p.coffer(&[
        "erasure",
        "request",
        "person",
        "bob",
        "--reference",
        "DSR-1",
    ]);
    assert!(o.status.success(), "erasure request: {}", text(&o));
    pgbench(&db, &["-n", "-t", "100", "-c", "2"]);
    switch_and_wait(&db);

    let o = p.coffer(&["wal", "verify"]);
    assert!(o.status.success(), "wal verify: {}", text(&o));
    // check's catalog view agrees: a base backup, no gap, a fresh segment.
    let o = p.coffer(&["check", "--json"]);
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let wal: Vec<&serde_json::Value> = c["report"]["findings"]
        .as_array()
        .or_else(|| c["findings"].as_array())
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "wal-archive")
        .collect();
    assert_eq!(wal.len(), 3, "{wal:?}");
    assert!(wal.iter().all(|f| f["severity"] == "ok"), "{wal:?}");
    assert_eq!(c["report"]["wal"]["missing_segments"], 0, "{c}");

    // To just before the marker.
    let r = Restored::new(p.who);
    let id = identity_of(&p.vault);
    let port = r.port.to_string();
    let o = p.coffer(&[
        "restore",
        "latest",
        "--physical",
        "--to-dir",
        r.data.to_str().unwrap(),
        "--target-time",
        &target,
        "-i",
        &id,
        "--start",
        "--port",
        &port,
        "--to",
        &r.conninfo(db.name()),
        "--json",
    ]);
    assert!(
        o.status.success(),
        "restore to {target}: {}\n{}",
        text(&o),
        r.log()
    );
    let rep: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rep["report"]["archive_id"], archive.as_str());
    assert_eq!(rep["report"]["erasure"]["requests_applied"], 1, "{rep}");
    assert_eq!(
        r.scalar(db.name(), "SELECT count(*) FROM marker"),
        "0",
        "the marker came after the target"
    );
    assert_eq!(
        r.scalar(db.name(), "SELECT count(*) FROM pgbench_history"),
        before,
        "the writes before the target are there"
    );
    assert_eq!(
        r.scalar(db.name(), "SELECT count(*) FROM people WHERE name = 'bob'"),
        "0",
        "the erasure was replayed"
    );
    assert_eq!(
        r.scalar(db.name(), "SELECT count(*) FROM people WHERE name = 'ada'"),
        "1"
    );
    assert_eq!(
        r.scalar(db.name(), "SELECT pg_is_in_recovery()::text"),
        "false"
    );
    drop(r);

    // To the end of the archive.
    let r = Restored::new(p.who);
    let port = r.port.to_string();
    let o = p.coffer(&[
        "restore",
        &archive,
        "--physical",
        "--to-dir",
        r.data.to_str().unwrap(),
        "-i",
        &id,
        "--start",
        "--port",
        &port,
        "--to",
        &r.conninfo(db.name()),
    ]);
    assert!(
        o.status.success(),
        "restore to the end: {}\n{}",
        text(&o),
        r.log()
    );
    assert_eq!(r.scalar(db.name(), "SELECT count(*) FROM marker"), "1");
    assert_eq!(
        r.scalar(db.name(), "SELECT count(*) FROM pgbench_history"),
        "800"
    );
    drop(r);

    // The drill does all of it on a scratch cluster and records the RTO.
    let o = p.coffer(&["drill", "--physical", "-i", &id, "--json"]);
    assert!(o.status.success(), "drill --physical: {}", text(&o));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["report"]["ok"], true, "{d}");
    assert_eq!(d["report"]["tables_checked"], 6, "{d}");
    assert_eq!(d["report"]["erasure_requests_applied"], 1, "{d}");
    assert!(d["report"]["restore_ms"].as_u64().unwrap() > 0);
    let o = p.coffer(&["show", &archive, "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("physical:"),
        "the drill is on record: {}",
        text(&o)
    );

    // A damaged segment the base backup needs: recovery stops, loudly.
    let seg = p
        .vault
        .path()
        .join("vault/archives/wal/00000001")
        .join(format!("{start_wal}.age"));
    let mut bytes = std::fs::read(&seg).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&seg, &bytes).unwrap();
    let r = Restored::new(p.who);
    let port = r.port.to_string();
    let o = p.coffer(&[
        "restore",
        &archive,
        "--physical",
        "--to-dir",
        r.data.to_str().unwrap(),
        "-i",
        &id,
        "--start",
        "--port",
        &port,
        "--to",
        &r.conninfo(db.name()),
    ]);
    assert!(
        !o.status.success(),
        "a restore over a damaged segment must fail: {}",
        text(&o)
    );
    let log = r.log();
    assert!(
        log.contains("recovery must stop"),
        "the server log says why: {log}"
    );
    assert!(
        log.contains("could not restore file") || log.contains("FATAL"),
        "recovery stopped: {log}"
    );
    let o = p.coffer(&["wal", "verify"]);
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    bytes[mid] ^= 0x01;
    std::fs::write(&seg, &bytes).unwrap();

    // Retention: a newer base backup, one kept (keep_last = 1 today): the
    // older base backup goes, and with it the WAL only it needed.
    pgbench(&db, &["-n", "-t", "50"]);
    switch_and_wait(&db);
    let o = p.coffer(&["backup", "--physical", "--json"]);
    assert!(o.status.success(), "second backup --physical: {}", text(&o));
    let b2: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let start2 = b2["start_wal"].as_str().unwrap().to_owned();
    assert!(start2 > start_wal);
    let cfg = std::fs::read_to_string(&cfg_path).unwrap();
    std::fs::write(&cfg_path, cfg.replace("keep_last = 3", "keep_last = 1")).unwrap();
    let o = p.coffer(&["prune", "--dry-run", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let dry: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let planned = dry["report"]["wal_deleted"].as_array().unwrap().len();
    assert!(planned >= 1, "{dry}");
    let o = p.coffer(&["prune", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let pr: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        pr["report"]["deleted"],
        serde_json::json!([archive]),
        "{pr}"
    );
    let wal_deleted: Vec<String> = pr["report"]["wal_deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(wal_deleted.len(), planned);
    assert!(wal_deleted.contains(&start_wal), "{wal_deleted:?}");
    for w in &wal_deleted {
        assert!(
            w[..24] < *start2.as_str(),
            "{w} is needed by the kept backup ({start2})"
        );
        assert!(
            !p.vault
                .path()
                .join("vault/archives/wal/00000001")
                .join(format!("{w}.age"))
                .exists()
        );
    }
    assert!(
        p.vault
            .path()
            .join("vault/archives/wal/00000001")
            .join(format!("{start2}.age"))
            .exists()
    );
    let o = p.coffer(&["wal", "verify"]);
    assert!(
        o.status.success(),
        "the kept backup's WAL is complete: {}",
        text(&o)
    );
}
