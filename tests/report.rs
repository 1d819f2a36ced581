//! The audit report and the procedures document (issue 13), through the
//! real `coffer` binary on a vault simulated over 13 months with
//! `COFFER_NOW`: four nights of real backups of the school fixture (a
//! FERPA class in a store of its own, one night failing in the real
//! pg_dump's place), a real erasure request, restore, drill, hold and
//! prune; the thirteen months before them synthesized through the library
//! as the retention tests do (archives, verifications, drills and failed
//! runs registered in the catalog, dummy files in both stores), with a gap,
//! failures, a failed verification, a drill over the RTO target and an
//! oversized archive. The JSON is checked fact by fact against what the
//! test made; the HTML is opened in headless Chromium (screenshot, no
//! network request, print to PDF) and `pdftotext` of the PDF must carry
//! the key facts.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod vault_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use coffer::catalog::{
    ArchiveRecord, ArchiveStatus, Catalog, DrillRecord, Outcome, RunKind, VerificationRecord,
};
use jiff::{SignedDuration, Timestamp, ToSpan};
use serde_json::{Value, json};

use common::{TestDb, fresh_db};
use vault_support::{FakePgBin, TestVault};

const EXIT_BAD_INPUT: i32 = 3;

const USER_RULE: &str = r#"
[erasure.user]
statements = [
  'DELETE FROM "Student Records".grades WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = $1)',
  'DELETE FROM learning.submissions WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = $1)',
  'DELETE FROM learning.enrollments WHERE student_id = $1',
  'DELETE FROM "Student Records".transcripts WHERE student_id = $1',
  'DELETE FROM public.guardians WHERE student_id = $1 OR parent_id = $1',
  'DELETE FROM public.login_events WHERE user_id = $1',
  'DELETE FROM public.users WHERE id = $1',
]
check = 'SELECT count(*) FROM public.users WHERE id = $1'
"#;

/// The erasure request's reference (a ticket number, never the subject).
const REFERENCE: &str = "GDPR-2026-0042";
const HOLD_REASON: &str = "Litigation hold L-2026-7";
/// The synthetic history: daily at 02:00 UTC from here...
const FIRST_DAY: &str = "2025-10-20";
/// ... to here; the real nights follow.
const LAST_SYNTHETIC_DAY: &str = "2026-11-20";
/// Days with neither an archive nor a run: the gap.
const GAP: [&str; 5] = [
    "2026-03-10",
    "2026-03-11",
    "2026-03-12",
    "2026-03-13",
    "2026-03-14",
];
/// A synthetic night whose backup failed.
const FAILED_DAY: &str = "2026-06-05";
const FAILED_ERROR: &str = "pg_dump exited with status 1: connection to server failed";
/// The real night whose pg_dump fails.
const REAL_FAILED_DAY: &str = "2026-11-22";
/// The general archive ten times the usual size.
const BIG_DAY: &str = "2026-08-15";
/// The general archive whose verification failed.
const BAD_VERIFY_DAY: &str = "2026-04-02";
/// The synthetic drill over the RTO target (10 s).
const SLOW_DRILL_DAY: &str = "2026-07-01";
const NOW: &str = "2026-11-24T06:00:00Z";

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn day_at(day: &str, hhmm: &str) -> Timestamp {
    ts(&format!("{day}T{hhmm}:00Z"))
}

fn at(v: &TestVault, now: &str, args: &[&str]) -> assert_cmd::Command {
    let mut c = v.bare_cmd();
    c.arg("--config")
        .arg(v.config())
        .args(args)
        .env("COFFER_NOW", now)
        .env_remove("COFFER_FAULT");
    c
}

