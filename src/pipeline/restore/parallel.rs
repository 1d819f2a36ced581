//! Restoring a parallel dump (`coffer backup --jobs N`, spec/format.md
//! "Parallel dumps"): the schema stream's pre-data first (its bytes kept in
//! memory, verified with the archive), then every data stream into a
//! pg_restore of its own at once, from one read of the archive, then the
//! members' rows, then post-data from the kept schema.

use std::collections::BTreeMap;
use std::io;
use std::sync::mpsc;

use super::{Holdback, Located, RestoreRequest, Script, stream_into};
use crate::catalog::ArchiveRecord;
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::format;
use crate::pg::script::Part;
use crate::pg::{self, DumpFormat};
use crate::pipeline::loose;
use crate::pipeline::vault::Vault;

/// The largest schema stream kept in memory between the passes (the
/// schema, sequence values and large objects of a parallel dump); a bigger
/// one is read again from the archive for each section instead.
const KEEP_LIMIT: usize = 256 << 20;

/// The schema stream's bytes, as the first pass read them; `None` once
/// they passed [`KEEP_LIMIT`].
pub(super) struct Kept(Option<Vec<u8>>);

impl Kept {
    pub(super) fn add(&mut self, data: &[u8]) {
        if let Some(buf) = &mut self.0 {
            if buf.len() + data.len() > KEEP_LIMIT {
                self.0 = None;
            } else {
                buf.extend_from_slice(data);
            }
        }
    }
}

/// The data streams of an archive of a parallel dump, with their tables;
/// empty for a dump of one stream.
pub(super) fn data_streams(rec: &ArchiveRecord) -> BTreeMap<String, Vec<String>> {
    rec.facts
        .get("data_streams")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

/// The general archive's schema stream.
pub(super) const SCHEMA: &str = "dump";
/// The same, of a plain-format dump.
const SCHEMA_SQL: &str = "dump.sql";

/// `restore --table` of a parallel dump: the tables' definitions and
/// sequences from the schema stream, their rows from the data streams that
/// hold them.
pub(super) fn selective(
    vault: &Vault,
    rec: &ArchiveRecord,
    path: &Located,
    keys: &Keys,
    req: &RestoreRequest,
) -> Result<()> {
    let kind = DumpFormat::Custom;
    stream_into(
        vault,
        rec,
        path,
        keys,
        req,
        kind,
        Script::Direct,
        &[],
        Some(SCHEMA),
        None,
    )?;
    for (stream, tables) in data_streams(rec) {
        let wanted: Vec<String> = req
            .tables
            .iter()
            .filter(|t| tables.iter().any(|q| super::table_matches(t, q)))
            .cloned()
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let sub = RestoreRequest {
            tables: wanted,
            ..req.clone()
        };
        stream_into(
            vault,
            rec,
            path,
            keys,
            &sub,
            kind,
            Script::Direct,
            &[],
            Some(&stream),
            None,
        )?;
    }
    Ok(())
}

/// Restores a set (or a lone archive) of which at least one archive is a
/// parallel dump. Returns the foreign keys a plain script's filter
/// rewrote; row counts are compared by the caller, as for any set.
#[allow(clippy::too_many_arguments)]
pub(super) fn restore(
    vault: &Vault,
    rec: &ArchiveRecord,
    path: &Located,
    members: &[ArchiveRecord],
    member_paths: &[Located],
    keys: &Keys,
    req: &RestoreRequest,
    absent: &[pg::script::Table],
    kind: DumpFormat,
) -> Result<Vec<pg::script::ForeignKey>> {
    let schema = if kind == DumpFormat::Custom {
        SCHEMA
    } else {
        SCHEMA_SQL
    };
    let one = |script: Script<'_>, extra: &[&str], keep: Option<&mut Kept>| {
        stream_into(
            vault,
            rec,
            path,
            keys,
            req,
            kind,
            script,
            extra,
            Some(schema),
            keep,
        )
    };
    let streams: Vec<String> = data_streams(rec).into_keys().collect();
    let jobs = req.jobs.unwrap_or(streams.len()).max(1);
    let mut kept = None;
    if kind == DumpFormat::Custom {
        // Pass 1: pre-data, committed only once the whole archive is verified.
        let mut k = Kept(Some(Vec::new()));
        one(Script::Direct, &["--section=pre-data"], Some(&mut k))?;
        kept = k.0.map(Into::<std::sync::Arc<[u8]>>::into);
        // The schema stream's own rows (sequence values, large objects).
        match &kept {
            Some(bytes) => from_memory(req, bytes, "--section=data", 1)?,
            None => {
                one(Script::Direct, &["--section=data"], None)?;
            }
        }
    } else {
        // A plain script: everything before post-data, in one transaction.
        one(Script::Filter(Part::Main, &[]), &[], None)?;
    }
    // Pass 2: every data stream at once.
    demux(vault, rec, path, keys, req, &streams, kind)?;
    for (m, p) in members.iter().zip(member_paths) {
        let ms: Vec<String> = data_streams(m).into_keys().collect();
        if ms.is_empty() {
            stream_into(
                vault,
                m,
                p,
                keys,
                req,
                super::dump_kind(m)?,
                Script::Direct,
                &[],
                None,
                None,
            )?;
        } else {
            demux(vault, m, p, keys, req, &ms, super::dump_kind(m)?)?;
        }
    }
    // Post-data: indexes and constraints once every row is in; with
    // pg_restore's own -j from memory where it can.
    match (kind, &kept, absent.is_empty()) {
        (DumpFormat::Custom, Some(bytes), true) => {
            from_memory(req, bytes, "--section=post-data", jobs)?;
            Ok(Vec::new())
        }
        (DumpFormat::Custom, _, true) => one(Script::Direct, &["--section=post-data"], None),
        (DumpFormat::Custom, _, false) => {
            one(Script::Capture(absent), &["--section=post-data"], None)
        }
        _ => one(Script::Filter(Part::Post, absent), &[], None),
    }
}

