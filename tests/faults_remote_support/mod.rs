//! Helpers of `tests/faults_remote.rs`: the fault-injecting S3 proxy, a
//! vault with one offsite S3 store, and the checks every case ends with.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod proxy;

use std::path::Path;
use std::time::{Duration, Instant};

use coffer::catalog::{CopyStatus, Outcome, RunKind, RunRecord};
use serde_json::Value;

use crate::s3_support;
use crate::vault_support::TestVault;

/// The catalog passes SQLite's own integrity check.
pub fn assert_catalog_intact(vault_dir: &Path) {
    let db = rusqlite::Connection::open(vault_dir.join("catalog.db")).unwrap();
    let rows: Vec<String> = db
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows, ["ok"], "PRAGMA integrity_check");
}

/// The newest run of `kind` ended failed, with `needle` in its error.
pub fn assert_failed_run(v: &TestVault, kind: RunKind, needle: &str) -> RunRecord {
    let run = v
        .runs(kind)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("a {kind:?} run is recorded"));
    assert_eq!(run.outcome, Some(Outcome::Failed), "{run:?}");
    assert!(run.finished.is_some(), "{run:?}");
    let error = run.error.clone().unwrap_or_default();
    assert!(
        error.to_lowercase().contains(&needle.to_lowercase()),
        "the {kind:?} run's error names the cause ({needle:?}): {error}"
    );
    run
}

/// Every object of `v` (recursively) that has `key` == `value`.
pub fn find_objects<'a>(v: &'a Value, key: &str, value: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if m.get(key).and_then(Value::as_str) == Some(value) {
                out.push(v);
            }
            for x in m.values() {
                find_objects(x, key, value, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| find_objects(x, key, value, out)),
        _ => {}
    }
}

/// A vault whose general class has one offsite S3 store, `offsite`, on a
/// fresh bucket of moto, reached through `endpoint` (the proxy).
pub struct OffsiteVault {
    pub v: TestVault,
    pub bucket: String,
}

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl OffsiteVault {
    pub fn new(db_url: &str, moto: &s3_support::Moto, endpoint: &str, store: &str) -> Self {
        let v = TestVault::new(db_url);
        let bucket = s3_support::unique_bucket_name("faults");
        moto.create_bucket(&bucket, false);
        let text = std::fs::read_to_string(v.config()).unwrap();
        let mut text = text.replacen("[vault]\n", "[vault]\noffsite = [\"offsite\"]\n", 1);
        text.push_str(&format!(
            "\n[stores.offsite]\ntype = \"s3\"\nbucket = \"{bucket}\"\nprefix = \"school/\"\n\
             endpoint = \"{endpoint}\"\nregion = \"{}\"\n{store}\n",
            s3_support::REGION
        ));
        std::fs::write(v.config(), text).unwrap();
        OffsiteVault { v, bucket }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let t = Instant::now();
        let out = self
            .v
            .cmd()
            .envs(s3_support::env())
            .args(args)
            .output()
            .unwrap();
        Output {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed: t.elapsed(),
        }
    }

    pub fn ok_json(&self, args: &[&str]) -> Value {
        let o = self.run(args);
        assert_eq!(
            o.code,
            Some(0),
            "coffer {args:?}:\n{}{}",
            o.stdout,
            o.stderr
        );
        serde_json::from_str(&o.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", o.stdout))
    }

    pub fn copy_status(&self, id: &str, store: &str) -> Option<CopyStatus> {
        self.v.catalog().copy(id, store).unwrap().map(|c| c.status)
    }

    /// The offsite store opened in-process, straight on moto (not through
    /// the proxy), for changes behind coffer's back.
    pub fn store(&self, moto: &s3_support::Moto) -> coffer::store::S3Store {
        let mut c = moto.config(&self.bucket);
        c.prefix = "school".into();
        coffer::store::S3Store::new(c).unwrap()
    }
}
