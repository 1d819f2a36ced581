//! Fuzzes the seal parser and its signature check (spec/format.md "Seal")
//! through `coffer::format::seal::fuzz_seal`. An input is a seal file, a NUL
//! byte and its `.seal.sig`; the trusted signer is the test vectors' key
//! (testdata/vectors/keys/signing.pub), so seeds made from the vectors
//! verify. Seeds: `fuzz/corpus/seal/`.
#![no_main]

use std::sync::OnceLock;

use coffer::crypto::sign::VerifyingKey;

fn signer() -> &'static VerifyingKey {
    static KEY: OnceLock<VerifyingKey> = OnceLock::new();
    KEY.get_or_init(|| {
        VerifyingKey::parse(include_str!("../../testdata/vectors/keys/signing.pub"))
            .unwrap_or_else(|e| panic!("testdata/vectors/keys/signing.pub: {e}"))
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::format::seal::fuzz_seal(data, signer());
});
