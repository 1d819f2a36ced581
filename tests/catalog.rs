//! Integration tests for the SQLite catalog, against real files in a temp dir.

use std::error::Error as StdError;

use coffer::catalog::{
    ArchiveFilter, ArchiveRecord, ArchiveStatus, Catalog, DrillRecord, Error, Outcome, RunFilter,
    RunKind, SCHEMA_VERSION, VerificationRecord,
};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

type TestResult = Result<(), Box<dyn StdError>>;

fn ts(s: &str) -> Timestamp {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test timestamp {s}: {e}"))
}

fn archive(id: &str, class: &str, created: Timestamp) -> ArchiveRecord {
    ArchiveRecord {
        id: id.to_string(),
        class: class.to_string(),
        created,
        store: "local".to_string(),
        key: format!("{class}/{id}.coffer"),
        size: 123_456_789,
        sha256: "ab".repeat(32),
        encryption: "age".to_string(),
        recipients: vec!["age1xyz".to_string(), "age1abc".to_string()],
        payload_kind: "pg_dump-custom".to_string(),
        seal: format!(r#"{{"id":"{id}","class":"{class}","sig":"…"}}"#),
        facts: json!({"database": "school", "row_counts": {"public.t": 42}}),
        run_id: None,
        set_id: Some("set-1".to_string()),
        status: ArchiveStatus::Good,
    }
}

#[test]
fn migrates_an_empty_file_and_reopens_with_data() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    {
        let cat = Catalog::open(&path)?;
        assert_eq!(cat.schema_version()?, SCHEMA_VERSION);
        assert_eq!(Catalog::supported_schema_version(), SCHEMA_VERSION);
        cat.insert_archive(archive("a1b2c3d4e5", "general", ts("2026-01-01T02:00:00Z")))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "catalog file mode {mode:o}");
    }
    let cat = Catalog::open(&path)?;
    assert_eq!(cat.schema_version()?, SCHEMA_VERSION);
    let got = cat.archive("a1b2c3d4e5")?.ok_or("archive lost on reopen")?;
    assert_eq!(
        got,
        archive("a1b2c3d4e5", "general", ts("2026-01-01T02:00:00Z"))
    );
    Ok(())
}

#[test]
fn a_newer_catalog_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    drop(Catalog::open(&path)?);
    // What a newer coffer leaves behind: the SQLite header's user_version
    // (offset 60, big-endian u32; https://sqlite.org/fileformat.html) bumped.
    // Written as raw bytes so rusqlite stays inside src/catalog.
    let mut bytes = std::fs::read(&path)?;
    bytes[60..64].copy_from_slice(&(SCHEMA_VERSION + 7).to_be_bytes());
    std::fs::write(&path, &bytes)?;
    match Catalog::open(&path) {
        Err(Error::TooNew { found, supported }) => {
            assert_eq!(found, SCHEMA_VERSION + 7);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let msg = Catalog::open(&path).err().ok_or("opened")?.to_string();
    assert_eq!(
        msg,
        format!(
            "catalog schema version {} is newer than this coffer supports ({SCHEMA_VERSION}); upgrade coffer",
            SCHEMA_VERSION + 7
        )
    );
    assert!(!msg.contains('\n'));
    Ok(())
}

#[test]
fn wal_mode_is_on() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    let cat = Catalog::open(&path)?;
    cat.insert_archive(archive("wal0000001", "general", ts("2026-01-01T00:00:00Z")))?;
    // While open, writes go to the -wal file.
    let wal = dir.path().join("catalog.db-wal");
    assert!(wal.exists());
    #[cfg(unix)]
    {
        // SQLite gives the -wal file the database file's 0600 mode.
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&wal)?.permissions().mode() & 0o777, 0o600);
    }
    drop(cat);
    // WAL is persistent: header bytes 18 and 19 (write/read format) are 2 in WAL mode.
    let bytes = std::fs::read(&path)?;
    assert_eq!((bytes[18], bytes[19]), (2, 2));
    Ok(())
}

#[test]
fn missing_parent_directory_is_a_clear_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let err = Catalog::open(dir.path().join("nope/catalog.db"))
        .err()
        .ok_or("opened")?;
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("nope/catalog.db"), "{err}");
    Ok(())
}

