//! Alerts (`[notify]`, README "Alerts"): a real loopback HTTP server
//! receives the webhook, real processes receive the command notifier's
//! JSON, and notifiers that hang are cut at their timeouts.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use coffer::config::Config;
use coffer::notify::{self, Event, Level};
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

/// What the test server does with the n-th request.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Status(u16),
    /// Read the request, never answer (until the server stops).
    Hang,
}

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    /// Header names lowercased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 server on 127.0.0.1:0, one thread per connection,
/// answering requests from a script (the last answer repeats). Every loop
/// is bounded: the accept loop by a deadline and the stop flag, a hanging
/// connection by the stop flag and a deadline.
struct Server {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<Request>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

const SERVER_LIFETIME: Duration = Duration::from_secs(60);

impl Server {
    fn start(script: &[Answer]) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = script.to_vec();
        let (s, r) = (stop.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + SERVER_LIFETIME;
            let n = Arc::new(AtomicUsize::new(0));
            let mut conns = Vec::new();
            while !s.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (s, r, n, script) = (s.clone(), r.clone(), n.clone(), script.clone());
                        conns.push(std::thread::spawn(move || {
                            serve(stream, &script, &n, &r, &s, deadline)
                        }));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
            s.store(true, Ordering::SeqCst);
            for c in conns {
                let _ = c.join();
            }
        });
        Server {
            addr,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    stream: TcpStream,
    script: &[Answer],
    n: &AtomicUsize,
    requests: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
    deadline: Instant,
) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let mut headers = Vec::new();
    for _ in 0..100 {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len.min(1 << 20)];
    reader.read_exact(&mut body).unwrap();
    requests.lock().unwrap().push(Request {
        method,
        path,
        headers,
        body,
    });
    let i = n.fetch_add(1, Ordering::SeqCst);
    let answer = script[i.min(script.len() - 1)];
    let mut stream = stream;
    match answer {
        Answer::Status(code) => {
            let resp =
                format!("HTTP/1.1 {code} Test\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            let _ = stream.write_all(resp.as_bytes());
        }
        Answer::Hang => {
            while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

fn recipient() -> String {
    age::x25519::Identity::generate().to_public().to_string()
}

/// A config in `dir` whose `[notify]` tables are `notify` (TOML).
fn write_config(dir: &Path, notify: &str) -> PathBuf {
    let path = dir.join("coffer.toml");
    std::fs::write(
        &path,
        format!("[vault]\nrecipients = [\"{}\"]\n\n{notify}", recipient()),
    )
    .unwrap();
    path
}

fn load(dir: &Path, notify: &str) -> Config {
    Config::load(&write_config(dir, notify)).unwrap()
}

fn event(level: Level) -> Event {
    Event::new(
        level,
        "run",
        "backup of school failed: storage error",
        8,
        json!([{"severity": "failure", "check": "backup", "message": "disk full"}]),
    )
}

fn hmac_hex(key: &[u8], body: &[u8]) -> String {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    m.update(body);
    hex::encode(m.finalize().into_bytes())
}

#[test]
fn webhook_receives_the_documented_body_signed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hook.secret"), "s3cret-key\n").unwrap();
    let server = Server::start(&[Answer::Status(200)]);
    // A relative secret file resolves against the config's directory.
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.webhook]\nurl = \"{}\"\nhmac_secret_file = \"hook.secret\"\n",
            server.url("/hooks/coffer?token=abc")
        ),
    );
    let ev = event(Level::Failure);
    let d = notify::notify(&cfg.notify, &ev);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].ok, "{d:?}");
    assert_eq!(d[0].notifier, "webhook");
    assert_eq!(d[0].attempts, 1);
    assert_eq!(d[0].http_status, Some(200));

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/hooks/coffer?token=abc");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-coffer-event"), Some("failure"));
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(v["schema"], "coffer.notify/1");
    assert_eq!(v["level"], "failure");
    assert_eq!(v["job"], "run");
    assert_eq!(v["summary"], "backup of school failed: storage error");
    assert_eq!(v["exit_code"], 8);
    assert_eq!(v["coffer_version"], env!("CARGO_PKG_VERSION"));
    assert!(!v["host"].as_str().unwrap().is_empty());
    assert!(
        v["time"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    assert_eq!(v["findings"][0]["message"], "disk full");
    // The body is the event's JSON, byte for byte, and the HMAC is over
    // those bytes keyed with the file less its newline.
    assert_eq!(r.body, ev.to_json().as_bytes());
    let expected = format!("sha256={}", hmac_hex(b"s3cret-key", &r.body));
    assert_eq!(r.header("x-coffer-signature"), Some(expected.as_str()));
}

#[test]
fn webhook_without_secret_has_no_signature_and_levels_filter() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[Answer::Status(204)]);
    let cfg = load(
        tmp.path(),
        &format!("[notify.webhook]\nurl = \"{}\"\n", server.url("/")),
    );
    // Default levels: failure and warning, not success.
    assert!(notify::notify(&cfg.notify, &event(Level::Success)).is_empty());
    let d = notify::notify(&cfg.notify, &event(Level::Warning));
    assert!(d[0].ok, "{d:?}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].header("x-coffer-signature"), None);
    assert_eq!(reqs[0].header("x-coffer-event"), Some("warning"));
}

