//! Retention, legal holds, the rebuildable catalog and the writer lock
//! (issue 4), end to end.
//!
//! - The pure planner (`coffer::retention::apply`) over random histories:
//!   the safety rules and keep-slot rules hold, the plan is deterministic
//!   and applying it is idempotent.
//! - Seven years of nightly archives in a real catalog file, pruned through
//!   the binary: exactly the seed policy's 52 survivors.
//! - Against a real PostgreSQL: holds, `catalog rebuild` giving the same
//!   answers, the safety rules, crashes (prune between store delete and
//!   catalog update, backup killed mid-stream), two writers at once, a stale
//!   lock, and catalog migrations.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod retention_support;
mod vault_support;

use std::collections::{BTreeMap, BTreeSet};

use coffer::retention::{self, BackupHealth, Candidate, Decision, Plan, Policy, Verified};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use retention_support::*;

// --- the planner over random histories -----------------------------------------------

/// Reasons that fill a keep slot: only verified archives may carry them.
const SLOT_PREFIXES: &[&str] = &[
    "daily ",
    "weekly ",
    "monthly ",
    "yearly ",
    "last ",
    "within ",
    "newest verified",
];

fn is_slot_reason(r: &str) -> bool {
    SLOT_PREFIXES.iter().any(|p| r.starts_with(p))
}

const EIGHT_YEARS: i64 = 8 * 366 * 86_400;

fn verified_strategy() -> impl Strategy<Value = Verified> {
    prop_oneof![
        6 => Just(Verified::Ok),
        2 => Just(Verified::Failed),
        2 => Just(Verified::Unverified),
    ]
}

/// A random history: up to 80 archives spread over 8 years, a few months
/// or a couple of days (so buckets collide), some at the very same second.
fn history_strategy() -> impl Strategy<Value = Vec<Candidate>> {
    let start = Timestamp::from_second(1_546_300_800).unwrap(); // 2019-01-01
    (
        prop_oneof![Just(2 * 86_400i64), Just(120 * 86_400), Just(EIGHT_YEARS)],
        0usize..80,
    )
        .prop_flat_map(move |(span, n)| {
            prop::collection::vec(
                (
                    0..span,
                    verified_strategy(),
                    prop::option::weighted(0.1, 0u8..5),
                    prop::bool::weighted(0.05),
                    prop::bool::weighted(0.1),
                ),
                n,
            )
            .prop_map(move |raw| {
                let mut prev = start;
                raw.into_iter()
                    .enumerate()
                    .map(|(i, (offset, verified, hold, offsite, same_second))| {
                        // Some archives share the previous one's second: ties
                        // are broken by id.
                        let created = if same_second && i > 0 {
                            prev
                        } else {
                            start + SignedDuration::from_secs(offset)
                        };
                        prev = created;
                        Candidate {
                            id: format!("{}-{:08x}", created.strftime("%Y%m%dT%H%M%SZ"), i),
                            created,
                            verified,
                            hold: hold.map(|h| format!("case {h}")),
                            offsite_pending: offsite,
                        }
                    })
                    .collect()
            })
        })
}

fn policy_strategy() -> impl Strategy<Value = Policy> {
    (
        0u32..5,
        0u32..40,
        0u32..15,
        0u32..15,
        0u32..9,
        prop::option::of(1i64..(40 * 24)),
        1i64..(60 * 24),
    )
        .prop_map(
            |(last, daily, weekly, monthly, yearly, within_h, max_age_h)| Policy {
                keep_last: last,
                keep_daily: daily,
                keep_weekly: weekly,
                keep_monthly: monthly,
                keep_yearly: yearly,
                keep_within: within_h.map(SignedDuration::from_hours),
                max_backup_age: SignedDuration::from_hours(max_age_h),
            },
        )
}

/// A history, a shuffled copy of it, and when to plan (from before the first
/// archive to two months after the 8 years).
fn scenario_strategy() -> impl Strategy<Value = (Vec<Candidate>, Vec<Candidate>, Timestamp)> {
    history_strategy().prop_flat_map(|h| {
        let shuffled = Just(h.clone()).prop_shuffle();
        let now = (-86_400i64..EIGHT_YEARS + 60 * 86_400).prop_map(|s| {
            Timestamp::from_second(1_546_300_800).unwrap() + SignedDuration::from_secs(s)
        });
        (Just(h), shuffled, now)
    })
}

fn bucket_count(archives: &[&Candidate], fmt: &str) -> usize {
    archives
        .iter()
        .map(|c| {
            c.created
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .strftime(fmt)
                .to_string()
        })
        .collect::<BTreeSet<_>>()
        .len()
}

