//! Physical base backups and point-in-time restore (spec/wal.md "Base
//! backups", "Restore to a time").
//!
//! `coffer backup --physical`: `pg_basebackup -D - -Ft -X none` streamed
//! into one sealed archive (payload kind `physical`, one stream
//! `base.tar` holding PostgreSQL's `backup_manifest`), registered like a
//! dump archive; its facts name the timeline and the WAL range it needs.
//!
//! `coffer restore --physical`: the archive checked and extracted into an
//! empty directory, `pg_verifybackup` run on it, then the recovery settings
//! written (`restore_command` through `coffer wal fetch`, the target time,
//! `promote`). With `--start` the server is started, awaited until
//! promoted, and the erasure ledger replayed: a restore is not done before.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::backup::{SealedSpec, register, write_sealed};
use super::loose::{self, FileSource};
use super::restore::ErasureStep;
use super::vault::{Vault, ms, store_err};
use crate::audit::{Action, Object, Outcome as AuditOutcome};
use crate::catalog::{ArchiveFilter, ArchiveRecord, RunKind};
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::format::{self, Header, names};
use crate::pg::{self, ConnTarget, physical, walname};

/// The payload kind of a physical base backup.
pub const PHYSICAL_KIND: &str = "physical";
/// Its one payload stream: pg_basebackup's tar of the main tablespace.
pub const BASE_STREAM: &str = "base.tar";

/// A physical backup's WAL facts, read back from its catalog record.
#[derive(Debug, Clone)]
pub struct PhysicalInfo {
    pub id: String,
    pub created: jiff::Timestamp,
    /// When pg_basebackup finished: the earliest time it can be restored to.
    pub finished: Option<jiff::Timestamp>,
    pub timeline: u32,
    pub start_segno: u64,
    pub stop_segno: u64,
    pub segment_size: Option<u64>,
}

pub(super) fn info_of(rec: &ArchiveRecord) -> Option<PhysicalInfo> {
    let f = &rec.facts;
    let segment_size = f.get("wal_segment_size").and_then(Value::as_u64);
    let size = segment_size.unwrap_or(super::wal::DEFAULT_SEGMENT_SIZE);
    let lsn = |k: &str| {
        f.get(k)
            .and_then(Value::as_str)
            .and_then(walname::parse_lsn)
    };
    Some(PhysicalInfo {
        id: rec.id.clone(),
        created: rec.created,
        finished: f
            .get("finished")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok()),
        timeline: u32::try_from(f.get("timeline")?.as_u64()?).ok()?,
        start_segno: walname::segno_of(lsn("start_lsn")?, size),
        stop_segno: walname::stop_segno(lsn("stop_lsn")?, size),
        segment_size,
    })
}