#[test]
fn webhook_retries_5xx_then_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        Answer::Status(500),
        Answer::Status(503),
        Answer::Status(200),
    ]);
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.webhook]\nurl = \"{}\"\nretries = 3\n",
            server.url("/")
        ),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    assert!(d[0].ok, "{d:?}");
    assert_eq!(d[0].attempts, 3);
    assert_eq!(d[0].http_status, Some(200));
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn webhook_4xx_is_not_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[Answer::Status(400)]);
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.webhook]\nurl = \"{}\"\n",
            server.url("/secret-path")
        ),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    assert!(!d[0].ok, "{d:?}");
    assert_eq!(d[0].attempts, 1);
    assert_eq!(d[0].http_status, Some(400));
    assert!(d[0].error.as_deref().unwrap().contains("400"), "{d:?}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn webhook_that_never_answers_is_cut_at_its_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[Answer::Hang]);
    let url = server.url("/hook/secret-token");
    let cfg = load(
        tmp.path(),
        &format!("[notify.webhook]\nurl = \"{url}\"\ntimeout_secs = 1\nretries = 1\n"),
    );
    let start = Instant::now();
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    let elapsed = start.elapsed();
    assert!(!d[0].ok, "{d:?}");
    assert_eq!(d[0].attempts, 2);
    // A bound, not a speed: 2 attempts of 1 s, a 0.5 s backoff, a margin.
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
    let e = d[0].error.as_deref().unwrap();
    assert!(e.contains("timed out"), "{e}");
    assert!(
        !e.contains("secret-token"),
        "the URL stays out of errors: {e}"
    );
}

#[test]
fn webhook_connection_refused_fails_after_retries() {
    let tmp = tempfile::tempdir().unwrap();
    // A port nobody listens on: bind, note it, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.webhook]\nurl = \"http://127.0.0.1:{port}/\"\nretries = 1\ntimeout_secs = 2\n"
        ),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    assert!(!d[0].ok, "{d:?}");
    assert_eq!(d[0].attempts, 2);
    assert!(d[0].error.is_some());
}

#[test]
fn webhook_missing_secret_file_fails_the_delivery() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[Answer::Status(200)]);
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.webhook]\nurl = \"{}\"\nhmac_secret_file = \"missing.secret\"\n",
            server.url("/")
        ),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    assert!(!d[0].ok, "{d:?}");
    assert!(
        d[0].error.as_deref().unwrap().contains("missing.secret"),
        "{d:?}"
    );
    // Unsigned alerts are not sent in its place.
    assert!(server.requests().is_empty());
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