fn check_plan(
    policy: &Policy,
    history: &[Candidate],
    shuffled: &[Candidate],
    health: &BackupHealth,
    now: Timestamp,
    force: bool,
) -> Result<(), TestCaseError> {
    let plan = retention::apply(policy, history, health, now, force);
    let by_id: BTreeMap<&str, &Candidate> = history.iter().map(|c| (c.id.as_str(), c)).collect();

    // Every archive once, each decision with a reason, newest first.
    prop_assert_eq!(plan.items.len(), history.len());
    let ids: BTreeSet<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
    prop_assert_eq!(ids.len(), history.len());
    for w in plan.items.windows(2) {
        prop_assert!(w[0].created >= w[1].created, "newest first");
    }
    for item in &plan.items {
        prop_assert!(!item.reasons.is_empty(), "{} has no reason", item.id);
        let kept_by_rule = item
            .reasons
            .iter()
            .any(|r| is_slot_reason(r) || r.starts_with("legal hold: "));
        if item.decision == Decision::Delete {
            prop_assert!(!kept_by_rule, "deleted with a keep reason: {:?}", item);
        }
    }

    // Independent oracle for `blocked`.
    let verified: Vec<&Candidate> = {
        let mut v: Vec<&Candidate> = history
            .iter()
            .filter(|c| c.verified == Verified::Ok)
            .collect();
        v.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        v
    };
    let newest_ok = verified.first().copied();
    let should_block = health.newest_run_failed
        || newest_ok.is_none_or(|c| now.duration_since(c.created) > policy.max_backup_age);
    prop_assert_eq!(plan.blocked.is_some(), should_block, "{:?}", plan.blocked);
    prop_assert_eq!(plan.forced, force && should_block);

    for item in &plan.items {
        let c = by_id[item.id.as_str()];
        // A held archive is never deleted, and says why it is kept.
        if let Some(h) = &c.hold {
            prop_assert_eq!(item.decision, Decision::Keep);
            let want = format!("legal hold: {h}");
            prop_assert!(item.reasons.contains(&want), "{:?}", item);
        }
        // Failed and unverified archives fill no keep slot.
        if c.verified != Verified::Ok {
            prop_assert!(
                !item.reasons.iter().any(|r| is_slot_reason(r)),
                "{:?} archive fills a slot: {:?}",
                c.verified,
                item
            );
        }
    }
    // The newest verified archive is never deleted.
    if let Some(n) = newest_ok {
        let item = plan.items.iter().find(|i| i.id == n.id).unwrap();
        prop_assert_eq!(item.decision, Decision::Keep);
        prop_assert!(item.reasons.contains(&"newest verified".to_string()));
    }
    // Blocked and not forced: nothing is deleted.
    if plan.blocked.is_some() && !force {
        prop_assert_eq!(plan.deletions().count(), 0);
    }

    // Slots: each rule keeps min(N, distinct buckets among verified archives).
    let reasons_with = |prefix: &str| {
        plan.items
            .iter()
            .flat_map(|i| &i.reasons)
            .filter(|r| r.starts_with(prefix))
            .count()
    };
    for (prefix, n, fmt) in [
        ("daily ", policy.keep_daily, "%Y-%m-%d"),
        ("weekly ", policy.keep_weekly, "%G-W%V"),
        ("monthly ", policy.keep_monthly, "%Y-%m"),
        ("yearly ", policy.keep_yearly, "%Y"),
    ] {
        prop_assert_eq!(
            reasons_with(prefix),
            (n as usize).min(bucket_count(&verified, fmt)),
            "{}",
            prefix
        );
    }
    prop_assert_eq!(
        reasons_with("last "),
        (policy.keep_last as usize).min(verified.len())
    );

    // Deterministic: the same archives in another order give the same plan.
    let again = retention::apply(policy, shuffled, health, now, force);
    prop_assert_eq!(&again, &plan);

    // Idempotent: with the deleted archives gone, planning again at the same
    // moment deletes nothing more and keeps the same archives for the same reasons.
    let deleted: BTreeSet<&str> = plan.deletions().map(|i| i.id.as_str()).collect();
    let rest: Vec<Candidate> = history
        .iter()
        .filter(|c| !deleted.contains(c.id.as_str()))
        .cloned()
        .collect();
    let second: Plan = retention::apply(policy, &rest, health, now, force);
    prop_assert_eq!(second.deletions().count(), 0, "{:?}", second);
    let kept: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.decision == Decision::Keep)
        .collect();
    prop_assert_eq!(second.items.iter().collect::<Vec<_>>(), kept);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn planner_invariants_over_random_histories(
        (history, shuffled, now) in scenario_strategy(),
        policy in policy_strategy(),
        newest_run_failed in prop::bool::weighted(0.2),
        force in any::<bool>(),
    ) {
        let health = BackupHealth { newest_run_failed };
        check_plan(&policy, &history, &shuffled, &health, now, force)?;
    }
}

// --- seven years of nightly archives, through the binary -----------------------------

/// The seed policy over 2019-11-25 .. 2026-11-24, one archive a night at
/// 02:00 UTC, planned at 2026-11-24T03:00Z (spec/retention.md's worked
/// example): daily keeps 2026-10-26..11-24 (30); weekly adds the Sundays
/// 09-13..10-25 (7 more; W44..W48 fall on daily ones); monthly adds the last
/// nights of 2025-12..2026-09 (10); yearly adds 12-31 of 2020..2024 (5).
fn expected_survivors() -> BTreeSet<String> {
    let mut days: Vec<jiff::civil::Date> = Vec::new();
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    let mut day = d("2026-10-26");
    while day <= d("2026-11-24") {
        days.push(day);
        day = day.tomorrow().unwrap();
    }
    for s in [
        "2026-09-13",
        "2026-09-20",
        "2026-09-27",
        "2026-10-04",
        "2026-10-11",
        "2026-10-18",
        "2026-10-25",
    ] {
        days.push(d(s));
    }
    for m in [
        "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
    ]
    .into_iter()
    .chain(["2026-07", "2026-08", "2026-09"])
    {
        days.push(d(&format!("{m}-01")).last_of_month());
    }
    for y in 2020..=2024 {
        days.push(d(&format!("{y}-12-31")));
    }
    days.iter()
        .map(|d| format!("{}T020000Z", d.strftime("%Y%m%d")))
        .collect()
}

