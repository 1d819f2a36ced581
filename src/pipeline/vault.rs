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
use crate::pg::script::{self, Part};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode};
use crate::store::LocalStore;

/// The class of every archive until data classes arrive (FERPA issue).
pub const GENERAL: &str = "general";

pub struct Vault {
    pub config: Config,
    pub catalog: Catalog,
    pub store: LocalStore,
    /// Stores opened so far, by name (an S3 store is opened once).
    stores: std::sync::Mutex<BTreeMap<String, std::sync::Arc<dyn crate::store::Store>>>,
}

/// Milliseconds since `t`.
pub(super) fn ms(t: Instant) -> u64 {
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
            stores: Default::default(),
        })
    }

    /// The store called `name`: "local" or a `[stores.NAME]`.
    pub fn store(&self, name: &str) -> Result<std::sync::Arc<dyn crate::store::Store>> {
        let mut open = self
            .stores
            .lock()
            .map_err(|_| Error::Other("store cache poisoned".into()))?;
        if let Some(s) = open.get(name) {
            return Ok(s.clone());
        }
        let s = super::copies::open_store(&self.config, name)?;
        open.insert(name.to_owned(), s.clone());
        Ok(s)
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
        let store = LocalStore::new(self.config.class_store_dir(&rec.class));
        store.path(&rec.key).ok_or_else(|| {
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
    /// A class table pattern that matches nothing is an error, not a warning.
    pub strict: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupReport {
    /// The general archive.
    pub archive: ArchiveRecord,
    pub path: PathBuf,
    pub payload_size: u64,
    pub tables: usize,
    pub timings_ms: BTreeMap<String, u64>,
    /// The archives of the other classes, from the same snapshot.
    pub members: Vec<ArchiveRecord>,
    pub warnings: Vec<String>,
}

/// `coffer backup`: snapshot, row counts, pg_dump streamed into a sealed
/// archive per class, registered only after each seal is on disk (spec
/// "Write order").
pub fn backup(
    vault: &Vault,
    opts: &BackupOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BackupReport> {
    let details = json!({ "format": opts.format.as_str() });
    vault.recorded(RunKind::Backup, None, details, |v| {
        let r = backup_inner(v, opts, progress)?;
        let d = json!({ "archive_id": r.archive.id, "size": r.archive.size, "payload_size": r.payload_size,
            "members": r.members.iter().map(|m| &m.id).collect::<Vec<_>>(), "timings_ms": r.timings_ms });
        Ok((r, d))
    })
}

/// `--no-statistics` for the general archive of a set when pg_dump can dump
/// planner statistics (version 18 on): a column's most common values would
/// carry class rows' values into the general archive.
fn no_statistics(pg_dump_version: &str, has_members: bool) -> Option<String> {
    let digits: String = pg_dump_version
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let major: u32 = digits.parse().ok()?;
    (has_members && major >= 18).then(|| "--no-statistics".to_owned())
}

/// The tables of each class, by class name.
pub type ClassTables = BTreeMap<String, Vec<String>>;

/// Which tables belong to which class (spec: everything not matched is general).
pub fn class_tables(
    config: &crate::config::Config,
    tables: &[String],
    strict: bool,
) -> Result<(ClassTables, Vec<String>)> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for (class, c) in &config.classes {
        let mut mine = Vec::new();
        for pat in &c.tables {
            let matched: Vec<&String> = tables
                .iter()
                .filter(|t| crate::pg::pattern::matches(pat, t))
                .collect();
            if matched.is_empty() {
                let m =
                    format!("class {class}: table pattern {pat} matches no table in the database");
                if strict {
                    return Err(Error::Config(format!("{m} (--strict)")));
                }
                warnings.push(m);
            }
            for t in matched {
                if let Some((other, _)) = out.iter().find(|(_, ts)| ts.contains(t)) {
                    return Err(Error::Config(format!(
                        "table {t} matches class {other} and class {class}"
                    )));
                }
                if !mine.contains(t) {
                    mine.push(t.clone());
                }
            }
        }
        out.insert(class.clone(), mine);
    }
    Ok((out, warnings))
}

/// One archive of a backup run, streamed from pg_dump into its class's store.
struct ArchiveJob<'a> {
    id: String,
    created: jiff::Timestamp,
    class: &'a str,
    kind: String,
    stream_name: &'static str,
    dump_args: Vec<String>,
    /// Whose row counts go into the manifest.
    counted: Counted<'a>,
    set_id: Option<String>,
    /// For the general archive of a set: the classes whose archives belong to it.
    set_classes: Vec<String>,
    /// For the general archive of a set: the tables whose rows are in those
    /// archives, by class (a restore without a class knows what it lacks).
    class_tables: ClassTables,
}

/// The tables of an archive's row counts.
enum Counted<'a> {
    /// The general archive: every table but the classes' tables.
    AllBut(&'a [&'a String]),
    /// A class's archive: its tables.
    Only(&'a [String]),
}

impl Counted<'_> {
    fn select(&self, counts: &BTreeMap<String, i64>) -> BTreeMap<String, i64> {
        counts
            .iter()
            .filter(|(t, _)| match self {
                Counted::AllBut(ts) => !ts.contains(t),
                Counted::Only(ts) => ts.contains(t),
            })
            .map(|(t, n)| (t.clone(), *n))
            .collect()
    }
}

