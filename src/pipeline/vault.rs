//! The vault: config + catalog + local store + keys, and the backup,
//! verify, restore and drill pipelines on top of them.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Map, Value, json};

use super::loose;
use crate::catalog::{
    ArchiveRecord, ArchiveStatus, Catalog, DrillRecord, Outcome, RunKind, VerificationRecord,
};
use crate::config::Config;
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::crypto::{Encryption, Keys};
use crate::error::{Error, Result};
use crate::format::{self, Header, names};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode};
use crate::store::LocalStore;

/// The class of every archive until data classes arrive (FERPA issue).
pub const GENERAL: &str = "general";

pub struct Vault {
    pub config: Config,
    pub catalog: Catalog,
    pub store: LocalStore,
}

fn ms(t: Instant) -> u64 {
    t.elapsed().as_millis() as u64
}

fn store_err(what: &str, path: &Path, e: io::Error) -> Error {
    Error::Store(format!("{what} {}: {e}", path.display()))
}

impl Vault {
    pub fn open(config_path: &Path) -> Result<Vault> {
        let config = Config::load(config_path)?;
        let mut catalog = Catalog::open(config.catalog_path())?;
        catalog.set_clock(crate::now);
        let store = LocalStore::new(config.store_dir());
        Ok(Vault {
            config,
            catalog,
            store,
        })
    }

    /// The trusted seal signer: the public half of the vault's signing key.
    pub fn signer(&self) -> Result<VerifyingKey> {
        let pub_path = self.config.signer_pub_path();
        if pub_path.exists() {
            return Ok(VerifyingKey::load(&pub_path)?);
        }
        Ok(VerifyingKey::load(&self.config.signing_key_path())?)
    }

    pub fn archive_path(&self, rec: &ArchiveRecord) -> Result<PathBuf> {
        self.store.path(&rec.key).ok_or_else(|| {
            Error::Store(format!(
                "archive {} has an invalid store key {:?}",
                rec.id, rec.key
            ))
        })
    }

    pub fn target(&self) -> Result<ConnTarget> {
        Ok(ConnTarget::new(self.config.database.url.as_deref())?)
    }

