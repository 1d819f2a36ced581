//! `coffer rekey`: rewrite the recipients of archives already written,
//! without re-encrypting their payload (spec/format.md "Rekey").
//!
//! Per archive: check it against its seal and the catalog; unwrap the file
//! key from its age header (or the session key of its OpenPGP message)
//! with the identity (or passphrase) given; write the new header (age
//! stanzas, or OpenPGP session-key packets) and the unchanged payload
//! bytes to a staging directory
//! beside the archive, with a new signed seal naming the previous one by
//! hash; write a journal; rename archive, signature and seal into place;
//! register in the catalog (one transaction); record the audit entry;
//! remove the journal; then replace the copies in the class's offsite
//! stores (`push`).
//!
//! Crash safety: before the journal exists the archive is untouched and
//! the staged files are removed by [`recover`]; once it exists the staged
//! files are complete and fsynced, and [`recover`] (run by every writer
//! under the vault's lock) finishes the renames and the registration. The
//! offsite copies are marked bad ("superseded") in the same transaction
//! that registers the new archive, so the next `push` replaces them.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::copies;
use super::loose;
use super::vault::{Vault, store_err};
use crate::audit::{Action, Object, Outcome as AuditOutcome};
use crate::catalog::{ArchiveRecord, ArchiveStatus, CopyStatus, RekeyRecord};
use crate::crypto::rekey::{AgeHeader, new_header};
use crate::crypto::sign::SigningKey;
use crate::crypto::{AGE_MAGIC, Keys, Mode, PgpCert, age_fingerprint, pgp_fingerprint};
use crate::digest::{Digest, Hasher, HashingReader};
use crate::error::{Error, Result};
use crate::format::SignedSeal;
use crate::format::seal::{Rekeyed, Retained, SEAL_SUFFIX, SIG_SUFFIX};

/// The staging directory of rekeys, inside a class's directory. Its name
/// starts with the store's temp prefix, so listings and rebuilds never see
/// what is in it.
pub const STAGING: &str = ".coffer-tmp-rekey";
/// The journal beside the staged files of one archive.
const JOURNAL_SUFFIX: &str = ".journal";

/// What to do to each archive.
pub struct RekeyOptions<'a> {
    /// Opens the archives (an identity, or the passphrase of a passphrase archive).
    pub keys: &'a Keys,
    /// age recipients to add (to age archives).
    pub add: Vec<age::x25519::Recipient>,
    /// OpenPGP certificates to add (to OpenPGP archives). An OpenPGP
    /// archive's recipients are not in coffer.toml: each one it keeps must
    /// be given here too, unless it is the certificate of the `-i` key.
    pub add_pgp: Vec<PgpCert>,
    /// Recipient fingerprints to remove (as `coffer keys list` shows them).
    pub remove: Vec<String>,
    /// Replace the offsite copies now (else the next `push` does).
    pub push: bool,
}

/// One archive's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveRekey {
    pub archive_id: String,
    pub class: String,
    /// "rekeyed" or "unchanged" (nothing to add or remove for it).
    pub outcome: String,
    pub encryption_before: String,
    pub encryption_after: String,
    pub recipients_before: Vec<String>,
    pub recipients_after: Vec<String>,
    pub sha256_before: String,
    pub sha256_after: String,
    pub size_after: u64,
    /// SHA-256 of the payload section (age: nonce and STREAM ciphertext;
    /// OpenPGP: the SEIPD packet): the same before and after.
    pub payload_sha256: Option<String>,
    /// Offsite copies replaced (or why not).
    pub offsite: Vec<copies::Pushed>,
    /// Object-locked copies of the previous ciphertext that stay readable
    /// by the previous recipients until their lock ends.
    pub retained: Vec<Retained>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RekeyReport {
    pub archives: Vec<ArchiveRekey>,
    pub warnings: Vec<String>,
}

/// The journal of one archive's rekey, written once its staged files are
/// complete: from then on the rekey is finished, never undone.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    archive_id: String,
    /// The archive's file name in its class directory.
    file: String,
    old_sha256: String,
    new_sha256: String,
    new_size: u64,
    payload_sha256: String,
    recipients_added: Vec<String>,
    recipients_removed: Vec<String>,
}