/// The backup's row counts: taken while the first pg_dump runs, waited for
/// when its manifest is written.
enum Counts {
    Pending(pg::PendingCounts),
    Done(BTreeMap<String, i64>),
    Taken,
}

impl Counts {
    fn get(&mut self, timings: &mut BTreeMap<String, u64>) -> Result<&BTreeMap<String, i64>> {
        if let Counts::Pending(_) = self
            && let Counts::Pending(p) = std::mem::replace(self, Counts::Taken)
        {
            let (counts, took) = p.wait()?;
            timings.insert(
                "row_counts".to_owned(),
                u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
            );
            *self = Counts::Done(counts);
        }
        match self {
            Counts::Done(c) => Ok(c),
            _ => Err(Error::Other("the row counts were lost".into())),
        }
    }
}

fn backup_inner(
    vault: &Vault,
    opts: &BackupOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<BackupReport> {
    let started = Instant::now();
    let cfg = &vault.config;
    let target = vault.target()?;
    let mut timings = BTreeMap::new();
    let mut warnings = cfg.shared_recipient_warnings();

    let t = Instant::now();
    let mut session = target.snapshot()?;
    timings.insert("snapshot".to_owned(), ms(t));
    // Counted on a second connection in the same snapshot while the first
    // pg_dump runs ("row_counts" is then the counting time, which overlaps
    // "dump_and_pack").
    let mut counts = Counts::Pending(session.start_row_counts(&target, opts.row_counts)?);
    let tables = session.tables()?;
    let (classes, w) = class_tables(cfg, &tables, opts.strict)?;
    warnings.extend(w);
    let pg_dump_version = pg::pg_dump_version()?;
    let class_table_set: Vec<&String> = classes.values().flatten().collect();

    let kind = format!("pg_dump/{}", opts.format.as_str());
    let stream_name = if opts.format.is_sql() {
        "dump.sql"
    } else {
        "dump"
    };
    // Whole seconds: the header, the seal and the catalog show the same time.
    let now =
        || jiff::Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let created = now();
    let general_id = names::new_archive_id(created);
    let has_members =
        opts.format != DumpFormat::SchemaOnly && classes.values().any(|t| !t.is_empty());
    // The general archive: the whole schema, every row except the classes' tables' rows.
    let general = ArchiveJob {
        id: general_id.clone(),
        created,
        class: GENERAL,
        kind: kind.clone(),
        stream_name,
        dump_args: class_table_set
            .iter()
            .map(|t| format!("--exclude-table-data={t}"))
            .chain(no_statistics(&pg_dump_version, has_members))
            .collect(),
        counted: Counted::AllBut(&class_table_set),
        set_id: has_members.then(|| general_id.clone()),
        set_classes: if has_members {
            classes
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, _)| c.clone())
                .collect()
        } else {
            Vec::new()
        },
        class_tables: if has_members {
            classes
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, t)| (c.clone(), t.clone()))
                .collect()
        } else {
            ClassTables::new()
        },
    };
    let (general_rec, path, payload_size) = write_archive(
        vault,
        &mut session,
        &target,
        opts,
        &general,
        &mut counts,
        &pg_dump_version,
        &mut timings,
        progress,
    )?;
    let mut members = Vec::new();
    if opts.format != DumpFormat::SchemaOnly {
        for (class, ts) in &classes {
            if ts.is_empty() {
                continue;
            }
            let mut args = vec!["--data-only".to_owned()];
            args.extend(ts.iter().map(|t| format!("--table={t}")));
            let created = now();
            let job = ArchiveJob {
                id: names::new_archive_id(created),
                created,
                class,
                kind: format!("{kind}+data-only"),
                stream_name,
                dump_args: args,
                counted: Counted::Only(ts),
                set_id: Some(general_rec.id.clone()),
                set_classes: Vec::new(),
                class_tables: ClassTables::new(),
            };
            let written = write_archive(
                vault,
                &mut session,
                &target,
                opts,
                &job,
                &mut counts,
                &pg_dump_version,
                &mut timings,
                progress,
            );
            match written {
                Ok((rec, _, _)) => members.push(rec),
                Err(e) => {
                    discard(vault, &members);
                    discard(vault, std::slice::from_ref(&general_rec));
                    return Err(e);
                }
            }
        }
    }
    // The snapshot may end only after every pg_dump is done with it.
    let mut all = vec![general_rec.clone()];
    all.extend(members.iter().cloned());
    if let Err(e) = session
        .finish()
        .map_err(Error::from)
        .and_then(|_| register(vault, &all.iter().collect::<Vec<_>>()))
    {
        discard(vault, &all);
        return Err(e);
    }
    timings.insert("total".to_owned(), ms(started));
    let tables = match counts.get(&mut timings) {
        Ok(c) => general.counted.select(c).len(),
        Err(_) => 0,
    };
    Ok(BackupReport {
        tables,
        archive: general_rec,
        path,
        payload_size,
        timings_ms: timings,
        members,
        warnings,
    })
}