    /// Runs `f` as a recorded run of `kind`: the outcome and error land in
    /// the catalog whatever happens.
    pub fn recorded<T>(
        &self,
        kind: RunKind,
        archive_id: Option<&str>,
        details: Value,
        f: impl FnOnce(&Self) -> Result<(T, Value)>,
    ) -> Result<T> {
        let run = self.catalog.start_run(kind, archive_id, details)?;
        match f(self) {
            Ok((v, details)) => {
                self.catalog.finish_run(run, Outcome::Ok, None, details)?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.catalog.finish_run(
                    run,
                    Outcome::Failed,
                    Some(&e.to_string()),
                    Value::Null,
                );
                Err(e)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct BackupOptions {
    pub format: DumpFormat,
    pub row_counts: RowCountMode,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupReport {
    pub archive: ArchiveRecord,
    pub path: PathBuf,
    pub payload_size: u64,
    pub tables: usize,
    pub timings_ms: BTreeMap<String, u64>,
}

/// `coffer backup`: snapshot, row counts, pg_dump streamed into a sealed
/// archive, registered only after the seal is on disk (spec "Write order").
pub fn backup(
    vault: &Vault,
    opts: &BackupOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BackupReport> {
    let details = json!({ "format": opts.format.as_str() });
    vault.recorded(RunKind::Backup, None, details, |v| {
        let r = backup_inner(v, opts, progress)?;
        let d = json!({ "archive_id": r.archive.id, "size": r.archive.size, "payload_size": r.payload_size, "timings_ms": r.timings_ms });
        Ok((r, d))
    })
}

fn backup_inner(
    vault: &Vault,
    opts: &BackupOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BackupReport> {
    let started = Instant::now();
    let cfg = &vault.config;
    let encryption = Encryption::Age(cfg.recipients()?);
    let signing_key = SigningKey::load(&cfg.signing_key_path())?;
    let target = vault.target()?;
    let mut timings = BTreeMap::new();

    let t = Instant::now();
    let mut session = target.snapshot()?;
    timings.insert("snapshot".to_owned(), ms(t));
    let t = Instant::now();
    let counts = session.row_counts(opts.row_counts)?;
    timings.insert("row_counts".to_owned(), ms(t));
    let pg_dump_version = pg::pg_dump_version()?;

    // Whole seconds: the header, the seal and the catalog show the same time.
    let now =
        jiff::Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let id = names::new_archive_id(now);
    let kind = format!("pg_dump/{}", opts.format.as_str());
    let mut header = Header::new(id.clone(), now, GENERAL, &kind, cfg.backup.part_size);
    header
        .source
        .insert("database".into(), json!(session.database()));
    header.source.insert("host".into(), json!(target.host()));
    header.source.insert("port".into(), json!(target.port()));
    let stream_name = if opts.format.is_sql() {
        "dump.sql"
    } else {
        "dump"
    };
    let mut options = format::WriteOptions {
        level: cfg.backup.compression_level,
        part_size: cfg.backup.part_size as usize,
        ..format::WriteOptions::default()
    };
    if let Some(t) = cfg.backup.threads {
        options.threads = t;
    }
    let req = loose::PackRequest {
        encryption: &encryption,
        signing_key: &signing_key,
        options,
        header,
        stream_name: stream_name.into(),
    };
    let dir = vault
        .store
        .ensure_class_dir(GENERAL)
        .map_err(|e| store_err("cannot create the store directory", vault.store.root(), e))?;

    remove_stale_temp_files(&dir);
    let t_dump = Instant::now();
    let mut dump = pg::spawn_dump(&target, session.id(), opts.format, &[])?;
    let staged = loose::stage(&req, &dir, |w| -> Result<Map<String, Value>> {
        let Some(mut stdout) = dump.take_stdout() else {
            return Err(Error::Other("pg_dump has no output pipe".into()));
        };
        let copied = w.copy_stream(stream_name, &mut stdout, progress);
        drop(stdout);
        if let Err(e) = copied {
            // pg_dump's own failure explains a broken stream better than the read error.
            let _ = dump.kill();
            return Err(match dump.finish() {
                Err(pg_err)
                    if e.class == format::ErrorClass::Io && e.message().starts_with("reading") =>
                {
                    pg_err.into()
                }
                _ => e.into(),
            });
        }
        dump.finish()?;
        timings.insert("dump_and_pack".to_owned(), ms(t_dump));
        let mut facts = Map::new();
        facts.insert("database".into(), json!(session.database()));
        facts.insert("server_version".into(), json!(session.server_version()));
        facts.insert("pg_dump_version".into(), json!(pg_dump_version));
        facts.insert("encoding".into(), json!(session.encoding()));
        facts.insert("dump_format".into(), json!(opts.format.as_str()));
        facts.insert("snapshot".into(), json!(session.id()));
        facts.insert("row_counts_mode".into(), json!(opts.row_counts.to_string()));
        facts.insert("row_counts".into(), json!(counts));
        facts.insert("timings_ms".into(), json!(timings));
        Ok(facts)
    })?;
    // The snapshot may end only after pg_dump is done with it.
    session.finish()?;
    let key = LocalStore::key_for(GENERAL, &id, encryption.mode().extension());
    let path = vault
        .store
        .path(&key)
        .ok_or_else(|| Error::Store(format!("invalid store key {key}")))?;
    let packed = staged.commit(&path, &encryption, &signing_key)?;
    let w = &packed.written;
    let record = ArchiveRecord {
        id: id.clone(),
        class: GENERAL.into(),
        created: now,
        store: "local".into(),
        key,
        size: w.ciphertext_size,
        sha256: w.ciphertext_sha256.to_hex(),
        encryption: encryption.mode().as_str().into(),
        recipients: encryption.fingerprints(),
        payload_kind: kind,
        seal: String::from_utf8_lossy(&packed.seal.bytes).into_owned(),
        facts: Value::Object(w.manifest.facts.clone()),
        run_id: None,
        set_id: None,
        status: ArchiveStatus::Good,
    };
    vault.catalog.insert_archive(&record)?;
    // Read the archive back against its seal before calling it good: the
    // first (keyless) verification, recorded like any other.
    verify(vault, &record, None)?;
    timings.insert("total".to_owned(), ms(started));
    Ok(BackupReport {
        archive: record,
        path,
        payload_size: w.manifest.payload_size(),
        tables: counts.len(),
        timings_ms: timings,
    })
}

/// Removes `.coffer-tmp-*` files an interrupted (killed) backup left in the
/// store. Only called by a backup holding the writer lock, so no other
/// writer can be using them.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(".coffer-tmp-") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Result of verifying one archive of the vault.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    pub archive_id: String,
    pub deep: bool,
    pub ok: bool,
    pub error: Option<String>,
    pub class: Option<String>,
    pub duration_ms: u64,
}

/// `coffer verify ID`: keyless (seal, trusted signature, ciphertext), or deep
/// with keys. The result is recorded either way.
pub fn verify(vault: &Vault, rec: &ArchiveRecord, keys: Option<&Keys>) -> Result<VerifyReport> {
    let t = Instant::now();
    let deep = keys.is_some();
    let signer = vault.signer()?;
    let path = vault.archive_path(rec)?;
    let result: Result<()> = (|| {
        let keyless = loose::verify_keyless(&path, Some(&signer))?;
        check_seal_matches_record(&keyless.seal.seal, rec)?;
        if let Some(keys) = keys {
            let mut sink = |_: &str, _: &[u8]| Ok(());
            loose::read_checked(&path, keys, Some(&signer), false, &mut sink)?;
        }
        Ok(())
    })();
    let duration_ms = ms(t);
    let (ok, error, class) = match &result {
        Ok(()) => (true, None, None),
        Err(e) => (false, Some(e.to_string()), Some(e.class_name())),
    };
    vault.catalog.record_verification(VerificationRecord {
        archive_id: rec.id.clone(),
        at: crate::now(),
        deep,
        store: rec.store.clone(),
        ok,
        error: error.clone(),
        duration_ms,
    })?;
    let details = json!({ "deep": deep, "ok": ok, "duration_ms": duration_ms });
    let run = vault
        .catalog
        .start_run(RunKind::Verify, Some(&rec.id), details)?;
    vault.catalog.finish_run(
        run,
        if ok { Outcome::Ok } else { Outcome::Failed },
        error.as_deref(),
        Value::Null,
    )?;
    result?;
    Ok(VerifyReport {
        archive_id: rec.id.clone(),
        deep,
        ok,
        error,
        class,
        duration_ms,
    })
}

/// The catalog's record and the seal on disk must agree: a swapped seal
/// (of another validly signed archive) is caught here.
fn check_seal_matches_record(seal: &format::Seal, rec: &ArchiveRecord) -> Result<()> {
    if seal.archive_id != rec.id
        || seal.ciphertext.sha256 != rec.sha256
        || seal.ciphertext.size != rec.size
    {
        return Err(format::Error::new(
            format::ErrorClass::SealMismatch,
            format!(
                "the seal in the store does not belong to archive {} as the catalog knows it",
                rec.id
            ),
        )
        .into());
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct RestoreRequest {
    pub target: ConnTarget,
    pub tables: Vec<String>,
    pub create: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Mismatch {
    pub table: String,
    pub expected: i64,
    pub found: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RestoreReport {
    pub archive_id: String,
    pub database: String,
    pub restore_ms: u64,
    pub check_ms: u64,
    pub tables_checked: usize,
    pub mismatches: Vec<Mismatch>,
}

/// `coffer restore`: seal and signature first, then the payload streamed
/// into pg_restore/psql with its tail held back until every hash matched,
/// then the row counts compared with the manifest.
pub fn restore(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &RestoreRequest,
) -> Result<RestoreReport> {
    let details = json!({ "database": req.target.database(), "tables": req.tables });
    vault.recorded(RunKind::Restore, Some(&rec.id), details, |v| {
        let r = restore_inner(v, rec, keys, req)?;
        let d = serde_json::to_value(&r).unwrap_or(Value::Null);
        if !r.mismatches.is_empty() {
            return Err(mismatch_error(&r));
        }
        Ok((r, d))
    })
}

pub fn mismatch_error(r: &RestoreReport) -> Error {
    let first = &r.mismatches[0];
    Error::RestoreCheck(format!(
        "restored database {} differs from the archive: {} of {} tables have other row counts (first: {} expected {}, found {})",
        r.database,
        r.mismatches.len(),
        r.tables_checked,
        first.table,
        first.expected,
        first
            .found
            .map_or_else(|| "no table".into(), |n| n.to_string())
    ))
}

fn dump_kind(rec: &ArchiveRecord) -> Result<DumpFormat> {
    rec.payload_kind
        .strip_prefix("pg_dump/")
        .and_then(|k| k.parse().ok())
        .ok_or_else(|| {
            Error::Input(format!(
                "archive {} holds {:?}, not a pg_dump",
                rec.id, rec.payload_kind
            ))
        })
}

fn restore_inner(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &RestoreRequest,
) -> Result<RestoreReport> {
    let kind = dump_kind(rec)?;
    let signer = vault.signer()?;
    let path = vault.archive_path(rec)?;
    // Keyless first: nothing reaches the database from an archive whose seal fails.
    let keyless = loose::verify_keyless(&path, Some(&signer))?;
    check_seal_matches_record(&keyless.seal.seal, rec)?;
    // The key must open the archive before anything is created on the server.
    let file = File::open(&path).map_err(|e| store_err("cannot open", &path, e))?;
    drop(
        keys.decrypt(io::BufReader::new(file))
            .map_err(format::Error::from)?,
    );
    if req.create {
        let admin = req.target.with_database("postgres");
        pg::create_database(&admin, &req.target.database())?;
        let r = restore_into(vault, rec, keys, req, kind, &path);
        if r.is_err() {
            // Leave no half-restored database that we created ourselves.
            let _ = pg::drop_database(&admin, &req.target.database());
        }
        return r;
    }
    restore_into(vault, rec, keys, req, kind, &path)
}

fn restore_into(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &RestoreRequest,
    kind: DumpFormat,
    path: &Path,
) -> Result<RestoreReport> {
    let signer = vault.signer()?;
    let t = Instant::now();
    let opts = pg::RestoreOptions {
        dump_tables: row_counts_of(rec).map(|m| m.keys().cloned().collect()),
        ..pg::RestoreOptions::default()
    };
    let mut child = pg::spawn_restore(&req.target, kind, &req.tables, &opts)?;
    // Through the RestoreProcess, not its raw pipe: a tool that stops reading
    // early (a selective pg_restore that has its tables) must not fail the
    // restore; the rest of the archive is still read and checked, and
    // `finish` says whether the tool succeeded.
    let mut hold = Holdback::new(&mut child);
    let read = {
        let mut sink = |_: &str, data: &[u8]| hold.write(data);
        loose::read_checked(path, keys, Some(&signer), false, &mut sink)
    };
    match read {
        Ok(_) => {
            if let Err(e) = hold.release() {
                // The tool gave up: its own error says why.
                child.finish()?;
                return Err(Error::Other(format!(
                    "writing to {} failed: {e}",
                    child_tool(kind)
                )));
            }
            child.finish()?;
        }
        Err(e) => {
            // Kill before closing stdin (`hold` only borrows it): a
            // single-transaction restore then rolls back.
            drop(hold);
            let _ = child.kill();
            let tool_err = child.finish().err();
            return Err(match (e.class, tool_err) {
                (format::ErrorClass::Io, Some(t)) => t.into(),
                _ => e.into(),
            });
        }
    }
    let restore_ms = ms(t);
    let t = Instant::now();
    let (tables_checked, mismatches) = compare_counts(rec, &req.target, &req.tables, kind)?;
    Ok(RestoreReport {
        archive_id: rec.id.clone(),
        database: req.target.database(),
        restore_ms,
        check_ms: ms(t),
        tables_checked,
        mismatches,
    })
}

fn child_tool(kind: DumpFormat) -> &'static str {
    if kind.is_sql() { "psql" } else { "pg_restore" }
}

fn row_counts_of(rec: &ArchiveRecord) -> Option<BTreeMap<String, i64>> {
    serde_json::from_value(rec.facts.get("row_counts")?.clone()).ok()
}

/// Compares the restored tables' row counts with the manifest's.
fn compare_counts(
    rec: &ArchiveRecord,
    target: &ConnTarget,
    tables: &[String],
    kind: DumpFormat,
) -> Result<(usize, Vec<Mismatch>)> {
    let Some(expected) = row_counts_of(rec) else {
        return Ok((0, Vec::new()));
    };
    if kind == DumpFormat::SchemaOnly
        || rec.facts.get("row_counts_mode").and_then(Value::as_str) != Some("exact")
    {
        return Ok((0, Vec::new()));
    }
    let selected: Vec<(&String, &i64)> = expected
        .iter()
        .filter(|(name, _)| tables.is_empty() || tables.iter().any(|t| table_matches(t, name)))
        .collect();
    let mut session = target.snapshot()?;
    let found = session.row_counts(RowCountMode::Exact)?;
    session.finish()?;
    let mismatches = selected
        .iter()
        .filter_map(|(name, n)| {
            let got = found.get(*name).copied();
            (got != Some(**n)).then(|| Mismatch {
                table: (*name).clone(),
                expected: **n,
                found: got,
            })
        })
        .collect();
    Ok((selected.len(), mismatches))
}

/// `users` matches `public.users`; `public.users` matches itself.
fn table_matches(given: &str, qualified: &str) -> bool {
    given == qualified
        || qualified
            .rsplit_once('.')
            .is_some_and(|(_, t)| t == given || t == format!("\"{given}\""))
}

/// Holds back the last [`HOLD`] bytes of the payload until the whole archive
/// has been verified (spec "Restore"): a single-transaction pg_restore/psql
/// cannot reach its COMMIT on unverified data.
struct Holdback<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

const HOLD: usize = 64 * 1024;

impl<W: Write> Holdback<W> {
    fn new(inner: W) -> Self {
        Holdback {
            inner,
            pending: Vec::with_capacity(2 * HOLD + (1 << 20)),
        }
    }

    fn write(&mut self, data: &[u8]) -> io::Result<()> {
        self.pending.extend_from_slice(data);
        if self.pending.len() > HOLD + (1 << 20) {
            let n = self.pending.len() - HOLD;
            self.inner.write_all(&self.pending[..n])?;
            self.pending.drain(..n);
        }
        Ok(())
    }

    /// Everything verified: send the tail and close the pipe.
    fn release(mut self) -> io::Result<()> {
        self.inner.write_all(&self.pending)?;
        self.inner.flush()
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DrillReport {
    pub archive_id: String,
    pub scratch_db: String,
    pub ok: bool,
    pub restore_ms: u64,
    pub check_ms: u64,
    pub total_ms: u64,
    pub tables_checked: usize,
    pub mismatches: Vec<Mismatch>,
    pub error: Option<String>,
}

/// `coffer drill`: restore into a scratch database, compare, drop it,
/// record the result and the time to restore (the measured recovery time).
pub fn drill(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    server: &ConnTarget,
) -> Result<DrillReport> {
    let t = Instant::now();
    let scratch = format!("coffer_drill_{}", rec.id.to_lowercase().replace('-', "_"));
    let target = server.with_database(&scratch);
    let admin = server.with_database("postgres");
    if pg::database_exists(&admin, &scratch)? {
        pg::drop_database(&admin, &scratch)?;
    }
    let req = RestoreRequest {
        target,
        tables: Vec::new(),
        create: true,
    };
    let result = restore_inner(vault, rec, keys, &req);
    let dropped = pg::drop_database(&admin, &scratch);
    let total_ms = ms(t);
    let mut report = DrillReport {
        archive_id: rec.id.clone(),
        scratch_db: scratch,
        ok: false,
        restore_ms: 0,
        check_ms: 0,
        total_ms,
        tables_checked: 0,
        mismatches: Vec::new(),
        error: None,
    };
    match &result {
        Ok(r) => {
            report.restore_ms = r.restore_ms;
            report.check_ms = r.check_ms;
            report.tables_checked = r.tables_checked;
            report.mismatches = r.mismatches.clone();
            report.ok = r.mismatches.is_empty();
            if !report.ok {
                report.error = Some(mismatch_error(r).to_string());
            }
        }
        Err(e) => report.error = Some(e.to_string()),
    }
    vault.catalog.record_drill(DrillRecord {
        archive_id: rec.id.clone(),
        at: crate::now(),
        ok: report.ok,
        scratch_db: report.scratch_db.clone(),
        restore_ms: report.restore_ms,
        check_ms: report.check_ms,
        total_ms,
        tables_checked: report.tables_checked as u64,
        mismatches: serde_json::to_value(&report.mismatches).unwrap_or(Value::Null),
        error: report.error.clone(),
    })?;
    let run = vault.catalog.start_run(
        RunKind::Drill,
        Some(&rec.id),
        serde_json::to_value(&report).unwrap_or(Value::Null),
    )?;
    vault.catalog.finish_run(
        run,
        if report.ok {
            Outcome::Ok
        } else {
            Outcome::Failed
        },
        report.error.as_deref(),
        Value::Null,
    )?;
    match result {
        Err(e) => Err(e),
        Ok(r) if !r.mismatches.is_empty() => Err(mismatch_error(&r)),
        Ok(_) => {
            dropped?;
            Ok(report)
        }
    }
}

/// Creates a vault in `dir`: config, store, catalog, signing key, identity.
pub struct InitReport {
    pub config: PathBuf,
    pub identity: PathBuf,
    pub recipient: String,
    pub signing_pub: PathBuf,
}

pub fn init(dir: &Path, database_url: Option<&str>) -> Result<InitReport> {
    use age::secrecy::ExposeSecret;
    use std::os::unix::fs::DirBuilderExt;
    let config_path = dir.join("coffer.toml");
    if config_path.exists() {
        return Err(Error::Input(format!(
            "{} already exists: this directory holds a vault",
            config_path.display()
        )));
    }
    let mkdir = |p: &Path| {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(p)
            .map_err(|e| store_err("cannot create", p, e))
    };
    mkdir(dir)?;
    mkdir(&dir.join("keys"))?;
    mkdir(&dir.join("archives"))?;
    let key = SigningKey::generate("coffer vault seal key")?;
    let signing = dir.join("keys/signing.key");
    let signing_pub = dir.join("keys/signing.key.pub");
    write_new(&signing, 0o600, key.to_openssh()?.as_bytes())?;
    write_new(
        &signing_pub,
        0o644,
        format!("{}\n", key.verifying_key().to_openssh()).as_bytes(),
    )?;
    let (identity_text, recipient) = crate::crypto::generate_age_identity();
    let identity = dir.join("keys/identity.txt");
    write_new(&identity, 0o600, identity_text.expose_secret().as_bytes())?;
    write_new(
        &config_path,
        0o600,
        crate::config::template(&recipient, database_url).as_bytes(),
    )?;
    // Opening creates the catalog and runs the migrations.
    Catalog::open(dir.join("catalog.db"))?;
    Ok(InitReport {
        config: config_path,
        identity,
        recipient,
        signing_pub,
    })
}

fn write_new(path: &Path, mode: u32, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| store_err("cannot create", path, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| store_err("cannot write", path, e))
}

/// Opens an archive file of the vault for reading (used by `show`).
pub fn open_archive(vault: &Vault, rec: &ArchiveRecord) -> Result<File> {
    let p = vault.archive_path(rec)?;
    File::open(&p).map_err(|e| store_err("cannot open", &p, e))
}
