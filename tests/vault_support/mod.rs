//! Helpers of `tests/vault.rs`: a vault in a temp dir driven through the real
//! binary, scratch database names, a fake PostgreSQL bin dir, tmpfs mounts,
//! and archive surgery.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;
use coffer::catalog::{Catalog, RunFilter, RunKind, RunRecord};
use coffer::pg::{self, ConnTarget};
use serde_json::Value;

use crate::common::{self, TestDb};

/// The pagila database, loaded once per test process and shared read-only.
pub fn pagila() -> &'static TestDb {
    static PAGILA: OnceLock<TestDb> = OnceLock::new();
    PAGILA.get_or_init(|| {
        let db = common::fresh_db("vault_pagila");
        db.load_pagila();
        db
    })
}

/// A vault made by `coffer init` in a temp dir.
pub struct TestVault {
    tmp: tempfile::TempDir,
    dir: PathBuf,
    config: PathBuf,
    identity: PathBuf,
    store: PathBuf,
}

/// What a failed run must leave as it was: the catalog's archives and the
/// store's files.
pub struct State {
    list: Vec<Value>,
    files: BTreeSet<PathBuf>,
}

impl TestVault {
    /// `coffer init --dir TMP/vault --database-url URL`.
    pub fn new(database_url: &str) -> TestVault {
        let tmp = tempfile::Builder::new()
            .prefix("coffer-vault-test-")
            .tempdir()
            .unwrap();
        let dir = tmp.path().join("vault");
        let out = bare_cmd(tmp.path())
            .arg("init")
            .arg("--dir")
            .arg(&dir)
            .arg("--database-url")
            .arg(database_url)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "coffer init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("age1"),
            "init prints the recipient: {stdout}"
        );
        assert!(
            stdout.contains("OFF this host"),
            "init says where the identity belongs: {stdout}"
        );
        TestVault {
            config: dir.join("coffer.toml"),
            identity: dir.join("keys/identity.txt"),
            store: dir.join("archives"),
            dir,
            tmp,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &Path {
        &self.config
    }

    pub fn store_dir(&self) -> &Path {
        &self.store
    }

    pub fn identity_str(&self) -> &str {
        self.identity.to_str().unwrap()
    }

    /// `coffer` with no config chosen, run in the temp dir.
    pub fn bare_cmd(&self) -> Command {
        bare_cmd(self.tmp.path())
    }

    /// `coffer` on this vault (through COFFER_CONFIG).
    pub fn cmd(&self) -> Command {
        let mut c = self.bare_cmd();
        c.env("COFFER_CONFIG", &self.config);
        c
    }

    /// Runs `coffer ARGS` (through --config) and returns stdout; panics unless it exits 0.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self
            .bare_cmd()
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "coffer {args:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn ok_json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    /// Runs `cmd`, asserts the exit code and that stderr says what happened in
    /// one `coffer: error:` line (plus at most a hint); returns that line.
    pub fn fails_with(&self, cmd: &mut Command, code: i32) -> String {
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "exit code; stderr:\n{stderr}\nstdout:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let lines: Vec<&str> = stderr.lines().collect();
        let errors: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with("coffer: error:"))
            .collect();
        assert_eq!(errors.len(), 1, "one error line: {stderr}");
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("coffer: error:") || l.starts_with("coffer: hint:")),
            "nothing else on stderr: {stderr}"
        );
        assert!(
            lines.len() <= 2,
            "an error line and at most a hint: {stderr}"
        );
        errors[0].to_string()
    }

    /// `coffer backup --format F --json`: the new archive's id.
    pub fn backup(&self, format: &str) -> String {
        let out = self.ok_json(&["backup", "--format", format, "--json"]);
        assert_eq!(out["ok"], true, "{out}");
        out["archive_id"].as_str().unwrap().to_owned()
    }

    pub fn list(&self) -> Vec<Value> {
        match self.ok_json(&["list", "--json"]) {
            Value::Array(a) => a,
            other => panic!("list --json is not an array: {other}"),
        }
    }

    pub fn show(&self, spec: &str) -> Value {
        self.ok_json(&["show", spec, "--json"])
    }

    pub fn archive_path(&self, id: &str) -> PathBuf {
        PathBuf::from(self.show(id)["path"].as_str().unwrap())
    }

    pub fn catalog(&self) -> Catalog {
        Catalog::open(self.dir.join("catalog.db")).unwrap()
    }

    /// Runs of `kind`, newest first.
    pub fn runs(&self, kind: RunKind) -> Vec<RunRecord> {
        self.catalog()
            .runs(RunFilter {
                kind: Some(kind),
                ..RunFilter::default()
            })
            .unwrap()
    }

    /// Every file under the store (relative paths), except the audit log's
    /// segments (`audit/`: every command that writes adds one; tests/audit.rs
    /// checks them).
    pub fn store_files(&self) -> BTreeSet<PathBuf> {
        let mut files = Vec::new();
        walk(&self.store, &mut files);
        files
            .into_iter()
            .map(|p| p.strip_prefix(&self.store).unwrap().to_path_buf())
            .filter(|p| !p.starts_with("audit"))
            .collect()
    }

    pub fn snapshot_state(&self) -> State {
        State {
            list: self.list(),
            files: self.store_files(),
        }
    }

    /// The catalog lists the same archives and the store holds the same
    /// files (no new archive, seal or temporary file).
    pub fn assert_unchanged(&self, before: &State) {
        assert_eq!(self.list(), before.list, "no archive was registered");
        let files = self.store_files();
        assert!(
            !files
                .iter()
                .any(|f| f.to_string_lossy().contains(".coffer-tmp-")),
            "a temporary file was left: {files:?}"
        );
        assert_eq!(files, before.files, "no file was added to the store");
    }

    /// The newest backup run failed, with `needle` in its error.
    pub fn assert_failed_backup_recorded(&self, needle: &str) {
        let runs = self.runs(RunKind::Backup);
        let run = runs
            .first()
            .expect("the failed backup is recorded as a run");
        assert_eq!(
            run.outcome,
            Some(coffer::catalog::Outcome::Failed),
            "{run:?}"
        );
        assert!(run.finished.is_some(), "{run:?}");
        assert!(run.archive_id.is_none(), "{run:?}");
        let error = run.error.as_deref().unwrap_or_default();
        assert!(
            error.contains(needle),
            "the run's error has {needle:?}: {error}"
        );
    }

    /// Points the config's store at `dir`.
    pub fn set_store(&mut self, dir: &Path) {
        let text = std::fs::read_to_string(&self.config).unwrap();
        let edited = text.replace(
            "store = \"archives\"",
            &format!("store = {:?}", dir.to_str().unwrap()),
        );
        assert_ne!(text, edited, "the config names the store");
        std::fs::write(&self.config, edited).unwrap();
        self.store = dir.to_path_buf();
    }
}