#[test]
fn seven_years_of_nightly_archives_prune_to_the_seed_policy() {
    let v = ShmVault::new();
    let start = ts("2019-11-25T02:00:00Z");
    let records: Vec<_> = (0..2557)
        .map(|i| {
            let created = start + SignedDuration::from_hours(24 * i);
            let id = format!(
                "{}-{:08x}",
                created.strftime("%Y%m%dT%H%M%SZ"),
                0xc0ffee00u32 + i as u32
            );
            synthetic_record(&id, created)
        })
        .collect();
    let t = std::time::Instant::now();
    register_synthetic(&v, &records);
    eprintln!("registered {} archives in {:?}", records.len(), t.elapsed());
    assert_eq!(list(&v).len(), 2557);

    let now = Some("2026-11-24T03:00:00Z");
    let t = std::time::Instant::now();
    let report = json_at(&v, now, &["prune", "--dry-run", "--json"]);
    eprintln!("prune --dry-run: {:?}", t.elapsed());
    let (items, plan) = plan_of(&report);
    assert_eq!(plan["blocked"], serde_json::Value::Null, "{plan}");
    assert_eq!(items.len(), 2557);
    let kept: BTreeSet<String> = ids_with(&items, "keep")
        .into_iter()
        .map(|id| id[..16].to_owned())
        .collect();
    let expected = expected_survivors();
    assert_eq!(expected.len(), 52);
    assert_eq!(kept, expected, "the survivors");
    let count = |prefix: &str| {
        items
            .iter()
            .filter(|i| i.reasons.iter().any(|r| r.starts_with(prefix)))
            .count()
    };
    assert_eq!(
        [
            count("daily "),
            count("weekly "),
            count("monthly "),
            count("yearly "),
            count("last ")
        ],
        [30, 12, 12, 7, 3]
    );
    // Reasons name the bucket; the newest archive carries several.
    let newest = &items[0];
    assert!(newest.id.starts_with("20261124T020000Z"), "{newest:?}");
    for r in [
        "last 1",
        "daily 2026-11-24",
        "weekly 2026-W48",
        "monthly 2026-11",
        "yearly 2026",
        "newest verified",
    ] {
        assert!(newest.reasons.contains(&r.to_string()), "{r}: {newest:?}");
    }
    let oldest_kept = items.iter().rfind(|i| i.decision == "keep").unwrap();
    assert_eq!(oldest_kept.reasons, ["yearly 2020"], "{oldest_kept:?}");
    let deleted = ids_with(&items, "delete");
    assert_eq!(deleted.len(), 2557 - 52);
    assert!(
        items
            .iter()
            .filter(|i| i.decision == "delete")
            .all(|i| i.reasons == ["no rule keeps it"])
    );
    // A dry run deletes nothing.
    assert!(records.iter().all(|r| v.store_dir().join(&r.key).exists()));
    assert_eq!(list(&v).len(), 2557);

    // The real prune deletes exactly the planned ones, each recorded.
    let t = std::time::Instant::now();
    let report = json_at(&v, now, &["prune", "--json"]);
    eprintln!("prune: {:?}", t.elapsed());
    let (items2, _) = plan_of(&report);
    assert_eq!(items2, items, "the plan executed is the plan shown");
    let done: BTreeSet<String> = report["report"]["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(done, deleted.iter().cloned().collect::<BTreeSet<_>>());
    for r in &records {
        let exists = v.store_dir().join(&r.key).exists();
        assert_eq!(exists, !done.contains(&r.id), "{}", r.id);
    }
    let listed: BTreeSet<String> = list(&v)
        .iter()
        .map(|a| a["id"].as_str().unwrap()[..16].to_owned())
        .collect();
    assert_eq!(listed, expected);
    let cat = catalog(&v);
    let d = cat.deletion(&deleted[0]).unwrap().expect("marked deleted");
    assert_eq!(d.reason, "pruned: no rule keeps it");
    assert_eq!(d.at, ts("2026-11-24T03:00:00Z"), "deleted at COFFER_NOW");
    assert!(cat.deletion(&items[0].id).unwrap().is_none());
    let prunes = runs(&v, coffer::catalog::RunKind::Prune);
    assert_eq!(prunes.len(), deleted.len(), "one prune run per deletion");
    assert!(
        prunes
            .iter()
            .all(|r| r.outcome == Some(coffer::catalog::Outcome::Ok)
                && r.details["reasons"] == serde_json::json!(["no rule keeps it"])
                && r.details["forced"] == false)
    );
    let run_ids: BTreeSet<String> = prunes.iter().filter_map(|r| r.archive_id.clone()).collect();
    assert_eq!(run_ids, done);

    // Pruning again deletes nothing and records nothing.
    let report = json_at(&v, now, &["prune", "--json"]);
    assert_eq!(report["report"]["deleted"], serde_json::json!([]));
    let (items3, _) = plan_of(&report);
    assert_eq!(items3.len(), 52);
    assert!(items3.iter().all(|i| i.decision == "keep"));
    assert_eq!(
        runs(&v, coffer::catalog::RunKind::Prune).len(),
        deleted.len()
    );
}

// --- against a real PostgreSQL -----------------------------------------------------

use vault_support::TestVault;

/// Exit codes of README.md "Exit codes".
const EXIT_FAILURE: i32 = 1;
const EXIT_BAD_INPUT: i32 = 3;
const EXIT_DATABASE: i32 = 7;
const EXIT_LOCK_HELD: i32 = 9;

/// A small database and a vault on it whose policy keeps the last archive
/// and one a day for `daily` days (no weekly, monthly or yearly slots).
fn small_vault(prefix: &str, daily: u32) -> (common::TestDb, TestVault) {
    let db = common::fresh_db(prefix);
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text);\n\
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 200) g;",
    );
    let v = TestVault::new(&db.url());
    set_policy(
        &v,
        &format!(
            "keep_last = 1\nkeep_daily = {daily}\nkeep_weekly = 0\nkeep_monthly = 0\nkeep_yearly = 0\n"
        ),
    );
    (db, v)
}

