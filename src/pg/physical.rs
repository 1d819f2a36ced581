//! Physical backups: `pg_basebackup` in tar format on stdout (with
//! PostgreSQL's `backup_manifest` inside the stream), the facts read from
//! the stream as it passes (`backup_label`, the manifest's WAL range),
//! `pg_verifybackup`, and starting a restored data directory (spec/wal.md
//! "Base backups"). Knows nothing of archives or the catalog.

use std::io::{self, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::conn::ConnTarget;
use super::tools::{StderrTail, check_status, run_to_end, spawn, tool_command};
use super::{Error, walname};

/// A running `pg_basebackup -D - -Ft -X none`. Dropped unfinished, it is killed.
pub struct BaseBackupProcess {
    child: Child,
    stderr: Option<StderrTail>,
    finished: bool,
}

/// Starts `pg_basebackup` for `target`'s server: tar format to stdout, no
/// WAL in the stream (it comes from the WAL archive: `-X none`), a fast
/// checkpoint, and the backup manifest (SHA-256 checksums) injected into
/// the tar stream. Returns the process and its stdout.
pub fn spawn_basebackup(target: &ConnTarget) -> Result<(BaseBackupProcess, ChildStdout), Error> {
    let mut cmd = tool_command("pg_basebackup");
    target.apply_env(&mut cmd);
    cmd.args([
        "--no-password",
        "-D",
        "-",
        "-F",
        "t",
        "-X",
        "none",
        "-c",
        "fast",
        "--manifest-checksums=SHA256",
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = spawn("pg_basebackup", &mut cmd)?;
    let stderr = StderrTail::capture(&mut child);
    let stdout = child.stdout.take().ok_or_else(|| Error::Io {
        context: "pg_basebackup has no output pipe".into(),
        source: io::Error::other("no pipe"),
    })?;
    Ok((
        BaseBackupProcess {
            child,
            stderr: Some(stderr),
            finished: false,
        },
        stdout,
    ))
}

impl BaseBackupProcess {
    pub fn kill(&mut self) {
        let _ = self.child.kill();
    }

    /// Waits: `Ok` only if pg_basebackup exited 0.
    pub fn finish(mut self) -> Result<(), Error> {
        self.finished = true;
        let status = self.child.wait().map_err(|e| Error::Io {
            context: "cannot wait for pg_basebackup".into(),
            source: e,
        })?;
        let tail = self.stderr.take().map(StderrTail::join).unwrap_or_default();
        check_status("pg_basebackup", status, tail)
    }
}

impl Drop for BaseBackupProcess {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What a base backup's stream says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupFacts {
    /// `backup_label`, whole (a few hundred bytes).
    pub label: String,
    /// The last bytes of `backup_manifest` (its WAL range is at the end).
    pub manifest_tail: String,
    /// Whether the stream held a `backup_manifest` at all.
    pub has_manifest: bool,
}

/// The facts a physical archive records (spec/wal.md "Base backups").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalRange {
    pub timeline: u32,
    pub start_lsn: u64,
    pub stop_lsn: u64,
    /// The backup's start time as `backup_label` gives it.
    pub start_time: String,
}

impl BackupFacts {
    /// The timeline and WAL range, from `backup_label` (start) and the
    /// manifest (end).
    pub fn wal_range(&self) -> Option<WalRange> {
        let field = |name: &str| {
            self.label
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(str::trim)
        };
        let start = field("START WAL LOCATION:")?;
        let start_lsn = walname::parse_lsn(start.split_whitespace().next()?)?;
        let timeline: u32 = field("START TIMELINE:")?.parse().ok()?;
        let start_time = field("START TIME:").unwrap_or_default().to_owned();
        // `"End-LSN": "0/2000100"`, the last in the manifest's WAL-Ranges.
        let at = self.manifest_tail.rfind("\"End-LSN\"")?;
        let rest = &self.manifest_tail[at + "\"End-LSN\"".len()..];
        let value = rest.split('"').nth(1)?;
        let stop_lsn = walname::parse_lsn(value)?;
        Some(WalRange {
            timeline,
            start_lsn,
            stop_lsn,
            start_time,
        })
    }
}

/// How much of `backup_manifest` is kept (its end holds the WAL range).
const MANIFEST_TAIL: usize = 8 << 10;
/// Largest `backup_label` kept.
const LABEL_MAX: usize = 64 << 10;

/// A reader over a tar stream that passes every byte through unchanged and
/// keeps `backup_label` and the end of `backup_manifest` as they go by.
/// It follows the tar framing only (512-byte blocks, the size field); it
/// never fails the stream: the archive writer and, at restore,
/// pg_verifybackup judge the bytes.
pub struct TarTap<R> {
    inner: R,
    facts: Arc<Mutex<BackupFacts>>,
    /// Bytes of the current 512-byte header block collected so far.
    header: Vec<u8>,
    /// Data bytes (plus padding) left in the current entry.
    remaining: u64,
    padding: u64,
    capture: Capture,
    done: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    Label,
    Manifest,
}

impl<R: Read> TarTap<R> {
    pub fn new(inner: R) -> (TarTap<R>, Arc<Mutex<BackupFacts>>) {
        let facts = Arc::new(Mutex::new(BackupFacts::default()));
        (
            TarTap {
                inner,
                facts: facts.clone(),
                header: Vec::with_capacity(512),
                remaining: 0,
                padding: 0,
                capture: Capture::None,
                done: false,
            },
            facts,
        )
    }

    fn observe(&mut self, mut data: &[u8]) {
        while !data.is_empty() && !self.done {
            if self.remaining > 0 {
                let n = data
                    .len()
                    .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
                self.keep(&data[..n]);
                self.remaining -= n as u64;
                data = &data[n..];
                continue;
            }
            if self.padding > 0 {
                let n = data
                    .len()
                    .min(usize::try_from(self.padding).unwrap_or(usize::MAX));
                self.padding -= n as u64;
                data = &data[n..];
                continue;
            }
            let n = data.len().min(512 - self.header.len());
            self.header.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.header.len() == 512 {
                let block = std::mem::take(&mut self.header);
                self.start_entry(&block);
            }
        }
    }

    fn start_entry(&mut self, block: &[u8]) {
        if block.iter().all(|b| *b == 0) {
            // The end-of-archive blocks: nothing follows that matters.
            self.capture = Capture::None;
            return;
        }
        let name_end = block[..100].iter().position(|b| *b == 0).unwrap_or(100);
        let name = String::from_utf8_lossy(&block[..name_end]);
        let name = name.trim_start_matches("./");
        let Some(size) = tar_size(&block[124..136]) else {
            self.done = true; // not tar framing we understand: stop watching
            return;
        };
        self.remaining = size;
        self.padding = (512 - size % 512) % 512;
        self.capture = match name {
            "backup_label" => Capture::Label,
            "backup_manifest" => {
                if let Ok(mut f) = self.facts.lock() {
                    f.has_manifest = true;
                }
                Capture::Manifest
            }
            _ => Capture::None,
        };
    }

    fn keep(&mut self, data: &[u8]) {
        let Ok(mut f) = self.facts.lock() else {
            return;
        };
        match self.capture {
            Capture::None => {}
            Capture::Label => {
                if f.label.len() + data.len() <= LABEL_MAX {
                    f.label.push_str(&String::from_utf8_lossy(data));
                }
            }
            Capture::Manifest => {
                f.manifest_tail.push_str(&String::from_utf8_lossy(data));
                if f.manifest_tail.len() > 2 * MANIFEST_TAIL {
                    let mut cut = f.manifest_tail.len() - MANIFEST_TAIL;
                    while !f.manifest_tail.is_char_boundary(cut) {
                        cut += 1;
                    }
                    f.manifest_tail.drain(..cut);
                }
            }
        }
    }
}

/// A tar size field: octal text, or base-256 (high bit set) for large files.
fn tar_size(field: &[u8]) -> Option<u64> {
    if field.first().is_some_and(|b| b & 0x80 != 0) {
        let mut v: u64 = u64::from(field[0] & 0x7f);
        for b in &field[1..] {
            v = v.checked_mul(256)?.checked_add(u64::from(*b))?;
        }
        return Some(v);
    }
    let text: String = field
        .iter()
        .take_while(|b| **b != 0 && **b != b' ')
        .map(|b| *b as char)
        .collect();
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

impl<R: Read> Read for TarTap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.observe(&buf[..n]);
        Ok(n)
    }
}

/// The server's WAL segment size in bytes (`wal_segment_size`).
pub fn wal_segment_size(target: &ConnTarget) -> Result<u64, Error> {
    let mut client = target.connect()?;
    let row = client
        .query_one(
            "SELECT pg_size_bytes(current_setting('wal_segment_size'))",
            &[],
        )
        .map_err(|e| Error::Query {
            context: "reading wal_segment_size".into(),
            message: super::pg_message(&e),
            source: Some(e),
        })?;
    let size: i64 = row.get(0);
    u64::try_from(size).map_err(|_| Error::Query {
        context: "reading wal_segment_size".into(),
        message: format!("unexpected value {size}"),
        source: None,
    })
}

/// `pg_verifybackup -n DIR`: every file against `DIR/backup_manifest`
/// (WAL is not parsed: it is in the archive, not in DIR). Must run before
/// the server first starts: recovery changes the files.
pub fn verify_backup(dir: &Path) -> Result<(), Error> {
    let mut cmd = tool_command("pg_verifybackup");
    cmd.arg("-n").arg("-q").arg(dir);
    let (status, tail) = run_to_end("pg_verifybackup", &mut cmd)?;
    check_status("pg_verifybackup", status, tail)
}

/// `pg_ctl -D DIR -w start` on `port` with its socket in `socket_dir`,
/// listening on no TCP address (a restored server is reached through its
/// socket until someone decides otherwise). Runs as the current user, who
/// must own DIR.
pub fn start_server(dir: &Path, port: u16, socket_dir: &Path, log: &Path) -> Result<(), Error> {
    let opts = format!(
        "-p {port} -k '{}' -c listen_addresses=''",
        socket_dir.display().to_string().replace('\'', "")
    );
    let mut cmd = tool_command("pg_ctl");
    cmd.arg("-D")
        .arg(dir)
        .arg("-l")
        .arg(log)
        .arg("-o")
        .arg(opts)
        .args(["-w", "-t", "300", "start"]);
    let (status, tail) = run_to_end("pg_ctl", &mut cmd)?;
    let log_tail = std::fs::read_to_string(log)
        .map(|l| {
            let lines: Vec<&str> = l.lines().rev().take(4).collect();
            lines.into_iter().rev().collect::<Vec<_>>().join(" | ")
        })
        .unwrap_or_default();
    check_status("pg_ctl", status, format!("{tail} | server log: {log_tail}"))
}

/// `pg_ctl -D DIR -m fast -w stop`.
pub fn stop_server(dir: &Path) -> Result<(), Error> {
    let mut cmd = tool_command("pg_ctl");
    cmd.arg("-D").arg(dir).args(["-m", "fast", "-w", "stop"]);
    let (status, tail) = run_to_end("pg_ctl", &mut cmd)?;
    check_status("pg_ctl", status, tail)
}

/// Waits (at most `limit`) until the server at `target` has left recovery
/// (promoted). A server that stops meanwhile, or stays in recovery, is an error.
pub fn wait_promoted(target: &ConnTarget, limit: Duration) -> Result<(), Error> {
    let started = Instant::now();
    let mut last = String::from("not reached");
    while started.elapsed() < limit {
        match target.connect() {
            Ok(mut c) => match c.query_one("SELECT pg_is_in_recovery()", &[]) {
                Ok(row) if !row.get::<_, bool>(0) => return Ok(()),
                Ok(_) => last = "still in recovery".into(),
                Err(e) => last = super::pg_message(&e),
            },
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(Error::Query {
        context: format!(
            "the restored server was not promoted within {} s",
            limit.as_secs()
        ),
        message: last,
        source: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in entries {
            let mut h = tar::Header::new_ustar();
            h.set_path(name).unwrap();
            h.set_size(data.len() as u64);
            h.set_mode(0o600);
            h.set_cksum();
            b.append(&h, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn tap_finds_label_and_manifest_range_in_any_read_sizes() {
        let label = b"START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nCHECKPOINT LOCATION: 0/2000060\nSTART TIMELINE: 1\nSTART TIME: 2026-12-04 21:00:00 UTC\n";
        let big = vec![7u8; 70_000];
        let manifest = format!(
            "{{ \"PostgreSQL-Backup-Manifest-Version\": 1,\n\"Files\": [{}],\n\"WAL-Ranges\": [\n{{ \"Timeline\": 1, \"Start-LSN\": \"0/2000028\", \"End-LSN\": \"0/2000100\" }}\n],\n\"Manifest-Checksum\": \"00\"}}\n",
            "{\"Path\": \"x\"},".repeat(2000)
        );
        let bytes = tar_of(&[
            ("backup_label", label),
            ("base/1/1259", &big),
            ("backup_manifest", manifest.as_bytes()),
        ]);
        for step in [1usize, 7, 511, 512, 4096, 1 << 20] {
            let (mut tap, facts) = TarTap::new(&bytes[..]);
            let mut out = Vec::new();
            let mut buf = vec![0u8; step];
            loop {
                let n = tap.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(out, bytes, "the bytes pass unchanged");
            let f = facts.lock().unwrap().clone();
            assert!(f.has_manifest);
            assert_eq!(
                f.wal_range(),
                Some(WalRange {
                    timeline: 1,
                    start_lsn: 0x200_0028,
                    stop_lsn: 0x200_0100,
                    start_time: "2026-12-04 21:00:00 UTC".into(),
                }),
                "step {step}"
            );
        }
    }

    #[test]
    fn no_label_no_range() {
        let bytes = tar_of(&[("PG_VERSION", b"15\n")]);
        let (mut tap, facts) = TarTap::new(&bytes[..]);
        std::io::copy(&mut tap, &mut std::io::sink()).unwrap();
        let f = facts.lock().unwrap().clone();
        assert!(!f.has_manifest);
        assert_eq!(f.wal_range(), None);
    }

    /// Garbage (not a tar) passes through unchanged and never panics.
    #[test]
    fn garbage_passes_unchanged() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in [0usize, 1, 511, 512, 513, 4096, 70_000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect();
            let (mut tap, facts) = TarTap::new(&bytes[..]);
            let mut out = Vec::new();
            std::io::copy(&mut tap, &mut out).unwrap();
            assert_eq!(out, bytes);
            assert_eq!(facts.lock().unwrap().wal_range(), None);
        }
    }

    #[test]
    fn tar_sizes() {
        assert_eq!(tar_size(b"00000001750\0"), Some(1000));
        assert_eq!(tar_size(b"\0\0\0\0\0\0\0\0\0\0\0\0"), Some(0));
        let mut big = [0u8; 12];
        big[0] = 0x80;
        big[11] = 1;
        big[10] = 1;
        assert_eq!(tar_size(&big), Some(257));
        assert_eq!(tar_size(b"9999"), None);
    }
}
