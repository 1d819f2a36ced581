//! Alerts: the `[notify]` table of coffer.toml (README "Alerts").
//!
//! After a job (`coffer run`, `coffer check`) the caller builds an [`Event`]
//! and hands it to [`notify`], which sends it through every notifier
//! configured for its level: a command per level (`on_failure`,
//! `on_warning`, `on_success`) and/or a webhook. A notifier that fails is
//! reported in the returned [`Delivery`] list, never as an error: an alert
//! that cannot be sent must not hide, or change, the job's own exit code.
//!
//! Every wait here is bounded: a command is killed at its timeout, a webhook
//! attempt has a timeout, and the number of attempts is capped.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The `schema` of the event JSON; bumped on an incompatible change.
pub const SCHEMA: &str = "coffer.notify/1";

/// The most webhook retries a config may ask for: with the backoff capped at
/// 2 s this bounds a webhook's total time to (retries + 1) * timeout + 2 s * retries.
pub const MAX_RETRIES: u32 = 10;

/// The longest timeout a config may give a notifier (1 hour): a nightly job
/// must end.
pub const MAX_TIMEOUT_SECS: u64 = 3600;

/// The event JSON goes into `COFFER_EVENT_JSON` only up to this size: Linux
/// refuses a single environment string over 128 KiB (E2BIG) and the spawn
/// would fail. Standard input always carries the whole JSON.
pub const ENV_JSON_MAX: usize = 32 * 1024;

/// How much of a failed command's output is kept for the error message.
const OUTPUT_KEEP: usize = 4 * 1024;

/// After a command was killed (or exited), how long to wait for its output
/// pipes to close: a grandchild it left behind may hold them open.
const PIPE_GRACE: Duration = Duration::from_millis(500);

/// How a notifier's outcome is named in a [`Delivery`].
pub const WEBHOOK: &str = "webhook";

/// `[notify]`: who hears about a job's outcome.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyConfig {
    /// Run when a job fails (exit code other than 0).
    pub on_failure: Option<CommandSpec>,
    /// Run when a job succeeds with warnings.
    pub on_warning: Option<CommandSpec>,
    /// Run when a job succeeds cleanly (a heartbeat).
    pub on_success: Option<CommandSpec>,
    /// `[notify.webhook]`: a JSON POST.
    pub webhook: Option<WebhookSpec>,
}

/// `[notify.on_failure]` and friends: a program run without a shell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSpec {
    /// The program and its arguments; `argv[0]` is looked up in PATH. No
    /// shell ever sees them, so nothing in an event can inject a command.
    pub argv: Vec<String>,
    /// Seconds before the command is killed and the delivery fails.
    #[serde(default = "default_command_timeout")]
    pub timeout_secs: u64,
}

/// `[notify.webhook]`: an HTTP(S) POST of the event JSON.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSpec {
    /// `http://` or `https://`. It may carry a token (Slack-style URLs do),
    /// so it is never logged or shown whole.
    pub url: String,
    /// Seconds per attempt (connect, send, response).
    #[serde(default = "default_webhook_timeout")]
    pub timeout_secs: u64,
    /// Further attempts after a transport error, a 5xx or a 429.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// A file whose bytes (less a trailing newline) key the
    /// `X-Coffer-Signature` HMAC-SHA256 header. Relative to the config file.
    pub hmac_secret_file: Option<PathBuf>,
    /// The levels sent to the webhook (default: failure and warning; add
    /// "success" for a heartbeat).
    #[serde(default = "default_webhook_levels")]
    pub on: Vec<Level>,
}

impl std::fmt::Debug for WebhookSpec {
    // The URL's path and query may be a credential: show scheme and host only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSpec")
            .field("url", &redact_url(&self.url))
            .field("timeout_secs", &self.timeout_secs)
            .field("retries", &self.retries)
            .field("hmac_secret_file", &self.hmac_secret_file)
            .field("on", &self.on)
            .finish()
    }
}

fn default_command_timeout() -> u64 {
    30
}
fn default_webhook_timeout() -> u64 {
    10
}
fn default_retries() -> u32 {
    3
}
fn default_webhook_levels() -> Vec<Level> {
    vec![Level::Failure, Level::Warning]
}

/// How a job ended, as far as alerting cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Success,
    Warning,
    Failure,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Success => "success",
            Level::Warning => "warning",
            Level::Failure => "failure",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        match s {
            "success" => Ok(Level::Success),
            "warning" => Ok(Level::Warning),
            "failure" => Ok(Level::Failure),
            _ => Err(format!(
                "{s:?} is not a level (success, warning or failure)"
            )),
        }
    }
}

