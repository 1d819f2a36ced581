//! The audit log in a store (spec/audit.md "Segments").
//!
//! `audit/<first>-<last>.jsonl` (seqs as 12 digits) holds entries `first`
//! to `last`, one line each, `\n`-terminated, exactly as in the catalog;
//! `audit/<first>-<last>.jsonl.sig` is an armored SSHSIG (namespace
//! `coffer-audit`) over the segment's bytes. Segments follow each other
//! without gap or overlap; the first line of each carries, as `prev`, the
//! head hash of the segment before, so a store's segments form one chain.
//!
//! A publish writes the entries a store lacks as one new segment (at most
//! [`MAX_ENTRIES`] per segment): signature first, then the segment, because
//! the `.jsonl` is what names a segment, so a crash between the two leaves
//! only an orphan signature that nothing reads.

use std::io::Read;

use serde_json::Value;

use super::{Break, ChainStatus, GENESIS, Verifier, VerifyOptions, check_lines, line_hash};
use crate::catalog::{AuditRow, Catalog};
use crate::config::Config;
use crate::crypto::sign::VerifyingKey;
use crate::error::{Error, Result};
use crate::format::SignedSeal;
use crate::format::names::GENERAL;
use crate::format::seal::{SEAL_SUFFIX, SIG_SUFFIX};
use crate::store::{self, Store};

/// The log's directory in a store.
pub const STORE_DIR: &str = "audit";
/// Entries per segment at most (a first publish to a new store of a long
/// log writes several).
pub const MAX_ENTRIES: usize = 10_000;
/// Largest segment or signature read back.
const MAX_OBJECT: u64 = 256 << 20;

/// A segment's key: `audit/000000000001-000000000042.jsonl`.
pub fn segment_key(first: u64, last: u64) -> String {
    format!("{STORE_DIR}/{first:012}-{last:012}.jsonl")
}

fn parse_name(key: &str) -> Option<(u64, u64)> {
    let name = key.strip_prefix(STORE_DIR)?.strip_prefix('/')?;
    let stem = name.strip_suffix(".jsonl")?;
    let (a, b) = stem.split_once('-')?;
    let ok = |s: &str| s.len() == 12 && s.bytes().all(|c| c.is_ascii_digit());
    if !ok(a) || !ok(b) {
        return None;
    }
    let (first, last) = (a.parse().ok()?, b.parse().ok()?);
    (first >= 1 && last >= first).then_some((first, last))
}

/// The store's segments, by first seq.
pub fn list(store: &dyn Store) -> Result<Vec<(u64, u64)>> {
    let mut v: Vec<(u64, u64)> = store
        .list(&format!("{STORE_DIR}/"))?
        .iter()
        .filter_map(|k| parse_name(k))
        .collect();
    v.sort_unstable();
    Ok(v)
}

/// The highest seq any segment in the store claims to hold.
pub fn last_seq(store: &dyn Store) -> Result<Option<u64>> {
    Ok(list(store)?.iter().map(|s| s.1).max())
}

fn read_object(store: &dyn Store, key: &str) -> Result<Vec<u8>, store::Error> {
    let mut out = Vec::new();
    store
        .get(key)?
        .take(MAX_OBJECT + 1)
        .read_to_end(&mut out)
        .map_err(|e| store::Error::io(format!("reading {key}"), e))?;
    if out.len() as u64 > MAX_OBJECT {
        return Err(store::Error::io(
            format!("reading {key}"),
            std::io::Error::other("larger than 256 MiB"),
        ));
    }
    Ok(out)
}

