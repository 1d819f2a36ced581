//! Where to connect, the libpq way: a `postgresql://` URI or a `key=value`
//! conninfo string, with the `PG*` environment variables and libpq's
//! defaults filling the gaps, and passwords only from `PGPASSWORD` or the
//! password file (`PGPASSFILE`, `~/.pgpass`).
//!
//! A password written into the URL is refused: the URL lands on command
//! lines and in the config file, where a secret must never be.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use zeroize::Zeroizing;

use super::{Error, pg_message};

/// libpq's default socket directory on Debian and most Linux packages.
pub const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";
/// libpq's default port.
pub const DEFAULT_PORT: u16 = 5432;
/// Connect timeout when none is given (libpq waits forever; a backup should not).
const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 30;

/// A resolved connection target. Cheap to clone; `Debug` never shows the
/// password.
#[derive(Clone)]
pub struct ConnTarget {
    /// Host name, IP address, or (starting with `/`) a socket directory.
    host: String,
    port: u16,
    user: String,
    dbname: String,
    connect_timeout: Option<u64>,
    application_name: Option<String>,
    sslmode: Option<String>,
    /// `PGPASSWORD` as it was when the target was made.
    env_password: Option<Zeroizing<String>>,
    /// The password file to consult when there is no `PGPASSWORD`.
    passfile: Option<PathBuf>,
}

impl fmt::Debug for ConnTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnTarget")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("dbname", &self.dbname)
            .field(
                "password",
                &self.env_password.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ConnTarget {
    /// `user@host:port/db`: safe for logs (never a password).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}@{}:{}/{}",
            self.user, self.host, self.port, self.dbname
        )
    }
}

/// The settings a connection string may give.
#[derive(Default)]
struct Params {
    host: Option<String>,
    port: Option<String>,
    user: Option<String>,
    dbname: Option<String>,
    connect_timeout: Option<String>,
    application_name: Option<String>,
    sslmode: Option<String>,
}

impl Params {
    fn set(&mut self, key: &str, value: String, from_url: bool) -> Result<(), Error> {
        let slot = match key {
            "host" => &mut self.host,
            "port" => &mut self.port,
            "user" => &mut self.user,
            "dbname" => &mut self.dbname,
            "connect_timeout" => &mut self.connect_timeout,
            "application_name" => &mut self.application_name,
            "sslmode" => &mut self.sslmode,
            "password" => {
                return if value.is_empty() {
                    Ok(())
                } else {
                    Err(Error::PasswordInUrl)
                };
            }
            "passfile" => {
                return Err(Error::InvalidTarget(
                    "use the PGPASSFILE environment variable instead of passfile=".into(),
                ));
            }
            other => {
                let what = if from_url {
                    "URI query parameter"
                } else {
                    "connection option"
                };
                return Err(Error::InvalidTarget(format!(
                    "unsupported {what} \"{other}\" (supported: host, port, user, dbname, connect_timeout, application_name, sslmode)"
                )));
            }
        };
        *slot = Some(value);
        Ok(())
    }
}

impl ConnTarget {
    /// Resolves a target from an optional connection string (URI, conninfo,
    /// or a bare database name) and the environment.
    pub fn new(conn: Option<&str>) -> Result<ConnTarget, Error> {
        let params = match conn.map(str::trim).filter(|s| !s.is_empty()) {
            None => Params::default(),
            Some(s) if s.starts_with("postgresql://") || s.starts_with("postgres://") => {
                parse_uri(s)?
            }
            Some(s) if s.contains('=') => parse_conninfo(s)?,
            Some(s) => Params {
                dbname: Some(s.to_owned()),
                ..Params::default()
            },
        };
        Self::resolve(params, &|name| std::env::var(name).ok())
    }

