//! The tamper-evident audit log (spec/audit.md).
//!
//! Every action that changes or proves something appends one entry: one
//! line of JSON with a fixed key order ([`Entry`]), whose `prev` is the hex
//! SHA-256 of the previous entry's whole line and whose `sig` (the last
//! key) is an SSHSIG Ed25519 signature, namespace [`NAMESPACE`], over the
//! line without its `,"sig":"..."` member (spec "Entry"). The catalog keeps
//! the lines (`audit_log`); the general stores keep them as signed segments
//! ([`segments`]), from which `catalog rebuild` brings the log back.
//!
//! Because `prev` covers the previous line *with* its signature, a valid
//! signature on the newest entry authenticates every entry before it: the
//! fast check hashes every line and verifies the head's signature and each
//! segment's; any break is then located by checking signatures one by one
//! (spec "Verification").
//!
//! This module sits below the pipeline: it knows the catalog, the config,
//! the stores and the signing key, not the vault.

pub mod segments;

use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::catalog::{AuditRow, Catalog};
use crate::config::Config;
use crate::crypto::sign::VerifyingKey;
use crate::error::{Error, Result};

/// The SSHSIG namespace of audit signatures (entries and segments): a seal
/// or ledger signature never verifies as an audit one.
pub const NAMESPACE: &str = "coffer-audit";
/// The entry format version.
pub const VERSION: u32 = 1;
/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// The member that ends every signed line, up to the signature's base64.
const SIG_MEMBER: &str = ",\"sig\":\"";

/// What happened (spec "Actions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Init,
    ConfigSeen,
    ConfigChange,
    Backup,
    Verify,
    Restore,
    Drill,
    Prune,
    HoldAdd,
    HoldRelease,
    ErasureRequest,
    ErasureReplay,
    Push,
    LockExtend,
    CatalogRebuild,
    /// `coffer rekey`: an archive's recipients rewritten (spec/format.md "Rekey").
    Rekey,
    /// `coffer keys rotate-signing`: a new signing key chained to the old.
    SignerRotate,
    /// `coffer keys revoke-signing`: a chained key refused after a time.
    SignerRevoke,
}

impl Action {
    pub const ALL: [Action; 18] = [
        Action::Init,
        Action::ConfigSeen,
        Action::ConfigChange,
        Action::Backup,
        Action::Verify,
        Action::Restore,
        Action::Drill,
        Action::Prune,
        Action::HoldAdd,
        Action::HoldRelease,
        Action::ErasureRequest,
        Action::ErasureReplay,
        Action::Push,
        Action::LockExtend,
        Action::CatalogRebuild,
        Action::Rekey,
        Action::SignerRotate,
        Action::SignerRevoke,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Init => "init",
            Action::ConfigSeen => "config-seen",
            Action::ConfigChange => "config-change",
            Action::Backup => "backup",
            Action::Verify => "verify",
            Action::Restore => "restore",
            Action::Drill => "drill",
            Action::Prune => "prune",
            Action::HoldAdd => "hold-add",
            Action::HoldRelease => "hold-release",
            Action::ErasureRequest => "erasure-request",
            Action::ErasureReplay => "erasure-replay",
            Action::Push => "push",
            Action::LockExtend => "lock-extend",
            Action::CatalogRebuild => "catalog-rebuild",
            Action::Rekey => "rekey",
            Action::SignerRotate => "signer-rotate",
            Action::SignerRevoke => "signer-revoke",
        }
    }

    pub fn parse(s: &str) -> Result<Action> {
        Action::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
                Error::Input(format!(
                    "unknown audit action {s:?} (one of: {})",
                    all.join(", ")
                ))
            })
    }
}

/// What the action was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Archive(String),
    /// An erasure request, by its reference (never the subject id).
    Request(String),
    Store(String),
    /// The vault as a whole (init, rebuild, a failed backup run).
    Vault,
    /// The config file, by path.
    Config(String),
}

/// [`Object`] as written: `{"kind": ..., "id": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectRef {
    pub kind: String,
    pub id: String,
}

