//! Fuzzes the archive manifest parser (spec/format.md "Manifest") through
//! `coffer::format::meta::fuzz_manifest`. Seeds: `fuzz/corpus/manifest/`
//! (the manifest.cbor of the test vectors' archives).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::format::meta::fuzz_manifest(data);
});