#[allow(clippy::too_many_arguments)]
fn write_archive(
    vault: &Vault,
    session: &mut pg::SnapshotSession,
    target: &ConnTarget,
    opts: &BackupOptions,
    job: &ArchiveJob<'_>,
    counts: &mut Counts,
    pg_dump_version: &str,
    timings: &mut BTreeMap<String, u64>,
    progress: &mut dyn FnMut(u64),
) -> Result<(ArchiveRecord, PathBuf, u64)> {
    let cfg = &vault.config;
    let encryption = Encryption::Age(cfg.class_recipients(job.class)?);
    let signing_key = SigningKey::load(&cfg.signing_key_path())?;
    let (id, now) = (job.id.clone(), job.created);
    let mut header = Header::new(id.clone(), now, job.class, &job.kind, cfg.backup.part_size);
    header
        .source
        .insert("database".into(), json!(session.database()));
    header.source.insert("host".into(), json!(target.host()));
    header.source.insert("port".into(), json!(target.port()));
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
        stream_name: job.stream_name.into(),
    };
    let store = LocalStore::new(cfg.class_store_dir(job.class));
    let dir = store
        .ensure_class_dir(job.class)
        .map_err(|e| store_err("cannot create the store directory", store.root(), e))?;
    remove_stale_temp_files(&dir);
    let t_dump = Instant::now();
    let mut dump = pg::spawn_dump(target, session.id(), opts.format, &job.dump_args)?;
    let stage_name = match job.class {
        GENERAL => "dump_and_pack".to_owned(),
        class => format!("dump_and_pack_{class}"),
    };
    let staged = loose::stage(&req, &dir, |w| -> Result<Map<String, Value>> {
        let Some(stdout) = dump.take_stdout() else {
            return Err(Error::Other("pg_dump has no output pipe".into()));
        };
        // Read on a thread of its own: pg_dump keeps writing while a part is compressed.
        let copied = w.copy_stream_threaded(job.stream_name, Box::new(stdout), progress);
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
        timings.insert(stage_name.clone(), ms(t_dump));
        let job_counts = job.counted.select(counts.get(timings)?);
        let mut facts = Map::new();
        facts.insert("database".into(), json!(session.database()));
        facts.insert("server_version".into(), json!(session.server_version()));
        facts.insert("pg_dump_version".into(), json!(pg_dump_version));
        facts.insert("encoding".into(), json!(session.encoding()));
        facts.insert("dump_format".into(), json!(opts.format.as_str()));
        facts.insert("snapshot".into(), json!(session.id()));
        facts.insert("row_counts_mode".into(), json!(opts.row_counts.to_string()));
        facts.insert("row_counts".into(), json!(job_counts));
        facts.insert("timings_ms".into(), json!(timings));
        if let Some(set) = &job.set_id {
            facts.insert("set".into(), json!(set));
        }
        if !job.set_classes.is_empty() {
            facts.insert("set_classes".into(), json!(job.set_classes));
        }
        if !job.class_tables.is_empty() {
            facts.insert("class_tables".into(), json!(job.class_tables));
        }
        // The erasure ledger's head at backup time: requests up to it were
        // already applied in the live database this archive was taken from.
        if let Some((seq, hash)) = crate::erasure::head(&vault.catalog)? {
            facts.insert(
                "erasure_ledger_head".into(),
                json!({ "seq": seq, "hash": hash }),
            );
        }
        Ok(facts)
    })?;
    let key = LocalStore::key_for(job.class, &id, encryption.mode().extension());
    let path = store
        .path(&key)
        .ok_or_else(|| Error::Store(format!("invalid store key {key}")))?;
    let packed = staged.commit(&path, &encryption, &signing_key)?;
    let w = &packed.written;
    let record = ArchiveRecord {
        id: id.clone(),
        class: job.class.into(),
        created: now,
        store: store_name(cfg, job.class),
        key,
        size: w.ciphertext_size,
        sha256: w.ciphertext_sha256.to_hex(),
        encryption: encryption.mode().as_str().into(),
        recipients: encryption.fingerprints(),
        payload_kind: job.kind.clone(),
        seal: String::from_utf8_lossy(&packed.seal.bytes).into_owned(),
        facts: Value::Object(w.manifest.facts.clone()),
        run_id: None,
        set_id: job.set_id.clone(),
        status: ArchiveStatus::Good,
    };
    check_placement(cfg, &record)?;
    Ok((record, path, w.manifest.payload_size()))
}

