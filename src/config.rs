//! The vault's configuration file, `coffer.toml`.
//!
//! Found by `--config`, then `COFFER_CONFIG`, then `./coffer.toml`. Relative
//! paths are relative to the file's directory. No secret is ever read from
//! here: database passwords come the libpq way (PGPASSWORD, ~/.pgpass), and
//! the decryption identity belongs off the backup host.

pub mod recipients;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use recipients::RecipientEntry;

use crate::error::{Error, Result};
use crate::format::names;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub vault: VaultSection,
    #[serde(default)]
    pub database: DatabaseSection,
    #[serde(default)]
    pub backup: BackupSection,
    /// The retention policy of every class (spec/retention.md).
    #[serde(default)]
    pub retention: crate::retention::Policy,
    /// Per-class overrides of the retention policy: `[retention_classes.ferpa]`.
    #[serde(default)]
    pub retention_classes: std::collections::BTreeMap<String, crate::retention::Policy>,
    /// Data classes with tables of their own: `[classes.ferpa]`.
    #[serde(default)]
    pub classes: std::collections::BTreeMap<String, ClassSection>,
    /// Named stores: `[stores.ferpa-local]`.
    #[serde(default)]
    pub stores: std::collections::BTreeMap<String, StoreSection>,
    /// GDPR erasure rules per subject kind: `[erasure.user]`.
    #[serde(default)]
    pub erasure: std::collections::BTreeMap<String, crate::erasure::Rule>,
    /// Alerts after `run` and `check`: commands and a webhook (README "Alerts").
    #[serde(default)]
    pub notify: crate::notify::NotifyConfig,
    /// Who owns the backups and the targets they promise: printed by
    /// `coffer policy render` and `coffer report` (README "Audit report").
    #[serde(default)]
    pub policy: PolicySection,
    /// The nightly job's optional steps (`coffer run`).
    #[serde(default)]
    pub run: RunSection,
    /// Health thresholds (`coffer check`).
    #[serde(default)]
    pub check: CheckSection,
    /// `coffer import` of existing dump files (README "Import").
    #[serde(default)]
    pub import: ImportSection,
    /// Point-in-time recovery: the WAL archive and physical base backups (spec/wal.md).
    #[serde(default)]
    pub wal: WalSection,
    /// The directory the config file is in (not read from the file).
    #[serde(skip)]
    pub base: PathBuf,
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSection {
    /// The local archive store (a directory).
    #[serde(default = "default_store")]
    pub store: PathBuf,
    /// The SQLite catalog.
    #[serde(default = "default_catalog")]
    pub catalog: PathBuf,
    /// The seal signing key (OpenSSH Ed25519 private key).
    #[serde(default = "default_signing_key")]
    pub signing_key: PathBuf,
    /// age recipients every archive is encrypted to: `"age1..."`, or
    /// `{ key = "age1...", label = "ops-2026", custodian = "DBA on call" }`.
    #[serde(default)]
    pub recipients: Vec<RecipientEntry>,
    /// A file of age recipients, one per line.
    pub recipients_file: Option<PathBuf>,
    /// Offsite `[stores.NAME]` that get a copy of every general archive.
    #[serde(default)]
    pub offsite: Vec<String>,
    /// Stores that must hold a hash-checked copy of a general archive for
    /// its backup to count as complete (default: the primary store and
    /// every offsite store).
    pub copies_required: Option<u32>,
}

/// `[import]`: how `coffer import` reads a creation time from a file name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSection {
    /// The file-name pattern (default `fis_learn_%Y%m%d_%H%M%S`, the seed's;
    /// directives in README "Import"); a file that does not match is dated by its mtime.
    pub name_pattern: Option<String>,
    /// The zone the name's time is in: "UTC" (the default) or an IANA name.
    pub timezone: Option<String>,
}

/// `[classes.NAME]`: tables whose rows go into archives of their own, with
/// their own recipients and store (FERPA student records).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSection {
    /// pg_dump-style patterns: `schema.table`, `"Quoted Schema".*`.
    pub tables: Vec<String>,
    /// age recipients of this class; must not overlap other classes'.
    /// Strings or `{ key, label, custodian }` tables, as in `[vault]`.
    pub recipients: Vec<RecipientEntry>,
    /// The name of a `[stores.NAME]` of its own.
    pub store: String,
    /// Allow recipients shared with another class (a warning on every run).
    #[serde(default)]
    pub allow_shared_recipients: bool,
    /// Offsite `[stores.NAME]` of this class (never another class's).
    #[serde(default)]
    pub offsite: Vec<String>,
    /// As `[vault] copies_required`, for this class.
    pub copies_required: Option<u32>,
}