/// What is sent: the JSON body documented in README "Alerts". Field order
/// here is the order in the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    pub level: Level,
    /// The job: "run", "check" (or "test" from `coffer notify test`).
    pub job: String,
    /// One line for a human.
    pub summary: String,
    /// The job's exit code (README "Exit codes").
    pub exit_code: u8,
    /// The host the job ran on.
    pub host: String,
    /// When the event was made, RFC 3339 UTC (`COFFER_NOW` applies).
    pub time: String,
    pub coffer_version: &'static str,
    /// The job's findings, as its `--json` report has them.
    pub findings: serde_json::Value,
}

impl Event {
    /// An event stamped with this host, `crate::now()` and this version.
    pub fn new(
        level: Level,
        job: &str,
        summary: &str,
        exit_code: u8,
        findings: serde_json::Value,
    ) -> Event {
        let now = crate::now();
        let now = now.round(jiff::Unit::Second).unwrap_or(now);
        Event {
            schema: SCHEMA,
            level,
            job: job.to_owned(),
            summary: summary.to_owned(),
            exit_code,
            host: hostname(),
            time: now.to_string(),
            coffer_version: env!("CARGO_PKG_VERSION"),
            findings,
        }
    }

    /// The exact body bytes (compact JSON); the HMAC is over these.
    pub fn to_json(&self) -> String {
        // Serializing plain strings, numbers and a Value cannot fail; the
        // fallback keeps the type honest without a panic.
        serde_json::to_string(self).unwrap_or_else(|e| {
            serde_json::json!({"schema": SCHEMA, "error": e.to_string()}).to_string()
        })
    }
}

/// The outcome of one notifier for one event.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Delivery {
    /// "on_failure", "on_warning", "on_success" or "webhook".
    pub notifier: String,
    pub ok: bool,
    /// Tries made (a command is tried once).
    pub attempts: u32,
    pub duration_ms: u64,
    /// The last HTTP status a webhook answered, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Why it failed (never the webhook URL or the HMAC secret).
    pub error: Option<String>,
}

impl NotifyConfig {
    /// True when no notifier is configured at all.
    pub fn is_empty(&self) -> bool {
        self.on_failure.is_none()
            && self.on_warning.is_none()
            && self.on_success.is_none()
            && self.webhook.is_none()
    }

    /// The command of `level`, if one is configured.
    pub fn command_for(&self, level: Level) -> Option<&CommandSpec> {
        match level {
            Level::Failure => self.on_failure.as_ref(),
            Level::Warning => self.on_warning.as_ref(),
            Level::Success => self.on_success.as_ref(),
        }
    }

    /// The webhook, if it is configured and takes `level`.
    pub fn webhook_for(&self, level: Level) -> Option<&WebhookSpec> {
        self.webhook.as_ref().filter(|w| w.on.contains(&level))
    }

    /// Makes relative paths relative to the config file's directory.
    pub fn resolve_paths(&mut self, base: &Path) {
        if let Some(w) = &mut self.webhook
            && let Some(p) = &mut w.hmac_secret_file
            && p.is_relative()
        {
            *p = base.join(&*p);
        }
    }

    /// Checks what serde cannot; returns the message of the first problem.
    pub fn validate(&self) -> Result<(), String> {
        for level in [Level::Failure, Level::Warning, Level::Success] {
            if let Some(c) = self.command_for(level) {
                let key = format!("[notify.on_{level}]");
                if c.argv.first().is_none_or(|p| p.is_empty()) {
                    return Err(format!(
                        "{key} argv: name the program first, e.g. argv = [\"/usr/local/bin/page-oncall\", \"--team\", \"dba\"]"
                    ));
                }
                if let Some(a) = c.argv.iter().find(|a| a.contains('\0')) {
                    return Err(format!("{key} argv: {a:?} contains a NUL byte"));
                }
                check_timeout(&key, c.timeout_secs)?;
            }
        }
        if let Some(w) = &self.webhook {
            let lower = w.url.to_ascii_lowercase();
            let rest = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
                return Err(format!(
                    "[notify.webhook] url: {} is not an http:// or https:// URL",
                    redact_url(&w.url)
                ));
            }
            check_timeout("[notify.webhook]", w.timeout_secs)?;
            if w.retries > MAX_RETRIES {
                return Err(format!("[notify.webhook] retries: at most {MAX_RETRIES}"));
            }
            if w.on.is_empty() {
                return Err(
                    "[notify.webhook] on: name at least one level (\"failure\", \"warning\", \"success\")"
                        .into(),
                );
            }
        }
        Ok(())
    }
}