#[test]
fn duplicate_archive_is_refused() -> TestResult {
    let cat = Catalog::open_in_memory()?;
    let a = archive("dup000001", "general", ts("2026-01-01T00:00:00Z"));
    cat.insert_archive(&a)?;
    let err = cat.insert_archive(&a).err().ok_or("inserted twice")?;
    assert!(
        matches!(&err, Error::Duplicate(id) if id == "dup000001"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "archive dup000001 is already in the catalog"
    );
    // A batch with a duplicate inserts nothing.
    let b = archive("new000001", "general", ts("2026-01-02T00:00:00Z"));
    assert!(cat.insert_archives(&[b, a]).is_err());
    assert!(cat.archive("new000001")?.is_none());
    Ok(())
}

#[test]
fn resolve_latest_prefix_ambiguous_and_not_found() -> TestResult {
    let cat = Catalog::open_in_memory()?;
    assert!(matches!(
        cat.resolve("latest", None),
        Err(Error::NotFound(_))
    ));
    cat.insert_archives(&[
        archive("aaaaaa111", "general", ts("2026-01-01T02:00:00Z")),
        archive("aaaaaa222", "general", ts("2026-01-02T02:00:00Z")),
        archive("bbbbbb333", "ferpa", ts("2026-01-03T02:00:00Z")),
        // Sub-second precision must order correctly against whole seconds.
        archive("cccccc444", "general", ts("2026-01-02T02:00:00.5Z")),
    ])?;

    assert_eq!(cat.resolve("latest", None)?.id, "bbbbbb333");
    assert_eq!(cat.resolve("latest", Some("general"))?.id, "cccccc444");
    assert_eq!(
        cat.latest(Some("ferpa"))?.map(|a| a.id),
        Some("bbbbbb333".into())
    );
    assert!(cat.latest(Some("hr"))?.is_none());

    assert_eq!(cat.resolve("aaaaaa111", None)?.id, "aaaaaa111");
    assert_eq!(cat.resolve("bbbbbb", None)?.id, "bbbbbb333");
    assert_eq!(cat.resolve("aaaaaa2", None)?.id, "aaaaaa222");

    let err = cat.resolve("aaaaaa", None).err().ok_or("resolved")?;
    match &err {
        Error::Ambiguous {
            prefix,
            count,
            matches,
        } => {
            assert_eq!(prefix, "aaaaaa");
            assert_eq!(*count, 2);
            assert_eq!(matches, &["aaaaaa111".to_string(), "aaaaaa222".to_string()]);
        }
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    assert!(!err.to_string().contains('\n'));
    assert!(err.to_string().contains("aaaaaa111, aaaaaa222"), "{err}");

    // Too short to be a prefix, unknown, wrong class, LIKE wildcards taken literally.
    for spec in ["aaa", "zzzzzzzz", "aaaaa%", "aaaaa_111"] {
        let err = cat.resolve(spec, None).err().ok_or(spec)?;
        assert!(matches!(err, Error::NotFound(_)), "{spec}: {err:?}");
        assert!(!err.to_string().contains('\n'));
    }
    assert!(matches!(
        cat.resolve("bbbbbb333", Some("general")),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        cat.resolve("aaaaaa", Some("ferpa")),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        cat.resolve("latest", Some("hr")),
        Err(Error::NotFound(m)) if m.contains("class hr")
    ));
    Ok(())
}

#[test]
fn deleted_archives_leave_latest_and_listings() -> TestResult {
    let mut cat = Catalog::open_in_memory()?;
    let when = ts("2026-02-01T00:00:00Z");
    cat.set_clock(move || when);
    cat.insert_archives(&[
        archive("old0000001", "general", ts("2026-01-01T00:00:00Z")),
        archive("new0000002", "general", ts("2026-01-02T00:00:00Z")),
    ])?;
    cat.mark_deleted("new0000002", "daily window passed")?;
    // Idempotent: the first record stays.
    cat.mark_deleted("new0000002", "again")?;
    assert!(matches!(
        cat.mark_deleted("nothing000", "x"),
        Err(Error::NotFound(_))
    ));

    assert_eq!(cat.resolve("latest", None)?.id, "old0000001");
    let good = cat.archives(ArchiveFilter::default())?;
    assert_eq!(
        good.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["old0000001"]
    );
    let all = cat.archives(ArchiveFilter {
        class: Some("general".into()),
        include_deleted: true,
    })?;
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].status, ArchiveStatus::Deleted);
    // An exact id still resolves, so `show` can explain it.
    assert_eq!(
        cat.resolve("new0000002", None)?.status,
        ArchiveStatus::Deleted
    );
    let del = cat.deletion("new0000002")?.ok_or("no deletion record")?;
    assert_eq!(del.at, when);
    assert_eq!(del.reason, "daily window passed");
    assert!(cat.deletion("old0000001")?.is_none());
    Ok(())
}

