//! `coffer audit verify` and `coffer audit log` (spec/audit.md).

use std::path::Path;

use clap::{Args, Subcommand};
use serde_json::json;

use super::exit::Exit;
use crate::audit::{self, Action, VerifyOptions};
use crate::error::{Error, Result};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain and signatures (exit 5 at the first bad entry).
    Verify(VerifyArgs),
    /// List audit entries.
    Log(LogArgs),
}

impl AuditCommand {
    pub fn json(&self) -> bool {
        match self {
            AuditCommand::Verify(a) => a.json,
            AuditCommand::Log(a) => a.json,
        }
    }
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Check the signed segments in this store alone ("local" or a
    /// [stores.NAME]) instead of the catalog.
    #[arg(long, value_name = "NAME")]
    pub from_store: Option<String>,
    /// Verify every entry's signature, not only the head's (the chain
    /// already makes the head's signature cover every entry before it).
    #[arg(long)]
    pub every_signature: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Entries at or after this time (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Entries of this action only (backup, verify, prune, config-change, ...).
    #[arg(long, value_name = "ACTION")]
    pub action: Option<String>,
    #[arg(long)]
    pub json: bool,
}

pub fn run(config: Option<&Path>, cmd: AuditCommand) -> Result<Exit> {
    let v = super::open_vault(config)?;
    match cmd {
        AuditCommand::Verify(a) => {
            let signer = v.signer()?;
            let opts = VerifyOptions {
                every_signature: a.every_signature,
            };
            let status = match &a.from_store {
                Some(name) => {
                    let store = v.store(name)?;
                    audit::segments::read_store(store.as_ref(), name, &signer, opts)?.status
                }
                None => {
                    let local = v.store(crate::pipeline::copies::LOCAL)?;
                    let last = audit::segments::last_seq(local.as_ref())?;
                    audit::verify_catalog(&v.catalog, &signer, last, opts)?
                }
            };
            if a.json {
                println!("{}", json!({ "ok": status.ok(), "status": status }));
            }
            match &status.broken {
                Some(b) => {
                    eprintln!("coffer: {b}");
                    Ok(Exit::Integrity)
                }
                None => {
                    if !a.json {
                        match (&status.head_seq, &status.head_hash) {
                            (Some(seq), Some(hash)) => println!(
                                "audit log intact ({}): {} entries, head seq {seq} sha256 {hash}",
                                status.source, status.entries
                            ),
                            _ => println!("audit log intact ({}): no entries", status.source),
                        }
                    }
                    Ok(Exit::Ok)
                }
            }
        }
        AuditCommand::Log(a) => {
            let action = a.action.as_deref().map(Action::parse).transpose()?;
            let since = a.since.as_deref().map(since_text).transpose()?;
            let rows = v
                .catalog
                .audit_filtered(since.as_deref(), action.map(Action::as_str))?;
            if a.json {
                let entries: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|r| {
                        serde_json::from_str(&r.line).unwrap_or_else(
                            |_| json!({ "seq": r.seq, "error": "not a valid entry" }),
                        )
                    })
                    .collect();
                println!("{}", json!(entries));
                return Ok(Exit::Ok);
            }
            if rows.is_empty() {
                println!("no audit entries");
            }
            for r in &rows {
                match audit::parse(r) {
                    Ok(e) => println!(
                        "{:>6}  {}  {}@{}  {:<15} {}{}{}  {}  {}",
                        e.seq,
                        e.at,
                        e.actor.user,
                        e.actor.host,
                        e.action.as_str(),
                        e.object.kind,
                        if e.object.id.is_empty() { "" } else { " " },
                        e.object.id,
                        e.outcome.as_str(),
                        e.facts
                    ),
                    Err(err) => println!("{:>6}  {err}", r.seq),
                }
            }
            Ok(Exit::Ok)
        }
    }
}

/// `--since` as the text the log's times compare against.
fn since_text(s: &str) -> Result<String> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>() {
        return Ok(format!("{d}T00:00:00Z"));
    }
    Err(Error::Input(format!(
        "--since {s:?} is neither a date (YYYY-MM-DD) nor an RFC 3339 time"
    )))
}
