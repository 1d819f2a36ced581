//! `coffer demo`: the main job on a throwaway cluster, end to end.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    if let Some(exit) = rerun_as_server_user(&a)? {
        return Ok(exit);
    }
    let started = Instant::now();
    println!(
        "coffer demo: a throwaway PostgreSQL cluster, a vault with a FERPA class, a backup, verification, a restore drill and a point-in-time recovery."
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
         [stores.ferpa-local]\ntype = \"local\"\npath = \"archives-ferpa\"\n\n\
         # The WAL and physical base backups hold every table's rows: they go to\n\
         # the class cleared for the most sensitive ones.\n\
         [wal]\nclass = \"ferpa\"\n"
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
    let pitr = point_in_time(&cluster, &v, &ferpa_identity, &keys)?;
    println!(
        "8. point-in-time recovery: archive_command `coffer wal push %p` sealed {} WAL files into class ferpa (the WAL holds every table);\n   \
         a physical base backup ({} bytes sealed); then an accident at {} (DELETE FROM learning.enrollments: {} rows gone)\n   \
         restored to just before it with `coffer wal fetch` as restore_command: pg_verifybackup passed, promoted in {} ms, {} enrollments back",
        pitr.wal_files,
        pitr.base_size,
        pitr.accident_at,
        pitr.rows,
        pitr.recovery_ms,
        pitr.rows_back
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
        "9. the nightly job `coffer run` a second time today: {} (nothing twice); exit code {}",
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
        "10. `coffer check`: {} ({} checks; Nagios exit code {}){}",
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
            "11. `coffer rekey`: the general archive now opens for a second custodian too ({} -> {} recipients; payload SHA-256 {} unchanged, nothing re-encrypted); deep-verified with the new key",
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
        "12. the audit report of today: {} archives, audit chain {} ({} entries) -> {}\n    and the signed evidence bundle ({} members, {} bytes) -> {}",
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
    println!("13. stopped and removed the cluster");
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

/// What the point-in-time step did.
struct Pitr {
    wal_files: usize,
    base_size: u64,
    accident_at: String,
    rows: i64,
    rows_back: i64,
    recovery_ms: u64,
}

/// Point-in-time recovery on the demo cluster: archiving on (this coffer
/// as archive_command), a physical base backup, an accident, and a restore
/// to just before it in a scratch directory, started on a private socket;
/// that server is stopped and its directory removed whatever happens.
fn point_in_time(
    cluster: &TempCluster,
    v: &Vault,
    identity: &Path,
    keys: &crate::crypto::Keys,
) -> Result<Pitr> {
    let query =
        |e: postgres::Error| Error::Other(format!("the demo cluster: {}", pg::pg_message(&e)));
    let server = ConnTarget::new(Some(&cluster.url("postgres")))?;
    let mut c = server.connect()?;
    let archive_command = pipeline::physical::archive_command(&v.config)?;
    // (One statement per call: ALTER SYSTEM refuses a transaction block.)
    c.batch_execute("ALTER SYSTEM SET archive_mode = 'on'")
        .map_err(query)?;
    c.batch_execute(&format!(
        "ALTER SYSTEM SET archive_command = '{}'",
        archive_command.replace('\'', "''")
    ))
    .map_err(query)?;
    drop(c);
    cluster.restart("fast")?;
    // pg_basebackup waits, unbounded, for its WAL to be archived: first
    // see (for at most 60 s) that archive_command works at all.
    let mut c = server.connect()?;
    c.batch_execute(
        "SELECT pg_logical_emit_message(false, 'coffer-demo', 'archiving check'); SELECT pg_switch_wal();",
    )
    .map_err(query)?;
    wait_archived(cluster, &mut c, None)?;
    drop(c);
    let base = pipeline::physical::backup(v, &mut |_| {})?;

    let school = ConnTarget::new(Some(&cluster.url("school")))?;
    let mut c = school.connect()?;
    let rows: i64 = c
        .query_one("SELECT count(*) FROM learning.enrollments", &[])
        .map_err(query)?
        .get(0);
    let at: String = c
        .query_one(
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
            &[],
        )
        .map_err(query)?
        .get(0);
    let target: jiff::Timestamp = at
        .parse()
        .map_err(|e| Error::Other(format!("the demo cluster's time {at}: {e}")))?;
    std::thread::sleep(Duration::from_millis(20));
    c.batch_execute("DELETE FROM learning.enrollments")
        .map_err(query)?;
    // The segment holding the DELETE is closed and archived before the
    // restore reads the archive.
    let segment: String = c
        .query_one("SELECT pg_walfile_name(pg_current_wal_lsn())", &[])
        .map_err(query)?
        .get(0);
    c.batch_execute("SELECT pg_switch_wal()").map_err(query)?;
    wait_archived(cluster, &mut c, Some(&segment))?;
    drop(c);
    let wal_files = v.catalog.wal_files()?.len();

    let scratch = tempfile::Builder::new()
        .prefix("coffer-demo-pitr-")
        .tempdir()
        .map_err(|e| Error::Store(format!("cannot create a temporary directory: {e}")))?;
    let data = scratch.path().join("data");
    let port = crate::pg::cluster::free_port()?;
    let restored = ConnTarget::new(Some(&format!(
        "host={} port={port} dbname=school",
        scratch.path().display()
    )))?;
    let req = pipeline::physical::PhysicalRestoreRequest {
        to_dir: data.clone(),
        target_time: Some(target),
        identity: Some(identity.to_path_buf()),
        keep_archiving: false,
        start: Some(pipeline::physical::StartOptions {
            port,
            socket_dir: scratch.path().to_path_buf(),
            replay_target: Some(restored.clone()),
            erasure: pipeline::restore::ErasureStep::Replay,
            limit: Duration::from_secs(120),
        }),
    };
    let rec = pipeline::physical::choose(v, Some(target))?;
    let result = pipeline::physical::restore(v, &rec, keys, &req).and_then(|r| {
        let back: i64 = restored
            .connect()?
            .query_one("SELECT count(*) FROM learning.enrollments", &[])
            .map_err(query)?
            .get(0);
        Ok((r, back))
    });
    if data.join("postmaster.pid").exists() {
        let _ = pg::physical::stop_server(&data);
    }
    let (r, rows_back) = result?;
    if rows == 0 || rows_back != rows {
        return Err(Error::Other(format!(
            "the point-in-time restore has {rows_back} enrollments, {rows} were there before the accident"
        )));
    }
    Ok(Pitr {
        wal_files,
        base_size: base.archive.size,
        accident_at: at,
        rows,
        rows_back,
        recovery_ms: r.recovery_ms.unwrap_or(0),
    })
}

/// Waits (at most 60 s) until the demo cluster has archived WAL segment
/// `segment` (or, without one, any segment); a failing archive_command
/// ends the wait at once, with the server log.
fn wait_archived(
    cluster: &TempCluster,
    c: &mut postgres::Client,
    segment: Option<&str>,
) -> Result<()> {
    let waited = Instant::now();
    loop {
        let row = c
            .query_one(
                "SELECT last_archived_wal, archived_count, failed_count FROM pg_stat_archiver",
                &[],
            )
            .map_err(|e| Error::Other(format!("the demo cluster: {}", pg::pg_message(&e))))?;
        let (archived, count, failed): (Option<String>, i64, i64) =
            (row.get(0), row.get(1), row.get(2));
        let done = match segment {
            Some(s) => archived.is_some_and(|a| a.get(..24) >= s.get(..24)),
            None => count > 0,
        };
        if done {
            return Ok(());
        }
        if failed > 0 || waited.elapsed() > Duration::from_secs(60) {
            return Err(Error::Other(format!(
                "the demo cluster's archive_command ({}) did not archive {} within 60 s; the server log:\n{}",
                if failed > 0 { "it failed" } else { "no answer" },
                segment.unwrap_or("a first segment"),
                cluster.log()
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// As root, the whole demo runs again as the database server's OS user
/// (`postgres`): the throwaway cluster runs as that user, and so does its
/// archive_command (`coffer wal push`), which writes into the demo vault,
/// as in production. `None` when not root.
fn rerun_as_server_user(a: &DemoArgs) -> Result<Option<Exit>> {
    use std::os::unix::fs::PermissionsExt;
    let Some((uid, gid)) = pg::cluster::server_user()? else {
        return Ok(None);
    };
    let io = |what: &str, e: std::io::Error| Error::Other(format!("{what}: {e}"));
    let exe = std::env::current_exe().map_err(|e| io("cannot find the coffer program", e))?;
    let runs = |exe: &Path| {
        Command::new(exe)
            .arg("--version")
            .uid(uid)
            .gid(gid)
            .current_dir("/")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    // Whether that user may write into (and so reach) directory `d`.
    let writable = |d: &Path| {
        Command::new("sh")
            .args(["-c", "test -w \"$1\" && test -x \"$1\"", "sh"])
            .arg(d)
            .uid(uid)
            .gid(gid)
            .current_dir("/")
            .status()
            .is_ok_and(|s| s.success())
    };
    // The demo's temporary files go where that user can write: $TMPDIR
    // when it can, else /tmp.
    let tmp = Some(std::env::temp_dir())
        .filter(|t| writable(t))
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    // A build under a private directory (a 0700 home) is out of that
    // user's reach: a copy in a directory anyone may traverse is not.
    let mut copy_dir = None;
    let exe = if runs(&exe) {
        exe
    } else {
        let d = tempfile::Builder::new()
            .prefix("coffer-demo-bin-")
            .tempdir_in(&tmp)
            .map_err(|e| io("cannot create a temporary directory", e))?;
        std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io("chmod", e))?;
        let copy = d.path().join("coffer");
        std::fs::copy(&exe, &copy).map_err(|e| io("cannot copy the coffer program", e))?;
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io("chmod", e))?;
        copy_dir = Some(d);
        copy
    };
    // The vault directory is handed to that user: only one the demo makes,
    // or an empty one (never a directory with someone's files in it).
    let dir = a
        .dir
        .as_deref()
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| io("--dir", e))?;
    if let Some(dir) = &dir {
        let empty = match std::fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(|e| io(&dir.display().to_string(), e))?;
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                    .map_err(|e| io("chmod", e))?;
                true
            }
            Err(e) => return Err(io(&dir.display().to_string(), e)),
        };
        if !empty {
            return Err(Error::Input(format!(
                "{} is not empty: started by root, the demo hands its vault directory to the `postgres` user, so it wants a new or empty one",
                dir.display()
            )));
        }
        std::os::unix::fs::chown(dir, Some(uid), Some(gid))
            .map_err(|e| io(&format!("chown {}", dir.display()), e))?;
        if !writable(dir) {
            return Err(Error::Input(format!(
                "{} is out of reach of the `postgres` user, which the demo runs as when started by root: choose a directory that user can reach (e.g. under /tmp)",
                dir.display()
            )));
        }
    }
    println!(
        "coffer demo: running as the database server's user `postgres` (uid {uid}), whose archive_command writes into the demo vault, as in production"
    );
    let mut cmd = Command::new(&exe);
    cmd.arg("demo");
    if let Some(dir) = &dir {
        cmd.arg("--dir").arg(dir);
    }
    // A signal to this process reaches the demo (SIGTERM) and is waited
    // out, so that the copy of the binary is removed either way.
    crate::interrupt::install().map_err(|e| io("cannot catch signals", e))?;
    let mut child = cmd
        .uid(uid)
        .gid(gid)
        .current_dir("/")
        .env("HOME", &tmp)
        .env("TMPDIR", &tmp)
        .spawn()
        .map_err(|e| io("cannot run the demo as postgres", e))?;
    crate::interrupt::register_child(child.id());
    let status = child.wait().map_err(|e| io("waiting for the demo", e))?;
    drop(copy_dir);
    Ok(Some(match status.code() {
        Some(code) => Exit::from_code(u8::try_from(code).unwrap_or(1)),
        None => Exit::Interrupted,
    }))
}

/// A new age identity in `path` (0600); returns its recipient.
fn new_identity(path: &std::path::Path) -> Result<String> {
    use age::secrecy::ExposeSecret;
    let (secret, recipient) = crate::crypto::generate_age_identity();
    pipeline::vault::write_new(path, 0o600, secret.expose_secret().as_bytes())?;
    Ok(recipient)
}