/// The good physical backups, oldest first. Of any class: a vault that
/// never set up point-in-time recovery has none, and must not need a
/// valid `[wal] class` to say so (prune asks on every run).
pub fn physical_backups(vault: &Vault) -> Result<Vec<PhysicalInfo>> {
    Ok(vault
        .catalog
        .archives(ArchiveFilter {
            class: None,
            include_deleted: false,
        })?
        .iter()
        .filter(|a| a.payload_kind == PHYSICAL_KIND)
        .filter_map(info_of)
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct PhysicalBackupReport {
    pub archive: ArchiveRecord,
    pub path: PathBuf,
    pub payload_size: u64,
    pub timeline: u32,
    pub start_wal: String,
    pub stop_wal: String,
    pub ms: u64,
}

/// `coffer backup --physical`.
pub fn backup(vault: &Vault, progress: &mut dyn FnMut(u64)) -> Result<PhysicalBackupReport> {
    let result = vault.recorded(
        RunKind::Backup,
        None,
        json!({ "format": PHYSICAL_KIND }),
        |v| {
            let r = backup_inner(v, progress)?;
            let d = json!({ "archive_id": r.archive.id, "size": r.archive.size,
                "payload_size": r.payload_size, "start_wal": r.start_wal, "stop_wal": r.stop_wal });
            Ok((r, d))
        },
    );
    match &result {
        Ok(r) => {
            let a = &r.archive;
            vault.audit(
                Action::Backup,
                Object::Archive(a.id.clone()),
                AuditOutcome::Ok,
                json!({ "class": a.class, "store": a.store, "size": a.size, "sha256": a.sha256,
                    "payload_kind": a.payload_kind, "recipients": a.recipients,
                    "start_wal": r.start_wal, "stop_wal": r.stop_wal }),
            );
            vault.publish_audit([super::copies::LOCAL]);
        }
        Err(e) => {
            vault.audit(
                Action::Backup,
                Object::Vault,
                AuditOutcome::Failed,
                json!({ "format": PHYSICAL_KIND, "error": e.to_string() }),
            );
        }
    }
    result
}

fn backup_inner(vault: &Vault, progress: &mut dyn FnMut(u64)) -> Result<PhysicalBackupReport> {
    let started = Instant::now();
    let cfg = &vault.config;
    let class = cfg.wal_class()?;
    let target = vault.target()?;
    let segment_size = physical::wal_segment_size(&target)?;
    let basebackup_version = pg::tool_version("pg_basebackup")?;
    let created =
        jiff::Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let id = names::new_archive_id(created);
    let mut header = Header::new(id, created, &class, PHYSICAL_KIND, cfg.backup.part_size);
    header.source.insert("host".into(), json!(target.host()));
    header.source.insert("port".into(), json!(target.port()));
    let spec = SealedSpec {
        header,
        created,
        stream_name: BASE_STREAM,
        set_id: None,
    };
    let audit_head = vault.catalog.audit_head()?;
    let mut range = None;
    let (rec, path, payload_size) =
        write_sealed(vault, &spec, |w| -> Result<Map<String, Value>> {
            let (mut proc_, stdout) = physical::spawn_basebackup(&target)?;
            let (tap, facts) = physical::TarTap::new(stdout);
            if let Err(e) = w.copy_stream_threaded(BASE_STREAM, Box::new(tap), progress) {
                proc_.kill();
                return Err(match proc_.finish() {
                    Err(pg_err) => pg_err.into(),
                    Ok(()) => e.into(),
                });
            }
            proc_.finish()?;
            let facts = facts
                .lock()
                .map_err(|_| Error::Other("the base backup's facts were lost".into()))?
                .clone();
            if !facts.has_manifest {
                return Err(Error::Other(
                "pg_basebackup's stream held no backup_manifest (PostgreSQL 13 or later is needed)"
                    .into(),
            ));
            }
            let r = facts.wal_range().ok_or_else(|| {
                Error::Other(
                    "pg_basebackup's stream held no usable backup_label or WAL range".into(),
                )
            })?;
            let mut m = Map::new();
            m.insert("pg_basebackup_version".into(), json!(basebackup_version));
            m.insert("timeline".into(), json!(r.timeline));
            m.insert("start_lsn".into(), json!(walname::format_lsn(r.start_lsn)));
            m.insert("stop_lsn".into(), json!(walname::format_lsn(r.stop_lsn)));
            let start_wal = walname::segment_name(
                r.timeline,
                walname::segno_of(r.start_lsn, segment_size),
                segment_size,
            );
            let stop_wal = walname::segment_name(
                r.timeline,
                walname::stop_segno(r.stop_lsn, segment_size),
                segment_size,
            );
            m.insert("start_wal".into(), json!(start_wal));
            m.insert("stop_wal".into(), json!(stop_wal));
            m.insert("wal_segment_size".into(), json!(segment_size));
            m.insert("backup_start_time".into(), json!(r.start_time));
            // pg_basebackup has returned: the backup is consistent at a point
            // before this (the earliest time it can be restored to).
            m.insert("finished".into(), json!(crate::now().to_string()));
            if let Some((seq, hash)) = &audit_head {
                m.insert("audit_head".into(), json!({ "seq": seq, "hash": hash }));
            }
            if let Some((seq, hash)) = crate::erasure::head(&vault.catalog)? {
                m.insert(
                    "erasure_ledger_head".into(),
                    json!({ "seq": seq, "hash": hash }),
                );
            }
            range = Some((r.timeline, start_wal, stop_wal));
            Ok(m)
        })?;
    if let Err(e) = register(vault, &[&rec]) {
        super::backup::discard(vault, std::slice::from_ref(&rec));
        return Err(e);
    }
    let (timeline, start_wal, stop_wal) =
        range.ok_or_else(|| Error::Other("the WAL range was lost".into()))?;
    Ok(PhysicalBackupReport {
        archive: rec,
        path,
        payload_size,
        timeline,
        start_wal,
        stop_wal,
        ms: ms(started),
    })
}

/// Starting the restored server (`restore --physical --start`).
#[derive(Debug, Clone)]
pub struct StartOptions {
    pub port: u16,
    pub socket_dir: PathBuf,
    /// The database the erasure ledger is replayed in.
    pub replay_target: Option<ConnTarget>,
    pub erasure: ErasureStep,
    /// How long recovery may take before the restore gives up waiting.
    pub limit: Duration,
}

#[derive(Debug, Clone)]
pub struct PhysicalRestoreRequest {
    pub to_dir: PathBuf,
    /// RFC 3339; `None`: recover to the end of the archive.
    pub target_time: Option<jiff::Timestamp>,
    /// The identity file `wal fetch` decrypts with (else the config's
    /// `[wal] restore_identity`).
    pub identity: Option<PathBuf>,
    /// Keep the restored cluster's `archive_mode` (default: set it off, so
    /// a restored copy never archives into its origin's WAL archive).
    pub keep_archiving: bool,
    pub start: Option<StartOptions>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhysicalRestoreReport {
    pub archive_id: String,
    pub to_dir: PathBuf,
    pub target_time: Option<String>,
    pub restore_command: String,
    pub extract_ms: u64,
    pub verify_ms: u64,
    /// Set when the server was started: seconds until it was promoted.
    pub recovery_ms: Option<u64>,
    pub erasure: Option<crate::erasure::ReplayReport>,
    pub erasure_skipped: Option<String>,
    /// What is left to do (no `--start`): start the server, replay erasures.
    pub next_steps: Vec<String>,
}

/// The newest good physical backup that finished at or before `t` (or the
/// newest of all without `t`).
pub fn choose(vault: &Vault, t: Option<jiff::Timestamp>) -> Result<ArchiveRecord> {
    let backups = physical_backups(vault)?;
    let chosen = backups
        .iter()
        .rev()
        .find(|b| t.is_none_or(|t| b.finished.unwrap_or(b.created) <= t))
        .ok_or_else(|| {
            Error::Input(match t {
                Some(t) => format!(
                    "no physical backup finished before {t}: take one with `coffer backup --physical` (a base backup is the start of every point-in-time restore)"
                ),
                None => "no physical backup in the vault: take one with `coffer backup --physical`".into(),
            })
        })?;
    vault
        .catalog
        .archive(&chosen.id)?
        .ok_or_else(|| Error::Other(format!("archive {} vanished", chosen.id)))
}

/// `coffer restore --physical`.
pub fn restore(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &PhysicalRestoreRequest,
) -> Result<PhysicalRestoreReport> {
    let details = json!({ "to_dir": req.to_dir, "physical": true,
        "target_time": req.target_time.map(|t| t.to_string()) });
    let result = vault.recorded(RunKind::Restore, Some(&rec.id), details, |v| {
        let r = restore_inner(v, rec, keys, req)?;
        let d = serde_json::to_value(&r).unwrap_or(Value::Null);
        Ok((r, d))
    });
    vault.audit(
        Action::Restore,
        Object::Archive(rec.id.clone()),
        if result.is_ok() {
            AuditOutcome::Ok
        } else {
            AuditOutcome::Failed
        },
        match &result {
            Ok(r) => json!({ "physical": true, "to_dir": r.to_dir, "target_time": r.target_time,
                "recovery_ms": r.recovery_ms, "started": r.recovery_ms.is_some() }),
            Err(e) => json!({ "physical": true, "error": e.to_string() }),
        },
    );
    result
}

fn restore_inner(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &PhysicalRestoreRequest,
) -> Result<PhysicalRestoreReport> {
    if rec.payload_kind != PHYSICAL_KIND {
        return Err(Error::Input(format!(
            "archive {} is a {} archive, not a physical backup: restore it without --physical",
            rec.id, rec.payload_kind
        )));
    }
    if let (Some(t), Some(info)) = (req.target_time, info_of(rec))
        && info.finished.unwrap_or(info.created) > t
    {
        return Err(Error::Input(format!(
            "archive {} finished after the target time {t}: a base backup can only be rolled forward; \
             pick an older one (or `latest`, which picks the newest that finished before the target)",
            rec.id
        )));
    }
    let restore_command = restore_command(&vault.config, req.identity.as_deref())?;
    let dir = &req.to_dir;
    prepare_dir(dir)?;
    let t = Instant::now();
    if let Err(e) = extract(vault, rec, keys, dir) {
        clear_dir(dir);
        return Err(e);
    }
    let extract_ms = ms(t);
    let t = Instant::now();
    // Before the first start: recovery changes the files the manifest lists.
    if let Err(e) = physical::verify_backup(dir) {
        clear_dir(dir);
        return Err(Error::RestoreCheck(format!(
            "pg_verifybackup refused the restored files: {e}"
        )));
    }
    let verify_ms = ms(t);
    write_recovery_settings(dir, &restore_command, req, &rec.id)?;
    let mut report = PhysicalRestoreReport {
        archive_id: rec.id.clone(),
        to_dir: dir.clone(),
        target_time: req.target_time.map(|t| t.to_string()),
        restore_command,
        extract_ms,
        verify_ms,
        recovery_ms: None,
        erasure: None,
        erasure_skipped: None,
        next_steps: Vec::new(),
    };
    let Some(start) = &req.start else {
        report.next_steps = vec![
            format!(
                "start the server: pg_ctl -D {} -l LOGFILE start (it recovers from the WAL archive, then promotes)",
                dir.display()
            ),
            format!(
                "once it is promoted, replay the GDPR erasure ledger: coffer erasure replay --to URL --archive {} -i IDENTITY",
                rec.id
            ),
        ];
        return Ok(report);
    };
    let t = Instant::now();
    let log = dir.join("coffer-restore.log");
    physical::start_server(dir, start.port, &start.socket_dir, &log)?;
    let local = ConnTarget::new(Some(&format!(
        "host={} port={} dbname=postgres",
        start.socket_dir.display(),
        start.port
    )))?;
    physical::wait_promoted(&local, start.limit).map_err(|e| {
        Error::RestoreCheck(format!(
            "{e}; the server log is {} (recovery stops there with its reason)",
            log.display()
        ))
    })?;
    report.recovery_ms = Some(ms(t));
    match (&start.erasure, &start.replay_target) {
        (ErasureStep::Replay, Some(target)) => {
            report.erasure = Some(crate::erasure::replay_vault(
                vault,
                keys,
                target,
                Some(&rec.id),
            )?);
        }
        (ErasureStep::Replay, None) => {
            return Err(Error::Input(
                "--start replays the erasure ledger: name the database with --to URL (or pass --no-erasure-replay --reason)".into(),
            ));
        }
        (ErasureStep::Skip(reason), target) => {
            let target = match target {
                Some(t) => t.clone(),
                None => local,
            };
            crate::erasure::record_skipped(vault, &target, Some(&rec.id), reason)?;
            report.erasure_skipped = Some(reason.clone());
        }
    }
    Ok(report)
}

/// The `restore_command` of a restored server: this coffer, this config,
/// `wal fetch`. Paths are single-quoted for the shell PostgreSQL runs it
/// with; a path holding a quote is refused rather than escaped.
pub fn restore_command(cfg: &crate::config::Config, identity: Option<&Path>) -> Result<String> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::Other(format!("cannot find the coffer program: {e}")))?;
    let config = std::fs::canonicalize(&cfg.path)
        .map_err(|e| Error::Config(format!("{}: {e}", cfg.path.display())))?;
    let mut cmd = format!(
        "{} --config {} wal fetch",
        sh_quote(&exe)?,
        sh_quote(&config)?
    );
    if let Some(id) = identity {
        let id = std::fs::canonicalize(id)
            .map_err(|e| Error::Input(format!("identity {}: {e}", id.display())))?;
        cmd.push_str(&format!(" --identity {}", sh_quote(&id)?));
    } else if cfg.wal.restore_identity.is_none() {
        return Err(Error::Input(
            "the restored server's restore_command needs an identity: pass -i/--identity FILE or set [wal] restore_identity".into(),
        ));
    }
    cmd.push_str(" %f %p");
    Ok(cmd)
}

/// The `archive_command` that archives into this vault: this coffer,
/// this config, `wal push %p`, quoted as [`restore_command`] quotes.
pub fn archive_command(cfg: &crate::config::Config) -> Result<String> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::Other(format!("cannot find the coffer program: {e}")))?;
    let config = std::fs::canonicalize(&cfg.path)
        .map_err(|e| Error::Config(format!("{}: {e}", cfg.path.display())))?;
    Ok(format!(
        "{} --config {} wal push %p",
        sh_quote(&exe)?,
        sh_quote(&config)?
    ))
}