/// Writes the entries `store` lacks as new segments; returns the seqs
/// written (first, last), `None` when it was up to date. Refuses a store
/// whose log has diverged from the catalog's (its last entry differs) or
/// that is ahead of it (`catalog rebuild` first).
pub fn publish(
    catalog: &Catalog,
    config: &Config,
    store: &dyn Store,
) -> Result<Option<(u64, u64)>> {
    let segments = list(store)?;
    let have = segments.iter().map(|s| s.1).max().unwrap_or(0);
    let head = catalog.audit_head()?.map_or(0, |h| h.0);
    if have > head {
        return Err(Error::Ledger(format!(
            "store {} holds audit entries up to {have}, the catalog only up to {head}: `coffer audit verify`, then `coffer catalog rebuild` if the catalog lost them",
            store.name()
        )));
    }
    if have == head {
        return Ok(None);
    }
    if have > 0 {
        // The store's newest entry must be the catalog's: never extend a
        // chain that is not ours.
        let Some(&(first, last)) = segments.iter().find(|s| s.1 == have) else {
            return Ok(None);
        };
        let bytes = read_object(store, &segment_key(first, last))?;
        let text = String::from_utf8_lossy(&bytes);
        let theirs = text.lines().last().map(|l| line_hash(l.as_bytes()));
        let ours = catalog.audit_rows(have)?.first().map(|r| r.hash.clone());
        if theirs != ours {
            return Err(Error::Ledger(format!(
                "the audit log in store {} differs from the catalog's at entry {have}: `coffer audit verify --from-store`",
                store.name()
            )));
        }
    }
    let key = super::signing_key(config)?;
    let rows = catalog.audit_rows(have + 1)?;
    for chunk in rows.chunks(MAX_ENTRIES) {
        let (Some(a), Some(b)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let mut bytes = Vec::with_capacity(chunk.iter().map(|r| r.line.len() + 1).sum());
        for r in chunk {
            bytes.extend_from_slice(r.line.as_bytes());
            bytes.push(b'\n');
        }
        let sig = super::sign_armored(&key, &bytes)?;
        let k = segment_key(a.seq, b.seq);
        store.put(
            &format!("{k}.sig"),
            &mut sig.as_bytes(),
            Some(sig.len() as u64),
        )?;
        store.put(&k, &mut bytes.as_slice(), Some(bytes.len() as u64))?;
    }
    Ok(Some((have + 1, head)))
}

/// What a store's log holds, verified.
pub struct StoreLog {
    pub status: ChainStatus,
    /// The verified entries (up to the break, if any), as catalog rows.
    pub rows: Vec<AuditRow>,
}

/// Reads and verifies the log in `store` alone: segments contiguous from
/// 1, each segment's signature, the chain of every line, and that it
/// reaches the newest audit head recorded in a seal in the same store.
pub fn read_store(
    store: &dyn Store,
    name: &str,
    signer: &VerifyingKey,
    opts: VerifyOptions,
) -> Result<StoreLog> {
    let verifier = Verifier::new(signer)?;
    let segments = list(store)?;
    let mut texts: Vec<(u64, String)> = Vec::new();
    let mut problem: Option<Break> = None;
    let mut expect = 1u64;
    let mut seg_sigs = 0u64;
    for (first, last) in segments {
        if first != expect {
            problem = Some(Break {
                seq: expect.min(first),
                problem: if first > expect {
                    format!(
                        "entries {expect} to {} are missing from the store (no segment holds them)",
                        first - 1
                    )
                } else {
                    format!("segment {first}-{last} overlaps the one before")
                },
            });
            break;
        }
        let key = segment_key(first, last);
        let bytes = read_object(store, &key)?;
        // A missing signature is a finding; a store that fails to answer is not.
        let sig = match read_object(store, &format!("{key}.sig")) {
            Ok(b) => b,
            Err(store::Error::NotFound { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        seg_sigs += 1;
        let sig_check = verifier.check(&bytes, &String::from_utf8_lossy(&sig));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let n = text.lines().count() as u64;
        texts.push((first, text));
        if n != last - first + 1 || !bytes.ends_with(b"\n") {
            let at = first + n.min(last - first);
            problem = Some(Break {
                seq: at,
                problem: format!(
                    "entry missing: segment {first}-{last} holds {n} entries (cut or edited)"
                ),
            });
            break;
        }
        if let Err(m) = sig_check {
            let m = if sig.is_empty() {
                "has no signature".to_owned()
            } else {
                m
            };
            problem = Some(Break {
                seq: first,
                problem: format!("segment {first}-{last}: {m}"),
            });
            break;
        }
        expect = last + 1;
    }
    let lines: Vec<(u64, &str)> = texts
        .iter()
        .flat_map(|(first, t)| {
            t.lines()
                .enumerate()
                .map(move |(i, l)| (first + i as u64, l))
        })
        .collect();
    // A bad segment: check every line's signature to name the entry.
    let every = opts.every_signature || problem.is_some();
    let c = check_lines(&lines, 1, GENESIS, &verifier, every);
    // Lines are read up to the first bad segment only, so a break the
    // lines show is in it or before it, and names the entry: it wins.
    let mut broken = c.broken.or(problem);
    let mut n = c.entries.len();
    if let Some(b) = &broken {
        n = n.min(b.seq.saturating_sub(1) as usize);
    }
    let head = n
        .checked_sub(1)
        .map(|i| (c.entries[i].seq, c.hashes[i].clone()));
    if broken.is_none() {
        let have = head.as_ref().map_or(0, |h| h.0);
        if let Some((id, seq, hash)) = newest_seal_head(store, signer)? {
            if seq > have {
                broken = Some(Break {
                    seq: have + 1,
                    problem: format!(
                        "truncated: the store's log ends at {have}, but the seal of archive {id} records entry {seq}"
                    ),
                });
            } else if seq >= 1 && c.hashes.get(seq as usize - 1) != Some(&hash) {
                broken = Some(Break {
                    seq,
                    problem: format!(
                        "entry altered (its hash differs from the one recorded in the seal of archive {id})"
                    ),
                });
            }
        }
    }
    let rows = c
        .entries
        .iter()
        .zip(&c.hashes)
        .zip(&lines)
        .take(n)
        .map(|((e, h), (_, l))| AuditRow {
            seq: e.seq,
            at: e.at.clone(),
            action: e.action.as_str().to_owned(),
            hash: h.clone(),
            line: (*l).to_owned(),
        })
        .collect();
    Ok(StoreLog {
        status: ChainStatus {
            source: format!("store {name}"),
            entries: lines.len() as u64,
            head_seq: head.as_ref().map(|h| h.0),
            head_hash: head.map(|h| h.1),
            signatures_checked: c.signatures + seg_sigs,
            broken,
        },
        rows,
    })
}

/// The audit head in the newest general seal in `store` whose signature
/// verifies: (archive id, seq, hash). General seals only: the log is
/// published to the general stores, so a class store's seals (which carry
/// the head too) say nothing about that store's log. Archive ids begin
/// with their creation time, so the greatest seal key is the newest; one
/// that fails its signature is passed over for the next.
fn newest_seal_head(
    store: &dyn Store,
    signer: &VerifyingKey,
) -> Result<Option<(String, u64, String)>> {
    let mut keys: Vec<String> = store
        .list(&format!("{GENERAL}/"))?
        .into_iter()
        .filter(|k| k.ends_with(SEAL_SUFFIX) && k.matches('/').count() == 1)
        .collect();
    keys.sort_unstable();
    for k in keys.iter().rev().take(8) {
        let (Ok(bytes), Ok(sig)) = (
            read_object(store, k),
            read_object(store, &format!("{k}{}", &SIG_SUFFIX[SEAL_SUFFIX.len()..])),
        ) else {
            continue;
        };
        let Ok(sealed) = SignedSeal::parse(bytes, String::from_utf8_lossy(&sig).into_owned())
        else {
            continue;
        };
        if sealed.verify_signature(Some(signer)).is_err() {
            continue;
        }
        let head = sealed.seal.facts.as_ref().and_then(|f| f.get("audit_head"));
        let seq = head.and_then(|h| h.get("seq")).and_then(Value::as_u64);
        let hash = head.and_then(|h| h.get("hash")).and_then(Value::as_str);
        return Ok(match (seq, hash) {
            (Some(seq), Some(hash)) => Some((sealed.seal.archive_id.clone(), seq, hash.to_owned())),
            _ => None,
        });
    }
    Ok(None)
}

/// `catalog rebuild`: loads the verified log of `store` into `catalog` (a
/// new, empty one). Returns the entries loaded and, when the store's log is
/// broken, where: the entries before the break are loaded, the rest not.
pub fn reload(
    catalog: &Catalog,
    store: &dyn Store,
    name: &str,
    signer: &VerifyingKey,
) -> Result<(usize, Option<Break>)> {
    let log = read_store(store, name, signer, VerifyOptions::default())?;
    catalog.insert_audit_rows(&log.rows)?;
    Ok((log.rows.len(), log.status.broken))
}

/// Entry point of the `audit` fuzz target and of tests/fuzz_corpus.rs.
/// `data` is a segment as a store holds it (the `.jsonl`), optionally
/// followed by a NUL byte and its `.jsonl.sig`. The segment's signature is
/// checked as [`read_store`] checks it (by `signer`), its lines are
/// verified as a chain from seq 1 (fast check, then every signature), and
/// each line is parsed as `audit list` parses it. Must never panic.
#[doc(hidden)]
pub fn fuzz_one(data: &[u8], signer: &VerifyingKey) {
    let Ok(verifier) = Verifier::new(signer) else {
        return;
    };
    let (bytes, sig) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let _ = verifier.check(bytes, &String::from_utf8_lossy(sig));
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<(u64, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l))
        .collect();
    let _ = parse_name(&segment_key(1, lines.len() as u64));
    for every in [false, true] {
        let c = check_lines(&lines, 1, GENESIS, &verifier, every);
        let _ = (c.entries.len(), c.hashes.len(), c.broken);
    }
    for (seq, line) in &lines {
        let _ = super::signed_part(line);
        let _ = verifier.check_line(line);
        let row = AuditRow {
            seq: *seq,
            at: String::new(),
            action: String::new(),
            hash: line_hash(line.as_bytes()),
            line: (*line).to_owned(),
        };
        let _ = super::parse(&row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_names_round_trip() {
        let k = segment_key(1, 42);
        assert_eq!(k, "audit/000000000001-000000000042.jsonl");
        assert_eq!(parse_name(&k), Some((1, 42)));
        assert_eq!(parse_name(&format!("{k}.sig")), None);
        assert_eq!(parse_name("audit/000000000005-000000000004.jsonl"), None);
        assert_eq!(parse_name("audit/1-2.jsonl"), None);
    }
}
