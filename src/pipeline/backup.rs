//! `coffer backup`: one snapshot, pg_dump streamed into a sealed archive per
//! class, registered after each seal is on disk (spec/format.md "Write order").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Map, Value, json};

use super::loose;
use crate::audit::{Action, Object, Outcome as AuditOutcome};
use crate::catalog::{ArchiveRecord, ArchiveStatus, RunKind};
use crate::crypto::Encryption;
use crate::crypto::sign::SigningKey;
use crate::error::{Error, Result};
use crate::format::{self, Header, names};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode};
use crate::store::LocalStore;

use super::vault::{Vault, ms, store_err};
use super::verify::verify;
use crate::format::names::GENERAL;

#[derive(Debug, Clone)]
pub struct BackupOptions {
    pub format: DumpFormat,
    pub row_counts: RowCountMode,
    /// A class table pattern that matches nothing is an error, not a warning.
    pub strict: bool,
    /// pg_dump processes per archive (`--jobs`, `[backup] jobs`): 1 is one
    /// stream per archive; more splits each class's tables by size among
    /// that many data streams in one archive (custom format only).
    pub jobs: usize,
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
    let result = vault.recorded(RunKind::Backup, None, details, |v| {
        let r = backup_inner(v, opts, progress)?;
        let d = json!({ "archive_id": r.archive.id, "size": r.archive.size, "payload_size": r.payload_size,
            "members": r.members.iter().map(|m| &m.id).collect::<Vec<_>>(), "timings_ms": r.timings_ms });
        Ok((r, d))
    });
    // The audit log: one entry per archive registered, or one for the
    // failed run; after a good run the entries go to the stores written to
    // (after a failed one, the next good run takes them there: the store
    // may be what failed, full or gone).
    // General stores only, as the erasure ledger (spec/audit.md "Segments").
    let stores = [
        super::copies::LOCAL.to_owned(),
        vault.config.primary_store_name(GENERAL),
    ];
    match &result {
        Ok(r) => {
            for a in std::iter::once(&r.archive).chain(&r.members) {
                vault.audit(
                    Action::Backup,
                    Object::Archive(a.id.clone()),
                    AuditOutcome::Ok,
                    json!({ "class": a.class, "store": a.store, "size": a.size, "sha256": a.sha256,
                        "payload_kind": a.payload_kind, "set": a.set_id, "recipients": a.recipients }),
                );
            }
        }
        Err(e) => {
            vault.audit(
                Action::Backup,
                Object::Vault,
                AuditOutcome::Failed,
                json!({ "format": opts.format.as_str(), "error": e.to_string() }),
            );
            return result;
        }
    }
    vault.publish_audit(stores.iter().map(String::as_str));
    result
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
    /// One pg_dump per stream, all in the same snapshot; more than one are
    /// written interleaved (header version 2).
    streams: Vec<DumpStream>,
    /// Whose row counts go into the manifest.
    counted: Counted<'a>,
    set_id: Option<String>,
    /// For the general archive of a set: the classes whose archives belong to it.
    set_classes: Vec<String>,
    /// For the general archive of a set: the tables whose rows are in those
    /// archives, by class (a restore without a class knows what it lacks).
    class_tables: ClassTables,
}