/// Registers the archives of one backup run, all or none: only after every
/// class's archive is on disk with its seal. Each is read back against its
/// seal first (the first, keyless verification).
fn register(vault: &Vault, records: &[&ArchiveRecord]) -> Result<()> {
    for r in records {
        vault.catalog.insert_archive(*r)?;
    }
    for r in records {
        verify(vault, r, None)?;
    }
    Ok(())
}

/// Removes the files of archives written by a run that then failed, so that
/// neither the catalog nor a rebuild ever sees half a set.
fn discard(vault: &Vault, records: &[ArchiveRecord]) {
    for r in records {
        if let Ok(p) = vault.archive_path(r) {
            for suffix in ["", format::seal::SIG_SUFFIX, format::seal::SEAL_SUFFIX] {
                let mut q = p.clone().into_os_string();
                q.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(q));
            }
        }
    }
}

/// The store name recorded for a class's archives: "local" for the vault's
/// own store, else the class's `[stores.NAME]`.
pub fn store_name(cfg: &crate::config::Config, class: &str) -> String {
    cfg.classes
        .get(class)
        .map_or_else(|| "local".into(), |c| c.store.clone())
}

/// The catalog refuses an archive outside its class's store, or encrypted to
/// another class's recipients alone (spec: classes never share a key or a place).
fn check_placement(cfg: &crate::config::Config, rec: &ArchiveRecord) -> Result<()> {
    let want_store = store_name(cfg, &rec.class);
    if rec.store != want_store {
        return Err(Error::Config(format!(
            "refusing to register archive {} of class {} in store {} (its class's store is {want_store})",
            rec.id, rec.class, rec.store
        )));
    }
    let mine: Vec<String> = cfg
        .class_recipients(&rec.class)?
        .iter()
        .map(crate::crypto::age_fingerprint)
        .collect();
    if !rec.recipients.iter().all(|r| mine.contains(r)) {
        return Err(Error::Config(format!(
            "refusing to register archive {} of class {}: it is encrypted to recipients that are not its class's",
            rec.id, rec.class
        )));
    }
    Ok(())
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
            loose::read_checked(&path, keys, Some(&signer), false, &mut sink).map_err(|e| {
                if e.class == format::ErrorClass::NoMatchingKey {
                    format::Error::new(
                        e.class,
                        format!(
                            "{e} (archive {} is of class {}; pass -i with that class's key)",
                            rec.id, rec.class
                        ),
                    )
                } else {
                    e
                }
            })?;
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
    // The primary copy's state follows its last check.
    if vault.catalog.copy(&rec.id, &rec.store)?.is_some() {
        match &error {
            None => vault.catalog.mark_copy_checked(&rec.id, &rec.store)?,
            Some(e) => vault.catalog.mark_copy_bad(&rec.id, &rec.store, e)?,
        }
    }
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
pub(crate) fn check_seal_matches_record(seal: &format::Seal, rec: &ArchiveRecord) -> Result<()> {
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
    /// Selective restore of these tables (of the named archive only).
    pub tables: Vec<String>,
    pub create: bool,
    /// Which classes of a multi-class set to restore with the general
    /// archive (default: all of them).
    pub classes: Option<Vec<String>>,
    /// Replay the GDPR erasure ledger after the restore (the default), or
    /// skip it for a recorded reason.
    pub erasure: ErasureStep,
    /// Read every archive from this store (`--from`); default: the primary
    /// store, falling back to any store with a good copy.
    pub from: Option<String>,
}

/// What a restore does about the erasure ledger once the data is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErasureStep {
    Replay,
    /// `--no-erasure-replay --reason TEXT`: recorded, and loud on the terminal.
    Skip(String),
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
    /// Every archive restored: the named one, then the set's other classes.
    pub archives: Vec<String>,
    pub database: String,
    pub restore_ms: u64,
    pub check_ms: u64,
    pub tables_checked: usize,
    pub mismatches: Vec<Mismatch>,
    /// The erasure replay that ran after the data was in.
    pub erasure: Option<crate::erasure::ReplayReport>,
    /// Why the replay was skipped, when it was.
    pub erasure_skipped: Option<String>,
    /// The store each archive was read from.
    pub sources: BTreeMap<String, String>,
    /// Copies that failed their check before another store was used.
    pub warnings: Vec<String>,
}

