//! `coffer keys list` and `coffer rekey` (README "Keys and custodians").

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::KeyArgs;
use super::exit::Exit;
use super::maintain::take_lock;
use crate::catalog::{ArchiveFilter, ArchiveRecord, ArchiveStatus};
use crate::error::{Error, Result};
use crate::pipeline::keys;
use crate::pipeline::rekey::{self, RekeyOptions};

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Who can open which archives: per class, each recipient's fingerprint,
    /// label, custodian, when coffer first saw it in coffer.toml (and when
    /// it was removed), and how many good archives it can open, counted
    /// from their seals.
    ///
    /// Recipients are named in coffer.toml as "age1..." or as
    /// { key = "age1...", label = "ops-2026", custodian = "DBA on call" }.
    /// A recipient removed from coffer.toml still opens the archives
    /// encrypted to it until they are rekeyed (`coffer rekey --remove FP`)
    /// or expire.
    List {
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Replace the vault's seal signing key with a new one, chained to it.
    ///
    /// A statement naming the old and the new public key is signed by both
    /// (the old key's last act) and written to every store under
    /// signers/; the vault's first key is pinned beside the signing key
    /// (signing.key.root.pub) at the first rotation. Verification then
    /// accepts seals and audit entries signed by any key chained from the
    /// first one, and refuses a key with no chain. The old private key is
    /// overwritten; distribute the new signing.key.pub to whoever checks
    /// seals with stock tools.
    RotateSigning {
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Refuse seals that an earlier signing key (known to be stolen) made
    /// after a time.
    ///
    /// Signed by the current key and written to every store. Seals by the
    /// revoked key whose `created` is later than --after are refused
    /// (integrity failure, exit 5); earlier ones still verify. The current
    /// key cannot be revoked: rotate first.
    RevokeSigning {
        /// The key's fingerprint (SHA256:..., as seals name their signer).
        fingerprint: String,
        /// RFC 3339 time: its seals made after this are refused.
        #[arg(long, value_name = "TIME")]
        after: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl KeysCommand {
    pub fn json(&self) -> bool {
        match self {
            KeysCommand::List { json }
            | KeysCommand::RotateSigning { json }
            | KeysCommand::RevokeSigning { json, .. } => *json,
        }
    }
}

/// Rewrite the recipients of archives already written, without
/// re-encrypting them.
///
/// The archive's file key is unwrapped with -i IDENTITY (or
/// --passphrase-file for a passphrase archive), wrapped again to the
/// archive's recipients less --remove plus --add, and a new age header is
/// written in front of the unchanged payload bytes. OpenPGP archives work
/// the same way: -i takes the OpenPGP secret key, --add-pgp-cert the
/// certificates, and new session-key packets go in front of the unchanged
/// encrypted data (the whole archive is decrypted once first, so that its
/// integrity check vouches for the session key). The new seal names the
/// seal it replaces by SHA-256. The archive is replaced atomically (staged,
/// fsynced, journalled, renamed); a rekey killed half-way is finished by
/// the next writing command. Offsite copies are replaced too (with object
/// lock the old version stays in the bucket until its lock ends, and the
/// seal says so).
///
/// Removing a recipient from an archive does not take back what its
/// holder may already have copied: see SECURITY.md "Key lifecycle".
///
/// Examples:
///   coffer rekey --all -i old.txt --add age1new... --remove age:0123...
///   coffer rekey --class ferpa -i ferpa.txt --add age1... --json
///   coffer rekey ID -i old-secret.asc --add-pgp-cert new.asc \
///       --remove openpgp:0123...
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct RekeyArgs {
    /// Archive ids (or unique prefixes, or `latest`).
    #[arg(conflicts_with_all = ["class", "all"])]
    pub archives: Vec<String>,
    /// Every good archive of this class.
    #[arg(long, value_name = "CLASS", conflicts_with = "all")]
    pub class: Option<String>,
    /// Every good archive of the vault.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub keys: KeyArgs,
    /// An age recipient (age1...) to add. Repeatable.
    #[arg(long = "add", value_name = "RECIPIENT")]
    pub add: Vec<String>,
    /// A file of age recipients to add, one per line. Repeatable.
    #[arg(long = "add-file", value_name = "FILE")]
    pub add_files: Vec<PathBuf>,
    /// An OpenPGP certificate file (armored or binary) to add to OpenPGP
    /// archives. Their recipients are not in coffer.toml, so each one an
    /// archive keeps must be given this way too, unless it is the -i
    /// key's. Repeatable.
    #[arg(long = "add-pgp-cert", value_name = "FILE")]
    pub add_pgp_certs: Vec<PathBuf>,
    /// A recipient to remove, by fingerprint as `coffer keys list` prints
    /// it (age:..., openpgp:...; `scrypt` and `passphrase` are dropped by
    /// themselves when a passphrase archive gets recipients). Repeatable.
    #[arg(long = "remove", value_name = "FINGERPRINT")]
    pub remove: Vec<String>,
    /// Do not replace the offsite copies now (`coffer push --missing` or
    /// the next `coffer run` does).
    #[arg(long)]
    pub no_push: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn keys(config: Option<&Path>, wait: Duration, cmd: KeysCommand) -> Result<Exit> {
    let v = super::open_vault(config)?;
    match cmd {
        KeysCommand::RotateSigning { json: as_json } => {
            let _lock = take_lock(&v, "rotate-signing", wait)?;
            let r = crate::pipeline::signers::rotate(&v)?;
            signer_report(&r, as_json);
            Ok(Exit::Ok)
        }
        KeysCommand::RevokeSigning {
            fingerprint,
            after,
            json: as_json,
        } => {
            let after = after.parse::<jiff::Timestamp>().map_err(|e| {
                Error::Input(format!("--after {after:?}: not an RFC 3339 time: {e}"))
            })?;
            let _lock = take_lock(&v, "revoke-signing", wait)?;
            let r = crate::pipeline::signers::revoke(&v, &fingerprint, after)?;
            signer_report(&r, as_json);
            Ok(Exit::Ok)
        }
        KeysCommand::List { json: as_json } => {
            let list = keys::list(&v)?;
            if as_json {
                println!("{}", json!({ "ok": true, "keys": list }));
                return Ok(Exit::Ok);
            }
            println!(
                "{:<10} {:<37} {:<16} {:<22} {:<21} {:>8}",
                "CLASS", "FINGERPRINT", "LABEL", "CUSTODIAN", "ADDED", "ARCHIVES"
            );
            for k in &list {
                let status = match (&k.removed, k.configured) {
                    (_, true) => String::new(),
                    (Some(r), false) => format!("  (removed {r})"),
                    (None, false) => "  (not in coffer.toml)".into(),
                };
                println!(
                    "{:<10} {:<37} {:<16} {:<22} {:<21} {:>8}{status}",
                    k.class,
                    k.fingerprint,
                    k.label.as_deref().unwrap_or("-"),
                    k.custodian.as_deref().unwrap_or("-"),
                    k.added.as_deref().unwrap_or("-"),
                    k.archives,
                );
            }
            Ok(Exit::Ok)
        }
    }
}

pub fn rekey(config: Option<&Path>, wait: Duration, a: RekeyArgs) -> Result<Exit> {
    let v = super::open_vault(config)?;
    if a.keys.is_empty() {
        return Err(Error::Input(
            "rekey needs the key that opens the archives: -i/--identity FILE (or --passphrase-file for a passphrase archive)".into(),
        ));
    }
    let keys = a.keys.load()?;
    let mut add = Vec::new();
    for r in &a.add {
        add.push(crate::crypto::parse_age_recipient(r)?);
    }
    for f in &a.add_files {
        add.extend(crate::crypto::read_recipients_file(f)?);
    }
    let mut add_pgp = Vec::new();
    for f in &a.add_pgp_certs {
        add_pgp.extend(crate::crypto::read_pgp_certs(f)?);
    }
    let _lock = take_lock(&v, "rekey", wait)?;
    let archives: Vec<ArchiveRecord> = if a.all || a.class.is_some() {
        let mut list = v.catalog.archives(ArchiveFilter {
            class: a.class.clone(),
            ..Default::default()
        })?;
        list.retain(|r| r.status == ArchiveStatus::Good);
        if list.is_empty() {
            return Err(Error::Input(match &a.class {
                Some(c) => format!("no good archive of class {c} in the catalog"),
                None => "no good archive in the catalog".into(),
            }));
        }
        list
    } else if a.archives.is_empty() {
        return Err(Error::Input(
            "name archives to rekey: IDs, --class CLASS or --all".into(),
        ));
    } else {
        let mut list = Vec::new();
        for spec in &a.archives {
            list.push(v.catalog.resolve(spec, None)?);
        }
        list
    };
    let opts = RekeyOptions {
        keys: &keys,
        add,
        add_pgp,
        remove: a.remove.clone(),
        push: !a.no_push,
    };
    let as_json = a.json;
    let r = rekey::rekey(&v, &archives, &opts, &mut |m| {
        if !as_json {
            eprintln!("coffer: {m}");
        }
    })?;
    let failed_copies: Vec<&crate::pipeline::copies::Pushed> = r
        .archives
        .iter()
        .flat_map(|a| &a.offsite)
        .filter(|p| p.outcome == "failed")
        .collect();
    let ok = failed_copies.is_empty();
    for w in &r.warnings {
        eprintln!("coffer: warning: {w}");
    }
    if as_json {
        println!("{}", json!({ "ok": ok, "rekey": r }));
    } else {
        for x in &r.archives {
            match x.outcome.as_str() {
                "rekeyed" => println!(
                    "{}: rekeyed ({} -> {} recipient(s)); payload unchanged (sha256 {})",
                    x.archive_id,
                    x.recipients_before.len(),
                    x.recipients_after.len(),
                    x.payload_sha256.as_deref().unwrap_or("?")
                ),
                _ => println!("{}: unchanged (nothing to add or remove)", x.archive_id),
            }
            for p in &x.offsite {
                match &p.error {
                    Some(e) => println!("  offsite {}: FAILED: {e}", p.store),
                    None => println!("  offsite {}: replaced", p.store),
                }
            }
            for k in &x.retained {
                println!(
                    "  note: store {} keeps the previous version under object lock until {}",
                    k.store, k.until
                );
            }
        }
        if !ok {
            println!(
                "some offsite copies still hold the previous version: `coffer push --missing` replaces them"
            );
        }
    }
    Ok(if ok { Exit::Ok } else { Exit::Storage })
}

fn signer_report(r: &crate::pipeline::signers::SignerReport, as_json: bool) {
    for w in &r.warnings {
        eprintln!("coffer: warning: {w}");
    }
    if as_json {
        println!("{}", json!({ "ok": true, "signer": r }));
        return;
    }
    match (&r.previous, &r.next, &r.revoked) {
        (Some(p), Some(n), _) => println!(
            "signing key rotated ({}): {p} -> {n}; statement written to {}",
            r.seq,
            r.stores.join(", ")
        ),
        (_, _, Some(k)) => println!(
            "signing key {k} revoked; statement written to {}",
            r.stores.join(", ")
        ),
        _ => {}
    }
}