fn check_timeout(key: &str, secs: u64) -> Result<(), String> {
    if (1..=MAX_TIMEOUT_SECS).contains(&secs) {
        Ok(())
    } else {
        Err(format!(
            "{key} timeout_secs: between 1 and {MAX_TIMEOUT_SECS}"
        ))
    }
}

/// Sends `event` through every notifier configured for its level, all at
/// once (each in a thread of its own), and waits for them. Never fails: a
/// notifier's failure is a `Delivery` with `ok: false`, for the caller to
/// log and record. An empty list means nothing is configured for the level.
pub fn notify(cfg: &NotifyConfig, event: &Event) -> Vec<Delivery> {
    let body = event.to_json();
    let body = body.as_str();
    let command = cfg.command_for(event.level);
    let webhook = cfg.webhook_for(event.level);
    std::thread::scope(|s| {
        let c = command
            .map(|c| s.spawn(move || run_command(&format!("on_{}", event.level), c, event, body)));
        // The blocking HTTP client must not be built inside an async
        // runtime (it panics there); a thread of our own has none, whoever
        // the caller is.
        let w = webhook.map(|w| s.spawn(move || post_webhook(w, event.level, body)));
        let mut out = Vec::new();
        let command_name = format!("on_{}", event.level);
        for (name, h) in [(command_name.as_str(), c), (WEBHOOK, w)] {
            if let Some(h) = h {
                out.push(h.join().unwrap_or_else(|_| Delivery {
                    notifier: name.to_owned(),
                    ok: false,
                    attempts: 0,
                    duration_ms: 0,
                    http_status: None,
                    error: Some("the notifier panicked".into()),
                }));
            }
        }
        out
    })
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The command notifier: argv without a shell, the JSON on stdin and in
/// `COFFER_EVENT_*` variables, killed at its timeout; a non-zero exit fails.
fn run_command(name: &str, spec: &CommandSpec, event: &Event, body: &str) -> Delivery {
    let start = Instant::now();
    let fail = |error: String| Delivery {
        notifier: name.to_owned(),
        ok: false,
        attempts: 1,
        duration_ms: millis(start.elapsed()),
        http_status: None,
        error: Some(error),
    };
    let Some((program, args)) = spec.argv.split_first() else {
        return fail("argv is empty".into());
    };
    let mut cmd = Command::new(program);
    // A clean environment: coffer's may hold PGPASSWORD or AWS credentials,
    // which an alert script has no business seeing (DESIGN.md
    // non-negotiable 7). What a program needs to run is kept.
    cmd.env_clear();
    for var in [
        "PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "USER", "LOGNAME", "TMPDIR",
    ] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("COFFER_EVENT_LEVEL", event.level.as_str())
        .env("COFFER_EVENT_JOB", no_nul(&event.job))
        .env("COFFER_EVENT_SUMMARY", no_nul(&event.summary))
        .env("COFFER_EVENT_EXIT_CODE", event.exit_code.to_string());
    if body.len() <= ENV_JSON_MAX {
        cmd.env("COFFER_EVENT_JSON", body);
    } else {
        cmd.env_remove("COFFER_EVENT_JSON");
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return fail(format!("cannot start {program:?}: {e}")),
    };
    // Stdin, stdout and stderr each in a thread: a command that reads
    // nothing, or writes much, must not stall the others or the clock.
    if let Some(mut stdin) = child.stdin.take() {
        let data = body.as_bytes().to_vec();
        // A command that exits without reading gives EPIPE: not a failure.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&data);
        });
    }
    let stdout = child.stdout.take().map(drain_tail);
    let stderr = child.stderr.take().map(drain_tail);

    let timeout = Duration::from_secs(spec.timeout_secs);
    let deadline = start + timeout;
    // Polling try_wait keeps this a loop bounded by the deadline without a
    // waiter thread that would own the child (kill needs it here).
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "killed after its timeout of {}s",
                    spec.timeout_secs
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("waiting for it failed: {e}"));
            }
        }
    };
    let grace = Instant::now() + PIPE_GRACE;
    let recv = |rx: Option<mpsc::Receiver<Vec<u8>>>| {
        rx.and_then(|rx| {
            rx.recv_timeout(grace.saturating_duration_since(Instant::now()))
                .ok()
        })
        .unwrap_or_default()
    };
    let (out, err) = (recv(stdout), recv(stderr));
    let output = || {
        let text = if err.iter().any(|b| !b.is_ascii_whitespace()) {
            &err
        } else {
            &out
        };
        let text = String::from_utf8_lossy(text);
        let text = text.trim();
        if text.is_empty() {
            String::new()
        } else {
            format!(": {text}")
        }
    };
    match status {
        Ok(s) if s.success() => Delivery {
            notifier: name.to_owned(),
            ok: true,
            attempts: 1,
            duration_ms: millis(start.elapsed()),
            http_status: None,
            error: None,
        },
        Ok(s) => fail(format!("{program:?} exited with {s}{}", output())),
        Err(e) => fail(format!("{program:?} {e}{}", output())),
    }
}

