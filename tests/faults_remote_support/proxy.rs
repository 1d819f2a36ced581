//! A fault-injecting HTTP/1.1 proxy on 127.0.0.1 in front of moto_server:
//! coffer's S3 store points its endpoint here, and each test case sets a
//! [`Fault`] for the requests a [`Target`] picks (the archive's upload,
//! or only its parts); every other request passes through unchanged.
//! Every request is logged (method, path with query, body bytes read, and
//! whether it was faulted), so a test counts the attempts coffer made.
//!
//! Plain HTTP only (moto on loopback). Each request is forwarded on a new
//! upstream connection with `Connection: close` and the whole answer read;
//! the client's connection is kept alive.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the proxy does to a targeted request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Forward it.
    Pass,
    /// Answer `500 InternalError` (without forwarding) to the next `n`
    /// targeted requests, or to all of them (`None`).
    Status500(Option<usize>),
    /// Forward it (the server acts on it), then hold the answer back this
    /// long: longer than the client's request timeout.
    Delay(Duration),
    /// Read this many bytes of the request body, then close the connection
    /// (the unread rest makes the kernel send a reset).
    ResetAfter(usize),
    /// Forward it and replace the answer's ETag header with a wrong one.
    WrongEtag,
}

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The archive's upload: a PUT of the archive object or of one of its
    /// multipart parts (not its seal, signature or hold record).
    ArchivePut,
    /// Only the PUTs of the archive's multipart parts (`?partNumber=`).
    ArchivePart,
}

impl Target {
    pub fn matches(self, method: &str, path: &str) -> bool {
        let (key, query) = path.split_once('?').unwrap_or((path, ""));
        let archive = key.ends_with(".tar.zst.age") || key.ends_with(".tar.zst.gpg");
        let part = query.split('&').any(|q| q.starts_with("partNumber="));
        method == "PUT"
            && archive
            && match self {
                Target::ArchivePut => true,
                Target::ArchivePart => part,
            }
    }
}

/// One request the proxy saw.
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub body_read: usize,
    pub faulted: bool,
}

impl Logged {
    /// The `partNumber` of a part upload.
    pub fn part_number(&self) -> Option<u32> {
        let (_, query) = self.path.split_once('?')?;
        query
            .split('&')
            .find_map(|q| q.strip_prefix("partNumber="))
            .and_then(|n| n.parse().ok())
    }
}

struct State {
    fault: Fault,
    target: Target,
    log: Vec<Logged>,
}

/// The proxy; stopped on drop.
pub struct Proxy {
    port: u16,
    upstream: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    accept: Option<std::thread::JoinHandle<()>>,
}