    fn resolve(params: Params, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnTarget, Error> {
        let pick = |given: Option<String>, var: &str| -> Option<String> {
            given
                .filter(|v| !v.is_empty())
                .or_else(|| env(var).filter(|v| !v.is_empty()))
        };
        let host = pick(params.host, "PGHOST").unwrap_or_else(|| DEFAULT_SOCKET_DIR.to_owned());
        if host.contains(',') {
            return Err(Error::InvalidTarget(format!(
                "several hosts ({host}) are not supported; name one"
            )));
        }
        let port = match pick(params.port, "PGPORT") {
            None => DEFAULT_PORT,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| Error::InvalidTarget(format!("invalid port \"{p}\"")))?,
        };
        let user = match pick(params.user, "PGUSER") {
            Some(u) => u,
            None => os_user().ok_or_else(|| {
                Error::InvalidTarget(
                    "no user given and the OS user name is unknown; set PGUSER".into(),
                )
            })?,
        };
        let dbname = pick(params.dbname, "PGDATABASE").unwrap_or_else(|| user.clone());
        let connect_timeout =
            match pick(params.connect_timeout, "PGCONNECT_TIMEOUT") {
                None => None,
                Some(t) => Some(t.parse::<u64>().map_err(|_| {
                    Error::InvalidTarget(format!("invalid connect_timeout \"{t}\""))
                })?),
            };
        let application_name = pick(params.application_name, "PGAPPNAME");
        let sslmode = pick(params.sslmode, "PGSSLMODE");
        if let Some(mode) = &sslmode
            && !matches!(
                mode.as_str(),
                "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full"
            )
        {
            return Err(Error::InvalidTarget(format!("invalid sslmode \"{mode}\"")));
        }
        let env_password = env("PGPASSWORD")
            .filter(|p| !p.is_empty())
            .map(Zeroizing::new);
        let passfile = env("PGPASSFILE")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| home_dir(env).map(|h| h.join(".pgpass")));
        Ok(ConnTarget {
            host,
            port,
            user,
            dbname,
            connect_timeout,
            application_name,
            sslmode,
            env_password,
            passfile,
        })
    }

    /// The same server and credentials, another database.
    pub fn with_database(&self, db: &str) -> ConnTarget {
        ConnTarget {
            dbname: db.to_owned(),
            ..self.clone()
        }
    }

    /// The same target, consulting `passfile` (instead of `PGPASSFILE` /
    /// `~/.pgpass`) when `PGPASSWORD` is not set.
    pub fn with_passfile(&self, passfile: impl Into<PathBuf>) -> ConnTarget {
        ConnTarget {
            passfile: Some(passfile.into()),
            ..self.clone()
        }
    }

    /// The database name.
    pub fn database(&self) -> String {
        self.dbname.clone()
    }

    /// Host name, IP address or socket directory.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    /// A `postgresql://` URI for this target, without any password (a socket
    /// directory host is percent-encoded, which libpq understands).
    pub fn to_url(&self) -> String {
        let mut url = format!(
            "postgresql://{}@{}:{}/{}",
            percent_encode(&self.user),
            if self.host.contains(':') && !self.host.starts_with('/') {
                format!("[{}]", self.host)
            } else {
                percent_encode(&self.host)
            },
            self.port,
            percent_encode(&self.dbname)
        );
        let mut sep = '?';
        for (key, value) in [
            ("sslmode", &self.sslmode),
            ("application_name", &self.application_name),
        ] {
            if let Some(v) = value {
                url.push(sep);
                url.push_str(key);
                url.push('=');
                url.push_str(&percent_encode(v));
                sep = '&';
            }
        }
        if let Some(t) = self.connect_timeout {
            url.push(sep);
            url.push_str(&format!("connect_timeout={t}"));
        }
        url
    }

    /// The password libpq would use: `PGPASSWORD`, else the matching line of
    /// the password file.
    fn password(&self) -> Option<Zeroizing<String>> {
        if let Some(p) = &self.env_password {
            return Some(p.clone());
        }
        let file = self.passfile.as_deref()?;
        pgpass_lookup(file, &self.host, self.port, &self.dbname, &self.user)
    }

    /// Connects (without TLS; a socket directory host connects over the
    /// unix socket).
    pub fn connect(&self) -> Result<postgres::Client, Error> {
        let mut cfg = postgres::Config::new();
        cfg.host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name(self.application_name.as_deref().unwrap_or("coffer"))
            .connect_timeout(Duration::from_secs(
                self.connect_timeout
                    .filter(|t| *t > 0)
                    .unwrap_or(DEFAULT_CONNECT_TIMEOUT_SECS),
            ));
        match self.sslmode.as_deref() {
            Some("require" | "verify-ca" | "verify-full") => {
                return Err(Error::Connect {
                    target: self.to_string(),
                    message: "TLS (sslmode=require or stricter) is not supported by coffer's client yet; use a unix socket or a trusted network".into(),
                    source: None,
                });
            }
            Some("disable") => {
                cfg.ssl_mode(postgres::config::SslMode::Disable);
            }
            _ => {}
        }
        let password = self.password();
        if let Some(p) = &password {
            cfg.password(p.as_bytes());
        }
        cfg.connect(postgres::NoTls).map_err(|e| {
            let mut message = pg_message(&e);
            if password.is_none() && message.contains("password missing") {
                message = "the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass (PGPASSFILE)".into();
            }
            Error::Connect {
                target: self.to_string(),
                message,
                source: Some(e),
            }
        })
    }

    /// Sets the libpq environment of a child tool (`pg_dump`, `pg_restore`,
    /// `psql`) so that it connects here, with nothing secret on its argv.
    pub fn apply_env(&self, cmd: &mut Command) {
        cmd.env("PGHOST", &self.host)
            .env("PGPORT", self.port.to_string())
            .env("PGUSER", &self.user)
            .env("PGDATABASE", &self.dbname);
        match self.password() {
            Some(p) => {
                cmd.env("PGPASSWORD", p.as_str());
            }
            None => {
                cmd.env_remove("PGPASSWORD");
            }
        }
        for (var, value) in [
            ("PGSSLMODE", self.sslmode.clone()),
            ("PGAPPNAME", self.application_name.clone()),
            (
                "PGCONNECT_TIMEOUT",
                self.connect_timeout.map(|t| t.to_string()),
            ),
        ] {
            match value {
                Some(v) => cmd.env(var, v),
                None => cmd.env_remove(var),
            };
        }
        for var in ["PGHOSTADDR", "PGSERVICE", "PGSERVICEFILE"] {
            cmd.env_remove(var);
        }
    }
}

