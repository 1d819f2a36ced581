//! Fuzzes the encryption front (spec/format.md "Layer 1: encryption"): the
//! detection of age or OpenPGP by the first bytes and the decryption, with
//! the test vectors' keys (testdata/vectors/keys: the age identity, the
//! OpenPGP secret key and the passphrase), through
//! `coffer::crypto::fuzz_decrypt`. The age scrypt work factor is capped at
//! 2^12 so that a fuzzed file costs milliseconds (coffer itself accepts the
//! age crate's bound). Seeds: `fuzz/corpus/decrypt/` (vector archives, and
//! small files made by the age and gpg CLIs).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use coffer::crypto::Keys;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors/keys");

fn keys() -> &'static Keys {
    static KEYS_: OnceLock<Keys> = OnceLock::new();
    KEYS_.get_or_init(|| {
        let dir = Path::new(KEYS);
        let mut k = Keys::new();
        for f in ["age.key", "pgp.sec.asc"] {
            k.add_identity_file(&dir.join(f))
                .unwrap_or_else(|e| panic!("{f}: {e}"));
        }
        let p = coffer::crypto::read_passphrase_file(&dir.join("passphrase.txt"))
            .unwrap_or_else(|e| panic!("passphrase.txt: {e}"));
        k.set_passphrase(p);
        k.set_max_scrypt_work_factor(12);
        k
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::fuzz_decrypt(keys(), data);
});