fn day(d: u32, time: &str) -> String {
    format!("2026-03-{d:02}T{time}Z")
}

fn hold_path(v: &TestVault, id: &str) -> std::path::PathBuf {
    let p = v.archive_path(id);
    std::path::PathBuf::from(format!("{}.hold", p.display()))
}

#[test]
fn holds_survive_a_catalog_rebuild_that_gives_the_same_answers() {
    let (_db, v) = small_vault("ret_rebuild", 2);
    let ids: Vec<String> = (1..=5)
        .map(|d| backup_at(&v, &day(d, "02:00:00")))
        .collect();
    let held = &ids[0];

    // A hold needs a reason; it records who (the OS user) and when.
    let mut c = cmd_at(
        &v,
        Some(&day(5, "02:30:00")),
        &["hold", "add", held, "--reason", " "],
    );
    let err = v.fails_with(&mut c, EXIT_BAD_INPUT);
    assert!(err.contains("needs --reason"), "{err}");
    let out = cmd_at(
        &v,
        Some(&day(5, "02:30:00")),
        &["hold", "add", held, "--reason", "litigation 42"],
    )
    .env_remove("USER")
    .env_remove("LOGNAME")
    .output()
    .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("is now under legal hold"));
    let mut c = cmd_at(&v, None, &["hold", "add", held, "--reason", "again"]);
    let err = v.fails_with(&mut c, EXIT_BAD_INPUT);
    assert!(err.contains("already under a legal hold"), "{err}");

    // The hold record lives in the store, beside the seal.
    let hp = hold_path(&v, held);
    assert!(hp.exists(), "{} beside the seal", hp.display());
    assert!(
        archive_files(&v.archive_path(held))
            .iter()
            .all(|f| f.exists())
    );
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(&hp).unwrap()).unwrap();
    assert_eq!(record["archive_id"], held.as_str());
    let events = record["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{record}");
    assert_eq!(events[0]["action"], "add");
    assert_eq!(events[0]["reason"], "litigation 42");
    assert_eq!(events[0]["at"], "2026-03-05T02:30:00Z");
    assert_eq!(events[0]["by"], os_user_name().as_str(), "who: the OS user");

    // The plan: the last and two dailies by rule, the held one by its hold.
    let now = day(5, "03:00:00");
    let (items, plan) = plan_of(&json_at(&v, Some(&now), &["prune", "--dry-run", "--json"]));
    assert_eq!(plan["blocked"], serde_json::Value::Null);
    let get = |id: &str| items.iter().find(|i| i.id == id).unwrap().clone();
    assert_eq!(
        get(&ids[4]).reasons,
        ["last 1", "daily 2026-03-05", "newest verified"]
    );
    assert_eq!(get(&ids[3]).reasons, ["daily 2026-03-04"]);
    assert_eq!(get(held).reasons, ["legal hold: litigation 42"]);
    assert_eq!(get(held).decision, "keep");
    assert_eq!(ids_with(&items, "delete"), [ids[2].clone(), ids[1].clone()]);

    let before = storage_view(&v, &now);
    assert_eq!(
        before["holds"].as_array().unwrap().len(),
        1,
        "{}",
        before["holds"]
    );
    assert_eq!(before["list"].as_array().unwrap().len(), 5);

    // Lose the catalog; rebuild it from the store alone.
    for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
        let _ = std::fs::remove_file(v.dir().join(f));
    }
    assert_eq!(list(&v).len(), 0, "the catalog is gone");
    let r = json_at(&v, Some(&now), &["catalog", "rebuild", "--json"]);
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["report"]["archives"], 5, "{r}");
    assert_eq!(r["report"]["holds"], 1, "{r}");
    assert_eq!(r["report"]["rejected"], serde_json::json!([]), "{r}");
    assert_eq!(
        r["report"]["verification_failed"],
        serde_json::json!([]),
        "{r}"
    );

    let after = storage_view(&v, &now);
    for part in ["list", "show", "holds", "plan", "missing", "repaired"] {
        assert_eq!(
            after[part], before[part],
            "{part} differs after the rebuild"
        );
    }
    assert_eq!(runs(&v, coffer::catalog::RunKind::Rebuild).len(), 1);

    // Released, the archive is deleted like any other; its files (hold
    // record included) leave the store.
    let out = ok_at(
        &v,
        Some(&day(5, "03:10:00")),
        &["hold", "release", held, "--reason", "case closed"],
    );
    assert!(out.contains("hold released"), "{out}");
    let holds = json_at(&v, None, &["hold", "list", "--json"]);
    assert_eq!(holds[0]["active"], false, "{holds}");
    assert_eq!(holds[0]["reason"], "case closed", "{holds}");
    assert_eq!(holds[0]["events"].as_array().unwrap().len(), 2, "{holds}");
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(&hp).unwrap()).unwrap();
    assert_eq!(
        record["events"].as_array().unwrap().len(),
        2,
        "the store has the release"
    );

    let path0 = v.archive_path(held);
    let r = json_at(&v, Some(&now), &["prune", "--json"]);
    let deleted: BTreeSet<&str> = r["report"]["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        deleted,
        [ids[0].as_str(), &ids[1], &ids[2]].into_iter().collect()
    );
    assert!(archive_files(&path0).iter().all(|f| !f.exists()));
    let left: BTreeSet<String> = v
        .store_files()
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy()[..25].to_owned())
        .collect();
    assert_eq!(
        left,
        ids[3..].iter().cloned().collect(),
        "{:?}",
        v.store_files()
    );
}

