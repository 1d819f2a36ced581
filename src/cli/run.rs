//! `coffer run` (the nightly job) and `coffer check` (health, Nagios exit
//! codes, Prometheus textfile metrics).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use clap::Args;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::exit::Exit;
use crate::error::{Error, Result};
use crate::pg::RowCountMode;
use crate::pipeline::backup::BackupOptions;
use crate::pipeline::check::{self, CheckReport, Severity};

#[derive(Debug, Args)]
#[command(after_help = "\
Steps: backup (each class, one snapshot; skipped when today's set exists), verify (keyless, every
archive never verified; [run] verify), push (every missing offsite copy, object locks extended),
prune (the retention policy), drill (when [run] drill_every is due; needs [run] drill_identity),
check. Exit code: the worst step's code (README \"Exit codes\"); 11 when check finds something
critical; 130 when interrupted by SIGINT/SIGTERM (the step in progress is stopped, nothing
half-done is registered, the run is recorded as interrupted); 9 at once when another writer runs.")]
pub struct RunArgs {
    /// Print the run's report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Exit codes (Nagios plugin convention, for check only): 0 ok, 1 warning, 2 critical, 3 unknown.
Thresholds: [check] in coffer.toml (max_age, size_window, size_band, min_free_bytes,
min_free_percent, min_days_until_full, verify_every, quota); drills: [run] drill_every.")]
pub struct CheckArgs {
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write Prometheus metrics to FILE (node_exporter textfile format; atomic).
    #[arg(long, value_name = "FILE")]
    pub prometheus: Option<PathBuf>,
    /// Also list the checks that passed.
    #[arg(short, long)]
    pub verbose: bool,
}

pub fn run(config: Option<&Path>, a: RunArgs) -> Result<Exit> {
    let v = super::open_vault(config)?;
    crate::interrupt::install()
        .map_err(|e| Error::Other(format!("cannot catch SIGINT/SIGTERM: {e}")))?;
    // One lock for the whole job, not waited for: a second run exits 9 at
    // once, naming the holder.
    let _lock = super::maintain::take_lock(&v, "run", std::time::Duration::ZERO)?;
    let opts = BackupOptions {
        format: v.config.backup.format,
        row_counts: v
            .config
            .backup
            .row_counts
            .parse::<RowCountMode>()
            .map_err(|e| Error::Config(e.to_string()))?,
        strict: false,
        jobs: v.config.backup.jobs,
    };
    let quiet = a.json || !super::progress_enabled();
    let r = crate::pipeline::run::run(&v, &opts, &|e| super::exit_for(e).code(), &mut |step| {
        if !quiet {
            eprintln!("coffer: {step}...");
        }
    })?;
    if a.json {
        println!("{}", serde_json::json!(r));
    } else {
        for s in &r.steps {
            println!("{:<7} {:<11} {}", s.name, s.status, s.summary);
        }
        if let Some(c) = &r.check {
            for f in c.findings.iter().filter(|f| f.severity > Severity::Ok) {
                println!(
                    "  {} {}: {}",
                    f.severity.as_str().to_uppercase(),
                    f.check,
                    f.message
                );
                if !f.next_step.is_empty() {
                    println!("    next: {}", f.next_step);
                }
            }
        }
        for d in r.notifications.iter().filter(|d| !d.ok) {
            eprintln!(
                "coffer: warning: notifier {} failed: {}",
                d.notifier,
                d.error.as_deref().unwrap_or("?")
            );
        }
        println!("run {}: exit code {}", r.run_id, r.exit_code);
    }
    for d in r.notifications.iter().filter(|d| !d.ok) {
        if a.json {
            eprintln!(
                "coffer: warning: notifier {} failed: {}",
                d.notifier,
                d.error.as_deref().unwrap_or("?")
            );
        }
    }
    Ok(Exit::from_code(r.exit_code))
}

/// `coffer check`. Every error becomes UNKNOWN (3): a monitoring system
/// must never read a broken check as a mere warning.
pub fn check(config: Option<&Path>, a: CheckArgs) -> Exit {
    match check_inner(config, &a) {
        Ok(code) => code,
        Err(e) => {
            if a.json {
                println!(
                    "{}",
                    serde_json::json!({"ok": false, "severity": "unknown", "error": e.to_string()})
                );
            } else {
                println!("COFFER UNKNOWN - {e}");
            }
            Exit::from_code(Severity::Unknown.nagios_code())
        }
    }
}

fn check_inner(config: Option<&Path>, a: &CheckArgs) -> Result<Exit> {
    let v = super::open_vault(config)?;
    let r = check::check(&v, None);
    if let Some(p) = &a.prometheus {
        write_metrics(p, &r)?;
    }
    let problems: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity > Severity::Ok)
        .collect();
    if a.json {
        println!(
            "{}",
            serde_json::json!({"ok": r.severity == Severity::Ok, "report": r})
        );
    } else {
        let head = match problems.first() {
            None => format!("{} checks ok", r.findings.len()),
            Some(_) => problems
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        };
        println!("COFFER {} - {head}", r.severity.as_str().to_uppercase());
        for f in &r.findings {
            if f.severity == Severity::Ok && !a.verbose {
                continue;
            }
            println!(
                "{:<8} {:<16} {}",
                f.severity.as_str().to_uppercase(),
                f.check,
                f.message
            );
            if !f.next_step.is_empty() {
                println!("{:<25} next: {}", "", f.next_step);
            }
        }
    }
    Ok(Exit::from_code(r.severity.nagios_code()))
}

