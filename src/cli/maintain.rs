//! `coffer prune`, `coffer hold ...`, `coffer catalog rebuild`.

use std::path::Path;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::exit::Exit;
use crate::error::Result;
use crate::pipeline::maintain;
use crate::pipeline::vault::Vault;
use crate::retention::Decision;

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Print the plan and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete even though the newest backup failed or is stale (the plan says why it would not).
    #[arg(long)]
    pub force: bool,
    /// Print the plan (and what was deleted) as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum HoldCommand {
    /// Put an archive under legal hold: prune never deletes it.
    Add {
        /// An archive id, a unique prefix, or `latest`.
        archive: String,
        /// Why (recorded with who and when).
        #[arg(long)]
        reason: String,
    },
    /// Release a legal hold.
    Release {
        archive: String,
        #[arg(long)]
        reason: String,
    },
    /// List archives with holds (active and released).
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Rebuild the catalog from the store alone (seals, holds, erasure
    /// ledger), checking every seal and archive.
    Rebuild {
        /// Rebuild from this store alone (e.g. an offsite S3 store after the
        /// backup host was lost); default: the vault's and every class's
        /// primary store. Then `coffer verify --store NAME --all` registers
        /// the copies in other stores again.
        #[arg(long, value_name = "STORE")]
        from: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the catalog database: SQLite's integrity and foreign-key
    /// checks and the catalog's own invariants (exit 5 if anything is wrong).
    Check {
        #[arg(long)]
        json: bool,
    },
}

fn open(config: Option<&Path>) -> Result<Vault> {
    super::open_vault(config)
}

pub fn prune(config: Option<&Path>, wait: Duration, a: PruneArgs) -> Result<Exit> {
    let v = open(config)?;
    let _lock = if a.dry_run {
        None
    } else {
        Some(take_lock(&v, "prune", wait)?)
    };
    let r = maintain::prune(&v, a.dry_run, a.force)?;
    if a.json {
        println!("{}", json!({"ok": true, "report": r}));
        return Ok(Exit::Ok);
    }
    for id in &r.missing {
        eprintln!(
            "coffer: warning: archive {id} is in the catalog but gone from the store (coffer did not delete it): investigate"
        );
    }
    for id in &r.repaired {
        println!("completed the interrupted deletion of {id}");
    }
    for cp in &r.classes {
        if cp.physical {
            println!("class {} (physical base backups):", cp.class);
        } else {
            println!("class {}:", cp.class);
        }
        if let Some(b) = &cp.plan.blocked {
            if cp.plan.forced {
                println!("  --force: deleting although {b}");
            } else {
                println!("  nothing will be deleted: {b} (--force overrides)");
            }
        }
        for item in &cp.plan.items {
            let d = match item.decision {
                Decision::Keep => "keep  ",
                Decision::Delete => "DELETE",
            };
            println!("  {d} {}  {}", item.id, item.reasons.join("; "));
        }
    }
    let planned: usize = r.classes.iter().map(|c| c.plan.deletions().count()).sum();
    if a.dry_run {
        println!("dry run: {planned} archive(s) would be deleted");
    } else {
        println!("deleted {} archive(s)", r.deleted.len());
    }
    if !r.wal_deleted.is_empty() {
        println!(
            "{} {} WAL file(s) no kept base backup needs ({} .. {})",
            if a.dry_run { "would delete" } else { "deleted" },
            r.wal_deleted.len(),
            r.wal_deleted.first().map_or("", String::as_str),
            r.wal_deleted.last().map_or("", String::as_str)
        );
    }
    for l in &r.locked {
        println!(
            "kept {}: its copy in store {} is under object lock until {} (deleted by a prune after that)",
            l.archive_id, l.store, l.until
        );
    }
    Ok(Exit::Ok)
}

pub fn hold(config: Option<&Path>, wait: Duration, cmd: HoldCommand) -> Result<Exit> {
    let v = open(config)?;
    let (archive, reason, add) = match cmd {
        HoldCommand::List { json: as_json } => {
            let holds = v.catalog.holds()?;
            if as_json {
                let items: Vec<_> = holds
                    .iter()
                    .map(|h| json!({"archive_id": h.archive_id, "active": h.active(), "reason": h.reason(), "events": h.events}))
                    .collect();
                println!("{}", json!(items));
            } else if holds.is_empty() {
                println!("no legal holds");
            } else {
                for h in &holds {
                    let last = h.events.last();
                    println!(
                        "{} {} {} (by {} at {})",
                        h.archive_id,
                        if h.active() { "HELD    " } else { "released" },
                        h.reason(),
                        last.map_or("", |e| e.by.as_str()),
                        last.map_or("", |e| e.at.as_str())
                    );
                }
            }
            return Ok(Exit::Ok);
        }
        HoldCommand::Add { archive, reason } => (archive, reason, true),
        HoldCommand::Release { archive, reason } => (archive, reason, false),
    };
    let _lock = take_lock(&v, "hold", wait)?;
    let h = maintain::hold(&v, &archive, add, &reason)?;
    println!(
        "{} {}: {}",
        h.archive_id,
        if add {
            "is now under legal hold"
        } else {
            "hold released"
        },
        reason
    );
    Ok(Exit::Ok)
}

pub fn catalog(config: Option<&Path>, wait: Duration, cmd: CatalogCommand) -> Result<Exit> {
    if let CatalogCommand::Check { json: as_json } = cmd {
        let v = open(config)?;
        let problems = v.catalog.check()?;
        if as_json {
            println!(
                "{}",
                json!({"ok": problems.is_empty(), "problems": problems})
            );
        } else if problems.is_empty() {
            println!("the catalog is sound");
        } else {
            for p in &problems {
                println!("{p}");
            }
        }
        return Ok(if problems.is_empty() {
            Exit::Ok
        } else {
            Exit::Integrity
        });
    }
    // A damaged catalog is what a rebuild is for: it is moved aside (under
    // the writer lock) and the rebuild starts from an empty one.
    let (v, held) = match open(config) {
        Ok(v) => (v, None),
        Err(crate::error::Error::Catalog(e)) if e.is_damaged() => {
            let cfg = crate::config::Config::load(&crate::config::locate(config))?;
            let held = crate::pipeline::lock::acquire(&cfg.lock_path(), "catalog rebuild", wait)?;
            let aside = maintain::set_aside_catalog(&cfg)?;
            eprintln!(
                "coffer: note: the damaged catalog was moved to {}",
                aside.display()
            );
            (open(config)?, Some(held))
        }
        Err(e) => return Err(e),
    };
    match cmd {
        CatalogCommand::Check { .. } => Ok(Exit::Ok),
        CatalogCommand::Rebuild {
            from,
            json: as_json,
        } => {
            let _lock = match held {
                Some(l) => l,
                None => take_lock(&v, "catalog rebuild", wait)?,
            };
            let r = maintain::rebuild(&v, from.as_deref())?;
            if as_json {
                println!("{}", json!({"ok": r.rejected.is_empty(), "report": r}));
            } else {
                let source = match &from {
                    Some(name) => format!("store {name}"),
                    None => v.store.root().display().to_string(),
                };
                println!(
                    "rebuilt the catalog from {source}: {} archives, {} hold records, {} erasure ledger entries",
                    r.archives, r.holds, r.ledger_entries
                );
                if r.wal_files > 0 {
                    println!(
                        "{} WAL files registered (their content hashes are not in the stores: `coffer wal verify --identity FILE` fills them in)",
                        r.wal_files
                    );
                }
                for x in &r.rejected {
                    eprintln!("coffer: warning: skipped {x}");
                }
                for id in &r.verification_failed {
                    eprintln!("coffer: warning: archive {id} failed verification (recorded)");
                }
            }
            Ok(Exit::Ok)
        }
    }
}

/// Takes the vault's writer lock, saying so when it took over a lock that a
/// killed process left behind.
pub fn take_lock(
    v: &Vault,
    what: &str,
    wait: Duration,
) -> Result<crate::pipeline::lock::WriterLock> {
    let lock = maintain::lock(v, what, wait)?;
    if let Some(prev) = &lock.previous {
        eprintln!(
            "coffer: note: took over the lock of a process that ended without releasing it ({prev})"
        );
    }
    Ok(lock)
}