#[test]
fn a_failed_or_stale_newest_backup_stops_deletion_unless_forced() {
    let (_db, v) = small_vault("ret_safety", 1);
    let ids: Vec<String> = (1..=3)
        .map(|d| backup_at(&v, &day(d, "02:00:00")))
        .collect();

    // The newest run fails: a second config on the same vault whose
    // database does not exist.
    let bad = v.dir().join("coffer-bad.toml");
    let text = std::fs::read_to_string(v.config()).unwrap();
    let good_url = &text[text.find("url = \"").unwrap() + 7..];
    let good_url = &good_url[..good_url.find('"').unwrap()];
    let bad_url = common::server().url("coffer_no_such_database");
    std::fs::write(&bad, text.replace(good_url, &bad_url)).unwrap();
    let mut c = v.bare_cmd();
    c.arg("--config")
        .arg(&bad)
        .args(["backup"])
        .env("COFFER_NOW", day(3, "02:30:00"));
    v.fails_with(&mut c, EXIT_DATABASE);
    v.assert_failed_backup_recorded("coffer_no_such_database");

    let now = day(3, "03:00:00");
    let (items, plan) = plan_of(&json_at(&v, Some(&now), &["prune", "--dry-run", "--json"]));
    let blocked = plan["blocked"].as_str().unwrap();
    assert!(
        blocked.contains("the newest backup run failed"),
        "{blocked}"
    );
    assert_eq!(plan["forced"], false);
    assert!(ids_with(&items, "delete").is_empty());
    for id in &ids[..2] {
        let item = items.iter().find(|i| &i.id == id).unwrap();
        assert_eq!(item.reasons, [format!("safety: {blocked}")], "{item:?}");
    }
    // A real prune says why and deletes nothing.
    let out = ok_at(&v, Some(&now), &["prune"]);
    assert!(
        out.contains("nothing will be deleted: the newest backup run failed")
            && out.contains("(--force overrides)"),
        "{out}"
    );
    assert!(out.contains("deleted 0 archive(s)"), "{out}");
    assert_eq!(list(&v).len(), 3);
    assert!(ids.iter().all(|id| v.archive_path(id).exists()));

    // --force overrides, and says so.
    let out = ok_at(&v, Some(&now), &["prune", "--force"]);
    assert!(
        out.contains("--force: deleting although the newest backup run failed"),
        "{out}"
    );
    assert!(out.contains("deleted 2 archive(s)"), "{out}");
    let listed: Vec<String> = list(&v)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, [ids[2].clone()]);
    let prunes = runs(&v, coffer::catalog::RunKind::Prune);
    assert_eq!(prunes.len(), 2);
    assert!(
        prunes.iter().all(|r| r.details["forced"] == true),
        "{prunes:?}"
    );

    // Stale: backups resume, then stop; ten days later nothing is deleted.
    let id4 = backup_at(&v, &day(4, "02:00:00"));
    let id5 = backup_at(&v, &day(5, "02:00:00"));
    let later = day(15, "02:00:00");
    let r = json_at(&v, Some(&later), &["prune", "--json"]);
    let (items, plan) = plan_of(&r);
    let blocked = plan["blocked"].as_str().unwrap();
    assert!(
        blocked.contains(&format!(
            "the newest verified archive ({id5}) is older than 36h"
        )),
        "{blocked}"
    );
    assert_eq!(r["report"]["deleted"], serde_json::json!([]));
    assert!(ids_with(&items, "delete").is_empty());
    assert_eq!(list(&v).len(), 3);
    // On time, the same plan deletes.
    let r = json_at(&v, Some(&day(5, "03:00:00")), &["prune", "--json"]);
    assert_eq!(
        r["report"]["deleted"],
        serde_json::json!([id4, ids[2]]),
        "{r}"
    );
    assert_eq!(list(&v).len(), 1);
}

// --- crashes -----------------------------------------------------------------------