pub fn bare_cmd(cwd: &Path) -> Command {
    let mut c = Command::cargo_bin("coffer").unwrap();
    c.env_remove("COFFER_CONFIG")
        .current_dir(cwd)
        .timeout(std::time::Duration::from_secs(120));
    c
}

/// Appends every file under `dir` (recursively) to `out`.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

static SCRATCH: AtomicUsize = AtomicUsize::new(0);

/// The name of a database that does not exist yet (for `restore --create`),
/// dropped on drop if something created it.
pub struct ScratchDb {
    name: String,
}

impl ScratchDb {
    pub fn new(prefix: &str) -> ScratchDb {
        let name = format!(
            "v_{prefix}_{}_{}",
            std::process::id(),
            SCRATCH.fetch_add(1, Ordering::Relaxed)
        )
        .to_lowercase();
        pg::drop_database(common::server().target(), &name).unwrap();
        ScratchDb { name }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn url(&self) -> String {
        common::server().url(&self.name)
    }

    pub fn dump_normalized(&self) -> String {
        common::pg_dump_normalized(&self.url())
    }

    pub fn row_counts(&self) -> std::collections::BTreeMap<String, i64> {
        ConnTarget::new(Some(&self.url()))
            .unwrap()
            .row_counts(pg::RowCountMode::Exact)
            .unwrap()
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let _ = pg::drop_database(common::server().target(), &self.name);
    }
}

/// Relations (tables, views, sequences, ...) outside the system schemas.
pub fn user_relations(url: &str) -> i64 {
    let mut c = ConnTarget::new(Some(url)).unwrap().connect().unwrap();
    c.query_one(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
        &[],
    )
    .unwrap()
    .get(0)
}

/// A copy of the PostgreSQL bin dir (symlinks) whose `pg_dump`, when it
/// dumps (`--snapshot=`), runs the shell `body` instead (`$REAL` is the real
/// bin dir). Other calls (`--version`) go to the real one. Pass it as
/// `COFFER_PG_BIN`.
pub struct FakePgBin {
    dir: tempfile::TempDir,
}

impl FakePgBin {
    pub fn new(body: &str) -> FakePgBin {
        use std::os::unix::fs::PermissionsExt;
        let real = pg::tools::bin_dir().expect("the PostgreSQL bin dir");
        let dir = tempfile::Builder::new()
            .prefix("coffer-fake-pgbin-")
            .tempdir()
            .unwrap();
        for e in std::fs::read_dir(&real).unwrap().flatten() {
            if e.file_name() != "pg_dump" {
                std::os::unix::fs::symlink(e.path(), dir.path().join(e.file_name())).unwrap();
            }
        }
        let script = format!(
            "#!/bin/sh\nREAL='{}'\ncase \" $* \" in *\" --snapshot=\"*) ;; *) exec \"$REAL/pg_dump\" \"$@\" ;; esac\n{body}\n",
            real.display()
        );
        let path = dir.path().join("pg_dump");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakePgBin { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A tmpfs mounted for the duration of a test (tests run as root here; a
/// mount that is refused is a loud failure, not a skip).
pub struct Mount {
    path: PathBuf,
}

impl Mount {
    pub fn tmpfs(path: &Path, options: &str) -> Mount {
        std::fs::create_dir_all(path).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(path)
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "cannot mount a tmpfs on {} (these tests need root or CAP_SYS_ADMIN): {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Mount {
            path: path.to_path_buf(),
        }
    }

    pub fn remount(&self, options: &str) {
        let out = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.path)
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "cannot remount {}: {}",
            self.path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.path)
            .status();
    }
}

/// Flips every bit of the byte at `offset`.
pub fn flip_byte(path: &Path, offset: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    let i = usize::try_from(offset).unwrap();
    bytes[i] ^= 0xff;
    std::fs::write(path, bytes).unwrap();
}

/// Re-seals the archive `id` as it is now on disk, with the vault's own
/// signing key, and updates the catalog's record to match: a damaged
/// archive that the keyless check passes (as if it had been sealed damaged).
/// Only decryption can then find the damage.
pub fn reseal_as_signer(v: &TestVault, id: &str) {
    use coffer::pipeline::loose;
    let path = v.archive_path(id);
    let bytes = std::fs::read(&path).unwrap();
    let digest = coffer::digest::Digest::of(&bytes).to_hex();
    let mut seal = loose::read_seal(&path).unwrap().seal;
    seal.ciphertext.sha256 = digest.clone();
    seal.ciphertext.size = bytes.len() as u64;
    let key = coffer::crypto::sign::SigningKey::load(&v.dir().join("keys/signing.key")).unwrap();
    let signed = seal.sign(&key).unwrap();
    let (seal_path, sig_path) = loose::seal_paths(&path);
    std::fs::write(seal_path, &signed.bytes).unwrap();
    std::fs::write(sig_path, signed.signature.as_bytes()).unwrap();
    let db = rusqlite::Connection::open(v.dir().join("catalog.db")).unwrap();
    let n = db
        .execute(
            "UPDATE archives SET sha256 = ?1, size = ?2, seal = ?3 WHERE id = ?4",
            (
                &digest,
                bytes.len() as i64,
                String::from_utf8(signed.bytes.clone()).unwrap(),
                id,
            ),
        )
        .unwrap();
    assert_eq!(n, 1, "the catalog has archive {id}");
}

/// Rewrites archive `id` as its signer could: decrypted with the vault's
/// identity, one bit of the manifest's SHA-256 of the first payload part
/// flipped, compressed and encrypted again to the same recipient. Every
/// layer is authentic and the whole payload decrypts; only the manifest
/// comparison at the very end finds the damage. Call [`reseal_as_signer`]
/// after it.
pub fn tamper_manifest_digest(v: &TestVault, id: &str) {
    use std::io::{Read, Write};
    let path = v.archive_path(id);
    let text = std::fs::read_to_string(v.identity_str()).unwrap();
    let identity: age::x25519::Identity = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("an age identity")
        .parse()
        .unwrap();
    let ciphertext = std::fs::read(&path).unwrap();
    let decryptor = age::Decryptor::new(&ciphertext[..]).unwrap();
    let mut compressed = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut compressed)
        .unwrap();
    let mut tar_bytes = zstd::decode_all(&compressed[..]).unwrap();

    // The SHA-256 of the first payload part, as the manifest holds it (raw bytes).
    let mut part_digest = None;
    let mut archive = tar::Archive::new(&tar_bytes[..]);
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        if name.starts_with("payload/") && name.ends_with("/00000000") {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            part_digest = Some(coffer::digest::Digest::of(&data).to_hex());
            break;
        }
    }
    let digest = hex::decode(part_digest.expect("a payload part")).unwrap();
    let at = tar_bytes
        .windows(digest.len())
        .rposition(|w| w == digest.as_slice())
        .expect("the manifest holds the part's digest");
    tar_bytes[at] ^= 0x01;

    let recompressed = zstd::encode_all(&tar_bytes[..], 3).unwrap();
    let recipient = identity.to_public();
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(&recompressed).unwrap();
    w.finish().unwrap();
    std::fs::write(&path, out).unwrap();
}
