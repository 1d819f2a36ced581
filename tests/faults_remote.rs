//! The fault-injection matrix of issue 14, families "offsite" and
//! "restore", through the real `coffer` binary, a real PostgreSQL cluster
//! and a real S3 API (moto_server on loopback, behind a fault-injecting
//! proxy: tests/faults_remote_support/proxy.rs).
//!
//! Every case asserts: nothing is registered or left looking good (no copy,
//! no successful restore or drill), the run is recorded as failed with its
//! cause, the exit code is the documented one (README "Exit codes"), the
//! catalog passes `PRAGMA integrity_check`, and a following normal run
//! succeeds. Each case prints one line `MATRIX | case | expected |
//! observed` (run with `--nocapture` to see the table).
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod faults_remote_support;
mod s3_support;
mod vault_support;

use std::collections::BTreeMap;
use std::time::Duration;

use coffer::catalog::{CopyStatus, RunKind};
use coffer::store::Store;
use serde_json::Value;

use common::{TestDb, fresh_db};
use faults_remote_support::proxy::{Fault, Proxy, Target};
use faults_remote_support::{OffsiteVault, assert_catalog_intact, assert_failed_run, find_objects};
use vault_support::ScratchDb;

const EXIT_BAD_INPUT: i32 = 3;
const EXIT_INTEGRITY: i32 = 5;
const EXIT_DATABASE: i32 = 7;
const EXIT_STORAGE: i32 = 8;

/// `retries` and `timeout_secs` of the offsite store in every offsite case.
const RETRIES: usize = 2;
const TIMEOUT_SECS: u64 = 2;