impl From<Object> for ObjectRef {
    fn from(o: Object) -> ObjectRef {
        let (kind, id) = match o {
            Object::Archive(id) => ("archive", id),
            Object::Request(r) => ("request", r),
            Object::Store(s) => ("store", s),
            Object::Vault => ("vault", String::new()),
            Object::Config(p) => ("config", p),
        };
        ObjectRef {
            kind: kind.into(),
            id,
        }
    }
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Failed,
    /// Deliberately not done (an erasure replay skipped with a reason).
    Skipped,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }

    pub fn of<T, E>(r: &std::result::Result<T, E>) -> Outcome {
        if r.is_ok() {
            Outcome::Ok
        } else {
            Outcome::Failed
        }
    }
}

/// Who acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub user: String,
    pub host: String,
}

/// One entry. The fields are serialized in declaration order, `sig` last:
/// the canonical line is this struct as compact JSON (spec "Entry").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub v: u32,
    pub seq: u64,
    /// RFC 3339, UTC, whole seconds.
    pub at: String,
    pub actor: Actor,
    pub action: Action,
    pub object: ObjectRef,
    pub outcome: Outcome,
    pub facts: Value,
    /// Hex SHA-256 of the previous entry's line ([`GENESIS`] for the first).
    pub prev: String,
    /// Base64 of the SSHSIG blob over the line without this member.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sig: String,
}

/// Hex SHA-256 of a line (without its newline): the next entry's `prev`.
pub fn line_hash(line: &[u8]) -> String {
    hex::encode(Sha256::digest(line))
}

/// The bytes the entry signature covers: the line with its trailing
/// `,"sig":"BASE64"` member removed (the line then ends in `}` again).
/// `None` when the line does not end in a signature member.
pub fn signed_part(line: &str) -> Option<(String, &str)> {
    let body = line.strip_suffix("\"}")?;
    let at = body.rfind(SIG_MEMBER)?;
    let sig = &body[at + SIG_MEMBER.len()..];
    if sig.is_empty() || sig.contains('"') {
        return None;
    }
    Some((format!("{}}}", &body[..at]), sig))
}

// --- signing ---------------------------------------------------------------------------

/// The vault's private signing key, loaded once per process (a command
/// appends a handful of entries; the bench appends thousands).
fn signing_key(config: &Config) -> Result<ssh_key::PrivateKey> {
    static CACHE: Mutex<Option<(std::path::PathBuf, ssh_key::PrivateKey)>> = Mutex::new(None);
    let path = config.signing_key_path();
    let mut cache = CACHE
        .lock()
        .map_err(|_| Error::Other("signing key cache poisoned".into()))?;
    if let Some((p, k)) = cache.as_ref()
        && *p == path
    {
        return Ok(k.clone());
    }
    // The same checks as for seals (Ed25519, not passphrase-protected).
    crate::crypto::sign::SigningKey::load(&path)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::Input(format!("cannot read {}: {e}", path.display())))?;
    let key = ssh_key::PrivateKey::from_openssh(text.trim())
        .map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    *cache = Some((path, key.clone()));
    Ok(key)
}

/// An armored SSHSIG (namespace [`NAMESPACE`]) of `bytes`.
pub(crate) fn sign_armored(key: &ssh_key::PrivateKey, bytes: &[u8]) -> Result<String> {
    let sig = key
        .sign(NAMESPACE, ssh_key::HashAlg::Sha512, bytes)
        .map_err(|e| Error::Other(format!("cannot sign an audit entry: {e}")))?;
    sig.to_pem(ssh_key::LineEnding::LF)
        .map_err(|e| Error::Other(format!("cannot sign an audit entry: {e}")))
}

/// The base64 between the armor lines, on one line.
fn unarmor(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat()
}

/// The armor `ssh-keygen -Y verify` reads: 70 columns, as OpenSSH writes it.
pub fn armor(b64: &str) -> String {
    let mut out = String::from("-----BEGIN SSH SIGNATURE-----\n");
    let bytes = b64.as_bytes();
    for chunk in bytes.chunks(70) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str("-----END SSH SIGNATURE-----\n");
    out
}

