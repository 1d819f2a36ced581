//! The nightly job and the health check (issue 12), through the real binary,
//! a real PostgreSQL cluster and a real S3 API (moto_server on loopback):
//! `coffer run` backs up, verifies, pushes, prunes and checks, and a second
//! run the same day does nothing twice; with the S3 server gone the run
//! fails with the storage code and `check` calls the missing copy critical;
//! a second run while one runs exits 9 at once; SIGTERM during the dump
//! leaves nothing registered and the run recorded as interrupted; `check`
//! grades age, size, space and keys with Nagios codes, and its Prometheus
//! file reads back through the Prometheus project's own parser.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod s3_support;
mod vault_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coffer::catalog::{ArchiveFilter, Catalog, CopyStatus, Outcome, RunKind};
use serde_json::Value;

use common::{TestDb, fresh_db};
use s3_support::Moto;
use vault_support::{FakePgBin, Mount, TestVault};

const T0: &str = "2026-11-02T02:00:00Z";

fn at(offset_hours: i64) -> String {
    let t: jiff::Timestamp = T0.parse().unwrap();
    (t + jiff::SignedDuration::from_hours(offset_hours)).to_string()
}

/// A small real database with a marker row.
fn school_db(name: &str) -> TestDb {
    let db = fresh_db(name);
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL);
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 200) g;
         INSERT INTO pupils VALUES (100000, 'RUN-MARKER-7c1e');",
    );
    db
}

/// A vault with the identity moved off it (as `coffer init` asks), so a
/// fresh vault checks clean.
struct Job {
    v: TestVault,
    identity: PathBuf,
    _keep: tempfile::TempDir,
}

impl Job {
    fn new(db: &TestDb, extra: &str) -> Job {
        let v = TestVault::new(&db.url());
        let keep = tempfile::tempdir().unwrap();
        let identity = keep.path().join("identity.txt");
        std::fs::rename(v.dir().join("keys/identity.txt"), &identity).unwrap();
        let mut text = std::fs::read_to_string(v.config()).unwrap();
        text.push_str(extra);
        if !extra.contains("[check]\n") {
            // The host's own disk is not under test (the store-space test
            // mounts a store of its own).
            text.push_str("\n[check]\nmin_free_bytes = 0\nmin_free_percent = 0\n");
        }
        std::fs::write(v.config(), text).unwrap();
        Job {
            v,
            identity,
            _keep: keep,
        }
    }

    fn with_offsite(db: &TestDb, moto: &Moto, name: &str) -> Job {
        let bucket = s3_support::unique_bucket_name(name);
        moto.create_bucket(&bucket, false);
        let j = Job::new(
            db,
            &format!(
                "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"school/\"\n\
                 endpoint = \"{}\"\nregion = \"{}\"\nretries = 1\n",
                moto.endpoint(),
                s3_support::REGION
            ),
        );
        let text = std::fs::read_to_string(j.v.config()).unwrap();
        let text = text.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1);
        std::fs::write(j.v.config(), text).unwrap();
        j
    }

    fn cmd(&self, now: &str, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.v.cmd();
        c.envs(s3_support::env()).env("COFFER_NOW", now).args(args);
        c
    }

    fn run(&self, now: &str, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(now, args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, now: &str, args: &[&str], code: i32) -> Value {
        let (got, out, err) = self.run(now, args);
        assert_eq!(
            got, code,
            "coffer {args:?} exit code\nstdout:\n{out}\nstderr:\n{err}"
        );
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    fn catalog(&self) -> Catalog {
        self.v.catalog()
    }
}

fn step<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name} in {r}"))
}

fn finding<'a>(r: &'a Value, check: &str, severity: &str) -> Option<&'a Value> {
    r["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check && f["severity"] == severity)
}