fn ok_at(v: &TestVault, now: &str, args: &[&str]) -> String {
    let out = at(v, now, args).output().unwrap();
    assert!(
        out.status.success(),
        "coffer {args:?} at {now} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_at(v: &TestVault, now: &str, args: &[&str]) -> Value {
    let out = ok_at(v, now, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

fn append(v: &TestVault, text: &str) {
    let mut t = std::fs::read_to_string(v.config()).unwrap();
    t.push_str(text);
    std::fs::write(v.config(), t).unwrap();
}

fn school() -> TestDb {
    let db = fresh_db("report_school");
    db.psql_file(common::crate_dir().join("src/demo/school.sql"));
    db
}

/// A tool the test needs, or a panic naming its Debian package.
fn need(tool: &str, package: &str) {
    let found = Process::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .unwrap()
        .status
        .success();
    assert!(
        found,
        "{tool} is missing: install the Debian package {package} (scripts/setup does)"
    );
}

/// What the simulation made, to check the report against.
struct Made {
    /// Synthetic archives by (class, day).
    general: Vec<(String, Timestamp)>,
    ferpa: Vec<(String, Timestamp)>,
    big: String,
    bad_verify: String,
    slow_drill_ms: u64,
    drills_in_period: usize,
    real: Vec<String>,
    real_ferpa: Vec<String>,
    restored: String,
    drill_archive: String,
    drill_restore_ms: u64,
    held: String,
    ferpa_fingerprint: String,
    general_fingerprint: String,
}

fn days(first: &str, last: &str) -> Vec<String> {
    let mut d: jiff::civil::Date = first.parse().unwrap();
    let last: jiff::civil::Date = last.parse().unwrap();
    let mut out = Vec::new();
    while d <= last {
        out.push(d.to_string());
        d = d.checked_add(1.day()).unwrap();
    }
    out
}

fn synthetic(
    class: &str,
    store: &str,
    created: Timestamp,
    size: u64,
    real: &ArchiveRecord,
) -> ArchiveRecord {
    let id = coffer::format::names::new_archive_id(created);
    ArchiveRecord {
        id: id.clone(),
        class: class.into(),
        created,
        store: store.into(),
        key: format!("{class}/{id}.tar.zst.age"),
        size,
        sha256: "00".repeat(32),
        encryption: real.encryption.clone(),
        recipients: real.recipients.clone(),
        payload_kind: real.payload_kind.clone(),
        seal: "{}".into(),
        // The real archive's manifest facts: the same tables and counts.
        facts: json!({
            "database": real.facts["database"],
            "row_counts": real.facts["row_counts"],
            "class_tables": real.facts.get("class_tables").cloned().unwrap_or(Value::Null),
        }),
        run_id: None,
        set_id: None,
        status: ArchiveStatus::Good,
    }
}

/// The thirteen months before the real nights, in the vault's catalog and stores.
fn synthesize(v: &TestVault, real_general: &ArchiveRecord, real_ferpa: &ArchiveRecord) -> Made {
    let mut cat = Catalog::open(v.dir().join("catalog.db")).unwrap();
    let mut made_general = Vec::new();
    let mut made_ferpa = Vec::new();
    let mut records = Vec::new();
    let (mut big, mut bad_verify) = (String::new(), String::new());
    for (i, day) in days(FIRST_DAY, LAST_SYNTHETIC_DAY).iter().enumerate() {
        if GAP.contains(&day.as_str()) {
            continue;
        }
        let start = day_at(day, "02:00");
        cat.set_clock(move || start);
        let run = cat.start_run(RunKind::Backup, None, json!({})).unwrap();
        let end = start + SignedDuration::from_secs(40);
        cat.set_clock(move || end);
        if day == FAILED_DAY {
            cat.finish_run(run, Outcome::Failed, Some(FAILED_ERROR), Value::Null)
                .unwrap();
            continue;
        }
        cat.finish_run(run, Outcome::Ok, None, Value::Null).unwrap();
        let jitter = (i as u64 % 5) * 7;
        let size = if day == BIG_DAY {
            real_general.size * 10
        } else {
            real_general.size + jitter
        };
        let g = synthetic("general", "local", start, size, real_general);
        let f = synthetic(
            "ferpa",
            "ferpa-local",
            start + SignedDuration::from_secs(20),
            real_ferpa.size + jitter,
            real_ferpa,
        );
        if day == BIG_DAY {
            big = g.id.clone();
        }
        if day == BAD_VERIFY_DAY {
            bad_verify = g.id.clone();
        }
        made_general.push((g.id.clone(), g.created));
        made_ferpa.push((f.id.clone(), f.created));
        records.push(g);
        records.push(f);
    }
    cat.insert_archives(&records).unwrap();
    let ferpa_dir = v.dir().join("ferpa-archives");
    let general_dir = v.store_dir().to_path_buf();
    let mut slow_drill_ms = 0;
    let mut drills = 0;
    for r in &records {
        let root = if r.class == "ferpa" {
            &ferpa_dir
        } else {
            &general_dir
        };
        let path = root.join(&r.key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"synthetic archive").unwrap();
        let failed = r.id == bad_verify;
        cat.record_verification(VerificationRecord {
            archive_id: r.id.clone(),
            at: r.created + SignedDuration::from_mins(30),
            deep: r.created.strftime("%d").to_string() == "01",
            store: r.store.clone(),
            ok: !failed,
            error: failed.then(|| "ciphertext SHA-256 mismatch".to_owned()),
            duration_ms: 120,
        })
        .unwrap();
        // A drill of the general archive on the first of each month.
        let day = r.created.strftime("%Y-%m-%d").to_string();
        if r.class == "general" && day.ends_with("-01") {
            let slow = day == SLOW_DRILL_DAY;
            let restore_ms = if slow {
                12_000
            } else {
                1_000 + 50 * u64::from(r.created.strftime("%m").to_string().parse::<u8>().unwrap())
            };
            if slow {
                slow_drill_ms = restore_ms;
            }
            let at = r.created + SignedDuration::from_hours(2);
            if at >= ts("2025-11-24T00:00:00Z") {
                drills += 1;
            }
            cat.record_drill(DrillRecord {
                archive_id: r.id.clone(),
                at,
                ok: true,
                scratch_db: "coffer_drill_synthetic".into(),
                restore_ms,
                check_ms: 200,
                total_ms: restore_ms + 300,
                tables_checked: 12,
                mismatches: json!([]),
                error: None,
            })
            .unwrap();
        }
    }
    Made {
        general: made_general,
        ferpa: made_ferpa,
        big,
        bad_verify,
        slow_drill_ms,
        drills_in_period: drills,
        real: Vec::new(),
        real_ferpa: Vec::new(),
        restored: String::new(),
        drill_archive: String::new(),
        drill_restore_ms: 0,
        held: String::new(),
        ferpa_fingerprint: String::new(),
        general_fingerprint: String::new(),
    }
}

fn fingerprint(recipient: &str) -> String {
    coffer::crypto::age_fingerprint(&coffer::crypto::parse_age_recipient(recipient).unwrap())
}

/// The whole simulation; returns the vault, the database and what was made.
fn simulate() -> (TestVault, TestDb, Made, PathBuf) {
    let db = school();
    let v = TestVault::new(&db.url());
    append(&v, USER_RULE);
    let ferpa_identity = v.dir().join("keys/ferpa.txt");
    let (secret, ferpa_recipient) = coffer::crypto::generate_age_identity();
    std::fs::write(
        &ferpa_identity,
        age::secrecy::ExposeSecret::expose_secret(&secret),
    )
    .unwrap();
    append(
        &v,
        &format!(
            "\n[classes.ferpa]\ntables = ['\"Student Records\".*']\nrecipients = [{ferpa_recipient:?}]\nstore = \"ferpa-local\"\n\n\
             [stores.ferpa-local]\ntype = \"local\"\npath = \"ferpa-archives\"\n\n\
             [policy]\nowner = \"Platform team\"\nrto_target = \"10s\"\nrpo_target = \"26h\"\n"
        ),
    );
    let ids = |out: &Value| -> (String, String) {
        assert_eq!(out["ok"], true, "{out}");
        assert_eq!(out["members"][0]["class"], "ferpa", "{out}");
        (
            out["archive_id"].as_str().unwrap().to_owned(),
            out["members"][0]["archive_id"]
                .as_str()
                .unwrap_or_else(|| out["members"][0]["id"].as_str().unwrap())
                .to_owned(),
        )
    };
    // The real nights.
    let first = ids(&json_at(&v, "2026-11-21T02:00:00Z", &["backup", "--json"]));
    let fake = FakePgBin::new("echo 'pg_dump: error: connection to server lost' >&2\nexit 1");
    let out = at(&v, &format!("{REAL_FAILED_DAY}T02:00:00Z"), &["backup"])
        .env("COFFER_PG_BIN", fake.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fake pg_dump fails the backup");
    let second = ids(&json_at(&v, "2026-11-23T02:00:00Z", &["backup", "--json"]));
    // The application erases user 42, then the request is recorded.
    for sql in [
        r#"DELETE FROM "Student Records".grades WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = 42)"#,
        "DELETE FROM learning.submissions WHERE enrollment_id IN (SELECT id FROM learning.enrollments WHERE student_id = 42)",
        "DELETE FROM learning.enrollments WHERE student_id = 42",
        r#"DELETE FROM "Student Records".transcripts WHERE student_id = 42"#,
        "DELETE FROM public.guardians WHERE student_id = 42 OR parent_id = 42",
        "DELETE FROM public.login_events WHERE user_id = 42",
        "DELETE FROM public.users WHERE id = 42",
    ] {
        db.psql(sql);
    }
    ok_at(
        &v,
        "2026-11-23T12:00:00Z",
        &[
            "erasure",
            "request",
            "user",
            "42",
            "--reference",
            REFERENCE,
            "--requested-at",
            "2026-11-20",
        ],
    );
    let third = ids(&json_at(&v, "2026-11-24T02:00:00Z", &["backup", "--json"]));
    for id in [&first.0, &first.1, &second.0, &second.1, &third.0, &third.1] {
        ok_at(&v, "2026-11-24T02:30:00Z", &["verify", id]);
    }
    let cat = Catalog::open(v.dir().join("catalog.db")).unwrap();
    let real_general = cat.archive(&third.0).unwrap().unwrap();
    let real_ferpa = cat.archive(&third.1).unwrap().unwrap();
    drop(cat);

    let mut made = synthesize(&v, &real_general, &real_ferpa);
    made.general_fingerprint = real_general.recipients[0].clone();
    made.ferpa_fingerprint = fingerprint(&ferpa_recipient);
    made.real = vec![first.0.clone(), second.0.clone(), third.0.clone()];
    made.real_ferpa = vec![first.1.clone(), second.1.clone(), third.1.clone()];

    // A real restore of the archive taken before the erasure: the replay.
    let target = fresh_db("report_restored");
    let r = json_at(
        &v,
        "2026-11-24T03:00:00Z",
        &[
            "restore",
            &second.0,
            "--to",
            &target.url(),
            "-i",
            v.identity_str(),
            "-i",
            ferpa_identity.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(r["report"]["erasure"]["requests_applied"], 1, "{r}");
    made.restored = second.0.clone();
    // A real drill of the newest archive.
    let d = json_at(
        &v,
        "2026-11-24T03:30:00Z",
        &[
            "drill",
            "-i",
            v.identity_str(),
            "-i",
            ferpa_identity.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(d["report"]["ok"], true, "{d}");
    made.drill_archive = d["report"]["archive_id"].as_str().unwrap().to_owned();
    made.drill_restore_ms = d["report"]["restore_ms"].as_u64().unwrap();
    made.drills_in_period += 1;
    ok_at(
        &v,
        "2026-11-24T04:00:00Z",
        &["hold", "add", &third.0, "--reason", HOLD_REASON],
    );
    made.held = third.0.clone();
    ok_at(&v, "2026-11-24T05:00:00Z", &["prune"]);
    (v, db, made, ferpa_identity)
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    coffer::digest::Digest::of(bytes).to_hex()
}

/// The JSON, fact by fact.
fn check_json(v: &TestVault, made: &Made, r: &Value) {
    assert_eq!(r["schema"], "coffer-report/1");
    assert_eq!(r["generated_at"], NOW);
    assert_eq!(r["period"]["since"], "2025-11-24T00:00:00Z");
    assert_eq!(r["period"]["until"], "2026-11-25T00:00:00Z");
    assert_eq!(r["period"]["days"], 366);
    assert_eq!(r["coffer_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        r["config"]["sha256"],
        sha256_hex(&std::fs::read(v.config()).unwrap())
    );
    assert_eq!(r["config"]["rto_target"], "10s");
    // The audit chain, as `coffer audit verify` sees it.
    let audit = json_at(v, NOW, &["audit", "verify", "--json"]);
    assert_eq!(audit["ok"], true, "{audit}");
    assert_eq!(r["audit"]["available"], true);
    assert_eq!(r["audit"]["verified"], true, "{}", r["audit"]);
    assert_eq!(r["audit"]["head_hash"], audit["status"]["head_hash"]);
    assert_eq!(r["audit"]["entries"], audit["status"]["entries"]);
    assert!(r["audit"]["head_hash"].is_string());

    // Inventory: every archive of the period, with the status prune left.
    let since = ts("2025-11-24T00:00:00Z");
    let list: Vec<Value> = match json_at(v, NOW, &["list", "--json"]) {
        Value::Array(a) => a,
        other => panic!("{other}"),
    };
    let good: BTreeSet<String> = list
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let in_period = |xs: &[(String, Timestamp)]| -> Vec<String> {
        xs.iter()
            .filter(|(_, t)| *t >= since)
            .map(|(id, _)| id.clone())
            .collect()
    };
    let mut general_ids = in_period(&made.general);
    general_ids.extend(made.real.iter().cloned());
    let mut ferpa_ids = in_period(&made.ferpa);
    ferpa_ids.extend(made.real_ferpa.iter().cloned());
    let classes = r["inventory"]["classes"].as_array().unwrap();
    let class = |name: &str| {
        classes
            .iter()
            .find(|c| c["class"] == name)
            .unwrap_or_else(|| panic!("class {name} in {classes:?}"))
    };
    for (name, ids, fp, store) in [
        ("general", &general_ids, &made.general_fingerprint, "local"),
        ("ferpa", &ferpa_ids, &made.ferpa_fingerprint, "ferpa-local"),
    ] {
        let c = class(name);
        assert_eq!(c["archives"], ids.len(), "{name}: {c}");
        let retained = ids.iter().filter(|id| good.contains(*id)).count();
        assert!(retained < ids.len(), "prune deleted some {name} archives");
        assert_eq!(c["retained"], retained, "{name}: {c}");
        assert_eq!(strs(&c["recipients"]), vec![fp.clone()], "{name}");
        assert_eq!(
            strs(&c["configured_recipients"]),
            vec![fp.clone()],
            "{name}"
        );
        assert_eq!(c["primary_store"], store);
        assert_eq!(strs(&c["encryption"]), vec!["age".to_owned()]);
    }
    let rows = r["inventory"]["archives"].as_array().unwrap();
    assert_eq!(rows.len(), general_ids.len() + ferpa_ids.len());
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let status = if good.contains(id) { "good" } else { "deleted" };
        assert_eq!(row["status"], status, "{row}");
        if status == "good" {
            let store = if row["class"] == "ferpa" {
                "ferpa-local"
            } else {
                "local"
            };
            assert_eq!(strs(&row["stores"]), vec![store.to_owned()], "{row}");
        }
    }
    // Storage use: the present copies of the good archives, per store.
    let stores = r["inventory"]["stores"].as_array().unwrap();
    for (store, class) in [("local", "general"), ("ferpa-local", "ferpa")] {
        let s = stores.iter().find(|s| s["store"] == store).unwrap();
        let mine: Vec<&Value> = list.iter().filter(|a| a["class"] == class).collect();
        assert_eq!(s["copies"], mine.len(), "{s}");
        let bytes: u64 = mine.iter().map(|a| a["size"].as_u64().unwrap()).sum();
        assert_eq!(s["bytes"], bytes, "{s}");
    }

    // Coverage: the gap, the synthetic failure, the real failure.
    for cov in r["coverage"].as_array().unwrap() {
        let days = cov["days"].as_array().unwrap();
        assert_eq!(days.len(), 366);
        let state = |d: &str| {
            days.iter()
                .find(|x| x["date"] == d)
                .unwrap_or_else(|| panic!("{d}"))["state"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        for d in GAP {
            assert_eq!(state(d), "missing", "{d}");
        }
        assert_eq!(state(FAILED_DAY), "failed");
        assert_eq!(state(REAL_FAILED_DAY), "failed");
        assert_eq!(state("2026-11-21"), "backed_up");
        assert_eq!(state("2025-11-24"), "backed_up");
        assert_eq!(cov["backed_up"], 366 - 7, "{}", cov["class"]);
        assert_eq!(cov["failed"], 2);
        assert_eq!(cov["missing"], 5);
        let gaps = cov["gaps"].as_array().unwrap();
        assert_eq!(gaps.len(), 3, "{gaps:?}");
        assert_eq!(gaps[0]["from"], GAP[0]);
        assert_eq!(gaps[0]["to"], GAP[4]);
        assert_eq!(gaps[0]["days"], 5);
        assert_eq!(gaps[0]["errors"], json!([]));
        assert_eq!(gaps[1]["from"], FAILED_DAY);
        assert_eq!(gaps[1]["errors"], json!([FAILED_ERROR]));
        assert_eq!(gaps[2]["from"], REAL_FAILED_DAY);
        let e = gaps[2]["errors"][0].as_str().unwrap();
        assert!(e.contains("connection to server lost"), "{e}");
    }

    // Retention: every daily slot is a retained archive; the failed night
    // and the years before the vault are named as empty, with why.
    let ret = r["retention"].as_array().unwrap();
    let general_ret = ret.iter().find(|c| c["class"] == "general").unwrap();
    assert_eq!(general_ret["blocked"], Value::Null);
    let rule = |name: &str| {
        general_ret["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == name)
            .unwrap()
            .clone()
    };
    let daily = rule("daily");
    assert_eq!(daily["keep"], 30);
    assert_eq!(daily["filled"].as_array().unwrap().len(), 30);
    for s in daily["filled"].as_array().unwrap() {
        assert!(good.contains(s["archive_id"].as_str().unwrap()), "{s}");
    }
    let empty = daily["empty"].as_array().unwrap();
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert_eq!(empty[0]["period"], REAL_FAILED_DAY);
    assert!(
        empty[0]["reason"]
            .as_str()
            .unwrap()
            .contains("the backup failed"),
        "{empty:?}"
    );
    let yearly = rule("yearly");
    assert_eq!(yearly["filled"].as_array().unwrap().len(), 2, "2025, 2026");
    let empty_years = yearly["empty"].as_array().unwrap();
    assert_eq!(empty_years.len(), 5, "{empty_years:?}");
    assert!(
        empty_years[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("before the class's first backup"),
        "{empty_years:?}"
    );
    let monthly = rule("monthly");
    assert_eq!(monthly["filled"].as_array().unwrap().len(), 12);

    // Holds.
    let holds = r["holds"].as_array().unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0]["archive_id"], made.held);
    assert_eq!(holds[0]["active"], true);
    assert_eq!(holds[0]["reason"], HOLD_REASON);
    assert!(!holds[0]["by"].as_str().unwrap().is_empty());

    // Verification history: every synthetic archive of the period once, the
    // six real archives once each; one failure.
    let ver = &r["verification"];
    // (Restores and drills may verify too: at least these.)
    let verified: BTreeSet<&str> = ver["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["archive_id"].as_str().unwrap())
        .collect();
    for id in general_ids.iter().chain(&ferpa_ids) {
        assert!(
            verified.contains(id.as_str()),
            "{id} verified in the period"
        );
    }
    assert!(ver["total"].as_u64().unwrap() >= (general_ids.len() + ferpa_ids.len()) as u64);
    assert_eq!(ver["failed"], 1);
    let failed: Vec<&Value> = ver["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["ok"] == false)
        .collect();
    assert_eq!(failed[0]["archive_id"], made.bad_verify);
    assert_eq!(failed[0]["error"], "ciphertext SHA-256 mismatch");

    // Drills and RTO.
    let dr = &r["drills"];
    assert_eq!(dr["rto_target_ms"], 10_000);
    assert_eq!(dr["total"], made.drills_in_period);
    assert_eq!(dr["failed"], 0);
    assert_eq!(dr["over_target"], 1);
    let runs = dr["runs"].as_array().unwrap();
    let last = runs.last().unwrap();
    assert_eq!(last["archive_id"], made.drill_archive);
    assert_eq!(last["restore_ms"], made.drill_restore_ms);
    assert!(runs.iter().any(|x| x["restore_ms"] == made.slow_drill_ms));

    // RPO: the gap's nights, 2026-03-09 02:00 to 2026-03-15 02:00.
    let rpo = r["rpo"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["class"] == "general")
        .unwrap();
    assert_eq!(rpo["largest_gap_hours"], 144.0, "{rpo}");
    let by_day = |day: &str| {
        made.general
            .iter()
            .find(|(_, t)| t.strftime("%Y-%m-%d").to_string() == day)
            .unwrap()
            .0
            .clone()
    };
    assert_eq!(rpo["after"], by_day("2026-03-09"));
    assert_eq!(rpo["before"], by_day("2026-03-15"));
    assert_eq!(rpo["target_hours"], 26.0);
    assert_eq!(rpo["within_target"], false);

    // Anomalies.
    let an = &r["anomalies"];
    let failed_runs = an["failed_runs"].as_array().unwrap();
    assert_eq!(failed_runs.len(), 2, "{failed_runs:?}");
    assert_eq!(failed_runs[0]["error"], FAILED_ERROR);
    assert_eq!(failed_runs[0]["started"], format!("{FAILED_DAY}T02:00:00Z"));
    assert_eq!(an["size_window"], 14);
    assert_eq!(an["size_band"], json!([0.5, 2.0]));
    let sizes = an["sizes"].as_array().unwrap();
    let general_sizes = sizes.iter().find(|s| s["class"] == "general").unwrap();
    assert_eq!(strs(&general_sizes["outliers"]), vec![made.big.clone()]);
    let ferpa_sizes = sizes.iter().find(|s| s["class"] == "ferpa").unwrap();
    assert_eq!(ferpa_sizes["outliers"], json!([]));

    // GDPR: the request (reference, dates, never the subject), its
    // replays, and the gone-by date `coffer erasure status` gives.
    let g = &r["gdpr"];
    assert_eq!(g["ledger_verified"], true);
    let reqs = g["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0]["reference"], REFERENCE);
    assert_eq!(reqs[0]["kind"], "user");
    assert_eq!(reqs[0]["requested_at"], "2026-11-20T00:00:00Z");
    assert_eq!(reqs[0]["recorded_at"], "2026-11-23T12:00:00Z");
    let status = json_at(v, NOW, &["erasure", "status", "user", "42", "--json"])["status"].clone();
    let want = status["gone_by"]["at"]
        .as_str()
        .unwrap_or_else(|| panic!("a date: {status}"));
    assert_eq!(reqs[0]["gone_by_date"], want[..10], "{status}");
    assert_eq!(
        reqs[0]["archives_holding"],
        status["archives"].as_array().unwrap().len()
    );
    assert!(reqs[0]["replays_ok"].as_u64().unwrap() >= 1);
    assert_eq!(reqs[0]["replays_failed"], 0);
    let replays = g["replays"].as_array().unwrap();
    assert!(
        replays.iter().any(|p| p["archive_id"] == made.restored
            && p["ok"] == true
            && p["requests_applied"] == 1),
        "{replays:?}"
    );
    let text = r.to_string();
    let cat = Catalog::open(v.dir().join("catalog.db")).unwrap();
    for row in cat.ledger().unwrap() {
        assert!(
            !text.contains(&row.subject_hmac),
            "the report holds the subject's keyed hash"
        );
        let entry: Value = serde_json::from_str(&row.entry).unwrap();
        assert!(!text.contains(entry["subject_age"].as_str().unwrap()));
    }

    // FERPA: the class, its tables, recipients, store, retention, and the
    // separation check over every general archive of the period.
    let f = &r["ferpa"].as_array().unwrap()[0];
    assert_eq!(f["class"], "ferpa");
    let tables = strs(&f["tables"]);
    assert!(
        tables.iter().any(|t| t.contains("grades"))
            && tables.iter().all(|t| t.contains("Student Records")),
        "{tables:?}"
    );
    assert_eq!(strs(&f["recipients"]), vec![made.ferpa_fingerprint.clone()]);
    assert_eq!(f["store"], "ferpa-local");
    assert_eq!(f["retention"]["keep_daily"], 30);
    assert_eq!(f["general_archives_checked"], general_ids.len());
    assert_eq!(f["violations"], json!([]));
    assert_eq!(f["recipients_separate"], true);
    assert_eq!(f["separated"], true);
}

/// Headless Chromium with its network blocked: every host resolves to
/// nothing and every request would go through a proxy that is a listener
/// of this test. Returns (screenshot, pdf) and asserts no connection came.
fn chromium(html: &Path, out: &Path) -> (PathBuf, PathBuf) {
    need("chromium", "chromium");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let png = out.join("report.png");
    let pdf = out.join("report.pdf");
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.display());
    for extra in [
        format!("--screenshot={}", png.display()),
        format!("--print-to-pdf={}", pdf.display()),
    ] {
        let mut c = assert_cmd::Command::new("chromium");
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--window-size=1280,2000",
            "--no-pdf-header-footer",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--proxy-server=127.0.0.1:{port}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(&extra)
        .arg(&url)
        .timeout(std::time::Duration::from_secs(120));
        let o = c.output().unwrap();
        assert!(
            o.status.success(),
            "chromium {extra}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("the page made a network request (through the proxy, from {peer})"),
        Err(e) => panic!("accept: {e}"),
    }
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "a screenshot"
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000, "a PDF");
    (png, pdf)
}

fn pdftotext(pdf: &Path) -> String {
    need("pdftotext", "poppler-utils");
    let o = Process::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The fixed page makes no request and hides no link, script or font.
fn assert_self_contained(html: &str) {
    for needle in [
        "http://",
        "https://",
        "url(",
        "<script",
        "@import",
        "<link",
        "<iframe",
        "<img",
        "@font-face",
    ] {
        assert!(
            !html.to_lowercase().contains(needle),
            "the HTML has {needle:?}"
        );
    }
}

#[test]
fn a_report_of_thirteen_simulated_months_carries_every_fact_in_json_markdown_html_and_pdf() {
    let (v, _db, made, _ferpa) = simulate();
    let out = v.dir().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let period = ["--since", "2025-11-24", "--until", "2026-11-24"];
    let path = |f: &str| out.join(f).to_str().unwrap().to_owned();
    for (format, file) in [("json", "r.json"), ("md", "r.md"), ("html", "r.html")] {
        let mut args = vec!["report"];
        args.extend(period);
        let p = path(file);
        args.extend(["--format", format, "-o", &p]);
        ok_at(&v, NOW, &args);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("r.json")).unwrap()).unwrap();
    check_json(&v, &made, &r);

    let rto = r["drills"]["runs"].as_array().unwrap().last().unwrap()["restore_ms"]
        .as_u64()
        .unwrap();
    let rto_text = coffer::report::fmt_ms(rto);
    // The same facts in Markdown.
    let md = std::fs::read_to_string(out.join("r.md")).unwrap();
    for fact in [
        GAP[0],
        GAP[4],
        REFERENCE,
        &made.drill_archive,
        &rto_text,
        &made.big,
        HOLD_REASON,
        FAILED_ERROR,
        r["audit"]["head_hash"].as_str().unwrap(),
        r["config"]["sha256"].as_str().unwrap(),
    ] {
        assert!(md.contains(fact), "the Markdown has {fact:?}");
    }

    // The HTML: self-contained, three inline SVG charts at least, and what
    // a person sees in print.
    let html = std::fs::read_to_string(out.join("r.html")).unwrap();
    assert_self_contained(&html);
    assert!(html.matches("<svg").count() >= 3, "inline SVG charts");
    assert!(html.contains("@media print") && html.contains("break-before: page"));
    let (_png, pdf) = chromium(&out.join("r.html"), &out);
    // COFFER_TEST_KEEP_REPORT=DIR keeps what a person would look at.
    if let Ok(keep) = std::env::var("COFFER_TEST_KEEP_REPORT") {
        std::fs::copy(out.join("report.png"), Path::new(&keep).join("report.png")).unwrap();
        std::fs::copy(&pdf, Path::new(&keep).join("report.pdf")).unwrap();
        std::fs::copy(out.join("r.html"), Path::new(&keep).join("report.html")).unwrap();
    }
    let text = pdftotext(&pdf);
    for fact in [
        GAP[0],
        REFERENCE,
        &made.drill_archive,
        &rto_text,
        "Audit chain",
        "FERPA separation",
    ] {
        assert!(text.contains(fact), "the PDF's text has {fact:?}");
    }

    // A general archive that carries a row count of a FERPA table breaks
    // the separation, and the report names it.
    let cat = Catalog::open(v.dir().join("catalog.db")).unwrap();
    let real = cat.archive(&made.real[2]).unwrap().unwrap();
    let mut bad = synthetic(
        "general",
        "local",
        ts("2026-11-24T01:00:00Z"),
        real.size,
        &real,
    );
    bad.facts["row_counts"]["\"Student Records\".grades"] = json!(12);
    cat.insert_archive(&bad).unwrap();
    let r2 = json_at(
        &v,
        NOW,
        &[
            "report",
            "--since",
            "2025-11-24",
            "--format",
            "json",
            "-o",
            "-",
        ],
    );
    let f = &r2["ferpa"][0];
    assert_eq!(f["violations"], json!([bad.id]), "{f}");
    assert_eq!(f["separated"], false);
}

#[test]
fn bad_periods_are_refused_with_one_line_and_exit_3() {
    let v = TestVault::new("postgresql://nobody@127.0.0.1:1/none");
    let o = v.dir().join("r.json");
    for (args, needle) in [
        (vec!["--since", "2026-13-01"], "is not a date"),
        (
            vec!["--since", "2026-05-01", "--until", "2026-04-01"],
            "must be before",
        ),
    ] {
        let mut c = at(&v, NOW, &["report"]);
        c.args(&args).args(["--format", "json", "-o"]).arg(&o);
        let line = v.fails_with(&mut c, EXIT_BAD_INPUT);
        assert!(line.contains(needle), "{line}");
        assert!(!o.exists(), "no file is left behind");
    }
}

#[test]
fn the_procedures_document_follows_the_config() {
    let v = TestVault::new("postgresql://backup@db.example/school");
    let timer = common::crate_dir().join("deploy/systemd/coffer-backup.timer");
    append(
        &v,
        &format!(
            "\n[policy]\nowner = \"Platform team\"\norganization = \"Example School\"\nrto_target = \"4h\"\nrpo_target = \"26h\"\n\
             schedule = \"Nightly at 02:00 UTC\"\ntimer = {:?}\n\n\
             [[policy.contacts]]\nname = \"Ada Lovelace\"\nrole = \"Database Administrator\"\nemail = \"dba@example.org\"\nphone = \"+1 555 0100\"\n",
            timer.to_str().unwrap()
        ),
    );
    let render = |format: &str| -> String {
        ok_at(
            &v,
            NOW,
            &["policy", "render", "--format", format, "-o", "-"],
        )
    };
    let before = render("md");
    for fact in [
        "Example School",
        "Platform team",
        "RTO 4h, RPO 26h",
        "OnCalendar=*-*-* 02:00:00",
        "Ada Lovelace, Database Administrator, +1 555 0100, dba@example.org",
        "30 days, 12 ISO weeks, 12 months and 7 years",
        "pg_restore --single-transaction",
        "No drill has run yet",
    ] {
        assert!(before.contains(fact), "{fact:?} in:\n{before}");
    }

    // A new recipient with its custodian, and a new retention rule.
    let (_, recipient) = coffer::crypto::generate_age_identity();
    let text = std::fs::read_to_string(v.config()).unwrap();
    let text = text
        .replacen(
            "recipients = [",
            &format!("recipients = [{recipient:?}, "),
            1,
        )
        .replacen("keep_monthly = 12", "keep_monthly = 24", 1)
        .replacen("# keep_within = \"7d\"", "keep_within = \"7d\"", 1);
    std::fs::write(
        v.config(),
        format!(
            "{text}\n[policy.custodians]\n{recipient:?} = \"CFO, sealed envelope in safe 2\"\n"
        ),
    )
    .unwrap();
    let after = render("md");
    assert_ne!(before, after);
    let fp = fingerprint(&recipient);
    assert!(!before.contains(&fp));
    assert!(
        after.contains(&format!(
            "| general | `{recipient}` | `{fp}` | CFO, sealed envelope in safe 2 |"
        )),
        "{after}"
    );
    assert!(
        after.contains("24 months") && !after.contains("12 months"),
        "{after}"
    );
    assert!(after.contains("everything younger than 7d"), "{after}");
    let sha = sha256_hex(&std::fs::read(v.config()).unwrap());
    assert!(
        after.contains(&sha),
        "the document names the config it came from"
    );

    let html = render("html");
    assert_self_contained(&html);
    assert!(html.contains(&fp) && html.contains("CFO, sealed envelope in safe 2"));
    // Written to a file: whole, mode 0600.
    let file = v.dir().join("policy.html");
    ok_at(
        &v,
        NOW,
        &[
            "policy",
            "render",
            "--format",
            "html",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), html);
}
