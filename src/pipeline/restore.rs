//! `coffer restore`: seal and hashes checked first, the payload streamed into
//! pg_restore/psql with its tail held back until verified, row counts
//! compared, the erasure ledger replayed (spec/format.md "Restore").

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Instant;

use serde_json::{Value, json};

use super::loose;
use crate::catalog::{ArchiveRecord, ArchiveStatus, RunKind};
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::format::{self};
use crate::pg::script::{self, Part};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode};

use super::vault::{Vault, ms};
use crate::format::names::GENERAL;

mod parallel;
use parallel::Kept;

#[derive(Debug, Clone)]
pub struct RestoreRequest {
    pub target: ConnTarget,
    /// Selective restore of these tables (of the named archive only).
    pub tables: Vec<String>,
    pub create: bool,
    /// Restore the whole archive into a database that already holds
    /// objects (`--into-existing`). Without it (and without `create`) a
    /// whole restore refuses a target that is not empty; a selective
    /// restore (`tables`) goes into an existing database by design.
    pub into_existing: bool,
    /// Which classes of a multi-class set to restore with the general
    /// archive (default: all of them).
    pub classes: Option<Vec<String>>,
    /// Replay the GDPR erasure ledger after the restore (the default), or
    /// skip it for a recorded reason.
    pub erasure: ErasureStep,
    /// Read every archive from this store (`--from`); default: the primary
    /// store, falling back to any store with a good copy.
    pub from: Option<String>,
    /// Data streams of a parallel dump restored at once (`--jobs`);
    /// default: all of an archive's.
    pub jobs: Option<usize>,
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
pub(super) fn erasure_step(
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
    let result = vault.recorded(RunKind::Restore, Some(&rec.id), details, |v| {
        let mut r = restore_inner(v, rec, keys, req)?;
        if !r.mismatches.is_empty() {
            return Err(mismatch_error(&r));
        }
        erasure_step(v, rec, keys, req, &mut r)?;
        let d = serde_json::to_value(&r).unwrap_or(Value::Null);
        Ok((r, d))
    });
    vault.audit(
        crate::audit::Action::Restore,
        crate::audit::Object::Archive(rec.id.clone()),
        crate::audit::Outcome::of(&result),
        json!({ "database": req.target.database(), "tables": req.tables,
            "from": req.from,
            "tables_checked": result.as_ref().ok().map(|r| r.tables_checked),
            "erasure_requests_applied": result.as_ref().ok().and_then(|r| r.erasure.as_ref()).map(|e| e.requests_applied),
            "error": result.as_ref().err().map(ToString::to_string) }),
    );
    result
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

pub(super) fn restore_inner(
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
    if !req.create && !req.into_existing && req.tables.is_empty() {
        refuse_non_empty(&req.target)?;
    }
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

/// A whole restore goes into an empty database unless told otherwise: it
/// would mix the archive's objects with the ones there (or fail on the
/// first that exists), which is rarely what was meant. Checked before
/// anything is sent, so a refusal changes nothing.
fn refuse_non_empty(target: &ConnTarget) -> Result<()> {
    let (n, names) = pg::user_objects(target)?;
    if n == 0 {
        return Ok(());
    }
    Err(Error::Input(format!(
        "database {} is not empty: it holds {n} object(s) ({}{}); restore into an empty database \
         (--create makes a new one), or pass --into-existing to restore into this one \
         (one transaction: an object that exists already fails it and nothing changes)",
        target.database(),
        names.join(", "),
        if n > names.len() as i64 { ", ..." } else { "" }
    )))
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
        stream_into(vault, rec, path, keys, req, kind, script, extra, None, None)
    };
    let mut fks = Vec::new();
    let parallel = kind != DumpFormat::SchemaOnly
        && req.tables.is_empty()
        && std::iter::once(rec)
            .chain(members)
            .any(|a| !parallel::data_streams(a).is_empty());
    if custom && !req.tables.is_empty() && !parallel::data_streams(rec).is_empty() {
        parallel::selective(vault, rec, path, keys, req)?;
    } else if parallel {
        fks = parallel::restore(
            vault,
            rec,
            path,
            members,
            member_paths,
            keys,
            req,
            &absent,
            kind,
        )?;
    } else if members.is_empty() && absent.is_empty() {
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
            stream_into(
                vault,
                m,
                p,
                keys,
                req,
                dump_kind(m)?,
                Script::Direct,
                &[],
                None,
                None,
            )?;
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
    only: Option<&str>,
    mut keep: Option<&mut Kept>,
) -> Result<Vec<script::ForeignKey>> {
    let store = vault.store(&from.store)?;
    let src = super::copies::StoreSource {
        name: &from.store,
        store: store.as_ref(),
        key: &rec.key,
    };
    let tables: &[String] = if rec.class == GENERAL {
        &req.tables
    } else {
        &[]
    };
    // A selective restore of a custom dump: the tables with the sequences
    // their defaults use, as an exact TOC list.
    // A data stream of a parallel dump holds rows only: pg_restore's own
    // `-t` selects them (the definitions and sequences came from `dump`).
    let schema_stream = only.is_none_or(|o| o == parallel::SCHEMA);
    let list = if kind == DumpFormat::Custom && !tables.is_empty() && schema_stream {
        table_list(&src, &from.keyless, keys, &req.target, tables, only)?
    } else {
        None
    };
    let tables = if list.is_some() { &[] } else { tables };
    let opts = pg::RestoreOptions {
        dump_tables: row_counts_of(rec).map(|m| m.keys().cloned().collect()),
        extra_args: extra.iter().map(|s| (*s).to_owned()).collect(),
        to_script: matches!(script, Script::Capture(_)),
        // Printed SQL gets its transaction from the psql that runs it.
        single_transaction: !matches!(script, Script::Capture(_)),
        list,
        ..pg::RestoreOptions::default()
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
        let mut sink = |stream: &str, data: &[u8]| {
            if only.is_some_and(|o| o != stream) {
                return Ok(());
            }
            if let Some(k) = keep.as_deref_mut() {
                k.add(data);
            }
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

/// The largest TOC read for a selective restore (it holds every object's
/// definition: the schema, not the rows).
const TOC_LIMIT: usize = 256 << 20;

/// The `pg_restore -L` list for a selective restore of `tables` from a
/// custom dump: what `pg_restore -t` restores plus the sequences the
/// tables' column defaults use, with their values, those defaults, and
/// `OWNED BY` where the owner is restored ([`pg::toc::selection`]); a
/// sequence that the target already has is left as it is. The dump's head
/// (its TOC) is read in a pass of its own that stops once the TOC is in;
/// the restore's pass checks every byte again. `None`: a TOC this reader
/// does not know (pg_restore's own `-t` then selects).
fn table_list(
    src: &dyn loose::Source,
    keyless: &loose::Keyless,
    keys: &Keys,
    target: &ConnTarget,
    tables: &[String],
    only: Option<&str>,
) -> Result<Option<String>> {
    use pg::toc::{self, TocError};
    let wanted = tables
        .iter()
        .map(|t| pg::process::parse_qualified_name(t))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut head = Vec::new();
    let mut next_try = 64 << 10;
    let mut read: Option<std::result::Result<Vec<toc::Entry>, TocError>> = None;
    let mut sink = |stream: &str, data: &[u8]| -> io::Result<()> {
        if only.is_some_and(|o| o != stream) {
            return Ok(());
        }
        head.extend_from_slice(data);
        if head.len() < next_try {
            return Ok(());
        }
        match toc::read(&head) {
            Err(TocError::Short) if head.len() <= TOC_LIMIT => {
                next_try = head.len() * 2;
                Ok(())
            }
            r => {
                read = Some(r);
                // Enough read: stop the pass here.
                Err(io::Error::other("the TOC is in"))
            }
        }
    };
    let pass = loose::read_checked_against(src, Some(keyless), keys, &mut sink);
    let parsed = match read {
        Some(r) => r,
        None => {
            pass?;
            toc::read(&head)
        }
    };
    let entries = match parsed {
        Ok(e) => e,
        Err(TocError::Unsupported(_)) => return Ok(None),
        Err(TocError::Short) => {
            return Err(Error::Input(format!(
                "the dump's table of contents is cut short or larger than {} MiB",
                TOC_LIMIT >> 20
            )));
        }
    };
    let present = toc::sequences(target)?;
    let (ids, missing) = toc::selection(&entries, &wanted, &|s, n| {
        present.contains(&(s.to_owned(), n.to_owned()))
    });
    if let Some(i) = missing.first() {
        return Err(pg::Error::UnknownTable(tables[*i].clone()).into());
    }
    Ok(Some(toc::list(&ids)))
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
