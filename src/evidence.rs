//! `coffer evidence`: one signed tar an auditor can take away and check
//! offline (spec/evidence.md): the audit report (HTML and JSON), the audit
//! log's entries of the period, the seals of the period's archives, the
//! verification, drill and run records, the erasure ledger's public facts,
//! the procedures document, and a manifest with the SHA-256 of each member,
//! signed by the vault's key (SSHSIG namespace [`NAMESPACE`]), plus a README
//! with the stock-tool commands that check it.
//!
//! The bundle is built in memory (its members are reports and small
//! records, not archives) and written atomically. Reading one back trusts
//! nothing before the manifest's signature and every member's hash agree.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::catalog::{ArchiveFilter, RunFilter};
use crate::crypto::sign::{SigningKey, VerifyingKey};
use crate::error::{Error, Result};
use crate::format::{self, ErrorClass};
use crate::pipeline::vault::Vault;

/// The SSHSIG namespace of a bundle's manifest signature.
pub const NAMESPACE: &str = "coffer-evidence";
/// Every member's path starts with this directory.
pub const ROOT: &str = "coffer-evidence";
pub const SCHEMA: &str = "coffer-evidence/1";
const MANIFEST: &str = "manifest.json";
const MANIFEST_SIG: &str = "manifest.json.sig";
/// Bounds for reading a bundle: no member or bundle can exhaust memory.
const MAX_MEMBER: u64 = 256 << 20;
const MAX_MEMBERS: usize = 100_000;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Member {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub created: String,
    pub since: String,
    pub until: String,
    pub coffer_version: String,
    /// `SHA256:...` of the vault's signing key, as `ssh-keygen -l` prints it.
    pub signer: String,
    pub members: Vec<Member>,
}

/// What `build` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Built {
    pub path: String,
    pub manifest: Manifest,
    pub bytes: u64,
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(b))
}

fn integrity(class: ErrorClass, msg: String) -> Error {
    Error::Format(format::Error::new(class, msg))
}

fn json_bytes(v: &impl Serialize) -> Result<Vec<u8>> {
    let mut b = serde_json::to_vec_pretty(v).map_err(|e| Error::Other(format!("JSON: {e}")))?;
    b.push(b'\n');
    Ok(b)
}

