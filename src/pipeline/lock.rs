//! One writer at a time (backup, prune, rebuild, holds): an advisory lock
//! on `coffer.lock` in the vault directory. Readers never take it.
//!
//! The lock is `flock(2)` through std's `File::try_lock`: the kernel drops
//! it when the holder dies, so a lock left by a killed process is free
//! again at once; the file's text only says who held it last.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    file: File,
    pub path: PathBuf,
    /// What the file said when we took the lock: the previous holder, whose
    /// process is gone (a stale lock taken over), if it did not release cleanly.
    pub previous: Option<String>,
}

/// Takes the vault's writer lock, waiting at most `wait`.
pub fn acquire(path: &Path, what: &str, wait: Duration) -> Result<WriterLock> {
    use std::os::unix::fs::OpenOptionsExt;
    // 0600 whatever the umask: the file names the holder (user, host, pid).
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::Store(format!("cannot open the lock file {}: {e}", path.display())))?;
    let started = Instant::now();
    let mut step = Duration::from_millis(50);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() >= wait {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    // The holder's note is empty when something other than
                    // coffer holds the lock (or a coffer that is just taking it).
                    let holder = match holder.trim() {
                        "" => format!("{} is locked", path.display()),
                        h => h.to_owned(),
                    };
                    return Err(Error::LockHeld(format!(
                        "another coffer is writing to this vault ({holder}); waited {}s (--lock-wait)",
                        wait.as_secs()
                    )));
                }
                std::thread::sleep(
                    step.min(wait.saturating_sub(started.elapsed()))
                        .max(Duration::from_millis(1)),
                );
                step = (step * 2).min(Duration::from_millis(500));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::Store(format!("cannot lock {}: {e}", path.display())));
            }
        }
    }
    let mut previous = String::new();
    let _ = file.read_to_string(&mut previous);
    let me = format!(
        "pid {} ({what}) since {}",
        std::process::id(),
        jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ")
    );
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.write_all(me.as_bytes());
    Ok(WriterLock {
        file,
        path: path.to_path_buf(),
        previous: (!previous.trim().is_empty()).then(|| previous.trim().to_owned()),
    })
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // A clean release leaves an empty file, so a non-empty file found by
        // the next holder names a process that died holding the lock.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}
