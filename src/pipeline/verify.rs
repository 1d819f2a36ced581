//! `coffer verify` of vault archives: keyless (seal, signature, ciphertext
//! hash) or deep (decrypt, every entry hash, the manifest).

use std::time::Instant;

use serde_json::{Value, json};

use super::loose;
use crate::catalog::{ArchiveRecord, Outcome, RunKind, VerificationRecord};
use crate::crypto::Keys;
use crate::error::{Error, Result};
use crate::format;

use super::vault::{Vault, ms};

/// Result of verifying one archive of the vault.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    pub archive_id: String,
    pub deep: bool,
    pub ok: bool,
    pub error: Option<String>,
    pub class: Option<String>,
    pub duration_ms: u64,
}

/// `coffer verify ID`: keyless (seal, trusted signature, ciphertext), or deep
/// with keys. The result is recorded either way.
pub fn verify(vault: &Vault, rec: &ArchiveRecord, keys: Option<&Keys>) -> Result<VerifyReport> {
    let t = Instant::now();
    let deep = keys.is_some();
    let signer = vault.signer()?;
    let path = vault.archive_path(rec)?;
    let result: Result<()> = (|| {
        let keyless = loose::verify_keyless(&path, Some(&signer))?;
        check_seal_matches_record(&keyless.seal.seal, rec)?;
        if let Some(keys) = keys {
            let mut sink = |_: &str, _: &[u8]| Ok(());
            // The keyless check above is step 1 of spec "Reader check
            // order"; the deep read hashes the ciphertext again as it
            // decrypts and compares (the file must not change in between).
            let src = loose::FileSource(&path);
            loose::read_checked_against(&src, Some(&keyless), keys, &mut sink).map_err(|e| {
                if e.class == format::ErrorClass::NoMatchingKey {
                    format::Error::new(
                        e.class,
                        format!(
                            "{e} (archive {} is of class {}; pass -i with that class's key)",
                            rec.id, rec.class
                        ),
                    )
                } else {
                    e
                }
            })?;
        }
        Ok(())
    })();
    let duration_ms = ms(t);
    let (ok, error, class) = match &result {
        Ok(()) => (true, None, None),
        Err(e) => (false, Some(e.to_string()), Some(e.class_name())),
    };
    // A key that does not open the archive says nothing about the archive:
    // it is no verification of it, and its copy stays as it was (the run
    // below still records the attempt).
    let key_problem = matches!(&result, Err(Error::Format(f))
        if matches!(f.class, format::ErrorClass::NoMatchingKey | format::ErrorClass::KeyInvalid));
    if !key_problem {
        record(vault, rec, deep, ok, error.as_deref(), duration_ms)?;
    }
    let details = json!({ "deep": deep, "ok": ok, "duration_ms": duration_ms });
    let run = vault
        .catalog
        .start_run(RunKind::Verify, Some(&rec.id), details)?;
    vault.catalog.finish_run(
        run,
        if ok { Outcome::Ok } else { Outcome::Failed },
        error.as_deref(),
        Value::Null,
    )?;
    vault.audit(
        crate::audit::Action::Verify,
        crate::audit::Object::Archive(rec.id.clone()),
        crate::audit::Outcome::of(&result),
        json!({ "mode": if deep { "deep" } else { "keyless" }, "store": rec.store,
            "duration_ms": duration_ms, "error": error }),
    );
    result?;
    Ok(VerifyReport {
        archive_id: rec.id.clone(),
        deep,
        ok,
        error,
        class,
        duration_ms,
    })
}

/// Records a verification, and the primary copy's state follows it.
fn record(
    vault: &Vault,
    rec: &ArchiveRecord,
    deep: bool,
    ok: bool,
    error: Option<&str>,
    duration_ms: u64,
) -> Result<()> {
    vault.catalog.record_verification(VerificationRecord {
        archive_id: rec.id.clone(),
        at: crate::now(),
        deep,
        store: rec.store.clone(),
        ok,
        error: error.map(str::to_owned),
        duration_ms,
    })?;
    if vault.catalog.copy(&rec.id, &rec.store)?.is_some() {
        match error {
            None => vault.catalog.mark_copy_checked(&rec.id, &rec.store)?,
            Some(e) => vault.catalog.mark_copy_bad(&rec.id, &rec.store, e)?,
        }
    }
    Ok(())
}

/// The catalog's record and the seal on disk must agree: a swapped seal
/// (of another validly signed archive) is caught here.
pub(crate) fn check_seal_matches_record(seal: &format::Seal, rec: &ArchiveRecord) -> Result<()> {
    if seal.archive_id != rec.id
        || seal.ciphertext.sha256 != rec.sha256
        || seal.ciphertext.size != rec.size
    {
        return Err(format::Error::new(
            format::ErrorClass::SealMismatch,
            format!(
                "the seal in the store does not belong to archive {} as the catalog knows it",
                rec.id
            ),
        )
        .into());
    }
    Ok(())
}
