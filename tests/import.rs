//! `coffer import` (issue 12), end to end with real things: real `pg_dump`
//! output of a test database, compressed by the real `gzip` and encrypted by
//! the real `gpg --symmetric --cipher-algo AES256` (gpg 2.2 here: SEIPD v1
//! with MDC, the data compressed by gpg's default deflate), named the seed's
//! way (`fis_learn_YYYYMMDD_HHMMSS.sql.gz.gpg`) with dates over two years.
//!
//! - the imported set, pruned at a `COFFER_NOW`, keeps exactly what the
//!   retention policy says for those dates; each kind restores and its
//!   payload is byte for byte the original dump;
//! - a wrong or missing passphrase exits 4, a file that is no dump (random
//!   bytes, gzip of random text, a truncated .gz, a gpg file of text) exits
//!   5; none leaves an archive, a catalog row or a temporary file;
//! - `--dry-run` lists the dates and writes nothing; no plaintext ever
//!   reaches the vault's directory; a second import of a file is skipped.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod classes_support;
mod common;
mod common_archive;
mod retention_support;
mod vault_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;

use coffer::catalog::{Outcome, RunKind};
use coffer::retention::{self, BackupHealth, Candidate, Decision, Policy, Verified};
use jiff::Timestamp;
use serde_json::Value;

use common::{TestDb, assert_same_dump, fresh_db};
use common_archive::{gpg, gpg_home, gpg_kill_agent, tool};
use retention_support::{json_at, set_policy};
use vault_support::{TestVault, walk};

/// A row value that must never appear in the clear under the vault.
const MARKER: &str = "coffer-import-marker-5b0c2e";
const PASSPHRASE: &str = "correct horse battery staple";

/// The source database and its dumps, made once per test process.
struct Seed {
    db: TestDb,
    plain: Vec<u8>,
    custom: Vec<u8>,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let db = fresh_db("import_src");
        db.load_fixture("rich_types.sql");
        db.psql(&format!(
            "CREATE TABLE import_marker (note text); INSERT INTO import_marker VALUES ('{MARKER}');"
        ));
        let dump = |format: &str| {
            let mut cmd = std::process::Command::new(coffer::pg::tool_path("pg_dump"));
            db.target().apply_env(&mut cmd);
            let out = cmd
                .args(["--no-password", format])
                .stdin(Stdio::null())
                .output()
                .expect("run pg_dump");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let plain = dump("--format=plain");
        let custom = dump("--format=custom");
        assert!(plain.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
        Seed { db, plain, custom }
    })
}

/// The five kinds of seed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sql,
    SqlGz,
    SqlGpg,
    SqlGzGpg,
    Custom,
}

const KINDS: [Kind; 5] = [
    Kind::Sql,
    Kind::SqlGz,
    Kind::SqlGpg,
    Kind::SqlGzGpg,
    Kind::Custom,
];

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Sql => "sql",
            Kind::SqlGz => "sql.gz",
            Kind::SqlGpg => "sql.gpg",
            Kind::SqlGzGpg => "sql.gz.gpg",
            Kind::Custom => "dump",
        }
    }
    fn original(self) -> &'static [u8] {
        match self {
            Kind::Custom => &seed().custom,
            _ => &seed().plain,
        }
    }
}

/// Where the seed's files are made: a temp dir, a passphrase file, a gpg home.
struct SeedDir {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
    pass: PathBuf,
}