/// Rekeys each of `archives` (good age archives of the vault); the caller
/// holds the writer lock. Stops at the first archive that fails, after
/// which the ones before it stay rekeyed (each is whole on its own).
pub fn rekey(
    vault: &Vault,
    archives: &[ArchiveRecord],
    opts: &RekeyOptions<'_>,
    progress: &mut dyn FnMut(&str),
) -> Result<RekeyReport> {
    let mut report = RekeyReport::default();
    check_request(vault, archives, opts)?;
    let signing_key = SigningKey::load(&vault.config.signing_key_path())?;
    for rec in archives {
        progress(&format!("rekeying {}", rec.id));
        let r = rekey_one(vault, rec, opts, &signing_key)?;
        report.archives.push(r);
    }
    let unknown_to_config: BTreeSet<String> = archives
        .iter()
        .flat_map(|a| {
            let mine: Vec<String> = vault
                .config
                .class_recipients(&a.class)
                .map(|rs| rs.iter().map(age_fingerprint).collect())
                .unwrap_or_default();
            opts.add
                .iter()
                .map(age_fingerprint)
                .filter(move |f| !mine.contains(f))
                .map(move |f| format!("{f} (class {})", a.class))
        })
        .collect();
    for f in unknown_to_config {
        report.warnings.push(format!(
            "recipient {f} is not in coffer.toml: new backups are not encrypted to it; add it there too"
        ));
    }
    Ok(report)
}

/// Refusals that need no archive opened: nothing to do, an OpenPGP
/// archive, a removal that no selected archive has, a recipient of another
/// class (FERPA separation, as coffer.toml is checked).
fn check_request(vault: &Vault, archives: &[ArchiveRecord], opts: &RekeyOptions<'_>) -> Result<()> {
    if opts.add.is_empty() && opts.add_pgp.is_empty() && opts.remove.is_empty() {
        return Err(Error::Input(
            "nothing to do: name recipients to --add (or --add-pgp-cert) and/or fingerprints to --remove".into(),
        ));
    }
    if archives.is_empty() {
        return Err(Error::Input("no archive selected".into()));
    }
    for a in archives {
        if a.status != ArchiveStatus::Good {
            return Err(Error::Input(format!("archive {} is deleted", a.id)));
        }
        if Kind::of(a).is_none() {
            return Err(Error::Input(format!(
                "archive {} is encrypted with {}: rekey rewrites age and OpenPGP archives only",
                a.id, a.encryption
            )));
        }
        if Kind::of(a) == Some(Kind::Pgp) && !cfg!(feature = "openpgp") {
            return Err(crate::crypto::Error::OpenPgpDisabled.into());
        }
    }
    for (kind, given, flag) in [
        (
            Kind::Age,
            !opts.add.is_empty(),
            "--add/--add-file (age recipients)",
        ),
        (Kind::Pgp, !opts.add_pgp.is_empty(), "--add-pgp-cert"),
    ] {
        if given && !archives.iter().any(|a| Kind::of(a) == Some(kind)) {
            return Err(Error::Input(format!(
                "{flag} given, but no selected archive is {}: age archives take age recipients, OpenPGP archives OpenPGP certificates",
                match kind {
                    Kind::Age => "an age archive",
                    Kind::Pgp => "an OpenPGP archive",
                }
            )));
        }
    }
    for fp in &opts.remove {
        if !archives.iter().any(|a| a.recipients.contains(fp)) {
            return Err(Error::Input(format!(
                "no selected archive is encrypted to {fp} (fingerprints as `coffer keys list` and `coffer show` print them)"
            )));
        }
    }
    let added = opts
        .add
        .iter()
        .map(|r| (Kind::Age, age_fingerprint(r)))
        .chain(opts.add_pgp.iter().map(|c| (Kind::Pgp, pgp_fingerprint(c))));
    let opened = vault.catalog.archives_by_recipient()?;
    for (kind, fp) in added {
        let selected: BTreeSet<&str> = archives
            .iter()
            .filter(|a| Kind::of(a) == Some(kind))
            .map(|a| a.class.as_str())
            .collect();
        check_not_shared(vault, &selected, &fp, &opened)?;
    }
    Ok(())
}

