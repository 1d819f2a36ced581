//! The vault commands: init, backup, list, show, verify (vault archives),
//! restore, drill, demo.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;

use super::exit::Exit;
use super::{KeyArgs, Progress};
use crate::catalog::{ArchiveFilter, ArchiveRecord, RunFilter};
use crate::error::{Error, Result};
use crate::pg::{ConnTarget, DumpFormat, RowCountMode};
use crate::pipeline::{self, backup::BackupOptions, restore::RestoreRequest, vault::Vault};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The vault directory (created; default: the current directory).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// The database to back up: a libpq URI without a password (written to the config).
    #[arg(long)]
    pub database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Dump format (default: the config's, normally custom).
    #[arg(long, value_parser = ["custom", "plain", "schema-only"])]
    pub format: Option<String>,
    /// Row counts under the dump's snapshot (default: the config's, normally exact).
    #[arg(long, value_parser = ["exact", "estimate", "off"])]
    pub row_counts: Option<String>,
    /// A class table pattern that matches no table is an error (default: a warning).
    #[arg(long)]
    pub strict: bool,
    /// pg_dump processes per archive, in one snapshot (default: the
    /// config's `[backup] jobs`, normally 1). Each class's tables are split
    /// by size among N data streams of its archive (custom or plain format).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=15))]
    pub jobs: Option<u16>,
    /// Do not copy the new archives to their offsite stores now (`coffer
    /// push --missing` does it later; until then the backup is incomplete).
    #[arg(long)]
    pub no_push: bool,
    /// A physical base backup (pg_basebackup) for point-in-time recovery,
    /// instead of a dump; it needs the WAL archive (`coffer wal push`). See spec/wal.md.
    #[arg(long, conflicts_with_all = ["format", "row_counts", "strict", "jobs"])]
    pub physical: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only archives of this class.
    #[arg(long)]
    pub class: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An archive id, a unique prefix of one (6+ characters), or `latest`.
    pub archive: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// An archive id, a unique prefix, or `latest`.
    pub archive: String,
    /// The target database (libpq URI without a password). With --physical
    /// --start: the restored server's database the erasure ledger is replayed in.
    #[arg(long, value_name = "URL", required_unless_present = "physical")]
    pub to: Option<String>,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub physical: super::wal::PhysicalArgs,
    /// Restore only this table (schema-qualified as in `coffer show`, or a bare name). Repeatable.
    #[arg(long = "table", value_name = "TABLE")]
    pub tables: Vec<String>,
    /// Create the target database first.
    #[arg(long)]
    pub create: bool,
    /// Restore into a database that already holds objects (refused
    /// otherwise); one transaction, so an object that exists already fails
    /// the restore and changes nothing.
    #[arg(long, conflicts_with = "create")]
    pub into_existing: bool,
    /// Load at most N data streams of a parallel archive (`backup --jobs`)
    /// at once, one pg_restore each (default: all of them; an archive of
    /// one stream is one pg_restore whatever N is).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub set: SetArgs,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What restore and drill do beyond the named archive: the other classes of
/// its set, and the erasure replay.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Classes of a multi-class backup to restore with the general archive
    /// (comma-separated; default: all, each needing its identity).
    #[arg(long, value_delimiter = ',', value_name = "CLASS,...")]
    pub classes: Option<Vec<String>>,
    /// Do not replay the GDPR erasure ledger after the restore (needs --reason; recorded).
    #[arg(long, requires = "reason")]
    pub no_erasure_replay: bool,
    /// Why the erasure replay is skipped.
    #[arg(long, requires = "no_erasure_replay")]
    pub reason: Option<String>,
    /// Read the archives from this store (a [stores.NAME] or "local");
    /// default: the primary store, falling back to any store holding a
    /// good copy.
    #[arg(long, value_name = "STORE")]
    pub from: Option<String>,
}

