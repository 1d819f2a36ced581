//! `coffer import FILE...`: the seed's existing dump files (`.sql`, `.sql.gz`,
//! `.sql.gpg`, `.sql.gz.gpg`, custom-format `pg_dump -Fc` output) become
//! sealed archives of the general class, marked `imported` (spec/format.md
//! "Header", `imported`; README "Import").
//!
//! Each file is decoded as it streams (OpenPGP/age decryption, then gzip)
//! straight into the archive writer: no plaintext byte reaches the disk
//! (DESIGN non-negotiable 1). Its creation time comes from the file name
//! ([`NamePattern`]) or else its mtime, and becomes the archive id's time,
//! the header's and seal's `created` and the catalog's, so retention sorts
//! imported archives among the others by the time the dump was taken.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use super::backup::{SealedSpec, discard, register, write_sealed};
use super::vault::{Vault, ms};
use crate::catalog::{ArchiveFilter, ArchiveRecord, RunKind};
use crate::crypto::Keys;
use crate::digest::Hasher;
use crate::error::{Error, Result};
use crate::format::names::{self, GENERAL};
use crate::format::{self, ErrorClass, Header};
use crate::pg::DumpFormat;

/// The seed's file names: `fis_learn_$(date +%Y%m%d_%H%M%S).sql.gz`.
pub const DEFAULT_NAME_PATTERN: &str = "fis_learn_%Y%m%d_%H%M%S";

/// How much of the decoded stream the format sniff looks at.
const SNIFF: usize = 1024;

/// The custom format's magic (pg_backup_archiver.c `WriteHead`).
const CUSTOM_MAGIC: &[u8] = b"PGDMP";
/// The first lines of every plain-SQL `pg_dump` script (pg_backup_archiver.c
/// `RestoreArchive`: "--\n-- PostgreSQL database dump\n--\n").
const PLAIN_MARK: &[u8] = b"--\n-- PostgreSQL database dump";

/// Where an imported archive's creation time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CreatedFrom {
    /// The file name matched the name pattern.
    Name,
    /// The file's modification time.
    Mtime,
}

impl CreatedFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            CreatedFrom::Name => "name",
            CreatedFrom::Mtime => "mtime",
        }
    }
}

/// One piece of a [`NamePattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Lit(char),
    /// `*`: any run of characters (possibly empty).
    Any,
    /// A `%` directive: which field, and its exact number of digits.
    Field(Field, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// A file-name pattern that carries a creation time (`[import]
/// name_pattern`, `--pattern`), matched against the start of the file name
/// (no directory); what follows the match must be empty or start with `.`
/// (the extensions). Directives: `%Y` (4 digits), `%m`, `%d`, `%H`, `%M`,
/// `%S` (2 digits each), `%%` (a `%`); `*` matches any run of characters;
/// anything else matches itself. `%Y`, `%m` and `%d` are required; a
/// missing `%H`/`%M`/`%S` is 0. The time is read in `[import] timezone`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePattern {
    text: String,
    tokens: Vec<Token>,
}

