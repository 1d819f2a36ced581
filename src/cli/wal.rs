//! `coffer wal push|fetch|verify|list`, `coffer backup --physical` and
//! `coffer restore --physical` (spec/wal.md; README "Point-in-time recovery").

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::exit::Exit;
use super::{KeyArgs, Progress};
use crate::error::{Error, Result};
use crate::pipeline::{self, physical, wal};

const PUSH_HELP: &str = "\
Set in postgresql.conf (the server runs it as its own OS user, who must own the vault):
  archive_mode = on
  archive_command = 'coffer --config /etc/coffer/coffer.toml wal push %p'
Exit 0 only once the file is sealed, registered and copied offsite: PostgreSQL then
recycles it. Pushing the same file again succeeds; a different file under the same
name is refused (exit 3) and nothing is overwritten.";

const FETCH_HELP: &str = "\
Set by `coffer restore --physical`, or by hand in the restored server's config:
  restore_command = 'coffer --config /etc/coffer/coffer.toml wal fetch --identity KEY %f %p'
Exit codes (PostgreSQL's restore_command contract): 0 the file was checked and written;
1 the archive has no such file (recovery takes it as the end of the archive); 200 the
file exists but was refused (damaged, forged, wrong key, store unreachable, bad config):
PostgreSQL stops recovery on any code above 125, so nothing pretends to be complete.";

const VERIFY_HELP: &str = "\
Reads the WAL class's primary store (not the catalog): every segment from each physical
backup's start to the newest segment must be there, per timeline, and every file's seal,
signature and ciphertext hash must hold. Exit 0 when complete, 5 with a gap or a bad file.
With --identity (the WAL class's key), it also decrypts and checks every WAL file whose
content hash the catalog lacks since a `catalog rebuild` (the hash is never stored), and
records it: until then a push of that name is refused (exit 3), as it cannot be compared.";

#[derive(Debug, Subcommand)]
pub enum WalCommand {
    /// Seal one WAL file into the vault (PostgreSQL's archive_command: `wal push %p`).
    #[command(after_help = PUSH_HELP)]
    Push {
        /// The file (`%p`): its name must be a WAL segment, .partial, .history or .backup name.
        path: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check and write one WAL file (PostgreSQL's restore_command: `wal fetch %f %p`).
    #[command(after_help = FETCH_HELP)]
    Fetch {
        /// The WAL file's name (`%f`).
        name: String,
        /// Where to write it (`%p`); written under a temporary name and renamed once checked.
        dest: PathBuf,
        /// The identity file to decrypt with (default: `[wal] restore_identity`).
        #[arg(short = 'i', long = "identity", value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// Check the WAL archive has no gap from each base backup's start to the newest segment.
    #[command(after_help = VERIFY_HELP)]
    Verify {
        /// Also decrypt the files whose content hash a catalog rebuild could not restore.
        #[arg(short = 'i', long = "identity", value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the archived WAL files (from the catalog).
    List {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl WalCommand {
    pub fn json(&self) -> bool {
        match self {
            WalCommand::Push { json, .. }
            | WalCommand::Verify { json, .. }
            | WalCommand::List { json } => *json,
            WalCommand::Fetch { .. } => false,
        }
    }
}

pub fn run(config: Option<&Path>, cmd: WalCommand) -> Exit {
    let json = cmd.json();
    let result = match cmd {
        WalCommand::Fetch {
            name,
            dest,
            identity,
        } => return fetch(config, &name, &dest, identity.as_deref()),
        WalCommand::Push { path, json } => push(config, &path, json),
        WalCommand::Verify { json, identity } => verify(config, identity.as_deref(), json),
        WalCommand::List { json } => list(config, json),
    };
    match result {
        Ok(code) => code,
        Err(e) => super::report(&e, json),
    }
}

fn push(config: Option<&Path>, path: &Path, json: bool) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let r = wal::push(&v, path)?;
    if json {
        println!("{}", json!({ "ok": true, "push": r }));
    } else if r.archived {
        println!(
            "archived {} ({} bytes, sealed {} bytes) in {} ms{}",
            r.name,
            r.payload_size,
            r.size,
            r.ms,
            offsite_note(&r.offsite)
        );
    } else {
        println!(
            "{} was archived before with the same content: nothing to do{}",
            r.name,
            offsite_note(&r.offsite)
        );
    }
    Ok(Exit::Ok)
}

fn offsite_note(stores: &[String]) -> String {
    if stores.is_empty() {
        String::new()
    } else {
        format!("; copied to {}", stores.join(", "))
    }
}

/// `wal fetch`: 0 written, 1 not in the archive, [`Exit::StopRecovery`] for
/// every other failure (recovery must stop, not promote early).
fn fetch(config: Option<&Path>, name: &str, dest: &Path, identity: Option<&Path>) -> Exit {
    let result = (|| -> Result<Option<wal::FetchReport>> {
        let cfg = crate::config::Config::load(&crate::config::locate(config))?;
        let id = identity
            .map(Path::to_path_buf)
            .or_else(|| cfg.wal.restore_identity.as_ref().map(|p| cfg.resolve(p)))
            .ok_or_else(|| {
                Error::Input(
                    "wal fetch needs an identity: --identity FILE or [wal] restore_identity".into(),
                )
            })?;
        let keys = KeyArgs {
            identities: vec![id],
            passphrase_file: None,
        }
        .load()?;
        wal::fetch(&cfg, name, dest, &keys)
    })();
    match result {
        Ok(Some(r)) => {
            for w in &r.refused {
                eprintln!("coffer: warning: a copy of {name} was refused: {w}");
            }
            Exit::Ok
        }
        Ok(None) => {
            eprintln!("coffer: WAL file {name} is not in the archive");
            Exit::Failure
        }
        Err(e) => {
            super::report(&e, false);
            eprintln!(
                "coffer: recovery must stop: WAL file {name} exists but could not be restored (exit {})",
                Exit::StopRecovery.code()
            );
            Exit::StopRecovery
        }
    }
}

fn verify(config: Option<&Path>, identity: Option<&Path>, json: bool) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let filled = match identity {
        Some(id) => {
            let keys = KeyArgs {
                identities: vec![id.to_path_buf()],
                passphrase_file: None,
            }
            .load()?;
            Some(pipeline::wal_index::fill_hashes(&v, &keys)?)
        }
        None => None,
    };
    let mut r = wal::verify(&v)?;
    if let Some(f) = &filled {
        r.bad.extend(f.failed.iter().cloned());
        r.ok = r.ok && f.failed.is_empty();
    }
    v.audit(
        crate::audit::Action::Verify,
        crate::audit::Object::Vault,
        if r.ok {
            crate::audit::Outcome::Ok
        } else {
            crate::audit::Outcome::Failed
        },
        json!({ "wal": true, "files": r.files, "bad": r.bad.len(),
            "missing": r.timelines.iter().map(|t| t.missing.len()).sum::<usize>(),
            "hashes_filled": filled.as_ref().map(|f| f.filled.len()) }),
    );
    if json {
        println!(
            "{}",
            json!({ "ok": r.ok, "report": r, "hashes_filled": filled.as_ref().map(|f| &f.filled) })
        );
    } else {
        if let Some(f) = filled.as_ref().filter(|f| !f.filled.is_empty()) {
            println!(
                "decrypted and recorded the content hash of {} WAL files",
                f.filled.len()
            );
        }
        for t in &r.timelines {
            if t.missing.is_empty() {
                println!(
                    "timeline {}: {} .. {} complete ({} segments)",
                    t.timeline, t.from, t.to, t.segments
                );
            } else {
                println!(
                    "timeline {}: {} .. {}: MISSING {}",
                    t.timeline,
                    t.from,
                    t.to,
                    t.missing.join(", ")
                );
            }
        }
        for b in &r.bad {
            println!("BAD {b}");
        }
        if r.timelines.is_empty() {
            println!("the WAL archive is empty");
        }
    }
    if r.ok {
        Ok(Exit::Ok)
    } else {
        if !json {
            eprintln!(
                "coffer: error: the WAL archive has gaps or bad files: a restore past them is impossible; take a new base backup (`coffer backup --physical`)"
            );
        }
        Ok(Exit::Integrity)
    }
}

fn list(config: Option<&Path>, json: bool) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let files = v.catalog.wal_files()?;
    if json {
        println!("{}", json!({ "ok": true, "wal_files": files }));
    } else {
        for f in &files {
            println!(
                "{}  {:8}  {:>10}  {}",
                f.name,
                f.kind.as_str(),
                f.size,
                crate::format::meta::rfc3339(f.pushed_at)
            );
        }
    }
    Ok(Exit::Ok)
}

/// `coffer backup --physical`.
pub fn backup_physical(config: Option<&Path>, wait: Duration, json: bool) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let _lock = super::maintain::take_lock(&v, "backup", wait)?;
    let mut progress = Progress::new("base backup");
    let r = physical::backup(&v, &mut |n| progress.update(n));
    progress.finish();
    let r = r?;
    if json {
        println!(
            "{}",
            json!({ "ok": true, "archive_id": r.archive.id, "class": r.archive.class,
                "path": r.path, "size": r.archive.size, "payload_size": r.payload_size,
                "timeline": r.timeline, "start_wal": r.start_wal, "stop_wal": r.stop_wal, "ms": r.ms })
        );
    } else {
        println!(
            "base backup {} ({} bytes, sealed {} bytes) in {:.1}s; needs WAL {} .. {} (timeline {})",
            r.archive.id,
            r.payload_size,
            r.archive.size,
            r.ms as f64 / 1000.0,
            r.start_wal,
            r.stop_wal,
            r.timeline
        );
    }
    Ok(Exit::Ok)
}

/// The `restore --physical` options of `coffer restore`.
#[derive(Debug, Args, Default)]
pub struct PhysicalArgs {
    /// Restore a physical base backup into a data directory (point-in-time recovery; spec/wal.md).
    #[arg(long)]
    pub physical: bool,
    /// The new data directory (created 0700, or an empty one).
    #[arg(long, value_name = "DIR", requires = "physical")]
    pub to_dir: Option<PathBuf>,
    /// Recover up to this time (RFC 3339, e.g. 2026-12-04T21:00:00Z); default: the end of the WAL archive.
    /// With ARCHIVE `latest`, the newest base backup that finished before it is used.
    #[arg(long, value_name = "TIME", requires = "physical")]
    pub target_time: Option<String>,
    /// Start the restored server (pg_ctl, as the current user), wait until it is promoted,
    /// then replay the erasure ledger in the database of --to.
    #[arg(long, requires = "physical")]
    pub start: bool,
    /// The port of the started server (with --start).
    #[arg(long, value_name = "PORT", requires = "start")]
    pub port: Option<u16>,
    /// The socket directory of the started server (with --start; default: the data directory).
    #[arg(long, value_name = "DIR", requires = "start")]
    pub socket_dir: Option<PathBuf>,
    /// Keep the restored cluster's archive_mode (default: off, so a copy
    /// never archives into its origin's WAL archive).
    #[arg(long, requires = "physical")]
    pub keep_archiving: bool,
}

/// `coffer restore --physical`.
pub fn restore_physical(
    config: Option<&Path>,
    archive: &str,
    to: Option<&str>,
    keys: &KeyArgs,
    set: &super::vault::SetArgs,
    p: &PhysicalArgs,
    json: bool,
) -> Result<Exit> {
    let v = super::open_vault(config)?;
    if keys.identities.is_empty() {
        return Err(Error::Input(
            "restore --physical needs -i/--identity (the key of the WAL class)".into(),
        ));
    }
    let to_dir = p
        .to_dir
        .clone()
        .ok_or_else(|| Error::Input("restore --physical needs --to-dir DIR".into()))?;
    let target_time = p
        .target_time
        .as_deref()
        .map(|t| {
            t.parse::<jiff::Timestamp>().map_err(|e| {
                Error::Input(format!(
                    "--target-time {t:?} is not an RFC 3339 time such as 2026-12-04T21:00:00Z: {e}"
                ))
            })
        })
        .transpose()?;
    let rec = if archive == "latest" {
        physical::choose(&v, target_time)?
    } else {
        v.catalog.resolve(archive, None)?
    };
    let keys_loaded = keys.load()?;
    let replay_target = to
        .map(|u| crate::pg::ConnTarget::new(Some(u)))
        .transpose()?;
    let start = if p.start {
        Some(physical::StartOptions {
            port: p
                .port
                .ok_or_else(|| Error::Input("--start needs --port".into()))?,
            socket_dir: p.socket_dir.clone().unwrap_or_else(|| to_dir.clone()),
            replay_target,
            erasure: set.erasure(),
            limit: Duration::from_secs(3600),
        })
    } else {
        None
    };
    let req = physical::PhysicalRestoreRequest {
        to_dir,
        target_time,
        identity: keys.identities.first().cloned(),
        keep_archiving: p.keep_archiving,
        start,
    };
    let r = pipeline::physical::restore(&v, &rec, &keys_loaded, &req)?;
    if json {
        println!("{}", json!({ "ok": true, "report": r }));
    } else {
        println!(
            "restored base backup {} into {} (extracted in {:.1}s, pg_verifybackup ok){}",
            r.archive_id,
            r.to_dir.display(),
            r.extract_ms as f64 / 1000.0,
            r.target_time
                .as_deref()
                .map(|t| format!("; recovers to {t}"))
                .unwrap_or_default()
        );
        if let Some(ms) = r.recovery_ms {
            println!(
                "the server recovered and was promoted in {:.1}s",
                ms as f64 / 1000.0
            );
        }
        if let Some(e) = &r.erasure {
            println!(
                "replayed {} erasure request(s): {} row(s) deleted",
                e.requests_applied,
                e.deleted_per_table().values().sum::<i64>()
            );
        }
        for s in &r.next_steps {
            println!("next: {s}");
        }
    }
    Ok(Exit::Ok)
}

/// `coffer drill --physical`.
pub fn drill_physical(
    v: &crate::pipeline::vault::Vault,
    archive: &str,
    keys: &KeyArgs,
    json: bool,
) -> Result<Exit> {
    let identity = keys
        .identities
        .first()
        .cloned()
        .ok_or_else(|| Error::Input("drill --physical needs -i/--identity".into()))?;
    let rec = if archive == "latest" {
        physical::choose(v, None)?
    } else {
        v.catalog.resolve(archive, None)?
    };
    let r = physical::drill(v, &rec, &keys.load()?, &identity)?;
    if json {
        println!("{}", json!({ "ok": true, "report": r }));
    } else {
        println!(
            "physical drill ok: {} restored, recovered and promoted in {:.1}s (recovery time; {:.1}s of WAL replay), {} tables readable, {} erasure request(s) replayed, stopped and removed ({:.1}s in all)",
            r.archive_id,
            r.restore_ms as f64 / 1000.0,
            r.recovery_ms as f64 / 1000.0,
            r.tables_checked,
            r.erasure_requests_applied.unwrap_or(0),
            r.total_ms as f64 / 1000.0
        );
    }
    Ok(Exit::Ok)
}