impl SetArgs {
    pub(crate) fn erasure(&self) -> pipeline::restore::ErasureStep {
        match (self.no_erasure_replay, &self.reason) {
            (true, Some(r)) => pipeline::restore::ErasureStep::Skip(r.clone()),
            _ => pipeline::restore::ErasureStep::Replay,
        }
    }
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// An archive id, a unique prefix, or `latest` (default).
    #[arg(default_value = "latest")]
    pub archive: String,
    #[command(flatten)]
    pub keys: KeyArgs,
    #[command(flatten)]
    pub set: SetArgs,
    /// The server to drill on (default: the configured database's server).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Drill a physical base backup: restore it with the whole WAL archive
    /// into a scratch data directory, start it (as the current user), wait
    /// until promoted, replay erasures, check, stop, remove (spec/wal.md).
    #[arg(long, conflicts_with = "server")]
    pub physical: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

fn open(config: Option<&Path>) -> Result<Vault> {
    super::open_vault(config)
}

pub fn init(a: InitArgs) -> Result<Exit> {
    if let Some(u) = &a.database_url {
        ConnTarget::new(Some(u))?;
    }
    let r = pipeline::init::init(&a.dir, a.database_url.as_deref())?;
    println!("Created a vault in {}", a.dir.display());
    println!("  config:     {}", r.config.display());
    println!("  recipient:  {}", r.recipient);
    println!("  signer:     {}", r.signing_pub.display());
    println!("  identity:   {}", r.identity.display());
    println!();
    println!("The identity is the key that decrypts every backup. Move it OFF this host");
    println!("(a password manager, an offline medium): backups need only the recipient.");
    println!("Keep a copy somewhere safe: without it no archive can be restored.");
    Ok(Exit::Ok)
}

pub fn backup(config: Option<&Path>, wait: std::time::Duration, a: BackupArgs) -> Result<Exit> {
    if a.physical {
        return super::wal::backup_physical(config, wait, a.json);
    }
    let v = open(config)?;
    let _lock = super::maintain::take_lock(&v, "backup", wait)?;
    let format = match &a.format {
        Some(f) => f.parse::<DumpFormat>().map_err(Error::Input)?,
        None => v.config.backup.format,
    };
    let row_counts = a
        .row_counts
        .as_deref()
        .unwrap_or(&v.config.backup.row_counts)
        .parse::<RowCountMode>()
        .map_err(|e| Error::Input(e.to_string()))?;
    let mut progress = Progress::new("backing up");
    let opts = BackupOptions {
        format,
        row_counts,
        strict: a.strict,
        jobs: a.jobs.map_or(v.config.backup.jobs, usize::from),
    };
    let r = pipeline::backup::backup(&v, &opts, &mut |n| progress.update(n));
    progress.finish();
    let r = r?;
    // (Shared-recipient warnings were printed when the vault was opened.)
    let shared = v.config.shared_recipient_warnings();
    for w in r.warnings.iter().filter(|w| !shared.contains(w)) {
        eprintln!("coffer: warning: {w}");
    }
    let members: Vec<_> = r
        .members
        .iter()
        .map(|m| json!({"archive_id": m.id, "class": m.class, "size": m.size, "store": m.store}))
        .collect();
    let result = json!({"archive_id": r.archive.id, "class": r.archive.class, "path": r.path, "size": r.archive.size,
        "payload_size": r.payload_size, "tables": r.tables, "format": format.as_str(), "timings_ms": r.timings_ms,
        "members": members, "warnings": r.warnings});
    let mut all = vec![r.archive.clone()];
    all.extend(r.members.iter().cloned());
    if !a.json {
        print_backup(&r);
    }
    let pushed = super::offsite::after_backup(&v, &all, a.no_push, a.json)?;
    let mut out = result;
    if let Some(o) = out.as_object_mut() {
        let complete = pushed.as_ref().is_none_or(|p| p.incomplete.is_empty());
        o.insert("complete".into(), json!(complete));
    }
    let exit = match pushed {
        // Pushed now: the push decides the exit code and prints the JSON.
        Some(p) if !a.no_push => super::offsite::report_push(&p, a.json, Some(out)),
        deferred => {
            if a.json {
                if let Some(o) = out.as_object_mut() {
                    o.insert("ok".into(), json!(true));
                    if let Some(p) = deferred {
                        o.insert("push".into(), json!(p));
                    }
                }
                println!("{out}");
            }
            Exit::Ok
        }
    };
    if !a.json {
        // Last, alone on its line: scripts take the id from here.
        println!("{}", r.archive.id);
    }
    Ok(exit)
}

fn print_backup(r: &pipeline::backup::BackupReport) {
    println!(
        "backed up {} ({} tables, {} bytes of dump) into {} ({} bytes) in {:.1}s",
        r.archive
            .facts
            .get("database")
            .and_then(|d| d.as_str())
            .unwrap_or("?"),
        r.tables,
        r.payload_size,
        r.path.display(),
        r.archive.size,
        r.timings_ms.get("total").copied().unwrap_or(0) as f64 / 1000.0
    );
    for m in &r.members {
        println!(
            "  class {}: {} ({} bytes) in store {}",
            m.class, m.id, m.size, m.store
        );
    }
}

fn archive_json(r: &ArchiveRecord) -> serde_json::Value {
    json!({
        "id": r.id, "class": r.class, "created": r.created.to_string(), "size": r.size, "sha256": r.sha256,
        "encryption": r.encryption, "payload_kind": r.payload_kind, "store": r.store, "key": r.key,
        "status": r.status,
        "database": r.facts.get("database"),
    })
}

pub fn list(config: Option<&Path>, a: ListArgs) -> Result<Exit> {
    let v = open(config)?;
    let filter = ArchiveFilter {
        class: a.class.clone(),
        ..ArchiveFilter::default()
    };
    let archives = v.catalog.archives(&filter)?;
    if a.json {
        let items: Vec<_> = archives
            .iter()
            .map(|r| {
                let mut j = archive_json(r);
                let last = v.catalog.last_verification(&r.id).ok().flatten();
                j["last_verified"] = json!(
                    last.map(|l| json!({"at": l.at.to_string(), "ok": l.ok, "deep": l.deep}))
                );
                j
            })
            .collect();
        println!("{}", json!(items));
        return Ok(Exit::Ok);
    }
    println!(
        "{:<27} {:<8} {:<20} {:>12} {:<20} verified",
        "ID", "CLASS", "CREATED", "SIZE", "KIND"
    );
    for r in &archives {
        let last = v.catalog.last_verification(&r.id)?;
        let verified = match last {
            Some(l) if l.ok => format!("ok {}", if l.deep { "deep" } else { "keyless" }),
            Some(_) => "FAILED".into(),
            None => "-".into(),
        };
        println!(
            "{:<27} {:<8} {:<20} {:>12} {:<20} {}",
            r.id,
            r.class,
            r.created.strftime("%Y-%m-%d %H:%M:%S"),
            r.size,
            r.payload_kind,
            verified
        );
    }
    if archives.is_empty() {
        eprintln!("no archives yet: run `coffer backup`");
    }
    Ok(Exit::Ok)
}

pub fn show(config: Option<&Path>, a: ShowArgs) -> Result<Exit> {
    let v = open(config)?;
    let r = resolve_head(&v, &a.archive)?;
    let verifications = v.catalog.verifications(&r.id)?;
    let drills = v.catalog.drills(&r.id)?;
    let runs = v.catalog.runs(RunFilter {
        archive_id: Some(r.id.clone()),
        ..RunFilter::default()
    })?;
    let seal: serde_json::Value = serde_json::from_str(&r.seal).unwrap_or(serde_json::Value::Null);
    let copies = v.catalog.copies(&r.id)?;
    let view = json!({
        "archive": archive_json(&r),
        "path": v.archive_path(&r)?,
        "seal": seal,
        "facts": r.facts,
        "copies": copies,
        "copies_required": v.config.copies_required(&r.class),
        "verifications": verifications,
        "drills": drills,
        "runs": runs,
    });
    if a.json {
        println!("{view}");
    } else {
        println!(
            "{}",
            serde_json::to_string_pretty(&view).unwrap_or_default()
        );
    }
    Ok(Exit::Ok)
}

/// `coffer verify` on vault archives (ID, latest, --all).
pub fn verify(
    config: Option<&Path>,
    spec: Option<&str>,
    all: bool,
    keys: &KeyArgs,
    json_out: bool,
) -> Result<Exit> {
    let v = open(config)?;
    let keys = if keys.is_empty() {
        None
    } else {
        Some(keys.load()?)
    };
    let targets = if all {
        v.catalog.archives(ArchiveFilter::default())?
    } else {
        vec![v.catalog.resolve(spec.unwrap_or("latest"), None)?]
    };
    let mut failures = 0;
    let mut first_err = None;
    let mut reports = Vec::new();
    for rec in &targets {
        match pipeline::verify::verify(&v, rec, keys.as_ref()) {
            Ok(r) => {
                if !json_out {
                    println!(
                        "ok {} ({})",
                        r.archive_id,
                        if r.deep { "deep" } else { "keyless" }
                    );
                }
                reports.push(json!(r));
            }
            Err(e) => {
                failures += 1;
                if !json_out {
                    println!("FAILED {}: {e}", rec.id);
                }
                reports.push(json!({"archive_id": rec.id, "ok": false, "error": e.to_string(), "class": e.class_name()}));
                first_err.get_or_insert(e);
            }
        }
    }
    if json_out {
        println!("{}", json!({"ok": failures == 0, "archives": reports}));
    }
    match first_err {
        None => Ok(Exit::Ok),
        Some(e) if targets.len() == 1 => Err(e),
        Some(e) => {
            eprintln!(
                "coffer: error: {failures} of {} archives failed verification",
                targets.len()
            );
            Ok(super::exit_for(&e))
        }
    }
}

pub fn restore(config: Option<&Path>, a: RestoreArgs) -> Result<Exit> {
    if a.physical.physical {
        return super::wal::restore_physical(
            config,
            &a.archive,
            a.to.as_deref(),
            &a.keys,
            &a.set,
            &a.physical,
            a.json,
        );
    }
    let v = open(config)?;
    if a.keys.is_empty() {
        return Err(Error::Input(
            "restore needs -i/--identity (the vault's age identity)".into(),
        ));
    }
    let keys = a.keys.load()?;
    let rec = resolve_head(&v, &a.archive)?;
    if rec.payload_kind == pipeline::physical::PHYSICAL_KIND {
        return Err(Error::Input(format!(
            "archive {} is a physical base backup: restore it with --physical --to-dir DIR",
            rec.id
        )));
    }
    let to =
        a.to.as_deref()
            .ok_or_else(|| Error::Input("restore needs --to URL".into()))?;
    let target = ConnTarget::new(Some(to))?;
    let erasure = a.set.erasure();
    let req = RestoreRequest {
        target,
        tables: a.tables.clone(),
        create: a.create,
        into_existing: a.into_existing,
        classes: a.set.classes.clone(),
        erasure,
        from: a.set.from.clone(),
        jobs: a.jobs.map(usize::from),
    };
    let r = pipeline::restore::restore(&v, &rec, &keys, &req)?;
    for w in &r.warnings {
        eprintln!("coffer: warning: {w}");
    }
    warn_skipped(r.erasure_skipped.as_deref(), &r.database);
    if a.json {
        println!("{}", json!({"ok": true, "report": r}));
    } else {
        println!(
            "restored {} into {} in {:.1}s; row counts match for {} tables",
            r.archive_id,
            r.database,
            r.restore_ms as f64 / 1000.0,
            r.tables_checked
        );
        if let Some(e) = &r.erasure {
            println!(
                "replayed {} erasure request(s): {} row(s) deleted; every check returned 0",
                e.requests_applied,
                e.deleted_per_table().values().sum::<i64>()
            );
        }
    }
    Ok(Exit::Ok)
}

pub fn drill(config: Option<&Path>, a: DrillArgs) -> Result<Exit> {
    let v = open(config)?;
    if a.keys.is_empty() {
        return Err(Error::Input(
            "drill needs -i/--identity (the vault's age identity)".into(),
        ));
    }
    if a.physical {
        return super::wal::drill_physical(&v, &a.archive, &a.keys, a.json);
    }
    let keys = a.keys.load()?;
    let rec = resolve_head(&v, &a.archive)?;
    let server = match &a.server {
        Some(u) => ConnTarget::new(Some(u))?,
        None => v.target()?,
    };
    let erasure = a.set.erasure();
    let r = pipeline::drill::drill(
        &v,
        &rec,
        &keys,
        &server,
        &a.set.classes,
        &erasure,
        a.set.from.as_deref(),
    )?;
    if let pipeline::restore::ErasureStep::Skip(reason) = &erasure {
        warn_skipped(Some(reason), &r.scratch_db);
    }
    for w in &r.warnings {
        eprintln!("coffer: warning: {w}");
    }
    if a.json {
        println!("{}", json!({"ok": true, "report": r}));
    } else {
        println!(
            "drill ok: {} restored into scratch database {} in {:.1}s (recovery time), {} tables match, dropped again ({:.1}s in all)",
            r.archive_id,
            r.scratch_db,
            r.restore_ms as f64 / 1000.0,
            r.tables_checked,
            r.total_ms as f64 / 1000.0
        );
    }
    Ok(Exit::Ok)
}

/// An archive for restore and drill: `latest` means the newest general
/// archive (the head of a multi-class set), anything else as `resolve`.
fn resolve_head(v: &Vault, spec: &str) -> Result<ArchiveRecord> {
    let class = (spec == "latest").then_some(crate::format::names::GENERAL);
    Ok(v.catalog.resolve(spec, class)?)
}

/// A skipped erasure replay is said loudly (red on a terminal): the database
/// may hold people who asked to be erased.
fn warn_skipped(reason: Option<&str>, db: &str) {
    let Some(reason) = reason else {
        return;
    };
    let (red, reset) = if super::progress_enabled() {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("", "")
    };
    eprintln!(
        "{red}coffer: WARNING: the erasure ledger was NOT replayed on {db} ({reason}): it may hold erased subjects{reset}"
    );
}