impl NamePattern {
    pub fn parse(text: &str) -> std::result::Result<NamePattern, String> {
        let mut tokens = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '*' => Token::Any,
                '%' => match chars.next() {
                    Some('Y') => Token::Field(Field::Year, 4),
                    Some('m') => Token::Field(Field::Month, 2),
                    Some('d') => Token::Field(Field::Day, 2),
                    Some('H') => Token::Field(Field::Hour, 2),
                    Some('M') => Token::Field(Field::Minute, 2),
                    Some('S') => Token::Field(Field::Second, 2),
                    Some('%') => Token::Lit('%'),
                    Some(o) => {
                        return Err(format!(
                            "name pattern {text:?}: unknown directive %{o} (known: %Y %m %d %H %M %S %%)"
                        ));
                    }
                    None => return Err(format!("name pattern {text:?} ends in a lone %")),
                },
                c => Token::Lit(c),
            });
        }
        for f in [Field::Year, Field::Month, Field::Day] {
            if !tokens
                .iter()
                .any(|t| matches!(t, Token::Field(g, _) if *g == f))
            {
                return Err(format!(
                    "name pattern {text:?} needs %Y, %m and %d (the date of the dump)"
                ));
            }
        }
        Ok(NamePattern {
            text: text.to_owned(),
            tokens,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The civil date and time in `name`, if the pattern matches it.
    /// `Err` when it matches but the digits are no date ("20241345").
    pub fn civil(&self, name: &str) -> std::result::Result<Option<jiff::civil::DateTime>, String> {
        let chars: Vec<char> = name.chars().collect();
        let mut fields = [0i64; 6];
        if !match_at(&self.tokens, &chars, &mut fields) {
            return Ok(None);
        }
        let [y, mo, d, h, mi, s] = fields;
        let narrow = |v: i64| i8::try_from(v).unwrap_or(i8::MAX);
        jiff::civil::DateTime::new(
            i16::try_from(y).unwrap_or(i16::MAX),
            narrow(mo),
            narrow(d),
            narrow(h),
            narrow(mi),
            narrow(s),
            0,
        )
        .map(Some)
        .map_err(|e| {
            format!(
                "{name} matches name pattern {:?} but holds no valid date and time: {e}",
                self.text
            )
        })
    }
}

/// Backtracking match of `tokens` against a prefix of `s` that is followed
/// by nothing or by `.`; fills `fields` (year, month, day, hour, minute, second).
fn match_at(tokens: &[Token], s: &[char], fields: &mut [i64; 6]) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return s.first().is_none_or(|c| *c == '.');
    };
    match first {
        Token::Lit(c) => s.first() == Some(c) && match_at(rest, &s[1..], fields),
        Token::Any => (0..=s.len()).any(|i| match_at(rest, &s[i..], fields)),
        Token::Field(f, width) => {
            if s.len() < *width || !s[..*width].iter().all(char::is_ascii_digit) {
                return false;
            }
            let v = s[..*width]
                .iter()
                .fold(0i64, |n, c| n * 10 + i64::from(c.to_digit(10).unwrap_or(0)));
            let slot = *f as usize;
            let saved = fields[slot];
            fields[slot] = v;
            if match_at(rest, &s[*width..], fields) {
                return true;
            }
            fields[slot] = saved;
            false
        }
    }
}

/// What `coffer import` needs besides the files.
pub struct ImportOptions {
    /// The class of the archives: `general`, or a `[classes.NAME]` (whose
    /// recipients and store it then gets, spec/classes.md).
    pub class: String,
    pub pattern: NamePattern,
    pub timezone: TimeZone,
    /// The passphrase of encrypted files (`--passphrase-file`).
    pub keys: Keys,
    pub has_passphrase: bool,
}