/// Reads `r` to its end in a thread, keeping the last [`OUTPUT_KEEP`]
/// bytes (the end of an error message is the useful part).
fn drain_tail<R: Read + Send + 'static>(mut r: R) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut keep = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    keep.extend_from_slice(&buf[..n]);
                    if keep.len() > 2 * OUTPUT_KEEP {
                        keep.drain(..keep.len() - OUTPUT_KEEP);
                    }
                }
            }
        }
        if keep.len() > OUTPUT_KEEP {
            keep.drain(..keep.len() - OUTPUT_KEEP);
        }
        let _ = tx.send(keep);
    });
    rx
}

/// An environment value cannot hold NUL; the JSON escapes it, this replaces it.
fn no_nul(s: &str) -> String {
    s.replace('\0', " ")
}

/// What a webhook attempt came to.
enum Attempt {
    Delivered(u16),
    /// Worth another try: a transport error, a 5xx, a 429.
    Transient(Option<u16>, String),
    /// Not worth another try: another 4xx, a 3xx (redirects are not
    /// followed: a POST turned into a GET delivers nothing).
    Permanent(Option<u16>, String),
}

/// The webhook notifier: POST with a per-attempt timeout, retried with a
/// short, capped backoff.
fn post_webhook(spec: &WebhookSpec, level: Level, body: &str) -> Delivery {
    let start = Instant::now();
    let mut d = Delivery {
        notifier: WEBHOOK.to_owned(),
        ok: false,
        attempts: 0,
        duration_ms: 0,
        http_status: None,
        error: None,
    };
    let signature = match &spec.hmac_secret_file {
        None => None,
        Some(path) => match signature(path, body.as_bytes()) {
            Ok(s) => Some(s),
            Err(e) => {
                d.error = Some(e);
                d.duration_ms = millis(start.elapsed());
                return d;
            }
        },
    };
    let client = match reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(spec.timeout_secs))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("coffer/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            d.error = Some(format!("cannot build the HTTP client: {}", e.without_url()));
            d.duration_ms = millis(start.elapsed());
            return d;
        }
    };
    let attempts = spec.retries.min(MAX_RETRIES) + 1;
    for n in 1..=attempts {
        d.attempts = n;
        let mut req = client
            .post(&spec.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Coffer-Event", level.as_str())
            .body(body.to_owned());
        if let Some(sig) = &signature {
            req = req.header("X-Coffer-Signature", sig.as_str());
        }
        let outcome = match req.send() {
            Ok(mut resp) => {
                let code = resp.status().as_u16();
                // Read a bounded part of the answer so the exchange ends
                // cleanly; its content is not used.
                let _ = std::io::copy(&mut resp.by_ref().take(64 * 1024), &mut std::io::sink());
                match code {
                    200..=299 => Attempt::Delivered(code),
                    429 | 500..=599 => {
                        Attempt::Transient(Some(code), format!("the server answered {code}"))
                    }
                    _ => Attempt::Permanent(Some(code), format!("the server answered {code}")),
                }
            }
            // without_url: the URL may carry a token.
            Err(e) => Attempt::Transient(None, describe(&e.without_url())),
        };
        match outcome {
            Attempt::Delivered(code) => {
                d.ok = true;
                d.http_status = Some(code);
                d.error = None;
                break;
            }
            Attempt::Permanent(code, e) => {
                d.http_status = code;
                d.error = Some(e);
                break;
            }
            Attempt::Transient(code, e) => {
                d.http_status = code;
                d.error = Some(if attempts > 1 {
                    format!("{e} (attempt {n} of {attempts})")
                } else {
                    e
                });
                if n < attempts {
                    std::thread::sleep(backoff(n));
                }
            }
        }
    }
    d.duration_ms = millis(start.elapsed());
    d
}