/// FERPA separation, as coffer.toml is checked: a recipient about to be
/// added to archives of the `selected` classes must not also be a
/// recipient of another class, whether coffer.toml names it there or
/// archives of that class are encrypted to it, unless one of the two
/// classes has `allow_shared_recipients`.
fn check_not_shared(
    vault: &Vault,
    selected: &BTreeSet<&str>,
    fp: &str,
    opened: &std::collections::BTreeMap<(String, String), u64>,
) -> Result<()> {
    let cfg = &vault.config;
    let mut classes: BTreeSet<String> = selected.iter().map(|c| (*c).to_owned()).collect();
    for other in
        std::iter::once(crate::format::names::GENERAL).chain(cfg.classes.keys().map(String::as_str))
    {
        let named = cfg
            .class_recipients(other)?
            .iter()
            .any(|r| age_fingerprint(r) == fp);
        if named {
            classes.insert(other.to_owned());
        }
    }
    classes.extend(
        opened
            .keys()
            .filter(|(_, f)| f == fp)
            .map(|(class, _)| class.clone()),
    );
    let shared_ok = |c: &str| {
        cfg.classes
            .get(c)
            .is_some_and(|s| s.allow_shared_recipients)
    };
    for class in selected {
        if let Some(other) = classes
            .iter()
            .find(|o| o.as_str() != *class && !shared_ok(class) && !shared_ok(o))
        {
            if selected.contains(other.as_str()) {
                return Err(Error::Config(format!(
                    "recipient {fp} would be added to archives of classes {class} and {other}, which must not share keys: rekey each class with its own --class and recipients (allow_shared_recipients = true in [classes.{class}] overrides)"
                )));
            }
            return Err(Error::Config(format!(
                "recipient {fp} is a recipient of class {other}: archives of class {class} must not share its keys (allow_shared_recipients = true in [classes.{class}] overrides)"
            )));
        }
    }
    Ok(())
}

/// The two kinds of archive encryption a rekey rewrites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Age,
    Pgp,
}

impl Kind {
    fn of(a: &ArchiveRecord) -> Option<Kind> {
        match a.encryption.as_str() {
            e if e == Mode::Age.as_str() || e == Mode::AgeScrypt.as_str() => Some(Kind::Age),
            e if e == Mode::OpenPgp.as_str() || e == Mode::OpenPgpSymmetric.as_str() => {
                Some(Kind::Pgp)
            }
            _ => None,
        }
    }
}

/// An archive's recipients after the rekey.
enum NewRecipients {
    Age(Vec<age::x25519::Recipient>),
    Pgp(Vec<PgpCert>),
}

/// The public keys of the recipients an archive keeps: from its class's
/// config, the catalog's history of recipients, or `--add`.
fn resolve_recipient(
    vault: &Vault,
    class: &str,
    fp: &str,
    add: &[age::x25519::Recipient],
) -> Result<Option<age::x25519::Recipient>> {
    let from_config = vault
        .config
        .class_recipients(class)?
        .into_iter()
        .find(|r| age_fingerprint(r) == fp);
    if from_config.is_some() {
        return Ok(from_config);
    }
    if let Some(key) = vault.catalog.recipient_key(fp)? {
        let r = crate::crypto::parse_age_recipient(&key)?;
        if age_fingerprint(&r) == fp {
            return Ok(Some(r));
        }
    }
    Ok(add.iter().find(|r| age_fingerprint(r) == fp).cloned())
}