#[test]
fn runs_start_finish_and_crash() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    let t0 = ts("2026-03-01T02:00:00Z");
    let (ok_id, crashed_id, failed_id);
    {
        let mut cat = Catalog::open(&path)?;
        cat.set_clock(move || t0);
        ok_id = cat.start_run(
            RunKind::Backup,
            Some("arch000001"),
            json!({"format": "custom"}),
        )?;
        crashed_id = cat.start_run(RunKind::Backup, None, json!({}))?;
        cat.set_clock(move || t0 + SignedDuration::from_millis(1500));
        cat.finish_run(ok_id, Outcome::Ok, None, json!({"bytes": 10}))?;
        failed_id = cat.start_run(RunKind::Verify, Some("arch000001"), json!(null))?;
        cat.finish_run(
            failed_id,
            Outcome::Failed,
            Some("ciphertext hash mismatch"),
            json!(null),
        )?;
        assert!(matches!(
            cat.finish_run(ok_id, Outcome::Failed, None, json!(null)),
            Err(Error::RunFinished(id)) if id == ok_id
        ));
        assert!(matches!(
            cat.finish_run(9999, Outcome::Ok, None, json!(null)),
            Err(Error::NotFound(_))
        ));
        // The process "dies" here with crashed_id unfinished.
    }
    let cat = Catalog::open(&path)?;
    let ok = cat.run(ok_id)?.ok_or("run lost")?;
    assert_eq!(ok.kind, RunKind::Backup);
    assert_eq!(ok.archive_id.as_deref(), Some("arch000001"));
    assert_eq!(ok.started, t0);
    assert_eq!(ok.finished, Some(t0 + SignedDuration::from_millis(1500)));
    assert_eq!(ok.duration_ms, Some(1500));
    assert_eq!(ok.outcome, Some(Outcome::Ok));
    assert_eq!(ok.details, json!({"format": "custom", "bytes": 10}));

    let crashed = cat.run(crashed_id)?.ok_or("run lost")?;
    assert_eq!(
        (crashed.finished, crashed.duration_ms, crashed.outcome),
        (None, None, None)
    );

    let failed = cat.last_run(RunKind::Verify)?.ok_or("no verify run")?;
    assert_eq!(failed.id, failed_id);
    assert_eq!(failed.outcome, Some(Outcome::Failed));
    assert_eq!(failed.error.as_deref(), Some("ciphertext hash mismatch"));

    // Newest first; the later-started failed verify comes before the backups.
    let all = cat.runs(RunFilter::default())?;
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        [failed_id, crashed_id, ok_id]
    );
    let backups = cat.runs(RunFilter {
        kind: Some(RunKind::Backup),
        ..RunFilter::default()
    })?;
    assert_eq!(backups.len(), 2);
    let for_archive = cat.runs(RunFilter {
        archive_id: Some("arch000001".into()),
        limit: Some(1),
        ..RunFilter::default()
    })?;
    assert_eq!(
        for_archive.iter().map(|r| r.id).collect::<Vec<_>>(),
        [failed_id]
    );
    assert_eq!(
        cat.last_run(RunKind::Backup)?.map(|r| r.id),
        Some(crashed_id)
    );
    assert!(cat.last_run(RunKind::Drill)?.is_none());

    // JSON output shape for --json.
    let v = serde_json::to_value(&ok)?;
    assert_eq!(v["kind"], "backup");
    assert_eq!(v["outcome"], "ok");
    assert_eq!(v["started"], "2026-03-01T02:00:00Z");
    Ok(())
}