#[test]
fn command_receives_the_json_on_stdin_and_in_env() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("stdin.json");
    let env = tmp.path().join("env.txt");
    let argv = [
        "sh",
        "-c",
        r#"cat > "$1"; env > "$2""#,
        "sh",
        out.to_str().unwrap(),
        env.to_str().unwrap(),
    ];
    let cfg = load(
        tmp.path(),
        &format!("[notify.on_failure]\nargv = {}\n", toml_list(&argv)),
    );
    let ev = event(Level::Failure);
    let d = notify::notify(&cfg.notify, &ev);
    assert_eq!(d.len(), 1);
    assert!(d[0].ok, "{d:?}");
    assert_eq!(d[0].notifier, "on_failure");

    let stdin = std::fs::read_to_string(&out).unwrap();
    assert_eq!(stdin, ev.to_json());
    let v: Value = serde_json::from_str(&stdin).unwrap();
    assert_eq!(v["schema"], "coffer.notify/1");
    assert_eq!(v["exit_code"], 8);

    let env = std::fs::read_to_string(&env).unwrap();
    let lines: Vec<&str> = env.lines().collect();
    for want in [
        "COFFER_EVENT_LEVEL=failure".to_owned(),
        "COFFER_EVENT_JOB=run".to_owned(),
        "COFFER_EVENT_EXIT_CODE=8".to_owned(),
        "COFFER_EVENT_SUMMARY=backup of school failed: storage error".to_owned(),
        format!("COFFER_EVENT_JSON={}", ev.to_json()),
    ] {
        assert!(lines.contains(&want.as_str()), "{want} not in {env}");
    }
    // Only the level's command runs.
    assert!(notify::notify(&cfg.notify, &event(Level::Warning)).is_empty());
}

#[test]
fn command_failure_is_reported_with_its_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let argv = ["sh", "-c", "echo 'pager: no route to host' >&2; exit 3"];
    let cfg = load(
        tmp.path(),
        &format!("[notify.on_warning]\nargv = {}\n", toml_list(&argv)),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Warning));
    assert!(!d[0].ok, "{d:?}");
    let e = d[0].error.as_deref().unwrap();
    assert!(
        e.contains("exit status: 3") && e.contains("no route to host"),
        "{e}"
    );

    let cfg = load(
        tmp.path(),
        "[notify.on_warning]\nargv = [\"/nonexistent/coffer-pager\"]\n",
    );
    let d = notify::notify(&cfg.notify, &event(Level::Warning));
    assert!(!d[0].ok, "{d:?}");
    assert!(
        d[0].error.as_deref().unwrap().contains("cannot start"),
        "{d:?}"
    );
}

#[test]
fn command_that_hangs_is_killed_at_its_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = load(
        tmp.path(),
        "[notify.on_failure]\nargv = [\"sleep\", \"600\"]\ntimeout_secs = 1\n",
    );
    let start = Instant::now();
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    let elapsed = start.elapsed();
    assert!(!d[0].ok, "{d:?}");
    assert!(d[0].error.as_deref().unwrap().contains("timeout"), "{d:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
}

#[test]
fn command_whose_child_keeps_the_pipes_open_is_still_cut() {
    let tmp = tempfile::tempdir().unwrap();
    // `; true` keeps sh from exec'ing sleep: sleep is a grandchild that
    // outlives the kill and holds stdout/stderr open (for 20 s).
    let cfg = load(
        tmp.path(),
        "[notify.on_failure]\nargv = [\"sh\", \"-c\", \"sleep 20; true\"]\ntimeout_secs = 1\n",
    );
    let start = Instant::now();
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    let elapsed = start.elapsed();
    assert!(!d[0].ok, "{d:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[test]
fn command_and_webhook_run_together() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&[Answer::Status(200)]);
    let cfg = load(
        tmp.path(),
        &format!(
            "[notify.on_failure]\nargv = [\"true\"]\n\n[notify.webhook]\nurl = \"{}\"\n",
            server.url("/")
        ),
    );
    let d = notify::notify(&cfg.notify, &event(Level::Failure));
    let names: Vec<&str> = d.iter().map(|d| d.notifier.as_str()).collect();
    assert_eq!(names, ["on_failure", "webhook"]);
    assert!(d.iter().all(|d| d.ok), "{d:?}");
}