/// The trusted key, ready to verify many signatures.
pub struct Verifier {
    /// The vault's key, then the earlier keys of its rotation chain.
    keys: Vec<ssh_key::PublicKey>,
}

impl Verifier {
    pub fn new(signer: &VerifyingKey) -> Result<Verifier> {
        let keys = signer
            .accepted_keys()
            .iter()
            .map(|k| {
                ssh_key::PublicKey::from_openssh(&k.to_openssh())
                    .map_err(|e| Error::Other(format!("the vault's signing key: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Verifier { keys })
    }

    /// Checks an armored signature of `bytes`; the problem in words otherwise.
    pub fn check(&self, bytes: &[u8], armored: &str) -> std::result::Result<(), String> {
        let sig = ssh_key::SshSig::from_pem(armored.trim())
            .map_err(|e| format!("malformed signature: {e}"))?;
        let Some(key) = self.keys.iter().find(|k| sig.public_key() == k.key_data()) else {
            return Err("signed by another key than the vault's".into());
        };
        key.verify(NAMESPACE, bytes, &sig)
            .map_err(|_| "the signature does not verify".into())
    }

    /// Checks the signature inside an entry line.
    pub fn check_line(&self, line: &str) -> std::result::Result<(), String> {
        let (msg, sig) = signed_part(line).ok_or("has no signature")?;
        if B64.decode(sig).is_err() {
            return Err("malformed signature (not base64)".into());
        }
        self.check(msg.as_bytes(), &armor(sig))
    }
}

// --- who, when ---------------------------------------------------------------------------

/// The OS user: by name from /etc/passwd for the effective uid (cron and
/// service managers often leave `$USER` unset), else `$USER`/`$LOGNAME`.
fn os_user() -> String {
    let uid = crate::pg::conn::effective_uid();
    if let (Some(uid), Ok(passwd)) = (uid, std::fs::read_to_string("/etc/passwd")) {
        let name = passwd.lines().find_map(|line| {
            let f: Vec<&str> = line.split(':').collect();
            (f.len() >= 3 && !f[0].is_empty() && f[2].parse::<u32>().ok() == Some(uid))
                .then(|| f[0].to_owned())
        });
        if let Some(name) = name {
            return name;
        }
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("uid {}", uid.unwrap_or(0)))
}

fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| {
            std::fs::read_to_string(p)
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        })
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

fn actor() -> Actor {
    static ACTOR: std::sync::OnceLock<Actor> = std::sync::OnceLock::new();
    ACTOR
        .get_or_init(|| Actor {
            user: os_user(),
            host: host_name(),
        })
        .clone()
}

fn now_text() -> String {
    crate::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

// --- appending -------------------------------------------------------------------------

/// Appends one signed entry to the catalog's log (one transaction: the
/// sequence number and `prev` are read and the row written under SQLite's
/// write lock). Returns the row.
pub fn append(
    catalog: &Catalog,
    config: &Config,
    action: Action,
    object: Object,
    outcome: Outcome,
    facts: Value,
) -> Result<AuditRow> {
    let key = signing_key(config)?;
    let at = now_text();
    catalog.append_audit(|last| -> Result<AuditRow> {
        let (seq, prev) = match last {
            Some(l) => (l.seq + 1, line_hash(l.line.as_bytes())),
            None => (1, GENESIS.to_owned()),
        };
        signed_row(&key, seq, prev, at, actor(), action, object, outcome, facts)
    })
}

/// An entry at `seq` after the entry whose hash is `prev`, signed with the
/// vault's key, as a catalog row. [`append`] uses it; so does
/// examples/synth_catalog.rs, to make long logs for bench/audit.sh.
#[allow(clippy::too_many_arguments)]
pub fn make_row(
    config: &Config,
    seq: u64,
    prev: String,
    at: jiff::Timestamp,
    action: Action,
    object: Object,
    outcome: Outcome,
    facts: Value,
) -> Result<AuditRow> {
    let key = signing_key(config)?;
    let at = at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    signed_row(&key, seq, prev, at, actor(), action, object, outcome, facts)
}

#[allow(clippy::too_many_arguments)]
fn signed_row(
    key: &ssh_key::PrivateKey,
    seq: u64,
    prev: String,
    at: String,
    actor: Actor,
    action: Action,
    object: Object,
    outcome: Outcome,
    facts: Value,
) -> Result<AuditRow> {
    let mut entry = Entry {
        v: VERSION,
        seq,
        at: at.clone(),
        actor,
        action,
        object: object.into(),
        outcome,
        facts,
        prev,
        sig: String::new(),
    };
    let unsigned = serde_json::to_string(&entry).map_err(|e| Error::Other(e.to_string()))?;
    entry.sig = unarmor(&sign_armored(key, unsigned.as_bytes())?);
    let line = serde_json::to_string(&entry).map_err(|e| Error::Other(e.to_string()))?;
    debug_assert_eq!(signed_part(&line).map(|(m, _)| m), Some(unsigned));
    Ok(AuditRow {
        seq,
        at,
        action: action.as_str().to_owned(),
        hash: line_hash(line.as_bytes()),
        line,
    })
}

/// Audit failures of this process, for the CLI to show as warnings.
static FAILURES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// [`append`] for an action whose own result must stand whatever happens
/// to its audit entry (spec "When an append fails"): a failure is kept for
/// [`take_failures`] (the CLI prints it as a warning), never swallowed.
pub fn record(
    catalog: &Catalog,
    config: &Config,
    action: Action,
    object: Object,
    outcome: Outcome,
    facts: Value,
) -> Option<u64> {
    match append(catalog, config, action, object, outcome, facts) {
        Ok(row) => Some(row.seq),
        Err(e) => {
            if let Ok(mut f) = FAILURES.lock() {
                f.push(format!(
                    "the {} action was done but its audit entry could not be written: {e}",
                    action.as_str()
                ));
            }
            None
        }
    }
}

/// Keeps a problem of the audit log for the CLI to show as a warning.
pub fn warn(message: String) {
    if let Ok(mut f) = FAILURES.lock() {
        f.push(message);
    }
}

/// The audit failures recorded so far by this process (and forgets them).
pub fn take_failures() -> Vec<String> {
    FAILURES
        .lock()
        .map(|mut f| std::mem::take(&mut *f))
        .unwrap_or_default()
}

// --- the config --------------------------------------------------------------------------

/// The recipients of every class, as the config states them (public keys).
fn recipients_by_class(config: &Config) -> Value {
    let mut out = serde_json::Map::new();
    let general: Vec<String> = config
        .recipients()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    out.insert(crate::format::names::GENERAL.into(), json!(general));
    for class in config.classes.keys() {
        let r: Vec<String> = config
            .class_recipients(class)
            .map(|r| r.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        out.insert(class.clone(), json!(r));
    }
    Value::Object(out)
}

/// Every class's configured recipients, with labels and custodians.
pub fn configured_recipients(config: &Config) -> Result<Vec<crate::catalog::ConfiguredRecipient>> {
    let mut out = Vec::new();
    let classes = std::iter::once(crate::format::names::GENERAL.to_owned())
        .chain(config.classes.keys().cloned());
    for class in classes {
        for e in config.class_recipient_entries(&class)? {
            let r = crate::crypto::parse_age_recipient(e.key())?;
            out.push(crate::catalog::ConfiguredRecipient {
                class: class.clone(),
                fingerprint: crate::crypto::age_fingerprint(&r),
                recipient: e.key().to_owned(),
                label: e.label,
                custodian: e.custodian,
            });
        }
    }
    Ok(out)
}

fn string_set(v: Option<&Value>) -> std::collections::BTreeSet<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Records the config file a writing command runs with: `config-seen` the
/// first time, `config-change` when its SHA-256 differs from the last one
/// recorded (with the recipients added and removed per class), nothing when
/// it is the same. Returns whether an entry was appended.
pub fn observe_config(catalog: &Catalog, config: &Config) -> Result<bool> {
    let bytes = std::fs::read(&config.path)
        .map_err(|e| Error::Config(format!("cannot read {}: {e}", config.path.display())))?;
    let sha = hex::encode(Sha256::digest(&bytes));
    // The catalog's index of recipients (`coffer keys list`) follows the
    // config on every writing command, changed or not (a catalog older
    // than migration 0006 learns the recipients here).
    if let Err(e) =
        configured_recipients(config).and_then(|c| catalog.sync_recipients(&c).map_err(Error::from))
    {
        warn(format!(
            "the recipients of the config could not be recorded in the catalog: {e}"
        ));
    }
    let recipients = recipients_by_class(config);
    let last =
        catalog.audit_last_of(&[Action::ConfigSeen.as_str(), Action::ConfigChange.as_str()])?;
    let last_facts = last
        .as_ref()
        .and_then(|r| serde_json::from_str::<Entry>(&r.line).ok())
        .map(|e| e.facts);
    let path = std::fs::canonicalize(&config.path)
        .unwrap_or_else(|_| config.path.clone())
        .display()
        .to_string();
    let Some(last_facts) = last_facts else {
        record(
            catalog,
            config,
            Action::ConfigSeen,
            Object::Config(path),
            Outcome::Ok,
            json!({ "sha256": sha, "recipients": recipients }),
        );
        return Ok(true);
    };
    if last_facts.get("sha256").and_then(Value::as_str) == Some(sha.as_str()) {
        return Ok(false);
    }
    let old = last_facts.get("recipients");
    let mut added = serde_json::Map::new();
    let mut removed = serde_json::Map::new();
    let classes: std::collections::BTreeSet<String> = recipients
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys().cloned())
        .chain(
            old.and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.keys().cloned()),
        )
        .collect();
    for class in classes {
        let now = string_set(recipients.get(&class));
        let before = string_set(old.and_then(|o| o.get(&class)));
        let a: Vec<&String> = now.difference(&before).collect();
        let r: Vec<&String> = before.difference(&now).collect();
        if !a.is_empty() {
            added.insert(class.clone(), json!(a));
        }
        if !r.is_empty() {
            removed.insert(class, json!(r));
        }
    }
    record(
        catalog,
        config,
        Action::ConfigChange,
        Object::Config(path),
        Outcome::Ok,
        json!({
            "sha256": sha,
            "previous_sha256": last_facts.get("sha256"),
            "recipients": recipients,
            "recipients_added": added,
            "recipients_removed": removed,
        }),
    );
    Ok(true)
}

// --- verification ------------------------------------------------------------------------

/// Where a chain first fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub seq: u64,
    pub problem: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "audit chain broken at seq {}: {}",
            self.seq, self.problem
        )
    }
}

/// What a verification found.
#[derive(Debug, Clone, Serialize)]
pub struct ChainStatus {
    /// Where the log was read: "catalog" or "store NAME".
    pub source: String,
    pub entries: u64,
    /// The last verified entry's seq and hash.
    pub head_seq: Option<u64>,
    pub head_hash: Option<String>,
    pub signatures_checked: u64,
    /// `None`: intact.
    pub broken: Option<Break>,
}

impl ChainStatus {
    pub fn ok(&self) -> bool {
        self.broken.is_none()
    }
}

/// How much to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyOptions {
    /// Verify every entry's signature, not only the head's (the chain makes
    /// the head's signature cover every earlier line; this is belt and braces).
    pub every_signature: bool,
}

