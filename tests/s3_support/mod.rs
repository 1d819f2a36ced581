//! A real S3 API on loopback for the tests: `moto_server` (PyPI `moto[server]`,
//! installed by scripts/setup when it is missing).
//!
//! [`shared`] starts one server per test process on first use, on a free
//! port; a watchdog process kills it once the test process is gone (a
//! static is never dropped). Tests that kill and restart a server start
//! their own with [`Moto::start`] (dropped = killed). A missing moto is a
//! loud panic, never a skip.
//!
//! Moto checks no signatures (any keys work), keeps everything in memory,
//! loses it all on restart, and enforces S3's 5 MiB minimum part size.
//!
//! In-process stores get dummy keys through `S3Config::static_credentials`
//! (edition 2024 makes `set_var` unsafe, and unsafe code is forbidden);
//! for a `coffer` subprocess, pass [`env`] to the `Command`.
//!
//! Use it from an integration test with `mod s3_support;`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use coffer::store::s3::{RetrySettings, StaticCredentials};
use coffer::store::{S3Config, S3Store};

pub const ACCESS_KEY: &str = "coffer-test-key";
pub const SECRET_KEY: &str = "coffer-test-secret";
pub const REGION: &str = "us-east-1";

/// Environment for a subprocess that talks to the test server.
pub fn env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_REGION", REGION),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
}