fn rekey_one(
    vault: &Vault,
    rec: &ArchiveRecord,
    opts: &RekeyOptions<'_>,
    signing_key: &SigningKey,
) -> Result<ArchiveRekey> {
    let mut out = ArchiveRekey {
        archive_id: rec.id.clone(),
        class: rec.class.clone(),
        outcome: "unchanged".into(),
        encryption_before: rec.encryption.clone(),
        encryption_after: rec.encryption.clone(),
        recipients_before: rec.recipients.clone(),
        recipients_after: rec.recipients.clone(),
        sha256_before: rec.sha256.clone(),
        sha256_after: rec.sha256.clone(),
        size_after: rec.size,
        payload_sha256: None,
        offsite: Vec::new(),
        retained: Vec::new(),
    };
    let Some((new, fps)) = plan(vault, rec, opts)? else {
        return Ok(out);
    };

    // The archive must be the one the catalog registered, intact: its seal
    // is checked now, its bytes against the seal as they are copied (below),
    // and its size before anything is read.
    let path = vault.archive_path(rec)?;
    let signer = vault.signer()?;
    let old_seal = loose::read_seal(&path)?;
    old_seal.verify_signature(Some(&signer))?;
    super::verify::check_seal_matches_record(&old_seal.seal, rec)?;
    let on_disk = std::fs::metadata(&path)
        .map_err(|e| store_err("cannot read", &path, e))?
        .len();
    if on_disk != old_seal.seal.ciphertext.size {
        check_whole(&path, &old_seal)?;
    }

    // Unwrap with the given key, then stream: new header, same payload,
    // every byte of the old archive hashed on its way.
    let (old_bytes, old_hash) =
        HashingReader::new(File::open(&path).map_err(|e| store_err("cannot open", &path, e))?);
    let mut input = BufReader::with_capacity(1 << 20, old_bytes);
    let opened = match &new {
        NewRecipients::Age(to) => AgeHeader::read(&mut input)
            .and_then(|header| opts.keys.age_file_key(&header))
            .and_then(|file_key| new_header(&file_key, to))
            .map(|head| (head, Vec::new(), Mode::Age))
            .map_err(Error::from),
        NewRecipients::Pgp(to) => pgp_head(&path, &mut input, opts.keys, to, &old_seal)
            .map(|(head, start)| (head, start, Mode::OpenPgp)),
    };
    // A header that does not open may be a damaged archive rather than a
    // wrong key: the seal says which.
    let (new_head, payload_start, mode_after) = match opened {
        Ok(o) => o,
        Err(e) => {
            check_whole(&path, &old_seal)?;
            return Err(e);
        }
    };
    let dir = parent(&path);
    let file = file_name(&path)?;
    let staging = dir.join(STAGING);
    ensure_private_dir(&staging)?;
    let staged = staging.join(&file);
    let journal_path = staging.join(format!("{file}{JOURNAL_SUFFIX}"));
    remove_staged(&staging, &file);
    // Everything up to the journal, the commit point: on failure the staged
    // files go and the archive is as it was.
    let staged_result = (|| -> Result<(Journal, SignedSeal, Vec<Retained>)> {
        let (sha, size, payload) = write_staged(
            &staged,
            &new_head,
            &mut std::io::Cursor::new(payload_start).chain(&mut input),
        )?;
        // The old archive was the sealed one: else nothing is changed.
        let (old_sha, old_size) = old_hash.snapshot();
        old_seal.check_ciphertext(&old_sha, old_size)?;
        // Read back what is on disk: the whole file's hash (the payload
        // bytes in it are then the ones hashed as they were written).
        if hash_file(&staged)? != (sha, size) {
            return Err(Error::Store(format!(
                "the rekeyed archive {} read back differently from what was written; nothing was changed",
                rec.id
            )));
        }

        // The new seal: the old one with the new ciphertext, recipients,
        // signer and a reference to the seal it replaces.
        let now = crate::now();
        let retained = retained_copies(vault, rec, now)?;
        let mut seal = old_seal.seal.clone();
        seal.encryption = mode_after;
        seal.recipients = fps.clone();
        seal.ciphertext.size = size;
        seal.ciphertext.sha256 = sha.to_hex();
        seal.signer = signing_key.verifying_key().fingerprint();
        seal.rekeyed = Some(Rekeyed {
            at: now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            previous_seal_sha256: Digest::of(&old_seal.bytes).to_hex(),
            previous_sha256: rec.sha256.clone(),
            retained: retained.clone(),
        });
        let signed = seal.sign(signing_key)?;
        let (seal_path, sig_path) = loose::seal_paths(&staged);
        super::vault::write_new(&sig_path, 0o600, signed.signature.as_bytes())?;
        super::vault::write_new(&seal_path, 0o600, &signed.bytes)?;
        loose::sync_dir(&staging);
        crate::fault("rekey-staged");

        let journal = Journal {
            archive_id: rec.id.clone(),
            file: file.clone(),
            old_sha256: rec.sha256.clone(),
            new_sha256: sha.to_hex(),
            new_size: size,
            payload_sha256: payload.to_hex(),
            recipients_added: fps
                .iter()
                .filter(|f| !rec.recipients.contains(f))
                .cloned()
                .collect(),
            recipients_removed: rec
                .recipients
                .iter()
                .filter(|f| !fps.contains(f))
                .cloned()
                .collect(),
        };
        let journal_bytes =
            serde_json::to_vec_pretty(&journal).map_err(|e| Error::Other(e.to_string()))?;
        loose::write_atomic(&journal_path, &journal_bytes, 0o600)?;
        Ok((journal, signed, retained))
    })();
    let (journal, signed, retained) = staged_result.inspect_err(|_| {
        // A journal on disk means the commit happened: `recover` finishes it.
        if !journal_path.exists() {
            remove_staged(&staging, &file);
            let _ = std::fs::remove_dir(&staging);
        }
    })?;

    // From here on the rekey is finished, by this process or by `recover`.
    install(&staging, &dir, &file, true)?;
    crate::fault("rekey-before-register");
    register(vault, rec, &journal, &signed, false)?;
    finish_journal(&staging, &file)?;
    crate::fault("rekey-before-push");

    out.outcome = "rekeyed".into();
    out.encryption_after = mode_after.as_str().into();
    out.recipients_after = fps;
    out.sha256_after = journal.new_sha256;
    out.size_after = journal.new_size;
    out.payload_sha256 = Some(journal.payload_sha256);
    out.retained = retained;
    if opts.push && !vault.config.class_offsite(&rec.class).is_empty() {
        let fresh = vault
            .catalog
            .archive(&rec.id)?
            .ok_or_else(|| Error::Other(format!("archive {} vanished from the catalog", rec.id)))?;
        let pushed = copies::push(vault, std::slice::from_ref(&fresh), None, &mut |_| {})?;
        out.offsite = pushed.copies;
    }
    Ok(out)
}