/// The verified prefix of a sequence of lines (claimed seqs from the
/// storage, e.g. the catalog's seq column), plus where it broke.
pub(crate) struct Checked {
    pub entries: Vec<Entry>,
    /// The hash of each verified line.
    pub hashes: Vec<String>,
    pub signatures: u64,
    pub broken: Option<Break>,
}

/// Checks a chain of lines that must start at seq `first` after `prev`.
/// The links are hashed; the signatures checked are the last line's (or
/// every one's with `every`), and, when a link breaks, those of the lines
/// on either side, to tell an altered entry from a missing or misplaced one.
pub(crate) fn check_lines(
    lines: &[(u64, &str)],
    first: u64,
    prev: &str,
    verifier: &Verifier,
    every: bool,
) -> Checked {
    let mut out = Checked {
        entries: Vec::with_capacity(lines.len()),
        hashes: Vec::with_capacity(lines.len()),
        signatures: 0,
        broken: None,
    };
    let mut prev = prev.to_owned();
    let brk = |seq: u64, problem: &str| {
        Some(Break {
            seq,
            problem: problem.to_owned(),
        })
    };
    for (i, (claimed, line)) in lines.iter().enumerate() {
        let expect = first + i as u64;
        let entry = match serde_json::from_str::<Entry>(line) {
            Ok(e) if e.v == VERSION => e,
            Ok(e) => {
                out.broken = brk(
                    expect,
                    &format!("entry version {} is not supported (upgrade coffer)", e.v),
                );
                break;
            }
            Err(_) => {
                out.broken = brk(expect, "entry altered (not a valid entry)");
                break;
            }
        };
        let seq_wrong = entry.seq != expect || *claimed != expect;
        if seq_wrong || entry.prev != prev {
            // Which side of the link is wrong? An altered entry fails its
            // own signature; a missing, inserted or moved one does not.
            if i > 0 {
                out.signatures += 1;
                if let Err(m) = verifier.check_line(lines[i - 1].1) {
                    out.broken = brk(expect - 1, &format!("entry altered ({m})"));
                    out.entries.pop();
                    out.hashes.pop();
                    break;
                }
            }
            out.signatures += 1;
            out.broken = match verifier.check_line(line) {
                Err(m) => brk(expect, &format!("entry altered ({m})")),
                Ok(()) if seq_wrong && entry.seq != expect => brk(
                    expect,
                    &format!(
                        "entry {expect} missing or out of order (entry {} found in its place)",
                        entry.seq
                    ),
                ),
                Ok(()) if seq_wrong => brk(
                    expect,
                    &format!("entry {expect} is stored as entry {claimed}"),
                ),
                Ok(()) => brk(
                    expect,
                    "hash mismatch: its prev is not the hash of the entry before (an entry was inserted, removed or replaced)",
                ),
            };
            break;
        }
        prev = line_hash(line.as_bytes());
        out.hashes.push(prev.clone());
        out.entries.push(entry);
    }
    // The head's signature covers the whole verified prefix; when it fails
    // (or with `every`), find the first entry whose own signature fails.
    let verified = out.entries.len();
    if verified > 0 {
        let head_ok = if every {
            true
        } else {
            out.signatures += 1;
            verifier.check_line(lines[verified - 1].1).is_ok()
        };
        if !head_ok || every {
            let bad = first_bad_signature(&lines[..verified], verifier);
            out.signatures += verified as u64;
            if let Some((i, m)) = bad {
                out.entries.truncate(i);
                out.hashes.truncate(i);
                out.broken = brk(first + i as u64, &format!("entry altered ({m})"));
            }
        }
    }
    out
}