/// A running moto_server on 127.0.0.1.
pub struct Moto {
    port: u16,
    child: Mutex<Option<Child>>,
    log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts a server on a free port and waits (bounded) until it answers.
    pub fn start() -> Moto {
        let port = free_port();
        let moto = Moto {
            port,
            child: Mutex::new(None),
            log: tempfile::Builder::new()
                .prefix("coffer-moto-")
                .suffix(".log")
                .tempfile()
                .expect("create the moto log file"),
        };
        moto.restart();
        moto
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The server's log so far (for diagnostics).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    /// Kills the server (SIGKILL) and reaps it. Its state is gone.
    pub fn kill(&self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// (Re)starts the server on the same port, empty.
    pub fn restart(&self) {
        self.kill();
        let bin = moto_binary();
        let log = self.log.reopen().expect("reopen the moto log");
        let log2 = log.try_clone().expect("clone the moto log handle");
        let mut last_err = String::new();
        // The port may still be held for a moment after a kill.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &self.port.to_string()])
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("log handle"))
                .stderr(log2.try_clone().expect("log handle"))
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
            spawn_watchdog(child.id());
            while Instant::now() < deadline {
                if let Ok(Some(status)) = child.try_wait() {
                    last_err = format!("moto_server exited: {status}");
                    break;
                }
                if http(self.port, "GET", "/", &[]).is_ok() {
                    *self.child.lock().unwrap() = Some(child);
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            if Instant::now() >= deadline {
                panic!(
                    "moto_server did not answer on port {} within 30 s ({last_err}); log:\n{}",
                    self.port,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    /// Creates a bucket with an unsigned PUT (moto checks no signatures).
    pub fn create_bucket(&self, bucket: &str, object_lock: bool) {
        let mut headers = vec![];
        if object_lock {
            headers.push(("x-amz-bucket-object-lock-enabled", "true"));
        }
        let (status, body) = http(self.port, "PUT", &format!("/{bucket}"), &headers)
            .unwrap_or_else(|e| panic!("create bucket {bucket}: {e}"));
        assert!(
            status == 200,
            "create bucket {bucket}: HTTP {status}: {body}"
        );
    }

    /// How many multipart uploads are in progress (not completed, not
    /// aborted) in a bucket.
    pub fn pending_uploads(&self, bucket: &str) -> usize {
        let (status, body) = http(self.port, "GET", &format!("/{bucket}?uploads"), &[])
            .expect("list multipart uploads");
        assert_eq!(status, 200, "list multipart uploads: {body}");
        body.matches("<Upload>").count()
    }

    /// How many versions of `key` a (versioned) bucket holds, unsigned.
    pub fn versions(&self, bucket: &str, key: &str) -> usize {
        let (status, body) = http(
            self.port,
            "GET",
            &format!("/{bucket}?versions&prefix={key}"),
            &[],
        )
        .expect("list object versions");
        assert_eq!(status, 200, "list object versions: {body}");
        body.split("<Key>")
            .skip(1)
            .filter(|s| s.split("</Key>").next() == Some(key))
            .count()
    }

    /// Every key in a bucket, unsigned (for checks that bypass the store).
    pub fn raw_keys(&self, bucket: &str) -> Vec<String> {
        let (status, body) =
            http(self.port, "GET", &format!("/{bucket}?list-type=2"), &[]).expect("list objects");
        assert_eq!(status, 200, "list objects: {body}");
        body.split("<Key>")
            .skip(1)
            .filter_map(|s| s.split("</Key>").next())
            .map(str::to_owned)
            .collect()
    }

    /// A config for a bucket of this server: dummy keys, path-style, quick
    /// retries (a test must not wait minutes for a dead server).
    pub fn config(&self, bucket: &str) -> S3Config {
        let mut config = S3Config::new(bucket);
        config.endpoint = Some(self.endpoint());
        config.region = Some(REGION.into());
        config.static_credentials = Some(StaticCredentials {
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: SECRET_KEY.into(),
            session_token: None,
        });
        config.retry = RetrySettings {
            max_retries: 3,
            retry_timeout: Duration::from_secs(10),
            init_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(500),
        };
        config
    }

    /// A fresh bucket (unique name made of `name`) and a store on it.
    pub fn bucket(&self, name: &str) -> (String, S3Store) {
        self.bucket_with(name, false, |_| {})
    }

    /// [`Moto::bucket`] with object lock on or off and a config tweak.
    pub fn bucket_with(
        &self,
        name: &str,
        object_lock: bool,
        tweak: impl FnOnce(&mut S3Config),
    ) -> (String, S3Store) {
        let bucket = unique_bucket_name(name);
        self.create_bucket(&bucket, object_lock);
        let mut config = self.config(&bucket);
        tweak(&mut config);
        (bucket, S3Store::new(config).expect("build the S3 store"))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.kill();
    }
}

static SHARED: OnceLock<Moto> = OnceLock::new();

/// The server shared by the tests of this process, started on first call.
pub fn shared() -> &'static Moto {
    SHARED.get_or_init(Moto::start)
}

/// A store on a fresh bucket of the shared server.
pub fn bucket(name: &str) -> S3Store {
    shared().bucket(name).1
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// `name` made a valid, unique bucket name: lowercase letters, digits and
/// dashes, then the process id and a counter; at most 63 characters.
pub fn unique_bucket_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    format!(
        "t-{clean}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The moto_server to run: `COFFER_MOTO_SERVER`, then PATH, then the venvs
/// scripts/setup makes. The first that runs wins.
fn moto_binary() -> PathBuf {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    let found = FOUND.get_or_init(|| {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Ok(p) = std::env::var("COFFER_MOTO_SERVER")
            && !p.is_empty()
        {
            candidates.push(p.into());
        }
        if let Some(path) = std::env::var_os("PATH") {
            candidates.extend(std::env::split_paths(&path).map(|d| d.join("moto_server")));
        }
        if let Some(home) = std::env::var_os("HOME") {
            candidates.push(PathBuf::from(home).join(".cache/coffer/moto/bin/moto_server"));
        }
        candidates.push(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/moto_server"),
        );
        candidates.into_iter().find(|c| {
            c.is_file()
                && Command::new(c)
                    .arg("--help")
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
        })
    });
    match found {
        Some(p) => p.clone(),
        None => panic!(
            "\n\n*** moto_server not installed: run scripts/setup ***\n\
             (looked in COFFER_MOTO_SERVER, PATH, ~/.cache/coffer/moto and target/moto-venv;\n\
             these tests never skip: a missing server is a failure.)\n\n"
        ),
    }
}

/// Kills `pid` once this test process is gone. Never waited for: it
/// outlives this process by design (one that ends early, because its server
/// was killed, stays a zombie until this process exits).
#[allow(clippy::zombie_processes)]
fn spawn_watchdog(pid: u32) {
    const SCRIPT: &str = r#"
while [ -d "/proc/$1" ]; do
  kill -0 "$2" 2>/dev/null || exit 0
  sleep 0.5
done
kill -9 "$2" 2>/dev/null
"#;
    use std::os::unix::process::CommandExt;
    Command::new("sh")
        .arg("-c")
        .arg(SCRIPT)
        .arg("coffer-moto-watchdog")
        .arg(std::process::id().to_string())
        .arg(pid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a Ctrl-C to the tests must not kill it.
        .process_group(0)
        .spawn()
        .expect("start the moto watchdog");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("find a free port")
        .port()
}

/// A minimal unsigned HTTP/1.1 request; returns status and body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n"
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad HTTP response: {response:.200}")))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}
