//! The direction of the arrows (STYLE.md "Layers"): format, crypto and
//! digest know nothing of the catalog, stores, PostgreSQL, the pipeline or
//! the CLI; only the CLI prints.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)
}

#[test]
fn format_and_crypto_import_nothing_above_them() {
    let mut files = Vec::new();
    rust_files(&src("format"), &mut files);
    rust_files(&src("crypto"), &mut files);
    files.push(src("digest.rs"));
    assert!(files.len() > 5, "{files:?}");
    let forbidden = [
        "crate::catalog",
        "crate::store",
        "crate::pg",
        "crate::pipeline",
        "crate::cli",
        "crate::config",
        "crate::erasure",
        "rusqlite",
        "postgres::",
    ];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for bad in forbidden {
            assert!(!text.contains(bad), "{} uses {bad}", f.display());
        }
    }
}

#[test]
fn only_the_cli_prints() {
    let mut files = Vec::new();
    for dir in [
        "format", "crypto", "pipeline", "catalog", "store", "pg", "erasure",
    ] {
        rust_files(&src(dir), &mut files);
    }
    files.extend([
        src("retention.rs"),
        src("config.rs"),
        src("digest.rs"),
        src("notify.rs"),
    ]);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // Test modules may print; they follow `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for bad in ["println!(", "eprintln!(", "print!("] {
            assert!(!code.contains(bad), "{} calls {bad}", f.display());
        }
    }
}

#[test]
fn only_the_catalog_uses_sqlite() {
    let mut files = Vec::new();
    rust_files(&src(""), &mut files);
    for f in files.iter().filter(|f| !f.starts_with(src("catalog"))) {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(!text.contains("rusqlite"), "{} uses rusqlite", f.display());
    }
}