#[test]
fn run_backs_up_pushes_prunes_checks_and_does_nothing_twice() {
    let db = school_db("run_job");
    let moto = Moto::start();
    let j = Job::with_offsite(&db, &moto, "run-job");

    let r = j.json(&at(0), &["run", "--json"], 0);
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(step(&r, "backup")["status"], "ok", "{r}");
    // The backup verified its archive (keyless) already: nothing left to verify.
    assert_eq!(step(&r, "verify")["status"], "skipped", "{r}");
    assert_eq!(step(&r, "push")["status"], "ok", "{r}");
    assert_eq!(step(&r, "drill")["status"], "skipped", "{r}");
    assert_eq!(step(&r, "check")["status"], "ok", "{r}");
    assert_eq!(r["check"]["severity"], "ok", "{r}");
    let id = step(&r, "backup")["details"]["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cat = j.catalog();
    let copy = cat.copy(&id, "offsite").unwrap().expect("an offsite copy");
    assert_eq!(copy.status, CopyStatus::Present);
    assert!(
        cat.last_verification(&id)
            .unwrap()
            .is_some_and(|v| v.ok && !v.deep)
    );
    let runs = cat
        .runs(coffer::catalog::RunFilter {
            kind: Some(RunKind::Run),
            archive_id: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, Some(Outcome::Ok));

    // The same day again: nothing twice.
    let r2 = j.json(&at(5), &["run", "--json"], 0);
    for s in ["backup", "verify", "push", "prune"] {
        assert_eq!(step(&r2, s)["status"], "skipped", "{s} in {r2}");
    }
    assert!(
        step(&r2, "backup")["summary"]
            .as_str()
            .unwrap()
            .contains(&id),
        "{r2}"
    );
    assert_eq!(cat.archives(ArchiveFilter::default()).unwrap().len(), 1);
    assert_eq!(
        cat.runs(coffer::catalog::RunFilter {
            kind: Some(RunKind::Backup),
            archive_id: None,
            limit: None
        })
        .unwrap()
        .len(),
        1,
        "one backup run"
    );
    assert_eq!(cat.verifications(&id).unwrap().len(), 1, "verified once");

    // The next night with the S3 server gone: the backup is made, the push
    // fails with the storage code, and check calls the missing copy critical.
    moto.kill();
    let (code, out, err) = j.run(&at(24), &["run", "--json"]);
    assert_eq!(code, 8, "storage failure code\n{out}\n{err}");
    let r3: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(step(&r3, "backup")["status"], "ok", "{r3}");
    assert_eq!(step(&r3, "push")["status"], "failed", "{r3}");
    assert_eq!(step(&r3, "push")["exit_code"], 8, "{r3}");
    let c = j.json(&at(25), &["check", "--json"], 2);
    let f = finding(&c, "offsite-copies", "critical").unwrap_or_else(|| panic!("{c}"));
    assert!(
        f["message"].as_str().unwrap().contains("fewer than 2"),
        "{f}"
    );
    assert!(finding(&c, "store-reachable", "critical").is_some(), "{c}");
    assert!(finding(&c, "last-run", "critical").is_some(), "{c}");
    // Plain output: the Nagios status line first.
    let (code, out, _) = j.run(&at(25), &["check"]);
    assert_eq!(code, 2);
    assert!(out.starts_with("COFFER CRITICAL - "), "{out}");
}

/// Waits (bounded) until `path` holds `needle`.
fn wait_for(path: &Path, needle: &str, what: &str) {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(60) {
        if std::fs::read_to_string(path).is_ok_and(|s| s.contains(needle)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn a_second_run_exits_9_at_once_and_sigterm_leaves_nothing_registered() {
    let db = school_db("run_sigterm");
    let j = Job::new(&db, "");
    // A pg_dump that writes the start of a dump, then hangs: the job is
    // "in the dump" when the signal comes.
    let started = j.v.dir().join("dump-started");
    let bin = FakePgBin::new(&format!(
        "printf 'PGDMP' ; touch '{}' ; exec sleep 120",
        started.display()
    ));
    let mut first = Command::new(assert_cmd::cargo::cargo_bin("coffer"))
        .env("COFFER_CONFIG", j.v.config())
        .env("COFFER_PG_BIN", bin.path())
        .env("COFFER_NOW", at(0))
        .args(["run", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&started, "", "the fake pg_dump to start");
    wait_for(&j.v.dir().join("coffer.lock"), "(run)", "the run's lock");

    let t = Instant::now();
    let (code, out, err) = j.run(&at(0), &["--lock-wait", "30", "run"]);
    assert_eq!(code, 9, "lock held\n{out}\n{err}");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "at once, not after --lock-wait"
    );
    assert!(
        err.contains(&format!("pid {}", first.id())) && err.contains("(run) since 20"),
        "names the holder's pid and start time: {err}"
    );

    let term = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = first.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "coffer run did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = first.wait_with_output().unwrap();
    assert_eq!(
        status.code(),
        Some(130),
        "interrupted\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(step(&r, "backup")["status"], "interrupted", "{r}");
    assert!(
        r["interrupted"].as_str().unwrap().contains("SIGTERM"),
        "{r}"
    );

    let cat = j.catalog();
    assert!(
        cat.archives(ArchiveFilter {
            class: None,
            include_deleted: true
        })
        .unwrap()
        .is_empty()
    );
    let runs = cat
        .runs(coffer::catalog::RunFilter {
            kind: Some(RunKind::Run),
            archive_id: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, Some(Outcome::Failed));
    assert_eq!(runs[0].details["interrupted"], true, "{:?}", runs[0]);
    assert!(runs[0].error.as_deref().unwrap().contains("SIGTERM"));
    let mut files = Vec::new();
    vault_support::walk(j.v.store_dir(), &mut files);
    // The audit log's segments are history, not archives (spec/audit.md).
    files.retain(|f| !f.starts_with(j.v.store_dir().join("audit")));
    assert!(
        files.is_empty(),
        "no archive and no temp file left: {files:?}"
    );
    // The killed "pg_dump" is gone too.
    let ps = Command::new("pgrep")
        .args(["-f", &format!("touch '{}'", started.display())])
        .output()
        .unwrap();
    assert!(ps.stdout.is_empty());
    // check: the interrupted run is a warning, no backup yet is critical.
    let c = j.json(&at(0), &["check", "--json"], 2);
    assert!(finding(&c, "last-run", "warning").is_some(), "{c}");
    assert!(finding(&c, "backup-age", "critical").is_some(), "{c}");
    // ... and the next run succeeds.
    let r = j.json(&at(1), &["run", "--json"], 0);
    assert_eq!(step(&r, "backup")["status"], "ok", "{r}");
}

fn venv_python() -> PathBuf {
    let home = std::env::var_os("HOME").expect("HOME");
    let p = Path::new(&home).join(".cache/coffer/moto/bin/python3");
    assert!(
        p.exists(),
        "{} is missing: run ./scripts/setup (it installs prometheus_client)",
        p.display()
    );
    p
}

/// Every sample of a Prometheus text file, parsed by prometheus_client:
/// (name, labels as "k=v,..." sorted, value).
fn parse_prometheus(file: &Path) -> Vec<(String, String, f64)> {
    let script = r#"
import sys, json
from prometheus_client.parser import text_string_to_metric_families
out = []
for fam in text_string_to_metric_families(open(sys.argv[1]).read()):
    assert fam.documentation, fam.name
    assert fam.type == "gauge", (fam.name, fam.type)
    for s in fam.samples:
        out.append([s.name, ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())), s.value])
print(json.dumps(out))
"#;
    let out = Command::new(venv_python())
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "parser: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<(String, String, f64)>>(&out.stdout).unwrap()
}

fn metric(m: &[(String, String, f64)], name: &str, labels: &str) -> f64 {
    m.iter()
        .find(|(n, l, _)| n == name && l == labels)
        .unwrap_or_else(|| panic!("no {name}{{{labels}}} in {m:?}"))
        .2
}

#[test]
fn check_grades_age_size_space_and_keys_and_writes_metrics() {
    let db = school_db("run_check");
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("small");
    let mount = Mount::tmpfs(&store, "size=2m,mode=0700");
    // A 2 MiB store: the default 1 GiB floor would always warn.
    let mut j = Job::new(&db, "\n[check]\nmin_free_bytes = \"64KiB\"\n");
    j.v.set_store(&store);

    // A fresh vault, backed up and verified by the job: ok (0).
    j.json(&at(0), &["run", "--json"], 0);
    let prom = tmp.path().join("coffer.prom");
    let c = j.json(
        &at(1),
        &["check", "--json", "--prometheus", prom.to_str().unwrap()],
        0,
    );
    assert_eq!(c["report"]["severity"], "ok", "{c}");
    let first = j.catalog().latest(None).unwrap().unwrap();
    let m = parse_prometheus(&prom);
    assert_eq!(
        metric(&m, "coffer_last_success_timestamp_seconds", "class=general"),
        first.created.as_second() as f64
    );
    assert_eq!(
        metric(&m, "coffer_archive_bytes", "class=general"),
        first.size as f64
    );
    assert_eq!(metric(&m, "coffer_archives", "class=general"), 1.0);
    assert_eq!(
        metric(&m, "coffer_offsite_copies_missing", "class=general"),
        0.0
    );
    assert_eq!(metric(&m, "coffer_last_run_success", ""), 1.0);
    assert_eq!(metric(&m, "coffer_check_status", ""), 0.0);
    assert_eq!(
        metric(&m, "coffer_check_findings", "severity=critical"),
        0.0
    );
    assert_eq!(metric(&m, "coffer_check_findings", "severity=warning"), 0.0);
    let statvfs = Command::new("stat")
        .args(["-f", "-c", "%a %S"])
        .arg(&store)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&statvfs.stdout);
    let mut it = s.split_whitespace().map(|x| x.parse::<f64>().unwrap());
    let free = it.next().unwrap() * it.next().unwrap();
    assert_eq!(metric(&m, "coffer_store_free_bytes", "store=local"), free);
    assert!(
        !m.iter()
            .any(|(n, _, _)| n == "coffer_last_drill_timestamp_seconds"),
        "no drill yet"
    );
    let mode = std::fs::metadata(&prom).unwrap();
    assert!(mode.is_file());

    // 27 hours later: critical (2).
    let c = j.json(&at(27), &["check", "--json"], 2);
    let f = finding(&c, "backup-age", "critical").unwrap_or_else(|| panic!("{c}"));
    assert!(f["message"].as_str().unwrap().contains("27.0 h old"), "{f}");
    assert!(!f["next_step"].as_str().unwrap().is_empty());

    // A ten times larger archive the next night: a warning (1).
    db.psql("INSERT INTO pupils SELECT g, md5(g::text) || md5((g*7)::text) FROM generate_series(300, 900) g;");
    j.json(&at(24), &["run", "--json"], 0);
    let c = j.json(&at(25), &["check", "--json"], 1);
    let f = finding(&c, "size-anomaly", "warning").unwrap_or_else(|| panic!("{c}"));
    assert!(
        f["message"].as_str().unwrap().contains("x the median"),
        "{f}"
    );

    // The store nearly full: a warning with a projection.
    let filler = store.join("filler");
    let free_now = {
        let o = Command::new("stat")
            .args(["-f", "-c", "%a %S"])
            .arg(&store)
            .output()
            .unwrap();
        let s = String::from_utf8_lossy(&o.stdout).into_owned();
        let v: Vec<u64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();
        v[0] * v[1]
    };
    let dd = Command::new("dd")
        .args([
            "if=/dev/zero",
            &format!("of={}", filler.display()),
            "bs=4096",
        ])
        .arg(format!("count={}", (free_now - 150 * 1024) / 4096))
        .output()
        .unwrap();
    assert!(
        dd.status.success(),
        "{}",
        String::from_utf8_lossy(&dd.stderr)
    );
    let c = j.json(&at(25), &["check", "--json"], 1);
    let f = finding(&c, "store-space", "warning").unwrap_or_else(|| panic!("{c}"));
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("full in") && msg.contains("days"),
        "a projection: {msg}"
    );
    std::fs::remove_file(&filler).unwrap();

    // A private identity left on the host with mode 0644: warnings.
    let left = j.v.dir().join("keys/identity.txt");
    std::fs::copy(&j.identity, &left).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&left, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // (A fresh check time so the size warning of the run above still counts.)
    let c = j.json(&at(25), &["check", "--json"], 1);
    let f = finding(&c, "key-permissions", "warning").unwrap_or_else(|| panic!("{c}"));
    assert!(f["message"].as_str().unwrap().contains("0644"), "{f}");
    assert!(finding(&c, "identity-on-host", "warning").is_some(), "{c}");
    drop(mount);
}

#[test]
fn check_of_a_broken_config_is_unknown_and_bad_thresholds_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("coffer.toml");
    std::fs::write(&cfg, "[vault\n").unwrap();
    let out = vault_support::bare_cmd(tmp.path())
        .args(["--config", cfg.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "UNKNOWN");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("COFFER UNKNOWN - "));

    let db = school_db("run_badcfg");
    for (extra, says) in [
        ("\n[check]\nsize_band = [2.0, 0.5]\n", "size_band"),
        ("\n[check]\nmax_age = \"soon\"\n", "not a duration"),
        ("\n[run]\ndrill_every = \"7d\"\n", "drill_identity"),
        (
            "\n[check.quota]\nnowhere = \"1GiB\"\n",
            "not a [stores.NAME]",
        ),
    ] {
        let j = Job::new(&db, extra);
        let (code, out, err) = j.run(&at(0), &["run"]);
        assert_eq!(code, 3, "{extra}: {out}{err}");
        assert!(err.contains(says), "{extra}: {err}");
    }
}

#[test]
fn run_drills_on_schedule_and_alerts_through_the_notifier() {
    let db = school_db("run_drill");
    let tmp = tempfile::tempdir().unwrap();
    let event = tmp.path().join("event.json");
    let env = tmp.path().join("env.txt");
    let identity_placeholder = "IDENTITY";
    let j = Job::new(
        &db,
        &format!(
            "\n[run]\ndrill_every = \"7d\"\ndrill_identity = \"{identity_placeholder}\"\n\
             [check]\nallow_identity_on_host = true\nmin_free_bytes = 0\nmin_free_percent = 0\n\
             [notify.on_success]\nargv = [\"sh\", \"-c\", 'cat > \"$1\"; env > \"$2\"', \"sh\", \"{}\", \"{}\"]\n",
            event.display(),
            env.display()
        ),
    );
    let text = std::fs::read_to_string(j.v.config()).unwrap();
    std::fs::write(
        j.v.config(),
        text.replace(identity_placeholder, j.identity.to_str().unwrap()),
    )
    .unwrap();

    let mut c = j.cmd(&at(0), &["run", "--json"]);
    c.env("PGPASSWORD", "not-for-alert-scripts-41");
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = step(&r, "drill");
    assert_eq!(d["status"], "ok", "{r}");
    assert!(d["details"]["tables_checked"].as_u64().unwrap() >= 1, "{d}");
    let drill = j
        .catalog()
        .last_drill(true)
        .unwrap()
        .expect("a drill recorded");
    assert!(drill.ok);
    // The success notifier heard the run, without the database password.
    let ev: Value = serde_json::from_str(&std::fs::read_to_string(&event).unwrap()).unwrap();
    assert_eq!(ev["level"], "success", "{ev}");
    assert_eq!(ev["job"], "run", "{ev}");
    assert_eq!(ev["exit_code"], 0, "{ev}");
    let env_text = std::fs::read_to_string(&env).unwrap();
    assert!(
        env_text.contains("COFFER_EVENT_LEVEL=success"),
        "{env_text}"
    );
    assert!(
        !env_text.contains("not-for-alert-scripts-41"),
        "PGPASSWORD leaked: {env_text}"
    );
    assert_eq!(r["notifications"][0]["ok"], true, "{r}");

    // Two days later: not due again.
    let r = j.json(&at(48), &["run", "--json"], 0);
    assert_eq!(step(&r, "drill")["status"], "skipped", "{r}");
    assert!(
        step(&r, "drill")["summary"]
            .as_str()
            .unwrap()
            .contains("not due"),
        "{r}"
    );
    // Eight days later: due, and check would have said so first.
    let c = j.json(&at(8 * 24 + 1), &["check", "--json"], 2);
    assert!(finding(&c, "drill-overdue", "warning").is_some(), "{c}");
    let prom = tmp.path().join("m.prom");
    j.json(
        &at(49),
        &["check", "--json", "--prometheus", prom.to_str().unwrap()],
        0,
    );
    let m = parse_prometheus(&prom);
    assert_eq!(
        metric(&m, "coffer_last_drill_timestamp_seconds", ""),
        drill.at.as_second() as f64
    );
    assert_eq!(
        metric(&m, "coffer_last_drill_duration_seconds", ""),
        drill.restore_ms as f64 / 1000.0
    );
}