impl ImportOptions {
    /// From `[import]`, with `--pattern` over `name_pattern`.
    ///
    /// A vault that keeps classes apart (spec/classes.md) needs `class`: a
    /// dump of the whole database holds those classes' rows, which must
    /// never land in a general archive unless the operator says the files
    /// hold none of them.
    pub fn from_config(
        config: &crate::config::Config,
        class: Option<&str>,
        pattern: Option<&str>,
        passphrase: Option<age::secrecy::SecretString>,
    ) -> Result<ImportOptions> {
        let cfg = &config.import;
        let separated: Vec<&str> = config
            .classes
            .iter()
            .filter(|(_, c)| !c.tables.is_empty())
            .map(|(n, _)| n.as_str())
            .collect();
        let class = match class {
            Some(c) if c == GENERAL || config.classes.contains_key(c) => c.to_owned(),
            Some(c) => {
                return Err(Error::Config(format!(
                    "--class {c}: no such class (general, or a [classes.NAME] of the config)"
                )));
            }
            None => match separated.first() {
                None => GENERAL.to_owned(),
                Some(first) => {
                    return Err(Error::Config(format!(
                        "this vault keeps class {} apart, and a dump of the whole database holds its rows: pass --class {first} to import into that class's archives (its keys and store), or --class general if the files hold none of its rows",
                        separated.join(", ")
                    )));
                }
            },
        };
        let text = pattern
            .or(cfg.name_pattern.as_deref())
            .unwrap_or(DEFAULT_NAME_PATTERN);
        let pattern = NamePattern::parse(text).map_err(Error::Config)?;
        let timezone = match cfg.timezone.as_deref() {
            None | Some("UTC") => TimeZone::UTC,
            Some(name) => TimeZone::get(name).map_err(|e| {
                Error::Config(format!(
                    "[import] timezone = {name:?} is not a known time zone: {e}"
                ))
            })?,
        };
        let mut keys = Keys::new();
        let has_passphrase = passphrase.is_some();
        if let Some(p) = passphrase {
            keys.set_passphrase(p);
        }
        Ok(ImportOptions {
            class,
            pattern,
            timezone,
            keys,
            has_passphrase,
        })
    }
}

/// A file's creation time: from its name, else its mtime; whole seconds,
/// UTC (the archive id's and header's resolution).
pub fn source_time(path: &Path, opts: &ImportOptions) -> Result<(Timestamp, CreatedFrom)> {
    let name = file_name(path);
    if let Some(civil) = opts.pattern.civil(&name).map_err(Error::Input)? {
        // A time that a DST change skips or repeats is read as before the change.
        let t = opts
            .timezone
            .to_ambiguous_timestamp(civil)
            .compatible()
            .map_err(|e| Error::Input(format!("{name}: {e}")))?;
        return Ok((t, CreatedFrom::Name));
    }
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    let t = Timestamp::try_from(modified)
        .map_err(|e| Error::Input(format!("{}: unusable mtime: {e}", path.display())))?;
    Ok((whole_seconds(t), CreatedFrom::Mtime))
}

fn whole_seconds(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The file as read: SHA-256 and size of every byte taken from it.
struct Tapped {
    file: File,
    tally: Arc<Mutex<Hasher>>,
}

impl Read for Tapped {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .update(&buf[..n]);
        Ok(n)
    }
}

/// The first read error of the decoding layers, kept so that a damaged
/// file (a truncated gzip, a failed OpenPGP MDC) is reported as such and not
/// as the archive writer's generic read failure.
struct Watched<R> {
    inner: R,
    failed: Rc<RefCell<Option<io::Error>>>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            let mut slot = self.failed.borrow_mut();
            if slot.is_none() {
                *slot = Some(io::Error::new(e.kind(), e.to_string()));
            }
        })
    }
}

/// An opened dump file: the decoded stream, what was peeled off, the format.
struct Opened {
    /// The decoded dump (the sniffed head first).
    stream: Box<dyn Read>,
    /// Outermost first: the encryption mode (`openpgp-symmetric`, ...), `gzip`.
    layers: Vec<String>,
    format: DumpFormat,
    head: Vec<u8>,
    tally: Arc<Mutex<Hasher>>,
    /// A second handle on the file (same offset), to hash what the decoders left.
    rest: File,
}

/// Not a pg_dump file: refused before anything is written (exit 5).
fn not_a_dump(file: &str, why: impl std::fmt::Display) -> Error {
    Error::Format(format::Error::new(
        ErrorClass::NotAnArchive,
        format!("{file}: not a pg_dump file: {why}"),
    ))
}

/// A dump file damaged past its head (truncated, failed checksum): exit 5.
fn damaged(file: &str, e: &io::Error) -> Error {
    let class = if e.kind() == io::ErrorKind::UnexpectedEof {
        ErrorClass::Truncated
    } else {
        ErrorClass::Corrupt
    };
    Error::Format(format::Error::new(
        class,
        format!("{file}: the file is damaged: {e}"),
    ))
}

fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Opens `path`, removes its encryption (if its first byte is an OpenPGP
/// packet tag or it is an age file) and its gzip layer (if it starts with
/// the gzip magic), then sniffs the dump format in the first KiB. Only the
/// head is read here; the rest is read as the archive is written.
fn open_dump(path: &Path, keys: &Keys) -> Result<Opened> {
    let name = file_name(path);
    let file = File::open(path)
        .map_err(|e| Error::Input(format!("cannot open {}: {e}", path.display())))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Error::Input(format!(
            "{} is not a regular file",
            path.display()
        )));
    }
    let rest = file
        .try_clone()
        .map_err(|e| Error::Input(format!("cannot open {}: {e}", path.display())))?;
    let tally = Arc::new(Mutex::new(Hasher::new()));
    let mut raw = Tapped {
        file,
        tally: tally.clone(),
    };
    let head = read_head(&mut raw, SNIFF)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    if head.is_empty() {
        return Err(not_a_dump(&name, "the file is empty"));
    }
    let mut layers = Vec::new();
    let raw = Cursor::new(head.clone()).chain(raw);
    let encrypted = head[0] & 0x80 != 0 || head.starts_with(b"age-encryption.org/");
    let mut stream: Box<dyn Read> = if encrypted {
        let (mode, plain) = keys.decrypt(raw).map_err(|e| match e {
            crate::crypto::Error::NeedsPassphrase | crate::crypto::Error::NoMatchingKey => {
                Error::Format(format::Error::new(
                    ErrorClass::NoMatchingKey,
                    format!(
                        "{name}: the file is encrypted: pass --passphrase-file with its passphrase"
                    ),
                ))
            }
            crate::crypto::Error::WrongPassphrase => Error::Format(format::Error::new(
                ErrorClass::NoMatchingKey,
                format!("{name}: wrong passphrase"),
            )),
            other => not_a_dump(&name, format_args!("OpenPGP: {other}")),
        })?;
        layers.push(mode.as_str().to_owned());
        plain
    } else {
        Box::new(raw)
    };
    let mut head = read_head(&mut stream, SNIFF)
        .map_err(|e| not_a_dump(&name, format_args!("{}: {e}", layers.join("+"))))?;
    if head.starts_with(&GZIP_MAGIC) {
        layers.push("gzip".to_owned());
        let gz = flate2::read::MultiGzDecoder::new(Cursor::new(head).chain(stream));
        stream = Box::new(gz);
        head = read_head(&mut stream, SNIFF)
            .map_err(|e| not_a_dump(&name, format_args!("gzip: {e}")))?;
    }
    let format = sniff(&head).ok_or_else(|| {
        not_a_dump(
            &name,
            "expected a custom-format dump (PGDMP) or a plain SQL script from pg_dump",
        )
    })?;
    Ok(Opened {
        stream: Box::new(Cursor::new(head.clone()).chain(stream)),
        layers,
        format,
        head,
        tally,
        rest,
    })
}

/// The dump format of a decoded head: custom (`PGDMP`), or plain SQL (the
/// pg_dump header comment within the first KiB). pg_dumpall's cluster
/// dumps and tar-format dumps are neither.
fn sniff(head: &[u8]) -> Option<DumpFormat> {
    if head.starts_with(CUSTOM_MAGIC) {
        return Some(DumpFormat::Custom);
    }
    let head = &head[..head.len().min(SNIFF)];
    head.windows(PLAIN_MARK.len())
        .any(|w| w == PLAIN_MARK)
        .then_some(DumpFormat::Plain)
}