fn parse_uri(uri: &str) -> Result<Params, Error> {
    let rest = uri
        .strip_prefix("postgresql://")
        .or_else(|| uri.strip_prefix("postgres://"))
        .ok_or_else(|| Error::InvalidTarget("not a postgresql:// URI".into()))?;
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (rest, None),
    };
    let mut params = Params::default();
    let hostport = match authority.rsplit_once('@') {
        Some((userinfo, hostport)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((u, p)) => (u, Some(p)),
                None => (userinfo, None),
            };
            if password.is_some_and(|p| !p.is_empty()) {
                return Err(Error::PasswordInUrl);
            }
            if !user.is_empty() {
                params.user = Some(percent_decode(user)?);
            }
            hostport
        }
        None => authority,
    };
    if hostport.contains(',') {
        return Err(Error::InvalidTarget(
            "several hosts are not supported; name one".into(),
        ));
    }
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6
            .split_once(']')
            .ok_or_else(|| Error::InvalidTarget("unterminated [IPv6] host".into()))?;
        let port =
            match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| {
                    Error::InvalidTarget(format!("unexpected \"{p}\" after host"))
                })?),
            };
        (h.to_owned(), port)
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (percent_decode(h)?, Some(p)),
            None => (percent_decode(hostport)?, None),
        }
    };
    if !host.is_empty() {
        params.host = Some(host);
    }
    if let Some(p) = port.filter(|p| !p.is_empty()) {
        params.port = Some(p.to_owned());
    }
    if let Some(db) = path.filter(|p| !p.is_empty()) {
        params.dbname = Some(percent_decode(db)?);
    }
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').ok_or_else(|| {
            Error::InvalidTarget(format!("URI parameter \"{pair}\" has no value"))
        })?;
        params.set(&percent_decode(k)?, percent_decode(v)?, true)?;
    }
    Ok(params)
}

/// libpq's `key=value key2='quoted \' value'` syntax.
fn parse_conninfo(s: &str) -> Result<Params, Error> {
    let mut params = Params::default();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(Error::InvalidTarget(format!(
                "missing \"=\" after \"{key}\" in connection info string"
            )));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => {
                        return Err(Error::InvalidTarget(
                            "unterminated quoted string in connection info string".into(),
                        ));
                    }
                    Some('\'') => break,
                    Some('\\') => {
                        if let Some(c) = chars.next() {
                            value.push(c);
                        }
                    }
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    if let Some(n) = chars.next() {
                        value.push(n);
                    }
                } else {
                    value.push(c);
                }
            }
        }
        params.set(&key, value, false)?;
    }
    Ok(params)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> Result<String, Error> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    Error::InvalidTarget(format!("invalid percent-encoding in \"{s}\""))
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::InvalidTarget(format!("percent-encoding in \"{s}\" is not UTF-8")))
}

/// The password for (host, port, db, user) in a libpq password file:
/// lines `hostname:port:database:username:password`, `*` matching anything,
/// `\:` and `\\` escaping. As libpq does, a file readable by group or others
/// is ignored, and a socket connection to the default socket directory
/// matches `localhost`.
pub fn pgpass_lookup(
    file: &Path,
    host: &str,
    port: u16,
    db: &str,
    user: &str,
) -> Option<Zeroizing<String>> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = Zeroizing::new(std::fs::read_to_string(file).ok()?);
    let host = if host.is_empty() || host == DEFAULT_SOCKET_DIR {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    let wanted = [host, port.as_str(), db, user];
    text.lines().find_map(|line| {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let fields = split_pgpass_line(line)?;
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field.as_str() == "*" || field.as_str() == want);
        matches.then(|| Zeroizing::new(fields[4].to_string()))
    })
}

/// Splits a password-file line into its five unescaped fields.
fn split_pgpass_line(line: &str) -> Option<Vec<Zeroizing<String>>> {
    let mut fields = Vec::with_capacity(5);
    let mut current = Zeroizing::new(String::new());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    current.push(n);
                }
            }
            ':' if fields.len() < 4 => {
                fields.push(std::mem::replace(
                    &mut current,
                    Zeroizing::new(String::new()),
                ));
            }
            c => current.push(c),
        }
    }
    fields.push(current);
    (fields.len() == 5).then_some(fields)
}

