//! Helpers for tests/archive.rs: the real `coffer` binary, the stock tools
//! (age, gpg, zstd, tar, ssh-keygen, /usr/bin/time), key fixtures, payload
//! generation and a hand-written ustar builder for hostile archives.
//!
//! A stock tool that is missing is a loud failure, never a skip: the interop
//! promises of spec/format.md are only tested if the tools run.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use tempfile::TempDir;

/// The `coffer` binary built for this test run.
pub fn coffer_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("coffer")
}

/// A `coffer` command with a clean environment for the variables it reads.
pub fn coffer() -> Command {
    let mut c = Command::new(coffer_bin());
    c.env_remove("COFFER_NOW").env("RUST_BACKTRACE", "0");
    c
}

/// The path of a stock tool, or a panic that says how to get it.
pub fn need(tool: &str) -> PathBuf {
    if tool.starts_with('/') {
        let p = PathBuf::from(tool);
        assert!(
            p.is_file(),
            "this test needs {tool}, which is missing (Debian: apt-get install time)"
        );
        return p;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let p = dir.join(tool);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "this test needs the `{tool}` program, which is not on PATH; install it \
         (Debian packages: age, gnupg, zstd, tar, openssh-client, time) - .ci/run does"
    );
}

/// A stock-tool command (found on PATH or failing loudly).
pub fn tool(name: &str) -> Command {
    Command::new(need(name))
}

/// Runs a command and returns its output, whatever the exit status.
pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Runs a set-up step that must succeed.
pub fn ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The exit code (a signal death is a test failure).
pub fn code(out: &Output) -> i32 {
    out.status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {out:?}"))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A failed coffer command says what is wrong in exactly one
/// `coffer: error:` line, optionally followed by one `coffer: hint:` line,
/// and never panics.
pub fn assert_one_line_error(out: &Output, what: &str) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: coffer panicked:\n{err}"
    );
    let lines: Vec<&str> = err.lines().collect();
    let shape_ok = match lines.as_slice() {
        [e] => e.starts_with("coffer: error: "),
        [e, h] => e.starts_with("coffer: error: ") && h.starts_with("coffer: hint: "),
        _ => false,
    };
    assert!(
        shape_ok,
        "{what}: stderr must be one `coffer: error:` line and at most one hint, got:\n{err}"
    );
}

/// Asserts the exit code and the one-line error of a failed coffer command.
pub fn assert_fails(out: &Output, want: i32, what: &str) {
    assert_eq!(
        code(out),
        want,
        "{what}: exit code\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
    assert_one_line_error(out, what);
}

/// The `class` of `--json` failure output (`{"ok":false,"class":...}`).
pub fn json_class(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}): {text:?}"));
    assert_eq!(v["ok"], serde_json::Value::Bool(false), "{text}");
    v["class"]
        .as_str()
        .unwrap_or_else(|| panic!("no class in {text}"))
        .to_owned()
}

/// Files in `dir` (names), sorted. Used to prove a failed command left
/// neither its output nor a temporary file behind.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn write(p: &Path, bytes: &[u8]) {
    std::fs::write(p, bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    coffer::digest::Digest::of(bytes).to_hex()
}

