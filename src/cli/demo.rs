//! `coffer demo`: the main job on a throwaway cluster, end to end.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::exit::Exit;
use crate::error::{Error, Result};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode, TempCluster};
use crate::pipeline::vault::{self, BackupOptions, Vault};

/// The small school-platform database the demo backs up.
const SCHOOL_SQL: &str = include_str!("../demo/school.sql");

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the demo vault in DIR (created) instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn demo(a: DemoArgs) -> Result<Exit> {
    let started = Instant::now();
    println!(
        "coffer demo: a throwaway PostgreSQL cluster, a vault, a backup, verification and a restore drill."
    );
    // The watchdog stops the cluster even if the demo is interrupted.
    let cluster = TempCluster::start_with_watchdog()?;
    println!(
        "1. started a throwaway PostgreSQL cluster on 127.0.0.1:{}",
        cluster.port()
    );
    let server = ConnTarget::new(Some(&cluster.url("postgres")))?;
    pg::create_database(&server, "school")?;
    let school = ConnTarget::new(Some(&cluster.url("school")))?;
    let mut client = school.connect()?;
    client
        .batch_execute(SCHOOL_SQL)
        .map_err(|e| Error::Other(format!("loading the demo database: {e}")))?;
    drop(client);
    println!("2. loaded a small school-platform database `school`");

    let tmp;
    let dir = match &a.dir {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::Builder::new()
                .prefix("coffer-demo-")
                .tempdir()
                .map_err(|e| Error::Store(format!("cannot create a temporary directory: {e}")))?;
            tmp.path().join("vault")
        }
    };
    let init = vault::init(&dir, Some(&cluster.url("school")))?;
    println!(
        "3. created a vault in {} (recipient {})",
        dir.display(),
        init.recipient
    );
    let v = Vault::open(&init.config)?;
    let opts = BackupOptions {
        format: DumpFormat::Custom,
        row_counts: RowCountMode::Exact,
        strict: true,
    };
    let b = vault::backup(&v, &opts, &mut |_| {})?;
    println!(
        "4. backed up `school`: {} tables, {} bytes of pg_dump output -> {} bytes sealed archive\n   {}",
        b.tables,
        b.payload_size,
        b.archive.size,
        b.path.display()
    );
    let rec = v.catalog.resolve(&b.archive.id, None)?;
    let k = vault::verify(&v, &rec, None)?;
    println!(
        "5. verified keyless (seal, signature, SHA-256) in {} ms",
        k.duration_ms
    );
    let mut keys = crate::crypto::Keys::new();
    keys.add_identity_file(&init.identity)?;
    let d = vault::verify(&v, &rec, Some(&keys))?;
    println!(
        "6. verified deep (decrypted, every entry hash and the manifest) in {} ms",
        d.duration_ms
    );
    let drill = vault::drill(
        &v,
        &rec,
        &keys,
        &server,
        &None,
        &vault::ErasureStep::Replay,
        None,
    )?;
    println!(
        "7. restore drill: restored into `{}` in {} ms, row counts of {} tables match, dropped it",
        drill.scratch_db, drill.restore_ms, drill.tables_checked
    );
    cluster.stop()?;
    println!("8. stopped and removed the cluster");
    println!("done in {:.1}s.", started.elapsed().as_secs_f64());
    if a.dir.is_some() {
        println!(
            "The vault stays in {}: try `coffer --config {} list`.",
            dir.display(),
            init.config.display()
        );
    } else {
        println!("The temporary vault was removed; `coffer demo --dir DIR` keeps it.");
    }
    Ok(Exit::Ok)
}