type FGauge = Family<Vec<(String, String)>, Gauge<f64, AtomicU64>>;

fn gauge(reg: &mut Registry, name: &str, help: &str) -> FGauge {
    let g = FGauge::default();
    reg.register(name, help, g.clone());
    g
}

fn labels(k: &str, v: &str) -> Vec<(String, String)> {
    vec![(k.to_owned(), v.to_owned())]
}

/// The metrics of a check, in the Prometheus text exposition format.
pub fn metrics_text(r: &CheckReport) -> Result<String> {
    let mut reg = Registry::with_prefix("coffer");
    let last_success = gauge(
        &mut reg,
        "last_success_timestamp_seconds",
        "Creation time of the newest good archive of the class (Unix seconds)",
    );
    let archive_bytes = gauge(
        &mut reg,
        "archive_bytes",
        "Ciphertext size of the newest good archive of the class",
    );
    let archives = gauge(
        &mut reg,
        "archives",
        "Good archives of the class in the catalog",
    );
    let missing = gauge(
        &mut reg,
        "offsite_copies_missing",
        "Good archives of the class with fewer checked copies than copies_required",
    );
    let free = gauge(
        &mut reg,
        "store_free_bytes",
        "Free bytes of a local store's file system",
    );
    let used = gauge(
        &mut reg,
        "store_used_bytes",
        "Bytes of coffer's archives in the store, as the catalog counts them",
    );
    let full = gauge(
        &mut reg,
        "store_days_until_full",
        "Days until a local store is full at its recent growth",
    );
    let up = gauge(
        &mut reg,
        "store_up",
        "Whether the S3 store answered (1) or not (0)",
    );
    let last_run = gauge(
        &mut reg,
        "last_run_success",
        "Whether the last coffer run succeeded (1) or not (0)",
    );
    let last_run_at = gauge(
        &mut reg,
        "last_run_timestamp_seconds",
        "Start of the last coffer run (Unix seconds)",
    );
    let drill_at = gauge(
        &mut reg,
        "last_drill_timestamp_seconds",
        "Time of the last good restore drill (Unix seconds)",
    );
    let drill_secs = gauge(
        &mut reg,
        "last_drill_duration_seconds",
        "Restore time (RTO) of the last good drill",
    );
    let findings = gauge(
        &mut reg,
        "check_findings",
        "Findings of coffer check by severity",
    );
    let status = gauge(
        &mut reg,
        "check_status",
        "coffer check's result: 0 ok, 1 warning, 2 critical, 3 unknown",
    );
    let checked = gauge(
        &mut reg,
        "check_timestamp_seconds",
        "When coffer check ran (Unix seconds)",
    );
    let wal_last = gauge(
        &mut reg,
        "wal_last_archived_timestamp_seconds",
        "Push time of the newest archived WAL segment (Unix seconds)",
    );
    let wal_missing = gauge(
        &mut reg,
        "wal_missing_segments",
        "WAL segments missing since the newest base backup's start (the catalog's view)",
    );
    let wal_files = gauge(&mut reg, "wal_files", "Archived WAL files in the catalog");
    let wal_base = gauge(
        &mut reg,
        "wal_last_base_backup_timestamp_seconds",
        "Creation time of the newest good physical base backup (Unix seconds)",
    );
    if let Some(w) = &r.wal {
        if let Some(t) = w.last_segment_at {
            wal_last.get_or_create(&Vec::new()).set(t as f64);
        }
        if let Some(t) = w.last_base_backup_at {
            wal_base.get_or_create(&Vec::new()).set(t as f64);
        }
        wal_missing
            .get_or_create(&Vec::new())
            .set(w.missing_segments as f64);
        wal_files.get_or_create(&Vec::new()).set(w.files as f64);
    }
    let removed = gauge(
        &mut reg,
        "removed_recipient_archives",
        "Good archives that recipients removed from the config still open (coffer rekey --remove)",
    );
    for (class, c) in &r.classes {
        let l = labels("class", class);
        if let Some(t) = c.last_success {
            last_success.get_or_create(&l).set(t as f64);
        }
        if let Some(b) = c.newest_bytes {
            archive_bytes.get_or_create(&l).set(b as f64);
        }
        archives.get_or_create(&l).set(c.archives as f64);
        missing.get_or_create(&l).set(c.copies_missing as f64);
    }
    for (store, s) in &r.stores {
        let l = labels("store", store);
        if let Some(b) = s.free_bytes {
            free.get_or_create(&l).set(b as f64);
        }
        used.get_or_create(&l).set(s.used_bytes as f64);
        if let Some(d) = s.days_until_full {
            full.get_or_create(&l).set(d);
        }
        if let Some(ok) = s.reachable {
            up.get_or_create(&l).set(if ok { 1.0 } else { 0.0 });
        }
    }
    if let Some(ok) = r.last_run_ok {
        last_run
            .get_or_create(&Vec::new())
            .set(if ok { 1.0 } else { 0.0 });
    }
    if let Some(t) = r.last_run_at {
        last_run_at
            .get_or_create(&Vec::new())
            .set(t.as_second() as f64);
    }
    if let Some(t) = r.last_drill_at {
        drill_at
            .get_or_create(&Vec::new())
            .set(t.as_second() as f64);
    }
    if let Some(s) = r.last_drill_seconds {
        drill_secs.get_or_create(&Vec::new()).set(s);
    }
    for s in [
        Severity::Ok,
        Severity::Warning,
        Severity::Critical,
        Severity::Unknown,
    ] {
        findings
            .get_or_create(&labels("severity", s.as_str()))
            .set(r.count(s) as f64);
    }
    status
        .get_or_create(&Vec::new())
        .set(f64::from(r.severity.nagios_code()));
    checked
        .get_or_create(&Vec::new())
        .set(r.checked_at.as_second() as f64);
    removed
        .get_or_create(&Vec::new())
        .set(r.removed_recipient_archives as f64);
    let mut out = String::new();
    prometheus_client::encoding::text::encode(&mut out, &reg)
        .map_err(|e| Error::Other(format!("encoding the metrics: {e}")))?;
    Ok(out)
}

/// Writes the metrics next to `path` and renames them over it, so the
/// textfile collector never reads half a file.
fn write_metrics(path: &Path, r: &CheckReport) -> Result<()> {
    use std::io::Write;
    let text = metrics_text(r)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let err = |e: std::io::Error| Error::Store(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::Builder::new()
        .prefix(".coffer-metrics-")
        .tempfile_in(&dir)
        .map_err(err)?;
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    // Readable by the node exporter's user; metrics hold no secret.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