/// Replays the erasure ledger on a restored database, or records why not.
/// A restore is not done before this ran (spec/erasure.md "Replay").
fn erasure_step(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &RestoreRequest,
    r: &mut RestoreReport,
) -> Result<()> {
    match &req.erasure {
        ErasureStep::Replay => {
            r.erasure = Some(crate::erasure::replay_vault(
                vault,
                keys,
                &req.target,
                Some(&rec.id),
            )?);
        }
        ErasureStep::Skip(reason) => {
            crate::erasure::record_skipped(vault, &req.target, Some(&rec.id), reason)?;
            r.erasure_skipped = Some(reason.clone());
        }
    }
    Ok(())
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
        let mut r = restore_inner(v, rec, keys, req)?;
        if !r.mismatches.is_empty() {
            return Err(mismatch_error(&r));
        }
        erasure_step(v, rec, keys, req, &mut r)?;
        let d = serde_json::to_value(&r).unwrap_or(Value::Null);
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
        .map(|k| k.trim_end_matches("+data-only"))
        .and_then(|k| k.parse().ok())
        .ok_or_else(|| {
            Error::Input(format!(
                "archive {} holds {:?}, not a pg_dump",
                rec.id, rec.payload_kind
            ))
        })
}

/// The other archives of `rec`'s set to restore with it.
fn set_members(
    vault: &Vault,
    rec: &ArchiveRecord,
    req: &RestoreRequest,
) -> Result<Vec<ArchiveRecord>> {
    let Some(set) = &rec.set_id else {
        return Ok(Vec::new());
    };
    if rec.class != GENERAL || !req.tables.is_empty() {
        return Ok(Vec::new());
    }
    let members: Vec<ArchiveRecord> = vault
        .catalog
        .set_members(set)?
        .into_iter()
        .filter(|m| m.id != rec.id && m.status == ArchiveStatus::Good)
        .collect();
    if req.classes.is_none() {
        // A set restored without naming classes must be whole: a missing
        // member (failed, pruned) would silently leave its tables empty.
        let expected: Vec<String> = rec
            .facts
            .get("set_classes")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_default();
        for c in &expected {
            if !members.iter().any(|m| &m.class == c) {
                return Err(Error::Input(format!(
                    "the set of {} lacks its archive of class {c} (deleted or never written); pass --classes general to restore without it",
                    rec.id
                )));
            }
        }
    }
    if let Some(classes) = &req.classes {
        for c in classes {
            if c != GENERAL && !members.iter().any(|m| &m.class == c) {
                return Err(Error::Input(format!(
                    "the set of {} has no archive of class {c}",
                    rec.id
                )));
            }
        }
        return Ok(members
            .into_iter()
            .filter(|m| classes.contains(&m.class))
            .collect());
    }
    Ok(members)
}

/// Where an archive of a restore is read from, once checked.
struct Located {
    store: String,
    keyless: loose::Keyless,
}