/// `-- Dumped from database version 15.18` / `-- Dumped by pg_dump version 15.18`
/// of a plain script's head.
fn plain_versions(head: &[u8]) -> Map<String, Value> {
    let text = String::from_utf8_lossy(head);
    let mut out = Map::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("-- Dumped from database version ") {
            out.insert("server_version".into(), json!(v.trim()));
        } else if let Some(v) = line.strip_prefix("-- Dumped by pg_dump version ") {
            out.insert("pg_dump_version".into(), json!(v.trim()));
        }
    }
    out
}

/// One file as `--dry-run` (and the start of an import) sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Planned {
    pub file: PathBuf,
    #[serde(serialize_with = "ser_ts")]
    pub created: Timestamp,
    pub created_from: CreatedFrom,
    /// `None` for an encrypted file whose passphrase was not given.
    pub dump_format: Option<String>,
    pub layers: Vec<String>,
    /// The archive that already holds this file (same SHA-256), if any.
    pub already_imported: Option<String>,
}

fn ser_ts<S: serde::Serializer>(t: &Timestamp, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format::meta::rfc3339(*t))
}

/// `coffer import --dry-run`: the date, the layers and the format of `path`,
/// writing nothing. An encrypted file without a passphrase is listed with
/// its date only.
pub fn plan(vault: &Vault, path: &Path, opts: &ImportOptions) -> Result<Planned> {
    let (created, created_from) = source_time(path, opts)?;
    let (dump_format, layers) = match open_dump(path, &opts.keys) {
        Ok(o) => (Some(o.format.as_str().to_owned()), o.layers),
        Err(Error::Format(f)) if f.class == ErrorClass::NoMatchingKey && !opts.has_passphrase => {
            (None, vec!["encrypted".to_owned()])
        }
        Err(e) => return Err(e),
    };
    let sha = File::open(path)
        .and_then(crate::digest::hash_reader)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?
        .0
        .to_hex();
    Ok(Planned {
        file: path.to_path_buf(),
        created,
        created_from,
        dump_format,
        layers,
        already_imported: already_imported(vault, &file_name(path), &sha)?,
    })
}

/// The good archive whose manifest says it was imported from a file of this
/// name and SHA-256: importing the same file twice makes no second archive.
/// (The same bytes under another name are another backup: the name carries
/// its date.)
fn already_imported(vault: &Vault, name: &str, sha256: &str) -> Result<Option<String>> {
    let all = vault.catalog.archives(ArchiveFilter {
        class: None,
        include_deleted: false,
    })?;
    Ok(all
        .into_iter()
        .find(|a| {
            let fact = |k: &str| a.facts.pointer(k).and_then(Value::as_str);
            fact("/imported/sha256") == Some(sha256) && fact("/imported/file") == Some(name)
        })
        .map(|a| a.id))
}

/// What importing one file did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub file: PathBuf,
    pub planned: Planned,
    /// The new archive; `None` when the file was already imported.
    pub archive: Option<ArchiveRecord>,
    pub source_sha256: String,
    pub source_size: u64,
    pub payload_size: u64,
}