/// Deterministic test data. `compressible` gives bytes with 4 bits of
/// entropy each (zstd halves them), otherwise incompressible bytes.
pub fn payload(len: usize, seed: u64, compressible: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    let mut x = seed | 1;
    while out.len() < len {
        // xorshift64*
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let mut w = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        if compressible {
            w = (w & 0x0F0F_0F0F_0F0F_0F0F) | 0x4040_4040_4040_4040;
        }
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A directory with an age identity (`id.txt`, recipient in `.recipient`)
/// and a seal signing key (`sign.key`, `sign.key.pub`), all made by
/// `coffer keygen`.
pub struct Keys {
    pub dir: TempDir,
    pub identity: PathBuf,
    pub recipient: String,
    pub sign_key: PathBuf,
    pub sign_pub: PathBuf,
}

impl Keys {
    pub fn new() -> Keys {
        let dir = tempfile::tempdir().expect("tempdir");
        let identity = dir.path().join("id.txt");
        let out = ok(coffer().arg("keygen").arg("-o").arg(&identity));
        let recipient = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(recipient.starts_with("age1"), "{recipient}");
        let sign_key = dir.path().join("sign.key");
        ok(coffer().args(["keygen", "--signing", "-o"]).arg(&sign_key));
        let sign_pub = dir.path().join("sign.key.pub");
        Keys {
            dir,
            identity,
            recipient,
            sign_key,
            sign_pub,
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `coffer pack -r RECIPIENT --sign-key sign.key -o OUT [extra] INPUT`.
    pub fn pack_age(&self, input: &Path, out: &Path, extra: &[&str]) {
        ok(coffer()
            .args(["pack", "-r", &self.recipient, "--sign-key"])
            .arg(&self.sign_key)
            .arg("-o")
            .arg(out)
            .args(extra)
            .arg(input));
    }
}

/// An OpenPGP key made by the real gpg: (certificate, secret key), binary.
pub struct GpgKey {
    pub cert: Vec<u8>,
    pub secret: Vec<u8>,
}

/// gpg keeps an agent per home directory: stop it before the directory goes.
pub fn gpg_kill_agent(home: &Path) {
    let _ = run(tool("gpgconf")
        .arg("--homedir")
        .arg(home)
        .args(["--kill", "all"]));
}

/// A fresh GnuPG home (0700, as gpg insists).
pub fn gpg_home() -> TempDir {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::Builder::new()
        .prefix("gh")
        .tempdir_in("/tmp")
        .expect("tempdir");
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
    home
}

pub fn gpg(home: &Path) -> Command {
    let mut c = tool("gpg");
    c.arg("--homedir").arg(home).args(["--batch", "--quiet"]);
    c
}

/// One gpg key pair per test process (key generation takes a second).
pub fn gpg_key() -> &'static GpgKey {
    static KEY: OnceLock<GpgKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let home = gpg_home();
        ok(gpg(home.path()).args([
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-gen-key",
            "Test <t@example.invalid>",
            "default",
            "default",
            "never",
        ]));
        let cert = ok(gpg(home.path()).arg("--export")).stdout;
        let secret = ok(gpg(home.path()).args([
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--export-secret-keys",
        ]))
        .stdout;
        gpg_kill_agent(home.path());
        assert!(
            !cert.is_empty() && !secret.is_empty(),
            "gpg exported nothing"
        );
        GpgKey { cert, secret }
    })
}

/// Runs `args` (a coffer command line) under `/usr/bin/time -f %M` with
/// `stdin` fed from `input` and stdout handed to `consume`; returns the peak
/// RSS in KiB and the exit status.
pub fn with_peak_rss(
    args: &[&OsStr],
    input: Option<&'static [u8]>,
    consume: impl FnOnce(&mut dyn std::io::Read),
) -> (u64, std::process::ExitStatus, String) {
    use std::io::Write;
    let rss_file = tempfile::NamedTempFile::new().expect("tempfile");
    let mut child = Command::new(need("/usr/bin/time"))
        .args(["-f", "%M", "-o"])
        .arg(rss_file.path())
        .arg(coffer_bin())
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn /usr/bin/time coffer");
    let feeder = input.map(|data| {
        let mut stdin = child.stdin.take().expect("stdin");
        std::thread::spawn(move || {
            for chunk in data.chunks(1 << 20) {
                if stdin.write_all(chunk).is_err() {
                    break;
                }
            }
        })
    });
    let mut err = child.stderr.take().expect("stderr");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let mut stdout = child.stdout.take().expect("stdout");
    consume(&mut stdout);
    // Drain whatever consume left, so the child never blocks on a full pipe.
    let _ = std::io::copy(&mut stdout, &mut std::io::sink());
    let status = child.wait().expect("wait");
    if let Some(f) = feeder {
        f.join().expect("feeder thread");
    }
    let err = err_reader.join().expect("stderr thread");
    let text = std::fs::read_to_string(rss_file.path()).expect("time output");
    // GNU time writes "Command exited with non-zero status N" before %M on failure.
    let kib = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<u64>().ok())
        .unwrap_or_else(|| panic!("unexpected /usr/bin/time output {text:?}"));
    (kib, status, err)
}

/// A hand-written ustar archive: full control over names, types and
/// trailing bytes, which is what hostile-entry tests need (tar libraries
/// refuse to write `..` or absolute names).
#[derive(Default)]
pub struct Ustar {
    pub bytes: Vec<u8>,
}

fn octal(field: &mut [u8], v: u64) {
    let s = format!("{v:0w$o}\0", w = field.len() - 1);
    assert_eq!(s.len(), field.len(), "{v} does not fit the field");
    field.copy_from_slice(s.as_bytes());
}

impl Ustar {
    /// One entry: a 512-byte header (name, mode 0600, uid/gid 0, size,
    /// mtime, checksum, typeflag, link name, magic "ustar\0" "00") and the
    /// data padded to 512 bytes.
    pub fn entry(&mut self, name: &str, typeflag: u8, link: &str, data: &[u8]) -> &mut Self {
        assert!(name.len() <= 100 && link.len() <= 100, "{name} too long");
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        octal(&mut h[100..108], 0o600);
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], data.len() as u64);
        octal(&mut h[136..148], 1_795_000_000);
        h[148..156].fill(b' ');
        h[156] = typeflag;
        h[157..157 + link.len()].copy_from_slice(link.as_bytes());
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        self.bytes.extend_from_slice(&h);
        self.bytes.extend_from_slice(data);
        let pad = (512 - data.len() % 512) % 512;
        self.bytes.extend(std::iter::repeat_n(0u8, pad));
        self
    }

    pub fn file(&mut self, name: &str, data: &[u8]) -> &mut Self {
        self.entry(name, b'0', "", data)
    }

    /// The two zero blocks that end a tar archive.
    pub fn end(&mut self) -> &mut Self {
        self.bytes.extend(std::iter::repeat_n(0u8, 1024));
        self
    }
}