/// An archive's recipients after the rekey (the old ones less the
/// removed, plus the added) and their fingerprints, or `None` when that
/// changes nothing.
fn plan(
    vault: &Vault,
    rec: &ArchiveRecord,
    opts: &RekeyOptions<'_>,
) -> Result<Option<(NewRecipients, Vec<String>)>> {
    let Some(kind) = Kind::of(rec) else {
        return Err(Error::Input(format!(
            "archive {} is encrypted with {}: rekey rewrites age and OpenPGP archives only",
            rec.id, rec.encryption
        )));
    };
    // Nothing to add of its kind and nothing of its own to remove (an age
    // archive in a `--all` that adds OpenPGP certificates, say): untouched,
    // without asking for the keys of those who stay.
    let adds = match kind {
        Kind::Age => !opts.add.is_empty(),
        Kind::Pgp => !opts.add_pgp.is_empty(),
    };
    if !adds && !rec.recipients.iter().any(|fp| opts.remove.contains(fp)) {
        return Ok(None);
    }
    // A passphrase archive moved to recipients loses its passphrase: age
    // allows a scrypt stanza only alone, and coffer never writes an
    // OpenPGP message to both.
    let (passphrase, symmetric) = match kind {
        Kind::Age => ("scrypt", rec.encryption == Mode::AgeScrypt.as_str()),
        Kind::Pgp => (
            "passphrase",
            rec.encryption == Mode::OpenPgpSymmetric.as_str(),
        ),
    };
    let kept = rec
        .recipients
        .iter()
        .filter(|fp| !opts.remove.contains(fp) && fp.as_str() != passphrase);
    let unknown = |fp: &str, how: &str| {
        Error::Input(format!(
            "archive {}: the public key of its recipient {fp} is unknown to this vault ({how}); pass it with {}, or --remove {fp}",
            rec.id,
            match kind {
                Kind::Age => "--add",
                Kind::Pgp => "--add-pgp-cert FILE",
            }
        ))
    };
    let mut fps: Vec<String> = Vec::new();
    let (new, added_any) = match kind {
        Kind::Age => {
            let mut new = Vec::new();
            for fp in kept {
                let r = resolve_recipient(vault, &rec.class, fp, &opts.add)?.ok_or_else(|| {
                    unknown(fp, "not in coffer.toml nor in the catalog's history")
                })?;
                new.push(r);
                fps.push(fp.clone());
            }
            for r in &opts.add {
                let fp = age_fingerprint(r);
                if !fps.contains(&fp) {
                    new.push(r.clone());
                    fps.push(fp);
                }
            }
            (NewRecipients::Age(new), !opts.add.is_empty())
        }
        Kind::Pgp => {
            // OpenPGP recipients are not in coffer.toml: the certificates
            // given, and those of the -i keys, are all that is known.
            let mut known = opts.add_pgp.clone();
            known.extend(opts.keys.pgp_public_certs());
            let mut new = Vec::new();
            for fp in kept {
                let c = known
                    .iter()
                    .find(|c| &pgp_fingerprint(c) == fp)
                    .ok_or_else(|| unknown(fp, "OpenPGP certificates are given with each rekey"))?;
                new.push(c.clone());
                fps.push(fp.clone());
            }
            for c in &opts.add_pgp {
                let fp = pgp_fingerprint(c);
                if !fps.contains(&fp) {
                    new.push(c.clone());
                    fps.push(fp);
                }
            }
            (NewRecipients::Pgp(new), !opts.add_pgp.is_empty())
        }
    };
    let same: bool = {
        let a: BTreeSet<&String> = fps.iter().collect();
        let b: BTreeSet<&String> = rec.recipients.iter().collect();
        a == b
    };
    if (!symmetric && same) || (symmetric && !added_any) {
        return Ok(None);
    }
    if fps.is_empty() {
        return Err(Error::Input(format!(
            "refusing to remove the last recipient of archive {}: nobody could open it any more (--add another first)",
            rec.id
        )));
    }
    Ok(Some((new, fps)))
}

