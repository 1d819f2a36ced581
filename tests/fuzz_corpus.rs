//! Replays the fuzz targets' seed corpora (`fuzz/corpus/reader/` through
//! `coffer::format::fuzz_one`, `fuzz/corpus/script/` through
//! `coffer::pg::script::fuzz_one`), and a few thousand deterministic
//! mutations of them (bit flips, byte overwrites, truncations, insertions,
//! deletions, splices of two seeds). None may panic: every parser of the
//! reader must turn any input into a value or an error (STYLE.md practice 11).
//!
//! This runs on stable in every `cargo test`; real coverage-guided fuzzing is
//! `cargo +nightly fuzz run reader fuzz/corpus/reader` (see fuzz/Cargo.toml).
//! A failing input is saved under `target/fuzz-corpus-failures/` so that it
//! can be replayed with `cargo +nightly fuzz run reader FILE` or added to the
//! corpus once fixed.
#![forbid(unsafe_code)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Mutations per seed file. About 13 seeds, so a few thousand inputs.
const MUTATIONS_PER_SEED: usize = 500;

/// A fuzz target: its corpus directory under `fuzz/corpus/` and entry point.
type Target = (&'static str, fn(&[u8]));

const TARGETS: [Target; 2] = [
    ("reader", coffer::format::fuzz_one),
    ("script", coffer::pg::script::fuzz_one),
];

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.expect("corpus entry").path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, bytes)
        })
        .collect();
    // read_dir's order is the file system's; sort so runs are reproducible.
    seeds.sort();
    seeds
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `seed` (with `other` for splices), and what it did.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> (Vec<u8>, String) {
    let mut d = seed.to_vec();
    let len = d.len();
    match rng.below(7) {
        0 if len > 0 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let i = rng.below(len);
                d[i] ^= 1 << rng.below(8);
            }
            (d, format!("{n} bit flip(s)"))
        }
        1 if len > 0 => {
            // Interesting values: tar size/checksum digits, CBOR lengths, zstd headers.
            const VALUES: [u8; 8] = [0x00, 0xff, 0x7f, 0x80, b'0', b'7', b' ', 0x1b];
            let i = rng.below(len);
            let n = 1 + rng.below(8).min(len - i - 1);
            let v = VALUES[rng.below(VALUES.len())];
            d[i..i + n].fill(v);
            (d, format!("{n} byte(s) at {i} set to {v:#04x}"))
        }
        2 => {
            let at = rng.below(len + 1);
            d.truncate(at);
            (d, format!("truncated to {at}"))
        }
        3 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(64);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            d.splice(at..at, bytes);
            (d, format!("{n} random byte(s) inserted at {at}"))
        }
        4 if len > 0 => {
            let at = rng.below(len);
            let n = 1 + rng.below((len - at).min(600));
            d.drain(at..at + n);
            (d, format!("{n} byte(s) deleted at {at}"))
        }
        5 => {
            let a = rng.below(len + 1);
            let b = rng.below(other.len() + 1);
            d.truncate(a);
            d.extend_from_slice(&other[b..]);
            (d, format!("spliced: seed[..{a}] + other[{b}..]"))
        }
        _ if len >= 512 => {
            // Rewrite a 512-byte block boundary region: the tar header fields.
            let block = rng.below(len / 512) * 512;
            let field = [100usize, 124, 148, 156, 257][rng.below(5)];
            let i = (block + field).min(len - 1);
            d[i] = rng.next() as u8;
            (d, format!("tar header byte {i} randomised"))
        }
        _ => {
            d.push(rng.next() as u8);
            (d, "one byte appended".into())
        }
    }
}

fn save_failure(name: &str, data: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-corpus-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, data);
    path
}

fn run(f: fn(&[u8]), label: &str, data: &[u8], failures: &mut Vec<String>) {
    if catch_unwind(AssertUnwindSafe(|| f(data))).is_err() {
        let file = format!(
            "{:03}-{}",
            failures.len(),
            label.replace(['/', ' ', ':'], "_")
        );
        let path = save_failure(&file, data);
        failures.push(format!("{label} (input saved to {})", path.display()));
    }
}

#[test]
fn corpus_seeds_do_not_panic() {
    for (target, f) in TARGETS {
        let seeds = corpus(target);
        assert!(seeds.len() >= 3, "the {target} seed corpus looks empty");
        let mut failures = Vec::new();
        for (name, bytes) in &seeds {
            run(f, &format!("{target}/{name}"), bytes, &mut failures);
        }
        assert!(failures.is_empty(), "fuzz_one panicked on: {failures:#?}");
    }
}

#[test]
fn corpus_mutations_do_not_panic() {
    let mut rng = Rng(0x636f_6666_6572_2d66); // "coffer-f"
    let mut failures = Vec::new();
    for (target, f) in TARGETS {
        let seeds = corpus(target);
        let mut inputs = 0;
        for (i, (name, bytes)) in seeds.iter().enumerate() {
            let other = &seeds[(i + 1) % seeds.len()].1;
            for m in 0..MUTATIONS_PER_SEED {
                let (data, what) = mutate(&mut rng, bytes, other);
                run(
                    f,
                    &format!("{target}/{name} #{m}: {what}"),
                    &data,
                    &mut failures,
                );
                inputs += 1;
                if failures.len() >= 10 {
                    break;
                }
            }
        }
        assert!(inputs >= 1500, "only {inputs} mutated inputs for {target}");
    }
    assert!(
        failures.is_empty(),
        "fuzz_one panicked on {} mutated inputs: {failures:#?}",
        failures.len()
    );
}