#[test]
fn archive_links_to_its_backup_run() -> TestResult {
    let cat = Catalog::open_in_memory()?;
    let run = cat.start_run(RunKind::Backup, Some("linked0001"), json!({}))?;
    let mut a = archive("linked0001", "general", ts("2026-01-01T00:00:00Z"));
    a.run_id = Some(run);
    cat.insert_archive(&a)?;
    assert_eq!(cat.archive("linked0001")?.and_then(|a| a.run_id), Some(run));
    let mut b = archive("linked0002", "general", ts("2026-01-01T00:00:00Z"));
    b.run_id = Some(run + 100);
    assert!(matches!(cat.insert_archive(&b), Err(Error::NotFound(_))));
    Ok(())
}

#[test]
fn verification_and_drill_history() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    let cat = Catalog::open(&path)?;
    cat.insert_archive(archive("hist000001", "general", ts("2026-01-01T00:00:00Z")))?;
    assert!(cat.last_verification("hist000001")?.is_none());

    let v1 = VerificationRecord {
        archive_id: "hist000001".into(),
        at: ts("2026-01-02T00:00:00Z"),
        deep: false,
        store: "local".into(),
        ok: true,
        error: None,
        duration_ms: 812,
    };
    let v2 = VerificationRecord {
        at: ts("2026-01-03T00:00:00Z"),
        deep: true,
        ok: false,
        error: Some("entry dump/0003 digest mismatch".into()),
        ..v1.clone()
    };
    // Recorded out of order: history comes back ordered by time.
    cat.record_verification(&v2)?;
    cat.record_verification(v1.clone())?;
    assert_eq!(
        cat.verifications("hist000001")?,
        vec![v1.clone(), v2.clone()]
    );
    assert_eq!(cat.last_verification("hist000001")?, Some(v2));
    assert!(matches!(
        cat.record_verification(VerificationRecord {
            archive_id: "ghost00001".into(),
            ..v1
        }),
        Err(Error::NotFound(_))
    ));

    let d = DrillRecord {
        archive_id: "hist000001".into(),
        at: ts("2026-01-04T03:00:00.123456789Z"),
        ok: false,
        scratch_db: "coffer_drill_1a2b".into(),
        restore_ms: 5400,
        check_ms: 300,
        total_ms: 5900,
        tables_checked: 21,
        mismatches: json!([{"table": "public.payment", "expected": 16049, "found": 16048}]),
        error: Some("1 table differs".into()),
    };
    cat.record_drill(&d)?;
    drop(cat);
    let cat = Catalog::open(&path)?;
    assert_eq!(cat.drills("hist000001")?, vec![d]);
    assert!(cat.drills("ghost00001")?.is_empty());
    Ok(())
}

#[test]
fn three_thousand_archives_round_trip() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalog.db");
    let start = ts("2019-01-01T02:00:00Z");
    let day = SignedDuration::from_hours(24);
    // Inserted newest first, so the listing order must come from `created`.
    let recs: Vec<ArchiveRecord> = (0..3000i32)
        .rev()
        .map(|i| {
            let class = if i % 3 == 0 { "ferpa" } else { "general" };
            let mut a = archive(
                &format!("{i:08x}-{:04}", i * 7 % 10_000),
                class,
                start + day * i,
            );
            a.facts = json!({"n": i});
            a.size = u64::try_from(i).unwrap_or_default() * 1000;
            a
        })
        .collect();
    {
        let cat = Catalog::open(&path)?;
        cat.insert_archives(&recs)?;
    }
    let cat = Catalog::open(&path)?;
    let listed = cat.archives(ArchiveFilter::default())?;
    assert_eq!(listed.len(), 3000);
    let mut expected = recs.clone();
    expected.reverse();
    assert_eq!(listed, expected);
    let ferpa = cat.archives(ArchiveFilter {
        class: Some("ferpa".into()),
        include_deleted: false,
    })?;
    assert_eq!(ferpa.len(), 1000);
    assert!(ferpa.windows(2).all(|w| w[0].created < w[1].created));
    assert_eq!(cat.latest(None)?.as_ref(), expected.last());
    Ok(())
}