impl SeedDir {
    fn new() -> SeedDir {
        let dir = tempfile::Builder::new()
            .prefix("coffer-seed-")
            .tempdir()
            .unwrap();
        let pass = dir.path().join("passphrase");
        std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap();
        SeedDir {
            dir,
            home: gpg_home(),
            pass,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `gzip -c IN > OUT`, the real gzip.
    fn gzip(&self, input: &Path, out: &Path) {
        let f = std::fs::File::create(out).unwrap();
        let st = tool("gzip")
            .arg("-c")
            .arg(input)
            .stdout(f)
            .status()
            .unwrap();
        assert!(st.success(), "gzip failed");
    }

    /// `gpg --batch --symmetric --cipher-algo AES256 --passphrase-file P -o OUT IN`.
    fn gpg_symmetric(&self, input: &Path, out: &Path, pass: &Path) {
        let o = gpg(self.home.path())
            .args([
                "--pinentry-mode",
                "loopback",
                "--symmetric",
                "--cipher-algo",
                "AES256",
            ])
            .arg("--passphrase-file")
            .arg(pass)
            .arg("-o")
            .arg(out)
            .arg(input)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "gpg: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    /// A seed file of `kind` for `stem` (`fis_learn_20240206_120000`), made as
    /// the seed's scripts make it.
    fn make(&self, stem: &str, kind: Kind) -> PathBuf {
        let out = self.path(&format!("{stem}.{}", kind.ext()));
        let plain = self.path(&format!("{stem}.plain.tmp"));
        std::fs::write(&plain, kind.original()).unwrap();
        match kind {
            Kind::Sql | Kind::Custom => std::fs::rename(&plain, &out).unwrap(),
            Kind::SqlGz => self.gzip(&plain, &out),
            Kind::SqlGpg => self.gpg_symmetric(&plain, &out, &self.pass),
            Kind::SqlGzGpg => {
                let gz = self.path(&format!("{stem}.gz.tmp"));
                self.gzip(&plain, &gz);
                self.gpg_symmetric(&gz, &out, &self.pass);
                std::fs::remove_file(&gz).unwrap();
            }
        }
        let _ = std::fs::remove_file(&plain);
        out
    }
}

impl Drop for SeedDir {
    fn drop(&mut self) {
        gpg_kill_agent(self.home.path());
    }
}

fn stem(t: Timestamp) -> String {
    format!("fis_learn_{}", t.strftime("%Y%m%d_%H%M%S"))
}

/// `coffer import ARGS` with `COFFER_NOW` unset; the output, whatever its code.
fn import(v: &TestVault, args: &[&str], files: &[PathBuf]) -> std::process::Output {
    v.bare_cmd()
        .arg("--config")
        .arg(v.config())
        .arg("import")
        .args(args)
        .args(files)
        .output()
        .unwrap()
}

/// Every file under the vault's directory that contains `needle`.
fn files_containing(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    let mut all = Vec::new();
    walk(dir, &mut all);
    all.into_iter()
        .filter(|p| {
            std::fs::read(p)
                .map(|b| b.windows(needle.len()).any(|w| w == needle))
                .unwrap_or(false)
        })
        .collect()
}

const POLICY_TOML: &str =
    "keep_last = 1\nkeep_daily = 5\nkeep_weekly = 3\nkeep_monthly = 6\nkeep_yearly = 2\n";

fn policy() -> Policy {
    Policy {
        keep_last: 1,
        keep_daily: 5,
        keep_weekly: 3,
        keep_monthly: 6,
        keep_yearly: 2,
        ..Policy::default()
    }
}

#[test]
fn imported_seed_files_fall_under_retention_and_restore_to_the_original_dump() {
    let src = seed();
    let v = TestVault::new(&src.db.url());
    set_policy(&v, POLICY_TOML);
    let sd = SeedDir::new();

    // Two years: the 15th of every month at 02:00 (with drifting minutes),
    // then the last five nights, one of each kind, and an earlier one on the last day.
    let mut dates: Vec<(Timestamp, Kind)> = Vec::new();
    let start: jiff::civil::DateTime = "2023-12-15T02:00:00".parse().unwrap();
    for m in 0..23i64 {
        let dt = start
            .checked_add(jiff::Span::new().months(m).minutes(m * 7))
            .unwrap();
        let t = jiff::tz::TimeZone::UTC.to_timestamp(dt).unwrap();
        dates.push((t, KINDS[(m as usize) % 5]));
    }
    let last: jiff::civil::DateTime = "2025-11-21T02:30:00".parse().unwrap();
    for (d, kind) in KINDS.iter().enumerate() {
        let dt = last.checked_add(jiff::Span::new().days(d as i64)).unwrap();
        dates.push((jiff::tz::TimeZone::UTC.to_timestamp(dt).unwrap(), *kind));
    }
    let early: Timestamp = "2025-11-25T01:05:09Z".parse().unwrap();
    dates.push((early, Kind::SqlGz));
    let files: Vec<PathBuf> = dates.iter().map(|(t, k)| sd.make(&stem(*t), *k)).collect();
    // gpg 2.2 compressed what it encrypted (its default): the import must
    // inflate OpenPGP compressed-data packets, not only decrypt.
    let gpg_sql = &files[2];
    assert!(gpg_sql.to_str().unwrap().ends_with(".sql.gpg"));
    let packets = gpg(sd.home.path())
        .args([
            "--pinentry-mode",
            "loopback",
            "--list-packets",
            "--passphrase-file",
        ])
        .arg(&sd.pass)
        .arg(gpg_sql)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&packets.stdout);
    assert!(
        listing.contains("compressed packet") && listing.contains("symkey enc packet"),
        "{listing}"
    );

    // --dry-run: every file with the date of its name, nothing written.
    let before = v.snapshot_state();
    let pass = sd.pass.to_str().unwrap().to_owned();
    let out = import(&v, &["--dry-run", "--passphrase-file", &pass], &files);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for ((t, kind), f) in dates.iter().zip(&files) {
        let line = stdout
            .lines()
            .find(|l| l.contains(f.file_name().unwrap().to_str().unwrap()))
            .unwrap_or_else(|| panic!("dry run lists {f:?}: {stdout}"));
        assert!(
            line.contains(&format!(
                "created {} (from name)",
                coffer::format::meta::rfc3339(*t)
            )),
            "{line}"
        );
        let format = if *kind == Kind::Custom {
            "custom"
        } else {
            "plain"
        };
        assert!(line.contains(&format!(", {format}, ")), "{line}");
    }
    v.assert_unchanged(&before);

    // The import itself, at a real clock: creation times come from the names.
    let out = import(&v, &["--json", "--passphrase-file", &pass], &files);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = report["files"].as_array().unwrap();
    assert_eq!(results.len(), files.len());
    let mut ids = Vec::new();
    for ((r, (t, kind)), f) in results.iter().zip(&dates).zip(&files) {
        assert_eq!(r["ok"], true, "{r}");
        let id = r["archive_id"].as_str().unwrap().to_owned();
        assert!(
            id.starts_with(&t.strftime("%Y%m%dT%H%M%SZ-").to_string()),
            "{id} for {t}"
        );
        let show = v.show(&id);
        let a = &show["archive"];
        assert_eq!(
            a["created"].as_str().unwrap().parse::<Timestamp>().unwrap(),
            *t
        );
        let want_kind = if *kind == Kind::Custom {
            "pg_dump/custom"
        } else {
            "pg_dump/plain"
        };
        assert_eq!(a["payload_kind"], want_kind);
        let facts = &show["facts"];
        let file_sha = coffer::digest::Digest::of(&std::fs::read(f).unwrap()).to_hex();
        assert_eq!(facts["imported"]["sha256"], file_sha.as_str(), "{facts}");
        assert_eq!(
            facts["imported"]["file"],
            f.file_name().unwrap().to_str().unwrap()
        );
        assert_eq!(
            facts["row_counts_mode"], "none",
            "the manifest says there are no counts"
        );
        assert!(facts.get("row_counts").is_none(), "{facts}");
        let layers: Vec<&str> = facts["imported"]["layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let want: &[&str] = match kind {
            Kind::Sql | Kind::Custom => &[],
            Kind::SqlGz => &["gzip"],
            Kind::SqlGpg => &["openpgp-symmetric"],
            Kind::SqlGzGpg => &["openpgp-symmetric", "gzip"],
        };
        assert_eq!(layers, want, "{f:?}");
        ids.push(id);
    }
    let runs = v.runs(RunKind::Import);
    assert_eq!(runs.len(), files.len(), "one import run per file");
    assert!(runs.iter().all(|r| r.outcome == Some(Outcome::Ok)));

    // No plaintext reached the vault: no file under it holds the marker row
    // (which the seed's own plain files do: the search works).
    assert!(!files_containing(sd.dir.path(), MARKER.as_bytes()).is_empty());
    assert_eq!(
        files_containing(v.dir(), MARKER.as_bytes()),
        Vec::<PathBuf>::new()
    );

    // Importing a file again makes no second archive.
    let again = import(&v, &["--passphrase-file", &pass], &files[files.len() - 1..]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("already imported as"));
    assert_eq!(v.list().len(), files.len());

    // Prune at a COFFER_NOW just after the newest: the kept set is the
    // policy's, computed here from the dates alone.
    let now: Timestamp = "2025-11-25T20:00:00Z".parse().unwrap();
    let candidates: Vec<Candidate> = ids
        .iter()
        .zip(&dates)
        .map(|(id, (t, _))| Candidate {
            id: id.clone(),
            created: *t,
            verified: Verified::Ok,
            hold: None,
            offsite_pending: false,
        })
        .collect();
    let plan = retention::apply(&policy(), &candidates, &BackupHealth::default(), now, false);
    assert!(plan.blocked.is_none(), "{:?}", plan.blocked);
    let expected: BTreeSet<String> = plan
        .items
        .iter()
        .filter(|i| i.decision == Decision::Keep)
        .map(|i| i.id.clone())
        .collect();
    // By hand, for the same dates: keep_last 1 and daily 5 = the last five
    // nights (2025-11-25 01:05 loses its day to 02:30); weekly 3 = ISO weeks
    // 48 and 47 (covered) and week 42's 2025-10-15; monthly 6 = Nov and Oct
    // (covered), Sep, Aug, Jul, Jun 15ths; yearly 2 = 2025 (covered) and
    // 2024-12-15: 5 + 1 + 4 + 1.
    assert_eq!(expected.len(), 11, "{expected:?}");
    for (i, (t, _)) in dates.iter().enumerate() {
        let day = t.strftime("%Y-%m-%d").to_string();
        let by_hand = (i >= dates.len() - 6 && i < dates.len() - 1)
            || [
                "2025-10-15",
                "2025-09-15",
                "2025-08-15",
                "2025-07-15",
                "2025-06-15",
                "2024-12-15",
            ]
            .contains(&day.as_str());
        assert_eq!(expected.contains(&ids[i]), by_hand, "{t}");
    }
    let r = json_at(&v, Some(&now.to_string()), &["prune", "--json"]);
    assert_eq!(r["ok"], true, "{r}");
    let kept: BTreeSet<String> = v
        .list()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kept, expected);

    // Each kind, from the last five nights (kept by the daily rule):
    // restored into an empty database it gives back the source database,
    // and its payload is byte for byte the original dump.
    let expected_dump = src.db.dump_normalized();
    let n = dates.len();
    for i in n - 6..n - 1 {
        let (id, kind) = (&ids[i], dates[i].1);
        assert!(kept.contains(id), "{kind:?} {id} is kept");
        let dst = fresh_db(&format!("import_{}", kind.ext().replace('.', "_")));
        let out = v.ok(&[
            "restore",
            id,
            "--to",
            &dst.url(),
            "-i",
            v.identity_str(),
            "--json",
        ]);
        let rr: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            rr["report"]["tables_checked"], 0,
            "no row counts to check: {rr}"
        );
        assert_same_dump(&expected_dump, &dst.dump_normalized(), &format!("{kind:?}"));
        let unpacked = sd.path(&format!("unpacked-{i}"));
        v.ok(&[
            "unpack",
            "-i",
            v.identity_str(),
            "-o",
            unpacked.to_str().unwrap(),
            v.archive_path(id).to_str().unwrap(),
        ]);
        assert!(
            std::fs::read(&unpacked).unwrap() == kind.original(),
            "{kind:?}: the archive's payload is the original dump"
        );
        std::fs::remove_file(&unpacked).unwrap();
    }