/// This process's effective uid, from the owner of `/proc/self` (falls back
/// to `id -u`).
pub fn effective_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = std::fs::metadata("/proc/self") {
        return Some(meta.uid());
    }
    let mut id = Command::new("id");
    id.arg("-u").env_remove("PGPASSWORD");
    super::tools::remove_foreign_secrets(&mut id);
    let out = id.output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The OS user name (libpq's default user): from /etc/passwd by uid, else
/// `$USER` / `$LOGNAME`.
fn os_user() -> Option<String> {
    if let (Some(uid), Ok(passwd)) = (effective_uid(), std::fs::read_to_string("/etc/passwd")) {
        let found = passwd.lines().find_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            (f.len() >= 3 && f[2].parse::<u32>().ok() == Some(uid)).then(|| f[0].to_owned())
        });
        if found.is_some() {
            return found;
        }
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
}

fn home_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn resolve(conn: &str, env: &[(&str, &str)]) -> Result<ConnTarget, Error> {
        let params = if conn.starts_with("postgres") {
            parse_uri(conn)?
        } else {
            parse_conninfo(conn)?
        };
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ConnTarget::resolve(params, &move |name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn uri_parts() {
        let t = resolve(
            "postgresql://alice@db.example:6432/sales?sslmode=disable",
            &[],
        )
        .unwrap();
        assert_eq!(
            (t.host(), t.port(), t.user(), t.database().as_str()),
            ("db.example", 6432, "alice", "sales")
        );
        let t = resolve("postgres://%2Ftmp%2Fsock/My%20Db", &[("PGUSER", "bob")]).unwrap();
        assert_eq!(
            (t.host(), t.user(), t.database().as_str()),
            ("/tmp/sock", "bob", "My Db")
        );
        let t = resolve("postgresql://[::1]:7000/x", &[("PGUSER", "u")]).unwrap();
        assert_eq!((t.host(), t.port()), ("::1", 7000));
        let t = resolve("postgresql:///x?host=/run/pg&port=5433", &[("PGUSER", "u")]).unwrap();
        assert_eq!((t.host(), t.port()), ("/run/pg", 5433));
    }

    #[test]
    fn env_and_defaults_fill_gaps() {
        let t = resolve(
            "postgresql:///",
            &[("PGHOST", "h"), ("PGPORT", "5999"), ("PGUSER", "carol")],
        )
        .unwrap();
        assert_eq!(
            (t.host(), t.port(), t.user(), t.database().as_str()),
            ("h", 5999, "carol", "carol")
        );
        let t = resolve("dbname=z", &[("PGUSER", "u")]).unwrap();
        assert_eq!((t.host(), t.port()), (DEFAULT_SOCKET_DIR, DEFAULT_PORT));
    }

    #[test]
    fn password_in_url_refused() {
        for url in [
            "postgresql://u:secret@h/db",
            "postgresql://h/db?password=secret",
            "host=h password=secret",
        ] {
            assert!(
                matches!(resolve(url, &[]), Err(Error::PasswordInUrl)),
                "{url}"
            );
        }
        // An empty password is no secret.
        assert!(resolve("postgresql://u:@h/db", &[]).is_ok());
    }

    #[test]
    fn conninfo_quoting() {
        let t = resolve(r"host = /tmp dbname='it\'s here' user=u\ v port=1", &[]).unwrap();
        assert_eq!(
            (t.host(), t.database().as_str(), t.user(), t.port()),
            ("/tmp", "it's here", "u v", 1)
        );
        assert!(matches!(resolve("host", &[]), Err(Error::InvalidTarget(_))));
        assert!(matches!(
            resolve("bogus=1", &[]),
            Err(Error::InvalidTarget(_))
        ));
        assert!(matches!(
            resolve("port=99999", &[]),
            Err(Error::InvalidTarget(_))
        ));
    }

    #[test]
    fn url_round_trips() {
        let t = resolve("postgresql://a%40b@%2Ftmp%2Fs:5433/Mixed%20Case", &[]).unwrap();
        let again = resolve(&t.to_url(), &[]).unwrap();
        assert_eq!(t.to_string(), again.to_string());
        assert!(!format!("{t:?}").contains("secret"));
    }

    #[test]
    fn pgpass_fields() {
        let f = split_pgpass_line(r"h\:x:5432:*:u:pa\:ss\\w:rd").unwrap();
        let f: Vec<&str> = f.iter().map(|s| s.as_str()).collect();
        assert_eq!(f, ["h:x", "5432", "*", "u", r"pa:ss\w:rd"]);
        assert!(split_pgpass_line("a:b:c").is_none());
    }
}