/// The last `n` characters of `s` (error messages end in their cause).
fn tail(s: &str, n: usize) -> &str {
    let mut i = s.len().saturating_sub(n);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

// --- offsite ---------------------------------------------------------------------

/// What a case must come to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// The push fails (exit 8) after this many attempts of the targeted
    /// request (per part, for part uploads: the most any part got).
    Fails { attempts: usize, cause: &'static str },
    /// The push succeeds after this many attempts (retries that worked, or
    /// a fault coffer's read-back shows to be harmless).
    Succeeds { attempts: usize },
}

struct OffsiteCase {
    name: &'static str,
    /// An archive of several parts (multipart upload) or a single PUT.
    multipart: bool,
    target: Target,
    fault: Fault,
    expect: Expect,
}

fn small_db() -> TestDb {
    let db = fresh_db("faults_small");
    db.psql(
        "CREATE TABLE pupils (id int PRIMARY KEY, name text NOT NULL); \
         INSERT INTO pupils SELECT g, 'pupil ' || g FROM generate_series(1, 500) g;",
    );
    db
}

/// About 8 MiB of random bytes: an archive of two 5 MiB parts.
fn multipart_db() -> TestDb {
    let db = fresh_db("faults_multi");
    db.psql(
        "CREATE TABLE noise (id int, b bytea); \
         INSERT INTO noise SELECT g, decode(md5(random()::text) || md5(random()::text), 'hex') \
         FROM generate_series(1, 250000) g;",
    );
    db
}

#[test]
fn offsite_faults_are_retried_as_configured_then_fail_cleanly() {
    let moto = s3_support::shared();
    let proxy = Proxy::start(moto.port());
    let small = small_db();
    let multi = multipart_db();
    let all = RETRIES + 1;
    let cases = [
        OffsiteCase {
            name: "500 for the first 2 requests of a PUT",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Status500(Some(RETRIES)),
            expect: Expect::Succeeds { attempts: all },
        },
        OffsiteCase {
            name: "500 for every PUT",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Status500(None),
            expect: Expect::Fails {
                attempts: all,
                cause: "500",
            },
        },
        OffsiteCase {
            name: "500 for every part upload",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::Status500(None),
            expect: Expect::Fails {
                attempts: all,
                cause: "500",
            },
        },
        OffsiteCase {
            name: "PUT answered after the request timeout",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::Delay(Duration::from_secs(2 * TIMEOUT_SECS)),
            expect: Expect::Fails {
                attempts: all,
                cause: "timed out",
            },
        },
        OffsiteCase {
            name: "part answered after the request timeout",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::Delay(Duration::from_secs(2 * TIMEOUT_SECS)),
            expect: Expect::Fails {
                attempts: all,
                cause: "timed out",
            },
        },
        OffsiteCase {
            name: "connection reset after 64 KiB of a PUT body",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::ResetAfter(64 << 10),
            expect: Expect::Fails {
                attempts: all,
                cause: "error sending request",
            },
        },
        OffsiteCase {
            name: "connection reset after 1 MiB of a part body",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::ResetAfter(1 << 20),
            expect: Expect::Fails {
                attempts: all,
                cause: "error sending request",
            },
        },
        OffsiteCase {
            name: "wrong ETag on a single PUT's answer",
            multipart: false,
            target: Target::ArchivePut,
            fault: Fault::WrongEtag,
            expect: Expect::Succeeds { attempts: 1 },
        },
        OffsiteCase {
            name: "wrong ETag on every part's answer",
            multipart: true,
            target: Target::ArchivePart,
            fault: Fault::WrongEtag,
            expect: Expect::Fails {
                attempts: 1,
                cause: "InvalidPart",
            },
        },
    ];
    let store_config = format!(
        "retries = {RETRIES}\ntimeout_secs = {TIMEOUT_SECS}\nconnect_timeout_secs = 2\npart_size_mib = 5"
    );
    let mut matrix = Vec::new();
    for case in &cases {
        let db = if case.multipart { &multi } else { &small };
        proxy.set(case.target, Fault::Pass);
        let o = OffsiteVault::new(&db.url(), moto, &proxy.endpoint(), &store_config);
        let backup = o.ok_json(&["backup", "--no-push", "--json"]);
        let id = backup["archive_id"].as_str().unwrap().to_owned();
        let size = backup["size"].as_u64().unwrap();
        assert_eq!(
            size > 5 << 20,
            case.multipart,
            "{}: archive of {size} bytes",
            case.name
        );
        let key = format!("school/{}", o.v.catalog().archive(&id).unwrap().unwrap().key);

        proxy.set(case.target, case.fault.clone());
        let out = o.run(&["push", &id, "--json"]);
        proxy.pass();
        let attempts = proxy.attempts(case.target);
        let most = if case.multipart {
            let mut per_part: BTreeMap<u32, usize> = BTreeMap::new();
            for a in &attempts {
                *per_part.entry(a.part_number().unwrap_or(0)).or_default() += 1;
            }
            per_part.values().copied().max().unwrap_or(0)
        } else {
            attempts.len()
        };
        let what = format!(
            "{}: exit {:?} after {:.1}s\nstdout: {}\nstderr: {}\nrequests: {:?}",
            case.name,
            out.code,
            out.elapsed.as_secs_f64(),
            out.stdout,
            out.stderr,
            proxy.log()
        );
        assert_eq!(
            moto.pending_uploads(&o.bucket),
            0,
            "no multipart upload left pending: {what}"
        );
        let observed;
        match case.expect {
            Expect::Succeeds { attempts } => {
                assert_eq!(out.code, Some(0), "{what}");
                assert_eq!(most, attempts, "attempts: {what}");
                assert_eq!(
                    o.copy_status(&id, "offsite"),
                    Some(CopyStatus::Present),
                    "{what}"
                );
                // The copy is the sealed archive, read straight from moto.
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(
                    &mut o.store(moto).get(key.strip_prefix("school/").unwrap()).unwrap(),
                    &mut bytes,
                )
                .unwrap();
                assert_eq!(
                    coffer::digest::Digest::of(&bytes).to_hex(),
                    o.v.catalog().archive(&id).unwrap().unwrap().sha256,
                    "{what}"
                );
                observed = format!(
                    "exit 0 after {most} attempt(s); copy read back, SHA-256 = seal, recorded present"
                );
            }
            Expect::Fails { attempts, cause } => {
                assert_eq!(out.code, Some(EXIT_STORAGE), "{what}");
                assert_eq!(most, attempts, "attempts as configured: {what}");
                let json: Value = serde_json::from_str(&out.stdout)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {what}"));
                assert_eq!(json["ok"], false, "{what}");
                // No copy, in the catalog or in the bucket's eyes.
                assert_eq!(o.copy_status(&id, "offsite"), None, "{what}");
                let show = o.v.show(&id);
                let stores: Vec<&str> = show["copies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["store"].as_str().unwrap())
                    .collect();
                assert_eq!(stores, ["local"], "only the local copy: {show}");
                let keys = moto.raw_keys(&o.bucket);
                assert!(
                    !keys.contains(&format!("{key}.seal")),
                    "no seal in the bucket (a seal names a complete copy): {keys:?}"
                );
                let leftover = keys.contains(&key);
                let run = assert_failed_run(&o.v, RunKind::Push, cause);
                assert_eq!(run.archive_id.as_deref(), Some(id.as_str()));
                // `coffer check` names the missing copy.
                let check = o.run(&["check", "--json"]);
                assert_eq!(check.code, Some(2), "critical: {}", check.stdout);
                let report: Value = serde_json::from_str(&check.stdout).unwrap();
                let mut found = Vec::new();
                find_objects(&report, "check", "offsite-copies", &mut found);
                assert!(
                    found.iter().any(|f| f["severity"] == "critical"),
                    "an offsite-copies finding: {report}"
                );
                let error = run.error.unwrap_or_default();
                observed = format!(
                    "exit 8 after {most} attempt(s) in {:.1}s; no copy, no seal, no pending upload{}; run failed: ...{}",
                    out.elapsed.as_secs_f64(),
                    if leftover {
                        ", the unsealed object is in the bucket (the server stored it before the answer was lost)"
                    } else {
                        ""
                    },
                    tail(&error, 120)
                );
            }
        }
        assert_catalog_intact(o.v.dir());

        // Pass-through again: a normal push completes the copy.
        let again = o.ok_json(&["push", "--missing", "--json"]);
        assert_eq!(again["ok"], true, "{}: {again}", case.name);
        assert_eq!(
            o.copy_status(&id, "offsite"),
            Some(CopyStatus::Present),
            "{}",
            case.name
        );
        o.ok_json(&["verify", "--store", "offsite", &id, "--json"]);
        assert_eq!(moto.pending_uploads(&o.bucket), 0);
        assert_catalog_intact(o.v.dir());
        let expected = match case.expect {
            Expect::Succeeds { attempts } => format!("exit 0 after {attempts} attempt(s)"),
            Expect::Fails { attempts, .. } => {
                format!("exit 8 after {attempts} attempt(s), no copy recorded")
            }
        };
        matrix.push(format!("MATRIX | offsite: {} | {expected} | {observed}", case.name));
    }
    for line in &matrix {
        println!("{line}");
    }
}