/// The new session-key packets of an OpenPGP archive for `to`, and the
/// bytes of its SEIPD packet that reading the old ones consumed from
/// `input` (left at the rest of it). The whole archive at `path` is
/// decrypted once with `keys` first: its MDC vouches for the session key.
/// The bytes the session key was checked against are hashed too and must
/// be the sealed archive's: a file swapped between this read and the copy
/// fails one of the two checks.
#[cfg(feature = "openpgp")]
fn pgp_head(
    path: &Path,
    input: &mut dyn Read,
    keys: &Keys,
    to: &[PgpCert],
    seal: &SignedSeal,
) -> Result<(Vec<u8>, Vec<u8>)> {
    use crate::crypto::pgp_rekey::{PgpHeader, new_header};
    let header = PgpHeader::read(input)?;
    let (whole, tap) =
        HashingReader::new(File::open(path).map_err(|e| store_err("cannot open", path, e))?);
    let key = keys.pgp_session_key(whole)?;
    let (sha, size) = tap.snapshot();
    seal.check_ciphertext(&sha, size)?;
    Ok((new_header(&key, to)?, header.payload_start))
}

#[cfg(not(feature = "openpgp"))]
fn pgp_head(
    _path: &Path,
    _input: &mut dyn Read,
    _keys: &Keys,
    _to: &[PgpCert],
    _seal: &SignedSeal,
) -> Result<(Vec<u8>, Vec<u8>)> {
    Err(crate::crypto::Error::OpenPgpDisabled.into())
}

/// Copies of `rec` under object lock now: the previous ciphertext stays
/// there, readable by its recipients, until the lock ends.
fn retained_copies(
    vault: &Vault,
    rec: &ArchiveRecord,
    now: jiff::Timestamp,
) -> Result<Vec<Retained>> {
    Ok(vault
        .catalog
        .copies(&rec.id)?
        .into_iter()
        .filter(|c| c.status == CopyStatus::Present && c.store != rec.store)
        .filter_map(|c| {
            c.retain_until.filter(|u| *u > now).map(|u| Retained {
                store: c.store,
                until: u.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            })
        })
        .collect())
}

/// Writes `head` then the rest of `payload` to a new file at `path`
/// (0600), fsynced. Returns the file's SHA-256 and size, and the payload
/// section's SHA-256.
fn write_staged(path: &Path, head: &[u8], payload: &mut dyn Read) -> Result<(Digest, u64, Digest)> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| store_err("cannot create", path, e))?;
    let mut whole = Hasher::new();
    let mut body = Hasher::new();
    let werr = |e| store_err("cannot write", path, e);
    f.write_all(head).map_err(werr)?;
    whole.update(head);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match payload.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = std::fs::remove_file(path);
                return Err(Error::Store(format!("reading the archive: {e}")));
            }
        };
        f.write_all(&buf[..n]).map_err(werr)?;
        whole.update(&buf[..n]);
        body.update(&buf[..n]);
    }
    f.sync_all().map_err(werr)?;
    let (sha, size) = whole.finish();
    Ok((sha, size, body.finish().0))
}

/// The archive at `path` against its seal (size and SHA-256): the seal's
/// error (truncated, or not the sealed archive) if it fails.
fn check_whole(path: &Path, seal: &SignedSeal) -> Result<()> {
    let (sha, size) = hash_file(path)?;
    Ok(seal.check_ciphertext(&sha, size)?)
}

/// The SHA-256 and size of a file.
fn hash_file(path: &Path) -> Result<(Digest, u64)> {
    let f = File::open(path).map_err(|e| store_err("cannot open", path, e))?;
    crate::digest::hash_reader(f).map_err(|e| store_err("cannot read", path, e))
}