    // A drill of an imported archive (plain and custom) passes without counts.
    for i in [n - 6, n - 2] {
        let d = v.ok_json(&["drill", &ids[i], "-i", v.identity_str(), "--json"]);
        assert_eq!(d["ok"], true, "{d}");
    }

    // The catalog rebuilt from the store alone knows the imported archives
    // by their source's time and facts (the seal carries them).
    let listed = v.list();
    v.ok_json(&["catalog", "rebuild", "--json"]);
    let rebuilt = v.list();
    assert_eq!(
        rebuilt
            .iter()
            .map(|a| (&a["id"], &a["created"]))
            .collect::<Vec<_>>(),
        listed
            .iter()
            .map(|a| (&a["id"], &a["created"]))
            .collect::<Vec<_>>()
    );
    let facts = &v.show(&ids[n - 3])["facts"];
    assert_eq!(
        facts["imported"]["layers"][0], "openpgp-symmetric",
        "{facts}"
    );
}

/// Runs `coffer import FILES` and asserts exit `code` and that nothing was
/// registered or left in the store; returns stderr.
fn refused(v: &TestVault, args: &[&str], files: &[PathBuf], code: i32) -> String {
    let before = v.snapshot_state();
    let out = import(v, args, files);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{files:?}: {stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("coffer: error:"))
        .collect();
    assert_eq!(
        errors.len(),
        files.len(),
        "one error line per file: {stderr}"
    );
    v.assert_unchanged(&before);
    stderr
}

