//! A throwaway PostgreSQL cluster: `initdb` into a temp dir, a server on a
//! free loopback port and a private socket dir, stopped and removed on drop.
//!
//! Used by `coffer demo` and by the tests. As root, the server programs run
//! as the `postgres` user (initdb and postgres refuse to run as root).

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::Error;
use super::tools::tool_path;

/// How long `pg_ctl` may wait for the server to accept connections.
const START_TIMEOUT_SECS: u32 = 30;
/// Attempts at a start: a port picked free may be taken before the server binds.
const START_ATTEMPTS: usize = 3;

/// A running throwaway cluster. Drop (or [`TempCluster::stop`]) stops it and
/// removes its directory.
#[derive(Debug)]
pub struct TempCluster {
    root: Option<tempfile::TempDir>,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    port: u16,
    run_as: Option<(u32, u32)>,
    running: bool,
}

impl TempCluster {
    /// initdb + start. Takes a second or two.
    pub fn start() -> Result<TempCluster, Error> {
        let run_as = server_user()?;
        let root = tempfile::Builder::new()
            .prefix("coffer-pg-")
            .tempdir()
            .map_err(|e| io_err("cannot create a temp dir for the cluster", e))?;
        let data_dir = root.path().join("data");
        let socket_dir = root.path().join("sock");
        std::fs::create_dir(&socket_dir).map_err(|e| io_err("cannot create the socket dir", e))?;
        if let Some((uid, gid)) = run_as {
            for dir in [root.path(), socket_dir.as_path()] {
                std::os::unix::fs::chown(dir, Some(uid), Some(gid))
                    .map_err(|e| io_err("cannot hand the cluster dir to the postgres user", e))?;
            }
        }

        let mut cluster = TempCluster {
            root: Some(root),
            data_dir,
            socket_dir,
            port: 0,
            run_as,
            running: false,
        };
        cluster.initdb()?;
        let mut last_err = None;
        for _ in 0..START_ATTEMPTS {
            match cluster.start_server() {
                Ok(()) => {
                    cluster.running = true;
                    return Ok(cluster);
                }
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| Error::Cluster("the server did not start".into())))
    }

    /// [`TempCluster::start`] plus a watchdog process that stops the server
    /// and removes its directory once this process is gone. For clusters
    /// held in a `static`, which is never dropped.
    pub fn start_with_watchdog() -> Result<TempCluster, Error> {
        let cluster = TempCluster::start()?;
        cluster.spawn_watchdog()?;
        Ok(cluster)
    }

    /// Spawns a detached `sh` that polls this process (every 0.5 s) and, when
    /// it is gone, stops the server and removes the directory. It ends by
    /// itself as soon as the server is stopped, whoever stopped it.
    pub fn spawn_watchdog(&self) -> Result<(), Error> {
        // `/proc/PID` rather than `kill -0`: the watchdog runs as the postgres
        // user, which may not signal a root parent.
        const SCRIPT: &str = r#"
while [ -d "/proc/$1" ]; do
  [ -f "$3/postmaster.pid" ] || exit 0
  sleep 0.5
done
"$2" -D "$3" -m immediate -w stop >/dev/null 2>&1
rm -rf "$4"
"#;
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(SCRIPT)
            .arg("coffer-pg-watchdog")
            .arg(std::process::id().to_string())
            .arg(tool_path("pg_ctl"))
            .arg(&self.data_dir)
            .arg(self.root_path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C to the tests must not kill it.
            .process_group(0);
        self.as_server_user(&mut cmd);
        cmd.spawn()
            .map_err(|e| io_err("cannot start the cluster watchdog", e))?;
        Ok(())
    }

    /// The TCP port, on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Always "127.0.0.1".
    pub fn host(&self) -> &'static str {
        "127.0.0.1"
    }

