//! Helpers of `tests/retention.rs`: commands at a chosen `COFFER_NOW`, the
//! retention policy written into a vault's config, synthetic archives
//! registered through the library, and the parts of `prune --json`, `list
//! --json` and `show --json` that come from storage (so they survive a
//! `catalog rebuild`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use coffer::catalog::{ArchiveRecord, ArchiveStatus, Catalog, VerificationRecord};
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::vault_support::TestVault;

/// What the helpers need of a vault: its directory, config and store, and
/// a `coffer` command to run on it.
pub trait VaultDir {
    fn dir(&self) -> &Path;
    fn config(&self) -> &Path;
    fn store_dir(&self) -> &Path;
    fn bare_cmd(&self) -> Command;
}

impl VaultDir for TestVault {
    fn dir(&self) -> &Path {
        TestVault::dir(self)
    }
    fn config(&self) -> &Path {
        TestVault::config(self)
    }
    fn store_dir(&self) -> &Path {
        TestVault::store_dir(self)
    }
    fn bare_cmd(&self) -> Command {
        TestVault::bare_cmd(self)
    }
}

/// A vault for synthetic archives (no database) made by `coffer init` on a
/// tmpfs (`/dev/shm`) when there is one: thousands of catalog commits and
/// deletions, each fsynced, would otherwise measure the disk, not coffer.
pub struct ShmVault {
    tmp: tempfile::TempDir,
    dir: PathBuf,
    config: PathBuf,
    store: PathBuf,
}

impl ShmVault {
    pub fn new() -> ShmVault {
        let mut b = tempfile::Builder::new();
        b.prefix("coffer-retention-test-");
        let shm = Path::new("/dev/shm");
        let tmp = if shm.is_dir() {
            b.tempdir_in(shm).unwrap()
        } else {
            b.tempdir().unwrap()
        };
        let dir = tmp.path().join("vault");
        let out = Command::cargo_bin("coffer")
            .unwrap()
            .env_remove("COFFER_CONFIG")
            .arg("init")
            .arg("--dir")
            .arg(&dir)
            .arg("--database-url")
            .arg(NO_DB_URL)
            .output()
            .unwrap();
        assert!(out.status.success(), "coffer init: {out:?}");
        ShmVault {
            config: dir.join("coffer.toml"),
            store: dir.join("archives"),
            dir,
            tmp,
        }
    }
}

impl VaultDir for ShmVault {
    fn dir(&self) -> &Path {
        &self.dir
    }
    fn config(&self) -> &Path {
        &self.config
    }
    fn store_dir(&self) -> &Path {
        &self.store
    }
    fn bare_cmd(&self) -> Command {
        let mut c = Command::cargo_bin("coffer").unwrap();
        c.env_remove("COFFER_CONFIG")
            .current_dir(self.tmp.path())
            .timeout(std::time::Duration::from_secs(120));
        c
    }
}

/// A URL that parses but is never connected to (vaults of synthetic archives).
pub const NO_DB_URL: &str = "postgresql://coffer@127.0.0.1:9/no_database";

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// `coffer --config V ARGS` with `COFFER_NOW=now` (when given).
pub fn cmd_at(v: &impl VaultDir, now: Option<&str>, args: &[&str]) -> Command {
    let mut c = v.bare_cmd();
    c.arg("--config").arg(v.config()).args(args);
    match now {
        Some(n) => c.env("COFFER_NOW", n),
        None => c.env_remove("COFFER_NOW"),
    };
    c.env_remove("COFFER_FAULT");
    c
}

pub fn run_at(v: &impl VaultDir, now: Option<&str>, args: &[&str]) -> Output {
    cmd_at(v, now, args).output().unwrap()
}