/// One section of the kept (already verified) schema stream, handed to
/// pg_restore as a memory file: in one transaction, or with `jobs` above 1
/// in that many connections (`pg_restore -j`, which allows no single
/// transaction).
fn from_memory(
    req: &RestoreRequest,
    bytes: &std::sync::Arc<[u8]>,
    section: &str,
    jobs: usize,
) -> Result<()> {
    let opts = pg::RestoreOptions {
        extra_args: vec![section.to_owned()],
        in_memory: Some(bytes.clone()),
        jobs,
        ..pg::RestoreOptions::default()
    };
    pg::spawn_restore(&req.target, DumpFormat::Custom, &[], &opts)?.finish()?;
    Ok(())
}

/// What the reader hands a stream's feeder.
enum Msg {
    Data(Vec<u8>),
    /// The archive is verified: send the held-back tail and finish.
    Release,
    /// The archive failed: kill the tool (its transaction rolls back).
    Abort,
}

/// Streams of a parallel dump read at once, in groups of `--jobs`: one
/// read of the archive per group, each stream into a pg_restore of its own
/// (one transaction each, its tail held back until the archive is verified).
fn demux(
    vault: &Vault,
    rec: &ArchiveRecord,
    from: &Located,
    keys: &Keys,
    req: &RestoreRequest,
    streams: &[String],
    kind: DumpFormat,
) -> Result<()> {
    if streams.is_empty() {
        return Ok(());
    }
    let per_pass = req.jobs.unwrap_or(streams.len()).clamp(1, streams.len());
    for group in streams.chunks(per_pass) {
        demux_pass(vault, rec, from, keys, req, group, kind)?;
    }
    Ok(())
}

/// Chunks queued per stream: with the reader's 256 KiB reads, 4 MiB.
const QUEUE: usize = 16;

fn demux_pass(
    vault: &Vault,
    rec: &ArchiveRecord,
    from: &Located,
    keys: &Keys,
    req: &RestoreRequest,
    group: &[String],
    kind: DumpFormat,
) -> Result<()> {
    let store = vault.store(&from.store)?;
    let src = crate::pipeline::copies::StoreSource {
        name: &from.store,
        store: store.as_ref(),
        key: &rec.key,
    };
    let mut feeders: BTreeMap<&str, mpsc::SyncSender<Msg>> = BTreeMap::new();
    let mut handles = Vec::new();
    for name in group {
        let opts = pg::RestoreOptions::default();
        let child = pg::spawn_restore(&req.target, kind, &[], &opts)?;
        let (tx, rx) = mpsc::sync_channel::<Msg>(QUEUE);
        let h = std::thread::Builder::new()
            .name(format!("coffer-restore-{name}"))
            .spawn(move || feed(child, &rx))
            .map_err(|e| Error::Other(format!("cannot start a restore thread: {e}")))?;
        feeders.insert(name.as_str(), tx);
        handles.push(h);
    }
    let read = {
        let mut sink = |stream: &str, data: &[u8]| -> io::Result<()> {
            match feeders.get(stream) {
                Some(tx) => tx
                    .send(Msg::Data(data.to_vec()))
                    .map_err(|_| io::Error::other("a restore thread stopped")),
                None => Ok(()),
            }
        };
        loose::read_checked_against(&src, Some(&from.keyless), keys, &mut sink)
    };
    for tx in feeders.values() {
        let _ = tx.send(if read.is_ok() {
            Msg::Release
        } else {
            Msg::Abort
        });
    }
    drop(feeders);
    let mut tool_err = None;
    for h in handles {
        let r = h
            .join()
            .unwrap_or_else(|_| Err(Error::Other("a restore thread panicked".into())));
        if let Err(e) = r {
            tool_err.get_or_insert(e);
        }
    }
    match (read, tool_err) {
        (Ok(_), None) => Ok(()),
        (Ok(_), Some(t)) => Err(t),
        // A broken stream: the tool's own error says why, as in stream_into.
        (Err(e), Some(t)) if e.class == format::ErrorClass::Io => Err(t),
        (Err(e), _) => Err(e.into()),
    }
}

/// A stream's feeder thread: writes what the reader sends into the tool,
/// the tail held back until [`Msg::Release`].
fn feed(child: pg::RestoreProcess, rx: &mpsc::Receiver<Msg>) -> Result<()> {
    let mut hold = Holdback::new(child);
    let mut failed: Option<io::Error> = None;
    loop {
        match rx.recv() {
            Ok(Msg::Data(d)) => {
                if failed.is_none()
                    && let Err(e) = hold.write(&d)
                {
                    failed = Some(e);
                }
            }
            Ok(Msg::Release) if failed.is_none() => {
                return match hold.release() {
                    Ok(child) => child.finish().map_err(Error::from),
                    Err(e) => Err(Error::Other(format!("writing to pg_restore failed: {e}"))),
                };
            }
            // Abort, a failed write, or the reader gone: nothing commits.
            // An abort is the reader's error, which the caller reports.
            _ => {
                let mut child = hold.inner;
                let _ = child.kill();
                let _ = child.finish();
                return match failed {
                    Some(e) => Err(Error::Other(format!("writing to pg_restore failed: {e}"))),
                    None => Ok(()),
                };
            }
        }
    }
}