/// One payload stream of an archive and the pg_dump arguments that make it.
struct DumpStream {
    name: String,
    args: Vec<String>,
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
    for id in clean_interrupted(vault)? {
        warnings.push(format!(
            "removed archive {id}: a backup killed before registering it left it in the store"
        ));
    }

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
    // A schema-only dump has no rows to share out.
    let jobs = match opts.format {
        DumpFormat::SchemaOnly => 1,
        _ => opts.jobs.clamp(1, super::shares::MAX_JOBS),
    };
    let sizes = if jobs > 1 {
        session.table_sizes()?
    } else {
        BTreeMap::new()
    };
    // Whole seconds: the header, the seal and the catalog show the same time.
    let now =
        || jiff::Timestamp::from_second(crate::now().as_second()).unwrap_or_else(|_| crate::now());
    let created = now();
    let general_id = names::new_archive_id(created);
    let has_members =
        opts.format != DumpFormat::SchemaOnly && classes.values().any(|t| !t.is_empty());
    let general_tables: Vec<String> = tables
        .iter()
        .filter(|t| !class_table_set.contains(t))
        .cloned()
        .collect();
    let general_shares = super::shares::split_by_size(&general_tables, &sizes, jobs);
    let statistics = no_statistics(&pg_dump_version, has_members);
    let general_streams = if general_shares.len() > 1 {
        // The schema, sequence values and large objects in one stream, each
        // share's rows in one of its own (spec "Parallel dumps").
        let mut v = vec![DumpStream {
            name: stream_name.to_owned(),
            args: tables
                .iter()
                .map(|t| format!("--exclude-table-data={t}"))
                .chain(statistics.clone())
                .collect(),
        }];
        v.extend(share_streams(&general_shares));
        v
    } else {
        vec![DumpStream {
            name: stream_name.to_owned(),
            args: class_table_set
                .iter()
                .map(|t| format!("--exclude-table-data={t}"))
                .chain(statistics)
                .collect(),
        }]
    };
    // The general archive: the whole schema, every row except the classes' tables' rows.
    let general = ArchiveJob {
        id: general_id.clone(),
        created,
        class: GENERAL,
        kind: kind.clone(),
        streams: general_streams,
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
            let shares = super::shares::split_by_size(ts, &sizes, jobs);
            let streams = if shares.len() > 1 {
                share_streams(&shares)
            } else {
                let mut args = vec!["--data-only".to_owned()];
                args.extend(ts.iter().map(|t| format!("--table={t}")));
                vec![DumpStream {
                    name: stream_name.to_owned(),
                    args,
                }]
            };
            let created = now();
            let job = ArchiveJob {
                id: names::new_archive_id(created),
                created,
                class,
                kind: format!("{kind}+data-only"),
                streams,
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

/// The data streams of a parallel dump, one per share: `data.1`, `data.2`, ...
fn share_streams(shares: &[Vec<String>]) -> Vec<DumpStream> {
    shares
        .iter()
        .enumerate()
        .map(|(i, ts)| DumpStream {
            name: super::shares::data_stream_name(i + 1),
            args: std::iter::once("--data-only".to_owned())
                .chain(ts.iter().map(|t| format!("--table={t}")))
                .collect(),
        })
        .collect()
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
    let mut header = Header::new(
        job.id.clone(),
        job.created,
        job.class,
        &job.kind,
        cfg.backup.part_size,
    );
    header
        .source
        .insert("database".into(), json!(session.database()));
    header.source.insert("host".into(), json!(target.host()));
    header.source.insert("port".into(), json!(target.port()));
    if job.streams.len() > 1 {
        header.version = format::meta::INTERLEAVED_VERSION;
    }
    let spec = SealedSpec {
        header,
        created: job.created,
        stream_name: &job.streams[0].name,
        set_id: job.set_id.clone(),
    };
    let stage_name = match job.class {
        GENERAL => "dump_and_pack".to_owned(),
        class => format!("dump_and_pack_{class}"),
    };
    let audit_head = vault.catalog.audit_head()?;
    write_sealed(vault, &spec, |w| -> Result<Map<String, Value>> {
        let t_dump = Instant::now();
        let mut dumps = Vec::with_capacity(job.streams.len());
        let mut inputs: Vec<(String, Box<dyn std::io::Read + Send>)> = Vec::new();
        for (i, st) in job.streams.iter().enumerate() {
            let mut dump = pg::spawn_dump(target, session.id(), opts.format, &st.args)?;
            let Some(stdout) = dump.take_stdout() else {
                return Err(Error::Other("pg_dump has no output pipe".into()));
            };
            let stdout: Box<dyn std::io::Read + Send> =
                if i == 0 && crate::fault_armed("backup-dump") {
                    Box::new(DumpFault(Box::new(stdout)))
                } else {
                    Box::new(stdout)
                };
            dumps.push(dump);
            inputs.push((st.name.clone(), stdout));
        }
        // Read on threads of their own: pg_dump keeps writing while a part is compressed.
        let copied = if inputs.len() == 1 {
            let (name, input) = inputs.remove(0);
            w.copy_stream_threaded(&name, input, progress).map(|_| ())
        } else {
            w.copy_streams_interleaved(inputs, progress).map(|_| ())
        };
        if let Err(e) = copied {
            // pg_dump's own failure explains a broken stream better than the read error.
            for d in &mut dumps {
                let _ = d.kill();
            }
            let mut first_tool_err = None;
            for d in dumps {
                if let Err(pg_err) = d.finish() {
                    first_tool_err.get_or_insert(pg_err);
                }
            }
            return Err(match first_tool_err {
                Some(pg_err)
                    if e.class == format::ErrorClass::Io && e.message().starts_with("reading") =>
                {
                    pg_err.into()
                }
                _ => e.into(),
            });
        }
        // Every pg_dump must have ended well: one that died early ended its
        // stream short, which only its exit status tells.
        let mut failed = None;
        for d in dumps {
            if let Err(e) = d.finish() {
                failed.get_or_insert(e);
            }
        }
        if let Some(e) = failed {
            return Err(e.into());
        }
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
        // The audit log's head when the archive was made: a log cut after
        // it is visible (spec/audit.md "Truncation").
        if let Some((seq, hash)) = &audit_head {
            facts.insert("audit_head".into(), json!({ "seq": seq, "hash": hash }));
        }
        if let Some(set) = &job.set_id {
            facts.insert("set".into(), json!(set));
        }
        if job.streams.len() > 1 {
            // Which tables' rows each data stream holds (spec "Parallel dumps").
            let data: Map<String, Value> = job
                .streams
                .iter()
                .filter(|st| st.args.first().map(String::as_str) == Some("--data-only"))
                .map(|st| {
                    let ts: Vec<&str> = st
                        .args
                        .iter()
                        .filter_map(|a| a.strip_prefix("--table="))
                        .collect();
                    (st.name.clone(), json!(ts))
                })
                .collect();
            facts.insert("data_streams".into(), Value::Object(data));
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
    })
}

/// What [`write_sealed`] writes: the header (its id, class, kind and
/// created time are the archive's), and the one payload stream's name.
pub(super) struct SealedSpec<'a> {
    pub header: Header,
    /// The header's `created`, as a timestamp (the catalog's and retention's time).
    pub created: jiff::Timestamp,
    pub stream_name: &'a str,
    pub set_id: Option<String>,
}

/// Writes one sealed archive of the vault (spec/format.md "Write order"):
/// under a temporary name in its class's store, `body` streaming the
/// payload and returning the manifest facts, then fsync, seal, rename. Any
/// error (from `body` too) leaves no file behind. The archive is not yet
/// registered: [`register`] does that, [`discard`] undoes this.
pub(super) fn write_sealed(
    vault: &Vault,
    spec: &SealedSpec<'_>,
    body: impl FnOnce(&mut format::ArchiveWriter) -> Result<Map<String, Value>>,
) -> Result<(ArchiveRecord, PathBuf, u64)> {
    let cfg = &vault.config;
    let class = spec.header.class.as_str();
    let id = spec.header.archive_id.clone();
    let encryption = Encryption::Age(cfg.class_recipients(class)?);
    let signing_key = SigningKey::load(&cfg.signing_key_path())?;
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
        header: spec.header.clone(),
        stream_name: spec.stream_name.into(),
    };
    let store = LocalStore::new(cfg.class_store_dir(class));
    let dir = store
        .ensure_class_dir(class)
        .map_err(|e| store_err("cannot create the store directory", store.root(), e))?;
    remove_stale_temp_files(&dir);
    let staged = loose::stage(&req, &dir, body)?;
    let key = LocalStore::key_for(class, &id, encryption.mode().extension());
    let path = store
        .path(&key)
        .ok_or_else(|| Error::Store(format!("invalid store key {key}")))?;
    // The marker goes first: a kill from here until [`register`] leaves a
    // sealed archive that the catalog does not know, and the marker says so.
    let marker = pending_marker(&path);
    super::vault::write_new(&marker, 0o600, &[])?;
    loose::sync_dir(&dir);
    let packed = match staged.commit(&path, &encryption, &signing_key) {
        Ok(p) => p,
        Err(e) => {
            let _ = std::fs::remove_file(&marker);
            return Err(e.into());
        }
    };
    let w = &packed.written;
    let record = ArchiveRecord {
        id: id.clone(),
        class: class.into(),
        created: spec.created,
        store: store_name(cfg, class),
        key,
        size: w.ciphertext_size,
        sha256: w.ciphertext_sha256.to_hex(),
        encryption: encryption.mode().as_str().into(),
        recipients: encryption.fingerprints(),
        payload_kind: spec.header.payload_kind.clone(),
        seal: String::from_utf8_lossy(&packed.seal.bytes).into_owned(),
        facts: Value::Object(w.manifest.facts.clone()),
        run_id: None,
        set_id: spec.set_id.clone(),
        status: ArchiveStatus::Good,
    };
    check_placement(cfg, &record)?;
    Ok((record, path, w.manifest.payload_size()))
}

/// Registers the archives of one backup run, all or none (one catalog
/// transaction): only after every class's archive is on disk with its seal,
/// and each was read back against its seal (the first, keyless
/// verification; recorded once the archives are registered). Then the
/// pending markers go. An error means nothing was registered.
pub(super) fn register(vault: &Vault, records: &[&ArchiveRecord]) -> Result<()> {
    let signer = vault.signer()?;
    for r in records {
        let keyless = loose::verify_keyless(&vault.archive_path(r)?, Some(&signer))?;
        super::verify::check_seal_matches_record(&keyless.seal.seal, r)?;
    }
    crate::fault("backup-before-register");
    let owned: Vec<ArchiveRecord> = records.iter().map(|r| (*r).clone()).collect();
    vault.catalog.insert_archives(&owned)?;
    for r in records {
        if let Ok(p) = vault.archive_path(r) {
            let _ = std::fs::remove_file(pending_marker(&p));
        }
    }
    crate::fault("backup-after-register");
    // Registered and checked: a catalog that cannot take the record of the
    // check now does not undo that; it is said.
    for r in records {
        if let Err(e) = verify(vault, r, None) {
            crate::audit::warn(format!(
                "archive {} is registered, but its first verification could not be recorded: {e}",
                r.id
            ));
        }
    }
    Ok(())
}

/// `ARCHIVE.pending`, beside an archive from just before its rename into
/// place until it is registered: what a killed backup leaves is then
/// recognisable (spec/format.md "Write order").
pub const PENDING_SUFFIX: &str = ".pending";

pub(super) fn pending_marker(archive: &Path) -> PathBuf {
    let mut p = archive.as_os_str().to_owned();
    p.push(PENDING_SUFFIX);
    PathBuf::from(p)
}

/// pg_dump's output, with the `backup-dump` fault point at its first bytes.
struct DumpFault(Box<dyn std::io::Read + Send>);

impl std::io::Read for DumpFault {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        if n > 0 {
            crate::fault("backup-dump");
        }
        Ok(n)
    }
}

/// Removes the files of archives written by a run that then failed, so that
/// neither the catalog nor a rebuild ever sees half a set.
pub(super) fn discard(vault: &Vault, records: &[ArchiveRecord]) {
    for r in records {
        if let Ok(p) = vault.archive_path(r) {
            for suffix in [
                "",
                format::seal::SIG_SUFFIX,
                format::seal::SEAL_SUFFIX,
                PENDING_SUFFIX,
            ] {
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

/// Removes what backups killed between an archive's rename and its
/// registration left in the vault's stores: every archive with a pending
/// marker that the catalog does not know (its seal and signature with it),
/// and the markers. Returns the archive ids removed. Only called with the
/// writer lock held, so no running backup owns a marker.
pub fn clean_interrupted(vault: &Vault) -> Result<Vec<String>> {
    let cfg = &vault.config;
    let mut classes = vec![GENERAL.to_owned()];
    classes.extend(cfg.classes.keys().cloned());
    let mut removed = Vec::new();
    for class in classes {
        let dir = cfg.class_store_dir(&class).join(&class);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(archive) = name.strip_suffix(PENDING_SUFFIX) else {
                continue;
            };
            let id = archive.split('.').next().unwrap_or_default();
            if vault.catalog.archive(id)?.is_none() {
                for suffix in ["", format::seal::SIG_SUFFIX, format::seal::SEAL_SUFFIX] {
                    let _ = std::fs::remove_file(dir.join(format!("{archive}{suffix}")));
                }
                removed.push(id.to_owned());
            }
            std::fs::remove_file(e.path())
                .map_err(|err| store_err("cannot remove", &e.path(), err))?;
        }
        loose::sync_dir(&dir);
    }
    Ok(removed)
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
