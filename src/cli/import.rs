//! `coffer import FILE...`: the seed's existing dumps into the vault
//! (src/pipeline/import.rs; README "Import").

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use serde_json::json;

use super::exit::Exit;
use super::{Progress, exit_for};
use crate::error::Result;
use crate::format::meta::rfc3339;
use crate::pipeline::import::{self, ImportOptions};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Dump files: `.sql`, `.sql.gz`, `.sql.gpg`, `.sql.gz.gpg`, custom-format (`pg_dump -Fc`).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The passphrase of encrypted files (`gpg --symmetric`), from FILE (first line; never on argv).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// List what would be imported, with its creation time; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// One JSON object with a result per file.
    #[arg(long)]
    pub json: bool,
    /// The class of the archives (default general). Required when the vault
    /// keeps classes apart: a whole-database dump holds their rows.
    #[arg(long, value_name = "CLASS")]
    pub class: Option<String>,
    /// The file-name pattern of the creation time (default: `[import] name_pattern`,
    /// else `fis_learn_%Y%m%d_%H%M%S`), e.g. `*_%Y%m%d_%H%M%S`.
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
}

/// Each file on its own: one that fails does not stop the others, and
/// leaves nothing registered. The exit code is the highest of the files'.
pub fn run(config: Option<&Path>, wait: Duration, a: ImportArgs) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let passphrase = a
        .passphrase_file
        .as_deref()
        .map(crate::crypto::read_passphrase_file)
        .transpose()?;
    let opts = ImportOptions::from_config(
        &v.config,
        a.class.as_deref(),
        a.pattern.as_deref(),
        passphrase,
    )?;
    // A dry run writes nothing, so it needs no writer lock.
    let _lock = if a.dry_run {
        None
    } else {
        Some(super::maintain::take_lock(&v, "import", wait)?)
    };
    let mut worst = Exit::Ok;
    let mut needs_key = false;
    let mut results = Vec::new();
    for file in &a.files {
        let outcome = if a.dry_run {
            import::plan(&v, file, &opts).map(|p| {
                if !a.json {
                    print_planned(&p);
                }
                json!({ "file": file, "ok": true, "planned": p })
            })
        } else {
            let mut progress = Progress::new(&format!("importing {}", file.display()));
            let r = import::import_file(&v, file, &opts, &mut |n| progress.update(n));
            progress.finish();
            r.map(|r| {
                if !a.json {
                    print_imported(&r);
                }
                json!({
                    "file": file, "ok": true,
                    "archive_id": r.archive.as_ref().map(|a| &a.id),
                    "already_imported": r.planned.already_imported,
                    "created": rfc3339(r.planned.created),
                    "created_from": r.planned.created_from,
                    "dump_format": r.planned.dump_format,
                    "layers": r.planned.layers,
                    "source_sha256": r.source_sha256,
                    "source_size": r.source_size,
                    "payload_size": r.payload_size,
                    "size": r.archive.as_ref().map(|a| a.size),
                })
            })
        };
        results.push(match outcome {
            Ok(j) => j,
            Err(e) => {
                let code = exit_for(&e);
                if code.code() > worst.code() {
                    worst = code;
                }
                // Errors about the file itself already name it.
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                if name.is_some_and(|n| e.to_string().contains(&n)) {
                    eprintln!("coffer: error: {e}");
                } else {
                    eprintln!("coffer: error: {}: {e}", file.display());
                }
                if code == Exit::NoKey {
                    needs_key = true;
                }
                json!({ "file": file, "ok": false, "error": e.to_string(),
                    "class": e.class_name(), "exit_code": code.code() })
            }
        });
    }
    if a.json {
        let out = json!({ "ok": worst == Exit::Ok, "dry_run": a.dry_run, "files": results,
            "exit_code": worst.code() });
        println!("{out}");
    } else if needs_key {
        eprintln!(
            "coffer: hint: pass --passphrase-file FILE with the passphrase the files were encrypted with (gpg --symmetric); files that failed were not imported"
        );
    } else if worst != Exit::Ok {
        eprintln!(
            "coffer: hint: files that failed were not imported: nothing was registered for them"
        );
    }
    Ok(worst)
}

fn print_planned(p: &import::Planned) {
    let format = p
        .dump_format
        .as_deref()
        .unwrap_or("unknown until decrypted");
    let layers = if p.layers.is_empty() {
        "none".to_owned()
    } else {
        p.layers.join("+")
    };
    let dup = p
        .already_imported
        .as_ref()
        .map_or(String::new(), |id| format!(" (already imported as {id})"));
    println!(
        "would import {}: created {} (from {}), {format}, layers {layers}{dup}",
        p.file.display(),
        rfc3339(p.created),
        p.created_from.as_str()
    );
}

fn print_imported(r: &import::ImportReport) {
    match &r.archive {
        Some(a) => println!(
            "imported {} as {}: created {} (from {}), {}, {} bytes sealed",
            r.file.display(),
            a.id,
            rfc3339(r.planned.created),
            r.planned.created_from.as_str(),
            r.planned.dump_format.as_deref().unwrap_or(""),
            a.size
        ),
        None => println!(
            "skipped {}: already imported as {}",
            r.file.display(),
            r.planned.already_imported.as_deref().unwrap_or("?")
        ),
    }
}