/// `[stores.NAME]`: a place archives are kept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, tag = "type", rename_all = "lowercase")]
pub enum StoreSection {
    /// A local directory (relative to the config file).
    Local { path: PathBuf },
    /// An S3-compatible bucket. Credentials come the AWS way (environment,
    /// shared credentials file, profile), never from this file.
    S3(S3Section),
}

/// `[stores.NAME] type = "s3"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Section {
    pub bucket: String,
    /// Key prefix inside the bucket.
    #[serde(default)]
    pub prefix: String,
    pub region: Option<String>,
    /// A custom endpoint (MinIO, Ceph, ...); unset: AWS.
    pub endpoint: Option<String>,
    /// Virtual-hosted-style addressing; path-style (the default) otherwise.
    #[serde(default)]
    pub virtual_hosted: bool,
    /// Allow a plain-http endpoint that is not loopback.
    #[serde(default)]
    pub allow_http: bool,
    /// The AWS profile of the shared credentials/config files.
    pub profile: Option<String>,
    /// Object lock: "governance" or "compliance"; unset: no lock is asked.
    pub object_lock: Option<String>,
    /// Multipart part size in MiB (at least 5).
    pub part_size_mib: Option<u64>,
    /// Retries of a failed request (with exponential backoff; default 10).
    pub retries: Option<usize>,
    /// Whole-request timeout in seconds: one PUT, one part, one GET body
    /// (default 1800). A request that takes longer is retried as `retries`
    /// says, then fails.
    pub timeout_secs: Option<u64>,
    /// Connection timeout in seconds (default 10).
    pub connect_timeout_secs: Option<u64>,
}

impl S3Section {
    /// The S3 client settings of this store.
    pub fn to_s3_config(&self) -> std::result::Result<crate::store::S3Config, String> {
        let mut c = crate::store::S3Config::new(self.bucket.clone());
        c.prefix = self.prefix.clone();
        c.region = self.region.clone();
        c.endpoint = self.endpoint.clone();
        c.virtual_hosted = self.virtual_hosted;
        c.allow_http = self.allow_http;
        c.profile = self.profile.clone();
        if let Some(mode) = self.lock_mode()? {
            c.lock_mode = mode;
        }
        if let Some(n) = self.retries {
            c.retry.max_retries = n;
            if n <= 2 {
                // Few retries: give up quickly too.
                c.retry.retry_timeout = std::time::Duration::from_secs(10);
                c.retry.max_backoff = std::time::Duration::from_secs(1);
            }
        }
        if let Some(secs) = self.timeout_secs {
            if !(1..=86_400).contains(&secs) {
                return Err(format!(
                    "timeout_secs must be between 1 and 86400, not {secs}"
                ));
            }
            c.request_timeout = std::time::Duration::from_secs(secs);
        }
        if let Some(secs) = self.connect_timeout_secs {
            if !(1..=3_600).contains(&secs) {
                return Err(format!(
                    "connect_timeout_secs must be between 1 and 3600, not {secs}"
                ));
            }
            c.connect_timeout = std::time::Duration::from_secs(secs);
        }
        // Every retry of a request that timed out must still be allowed to
        // start: object_store starts none after `retry_timeout`.
        let attempts = u32::try_from(c.retry.max_retries.saturating_add(1)).unwrap_or(u32::MAX);
        c.retry.retry_timeout = c
            .retry
            .retry_timeout
            .max(c.request_timeout.saturating_mul(attempts));
        if let Some(mib) = self.part_size_mib {
            if !(5..=5 * 1024).contains(&mib) {
                return Err("part_size_mib must be between 5 and 5120".into());
            }
            c.part_size = usize::try_from(mib * 1024 * 1024).map_err(|e| e.to_string())?;
        }
        Ok(c)
    }

    /// The object-lock mode, if object lock is on.
    pub fn lock_mode(&self) -> std::result::Result<Option<crate::store::LockMode>, String> {
        match self.object_lock.as_deref() {
            None => Ok(None),
            Some("governance") => Ok(Some(crate::store::LockMode::Governance)),
            Some("compliance") => Ok(Some(crate::store::LockMode::Compliance)),
            Some(other) => Err(format!(
                "object_lock must be \"governance\" or \"compliance\", not {other:?}"
            )),
        }
    }

