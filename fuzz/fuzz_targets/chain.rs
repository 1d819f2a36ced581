//! Fuzzes the signing-key rotation and revocation statements and the chain
//! check (spec/format.md "Signing-key rotation") through
//! `coffer::crypto::chain::fuzz_chain`. An input is statements and their
//! signatures, NUL-separated (rotation JSON, previous key's signature,
//! next key's signature; revocation JSON, its signature). The vault's
//! pinned first key is the test vectors' signing key
//! (testdata/vectors/keys/signing.pub), so the good seeds (signed with
//! `ssh-keygen -Y sign -n coffer-signer-rotation` by `signing`,
//! `other-signing` and a third key) resolve. Seeds: `fuzz/corpus/chain/`.
#![no_main]

use std::sync::OnceLock;

use coffer::crypto::sign::VerifyingKey;

fn root() -> &'static VerifyingKey {
    static KEY: OnceLock<VerifyingKey> = OnceLock::new();
    KEY.get_or_init(|| {
        VerifyingKey::parse(include_str!("../../testdata/vectors/keys/signing.pub"))
            .unwrap_or_else(|e| panic!("testdata/vectors/keys/signing.pub: {e}"))
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::crypto::chain::fuzz_chain(data, root());
});
