//! `coffer evidence`: the signed bundle for an auditor, and its check.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::exit::Exit;
use crate::crypto::sign::VerifyingKey;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "\
The bundle (spec/evidence.md) holds the audit report (HTML and JSON), the audit log's entries of
the period, the seals of its archives, verification, drill and run records, the erasure ledger's
public facts, the procedures document, and a manifest with the SHA-256 of each, signed by the
vault's key. Its README.txt gives the ssh-keygen/sha256sum/jq commands that check it offline."
)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    pub command: Option<EvidenceCommand>,
    /// Start of the period: a UTC date (2026-01-01) or RFC 3339 (default: a year before --until).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// End of the period: a date (that day included) or RFC 3339 (default: now).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The bundle to write (a tar).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Check a bundle: the manifest's signature, then every member's SHA-256 (exit 5 if anything differs).
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The bundle.
    pub bundle: PathBuf,
    /// The vault's signing public key (signing.key.pub). Without it: the vault's of --config if
    /// there is one, else the key inside the bundle (integrity only, not origin).
    #[arg(long, value_name = "KEY.pub")]
    pub signer: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(config: Option<&Path>, a: EvidenceArgs) -> Result<Exit> {
    match a.command {
        Some(EvidenceCommand::Verify(v)) => verify(config, v),
        None => build(config, a),
    }
}

fn build(config: Option<&Path>, a: EvidenceArgs) -> Result<Exit> {
    let out = a
        .output
        .ok_or_else(|| Error::Input("name the bundle to write with -o FILE".into()))?;
    let v = super::open_vault(config)?;
    let until = match &a.until {
        Some(s) => crate::report::parse_bound(s, true)?,
        None => crate::now(),
    };
    let since = match &a.since {
        Some(s) => crate::report::parse_bound(s, false)?,
        None => until - jiff::SignedDuration::from_hours(24 * 365),
    };
    if since >= until {
        return Err(Error::Input(format!(
            "--since ({since}) must be before --until ({until})"
        )));
    }
    let b = crate::evidence::build(&v, since, until, &out)?;
    if a.json {
        println!("{}", serde_json::json!({"ok": true, "bundle": b}));
    } else {
        println!(
            "wrote {} ({} members, {} bytes) for {} to {}, signed by {}",
            b.path,
            b.manifest.members.len(),
            b.bytes,
            b.manifest.since,
            b.manifest.until,
            b.manifest.signer
        );
    }
    Ok(Exit::Ok)
}

fn verify(config: Option<&Path>, a: VerifyArgs) -> Result<Exit> {
    let signer = match &a.signer {
        Some(p) => Some(VerifyingKey::load(p)?),
        None => {
            let path = crate::config::locate(config);
            if path.exists() {
                Some(super::open_vault(config)?.signer()?)
            } else {
                None
            }
        }
    };
    let c = crate::evidence::verify(&a.bundle, signer.as_ref())?;
    if a.json {
        println!("{}", serde_json::json!({"ok": true, "check": c}));
    } else {
        println!(
            "ok: {} members match the manifest, signed by {}{}",
            c.manifest.members.len(),
            c.signer,
            if c.signer_trusted {
                ""
            } else {
                " (the bundle's own key: compare this fingerprint with the vault's; pass --signer to check origin)"
            }
        );
    }
    Ok(Exit::Ok)
}