/// The SHA-256 of an archive file's payload section: what follows its age
/// header, or its OpenPGP session-key packets.
pub fn payload_sha256(path: &Path) -> Result<Digest> {
    let mut input =
        BufReader::new(File::open(path).map_err(|e| store_err("cannot open", path, e))?);
    let head = input
        .fill_buf()
        .map_err(|e| store_err("cannot read", path, e))?;
    let at = if head.starts_with(&AGE_MAGIC[..head.len().min(AGE_MAGIC.len())]) {
        AgeHeader::read(&mut input)?.bytes.len()
    } else {
        pgp_header_len(&mut input)?
    };
    let mut f = File::open(path).map_err(|e| store_err("cannot open", path, e))?;
    std::io::copy(&mut (&mut f).take(at as u64), &mut std::io::sink())
        .map_err(|e| store_err("cannot read", path, e))?;
    Ok(crate::digest::hash_reader(f)
        .map_err(|e| store_err("cannot read", path, e))?
        .0)
}

#[cfg(feature = "openpgp")]
fn pgp_header_len(input: &mut dyn Read) -> Result<usize> {
    Ok(crate::crypto::pgp_rekey::PgpHeader::read(input)?
        .bytes
        .len())
}

#[cfg(not(feature = "openpgp"))]
fn pgp_header_len(_input: &mut dyn Read) -> Result<usize> {
    Err(crate::crypto::Error::OpenPgpDisabled.into())
}

/// Moves the staged archive, signature and seal of `file` into `dir`
/// (each that is still staged: a resumed install skips what is done).
fn install(staging: &Path, dir: &Path, file: &str, faults: bool) -> Result<()> {
    for (i, suffix) in ["", SIG_SUFFIX, SEAL_SUFFIX].into_iter().enumerate() {
        let from = staging.join(format!("{file}{suffix}"));
        let to = dir.join(format!("{file}{suffix}"));
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(store_err("cannot rename", &from, e)),
        }
        loose::sync_dir(dir);
        if faults && i == 0 {
            crate::fault("rekey-after-archive-rename");
        }
    }
    Ok(())
}

/// Updates the catalog (unless it already has the new archive) and writes
/// the audit entry (unless the log already has it).
fn register(
    vault: &Vault,
    old: &ArchiveRecord,
    journal: &Journal,
    signed: &SignedSeal,
    recovered: bool,
) -> Result<()> {
    let seal = &signed.seal;
    if old.sha256 == journal.old_sha256 {
        let new = ArchiveRecord {
            size: seal.ciphertext.size,
            sha256: seal.ciphertext.sha256.clone(),
            encryption: seal.encryption.as_str().into(),
            recipients: seal.recipients.clone(),
            seal: String::from_utf8_lossy(&signed.bytes).into_owned(),
            ..old.clone()
        };
        let at = crate::now();
        vault.catalog.register_rekey(
            &new,
            &RekeyRecord {
                archive_id: old.id.clone(),
                at,
                old_sha256: old.sha256.clone(),
                old_size: old.size,
                new_sha256: new.sha256.clone(),
                new_size: new.size,
                old_encryption: old.encryption.clone(),
                new_encryption: new.encryption.clone(),
                old_recipients: old.recipients.clone(),
                new_recipients: new.recipients.clone(),
                previous_seal_sha256: Digest::of(old.seal.as_bytes()).to_hex(),
                previous_seal: old.seal.clone(),
            },
        )?;
    } else if old.sha256 != journal.new_sha256 {
        return Err(Error::Other(format!(
            "archive {}: the catalog knows ciphertext {}, neither the one before the rekey nor after it",
            old.id, old.sha256
        )));
    }
    if !audit_has(vault, &journal.archive_id, &journal.new_sha256)? {
        vault.audit(
            Action::Rekey,
            Object::Archive(journal.archive_id.clone()),
            AuditOutcome::Ok,
            json!({
                "store": old.store,
                "sha256": journal.new_sha256,
                "size": journal.new_size,
                "previous_sha256": journal.old_sha256,
                "payload_sha256": journal.payload_sha256,
                "recipients": seal.recipients,
                "recipients_added": journal.recipients_added,
                "recipients_removed": journal.recipients_removed,
                "previous_seal_sha256": seal.rekeyed.as_ref().map(|r| r.previous_seal_sha256.clone()),
                "recovered": recovered,
            }),
        );
    }
    Ok(())
}

