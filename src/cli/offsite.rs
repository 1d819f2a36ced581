//! `coffer push` and the offsite half of `backup` and `verify --store`.

use std::path::Path;
use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::exit::Exit;
use super::maintain::take_lock;
use crate::catalog::{ArchiveFilter, ArchiveRecord};
use crate::error::{Error, Result};
use crate::pipeline::copies::{self, PushReport};
use crate::pipeline::vault::Vault;

#[derive(Debug, Args)]
pub struct PushArgs {
    /// An archive id or unique prefix (or `latest`): push this archive.
    #[arg(conflicts_with = "missing")]
    pub archive: Option<String>,
    /// Push every archive that lacks a hash-checked copy in one of its
    /// class's offsite stores (after a --no-push backup, a failed upload,
    /// or a copy `verify --store` found damaged). Present copies under
    /// object lock get their lock extended if the retention policy now
    /// keeps them longer.
    #[arg(long)]
    pub missing: bool,
    /// Only this offsite store.
    #[arg(long, value_name = "STORE")]
    pub to: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn push(config: Option<&Path>, wait: Duration, a: PushArgs) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let _lock = take_lock(&v, "push", wait)?;
    let archives: Vec<ArchiveRecord> = match (&a.archive, a.missing) {
        (Some(spec), _) => vec![v.catalog.resolve(spec, None)?],
        (None, true) => v.catalog.archives(ArchiveFilter::default())?,
        (None, false) => {
            return Err(Error::Input(
                "name an archive to push, or --missing for every archive lacking an offsite copy"
                    .into(),
            ));
        }
    };
    if let Some(to) = &a.to
        && !v.config.stores.contains_key(to)
    {
        return Err(Error::Input(format!("no [stores.{to}] in the config")));
    }
    let r = copies::push(&v, &archives, a.to.as_deref(), &mut |m| progress(a.json, m))?;
    Ok(report_push(&r, a.json, None))
}

fn progress(json: bool, msg: &str) {
    if !json {
        eprintln!("coffer: {msg}");
    }
}

/// Prints a push report; the exit code says whether every copy is there.
/// `json_extra` is merged into the JSON object (backup's own fields).
pub fn report_push(r: &PushReport, as_json: bool, json_extra: Option<serde_json::Value>) -> Exit {
    let failed: Vec<_> = r.failed().collect();
    let ok = failed.is_empty() && r.incomplete.is_empty();
    if as_json {
        let mut out = json!({ "ok": ok, "push": r });
        if let (Some(serde_json::Value::Object(extra)), Some(obj)) =
            (json_extra, out.as_object_mut())
        {
            obj.extend(extra);
        }
        println!("{out}");
    } else {
        for p in &r.copies {
            match p.outcome.as_str() {
                "copied" => println!(
                    "copied {} to {} ({} bytes in {:.1}s, read back and hash-checked{})",
                    p.archive_id,
                    p.store,
                    p.bytes,
                    p.duration_ms as f64 / 1000.0,
                    p.retain_until
                        .as_ref()
                        .map(|u| format!("; object lock until {u}"))
                        .unwrap_or_default()
                ),
                "extended" => println!(
                    "object lock of {} in {} extended until {}",
                    p.archive_id,
                    p.store,
                    p.retain_until.as_deref().unwrap_or("?")
                ),
                "present" => {}
                _ => println!(
                    "FAILED {} to {}: {}",
                    p.archive_id,
                    p.store,
                    p.error.as_deref().unwrap_or("?")
                ),
            }
        }
        if r.ledger_objects > 0 {
            println!("copied {} erasure ledger objects", r.ledger_objects);
        }
    }
    if ok {
        return Exit::Ok;
    }
    if let Some(first) = failed.first() {
        eprintln!(
            "coffer: error: {} of {} uploads failed (first: {} to {}: {})",
            failed.len(),
            r.copies.len(),
            first.archive_id,
            first.store,
            first.error.as_deref().unwrap_or("?")
        );
    }
    if !r.incomplete.is_empty() {
        eprintln!(
            "coffer: error: {} archive(s) have fewer hash-checked copies than their class requires: {}",
            r.incomplete.len(),
            r.incomplete.join(", ")
        );
        eprintln!("  hint: `coffer push --missing` uploads what is missing");
    }
    Exit::Storage
}

/// `coffer verify --store NAME [ID|--all]`: keyless checks of the copies in
/// one store (deep with keys).
pub fn verify_store(
    config: Option<&Path>,
    store: &str,
    spec: Option<&str>,
    all: bool,
    keys: &super::KeyArgs,
    as_json: bool,
) -> Result<Exit> {
    let v = super::open_vault(config)?;
    if store != copies::LOCAL && !v.config.stores.contains_key(store) {
        return Err(Error::Input(format!("no [stores.{store}] in the config")));
    }
    let keys = if keys.is_empty() {
        None
    } else {
        Some(keys.load()?)
    };
    let targets: Vec<ArchiveRecord> = if all {
        v.catalog
            .archives(ArchiveFilter::default())?
            .into_iter()
            .filter(|a| {
                copies::class_stores(&v.config, &a.class)
                    .iter()
                    .any(|s| s == store)
            })
            .collect()
    } else {
        vec![v.catalog.resolve(spec.unwrap_or("latest"), None)?]
    };
    let mut checks = Vec::new();
    for rec in &targets {
        let c = copies::verify_copy(&v, rec, store, keys.as_ref())?;
        if !as_json {
            match &c.error {
                None => println!(
                    "ok {} in {store} ({})",
                    c.archive_id,
                    if c.deep { "deep" } else { "keyless" }
                ),
                Some(e) => println!("FAILED {} in {store}: {e}", c.archive_id),
            }
        }
        checks.push(c);
    }
    let failures = checks.iter().filter(|c| !c.ok).count();
    if as_json {
        println!(
            "{}",
            json!({ "ok": failures == 0, "store": store, "archives": checks })
        );
    }
    if failures == 0 {
        return Ok(Exit::Ok);
    }
    eprintln!(
        "coffer: error: {failures} of {} copies in store {store} failed verification",
        checks.len()
    );
    eprintln!("  hint: `coffer push --missing --to {store}` uploads them again from a good copy");
    Ok(Exit::Integrity)
}

/// Copies a new backup's archives offsite (unless `--no-push`).
pub fn after_backup(
    v: &Vault,
    archives: &[ArchiveRecord],
    no_push: bool,
    as_json: bool,
) -> Result<Option<PushReport>> {
    let any_offsite = archives
        .iter()
        .any(|a| !v.config.class_offsite(&a.class).is_empty());
    if !any_offsite {
        return Ok(None);
    }
    if no_push {
        if !as_json {
            eprintln!(
                "coffer: note: not copied offsite (--no-push); the backup is complete once `coffer push --missing` ran"
            );
        }
        let mut r = PushReport::default();
        for a in archives {
            if copies::incomplete(v, a)? {
                r.incomplete.push(a.id.clone());
            }
        }
        return Ok(Some(r));
    }
    let mut r = copies::push(v, archives, None, &mut |m| progress(as_json, m))?;
    // Older archives' locks may have grown with this backup's day.
    r.copies.extend(copies::extend_locks(v)?);
    Ok(Some(r))
}