/// Seal, signature and catalog agree (in the first store with a good copy,
/// or in `--from`), and `keys` open the archive: checked for every archive
/// before anything is created on the server.
fn precheck(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    from: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Located> {
    let (store_name, keyless, w) = super::copies::locate(vault, rec, from)?;
    warnings.extend(w);
    let store = vault.store(&store_name)?;
    let src = super::copies::StoreSource {
        name: &store_name,
        store: store.as_ref(),
        key: &rec.key,
    };
    let input = loose::Source::open(&src)?;
    match keys.decrypt(io::BufReader::new(loose::SyncReader::new(input))) {
        Ok(_) => Ok(Located {
            store: store_name,
            keyless,
        }),
        Err(e @ (crate::crypto::Error::NoMatchingKey | crate::crypto::Error::WrongPassphrase)) => {
            Err(format::Error::new(
                format::ErrorClass::NoMatchingKey,
                format!(
                    "no identity can decrypt archive {} (class {}){}; pass -i with the key of class {}{}",
                    rec.id,
                    rec.class,
                    if matches!(e, crate::crypto::Error::WrongPassphrase) { ": wrong passphrase" } else { "" },
                    rec.class,
                    if rec.class == GENERAL { "" } else { ", or --classes general to restore without it" }
                ),
            )
            .into())
        }
        Err(e) => Err(format::Error::from(e).into()),
    }
}

fn restore_inner(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    req: &RestoreRequest,
) -> Result<RestoreReport> {
    let kind = dump_kind(rec)?;
    let members = set_members(vault, rec, req)?;
    // Keyless first: nothing reaches the database from an archive whose seal
    // fails, and no database is created for a key that opens nothing.
    let mut warnings = Vec::new();
    let from = req.from.as_deref();
    let path = precheck(vault, rec, keys, from, &mut warnings)?;
    let mut member_paths = Vec::new();
    for m in &members {
        // --from names one store; a member of another class lives elsewhere.
        let from = from.filter(|f| {
            super::copies::class_stores(&vault.config, &m.class)
                .iter()
                .any(|s| s == f)
        });
        member_paths.push(precheck(vault, m, keys, from, &mut warnings)?);
    }
    let admin = req.target.with_database("postgres");
    if req.create {
        pg::create_database(&admin, &req.target.database())?;
    }
    let mut r = restore_set(vault, rec, &path, &members, &member_paths, keys, req, kind);
    if let Ok(r) = &mut r {
        r.sources.insert(rec.id.clone(), path.store.clone());
        for (m, p) in members.iter().zip(&member_paths) {
            r.sources.insert(m.id.clone(), p.store.clone());
        }
        // The copies skipped first, then what the restore itself noticed.
        warnings.append(&mut r.warnings);
        r.warnings = warnings;
    }
    if r.is_err() && req.create {
        // Leave no half-restored database that we created ourselves.
        let _ = pg::drop_database(&admin, &req.target.database());
    }
    r
}

/// Restores an archive and the members of its set. With members, a custom
/// dump is restored in sections so that every class's rows are in before
/// the constraints (foreign keys between classes, either way) are created:
/// general pre-data, general data, each member's data, general post-data.
#[allow(clippy::too_many_arguments)]
fn restore_set(
    vault: &Vault,
    rec: &ArchiveRecord,
    path: &Located,
    members: &[ArchiveRecord],
    member_paths: &[Located],
    keys: &Keys,
    req: &RestoreRequest,
    kind: DumpFormat,
) -> Result<RestoreReport> {
    let t = Instant::now();
    let absent = if req.tables.is_empty() {
        absent_tables(vault, rec, members)?
    } else {
        Vec::new()
    };
    let custom = kind == DumpFormat::Custom;
    let general = |script: Script<'_>, extra: &[&str]| {
        stream_into(vault, rec, path, keys, req, kind, script, extra)
    };
    let mut fks = Vec::new();
    if members.is_empty() && absent.is_empty() {
        general(Script::Direct, &[])?;
    } else if members.is_empty() && !custom {
        fks = general(Script::Filter(Part::All, &absent), &[])?;
    } else {
        if custom {
            general(Script::Direct, &["--section=pre-data"])?;
            general(Script::Direct, &["--section=data"])?;
        } else {
            general(Script::Filter(Part::Main, &[]), &[])?;
        }
        for (m, p) in members.iter().zip(member_paths) {
            stream_into(vault, m, p, keys, req, dump_kind(m)?, Script::Direct, &[])?;
        }
        fks = match (custom, absent.is_empty()) {
            (true, true) => general(Script::Direct, &["--section=post-data"])?,
            (true, false) => general(Script::Capture(&absent), &["--section=post-data"])?,
            (false, _) => general(Script::Filter(Part::Post, &absent), &[])?,
        };
    }
    let restore_ms = ms(t);
    // The restore is done: a failed look-up is a warning, not a failure.
    let notes = key_notes(&req.target, &fks).unwrap_or_else(|e| {
        vec![format!(
            "foreign keys into tables whose rows were not restored may be NOT VALID (cannot look them up: {e})"
        )]
    });
    let t = Instant::now();
    let (mut tables_checked, mut mismatches) = compare_counts(rec, &req.target, &req.tables, kind)?;
    for m in members {
        let (n, mm) = compare_counts(m, &req.target, &[], dump_kind(m)?)?;
        tables_checked += n;
        mismatches.extend(mm);
    }
    let mut archives = vec![rec.id.clone()];
    archives.extend(members.iter().map(|m| m.id.clone()));
    Ok(RestoreReport {
        archive_id: rec.id.clone(),
        archives,
        database: req.target.database(),
        restore_ms,
        check_ms: ms(t),
        tables_checked,
        mismatches,
        erasure: None,
        erasure_skipped: None,
        sources: BTreeMap::new(),
        warnings: notes,
    })
}

/// One warning per foreign key into an absent table that could not be
/// created as it was (rows reference rows that were not restored).
fn key_notes(target: &ConnTarget, keys: &[script::ForeignKey]) -> Result<Vec<String>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let states = script::key_states(target, keys)?;
    Ok(keys
        .iter()
        .zip(states)
        .filter_map(|(k, state)| {
            let what = format!(
                "foreign key {} on {} references {}.{}, whose rows were not restored",
                k.name, k.table, k.references.0, k.references.1
            );
            match state {
                script::KeyState::Valid => None,
                script::KeyState::NotValid => Some(format!(
                    "{what}, and restored rows reference them: created NOT VALID"
                )),
                script::KeyState::Missing => Some(format!(
                    "{what}, and restored rows reference them: not created (a partitioned table cannot take a NOT VALID key)"
                )),
            }
        })
        .collect())
}

