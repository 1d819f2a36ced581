//! Fuzzes the erasure ledger's entry parser and chain check
//! (spec/erasure.md "Ledger") through `coffer::erasure::ledger::fuzz_one`.
//! An input is entry JSON and signature, NUL-separated, entry after entry.
//! The trusted signer is the key of the vault the seeds came from
//! (`fuzz/keys/seed-vault.pub`), so the seeds verify. Seeds: `fuzz/corpus/ledger/`.
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
    coffer::erasure::ledger::fuzz_one(data, signer());
});