/// The index of the first line whose signature fails, checked on every
/// core (Ed25519 verification dominates a full check).
fn first_bad_signature(lines: &[(u64, &str)], verifier: &Verifier) -> Option<(usize, String)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = lines.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || {
                    part.iter().enumerate().find_map(|(i, (_, l))| {
                        verifier.check_line(l).err().map(|m| (c * chunk + i, m))
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .min_by_key(|(i, _)| *i)
    })
}

/// Verifies the catalog's log: the chain, the signatures, the columns
/// copied out of each line, and that its tail was not cut: it must reach
/// the newest head recorded in an archive's seal and the last entry in the
/// vault's own store (`local_last`: the highest seq of its segments, if
/// known).
pub fn verify_catalog(
    catalog: &Catalog,
    signer: &VerifyingKey,
    local_last: Option<u64>,
    opts: VerifyOptions,
) -> Result<ChainStatus> {
    let verifier = Verifier::new(signer)?;
    let rows = catalog.audit_rows(1)?;
    let lines: Vec<(u64, &str)> = rows.iter().map(|r| (r.seq, r.line.as_str())).collect();
    let c = check_lines(&lines, 1, GENESIS, &verifier, opts.every_signature);
    let mut broken = c.broken;
    let mut n = c.entries.len();
    // The columns must say what the line says.
    for (i, (e, h)) in c.entries.iter().zip(&c.hashes).enumerate() {
        let r = &rows[i];
        if r.at != e.at || r.action != e.action.as_str() || r.hash != *h {
            broken = Some(Break {
                seq: e.seq,
                problem: "entry altered (the catalog's columns differ from the signed line)".into(),
            });
            n = i;
            break;
        }
    }
    let head = n
        .checked_sub(1)
        .map(|i| (c.entries[i].seq, c.hashes[i].clone()));
    if broken.is_none() {
        let have = head.as_ref().map_or(0, |(s, _)| *s);
        if let Some((id, seq, hash)) = catalog.newest_audit_head_in_archives()? {
            if seq > have {
                broken = Some(Break {
                    seq: have + 1,
                    problem: format!(
                        "truncated: the log ends at {have}, but the seal of archive {id} records entry {seq}"
                    ),
                });
            } else if seq >= 1 && c.hashes.get(seq as usize - 1) != Some(&hash) {
                broken = Some(Break {
                    seq,
                    problem: format!(
                        "entry altered (its hash differs from the one recorded in the seal of archive {id})"
                    ),
                });
            }
        }
        if broken.is_none()
            && let Some(last) = local_last
            && last > have
        {
            broken = Some(Break {
                seq: have + 1,
                problem: format!(
                    "truncated: the log ends at {have}, but the vault's store holds entries up to {last}"
                ),
            });
        }
    }
    Ok(ChainStatus {
        source: "catalog".into(),
        entries: rows.len() as u64,
        head_seq: head.as_ref().map(|h| h.0),
        head_hash: head.map(|h| h.1),
        signatures_checked: c.signatures,
        broken,
    })
}