    /// The bucket and prefix, for comparing locations.
    fn location(&self) -> String {
        let p = self.prefix.trim_matches('/');
        format!(
            "{}/{}/{p}/",
            self.endpoint
                .as_deref()
                .unwrap_or("aws")
                .trim_end_matches('/'),
            self.bucket
        )
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSection {
    /// A libpq connection URI or conninfo without a password. Unset: the PG*
    /// environment variables.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupSection {
    #[serde(default)]
    pub format: crate::pg::DumpFormat,
    #[serde(default = "default_row_counts")]
    pub row_counts: String,
    #[serde(default = "default_level")]
    pub compression_level: i32,
    pub threads: Option<u32>,
    #[serde(default = "default_part_size")]
    pub part_size: u64,
    /// pg_dump processes per archive (`coffer backup --jobs`); 1: one.
    #[serde(default = "default_jobs")]
    pub jobs: usize,
}

impl Default for BackupSection {
    fn default() -> Self {
        BackupSection {
            format: crate::pg::DumpFormat::Custom,
            row_counts: default_row_counts(),
            compression_level: default_level(),
            threads: None,
            part_size: default_part_size(),
            jobs: default_jobs(),
        }
    }
}

/// `[wal]`: the WAL archive and physical base backups (spec/wal.md).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalSection {
    /// The class whose recipients and store hold WAL and base backups. A
    /// physical backup holds every table's rows, so with classes that have
    /// tables of their own this must be named (a class allowed to read
    /// them all); without such classes it defaults to `general`.
    pub class: Option<String>,
    /// The identity `coffer wal fetch` decrypts with on the restore host
    /// (a path; the key itself is never on a command line).
    pub restore_identity: Option<PathBuf>,
    /// `coffer check`: the newest archived WAL segment older than this is
    /// a warning (default 1h; set PostgreSQL's `archive_timeout` below it,
    /// or an idle server looks stale).
    pub stale_after: Option<crate::units::Interval>,
    /// ... and older than this critical (default 4 x `stale_after`).
    pub stale_critical: Option<crate::units::Interval>,
}

/// `[run]`: what `coffer run` does besides backup, push, prune and check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSection {
    /// Keyless verify of every archive never verified yet (default on).
    #[serde(default = "yes")]
    pub verify: bool,
    /// A restore drill of the newest set when the last good drill is older
    /// than this (e.g. "7d"); needs `drill_identity`. Unset: no drills.
    pub drill_every: Option<crate::units::Interval>,
    /// The identity the drill decrypts with. A host holding it can decrypt
    /// every archive of its classes: name one only on a host allowed that.
    pub drill_identity: Option<PathBuf>,
    /// The server drills restore into (a scratch database is created and
    /// dropped); default: the server of `[database] url`.
    pub drill_server: Option<String>,
}

impl Default for RunSection {
    fn default() -> Self {
        RunSection {
            verify: true,
            drill_every: None,
            drill_identity: None,
            drill_server: None,
        }
    }
}

/// `[check]`: when `coffer check` warns or raises the alarm.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSection {
    /// The newest good backup of a class older than this is critical.
    #[serde(default = "default_max_age")]
    pub max_age: crate::units::Interval,
    /// The number of earlier archives of a class whose median size the
    /// newest is compared with.
    #[serde(default = "default_size_window")]
    pub size_window: usize,
    /// The newest archive's size outside [low, high] times that median is a
    /// warning (default 0.5x to 2x).
    #[serde(default = "default_size_band")]
    pub size_band: [f64; 2],
    /// Free space of a local store below this is a warning.
    #[serde(default = "default_min_free_bytes")]
    pub min_free_bytes: crate::units::ByteSize,
    /// ... or below this share of the file system, in percent.
    #[serde(default = "default_min_free_percent")]
    pub min_free_percent: f64,
    /// A store projected to be full sooner than this many days, at the
    /// growth of the last `growth_window_days`, is a warning.
    #[serde(default = "default_min_days_until_full")]
    pub min_days_until_full: f64,
    #[serde(default = "default_growth_window_days")]
    pub growth_window_days: u32,
    /// The newest successful verification of a class older than this is a
    /// warning (the nightly job verifies every new archive).
    #[serde(default = "default_max_age")]
    pub verify_every: crate::units::Interval,
    /// Bucket usage limits per store name, as coffer's catalog counts it.
    #[serde(default)]
    pub quota: std::collections::BTreeMap<String, crate::units::ByteSize>,
    /// Acknowledge a private identity on this host (the drill's): no warning.
    #[serde(default)]
    pub allow_identity_on_host: bool,
}