fn signal_of(status: std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

fn status_of(v: &TestVault, id: &str) -> serde_json::Value {
    v.show(id)["archive"]["status"].clone()
}

#[test]
fn prune_killed_between_store_delete_and_catalog_update_is_repaired() {
    use coffer::catalog::{Outcome, RunKind};
    let (_db, v) = small_vault("ret_crash_prune", 1);
    let ids: Vec<String> = (1..=3)
        .map(|d| backup_at(&v, &day(d, "02:00:00")))
        .collect();
    let now = day(3, "03:00:00");

    // Deletions go newest first: the crash hits after ids[1]'s files are gone.
    let out = cmd_at(&v, Some(&now), &["prune"])
        .env("COFFER_FAULT", "prune-after-store-delete")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(signal_of(out.status), Some(6), "aborted: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("COFFER_FAULT=prune-after-store-delete"));
    assert!(
        archive_files(&v.archive_path(&ids[1]))
            .iter()
            .all(|f| !f.exists())
    );
    assert!(
        archive_files(&v.archive_path(&ids[0]))
            .iter()
            .all(|f| f.exists())
    );
    // The catalog is intact and still calls it good; the deletion's run is open.
    assert_eq!(list(&v).len(), 3);
    assert_eq!(status_of(&v, &ids[1]), "good");
    let prunes = runs(&v, RunKind::Prune);
    assert_eq!(prunes.len(), 1);
    assert_eq!(prunes[0].archive_id.as_deref(), Some(ids[1].as_str()));
    assert_eq!(prunes[0].outcome, None);

    // A dry run shows the repair it would make, and makes none.
    let r = json_at(&v, Some(&now), &["prune", "--dry-run", "--json"]);
    assert_eq!(r["report"]["repaired"], serde_json::json!([ids[1]]), "{r}");
    assert_eq!(r["report"]["missing"], serde_json::json!([]), "{r}");
    let (items, _) = plan_of(&r);
    assert_eq!(ids_with(&items, "delete"), [ids[0].clone()]);
    assert_eq!(status_of(&v, &ids[1]), "good");

    // The next prune completes it, says so, and goes on with the plan.
    let out = ok_at(&v, Some(&now), &["prune"]);
    assert!(
        out.contains(&format!("completed the interrupted deletion of {}", ids[1])),
        "{out}"
    );
    assert!(out.contains("deleted 1 archive(s)"), "{out}");
    assert_eq!(status_of(&v, &ids[1]), "deleted");
    let d = catalog(&v).deletion(&ids[1]).unwrap().unwrap();
    assert!(d.reason.contains("interrupted prune"), "{d:?}");
    let listed: Vec<String> = list(&v)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, [ids[2].clone()]);
    let prunes = runs(&v, RunKind::Prune);
    assert_eq!(prunes.len(), 2, "{prunes:?}");
    assert!(
        prunes.iter().all(|r| r.outcome == Some(Outcome::Ok)),
        "the interrupted run is closed too: {prunes:?}"
    );
    let r = json_at(&v, Some(&now), &["prune", "--json"]);
    assert_eq!(r["report"]["repaired"], serde_json::json!([]), "{r}");
    assert_eq!(r["report"]["deleted"], serde_json::json!([]), "{r}");

    // The same crash, then a catalog rebuild instead of a prune: the store
    // has no trace of the half-deleted archive, so neither has the catalog.
    let id4 = backup_at(&v, &day(4, "02:00:00"));
    let id5 = backup_at(&v, &day(5, "02:00:00"));
    let now = day(5, "03:00:00");
    let out = cmd_at(&v, Some(&now), &["prune"])
        .env("COFFER_FAULT", "prune-after-store-delete")
        .output()
        .unwrap();
    assert_eq!(signal_of(out.status), Some(6), "{out:?}");
    assert!(!v.archive_path(&id4).exists());
    let r = json_at(&v, Some(&now), &["catalog", "rebuild", "--json"]);
    assert_eq!(r["report"]["archives"], 2, "{r}");
    assert_eq!(r["report"]["rejected"], serde_json::json!([]), "{r}");
    let listed: Vec<String> = list(&v)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, [ids[2].clone(), id5.clone()]);
    let r = json_at(&v, Some(&now), &["prune", "--dry-run", "--json"]);
    assert_eq!(r["report"]["missing"], serde_json::json!([]), "{r}");
    assert_eq!(r["report"]["repaired"], serde_json::json!([]), "{r}");
    assert_eq!(ids_with(&plan_of(&r).0, "delete"), [ids[2].clone()]);
    let files = v.store_files();
    assert!(
        files.iter().all(|f| !f.to_string_lossy().contains(&id4)),
        "{files:?}"
    );
}

#[test]
fn a_backup_killed_mid_stream_registers_nothing() {
    use coffer::catalog::RunKind;
    let (db, v) = small_vault("ret_crash_backup", 30);
    let first = backup_at(&v, &day(1, "02:00:00"));
    // About 200 MB of dump, so that the kill lands while pg_dump streams.
    db.psql(
        "CREATE TABLE big AS SELECT g, md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text) AS t \
         FROM generate_series(1, 2000000) g;",
    );
    let general = v.store_dir().join("general");
    let temp_files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&general)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".coffer-tmp-")
            })
            .collect()
    };
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("coffer"))
        .arg("--config")
        .arg(v.config())
        .args(["backup", "--json"])
        .env("COFFER_NOW", day(2, "02:00:00"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the archive is being written (a few MB into the stream).
    wait_until(60, "the backup to stream into its temporary file", || {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the backup ended ({status}) before it could be killed");
        }
        temp_files()
            .first()
            .is_some_and(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 4 << 20))
    });
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert_eq!(signal_of(status), Some(9));

    // Nothing registered; the temporary file is left, but listed nowhere.
    let temp = temp_files();
    assert_eq!(temp.len(), 1, "{temp:?}");
    let listed = list(&v);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], first.as_str());
    let backups = runs(&v, RunKind::Backup);
    assert_eq!(backups[0].outcome, None, "the killed run stays unfinished");
    // An unfinished newest backup counts as failed: prune holds off.
    let (_, plan) = plan_of(&json_at(
        &v,
        Some(&day(2, "03:00:00")),
        &["prune", "--dry-run", "--json"],
    ));
    assert!(
        plan["blocked"]
            .as_str()
            .unwrap()
            .contains("the newest backup run failed"),
        "{plan}"
    );

    // The next backup works (and, under the writer lock, clears the leftover).
    db.psql("DROP TABLE big;");
    let second = backup_at(&v, &day(2, "02:30:00"));
    let ids: Vec<String> = list(&v)
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, [first.clone(), second.clone()]);
    assert!(
        list(&v)
            .iter()
            .all(|a| a["status"] == "good" && a["last_verified"]["ok"] == true)
    );
    assert!(temp_files().is_empty(), "{:?}", temp_files());
    let out = ok_at(&v, None, &["verify", "--all"]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("ok ")).count(),
        2,
        "{out}"
    );
}

