//! Helpers of `tests/faults.rs`: coffer as a child process that can be
//! watched and killed, its children found through /proc, and the checks
//! every fault case ends with (nothing registered or left looking good,
//! the catalog sound, the next run good).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use coffer::catalog::{Outcome, RunKind};
use serde_json::Value;

use crate::vault_support::{TestVault, walk};

/// Exit codes of README.md "Exit codes".
pub const EXIT_INTEGRITY: i32 = 5;
pub const EXIT_DATABASE: i32 = 7;
pub const EXIT_STORAGE: i32 = 8;
pub const EXIT_LOCK_HELD: i32 = 9;

/// What a command printed and how it ended.
#[derive(Debug)]
pub struct Ended {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Ended {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn signal(&self) -> Option<i32> {
        use std::os::unix::process::ExitStatusExt;
        self.status.signal()
    }

    /// The one `coffer: error:` line (asserted to be the only one).
    pub fn error_line(&self) -> String {
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("coffer: error:"))
            .collect();
        assert_eq!(errors.len(), 1, "one error line: {}", self.stderr);
        errors[0].to_owned()
    }
}

/// `coffer --config V ARGS` as a child process with `env` set, stdout and
/// stderr piped (read on threads, so a chatty child never blocks).
pub struct Running {
    child: Child,
    started: Instant,
    out: Option<std::thread::JoinHandle<String>>,
    err: Option<std::thread::JoinHandle<String>>,
}

pub fn spawn(v: &TestVault, args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("coffer"));
    c.env_remove("COFFER_CONFIG")
        .env_remove("COFFER_FAULT")
        .current_dir(v.dir())
        .arg("--config")
        .arg(v.config())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, val) in env {
        c.env(k, val);
    }
    let mut child = c.spawn().expect("spawn coffer");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = so.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = se.read_to_string(&mut s);
        s
    });
    Running {
        child,
        started: Instant::now(),
        out: Some(out),
        err: Some(err),
    }
}

impl Running {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn exited(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }

    /// Waits at most `bound`; a command still running then is a hang: it
    /// is killed and the test fails.
    pub fn wait(mut self, bound: Duration) -> Ended {
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Ended {
                    status,
                    took: self.started.elapsed(),
                    stdout: self.out.take().unwrap().join().unwrap(),
                    stderr: self.err.take().unwrap().join().unwrap(),
                };
            }
            if self.started.elapsed() > bound {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "coffer hung: still running after {bound:?} (killed); stderr so far: {}",
                    self.err.take().unwrap().join().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Runs `coffer ARGS` to its end (bounded at 120 s).
pub fn run(v: &TestVault, args: &[&str], env: &[(&str, &str)]) -> Ended {
    spawn(v, args, env).wait(Duration::from_secs(120))
}

/// The pid of a child of `parent` whose command name is `comm`.
pub fn child_named(parent: u32, comm: &str) -> Option<u32> {
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "PID (COMM) STATE PPID ...": COMM may hold spaces, so split at the last ')'.
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        let name = stat[..close].split_once('(').map(|x| x.1).unwrap_or("");
        let ppid = stat[close + 1..]
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u32>().ok());
        if name == comm && ppid == Some(parent) {
            return Some(pid);
        }
    }
    None
}

/// Bytes the process wrote so far (`wchar` of /proc/PID/io).
pub fn written_by(pid: u32) -> Option<u64> {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    io.lines()
        .find_map(|l| l.strip_prefix("wchar: "))
        .and_then(|n| n.trim().parse().ok())
}

/// Watches coffer's pg_dump child and calls `act(pid, written)` once it has
/// written `at` bytes; returns what it had written then (None: coffer
/// ended first, or pg_dump finished before).
pub fn when_dumped(r: &mut Running, at: u64, act: impl FnOnce(u32, u64)) -> Option<u64> {
    let deadline = Instant::now() + Duration::from_secs(120);
    // Found once (a scan of /proc is slow), then only its io file is read.
    let mut dump = None;
    while Instant::now() < deadline {
        if r.exited() {
            return None;
        }
        if dump.is_none() {
            dump = child_named(r.pid(), "pg_dump");
        }
        if let Some(pid) = dump {
            match written_by(pid) {
                Some(n) if n >= at => {
                    act(pid, n);
                    return Some(n);
                }
                Some(_) => {}
                None => dump = None,
            }
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    panic!("pg_dump never reached {at} bytes within 120 s");
}

/// SIGKILL to `pid`.
pub fn sigkill(pid: u32) {
    let p = rustix::process::Pid::from_raw(pid as i32).unwrap();
    rustix::process::kill_process(p, rustix::process::Signal::KILL).unwrap();
}

/// The state a failed command must leave as it found: the catalog's list,
/// the store's files (but the audit segments) and the runs recorded.
pub struct Before {
    pub list: Vec<Value>,
    pub files: BTreeSet<PathBuf>,
    pub runs: usize,
}

pub fn before(v: &TestVault) -> Before {
    Before {
        list: v.list(),
        files: all_store_files(v),
        runs: v.runs(RunKind::Backup).len(),
    }
}

/// Every file under the vault's store and its offsite dir (if any), but the
/// audit log's segments (every writing command adds one).
pub fn all_store_files(v: &TestVault) -> BTreeSet<PathBuf> {
    let mut files = Vec::new();
    walk(v.store_dir(), &mut files);
    walk(&v.dir().join("offsite"), &mut files);
    files
        .into_iter()
        .map(|p| p.strip_prefix(v.dir()).unwrap_or(&p).to_path_buf())
        .filter(|p| !p.components().any(|c| c.as_os_str() == "audit"))
        .collect()
}

/// SQLite's own `PRAGMA integrity_check` and `coffer catalog check`.
pub fn assert_catalog_sound(v: &TestVault) {
    let db = rusqlite::Connection::open(catalog_path(v)).unwrap();
    let r: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r, "ok", "PRAGMA integrity_check");
    drop(db);
    let out = v.ok_json(&["catalog", "check", "--json"]);
    assert_eq!(out["ok"], true, "coffer catalog check: {out}");
}

pub fn catalog_path(v: &TestVault) -> PathBuf {
    let text = std::fs::read_to_string(v.config()).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("catalog = "))
        .expect("the config names the catalog");
    let name = line.trim_start_matches("catalog = ").trim_matches('"');
    let p = Path::new(name);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        v.dir().join(p)
    }
}