impl Default for CheckSection {
    fn default() -> Self {
        CheckSection {
            max_age: default_max_age(),
            size_window: default_size_window(),
            size_band: default_size_band(),
            min_free_bytes: default_min_free_bytes(),
            min_free_percent: default_min_free_percent(),
            min_days_until_full: default_min_days_until_full(),
            growth_window_days: default_growth_window_days(),
            verify_every: default_max_age(),
            quota: Default::default(),
            allow_identity_on_host: false,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_max_age() -> crate::units::Interval {
    crate::units::Interval::hours(26)
}
fn default_size_window() -> usize {
    14
}
fn default_size_band() -> [f64; 2] {
    [0.5, 2.0]
}
fn default_min_free_bytes() -> crate::units::ByteSize {
    crate::units::ByteSize(1 << 30)
}
fn default_min_free_percent() -> f64 {
    10.0
}
fn default_min_days_until_full() -> f64 {
    14.0
}
fn default_growth_window_days() -> u32 {
    14
}

fn default_store() -> PathBuf {
    "archives".into()
}
fn default_catalog() -> PathBuf {
    "catalog.db".into()
}
fn default_signing_key() -> PathBuf {
    "keys/signing.key".into()
}
fn default_row_counts() -> String {
    "exact".into()
}
fn default_level() -> i32 {
    3
}
fn default_jobs() -> usize {
    1
}

fn default_part_size() -> u64 {
    names::DEFAULT_PART_SIZE as u64
}

/// A path for comparing store locations: absolute, with symbolic links and
/// `..` resolved by the file system in the part that exists (a link to
/// another class's store is that store), the rest without `.`/`..`.
fn normalize(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // The longest existing prefix, resolved, then the rest as written.
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            break real;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent;
            }
            _ => {
                rest.clear();
                break PathBuf::new();
            }
        }
    };
    let tail = if base.as_os_str().is_empty() {
        p.components().collect::<Vec<_>>()
    } else {
        rest.iter()
            .rev()
            .map(|n| std::path::Component::Normal(n))
            .collect()
    };
    let mut out = base;
    for c in tail {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where the config is: the flag, then COFFER_CONFIG, then ./coffer.toml.
pub fn locate(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("COFFER_CONFIG") {
        return PathBuf::from(p);
    }
    PathBuf::from("coffer.toml")
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(format!(
                "cannot read the config {}: {e} (create a vault with `coffer init`, or pass --config / set COFFER_CONFIG)",
                path.display()
            ))
        })?;
        Config::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut c: Config = toml::from_str(text).map_err(|e| {
            let msg = e.message().to_owned();
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                .map_or_else(String::new, |l| format!(" (line {l})"));
            Error::Config(format!("{}{line}: {msg}", path.display()))
        })?;
        c.path = path.to_path_buf();
        c.base = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        c.notify.resolve_paths(&c.base);
        c.validate()?;
        Ok(c)
    }

    fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Config(format!("{}: {m}", self.path.display())));
        let [low, high] = self.check.size_band;
        if !(low > 0.0 && low < 1.0 && high > 1.0 && high.is_finite()) {
            return bad(format!(
                "[check] size_band must be [low, high] with 0 < low < 1 < high, not [{low}, {high}]"
            ));
        }
        if self.check.size_window == 0 || self.check.growth_window_days == 0 {
            return bad("[check] size_window and growth_window_days must be at least 1".into());
        }
        if !(0.0..100.0).contains(&self.check.min_free_percent) {
            return bad("[check] min_free_percent must be between 0 and 100".into());
        }
        for name in self.check.quota.keys() {
            if !self.stores.contains_key(name) {
                return bad(format!(
                    "[check.quota] names {name}, which is not a [stores.NAME]"
                ));
            }
        }
        if self.run.drill_every.is_some() && self.run.drill_identity.is_none() {
            return bad(
                "[run] drill_every needs drill_identity (the key a drill decrypts with)".into(),
            );
        }
        if self.vault.recipients.is_empty() && self.vault.recipients_file.is_none() {
            return bad("[vault] needs recipients or recipients_file (age1... public keys)".into());
        }
        for r in &self.vault.recipients {
            if let Err(e) = r.check() {
                return bad(format!("[vault] recipients: {e}"));
            }
        }
        if !(1..=19).contains(&self.backup.compression_level) {
            return bad("[backup] compression_level must be 1..=19".into());
        }
        if self
            .backup
            .row_counts
            .parse::<crate::pg::RowCountMode>()
            .is_err()
        {
            return bad("[backup] row_counts must be exact, estimate or off".into());
        }
        if !(names::MIN_PART_SIZE..=names::MAX_PART_SIZE).contains(&self.backup.part_size) {
            return bad("[backup] part_size must be between 65536 and 67108864".into());
        }
        let max_jobs = names::MAX_STREAMS - 1;
        if !(1..=max_jobs).contains(&self.backup.jobs) {
            return bad(format!("[backup] jobs must be between 1 and {max_jobs}"));
        }

        if let Some(url) = &self.database.url
            && let Err(e) = crate::pg::ConnTarget::new(Some(url))
        {
            return bad(format!("[database] url: {e}"));
        }
        crate::erasure::validate_rules(&self.erasure).or_else(bad)?;
        self.notify.validate().or_else(bad)?;
        for class in self.retention_classes.keys() {
            if class != names::GENERAL && !self.classes.contains_key(class) {
                return bad(format!(
                    "[retention_classes.{class}]: there is no class {class} (see [classes.*])"
                ));
            }
        }
        self.validate_classes().or_else(bad)
    }

    /// Classes: valid names, tables, recipients of their own (unless
    /// allowed), a store of their own. Returns the message of the first problem.
    fn validate_classes(&self) -> std::result::Result<(), String> {
        let general: Vec<String> = self
            .vault
            .recipients
            .iter()
            .map(|r| r.key().to_owned())
            .collect();
        let mut locations: Vec<(String, PathBuf)> =
            vec![("general".into(), normalize(&self.store_dir()))];
        let mut seen_recipients: Vec<(String, String)> = general
            .iter()
            .map(|r| ("general".to_owned(), r.clone()))
            .collect();
        for (name, c) in &self.classes {
            if name == names::GENERAL || !names::valid_class(name) {
                return Err(format!(
                    "[classes.{name}]: invalid class name (lowercase letters, digits, - and _; not \"general\")"
                ));
            }
            if c.tables.is_empty() {
                return Err(format!(
                    "[classes.{name}] tables: name at least one table pattern"
                ));
            }
            if c.recipients.is_empty() {
                return Err(format!(
                    "[classes.{name}] recipients: a class needs recipients of its own"
                ));
            }
            for r in &c.recipients {
                if let Err(e) = r.check() {
                    return Err(format!("[classes.{name}] recipients: {e}"));
                }
                let r = r.key();
                if let Some((other, _)) = seen_recipients.iter().find(|(_, x)| x == r)
                    && !c.allow_shared_recipients
                {
                    return Err(format!(
                        "[classes.{name}] recipients: {r} is also a recipient of class {other}; classes must not share keys (allow_shared_recipients = true overrides)"
                    ));
                }
                seen_recipients.push((name.clone(), r.to_owned()));
            }
            let loc = match self.stores.get(&c.store) {
                Some(StoreSection::Local { path }) => normalize(&self.resolve(path)),
                Some(StoreSection::S3(_)) => {
                    return Err(format!(
                        "[classes.{name}] store: {} is an S3 store; a class's primary store is local (name S3 stores in offsite)",
                        c.store
                    ));
                }
                None => return Err(format!("[classes.{name}] store: no [stores.{}]", c.store)),
            };
            if let Some((other, _)) = locations
                .iter()
                .find(|(_, l)| l.starts_with(&loc) || loc.starts_with(l))
            {
                return Err(format!(
                    "[classes.{name}] store: {} is the location of class {other} too; every class needs a store of its own",
                    loc.display()
                ));
            }
            locations.push((name.clone(), loc));
        }
        self.validate_offsite()
    }

    /// Offsite stores: named, S3 or local, each used by one class only,
    /// never a class's primary; `copies_required` within reach.
    fn validate_offsite(&self) -> std::result::Result<(), String> {
        let mut used: Vec<(String, String, String)> = Vec::new(); // (class, store, location)
        for (class, section) in std::iter::once((names::GENERAL, "[vault]".to_owned())).chain(
            self.classes
                .keys()
                .map(|c| (c.as_str(), format!("[classes.{c}]"))),
        ) {
            let offsite = self.class_offsite(class);
            for (i, name) in offsite.iter().enumerate() {
                let loc = match self.stores.get(name) {
                    Some(StoreSection::Local { path }) => {
                        format!("file:{}/", normalize(&self.resolve(path)).display())
                    }
                    Some(StoreSection::S3(s3)) => {
                        s3.to_s3_config()
                            .map_err(|e| format!("[stores.{name}]: {e}"))?;
                        s3.location()
                    }
                    None => return Err(format!("{section} offsite: no [stores.{name}]")),
                };
                if offsite[..i].contains(name) {
                    return Err(format!("{section} offsite: {name} is named twice"));
                }
                if self.primary_store_name(class) == *name {
                    return Err(format!(
                        "{section} offsite: {name} is the class's primary store"
                    ));
                }
                if let Some((other, other_store, _)) = used
                    .iter()
                    .find(|(c, _, l)| c != class && (l.starts_with(&loc) || loc.starts_with(l)))
                {
                    return Err(format!(
                        "{section} offsite: {name} is the same place as store {other_store} of class {other}; classes never share a store"
                    ));
                }
                used.push((class.to_owned(), name.clone(), loc));
            }
            let most = 1 + offsite.len() as u32;
            if let Some(n) = self.class_copies_setting(class)
                && !(1..=most).contains(&n)
            {
                return Err(format!(
                    "{section} copies_required = {n}: must be between 1 and {most} (the primary store and {} offsite)",
                    offsite.len()
                ));
            }
        }
        // A local offsite store must not be any class's primary store either.
        for (class, name, loc) in &used {
            if let Some(path) = loc.strip_prefix("file:") {
                let p = Path::new(path.trim_end_matches('/'));
                let primaries = std::iter::once(self.store_dir())
                    .chain(self.classes.keys().map(|c| self.class_store_dir(c)));
                if primaries
                    .map(|x| normalize(&x))
                    .any(|x| x.starts_with(p) || p.starts_with(&x))
                {
                    return Err(format!(
                        "offsite store {name} of class {class} is inside a primary store"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The offsite stores of a class.
    pub fn class_offsite(&self, class: &str) -> &[String] {
        match self.classes.get(class) {
            Some(c) => &c.offsite,
            None => &self.vault.offsite,
        }
    }

    fn class_copies_setting(&self, class: &str) -> Option<u32> {
        match self.classes.get(class) {
            Some(c) => c.copies_required,
            None => self.vault.copies_required,
        }
    }

    /// How many stores must hold a hash-checked copy of an archive of
    /// `class` (default: the primary and every offsite store).
    pub fn copies_required(&self, class: &str) -> u32 {
        self.class_copies_setting(class)
            .unwrap_or(1 + self.class_offsite(class).len() as u32)
    }

    /// The name of a class's primary store: "local" for the vault's own.
    pub fn primary_store_name(&self, class: &str) -> String {
        self.classes
            .get(class)
            .map_or_else(|| "local".into(), |c| c.store.clone())
    }

    /// Classes whose recipients overlap another class's (allowed by
    /// `allow_shared_recipients`): warned about on every run.
    pub fn shared_recipient_warnings(&self) -> Vec<String> {
        self.classes
            .iter()
            .filter(|(_, c)| c.allow_shared_recipients)
            .map(|(n, _)| format!("class {n} may share recipients with another class (allow_shared_recipients = true): anyone holding such a key can read its archives"))
            .collect()
    }

    /// The store directory of a class.
    pub fn class_store_dir(&self, class: &str) -> PathBuf {
        match self
            .classes
            .get(class)
            .and_then(|c| self.stores.get(&c.store))
        {
            Some(StoreSection::Local { path }) => self.resolve(path),
            Some(StoreSection::S3(_)) | None => self.store_dir(),
        }
    }

    /// The recipients of a class.
    pub fn class_recipients(&self, class: &str) -> Result<Vec<age::x25519::Recipient>> {
        match self.classes.get(class) {
            Some(c) => c
                .recipients
                .iter()
                .map(|r| crate::crypto::parse_age_recipient(r.key()).map_err(Error::from))
                .collect(),
            None => self.recipients(),
        }
    }

    /// The configured recipients of a class with their labels and
    /// custodians (the general class's `recipients_file` lines as bare
    /// entries); `[policy.custodians]` names a custodian an entry lacks.
    pub fn class_recipient_entries(&self, class: &str) -> Result<Vec<RecipientEntry>> {
        let mut out = match self.classes.get(class) {
            Some(c) => c.recipients.clone(),
            None => {
                let mut v = self.vault.recipients.clone();
                if let Some(f) = &self.vault.recipients_file {
                    v.extend(
                        crate::crypto::read_recipients_file(&self.resolve(f))?
                            .iter()
                            .map(|r| RecipientEntry::bare(&r.to_string())),
                    );
                }
                v
            }
        };
        for e in &mut out {
            if e.custodian.is_none() {
                let fp = crate::crypto::parse_age_recipient(e.key())
                    .map(|r| crate::crypto::age_fingerprint(&r))
                    .unwrap_or_default();
                e.custodian = self
                    .policy
                    .custodians
                    .get(e.key())
                    .or_else(|| self.policy.custodians.get(&fp))
                    .cloned();
            }
        }
        Ok(out)
    }

    /// Resolves a path from the file against the file's directory.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base.join(p)
        }
    }

    /// The retention policy of `class`.
    pub fn policy(&self, class: &str) -> &crate::retention::Policy {
        self.retention_classes.get(class).unwrap_or(&self.retention)
    }

    /// The vault's writer lock file.
    pub fn lock_path(&self) -> PathBuf {
        self.base.join("coffer.lock")
    }

    /// The class of WAL files and physical backups (`[wal] class`, see
    /// [`WalSection::class`]).
    pub fn wal_class(&self) -> Result<String> {
        match &self.wal.class {
            Some(c) if c == names::GENERAL || self.classes.contains_key(c) => Ok(c.clone()),
            Some(c) => Err(Error::Config(format!(
                "{}: [wal] class {c:?} is not general nor a [classes.NAME]",
                self.path.display()
            ))),
            None => match self.classes.iter().find(|(_, c)| !c.tables.is_empty()) {
                Some((name, _)) => Err(Error::Config(format!(
                    "{}: a physical backup and the WAL hold every table's rows, class {name}'s too: \
                     set [wal] class to a class whose recipients may read them all",
                    self.path.display()
                ))),
                None => Ok(names::GENERAL.to_owned()),
            },
        }
    }

    pub fn store_dir(&self) -> PathBuf {
        self.resolve(&self.vault.store)
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.resolve(&self.vault.catalog)
    }

    pub fn signing_key_path(&self) -> PathBuf {
        self.resolve(&self.vault.signing_key)
    }

    /// The public half of the signing key: `signing_key` + ".pub".
    pub fn signer_pub_path(&self) -> PathBuf {
        let mut p = self.signing_key_path().into_os_string();
        p.push(".pub");
        PathBuf::from(p)
    }

    pub fn recipients(&self) -> Result<Vec<age::x25519::Recipient>> {
        let mut out = Vec::new();
        for r in &self.vault.recipients {
            out.push(crate::crypto::parse_age_recipient(r.key())?);
        }
        if let Some(f) = &self.vault.recipients_file {
            out.extend(crate::crypto::read_recipients_file(&self.resolve(f))?);
        }
        Ok(out)
    }
}

/// `[policy]`: descriptive facts of the procedures document (`coffer policy
/// render`) and the audit report. Nothing here changes what coffer does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySection {
    /// Who owns the backup policy (a team or a role).
    pub owner: Option<String>,
    /// The organisation or system the policy covers.
    pub organization: Option<String>,
    /// The recovery time promised: drills are compared with it.
    pub rto_target: Option<crate::units::Interval>,
    /// The recovery point promised: the largest gap between good backups.
    pub rpo_target: Option<crate::units::Interval>,
    /// The nightly job's schedule in words, e.g. "daily at 02:00 UTC".
    pub schedule: Option<String>,
    /// The nightly job's systemd timer (or crontab) file: the document
    /// prints its `OnCalendar=` lines (or cron lines naming coffer).
    pub timer: Option<PathBuf>,
    /// Whom to call: `[[policy.contacts]]`.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// Who holds the identity of each recipient: `"age1..." = "DBA on call"`.
    #[serde(default)]
    pub custodians: std::collections::BTreeMap<String, String>,
}

/// `[[policy.contacts]]`: an emergency contact.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The commented config `coffer init` writes.
pub fn template(recipient: &str, database_url: Option<&str>) -> String {
    let db = match database_url {
        Some(u) => format!("url = {u:?}"),
        None => "# url = \"postgresql://backup@db.example:5432/school\"".into(),
    };
    format!(
        r#"# coffer vault configuration. Paths are relative to this file.
# No secrets belong here: database passwords come from PGPASSWORD or ~/.pgpass,
# and the decryption identity belongs OFF this host.

[vault]
# The local archive store: sealed archives and their seals.
store = "archives"
# The SQLite catalog: an index of the store that `coffer` can rebuild.
catalog = "catalog.db"
# Signs every archive's seal (OpenSSH Ed25519). Its .pub beside it verifies them.
signing_key = "keys/signing.key"
# Every archive is encrypted to these age recipients (public keys). Only the
# matching identities (private keys) can restore.
recipients = [{recipient:?}]
# recipients_file = "recipients.txt"

[database]
# A libpq connection URI or conninfo WITHOUT a password. Unset: PGHOST, PGPORT,
# PGUSER, PGDATABASE from the environment.
{db}

[backup]
# custom (pg_restore, selective restore), plain (SQL script) or schema-only.
format = "custom"
# Per-table row counts under the dump's own snapshot: exact, estimate or off.
row_counts = "exact"
# zstd level 1..19; 3 is fast and good.
compression_level = 3
# zstd worker threads (default: the number of cores, at most 4).
# threads = 2
# pg_dump processes per archive, sharing one snapshot (custom or plain): each
# class's tables are split by size among this many data streams of its
# archive, and `coffer restore --jobs N` loads them in parallel.
# jobs = 1

[retention]
# Grandfather-father-son, as in the backup strategy: the newest archive of each
# of the last N days / ISO weeks / months / years that have archives (UTC).
# See spec/retention.md. `coffer prune --dry-run` shows what each rule keeps.
keep_last = 3
keep_daily = 30
keep_weekly = 12
keep_monthly = 12
keep_yearly = 7
# keep_within = "7d"          # also keep everything younger than this
# Nothing is deleted while the newest verified archive is older than this.
max_backup_age = "36h"

# Per-class overrides, e.g.:
# [retention_classes.ferpa]
# keep_yearly = 5
"#
    )
}

/// Entry point of the `config` fuzz target and of tests/fuzz_corpus.rs:
/// `data` as a coffer.toml (at a path that does not exist, so that nothing
/// on disk is read), parsed and validated; a config that validates is then
/// asked what the commands ask of it, and its retention policies are applied
/// to a few archives. Must never panic.
#[doc(hidden)]
pub fn fuzz_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(c) = Config::parse(text, Path::new("/nonexistent/coffer-fuzz/coffer.toml")) else {
        return;
    };
    let _ = c.shared_recipient_warnings();
    let (now, day) = (
        jiff::Timestamp::from_second(1_780_000_000).unwrap_or_default(),
        jiff::SignedDuration::from_hours(24),
    );
    let created: Vec<jiff::Timestamp> = (0..4)
        .filter_map(|i| now.checked_sub(day * (i * 10)).ok())
        .collect();
    let candidates: Vec<crate::retention::Candidate> = created
        .iter()
        .enumerate()
        .map(|(i, t)| crate::retention::Candidate {
            id: format!("a{i}"),
            created: *t,
            verified: crate::retention::Verified::Ok,
            hold: None,
            offsite_pending: false,
        })
        .collect();
    let classes = std::iter::once(names::GENERAL).chain(c.classes.keys().map(String::as_str));
    for class in classes {
        let _ = (c.class_offsite(class), c.copies_required(class));
        let _ = (c.primary_store_name(class), c.class_store_dir(class));
        let policy = c.policy(class);
        let health = crate::retention::BackupHealth::default();
        let _ = crate::retention::apply(policy, &candidates, &health, now, false);
        for t in &created {
            let _ = crate::retention::lock_until(policy, &created, *t, now);
        }
    }
    for store in c.stores.values() {
        if let StoreSection::S3(s3) = store {
            let _ = (s3.to_s3_config(), s3.lock_mode());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const R: &str = "age1auyvlvetpwqnen0f9uhnhhwfkwp4flharu6qfty3x32lvnfjepnqa4ny9r";

    #[test]
    fn store_locations_compare_with_links_and_dotdot_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("data/sub")).unwrap();
        std::fs::create_dir_all(root.join("v")).unwrap();
        std::os::unix::fs::symlink(root.join("data/sub"), root.join("v/link")).unwrap();
        // The link's `..` is the link target's parent, as the OS sees it.
        assert_eq!(normalize(&root.join("v/link/../s")), root.join("data/s"));
        assert_eq!(normalize(&root.join("v/link")), root.join("data/sub"));
        assert_eq!(
            normalize(&root.join("v/new/./x/../y")),
            root.join("v/new/y"),
            "the part that does not exist, lexically"
        );
    }

    #[test]
    fn s3_timeouts_are_validated_and_leave_room_for_every_retry() {
        let section = |extra: &str| -> S3Section {
            toml::from_str(&format!("bucket = \"b\"\n{extra}")).unwrap()
        };
        let c = section("retries = 2\ntimeout_secs = 3\nconnect_timeout_secs = 4")
            .to_s3_config()
            .unwrap();
        assert_eq!(c.request_timeout, std::time::Duration::from_secs(3));
        assert_eq!(c.connect_timeout, std::time::Duration::from_secs(4));
        assert_eq!(c.retry.max_retries, 2);
        assert!(c.retry.retry_timeout >= std::time::Duration::from_secs(9));
        for (extra, needle) in [
            ("timeout_secs = 0", "timeout_secs"),
            ("timeout_secs = 86401", "timeout_secs"),
            ("connect_timeout_secs = 0", "connect_timeout_secs"),
        ] {
            let e = section(extra).to_s3_config().unwrap_err();
            assert!(e.contains(needle), "{extra}: {e}");
        }
    }

    #[test]
    fn template_parses() {
        let c = Config::parse(
            &template(R, Some("postgresql://u@127.0.0.1:5432/db")),
            Path::new("/v/coffer.toml"),
        );
        let c = c.map_err(|e| e.to_string());
        assert!(c.is_ok(), "{c:?}");
        if let Ok(c) = c {
            assert_eq!(c.store_dir(), PathBuf::from("/v/archives"));
        }
    }

    #[test]
    fn malformed_configs_are_refused() {
        for (text, needle) in [
            ("[vault]\nrecipients = []\n", "needs recipients"),
            ("[vault]\nrecipients = [\"nope\"]\n", "not an age recipient"),
            (
                &format!("[vault]\nrecipients = [{R:?}]\n[backup]\ncompression_level = 40\n"),
                "compression_level",
            ),
            (
                &format!("[vault]\nrecipients = [{R:?}]\nbogus = 1\n"),
                "unknown field",
            ),
            (
                &format!(
                    "[vault]\nrecipients = [{R:?}]\n[database]\nurl = \"postgresql://u:secret@h/db\"\n"
                ),
                "password",
            ),
            ("[vault\n", "line 1"),
            (
                &format!(
                    "[vault]\nrecipients = [{R:?}]\n[retention_classes.ferpx]\nkeep_last = 1\n"
                ),
                "there is no class ferpx",
            ),
        ] {
            let e = Config::parse(text, Path::new("c.toml"))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
