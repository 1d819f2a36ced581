//! Fills a vault made by `coffer init` with synthetic archives, fast, for
//! bench/catalog.sh: small dummy archive files in the store, registered in
//! the catalog (one transaction) with a passed keyless verification each,
//! and, with `--seals`, real seals signed with the vault's key whose
//! ciphertext hash and size match the dummy file (so `coffer verify` and
//! `coffer catalog rebuild` accept them).
//!
//! ```sh
//! cargo run --release --example synth_catalog -- VAULT_DIR COUNT [--every-hours H] [--seals] [--audit N]
//! ```
//!
//! `--audit N` also appends N signed audit entries per archive (backup,
//! verify, push, ... in turn; bench/audit.sh uses 8), continuing the chain
//! `coffer init` started, in one transaction.
//!
//! Archives are `H` hours apart (default 24), the newest at
//! 2026-11-24T02:00:00Z; plan with `COFFER_NOW=2026-11-24T03:00:00Z`.
#![forbid(unsafe_code)]

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use coffer::catalog::{ArchiveRecord, ArchiveStatus, Catalog};
use coffer::config::Config;
use coffer::crypto::Mode;
use coffer::crypto::sign::SigningKey;
use coffer::digest::Digest;
use coffer::format::Seal;
use coffer::format::seal::{Ciphertext, SEAL_FORMAT_ID, SEAL_VERSION};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

const NEWEST: &str = "2026-11-24T02:00:00Z";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth_catalog VAULT_DIR COUNT [--every-hours H] [--seals] [--audit N]";
    let dir = PathBuf::from(args.next().context(usage)?);
    let count: u32 = args.next().context(usage)?.parse().context(usage)?;
    let mut every_hours: i64 = 24;
    let mut seals = false;
    let mut audit_per_archive: u32 = 0;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--every-hours" => every_hours = args.next().context(usage)?.parse()?,
            "--seals" => seals = true,
            "--audit" => audit_per_archive = args.next().context(usage)?.parse()?,
            _ => bail!("{usage}"),
        }
    }
    let config = Config::load(&dir.join("coffer.toml"))?;
    let key = SigningKey::load(&config.signing_key_path())?;
    let signer = key.verifying_key().fingerprint();
    let recipients: Vec<String> = config
        .recipients()?
        .iter()
        .map(coffer::crypto::age_fingerprint)
        .collect();
    let store = config.store_dir();
    std::fs::create_dir_all(store.join("general"))?;

    let newest: Timestamp = NEWEST.parse()?;
    let mut records = Vec::with_capacity(count as usize);
    for i in 0..count {
        let created = newest - SignedDuration::from_hours(every_hours * i64::from(count - 1 - i));
        let id = format!(
            "{}-{:08x}",
            created.strftime("%Y%m%dT%H%M%SZ"),
            i.wrapping_mul(2_654_435_761)
        );
        let key_path = format!("general/{id}.tar.zst.age");
        let path = store.join(&key_path);
        // A stand-in for the ciphertext: 256 bytes, different for each archive.
        let body: Vec<u8> = format!("synthetic archive {id}\n")
            .into_bytes()
            .into_iter()
            .cycle()
            .take(256)
            .collect();
        std::fs::write(&path, &body)?;
        let sha256 = Digest::of(&body).to_hex();
        let facts = json!({"database": "synthetic", "dump_format": "custom"});
        let seal_text = if seals {
            let seal = Seal {
                format: SEAL_FORMAT_ID.into(),
                version: SEAL_VERSION,
                archive_id: id.clone(),
                class: "general".into(),
                created: created.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                encryption: Mode::Age,
                recipients: recipients.clone(),
                ciphertext: Ciphertext {
                    size: body.len() as u64,
                    sha256: sha256.clone(),
                },
                signer: signer.clone(),
                payload_kind: Some("pg_dump/custom".into()),
                facts: facts.as_object().cloned(),
                rekeyed: None,
            };
            let signed = seal.sign(&key)?;
            let mut p = path.clone().into_os_string();
            p.push(".seal");
            std::fs::write(&p, &signed.bytes)?;
            p.push(".sig");
            std::fs::write(&p, signed.signature.as_bytes())?;
            String::from_utf8(signed.bytes)?
        } else {
            "{}".into()
        };
        records.push(ArchiveRecord {
            id,
            class: "general".into(),
            created,
            store: "local".into(),
            key: key_path,
            size: body.len() as u64,
            sha256,
            encryption: "age".into(),
            recipients: recipients.clone(),
            payload_kind: "pg_dump/custom".into(),
            seal: seal_text,
            facts,
            run_id: None,
            set_id: None,
            status: ArchiveStatus::Good,
        });
    }

    let catalog_path = config.catalog_path();
    Catalog::open(&catalog_path)?.insert_archives(&records)?;
    // Verifications in one transaction too (the catalog API commits each
    // one, which at 100,000 would measure the disk's fsync, not coffer).
    let mut conn = rusqlite::Connection::open(&catalog_path)?;
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO verifications (archive_id, at, deep, store, ok, error, duration_ms) \
             VALUES (?1, ?2, 0, 'local', 1, NULL, 1)",
        )?;
        for r in &records {
            stmt.execute((&r.id, format!("{:.9}", r.created)))?;
        }
    }
    tx.commit()?;
    let entries = synth_audit(&config, &catalog_path, &records, audit_per_archive)?;
    println!(
        "{} archives ({} hours apart{}), {entries} audit entries in {}",
        records.len(),
        every_hours,
        if seals { ", sealed" } else { "" },
        dir.display()
    );
    Ok(())
}

/// `per` signed audit entries per archive, after the entries already in
/// the catalog (`coffer init` wrote two), loaded in one transaction.
fn synth_audit(
    config: &Config,
    catalog_path: &std::path::Path,
    records: &[ArchiveRecord],
    per: u32,
) -> Result<usize> {
    use coffer::audit::{self, Action, Object, Outcome};
    if per == 0 {
        return Ok(0);
    }
    let catalog = Catalog::open(catalog_path)?;
    let (mut seq, mut prev) = match catalog.audit_head()? {
        Some((s, h)) => (s, h),
        None => (0, audit::GENESIS.to_owned()),
    };
    let cycle = [
        Action::Backup,
        Action::Verify,
        Action::Push,
        Action::Verify,
        Action::LockExtend,
        Action::Drill,
        Action::Verify,
        Action::Prune,
    ];
    let mut rows = Vec::with_capacity(records.len() * per as usize);
    for r in records {
        for i in 0..per {
            let action = cycle[i as usize % cycle.len()];
            seq += 1;
            let row = audit::make_row(
                config,
                seq,
                prev,
                r.created + SignedDuration::from_mins(i64::from(i)),
                action,
                Object::Archive(r.id.clone()),
                Outcome::Ok,
                json!({ "store": "local", "size": r.size, "sha256": r.sha256, "synthetic": true }),
            )?;
            prev = row.hash.clone();
            rows.push(row);
        }
    }
    catalog.insert_audit_rows(&rows)?;
    Ok(rows.len())
}