/// Runs and returns stdout; panics unless it exits 0.
pub fn ok_at(v: &impl VaultDir, now: Option<&str>, args: &[&str]) -> String {
    let out = run_at(v, now, args);
    assert!(
        out.status.success(),
        "coffer {args:?} at {now:?} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_at(v: &impl VaultDir, now: Option<&str>, args: &[&str]) -> Value {
    let out = ok_at(v, now, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

/// `coffer backup --json` at `now`: the new archive's id.
pub fn backup_at(v: &impl VaultDir, now: &str) -> String {
    let out = json_at(v, Some(now), &["backup", "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    out["archive_id"].as_str().unwrap().to_owned()
}

/// Replaces the template's `[retention]` numbers with `policy` (TOML lines).
pub fn set_policy(v: &impl VaultDir, policy: &str) {
    let text = std::fs::read_to_string(v.config()).unwrap();
    let default =
        "keep_last = 3\nkeep_daily = 30\nkeep_weekly = 12\nkeep_monthly = 12\nkeep_yearly = 7\n";
    let edited = text.replacen(default, policy, 1);
    assert_ne!(text, edited, "the config template has the default policy");
    std::fs::write(v.config(), edited).unwrap();
}

/// One archive of a `prune --json` plan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanItem {
    pub id: String,
    pub decision: String,
    pub reasons: Vec<String>,
}

/// The `general` class's plan of a `prune --json` report.
pub fn plan_of(report: &Value) -> (Vec<PlanItem>, Value) {
    assert_eq!(report["ok"], true, "{report}");
    let classes = report["report"]["classes"].as_array().unwrap();
    assert_eq!(classes.len(), 1, "one class: {report}");
    let plan = &classes[0]["plan"];
    let items = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| PlanItem {
            id: i["id"].as_str().unwrap().to_owned(),
            decision: i["decision"].as_str().unwrap().to_owned(),
            reasons: i["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect(),
        })
        .collect();
    (items, plan.clone())
}

pub fn ids_with(items: &[PlanItem], decision: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i.decision == decision)
        .map(|i| i.id.clone())
        .collect()
}

/// What of `list --json`, `show --json` (every archive), `hold list --json`
/// and `prune --dry-run --json` comes from the store: equal before and after
/// a catalog rebuild. Verification times and the run history are left out.
pub fn storage_view(v: &impl VaultDir, now: &str) -> Value {
    let mut list = json_at(v, Some(now), &["list", "--json"]);
    for a in list.as_array_mut().unwrap() {
        // Which verification is the last one differs (a rebuild verifies
        // again); that it passed does not.
        let last = a["last_verified"].take();
        a["last_verified_ok"] = last["ok"].clone();
    }
    let shows: Vec<Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = json_at(v, Some(now), &["show", a["id"].as_str().unwrap(), "--json"]);
            json!({"archive": s["archive"], "path": s["path"], "seal": s["seal"], "facts": s["facts"]})
        })
        .collect();
    let holds = json_at(v, Some(now), &["hold", "list", "--json"]);
    let prune = json_at(v, Some(now), &["prune", "--dry-run", "--json"]);
    let report = &prune["report"];
    json!({
        "list": list,
        "show": shows,
        "holds": holds,
        "plan": report["classes"],
        "missing": report["missing"],
        "repaired": report["repaired"],
    })
}

/// A synthetic archive registered through the library: a small dummy file at
/// its store path and a passed verification; no seal (enough for prune,
/// which only needs the archive file to be present).
pub fn synthetic_record(id: &str, created: Timestamp) -> ArchiveRecord {
    ArchiveRecord {
        id: id.to_owned(),
        class: "general".into(),
        created,
        store: "local".into(),
        key: format!("general/{id}.tar.zst.age"),
        size: 16,
        sha256: "00".repeat(32),
        encryption: "age".into(),
        recipients: vec!["age1synthetic".into()],
        payload_kind: "pg_dump/custom".into(),
        seal: "{}".into(),
        facts: json!({"database": "synthetic"}),
        run_id: None,
        set_id: None,
        status: ArchiveStatus::Good,
    }
}

/// Registers `records` in the vault's catalog (one transaction), with a
/// passed keyless verification each, and writes a dummy file for each.
pub fn register_synthetic(v: &impl VaultDir, records: &[ArchiveRecord]) {
    let cat = Catalog::open(v.dir().join("catalog.db")).unwrap();
    cat.insert_archives(records).unwrap();
    let dir = v.store_dir().join("general");
    std::fs::create_dir_all(&dir).unwrap();
    for r in records {
        cat.record_verification(VerificationRecord {
            archive_id: r.id.clone(),
            at: r.created,
            deep: false,
            store: "local".into(),
            ok: true,
            error: None,
            duration_ms: 1,
        })
        .unwrap();
        std::fs::write(v.store_dir().join(&r.key), b"synthetic archive").unwrap();
    }
}

/// The archive file and its seal files.
pub fn catalog(v: &impl VaultDir) -> Catalog {
    Catalog::open(v.dir().join("catalog.db")).unwrap()
}

/// `list --json`.
pub fn list(v: &impl VaultDir) -> Vec<Value> {
    match json_at(v, None, &["list", "--json"]) {
        Value::Array(a) => a,
        other => panic!("list --json is not an array: {other}"),
    }
}

/// Runs of `kind`, newest first.
pub fn runs(v: &impl VaultDir, kind: coffer::catalog::RunKind) -> Vec<coffer::catalog::RunRecord> {
    catalog(v)
        .runs(coffer::catalog::RunFilter {
            kind: Some(kind),
            ..Default::default()
        })
        .unwrap()
}

pub fn archive_files(archive: &Path) -> [PathBuf; 3] {
    let s = archive.to_str().unwrap();
    [
        archive.to_path_buf(),
        PathBuf::from(format!("{s}.seal")),
        PathBuf::from(format!("{s}.seal.sig")),
    ]
}

/// The name of the effective user, as `id -un` says.
pub fn os_user_name() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Waits until `cond` holds, for at most `secs` seconds.
pub fn wait_until(secs: u64, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !cond() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out after {secs}s waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