/// Nothing registered, nothing that looks like an archive, a seal or a
/// temporary file left, what was there still verifies, the catalog sound.
pub fn assert_untouched(v: &TestVault, b: &Before) {
    assert_eq!(v.list(), b.list, "no archive was registered");
    assert_eq!(
        all_store_files(v),
        b.files,
        "no file was added to the store"
    );
    verify_all(v);
    assert_catalog_sound(v);
}

/// `coffer verify --all` exits 0.
pub fn verify_all(v: &TestVault) {
    let out = run(v, &["verify", "--all"], &[]);
    assert_eq!(
        out.code(),
        Some(0),
        "verify --all after the fault: {}",
        out.stderr
    );
}

/// The newest backup run failed, with `needle` in its error; one more run
/// than before.
pub fn assert_failed_run(v: &TestVault, b: &Before, needle: &str) {
    let runs = v.runs(RunKind::Backup);
    assert_eq!(runs.len(), b.runs + 1, "the failed backup is one run");
    let run = &runs[0];
    assert_eq!(run.outcome, Some(Outcome::Failed), "{run:?}");
    assert!(run.archive_id.is_none(), "{run:?}");
    let error = run.error.as_deref().unwrap_or_default();
    assert!(
        error.contains(needle),
        "the run's error has {needle:?}: {error}"
    );
}

/// A normal `coffer backup --json` succeeds; its archive id. The store then
/// holds what it held before plus exactly the new archive, its seal and
/// signature (whatever a killed run left is gone).
pub fn next_backup_ok(v: &TestVault, b: &Before) -> String {
    let out = run(v, &["backup", "--json"], &[]);
    assert_eq!(out.code(), Some(0), "the next backup: {}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    let id = j["archive_id"].as_str().unwrap().to_owned();
    let added: BTreeSet<PathBuf> = all_store_files(v).difference(&b.files).cloned().collect();
    let names: BTreeSet<String> = added
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mine = names.iter().all(|n| n.starts_with(&id));
    assert!(
        mine && names.len().is_multiple_of(3) && !names.is_empty(),
        "the store holds the new archive's files and nothing else new: {added:?}"
    );
    for n in &names {
        assert!(
            !n.ends_with(".pending") && !n.contains(".coffer-tmp-"),
            "{n}"
        );
    }
    let missing: Vec<&PathBuf> = b
        .files
        .iter()
        .filter(|f| !all_store_files(v).contains(*f))
        .collect();
    assert!(
        missing.is_empty(),
        "files of the earlier archives went: {missing:?}"
    );
    id
}

/// Appends `text` to the config.
pub fn append_config(v: &TestVault, text: &str) {
    let mut t = std::fs::read_to_string(v.config()).unwrap();
    t.push_str(text);
    std::fs::write(v.config(), t).unwrap();
}

/// Replaces `from` (which must be there) by `to` in the config.
pub fn edit_config(v: &TestVault, from: &str, to: &str) {
    let t = std::fs::read_to_string(v.config()).unwrap();
    assert!(t.contains(from), "the config has {from:?}");
    std::fs::write(v.config(), t.replacen(from, to, 1)).unwrap();
}

/// Free bytes of the file system holding `path`.
pub fn free_bytes(path: &Path) -> u64 {
    let st = rustix::fs::statvfs(path).unwrap();
    st.f_bavail * st.f_frsize
}

/// Writes a file of `size` bytes of zeros at `path` (tmpfs: page by page).
pub fn filler(path: &Path, size: u64) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 1 << 16];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        f.write_all(&chunk[..n]).unwrap();
        left -= n as u64;
    }
    f.sync_all().unwrap();
}

/// Fills the file system of `dir` to the last byte (a file `dir/fill`).
pub fn fill_up(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("fill")).unwrap();
    let chunk = vec![0u8; 4096];
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling {}: {e}", dir.display()),
        }
    }
    let _ = f.sync_all();
}
