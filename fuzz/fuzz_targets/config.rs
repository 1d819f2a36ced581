//! Fuzzes coffer.toml parsing and validation (src/config.rs) through
//! `coffer::config::fuzz_config`, which also applies the retention
//! policies of a config that validates. Seeds: `fuzz/corpus/config/` (the
//! config `coffer init` writes, and ones with every section of README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    coffer::config::fuzz_config(data);
});