#[test]
fn bad_files_and_wrong_passphrases_are_refused_with_nothing_registered() {
    let src = seed();
    let v = TestVault::new(&src.db.url());
    let sd = SeedDir::new();
    let pass = sd.pass.to_str().unwrap().to_owned();
    let wrong = sd.path("wrong");
    std::fs::write(&wrong, "not the passphrase\n").unwrap();
    let wrong = wrong.to_str().unwrap().to_owned();

    let gpg_file = sd.make("fis_learn_20250101_010101", Kind::SqlGzGpg);
    let e = refused(
        &v,
        &["--passphrase-file", &wrong],
        std::slice::from_ref(&gpg_file),
        4,
    );
    assert!(e.contains("wrong passphrase"), "{e}");
    let e = refused(&v, &[], std::slice::from_ref(&gpg_file), 4);
    assert!(e.contains("--passphrase-file"), "{e}");
    // --dry-run without the passphrase still lists the file and its date.
    let out = import(&v, &["--dry-run"], std::slice::from_ref(&gpg_file));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("created 2025-01-01T01:01:01Z (from name), unknown until decrypted"),
        "{stdout}"
    );
    let runs = v.runs(RunKind::Import);
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.outcome == Some(Outcome::Failed)));

    // Random bytes (whether or not the first byte looks like an OpenPGP tag).
    let mut not_dumps = Vec::new();
    for (i, first) in [0x00u8, 0x8c, 0xc3].iter().enumerate() {
        let p = sd.path(&format!("fis_learn_2025010{i}_000000.sql"));
        let mut bytes: Vec<u8> = (0..4096u32)
            .map(|n| (n.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        bytes[0] = *first;
        std::fs::write(&p, bytes).unwrap();
        not_dumps.push(p);
    }
    // A gzip of random text: a good gzip, but no dump inside.
    let text = sd.path("text.txt");
    std::fs::write(&text, "lorem ipsum dolor sit amet\n".repeat(200)).unwrap();
    let gz_text = sd.path("fis_learn_20250105_000000.sql.gz");
    sd.gzip(&text, &gz_text);
    not_dumps.push(gz_text);
    // A gpg file of text: decrypts, but no dump inside.
    let gpg_text = sd.path("fis_learn_20250106_000000.sql.gpg");
    sd.gpg_symmetric(&text, &gpg_text, &sd.pass);
    not_dumps.push(gpg_text);
    // pg_dumpall's cluster dump is not a pg_dump of one database.
    let all = sd.path("fis_learn_20250107_000000.sql");
    std::fs::write(
        &all,
        "--\n-- PostgreSQL database cluster dump\n--\n\nSET x = 1;\n",
    )
    .unwrap();
    not_dumps.push(all);
    let e = refused(&v, &["--passphrase-file", &pass], &not_dumps, 5);
    assert!(e.contains("not a pg_dump file"), "{e}");

    // A truncated .gz of a real dump: the head is fine, the end is missing;
    // found while streaming, and the half-written archive is removed.
    let whole = sd.make("fis_learn_20250108_000000", Kind::SqlGz);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = sd.path("fis_learn_20250109_000000.sql.gz");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let e = refused(&v, &[], std::slice::from_ref(&cut), 5);
    assert!(e.contains("damaged"), "{e}");
    // A .gz.gpg whose ciphertext is cut: OpenPGP's integrity check fails.
    let bytes = std::fs::read(&gpg_file).unwrap();
    let cut_gpg = sd.path("fis_learn_20250110_000000.sql.gz.gpg");
    std::fs::write(&cut_gpg, &bytes[..bytes.len() - 100]).unwrap();
    refused(
        &v,
        &["--passphrase-file", &pass],
        std::slice::from_ref(&cut_gpg),
        5,
    );

    // One bad file does not stop the others: the good one is imported, the
    // exit code is the worst of the files'.
    let out = import(
        &v,
        &["--passphrase-file", &pass],
        &[cut.clone(), gpg_file.clone()],
    );
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(v.list().len(), 1);
    assert_eq!(
        files_containing(v.dir(), MARKER.as_bytes()),
        Vec::<PathBuf>::new(),
        "no plaintext left by the failed imports"
    );
}

#[test]
fn a_file_that_does_not_match_the_pattern_is_dated_by_its_mtime_or_by_pattern() {
    let src = seed();
    let v = TestVault::new(&src.db.url());
    let sd = SeedDir::new();
    // The seed's schema-only file: no time in its name.
    let f = sd.path("fis_learn_schema_20240206.sql");
    std::fs::write(&f, &src.plain).unwrap();
    let st = tool("touch")
        .args(["-d", "2024-02-06T03:04:05Z"])
        .arg(&f)
        .status()
        .unwrap();
    assert!(st.success());
    let out = import(&v, &["--dry-run", "--json"], std::slice::from_ref(&f));
    assert!(out.status.success());
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        j["files"][0]["planned"]["created"], "2024-02-06T03:04:05Z",
        "{j}"
    );
    assert_eq!(j["files"][0]["planned"]["created_from"], "mtime");
    // With --pattern the name's date counts.
    let out = import(
        &v,
        &["--json", "--pattern", "*_%Y%m%d"],
        std::slice::from_ref(&f),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["files"][0]["created"], "2024-02-06T00:00:00Z", "{j}");
    assert_eq!(j["files"][0]["created_from"], "name");
    // A malformed pattern is a config error (exit 3) before any file is read.
    let out = import(&v, &["--pattern", "%Y%q"], std::slice::from_ref(&f));
    assert_eq!(out.status.code(), Some(3));
}