/// Imports one dump file into a sealed, registered archive (of
/// [`ImportOptions::class`], general by default) marked
/// `imported` (a recorded run of kind `import`). On any error nothing is
/// registered and no file is left in the store. The caller holds the
/// writer lock.
pub fn import_file(
    vault: &Vault,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport> {
    let details = json!({ "file": path.display().to_string() });
    vault.recorded(RunKind::Import, None, details, |v| {
        let r = import_inner(v, path, opts, progress)?;
        let d = json!({
            "file": path.display().to_string(),
            "archive_id": r.archive.as_ref().map(|a| &a.id),
            "already_imported": r.planned.already_imported,
            "source_sha256": r.source_sha256,
            "created": format::meta::rfc3339(r.planned.created),
            "created_from": r.planned.created_from.as_str(),
        });
        Ok((r, d))
    })
}

fn import_inner(
    vault: &Vault,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport> {
    let started = Instant::now();
    let name = file_name(path);
    let (created, created_from) = source_time(path, opts)?;
    let opened = open_dump(path, &opts.keys)?;
    let Opened {
        stream,
        layers,
        format: dump_format,
        head,
        tally,
        rest,
    } = opened;
    let mut planned = Planned {
        file: path.to_path_buf(),
        created,
        created_from,
        dump_format: Some(dump_format.as_str().to_owned()),
        layers: layers.clone(),
        already_imported: None,
    };
    let id = names::new_archive_id(created);
    let kind = format!("pg_dump/{}", dump_format.as_str());
    let stream_name = if dump_format.is_sql() {
        "dump.sql"
    } else {
        "dump"
    };
    let mut header = Header::new(
        id,
        created,
        &opts.class,
        &kind,
        vault.config.backup.part_size,
    );
    header.source.insert("file".into(), json!(name));
    header.imported = Some(format::Imported {
        file: name.clone(),
        layers: layers.clone(),
        created_from: created_from.as_str().to_owned(),
    });
    let spec = SealedSpec {
        header,
        created,
        stream_name,
        set_id: None,
    };
    let failed = Rc::new(RefCell::new(None));
    let mut watched = Watched {
        inner: stream,
        failed: failed.clone(),
    };
    let mut source = (String::new(), 0u64);
    let mut duplicate = None;
    let written = write_sealed(vault, &spec, |w| -> Result<Map<String, Value>> {
        if let Err(e) = w.copy_stream(stream_name, &mut watched, progress) {
            return Err(match failed.borrow_mut().take() {
                Some(io) => damaged(&name, &io),
                None => e.into(),
            });
        }
        // Whatever the decoders did not read (nothing, for a well-formed
        // file) is hashed too: the recorded SHA-256 is the whole file's.
        let mut left = Tapped {
            file: rest,
            tally: tally.clone(),
        };
        io::copy(&mut left, &mut io::sink()).map_err(|e| damaged(&name, &e))?;
        let (sha, size) = tally
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .finish();
        source = (sha.to_hex(), size);
        if let Some(prev) = already_imported(vault, &name, &source.0)? {
            duplicate = Some(prev.clone());
            return Err(Error::Other(format!(
                "{name} was already imported as archive {prev}"
            )));
        }
        let mut facts = plain_versions(if dump_format.is_sql() { &head } else { &[] });
        facts.insert(
            "imported".into(),
            json!({
                "file": name,
                "sha256": source.0,
                "size": source.1,
                "layers": layers,
                "created_from": created_from.as_str(),
                "name_pattern": opts.pattern.as_str(),
            }),
        );
        facts.insert("dump_format".into(), json!(dump_format.as_str()));
        // No snapshot was taken, so there is nothing to count in: a restore
        // skips the row-count check (spec/format.md "Manifest", imported).
        facts.insert("row_counts_mode".into(), json!("none"));
        facts.insert(
            "row_counts_absent".into(),
            json!("imported from a dump file: no snapshot, so no row counts"),
        );
        facts.insert("timings_ms".into(), json!({ "import": ms(started) }));
        Ok(facts)
    });
    let (record, _path, payload_size) = match written {
        Ok(w) => w,
        Err(_) if duplicate.is_some() => {
            planned.already_imported = duplicate;
            return Ok(ImportReport {
                file: path.to_path_buf(),
                planned,
                archive: None,
                source_sha256: source.0,
                source_size: source.1,
                payload_size: 0,
            });
        }
        Err(e) => return Err(e),
    };
    if let Err(e) = register(vault, &[&record]) {
        // As backup does: the files go; a row inserted before its keyless
        // check failed is marked deleted, so no listing counts it as good.
        let _ = vault
            .catalog
            .mark_deleted(&record.id, &format!("import failed: {e}"));
        discard(vault, std::slice::from_ref(&record));
        return Err(e);
    }
    Ok(ImportReport {
        file: path.to_path_buf(),
        planned,
        archive: Some(record),
        source_sha256: source.0,
        source_size: source.1,
        payload_size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(p: &str, name: &str) -> Option<String> {
        NamePattern::parse(p)
            .ok()?
            .civil(name)
            .ok()
            .flatten()
            .map(|c| c.to_string())
    }

    #[test]
    fn the_seed_pattern_reads_the_seed_names() {
        let p = DEFAULT_NAME_PATTERN;
        for ext in ["sql", "sql.gz", "sql.gpg", "sql.gz.gpg", "dump", ""] {
            let name = if ext.is_empty() {
                "fis_learn_20240206_120000".to_owned()
            } else {
                format!("fis_learn_20240206_120000.{ext}")
            };
            assert_eq!(
                civil(p, &name).as_deref(),
                Some("2024-02-06T12:00:00"),
                "{name}"
            );
        }
        // The schema-only file of the seed has no time: no match, so its mtime counts.
        assert_eq!(civil(p, "fis_learn_schema_20240206.sql"), None);
        assert_eq!(civil(p, "fis_learn_20240206_1200001.sql"), None);
        assert_eq!(civil(p, "other_20240206_120000.sql"), None);
    }

    #[test]
    fn wildcards_and_date_only_patterns() {
        assert_eq!(
            civil("*_%Y%m%d", "fis_learn_schema_20240206.sql").as_deref(),
            Some("2024-02-06T00:00:00")
        );
        assert_eq!(
            civil("*-%Y-%m-%dT%H%M", "db-2023-12-31T2359.sql.gz").as_deref(),
            Some("2023-12-31T23:59:00")
        );
        assert_eq!(
            civil("100%%_%Y%m%d", "100%_20240101").as_deref(),
            Some("2024-01-01T00:00:00")
        );
    }

    #[test]
    fn bad_patterns_and_impossible_dates_are_errors() {
        assert!(NamePattern::parse("x_%Y%m").is_err());
        assert!(NamePattern::parse("x_%Y%m%d%q").is_err());
        assert!(NamePattern::parse("x_%Y%m%d%").is_err());
        let p = NamePattern::parse(DEFAULT_NAME_PATTERN).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.civil("fis_learn_20241345_120000.sql").is_err());
    }

    #[test]
    fn the_name_is_read_in_the_configured_time_zone() {
        let Ok(berlin) = TimeZone::get("Europe/Berlin") else {
            panic!("the system time zone database (Debian package tzdata) is needed");
        };
        for (tz, want) in [
            (TimeZone::UTC, "2024-02-06T12:00:00Z"),
            (berlin, "2024-02-06T11:00:00Z"),
        ] {
            let opts = ImportOptions {
                class: GENERAL.into(),
                pattern: NamePattern::parse(DEFAULT_NAME_PATTERN).unwrap_or_else(|e| panic!("{e}")),
                timezone: tz,
                keys: Keys::new(),
                has_passphrase: false,
            };
            // The file need not exist: a name that matches never looks at the mtime.
            let got = source_time(
                Path::new("/nonexistent/fis_learn_20240206_120000.sql.gz"),
                &opts,
            );
            let (t, from) = got.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (format::meta::rfc3339(t).as_str(), from),
                (want, CreatedFrom::Name)
            );
        }
    }

    #[test]
    fn the_sniff_knows_custom_and_plain_dumps_only() {
        assert_eq!(sniff(b"PGDMP\x01\x0e\x00"), Some(DumpFormat::Custom));
        let plain =
            b"--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.18\n";
        assert_eq!(sniff(plain), Some(DumpFormat::Plain));
        assert_eq!(
            sniff(b"--\n-- PostgreSQL database cluster dump\n--\n"),
            None
        );
        assert_eq!(sniff(b"hello world"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(
            plain_versions(plain).get("server_version"),
            Some(&json!("15.18"))
        );
    }
}