/// The check for `coffer check` and the audit report: the catalog's log,
/// which must also reach the last entry of the vault's own store (fast: one
/// signature; bench/README.md "audit.sh"). `ChainStatus::broken` names the
/// first bad seq.
pub fn verify_chain(
    catalog: &Catalog,
    config: &Config,
    signer: &VerifyingKey,
) -> Result<ChainStatus> {
    let local = crate::store::LocalDir::new(config.store_dir());
    let last = segments::last_seq(&local)?;
    verify_catalog(catalog, signer, last, VerifyOptions::default())
}

/// Parses a verified line (for listing).
pub fn parse(row: &AuditRow) -> Result<Entry> {
    serde_json::from_str(&row.line)
        .map_err(|e| Error::Ledger(format!("audit entry {}: {e}", row.seq)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_part_is_the_line_without_its_sig_member() {
        let e = Entry {
            v: 1,
            seq: 1,
            at: "2026-01-01T00:00:00Z".into(),
            actor: Actor {
                user: "u".into(),
                host: "h".into(),
            },
            action: Action::Init,
            object: Object::Vault.into(),
            outcome: Outcome::Ok,
            facts: json!({"note": ",\"sig\":\"x\"}"}),
            prev: GENESIS.into(),
            sig: String::new(),
        };
        let unsigned = serde_json::to_string(&e).unwrap_or_default();
        assert!(
            unsigned.starts_with(r#"{"v":1,"seq":1,"at":"2026-01-01T00:00:00Z","actor":{"user":"u","host":"h"},"action":"init","object":{"kind":"vault","id":""},"outcome":"ok","facts":"#),
            "{unsigned}"
        );
        let mut s = e.clone();
        s.sig = "AAAA".into();
        let line = serde_json::to_string(&s).unwrap_or_default();
        assert!(line.ends_with(r#","sig":"AAAA"}"#), "{line}");
        assert_eq!(signed_part(&line), Some((unsigned, "AAAA")));
        assert_eq!(signed_part(&line[..line.len() - 1]), None);
    }

    #[test]
    fn actions_round_trip_by_name() -> Result<()> {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str())?, a);
            assert_eq!(
                serde_json::to_value(a).ok(),
                Some(Value::String(a.as_str().into()))
            );
        }
        assert!(Action::parse("nope").is_err());
        Ok(())
    }

    #[test]
    fn armor_wraps_at_70_columns() {
        let b64 = "A".repeat(150);
        let a = armor(&b64);
        let lines: Vec<&str> = a.lines().collect();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1].len(), 70);
        assert_eq!(unarmor(&a), b64);
    }
}
