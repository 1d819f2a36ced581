//! SIGINT and SIGTERM during a long job (`coffer run`): the step in progress
//! is stopped cleanly instead of the process dying mid-write.
//!
//! [`install`] makes both signals set a flag and kill the PostgreSQL tools
//! coffer started (pg_dump, pg_restore, psql), so a dump in progress ends at
//! once and its pipeline fails the normal way: the temporary archive is
//! removed and nothing is registered (DESIGN.md non-negotiable 5). Long
//! loops (uploads, the steps of a run) poll [`requested`] and stop with
//! [`Interrupted`]. Commands that do not install it keep the default
//! behaviour (the signal ends the process; their temp files are cleaned up
//! by the next writer, as after a kill -9).

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
static SIGNAL: AtomicI32 = AtomicI32::new(0);
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// The error a step returns when it stopped because of a signal.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("interrupted by {}", signal_name(*.0))]
pub struct Interrupted(pub i32);

fn signal_name(sig: i32) -> &'static str {
    match sig {
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// Catches SIGINT and SIGTERM from now on (idempotent). A second signal
/// while the first is being handled changes nothing: the cleanup is
/// already under way.
pub fn install() -> std::io::Result<()> {
    if FLAG.get().is_some() {
        return Ok(());
    }
    let flag = Arc::new(AtomicBool::new(false));
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ])?;
    let _ = FLAG.set(flag.clone());
    std::thread::Builder::new()
        .name("coffer-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                SIGNAL.store(sig, Ordering::SeqCst);
                flag.store(true, Ordering::SeqCst);
                kill_children();
            }
        })?;
    Ok(())
}

/// Whether a signal asked the job to stop.
pub fn requested() -> bool {
    FLAG.get().is_some_and(|f| f.load(Ordering::SeqCst))
}

/// `Err(Interrupted)` once a signal arrived: a step calls this between units
/// of work it can abandon cleanly.
pub fn check() -> Result<(), Interrupted> {
    if requested() {
        Err(Interrupted(SIGNAL.load(Ordering::SeqCst)))
    } else {
        Ok(())
    }
}

/// The signal that interrupted the job, if one did.
pub fn signal() -> Option<Interrupted> {
    check().err()
}

/// Remembers a child process to stop on a signal. Called where coffer
/// spawns the PostgreSQL tools (`pg::tools::spawn`).
pub fn register_child(pid: u32) {
    if let Ok(mut c) = CHILDREN.lock() {
        c.push(pid);
        // Bounded: a run spawns a handful of tools; keep the newest.
        if c.len() > 256 {
            c.drain(..128);
        }
    }
    // A signal that arrived while this child was being started.
    if requested() {
        kill_children();
    }
}

/// SIGTERM to every registered child that is still ours. A reaped child's
/// pid may have been reused: a process is only signalled while its parent is
/// this process (from /proc), so a stranger with a recycled pid is left alone.
fn kill_children() {
    let me = std::process::id();
    let pids: Vec<u32> = CHILDREN.lock().map(|c| c.clone()).unwrap_or_default();
    for pid in pids {
        if parent_of(pid) == Some(me)
            && let Some(p) = rustix::process::Pid::from_raw(pid as i32)
        {
            let _ = rustix::process::kill_process(p, rustix::process::Signal::TERM);
        }
    }
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parent_of_a_child_is_this_process() {
        let mut child = match std::process::Command::new("sleep").arg("5").spawn() {
            Ok(c) => c,
            Err(e) => panic!("cannot start sleep: {e}"),
        };
        assert_eq!(super::parent_of(child.id()), Some(std::process::id()));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(super::parent_of(u32::MAX), None);
    }
}