// --- one writer at a time ----------------------------------------------------------

/// `coffer --config V ARGS` as a child process of its own process group
/// (so that it and its children can be SIGKILLed together).
fn spawn_coffer(
    v: &TestVault,
    args: &[&str],
    pg_bin: Option<&std::path::Path>,
) -> std::process::Child {
    use std::os::unix::process::CommandExt;
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("coffer"));
    c.arg("--config")
        .arg(v.config())
        .args(args)
        .env_remove("COFFER_NOW")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0);
    if let Some(p) = pg_bin {
        c.env("COFFER_PG_BIN", p);
    }
    c.spawn().unwrap()
}

fn kill_group(child: &mut std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert_eq!(signal_of(status), Some(9));
}

fn lock_text(v: &TestVault) -> String {
    std::fs::read_to_string(v.dir().join("coffer.lock")).unwrap_or_default()
}

/// The lock is held by someone (as `flock -n` sees it).
fn lock_is_held(v: &TestVault) -> bool {
    !std::process::Command::new("flock")
        .arg("-n")
        .arg(v.dir().join("coffer.lock"))
        .arg("true")
        .status()
        .unwrap()
        .success()
}

fn elapsed_of(mut c: assert_cmd::Command) -> (std::process::Output, std::time::Duration) {
    let t = std::time::Instant::now();
    let out = c.output().unwrap();
    (out, t.elapsed())
}