fn sh_quote(p: &Path) -> Result<String> {
    let s = p
        .to_str()
        .ok_or_else(|| Error::Input(format!("{} is not UTF-8", p.display())))?;
    if s.contains('\'') || s.contains('%') {
        return Err(Error::Input(format!(
            "{s} holds a quote or %: not usable in archive_command or restore_command"
        )));
    }
    Ok(format!("'{s}'"))
}

/// A PostgreSQL configuration string literal.
fn conf_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Creates `dir` (0700) or accepts it empty.
fn prepare_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Input(format!(
                    "{} is not empty: a physical restore lays out a whole data directory, into an empty or new one",
                    dir.display()
                )));
            }
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| store_err("cannot set the mode of", dir, e))?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| store_err("cannot create", dir, e))?;
        }
        Err(e) => return Err(store_err("cannot read", dir, e)),
    }
    Ok(())
}

/// Empties `dir` after a failed restore: nothing half-restored stays looking usable.
fn clear_dir(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() && !p.is_symlink() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

/// Keyless check, then decrypt and check every entry while the payload
/// (a tar) is extracted into `dir` by a thread of its own. The extraction
/// counts only if every check passed.
fn extract(vault: &Vault, rec: &ArchiveRecord, keys: &Keys, dir: &Path) -> Result<()> {
    let path = vault.archive_path(rec)?;
    let signer = vault.signer()?;
    let src = FileSource(&path);
    let keyless = loose::verify_keyless_at(&src, Some(&signer))?;
    super::verify::check_seal_matches_record(&keyless.seal.seal, rec)?;
    let (reader, mut writer) =
        io::pipe().map_err(|e| Error::Other(format!("cannot make a pipe: {e}")))?;
    let to = dir.to_path_buf();
    let untar = std::thread::Builder::new()
        .name("coffer-untar".into())
        .spawn(move || -> io::Result<()> {
            let mut a = tar::Archive::new(io::BufReader::with_capacity(1 << 20, reader));
            a.set_preserve_permissions(true);
            a.set_overwrite(false);
            a.unpack(&to)?;
            // Drain what follows the end-of-archive blocks, so the writer never blocks.
            let mut rest = a.into_inner();
            io::copy(&mut rest, &mut io::sink())?;
            Ok(())
        })
        .map_err(|e| Error::Other(format!("cannot start the extraction thread: {e}")))?;
    let mut streams = BTreeMap::<String, u64>::new();
    let read = {
        let mut sink = |stream: &str, data: &[u8]| -> io::Result<()> {
            if stream != BASE_STREAM {
                return Err(io::Error::other(format!(
                    "unexpected payload stream {stream:?}"
                )));
            }
            *streams.entry(stream.to_owned()).or_default() += data.len() as u64;
            writer.write_all(data)
        };
        loose::read_checked_against(&src, Some(&keyless), keys, &mut sink)
    };
    drop(writer);
    let untarred = untar
        .join()
        .map_err(|_| Error::Other("the extraction thread panicked".into()))?;
    let contents = read?;
    untarred.map_err(|e| store_err("cannot extract the base backup into", dir, e))?;
    if contents.header.payload_kind != PHYSICAL_KIND {
        return Err(Error::Format(format::Error::new(
            format::ErrorClass::HeaderInvalid,
            "the archive's header is not a physical backup's",
        )));
    }
    Ok(())
}

/// `recovery.signal` and the recovery settings, appended to
/// `postgresql.auto.conf` (read last, so they win; pg_verifybackup ignores
/// this file and the signal).
fn write_recovery_settings(
    dir: &Path,
    restore_command: &str,
    req: &PhysicalRestoreRequest,
    archive_id: &str,
) -> Result<()> {
    let mut conf = format!(
        "\n# coffer restore --physical of archive {archive_id}\nrestore_command = {}\nrecovery_target_action = 'promote'\nrecovery_target_timeline = 'latest'\n",
        conf_quote(restore_command)
    );
    if let Some(t) = req.target_time {
        conf.push_str(&format!(
            "recovery_target_time = {}\n",
            conf_quote(&t.strftime("%Y-%m-%d %H:%M:%S%.6f+00").to_string())
        ));
    }
    if !req.keep_archiving {
        conf.push_str("archive_mode = 'off'\n");
    }
    let auto = dir.join("postgresql.auto.conf");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&auto)
        .map_err(|e| store_err("cannot write", &auto, e))?;
    f.write_all(conf.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| store_err("cannot write", &auto, e))?;
    super::vault::write_new(&dir.join("recovery.signal"), 0o600, &[])?;
    loose::sync_dir(dir);
    Ok(())
}