    /// The private unix socket directory (usable as a libpq host).
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// `postgresql://postgres@127.0.0.1:PORT/DB` (no password: trust auth).
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgresql://postgres@127.0.0.1:{}/{}",
            self.port,
            super::conn::percent_encode(db)
        )
    }

    /// The server log so far (for diagnostics).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// `pg_ctl restart -m MODE` (`fast`: every session is cut, the server
    /// comes back on the same port and socket dir). For tests of a server
    /// going away mid-dump.
    pub fn restart(&self, mode: &str) -> Result<(), Error> {
        let log = self.log_path().display().to_string();
        let timeout = START_TIMEOUT_SECS.to_string();
        self.pg_ctl(&["-l", &log, "-m", mode, "-w", "-t", &timeout, "restart"])
            .map_err(|stderr| Error::Cluster(format!("pg_ctl restart failed: {stderr}")))
    }

    /// Stops the server and removes the directory.
    pub fn stop(mut self) -> Result<(), Error> {
        let result = self.shutdown();
        if let Some(root) = self.root.take() {
            root.close()
                .map_err(|e| io_err("cannot remove the cluster directory", e))?;
        }
        result
    }

    fn shutdown(&mut self) -> Result<(), Error> {
        if !self.running {
            return Ok(());
        }
        self.running = false;
        self.pg_ctl(&["-m", "immediate", "-w", "stop"])
            .map_err(|stderr| Error::Cluster(format!("pg_ctl stop failed: {stderr}")))
    }

    /// `pg_ctl -D DATA ARGS` as the server's user: `Err(stderr)` on failure.
    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let mut cmd = Command::new(tool_path("pg_ctl"));
        cmd.arg("-D")
            .arg(&self.data_dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        self.as_server_user(&mut cmd);
        match cmd.output() {
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
            Err(e) => Err(super::tools::spawn_error("pg_ctl", e).to_string()),
        }
    }

    fn root_path(&self) -> &Path {
        self.data_dir.parent().unwrap_or(&self.data_dir)
    }

    fn log_path(&self) -> PathBuf {
        self.root_path().join("server.log")
    }

    fn as_server_user(&self, cmd: &mut Command) {
        cmd.current_dir(self.root_path());
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid);
            cmd.env("HOME", self.root_path()).env("USER", "postgres");
        }
        for var in [
            "PGDATA",
            "PGHOST",
            "PGPORT",
            "PGUSER",
            "PGDATABASE",
            "PGOPTIONS",
            "PGPASSWORD",
        ] {
            cmd.env_remove(var);
        }
        super::tools::remove_foreign_secrets(cmd);
    }

    fn initdb(&self) -> Result<(), Error> {
        let mut cmd = Command::new(tool_path("initdb"));
        cmd.arg("-D")
            .arg(&self.data_dir)
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .stdin(Stdio::null());
        self.as_server_user(&mut cmd);
        let out = cmd
            .output()
            .map_err(|e| super::tools::spawn_error("initdb", e))?;
        if !out.status.success() {
            return Err(Error::Cluster(format!(
                "initdb failed ({}): {}",
                out.status,
                tail_lines(&String::from_utf8_lossy(&out.stderr), 5)
            )));
        }
        Ok(())
    }

    fn start_server(&mut self) -> Result<(), Error> {
        self.port = free_port()?;
        // postgresql.conf takes the last setting of a name, so appending on a
        // retry simply overrides the port.
        let mut conf = String::new();
        let _ = write!(
            conf,
            "\n# coffer TempCluster\n\
             listen_addresses = '127.0.0.1'\n\
             port = {port}\n\
             unix_socket_directories = '{sock}'\n\
             max_connections = 100\n\
             shared_buffers = 32MB\n\
             max_locks_per_transaction = 256\n\
             fsync = off\n\
             full_page_writes = off\n\
             synchronous_commit = off\n\
             log_min_messages = warning\n\
             logging_collector = off\n",
            port = self.port,
            sock = self.socket_dir.display().to_string().replace('\'', "''"),
        );
        std::fs::OpenOptions::new()
            .append(true)
            .open(self.data_dir.join("postgresql.conf"))
            .and_then(|mut f| f.write_all(conf.as_bytes()))
            .map_err(|e| io_err("cannot write postgresql.conf", e))?;

        let log = self.log_path().display().to_string();
        let timeout = START_TIMEOUT_SECS.to_string();
        let Err(stderr) = self.pg_ctl(&["-l", &log, "-w", "-t", &timeout, "start"]) else {
            return Ok(());
        };
        // A failed `-w` start may leave a server half up: make sure it is down.
        self.running = true;
        let _ = self.shutdown();
        Err(Error::Cluster(format!(
            "the server did not start within {START_TIMEOUT_SECS} s on port {}: {stderr} | server log: {}",
            self.port,
            tail_lines(&self.log(), 5)
        )))
    }
}

impl Drop for TempCluster {
    fn drop(&mut self) {
        let _ = self.shutdown();
        // `root` (a TempDir) removes the directory when dropped after this.
    }
}

/// The last `n` non-empty lines of `text`, joined by " | ".
fn tail_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

/// A TCP port on 127.0.0.1 that nothing listens on now.
pub fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| io_err("cannot find a free port on 127.0.0.1", e))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| io_err("cannot find a free port on 127.0.0.1", e))
}

fn io_err(context: &str, source: std::io::Error) -> Error {
    Error::Io {
        context: context.to_owned(),
        source,
    }
}

/// `Some((uid, gid))` of the `postgres` user when running as root (the
/// server programs refuse root), `None` otherwise.
pub fn server_user() -> Result<Option<(u32, u32)>, Error> {
    if super::conn::effective_uid() != Some(0) {
        return Ok(None);
    }
    let passwd =
        std::fs::read_to_string("/etc/passwd").map_err(|e| io_err("cannot read /etc/passwd", e))?;
    passwd_entry(&passwd, "postgres")
        .map(|(uid, gid, _)| Some((uid, gid)))
        .ok_or_else(|| {
            Error::Cluster(
                "running as root and there is no `postgres` user to run the server as; \
                 create one (useradd --system postgres) or run as a normal user"
                    .into(),
            )
        })
}

/// (uid, gid, home) of `user` in /etc/passwd-formatted text.
pub(crate) fn passwd_entry(passwd: &str, user: &str) -> Option<(u32, u32, String)> {
    passwd.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() >= 6 && f[0] == user {
            Some((f[2].parse().ok()?, f[3].parse().ok()?, f[5].to_owned()))
        } else {
            None
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passwd_parses() {
        let text = "root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\n";
        assert_eq!(
            passwd_entry(text, "postgres"),
            Some((101, 104, "/var/lib/postgresql".into()))
        );
        assert_eq!(passwd_entry(text, "nobody"), None);
    }

    #[test]
    fn tail_lines_keeps_last() {
        assert_eq!(tail_lines("a\n\nb\nc\n", 2), "b | c");
        assert_eq!(tail_lines("", 2), "");
    }
}