/// Builds the bundle of `[since, until)` and writes it to `out`.
pub fn build(vault: &Vault, since: Timestamp, until: Timestamp, out: &Path) -> Result<Built> {
    let mut members: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let report = crate::report::build(vault, Some(since), Some(until))?;
    members.insert("report.json".into(), json_bytes(&report)?);
    members.insert(
        "report.html".into(),
        crate::report::html::render(&report)?.into_bytes(),
    );
    let doc = crate::report::policy::build(vault)?;
    members.insert(
        "procedures.md".into(),
        crate::report::policy::markdown(&doc).into_bytes(),
    );
    let in_period = |t: Timestamp| t >= since && t < until;

    // The audit log's entries of the period, each a signed line (spec/audit.md),
    // and the chain's state when the bundle was made.
    let signer = vault.signer()?;
    let mut lines = String::new();
    for row in vault.catalog.audit_rows(1)? {
        let at: Timestamp = row
            .at
            .parse()
            .map_err(|e| Error::Other(format!("audit entry {}: bad time: {e}", row.seq)))?;
        if in_period(at) {
            lines.push_str(&row.line);
            lines.push('\n');
        }
    }
    members.insert("audit/entries.jsonl".into(), lines.into_bytes());
    let status = crate::audit::verify_catalog(
        &vault.catalog,
        &signer,
        None,
        crate::audit::VerifyOptions::default(),
    )?;
    members.insert("audit/status.json".into(), json_bytes(&status)?);

    // Seals of the period's archives: the signed pair from the store when
    // it is still there, else the seal text the catalog kept.
    let archives = vault.catalog.archives(ArchiveFilter {
        class: None,
        include_deleted: true,
    })?;
    let mut ids = Vec::new();
    for a in archives.iter().filter(|a| in_period(a.created)) {
        ids.push(&a.id);
        let base = vault.archive_path(a)?;
        let beside = |suffix: &str| {
            let mut p = base.clone().into_os_string();
            p.push(suffix);
            std::fs::read(p)
        };
        let seal = beside(format::seal::SEAL_SUFFIX);
        let sig = beside(format::seal::SIG_SUFFIX);
        match (seal, sig) {
            (Ok(seal), Ok(sig)) => {
                members.insert(format!("seals/{}.seal", a.id), seal);
                members.insert(format!("seals/{}.seal.sig", a.id), sig);
            }
            _ => {
                members.insert(format!("seals/{}.seal", a.id), a.seal.clone().into_bytes());
            }
        }
    }
    let mut verifications = Vec::new();
    let mut drills = Vec::new();
    for id in &ids {
        verifications.extend(
            vault
                .catalog
                .verifications(id)?
                .into_iter()
                .filter(|v| in_period(v.at)),
        );
        drills.extend(
            vault
                .catalog
                .drills(id)?
                .into_iter()
                .filter(|d| in_period(d.at)),
        );
    }
    members.insert(
        "records/verifications.json".into(),
        json_bytes(&verifications)?,
    );
    members.insert("records/drills.json".into(), json_bytes(&drills)?);
    let runs: Vec<_> = vault
        .catalog
        .runs(RunFilter::default())?
        .into_iter()
        .filter(|r| in_period(r.started))
        .collect();
    members.insert("records/runs.json".into(), json_bytes(&runs)?);

    // The erasure ledger's public facts: never the subject (nor its keyed
    // hash or ciphertext, which would let a holder of the key test guesses).
    let mut ledger = Vec::new();
    for row in vault.catalog.ledger()? {
        let e: serde_json::Value = serde_json::from_str(&row.entry)
            .map_err(|e| Error::Other(format!("ledger entry {}: {e}", row.seq)))?;
        ledger.push(json!({
            "seq": row.seq,
            "kind": row.kind,
            "reference": e.get("reference"),
            "requested_at": e.get("requested_at"),
            "recorded_at": e.get("recorded_at"),
            "hash": row.hash,
        }));
    }
    members.insert("ledger.json".into(), json_bytes(&ledger)?);
    members.insert(
        "signing.key.pub".into(),
        format!("{}\n", signer.to_openssh()).into_bytes(),
    );
    members.insert("README.txt".into(), readme().into_bytes());

    let key = SigningKey::load(&vault.config.signing_key_path())?;
    let manifest = Manifest {
        schema: SCHEMA.into(),
        created: crate::now().to_string(),
        since: since.to_string(),
        until: until.to_string(),
        coffer_version: env!("CARGO_PKG_VERSION").into(),
        signer: signer.fingerprint(),
        members: members
            .iter()
            .map(|(p, b)| Member {
                path: p.clone(),
                size: b.len() as u64,
                sha256: sha256_hex(b),
            })
            .collect(),
    };
    let manifest_bytes = json_bytes(&manifest)?;
    let sig = key.sign_in(NAMESPACE, &manifest_bytes)?;
    members.insert(MANIFEST.into(), manifest_bytes);
    members.insert(MANIFEST_SIG.into(), sig.into_bytes());

    let tar = write_tar(&members, crate::now())?;
    write_atomically(out, &tar)?;
    Ok(Built {
        path: out.display().to_string(),
        manifest,
        bytes: tar.len() as u64,
    })
}

/// A POSIX tar of the members under [`ROOT`], with fixed owners and modes
/// so that the same facts make the same bytes.
fn write_tar(members: &BTreeMap<String, Vec<u8>>, now: Timestamp) -> Result<Vec<u8>> {
    let mut b = tar::Builder::new(Vec::new());
    let io = |e: std::io::Error| Error::Other(format!("writing the bundle: {e}"));
    for (path, bytes) in members {
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(now.as_second().max(0) as u64);
        h.set_entry_type(tar::EntryType::Regular);
        b.append_data(&mut h, format!("{ROOT}/{path}"), bytes.as_slice())
            .map_err(io)?;
    }
    b.into_inner().map_err(io)
}

fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let err = |e: std::io::Error| Error::Store(format!("cannot write {}: {e}", out.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".coffer-evidence-")
        .tempfile_in(&dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(out).map_err(|e| err(e.error))?;
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub manifest: Manifest,
    /// The signer the bundle was checked against, and whether it was given
    /// (`--signer` or the vault's) or only taken from the bundle itself.
    pub signer: String,
    pub signer_trusted: bool,
}

/// Checks a bundle: the manifest's signature by `signer` (else by the key
/// the bundle carries, which proves integrity but not origin), then every
/// member against the manifest; a member that is missing, altered, extra,
/// or a tar entry that is not a plain file under [`ROOT`] is refused.
pub fn verify(path: &Path, signer: Option<&VerifyingKey>) -> Result<Checked> {
    let f = std::fs::File::open(path)
        .map_err(|e| Error::Input(format!("cannot open {}: {e}", path.display())))?;
    let members = read_tar(f)?;
    let manifest_bytes = members.get(MANIFEST).ok_or_else(|| {
        integrity(
            ErrorClass::EntryInvalid,
            format!("{}: no {MANIFEST}: not an evidence bundle", path.display()),
        )
    })?;
    let sig = members.get(MANIFEST_SIG).ok_or_else(|| {
        integrity(
            ErrorClass::SealMissing,
            format!("{}: no {MANIFEST_SIG}", path.display()),
        )
    })?;
    let sig = std::str::from_utf8(sig).map_err(|_| {
        integrity(
            ErrorClass::SignatureInvalid,
            "the manifest signature is not text".into(),
        )
    })?;
    let (key, trusted) = match signer {
        Some(k) => (k.clone(), true),
        None => {
            let own = members.get("signing.key.pub").ok_or_else(|| {
                integrity(
                    ErrorClass::SealMissing,
                    "no signing.key.pub in the bundle; pass --signer".into(),
                )
            })?;
            let line = String::from_utf8_lossy(own);
            let k = VerifyingKey::parse(line.trim()).map_err(|e| {
                integrity(
                    ErrorClass::SignatureInvalid,
                    format!("signing.key.pub: {e}"),
                )
            })?;
            (k, false)
        }
    };
    key.verify_in(NAMESPACE, manifest_bytes, sig).map_err(|e| {
        integrity(
            ErrorClass::SignatureInvalid,
            format!("the manifest's signature does not verify: {e}"),
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(manifest_bytes)
        .map_err(|e| integrity(ErrorClass::ManifestInvalid, format!("{MANIFEST}: {e}")))?;
    if manifest.schema != SCHEMA {
        return Err(integrity(
            ErrorClass::UnsupportedVersion,
            format!(
                "bundle schema {} (this coffer reads {SCHEMA})",
                manifest.schema
            ),
        ));
    }
    let mut listed = std::collections::BTreeSet::new();
    for m in &manifest.members {
        let Some(bytes) = members.get(&m.path) else {
            return Err(integrity(
                ErrorClass::Truncated,
                format!("member {} is missing", m.path),
            ));
        };
        if bytes.len() as u64 != m.size || sha256_hex(bytes) != m.sha256 {
            return Err(integrity(
                ErrorClass::DigestMismatch,
                format!("member {} does not match the manifest (altered)", m.path),
            ));
        }
        listed.insert(m.path.as_str());
    }
    for p in members.keys() {
        if p != MANIFEST && p != MANIFEST_SIG && !listed.contains(p.as_str()) {
            return Err(integrity(
                ErrorClass::EntryInvalid,
                format!("member {p} is not in the manifest (added)"),
            ));
        }
    }
    Ok(Checked {
        signer: key.fingerprint(),
        signer_trusted: trusted,
        manifest,
    })
}

/// The plain-file members of a bundle, by path below [`ROOT`].
fn read_tar(r: impl Read) -> Result<BTreeMap<String, Vec<u8>>> {
    let bad = |m: String| integrity(ErrorClass::EntryInvalid, m);
    let mut out = BTreeMap::new();
    let mut archive = tar::Archive::new(r);
    let entries = archive
        .entries()
        .map_err(|e| integrity(ErrorClass::NotAnArchive, format!("not a tar: {e}")))?;
    for entry in entries {
        let mut entry =
            entry.map_err(|e| integrity(ErrorClass::Corrupt, format!("bad tar entry: {e}")))?;
        if out.len() >= MAX_MEMBERS {
            return Err(bad("too many members".into()));
        }
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8(raw).map_err(|_| bad("a member name is not UTF-8".into()))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad(format!("member {name} is not a plain file")));
        }
        let rel = name
            .strip_prefix(&format!("{ROOT}/"))
            .filter(|r| {
                !r.is_empty() && !r.split('/').any(|c| c.is_empty() || c == "." || c == "..")
            })
            .ok_or_else(|| bad(format!("member {name:?} is outside {ROOT}/")))?
            .to_owned();
        let size = entry.size();
        if size > MAX_MEMBER {
            return Err(bad(format!("member {name} is too large ({size} bytes)")));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        entry
            .by_ref()
            .take(MAX_MEMBER + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| integrity(ErrorClass::Truncated, format!("member {name}: {e}")))?;
        if bytes.len() as u64 != size {
            return Err(integrity(
                ErrorClass::Truncated,
                format!("member {name} is cut short"),
            ));
        }
        if out.insert(rel, bytes).is_some() {
            return Err(bad(format!("member {name} appears twice")));
        }
    }
    if out.is_empty() {
        return Err(integrity(
            ErrorClass::NotAnArchive,
            "an empty tar: not an evidence bundle".into(),
        ));
    }
    Ok(out)
}

fn readme() -> String {
    format!(
        "\
coffer evidence bundle ({SCHEMA})

What is here
  report.html, report.json   the audit report of the period (the JSON is what the HTML shows)
  procedures.md              the backup procedures, rendered from the live configuration
  audit/entries.jsonl        the audit log's entries of the period, one signed JSON line each (spec/audit.md)
  audit/status.json          the audit chain's check when the bundle was made (head sequence and hash)
  seals/ID.seal(.sig)        the signed seal of every archive of the period
  records/*.json             verifications, restore drills (RTO) and runs of the period
  ledger.json                GDPR erasure requests: reference and dates, never the subject
  signing.key.pub            the key that signed manifest.json (compare its fingerprint with the vault's)
  manifest.json(.sig)        the SHA-256 of every member, signed (SSHSIG, namespace {NAMESPACE})

Check it offline with stock tools (ssh-keygen, sha256sum, jq), in this directory:
  ssh-keygen -l -f signing.key.pub      # the fingerprint must be the vault's (manifest.json's \"signer\")
  printf 'coffer %s\\n' \"$(cut -d' ' -f1,2 signing.key.pub)\" > /tmp/allowed_signers
  ssh-keygen -Y verify -f /tmp/allowed_signers -I coffer -n {NAMESPACE} -s manifest.json.sig < manifest.json
  jq -r '.members[] | \"\\(.sha256)  \\(.path)\"' manifest.json | sha256sum -c
A seal: printf 'coffer %s\\n' \"$(cut -d' ' -f1,2 signing.key.pub)\" > /tmp/seal_signers;
  ssh-keygen -Y verify -f /tmp/seal_signers -I coffer -n coffer-seal -s seals/ID.seal.sig < seals/ID.seal
Or with coffer: coffer evidence verify bundle.tar --signer signing.key.pub
"
    )
}