fn coffer(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("coffer").unwrap();
    c.env_remove("COFFER_CONFIG")
        .current_dir(dir)
        .timeout(Duration::from_secs(60));
    c
}

#[test]
fn cli_notify_test_sends_through_every_notifier() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("hook.secret"), "k").unwrap();
    let server = Server::start(&[Answer::Status(200)]);
    let stdin = tmp.path().join("stdin.json");
    let argv = ["sh", "-c", r#"cat > "$1""#, "sh", stdin.to_str().unwrap()];
    let config = write_config(
        tmp.path(),
        &format!(
            "[notify.on_warning]\nargv = {}\n\n[notify.webhook]\nurl = \"{}\"\nhmac_secret_file = \"hook.secret\"\n",
            toml_list(&argv),
            server.url("/")
        ),
    );
    // No catalog, store or database exists: the test needs the config alone.
    let out = coffer(tmp.path())
        .env("COFFER_NOW", "2030-01-02T03:04:05Z")
        .arg("--config")
        .arg(&config)
        .args(["notify", "test", "--level", "warning", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    let names: Vec<&str> = v["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["notifier"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["on_warning", "webhook"]);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let body: Value = serde_json::from_slice(&reqs[0].body).unwrap();
    assert_eq!(body["job"], "test");
    assert_eq!(body["level"], "warning");
    assert_eq!(body["time"], "2030-01-02T03:04:05Z");
    let sig = format!("sha256={}", hmac_hex(b"k", &reqs[0].body));
    assert_eq!(reqs[0].header("x-coffer-signature"), Some(sig.as_str()));
    let got: Value = serde_json::from_str(&std::fs::read_to_string(&stdin).unwrap()).unwrap();
    assert_eq!(got, body);

    // Plain output: one line per delivery.
    let out = coffer(tmp.path())
        .arg("--config")
        .arg(&config)
        .args(["notify", "test", "--level", "warning"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("ok") && lines[0].contains("on_warning"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("ok") && lines[1].contains("webhook"),
        "{stdout}"
    );
}

#[test]
fn cli_notify_test_fails_when_a_notifier_fails_or_none_is_set() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(
        tmp.path(),
        "[notify.on_failure]\nargv = [\"sh\", \"-c\", \"echo paging broken >&2; exit 1\"]\n",
    );
    let out = coffer(tmp.path())
        .arg("--config")
        .arg(&config)
        .args(["notify", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("FAILED") && stdout.contains("paging broken"),
        "{stdout}"
    );

    // Nothing takes success events here.
    let out = coffer(tmp.path())
        .arg("--config")
        .arg(&config)
        .args(["notify", "test", "--level", "success"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no notifier takes success events"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn malformed_notify_is_a_config_error() {
    let tmp = tempfile::tempdir().unwrap();
    for (bad, says) in [
        ("[notify]\non_falure = { argv = [\"true\"] }\n", "on_falure"),
        (
            "[notify.on_failure]\nargv = \"page-me\"\n",
            "(line 5): invalid type",
        ),
        (
            "[notify.on_failure]\nargv = []\n",
            "[notify.on_failure] argv",
        ),
        (
            "[notify.webhook]\nurl = \"ftp://example/x\"\n",
            "[notify.webhook] url",
        ),
        (
            "[notify.webhook]\nurl = \"https://example/x\"\nretries = 100\n",
            "retries",
        ),
        (
            "[notify.webhook]\nurl = \"https://example/x\"\non = [\"sometimes\"]\n",
            "sometimes",
        ),
        (
            "[notify.webhook]\nurl = \"https://example/x\"\ntimeout_secs = 0\n",
            "timeout_secs",
        ),
    ] {
        let config = write_config(tmp.path(), bad);
        let out = coffer(tmp.path())
            .arg("--config")
            .arg(&config)
            .args(["notify", "test"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{bad}: {stderr}");
        assert!(stderr.contains(says), "{bad}: {stderr}");
    }
}