/// 0.5 s, 1 s, then 2 s between attempts.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64 << attempt.saturating_sub(1).min(2))
}

/// A transport error with its causes, which reqwest's Display leaves out
/// ("error sending request" alone says nothing).
fn describe(e: &reqwest::Error) -> String {
    let mut s = if e.is_timeout() {
        "timed out".to_owned()
    } else {
        e.to_string()
    };
    let mut src = std::error::Error::source(e);
    let mut depth = 0;
    while let Some(c) = src
        && depth < 4
    {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        src = c.source();
        depth += 1;
    }
    s
}

/// `sha256=<hex HMAC-SHA256(secret, body)>`, the secret being the file's
/// bytes less one trailing newline (LF or CRLF), as `echo secret > file`
/// leaves it.
fn signature(path: &Path, body: &[u8]) -> Result<String, String> {
    use hmac::{KeyInit, Mac};
    let secret = zeroize::Zeroizing::new(
        std::fs::read(path)
            .map_err(|e| format!("cannot read the HMAC secret file {}: {e}", path.display()))?,
    );
    let key = trim_newline(&secret);
    if key.is_empty() {
        return Err(format!("the HMAC secret file {} is empty", path.display()));
    }
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key)
        .map_err(|e| format!("HMAC: {e}"))?;
    m.update(body);
    Ok(format!("sha256={}", hex::encode(m.finalize().into_bytes())))
}

fn trim_newline(b: &[u8]) -> &[u8] {
    let b = b.strip_suffix(b"\n").unwrap_or(b);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// `scheme://host/…`: enough to say which webhook, without its path/query.
fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            // Userinfo (user:password@) is a credential too.
            let host = host.rsplit('@').next().unwrap_or(host);
            format!("{scheme}://{host}/…")
        }
        None => "(not a URL)".into(),
    }
}

/// This host's name, without libc: the kernel's, then /etc/hostname.
fn hostname() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_owned())
        .find(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn backoff_is_capped() {
        let b: Vec<u64> = (1..=6).map(|n| millis(backoff(n))).collect();
        assert_eq!(b, [500, 1000, 2000, 2000, 2000, 2000]);
    }

    #[test]
    fn urls_are_redacted() {
        assert_eq!(
            redact_url("https://u:pw@hooks.example/services/T0/B0/secret?x=1"),
            "https://hooks.example/…"
        );
        let w = WebhookSpec {
            url: "https://hooks.example/secret-token".into(),
            timeout_secs: 1,
            retries: 0,
            hmac_secret_file: None,
            on: vec![Level::Failure],
        };
        assert!(!format!("{w:?}").contains("secret-token"));
    }

    #[test]
    fn secret_trims_one_newline() {
        assert_eq!(trim_newline(b"k\n"), b"k");
        assert_eq!(trim_newline(b"k\r\n"), b"k");
        assert_eq!(trim_newline(b"k\n\n"), b"k\n");
        assert_eq!(trim_newline(b"k"), b"k");
    }

    #[test]
    fn event_json_has_the_documented_fields() {
        let e = Event::new(
            Level::Warning,
            "check",
            "one warning",
            0,
            serde_json::json!([]),
        );
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "schema",
            "level",
            "job",
            "summary",
            "exit_code",
            "host",
            "time",
            "coffer_version",
            "findings",
        ] {
            assert!(keys.contains(&k), "{k} missing from {v}");
        }
        assert_eq!(v["schema"], SCHEMA);
        assert_eq!(v["level"], "warning");
        assert!(
            v["time"]
                .as_str()
                .unwrap()
                .parse::<jiff::Timestamp>()
                .is_ok()
        );
    }

    #[test]
    fn validation_names_the_key() {
        let mut c = NotifyConfig {
            on_failure: Some(CommandSpec {
                argv: vec![],
                timeout_secs: 30,
            }),
            ..Default::default()
        };
        assert!(
            c.validate()
                .unwrap_err()
                .contains("[notify.on_failure] argv")
        );
        c.on_failure = None;
        c.webhook = Some(WebhookSpec {
            url: "ftp://x/secret".into(),
            timeout_secs: 10,
            retries: 3,
            hmac_secret_file: None,
            on: default_webhook_levels(),
        });
        let e = c.validate().unwrap_err();
        assert!(
            e.contains("[notify.webhook] url") && !e.contains("secret"),
            "{e}"
        );
    }
}
