//! Fuzzes the encryption front (spec/format.md "Layer 1: encryption"): the
//! detection of age or OpenPGP by the first bytes and the decryption, with
//! the test vectors' keys (testdata/vectors/keys: the age identity, the
//! OpenPGP secret key and the passphrase), through
//! `coffer::crypto::fuzz_decrypt`. The age scrypt work factor is capped at
//! 2^12 so that a fuzzed file costs milliseconds (coffer itself accepts the
//! age crate's bound). Seeds: `fuzz/corpus/decrypt/` (vector archives, and
//! small files made by the age and gpg CLIs).
#![no_main]

use std::sync::OnceLock;

use coffer::crypto::Keys;

#[path = "vector_keys.rs"]
mod vector_keys;

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| vector_keys::load(&["age.key", "pgp.sec.asc"], true))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::fuzz_decrypt(keys(), data);
});