/// What `coffer drill --physical` found.
#[derive(Debug, Clone, Serialize)]
pub struct PhysicalDrillReport {
    pub archive_id: String,
    pub ok: bool,
    /// Extract, pg_verifybackup and recovery until promotion: the RTO.
    pub restore_ms: u64,
    pub recovery_ms: u64,
    pub check_ms: u64,
    pub total_ms: u64,
    /// User tables found in the configured database of the restored server.
    pub tables_checked: usize,
    pub erasure_requests_applied: Option<usize>,
    pub error: Option<String>,
}

/// `coffer drill --physical`: the base backup restored to the end of the
/// WAL archive in a scratch directory, started on a private socket,
/// awaited until promoted, the erasure ledger replayed, the configured
/// database opened and its tables counted; the server is stopped and the
/// directory removed whatever happened, and the drill recorded (its
/// restore time is the RTO). Run it as the server's OS user.
pub fn drill(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    identity: &Path,
) -> Result<PhysicalDrillReport> {
    if rustix::process::geteuid().is_root() {
        return Err(Error::Input(
            "drill --physical starts a PostgreSQL server, which refuses root: run it as the server's OS user (e.g. postgres)".into(),
        ));
    }
    let started = Instant::now();
    let scratch = tempfile::Builder::new()
        .prefix("coffer-drill-")
        .tempdir()
        .map_err(|e| Error::Other(format!("cannot make a scratch directory: {e}")))?;
    let data = scratch.path().join("data");
    let port = crate::pg::cluster::free_port()?;
    let db = vault.target()?.database();
    let target = ConnTarget::new(Some(&format!(
        "host={} port={port} dbname={db}",
        scratch.path().display()
    )))?;
    let req = PhysicalRestoreRequest {
        to_dir: data.clone(),
        target_time: None,
        identity: Some(identity.to_path_buf()),
        keep_archiving: false,
        start: Some(StartOptions {
            port,
            socket_dir: scratch.path().to_path_buf(),
            replay_target: Some(target.clone()),
            erasure: ErasureStep::Replay,
            limit: Duration::from_secs(3600),
        }),
    };
    let mut report = PhysicalDrillReport {
        archive_id: rec.id.clone(),
        ok: false,
        restore_ms: 0,
        recovery_ms: 0,
        check_ms: 0,
        total_ms: 0,
        tables_checked: 0,
        erasure_requests_applied: None,
        error: None,
    };
    let result = restore_inner(vault, rec, keys, &req).and_then(|r| {
        report.recovery_ms = r.recovery_ms.unwrap_or(0);
        report.restore_ms = r.extract_ms + r.verify_ms + report.recovery_ms;
        report.erasure_requests_applied = r.erasure.as_ref().map(|e| e.requests_applied);
        let t = Instant::now();
        let mut c = target.connect()?;
        let n: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
                &[],
            )
            .map_err(|e| Error::RestoreCheck(format!("the restored database {db} cannot be read: {e}")))?
            .get(0);
        report.tables_checked = usize::try_from(n).unwrap_or(0);
        report.check_ms = ms(t);
        Ok(())
    });
    if data.join("postmaster.pid").exists() {
        let _ = physical::stop_server(&data);
    }
    drop(scratch);
    report.total_ms = ms(started);
    report.ok = result.is_ok();
    report.error = result.as_ref().err().map(ToString::to_string);
    vault.catalog.record_drill(crate::catalog::DrillRecord {
        archive_id: rec.id.clone(),
        at: crate::now(),
        ok: report.ok,
        scratch_db: format!("physical:{db}"),
        restore_ms: report.restore_ms,
        check_ms: report.check_ms,
        total_ms: report.total_ms,
        tables_checked: report.tables_checked as u64,
        mismatches: json!([]),
        error: report.error.clone(),
    })?;
    vault.audit(
        Action::Drill,
        Object::Archive(rec.id.clone()),
        if report.ok {
            AuditOutcome::Ok
        } else {
            AuditOutcome::Failed
        },
        json!({ "physical": true, "restore_ms": report.restore_ms, "recovery_ms": report.recovery_ms,
            "tables_checked": report.tables_checked, "error": report.error }),
    );
    result.map(|()| report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(conf_quote("a'b"), "'a''b'");
        assert_eq!(
            sh_quote(Path::new("/x y/coffer")).ok().as_deref(),
            Some("'/x y/coffer'")
        );
        assert!(sh_quote(Path::new("/x'y")).is_err());
        assert!(sh_quote(Path::new("/x%f")).is_err());
    }
}