/// The tables whose rows a restore of `rec` with `members` leaves out: the
/// tables of its set's classes that are not restored (none for a selective
/// restore, which brings no constraints).
fn absent_tables(
    vault: &Vault,
    rec: &ArchiveRecord,
    members: &[ArchiveRecord],
) -> Result<Vec<script::Table>> {
    let Some(set) = &rec.set_id else {
        return Ok(Vec::new());
    };
    if rec.class != GENERAL {
        return Ok(Vec::new());
    }
    let mut by_class: BTreeMap<String, Vec<String>> = rec
        .facts
        .get("class_tables")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    if by_class.is_empty() {
        // Written before the general archive named them: the class
        // archives' row counts do (if they were taken).
        for m in vault.catalog.set_members(set)? {
            if m.class != GENERAL
                && let Some(counts) = row_counts_of(&m)
            {
                by_class
                    .entry(m.class.clone())
                    .or_default()
                    .extend(counts.into_keys());
            }
        }
    }
    Ok(by_class
        .into_iter()
        .filter(|(c, _)| !members.iter().any(|m| &m.class == c))
        .flat_map(|(_, tables)| tables)
        .filter_map(|t| script::table_of(&t))
        .collect())
}

/// How a restore tool gets an archive's dump.
#[derive(Clone, Copy)]
enum Script<'a> {
    /// As it is.
    Direct,
    /// A plain script through [`script::ScriptFilter`]: a part of it, foreign
    /// keys into the absent tables made NOT VALID.
    Filter(Part, &'a [script::Table]),
    /// A custom dump printed as SQL by pg_restore, filtered as above, then
    /// run by psql (for a post-data section: DDL only, held in memory).
    Capture(&'a [script::Table]),
}

/// The largest post-data script held for [`Script::Capture`].
const CAPTURE_LIMIT: u64 = 256 << 20;

/// Where [`stream_into`] writes the payload.
enum Sink<'a> {
    Direct(&'a mut pg::RestoreProcess),
    Filter(script::ScriptFilter<&'a mut pg::RestoreProcess>),
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Direct(w) => w.write(buf),
            Sink::Filter(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Direct(w) => w.flush(),
            Sink::Filter(w) => w.flush(),
        }
    }
}

impl Sink<'_> {
    /// The foreign keys the filter rewrote.
    fn finish(self) -> io::Result<Vec<script::ForeignKey>> {
        match self {
            Sink::Direct(_) => Ok(Vec::new()),
            Sink::Filter(f) => Ok(f.finish()?.1),
        }
    }
}

/// Streams one archive into pg_restore/psql (one transaction), holding back
/// the tail until the archive is verified; `script` says how (see
/// [`Script`]). Returns the foreign keys a filter rewrote.
#[allow(clippy::too_many_arguments)]
fn stream_into(
    vault: &Vault,
    rec: &ArchiveRecord,
    from: &Located,
    keys: &Keys,
    req: &RestoreRequest,
    kind: DumpFormat,
    script: Script<'_>,
    extra: &[&str],
) -> Result<Vec<script::ForeignKey>> {
    let store = vault.store(&from.store)?;
    let src = super::copies::StoreSource {
        name: &from.store,
        store: store.as_ref(),
        key: &rec.key,
    };
    let opts = pg::RestoreOptions {
        dump_tables: row_counts_of(rec).map(|m| m.keys().cloned().collect()),
        extra_args: extra.iter().map(|s| (*s).to_owned()).collect(),
        to_script: matches!(script, Script::Capture(_)),
        // Printed SQL gets its transaction from the psql that runs it.
        single_transaction: !matches!(script, Script::Capture(_)),
        ..pg::RestoreOptions::default()
    };
    let tables: &[String] = if rec.class == GENERAL {
        &req.tables
    } else {
        &[]
    };
    let mut child = pg::spawn_restore(&req.target, kind, tables, &opts)?;
    // pg_restore's SQL, filtered as it comes (bounded: post-data DDL only).
    let mut captured = match script {
        Script::Capture(absent) => {
            let Some(out) = child.take_stdout() else {
                return Err(Error::Other("pg_restore has no output pipe".into()));
            };
            let absent = absent.to_vec();
            Some(std::thread::spawn(
                move || -> io::Result<(Vec<u8>, Vec<script::ForeignKey>)> {
                    let mut f = script::ScriptFilter::new(Vec::new(), Part::All, absent);
                    let n = io::copy(&mut io::Read::take(out, CAPTURE_LIMIT + 1), &mut f)?;
                    if n > CAPTURE_LIMIT {
                        return Err(io::Error::other(format!(
                            "the post-data section is larger than {} MiB",
                            CAPTURE_LIMIT >> 20
                        )));
                    }
                    f.finish()
                },
            ))
        }
        _ => None,
    };
    let sink = match script {
        Script::Filter(part, absent) => {
            Sink::Filter(script::ScriptFilter::new(&mut child, part, absent.to_vec()))
        }
        _ => Sink::Direct(&mut child),
    };
    // Through the RestoreProcess, not its raw pipe: a tool that stops reading
    // early (a selective pg_restore that has its tables) must not fail the
    // restore; the rest of the archive is still read and checked, and
    // `finish` says whether the tool succeeded.
    let mut hold = Holdback::new(sink);
    let mut script_err = None;
    let read = {
        let mut sink = |_: &str, data: &[u8]| {
            hold.write(data).inspect_err(|e| {
                if e.kind() == io::ErrorKind::InvalidData {
                    script_err = Some(e.to_string());
                }
            })
        };
        loose::read_checked_against(&src, Some(&from.keyless), keys, &mut sink)
    };
    let mut fks = match read {
        Ok(_) => {
            let fks = match hold.release().and_then(Sink::finish) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    let _ = child.kill();
                    let _ = child.finish();
                    return Err(Error::Other(format!("restoring archive {}: {e}", rec.id)));
                }
                Err(e) => {
                    // The tool gave up: its own error says why.
                    child.finish()?;
                    return Err(Error::Other(format!(
                        "writing to {} failed: {e}",
                        child_tool(kind)
                    )));
                }
            };
            if let Err(tool) = child.finish() {
                // pg_restore dies of a broken pipe when the SQL reader
                // stopped (limit, bad script): the reader's error says why.
                if let Some(Ok(Err(e))) = captured.take().map(std::thread::JoinHandle::join) {
                    return Err(Error::Other(format!("reading pg_restore's SQL: {e}")));
                }
                return Err(tool.into());
            }
            fks
        }
        Err(e) => {
            // Kill before closing stdin (`hold` only borrows it): a
            // single-transaction restore then rolls back.
            drop(hold);
            let _ = child.kill();
            let tool_err = child.finish().err();
            if let Some(m) = script_err {
                return Err(Error::Other(format!("restoring archive {}: {m}", rec.id)));
            }
            return Err(match (e.class, tool_err) {
                (format::ErrorClass::Io, Some(t)) => t.into(),
                _ => e.into(),
            });
        }
    };
    if let Some(worker) = captured {
        let (sql, n) = worker
            .join()
            .map_err(|_| Error::Other("the SQL reader thread panicked".into()))?
            .map_err(|e| Error::Other(format!("reading pg_restore's SQL: {e}")))?;
        fks = n;
        let mut psql = pg::spawn_restore(
            &req.target,
            DumpFormat::Plain,
            &[],
            &pg::RestoreOptions::default(),
        )?;
        if let Err(e) = psql.write_all(&sql) {
            psql.finish()?;
            return Err(Error::Other(format!("writing to psql failed: {e}")));
        }
        psql.finish()?;
    }
    Ok(fks)
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

    /// Everything verified: send the tail; returns the writer.
    fn release(mut self) -> io::Result<W> {
        self.inner.write_all(&self.pending)?;
        self.inner.flush()?;
        Ok(self.inner)
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
    /// Erasure requests replayed on the scratch database (None: skipped or failed).
    pub erasure_requests_applied: Option<usize>,
    /// What the restore noticed (copies skipped, keys created NOT VALID).
    pub warnings: Vec<String>,
}