impl Proxy {
    /// Listens on a free port of 127.0.0.1, forwarding to
    /// `127.0.0.1:upstream`, in pass-through mode.
    pub fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let state = Arc::new(Mutex::new(State {
            fault: Fault::Pass,
            target: Target::ArchivePut,
            log: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let accept = {
            let (state, stop) = (Arc::clone(&state), Arc::clone(&stop));
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let state = Arc::clone(&state);
                    std::thread::spawn(move || serve(conn, upstream, &state));
                }
            })
        };
        Proxy {
            port,
            upstream,
            state,
            stop,
            accept: Some(accept),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sets the fault for the requests `target` picks, and clears the log.
    pub fn set(&self, target: Target, fault: Fault) {
        let mut s = self.state.lock().unwrap();
        s.target = target;
        s.fault = fault;
        s.log.clear();
    }

    /// Everything passes through again (the log is kept).
    pub fn pass(&self) {
        self.state.lock().unwrap().fault = Fault::Pass;
    }

    pub fn log(&self) -> Vec<Logged> {
        self.state.lock().unwrap().log.clone()
    }

    /// The logged requests `target` picks.
    pub fn attempts(&self, target: Target) -> Vec<Logged> {
        self.log()
            .into_iter()
            .filter(|l| target.matches(&l.method, &l.path))
            .collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

struct Request {
    method: String,
    path: String,
    /// The head as received, minus the request line.
    headers: Vec<(String, String)>,
    content_length: usize,
}

/// Serves one client connection, request after request.
fn serve(client: TcpStream, upstream: u16, state: &Mutex<State>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(write_half) = client.try_clone() else {
        return;
    };
    let mut out = write_half;
    let mut reader = BufReader::new(client);
    loop {
        let Some(req) = read_head(&mut reader) else {
            return;
        };
        let fault = {
            let mut s = state.lock().unwrap();
            let targeted = s.target.matches(&req.method, &req.path);
            let fault = if targeted {
                match &mut s.fault {
                    Fault::Status500(Some(0)) => Fault::Pass,
                    Fault::Status500(Some(n)) => {
                        *n -= 1;
                        Fault::Status500(Some(*n + 1))
                    }
                    f => f.clone(),
                }
            } else {
                Fault::Pass
            };
            s.log.push(Logged {
                method: req.method.clone(),
                path: req.path.clone(),
                body_read: 0,
                faulted: fault != Fault::Pass,
            });
            fault
        };
        let record_body = |n: usize| {
            if let Some(l) = state
                .lock()
                .unwrap()
                .log
                .iter_mut()
                .rev()
                .find(|l| l.method == req.method && l.path == req.path && l.body_read == 0)
            {
                l.body_read = n;
            }
        };
        if let Fault::ResetAfter(k) = fault {
            let mut buf = vec![0; k.min(req.content_length)];
            let n = reader.read_exact(&mut buf).map(|()| buf.len()).unwrap_or(0);
            record_body(n);
            let _ = out.shutdown(Shutdown::Both);
            return;
        }
        let mut body = vec![0; req.content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        record_body(body.len());
        let response = match fault {
            Fault::Status500(_) => {
                let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>";
                format!(
                    "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            }
            _ => match forward(&req, &body, upstream, fault == Fault::WrongEtag) {
                Some(r) => r,
                None => return,
            },
        };
        if let Fault::Delay(d) = fault {
            std::thread::sleep(d);
        }
        if out.write_all(&response).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    let mut content_length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        let (k, v) = (k.trim().to_owned(), v.trim().to_owned());
        if k.eq_ignore_ascii_case("content-length") {
            content_length = v.parse().ok()?;
        }
        if k.eq_ignore_ascii_case("transfer-encoding") {
            // coffer's client sends sized bodies; a chunked one is not
            // something this proxy forwards.
            return None;
        }
        headers.push((k, v));
    }
    Some(Request {
        method,
        path,
        headers,
        content_length,
    })
}

/// Sends the request to moto and returns the answer as the client gets it
/// (HTTP/1.1, sized, keep-alive), with a wrong ETag if asked.
fn forward(req: &Request, body: &[u8], upstream: u16, wrong_etag: bool) -> Option<Vec<u8>> {
    let mut up = TcpStream::connect(("127.0.0.1", upstream)).ok()?;
    up.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    let mut head = format!("{} {} HTTP/1.1\r\n", req.method, req.path);
    for (k, v) in &req.headers {
        if !k.eq_ignore_ascii_case("connection") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    up.write_all(head.as_bytes()).ok()?;
    up.write_all(body).ok()?;
    let mut raw = Vec::new();
    up.read_to_end(&mut raw).ok()?;

    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut rbody = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let reason = status_line.splitn(3, ' ').nth(2).unwrap_or("");
    let mut headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        rbody = dechunk(&rbody)?;
    }
    let head_request = req.method == "HEAD";
    let no_body = head_request || status == 204 || status == 304 || status < 200;
    headers.retain(|(k, _)| {
        !k.eq_ignore_ascii_case("connection")
            && !k.eq_ignore_ascii_case("transfer-encoding")
            && !k.eq_ignore_ascii_case("keep-alive")
            && (head_request || !k.eq_ignore_ascii_case("content-length"))
    });
    if wrong_etag {
        for (k, v) in &mut headers {
            if k.eq_ignore_ascii_case("etag") {
                *v = "\"00000000000000000000000000000000\"".into();
            }
        }
    }
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (k, v) in &headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if !no_body {
        out.push_str(&format!("Content-Length: {}\r\n", rbody.len()));
    }
    out.push_str("Connection: keep-alive\r\n\r\n");
    let mut bytes = out.into_bytes();
    if !head_request {
        bytes.extend_from_slice(&rbody);
    }
    Some(bytes)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
