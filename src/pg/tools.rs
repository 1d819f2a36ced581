//! Finding the PostgreSQL programs, and running them as a child process whose
//! stderr tail is kept for the error message.

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;

use super::Error;

/// How many bytes of a tool's stderr are kept for the error message.
pub(crate) const STDERR_TAIL_BYTES: usize = 4096;

/// The directory holding the PostgreSQL programs, in this order:
/// `COFFER_PG_BIN`, `pg_config --bindir`, the highest
/// `/usr/lib/postgresql/<N>/bin` (Debian's layout), or `None` for `PATH`.
///
/// Debian's `/usr/bin/pg_dump` is a wrapper that picks a version by guessing
/// the cluster; going to the versioned directory avoids its surprises.
pub fn bin_dir() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(find_bin_dir).clone()
}

fn find_bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("COFFER_PG_BIN").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let mut pg_config = Command::new("pg_config");
    pg_config.arg("--bindir").env_remove("PGPASSWORD");
    remove_foreign_secrets(&mut pg_config);
    if let Ok(out) = pg_config.output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("postgres").is_file() || dir.join("pg_dump").is_file() {
            return Some(dir);
        }
    }
    highest_debian_bin_dir(Path::new("/usr/lib/postgresql"))
}

fn highest_debian_bin_dir(root: &Path) -> Option<PathBuf> {
    let mut best: Option<(u32, PathBuf)> = None;
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let name = entry.file_name();
        let Some(version) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let bin = entry.path().join("bin");
        if bin.is_dir() && best.as_ref().is_none_or(|(v, _)| version > *v) {
            best = Some((version, bin));
        }
    }
    best.map(|(_, dir)| dir)
}

/// The path of a PostgreSQL program (`pg_dump`, `initdb`, ...): inside
/// [`bin_dir`] when it is there, else the bare name for a `PATH` lookup.
pub fn tool_path(tool: &str) -> PathBuf {
    if let Some(dir) = bin_dir() {
        let path = dir.join(tool);
        if path.is_file() {
            return path;
        }
    }
    PathBuf::from(tool)
}

/// A `Command` for a PostgreSQL program, with the libpq variables that could
/// send it somewhere other than where the caller says removed, and no
/// secret it does not need: `PGPASSWORD` only if
/// [`super::ConnTarget::apply_env`] sets it again (a `--version` or `-l`
/// needs none), and no `AWS_*` variable (the S3 stores' credentials).
pub(crate) fn tool_command(tool: &str) -> Command {
    let mut cmd = Command::new(tool_path(tool));
    cmd.env_remove("PGPASSWORD");
    remove_foreign_secrets(&mut cmd);
    for var in [
        "PGHOSTADDR",
        "PGSERVICE",
        "PGSERVICEFILE",
        "PGOPTIONS",
        "PGTARGETSESSIONATTRS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Removes from a child's environment the variables of coffer's that hold
/// credentials for someone other than PostgreSQL: every `AWS_*` (access
/// keys, session tokens, profiles). Non-negotiable 7: a secret reaches only
/// the process that needs it (`/proc/PID/environ` of a child is readable by
/// the same user for as long as it runs).
pub(crate) fn remove_foreign_secrets(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(|n| n.starts_with("AWS_")) {
            cmd.env_remove(name);
        }
    }
}

/// Spawns `cmd`, mapping "not found" to [`Error::ToolMissing`].
pub(crate) fn spawn(tool: &'static str, cmd: &mut Command) -> Result<Child, Error> {
    let child = cmd.spawn().map_err(|e| spawn_error(tool, e))?;
    // A SIGINT/SIGTERM during `coffer run` stops it (src/interrupt.rs).
    crate::interrupt::register_child(child.id());
    Ok(child)
}

pub(crate) fn spawn_error(tool: &'static str, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::ToolMissing { tool }
    } else {
        Error::Io {
            context: format!("cannot start {tool}"),
            source: e,
        }
    }
}

/// The version in `pg_dump --version` style output:
/// "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "15.18".
pub fn parse_tool_version(output: &str) -> Option<String> {
    let rest = output.split(')').nth(1)?;
    rest.split_whitespace().next().map(str::to_owned)
}

/// The version of a PostgreSQL program, from `TOOL --version`.
pub fn tool_version(tool: &'static str) -> Result<String, Error> {
    let out = tool_command(tool)
        .arg("--version")
        .output()
        .map_err(|e| spawn_error(tool, e))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(Error::ToolFailed {
            tool,
            code: out.status.code(),
            signal: None,
            stderr_tail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    parse_tool_version(&text).ok_or_else(|| Error::ToolFailed {
        tool,
        code: Some(0),
        signal: None,
        stderr_tail: format!("unexpected --version output: {}", text.trim()),
    })
}

/// `pg_dump --version` -> "15.18".
pub fn pg_dump_version() -> Result<String, Error> {
    tool_version("pg_dump")
}

/// Reads a child's stderr to its end in a thread, keeping the last
/// [`STDERR_TAIL_BYTES`]. Reading it all matters: a tool blocked on a full
/// stderr pipe would never exit.
pub(crate) struct StderrTail {
    handle: Option<JoinHandle<String>>,
}

impl StderrTail {
    pub(crate) fn capture(child: &mut Child) -> StderrTail {
        let handle = child.stderr.take().map(|mut stderr| {
            std::thread::spawn(move || {
                let mut tail: VecDeque<u8> = VecDeque::with_capacity(STDERR_TAIL_BYTES);
                let mut buf = [0u8; 4096];
                loop {
                    match stderr.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            tail.extend(&buf[..n]);
                            let excess = tail.len().saturating_sub(STDERR_TAIL_BYTES);
                            tail.drain(..excess);
                        }
                    }
                }
                let bytes: Vec<u8> = tail.into_iter().collect();
                String::from_utf8_lossy(&bytes).trim().to_owned()
            })
        });
        StderrTail { handle }
    }

    /// The captured tail; waits for the reader thread (which ends when the
    /// child and any inheritor of its stderr have exited).
    pub(crate) fn join(mut self) -> String {
        self.handle
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

/// Runs `cmd` to its end, stdin and stdout closed, stderr captured: the
/// exit status and the tail of stderr (for [`check_status`]'s error line).
pub(crate) fn run_to_end(
    tool: &'static str,
    cmd: &mut Command,
) -> Result<(ExitStatus, String), Error> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = spawn(tool, cmd)?;
    let stderr = StderrTail::capture(&mut child);
    let status = child.wait().map_err(|e| Error::Io {
        context: format!("cannot wait for {tool}"),
        source: e,
    })?;
    Ok((status, stderr.join()))
}

/// Turns a finished tool's status into `Ok` or [`Error::ToolFailed`].
pub(crate) fn check_status(
    tool: &'static str,
    status: ExitStatus,
    stderr_tail: String,
) -> Result<(), Error> {
    use std::os::unix::process::ExitStatusExt;
    if status.success() {
        return Ok(());
    }
    Err(Error::ToolFailed {
        tool,
        code: status.code(),
        signal: status.signal(),
        stderr_tail,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!(
            parse_tool_version("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n").as_deref(),
            Some("15.18")
        );
        assert_eq!(
            parse_tool_version("pg_dump (PostgreSQL) 17.2\n").as_deref(),
            Some("17.2")
        );
        assert_eq!(parse_tool_version("garbage"), None);
    }
}
