//! `coffer demo`: the main job on a throwaway cluster, end to end.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::exit::Exit;
use crate::error::{Error, Result};
use crate::pg::{self, ConnTarget, DumpFormat, RowCountMode, TempCluster};
use crate::pipeline::{self, backup::BackupOptions, vault::Vault};

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
        "coffer demo: a throwaway PostgreSQL cluster, a vault with a FERPA class, a backup, verification and a restore drill."
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
    let init = pipeline::init::init(&dir, Some(&cluster.url("school")))?;
    println!(
        "3. created a vault in {} (recipient {})",
        dir.display(),
        init.recipient
    );
    // Student records in a class of their own: own key, own store.
    let ferpa_identity = dir.join("keys/ferpa-identity.txt");
    let ferpa_recipient = new_identity(&ferpa_identity)?;
    let mut config = std::fs::read_to_string(&init.config)
        .map_err(|e| Error::Store(format!("{}: {e}", init.config.display())))?;
    config.push_str(&format!(
        "\n# Added by `coffer demo`: FERPA student records in archives of their own.\n\
         [classes.ferpa]\ntables = ['\"Student Records\".*']\nrecipients = [\"{ferpa_recipient}\"]\nstore = \"ferpa-local\"\n\n\
         [stores.ferpa-local]\ntype = \"local\"\npath = \"archives-ferpa\"\n"
    ));
    std::fs::write(&init.config, config)
        .map_err(|e| Error::Store(format!("{}: {e}", init.config.display())))?;
    println!(
        "   with a class `ferpa` for the \"Student Records\" tables: its own key ({}) and store (archives-ferpa/)",
        ferpa_identity.display()
    );
    let v = Vault::open(&init.config)?;
    let opts = BackupOptions {
        format: DumpFormat::Custom,
        row_counts: RowCountMode::Exact,
        strict: true,
        jobs: 2,
    };
    let b = pipeline::backup::backup(&v, &opts, &mut |_| {})?;
    let streams = b
        .archive
        .facts
        .get("data_streams")
        .and_then(serde_json::Value::as_object)
        .map_or(1, serde_json::Map::len);
    println!(
        "4. backed up `school` from one snapshot with --jobs 2 ({streams} pg_dump data streams beside the schema's, in one archive): {} general tables, {} bytes of pg_dump output -> {} bytes sealed archive\n   {}",
        b.tables,
        b.payload_size,
        b.archive.size,
        b.path.display()
    );
    for m in &b.members {
        println!(
            "   and the {} rows in an archive of class {} ({} bytes), encrypted only to its key\n   {}",
            m.class,
            m.class,
            m.size,
            v.archive_path(m)?.display()
        );
    }
    let rec = v.catalog.resolve(&b.archive.id, None)?;
    let mut set = vec![rec.clone()];
    set.extend(b.members.iter().cloned());
    let mut keyless_ms = 0;
    for a in &set {
        keyless_ms += pipeline::verify::verify(&v, a, None)?.duration_ms;
    }
    println!(
        "5. verified {} archives keyless (seal, signature, SHA-256) in {keyless_ms} ms",
        set.len()
    );
    let mut general_keys = crate::crypto::Keys::new();
    general_keys.add_identity_file(&init.identity)?;
    let mut keys = crate::crypto::Keys::new();
    keys.add_identity_file(&init.identity)?;
    keys.add_identity_file(&ferpa_identity)?;
    let mut deep_ms = 0;
    for a in &set {
        deep_ms += pipeline::verify::verify(&v, a, Some(&keys))?.duration_ms;
    }
    println!(
        "6. verified them deep (decrypted, every entry hash and the manifest) in {deep_ms} ms"
    );
    if let Some(m) = b.members.first() {
        match pipeline::verify::verify(&v, m, Some(&general_keys)) {
            Err(e) => println!(
                "   the general key alone cannot open the {} archive: {e}",
                m.class
            ),
            Ok(_) => {
                return Err(Error::Other(format!(
                    "the general key opened the {} archive",
                    m.class
                )));
            }
        }
    }
    let drill = pipeline::drill::drill(
        &v,
        &rec,
        &keys,
        &server,
        &None,
        &pipeline::restore::ErasureStep::Replay,
        None,
    )?;
    println!(
        "7. restore drill of the whole set: restored into `{}` in {} ms, row counts of {} tables match, dropped it",
        drill.scratch_db, drill.restore_ms, drill.tables_checked
    );
    // The nightly job on the same day: everything is done already, so it
    // does nothing twice; then the health check grades the vault.
    let job = pipeline::run::run(&v, &opts, &|e| super::exit_for(e).code(), &mut |_| {})?;
    let steps: Vec<String> = job
        .steps
        .iter()
        .filter(|s| s.name != "check")
        .map(|s| format!("{} {}", s.name, s.status))
        .collect();
    println!(
        "8. the nightly job `coffer run` a second time today: {} (nothing twice); exit code {}",
        steps.join(", "),
        job.exit_code
    );
    let health = pipeline::check::check(&v, None);
    let problems: Vec<&str> = health
        .findings
        .iter()
        .filter(|f| f.severity > pipeline::check::Severity::Ok)
        .map(|f| f.message.as_str())
        .collect();
    println!(
        "9. `coffer check`: {} ({} checks; Nagios exit code {}){}",
        health.severity.as_str(),
        health.findings.len(),
        health.severity.nagios_code(),
        if problems.is_empty() {
            String::new()
        } else {
            format!(": {}", problems.join("; "))
        }
    );
    // Key lifecycle: a second custodian can open the general archive, its
    // header rewritten and its payload left byte for byte as it was.
    let custodian = dir.join("keys/custodian-2.txt");
    let custodian_recipient = new_identity(&custodian)?;
    let rekeyed = pipeline::rekey::rekey(
        &v,
        std::slice::from_ref(&rec),
        &pipeline::rekey::RekeyOptions {
            keys: &general_keys,
            add: vec![crate::crypto::parse_age_recipient(&custodian_recipient)?],
            add_pgp: Vec::new(),
            remove: Vec::new(),
            push: false,
        },
        &mut |_| {},
    )?;
    let mut custodian_keys = crate::crypto::Keys::new();
    custodian_keys.add_identity_file(&custodian)?;
    let rec = v.catalog.resolve(&rec.id, None)?;
    pipeline::verify::verify(&v, &rec, Some(&custodian_keys))?;
    if let Some(a) = rekeyed.archives.first() {
        println!(
            "10. `coffer rekey`: the general archive now opens for a second custodian too ({} -> {} recipients; payload SHA-256 {} unchanged, nothing re-encrypted); deep-verified with the new key",
            a.recipients_before.len(),
            a.recipients_after.len(),
            a.payload_sha256
                .as_deref()
                .map_or("?", |h| &h[..h.len().min(16)])
        );
    }
    // The compliance officer's evidence: the audit report (HTML) and the
    // signed bundle, from the vault as it stands after the nightly job.
    let until = crate::now();
    let since = until - jiff::SignedDuration::from_hours(24);
    let report = crate::report::build(&v, Some(since), Some(until))?;
    let html_path = dir.join("report.html");
    pipeline::vault::write_new(
        &html_path,
        0o600,
        crate::report::html::render(&report)?.as_bytes(),
    )?;
    let bundle = crate::evidence::build(&v, since, until, &dir.join("evidence.tar"))?;
    println!(
        "11. the audit report of today: {} archives, audit chain {} ({} entries) -> {}\n    and the signed evidence bundle ({} members, {} bytes) -> {}",
        report.inventory.archives.len(),
        match report.audit.verified {
            Some(true) => "verified",
            Some(false) => "BROKEN",
            None => "not checked",
        },
        report.audit.entries.unwrap_or(0),
        html_path.display(),
        bundle.manifest.members.len(),
        bundle.bytes,
        bundle.path
    );
    if report.audit.verified == Some(false) {
        return Err(Error::Other(
            "the demo's audit chain does not verify".into(),
        ));
    }
    cluster.stop()?;
    println!("12. stopped and removed the cluster");
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

/// A new age identity in `path` (0600); returns its recipient.
fn new_identity(path: &std::path::Path) -> Result<String> {
    use age::secrecy::ExposeSecret;
    let (secret, recipient) = crate::crypto::generate_age_identity();
    pipeline::vault::write_new(path, 0o600, secret.expose_secret().as_bytes())?;
    Ok(recipient)
}