/// Whether the audit log records the rekey of `id` to `sha256`.
fn audit_has(vault: &Vault, id: &str, sha256: &str) -> Result<bool> {
    let rows = vault
        .catalog
        .audit_filtered(None, Some(Action::Rekey.as_str()))?;
    Ok(rows.iter().any(|r| {
        crate::audit::parse(r).is_ok_and(|e| {
            e.object.id == id && e.facts.get("sha256").and_then(Value::as_str) == Some(sha256)
        })
    }))
}

fn finish_journal(staging: &Path, file: &str) -> Result<()> {
    let j = staging.join(format!("{file}{JOURNAL_SUFFIX}"));
    std::fs::remove_file(&j).map_err(|e| store_err("cannot remove", &j, e))?;
    loose::sync_dir(staging);
    // Empty now unless another archive's rekey is staged: then it stays.
    let _ = std::fs::remove_dir(staging);
    Ok(())
}

fn remove_staged(staging: &Path, file: &str) {
    for suffix in ["", SIG_SUFFIX, SEAL_SUFFIX] {
        let _ = std::fs::remove_file(staging.join(format!("{file}{suffix}")));
    }
}

fn parent(p: &Path) -> PathBuf {
    p.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn file_name(p: &Path) -> Result<String> {
    p.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| Error::Store(format!("{} has no file name", p.display())))
}

fn ensure_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| store_err("cannot create", dir, e))
}

/// Finishes or undoes what rekeys killed half-way left in the vault's
/// local stores (spec/format.md "Rekey"): a journal means the staged files
/// are complete, so they are moved into place and registered; staged files
/// without a journal are removed (their archive was never touched). Only
/// called with the writer lock held. Returns one line per archive handled.
pub fn recover(vault: &Vault) -> Result<Vec<String>> {
    let cfg = &vault.config;
    let mut classes = vec![crate::format::names::GENERAL.to_owned()];
    classes.extend(cfg.classes.keys().cloned());
    let mut done = Vec::new();
    for class in classes {
        let dir = cfg.class_store_dir(&class).join(&class);
        let staging = dir.join(STAGING);
        let Ok(entries) = std::fs::read_dir(&staging) else {
            continue;
        };
        let names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        for j in names.iter().filter(|n| n.ends_with(JOURNAL_SUFFIX)) {
            let bytes = std::fs::read(staging.join(j))
                .map_err(|e| store_err("cannot read", &staging.join(j), e))?;
            let journal: Journal = serde_json::from_slice(&bytes).map_err(|e| {
                Error::Store(format!(
                    "the rekey journal {}: {e}",
                    staging.join(j).display()
                ))
            })?;
            install(&staging, &dir, &journal.file, false)?;
            let path = dir.join(&journal.file);
            let keyless = loose::verify_keyless(&path, Some(&vault.signer()?))?;
            if keyless.seal.seal.ciphertext.sha256 != journal.new_sha256 {
                return Err(Error::Store(format!(
                    "{}: after finishing an interrupted rekey the archive is not the one its journal names",
                    path.display()
                )));
            }
            let old = vault.catalog.archive(&journal.archive_id)?.ok_or_else(|| {
                Error::Store(format!(
                    "an interrupted rekey names archive {}, which the catalog does not know",
                    journal.archive_id
                ))
            })?;
            register(vault, &old, &journal, &keyless.seal, true)?;
            finish_journal(&staging, &journal.file)?;
            done.push(format!(
                "finished the rekey of archive {} that an earlier run left half-done",
                journal.archive_id
            ));
        }
        // Staged files without a journal: a rekey killed before its commit point.
        let mut bases = BTreeSet::new();
        for e in std::fs::read_dir(&staging).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let base = name
                .strip_suffix(SIG_SUFFIX)
                .or_else(|| name.strip_suffix(SEAL_SUFFIX))
                .unwrap_or(&name)
                .to_owned();
            if !base.starts_with(crate::store::TEMP_PREFIX) {
                bases.insert(base);
            }
            let _ = std::fs::remove_file(e.path());
        }
        for file in bases {
            done.push(format!(
                "removed what a rekey killed before its commit left of {file} (the archive was not changed)"
            ));
        }
        loose::sync_dir(&staging);
        let _ = std::fs::remove_dir(&staging);
    }
    Ok(done)
}
