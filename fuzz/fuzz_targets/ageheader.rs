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

use std::path::Path;
use std::sync::OnceLock;

use coffer::crypto::Keys;

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/vectors/keys");

fn keys() -> &'static Keys {
    static KEYS_: OnceLock<Keys> = OnceLock::new();
    KEYS_.get_or_init(|| {
        let dir = Path::new(KEYS);
        let mut k = Keys::new();
        for f in ["age.key", "other.key"] {
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
    coffer::crypto::rekey::fuzz_age_header(keys(), data);
});
