//! Fuzzes the age header parser of `coffer rekey` (spec/format.md "Rekey")
//! through `coffer::crypto::rekey::fuzz_age_header`: an input is an age
//! file (its header, then payload bytes). A header that parses must parse
//! again from its own bytes; its file key is unwrapped with the test
//! vectors' keys (testdata/vectors/keys: `age.key`, `other.key` and the
//! passphrase, scrypt capped at 2^12) and a header that opens is rewritten
//! to a new recipient, which must parse and verify. Seeds:
//! `fuzz/corpus/ageheader/` (vector archives and `age` CLI files cut after
//! the header and nonce).
#![no_main]

use std::sync::OnceLock;

use coffer::crypto::Keys;

#[path = "vector_keys.rs"]
mod vector_keys;

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| vector_keys::load(&["age.key", "other.key"], true))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::rekey::fuzz_age_header(keys(), data);
});