/// A vault that keeps a class apart (spec/classes.md): a whole-database dump
/// holds that class's rows, so import refuses to guess, and `--class ferpa`
/// puts the archive under the class's own keys and store.
#[test]
fn a_vault_with_classes_needs_the_class_of_the_imported_dump() {
    let src = seed();
    let v = TestVault::new(&src.db.url());
    let ferpa_identity = v.dir().join("keys/ferpa.txt");
    let ferpa_recipient = classes_support::new_identity(&ferpa_identity);
    classes_support::append_config(
        &v,
        &format!(
            "[classes.ferpa]\ntables = [\"public.import_marker\"]\nrecipients = [{ferpa_recipient:?}]\nstore = \"ferpa-local\"\n\n\
             [stores.ferpa-local]\ntype = \"local\"\npath = \"ferpa-archives\"\n"
        ),
    );
    let sd = SeedDir::new();
    let f = sd.make("fis_learn_20250601_020000", Kind::Custom);
    let before = v.snapshot_state();
    let out = import(&v, &[], std::slice::from_ref(&f));
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--class ferpa"));
    v.assert_unchanged(&before);
    let out = import(&v, &["--class", "nosuch"], std::slice::from_ref(&f));
    assert_eq!(out.status.code(), Some(3));

    let out = import(
        &v,
        &["--class", "ferpa", "--json"],
        std::slice::from_ref(&f),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = j["files"][0]["archive_id"].as_str().unwrap().to_owned();
    let show = v.show(&id);
    assert_eq!(show["archive"]["class"], "ferpa", "{show}");
    assert_eq!(show["archive"]["store"], "ferpa-local", "{show}");
    let mut files = Vec::new();
    walk(&v.dir().join("ferpa-archives"), &mut files);
    assert!(
        files.iter().any(|p| p.to_string_lossy().contains(&id)),
        "the archive is in the class's store: {files:?}"
    );
    // The general identity opens nothing of it; the class's restores it.
    let dst = fresh_db("import_ferpa");
    let denied = v
        .bare_cmd()
        .arg("--config")
        .arg(v.config())
        .args(["restore", &id, "--to", &dst.url(), "-i", v.identity_str()])
        .output()
        .unwrap();
    assert_eq!(
        denied.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&denied.stderr)
    );
    v.ok(&[
        "restore",
        &id,
        "--to",
        &dst.url(),
        "-i",
        ferpa_identity.to_str().unwrap(),
    ]);
    assert_same_dump(
        &src.db.dump_normalized(),
        &dst.dump_normalized(),
        "ferpa import",
    );
}