#[test]
fn one_writer_at_a_time_while_readers_go_on_and_a_dead_holder_frees_the_lock() {
    let (_db, v) = small_vault("ret_lock", 30);
    let first = json_at(&v, None, &["backup", "--json"])["archive_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A backup whose pg_dump takes its time: it holds the lock for seconds.
    let slow = vault_support::FakePgBin::new("sleep 3\nexec \"$REAL/pg_dump\" \"$@\"");
    let a = spawn_coffer(&v, &["backup", "--json"], Some(slow.path()));
    let a_pid = a.id();
    wait_until(30, "the slow backup to take the lock", || {
        lock_text(&v).contains(&format!("pid {a_pid} (backup)"))
    });

    // Other writers give up at once with --lock-wait 0, in one line.
    let mut c = cmd_at(&v, None, &["--lock-wait", "0", "backup"]);
    let err = v.fails_with(&mut c, EXIT_LOCK_HELD);
    assert!(
        err.contains("another coffer is writing to this vault")
            && err.contains(&format!("pid {a_pid} (backup)")),
        "{err}"
    );
    for args in [
        &["--lock-wait", "0", "prune"][..],
        &["--lock-wait", "0", "hold", "add", &first, "--reason", "r"],
        &["--lock-wait", "0", "catalog", "rebuild"],
    ] {
        let mut c = cmd_at(&v, None, args);
        v.fails_with(&mut c, EXIT_LOCK_HELD);
    }
    // Readers never wait for it.
    let t = std::time::Instant::now();
    assert_eq!(list(&v).len(), 1);
    ok_at(&v, None, &["verify", &first]);
    ok_at(&v, None, &["show", &first, "--json"]);
    ok_at(&v, None, &["prune", "--dry-run", "--json"]);
    ok_at(&v, None, &["hold", "list"]);
    assert!(lock_is_held(&v), "the readers ran while the lock was held");
    assert!(
        t.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        t.elapsed()
    );
    // A writer that may wait long enough gets its turn after the first.
    let c = spawn_coffer(&v, &["--lock-wait", "60", "backup", "--json"], None);
    let t = std::time::Instant::now();
    let a_out = a.wait_with_output().unwrap();
    assert!(a_out.status.success(), "{a_out:?}");
    let c_out = c.wait_with_output().unwrap();
    assert!(c_out.status.success(), "{c_out:?}");
    assert!(
        t.elapsed() > std::time::Duration::from_millis(500),
        "C waited for A"
    );
    assert_eq!(list(&v).len(), 3);
    assert_eq!(lock_text(&v), "", "a clean release empties the lock file");

    // A holder killed with SIGKILL leaves its note, not its lock.
    let stuck = vault_support::FakePgBin::new("sleep 60");
    let mut d = spawn_coffer(&v, &["backup"], Some(stuck.path()));
    let d_pid = d.id();
    wait_until(30, "the stuck backup to take the lock", || {
        lock_text(&v).contains(&format!("pid {d_pid} (backup)"))
    });
    kill_group(&mut d);
    assert!(
        lock_text(&v).contains(&format!("pid {d_pid}")),
        "the dead holder's note stays"
    );
    assert!(!lock_is_held(&v));
    let (out, took) = elapsed_of(cmd_at(&v, None, &["--lock-wait", "0", "backup", "--json"]));
    assert!(
        out.status.success(),
        "the next writer proceeds at once: {out:?}"
    );
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
    assert_eq!(lock_text(&v), "");

    // The same with a lock held by another program (util-linux flock,
    // which closes its descriptor for the command: -o), then SIGKILLed.
    let mut f = std::process::Command::new("flock");
    {
        use std::os::unix::process::CommandExt;
        f.arg("-o")
            .arg(v.dir().join("coffer.lock"))
            .args(["sleep", "60"])
            .process_group(0);
    }
    let mut f = f.spawn().unwrap();
    wait_until(10, "flock to take the lock", || lock_is_held(&v));
    let mut c = cmd_at(&v, None, &["--lock-wait", "0", "backup"]);
    let err = v.fails_with(&mut c, EXIT_LOCK_HELD);
    assert!(
        err.contains("another coffer is writing to this vault")
            && err.contains("coffer.lock is locked"),
        "{err}"
    );
    assert!(!err.contains("()"), "{err}");
    // --lock-wait bounds the wait.
    let (out, took) = elapsed_of(cmd_at(&v, None, &["--lock-wait", "2", "prune"]));
    assert_eq!(out.status.code(), Some(EXIT_LOCK_HELD), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("waited 2s"),
        "{out:?}"
    );
    assert!(
        took >= std::time::Duration::from_secs(2) && took < std::time::Duration::from_secs(10),
        "{took:?}"
    );
    kill_group(&mut f);
    let (out, _) = elapsed_of(cmd_at(&v, None, &["--lock-wait", "0", "backup", "--json"]));
    assert!(out.status.success(), "{out:?}");
    let listed = list(&v);
    assert_eq!(listed.len(), 5, "{listed:?}");
    assert!(listed.iter().all(|a| a["last_verified"]["ok"] == true));
}

// --- catalog migrations -----------------------------------------------------------

/// Runs `sql` (on stdin) with the sqlite3 command-line tool.
fn sqlite3(db: &std::path::Path, sql: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sqlite3")
        .arg("-bail")
        .arg(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the sqlite3 command-line tool (apt install sqlite3)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sql.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "sqlite3 {sql}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn catalogs_of_every_older_schema_migrate_forward_and_newer_ones_are_refused() {
    let migrations_dir = common::crate_dir().join("src/catalog/migrations");
    let mut migrations: Vec<std::path::PathBuf> = std::fs::read_dir(&migrations_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    migrations.sort();
    let latest = coffer::catalog::SCHEMA_VERSION;
    assert_eq!(migrations.len(), latest as usize, "{migrations:?}");

    let id = "20260101T020000Z-0000beef";
    for from in 0..latest {
        // A catalog as coffer left it at schema version `from` (0: an empty file).
        let v = ShmVault::new();
        let db = v.dir().join("catalog.db");
        for f in ["catalog.db", "catalog.db-wal", "catalog.db-shm"] {
            let _ = std::fs::remove_file(v.dir().join(f));
        }
        std::fs::write(&db, b"").unwrap();
        for m in &migrations[..from as usize] {
            sqlite3(&db, &std::fs::read_to_string(m).unwrap());
        }
        if from >= 1 {
            sqlite3(
                &db,
                &format!(
                    "INSERT INTO archives (id, class, created, store, key, size, sha256, encryption, \
                     recipients, payload_kind, seal, facts) VALUES ('{id}', 'general', \
                     '2026-01-01T02:00:00.000000000Z', 'local', 'general/{id}.tar.zst.age', 16, \
                     '{}', 'age', '[\"age1x\"]', 'pg_dump/custom', '{{}}', '{{\"database\":\"old\"}}'); \
                     INSERT INTO verifications (archive_id, at, deep, store, ok, duration_ms) \
                     VALUES ('{id}', '2026-01-01T02:00:01.000000000Z', 0, 'local', 1, 5);",
                    "ab".repeat(32)
                ),
            );
        }
        sqlite3(&db, &format!("PRAGMA user_version = {from};"));

        // Any command opens (and migrates) it.
        let listed = list(&v);
        assert_eq!(
            sqlite3(&db, "PRAGMA user_version;"),
            latest.to_string(),
            "from {from}"
        );
        assert_eq!(
            sqlite3(&db, "SELECT count(*) FROM holds;"),
            "0",
            "from {from}"
        );
        if from >= 1 {
            assert_eq!(listed.len(), 1, "from {from}: {listed:?}");
            assert_eq!(listed[0]["id"], id);
            assert_eq!(listed[0]["database"], "old");
            assert_eq!(listed[0]["last_verified"]["ok"], true);
            // The migrated catalog works for the new features.
            std::fs::create_dir_all(v.store_dir().join("general")).unwrap();
            ok_at(&v, None, &["hold", "add", id, "--reason", "migrated"]);
            let holds = json_at(&v, None, &["hold", "list", "--json"]);
            assert_eq!(holds[0]["archive_id"], id, "{holds}");
        } else {
            assert!(listed.is_empty());
        }
    }

    // A catalog from a newer coffer: refused in one line, left untouched.
    let v = ShmVault::new();
    let db = v.dir().join("catalog.db");
    sqlite3(&db, "PRAGMA user_version = 99;");
    let before = std::fs::read(&db).unwrap();
    let out = cmd_at(&v, None, &["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(EXIT_FAILURE), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "coffer: error: catalog schema version 99 is newer than this coffer supports ({latest}); upgrade coffer"
        )),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the newer catalog is not modified"
    );
    assert_eq!(sqlite3(&db, "PRAGMA user_version;"), "99");
}
