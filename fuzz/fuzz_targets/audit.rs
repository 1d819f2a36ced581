//! Fuzzes the audit log's entry and segment parser (spec/audit.md "Entry",
//! "Segments", "Verification") through `coffer::audit::segments::fuzz_one`.
//! An input is a segment (`.jsonl`), a NUL byte and its `.jsonl.sig`. The
//! trusted signer is the key of the vault the seeds came from
//! (`fuzz/keys/seed-vault.pub`), so the seeds verify. Seeds: `fuzz/corpus/audit/`.
#![no_main]

use std::sync::OnceLock;

use coffer::crypto::sign::VerifyingKey;

fn signer() -> &'static VerifyingKey {
    static KEY: OnceLock<VerifyingKey> = OnceLock::new();
    KEY.get_or_init(|| {
        VerifyingKey::parse(include_str!("../keys/seed-vault.pub"))
            .unwrap_or_else(|e| panic!("fuzz/keys/seed-vault.pub: {e}"))
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::audit::segments::fuzz_one(data, signer());
});