/// `coffer drill`: restore into a scratch database, compare, drop it,
/// record the result and the time to restore (the measured recovery time).
pub fn drill(
    vault: &Vault,
    rec: &ArchiveRecord,
    keys: &Keys,
    server: &ConnTarget,
    classes: &Option<Vec<String>>,
    erasure: &ErasureStep,
    from: Option<&str>,
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
        classes: classes.clone(),
        erasure: erasure.clone(),
        from: from.map(str::to_owned),
    };
    let mut result = restore_inner(vault, rec, keys, &req);
    if let Ok(r) = &mut result
        && r.mismatches.is_empty()
        && let Err(e) = erasure_step(vault, rec, keys, &req, r)
    {
        result = Err(e);
    }
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
        erasure_requests_applied: None,
        warnings: Vec::new(),
    };
    match &result {
        Ok(r) => {
            report.warnings = r.warnings.clone();
            report.restore_ms = r.restore_ms;
            report.check_ms = r.check_ms;
            report.tables_checked = r.tables_checked;
            report.mismatches = r.mismatches.clone();
            report.ok = r.mismatches.is_empty();
            report.erasure_requests_applied = r.erasure.as_ref().map(|e| e.requests_applied);
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

/// Creates `path` (never over an existing file) with `mode`, writes and syncs it.
pub fn write_new(path: &Path, mode: u32, bytes: &[u8]) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::no_statistics;

    #[test]
    fn statistics_stay_out_of_general_archives_of_sets_from_pg_dump_18() {
        assert_eq!(
            no_statistics("18.1", true).as_deref(),
            Some("--no-statistics")
        );
        assert_eq!(
            no_statistics("19devel", true).as_deref(),
            Some("--no-statistics")
        );
        assert_eq!(no_statistics("x", true), None);
        assert_eq!(
            no_statistics("19", true).as_deref(),
            Some("--no-statistics")
        );
        assert_eq!(no_statistics("18.1", false), None);
        assert_eq!(
            no_statistics("15.18", true),
            None,
            "pg_dump 15 has no such option"
        );
    }
}
